"""Corrections made in the import preview: join, split, change kind, renumber."""
from negotiation.text.corrections import Correction, apply_corrections, editable_text
from negotiation.text.structure import OPERATIVE, PREAMBULAR, Paragraph, ParsedText, SubParagraph


def _parsed():
    return ParsedText(title="T", enacting_formula="The General Assembly,", paragraphs=[
        Paragraph(kind=PREAMBULAR, text="Recalling its resolution 19/1,", lead="Recalling", footnotes=["1"]),
        Paragraph(kind=PREAMBULAR, text="Noting the report", lead="Noting"),
        Paragraph(kind=PREAMBULAR, text="of the Secretary-General,", lead=""),
        Paragraph(kind=OPERATIVE, number="1", text="Requests the Office:", lead="Requests",
                  subparagraphs=[SubParagraph("(a)", "To report;"), SubParagraph("(b)", "To assist;")]),
    ])


def _as_is(parsed):
    return [Correction(kind=p.kind, text=editable_text(p)) for p in parsed.paragraphs]


def test_no_corrections_give_back_the_same_structure():
    parsed = _parsed()
    again = apply_corrections(parsed, _as_is(parsed))
    assert again.paragraphs == parsed.paragraphs


def test_join_with_next_makes_one_paragraph_keeping_the_first_lead_and_footnotes():
    parsed = _parsed()
    corrections = _as_is(parsed)
    corrections[1].join_next = True
    result = apply_corrections(parsed, corrections)
    assert [p.text for p in result.paragraphs[:2]] == ["Recalling its resolution 19/1,", "Noting the report of the Secretary-General,"]
    assert result.paragraphs[1].lead == "Noting" and len(result.paragraphs) == 3


def test_blank_line_splits_a_paragraph_and_operatives_are_renumbered():
    parsed = _parsed()
    corrections = _as_is(parsed)
    corrections[2] = Correction(kind=OPERATIVE, text="Decides to act;\n\nUrges States to act;")
    result = apply_corrections(parsed, corrections)
    ops = [p for p in result.paragraphs if p.kind == OPERATIVE]
    assert [(p.number, p.text) for p in ops] == [("1", "Decides to act;"), ("2", "Urges States to act;"), ("3", "Requests the Office:")]


def test_changing_kind_moves_a_paragraph_between_pp_and_op():
    parsed = _parsed()
    corrections = _as_is(parsed)
    corrections[0].kind = OPERATIVE
    result = apply_corrections(parsed, corrections)
    assert result.paragraphs[0].kind == OPERATIVE and result.paragraphs[0].number == "1"
    assert result.paragraphs[0].footnotes == ["1"]
    assert result.paragraphs[-1].number == "2"


def test_subparagraph_lines_become_subparagraphs_again():
    parsed = _parsed()
    corrections = _as_is(parsed)
    corrections[3] = Correction(kind=OPERATIVE, text="Requests the Office:\n(a) To report;\n(i) yearly;\n(b) To assist;")
    subs = apply_corrections(parsed, corrections).paragraphs[-1].subparagraphs
    assert [(s.number, s.level) for s in subs] == [("(a)", 1), ("(i)", 2), ("(b)", 1)]


def test_i_after_h_is_a_letter_not_a_roman_numeral():
    parsed = _parsed()
    corrections = _as_is(parsed)
    letters = "\n".join(f"({c}) Item {c};" for c in "abcdefghi")
    corrections[3] = Correction(kind=OPERATIVE, text=f"Requests the Office:\n{letters}")
    subs = apply_corrections(parsed, corrections).paragraphs[-1].subparagraphs
    assert [s.level for s in subs] == [1] * 9


def _treaty():
    art4, art5 = "Article 4 (adaptation)", "Article 5 (finance)"
    return ParsedText(title="Agreement", paragraphs=[
        Paragraph(kind=PREAMBULAR, text="Recognizing the need,", lead="Recognizing"),
        Paragraph(kind=OPERATIVE, number="1", text="Parties shall adapt.", section=art4),
        Paragraph(kind=OPERATIVE, number="2", text="Parties shall report.", section=art4),
        Paragraph(kind=OPERATIVE, number=None, text="Finance shall flow.", section=art5),
    ])


def test_section_survives_join_split_and_kind_change_and_numbering_restarts_per_article():
    parsed = _treaty()
    corrections = _as_is(parsed)
    corrections[1] = Correction(kind=OPERATIVE, text="Parties shall adapt.\n\nParties shall plan.")  # split
    corrections[2].kind = PREAMBULAR  # kind change, then back to operative below
    result = apply_corrections(parsed, corrections)
    assert [(p.section, p.kind, p.number) for p in result.paragraphs[1:]] == [
        ("Article 4 (adaptation)", OPERATIVE, "1"), ("Article 4 (adaptation)", OPERATIVE, "2"),
        ("Article 4 (adaptation)", PREAMBULAR, None), ("Article 5 (finance)", OPERATIVE, None),
    ]
    corrections = _as_is(result)
    corrections[3].kind = OPERATIVE
    corrections[2].join_next = True  # Art. 4.2 joined with the next: keeps Article 4
    again = apply_corrections(result, corrections)
    assert [(p.section, p.number) for p in again.paragraphs[1:]] == [
        ("Article 4 (adaptation)", "1"), ("Article 4 (adaptation)", "2"), ("Article 5 (finance)", None)]
    assert again.labels() == ["PP1", "Art. 4.1", "Art. 4.2", "Art. 5"]


def test_no_corrections_keep_a_treaty_as_it_was():
    parsed = _treaty()
    assert apply_corrections(parsed, _as_is(parsed)).paragraphs == parsed.paragraphs


def _untouched(parsed):
    from negotiation.text.corrections import Correction, editable_text

    return [Correction(kind=p.kind, text=editable_text(p)) for p in parsed.paragraphs]


def test_untouched_treaty_preview_saves_exactly_as_parsed():
    """The Paris Agreement saved from the preview without a change: the unnumbered chapeau of
    Article 1 stays unnumbered, nested items keep their labels, nothing is renumbered."""
    from negotiation.data import corpus_dir
    from negotiation.text.corrections import apply_corrections
    from negotiation.text.parse import parse_text

    parsed = parse_text((corpus_dir() / "paris2015" / "paris-agreement-2015-12-12.md").read_text(encoding="utf-8"))
    saved = apply_corrections(parsed, _untouched(parsed))
    assert saved.paragraphs == parsed.paragraphs
    assert saved.labels()[16:19] == ["Art. 1", "Art. 1.1", "Art. 1.2"]


def test_inserted_paragraph_and_nested_labels_survive_a_join_elsewhere():
    from negotiation.text.corrections import apply_corrections
    from negotiation.text.parse import parse_text

    parsed = parse_text(
        "The Parties to this Agreement,\n\n*Recalling* decision 1/CP.17,\n\n*Noting* the report,\n\n"
        "Have agreed as follows:\n\n## Article 2\n\nFor the purposes of this Article:\n\n"
        "1. This Agreement aims to:\n\n    1. Hold the increase;\n    2. Adapt.\n\n"
        "1bis. Parties shall cooperate.\n\n2. Parties shall report.\n")
    corrections = _untouched(parsed)
    corrections[0] = type(corrections[0])(kind=corrections[0].kind, text=corrections[0].text, join_next=True)
    saved = apply_corrections(parsed, corrections)
    assert saved.labels() == ["PP1", "Art. 2", "Art. 2.1", "Art. 2.1bis", "Art. 2.2"]
    assert [s.number for s in saved.paragraphs[2].subparagraphs] == ["1.", "2."]
    assert saved.paragraphs[0].text == "Recalling decision 1/CP.17, Noting the report,"
