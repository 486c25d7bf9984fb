"""Celery tasks: take ids, call a service. Idempotent, with time limits."""
from celery import shared_task

from negotiation.models import Version


@shared_task(time_limit=120, soft_time_limit=100, acks_late=True)
def redline_task(old_version_id: int, new_version_id: int) -> str:
    """Compute and cache the redline of two versions; running it twice does no harm."""
    from negotiation.services.redlines import cache_key, redline_cached, redline_compute

    versions = Version.objects.select_related("draft").in_bulk([old_version_id, new_version_id])
    old, new = versions[old_version_id], versions[new_version_id]
    if redline_cached(old, new) is None:
        redline_compute(old, new)
    return cache_key(old, new)
