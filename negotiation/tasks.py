"""Celery tasks: take ids, call a service. Idempotent, with time limits."""
from celery import shared_task

from negotiation.models import Version


@shared_task(time_limit=120, soft_time_limit=100, acks_late=True, reject_on_worker_lost=True)
def redline_task(old_version_id: int, new_version_id: int) -> str:
    """Compute and cache the redline of two versions. It runs once: a result already cached,
    or another worker computing it, makes this run do nothing."""
    from negotiation.services.redlines import cache_key, redline_cached, redline_claim, redline_compute, redline_release

    versions = Version.objects.select_related("draft").in_bulk([old_version_id, new_version_id])
    old, new = versions[old_version_id], versions[new_version_id]
    if redline_cached(old, new) is None and redline_claim(old, new):
        try:
            redline_compute(old, new)
        finally:
            redline_release(old, new)
    return cache_key(old, new)


@shared_task(time_limit=300, soft_time_limit=280)
def send_digests() -> int:
    """The daily e-mail digest of followed drafts (schedule it with Celery beat, or cron the
    ``send_digests`` command)."""
    from negotiation.services.following import digests_send

    return digests_send()
