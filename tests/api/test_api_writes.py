"""Writing through the API: each write, for each role, under the pages' rules; the services'
ApplicationError as a 400 {"detail", "field"}; the same history as the pages write."""
import pytest
from django.test import Client
from django.utils import timezone

from negotiation.models import Proposal, Sponsorship
from tests.api import token_client

ROLES = ["reviewer_user", "secretariat_user", "facilitator_user"]  # none speaks for a delegation


@pytest.fixture
def as_user(request):
    """The user of the fixture named by the test's ``role`` parameter."""
    return lambda role: request.getfixturevalue(role)


# --- joining and leaving the sponsors --------------------------------------------------------


def test_a_delegate_joins_once_dated_today_at_the_issued_version_with_history(other_delegate_user, draft_l13):
    client = token_client(other_delegate_user)
    first = client.post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/join/")
    again = client.post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/join/")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["changed"] is True and again.json()["changed"] is False and "already sponsors" in again.json()["detail"]
    body = first.json()["sponsorship"]
    assert (body["delegation"], body["role"], body["joined_on"], body["joined_version"]["label"]) == (
        "France", "co", timezone.localdate().isoformat(), "L.13")
    [s] = Sponsorship.objects.filter(draft=draft_l13, delegation__short_name="France")
    [record] = s.history.all()
    assert (record.history_user, record.history_change_reason) == (other_delegate_user, "France joined as co-sponsor")


def test_a_delegate_leaves_and_a_second_leave_changes_nothing(other_delegate_user, draft_l13):
    client = token_client(other_delegate_user)
    client.post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/join/")
    left = client.post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/leave/")
    assert left.status_code == 200 and left.json()["changed"] is True
    assert left.json()["sponsorship"]["withdrawn_on"] == timezone.localdate().isoformat()
    again = client.post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/leave/")
    assert again.status_code == 200 and again.json() == {
        "changed": False, "detail": f"Your delegation is not a sponsor of {draft_l13}.", "sponsorship": None}
    s = Sponsorship.objects.get(delegation__short_name="France")
    assert [h.history_change_reason for h in s.history.order_by("history_date")] == ["France joined as co-sponsor", "France withdrew"]
    assert s.history.latest().history_user == other_delegate_user


def test_a_main_sponsor_cannot_leave_with_one_call_a_400_with_the_services_words(delegate_user, draft_l13):
    response = token_client(delegate_user).post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/leave/")
    assert response.status_code == 400
    assert response.json() == {"detail": f"Italy is a main sponsor of {draft_l13}; a main sponsor withdraws through the secretariat.",
                               "field": None}
    assert Sponsorship.objects.get(delegation__short_name="Italy").withdrawn_on is None
    joined = token_client(delegate_user).post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/join/")
    assert joined.status_code == 200 and joined.json()["changed"] is False  # already a (main) sponsor


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["join", "leave"])
def test_who_speaks_for_no_delegation_may_not_join_or_leave(as_user, role, action, draft_l13):
    response = token_client(as_user(role)).post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/{action}/")
    assert response.status_code == 403
    words = "join the sponsorship" if action == "join" else "withdraw from the sponsorship"
    assert response.json() == {"detail": f"Only delegates can {words} of a draft, for their own delegation.", "field": None}
    assert Sponsorship.objects.filter(draft=draft_l13).count() == 1


@pytest.mark.parametrize("action", ["join", "leave"])
def test_anonymous_may_not_join_or_leave(action, draft_l13):
    assert token_client().post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/{action}/").status_code == 401


def test_joining_a_draft_without_an_issued_version_is_a_400(reference, other_delegate_user, secretariat_user):
    from negotiation.services.versions import draft_create, version_create
    from tests.conftest import make_parsed

    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.14", title="Informal only", user=secretariat_user)
    version = version_create(draft=draft, label="Facilitator's text", kind="informal", parsed=make_parsed(["Recalling,"], ["Decides."]),
                             is_issued=False, user=secretariat_user)
    version.is_shared = True
    version.save()
    response = token_client(other_delegate_user).post(f"/api/v1/drafts/{draft.pk}/sponsorships/join/")
    assert response.status_code == 400 and "has no issued version yet" in response.json()["detail"]


def test_a_session_write_needs_the_csrf_token_a_token_write_does_not(other_delegate_user, draft_l13):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(other_delegate_user)
    refused = browser.post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/join/", content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    token = "k" * 32  # the CSRF cookie a page sets, and the header Swagger UI sends with it
    browser.cookies["csrftoken"] = token
    joined = browser.post(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/join/", content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert joined.status_code == 201


def test_a_write_on_a_draft_you_cannot_see_is_404(other_delegate_user, delegate_user, reference):
    from negotiation.services.importing import import_save
    from tests.conftest import make_parsed

    version = import_save(user=delegate_user, parsed=make_parsed(["Recalling,"], ["Decides."], title="Hidden"), label="Zero draft",
                          kind="informal", date=None, body=reference["GA/C.3"], session=81, symbol="", title="Hidden")
    client = token_client(other_delegate_user)
    assert client.post(f"/api/v1/drafts/{version.draft_id}/sponsorships/join/").status_code == 404
    assert client.post(f"/api/v1/drafts/{version.draft_id}/proposals/", {}, format="json").status_code == 404


# --- proposals -------------------------------------------------------------------------------


def _op(version, number):
    return version.paragraphs.get(kind="operative", number=number)


def test_a_delegate_proposes_through_the_service_with_history(other_delegate_user, draft_l13, rev1):
    op2 = _op(rev1, "2")
    response = token_client(other_delegate_user).post(f"/api/v1/drafts/{draft_l13.pk}/proposals/", {
        "lineage": str(op2.lineage), "kind": "amend", "text": "Invites  all States\nto contribute;", "reason": "Broader",
        "on_behalf_of": "European Union", "version": rev1.pk, "base_text": op2.text,
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["delegation"], body["on_behalf_of"], body["label"], body["kind"], body["status"], body["text"], body["version"]) == (
        "France", "European Union", "OP2", "amend", "open", "Invites all States to contribute;", rev1.pk)
    proposal = Proposal.objects.get(pk=body["id"])
    [record] = proposal.history.all()
    assert (record.history_user, record.history_change_reason) == (other_delegate_user, "France proposed new wording for OP2")


def test_a_proposal_on_a_sub_paragraph_a_move_and_a_deletion(other_delegate_user, draft_l13, rev1):
    client = token_client(other_delegate_user)
    sub = rev1.paragraphs.get(kind="subparagraph", number="(b)")
    op1, op3 = _op(rev1, "1"), _op(rev1, "3")
    made = [client.post(f"/api/v1/drafts/{draft_l13.pk}/proposals/", data, format="json") for data in (
        {"lineage": str(sub.lineage), "kind": "alternative", "text": "on voluntary funding;"},
        {"lineage": str(op3.lineage), "kind": "move", "after_lineage": None, "text": "ignored for a move"},
        {"lineage": str(op1.lineage), "kind": "delete"},
    )]
    assert [r.status_code for r in made] == [201, 201, 201], [r.json() for r in made]
    assert [(r.json()["label"], r.json()["kind"], r.json()["text"]) for r in made] == [
        ("OP1 (b)", "alternative", "on voluntary funding;"), ("OP3", "move", ""), ("OP1", "delete", "")]


@pytest.mark.parametrize("data, field, words", [
    ({"kind": "amend", "text": ""}, "text", "Write the wording you propose."),
    ({"kind": "amend", "text": "Invites Member States to contribute;"}, "text", "The wording proposed is the paragraph's current wording."),
    ({"kind": "amend", "text": "x", "on_behalf_of": "Germany"}, "on_behalf_of", "Germany is not a group; a delegation proposes on behalf of a group."),
    ({"kind": "amend", "text": "x", "on_behalf_of": "Atlantis"}, "delegation", "Unknown delegation “Atlantis”"),
    ({"kind": "amend", "text": "x", "base_text": "Invites some States to contribute;"}, None, "The paragraph changed since you opened it"),
    ({"kind": "amend", "text": "x", "version": 1}, "version", "The text has moved on since you opened it"),
    ({"kind": "move", "after": "itself"}, None, "A paragraph cannot move after itself."),
    ({"kind": "renumber"}, "kind", 'kind: "renumber" is not a valid choice.'),
])
def test_a_refused_proposal_is_a_400_with_the_message_and_field(other_delegate_user, draft_l13, rev1, data, field, words):
    op2 = _op(rev1, "2")
    data = {"lineage": str(op2.lineage), **data}
    if data.pop("after", None):
        data["after_lineage"] = str(op2.lineage)
    if data.get("version") == 1:
        data["version"] = draft_l13.versions.get(label="L.13").pk
    response = token_client(other_delegate_user).post(f"/api/v1/drafts/{draft_l13.pk}/proposals/", data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith(words) and body["field"] == field, body
    assert not Proposal.objects.exists()


def test_a_proposal_on_a_paragraph_not_in_the_text_and_invalid_input_are_400(other_delegate_user, draft_l13, rev1):
    client = token_client(other_delegate_user)
    url = f"/api/v1/drafts/{draft_l13.pk}/proposals/"
    gone = client.post(url, {"lineage": "00000000-0000-0000-0000-000000000000", "kind": "delete"}, format="json")
    assert gone.status_code == 400 and gone.json()["detail"] == "That paragraph is not in the text any more; reload the page."
    bad = client.post(url, {"lineage": "not a uuid", "kind": "delete"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "lineage" and bad.json()["errors"]["lineage"]
    assert client.post(url, "not json", content_type="application/json").status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_who_speaks_for_no_delegation_may_not_propose(as_user, role, draft_l13, rev1):
    response = token_client(as_user(role)).post(f"/api/v1/drafts/{draft_l13.pk}/proposals/",
                                                {"lineage": str(_op(rev1, "2").lineage), "kind": "delete"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only delegates make proposals, for their delegation.", "field": None}
    assert not Proposal.objects.exists()


def test_anonymous_may_not_propose(draft_l13, rev1):
    assert token_client().post(f"/api/v1/drafts/{draft_l13.pk}/proposals/", {}, format="json").status_code == 401


@pytest.fixture
def french_proposal(other_delegate_user, rev1):
    from negotiation.services.negotiating import proposal_create

    return proposal_create(version=rev1, lineage=_op(rev1, "2").lineage, kind="delete", user=other_delegate_user)


def test_the_proposer_withdraws_once_with_history(other_delegate_user, draft_l13, french_proposal):
    client = token_client(other_delegate_user)
    url = f"/api/v1/drafts/{draft_l13.pk}/proposals/{french_proposal.pk}/withdraw/"
    response = client.post(url)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert french_proposal.history.latest().history_change_reason == "France withdrew its proposal"
    assert french_proposal.history.latest().history_user == other_delegate_user
    again = client.post(url)
    assert again.status_code == 400 and again.json()["detail"] == "This proposal is already withdrawn."


@pytest.mark.parametrize("role", ["delegate_user", *ROLES])
def test_only_the_proposers_delegation_withdraws(as_user, role, draft_l13, french_proposal):
    response = token_client(as_user(role)).post(f"/api/v1/drafts/{draft_l13.pk}/proposals/{french_proposal.pk}/withdraw/")
    assert response.status_code == 403
    expected = "Only France can withdraw its proposal." if role == "delegate_user" else "Only delegates withdraw proposals, their delegation's own."
    assert response.json()["detail"] == expected
    french_proposal.refresh_from_db()
    assert french_proposal.status == "open"


def test_withdrawing_a_proposal_of_another_draft_or_anonymously(other_delegate_user, draft_l13, french_proposal):
    assert token_client().post(f"/api/v1/drafts/{draft_l13.pk}/proposals/{french_proposal.pk}/withdraw/").status_code == 401
    response = token_client(other_delegate_user).post(f"/api/v1/drafts/{draft_l13.pk}/proposals/{french_proposal.pk + 1}/withdraw/")
    assert response.status_code == 404 and response.json() == {"detail": "No such proposal.", "field": None}
