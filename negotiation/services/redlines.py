"""Redlines between stored versions: computed once, cached, in a Celery task when large.

Issued versions never change, so their redline is cached for good; a working version's
``revision`` is part of the key, so a save makes a new entry rather than a stale hit.
"""
from django.core.cache import cache
from django.db import transaction

from negotiation.models import Version
from negotiation.selectors import version_parsed
from negotiation.text.redline import redline

# Above this many paragraphs on both sides together, the page queues the work and polls.
BACKGROUND_THRESHOLD = 150
CACHE_SECONDS = 60 * 60 * 24 * 30
PENDING_SECONDS = 300


def cache_key(old: Version, new: Version) -> str:
    return f"redline:v2:{old.pk}.{old.revision}:{new.pk}.{new.revision}"


def redline_cached(old: Version, new: Version) -> dict | None:
    return cache.get(cache_key(old, new))


def redline_compute(old: Version, new: Version) -> dict:
    """Compute the redline of two versions (the redline engine's JSON) and cache it."""
    result = redline(version_parsed(old), version_parsed(new)).to_json()
    cache.set(cache_key(old, new), result, CACHE_SECONDS)
    cache.delete(cache_key(old, new) + ":pending")
    return result


def redline_get_or_queue(old: Version, new: Version) -> dict | None:
    """The redline if it is ready or cheap; otherwise queue it once and return None."""
    found = redline_cached(old, new)
    if found is not None:
        return found
    size = old.paragraphs.count() + new.paragraphs.count()
    if size <= BACKGROUND_THRESHOLD:
        return redline_compute(old, new)
    redline_queue(old, new)
    return redline_cached(old, new)  # eager mode (no broker) has already computed it


def redline_queue(old: Version, new: Version) -> None:
    """Queue the task unless it is already pending. add() is atomic in Redis: two reviewers
    opening the page queue the work once; once the pending mark expires (a lost task, a worker
    restarted), the next poll queues it again, so a page never waits for nothing."""
    from negotiation.tasks import redline_task

    if cache.add(cache_key(old, new) + ":pending", True, PENDING_SECONDS):
        transaction.on_commit(lambda: redline_task.delay(old.pk, new.pk))
