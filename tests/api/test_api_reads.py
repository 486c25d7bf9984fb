"""Reading through the API: authentication, visibility as on the pages, versions with their
paragraphs, ETags, redlines (ready, queued, unavailable), sponsors, actions, the negotiation."""
import datetime

import pytest

from tests.api import token_client

# --- authentication --------------------------------------------------------------------------


def test_anonymous_requests_get_401_asking_for_a_token_not_the_login_page(draft_l13):
    response = token_client().get("/api/v1/drafts/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided.", "field": None}
    assert token_client().get("/api/v1/schema/").status_code == 401


def test_a_token_authenticates_and_a_revoked_token_does_not(reviewer_user, draft_l13):
    from rest_framework.authtoken.models import Token

    client = token_client(reviewer_user)
    assert client.get("/api/v1/drafts/").status_code == 200
    Token.objects.filter(user=reviewer_user).delete()  # what the admin's delete does
    response = client.get("/api/v1/drafts/")
    assert response.status_code == 401 and response.json()["detail"] == "Invalid token."


def test_the_session_of_the_site_authenticates_too(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    response = client.get("/api/v1/drafts/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_tokens_are_listed_and_revocable_in_the_admin(client, secretariat_user, reviewer_user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=reviewer_user)
    secretariat_user.is_superuser = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    page = client.get("/admin/authtoken/tokenproxy/")
    assert page.status_code == 200 and "rev" in page.content.decode()
    response = client.post(f"/admin/authtoken/tokenproxy/{reviewer_user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Token.objects.filter(key=token.key).exists()


def test_an_unknown_path_under_the_api_is_a_json_404(reviewer_user):
    response = token_client(reviewer_user).get("/api/v1/drafts/-1/")
    assert response.status_code == 404 and response.json() == {"detail": "No such API endpoint.", "field": None}


# --- bodies and drafts -----------------------------------------------------------------------


def test_bodies_are_listed_with_pagination(reviewer_user, reference):
    data = token_client(reviewer_user).get("/api/v1/bodies/", {"page_size": 2}).json()
    assert data["count"] >= 3 and len(data["results"]) == 2 and data["next"]
    ccpcj = token_client(reviewer_user).get(f"/api/v1/bodies/{reference['CCPCJ'].pk}/").json()
    assert ccpcj["short_name"] == "CCPCJ" and ccpcj["reports_to"] == "ECOSOC"


def test_draft_list_has_the_filters_of_the_list_page(reviewer_user, draft_l13, rev1):
    client = token_client(reviewer_user)
    [row] = client.get("/api/v1/drafts/", {"body": "CCPCJ", "session": 20, "status": "negotiating", "sponsor": "Italy"}).json()["results"]
    assert (row["id"], row["symbol"], row["latest_label"], row["version_count"], row["sponsor_count"]) == (
        draft_l13.pk, "E/CN.15/2011/L.13", "L.13/Rev.1", 2, 1)
    assert row["url"].endswith(f"/api/v1/drafts/{draft_l13.pk}/")
    for miss in ({"body": "GA/C.3"}, {"session": 21}, {"status": "adopted"}, {"sponsor": "France"}, {"q": "nothing like it"}):
        assert client.get("/api/v1/drafts/", miss).json()["results"] == [], miss
    assert client.get("/api/v1/drafts/", {"q": "Rev.1"}).json()["count"] == 1


def test_a_private_working_text_never_leaks_through_lists_search_or_detail(
        working, delegate_user, other_delegate_user, reviewer_user, facilitator_user, secretariat_user):
    draft = working.draft
    for user in (other_delegate_user, reviewer_user):
        client = token_client(user)
        assert client.get("/api/v1/drafts/", {"q": "Secret compromise"}).json()["results"] == []
        everything = client.get("/api/v1/drafts/").content.decode()
        assert "Secret compromise" not in everything
        detail = client.get(f"/api/v1/drafts/{draft.pk}/").json()
        assert [v["label"] for v in detail["versions"]] == ["L.13"] and detail["version_count"] == 1
        assert [v["label"] for v in client.get(f"/api/v1/drafts/{draft.pk}/versions/").json()["results"]] == ["L.13"]
        assert client.get(f"/api/v1/versions/{working.pk}/").status_code == 404
        assert client.get(f"/api/v1/drafts/{draft.pk}/redline/", {"new": working.pk}).status_code == 404
        assert "Secret compromise" not in client.get(f"/api/v1/drafts/{draft.pk}/redline/").content.decode()
        assert "Secret compromise" not in client.get(f"/api/v1/drafts/{draft.pk}/sponsorships/").content.decode()
        assert client.get(f"/api/v1/drafts/{draft.pk}/proposals/").status_code == 404  # the text under negotiation is private
    for user in (delegate_user, facilitator_user, secretariat_user):
        client = token_client(user)
        assert [d["id"] for d in client.get("/api/v1/drafts/", {"q": "Secret compromise"}).json()["results"]] == [draft.pk], user
        assert client.get(f"/api/v1/versions/{working.pk}/").json()["label"] == "Secret compromise by Italy"


def test_a_draft_known_only_by_a_private_text_is_not_found(reference, delegate_user, other_delegate_user):
    from negotiation.services.importing import import_save
    from tests.conftest import make_parsed

    parsed = make_parsed(["Recalling nothing,"], ["Decides on a hidden matter."], title="Hidden initiative of Italy")
    version = import_save(user=delegate_user, parsed=parsed, label="Zero draft by Italy", kind="informal", date=None,
                          body=reference["GA/C.3"], session=81, symbol="", title="Hidden initiative of Italy")
    client = token_client(other_delegate_user)
    assert "Hidden initiative" not in client.get("/api/v1/drafts/").content.decode()
    for url in (f"/api/v1/drafts/{version.draft_id}/", f"/api/v1/drafts/{version.draft_id}/versions/",
                f"/api/v1/drafts/{version.draft_id}/sponsorships/", f"/api/v1/drafts/{version.draft_id}/actions/",
                f"/api/v1/versions/{version.pk}/"):
        response = client.get(url)
        assert response.status_code == 404 and "Hidden" not in response.content.decode(), url
    assert token_client(delegate_user).get(f"/api/v1/drafts/{version.draft_id}/").status_code == 200


# --- versions --------------------------------------------------------------------------------


def test_a_version_has_its_paragraphs_with_labels_lineage_footnotes_and_brackets(reviewer_user, draft_l13, rev1):
    data = token_client(reviewer_user).get(f"/api/v1/versions/{rev1.pk}/").json()
    assert (data["label"], data["full_label"], data["kind"], data["is_issued"]) == ("L.13/Rev.1", "E/CN.15/2011/L.13/Rev.1", "issued", True)
    rows = data["paragraphs"]
    labelled = [(p["kind"], p["label"]) for p in rows if p["label"]]
    assert labelled == [("preambular", "PP1"), ("preambular", "PP2"), ("operative", "OP1"), ("subparagraph", "OP1 (a)"),
                        ("subparagraph", "OP1 (b)"), ("operative", "OP2"), ("operative", "OP3"), ("footnote", "footnote 1")]
    by_label = {p["label"]: p for p in rows}
    assert by_label["PP1"]["footnote_markers"] == ["1"] and by_label["footnote 1"]["text"] == "A/RES/19/1."
    assert by_label["OP1 (a)"]["parent"] == by_label["OP1"]["id"]
    assert [(b["depth"], b["closed"]) for b in by_label["OP1"]["brackets"]] == [(1, True), (1, True)]
    text = by_label["OP1"]["text"]
    assert [text[b["start"]:b["end"]] for b in by_label["OP1"]["brackets"]] == ["[annually]", "[biennially]"]
    old = token_client(reviewer_user).get(f"/api/v1/versions/{draft_l13.versions.get(label='L.13').pk}/").json()
    old_lineages = {p["label"]: p["lineage"] for p in old["paragraphs"]}
    assert by_label["OP1"]["lineage"] == old_lineages["OP1"] and by_label["PP2"]["lineage"] == old_lineages["PP2"]


def test_an_issued_version_has_an_etag_and_answers_304_to_if_none_match(reviewer_user, draft_l13, django_assert_max_num_queries):
    client = token_client(reviewer_user)
    version = draft_l13.versions.get()
    first = client.get(f"/api/v1/versions/{version.pk}/")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"version-')
    with django_assert_max_num_queries(4):  # token, user's roles, the version: no paragraphs read
        again = client.get(f"/api/v1/versions/{version.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert client.get(f"/api/v1/versions/{version.pk}/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_working_version_has_no_etag(delegate_user, working):
    response = token_client(delegate_user).get(f"/api/v1/versions/{working.pk}/")
    assert response.status_code == 200 and not response.has_header("ETag")
    assert response["Cache-Control"] == "private, no-cache"


def test_version_reads_take_a_fixed_number_of_queries(reviewer_user, draft_l13, rev1, django_assert_max_num_queries):
    client = token_client(reviewer_user)
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/versions/{rev1.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/drafts/{draft_l13.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/drafts/").status_code == 200


# --- redlines --------------------------------------------------------------------------------


def test_the_redline_has_the_rows_of_the_compare_page(reviewer_user, draft_l13, rev1):
    data = token_client(reviewer_user).get(f"/api/v1/drafts/{draft_l13.pk}/redline/").json()
    assert (data["state"], data["old"]["label"], data["new"]["label"], data["same_draft"]) == ("ready", "L.13", "L.13/Rev.1", True)
    op1 = next(r for r in data["rows"] if r["label"] == "OP1")
    assert op1["status"] == "modified" and op1["new_status"] == "bracketed"
    assert [1, "[annually] [biennially]:"] in op1["segments"] or any(op == 1 and "[annually]" in t for op, t in op1["segments"])
    assert "modified" in data["summary"]["line"]
    changed = token_client(reviewer_user).get(f"/api/v1/drafts/{draft_l13.pk}/redline/", {"changes": "1"}).json()["rows"]
    assert [r["label"] for r in changed] == ["OP1"]


def test_a_large_redline_is_queued_with_a_poll_url_then_ready(reviewer_user, draft_l13, rev1, monkeypatch):
    from negotiation.api import views
    from negotiation.services import redlines

    monkeypatch.setattr(views, "redline_state", lambda old, new: (redlines.QUEUED, None))
    client = token_client(reviewer_user)
    response = client.get(f"/api/v1/drafts/{draft_l13.pk}/redline/", {"changes": "1"})
    assert response.status_code == 202 and response["Retry-After"] == "2"
    body = response.json()
    assert body["state"] == "queued" and response["Location"] == body["poll_url"]
    old, new = draft_l13.versions.order_by("sequence")
    assert body["poll_url"].endswith(f"/api/v1/drafts/{draft_l13.pk}/redline/?old={old.pk}&new={new.pk}&changes=1")
    monkeypatch.undo()
    assert client.get(body["poll_url"]).json()["state"] == "ready"


def test_a_large_redline_without_the_background_service_says_try_again(reviewer_user, draft_l13, rev1, monkeypatch):
    from negotiation.api import views
    from negotiation.services import redlines

    monkeypatch.setattr(views, "redline_state", lambda old, new: (redlines.UNAVAILABLE, None))
    response = token_client(reviewer_user).get(f"/api/v1/drafts/{draft_l13.pk}/redline/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert response.json()["state"] == "unavailable" and "Try again shortly" in response.json()["detail"]


def test_a_redline_of_unknown_versions_is_404(reviewer_user, draft_l13):
    client = token_client(reviewer_user)
    assert client.get(f"/api/v1/drafts/{draft_l13.pk}/redline/", {"old": "x"}).status_code == 404
    assert client.get(f"/api/v1/drafts/{draft_l13.pk}/redline/", {"old": 10**9}).status_code == 404


# --- sponsors, actions, the negotiation ------------------------------------------------------


def test_sponsorships_have_dates_versions_and_on_behalf_of(reviewer_user, secretariat_user, draft_l13):
    from negotiation.services.sponsorship import sponsor_add, sponsor_withdraw

    sponsor_add(draft=draft_l13, delegation="Indonesia", on_behalf_of="Group of 77 and China", user=secretariat_user,
                joined_on=datetime.date(2011, 4, 12))
    mexico = sponsor_add(draft=draft_l13, delegation="Mexico", user=secretariat_user, joined_on=datetime.date(2011, 4, 12))
    sponsor_withdraw(sponsorship=mexico, withdrawn_on=datetime.date(2011, 4, 13), user=secretariat_user)
    rows = {r["delegation"]: r for r in token_client(reviewer_user).get(f"/api/v1/drafts/{draft_l13.pk}/sponsorships/").json()["results"]}
    assert rows["Italy"]["role"] == "main" and rows["Italy"]["active"] and rows["Italy"]["joined_version"]["label"] == "L.13"
    assert rows["Indonesia"]["display"] == "Indonesia (on behalf of the Group of 77 and China)"
    assert rows["Indonesia"]["on_behalf_of"] == "Group of 77 and China" and rows["Indonesia"]["joined_on"] == "2011-04-12"
    assert (rows["Mexico"]["withdrawn_on"], rows["Mexico"]["withdrawn_version"]["label"], rows["Mexico"]["active"]) == ("2011-04-13", "L.13", False)


@pytest.fixture
def adopted(draft_l13, rev1, secretariat_user):
    from negotiation.services.actions import action_record

    return action_record(
        version=rev1, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted", user=secretariat_user,
        vote={"kind": "recorded", "in_favour": 2, "against": 1, "abstaining": 0,
              "lists": {"in_favour": ["Italy", "Mexico"], "against": ["France"], "abstaining": []}},
        statements=[{"delegations": ["France"], "text": "France voted against because of operative paragraph 1.", "timing": "after",
                     "kind": "eov", "paragraph_refs": "operative paragraph 1"}],
        result="resolution 20/3", subsequently_joined=["Spain"],
    )


def test_actions_have_their_vote_lists_and_statements(reviewer_user, draft_l13, adopted, django_assert_max_num_queries):
    client = token_client(reviewer_user)
    with django_assert_max_num_queries(14):
        data = client.get(f"/api/v1/drafts/{draft_l13.pk}/actions/").json()
    [action] = data["results"]
    assert (action["outcome"], action["meeting_number"], action["date"], action["result"], action["version"]["label"]) == (
        "adopted", 9, "2011-04-15", "resolution 20/3", "L.13/Rev.1")
    assert action["vote"] == {"kind": "recorded", "in_favour": 2, "against": 1, "abstaining": 0,
                              "lists": {"in_favour": ["Italy", "Mexico"], "against": ["France"], "abstaining": []}}
    [statement] = action["statements"]
    assert statement["delegations"] == ["France"] and statement["kind"] == "eov" and statement["timing"] == "after"
    assert [p["label"] for p in statement["paragraphs"]] == ["OP1"]
    assert action["subsequently_joined"] == ["Spain"]


def test_proposals_and_paragraph_statuses_of_the_negotiation(
        other_delegate_user, delegate_user, reviewer_user, draft_l13, rev1, facilitator_user):
    from negotiation.services.negotiating import paragraph_status_set, proposal_create, proposal_respond

    op2 = rev1.paragraphs.get(kind="operative", number="2")
    proposal = proposal_create(version=rev1, lineage=op2.lineage, kind="amend", text="Invites all States to contribute;",
                               user=other_delegate_user, reason="Broader")
    proposal_respond(proposal=proposal, stance="support", user=delegate_user)
    paragraph_status_set(version=rev1, lineage=op2.lineage, status="ad_ref", note="Agreed at the second reading", user=facilitator_user)
    client = token_client(reviewer_user)
    [row] = client.get(f"/api/v1/drafts/{draft_l13.pk}/proposals/").json()["results"]
    assert (row["delegation"], row["label"], row["kind"], row["status"], row["supporters"], row["objectors"]) == (
        "France", "OP2", "amend", "open", ["Italy"], [])
    assert client.get(f"/api/v1/drafts/{draft_l13.pk}/proposals/", {"status": "withdrawn"}).json()["results"] == []
    data = client.get(f"/api/v1/drafts/{draft_l13.pk}/paragraph-statuses/").json()
    assert data["version"]["label"] == "L.13/Rev.1"
    rows = {r["label"]: r for r in data["paragraphs"]}
    assert (rows["OP2"]["status"], rows["OP2"]["set_by_facilitator"], rows["OP2"]["note"], rows["OP2"]["open_proposals"]) == (
        "ad_ref", True, "Agreed at the second reading", 1)
    assert (rows["OP1"]["status"], rows["OP1"]["brackets"], rows["OP1"]["set_by_facilitator"]) == ("bracketed", 2, False)
    assert rows["PP1"]["status"] == "pending" and data["counts"] == {"pending": 3, "bracketed": 1, "ad_ref": 1}

