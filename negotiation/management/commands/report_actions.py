"""Print the "Action taken" section of a session from the stored record, in meeting order.

    python manage.py report_actions --session CCPCJ/20
    python manage.py report_actions --session CCPCJ/20 --numbered   # "61. At its 9th meeting, ..."

Each paragraph is written as the session report words it (negotiation.text.reports), with
delegation names from the delegations table ("the Philippines").
"""
from django.core.management.base import BaseCommand, CommandError

from negotiation.selectors.actions import body_session, report_section


class Command(BaseCommand):
    help = "Print the report's “Action taken” paragraphs of a session, from the stored actions, in meeting order."

    def add_arguments(self, parser):
        parser.add_argument("--session", required=True, help="BODY/SESSION, e.g. CCPCJ/20 or GA/C.3/78.")
        parser.add_argument("--numbered", action="store_true",
                            help="Start each paragraph with its report paragraph number, when the action has one.")

    def handle(self, *args, session, numbered=False, **options):
        found = body_session(session)
        if found is None:
            raise CommandError(f"No body for “{session}”: use BODY/SESSION with a body's short name, e.g. CCPCJ/20.")
        body, number = found
        paragraphs = report_section(body, number)
        if not paragraphs:
            raise CommandError(f"No actions are recorded for {body.short_name}, session {number}.")
        out = []
        for p in paragraphs:
            prefix = f"{p.action.report_paragraph}. " if numbered and p.action.report_paragraph else ""
            out.append(prefix + p.text)
        self.stdout.write("\n\n".join(out))
