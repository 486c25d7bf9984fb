"""GET /health/: no login, JSON, 200 while the database answers (Redis and workers only reported)."""
import socket
import time

from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse


def dead_port() -> int:
    """A local port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_health_needs_no_login_and_says_the_database_answers(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["redis"] in {"ok", "not configured"}
    assert body["workers"] == "not configured" or isinstance(body["workers"], int)


def test_health_with_eager_tasks_and_local_cache_says_not_configured(client, db):
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
                           CELERY_TASK_ALWAYS_EAGER=True):
        body = client.get(reverse("health")).json()
    assert body["redis"] == "not configured" and body["workers"] == "not configured"


def test_health_says_redis_is_down_and_still_answers_200_quickly(client, db):
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{dead_port()}/0"}}
    with override_settings(CACHES=dead, CELERY_TASK_ALWAYS_EAGER=True):
        started = time.monotonic()
        response = client.get(reverse("health"))
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.json()["redis"] == "down" and response.json()["database"] == "ok"
    assert elapsed < 2.0


def test_health_answers_503_when_the_database_does_not(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["status"] == "down" and response.json()["database"] == "down"


def test_health_answers_only_get(client, db):
    assert client.post(reverse("health")).status_code == 405
