"""The paragraph redline: what reviewers see between two versions of a draft."""
import copy
import re

import pytest

from negotiation.data import corpus_dir
from negotiation.text.parse import parse_text
from negotiation.text.redline import (
    DELETED,
    INSERTED,
    MODIFIED,
    MOVED,
    UNCHANGED,
    Summary,
    marked_text,
    redline,
    word_diff,
)
from negotiation.text.structure import OPERATIVE, PREAMBULAR, Paragraph, ParsedText

CORPUS = corpus_dir()
DRAFTS = ["001_a9392ff012db9aba.txt", "002_780746b198b85f4a.txt", "003_cbf27e0216005652.txt"]

OPS = [
    "Requests the Secretary-General to submit a report on the implementation of this resolution;",
    "Urges Member States to ratify the Convention against Transnational Organized Crime;",
    "Invites donors to provide extrabudgetary resources for technical assistance to developing countries;",
    "Encourages the Office to strengthen its regional programmes in West Africa and Central Asia;",
    "Calls upon States to criminalize trafficking in cultural property and return stolen objects;",
    "Welcomes the convening of the expert group on cybercrime and its comprehensive study;",
    "Stresses the importance of reliable data on crime trends and patterns for policymaking;",
    "Decides to include in the provisional agenda of its next session an item on piracy at sea;",
    "Notes with appreciation the work of the institutes of the programme network on prison reform;",
    "Reaffirms the role of the Commission as the principal policymaking body on criminal justice;",
    "Requests the Office to assist States in combating money-laundering and financing of terrorism;",
    "Decides to remain seized of the matter.",
]


def op(number, text):
    return Paragraph(kind=OPERATIVE, number=str(number), text=text)


def pp(text):
    return Paragraph(kind=PREAMBULAR, text=text)


def ops(texts):
    return [op(n, t) for n, t in enumerate(texts, start=1)]


def statuses(result):
    return [row.status for row in result.rows]


def changed_rows(result):
    return [row for row in result.rows if row.status != UNCHANGED]


def corpus_text(name):
    return parse_text((CORPUS / name).read_text(encoding="utf-8"))


def renumbered(paragraphs):
    """Copies with operative paragraphs numbered 1..n again, as a new version would be."""
    result, number = [], 0
    for p in paragraphs:
        p = copy.deepcopy(p)
        if p.kind == OPERATIVE:
            number += 1
            p.number = str(number)
        result.append(p)
    return result


# --- pairing and statuses ---------------------------------------------------------------


def test_identical_texts_give_only_unchanged_rows():
    result = redline(ops(OPS), ops(OPS))
    assert statuses(result) == [UNCHANGED] * len(OPS)
    assert all(row.segments == [[0, row_text]] for row, row_text in zip(result.rows, OPS))
    assert result.summary.summary_line() == "No changes"


def test_inserted_op_renumbers_without_marking_later_ops_changed():
    new_texts = OPS[:3] + ["Requests the Office to report on trafficking in wildlife;"] + OPS[3:]
    result = redline(ops(OPS), ops(new_texts))

    assert [r.status for r in changed_rows(result)] == [INSERTED]
    inserted = changed_rows(result)[0]
    assert (inserted.old, inserted.new, inserted.new_label) == (None, 3, "OP4")
    assert inserted.segments == [[1, new_texts[3]]]
    later = [row for row in result.rows if row.old is not None and row.old >= 3]
    assert [(r.old_label, r.new_label) for r in later[:2]] == [("OP4", "OP5"), ("OP5", "OP6")]
    assert all(r.status == UNCHANGED and not r.text_changed for r in later)


def test_insertion_at_the_start_is_the_only_change():
    new_texts = ["Welcomes the report of the Secretary-General on the programme;"] + OPS
    result = redline(ops(OPS), ops(new_texts))
    assert statuses(result) == [INSERTED] + [UNCHANGED] * len(OPS)
    assert result.summary.summary_line() == "1 operative paragraph inserted"


def test_op10_moved_to_op2_is_the_only_moved_row():
    new_texts = [OPS[0], OPS[9]] + OPS[1:9] + OPS[10:]
    result = redline(ops(OPS), ops(new_texts))

    moved = [row for row in result.rows if row.status == MOVED]
    assert [(r.old_label, r.new_label) for r in moved] == [("OP10", "OP2")]
    assert not moved[0].text_changed
    assert all(row.status == UNCHANGED for row in result.rows if row.status != MOVED)
    assert result.rows[1] is moved[0], "a moved row is shown where it now stands"


def test_moved_and_edited_paragraph_is_moved_with_text_changed():
    edited = OPS[9].replace("principal", "central")
    new_texts = [OPS[0], edited] + OPS[1:9] + OPS[10:]
    moved = [row for row in redline(ops(OPS), ops(new_texts)).rows if row.status == MOVED]
    assert [(r.old_label, r.new_label, r.text_changed) for r in moved] == [("OP10", "OP2", True)]
    assert [-1, "principal"] in moved[0].segments and [1, "central"] in moved[0].segments


def test_preambular_paragraph_turned_operative_is_paired():
    old = [
        pp("Recalling its resolution 65/232 of 21 December 2010 on the crime programme,"),
        pp("Recognizing the importance of technical assistance to developing countries,"),
        op(1, OPS[0]),
    ]
    new = [
        pp(old[0].text),
        op(1, "Recognizes the importance of technical assistance to developing countries;"),
        op(2, OPS[0]),
    ]
    row = redline(old, new).rows[1]
    assert (row.old_label, row.new_label, row.status) == ("PP2", "OP1", MODIFIED)
    assert row.text_changed and row.kind_changed and row.kind == OPERATIVE


def test_paragraph_rewritten_beyond_half_its_words_is_still_paired():
    old_text = (
        "Requests the United Nations Office on Drugs and Crime to continue to provide technical "
        "assistance to Member States, upon request, to strengthen the rule of law, taking into "
        "account the work of the Rule of Law Coordination and Resource Group;"
    )
    new_text = (
        "Calls upon the Office, within existing resources, to intensify its support to States "
        "emerging from conflict in order to strengthen the rule of law, bearing in mind the work "
        "of the Rule of Law Coordination and Resource Group and of peacekeeping missions;"
    )
    old_words, new_words = set(old_text.split()), set(new_text.split())
    assert len(old_words - new_words) > len(old_words) / 2, "the edit must change most words"

    result = redline(ops(OPS[:4] + [old_text] + OPS[4:]), ops(OPS[:4] + [new_text] + OPS[4:]))
    assert [(r.old, r.new, r.status) for r in changed_rows(result)] == [(4, 4, MODIFIED)]


def test_unrelated_replacement_is_a_deletion_and_an_insertion():
    new_texts = OPS[:4] + ["Expresses its gratitude to the host country for its warm hospitality;"] + OPS[5:]
    result = redline(ops(OPS), ops(new_texts))
    assert sorted(r.status for r in changed_rows(result)) == [DELETED, INSERTED]


def test_split_paragraph_marks_its_second_half_as_split_from_the_old_one():
    first = "Urges Member States to ratify the Convention against Transnational Organized Crime"
    second = "and to implement its Protocols on trafficking in persons and smuggling of migrants;"
    old = ops(OPS[:3] + [f"{first} {second}"] + OPS[3:])
    new = ops(OPS[:3] + [f"{first};", f"Also urges Member States {second}"] + OPS[3:])

    result = redline(old, new)
    changes = changed_rows(result)
    assert [(r.old, r.new, r.status) for r in changes] == [(3, 3, MODIFIED), (None, 4, INSERTED)]
    assert changes[1].split_from == 3
    assert all(row.status == UNCHANGED for row in result.rows if row not in changes)


def test_merged_paragraphs_mark_the_absorbed_one_as_merged_into_the_new_one():
    first = "Urges Member States to ratify the Convention against Transnational Organized Crime"
    second = "and to implement its Protocols on trafficking in persons and smuggling of migrants;"
    old = ops(OPS[:3] + [f"{first};", f"Also urges Member States {second}"] + OPS[3:])
    new = ops(OPS[:3] + [f"{first} {second}"] + OPS[3:])

    changes = changed_rows(redline(old, new))
    assert sorted(r.status for r in changes) == [DELETED, MODIFIED]
    deleted = next(r for r in changes if r.status == DELETED)
    assert deleted.merged_into == 3


def test_empty_to_full_is_all_inserted_and_full_to_empty_all_deleted():
    added = redline([], ops(OPS))
    assert statuses(added) == [INSERTED] * len(OPS)
    assert [r.new for r in added.rows] == list(range(len(OPS)))
    removed = redline(ParsedText(paragraphs=ops(OPS)), ParsedText())
    assert statuses(removed) == [DELETED] * len(OPS)
    assert removed.rows[0].segments == [[-1, OPS[0]]]


def test_lineage_overrides_similarity():
    old = ops(OPS[:3])
    for p, lineage in zip(old, "abc"):
        p.lineage = lineage
    new = ops([OPS[1], OPS[0], OPS[2]])
    for p, lineage in zip(new, "abc"):
        p.lineage = lineage

    result = redline(old, new)
    assert [(r.old, r.new, r.status) for r in result.rows] == [
        (0, 0, MODIFIED), (1, 1, MODIFIED), (2, 2, UNCHANGED),
    ]


def test_different_lineages_are_never_paired_but_missing_lineage_falls_back_to_text():
    old = ops(OPS[:3])
    for p, lineage in zip(old, "abc"):
        p.lineage = lineage
    new = ops([OPS[0].replace("a report", "an annual report"), OPS[1], OPS[2]])
    new[0].lineage = "a"
    new[1].lineage = "z"  # same words as old OP2, yet another paragraph
    # new[2] has no lineage (typed in by hand): paired with old OP3 by its text

    rows = redline(old, new).rows
    assert [(r.old, r.new, r.status) for r in rows] == [
        (0, 0, MODIFIED), (1, None, DELETED), (None, 1, INSERTED), (2, 2, UNCHANGED),
    ]


def test_renumbering_with_changed_kind_labels_keeps_pairs_unchanged():
    old = [pp("Recalling its resolutions,"), *ops(OPS[:3])]
    new = [*ops(OPS[:3])]
    result = redline(old, new)
    assert [(r.old_label, r.new_label, r.status) for r in result.rows] == [
        ("PP1", None, DELETED), ("OP1", "OP1", UNCHANGED), ("OP2", "OP2", UNCHANGED),
        ("OP3", "OP3", UNCHANGED),
    ]


def test_deleted_row_stands_where_the_paragraph_stood():
    result = redline(ops(OPS), ops(OPS[:5] + OPS[6:]))
    assert [(r.old, r.new) for r in result.rows[4:7]] == [(4, 4), (5, None), (6, 5)]


# --- word diff --------------------------------------------------------------------------


def test_punctuation_only_change_is_flagged():
    new_texts = OPS[:2] + [OPS[2].replace(";", ",")] + OPS[3:]
    row = changed_rows(redline(ops(OPS), ops(new_texts)))[0]
    assert row.text_changed and row.punctuation_only


def test_word_change_is_not_punctuation_only():
    new_texts = OPS[:2] + [OPS[2].replace("donors", "donors,")] + OPS[3:]
    assert changed_rows(redline(ops(OPS), ops(new_texts)))[0].punctuation_only
    new_texts = OPS[:2] + [OPS[2].replace("donors", "all donors")] + OPS[3:]
    assert not changed_rows(redline(ops(OPS), ops(new_texts)))[0].punctuation_only


@pytest.mark.parametrize("old, new", [
    ("Requests the Office to continue to provide technical assistance;",
     "Also requests the Office, within its mandate, to provide technical assistance;"),
    ("It reaffirms the need for cooperation,", "It affirms the need for cooperation,"),
    ("the organised crime groups", "the organized crime groups"),
])
def test_word_diff_keeps_words_whole_and_reproduces_both_texts(old, new):
    segments = word_diff(old, new)
    assert "".join(t for op_, t in segments if op_ != -1) == new
    assert "".join(t for op_, t in segments if op_ != 1) == old
    words = set(re.findall(r"\w+", old + " " + new))
    for _, text in segments:
        assert all(w in words for w in re.findall(r"\w+", text)), segments


def test_marked_text_shows_deletions_and_insertions():
    segments = word_diff("Urges States to act;", "Urges all States to act now;")
    assert marked_text(segments) == "Urges {+all +}States to act{+ now+};"


def test_unchanged_row_segments_hold_the_whole_text():
    row = redline(ops(OPS[:1]), ops(OPS[:1])).rows[0]
    assert row.segments == [[0, OPS[0]]]


# --- summary and JSON -------------------------------------------------------------------


def _summary(operative=None, preambular=None):
    counts = {kind: {s: 0 for s in (UNCHANGED, MODIFIED, MOVED, INSERTED, DELETED)}
              for kind in (PREAMBULAR, OPERATIVE)}
    counts[OPERATIVE].update(operative or {})
    counts[PREAMBULAR].update(preambular or {})
    return Summary(counts=counts)


def test_summary_line_lists_operative_then_preambular_counts():
    summary = _summary(
        operative={MODIFIED: 3, INSERTED: 1, DELETED: 1, MOVED: 1, UNCHANGED: 20},
        preambular={MODIFIED: 2},
    )
    assert summary.summary_line() == (
        "3 operative paragraphs modified, 1 inserted, 1 deleted, 1 moved; "
        "2 preambular paragraphs modified"
    )


def test_summary_line_uses_singular_for_one_paragraph():
    assert _summary(preambular={DELETED: 1}).summary_line() == "1 preambular paragraph deleted"
    assert _summary(operative={UNCHANGED: 5}).summary_line() == "No changes"


def test_summary_counts_deleted_rows_under_the_old_kind():
    result = redline([pp("Recalling its resolutions,"), *ops(OPS[:2])], ops(OPS[:2]))
    assert result.summary.counts[PREAMBULAR][DELETED] == 1
    assert result.summary.summary_line() == "1 preambular paragraph deleted"


def test_json_has_the_command_contract_keys():
    data = redline(ops(OPS[:2]), ops(OPS[1:3])).to_json()
    assert set(data) == {"paragraphs", "summary", "sections"}
    row = data["paragraphs"][0]
    assert {"old", "new", "old_label", "new_label", "status", "text_changed", "segments"} <= set(row)
    assert data["summary"]["line"] == "1 operative paragraph inserted, 1 deleted"


# --- corpus drafts ----------------------------------------------------------------------


@pytest.mark.parametrize("name", DRAFTS)
def test_corpus_draft_against_itself_is_unchanged(name):
    parsed = corpus_text(name)
    assert len(parsed.paragraphs) > 10
    assert set(statuses(redline(parsed, parsed))) == {UNCHANGED}


@pytest.mark.parametrize("name", DRAFTS)
def test_corpus_draft_against_an_edited_copy_reports_exactly_the_edits(name):
    old = corpus_text(name).paragraphs
    first_op = next(k for k, p in enumerate(old) if p.kind == OPERATIVE)
    edited, moved, deleted = first_op + 1, first_op + 5, first_op + 3

    new = copy.deepcopy(old)
    new[1].text = new[1].text.replace(" the ", " all the ", 1)
    new[edited].text = new[edited].text.rstrip(";.") + ", as a matter of priority;"
    moved_paragraph, deleted_paragraph = new[moved], new[deleted]
    inserted = op(0, "Requests the Secretary-General to report on the implementation of this resolution;")
    new.insert(first_op + 2, inserted)
    new = [p for p in new if p is not moved_paragraph and p is not deleted_paragraph]
    new.insert(first_op, moved_paragraph)  # an operative paragraph moved to the top
    new = renumbered(new)

    result = redline(old, new)
    changes = {(r.old, r.status) for r in result.rows if r.status != UNCHANGED}
    assert changes == {
        (1, MODIFIED), (edited, MODIFIED), (None, INSERTED), (moved, MOVED), (deleted, DELETED),
    }
    assert result.summary.summary_line() == (
        "1 operative paragraph modified, 1 inserted, 1 deleted, 1 moved; "
        "1 preambular paragraph modified"
    )
