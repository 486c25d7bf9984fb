"""The compare page, exports and paragraph history, through HTTP."""
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from negotiation.models import Paragraph
from negotiation.services import redlines
from negotiation.services.versions import draft_create, version_create
from tests.conftest import make_parsed

REV1_PP = ["Recalling its resolution 19/1,", "Noting with deep concern the rise of crime,"]
REV1_OP = ["Urges Member States to act;", "Requests the Office to report;", "Invites Member States to contribute;",
           "Decides to remain seized of the matter."]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rev1(draft_l13):
    return version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=make_parsed(REV1_PP, REV1_OP), is_issued=True)


def _compare(client, draft, old, new, **params):
    return client.get(reverse("compare", args=[draft.pk]), {"old": old.pk, "new": new.pk, **params})


def test_inserted_op_renumbers_later_ops_without_marking_them_changed(client, reviewer_user, draft_l13, rev1):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    response = _compare(client, draft_l13, old, rev1)
    html = response.content.decode()
    rows = {r["label"]: r["status"] for r in response.context["rows"]}
    assert rows["OP1 → OP2"] == "unchanged" and rows["OP2 → OP3"] == "unchanged" and rows["OP3 → OP4"] == "unchanged"
    assert rows["OP1"] == "inserted" and rows["PP2"] == "modified"
    assert "1 operative paragraph inserted; 1 preambular paragraph modified" in html
    assert "<ins>deep </ins>" in html or "<ins>deep</ins>" in html


def test_lineage_carried_by_the_importer_makes_the_redline_exact(draft_l13, rev1):
    old = draft_l13.versions.get(label="L.13")
    old_ops = {p.text: p.lineage for p in old.paragraphs.filter(kind="operative")}
    new_ops = {p.text: p.lineage for p in rev1.paragraphs.filter(kind="operative")}
    assert new_ops["Requests the Office to report;"] == old_ops["Requests the Office to report;"]
    assert new_ops["Urges Member States to act;"] not in old_ops.values()


def test_only_changes_filter_and_side_by_side_view(client, reviewer_user, draft_l13, rev1):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    response = _compare(client, draft_l13, old, rev1, changes="1", view="side")
    statuses = [r["status"] for r in response.context["rows"]]
    assert "unchanged" not in statuses and len(statuses) == 2
    html = response.content.decode()
    assert 'class="rl-old"' in html and 'class="rl-new"' in html


def test_punctuation_only_changes_can_be_hidden(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    new = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, parsed=make_parsed(
        ["Recalling its resolution 19/1;", "Noting with concern the rise of crime,"],
        ["Requests the Office to report;", "Invites Member States to contribute;", "Decides to remain seized of the matter."]))
    shown = _compare(client, draft_l13, old, new, changes="1").context["rows"]
    hidden = _compare(client, draft_l13, old, new, changes="1", punct="0").context["rows"]
    assert [r["label"] for r in shown] == ["PP1"]
    assert hidden == []


def test_redline_is_cached_and_served_from_cache(client, reviewer_user, draft_l13, rev1):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    assert redlines.redline_cached(old, rev1) is None
    _compare(client, draft_l13, old, rev1)
    assert redlines.redline_cached(old, rev1)["summary"]["line"].startswith("1 operative paragraph inserted")
    with CaptureQueriesContext(connection) as ctx:
        assert _compare(client, draft_l13, old, rev1).status_code == 200
    assert not any('"negotiation_paragraph"' in q["sql"] and "position" in q["sql"] for q in ctx.captured_queries[-3:])
    assert len(ctx) <= 10


def test_large_texts_are_computed_by_the_task_and_the_page_never_errors(client, reviewer_user, draft_l13, monkeypatch):
    client.force_login(reviewer_user)
    monkeypatch.setattr(redlines, "BACKGROUND_PARAGRAPHS", 3)
    old = draft_l13.versions.get(label="L.13")
    new = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=make_parsed(REV1_PP, REV1_OP), is_issued=True)
    response = _compare(client, draft_l13, old, new)
    assert response.status_code == 200
    # Without a broker the task runs eagerly: the page already has it; with one, it polls.
    status = client.get(reverse("compare_status", args=[draft_l13.pk]), {"old": old.pk, "new": new.pk}).json()
    assert status["ready"] is (response.context["result"] is not None)


def test_comparing_a_version_with_itself_says_so(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    v = draft_l13.versions.get()
    response = _compare(client, draft_l13, v, v)
    assert response.status_code == 200
    assert "with itself" in response.content.decode()
    assert {r["status"] for r in response.context["rows"]} == {"unchanged"}


def test_versions_of_different_drafts_compare_with_a_warning(client, reviewer_user, draft_l13, reference):
    client.force_login(reviewer_user)
    other = draft_create(body=reference["GA/C.3"], session=66, symbol="A/C.3/66/L.16", title="Other")
    ov = version_create(draft=other, label="L.16", kind="issued", is_issued=True, parsed=make_parsed(["Recalling its resolution 19/1,"], ["Decides."]))
    response = _compare(client, draft_l13, draft_l13.versions.get(), ov)
    assert response.status_code == 200
    assert "different drafts" in response.content.decode()


def test_version_whose_text_is_not_held_compares_as_all_inserted(client, reviewer_user, draft_l13):
    from negotiation.text.structure import ParsedText

    client.force_login(reviewer_user)
    empty = version_create(draft=draft_l13, label="L.13/Add.1", kind="issued", parsed=ParsedText(), is_issued=True, allow_empty=True)
    response = _compare(client, draft_l13, empty, draft_l13.versions.get(label="L.13"))
    assert response.status_code == 200
    assert {r["status"] for r in response.context["rows"]} == {"inserted"}
    assert "not held" in response.content.decode()


def test_unknown_version_id_is_404_not_an_error_page(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    assert client.get(reverse("compare", args=[draft_l13.pk]), {"old": "x", "new": "1"}).status_code == 404
    assert client.get(reverse("compare", args=[draft_l13.pk]), {"old": 999999}).status_code == 404


def test_redline_exports_to_docx_with_tracked_changes(client, reviewer_user, draft_l13, rev1):
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    response = client.get(reverse("compare_docx", args=[draft_l13.pk]), {"old": old.pk, "new": rev1.pk})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = Document(io.BytesIO(response.content)).element.body.xml
    assert "w:ins " in body and "deep" in body


def test_paragraph_history_follows_lineage_through_versions(client, reviewer_user, draft_l13, rev1):
    client.force_login(reviewer_user)
    old_pp2 = Paragraph.objects.get(version__label="L.13", version__draft=draft_l13, kind="preambular", position=3)
    response = client.get(reverse("paragraph_history", args=[draft_l13.pk, old_pp2.lineage]))
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [s["version"].label for s in steps] == ["L.13", "L.13/Rev.1"]
    assert [s["label"] for s in steps] == ["PP2", "PP2"]
    assert steps[1]["changed"] and "<ins>" in response.content.decode()


def test_version_downloads_as_docx_and_text(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    v = draft_l13.versions.get()
    docx = client.get(reverse("version_download", args=[draft_l13.pk, v.pk, "docx"]))
    text = client.get(reverse("version_download", args=[draft_l13.pk, v.pk, "txt"]))
    assert docx.status_code == 200 and "Requests the Office to report;" in "\n".join(
        p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "1. Requests the Office to report;" in text.content.decode()


def test_unknown_draft_is_404(client, reviewer_user):
    client.force_login(reviewer_user)
    assert client.get(reverse("compare", args=[999999])).status_code == 404


def test_unshared_working_version_stays_private_on_compare_and_paragraph_history(client, reviewer_user, delegate_user, draft_l13):
    working = version_create(draft=draft_l13, label="Rolling text 1", kind="informal", is_issued=False,
                             parsed=make_parsed(REV1_PP, REV1_OP))
    issued = draft_l13.versions.get(label="L.13")
    lineage = working.paragraphs.get(kind="preambular", position=3).lineage
    client.force_login(reviewer_user)
    assert _compare(client, draft_l13, issued, working).status_code == 404
    steps = client.get(reverse("paragraph_history", args=[draft_l13.pk, lineage])).context["steps"]
    assert [s["version"].label for s in steps] == ["L.13"]
    client.force_login(delegate_user)  # Italy sponsors the draft
    assert _compare(client, draft_l13, issued, working).status_code == 200


def test_a_lost_task_is_queued_again_when_the_page_polls(client, reviewer_user, draft_l13, rev1, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr("negotiation.tasks.redline_task.apply_async", lambda ids, **options: queued.append(tuple(ids)))
    client.force_login(reviewer_user)
    old = draft_l13.versions.get(label="L.13")
    status_url = reverse("compare_status", args=[draft_l13.pk])

    def poll():
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(status_url, {"old": old.pk, "new": rev1.pk}).json()

    assert poll() == {"ready": False} and poll() == {"ready": False}
    assert queued == [(old.pk, rev1.pk)]  # pending: not queued twice
    cache.delete(redlines.cache_key(old, rev1) + ":pending")  # the mark expired: the task was lost
    poll()
    assert queued == [(old.pk, rev1.pk), (old.pk, rev1.pk)]


def test_treaty_compare_heads_each_article_with_what_it_was_and_names_bracket_changes(client, reviewer_user, reference):
    """Paris, 9 -> 12 December: Articles were renumbered (technology 7 -> 10), brackets fell."""
    from negotiation.data import corpus_dir
    from negotiation.models import Body
    from negotiation.text.parse import parse_text

    body = Body.objects.create(short_name="COP-X", name="Conference of the Parties", name_in_report="Conference")
    draft = draft_create(body=body, session=21, symbol="", title="Paris Agreement", kind="decision")
    texts = [parse_text((corpus_dir() / f"paris2015/paris-agreement-2015-{day}.md").read_text(encoding="utf-8"))
             for day in ("12-09", "12-12")]
    old = version_create(draft=draft, label="President's draft of 9 December", kind="informal", parsed=texts[0], is_issued=True)
    new = version_create(draft=draft, label="decision 1/CP.21", kind="final", parsed=texts[1], is_issued=True)
    redlines.redline_compute(old, new)  # large: the page would queue it (tested above)
    client.force_login(reviewer_user)
    response = _compare(client, draft, old, new)
    html = response.content.decode()
    headings = [r for r in response.context["rows"] if r.get("is_section")]
    assert {"is_section": True, "heading": "Article 10", "was": "Article 7 (technology development and transfer)",
            "moved": False} in headings
    assert len(headings) == len({h["heading"] for h in headings}), "each Article is headed once"
    assert "(was Article 7 (technology development and transfer))" in html
    assert "alternative chosen: “" in html and "brackets removed" in html
    technology = [r for r in response.context["rows"] if not r.get("is_section") and (r.get("old_section") or "").startswith("Article 7 (")]
    assert {r["new_section"] for r in technology if r["new"] is not None} == {"Article 10"}


def test_a_paragraph_whose_only_change_is_a_bracket_choice_is_badged(client, reviewer_user, draft_l13):
    old = version_create(draft=draft_l13, label="Facilitator's text of 12 April", kind="informal",
                         parsed=make_parsed(REV1_PP, ["Urges Member States [to act][to consider acting];"] + REV1_OP[1:]),
                         is_issued=True)
    new = version_create(draft=draft_l13, label="Facilitator's text of 13 April", kind="informal",
                         parsed=make_parsed(REV1_PP, REV1_OP), is_issued=True)
    client.force_login(reviewer_user)
    response = _compare(client, draft_l13, old, new)
    row = next(r for r in response.context["rows"] if r.get("status") == "modified")
    assert row["bracket_only"] and row["note"] == "alternative chosen: “to act”, dropped [to consider acting]"
    html = response.content.decode()
    assert "brackets resolved" in html and "<del>[</del>" in html


def test_compare_rows_show_the_lead_in_italics_and_footnote_markers_as_the_draft_page_does(client, reviewer_user, draft_l13):
    import datetime

    from negotiation.services.versions import version_create
    from negotiation.text.structure import OPERATIVE, PREAMBULAR, Footnote, Paragraph, ParsedText

    old = draft_l13.versions.get(label="L.13")
    parsed = ParsedText(title="Strengthening cooperation", enacting_formula="The General Assembly,", paragraphs=[
        Paragraph(kind=PREAMBULAR, text="Recalling also its resolution 19/1,", lead="Recalling also", footnotes=["1"]),
        Paragraph(kind=PREAMBULAR, text="Noting with concern the rise of crime,", lead="Noting with concern"),
        Paragraph(kind=OPERATIVE, number="1", text="Requests the Office to report;", lead="Requests"),
    ], footnotes=[Footnote(marker="1", text="E/2011/30.")])
    new = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, date=datetime.date(2011, 4, 13), parsed=parsed)
    client.force_login(reviewer_user)
    page = client.get(reverse("compare", args=[draft_l13.pk]) + f"?old={old.pk}&new={new.pk}").content.decode()
    assert '<em>Recalling <ins>also</ins></em><ins> </ins>its resolution 19/1,<sup class="fn-ref" title="Footnote 1">1</sup>' in page
    assert "<em><del>Invites</del></em><del> Member States to contribute;</del>" in page  # a deleted paragraph's lead
    assert "<em>Noting with concern</em> the rise of crime," in page
    side = client.get(reverse("compare", args=[draft_l13.pk]) + f"?old={old.pk}&new={new.pk}&view=side").content.decode()
    assert '<div class="rl-old"><em>Recalling</em> its resolution 19/1,</div>' in side
