"""A General Assembly Main Committee report: the action told over several paragraphs.

The fixture ``fixtures/ga_c3_78_report.txt`` is composed in the shape of a Third Committee
report (A/78/481/Add.2 style: PDF-extracted, hard-wrapped, running headers, the voting lists on
lines of their own, names cut at line ends). Its wording follows the Committee's practice;
its lists of names are drawn from ``delegations.json``. The property tests re-shape it as other
PDF extractions would and demand the same reading.
"""
from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.text.reports import normalise_paragraph, parse_actions, render_action

FIXTURE = Path(__file__).parent / "fixtures" / "ga_c3_78_report.txt"


@pytest.fixture(scope="module")
def report() -> str:
    return FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(report):
    return parse_actions(report)


@pytest.fixture(scope="module")
def by_document(parsed):
    return {a["document"]: a for a in parsed.actions}


def test_every_action_is_read_and_nothing_is_left_in_errors(parsed):
    assert parsed.errors == []
    assert [(a["paragraph"], a["document"], a["outcome"]) for a in parsed.actions] == [
        (6, "A/C.3/78/L.41", "adopted"),
        (11, "A/C.3/78/L.12/Rev.1", "adopted"),
        (15, "A/C.3/78/L.60", "rejected"),
        (16, "A/C.3/78/L.30", "adopted"),
    ]


def test_sponsors_come_from_the_paragraph_that_says_what_the_committee_had_before_it(by_document):
    action = by_document["A/C.3/78/L.41"]
    names = [s["name"] for s in action["sponsors"]]
    assert len(names) == 43
    assert (names[0], names[-1]) == ("Angola", "Yemen")
    assert "Niger" in names and "United Kingdom of Great Britain and Northern Ireland" in names
    assert action["sponsors_paragraph"] == 3
    assert action["title"] == "Situation of human rights in the Islamic Republic of Iran"
    assert (action["meeting"], action["date"]) == (53, "2023-11-15")


def test_joiners_before_and_at_the_meeting_are_all_kept_with_un_short_names(by_document):
    action = by_document["A/C.3/78/L.41"]
    # "Subsequently, Kiribati, Mongolia and the Netherlands joined ..." and "At the same meeting, Nicaragua joined ..."
    assert action["subsequently_joined"] == ["Kiribati", "Mongolia", "Netherlands (Kingdom of the)", "Nicaragua"]
    assert action["joined_paragraphs"] == [3, 4]


def test_recorded_vote_lists_are_complete_and_normalised(by_document):
    vote = by_document["A/C.3/78/L.41"]["vote"]
    assert (vote["kind"], vote["in_favour"], vote["against"], vote["abstaining"]) == ("recorded", 80, 29, 65)
    assert [len(vote["lists"][k]) for k in ("in_favour", "against", "abstaining")] == [80, 29, 65]
    assert "Iran (Islamic Republic of)" in vote["lists"]["in_favour"]
    assert "Timor-Leste" in vote["lists"]["abstaining"]
    assert "Bolivia (Plurinational State of)" in vote["lists"]["abstaining"]


def _speakers(statement):
    return [(n, statement["roles"][n], (statement.get("on_behalf_of") or {}).get(n)) for n in statement["delegations"]]


def test_statements_keep_timing_kind_capacity_and_groups(by_document):
    statements = by_document["A/C.3/78/L.41"]["statements"]
    summary = [(s["timing"], s["kind"], _speakers(s)) for s in statements]
    assert summary == [
        # "Also at the same meeting, the representative of the Islamic Republic of Iran made a statement." (before the action)
        ("before", "statement", [("Iran (Islamic Republic of)", "representative", None)]),
        # "Before the vote, a statement was made by ..., and the representatives of ... made statements in explanation of vote."
        ("before", "statement", [("Iran (Islamic Republic of)", "representative", None)]),
        ("before", "eov", [("Cuba", "representative", "Group of 77 and China"),
                           ("Syrian Arab Republic", "representative", None), ("Belarus", "representative", None)]),
        # "After the vote, statements in explanation of vote were made by ...; statements were made by ..."
        ("after", "eov", [("Japan", "representative", None), ("Argentina", "representative", None),
                          ("Netherlands (Kingdom of the)", "representative", None)]),
        ("after", "statement", [("Spain", "representative", "European Union"), ("Canada", "representative", None),
                                ("Holy See", "observer", None)]),
    ]
    assert [s["paragraph"] for s in statements] == [5, 7, 7, 8, 8]
    assert [s["timing_of"] for s in statements] == ["action", "vote", "vote", "vote", "vote"]


def test_oral_revision_without_a_vote_and_an_observer_speaking_after(by_document):
    action = by_document["A/C.3/78/L.12/Rev.1"]
    assert action["revision_note"] == "as orally revised"
    assert action["vote"] == {"kind": "without_vote"}
    assert action["sponsors"] == [
        {"name": "Spain", "on_behalf_of": "European Union"},
        {"name": "Uruguay", "on_behalf_of": "Group of Latin American and Caribbean States"},
    ]
    [statement] = action["statements"]
    assert statement["timing"] == "after"
    assert _speakers(statement) == [("United States of America", "representative", None), ("State of Palestine", "observer", None)]
    # Who revised it orally is kept, not dropped.
    assert any("Uruguay" in note["text"] and "orally revised" in note["text"] for note in action["notes"])


def test_an_amendment_is_an_action_of_its_own_with_its_vote_and_sponsors(by_document):
    amendment = by_document["A/C.3/78/L.60"]
    assert (amendment["subject"], amendment["amends"], amendment["outcome"]) == ("amendment", "A/C.3/78/L.30", "rejected")
    assert [s["name"] for s in amendment["sponsors"]] == ["Timor-Leste", "Guinea-Bissau"]
    assert [len(amendment["vote"]["lists"][k]) for k in ("in_favour", "against", "abstaining")] == [25, 90, 40]
    draft = by_document["A/C.3/78/L.30"]
    assert [s["name"] for s in draft["sponsors"]] == ["Russian Federation", "Belarus", "Nicaragua"]
    assert draft["vote"]["kind"] == "recorded" and "lists" not in draft["vote"]
    [statement] = draft["statements"]
    assert (statement["timing"], statement["kind"], statement["delegations"]) == ("after", "eov", ["Germany"])


def test_the_action_paragraph_renders_back_without_what_other_paragraphs_told(report, by_document):
    # The sponsors and statements told in paragraphs of their own are not written into paragraph 11.
    text = render_action(by_document["A/C.3/78/L.12/Rev.1"], previous={"meeting": 50, "date": "2023-11-09"}, body_name="Committee")
    assert text == ("Also at the same meeting, the Committee adopted draft resolution A/C.3/78/L.12/Rev.1, as orally revised, "
                    "without a vote (see para. 33, draft resolution I).")


# --- nothing silent ---------------------------------------------------------------------------


def test_an_unknown_name_is_an_error_naming_its_paragraph_and_is_kept_as_written(report):
    parsed = parse_actions(report.replace("Mongolia and the Netherlands", "Mongolia and Atlantis"))
    assert [(e["paragraph"], e["name"]) for e in parsed.errors] == [(6, "Atlantis")]
    assert "Unknown delegation “Atlantis”" in parsed.errors[0]["reason"]
    action = next(a for a in parsed.actions if a["document"] == "A/C.3/78/L.41")
    assert "Atlantis" in action["subsequently_joined"]


def test_a_draft_before_the_committee_with_no_action_is_an_error(report):
    # Drop the adoption of L.30: its sponsors and its explanation of vote must not vanish.
    start = report.index("16. At the same meeting, the Committee adopted draft resolution A/C.3/78/L.30")
    end = report.index("17. After the vote")
    parsed = parse_actions(report[:start] + report[end:])
    reasons = {e["paragraph"]: e["reason"] for e in parsed.errors}
    assert "A/C.3/78/L.30" in reasons[13] and "no action" in reasons[13]
    assert "no action" in reasons[17]


def test_an_unreadable_proceedings_sentence_is_an_error_with_its_paragraph(report):
    parsed = parse_actions(report.replace(
        "Before the vote, a statement was made by the representative of the Islamic Republic",
        "Before the vote, a statement was delivered by the representative of the Islamic Republic"))
    assert [e["paragraph"] for e in parsed.errors] == [7]
    assert len(parsed.actions) == 4


def test_every_name_of_a_joined_or_submitted_sentence_reaches_an_action(report, parsed):
    named = set()
    for action in parsed.actions:
        named.update(s["name"] for s in action["sponsors"])
        named.update(action["subsequently_joined"])
    for sentence in re.findall(r"submitted by ([^.]+)\.", " ".join(report.split())):
        for short in ("Angola", "Yemen", "Uruguay", "Nicaragua", "Guinea-Bissau"):
            if short in sentence:
                assert short in named


# --- re-shaped as other extractions would give it ------------------------------------------------


def _paragraph_blocks(report: str) -> list[str]:
    """The report as blocks of lines: each numbered paragraph (with its lists) or heading line."""
    blocks, current = [], []
    for line in report.splitlines():
        if re.match(r"^\d{1,3}\. ", line) or re.match(r"^(?:[A-H]|[IVX]{1,5})\. [A-Z]", line) or re.match(r"^(?:In favour|Against|Abstaining):$", line):
            if current:
                blocks.append(current)
            current = [line]
        else:
            current.append(line)
    blocks.append(current)
    return ["\n".join(b) for b in blocks]


def _rewrap(block: str, width: int, hyphen_breaks: bool) -> str:
    lines = block.splitlines()
    head, body = lines[0], normalise_paragraph(lines[1:])
    if re.match(r"^(?:[A-H]|[IVX]{1,5})\. [A-Z]", head) and not body.strip():
        return head
    if re.match(r"^(?:In favour|Against|Abstaining):$", head):
        return head + "\n" + "\n".join(textwrap.wrap(body, width, break_on_hyphens=hyphen_breaks))
    text = normalise_paragraph(lines)  # "Guinea-\nBissau" is one name, as a reader joins it
    if not re.match(r"^\d{1,3}\. ", text):
        return block
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=hyphen_breaks))


FURNITURE = ["A/78/481/Add.2", "23-22543 5/12", "4/12 23-22543"]


@settings(max_examples=25, deadline=None)
@given(width=st.integers(min_value=45, max_value=120), hyphens=st.booleans(), seed=st.integers(0, 10_000),
       crlf=st.booleans())
def test_any_line_width_page_breaks_and_line_endings_read_the_same(report, parsed, width, hyphens, seed, crlf):
    rng = random.Random(seed)
    lines = "\n".join(_rewrap(b, width, hyphens) for b in _paragraph_blocks(report)).splitlines()
    out = []
    for line in lines:
        out.append(line)
        if rng.random() < 0.04:  # a page break: footer, blank, header
            out += ["", rng.choice(FURNITURE), ""]
    text = ("\r\n" if crlf else "\n").join(out)
    again = parse_actions(text)
    assert again.errors == parsed.errors
    assert again.actions == parsed.actions


# --- the plenary ----------------------------------------------------------------------------------

PLENARY = """
1. At its 50th plenary meeting, on 19 December 2023, the General Assembly considered the report
of the Third Committee (A/78/481/Add.2).
2. The amendment contained in document A/78/L.45 was rejected by a recorded vote of 60 to 80,
with 20 abstentions.
3. Draft resolution III, entitled “Situation of human rights in the Islamic Republic of Iran”,
was adopted by a recorded vote of 78 to 30, with 68 abstentions (resolution 78/220).
4. The draft resolution, as orally corrected, was adopted without a vote (resolution 78/221).
5. At the same meeting, the General Assembly adopted draft resolution I, entitled “Rights of
the child”, recommended by the Third Committee in its report (A/78/481/Add.2, para. 33), by
consensus (resolution 78/222).
"""


def test_plenary_actions_in_the_passive_take_the_meeting_last_named():
    parsed = parse_actions(PLENARY)
    assert parsed.errors == []
    summary = [(a["paragraph"], a["meeting"], a["date"], a.get("subject"), a["outcome"], a["vote"]["kind"], a["result"])
               for a in parsed.actions]
    assert summary == [
        (2, 50, "2023-12-19", "amendment", "rejected", "recorded", None),
        (3, 50, "2023-12-19", None, "adopted", "recorded", "resolution 78/220"),
        (4, 50, "2023-12-19", None, "adopted", "without_vote", "resolution 78/221"),
        (5, 50, "2023-12-19", None, "adopted", "consensus", "resolution 78/222"),
    ]
    amendment, iii, corrected, first = parsed.actions
    assert amendment["document"] == "A/78/L.45" and amendment["amends"] == "resolution 78/220"
    assert (iii["draft_label"], iii["title"]) == ("draft resolution III", "Situation of human rights in the Islamic Republic of Iran")
    assert corrected["revision_note"] == "as orally corrected"
    assert (first["committee_report"], first["recommended_by"]) == ("A/78/481/Add.2", "Third Committee")


def test_a_paragraph_that_opens_like_an_action_but_cannot_be_read_is_an_error():
    parsed = parse_actions(PLENARY + "6. At the same meeting, the General Assembly took note of the report and adopted draft decision II as\nnobody words it.\n")
    assert [e["paragraph"] for e in parsed.errors] == [6]


def test_split_report_reads_the_texts_a_committee_recommends(report):
    from negotiation.text.split_report import split_report

    texts = split_report(report)
    assert [(t.heading, t.title, t.kind, t.adopted) for t in texts] == [
        ("Draft resolution I", "Rights of the child", "resolution", False),
        ("Draft resolution II", "Combating glorification of Nazism", "resolution", False),
    ]
    assert [[(p.kind, p.number) for p in t.parsed.paragraphs] for t in texts] == [
        [("preambular", None), ("preambular", None), ("operative", "1"), ("operative", "2")],
        [("preambular", None), ("operative", "1"), ("operative", "2")],
    ]
    # Only the recommendations are texts: the proceedings above them are not.
    assert texts[0].section == "" and texts[0].section_intro == (
        "The Third Committee recommends to the General Assembly the adoption of the following draft resolutions:")


SECOND_COMMITTEE = """
 B. Draft resolutions A/C.2/78/L.5 and A/C.2/78/L.30

10. At its 30th meeting, on 15 November 2023, the Committee had before it a draft resolution
entitled “Agricultural technology for sustainable development” (A/C.2/78/L.30), submitted by
the Vice-Chair of the Committee, Mr. Example (Country), on the basis of informal consultations
held on draft resolution A/C.2/78/L.5.
11. At the same meeting, the Committee was informed that the draft resolution had no programme
budget implications.
12. Also at the same meeting, the Committee adopted draft resolution A/C.2/78/L.30 (see para. 20).
13. In the light of the adoption of draft resolution A/C.2/78/L.30, draft resolution
A/C.2/78/L.5 was withdrawn by its sponsors.
"""


def test_a_facilitators_text_and_the_draft_it_replaces_withdrawn():
    parsed = parse_actions(SECOND_COMMITTEE)
    assert parsed.errors == []
    adopted, withdrawn = parsed.actions
    assert (adopted["document"], adopted["outcome"], adopted["sponsors"]) == ("A/C.2/78/L.30", "adopted", [])
    assert adopted["submitted_by"].startswith("the Vice-Chair of the Committee")
    assert adopted["programme_budget_implications"] is False
    assert (withdrawn["paragraph"], withdrawn["meeting"], withdrawn["document"], withdrawn["outcome"]) == (
        13, 30, "A/C.2/78/L.5", "withdrawn")


def test_one_sentence_with_statements_before_and_after_the_vote(report):
    text = report.replace(
        "8. After the vote, statements in explanation of vote were made by the representatives of\n"
        "Japan, Argentina and the Netherlands;",
        "8. Before the vote, a statement in explanation of vote was made by the representative of Chile; after\n"
        "the vote, statements in explanation of vote were made by the representatives of\n"
        "Japan, Argentina and the Netherlands;")
    parsed = parse_actions(text)
    assert parsed.errors == []
    statements = next(a for a in parsed.actions if a["document"] == "A/C.3/78/L.41")["statements"]
    assert [(s["timing"], s["kind"], s["delegations"]) for s in statements if s["paragraph"] == 8] == [
        ("before", "eov", ["Chile"]),
        ("after", "eov", ["Japan", "Argentina", "Netherlands (Kingdom of the)"]),
        ("after", "statement", ["Spain", "Canada", "Holy See"]),
    ]
