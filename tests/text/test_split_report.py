"""split_report on corpus 004: every text of chapter I, with hand-checked counts."""

import pytest

from negotiation.data import corpus_dir
from negotiation.text.parse import ParseError
from negotiation.text.split_report import split_report

CORPUS = corpus_dir()
PAGE_HEADERS = ("V.11-82609", "E/2011/30", "E/CN.15/2011/21")

# (section, heading, kind, PP, OP, footnote markers). OP counts = the last "N." of each text
# (grep '^ *N\. '); PPs counted by reading; footnotes from the "______" blocks, footnote 8
# belongs to draft resolution II (cited there, printed on the page where III begins).
EXPECTED = [
    ("A", "Draft resolution I", "resolution", 5, 6, range(1, 5)),
    ("A", "Draft resolution II", "resolution", 10, 12, range(5, 9)),
    ("A", "Draft resolution III", "resolution", 9, 11, range(9, 19)),
    ("A", "Draft resolution IV", "resolution", 18, 18, range(19, 28)),
    # 23 PPs: "Underscoring the importance of paragraph 42" (line 793) starts a PP with no blank
    # line above it; the first parser merged it into the one before.
    ("B", "Draft resolution I", "resolution", 23, 22, range(28, 37)),
    ("B", "Draft resolution II", "resolution", 3, 15, range(37, 39)),
    ("B", "Draft resolution III", "resolution", 10, 10, range(39, 42)),
    ("B", "Draft resolution IV", "resolution", 10, 12, range(42, 49)),
    ("C", "Draft decision I", "decision", 0, 6, range(0)),
    ("C", "Draft decision II", "decision", 1, 6, range(0)),
    ("D", "Resolution 20/1", "resolution", 7, 21, range(49, 52)),
    ("D", "Resolution 20/2", "resolution", 3, 4, range(52, 54)),
    ("D", "Resolution 20/3", "resolution", 15, 12, range(54, 61)),
    ("D", "Resolution 20/4", "resolution", 13, 10, range(61, 68)),
    ("D", "Resolution 20/5", "resolution", 11, 12, range(68, 80)),
    ("D", "Resolution 20/6", "resolution", 8, 9, range(80, 81)),
    ("D", "Resolution 20/7", "resolution", 9, 7, range(81, 84)),
    ("D", "Decision 20/1", "decision", 0, 3, range(0)),
]


@pytest.fixture(scope="module")
def texts():
    return split_report(next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8"))


def by_heading(texts, section, heading):
    return next(t for t in texts if t.section == section and t.heading == heading)


def test_chapter_one_lists_every_text_in_order(texts):
    assert [(t.section, t.heading, t.kind) for t in texts] == [e[:3] for e in EXPECTED]


@pytest.mark.parametrize("section, heading, kind, pp, op, markers", EXPECTED, ids=lambda v: str(v))
def test_each_text_has_hand_counted_paragraphs_and_footnotes(texts, section, heading, kind, pp, op, markers):
    text = by_heading(texts, section, heading)
    pps = [p for p in text.parsed.paragraphs if p.kind == "preambular"]
    ops = [p for p in text.parsed.paragraphs if p.kind == "operative"]
    assert (len(pps), len(ops)) == (pp, op)
    assert [f.marker for f in text.parsed.footnotes] == [str(m) for m in markers]


def test_every_cited_footnote_is_defined_in_the_same_text_and_all_83_are_used(texts):
    seen = []
    for text in texts:
        defined = {f.marker for f in text.parsed.footnotes}
        cited = {m for p in text.parsed.paragraphs for m in p.footnotes}
        assert cited == defined, text.heading
        seen += sorted(defined, key=int)
    assert sorted(map(int, seen)) == list(range(1, 84))


def test_no_page_header_in_any_paragraph_or_footnote(texts):
    for text in texts:
        for p in text.parsed.paragraphs:
            for header in PAGE_HEADERS:
                assert header not in p.full_text
        for f in text.parsed.footnotes:
            for header in PAGE_HEADERS:
                assert header not in f.text


def test_sections_titles_and_enacting_formulas(texts):
    first = texts[0]
    assert first.section_title == (
        "Draft resolutions to be recommended by the Economic and Social Council for adoption "
        "by the General Assembly"
    )
    assert first.title == (
        "Follow-up to the Twelfth United Nations Congress on Crime Prevention and Criminal "
        "Justice and preparations for the Thirteenth United Nations Congress on Crime "
        "Prevention and Criminal Justice"
    )
    assert first.parsed.enacting_formula == "The General Assembly,"
    assert by_heading(texts, "B", "Draft resolution I").parsed.enacting_formula == "The Economic and Social Council,"
    assert by_heading(texts, "D", "Resolution 20/3").parsed.enacting_formula == (
        "The Commission on Crime Prevention and Criminal Justice,"
    )
    assert by_heading(texts, "D", "Resolution 20/3").adopted
    assert not first.adopted
    assert "recommends" in first.section_intro


def test_glued_pdf_footnotes_link_to_their_paragraphs(texts):
    r203 = by_heading(texts, "D", "Resolution 20/3")
    pp5 = [p for p in r203.parsed.paragraphs if p.kind == "preambular"][4]
    assert pp5.footnotes == ["55", "56"]  # "...Organized Crime55 and ... Convention,56"
    assert "Organized Crime and" in pp5.text and "Crime55" not in pp5.text
    r205 = by_heading(texts, "D", "Resolution 20/5")
    assert r205.parsed.paragraphs[1].footnotes == ["68", "69", "70"]  # "of 198868": 1988 + 68
    assert "Psychotropic Substances of 1988 and" in r205.parsed.paragraphs[1].text


def test_paragraph_continued_after_footnotes_with_lower_case_word(texts):
    pp4 = by_heading(texts, "A", "Draft resolution I").parsed.paragraphs[3]
    assert pp4.text.endswith(
        "invited its intergovernmental bodies to further promote the implementation of the "
        "outcomes of the major United Nations conferences and summits,"
    )


def test_paragraph_continued_after_footnotes_with_capital_word(texts):
    r207 = by_heading(texts, "D", "Resolution 20/7")
    op3 = next(p for p in r207.parsed.paragraphs if p.number == "3")
    assert "requests the Secretariat to disseminate it to Member States" in op3.text
    dr3 = by_heading(texts, "A", "Draft resolution III")
    op = next(p for p in dr3.parsed.paragraphs if "outcomes of the meetings of the expert group" in p.text)
    assert "Commission on Crime Prevention and Criminal Justice, and to make recommendations" in op.text


def test_paragraph_continued_after_page_header(texts):
    b2 = by_heading(texts, "B", "Draft resolution II")
    assert [p.number for p in b2.parsed.paragraphs if p.kind == "operative"] == [str(n) for n in range(1, 16)]


def test_sub_heading_and_table_are_not_paragraphs(texts):
    r201 = by_heading(texts, "D", "Resolution 20/1")
    assert all("Medium-term strategy for the period" not in p.text[:40] for p in r201.parsed.paragraphs)
    r202 = by_heading(texts, "D", "Resolution 20/2")
    assert all("Subtotal" not in p.full_text for p in r202.parsed.paragraphs)


def test_decisions_are_lettered_with_nested_lists(texts):
    d1 = by_heading(texts, "C", "Draft decision I")
    assert d1.parsed.enacting_formula == "The Economic and Social Council:"
    assert [p.number for p in d1.parsed.paragraphs] == list("abcdef")
    c = d1.parsed.paragraphs[2]
    assert c.lead == "Bearing in mind"
    assert [(s.number, s.level) for s in c.subparagraphs] == [
        ("(i)", 1), ("(ii)", 1), ("a.", 2), ("b.", 2), ("(iii)", 1)
    ]
    assert d1.parsed.annexes and d1.parsed.annexes[0].startswith("Provisional agenda and documentation")
    d2 = by_heading(texts, "C", "Draft decision II")
    assert d2.parsed.enacting_formula == "The Economic and Social Council,"
    assert d2.parsed.paragraphs[0].lead == "recalling"
    assert [s.number for s in d2.parsed.paragraphs[-1].subparagraphs] == ["1.", "2.", "3.", "4."]
    dec = by_heading(texts, "D", "Decision 20/1")
    assert dec.parsed.enacting_formula.startswith("At its 10th meeting, on 15 April 2011, the Commission")
    assert [p.lead for p in dec.parsed.paragraphs] == ["Decided", "Encouraged", "Decided"]


def test_to_json_carries_position_and_parsed_structure(texts):
    data = texts[0].to_json()
    assert data["section"] == "A" and data["heading"] == "Draft resolution I"
    assert data["kind"] == "resolution" and data["title"] == texts[0].title
    assert len(data["paragraphs"]) == 11 and "footnotes" in data


def test_report_without_headings_raises_parse_error():
    with pytest.raises(ParseError, match="No draft resolution or decision"):
        split_report("Chapter I\n\nNothing here.\n")
    with pytest.raises(ParseError, match="empty"):
        split_report("  ")
