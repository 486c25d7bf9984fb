"""GET /health/: is the server able to serve? For load balancers and people, no login.

200 when the database answers (the app cannot serve without it), 503 otherwise. Redis and
the Celery workers are reported, not required: pages serve without them (a degraded mode).
Every check is bounded by a short timeout, so the endpoint answers in about a second even
when a service hangs.
"""
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

REDIS_TIMEOUT = 0.5  # seconds, to connect and to answer
WORKERS_TIMEOUT = 1.0  # seconds the workers have to answer a ping
NOT_CONFIGURED = "not configured"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to answer is "down"; the reason is for the logs
        return "down"
    return "ok"


def _redis_location() -> str:
    """The Redis the cache uses (the app's Redis), or "" when the cache is not Redis."""
    cache = settings.CACHES.get("default", {})
    if not cache.get("BACKEND", "").endswith("RedisCache"):
        return ""
    location = cache.get("LOCATION") or ""
    return (location.split(",") if isinstance(location, str) else list(location))[0].strip()


def redis_status() -> str:
    location = _redis_location()
    if not location:
        return NOT_CONFIGURED
    import redis

    client = redis.Redis.from_url(location, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
    try:
        client.ping()
    except Exception:
        return "down"
    finally:
        client.close()
    return "ok"


def workers_status() -> int | str:
    """How many Celery workers answer a ping within WORKERS_TIMEOUT; "not configured" when
    tasks run eagerly in the web process; "down" when the broker cannot be reached."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return NOT_CONFIGURED
    from config.celery import app

    try:
        # Reach the broker first with a bounded retry: ping() itself would retry for long.
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=REDIS_TIMEOUT)
            replies = app.control.ping(timeout=WORKERS_TIMEOUT, connection=conn)
    except Exception:
        return "down"
    return len(replies or [])


@login_not_required
@never_cache
@require_GET
def health_view(request):
    started = time.monotonic()
    database = database_status()
    body = {
        "status": "ok" if database == "ok" else "down",
        "database": database,
        "redis": redis_status(),
        "workers": workers_status(),
    }
    body["seconds"] = round(time.monotonic() - started, 3)
    return JsonResponse(body, status=200 if database == "ok" else 503)
