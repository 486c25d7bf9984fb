"""Issue 13's last speed targets: the draft and compare pages served from cached fragments cost
the user (with the user's roles: one query), the draft with its versions and the record's stamp
(one query) and the session (from Redis in production: ``config.settings.session_store``).
What is cached still follows every write at once, and never shows a private working version
to someone who may not read it. With REDIS_URL set (CI), the cache here is the real Redis."""
import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from negotiation import roles
from negotiation.models import Facilitation, Paragraph, Version
from negotiation.services import redlines
from negotiation.services.actions import action_record
from negotiation.services.editing import paragraph_update, version_share, working_version_start
from negotiation.services.negotiating import facilitator_assign, proposal_create
from negotiation.services.sponsorship import sponsor_join, sponsor_leave
from negotiation.services.versions import paragraphs_store, version_create
from tests.conftest import make_parsed, require_or_skip
from tests.web.test_faults import dead_port

SESSIONS_IN_REDIS = "config.settings.session_store"
SECRET = "Decides to keep this sentence between its sponsors;"
SHOWN = "keep this sentence between its sponsors;"  # as the page shows it (the lead "Decides" in italics)


@pytest.fixture
def fragments_on():
    cache.clear()
    with override_settings(PAGE_FRAGMENT_CACHE=True):
        yield
    cache.clear()


@pytest.fixture
def redis_cache():
    """The real Redis of the test settings (REDIS_URL), emptied before and after."""
    if not settings.REDIS_URL:
        require_or_skip("sessions in Redis need Redis (set REDIS_URL)")
    cache.clear()
    yield cache
    cache.clear()


def _queries(captured) -> list[str]:
    """A request's queries, without the once-per-connection PREPAREs and the savepoints that
    guard them inside a test's transaction (PostgreSQL)."""
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "PREPARE"))]


def _warm(client, url) -> list[str]:
    """The queries of ``url`` once its fragments are cached."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200
    return _queries(warm)


def _is_session(sql: str) -> bool:
    return "django_session" in sql


def _is_user(sql: str) -> bool:
    return "negotiation_user_roles" in sql or '"auth_user"' in sql


def _is_page_read(sql: str) -> bool:
    return "negotiation_page_read" in sql or '"negotiation_draft"' in sql


@pytest.fixture
def rev1(draft_l13):
    return version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, date=datetime.date(2011, 4, 13),
                          parsed=make_parsed(["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"],
                                             ["Urges Member States to act;", "Requests the Office to report;",
                                              "Invites Member States to contribute;"]))


# --- what a cached page costs ----------------------------------------------------------------
@pytest.mark.parametrize("who", ["reviewer_user", "delegate_user", "secretariat_user"])
def test_a_cached_draft_page_reads_the_session_the_user_with_roles_and_the_draft_with_its_stamp(client, request, who, draft_l13,
                                                                                              rev1, fragments_on):
    client.force_login(request.getfixturevalue(who))
    queries = _warm(client, reverse("draft_detail", args=[draft_l13.pk]))
    # Groups, facilitations, the delegation, the stamp: none is a query of its own any more.
    assert [_is_session(q) for q in queries[:3]] == [True, False, False], queries
    assert _is_user(queries[1]) and _is_page_read(queries[2])
    if who == "delegate_user":  # and the draft's sponsorships, for the delegate's own buttons (join, edit)
        assert len(queries) == 4 and '"negotiation_sponsorship"' in queries[3]
    else:
        assert len(queries) == 3, queries


def test_a_cached_compare_page_reads_the_session_the_user_and_the_draft(client, reviewer_user, draft_l13, rev1, fragments_on):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    queries = _warm(client, reverse("compare", args=[draft_l13.pk]) + f"?old={old.pk}&new={rev1.pk}")
    assert len(queries) == 3, queries
    assert _is_session(queries[0]) and _is_user(queries[1]) and _is_page_read(queries[2])


def test_with_sessions_in_redis_a_cached_page_costs_two_queries_and_log_out_ends_the_session(client, reviewer_user, draft_l13, rev1,
                                                                                         fragments_on, redis_cache):
    old = draft_l13.versions.get(label="L.13")
    page = reverse("draft_detail", args=[draft_l13.pk])
    compare = reverse("compare", args=[draft_l13.pk]) + f"?old={old.pk}&new={rev1.pk}"
    with override_settings(SESSION_ENGINE=SESSIONS_IN_REDIS):
        client.force_login(reviewer_user)
        for url in (page, compare):
            queries = _warm(client, url)
            assert len(queries) == 2 and not any(_is_session(q) for q in queries), queries
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert redis_cache.get(f"django.contrib.sessions.cached_db{key}") is not None
        assert client.post(reverse("logout")).status_code == 302
        assert redis_cache.get(f"django.contrib.sessions.cached_db{key}") is None
        client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie no longer logs anyone in
        assert client.get(page).status_code == 302


def test_sessions_in_redis_read_from_the_database_when_the_cached_copy_is_gone(client, reviewer_user, draft_l13, redis_cache):
    with override_settings(SESSION_ENGINE=SESSIONS_IN_REDIS):
        client.force_login(reviewer_user)
        redis_cache.clear()  # Redis restarted, or the copy evicted
        page = client.get(reverse("draft_detail", args=[draft_l13.pk]))
        assert page.status_code == 200 and page.context["user"] == reviewer_user
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert redis_cache.get(f"django.contrib.sessions.cached_db{key}") is not None  # cached again


def test_sessions_in_redis_work_through_log_in_pages_and_log_out_while_redis_is_down(client, reviewer_user, draft_l13):
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{dead_port()}/0",
                        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    with override_settings(SESSION_ENGINE=SESSIONS_IN_REDIS, CACHES=dead, PAGE_FRAGMENT_CACHE=True):
        caches["default"].close()
        login = client.post(reverse("login"), {"username": "rev", "password": "pw-rev"})
        assert login.status_code == 302
        page = client.get(reverse("draft_detail", args=[draft_l13.pk]))
        assert page.status_code == 200 and "the Office to report;" in page.content.decode()
        assert client.post(reverse("logout")).status_code == 302
        assert client.get(reverse("draft_detail", args=[draft_l13.pk])).status_code == 302
    caches["default"].close()


def test_a_cached_session_copy_is_kept_fifteen_minutes_at_most():
    from config.settings import session_store

    kept = []

    class Recorder:
        def set(self, key, value, timeout):
            kept.append(timeout)

    store = session_store.SessionStore("k" * 32)
    store._cache = Recorder()
    store._cache_set({"a": 1}, 14 * 24 * 3600)
    store._cache_set({"a": 1}, 60)
    assert kept == [15 * 60, 60]


def test_production_keeps_sessions_in_redis_only_with_redis():
    """A per-process cache (local memory) would serve a session another worker deleted."""
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    base = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"})
    engines = []
    for extra in ({}, {"REDIS_URL": "redis://127.0.0.1:6379/0"}):
        out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], env={**base, **extra},
                             capture_output=True, text=True, check=True, cwd=settings.BASE_DIR)
        engines.append(out.stdout.strip())
    assert engines == ["django.contrib.sessions.backends.db", SESSIONS_IN_REDIS]


# --- the user's roles, with the user --------------------------------------------------------
def test_the_users_roles_come_with_the_user_in_one_query(draft_l13, delegate_user, reviewer_user, secretariat_user):
    from negotiation.models.following import Following
    from negotiation.selectors.following import is_following

    facilitator_assign(draft=draft_l13, user_to_assign=reviewer_user, user=secretariat_user)
    Following.objects.create(user=delegate_user, draft=draft_l13, last_seen=timezone.now())
    backend = roles.RolesBackend()
    for who in (delegate_user, reviewer_user, secretariat_user):
        with CaptureQueriesContext(connection) as loading:
            user = backend.get_user(str(who.pk))
        assert len(_queries(loading)) == 1
        plain = User.objects.get(pk=who.pk)  # the same questions asked the ordinary way
        with CaptureQueriesContext(connection) as asking:
            answers = (roles.is_secretariat(user), roles.has_role(user, roles.REVIEWER), roles.delegation_of(user),
                       roles.is_facilitator(user, draft_l13), roles.can_facilitate(user, draft_l13.pk), roles.can_propose(user),
                       roles.can_import(user), is_following(user, draft_l13))
        assert _queries(asking) == []
        assert answers == (roles.is_secretariat(plain), roles.has_role(plain, roles.REVIEWER), roles.delegation_of(plain),
                           roles.is_facilitator(plain, draft_l13), roles.can_facilitate(plain, draft_l13.pk),
                           roles.can_propose(plain), roles.can_import(plain), is_following(plain, draft_l13))
    assert roles.delegation_of(backend.get_user(delegate_user.pk)).short_name == "Italy"
    assert roles.is_facilitator(backend.get_user(reviewer_user.pk), draft_l13)
    assert is_following(backend.get_user(delegate_user.pk), draft_l13) and not is_following(backend.get_user(reviewer_user.pk), draft_l13)
    assert backend.get_user(123456789) is None and backend.get_user("not an id") is None
    reviewer_user.is_active = False
    reviewer_user.save()
    assert backend.get_user(reviewer_user.pk) is None


def test_a_role_given_or_taken_counts_from_the_next_request(client, draft_l13, delegate_user, reviewer_user, secretariat_user,
                                                            fragments_on):
    working = working_version_start(draft=draft_l13, user=delegate_user)
    url = reverse("version_detail", args=[draft_l13.pk, working.pk])
    client.force_login(reviewer_user)
    assert client.get(url).status_code == 404
    facilitator_assign(draft=draft_l13, user_to_assign=reviewer_user, user=secretariat_user)
    assert client.get(url).status_code == 200
    Facilitation.objects.filter(user=reviewer_user).delete()
    assert client.get(url).status_code == 404
    client.force_login(delegate_user)
    assert client.get(url).status_code == 200
    delegate_user.groups.remove(Group.objects.get(name=roles.DELEGATE))
    assert client.get(url).status_code == 404


# --- private working versions and cached parts --------------------------------------------------
def test_a_private_working_text_never_reaches_others_through_the_cache(client, draft_l13, delegate_user, reviewer_user,
                                                                     other_delegate_user, fragments_on):
    working = working_version_start(draft=draft_l13, user=delegate_user)
    lineage = working.paragraphs.get(kind="operative", number="3").lineage
    paragraph_update(version=working, lineage=str(lineage), text=SECRET, base_revision=working.revision, user=delegate_user)
    page = reverse("draft_detail", args=[draft_l13.pk])
    client.force_login(delegate_user)
    for _ in range(2):  # the sponsor's views fill the cache
        html = client.get(page).content.decode()
        assert SHOWN in html and working.label in html
    for outsider in (reviewer_user, other_delegate_user):
        client.force_login(outsider)
        for _ in range(2):
            html = client.get(page).content.decode()
            assert SHOWN not in html and working.label not in html
        compare = client.get(reverse("compare", args=[draft_l13.pk]), {"new": working.pk})
        assert compare.status_code == 404
    version_share(version=Version.objects.get(pk=working.pk), user=delegate_user)
    client.force_login(reviewer_user)
    assert SHOWN in client.get(page).content.decode()  # shared: everyone reads it, at once


# --- every write shows at once ------------------------------------------------------------------
def _page(client, draft) -> str:
    return client.get(reverse("draft_detail", args=[draft.pk])).content.decode()


def test_a_new_version_shows_at_once(client, reviewer_user, draft_l13, fragments_on):
    client.force_login(reviewer_user)
    for _ in range(2):
        assert "L.13/Rev.1" not in _page(client, draft_l13)
    version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True,
                   parsed=make_parsed(["Recalling its resolution 19/1,"], ["Welcomes the newest text;"]))
    html = _page(client, draft_l13)
    assert "L.13/Rev.1" in html and "the newest text;" in html


def test_a_sponsorship_change_shows_at_once(client, reviewer_user, other_delegate_user, draft_l13, fragments_on):
    client.force_login(reviewer_user)
    for _ in range(2):
        assert "Co-sponsors:" not in _page(client, draft_l13)
    sponsor_join(draft=draft_l13, user=other_delegate_user)
    assert re.search(r"Co-sponsors:</strong> France", _page(client, draft_l13))
    sponsor_leave(draft=draft_l13, user=other_delegate_user)
    assert "Co-sponsors:" not in _page(client, draft_l13)


def test_an_action_and_the_drafts_status_show_at_once(client, reviewer_user, draft_l13, fragments_on):
    client.force_login(reviewer_user)
    version = draft_l13.versions.get()
    for _ in range(2):
        before = _page(client, draft_l13)
    assert "action-event" not in before
    action_record(version=version, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted")
    draft_l13.refresh_from_db()
    html = _page(client, draft_l13)
    assert "action-event" in html
    assert f"status-{draft_l13.status}" in html and draft_l13.get_status_display() in html


def test_a_proposal_shows_at_once(client, reviewer_user, delegate_user, draft_l13, fragments_on):
    client.force_login(reviewer_user)
    for _ in range(2):
        assert "Demo data." not in _page(client, draft_l13)
    version = draft_l13.versions.get()
    lineage = version.paragraphs.get(kind="operative", number="1").lineage
    proposal_create(version=version, lineage=lineage, kind="delete", user=delegate_user, reason="[demo] an illustration")
    assert "Demo data." in _page(client, draft_l13)


# --- the redline's key ---------------------------------------------------------------------------
def test_the_redline_key_names_when_each_version_was_stored(draft_l13, rev1):
    old = draft_l13.versions.get(label="L.13")
    key = redlines.cache_key(old, rev1)
    again = Version.objects.get(pk=rev1.pk)
    again.created_at = again.created_at + datetime.timedelta(microseconds=1)
    assert redlines.cache_key(old, Version.objects.get(pk=rev1.pk)) == key
    assert redlines.cache_key(old, again) != key


def test_a_version_deleted_and_stored_again_under_its_id_never_gets_the_old_redline(draft_l13, delegate_user):
    cache.clear()
    old = draft_l13.versions.get(label="L.13")
    working = working_version_start(draft=draft_l13, user=delegate_user)
    lineage = working.paragraphs.get(kind="operative", number="3").lineage
    paragraph_update(version=working, lineage=str(lineage), text=SECRET, base_revision=working.revision, user=delegate_user)
    working = Version.objects.get(pk=working.pk)
    state, first = redlines.redline_state(old, working)
    assert state == redlines.READY and "sentence" in repr(first)
    pk, revision, fields = working.pk, working.revision, {f.attname: getattr(working, f.attname) for f in Version._meta.concrete_fields}
    Paragraph.objects.filter(version=working).delete()
    Version.objects.filter(pk=pk).delete()
    fields.update(created_at=timezone.now())
    again = Version(**fields)
    again.save(force_insert=True)  # the same id, the same revision: another text
    Version.objects.filter(pk=pk).update(created_at=fields["created_at"])
    paragraphs_store(version=again, parsed=make_parsed(["Recalling its resolution 19/1,"], ["Welcomes a different text;"]))
    again = Version.objects.get(pk=pk)
    assert (again.pk, again.revision) == (pk, revision)
    state, second = redlines.redline_state(old, again)
    assert state == redlines.READY and "sentence" not in repr(second) and "different" in repr(second)
    cache.clear()


# --- prepared statements (PostgreSQL, outside a transaction as page views run) -------------------
@pytest.mark.django_db(transaction=True)
def test_the_page_reads_are_prepared_once_per_connection_and_survive_losing_them(draft_l13, delegate_user):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    from negotiation.selectors import draft_with_versions
    from negotiation.views.drafts import draft_and_versions, record_stamps

    expected = draft_with_versions(draft_l13.pk)
    for lost in (False, True):
        if lost:  # a pooler reset the connection: the statements are gone
            with connection.cursor() as cursor:
                cursor.execute("DEALLOCATE ALL")
        with CaptureQueriesContext(connection) as reads:
            draft, versions = draft_and_versions(draft_l13.pk, with_record=True)
            user = roles.RolesBackend().get_user(delegate_user.pk)
        assert any(q.startswith("EXECUTE negotiation_page_read_stamped") for q in _queries(reads))
        assert [v.pk for v in versions] == [v.pk for v in expected.versions.all()] and draft.body == expected.body
        assert draft.record_stamp == record_stamps() and versions[0].created_at == expected.versions.all()[0].created_at
        assert roles.delegation_of(user).short_name == "Italy" and roles.has_role(user, roles.DELEGATE)
    with CaptureQueriesContext(connection) as again:
        draft_and_versions(draft_l13.pk, with_record=True)
    assert [q for q in _queries(again) if not q.startswith("EXECUTE")] == [] and len(_queries(again)) == 1
