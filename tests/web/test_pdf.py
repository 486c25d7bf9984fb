"""PDF downloads of a version and of a redline (WeasyPrint), and the .docx redline with
footnotes, Word moves and authors, through HTTP. The PDFs are opened with pypdf and read."""
import io
import re
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from negotiation.models import Delegation, Proposal
from negotiation.services import redlines
from negotiation.services.editing import working_version_start
from negotiation.services.versions import version_create
from negotiation.text.structure import OPERATIVE, PREAMBULAR, Footnote, Paragraph, ParsedText, SubParagraph
from negotiation.views.pdf import ordinal_words

NOTE_1 = "United Nations, Treaty Series, vol. 2225, No. 39574."
NOTE_2 = "General Assembly resolution 65/230, annex."
NOTE_3 = "E/CN.15/2011/2, chap. I."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _paragraphs(ops: list[tuple[str, str]], pps: list[tuple[str, str]], notes: dict[int, list[str]] | None = None):
    notes = notes or {}
    paragraphs = [Paragraph(kind=PREAMBULAR, lead=lead, text=text) for lead, text in pps]
    paragraphs += [Paragraph(kind=OPERATIVE, number=str(i), lead=lead, text=text) for i, (lead, text) in enumerate(ops, 1)]
    for index, markers in notes.items():
        paragraphs[index].footnotes = markers
    return paragraphs


OLD_PP = [("Recalling", "Recalling the United Nations Convention against Transnational Organized Crime,"),
          ("Noting with concern", "Noting with concern the rise of crime,"),
          ("Welcoming", "Welcoming the work of the Office on Drugs and Crime,")]
OLD_OP = [("Requests", "Requests the Office to report to the Commission at its next session;"),
          ("Invites", "Invites Member States to contribute to the trust fund;"),
          ("Decides", "Decides to remain seized of the matter.")]
NEW_PP = [("Welcoming", "Welcoming the work of the Office on Drugs and Crime,"),  # moved up from PP3
          ("Recalling", "Recalling the United Nations Convention against Transnational Organized Crime,"),
          ("Noting with deep concern", "Noting with deep concern the rise of crime,")]
NEW_OP = [("Requests", "Requests the Office to submit a report to the Commission at its next session;"),
          ("Urges", "Urges Member States to act;"),
          ("Decides", "Decides to remain seized of the matter.")]


@pytest.fixture
def l13_with_notes(draft_l13, secretariat_user):
    """L.13/Rev.1 with footnotes and sub-paragraphs, then Rev.2: PP3 moved up, words inserted
    and deleted, OP2 replaced, footnote 2 dropped and footnote 3 new."""
    rev1_paragraphs = _paragraphs(OLD_OP, OLD_PP, {0: ["1"], 4: ["2"]})
    rev1_paragraphs[3].subparagraphs = [SubParagraph(number="a", text="on trafficking in persons;"),
                                        SubParagraph(number="b", text="on the smuggling of migrants;")]
    rev1 = version_create(
        draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
        parsed=ParsedText(title="Strengthening cooperation", enacting_formula="The Economic and Social Council,",
                          sponsor_line="Italy: revised draft resolution", paragraphs=rev1_paragraphs,
                          footnotes=[Footnote("1", NOTE_1), Footnote("2", NOTE_2)]))
    rev2 = version_create(
        draft=draft_l13, label="L.13/Rev.2", kind="issued", is_issued=True, user=secretariat_user,
        parsed=ParsedText(title="Strengthening cooperation", enacting_formula="The Economic and Social Council,",
                          paragraphs=_paragraphs(NEW_OP, NEW_PP, {1: ["1"], 3: ["3"]}),
                          footnotes=[Footnote("1", NOTE_1), Footnote("3", NOTE_3)]))
    return rev1, rev2


def pdf_text(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]


def _version_pdf(client, draft, version):
    return client.get(reverse("version_pdf", args=[draft.pk, version.pk]))


def _redline(client, draft, old, new, name="compare_pdf", **params):
    return client.get(reverse(name, args=[draft.pk]), {"old": old.pk, "new": new.pk, **params})


# --- a version ----------------------------------------------------------------------------


def test_version_pdf_has_the_un_layout_and_its_footnotes(client, reviewer_user, draft_l13, l13_with_notes):
    rev1, _ = l13_with_notes
    client.force_login(reviewer_user)
    response = _version_pdf(client, draft_l13, rev1)
    assert response["Content-Disposition"] == 'attachment; filename="E-CN.15-2011-L.13-Rev.1.pdf"'
    [page] = pdf_text(response)
    assert page.startswith("United Nations E/CN.15/2011/L.13/Rev.1")  # the symbol top right
    assert "Commission on Crime Prevention and Criminal Justice" in page and "Distr.: Limited" in page
    assert "Twentieth session" in page
    assert "Italy: revised draft resolution" in page and "Strengthening cooperation" in page
    assert "Recalling the United Nations Convention against Transnational Organized Crime,1" in page
    assert "1. Requests the Office to report to the Commission at its next session; (a) on trafficking" in page
    assert "2. Invites Member States to contribute to the trust fund;2" in page
    assert "3. Decides to remain seized of the matter." in page
    # Footnotes at the bottom of the page, after the text, with their markers; then the page number.
    assert page.index("1 " + NOTE_1) > page.index("3. Decides") and page.index("2 " + NOTE_2) > page.index("1 " + NOTE_1)
    assert page.endswith("1/1")


def test_version_pdf_context_shows_leads_in_italics(client, reviewer_user, draft_l13, l13_with_notes):
    from django.template.loader import render_to_string

    from negotiation.views.pdf import version_pdf_context

    html = render_to_string("negotiation/pdf/version.html", version_pdf_context(l13_with_notes[0]))
    assert '<em class="lead">Noting with concern</em> the rise of crime,' in html
    assert '<span class="num">1.</span><em class="lead">Requests</em>' in html
    assert f'<span class="fn" data-marker="1">{NOTE_1}</span>' in html


def test_a_long_version_footnotes_stand_on_the_page_that_cites_them(client, reviewer_user, draft_l13, secretariat_user):
    ops = [("Requests", f"Requests the Office to act on matter number {i} " + "with all due care " * 12 + ";")
           for i in range(1, 41)]
    paragraphs = _paragraphs(ops, [], {0: ["1"], 39: ["2"]})
    version = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, user=secretariat_user,
                             parsed=ParsedText(title="Long text", paragraphs=paragraphs,
                                               footnotes=[Footnote("1", NOTE_1), Footnote("2", NOTE_2)]))
    client.force_login(reviewer_user)
    pages = pdf_text(_version_pdf(client, draft_l13, version))
    assert len(pages) > 2
    assert NOTE_1 in pages[0] and NOTE_2 not in pages[0]
    assert NOTE_2 in pages[-1] and NOTE_1 not in pages[-1]
    assert "E/CN.15/2011/L.13/Rev.1" in pages[1] and "United Nations" not in pages[1]  # the symbol runs on later pages
    assert pages[-1].endswith(f"{len(pages)}/{len(pages)}")
    assert "40. Requests the Office to act on matter number 40" in pages[-1]


def test_private_working_version_pdf_is_for_its_sponsors_only(client, draft_l13, delegate_user, other_delegate_user, reviewer_user):
    working = working_version_start(draft=draft_l13, user=delegate_user)
    client.force_login(other_delegate_user)
    assert _version_pdf(client, draft_l13, working).status_code == 404
    client.force_login(reviewer_user)
    assert _version_pdf(client, draft_l13, working).status_code == 404
    client.force_login(delegate_user)
    [page] = pdf_text(_version_pdf(client, draft_l13, working))
    assert "not an issued document" in page and "1. Requests the Office to report;" in page


def test_pdf_downloads_ask_for_login_as_the_other_downloads_do(client, draft_l13, l13_with_notes):
    rev1, rev2 = l13_with_notes
    docx = client.get(reverse("version_download", args=[draft_l13.pk, rev1.pk, "docx"]))
    pdf = _version_pdf(client, draft_l13, rev1)
    redline = _redline(client, draft_l13, rev1, rev2)
    assert pdf.status_code == redline.status_code == docx.status_code
    assert pdf.get("Location", "").split("?")[0] == docx.get("Location", "").split("?")[0]


def test_version_pdf_of_another_draft_is_404(client, reviewer_user, draft_l13, l13_with_notes):
    client.force_login(reviewer_user)
    rev1, _ = l13_with_notes
    assert client.get(reverse("version_pdf", args=[draft_l13.pk + 1000, rev1.pk])).status_code == 404


def test_ordinal_words_name_sessions_as_un_documents_do():
    assert [ordinal_words(n) for n in (1, 20, 21, 66, 80, 99, 100, 111)] == [
        "First", "Twentieth", "Twenty-first", "Sixty-sixth", "Eightieth", "Ninety-ninth", "100th", "111th"]


# --- a redline ----------------------------------------------------------------------------


def test_redline_pdf_shows_inserted_deleted_and_moved_words(client, reviewer_user, draft_l13, l13_with_notes):
    rev1, rev2 = l13_with_notes
    client.force_login(reviewer_user)
    response = _redline(client, draft_l13, rev1, rev2)
    assert response["Content-Disposition"] == 'attachment; filename="redline L.13-Rev.1 - L.13-Rev.2.pdf"'
    text = " ".join(pdf_text(response))
    assert text.startswith("United Nations E/CN.15/2011/L.13/Rev.2")
    assert "Changes from E/CN.15/2011/L.13/Rev.1 to E/CN.15/2011/L.13/Rev.2" in text
    # Inserted and deleted words are both there (underlined, struck through: see the HTML test).
    assert "Noting with deep concern the rise of crime," in text
    assert "1. Requests the Office to submit a report to the Commission at its next session; a on trafficking" in text
    assert "2. InvitesUrges Member States to contribute to the trust fundact;" in text
    assert "PP3 → PP1" in text and "MOVED" in text and "Moved from PP3" in text
    assert "1. Requests" in text and "3. Decides" in text
    # Footnotes: kept, dropped with the old OP2, new on OP1.
    assert "1 " + NOTE_1 in text and "2 " + NOTE_2 in text and "3 " + NOTE_3 in text


def test_redline_pdf_html_underlines_insertions_and_strikes_deletions(client, reviewer_user, draft_l13, l13_with_notes):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from negotiation.views.pdf import redline_export, redline_pdf_context

    rev1, rev2 = l13_with_notes
    request = RequestFactory().get("/", {"old": rev1.pk, "new": rev2.pk})
    request.user = reviewer_user
    draft, old, new, _, data, old_parsed, new_parsed = redline_export(request, draft_l13.pk)
    context = redline_pdf_context(draft, old, new, data, old_parsed, new_parsed)
    html = render_to_string("negotiation/pdf/redline.html", context)
    assert "<em>Noting with </em><ins><em>deep </em></ins><em>concern</em> the rise of crime," in html
    assert "the Office to <ins>submit a </ins>report to the Commission" in html
    assert "<del><em>Invites</em></del><ins><em>Urges</em></ins> Member States to <del>contribute to the trust fund</del><ins>act</ins>;" in html
    assert 'class="row row-moved"' in html
    assert f'<span class="fn fn-del" data-marker="2">{NOTE_2}</span>' in html
    assert f'<span class="fn fn-ins" data-marker="3">{NOTE_3}</span>' in html
    assert f'<span class="fn" data-marker="1">{NOTE_1}</span>' in html
    css = open(__import__("django.contrib.staticfiles.finders", fromlist=["find"]).find("css/pdf.css")).read()
    assert re.search(r"ins \{[^}]*text-decoration: underline", css) and re.search(r"del \{[^}]*line-through", css)


def test_redline_pdf_changes_only(client, reviewer_user, draft_l13, l13_with_notes):
    rev1, rev2 = l13_with_notes
    client.force_login(reviewer_user)
    text = " ".join(pdf_text(_redline(client, draft_l13, rev1, rev2, changes="1")))
    assert "changed paragraphs only" in text
    assert "Decides to remain seized" not in text and "deep" in text


def test_large_redline_pdf_is_not_computed_in_the_request(client, reviewer_user, draft_l13, l13_with_notes, monkeypatch):
    rev1, rev2 = l13_with_notes
    monkeypatch.setattr(redlines, "BACKGROUND_PARAGRAPHS", 3)
    computed = []
    monkeypatch.setattr(redlines, "redline_compute", lambda old, new: computed.append(1))
    client.force_login(reviewer_user)
    # Queued for a worker: 202, try again shortly.
    monkeypatch.setattr(redlines, "redline_queue", lambda old, new: True)
    queued = _redline(client, draft_l13, rev1, rev2)
    assert queued.status_code == 202 and queued["Retry-After"] == "5"
    assert "being computed" in queued.content.decode() and queued["Content-Type"].startswith("text/html")
    # The background service cannot be reached: 503, try again shortly.
    monkeypatch.setattr(redlines, "redline_queue", lambda old, new: False)
    unavailable = _redline(client, draft_l13, rev1, rev2)
    assert unavailable.status_code == 503 and int(unavailable["Retry-After"]) > 0
    assert "Try again shortly" in unavailable.content.decode()
    assert computed == []


def test_redline_pdf_keeps_private_working_versions_private(client, draft_l13, delegate_user, reviewer_user):
    working = working_version_start(draft=draft_l13, user=delegate_user)
    old = draft_l13.versions.get(label="L.13")
    client.force_login(reviewer_user)
    assert _redline(client, draft_l13, old, working).status_code == 404
    assert _redline(client, draft_l13, old, working, name="compare_docx").status_code == 404
    client.force_login(delegate_user)
    text = " ".join(pdf_text(_redline(client, draft_l13, old, working)))
    assert "Changes from E/CN.15/2011/L.13 (11 April 2011) to Working text on L.13" in text
    assert "Informal text: not an issued document" in text


# --- the .docx redline through HTTP -------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_xml(response, name="word/document.xml") -> str:
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return archive.read(name).decode()


def test_docx_redline_has_moves_footnotes_and_no_label_prefixes(client, reviewer_user, draft_l13, l13_with_notes):
    rev1, rev2 = l13_with_notes
    client.force_login(reviewer_user)
    response = _redline(client, draft_l13, rev1, rev2, name="compare_docx")
    xml = _docx_xml(response)
    assert "->" not in xml and "-&gt;" not in xml and "→" not in xml and "PP3" not in xml
    assert re.search(r'<w:moveFromRangeStart [^>]*w:name="move1"', xml) and re.search(r'<w:moveToRangeStart [^>]*w:name="move1"', xml)
    assert "<w:moveFrom " in xml and "<w:moveTo " in xml and "<w:ins " in xml and "<w:del " in xml
    notes = _docx_xml(response, "word/footnotes.xml")
    assert NOTE_1 in notes and NOTE_2 in notes and NOTE_3 in notes
    assert 'w:customMarkFollows="1"' in xml


def test_docx_redline_names_the_author_of_each_change(client, reviewer_user, draft_l13, l13_with_notes, delegate_user):
    """The delegation whose incorporated proposal made a change; else the user who stored the version."""
    rev1, rev2 = l13_with_notes
    op1 = rev2.paragraphs.get(kind="operative", number="1")
    Proposal.objects.create(
        draft=draft_l13, version=rev2, lineage=op1.lineage, label="OP1", kind=Proposal.Kind.AMEND,
        base_text="Requests the Office to report to the Commission at its next session;", text=op1.text,
        delegation=Delegation.objects.get(short_name="Argentina"),
        on_behalf_of=Delegation.objects.get(short_name="Group of 77 and China"), status=Proposal.Status.INCORPORATED,
    )
    client.force_login(reviewer_user)
    xml = _docx_xml(_redline(client, draft_l13, rev1, rev2, name="compare_docx"))
    authors = set(re.findall(r'<w:(?:ins|del|moveFrom|moveTo|moveFromRangeStart|moveToRangeStart) [^>]*w:author="([^"]*)"', xml))
    assert "Argentina (on behalf of the Group of 77 and China)" in authors
    assert "sec" in authors  # rev2 was stored by the secretariat's user "sec"
    op1_xml = next(p for p in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml, flags=re.S) if "submit a " in p)
    assert set(re.findall(r'w:author="([^"]*)"', op1_xml)) == {"Argentina (on behalf of the Group of 77 and China)"}


def test_docx_redline_falls_back_to_the_secretariat(client, reviewer_user, draft_l13, l13_with_notes):
    _, rev2 = l13_with_notes
    rev3 = version_create(  # stored by nobody known (a command, a load)
        draft=draft_l13, label="L.13/Rev.3", kind="issued", is_issued=True, user=None,
        parsed=ParsedText(title="Strengthening cooperation", paragraphs=_paragraphs(NEW_OP[:2], NEW_PP)))
    client.force_login(reviewer_user)
    xml = _docx_xml(_redline(client, draft_l13, rev2, rev3, name="compare_docx"))
    assert "<w:del " in xml
    assert set(re.findall(r'w:author="([^"]*)"', xml)) == {"Secretariat"}


