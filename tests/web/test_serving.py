"""Serving in production: gunicorn started for real with production settings (on a temporary
SQLite database), static files from WhiteNoise, readable logs; and the draft and compare pages
served from cached fragments (PAGE_FRAGMENT_CACHE, on in production) that follow every change
of what they show and never hold a user's own parts."""
import datetime
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.services.actions import action_record
from negotiation.services.negotiating import paragraph_status_set
from negotiation.services.sponsorship import sponsor_join
from negotiation.services.versions import version_create
from tests.conftest import make_parsed

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


# --- gunicorn for real ---------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn as `make serve` runs it (2 workers, access log on stdout), production
    settings, a fresh SQLite database, no Redis; stopped (by its pid) at the end."""
    work = tmp_path_factory.mktemp("serving")
    env = {key: value for key, value in os.environ.items()
           if key not in {"REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
    })
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    log = work / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [str(GUNICORN), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--access-logfile", "-", "--error-logfile", "-", "--no-control-socket",
             "--access-logformat", '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, log.read_text()
            try:
                if _get(port, "/health/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer /health/ in 30 s:\n" + log.read_text()
            time.sleep(0.2)
        yield {"port": port, "log": log, "static": work / "static"}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front says it


def test_gunicorn_answers_health_over_plain_http_with_production_settings(served):
    status, headers, body = _get(served["port"], "/health/")
    assert status == 200 and headers["content-type"] == "application/json"
    assert json.loads(body) | {"seconds": 0} == {"status": "ok", "database": "ok", "redis": "not configured",
                                                 "workers": "not configured", "seconds": 0}
    # Everything else is sent to HTTPS (SECURE_SSL_REDIRECT); health checks speak plain HTTP.
    status, headers, _ = _get(served["port"], "/accounts/login/")
    assert status == 301 and headers["location"].startswith("https://")


def test_static_files_are_hashed_compressed_and_cached_for_good(served):
    status, headers, body = _get(served["port"], "/accounts/login/", HTTPS)
    assert status == 200 and "strict-transport-security" in headers
    css = re.search(rb'href="(/static/css/app\.[0-9a-f]{12}\.css)"', body).group(1).decode()
    status, headers, plain = _get(served["port"], css, HTTPS)
    assert status == 200 and headers["content-type"].startswith("text/css") and "content-encoding" not in headers
    assert "immutable" in headers["cache-control"] and "max-age=315360000" in headers["cache-control"]
    for encoding in ("gzip", "br"):
        status, headers, packed = _get(served["port"], css, {**HTTPS, "Accept-Encoding": encoding})
        assert status == 200 and headers["content-encoding"] == encoding and "Accept-Encoding" in headers["vary"]
        assert 0 < len(packed) < len(plain)
    # The unhashed name still answers, but is only cached briefly.
    status, headers, _ = _get(served["port"], "/static/css/app.css", HTTPS)
    assert status == 200 and "immutable" not in headers.get("cache-control", "")


def test_logs_are_one_readable_line_per_request_and_per_record(served):
    _get(served["port"], "/no-such-page/", HTTPS)
    deadline = time.monotonic() + 5
    while True:
        log = served["log"].read_text()
        if "django.request Not Found: /no-such-page/" in log or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert re.search(r'^\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] 127\.0\.0\.1 "GET /health/ HTTP/1\.1" 200 \d+ \d+ms ', log, re.M), log
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+0000 WARNING django\.request Not Found: /no-such-page/$", log, re.M), log


# --- cached fragments ----------------------------------------------------------------------
@pytest.fixture
def fragments_on():
    cache.clear()
    with override_settings(PAGE_FRAGMENT_CACHE=True):
        yield
    cache.clear()


def _same(html: str) -> str:
    """A page without what differs between two renders for the same user (CSRF tokens)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _queries(captured) -> list[str]:
    """The queries a request made, without the once-per-connection PREPARE of the stamp and
    the savepoints guarding it inside a test's transaction (PostgreSQL)."""
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "PREPARE"))]


def _badge(html: str, lineage) -> str:
    block = html[html.index(f'data-lineage="{lineage}"'):]
    return re.search(r'<span class="ps-badge ps-([a-z_]+)"', block[:block.index("</p>")]).group(1)


def _op(version, number):
    return version.paragraphs.get(kind="operative", number=str(number)).lineage


@pytest.fixture
def rev1(draft_l13):
    return version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(
        ["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"],
        ["Urges Member States to act;", "Requests the Office to report;", "Invites Member States to contribute;"]))


def test_draft_page_from_the_cache_is_the_same_page_with_fewer_queries(client, reviewer_user, draft_l13, rev1, fragments_on):
    client.force_login(reviewer_user)
    url = reverse("draft_detail", args=[draft_l13.pk])
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url).content.decode()
    assert _same(second) == _same(first)
    assert len(_queries(warm)) < len(_queries(cold)) <= 12
    assert not re.search(r"<!--/?[0-9a-f]{16}:", first + second)  # no fragment marks left in either


def test_compare_page_from_the_cache_is_the_same_page_without_reading_the_redline(client, reviewer_user, draft_l13, rev1,
                                                                                fragments_on, django_assert_max_num_queries):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    url = reverse("compare", args=[draft_l13.pk]) + f"?old={old.pk}&new={rev1.pk}&view=side"
    first = client.get(url)
    assert "rows" in first.context
    with django_assert_max_num_queries(4):  # session, user, the draft with its versions, nothing more
        second = client.get(url)
    assert "rows" not in second.context  # served from the cache: no rows computed
    assert _same(second.content.decode()) == _same(first.content.decode())
    inline = client.get(reverse("compare", args=[draft_l13.pk]) + f"?old={old.pk}&new={rev1.pk}")
    assert "rows" in inline.context and 'class="redline inline"' in inline.content.decode()  # other options, other rows


def test_a_status_set_after_caching_shows_at_once_on_the_draft_and_compare_pages(client, reviewer_user, secretariat_user,
                                                                                draft_l13, rev1, fragments_on):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    page = reverse("draft_detail", args=[draft_l13.pk])
    compare = reverse("compare", args=[draft_l13.pk]) + f"?old={old.pk}&new={rev1.pk}"
    lineage = _op(rev1, 2)
    for _ in range(2):
        assert _badge(client.get(page).content.decode(), lineage) == "pending"
        client.get(compare)
    paragraph_status_set(version=rev1, lineage=lineage, status="agreed", user=secretariat_user)
    assert _badge(client.get(page).content.decode(), lineage) == "agreed"
    section = client.get(compare).content.decode()
    section = section[section.index('id="OP2"'):]
    assert 'class="ps-badge ps-agreed"' in section[:section.index("</section>")]


def test_a_statement_recorded_after_caching_shows_on_its_paragraph_and_in_the_record(client, reviewer_user, draft_l13,
                                                                                   fragments_on):
    client.force_login(reviewer_user)
    version = draft_l13.versions.get(label="L.13")
    page = reverse("version_detail", args=[draft_l13.pk, version.pk])
    client.get(page)
    assert "Statements on this paragraph" not in client.get(page).content.decode()
    action_record(version=version, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted",
                  statements=[{"delegations": ["Peru"], "text": "Peru explained its position on operative paragraph 2",
                               "paragraph_refs": "OP2"}])
    html = client.get(page).content.decode()
    assert "Statements on this paragraph" in html and "action-event" in html


def test_a_co_sponsor_joining_after_caching_shows_in_the_sponsors_card(client, reviewer_user, other_delegate_user, draft_l13,
                                                                      fragments_on):
    client.force_login(reviewer_user)
    page = reverse("draft_detail", args=[draft_l13.pk])
    client.get(page)
    assert "Co-sponsors:" not in client.get(page).content.decode()
    sponsor_join(draft=draft_l13, user=other_delegate_user)
    assert re.search(r"Co-sponsors:</strong> France", client.get(page).content.decode())


def test_each_user_gets_their_own_buttons_and_forms_around_the_shared_fragments(client, reviewer_user, secretariat_user,
                                                                              delegate_user, draft_l13, fragments_on):
    page = reverse("draft_detail", args=[draft_l13.pk])
    client.force_login(secretariat_user)
    secretariat = client.get(page).content.decode()
    assert "Record an action" in secretariat and "Record oral revision" in secretariat
    client.force_login(reviewer_user)
    reviewer = client.get(page).content.decode()
    assert "Record an action" not in reviewer and "Record oral revision" not in reviewer and "Edit working text" not in reviewer
    client.force_login(delegate_user)
    delegate = client.get(page).content.decode()
    assert "Edit working text" in delegate and "Record an action" not in delegate
    tokens = [set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)) for html in (secretariat, reviewer, delegate)]
    assert not (tokens[0] & tokens[1]) and not (tokens[1] & tokens[2])


def test_a_working_version_text_is_never_taken_from_the_cache(draft_l13, fragments_on):
    from negotiation.views.drafts import draft_and_versions, draft_fragment_keys

    draft, versions = draft_and_versions(draft_l13.pk)
    issued = draft_fragment_keys(draft, versions, versions[-1], can_record_actions=False)
    versions[-1].is_issued = False
    working = draft_fragment_keys(draft, versions, versions[-1], can_record_actions=False)
    assert "text" in issued and "text" not in working and "links" not in working


def test_pages_serve_in_full_when_the_cache_is_down(client, reviewer_user, draft_l13, rev1, fragments_on):
    client.force_login(reviewer_user)
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
                        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    old = draft_l13.versions.get(label="L.13")
    with override_settings(CACHES=dead):
        from django.core.cache import caches

        caches["default"].close()
        page = client.get(reverse("draft_detail", args=[draft_l13.pk]))
        compare = client.get(reverse("compare", args=[draft_l13.pk]), {"old": old.pk, "new": rev1.pk})
    caches["default"].close()
    assert page.status_code == 200 and "Member States to act;" in page.content.decode()
    assert compare.status_code == 200 and 'id="summary"' in compare.content.decode()
