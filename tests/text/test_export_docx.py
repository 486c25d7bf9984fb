"""Word and text exports of a version, and redlines as real Word tracked changes."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from negotiation.data import corpus_dir
from negotiation.text.export_docx import (
    redline_to_docx,
    row_label,
    version_to_docx,
    version_to_text,
)
from negotiation.text.structure import (
    OPERATIVE,
    PREAMBULAR,
    Footnote,
    Paragraph,
    ParsedText,
    SubParagraph,
)

W_INS, W_DEL, W_T, W_DELTEXT, W_TAB, W_BR, W_P = (
    qn("w:ins"), qn("w:del"), qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br"), qn("w:p"),
)


def sample_version() -> ParsedText:
    return ParsedText(
        metadata={"symbol": "E/CN.15/2011/L.13/Rev.1"},
        sponsor_line="Italy: revised draft resolution",
        recommending_formula=(
            "The Commission on Crime Prevention and Criminal Justice recommends to the Economic and "
            "Social Council the adoption of the following draft resolution:"
        ),
        title="Strengthening international cooperation in combating transnational organized crime",
        enacting_formula="The Economic and Social Council,",
        paragraphs=[
            Paragraph(
                kind=PREAMBULAR,
                lead="Recognizing",
                text="Recognizing that transnational organized crime has diversified,",
            ),
            Paragraph(
                kind=PREAMBULAR,
                lead="Recalling also",
                text="Recalling also the United Nations Convention against Corruption,",
                footnotes=["1"],
            ),
            Paragraph(
                kind=OPERATIVE,
                number="1",
                lead="Reiterates",
                text="Reiterates its call to those Member States that have not yet done so;",
            ),
            Paragraph(
                kind=OPERATIVE,
                number="2",
                lead="Requests",
                text="Requests the United Nations Office on Drugs and Crime:",
                subparagraphs=[
                    SubParagraph(number="(a)", text="To consider options;"),
                    SubParagraph(number="(i)", text="in particular reviews;", level=2),
                    SubParagraph(number="(b)", text="To report to the Commission at its next session."),
                ],
                footnotes=["2"],
            ),
        ],
        footnotes=[
            Footnote(marker="1", text="United Nations, *Treaty Series*, vol. 2349, No. 42146."),
            Footnote(marker="2", text="General Assembly resolution 65/230, annex."),
        ],
    )


def open_docx(data: bytes):
    assert data[:2] == b"PK"
    return Document(io.BytesIO(data))


# --- version_to_docx -------------------------------------------------------------------------


def test_version_docx_has_heading_title_formula_paragraphs_and_footnotes_in_order():
    doc = open_docx(version_to_docx(sample_version(), heading_lines=["E/CN.15/2011/L.13/Rev.1"]))
    texts = [p.text for p in doc.paragraphs]
    assert texts == [
        "E/CN.15/2011/L.13/Rev.1",
        "Italy: revised draft resolution",
        sample_version().recommending_formula,
        "Strengthening international cooperation in combating transnational organized crime",
        "The Economic and Social Council,",
        "Recognizing that transnational organized crime has diversified,",
        "Recalling also the United Nations Convention against Corruption,1",
        "1.\tReiterates its call to those Member States that have not yet done so;",
        "2.\tRequests the United Nations Office on Drugs and Crime:",
        "(a)\tTo consider options;",
        "(i)\tin particular reviews;",
        "(b)\tTo report to the Commission at its next session.2",
        "__________________",
        "1 United Nations, Treaty Series, vol. 2349, No. 42146.",
        "2 General Assembly resolution 65/230, annex.",
    ]


def test_sponsor_line_given_as_heading_line_is_not_repeated():
    doc = open_docx(
        version_to_docx(sample_version(), heading_lines=["E/CN.15/2011/L.13/Rev.1", "Italy: revised draft resolution"])
    )
    texts = [p.text for p in doc.paragraphs]
    assert texts.count("Italy: revised draft resolution") == 1


def test_title_is_bold_and_enacting_formula_italic():
    doc = open_docx(version_to_docx(sample_version()))
    by_text = {p.text: p for p in doc.paragraphs}
    title = by_text["Strengthening international cooperation in combating transnational organized crime"]
    assert all(r.bold for r in title.runs)
    assert all(r.italic for r in by_text["The Economic and Social Council,"].runs)


def test_leads_are_italic_and_the_rest_is_not():
    doc = open_docx(version_to_docx(sample_version()))
    pp = next(p for p in doc.paragraphs if p.text.startswith("Recognizing"))
    assert [(r.text, bool(r.italic)) for r in pp.runs] == [
        ("Recognizing", True),
        (" that transnational organized crime has diversified,", False),
    ]
    op = next(p for p in doc.paragraphs if p.text.startswith("1.\t"))
    assert [(r.text, bool(r.italic)) for r in op.runs] == [
        ("1.\t", False),
        ("Reiterates", True),
        (" its call to those Member States that have not yet done so;", False),
    ]


def test_subparagraphs_are_indented_by_level():
    doc = open_docx(version_to_docx(sample_version()))
    by_start = {p.text.split("\t")[0]: p for p in doc.paragraphs if "\t" in p.text}
    op_indent = by_start["2."].paragraph_format.left_indent or 0
    a_indent = by_start["(a)"].paragraph_format.left_indent
    i_indent = by_start["(i)"].paragraph_format.left_indent
    assert a_indent > op_indent
    assert i_indent > a_indent
    assert abs((i_indent - a_indent) - Cm(1.0)) < Cm(0.01)


def test_footnote_markers_are_superscript_and_footnote_text_keeps_italics():
    doc = open_docx(version_to_docx(sample_version()))
    cited = next(p for p in doc.paragraphs if p.text.startswith("Recalling also"))
    assert cited.runs[-1].text == "1" and cited.runs[-1].font.superscript
    note = next(p for p in doc.paragraphs if p.text.startswith("1 United Nations"))
    assert note.runs[0].text == "1" and note.runs[0].font.superscript
    assert any(r.text == "Treaty Series" and r.italic for r in note.runs)


def test_pages_are_a4():
    section = open_docx(version_to_docx(sample_version())).sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)


def test_version_docx_without_optional_parts():
    parsed = ParsedText(paragraphs=[Paragraph(kind=OPERATIVE, number="1", text="Decides to remain seized.")])
    doc = open_docx(version_to_docx(parsed))
    assert [p.text for p in doc.paragraphs] == ["1.\tDecides to remain seized."]


def test_control_characters_from_pdf_text_do_not_break_the_document():
    parsed = ParsedText(title="Title\x0c", paragraphs=[Paragraph(kind=PREAMBULAR, text="Noting\x0b the\x00 report,")])
    doc = open_docx(version_to_docx(parsed))
    assert [p.text for p in doc.paragraphs] == ["Title", "Noting the report,"]


# --- version_to_text -------------------------------------------------------------------------


def test_version_text_is_blocks_separated_by_blank_lines():
    text = version_to_text(sample_version())
    assert text.endswith("\n") and "\n\n\n" not in text
    assert text.split("\n\n") == [
        "Italy: revised draft resolution",
        sample_version().recommending_formula,
        "Strengthening international cooperation in combating transnational organized crime",
        "The Economic and Social Council,",
        "*Recognizing* that transnational organized crime has diversified,",
        "*Recalling also* the United Nations Convention against Corruption,¹",
        "1. *Reiterates* its call to those Member States that have not yet done so;",
        "2. *Requests* the United Nations Office on Drugs and Crime:",
        "(a) To consider options;",
        "(i) in particular reviews;",
        "(b) To report to the Commission at its next session.²",
        "¹ United Nations, *Treaty Series*, vol. 2349, No. 42146.",
        "² General Assembly resolution 65/230, annex.\n",
    ]


def test_version_text_without_lead_markup():
    text = version_to_text(sample_version(), mark_leads=False)
    assert "*Re" not in text
    assert "\n\n1. Reiterates its call to those Member States that have not yet done so;\n\n" in text


def test_lead_is_only_marked_on_a_word_boundary():
    parsed = ParsedText(paragraphs=[Paragraph(kind=PREAMBULAR, lead="Recall", text="Recalling its resolution,")])
    assert version_to_text(parsed) == "Recalling its resolution,\n"
    doc = open_docx(version_to_docx(parsed))
    assert not any(r.italic for r in doc.paragraphs[0].runs)


def test_version_text_collapses_whitespace_inside_blocks():
    parsed = ParsedText(
        title="A  title\nwrapped",
        paragraphs=[Paragraph(kind=PREAMBULAR, text="Recalling\n its  resolution,")],
    )
    assert version_to_text(parsed) == "A title wrapped\n\nRecalling its resolution,\n"


def test_several_markers_are_kept_apart():
    parsed = ParsedText(paragraphs=[Paragraph(kind=PREAMBULAR, text="Recalling its resolutions,", footnotes=["4", "5"])])
    assert version_to_text(parsed) == "Recalling its resolutions,⁴ ⁵\n"
    doc = open_docx(version_to_docx(parsed))
    assert doc.paragraphs[0].runs[-1].text == "4,5" and doc.paragraphs[0].runs[-1].font.superscript


def _parser():
    from negotiation.text.parse import parse_text

    return parse_text


def _shape(parsed: ParsedText):
    return (
        parsed.sponsor_line,
        parsed.title,
        parsed.enacting_formula,
        [(p.kind, p.number, p.lead, p.full_text, p.footnotes) for p in parsed.paragraphs],
        [f.marker for f in parsed.footnotes],
    )


@pytest.mark.parametrize("name", ["001", "002", "003", "004"])
def test_corpus_versions_round_trip_through_text_export_and_parser(name):
    parse_text = _parser()
    source = next(corpus_dir().glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    parsed = parse_text(source)
    assert _shape(parse_text(version_to_text(parsed))) == _shape(parsed)


def test_version_text_round_trips_through_the_parser():
    from negotiation.text.parse import parse_text

    original = sample_version()
    reparsed = parse_text(version_to_text(original))
    assert [(p.kind, p.number, p.full_text) for p in reparsed.paragraphs] == [
        (p.kind, p.number, p.full_text) for p in original.paragraphs
    ]
    assert reparsed.title == original.title
    assert reparsed.enacting_formula == original.enacting_formula


# --- redline_to_docx -------------------------------------------------------------------------

ROWS = [
    {"old_label": "PP1", "new_label": "PP1", "status": "unchanged", "segments": [[0, "Recalling its resolution,"]]},
    {
        "old_label": "OP1",
        "new_label": "OP1",
        "status": "modified",
        "segments": [[0, "Requests the Office "], [-1, "to report"], [1, "to submit a report"], [0, " to the Commission;"]],
    },
    {"old_label": None, "new_label": "OP2", "status": "inserted", "segments": [[1, "Urges Member States to act;"]]},
    {"old_label": "OP2", "new_label": None, "status": "deleted", "segments": [[-1, "Invites donors to contribute;"]]},
    {
        "old_label": "OP3",
        "new_label": "OP4",
        "status": "moved",
        "segments": [[0, "Decides to remain seized of the matter"], [1, " at its next session"], [0, "."]],
    },
]
DATE = datetime(2011, 4, 15, 10, 30, tzinfo=timezone.utc)
W_MOVE_FROM, W_MOVE_TO, W_PPR, W_RPR, W_FOOTNOTE_REF = (
    qn("w:moveFrom"), qn("w:moveTo"), qn("w:pPr"), qn("w:rPr"), qn("w:footnoteReference"),
)
W_FROM_START, W_FROM_END, W_TO_START, W_TO_END = (
    qn("w:moveFromRangeStart"), qn("w:moveFromRangeEnd"), qn("w:moveToRangeStart"), qn("w:moveToRangeEnd"),
)


def _mark(p) -> str | None:
    """The revision of a paragraph's mark (w:pPr/w:rPr/w:ins ...), as its tag, or None."""
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    for tag in (W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO):
        if rpr is not None and rpr.find(tag) is not None:
            return tag
    return None


def _content_revisions(p, tag) -> list:
    """Revisions of the paragraph's text (not of its mark)."""
    return [el for el in p if el.tag == tag]


def _tracked_paragraphs(data: bytes, *, accept: bool) -> list[tuple[str, str]]:
    """(number, text) per paragraph after accepting (or rejecting) every tracked change.

    Accepting keeps <w:ins>/<w:moveTo> content and drops <w:del>/<w:moveFrom>, and with a
    deleted (or moved-away) paragraph mark the paragraph itself; rejecting does the reverse.
    Footnote references are left out of the text; the number is what stands before the first tab.
    """
    gone, kept_out = ({W_DEL, W_MOVE_FROM}, {W_INS, W_MOVE_TO}) if accept else ({W_INS, W_MOVE_TO}, {W_DEL, W_MOVE_FROM})
    doc = open_docx(data)
    result = []
    for p in doc.element.body.iter(W_P):
        if _mark(p) in gone:
            assert not any(t.text for el in p if el.tag not in kept_out | gone and el.tag != W_PPR for t in el.iter(W_T))
            continue
        parts = []
        for el in p.iter(W_T, W_DELTEXT, W_TAB, W_BR):
            ancestors = list(el.iterancestors())
            if {a.tag for a in ancestors} & gone or any(a.find(W_FOOTNOTE_REF) is not None for a in ancestors[:1]):
                continue
            parts.append({W_TAB: "\t", W_BR: "\n"}.get(el.tag, el.text or ""))
        text = "".join(parts)
        number, tab, rest = text.partition("\t")
        result.append((number.removesuffix("."), rest) if tab else ("", text))
    return result


def _row_paragraphs(data: bytes, *, accept: bool) -> list[tuple[str, str]]:
    return _tracked_paragraphs(data, accept=accept)[2:]  # after the title and the "Changes from" line


def make_redline(rows=ROWS, **options) -> bytes:
    return redline_to_docx(
        rows, title="Trafficking in persons", old_label="E/CN.15/2011/L.13", new_label="E/CN.15/2011/L.13/Rev.1", date=DATE,
        **options,
    )


def _xml(data: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_redline_has_title_and_version_labels():
    doc = open_docx(make_redline())
    assert doc.paragraphs[0].text == "Trafficking in persons"
    assert doc.paragraphs[0].runs[0].bold
    assert "E/CN.15/2011/L.13" in doc.paragraphs[1].text and "E/CN.15/2011/L.13/Rev.1" in doc.paragraphs[1].text


def test_redline_paragraphs_read_as_the_text_without_label_prefixes():
    data = make_redline()
    xml = _xml(data)
    assert "-&gt;" not in xml and "->" not in xml and "→" not in xml
    assert "PP1" not in xml and "(inserted)" not in xml and "(moved)" not in xml
    # Operative paragraphs carry their number as the text does: "1.", tab, the words.
    assert _row_paragraphs(data, accept=True) == [
        ("", "Recalling its resolution,"),
        ("1", "Requests the Office to submit a report to the Commission;"),
        ("2", "Urges Member States to act;"),
        ("4", "Decides to remain seized of the matter at its next session."),
    ]


def test_row_label():
    assert row_label({"old_label": "OP5", "new_label": "OP6", "status": "modified"}) == "OP5 -> OP6"
    assert row_label({"old_label": "PP3", "new_label": "PP3", "status": "unchanged"}) == "PP3"


def test_redline_writes_real_ins_and_del_revisions_by_the_secretariat_by_default():
    doc = open_docx(make_redline())
    body = doc.element.body
    inserts = [i for p in body.iter(W_P) for i in _content_revisions(p, W_INS)]
    deletes = [d for p in body.iter(W_P) for d in _content_revisions(p, W_DEL)]
    assert ["".join(t.text for t in i.iter(W_T)) for i in inserts] == [
        "to submit a report",
        "2.Urges Member States to act;",
        " at its next session",
    ]
    assert ["".join(t.text for t in d.iter(W_DELTEXT)) for d in deletes] == ["to report", "2.Invites donors to contribute;"]
    assert not any(True for d in deletes for _ in d.iter(W_T))  # deleted text only as w:delText
    revisions = list(body.iter(W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO, W_FROM_START, W_TO_START))
    ids = [r.get(qn("w:id")) for r in revisions]
    assert len(set(ids)) == len(ids)
    assert {r.get(qn("w:author")) for r in revisions} == {"Secretariat"}
    assert {r.get(qn("w:date")) for r in revisions} == {"2011-04-15T10:30:00Z"}
    for t in (t for r in revisions for t in r.iter(W_T, W_DELTEXT)):
        assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_whole_inserted_and_deleted_paragraphs_are_one_revision_each_with_their_mark():
    doc = open_docx(make_redline())
    inserted, deleted = doc.paragraphs[4]._p, doc.paragraphs[5]._p
    assert len(_content_revisions(inserted, W_INS)) == 1 and not list(inserted.iter(W_DEL))
    assert len(_content_revisions(deleted, W_DEL)) == 1 and not list(deleted.iter(W_INS))
    assert _mark(inserted) == W_INS and _mark(deleted) == W_DEL


def test_accepting_all_changes_gives_the_new_text():
    assert [text for _, text in _row_paragraphs(make_redline(), accept=True)] == [
        "Recalling its resolution,",
        "Requests the Office to submit a report to the Commission;",
        "Urges Member States to act;",
        "Decides to remain seized of the matter at its next session.",
    ]


def test_rejecting_all_changes_gives_the_old_text():
    assert [text for _, text in _row_paragraphs(make_redline(), accept=False)] == [
        "Recalling its resolution,",
        "Requests the Office to report to the Commission;",
        "Invites donors to contribute;",
        "Decides to remain seized of the matter.",
    ]


def test_a_moved_paragraph_is_a_word_move_with_matching_range_names():
    data = make_redline()
    body = open_docx(data).element.body
    [source] = [p for p in body.iter(W_P) if _mark(p) == W_MOVE_FROM]
    [target] = [p for p in body.iter(W_P) if _mark(p) == W_MOVE_TO]
    [from_start], [from_end] = list(source.iter(W_FROM_START)), list(source.iter(W_FROM_END))
    [to_start], [to_end] = list(target.iter(W_TO_START)), list(target.iter(W_TO_END))
    assert from_start.get(qn("w:name")) == to_start.get(qn("w:name")) == "move1"
    assert from_start.get(qn("w:id")) == from_end.get(qn("w:id")) != to_start.get(qn("w:id")) == to_end.get(qn("w:id"))
    assert {el.get(qn("w:author")) for el in (from_start, to_start)} == {"Secretariat"}
    # The old words at the old place (old number 3), the kept words moved to the new place
    # (number 4) with the words added there inserted.
    assert ["".join(t.text for t in m.iter(W_T)) for m in _content_revisions(source, W_MOVE_FROM)] == [
        "3.Decides to remain seized of the matter."
    ]
    assert ["".join(t.text for t in m.iter(W_T)) for m in _content_revisions(target, W_MOVE_TO)] == [
        "4.", "Decides to remain seized of the matter", ".",
    ]
    assert ["".join(t.text for t in m.iter(W_T)) for m in _content_revisions(target, W_INS)] == [" at its next session"]
    children = list(target)
    assert children.index(to_start) < children.index(_content_revisions(target, W_MOVE_TO)[0])
    assert children.index(to_end) > children.index(_content_revisions(target, W_INS)[0])
    assert not list(target.iter(W_DEL)) and not list(source.iter(W_INS))


def test_each_change_names_its_author_where_known():
    rows = [dict(row) for row in ROWS]
    rows[1]["author"] = "Italy"
    rows[2]["author"] = "Argentina (on behalf of the Group of 77 and China)"
    rows[4]["author"] = "Jane Facilitator"
    body = open_docx(make_redline(rows)).element.body
    by_author = {}
    for revision in body.iter(W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO, W_FROM_START, W_TO_START):
        by_author.setdefault(revision.get(qn("w:author")), set()).add(revision.tag)
    assert set(by_author) == {"Italy", "Argentina (on behalf of the Group of 77 and China)", "Jane Facilitator", "Secretariat"}
    assert by_author["Italy"] == {W_INS, W_DEL}
    assert W_MOVE_FROM in by_author["Jane Facilitator"] and W_TO_START in by_author["Jane Facilitator"]
    assert by_author["Secretariat"] == {W_DEL}  # the deleted row names no author


def test_custom_author_is_recorded():
    data = redline_to_docx(ROWS, title="T", old_label="a", new_label="b", author="Negotiation tracker")
    doc = open_docx(data)
    assert {r.get(qn("w:author")) for r in doc.element.body.iter(W_INS)} == {"Negotiation tracker"}
    assert doc.core_properties.author == "Negotiation tracker"


def _engine_versions() -> tuple[ParsedText, ParsedText]:
    def p(kind, text, lead, number=None, notes=()):
        return Paragraph(kind=kind, text=text, lead=lead, number=number, footnotes=list(notes))

    old = ParsedText(paragraphs=[
        p(PREAMBULAR, "Recalling its resolution 65/230 on crime prevention,", "Recalling", notes=["1"]),
        p(PREAMBULAR, "Noting with concern the growth of trafficking in persons,", "Noting with concern"),
        p(PREAMBULAR, "Welcoming the work of the Office on Drugs and Crime,", "Welcoming"),
        p(OPERATIVE, "Requests the Office to report to the Commission;", "Requests", "1"),
        p(OPERATIVE, "Invites donors to contribute to the trust fund;", "Invites", "2", ["2"]),
        p(OPERATIVE, "Decides to remain seized of the matter.", "Decides", "3"),
    ], footnotes=[Footnote("1", "General Assembly resolution 65/230, annex."), Footnote("2", "See *Official Records*, 2010.")])
    new = ParsedText(paragraphs=[
        p(PREAMBULAR, "Welcoming the work of the Office on Drugs and Crime,", "Welcoming"),
        p(PREAMBULAR, "Recalling its resolution 65/230 on crime prevention,", "Recalling", notes=["1"]),
        p(PREAMBULAR, "Noting with deep concern the growth of trafficking in persons,", "Noting with deep concern"),
        p(OPERATIVE, "Requests the Office to submit a report to the Commission;", "Requests", "1", ["2"]),
        p(OPERATIVE, "Urges Member States to act;", "Urges", "2"),
        p(OPERATIVE, "Decides to remain seized of the matter.", "Decides", "3"),
    ], footnotes=[Footnote("1", "General Assembly resolution 65/230, annex."), Footnote("2", "E/CN.15/2011/2.")])
    return old, new


def _engine_redline() -> tuple[bytes, ParsedText, ParsedText]:
    from negotiation.text import redline as redline_module

    old, new = _engine_versions()
    rows = redline_module.redline(old, new).to_json()["paragraphs"]
    assert [r["status"] for r in rows][0] == "moved"  # PP3 moved to the top
    return make_redline(rows, old=old, new=new), old, new


def test_redline_of_real_engine_rows_accepts_to_new_and_rejects_to_old_in_order():
    data, old, new = _engine_redline()
    assert [t for _, t in _row_paragraphs(data, accept=True)] == [p.full_text for p in new.paragraphs]
    assert [t for _, t in _row_paragraphs(data, accept=False)] == [p.full_text for p in old.paragraphs]
    assert [n for n, _ in _row_paragraphs(data, accept=True)] == ["", "", "", "1", "2", "3"]


def test_redline_keeps_footnotes_as_real_word_footnotes():
    data, _, _ = _engine_redline()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "word/footnotes.xml" in names
    assert 'PartName="/word/footnotes.xml"' in types and "wordprocessingml.footnotes+xml" in types
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels
    notes = etree.fromstring(_xml(data, "word/footnotes.xml").encode())
    texts = {note.get(qn("w:id")): "".join(t.text for t in note.iter(W_T)) for note in notes.iter(qn("w:footnote"))
             if note.get(qn("w:type")) is None}
    body = open_docx(data).element.body
    references = list(body.iter(W_FOOTNOTE_REF))
    assert {r.get(qn("w:customMarkFollows")) for r in references} == {"1"}
    assert {r.get(qn("w:id")) for r in references} == set(texts)
    cited = {}
    for ref in references:
        run = ref.getparent()
        marker = "".join(t.text for t in run.iter(W_T, W_DELTEXT))
        where = {a.tag for a in run.iterancestors()} & {W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM}
        cited.setdefault(texts[ref.get(qn("w:id"))], []).append((marker, where))
    assert cited["1 General Assembly resolution 65/230, annex."] == [("1", set())]  # both texts cite it
    assert cited["2 See Official Records, 2010."] == [("2", {W_DEL})]  # only the old OP2 cited it: deleted with it
    assert cited["2 E/CN.15/2011/2."] == [("2", {W_INS})]  # the new OP1 cites a new footnote 2
    italic = [r for note in notes.iter(qn("w:footnote")) for r in note.iter(qn("w:r"))
              if r.find(f"{W_RPR}/{qn('w:i')}") is not None]
    assert ["".join(t.text for t in r.iter(W_T)) for r in italic] == ["Official Records"]


def test_leads_are_italic_on_each_side():
    data, _, _ = _engine_redline()
    body = open_docx(data).element.body
    italic = []
    for run in body.iter(qn("w:r")):
        if run.find(f"{W_RPR}/{qn('w:i')}") is not None:
            italic.append("".join(t.text for t in run.iter(W_T, W_DELTEXT)))
    assert "Welcoming" in italic and "Recalling" in italic and "Urges" in italic and "Invites" in italic
    assert ["Noting with ", "deep ", "concern"] == italic[italic.index("Noting with "):italic.index("Noting with ") + 3]


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=12
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([-1, 0, 1]), _text), max_size=8))
def test_accept_and_reject_reproduce_the_two_sides_of_any_segments(segments):
    row = {"old_label": "OP1", "new_label": "OP1", "status": "modified", "segments": [list(s) for s in segments]}
    data = redline_to_docx([row], title="T", old_label="a", new_label="b", date=DATE)
    [(number, accepted)] = _row_paragraphs(data, accept=True)
    [(_, rejected)] = _row_paragraphs(data, accept=False)
    assert number == "1"
    assert accepted == "".join(t for op, t in segments if op >= 0)
    assert rejected == "".join(t for op, t in segments if op <= 0)


# -- every corpus text, treaties included, comes back from its own export ------------------------
def _corpus_sources():
    from negotiation.data import corpus_dir

    root = corpus_dir()
    paths = sorted(root.glob("00[123]_*.txt")) + sorted((root / "ga80").glob("*.md"))
    paths += sorted((root / "ga80").glob("*.raw-pdf.txt")) + sorted((root / "paris2015").glob("*.md"))
    return [p for p in paths if p.name != "README.md"]


def _structure(parsed):
    # A heading with no paragraph under it ("Article 8 bis" in the 23 October draft) cannot
    # travel in an export; the parser says so in a notice (tested in test_parse_shapes).
    # Each paragraph carries the path of headings it sits under, so comparing paragraphs
    # compares every heading that has a paragraph.
    return ([(p.kind, p.number, p.section, [s.number for s in p.subparagraphs], " ".join(p.full_text.split()))
             for p in parsed.paragraphs], parsed.metadata.get("agreement_formula", ""))


@pytest.mark.parametrize("path", _corpus_sources(), ids=lambda p: p.name)
def test_export_of_a_corpus_text_reads_back_to_the_same_structure(path):
    """Plain text (with and without markup) and .docx keep paragraphs, Articles, options,
    nested items and "Have agreed as follows:"."""
    from negotiation.text.parse import parse_text
    from negotiation.text.readers import read_document

    parsed = parse_text(path.read_text(encoding="utf-8"))
    expected = _structure(parsed)
    assert _structure(parse_text(version_to_text(parsed))) == expected
    assert _structure(parse_text(version_to_text(parsed, mark_leads=False))) == expected
    again = parse_text(read_document("x.docx", version_to_docx(parsed)))
    assert [(p.kind, p.number, p.section) for p in again.paragraphs] == [(p[0], p[1], p[2]) for p in expected[0]]
