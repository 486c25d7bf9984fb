"""Security (issue 13, part 6), through HTTP: login throttling with lock-out, the
Content-Security-Policy on every page (and pages that satisfy it: no inline script, handler or
style), private working versions kept out of the draft list and its search, and a clean
``check --deploy`` with production settings.
"""
import datetime
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from negotiation.services.editing import working_version_start
from negotiation.services.versions import version_create
from tests.conftest import _user, make_parsed

ROOT = Path(__file__).resolve().parent.parent.parent


# --- login throttling (django-axes) ---------------------------------------------------------------


def _login(client, username, password, ip="127.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failed_logins_lock_that_username_from_that_address_with_a_clear_message(client, reviewer_user):
    for _ in range(4):
        response = _login(client, "rev", "wrong")
        assert response.status_code == 200
        assert "didn’t match" in response.content.decode()
    locked = _login(client, "rev", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed attempts to log in as “rev”" in html
    assert "after 5 wrong" in html and "blocked" in html and "for 15 minutes" in html
    # Now even the right password is refused, and no session is opened.
    right = _login(client, "rev", "pw-rev")
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_the_lock_is_per_username_and_address(client, reviewer_user, delegate_user):
    for _ in range(5):
        _login(client, "rev", "wrong")
    assert _login(Client(), "rev", "pw-rev", ip="10.0.0.7").status_code == 302  # same user, other address
    assert _login(Client(), "del-it", "pw-del-it").status_code == 302  # other user, same address


def test_the_lock_lifts_after_fifteen_minutes(client, reviewer_user):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "rev", "wrong")
    assert _login(client, "rev", "pw-rev").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "rev", "pw-rev").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, reviewer_user):
    for _ in range(4):
        _login(client, "rev", "wrong")
    assert _login(client, "rev", "pw-rev").status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "rev", "wrong").status_code == 200  # counting from zero again


def test_the_admin_login_is_throttled_too(client, secretariat_user):
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": "sec", "password": "wrong"})
    assert response.status_code == 429
    assert client.post(url, {"username": "sec", "password": "pw-sec"}).status_code == 429


# --- Content-Security-Policy ---------------------------------------------------------------------


POLICY = {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"], "form-action": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"],
}


def _policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


class InlineCode(HTMLParser):
    """What a policy without 'unsafe-inline' blocks: <script> without src (JSON data blocks
    are not run), <style> elements, style="..." attributes, on*= handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in ("application/json", "application/ld+json"):
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f'style="{value}" on <{tag}> at line {self.getpos()[0]}')
            elif name.startswith("on"):
                self.found.append(f'{name}="{value}" on <{tag}> at line {self.getpos()[0]}')
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{name}=javascript: on <{tag}> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def pages(draft_l13, secretariat_user, delegate_user):
    """Every kind of page, with data on it: a draft with two issued versions and a working text,
    a proposal, a recorded vote."""
    from negotiation.models import Vote
    from negotiation.services import negotiating
    from negotiation.services.actions import action_record

    l13 = draft_l13.versions.get()
    rev1 = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, date=datetime.date(2011, 4, 13),
                          parsed=make_parsed(["Recalling its resolution 19/1,", "Noting [with concern] the rise of crime,"],
                                             ["Urges Member States to act;", "Requests the Office to report;"]))
    lineage = rev1.paragraphs.filter(kind="operative").first().lineage
    proposal = negotiating.proposal_create(version=rev1, lineage=lineage, kind="delete", user=delegate_user)
    working = working_version_start(draft=draft_l13, user=delegate_user)
    action = action_record(version=rev1, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted",
                           user=secretariat_user, vote={"kind": "recorded", "in_favour": 1, "against": 0, "abstaining": 0,
                                                        "lists": {"in_favour": ["Norway"]}})
    d = draft_l13.pk
    history = draft_l13.history.order_by("history_date")
    return {
        "site": [
            "/", "/?q=L.13", reverse("draft_detail", args=[d]), reverse("version_detail", args=[d, l13.pk]),
            reverse("compare", args=[d]) + f"?old={l13.pk}&new={rev1.pk}",
            reverse("compare", args=[d]) + f"?old={l13.pk}&new={rev1.pk}&view=side",
            reverse("paragraph_history", args=[d, lineage]), reverse("editor", args=[d, working.pk]),
            reverse("compilation", args=[d]), reverse("import"), reverse("action_create", args=[d]),
            reverse("report_actions"),
        ],
        "admin": [
            reverse("admin:index"), reverse("admin:negotiation_draft_changelist"),
            reverse("admin:negotiation_draft_change", args=[d]), reverse("admin:negotiation_version_change", args=[l13.pk]),
            reverse("admin:negotiation_version_change", args=[working.pk]),
            reverse("admin:negotiation_action_change", args=[action.pk]),
            reverse("admin:negotiation_vote_change", args=[Vote.objects.get(action=action).pk]),
            reverse("admin:negotiation_vote_add"), reverse("admin:negotiation_proposal_change", args=[proposal.pk]),
            reverse("admin:negotiation_draft_history", args=[d]),
            reverse("admin:negotiation_draft_history_compare", args=[d]) + f"?old={history.first().history_id}",
            reverse("admin:negotiation_draft_delete", args=[d]),
        ],
    }


def test_every_page_sends_the_policy_and_has_no_inline_script_handler_or_style(client, secretariat_user, pages):
    anonymous = Client()
    for url in [reverse("login")]:
        response = anonymous.get(url)
        assert response.status_code == 200
        assert _policy(response) == POLICY
        assert inline_code(response.content.decode()) == [], url
    client.force_login(secretariat_user)
    for url in pages["site"] + pages["admin"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _policy(response) == POLICY, url
        assert inline_code(response.content.decode()) == [], url


def test_the_lock_out_page_and_error_pages_carry_the_policy_too(client, reviewer_user, draft_l13):
    for _ in range(5):
        locked = _login(client, "rev", "wrong")
    assert locked.status_code == 429 and _policy(locked) == POLICY and inline_code(locked.content.decode()) == []
    client.force_login(reviewer_user)
    missing = client.get(reverse("draft_detail", args=[999999]))
    assert missing.status_code == 404 and _policy(missing) == POLICY


def test_the_inline_code_check_finds_what_the_policy_would_block():
    html = ('<p style="color:red">x</p><button onclick="go()">b</button><script>alert(1)</script>'
            '<script src="/static/js/a.js"></script><script type="application/json">{}</script>'
            '<a href="javascript:void(0)">a</a><svg><rect fill="#fff" x="1"></rect></svg><style>p{}</style>')
    found = inline_code(html)
    assert len(found) == 5, found


# --- private working versions in the draft list and its search -----------------------------------


@pytest.fixture
def private(draft_l13, delegate_user):
    """Italy's unshared working text on L.13, under a label nobody else should ever see."""
    working = working_version_start(draft=draft_l13, user=delegate_user)
    working.label = "Secret compromise by Italy"
    working.save()
    return working


def _list(client, **params):
    response = client.get("/", params)
    assert response.status_code == 200
    return response


def test_another_delegation_and_a_reviewer_never_see_a_private_label_in_the_list(
        client, private, other_delegate_user, reviewer_user):
    for user in (other_delegate_user, reviewer_user):
        client.force_login(user)
        found = _list(client, q="Secret compromise")
        assert list(found.context["page"]) == []
        assert "Secret compromise" not in found.content.decode().replace('value="Secret compromise"', "")
        everything = _list(client)
        assert "Secret compromise" not in everything.content.decode()
        [row] = [d for d in everything.context["page"] if d.pk == private.draft_id]
        assert row.version_count == 1  # only the issued L.13 counts


def test_the_sponsor_the_facilitator_and_the_secretariat_find_the_private_label(
        client, private, delegate_user, secretariat_user, django_user_model):
    from negotiation.services.negotiating import facilitator_assign

    facilitator = _user(django_user_model, "facil", "reviewer")
    facilitator_assign(draft=private.draft, user_to_assign=facilitator, user=secretariat_user)
    for user in (delegate_user, facilitator, secretariat_user):
        client.force_login(user)
        found = _list(client, q="Secret compromise")
        assert [d.pk for d in found.context["page"]] == [private.draft_id], user.username
        assert found.context["page"][0].version_count == 2


def test_shared_and_issued_labels_are_found_by_everyone(client, private, delegate_user, other_delegate_user):
    from negotiation.services.editing import version_share

    version_share(version=private, user=delegate_user)
    client.force_login(other_delegate_user)
    assert [d.pk for d in _list(client, q="Secret compromise").context["page"]] == [private.draft_id]
    assert [d.pk for d in _list(client, q="L.13").context["page"]] == [private.draft_id]


def test_a_draft_known_only_by_a_private_text_stays_out_of_every_list(
        client, reference, delegate_user, other_delegate_user, reviewer_user):
    from negotiation.services.importing import import_save

    parsed = make_parsed(["Recalling nothing,"], ["Decides on a hidden matter."], title="Hidden initiative of Italy")
    version = import_save(user=delegate_user, parsed=parsed, label="Zero draft by Italy", kind="informal", date=None,
                          body=reference["GA/C.3"], session=81, symbol="", title="Hidden initiative of Italy")
    assert not version.is_issued and not version.is_shared
    for user in (other_delegate_user, reviewer_user):
        client.force_login(user)
        html = _list(client).content.decode()
        assert "Hidden initiative" not in html and "Zero draft" not in html
        assert ">81<" not in html  # not even its session among the filters
        assert list(_list(client, q="Hidden").context["page"]) == []
    client.force_login(delegate_user)
    assert [d.pk for d in _list(client, q="Hidden").context["page"]] == [version.draft_id]


# --- check --deploy ------------------------------------------------------------------------------


def test_check_deploy_with_production_settings_is_clean():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process (Playwright's loop);
    # a deployment never has it, so the check runs without it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secrets.token_urlsafe(64),
           "ALLOWED_HOSTS": "example.org"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
