"""The editor pages through HTTP: start, save, stale saves, conflicts, preview, privacy, issue."""
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiation.models import Paragraph, Version
from negotiation.services.editing import working_version_start


@pytest.fixture
def working(draft_l13, delegate_user):
    return working_version_start(draft=draft_l13, user=delegate_user)


def _page(client, version):
    response = client.get(reverse("editor", args=[version.draft_id, version.pk]))
    assert response.status_code == 200
    token = re.search(rb'name="token" value="([^"]+)"', response.content).group(1).decode()
    return response, token


def _state(version):
    """What editor.js would send: the paragraphs as the page shows them."""
    from negotiation.services.editing import version_items
    from negotiation.text.merge import blocks_from_items

    return blocks_from_items(version_items(version))


def _save(client, version, token, state):
    return client.post(reverse("editor", args=[version.draft_id, version.pk]), {"token": token, "state": json.dumps(state)})


def test_edit_button_starts_the_working_version_once(client, delegate_user, draft_l13):
    client.force_login(delegate_user)
    page = client.get(reverse("draft_detail", args=[draft_l13.pk]))
    assert b"Edit working text" in page.content and b"Join as co-sponsor" not in page.content
    for _ in range(2):
        response = client.post(reverse("editor_start", args=[draft_l13.pk]))
    working = draft_l13.versions.get(is_issued=False)
    assert response["Location"] == reverse("editor", args=[draft_l13.pk, working.pk])
    assert draft_l13.versions.count() == 2


def test_save_renumbers_and_redirects_with_a_message(client, delegate_user, working):
    client.force_login(delegate_user)
    _, token = _page(client, working)
    state = _state(working)
    state.insert(2, {"lineage": "0b0c4a3e-5d6f-4a1b-8c9d-0e1f2a3b4c5d", "kind": "operative", "text": "Urges Member States to act;"})
    state[3]["text"] = "Requests the Office to report annually;"
    response = _save(client, working, token, state)
    assert response.status_code == 302
    ops = list(working.paragraphs.filter(kind="operative").order_by("position").values_list("number", "text"))
    assert ops[:2] == [("1", "Urges Member States to act;"), ("2", "Requests the Office to report annually;")]
    page = client.get(response["Location"])
    assert b"Saved: revision 2" in page.content


def test_stale_save_to_another_paragraph_merges_and_says_so(client, delegate_user, working):
    client.force_login(delegate_user)
    _, token = _page(client, working)
    first, second = _state(working), _state(working)
    first[2]["text"] = "Requests the Office to report annually;"
    second[3]["text"] = "Invites all Member States to contribute;"
    assert _save(client, working, token, first).status_code == 302
    response = _save(client, working, token, second)
    assert response.status_code == 302
    assert "their changes were kept" in client.get(response["Location"]).content.decode()
    texts = set(working.paragraphs.values_list("text", flat=True))
    assert {"Requests the Office to report annually;", "Invites all Member States to contribute;"} <= texts


def test_stale_save_to_the_same_words_shows_both_texts_and_the_choice_is_saved(client, delegate_user, working):
    client.force_login(delegate_user)
    _, token = _page(client, working)
    first, second = _state(working), _state(working)
    first[4]["text"] = "Decides to close the matter."
    second[4]["text"] = "Decides to postpone the matter."
    second[3]["text"] = "Invites all Member States to contribute;"  # a change that merges: kept through the conflict
    _save(client, working, token, first)
    response = _save(client, working, token, second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Decides to close the matter." in html and "Decides to postpone the matter." in html and "OP3" in html
    assert working.paragraphs.filter(text="Invites all Member States to contribute;").count() == 0  # nothing written yet
    resolve_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(reverse("conflict_resolve", args=[working.draft_id, working.pk]), {"token": resolve_token, "choice-0": "mine"})
    assert response.status_code == 302
    texts = list(working.paragraphs.filter(kind="operative").order_by("position").values_list("text", flat=True))
    assert texts[1:] == ["Invites all Member States to contribute;", "Decides to postpone the matter."]


def test_bad_input_is_refused_with_a_message_and_the_text_is_kept(client, delegate_user, working, settings):
    settings.TEXT_LIMITS = {"max_paragraph_chars": 20_000}
    client.force_login(delegate_user)
    _, token = _page(client, working)
    state = _state(working)
    state[2]["text"] = "x" * 50_000
    response = _save(client, working, token, state)
    assert response.status_code == 400
    assert "OP1 is 50,000 characters long; a paragraph may hold at most 20,000 characters" in response.content.decode()
    assert "A paragraph may hold at most 20,000 characters." in response.content.decode()  # the page's hint
    assert ("x" * 50_000).encode() in response.content  # the user's text is still in the editor
    state[2]["text"] = "   "
    assert "OP1 is empty" in _save(client, working, token, state).content.decode()
    working.refresh_from_db()
    assert working.revision == 1


def test_markup_in_a_paragraph_is_shown_as_text(client, delegate_user, reviewer_user, working):
    client.force_login(delegate_user)
    _, token = _page(client, working)
    state = _state(working)
    state[2]["text"] = 'Requests <script>alert("x")</script> the <b>Office</b>;'
    _save(client, working, token, state)
    for url in (reverse("editor", args=[working.draft_id, working.pk]), reverse("version_detail", args=[working.draft_id, working.pk])):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    preview = client.post(reverse("editor_preview", args=[working.draft_id, working.pk]), {"state": json.dumps(state)}).content.decode()
    assert "<script>alert" not in preview and "&lt;script&gt;" in preview


def test_live_redline_shows_unsaved_changes_against_the_issued_version(client, delegate_user, working):
    client.force_login(delegate_user)
    state = _state(working)
    state.insert(2, {"lineage": "0b0c4a3e-5d6f-4a1b-8c9d-0e1f2a3b4c5d", "kind": "operative", "text": "Urges Member States to act;"})
    response = client.post(reverse("editor_preview", args=[working.draft_id, working.pk]), {"state": json.dumps(state)})
    html = response.content.decode()
    assert "1 operative paragraph inserted" in html and "<ins>Urges Member States to act;</ins>" in html
    assert working.paragraphs.count() == 7  # nothing saved


def test_live_preview_of_a_text_too_long_says_so_instead_of_working_in_the_request(client, delegate_user, working, monkeypatch):
    from negotiation.services import redlines

    client.force_login(delegate_user)
    monkeypatch.setattr(redlines, "BACKGROUND_CHARACTERS", 100)
    response = client.post(reverse("editor_preview", args=[working.draft_id, working.pk]), {"state": json.dumps(_state(working))})
    assert response.status_code == 200 and "too long for a live preview" in response.content.decode()


def test_only_main_sponsors_edit_others_are_sent_back(client, other_delegate_user, reviewer_user, working):
    for user in (other_delegate_user, reviewer_user):
        client.force_login(user)
        assert client.post(reverse("editor_start", args=[working.draft_id])).status_code == 302
        response = client.get(reverse("editor", args=[working.draft_id, working.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("draft_detail", args=[working.draft_id])
        state = _state(working)
        state[2]["text"] = "Requests nothing;"
        client.post(reverse("editor", args=[working.draft_id, working.pk]), {"token": "x", "state": json.dumps(state)})
    assert not Paragraph.objects.filter(text="Requests nothing;").exists()


def test_editing_an_issued_version_is_refused(client, delegate_user, draft_l13):
    client.force_login(delegate_user)
    issued = draft_l13.versions.get()
    response = client.get(reverse("editor", args=[draft_l13.pk, issued.pk]))
    assert response.status_code == 302
    assert "is issued and can no longer change" in client.get(response["Location"]).content.decode()


def test_working_version_is_private_to_sponsors_until_shared(client, delegate_user, other_delegate_user, reviewer_user, working):
    detail = reverse("version_detail", args=[working.draft_id, working.pk])
    download = reverse("version_download", args=[working.draft_id, working.pk, "txt"])
    client.force_login(reviewer_user)
    assert client.get(detail).status_code == 404 and client.get(download).status_code == 404
    assert client.get(reverse("draft_detail", args=[working.draft_id])).context["version"].label == "L.13"
    client.force_login(delegate_user)
    assert client.get(detail).status_code == 200
    assert client.post(reverse("version_share", args=[working.draft_id, working.pk])).status_code == 302
    for user in (reviewer_user, other_delegate_user):
        client.force_login(user)
        assert client.get(detail).status_code == 200 and client.get(download).status_code == 200


def test_reviewer_downloads_any_version_as_docx_and_text(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    issued = draft_l13.versions.get()
    docx = client.get(reverse("version_download", args=[draft_l13.pk, issued.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    text = client.get(reverse("version_download", args=[draft_l13.pk, issued.pk, "txt"])).content.decode()
    assert "1. Requests the Office to report;" in text


def test_secretariat_issues_the_working_version_and_records_an_oral_revision(client, secretariat_user, delegate_user, working):
    client.force_login(delegate_user)
    assert client.post(reverse("version_issue", args=[working.draft_id, working.pk]), {"label": "L.13/Rev.1", "date": "2011-04-13"}).status_code == 302
    working.refresh_from_db()
    assert not working.is_issued
    client.force_login(secretariat_user)
    page = client.get(reverse("version_detail", args=[working.draft_id, working.pk])).content.decode()
    assert 'value="L.13/Rev.1"' in page and 'value="L.13, as orally revised"' in page
    client.post(reverse("version_issue", args=[working.draft_id, working.pk]), {"label": "L.13/Rev.1", "date": "2011-04-13"})
    working.refresh_from_db()
    assert working.is_issued and working.label == "L.13/Rev.1"
    assert 'value="L.13/Rev.1, as further revised"' in client.get(reverse("draft_detail", args=[working.draft_id])).content.decode()
    working_version_start(draft=working.draft, user=delegate_user)
    response = client.post(reverse("oral_revision", args=[working.draft_id]), {"label": "L.13/Rev.1, as further revised", "date": "2011-04-15"})
    oral = Version.objects.get(label="L.13/Rev.1, as further revised")
    assert response["Location"] == reverse("version_detail", args=[working.draft_id, oral.pk])
    assert oral.is_issued and oral.kind == "oral" and oral.parent == working


def test_draft_page_query_count_does_not_grow_with_sponsors_or_versions(client, delegate_user, draft_l13, secretariat_user):
    from negotiation.services.sponsorship import sponsor_add
    from negotiation.services.versions import version_create
    from tests.conftest import make_parsed

    client.force_login(delegate_user)
    url = reverse("draft_detail", args=[draft_l13.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i, name in enumerate(["France", "Spain", "Mexico", "Canada", "Brazil"]):
        version_create(draft=draft_l13, label=f"L.13/Rev.{i + 1}", kind="issued", is_issued=True,
                       parsed=make_parsed(["Recalling x,"], ["Decides y."]), user=secretariat_user)
        sponsor_add(draft=draft_l13, delegation=name, user=secretariat_user)
    working_version_start(draft=draft_l13, user=delegate_user)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_editor_query_count_is_bounded(client, delegate_user, working):
    client.force_login(delegate_user)
    with CaptureQueriesContext(connection) as queries:
        _page(client, working)
    assert len(queries) <= 12
