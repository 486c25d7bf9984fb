"""The secretariat's admin panel, through HTTP: lists, history, compare, read-only issued texts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.models import Paragraph, Sponsorship
from negotiation.services.sponsorship import sponsor_add
from negotiation.services.versions import draft_create, version_create
from tests.conftest import make_parsed

LISTS = ["draft", "version", "sponsorship", "delegation", "body", "action", "delegateprofile", "proposal",
         "paragraphstatus", "facilitation"]


def _grow(reference, start, n):
    for i in range(start, start + n):
        d = draft_create(body=reference["CCPCJ"], session=20, symbol=f"E/CN.15/2011/L.{i}", title=f"Draft {i}")
        version_create(draft=d, label=f"L.{i}", kind="issued", parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True)
        sponsor_add(draft=d, delegation="Italy", role="main")
        _negotiate(d)


def _negotiate(draft):
    """A proposal with a stance, a paragraph status and a facilitator on ``draft``."""
    from django.contrib.auth.models import User

    from negotiation.services import negotiating
    from tests.conftest import _user

    version = draft.versions.get()
    lineage = version.paragraphs.get(kind="operative").lineage
    italy = User.objects.filter(username="admin-it").first() or _user(User, "admin-it", "delegate", delegation="Italy")
    france = User.objects.filter(username="admin-fr").first() or _user(User, "admin-fr", "delegate", delegation="France")
    proposal = negotiating.proposal_create(version=version, lineage=lineage, kind="delete", user=italy)
    negotiating.proposal_respond(proposal=proposal, stance="object", user=france)
    negotiating.facilitator_assign(draft=draft, user_to_assign=france, user=italy)
    negotiating.paragraph_status_set(version=version, lineage=lineage, status="bracketed", user=france)


@pytest.mark.parametrize("model", LISTS)
def test_admin_list_views_stay_under_ten_queries_whatever_the_rows(client, secretariat_user, reference, model):
    client.force_login(secretariat_user)
    url = reverse(f"admin:negotiation_{model}_changelist")
    _grow(reference, 200, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(reference, 300, 15)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) < 10, [q["sql"] for q in many.captured_queries]
    assert len(many) == len(few)


def test_admin_search_by_symbol_and_filter_by_body(client, secretariat_user, draft_l13, reference):
    client.force_login(secretariat_user)
    d = draft_create(body=reference["GA/C.3"], session=66, symbol="A/C.3/66/L.16", title="Technical cooperation")
    url = reverse("admin:negotiation_draft_changelist")
    assert "A/C.3/66/L.16" in client.get(url, {"q": "L.16"}).content.decode()
    assert "E/CN.15/2011/L.13" not in client.get(url, {"q": "L.16"}).content.decode()
    body_filtered = client.get(url, {"body__id__exact": reference["GA/C.3"].pk}).content.decode()
    assert "A/C.3/66/L.16" in body_filtered and "E/CN.15/2011/L.13" not in body_filtered
    assert d.pk


def test_issued_version_paragraphs_are_read_only_in_admin(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    version = draft_l13.versions.get()
    html = client.get(reverse("admin:negotiation_version_change", args=[version.pk])).content.decode()
    assert "Requests the Office to report;" in html
    assert 'name="paragraphs-0-text"' not in html  # no editable paragraph field


def test_admin_records_who_changed_a_sponsorship_and_why(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    s = draft_l13.sponsorships.get()
    url = reverse("admin:negotiation_sponsorship_change", args=[s.pk])
    response = client.post(url, {
        "draft": draft_l13.pk, "delegation": s.delegation_id, "role": "co", "joined_version": s.joined_version_id,
        "joined_on": s.joined_on.isoformat(), "on_behalf_of": "", "withdrawn_version": "", "withdrawn_on": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Sponsorship.history.filter(id=s.pk).first()
    assert latest.history_user == secretariat_user and latest.role == "co"
    history = client.get(reverse("admin:negotiation_sponsorship_history", args=[s.pk])).content.decode()
    assert "main sponsor" in history and "co-sponsor" in history


def test_admin_compares_two_historical_records_of_a_draft(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    draft_l13.title = "Strengthening international cooperation"
    draft_l13._change_reason = "Title corrected"
    draft_l13.save()
    records = list(draft_l13.history.order_by("history_date"))
    url = reverse("admin:negotiation_draft_history_compare", args=[draft_l13.pk])
    html = client.get(url, {"old": records[0].history_id, "new": records[-1].history_id}).content.decode()
    assert "Strengthening cooperation" in html and "Strengthening international cooperation" in html
    assert "Compare two records" in client.get(reverse("admin:negotiation_draft_history", args=[draft_l13.pk])).content.decode()


def test_reviewers_and_delegates_cannot_use_the_admin(client, reviewer_user, delegate_user, draft_l13):
    for user in (reviewer_user, delegate_user):
        client.force_login(user)
        response = client.get(reverse("admin:negotiation_draft_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_cannot_delete_an_issued_version(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    version = draft_l13.versions.get()
    response = client.post(reverse("admin:negotiation_version_delete", args=[version.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Paragraph.objects.filter(version=version).exists()


def test_admin_shows_a_proposal_with_its_stances_and_history(client, secretariat_user, reference):
    _grow(reference, 400, 1)
    from negotiation.models import Proposal

    proposal = Proposal.objects.get()
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:negotiation_proposal_change", args=[proposal.pk])).content.decode()
    assert "France" in page and "objects" in page
    history = client.get(reverse("admin:negotiation_proposal_history", args=[proposal.pk])).content.decode()
    assert "Italy proposed deletion for OP1" in history
