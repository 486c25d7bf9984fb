"""Redlines computed by a real Celery worker process through Redis, on the test database."""
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from negotiation.services import redlines
from negotiation.services.versions import version_create
from negotiation.tasks import redline_task
from tests.conftest import make_parsed, require_or_skip

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def worker():
    from config.celery import app

    if settings.REDIS_URL:
        app.control.purge()
    with running_worker() as process:
        yield process


@contextmanager
def running_worker():
    if not settings.REDIS_URL:
        require_or_skip("REDIS_URL is not set: no broker for a real worker")
    if connection.vendor == "sqlite":
        require_or_skip("the worker needs a database it can share with the tests (set DATABASE_URL to PostgreSQL)")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    from config.celery import app

    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def pair(draft_l13):
    old = draft_l13.versions.get()
    new = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(
        ["Recalling its resolution 19/1,", "Noting with deep concern the rise of crime,"],
        ["Urges Member States to act;", "Requests the Office to report;", "Invites Member States to contribute;",
         "Decides to remain seized of the matter."]))
    cache.clear()
    return old, new


def test_worker_computes_and_caches_the_redline(worker, pair):
    old, new = pair
    key = redline_task.delay(old.pk, new.pk).get(timeout=60)
    assert key == redlines.cache_key(old, new)
    assert redlines.redline_cached(old, new)["summary"]["line"] == "1 operative paragraph inserted; 1 preambular paragraph modified"


def test_large_compare_page_shows_progress_then_the_worker_result(worker, pair, client, reviewer_user, monkeypatch):
    old, new = pair
    monkeypatch.setattr(redlines, "BACKGROUND_PARAGRAPHS", 3)
    client.force_login(reviewer_user)
    url = reverse("compare", args=[old.draft_id])
    first = client.get(url, {"old": old.pk, "new": new.pk})
    assert first.status_code == 200 and first.context["result"] is None
    assert "Computing the redline" in first.content.decode()
    status_url = reverse("compare_status", args=[old.draft_id])
    deadline = time.monotonic() + 60
    while not client.get(status_url, {"old": old.pk, "new": new.pk}).json()["ready"]:
        assert time.monotonic() < deadline, "the worker never finished"
        time.sleep(0.2)
    done = client.get(url, {"old": old.pk, "new": new.pk})
    assert done.context["result"]["summary"]["line"].startswith("1 operative paragraph inserted")


def test_a_lost_task_is_queued_again_and_the_page_gets_its_redline(pair, client, reviewer_user, monkeypatch):
    """The task is queued while no worker runs, then lost (the queue purged, as when a broker
    or worker dies with it): once its pending mark expires, the page's poll queues it again and
    a worker started later computes it."""
    if not settings.REDIS_URL or connection.vendor == "sqlite":
        require_or_skip("needs Redis and PostgreSQL for a real worker")
    from config.celery import app

    old, new = pair
    monkeypatch.setattr(redlines, "BACKGROUND_PARAGRAPHS", 3)
    monkeypatch.setattr(redlines, "PENDING_SECONDS", 2)
    app.control.purge()
    client.force_login(reviewer_user)
    page = client.get(reverse("compare", args=[old.draft_id]), {"old": old.pk, "new": new.pk})
    assert page.context["result"] is None and cache.get(redlines.cache_key(old, new) + ":pending")
    assert app.control.purge() >= 1, "the queued task is lost"
    status_url = reverse("compare_status", args=[old.draft_id])
    with running_worker():
        started = time.monotonic()
        while not client.get(status_url, {"old": old.pk, "new": new.pk}).json()["ready"]:
            assert time.monotonic() - started < 30, "the lost task was not queued again within 30 s"
            time.sleep(0.5)
    assert redlines.redline_cached(old, new)["summary"]["line"].startswith("1 operative paragraph inserted")
