"""Redlines between stored versions: computed once, cached, in a Celery task when large.

Issued versions never change, so their redline is cached for good; a working version's
``revision`` is part of the key, so a save makes a new entry rather than a stale hit, and so is
each version's ``created_at``, so a version re-created under an old id does too.

The cost that decides between the request and the background is measured in paragraphs and
in characters (one 137,000-character paragraph is heavy work however few paragraphs there
are). Faults are survived, not shown as errors: with Redis (cache or broker) unreachable a
small redline is computed in the request and a large one says "try again shortly"; a lost or
killed task is queued again by the next poll once its pending mark (``PENDING_SECONDS``)
expires, and a task whose result is already there, or that another worker is running, does
nothing: it runs once.
"""
import logging

from django.core.cache import cache
from django.db import transaction

from negotiation.models import Version
from negotiation.selectors import version_parsed
from negotiation.text.redline import redline

log = logging.getLogger(__name__)

# Above either bound (both sides together), the page queues the work and polls.
BACKGROUND_PARAGRAPHS = 150
BACKGROUND_CHARACTERS = 60_000
CACHE_SECONDS = 60 * 60 * 24 * 30
PENDING_SECONDS = 30  # a queued task not done by then is queued again by the next poll
RUNNING_SECONDS = 110  # a worker computing it holds this mark (the task's time limit is 100 s soft)

READY, QUEUED, UNAVAILABLE = "ready", "queued", "unavailable"


def cache_key(old: Version, new: Version) -> str:
    """A key naming what makes each side's text unique: its id, its revision (a working
    version's saves) and when it was stored, so a version deleted and stored again under the
    same id (a re-created database, SQLite reusing an id) never finds the old redline."""
    return f"redline:v4:{_side(old)}:{_side(new)}"


def _side(version: Version) -> str:
    created = version.created_at
    return f"{version.pk}.{version.revision}.{created.timestamp() * 1_000_000:.0f}" if created else f"{version.pk}.{version.revision}"


def _safe(call, default=None):
    """A cache call that answers ``default`` when Redis is unreachable, instead of a 500."""
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - any backend error means "no cache now"
        log.warning("cache unavailable: %s", exc)
        return default


def redline_cached(old: Version, new: Version) -> dict | None:
    return _safe(lambda: cache.get(cache_key(old, new)))


def redline_cost(old: Version, new: Version) -> tuple[int, int]:
    """(paragraphs, characters) of both sides together: what the redline has to read."""
    from django.db.models import Count, Sum
    from django.db.models.functions import Length

    from negotiation.models import Paragraph

    found = Paragraph.objects.filter(version__in=[old.pk, new.pk]).aggregate(n=Count("pk"), chars=Sum(Length("text")))
    return found["n"] or 0, found["chars"] or 0


def is_heavy(paragraphs: int, characters: int) -> bool:
    return paragraphs > BACKGROUND_PARAGRAPHS or characters > BACKGROUND_CHARACTERS


def redline_compute(old: Version, new: Version) -> dict:
    """Compute the redline of two versions (the redline engine's JSON) and cache it."""
    result = redline(version_parsed(old), version_parsed(new)).to_json()
    _safe(lambda: cache.set(cache_key(old, new), result, CACHE_SECONDS))
    _safe(lambda: cache.delete(cache_key(old, new) + ":pending"))
    return result


def redline_state(old: Version, new: Version) -> tuple[str, dict | None]:
    """(READY, result), (QUEUED, None) while a worker computes it, or (UNAVAILABLE, None)
    when it is large and Redis (cache or broker) cannot be reached: try again shortly."""
    found = redline_cached(old, new)
    if found is not None:
        return READY, found
    if not is_heavy(*redline_cost(old, new)):
        return READY, redline_compute(old, new)
    if not redline_queue(old, new):
        return UNAVAILABLE, None
    found = redline_cached(old, new)  # eager mode (no broker) has already computed it
    return (READY, found) if found is not None else (QUEUED, None)


def redline_queue(old: Version, new: Version) -> bool:
    """Queue the task unless it is already pending; False when Redis cannot be reached.

    add() is atomic in Redis: two reviewers opening the page queue the work once; once the
    pending mark expires (a lost task, a worker restarted), the next poll queues it again."""
    try:
        fresh = cache.add(cache_key(old, new) + ":pending", True, PENDING_SECONDS)
    except Exception as exc:  # noqa: BLE001
        log.warning("cache unavailable, redline not queued: %s", exc)
        return False
    if not fresh:
        return True
    if transaction.get_connection().in_atomic_block:  # the task must see committed versions
        transaction.on_commit(lambda: _publish(old, new))
        return True
    return _publish(old, new)


def _publish(old: Version, new: Version) -> bool:
    from negotiation.tasks import redline_task

    try:
        # No publish retries: with the broker down the page says so at once instead of hanging.
        redline_task.apply_async((old.pk, new.pk), retry=False)
    except Exception as exc:  # noqa: BLE001
        log.warning("broker unavailable, redline not queued: %s", exc)
        _safe(lambda: cache.delete(cache_key(old, new) + ":pending"))
        return False
    return True


def redline_claim(old: Version, new: Version) -> bool:
    """A worker claims the computation: False when another worker holds it (it runs once)."""
    return bool(_safe(lambda: cache.add(cache_key(old, new) + ":running", True, RUNNING_SECONDS), default=True))


def redline_release(old: Version, new: Version) -> None:
    _safe(lambda: cache.delete(cache_key(old, new) + ":running"))
