"""Actions at a meeting: import from session reports and the report's own wording.

Reference: the "Action taken by the Commission" paragraphs of the 2011 CCPCJ report (corpus
004). There are 18 actions on drafts: 21-24 (chapter II), 61-64 (IV), 76-82 (V), 94 (VI) and
108-109 (VIII). Paragraph 111 ("adopted by consensus the report") is not an action on a draft.
Every one of the 18 is imported and must render back word for word.
"""
from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.data import corpus_dir
from negotiation.text.names import load_delegations
from negotiation.text.reports import (
    int_to_ordinal_word,
    normalise_paragraph,
    ordinal_to_int,
    parse_actions,
    render_action,
    render_section,
)

CORPUS = corpus_dir()
REPORT_2011 = CORPUS / "004_b76d8c8590779d12.txt"
ACTION_PARAGRAPHS_2011 = [21, 22, 23, 24, 61, 62, 63, 64, 76, 77, 78, 79, 80, 81, 82, 94, 108, 109]
PAGE_FURNITURE = re.compile(r"^(\d+ V\.11-82609|V\.11-82609 \d+|E/2011/30|E/CN\.15/2011/21)$")

pytestmark = pytest.mark.skipif(not REPORT_2011.exists(), reason="shared corpus not mounted")


@pytest.fixture(scope="module")
def report_text() -> str:
    return REPORT_2011.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def imported(report_text):
    return parse_actions(report_text)


@pytest.fixture(scope="module")
def by_paragraph(imported) -> dict[int, dict]:
    return {a["paragraph"]: a for a in imported.actions}


def corpus_paragraph(report_text: str, number: int) -> str:
    """The paragraph as printed, read independently of the parser: wraps joined, furniture out."""
    lines = report_text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{number}\. (?:At|Also at) ", line.strip()))
    out = [lines[start].strip()[len(f"{number}. "):]]
    for line in lines[start + 1:]:
        s = line.strip()
        if re.match(r"^\d+\. ", s) or re.match(r"^Chapter [IVX]+$", s):
            break
        if not PAGE_FURNITURE.match(s):
            out.append(s)
    return normalise_paragraph(out)


# --- import of corpus 004 -------------------------------------------------------------------


def test_every_action_paragraph_of_the_2011_report_imports_without_errors(imported):
    assert [a["paragraph"] for a in imported.actions] == ACTION_PARAGRAPHS_2011
    assert imported.errors == []


def test_action_has_exactly_the_contract_keys(by_paragraph):
    contract = {
        "paragraph", "meeting", "date", "document", "revision_note", "outcome", "recommended_to",
        "for_adoption_by", "sponsors", "introduced_by", "financial_statement",
        "financial_statement_document", "result", "text_at", "title", "vote",
        "subsequently_joined", "statements",
    }
    for action in by_paragraph.values():
        assert contract <= set(action)


# paragraph: meeting, date, document, revision_note, outcome, sponsors (count, first, last),
#            financial_statement, result, statements' delegations
PINNED = {
    21: (5, "2011-04-13", "E/CN.15/2011/L.2", None, "approved_and_recommended", (0, None, None), True, None, [["United States of America"]]),
    22: (5, "2011-04-13", "E/CN.15/2011/L.3", None, "adopted", (4, "Norway", "United States of America"), True, "resolution 20/1", [["United Kingdom of Great Britain and Northern Ireland"]]),
    23: (5, "2011-04-13", "E/CN.7/2011/11-E/CN.15/2011/11", None, "adopted", (0, None, None), False, "resolution 20/2", []),
    24: (10, "2011-04-15", "E/CN.15/2011/L.9", "as revised", "approved_and_recommended", (4, "Colombia", "United States of America"), False, None, []),
    61: (9, "2011-04-15", "E/CN.15/2011/L.13/Rev.1", "as further revised", "adopted", (21, "Belarus", "Venezuela (Bolivarian Republic of)"), True, "resolution 20/3", []),
    62: (10, "2011-04-15", "E/CN.15/2011/L.6/Rev.1", "as further revised", "approved_and_recommended", (16, "Albania", "Türkiye"), True, None, []),
    63: (10, "2011-04-15", "E/CN.15/2011/L.14/Rev.1", None, "adopted", (8, "Australia", "United States of America"), True, "resolution 20/4", [["China"]]),
    64: (10, "2011-04-15", "E/CN.15/2011/L.15/Rev.1", "as further revised", "adopted", (7, "Chile", "Philippines"), True, "resolution 20/5",
         [["Türkiye", "Venezuela (Bolivarian Republic of)", "Colombia", "Peru"]]),
    76: (9, "2011-04-15", "E/CN.15/2011/L.5/Rev.1", None, "approved_and_recommended", (14, "Australia", "United States of America"), True, None, []),
    77: (10, "2011-04-15", "E/CN.15/2011/L.7", "as revised", "approved_and_recommended", (6, "Indonesia", "Yemen"), True, None,
         [["Sweden"], ["China", "Iran (Islamic Republic of)"], ["Chile"]]),
    78: (10, "2011-04-15", "E/CN.15/2011/L.10", "as revised", "approved_and_recommended", (10, "Argentina", "South Africa"), True, None,
         [["Iran (Islamic Republic of)"]]),
    79: (10, "2011-04-15", "E/CN.15/2011/L.8/Rev.1", None, "approved_and_recommended", (6, "Canada", "United States of America"), True, None, []),
    80: (10, "2011-04-15", "E/CN.15/2011/L.11/Rev.1", None, "approved_and_recommended", (8, "Argentina", "United States of America"), True, None, []),
    81: (10, "2011-04-15", "E/CN.15/2011/L.12/Rev.1", None, "adopted", (8, "Argentina", "Nigeria"), True, "resolution 20/6", []),
    82: (10, "2011-04-15", "E/CN.15/2011/L.4", "as revised", "adopted", (7, "Chile", "Thailand"), True, "resolution 20/7", []),
    94: (10, "2011-04-15", "E/CN.15/2011/L.16/Rev.1", None, "approved_and_recommended", (5, "Canada", "Republic of Korea"), False, None, []),
    108: (10, "2011-04-15", "E/CN.15/2011/L.17", "as orally amended", "approved_and_recommended", (0, None, None), False, None, []),
    109: (10, "2011-04-15", None, None, "adopted", (0, None, None), False, "decision 20/1", []),
}


def test_pinned_table_covers_every_action_paragraph():
    assert sorted(PINNED) == ACTION_PARAGRAPHS_2011


@pytest.mark.parametrize("number", sorted(PINNED))
def test_corpus_action_paragraph_imports_as_pinned(by_paragraph, number):
    meeting, date, document, note, outcome, (count, first, last), financial, result, speakers = PINNED[number]
    action = by_paragraph[number]
    assert action["meeting"] == meeting
    assert action["date"] == date
    assert action["document"] == document
    assert action["revision_note"] == note
    assert action["outcome"] == outcome
    sponsors = [s["name"] for s in action["sponsors"]]
    assert len(sponsors) == count
    assert (sponsors[0] if sponsors else None, sponsors[-1] if sponsors else None) == (first, last)
    assert action["financial_statement"] is financial
    assert action["result"] == result
    assert [s["delegations"] for s in action["statements"]] == speakers


def test_sponsor_names_drop_the_article_and_keep_text_order(by_paragraph):
    names = [s["name"] for s in by_paragraph[61]["sponsors"]]
    assert names[11:15] == ["Norway", "Philippines", "Qatar", "Republic of Korea"]
    assert not any(n.startswith("the ") for n in names)


def test_on_behalf_of_a_group_is_kept_without_article(by_paragraph):
    assert by_paragraph[24]["sponsors"][:2] == [
        {"name": "Colombia", "on_behalf_of": "Group of Latin American and Caribbean States"},
        {"name": "Indonesia", "on_behalf_of": "Group of 77 and China"},
    ]
    assert {"name": "Hungary", "on_behalf_of": "European Union"} in by_paragraph[62]["sponsors"]


def test_financial_statement_is_not_a_delegation_statement(by_paragraph):
    action = by_paragraph[61]
    assert action["statements"] == []
    assert action["financial_statement"] is True
    assert action["financial_statement_document"] == "E/CN.15/2011/CRP.7"
    assert action["financial_statement_wording"] == "a financial statement"
    assert by_paragraph[62]["financial_statement_available_at"] is None
    assert by_paragraph[21]["financial_statement_wording"] == (
        "a statement on the financial implications of its adoption"
    )


def test_joint_statement_by_a_representative_and_observers_keeps_each_role(by_paragraph):
    [statement] = by_paragraph[64]["statements"]
    assert statement["timing"] == "after"
    assert statement["role"] == "representative"
    assert statement["roles"] == {
        "Türkiye": "representative",
        "Venezuela (Bolivarian Republic of)": "observer",
        "Colombia": "observer",
        "Peru": "observer",
    }
    assert statement["text"].startswith("stated that they were not parties to the United Nations Convention")


def test_statement_before_adoption_follows_the_financial_statement(by_paragraph):
    [statement] = by_paragraph[21]["statements"]
    assert statement["timing"] == "before"
    assert statement["lead"] == "Also prior to the adoption of the draft decision"
    assert statement["text"].startswith("made a statement indicating that both of the sponsors")


def test_follow_on_statement_sentences_keep_the_timing_and_have_no_lead(by_paragraph):
    statements = by_paragraph[77]["statements"]
    assert [s["timing"] for s in statements] == ["after"] * 3
    assert [s["lead"] for s in statements] == ["Following adoption", "", ""]
    assert statements[0]["role"] == "observer"
    assert statements[1]["text"].startswith("also made statements regarding")


def test_result_only_for_numbered_texts_but_text_at_always(by_paragraph):
    assert by_paragraph[61]["text_at"] == "chap. I, sect. D, resolution 20/3"
    assert by_paragraph[62]["text_at"] == "chap. I, sect. A, draft resolution II"
    assert by_paragraph[62]["result"] is None
    assert by_paragraph[109]["result"] == "decision 20/1"


def test_considered_to_be_recommended_is_imported_as_approval_through_the_council(by_paragraph):
    action = by_paragraph[62]
    assert action["outcome"] == "approved_and_recommended"
    assert action["recommended_to"] == "Economic and Social Council"
    assert action["for_adoption_by"] == "General Assembly"
    assert action["outcome_form"] == "considered_to_be_recommended"
    assert by_paragraph[76]["recommended_to"] == "Economic and Social Council"
    assert by_paragraph[76]["for_adoption_by"] is None


def test_written_out_ordinal_meeting_is_a_number(by_paragraph):
    assert by_paragraph[21]["meeting"] == 5
    assert by_paragraph[21]["meeting_form"] == "word"
    assert ordinal_to_int("forty-fifth") == 45
    assert ordinal_to_int("10th") == 10
    assert [int_to_ordinal_word(n) for n in (1, 20, 45)] == ["first", "twentieth", "forty-fifth"]


def test_at_the_same_meeting_inherits_meeting_and_date(by_paragraph):
    for number in (22, 23):
        assert (by_paragraph[number]["meeting"], by_paragraph[number]["date"]) == (5, "2011-04-13")
    assert by_paragraph[63]["meeting_ref"] == "same"
    assert by_paragraph[64]["meeting_ref"] == "also_same"


def test_date_without_year_takes_the_year_of_the_earlier_meeting_lead(by_paragraph):
    assert by_paragraph[24]["date"] == "2011-04-15"
    assert by_paragraph[24]["date_form"] == "day_month"


def test_meeting_without_date_takes_the_date_given_for_that_meeting_elsewhere(by_paragraph):
    assert by_paragraph[62]["date"] == "2011-04-15"
    assert by_paragraph[62]["date_form"] == "none"


def test_title_and_annex_of_a_draft_in_a_report(by_paragraph):
    action = by_paragraph[23]
    assert action["title"].startswith("Implementation of the budget for the biennium 2010-2011")
    assert action["document_part"] == "annex IV"


def test_oral_draft_introduced_by_a_delegation(by_paragraph):
    action = by_paragraph[109]
    assert action["introduced_by"] == ["Canada"]
    assert action["introduced_orally"] and action["introduced_as_delegation"]
    assert action["introduced_note"] == "in the context of the aforementioned draft decision"
    assert by_paragraph[21]["introduced_by"] == ["Sweden", "United States of America"]
    # The report's own forms are kept for its wording.
    assert by_paragraph[21]["names_written"] == {"United States of America": "United States"}


def test_other_corpus_texts_hold_no_actions():
    for name in ("001_a9392ff012db9aba.txt", "002_780746b198b85f4a.txt", "003_cbf27e0216005652.txt"):
        result = parse_actions((CORPUS / name).read_text(encoding="utf-8"))
        assert (result.actions, result.errors) == ([], [])


# --- year inference on small reports --------------------------------------------------------

ACTION = "the Commission adopted a draft resolution (E/CN.15/2011/L.{n}) sponsored by Norway."


def test_year_argument_serves_when_the_report_gives_none():
    text = f"3. At its 9th meeting, on 15 April, {ACTION.format(n=3)}\n"
    assert parse_actions(text, year=2011).actions[0]["date"] == "2011-04-15"
    assert parse_actions(text).actions[0]["date"] is None


def test_earlier_meeting_date_wins_over_the_year_argument():
    text = (
        "1. At its 1st and 2nd meetings, on 11 and 12 April 2011, the Commission considered agenda item 3.\n"
        f"2. At its 9th meeting, on 15 April, {ACTION.format(n=2)}\n"
    )
    assert parse_actions(text, year=1999).actions[0]["date"] == "2011-04-15"


def test_year_rolls_over_when_a_session_runs_into_january():
    text = (
        f"1. At its 5th meeting, on 9 December 2010, {ACTION.format(n=1)}\n"
        f"2. At its 6th meeting, on 12 January, {ACTION.format(n=2)}\n"
    )
    assert [a["date"] for a in parse_actions(text).actions] == ["2010-12-09", "2011-01-12"]


def test_dates_of_cited_texts_do_not_set_the_year():
    text = (
        "1. Recalling General Assembly resolution 64/179 of 18 December 2009, the Commission met.\n"
        f"2. At its 9th meeting, on 15 April, {ACTION.format(n=2)}\n"
    )
    assert parse_actions(text, year=2011).actions[0]["date"] == "2011-04-15"


# --- errors ---------------------------------------------------------------------------------


def test_unreadable_action_paragraph_is_reported_with_its_number_while_others_import(report_text):
    broken = report_text.replace(
        "63. At the same meeting, the Commission adopted a revised draft resolution",
        "63. At the same meeting, the Commission noted with appreciation a revised draft resolution",
    )
    result = parse_actions(broken)
    assert [e["paragraph"] for e in result.errors] == [63]
    assert "outcome not recognised" in result.errors[0]["reason"]
    assert len(result.actions) == len(ACTION_PARAGRAPHS_2011) - 1
    assert {a["paragraph"]: a["meeting"] for a in result.actions}[64] == 10


def test_unknown_sentence_in_an_action_paragraph_is_an_error_not_a_silent_loss():
    text = (
        " B. Action taken by the Commission\n"
        f"7. At its 9th meeting, on 15 April 2011, {ACTION.format(n=7)} The Chair thanked everyone.\n"
        f"8. At the same meeting, {ACTION.format(n=8)}\n"
    )
    result = parse_actions(text)
    assert [e["paragraph"] for e in result.errors] == [7]
    assert [(a["paragraph"], a["meeting"], a["date"]) for a in result.actions] == [(8, 9, "2011-04-15")]


# --- committee-report style (General Assembly, Third Committee) -----------------------------

MEMBER_STATES = [d.short_name for d in load_delegations() if d.kind == "member_state"]
IN_FAVOUR, AGAINST, ABSTAINING = MEMBER_STATES[:80], MEMBER_STATES[80:109], MEMBER_STATES[109:174]


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 86, break_on_hyphens=False))


THIRD_COMMITTEE = f"""
 II. Consideration of proposals

 A. Draft resolution A/C.3/78/L.12

8. At its 40th meeting, on 9 November 2023, the Committee had before it a draft
resolution entitled “Strengthening the United Nations crime prevention and criminal
justice programme, in particular its technical cooperation capacity” (A/C.3/78/L.12),
submitted by Italy and Mexico.

9. At its 45th meeting, on 18 November, the Committee adopted draft resolution
A/C.3/78/L.12, as orally revised, without a vote (see para. 21, draft resolution I).

10. Subsequently, Andorra, the Bahamas and Türkiye joined in sponsoring the draft
resolution.

 B. Draft resolution A/C.3/78/L.41

11. At the same meeting, the Committee adopted draft resolution A/C.3/78/L.41 by a
recorded vote of 80 to 29, with 65 abstentions (see para. 21, draft resolution II).
The voting was as follows:

In favour:
{_wrapped(", ".join(IN_FAVOUR))}.

23-22543 5/12

A/78/481

Against:
{_wrapped(", ".join(AGAINST))}.

Abstaining:
{_wrapped(", ".join(ABSTAINING))}.

12. At its 46th meeting, on 20 November, the Committee rejected draft resolution
A/C.3/78/L.50 by a recorded vote of 2 to 1, with 1 abstention (see para. 22).
The voting was as follows: In favour: Cuba, Nicaragua. Against: Albania. Abstaining:
Brazil. Subsequently, the Russian Federation and Belarus joined in sponsoring the
draft resolution.
"""


@pytest.fixture(scope="module")
def committee():
    return parse_actions(THIRD_COMMITTEE)


def test_committee_paragraphs_are_found_outside_action_sections(committee):
    assert committee.errors == []
    assert [a["paragraph"] for a in committee.actions] == [9, 11, 12]


def test_committee_adoption_without_a_vote(committee):
    action = committee.actions[0]
    assert (action["meeting"], action["date"]) == (45, "2023-11-18")
    assert action["document"] == "A/C.3/78/L.12"
    assert action["revision_note"] == "as orally revised"
    assert action["vote"] == {"kind": "without_vote"}
    assert action["text_at"] == "para. 21, draft resolution I"
    assert action["result"] is None


def test_subsequently_joined_in_its_own_paragraph_attaches_to_the_action_before(committee):
    assert committee.actions[0]["subsequently_joined"] == ["Andorra", "Bahamas", "Türkiye"]


def test_committee_recorded_vote_with_counts_and_lists(committee):
    action = committee.actions[1]
    assert (action["meeting"], action["date"], action["meeting_ref"]) == (45, "2023-11-18", "same")
    vote = action["vote"]
    assert (vote["kind"], vote["in_favour"], vote["against"], vote["abstaining"]) == ("recorded", 80, 29, 65)
    assert vote["lists"] == {"in_favour": IN_FAVOUR, "against": AGAINST, "abstaining": ABSTAINING}


def test_committee_rejection_and_subsequently_joined_in_the_same_paragraph(committee):
    action = committee.actions[2]
    assert action["outcome"] == "rejected"
    assert action["vote"]["lists"] == {"in_favour": ["Cuba", "Nicaragua"], "against": ["Albania"], "abstaining": ["Brazil"]}
    assert action["vote"]["abstaining"] == 1
    assert action["subsequently_joined"] == ["Russian Federation", "Belarus"]


def test_recorded_vote_whose_lists_do_not_match_the_counts_is_an_error():
    text = THIRD_COMMITTEE.replace("recorded vote of 2 to 1, with 1 abstention", "recorded vote of 3 to 1, with 1 abstention")
    result = parse_actions(text)
    assert result.errors == [{"paragraph": 12, "reason": "recorded vote: 3 in favour but 2 names listed"}]
    assert [a["paragraph"] for a in result.actions] == [9, 11]


def _fixture_paragraph(number: int) -> str:
    text = THIRD_COMMITTEE.split(f"\n{number}. ", 1)[1].split(f"\n{number + 1}. ", 1)[0]
    lines = [line for line in text.splitlines() if line.strip() not in ("23-22543 5/12", "A/78/481")]
    return normalise_paragraph(lines)


@pytest.mark.parametrize("index, number", [(0, 9), (1, 11), (2, 12)])
def test_committee_paragraph_renders_back_word_for_word(committee, index, number):
    previous = committee.actions[index - 1] if index else None
    rendered = render_action(committee.actions[index], previous=previous, body_name="Committee")
    assert rendered == _fixture_paragraph(number)


def test_committee_paragraph_renders_back_in_committee_wording(committee):
    rendered = render_action(committee.actions[2], previous=committee.actions[1], body_name="Committee")
    assert rendered == (
        "At its 46th meeting, on 20 November, the Committee rejected draft resolution A/C.3/78/L.50 "
        "by a recorded vote of 2 to 1, with 1 abstention (see para. 22). The voting was as follows: "
        "In favour: Cuba, Nicaragua. Against: Albania. Abstaining: Brazil. Subsequently, the Russian "
        "Federation and Belarus joined in sponsoring the draft resolution."
    )
    same = render_action(committee.actions[1], previous=committee.actions[0], body_name="Committee")
    assert same.startswith("At the same meeting, the Committee adopted draft resolution A/C.3/78/L.41 by a recorded")
    assert "In favour: Afghanistan, Albania," in same


# --- wording: round trip and fresh data -----------------------------------------------------


@pytest.mark.parametrize("number", ACTION_PARAGRAPHS_2011)
def test_corpus_action_paragraph_renders_back_word_for_word(report_text, imported, number):
    actions = imported.actions
    index = next(i for i, a in enumerate(actions) if a["paragraph"] == number)
    action = actions[index]
    previous = actions[index - 1] if index and actions[index - 1]["chapter"] == action["chapter"] else None
    assert render_action(action, previous=previous) == corpus_paragraph(report_text, number)


def _fresh_action(**overrides) -> dict:
    action = {
        "paragraph": None, "meeting": 9, "date": "2011-04-15", "document": "E/CN.15/2011/L.13/Rev.1",
        "revision_note": "as further revised", "outcome": "adopted", "recommended_to": None,
        "for_adoption_by": None,
        "sponsors": [{"name": "Belarus", "on_behalf_of": None}, {"name": "Hungary", "on_behalf_of": "European Union"},
                     {"name": "Philippines", "on_behalf_of": None}, {"name": "Venezuela (Bolivarian Republic of)", "on_behalf_of": None}],
        "introduced_by": None, "financial_statement": True, "financial_statement_document": "E/CN.15/2011/CRP.7",
        "result": "resolution 20/3", "text_at": "chap. I, sect. D, resolution 20/3", "title": None, "vote": None,
        "subsequently_joined": [], "statements": [],
    }
    action.update(overrides)
    return action


def test_fresh_action_renders_with_articles_restored_and_default_wording():
    assert render_action(_fresh_action(), previous=None) == (
        "At its 9th meeting, on 15 April, the Commission adopted a revised draft resolution "
        "(E/CN.15/2011/L.13/Rev.1), as further revised, sponsored by Belarus, Hungary (on behalf of the "
        "European Union), the Philippines and Venezuela (Bolivarian Republic of). (For the text, see "
        "chap. I, sect. D, resolution 20/3.) Prior to the adoption of the revised draft resolution, a "
        "representative of the Secretariat read out a financial statement. (For the text, see "
        "E/CN.15/2011/CRP.7.)"
    )


def test_fresh_statements_get_the_fixed_leads_and_grouped_roles():
    action = _fresh_action(statements=[
        {"timing": "before", "role": "representative", "delegations": ["China"], "text": "made a statement"},
        {"timing": "after", "role": "representative",
         "roles": {"Turkey": "representative", "Colombia": "observer", "Peru": "observer"},
         "delegations": ["Turkey", "Colombia", "Peru"], "text": "stated that they were not parties"},
    ])
    rendered = render_action(action, previous=None)
    assert rendered.endswith(
        "Also prior to the adoption of the revised draft resolution, the representative of China made a "
        "statement. Following adoption, the representative of Turkey and the observers for Colombia and "
        "Peru stated that they were not parties."
    )


def test_same_meeting_is_written_only_when_the_previous_action_was_at_that_meeting():
    first = _fresh_action()
    second = _fresh_action(document="E/CN.15/2011/L.14/Rev.1")
    assert render_action(second, previous=first).startswith("At the same meeting, the Commission adopted")
    later = _fresh_action(meeting=10)
    assert render_action(later, previous=first).startswith("At its 10th meeting, on 15 April, the Commission")


def test_approval_for_the_assembly_through_the_council():
    action = _fresh_action(outcome="approved_and_recommended", recommended_to="Economic and Social Council",
                           for_adoption_by="General Assembly", result=None, financial_statement=False,
                           text_at="chap. I, sect. A, draft resolution II", revision_note=None, sponsors=[])
    assert render_action(action, previous=None) == (
        "At its 9th meeting, on 15 April, the Commission approved and recommended for approval by the "
        "Economic and Social Council for adoption by the General Assembly a revised draft resolution "
        "(E/CN.15/2011/L.13/Rev.1). (For the text, see chap. I, sect. A, draft resolution II.)"
    )


def test_sponsor_display_callable_overrides_the_fixture():
    action = _fresh_action(sponsors=[{"name": "Philippines", "on_behalf_of": None}], financial_statement=False)
    rendered = render_action(action, previous=None, sponsor_display=str.upper)
    assert "sponsored by PHILIPPINES." in rendered


def test_render_section_orders_by_meeting_and_chains_same_meeting(imported):
    chapter_v = [a for a in imported.actions if a["chapter"] == "V"]
    section = render_section(list(reversed(chapter_v)), first_number=76)
    paragraphs = section.split("\n\n")
    assert paragraphs[0].startswith("76. At its 9th meeting, on 15 April, the Commission approved")
    assert paragraphs[1].startswith("77. At its 10th meeting, on 15 April, the Commission adopted")
    # the other 10th-meeting actions keep their given (reversed) order and chain "At the same
    # meeting", except 77, imported as "At its 10th meeting": an imported form is kept
    assert all(re.match(r"\d+\. (At|Also at) the same meeting", p) for p in paragraphs[2:-1])
    assert paragraphs[-1].startswith("82. At its 10th meeting, on 15 April, the Commission considered")


# --- property: what render_action writes, parse_actions reads back ---------------------------

STATES = [d.short_name for d in load_delegations() if d.kind == "member_state"]


@settings(max_examples=60, deadline=None)
@given(
    meeting=st.integers(1, 60),
    day=st.integers(1, 28),
    sponsors=st.lists(st.sampled_from(STATES), min_size=1, max_size=12, unique=True),
    note=st.sampled_from([None, "as revised", "as orally amended", "as further revised"]),
    outcome=st.sampled_from(["adopted", "approved_and_recommended"]),
    financial=st.booleans(),
)
def test_rendered_action_parses_back_to_the_same_record(meeting, day, sponsors, note, outcome, financial):
    action = _fresh_action(
        meeting=meeting, date=f"2011-04-{day:02d}", revision_note=note, outcome=outcome,
        recommended_to="Economic and Social Council" if outcome != "adopted" else None,
        sponsors=[{"name": s, "on_behalf_of": None} for s in sponsors],
        financial_statement=financial, financial_statement_document="E/CN.15/2011/CRP.7" if financial else None,
        result="resolution 20/3" if outcome == "adopted" else None,
        text_at="chap. I, sect. D, resolution 20/3" if outcome == "adopted" else "chap. I, sect. B, draft resolution I",
    )
    text = " B. Action taken by the Commission\n\n" + _wrapped("61. " + render_action(action, previous=None))
    result = parse_actions(text, year=2011)
    assert result.errors == []
    [back] = result.actions
    for key in ("meeting", "date", "document", "revision_note", "outcome", "recommended_to", "sponsors",
                "financial_statement", "financial_statement_document", "result", "text_at"):
        assert back[key] == action[key], key


def test_sponsors_after_without_a_vote_are_set_off_by_a_comma():
    action = {"meeting": 9, "date": "2011-04-15", "document": "E/CN.15/2011/L.13", "outcome": "adopted",
              "sponsors": [{"name": "Italy", "on_behalf_of": None}], "vote": {"kind": "without_vote"}}
    text = render_action(action, previous=None)
    assert "(E/CN.15/2011/L.13) without a vote, sponsored by Italy." in text


@pytest.mark.parametrize(("outcome", "vote", "kind", "timing", "lead"), [
    ("adopted", {"kind": "without_vote"}, "eop", "after", "Following adoption"),
    ("adopted", {"kind": "without_vote"}, "eop", "before", "Prior to the adoption of the draft resolution"),
    ("adopted", {"kind": "recorded", "in_favour": 3, "against": 1, "abstaining": 0}, "eov", "before", "Before the vote"),
    ("adopted", {"kind": "recorded", "in_favour": 3, "against": 1, "abstaining": 0}, "eov", "after", "After the vote"),
    ("rejected", {"kind": "non_recorded", "in_favour": 1, "against": 3, "abstaining": 0}, "statement", "after", "Following the action"),
    ("rejected", None, "statement", "before", "Prior to the action on the draft resolution"),
])
def test_statement_lead_follows_the_outcome_and_the_vote(outcome, vote, kind, timing, lead):
    action = {"paragraph": 1, "meeting": 3, "date": "2024-04-10", "document": "E/CN.15/2024/L.2", "outcome": outcome,
              "vote": vote, "draft_kind": "resolution", "document_form": "parenthesised",
              "statements": [{"timing": timing, "kind": kind, "role": "representative", "delegations": ["Chile"],
                              "roles": {"Chile": "representative"}, "text": "made a statement"}]}
    assert f" {lead}, the representative of Chile made a statement." in render_action(action, previous=None)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 100_000), crlf=st.booleans(), trailing=st.sampled_from(["", " ", "  ", "\t"]))
def test_the_2011_report_reads_the_same_through_other_extractions(report_text, seed, crlf, trailing):
    """Page breaks fall elsewhere, lines end in CRLF or stray blanks: the same 18 actions, no error."""
    import random

    rng = random.Random(seed)
    out = []
    for line in report_text.splitlines():
        if re.match(r"^\d{1,3}\. [A-Z]", line) and rng.random() < 0.3:  # a page break before this paragraph
            out += ["", rng.choice(["V.11-82609 37", "38 V.11-82609", "E/2011/30", "E/CN.15/2011/21"]), ""]
        out.append(line + trailing)
    again = parse_actions(("\r\n" if crlf else "\n").join(out))
    expected = parse_actions(report_text)
    assert again.errors == expected.errors == []
    assert again.actions == expected.actions
