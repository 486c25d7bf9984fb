"""Faults caused for real: Redis unreachable (the cache pointed at a dead port), a lost task,
a task queued twice. Pages keep serving, and recover by themselves."""
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from negotiation.services import redlines
from negotiation.services.versions import version_create
from tests.conftest import make_parsed
from tests.web.test_compare import REV1_OP, REV1_PP


def dead_port() -> int:
    """A local port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dead_redis():
    location = f"redis://127.0.0.1:{dead_port()}/0"
    return override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location,
                            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}},
        CELERY_TASK_ALWAYS_EAGER=False,
    )


@pytest.fixture
def pair(draft_l13):
    old = draft_l13.versions.get(label="L.13")
    new = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=make_parsed(REV1_PP, REV1_OP), is_issued=True)
    return old, new


def _compare(client, draft, old, new, name="compare"):
    return client.get(reverse(name, args=[draft.pk]), {"old": old.pk, "new": new.pk})


def test_redis_down_small_compare_and_export_are_computed_in_the_request(client, reviewer_user, draft_l13, pair):
    old, new = pair
    client.force_login(reviewer_user)
    with dead_redis():
        caches["default"].close()
        page = _compare(client, draft_l13, old, new)
        assert page.status_code == 200 and page.context["result"]["summary"]["line"].startswith("1 operative paragraph inserted")
        export = _compare(client, draft_l13, old, new, "compare_docx")
        assert export.status_code == 200 and export["Content-Type"].endswith("wordprocessingml.document")
        assert client.get(reverse("draft_detail", args=[draft_l13.pk])).status_code == 200


def test_redis_down_large_compare_says_try_again_shortly_then_recovers(client, reviewer_user, draft_l13, pair, monkeypatch):
    old, new = pair
    monkeypatch.setattr(redlines, "BACKGROUND_PARAGRAPHS", 3)
    client.force_login(reviewer_user)
    with dead_redis():
        caches["default"].close()
        page = _compare(client, draft_l13, old, new)
        assert page.status_code == 200 and page.context["result"] is None
        assert "Try again shortly" in page.content.decode()
        status = client.get(reverse("compare_status", args=[draft_l13.pk]), {"old": old.pk, "new": new.pk})
        assert status.status_code == 200 and "cannot be reached" in status.json()["unavailable"]
        export = _compare(client, draft_l13, old, new, "compare_docx")
        assert export.status_code == 200 and "Try again shortly" in export.content.decode()
    caches["default"].close()
    # Redis back (the test settings' own cache; tasks run eagerly without a broker): it recovers by itself.
    again = _compare(client, draft_l13, old, new)
    assert again.status_code == 200 and "Try again shortly" not in again.content.decode()


def test_a_task_queued_twice_computes_once(pair, monkeypatch):
    """Two copies of the task (a re-queue racing a slow worker): the second finds the claim or
    the result and does nothing."""
    from negotiation.tasks import redline_task

    old, new = pair
    computed = []
    real = redlines.redline_compute
    monkeypatch.setattr(redlines, "redline_compute", lambda o, n: computed.append(1) or real(o, n))
    assert redlines.redline_claim(old, new)  # another worker is computing it
    redline_task.run(old.pk, new.pk)
    assert computed == []
    redlines.redline_release(old, new)
    redline_task.run(old.pk, new.pk)
    redline_task.run(old.pk, new.pk)
    assert computed == [1]


def test_the_cost_is_measured_in_characters_too(pair, draft_l13, secretariat_user):
    """One giant paragraph is heavy work however few paragraphs there are."""
    old, _ = pair
    giant = version_create(draft=draft_l13, label="L.13/Rev.2", kind="issued", is_issued=True, user=secretariat_user,
                           parsed=make_parsed([], ["Decides " + "to act and to report " * 4000 + "now;"]))
    paragraphs, characters = redlines.redline_cost(old, giant)
    assert paragraphs < redlines.BACKGROUND_PARAGRAPHS and characters > redlines.BACKGROUND_CHARACTERS
    assert redlines.is_heavy(paragraphs, characters)
