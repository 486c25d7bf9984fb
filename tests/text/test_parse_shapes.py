"""Hand-written examples of the shapes UN texts reach the parser in, one behaviour per test.

The texts are small synthetic ones modelled on real documents: a GA Third Committee draft
copied from its PDF with no blank line anywhere, enacting formulas in their variants,
markdown footnote definitions (with the wrapped-line artefacts of PDF extraction),
sub-paragraphs whose labels were lost, a treaty with Articles and options, a very long
list of operative paragraphs, bracketed negotiating text, and text that cannot be read.

The last section holds minimal examples of what the re-shaping property tests
(test_parse_reshape.py) found, each cut down to the few lines that show it.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from negotiation.text.parse import ParseError, parse_text

TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")


def kinds(parsed):
    return ([p for p in parsed.paragraphs if p.kind == "preambular"],
            [p for p in parsed.paragraphs if p.kind == "operative"])


# --------------------------------------------------------------------------------------------
# A GA Third Committee draft copied from its PDF: no blank line anywhere
# --------------------------------------------------------------------------------------------
THIRD_COMMITTEE_DRAFT = """\
United Nations A/C.3/78/L.41*2321227*
General Assembly Distr.: Limited
10 November 2023
Original: English
23-21227 (E) 131123
Seventy-eighth session
Third Committee
Agenda item 71 (b)
Promotion and protection of human rights: human rights questions, including
alternative approaches for improving the effective enjoyment of human rights
and fundamental freedoms
Albania, Andorra, Austria, Belgium, Canada, Costa Rica, Greece and Ukraine: draft resolution
Safety of journalists and the issue of impunity
The General Assembly,
Guided by the purposes and principles of the Charter of the United Nations, and
recalling the Convention on Prohibitions or Restrictions on the Use of Certain
Conventional Weapons,1
Noting the Universal Declaration of Human Rights,2 the International Covenant on
Civil and Political Rights3 and the Rome Statute of the International Criminal
Court,4
Recalling its resolutions 68/163 of 18 December 2013 and 76/173 of
16 December 2021 and all other relevant resolutions, most recently resolution 77/2285
__________________
1 United Nations, Treaty Series, vol. 1342, No. 22495.
2 Resolution 217 A (III).
3 See resolution 2200 A (XXI), annex.
4 United Nations, Treaty Series, vol. 2187, No. 38544.
5 See A/77/L.29 and A/77/L.29/Add.1.
2/9 23-21227 and Human Rights Council resolution 51/9 of 6 October 2022,
1. Condemns unequivocally all attacks and violence against journalists and media
workers, such as torture, extrajudicial killings, enforced disappearances and
arbitrary detention;
2. Calls upon States to do their utmost to prevent violence against journalists
and media workers and to ensure accountability;
A/C.3/78/L.41
23-21227 3/9
3. Urges Member States:
(a) To create and maintain, in law and in practice, a safe and enabling
environment for journalists to perform their work independently;
(b) To ensure impartial, speedy, thorough, independent and effective
investigations into all alleged violence against journalists;
4. Decides to remain seized of the matter.
"""


@pytest.fixture(scope="module")
def third_committee():
    assert "\n\n" not in THIRD_COMMITTEE_DRAFT
    return parse_text(THIRD_COMMITTEE_DRAFT)


def test_pdf_draft_symbol_glued_to_its_barcode_is_the_symbol(third_committee):
    assert third_committee.metadata.get("symbol") == "A/C.3/78/L.41"


def test_pdf_draft_barcode_and_job_number_are_removed_as_furniture(third_committee):
    removed = [r.text for r in third_committee.removed]
    assert "*2321227*" in removed
    assert "23-21227 (E) 131123" in removed
    assert "2/9 23-21227" in removed
    assert "23-21227 3/9" in removed


def test_pdf_draft_furniture_is_in_no_paragraph(third_committee):
    for p in third_committee.paragraphs:
        for furniture in ("2321227", "23-21227", "2/9", "3/9", "A/C.3/78/L.41"):
            assert furniture not in p.full_text


def test_pdf_draft_header_fields(third_committee):
    meta = third_committee.metadata
    assert meta.get("distribution") == "Limited"
    assert meta.get("date") == "10 November 2023"
    assert meta.get("original_language") == "English"
    assert meta.get("session") == "Seventy-eighth session"
    assert meta.get("agenda_item") == "71 (b)"
    assert third_committee.enacting_formula == "The General Assembly,"


def test_pdf_draft_sponsor_line_and_title(third_committee):
    assert third_committee.sponsor_line == (
        "Albania, Andorra, Austria, Belgium, Canada, Costa Rica, Greece and Ukraine: draft resolution")
    assert third_committee.title == "Safety of journalists and the issue of impunity"


def test_pdf_draft_has_three_preambular_paragraphs(third_committee):
    pps, _ = kinds(third_committee)
    assert [p.text.split()[0] for p in pps] == ["Guided", "Noting", "Recalling"]


def test_pdf_draft_paragraph_cut_by_the_page_break_is_joined(third_committee):
    pps, _ = kinds(third_committee)
    assert pps[2].text.endswith(
        "most recently resolution 77/228 and Human Rights Council resolution 51/9 of 6 October 2022,")


def test_pdf_draft_operative_numbers(third_committee):
    _, ops = kinds(third_committee)
    assert [p.number for p in ops] == ["1", "2", "3", "4"]
    assert ops[1].text.endswith("to ensure accountability;")  # nothing of the page break left
    assert ops[3].text == "Decides to remain seized of the matter."


def test_pdf_draft_subparagraphs(third_committee):
    _, ops = kinds(third_committee)
    assert ops[2].text == "Urges Member States:"
    assert [s.number for s in ops[2].subparagraphs] == ["(a)", "(b)"]
    assert ops[2].subparagraphs[1].text.endswith("alleged violence against journalists;")


def test_pdf_draft_footnotes_under_the_rule(third_committee):
    assert [(f.marker, f.text) for f in third_committee.footnotes] == [
        ("1", "United Nations, Treaty Series, vol. 1342, No. 22495."),
        ("2", "Resolution 217 A (III)."),
        ("3", "See resolution 2200 A (XXI), annex."),
        ("4", "United Nations, Treaty Series, vol. 2187, No. 38544."),
        ("5", "See A/77/L.29 and A/77/L.29/Add.1."),
    ]


def test_pdf_draft_markers_on_the_citing_paragraphs(third_committee):
    pps, ops = kinds(third_committee)
    assert [p.footnotes for p in pps] == [["1"], ["2", "3", "4"], ["5"]]
    assert all(not p.footnotes for p in ops)
    assert pps[0].text.endswith("Conventional Weapons,")
    assert pps[1].text == ("Noting the Universal Declaration of Human Rights, the International Covenant on "
                           "Civil and Political Rights and the Rome Statute of the International Criminal Court,")


def test_pdf_draft_resolution_number_with_glued_marker_keeps_the_number(third_committee):
    pps, _ = kinds(third_committee)
    assert "resolution 77/228 and" in pps[2].text
    assert "77/2285" not in pps[2].text


# --------------------------------------------------------------------------------------------
# Enacting formulas
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("formula, expected", [
    ("The General Assembly", "The General Assembly"),
    ("*The Security Council*,", "The Security Council,"),
    ("**The Human Rights Council**,", "The Human Rights Council,"),
    ("The Conference of the Parties,", "The Conference of the Parties,"),
])
@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank-lines", "no-blank-lines"])
def test_enacting_formula_variants(formula, expected, gap):
    text = gap.join(["Promotion of the rule of law", formula, "Recalling its resolution 70/1,",
                     "1. Decides to remain seized of the matter."])
    parsed = parse_text(text)
    assert parsed.enacting_formula.rstrip(",") == expected.rstrip(",")
    assert "*" not in parsed.enacting_formula
    assert [(p.kind, p.number) for p in parsed.paragraphs] == [("preambular", None), ("operative", "1")]
    assert parsed.title == "Promotion of the rule of law"


# --------------------------------------------------------------------------------------------
# Markdown footnote definitions
# --------------------------------------------------------------------------------------------
def test_markdown_footnote_definitions_are_footnotes():
    text = (
        "The General Assembly,\n\n"
        "Recalling the Convention on the Rights of the Child[^1] and the Convention on the Elimination "
        "of All Forms of Discrimination against Women,[^2]\n\n"
        "1. Decides to remain seized of the matter.\n\n---\n\n"
        "[^1]: United Nations, Treaty Series, vol. 1577, No. 27531.\n\n"
        "[^2]: Ibid., vol. 1249, No. 20378.\n"
    )
    parsed = parse_text(text)
    assert [(f.marker, f.text) for f in parsed.footnotes] == [
        ("1", "United Nations, Treaty Series, vol. 1577, No. 27531."),
        ("2", "Ibid., vol. 1249, No. 20378."),
    ]
    assert parsed.paragraphs[0].footnotes == ["1", "2"]
    assert "[^" not in parsed.paragraphs[0].text and "Women," in parsed.paragraphs[0].text


def _ten_footnotes(definition_10: str) -> str:
    pps = "\n\n".join(f"Recalling instrument number {k} of the Assembly,[^{k}]" for k in range(1, 11))
    notes = "\n\n".join(f"[^{k}]: Resolution {k}0/1." for k in range(1, 10))
    return (f"The General Assembly,\n\n{pps}\n\n1. Decides to remain seized of the matter.[^11]\n\n---\n\n"
            f"{notes}\n\n{definition_10}\n\n[^11]: Resolution 70/1.\n")


def test_wrapped_markdown_definition_1994_continues_footnote_10():
    parsed = parse_text(_ten_footnotes(
        "[^10]: Report of the International Conference on Population and Development, Cairo, 5–13 September\n"
        "[^1994]: (United Nations publication, Sales No. E.95.XIII.18), chap. I, resolution 1, annex."))
    assert [f.marker for f in parsed.footnotes] == [str(k) for k in range(1, 12)]
    assert dict((f.marker, f.text) for f in parsed.footnotes)["10"] == (
        "Report of the International Conference on Population and Development, Cairo, 5–13 September 1994 "
        "(United Nations publication, Sales No. E.95.XIII.18), chap. I, resolution 1, annex.")


def test_wrapped_markdown_definition_out_of_sequence_continues_the_one_above():
    # A/RES/80/18: "... as from 7 February 1984." wrapped before "7", which extraction made "[^7]:".
    text = (
        "The General Assembly,\n\n"
        "Recalling the Committee on Disarmament,[^1] now the Conference on Disarmament,[^2]\n\n"
        "1. Decides to remain seized of the matter.[^3]\n\n---\n\n"
        "[^1]: Resolution S-10/2.\n\n"
        "[^2]: The Committee on Disarmament was redesignated the Conference on Disarmament as from\n"
        "[^7]: February 1984.\n\n"
        "[^3]: Resolution 79/1.\n"
    )
    parsed = parse_text(text)
    assert [(f.marker, f.text) for f in parsed.footnotes] == [
        ("1", "Resolution S-10/2."),
        ("2", "The Committee on Disarmament was redesignated the Conference on Disarmament as from "
              "7 February 1984."),
        ("3", "Resolution 79/1."),
    ]


# --------------------------------------------------------------------------------------------
# Sub-paragraph labels lost in extraction
# --------------------------------------------------------------------------------------------
LOST_LABELS = """\
The General Assembly,

Recalling its resolution 79/42 of 2 December 2024,

1. Requests the Secretary-General to submit a report that includes:

Information on the implementation of the present resolution by Member States;

Recommendations on ways to strengthen international cooperation in this field;

2. Decides to remain seized of the matter.
"""


def test_lost_subparagraph_labels_are_restored_in_order():
    parsed = parse_text(LOST_LABELS)
    _, ops = kinds(parsed)
    assert [p.number for p in ops] == ["1", "2"]
    assert ops[0].text == "Requests the Secretary-General to submit a report that includes:"
    assert [(s.number, s.text) for s in ops[0].subparagraphs] == [
        ("(a)", "Information on the implementation of the present resolution by Member States;"),
        ("(b)", "Recommendations on ways to strengthen international cooperation in this field;"),
    ]


def test_lost_subparagraph_labels_restored_are_said_in_a_notice():
    parsed = parse_text(LOST_LABELS)
    said = " ".join(parsed.notices)
    assert "(a)" in said and "(b)" in said


def test_lost_subparagraph_labels_drop_no_word():
    parsed = parse_text(LOST_LABELS)
    everything = " ".join(p.full_text for p in parsed.paragraphs)
    for sentence in ("Information on the implementation", "Recommendations on ways to strengthen"):
        assert sentence in everything
    assert not parsed.annexes


# --------------------------------------------------------------------------------------------
# A treaty
# --------------------------------------------------------------------------------------------
TREATY = """\
## Preamble

The Parties to this Agreement,

*Being* Parties to the United Nations Framework Convention on Climate Change,

*Recalling* decisions 1/CP.17 and 1/CP.19 of the Conference of the Parties,

Have agreed as follows:

## Article 1

For the purposes of this Agreement, the definitions contained in Article 1 of the Convention shall apply. In addition:

1. "Convention" means the United Nations Framework Convention on Climate Change;
2. "Party" means a Party to this Agreement.

## Article 2 *(purpose)*

1. This Agreement aims to strengthen the global response to the threat of climate change, including by:

    1. Holding the increase in the global average temperature to well below 2 °C;
    2. Increasing the ability to adapt to the adverse impacts of climate change.

2. This Agreement will be implemented to reflect equity.

## Article 3 *(mitigation)*

**Option 1:**

1. [Each Party [shall][should] communicate a nationally determined contribution.]

**Option 2:**

1. [No provision.]
"""


@pytest.fixture(scope="module")
def treaty():
    return parse_text(TREATY)


def test_treaty_preamble_and_formulas(treaty):
    assert treaty.enacting_formula == "The Parties to this Agreement,"
    assert [p.lead for p in treaty.paragraphs if p.kind == "preambular"] == ["Being", "Recalling"]
    assert treaty.metadata.get("agreement_formula") == "Have agreed as follows:"
    assert not any("agreed as follows" in p.full_text for p in treaty.paragraphs)


def test_treaty_labels(treaty):
    assert treaty.labels() == ["PP1", "PP2", "Art. 1", "Art. 1.1", "Art. 1.2", "Art. 2.1", "Art. 2.2",
                               "Art. 3.1 (Opt. 1)", "Art. 3.1 (Opt. 2)"]


def test_treaty_article_headings_are_sections(treaty):
    assert [(s.heading, s.number, s.title) for s in treaty.sections if s.heading.startswith("Article")] == [
        ("Article 1", "1", ""), ("Article 2 (purpose)", "2", "purpose"), ("Article 3 (mitigation)", "3", "mitigation")]
    assert {p.section for p in treaty.paragraphs if p.kind == "operative"} >= {"Article 1", "Article 2 (purpose)"}


def test_treaty_unnumbered_chapeau_of_an_article(treaty):
    chapeau = treaty.paragraphs[2]
    assert (chapeau.kind, chapeau.number, chapeau.section) == ("operative", None, "Article 1")
    assert chapeau.text.endswith("In addition:")


def test_treaty_nested_indented_items_are_subparagraphs(treaty):
    art21 = treaty.paragraphs[treaty.labels().index("Art. 2.1")]
    assert [s.number for s in art21.subparagraphs] == ["1.", "2."]
    assert art21.subparagraphs[0].text.startswith("Holding the increase")


def test_treaty_options_are_sections_under_the_article(treaty):
    options = [p for p in treaty.paragraphs if "Option" in p.section]
    assert [p.section for p in options] == ["Article 3 (mitigation) › Option 1", "Article 3 (mitigation) › Option 2"]
    assert options[0].text == "[Each Party [shall][should] communicate a nationally determined contribution.]"


def test_treaty_items_ending_inside_a_bracket_are_split():
    # Paris 23 October, Article 1: "4. [Placeholder for ...;]" then "5. [Climate forcers ...]".
    text = TREATY.replace(
        '2. "Party" means a Party to this Agreement.',
        '2. ["Party" means a Party to this Agreement;]\n3. [*Placeholder* for "climate finance";]\n'
        '4. ["CMA" means the meeting of the Parties.]')
    parsed = parse_text(text)
    labels = parsed.labels()
    assert labels[2:7] == ["Art. 1", "Art. 1.1", "Art. 1.2", "Art. 1.3", "Art. 1.4"]


# --------------------------------------------------------------------------------------------
# 5,000 operative paragraphs
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank-lines", "no-blank-lines"])
def test_five_thousand_operative_paragraphs_are_all_operative(gap):
    ops = [f"{n}. Requests the Secretary-General to report on the matter in section {n};" for n in range(1, 5000)]
    ops.append("5000. Decides to remain seized of the matter.")
    text = gap.join(["The General Assembly,", "Recalling its resolution 70/1,", *ops])
    parsed = parse_text(text)
    _, operative = kinds(parsed)
    assert [p.number for p in operative] == [str(n) for n in range(1, 5001)]
    assert not parsed.annexes


# --------------------------------------------------------------------------------------------
# Brackets
# --------------------------------------------------------------------------------------------
BRACKETED = """\
The Parties to this Agreement,

[*Recognizing* that carbon pricing is [an important][a] tool,]

Have agreed as follows:

## Article 4

1. [Each Party [shall][should] communicate] its contribution [every [five][ten] years].
"""


def _spans(entry):
    return [(entry["text"][b["start"]:b["end"]], b["depth"], b["closed"]) for b in entry["brackets"]]


def test_bracketed_text_is_kept_verbatim():
    parsed = parse_text(BRACKETED)
    assert parsed.paragraphs[0].text == "[Recognizing that carbon pricing is [an important][a] tool,]"
    assert parsed.paragraphs[1].text == (
        "[Each Party [shall][should] communicate] its contribution [every [five][ten] years].")


def test_bracket_spans_with_nesting_depth():
    paragraphs = parse_text(BRACKETED).to_json()["paragraphs"]
    assert _spans(paragraphs[0]) == [
        ("[Recognizing that carbon pricing is [an important][a] tool,]", 1, True),
        ("[an important]", 2, True), ("[a]", 2, True)]
    assert _spans(paragraphs[1]) == [
        ("[Each Party [shall][should] communicate]", 1, True), ("[shall]", 2, True), ("[should]", 2, True),
        ("[every [five][ten] years]", 1, True), ("[five]", 2, True), ("[ten]", 2, True)]


def test_bracket_count_is_the_outermost_spans_of_paragraphs_and_footnotes():
    assert parse_text(BRACKETED).to_json()["bracket_count"] == 3
    with_note = "The General Assembly,\n\n1. Decides [to act];[^1]\n\n[^1]: [See] [annex].\n"
    assert parse_text(with_note).to_json()["bracket_count"] == 3


@pytest.mark.parametrize("day, contested", [("10-23", True), ("12-04", True), ("12-09", True), ("12-12", False)])
def test_paris_brackets_fall_to_zero_in_the_adopted_text(day, contested):
    from negotiation.data import corpus_dir

    text = (corpus_dir() / f"paris2015/paris-agreement-2015-{day}.md").read_text(encoding="utf-8")
    assert (parse_text(text).to_json()["bracket_count"] > 0) is contested


def test_unclosed_bracket_span_runs_to_the_end_and_is_open():
    text = "The General Assembly,\n\nRecalling its resolution 70/1,\n\n1. Decides [to act [now] on it.\n"
    entry = parse_text(text).to_json()["paragraphs"][1]
    assert _spans(entry) == [("[to act [now] on it.", 1, False), ("[now]", 2, True)]


# --------------------------------------------------------------------------------------------
# Text that cannot be read
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    # paragraphs, but no enacting formula above them
    "Strengthening cooperation\n\nRecalling its resolution 70/1,\n\n1. Decides to remain seized of the matter.\n",
    # an enacting formula, and nothing after it that is a paragraph
    "Strengthening cooperation\n\nThe General Assembly,\n",
    # no UN text at all
    "Dear colleagues,\n\nPlease find attached the text we discussed yesterday.\n\nBest regards\n",
], ids=["no-formula", "no-paragraphs", "not-a-resolution"])
def test_unreadable_text_raises_parse_error_naming_a_line(text):
    with pytest.raises(ParseError) as error:
        parse_text(text)
    assert re.search(r"\b[Ll]ine [0-9]+", str(error.value)), str(error.value)


# --------------------------------------------------------------------------------------------
# Found by the re-shaping property tests, cut down to a few lines
# --------------------------------------------------------------------------------------------
def _words(text: str) -> Counter:
    return Counter(t.lower() for t in TOKEN_RE.findall(text))


def test_sub_paragraph_after_one_ending_with_and_is_split_without_blank_lines():
    text = ("The General Assembly,\nRecalling its resolution 70/1,\n1. Urges Member States:\n"
            "(a) To create a safe environment for journalists; and\n(b) To investigate all attacks;\n"
            "2. Decides to remain seized of the matter.")
    _, ops = kinds(parse_text(text))
    assert [s.number for s in ops[0].subparagraphs] == ["(a)", "(b)"]


def test_wrapped_enacting_formula_is_found():
    text = ("Resolution 5/1\n\nEnsuring effective implementation of the Convention\n\n"
            "The Conference of the Parties to the United Nations Convention against Transnational\n"
            "Organized Crime,\n\nRecalling its decision 4/2,\n\n1. Decides to remain seized of the matter.\n")
    parsed = parse_text(text)
    assert parsed.enacting_formula == (
        "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime,")
    assert [p.kind for p in parsed.paragraphs] == ["preambular", "operative"]


def test_wrapped_numbered_title_is_one_title():
    text = ("80/10. International Day of the World’s Indigenous Women and\nGirls\n\n"
            "The General Assembly,\n\nRecalling its resolution 70/1,\n\n1. Decides to remain seized of the matter.\n")
    parsed = parse_text(text)
    assert parsed.title == "International Day of the World’s Indigenous Women and Girls"


TITLE_50 = "80/50. Humanitarian consequences of nuclear weapons\n\nThe General Assembly,\n\n"


@pytest.mark.parametrize("body, kept", [
    # the title quoted at the end of the last paragraph, on a line of its own
    ("Recalling its resolution 79/1,\n\n1. Decides to include in the provisional agenda the item entitled\n"
     "“Humanitarian consequences of nuclear weapons”.\n", "Humanitarian consequences of nuclear weapons"),
    # the title's words in a sentence, wrapped onto a line of their own
    ("Reaffirming the role of civil society in raising awareness about the unacceptable\n"
     "humanitarian consequences of nuclear weapons,\n\n1. Decides to remain seized of the matter.\n",
     "unacceptable humanitarian consequences of nuclear weapons,"),
    # a prefix of the title quoted, the rest on the next line
    ("Recalling its resolution 79/1,\n\n1. Decides to include in the provisional agenda the item entitled\n"
     "“Humanitarian consequences of nuclear\nweapons”.\n", "Humanitarian consequences of nuclear weapons"),
], ids=["quoted-title", "title-words-in-a-sentence", "quoted-title-prefix"])
def test_paragraph_line_that_repeats_the_title_is_not_a_running_header(body, kept):
    parsed = parse_text(TITLE_50 + body)
    assert kept in " ".join(p.full_text for p in parsed.paragraphs), parsed.removed
    assert not parsed.removed


def test_running_header_after_footnotes_is_not_footnote_text():
    text = ("Strengthening international cooperation against crime\n\nThe Economic and Social Council,\n\n"
            "Recalling the United Nations Convention against Transnational Organized Crime,¹\n\n"
            "¹ United Nations, Treaty Series, vol. 2225, No. 39574.\n"
            "Strengthening international cooperation against crime\n\n"
            "1. Decides to remain seized of the matter.\n")
    parsed = parse_text(text)
    assert [f.text for f in parsed.footnotes] == ["United Nations, Treaty Series, vol. 2225, No. 39574."]


def test_superscript_footnote_without_blank_line_ends_before_the_text_goes_on():
    # 003 copied without blank lines: the paragraph goes on, in lower case, after the footnote.
    text = ("The Economic and Social Council,\n"
            "Recalling the United Nations Convention against Transnational Organized Crime¹ and the Protocols\n"
            "¹ United Nations, Treaty Series, vol. 2225, No. 39574.\n"
            "thereto, as the main tools to fight organized crime,\n"
            "1. Decides to remain seized of the matter.\n")
    parsed = parse_text(text)
    assert [f.text for f in parsed.footnotes] == ["United Nations, Treaty Series, vol. 2225, No. 39574."]
    assert parsed.paragraphs[0].text.endswith("and the Protocols thereto, as the main tools to fight organized crime,")


def test_footnote_block_without_rule_or_blank_line_is_found():
    # A/RES/80/13 as raw PDF text, the blank lines lost: the rule above the block is lost too.
    text = ("The General Assembly,\nRecalling the report of the Meeting held in New York in 1979,1\n"
            "Noting the initiatives taken by countries of the region,\n"
            "1 Official Records of the General Assembly, Thirty-fourth Session, Supplement No. 45.\n"
            "1. Decides to remain seized of the matter.\n")
    parsed = parse_text(text)
    assert [f.marker for f in parsed.footnotes] == ["1"]
    assert parsed.paragraphs[0].footnotes == ["1"]


@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank-lines", "no-blank-lines"])
def test_spaced_marker_after_the_final_comma_ends_the_paragraph(gap):
    # A/RES/80/27, 80/31, 80/36: "collecting them, 5" then the next paragraph.
    text = gap.join(["The General Assembly,",
                     "Taking note of the latest report of the Secretary-General, 1",
                     "Recalling, in that regard, the decision of the European Union,",
                     "1. Decides to remain seized of the matter.", "---", "[^1]: A/80/100."])
    parsed = parse_text(text)
    assert [p.text for p in parsed.paragraphs] == [
        "Taking note of the latest report of the Secretary-General,",
        "Recalling, in that regard, the decision of the European Union,",
        "Decides to remain seized of the matter."]
    assert parsed.paragraphs[0].footnotes == ["1"]


@pytest.mark.parametrize("glued", ["the indicative timetable for 2025–20281", "held on 16 September 20051"])
def test_footnote_marker_glued_to_a_year_is_found(glued):
    # A/RES/80/20, 80/41, 80/44: "2025–20286", "16 September 20055".
    text = (f"The General Assembly,\n\nWelcoming {glued} and the work done,\n\n"
            "1. Decides to remain seized of the matter.\n\n---\n\n[^1]: A/AC.297/2025/3.\n")
    parsed = parse_text(text)
    assert parsed.paragraphs[0].footnotes == ["1"]
    assert glued[:-1] in parsed.paragraphs[0].text


@pytest.mark.parametrize("line", ["Article 14.", "Article 4, and Parties' adaptation actions under Article 7;"])
def test_wrapped_line_starting_with_article_is_not_a_heading(line):
    # Paris Agreement, hard-wrapped: "... to inform the global stocktake under\nArticle 14."
    text = ("The Parties to this Agreement,\n\n*Recalling* decision 1/CP.17,\n\nHave agreed as follows:\n\n"
            "## Article 13\n\n1. The purpose of the framework is to inform the global stocktake under\n"
            f"{line}\n\n2. Each Party shall provide information.\n")
    parsed = parse_text(text)
    assert [s.heading for s in parsed.sections] == ["Article 13"]
    assert parsed.paragraphs[1].text.endswith(line)


def test_tight_numbered_items_of_a_treaty_paragraph_are_split():
    # Paris Agreement, Article 7.14: item 3 ends "; and", items written without blank lines.
    text = ("The Parties to this Agreement,\n\n*Recalling* decision 1/CP.17,\n\nHave agreed as follows:\n\n"
            "## Article 7\n\n14. The global stocktake shall, inter alia:\n\n"
            "    1. Recognize adaptation efforts;\n    2. Enhance the implementation of adaptation action;\n"
            "    3. Review the adequacy of support; and\n    4. Review the overall progress made.\n")
    parsed = parse_text(text)
    assert [s.number for s in parsed.paragraphs[1].subparagraphs] == ["1.", "2.", "3.", "4."]


def test_suspended_hyphen_at_a_line_end_keeps_its_space():
    # "short-, medium- and long-term" wrapped after "medium-".
    text = ("The General Assembly,\n\nRecalling its resolution 70/1,\n\n1. Calls for short-, medium-\n"
            "and long-term measures to remain seized of the matter.\n")
    parsed = parse_text(text)
    assert "short-, medium- and long-term" in parsed.paragraphs[1].text


def test_inserted_paragraph_9bis_keeps_the_numbering_going():
    text = ("The General Assembly,\n\nRecalling its resolution 70/1,\n\n1. Decides to act;\n\n"
            "1bis. Invites Member States to submit views;\n\n2. Requests a report;\n\n"
            "2 ter. Encourages donors to contribute;\n\n3. Decides to remain seized of the matter.\n")
    parsed = parse_text(text)
    assert parsed.labels() == ["PP1", "OP1", "OP1bis", "OP2", "OP2ter", "OP3"]
    assert parsed.notices == []


def test_cop_style_heading_before_the_first_paragraph_is_a_section():
    text = ("Draft decision -/CP.21\n\nThe Conference of the Parties,\n\nRecalling decision 1/CP.17,\n\n"
            "I. ADOPTION OF THE AGENDA\n\n1. Decides to adopt the agenda;\n\n"
            "II. INTENDED NATIONALLY DETERMINED CONTRIBUTIONS\n\n2. Requests the secretariat to act.\n")
    parsed = parse_text(text)
    assert [s.heading for s in parsed.sections] == [
        "I. ADOPTION OF THE AGENDA", "II. INTENDED NATIONALLY DETERMINED CONTRIBUTIONS"]
    assert [(p.number, p.section) for p in parsed.paragraphs if p.kind == "operative"] == [
        ("1", "I. ADOPTION OF THE AGENDA"), ("2", "II. INTENDED NATIONALLY DETERMINED CONTRIBUTIONS")]
    assert [p.kind for p in parsed.paragraphs] == ["preambular", "operative", "operative"]


def test_heading_with_no_paragraph_under_it_is_said():
    text = ("The Parties to this Agreement,\n\n*Recalling* decision 1/CP.17,\n\nHave agreed as follows:\n\n"
            "## Article 8\n\n1. Parties shall cooperate.\n\n## Article 8 bis\n\n## Article 9\n\n"
            "1. Parties shall report.\n")
    parsed = parse_text(text)
    assert [s.heading for s in parsed.sections] == ["Article 8", "Article 8 bis", "Article 9"]
    assert any("Article 8 bis" in n and "no paragraph" in n for n in parsed.notices)


def test_option_content_and_bracketed_placeholders_are_paragraphs_not_headings():
    text = ("The Parties to this Agreement,\n\n*Recalling* decision 1/CP.17,\n\nHave agreed as follows:\n\n"
            "## Article 2 *(purpose)*\n\n**Option 1:**\n\n1. The purpose is to act.\n\n**Option 2:**\n\nNo text\n\n"
            "## Article 24 *(RESERVATIONS)*\n\nNo reservations may be made to this Agreement. [Placeholder]\n")
    parsed = parse_text(text)
    assert [(p.text, p.section) for p in parsed.paragraphs[1:]] == [
        ("The purpose is to act.", "Article 2 (purpose) › Option 1"),
        ("No text", "Article 2 (purpose) › Option 2"),
        ("No reservations may be made to this Agreement. [Placeholder]", "Article 24 (RESERVATIONS)"),
    ]


def test_articles_have_no_guessed_lead_but_the_preamble_keeps_its_italics():
    parsed = parse_text("The Parties to this Agreement,\n\n*Recognizing* the need,\n\nHave agreed as follows:\n\n"
                        "## Article 4\n\n1. Each Party shall prepare a contribution.\n\n2. *Requests* the CMA to act.\n")
    assert [p.lead for p in parsed.paragraphs] == ["Recognizing", "", "Requests"]


def test_sub_paragraphs_carry_the_label_negotiators_cite():
    text = ("The General Assembly,\n\nRecalling its resolution 70/1,\n\n1. Decides to act;\n\n"
            "2. Urges Member States:\n\n(a) To create a safe environment;\n\n(b) To investigate all attacks;\n\n"
            "3. Decides to remain seized of the matter.\n")
    entry = parse_text(text).to_json()["paragraphs"][2]
    assert entry["label"] == "OP2"
    assert [s["label"] for s in entry["subparagraphs"]] == ["OP2 (a)", "OP2 (b)"]
