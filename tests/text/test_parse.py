"""parse_text on the real corpus and on the shapes users paste: counts pinned by hand."""
import re

import pytest

from negotiation.data import corpus_dir
from negotiation.text.parse import ParseError, parse_text

CORPUS = corpus_dir()
PAGE_HEADERS = ("V.11-82609", "E/2011/30", "E/CN.15/2011/21")


def corpus(prefix: str) -> str:
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def kinds(parsed):
    pps = [p for p in parsed.paragraphs if p.kind == "preambular"]
    ops = [p for p in parsed.paragraphs if p.kind == "operative"]
    return pps, ops


@pytest.fixture(scope="module")
def t001():
    return parse_text(corpus("001"))


@pytest.fixture(scope="module")
def t002():
    return parse_text(corpus("002"))


@pytest.fixture(scope="module")
def t003():
    return parse_text(corpus("003"))


# -- counts, pinned by hand (grep for "^N\. ", the footnote lines, and reading the PPs) -------
@pytest.mark.parametrize(
    "prefix, pp, op, fn",
    [("001", 17, 17, 7), ("002", 24, 34, 12), ("003", 12, 11, 2)],
)
def test_corpus_file_parses_with_hand_counted_paragraphs_and_footnotes(prefix, pp, op, fn):
    parsed = parse_text(corpus(prefix))
    pps, ops = kinds(parsed)
    assert (len(pps), len(ops), len(parsed.footnotes)) == (pp, op, fn)
    assert [p.number for p in ops] == [str(n) for n in range(1, op + 1)]
    assert parsed.paragraphs == pps + ops  # preambular then operative


def test_whole_report_parses_without_error_and_keeps_no_page_header():
    parsed = parse_text(corpus("004"))
    assert parsed.paragraphs
    for p in parsed.paragraphs:
        for header in PAGE_HEADERS:
            assert header not in p.full_text


# -- header ---------------------------------------------------------------------------------
def test_markdown_header_gives_metadata_sponsor_title_and_formula(t002):
    assert t002.metadata["body"] == "General Assembly"
    assert t002.metadata["distribution"] == "Limited"
    assert t002.metadata["date"] == "6 October 2011"
    assert t002.metadata["original_language"] == "English"
    assert t002.metadata["session"] == "Sixty-sixth session"
    assert t002.metadata["agenda_item"] == "107"
    assert t002.metadata["committee"] == "Third Committee"
    assert t002.sponsor_line == "Italy and Mexico: draft resolution"
    assert t002.title == (
        "Strengthening the United Nations crime prevention and criminal justice programme, "
        "in particular its technical cooperation capacity"
    )
    assert t002.enacting_formula == "The General Assembly,"
    assert t002.recommending_formula == ""


def test_recommending_formula_sits_between_sponsor_line_and_title(t001):
    assert t001.sponsor_line == "Italy: revised draft resolution"
    assert t001.recommending_formula == (
        "The Commission on Crime Prevention and Criminal Justice recommends to the Economic and "
        "Social Council the adoption of the following draft resolution:"
    )
    assert t001.title.startswith("Strengthening international cooperation in combating")
    assert t001.enacting_formula == "The Economic and Social Council,"
    assert t001.metadata["place"] == "Vienna"
    assert t001.metadata["agenda_item"] == "5 (a)"
    assert t001.metadata["session"] == "Twenty-first session"


def test_adopted_text_heading_title_and_long_enacting_formula(t003):
    assert t003.metadata["heading"] == "Resolution 5/1"
    assert t003.title.startswith("Ensuring effective implementation of the United Nations Convention")
    assert t003.enacting_formula == (
        "The Conference of the Parties to the United Nations Convention against "
        "Transnational Organized Crime,"
    )


def test_symbol_line_in_header_is_metadata():
    parsed = parse_text(
        "A/C.3/66/L.16\n\nGeneral Assembly\n\nItaly: draft resolution\n\nTitle here\n\n"
        "The General Assembly,\n\nRecalling its resolutions,\n\n1. Decides to act.\n"
    )
    assert parsed.metadata["symbol"] == "A/C.3/66/L.16"
    assert parsed.title == "Title here"


# -- leads ----------------------------------------------------------------------------------
def test_italic_leads_from_markdown(t002):
    pps, ops = kinds(t002)
    assert [p.lead for p in pps[:4]] == [
        "Reaffirming", "Reaffirming also", "Reaffirming further", "Emphasizing"
    ]
    assert pps[11].lead == "Expressing its grave concern"
    assert pps[14].lead == "Deeply concerned"
    assert ops[0].lead == "Takes note with appreciation"
    assert ops[11].lead == "Also requests"
    assert ops[9].lead == "Calls upon"
    assert ops[28].lead == "Reiterates its request"


def test_leads_without_italics_are_the_opening_phrase(t001, t003):
    pps, _ = kinds(t001)
    assert [pps[i].lead for i in (5, 6, 8, 15)] == [
        "Recalling also", "Recalling further", "Taking note", "Noting with appreciation"
    ]
    pps3, ops3 = kinds(t003)
    assert pps3[7].lead == "Greatly concerned"
    assert pps3[6].lead == "Noting with concern"
    assert ops3[3].lead == "Also requests"


@pytest.mark.parametrize(
    "sentence, lead",
    [
        ("Bearing in mind the need,", "Bearing in mind"),
        ("Further invites Member States;", "Further invites"),
        ("Also calls upon States;", "Also calls upon"),
        ("Noting with interest also the work,", "Noting with interest also"),
        ("Concerned further about cases,", "Concerned further"),
        ("Urges Member States to act;", "Urges"),
        ("Having considered the report,", "Having considered"),
        ("Draws attention to the issues;", "Draws attention"),
        ("Draws the attention of States;", "Draws"),
        ("Expresses its appreciation to States;", "Expresses its appreciation"),
    ],
)
def test_lead_heuristic_for_plain_text(sentence, lead):
    kind_text = f"Title\n\nThe General Assembly,\n\n{sentence}\n"
    if sentence.endswith(";"):
        kind_text = f"Title\n\nThe General Assembly,\n\n1. {sentence}\n"
    assert parse_text(kind_text).paragraphs[0].lead == lead


# -- text cleaning and page-break joins ------------------------------------------------------
def test_paragraph_cut_by_footnote_block_is_joined(t001):
    pps, _ = kinds(t001)
    text = pps[2].text
    assert "as the main tools of the international community to fight transnational organized crime" in text
    assert pps[2].footnotes == ["1"]
    assert "Treaty Series" not in text


def test_capital_letter_continuation_after_footnotes_is_joined(t001, t003):
    pps, _ = kinds(t001)
    assert "and invited Member States to strengthen their efforts" in pps[7].text
    assert pps[8].lead == "Taking note"
    _, ops3 = kinds(t003)
    assert "requests the Secretariat to apprise the Conference, at its sixth session" in ops3[10].text


def test_markdown_paragraph_cut_by_page_rule_is_joined(t002):
    _, ops = kinds(t002)
    assert "forms of assistance, and coordinating with" in ops[6].text
    assert "strengthening their capacity to prevent and combat kidnapping" in ops[15].text
    assert ops[21].text.endswith("with a view to maintaining an effective level of support to national and regional efforts in those areas;")


def test_no_markdown_or_markers_left_in_texts(t001, t002, t003):
    for parsed in (t001, t002, t003):
        for p in parsed.paragraphs:
            for s in (p.full_text, p.lead):
                assert not re.search(r"[*#¹²³⁴⁵⁶⁷⁸⁹⁰\x01\x02]|<sup>|\s{2}", s), s
        for f in parsed.footnotes:
            assert "*" not in f.text and "<sup>" not in f.text


def test_full_text_joins_chapeau_and_subparagraphs(t003):
    _, ops = kinds(t003)
    op1 = ops[0]
    assert op1.text.endswith("to establish an open-ended intergovernmental working group:")
    assert [(s.number, s.level) for s in op1.subparagraphs] == [("(a)", 1), ("(b)", 1)]
    assert op1.subparagraphs[0].text.startswith("To consider and explore options")
    assert op1.subparagraphs[0].text.endswith("the Protocols thereto;")
    assert op1.full_text == " ".join([op1.text] + [f"{s.number} {s.text}" for s in op1.subparagraphs])


# -- footnotes ------------------------------------------------------------------------------
def test_footnote_markers_link_to_the_citing_paragraphs(t001, t002, t003):
    pps, ops = kinds(t001)
    assert pps[3].footnotes == ["2"] and pps[6].footnotes == ["3"] and pps[9].footnotes == ["4", "5"]
    assert ops[0].footnotes == ["6"] and ops[8].footnotes == ["7"]
    assert t001.footnotes[6].text == "E/CN.15/2012/15."
    pps2, ops2 = kinds(t002)
    assert pps2[2].footnotes == ["3", "4", "5"]
    assert ops2[1].footnotes == ["1"]  # a footnote cited again later
    assert ops2[0].footnotes == ["11"]
    assert [f.marker for f in t002.footnotes] == [str(n) for n in range(1, 13)]
    assert t002.footnotes[1].text == "Ibid., vol. 2349, No. 42146."
    _, ops3 = kinds(t003)
    assert ops3[0].footnotes == ["2"]  # cited in sub-paragraph (a)


def test_multi_digit_superscript_marker():
    parsed = parse_text(
        "Title\n\nThe General Assembly,\n\nRecalling the Convention,¹²\n\n¹² Treaty Series.\n\n"
        "1. Decides to act.\n"
    )
    assert parsed.paragraphs[0].footnotes == ["12"]
    assert parsed.footnotes[0].marker == "12"


PDF = """  Draft resolution X

  Some title of the text
that wraps

 The General Assembly,

 Recalling its resolution 66/181 of 19 December 2011, in 2010, and vol. 2349 of the
United Nations Convention against Transnational Organized Crime55 and the
Convention,56 and the implemen-
tation of the

__________________

 55 United Nations, Treaty Series, vol. 2225, No. 39574.
 56 Ibid., vol. 2237, No. 39574.
 Member States to strengthen their follow-
up and their counter-
terrorism work,

20 V.11-82609

E/2011/30
E/CN.15/2011/21

 Noting the implementation of E/CN.15/2011/L.13/Rev.1 and 4,250,900 dollars of 198857
and resolution 20/3,

__________________

 57 Ibid., vol. 1582, No. 27627.
 1. Requests the Secretary-General to report on the implementation of the present
resolution. 
"""


def test_pdf_glued_footnote_numbers_are_markers_but_real_numbers_stay():
    parsed = parse_text(PDF)
    pp1, pp2, op1 = parsed.paragraphs
    assert pp1.footnotes == ["55", "56"]
    assert "Organized Crime and the Convention, and the" in pp1.text
    assert "resolution 66/181 of 19 December 2011, in 2010, and vol. 2349 of" in pp1.text
    assert pp2.footnotes == ["57"]
    assert "E/CN.15/2011/L.13/Rev.1 and 4,250,900 dollars of 1988 and" in pp2.text
    assert [f.marker for f in parsed.footnotes] == ["55", "56", "57"]
    assert op1.text == "Requests the Secretary-General to report on the implementation of the present resolution."


def test_pdf_capital_continuation_and_page_headers():
    pp1 = parse_text(PDF).paragraphs[0]
    assert "the implementation of the Member States to strengthen" in pp1.text
    for header in PAGE_HEADERS:
        assert header not in pp1.text


def test_hyphen_at_line_end_kept_unless_the_joined_word_is_used_elsewhere():
    pp1 = parse_text(PDF).paragraphs[0]
    assert "the implementation of" in pp1.text  # "implemen-" + "tation": word used elsewhere
    assert "their follow-up and" in pp1.text  # real hyphen: "followup" is not a word here
    assert "counter-terrorism work" in pp1.text


def test_hyphen_kept_when_second_piece_is_capitalised():
    parsed = parse_text(
        "Title\n\nThe General Assembly,\n\n Recalling the Global Programme against Money-\n"
        "Laundering and money laundering,\n"
    )
    assert "against Money-Laundering and" in parsed.paragraphs[0].text


def test_subheading_between_operative_paragraphs_is_not_a_paragraph():
    parsed = parse_text(
        "Title\n\nThe General Assembly,\n\nRecalling its work,\n\n1. Decides to act;\n\n"
        "Medium-term strategy\n\n2. Requests a report.\n"
    )
    assert [p.number for p in parsed.paragraphs if p.kind == "operative"] == ["1", "2"]
    assert all("Medium-term" not in p.full_text for p in parsed.paragraphs)


def test_material_after_the_final_paragraph_is_an_annex():
    parsed = parse_text(
        "Title\n\nThe General Assembly,\n\nRecalling its work,\n\n1. Decides to act;\n\n"
        "2. Adopts the plan annexed to the present resolution.\n\nAnnex\n\nPlan of action\n\n"
        "1. Everyone acts.\n"
    )
    assert len([p for p in parsed.paragraphs if p.kind == "operative"]) == 2
    assert parsed.annexes == ["Annex\nPlan of action\n1. Everyone acts."]


def test_roman_sub_paragraphs_are_level_two():
    parsed = parse_text(
        "Title\n\nThe General Assembly,\n\n1. Decides:\n\n(a) To act:\n\n(i) now;\n\n(ii) later;\n\n"
        "(h) To wait;\n\n(i) To see;\n\n2. Requests a report.\n"
    )
    subs = parsed.paragraphs[0].subparagraphs
    assert [(s.number, s.level) for s in subs] == [
        ("(a)", 1), ("(i)", 2), ("(ii)", 2), ("(h)", 1), ("(i)", 1)
    ]


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ("   \n\t \n", "empty"),
        ("Title\n\nRecalling its resolutions,\n\n1. Decides to act.\n", "enacting formula"),
        ("Title\n\nThe General Assembly,\n", "No paragraphs"),
        ("__________________\n\n 1 Ibid.\n", "(?i)no paragraphs"),
    ],
)
def test_bad_text_raises_parse_error_naming_the_problem(text, words):
    with pytest.raises(ParseError, match=words):
        parse_text(text)


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)


def test_two_numbered_paragraphs_joined_on_one_line_are_two():
    """The 4 December Paris draft, Article 6: "5. […] 6. […]" on one extracted line."""
    from negotiation.text.parse import parse_text

    text = ("The General Assembly,\n\n1. Decides to act;\n\n"
            "2. [Parties should strive to improve enabling environments.] 3. [Parties should mobilize enhanced payments.]\n\n"
            "4. Requests a report, as set out in resolution 70/1. 5 States agree in vol. 2. Decides nothing.\n")
    parsed = parse_text(text)
    assert [(p.number, p.text) for p in parsed.paragraphs] == [
        ("1", "Decides to act;"),
        ("2", "[Parties should strive to improve enabling environments.]"),
        ("3", "[Parties should mobilize enhanced payments.]"),
        ("4", "Requests a report, as set out in resolution 70/1. 5 States agree in vol. 2. Decides nothing."),
    ]
