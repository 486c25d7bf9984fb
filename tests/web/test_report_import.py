"""The secretariat imports a session or committee report in the browser: preview (nothing
written), correct, choose, store in one transaction (issue 12, point 4)."""
import html
import io
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from negotiation.models import Action, Draft, Statement, Vote, VoteCast
from tests.conftest import CORPUS, corpus_text
from tests.text.test_report import ACTION_PARAGRAPHS_2011, THIRD_COMMITTEE

URL = "/reports/import/"


def _record_counts():
    """Rows of every model of the app, history included: "nothing written" means all equal."""
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("negotiation").get_models()}


@pytest.fixture
def ccpcj_drafts(reference):
    """The drafts and versions of CCPCJ session 20 from the corpus, without any action."""
    from negotiation.services import corpus

    for plan in corpus.plans_from_corpus(CORPUS):
        if (plan.body, plan.session) == ("CCPCJ", 20):
            corpus.plan_store(plan, reference)
    assert not Action.objects.exists()
    return reference["CCPCJ"]


@pytest.fixture
def sec_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def _data(text="", *, body="CCPCJ", session="20", year="2011", create_missing=True, **extra):
    data = {"body": body, "session": session, "year": year, "text": text, **extra}
    if create_missing:
        data["create_missing"] = "on"
    return data


def _preview(client, text="", **kwargs):
    return client.post(URL, {**_data(text, **kwargs), "step": "preview"})


def _chosen(preview_response):
    """The paragraphs the preview page checks by default."""
    return [int(n) for n in re.findall(r'name="paragraph" value="(\d+)" checked', preview_response.content.decode())]


def _store(client, preview_response, paragraphs=None, text=None, **kwargs):
    """Store what ``preview_response`` previewed (the same form, the digest it gave, the chosen paragraphs)."""
    page = preview_response.content.decode()
    digest = re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)
    posted_text = text if text is not None else _textarea(page).replace("\n", "\r\n")  # as browsers post it
    data = {**_data(posted_text, **kwargs), "step": "store", "previewed": digest,
            "paragraph": _chosen(preview_response) if paragraphs is None else paragraphs}
    return client.post(URL, data)


def _textarea(page: str) -> str:
    """The report's text as the page's textarea holds it."""
    return html.unescape(re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', page, re.S).group(1))


def _card(page: str, paragraph: int) -> str:
    """The HTML of one action's card on the preview page."""
    start = page.index(f'id="para-{paragraph}"')
    end = page.find('<article class="card ri-action', start)
    return page[start:end if end > 0 else len(page)]


# --- who may use it -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer_user", "delegate_user"])
def test_only_the_secretariat_imports_reports(client, reference, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert _preview(client, corpus_text("004")).status_code == 403
    assert client.post(URL, {**_data(corpus_text("004")), "step": "store", "paragraph": [61]}).status_code == 403
    assert not Action.objects.exists()


def test_anonymous_users_are_sent_to_the_login(client, reference):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = _preview(client, corpus_text("004"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_posts_need_the_csrf_token(secretariat_user, ccpcj_drafts):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat_user)
    assert _preview(client, corpus_text("004")).status_code == 403
    page = client.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(URL, {**_data(corpus_text("004")), "step": "preview", "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and 'id="para-61"' in response.content.decode()


def test_the_action_taken_page_links_here_for_the_secretariat_only(client, secretariat_user, reviewer_user, reference):
    client.force_login(secretariat_user)
    assert f'href="{URL}' in client.get("/reports/actions/").content.decode()
    client.force_login(reviewer_user)
    assert f'href="{URL}' not in client.get("/reports/actions/").content.decode()


# --- the form -----------------------------------------------------------------------------------


def test_the_form_offers_body_session_year_upload_and_paste(sec_client):
    response = sec_client.get(URL + "?session=CCPCJ/20")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    for name in ("body", "session", "year", "text", "file", "create_missing"):
        assert f'name="{name}"' in page
    assert '<option value="CCPCJ" selected>' in page and 'value="20"' in page


def test_nothing_to_read_is_a_clear_error(sec_client, reference):
    response = _preview(sec_client, "")
    assert response.status_code == 400
    assert "Paste the report or choose its file" in response.content.decode()


def test_a_session_number_is_required(sec_client, reference):
    response = _preview(sec_client, corpus_text("004"), session="")
    assert response.status_code == 400 and "This field is required" in response.content.decode()


def test_a_text_with_no_actions_says_so(sec_client, reference):
    response = _preview(sec_client, "1. The Commission met in Vienna.\n\n2. It elected its officers.")
    assert response.status_code == 200
    assert "No actions on drafts were found in this text" in response.content.decode()


# --- preview -------------------------------------------------------------------------------------


def test_preview_lists_every_action_and_writes_nothing(sec_client, ccpcj_drafts):
    before = _record_counts()
    response = _preview(sec_client, corpus_text("004"))
    assert response.status_code == 200
    assert _record_counts() == before  # a dry run, rolled back
    page = response.content.decode()
    assert [int(n) for n in re.findall(r'<article class="card ri-action[^"]*" id="para-(\d+)"', page)] == ACTION_PARAGRAPHS_2011
    assert _chosen(response) == ACTION_PARAGRAPHS_2011
    assert "18 new" in page and "Nothing is stored yet" in page
    p61 = _card(page, 61)
    assert "E/CN.15/2011/L.13/Rev.1" in p61 and "as further revised" in p61
    assert "9th meeting" in p61 and "15 April 2011" in p61 and "adopted" in p61
    assert "Bolivia (Plurinational State of)" in p61 and "resolution 20/3" in p61
    assert "Financial statement" in p61
    p24 = _card(page, 24)
    assert "Colombia (on behalf of the Group of Latin American and Caribbean States)" in p24
    assert "approved and recommended to the Economic and Social Council for adoption" in p24
    assert "to the Economic and Social Council for adoption by the General Assembly" in _card(page, 62)
    p63 = _card(page, 63)
    assert "Following adoption" in p63 and "China (representative)" in p63
    assert "E/CN.15/2011/CRP.7" in p63
    # the text stays in a textarea, to be corrected and previewed again
    assert "61. At its 9th meeting, on 15 April, the Commission adopted" in _textarea(page)


def test_preview_shows_parse_problems_and_failures_with_their_paragraphs(sec_client, ccpcj_drafts):
    broken = corpus_text("004").replace(
        "63. At the same meeting, the Commission adopted a revised draft resolution",
        "63. At the same meeting, the Commission noted with appreciation a revised draft resolution",
    ).replace("sponsored by Chile, Costa Rica, \n", "sponsored by Chile, Atlantis, \n")
    before = _record_counts()
    response = _preview(sec_client, broken)
    assert _record_counts() == before
    page = response.content.decode()
    problems = page[page.index('id="problems"'):page.index('id="para-21"')]
    assert "Paragraph 63" in problems and "outcome not recognised" in problems
    assert "Paragraph 64" in problems and "Unknown delegation “Atlantis”" in problems
    assert 'id="para-63"' not in page  # not read: no card
    p64 = _card(page, 64)
    assert 'name="paragraph" value="64" disabled' in p64 and "checked" not in p64.split("</label>")[0]
    assert "would not be stored" in p64 and "Atlantis" in p64
    assert 64 not in _chosen(response) and 61 in _chosen(response)


def test_preview_says_what_would_be_created_when_drafts_are_missing(sec_client, reference):
    response = _preview(sec_client, corpus_text("004"))
    page = response.content.decode()
    assert "creates draft E/CN.15/2011/L.13" in _card(page, 61)
    assert not Draft.objects.exists()
    response = _preview(sec_client, corpus_text("004"), create_missing=False)
    assert "would not be stored" in _card(response.content.decode(), 61)
    assert _chosen(response) == []


def test_preview_shows_a_recorded_vote_and_its_lists_collapsed(sec_client, reference):
    response = _preview(sec_client, THIRD_COMMITTEE, body="GA/C.3", session="78", year="")
    page = response.content.decode()
    p11 = _card(page, 11)
    assert "recorded vote" in p11 and "80 in favour, 29 against, 65 abstaining" in p11
    details = p11[p11.index("<details"):p11.index("</details>")]
    assert "In favour (80)" in details and "Against (29)" in details and "Abstaining (65)" in details
    assert "Brazil" in _card(page, 12)
    assert "without a vote" in _card(page, 9) and "<details" not in _card(page, 9)  # no lists to show
    assert "Andorra, Bahamas and Türkiye" in _card(page, 9) or "Andorra, Bahamas, Türkiye" in _card(page, 9)
    assert not Action.objects.exists()


def test_keys_the_parser_may_add_are_shown_not_a_crash(sec_client, ccpcj_drafts, monkeypatch):
    from negotiation.services import report_import

    real = report_import.parse_actions

    def extended(text, *, year=None):
        result = real(text, year=year)
        result.actions[0]["subject"] = "operative paragraph 3"
        result.actions[0]["amends"] = {"document": "E/CN.15/2011/L.2", "paragraphs": [3, 4]}
        result.actions[0]["statements"][0]["kind"] = "explanation of vote"
        result.actions[0]["statements"][0]["novel"] = ["x", "y"]
        return result

    monkeypatch.setattr(report_import, "parse_actions", extended)
    response = _preview(sec_client, corpus_text("004"))
    assert response.status_code == 200
    p21 = _card(response.content.decode(), 21)
    assert "Subject" in p21 and "operative paragraph 3" in p21
    assert "Amends" in p21 and "E/CN.15/2011/L.2" in p21
    assert "explanation of vote" in p21 and "Novel" in p21


def test_preview_again_keeps_the_officers_choice(sec_client, ccpcj_drafts):
    first = _preview(sec_client, corpus_text("004"))
    again = sec_client.post(URL, {**_data(corpus_text("004")), "step": "preview", "shown": ACTION_PARAGRAPHS_2011,
                                  "paragraph": [n for n in ACTION_PARAGRAPHS_2011 if n != 82]})
    assert _chosen(first) == ACTION_PARAGRAPHS_2011
    assert _chosen(again) == [n for n in ACTION_PARAGRAPHS_2011 if n != 82]
    assert "17 of 18 chosen" in again.content.decode()


# --- store ---------------------------------------------------------------------------------------


def test_store_records_the_chosen_actions_with_their_statements(sec_client, ccpcj_drafts):
    preview = _preview(sec_client, corpus_text("004"))
    response = _store(sec_client, preview)
    assert response.status_code == 200
    page = response.content.decode()
    assert Action.objects.count() == len(ACTION_PARAGRAPHS_2011)
    assert sorted(Action.objects.values_list("report_paragraph", flat=True)) == ACTION_PARAGRAPHS_2011
    p63 = Action.objects.get(report_paragraph=63)
    assert [s.delegations.get().short_name for s in p63.statements.all()] == ["China"]
    assert Statement.objects.filter(action__body=ccpcj_drafts).count() == sum(
        1 for a in Action.objects.all() for _ in a.statements.all())
    assert "18 actions recorded" in page
    assert f'href="/drafts/{p63.version.draft_id}/#action-{p63.pk}"' in page
    assert 'href="/reports/actions/?session=CCPCJ/20"' in page or 'href="/reports/actions/?session=CCPCJ%2F20"' in page


def test_store_records_only_the_chosen_paragraphs(sec_client, ccpcj_drafts):
    preview = _preview(sec_client, corpus_text("004"))
    response = _store(sec_client, preview, paragraphs=[61, 63])
    assert sorted(Action.objects.values_list("report_paragraph", flat=True)) == [61, 63]
    assert "2 actions recorded" in response.content.decode()


def test_store_records_a_recorded_vote_with_its_lists(sec_client, reference):
    preview = _preview(sec_client, THIRD_COMMITTEE, body="GA/C.3", session="78", year="")
    response = _store(sec_client, preview, body="GA/C.3", session="78", year="")
    assert response.status_code == 200
    vote = Vote.objects.get(action__report_paragraph=11)
    assert (vote.kind, vote.in_favour, vote.against, vote.abstaining) == ("recorded", 80, 29, 65)
    assert VoteCast.objects.filter(vote=vote, position="abstaining").count() == 65
    assert VoteCast.objects.get(vote__action__report_paragraph=12, position="abstaining").delegation.short_name == "Brazil"
    assert Draft.objects.filter(body__short_name="GA/C.3", session=78).count() == 3


def test_storing_the_same_report_again_records_nothing(sec_client, ccpcj_drafts):
    _store(sec_client, _preview(sec_client, corpus_text("004")))
    before = _record_counts()
    preview = _preview(sec_client, corpus_text("004"))
    page = preview.content.decode()
    assert "18 already recorded" in page and "already recorded" in _card(page, 61)
    response = _store(sec_client, preview)
    assert response.status_code == 200
    assert _record_counts() == before
    assert "No action recorded: 18 already recorded" in response.content.decode()


def test_a_failing_chosen_action_stores_nothing_and_names_its_paragraph(sec_client, ccpcj_drafts):
    edited = corpus_text("004").replace("sponsored by Chile, Costa Rica, \n", "sponsored by Chile, Atlantis, \n")
    preview = _preview(sec_client, edited)
    before = _record_counts()
    # The checkbox of 64 is disabled; a stale page or a crafted post chooses it anyway.
    response = _store(sec_client, preview, paragraphs=[61, 63, 64])
    assert response.status_code == 400
    assert _record_counts() == before
    page = response.content.decode()
    assert "Nothing was stored" in page and "paragraph 64" in page.lower() and "Unknown delegation “Atlantis”" in page
    # the page is the preview again, with the text kept to correct it
    assert 'id="para-61"' in page and "sponsored by Chile, Atlantis," in _textarea(page)


def test_a_chosen_paragraph_missing_from_the_text_stores_nothing(sec_client, ccpcj_drafts):
    preview = _preview(sec_client, corpus_text("004"))
    response = _store(sec_client, preview, paragraphs=[61, 500])
    assert response.status_code == 400 and not Action.objects.exists()
    assert "500" in response.content.decode()


def test_choosing_no_action_stores_nothing(sec_client, ccpcj_drafts):
    preview = _preview(sec_client, corpus_text("004"))
    response = _store(sec_client, preview, paragraphs=[])
    assert response.status_code == 400 and not Action.objects.exists()
    assert "Choose at least one action" in response.content.decode()


def test_a_text_changed_since_the_preview_is_previewed_again_not_stored(sec_client, ccpcj_drafts):
    preview = _preview(sec_client, corpus_text("004"))
    edited = corpus_text("004").replace("sponsored by Chile, Costa Rica, \n", "sponsored by Chile, Atlantis, \n")
    response = _store(sec_client, preview, text=edited)
    assert not Action.objects.exists()
    page = response.content.decode()
    assert "changed since the preview" in page
    assert 'name="paragraph" value="64" disabled' in _card(page, 64)


def test_store_after_a_concurrent_change_is_still_one_transaction(sec_client, ccpcj_drafts, monkeypatch):
    """If storing one chosen action breaks (here: an unexpected error), none is stored."""
    from negotiation.services import report_import

    preview = _preview(sec_client, corpus_text("004"))
    real = report_import.actions_import

    def flaky(**kwargs):
        if any(a.get("paragraph") == 82 for a in kwargs.get("actions") or []):
            raise KeyError("meeting")
        return real(**kwargs)

    monkeypatch.setattr(report_import, "actions_import", flaky)
    response = _store(sec_client, preview)
    assert response.status_code == 400 and not Action.objects.exists()
    assert "paragraph 82" in response.content.decode().lower()


# --- upload --------------------------------------------------------------------------------------


def test_upload_of_a_txt_file(sec_client, ccpcj_drafts):
    upload = SimpleUploadedFile("E-2011-30.txt", corpus_text("004").encode("utf-8"), content_type="text/plain")
    response = sec_client.post(URL, {**_data(""), "file": upload, "step": "preview"})
    assert response.status_code == 200
    assert _chosen(response) == ACTION_PARAGRAPHS_2011
    page = response.content.decode()
    assert "E-2011-30.txt" in page and "61. At its 9th meeting, on 15 April" in _textarea(page)
    _store(sec_client, response)
    assert Action.objects.count() == len(ACTION_PARAGRAPHS_2011)


def test_upload_of_a_docx_file(sec_client, ccpcj_drafts):
    import docx

    document = docx.Document()
    for line in corpus_text("004").split("\n"):
        document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("E-2011-30.docx", data.getvalue())
    response = sec_client.post(URL, {**_data(""), "file": upload, "step": "preview"})
    assert response.status_code == 200
    assert _chosen(response) == ACTION_PARAGRAPHS_2011
    response = _store(sec_client, response, paragraphs=[61])
    assert list(Action.objects.values_list("report_paragraph", flat=True)) == [61]


def test_upload_of_a_pdf_file(sec_client, reference):
    from tests.pdf_files import write_lines_pdf

    upload = SimpleUploadedFile("A-78-481.pdf", write_lines_pdf(THIRD_COMMITTEE.splitlines()))
    response = sec_client.post(URL, {**_data("", body="GA/C.3", session="78", year=""), "file": upload, "step": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert [int(n) for n in re.findall(r'<article class="card ri-action[^"]*" id="para-(\d+)"', page)] == [9, 11, 12]
    assert "80 in favour, 29 against, 65 abstaining" in _card(page, 11)
    assert not Action.objects.exists()


def test_an_unreadable_upload_is_a_clear_error(sec_client, reference):
    upload = SimpleUploadedFile("report.docx", b"PK\x03\x04 this is not really a zip")
    response = sec_client.post(URL, {**_data(""), "file": upload, "step": "preview"})
    assert response.status_code == 400
    assert "report.docx" in response.content.decode()
