"""Send the e-mail digest of changes on followed drafts (run daily: cron, or Celery beat with
the task ``negotiation.tasks.send_digests``)."""
from django.core.management.base import BaseCommand

from negotiation.services.following import digests_send


class Command(BaseCommand):
    help = "E-mail each user who asked for it what changed on the drafts they follow since the last digest."

    def handle(self, *args, **options):
        self.stdout.write(f"{digests_send()} digest(s) sent.")
