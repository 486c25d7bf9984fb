"""Three-way merging of concurrent edits: paragraphs, then words with diff-match-patch."""
import uuid
from dataclasses import replace

import pytest

from negotiation.text.merge import (
    Item,
    blocks_from_items,
    changes_between,
    items_from_blocks,
    labels,
    merge_changes,
    merge_text,
    renumber,
    resolve,
    to_parsed,
)
from negotiation.text.redline import redline
from negotiation.text.structure import letter, roman

BASE = "Requests the Office to report to the Commission at its twenty-first session;"


def test_edits_to_different_words_of_a_paragraph_merge_and_hold_both():
    mine = BASE.replace("the Office", "the United Nations Office")
    theirs = BASE.replace("twenty-first", "twenty-second")
    result = merge_text(BASE, mine, theirs)
    assert result.clean
    assert result.text == "Requests the United Nations Office to report to the Commission at its twenty-second session;"


def test_edits_to_the_same_words_conflict():
    result = merge_text(BASE, BASE.replace("report", "present a report"), BASE.replace("report", "submit a report"))
    assert not result.clean and result.text is None


def test_edits_touching_the_same_word_conflict():
    # one deletes the article before "Office", the other changes "Office" itself
    result = merge_text(BASE, BASE.replace("the Office", "Office"), BASE.replace("Office", "Secretariat"))
    assert not result.clean


def test_identical_edits_and_one_sided_edits_merge_trivially():
    mine = BASE.replace("report", "submit a report")
    assert merge_text(BASE, mine, mine).text == mine
    assert merge_text(BASE, BASE, mine).text == mine
    assert merge_text(BASE, mine, BASE).text == mine


def test_insertions_at_the_same_point_conflict_rather_than_pick_an_order():
    result = merge_text(BASE, BASE.replace("Office", "Office urgently"), BASE.replace("Office", "Office annually"))
    assert not result.clean


def _items():
    return [
        Item("pp1", "preambular", "Recalling its resolution 19/1,"),
        Item("op1", "operative", "Requests the Office to report;", number="1"),
        Item("s1", "subparagraph", "on crime;", parent="op1", level=1),
        Item("op2", "operative", "Invites Member States to contribute;", number="2"),
        Item("op3", "operative", "Decides to remain seized of the matter.", number="3"),
        Item("fn1", "footnote", "Official Records.", parent="op2", number="1"),
    ]


def _edit(items, lineage, text):
    return [replace(i, text=text) if i.lineage == lineage else replace(i) for i in items]


def test_changes_between_finds_updates_inserts_deletes_and_the_fewest_moves():
    base = _items()
    mine = [replace(i) for i in base]
    mine[3] = replace(mine[3], text="Invites all Member States to contribute;")
    mine.insert(1, Item("new", "operative", "Urges States to act;"))
    mine = [i for i in mine if i.lineage != "op3"]
    mine.insert(2, mine.pop(4))  # op2 before op1
    ops = {(c.op, c.lineage) for c in changes_between(base, mine)}
    assert ops == {("insert", "new"), ("update", "op2"), ("delete", "op3"), ("move", "op2")}


def test_edits_to_different_paragraphs_merge():
    base = _items()
    current = [replace(i, changed_in=2) if i.lineage == "op1" else i for i in _edit(base, "op1", "Requests the Office to report annually;")]
    mine = _edit(base, "op2", "Invites all Member States to contribute;")
    out = merge_changes(current, changes_between(base, mine), base_revision=1)
    texts = {i.lineage: i.text for i in out.items}
    assert not out.conflicts
    assert texts["op1"] == "Requests the Office to report annually;"
    assert texts["op2"] == "Invites all Member States to contribute;"


def test_same_paragraph_non_overlapping_edits_merge_and_are_reported():
    base = _items()
    current = [replace(i, changed_in=2) if i.lineage == "op3" else i for i in _edit(base, "op3", "Decides to remain actively seized of the matter.")]
    mine = _edit(base, "op3", "Decides to remain seized of the question.")
    out = merge_changes(current, changes_between(base, mine), base_revision=1)
    assert not out.conflicts and out.merged == ["op3"]
    assert {i.lineage: i.text for i in out.items}["op3"] == "Decides to remain actively seized of the question."


def test_same_paragraph_overlapping_edits_conflict_with_both_texts():
    base = _items()
    current = [replace(i, changed_in=2) if i.lineage == "op3" else i for i in _edit(base, "op3", "Decides to close the matter.")]
    mine = _edit(base, "op3", "Decides to postpone the matter.")
    out = merge_changes(current, changes_between(base, mine), base_revision=1)
    [c] = out.conflicts
    assert (c.lineage, c.mine, c.theirs, c.base) == ("op3", "Decides to postpone the matter.", "Decides to close the matter.",
                                                    "Decides to remain seized of the matter.")
    chosen = resolve(out.items, out.conflicts, {"op3": c.mine})
    assert {i.lineage: i.text for i in chosen}["op3"] == "Decides to postpone the matter."


def test_deleting_a_paragraph_someone_edited_is_a_conflict_and_editing_a_deleted_one_too():
    base = _items()
    current = [replace(i, changed_in=2) if i.lineage == "op3" else i for i in _edit(base, "op3", "Decides to close the matter.")]
    out = merge_changes(current, changes_between(base, [i for i in base if i.lineage != "op3"]), base_revision=1)
    assert [(c.lineage, c.mine, c.theirs) for c in out.conflicts] == [("op3", None, "Decides to close the matter.")]

    current = [i for i in base if i.lineage != "op2" and i.parent != "op2"]
    out = merge_changes(current, changes_between(base, _edit(base, "op2", "Invites all States;")), base_revision=1)
    [c] = out.conflicts
    assert (c.mine, c.theirs) == ("Invites all States;", None)
    restored = resolve(out.items, out.conflicts, {"op2": c.mine})
    assert [i.lineage for i in restored if i.parent is None] == ["pp1", "op1", "op2", "op3"]


def test_insert_lands_after_its_neighbour_even_when_others_inserted_before_it():
    base = _items()
    current = [Item("theirs", "operative", "Welcomes the report;", changed_in=2)] + base
    mine = base[:4] + [Item("mine", "operative", "Urges States;")] + base[4:]
    out = merge_changes(current, changes_between(base, mine), base_revision=1)
    assert [i.lineage for i in out.items if i.parent is None] == ["theirs", "pp1", "op1", "op2", "mine", "op3"]


def test_the_same_save_sent_twice_inserts_once():
    base = _items()
    mine = base + [Item("new", "operative", "Urges States;")]
    changes = changes_between(base, mine)
    once = merge_changes(base, changes, base_revision=1).items
    twice = merge_changes(once, changes, base_revision=1).items
    assert [i.lineage for i in twice].count("new") == 1


def test_renumber_numbers_operative_and_sub_paragraphs():
    items = renumber(_items()[:2] + [Item("new", "operative", "Urges;")] + _items()[2:] + [
        Item("s2", "subparagraph", "x", parent="op1", level=2), Item("s3", "subparagraph", "y", parent="op1", level=1)])
    assert [(i.lineage, i.number) for i in items if i.kind in ("operative", "subparagraph")] == [
        ("op1", "1"), ("new", "2"), ("s1", "(a)"), ("op2", "3"), ("op3", "4"), ("s2", "(i)"), ("s3", "(b)")]
    assert labels(items)["s1"] == "OP1 (a)" and labels(items)["fn1"] == "footnote 1 to OP3"
    assert (letter(27), roman(14)) == ("aa", "xiv")


def test_blocks_round_trip_and_redline_of_an_inserted_op_is_exact():
    base = renumber(_items())
    ids = {i.lineage: str(uuid.uuid4()) for i in base}
    real = [replace(i, lineage=ids[i.lineage], parent=ids.get(i.parent), changed_in=0) for i in base]
    assert items_from_blocks(blocks_from_items(real)) == [replace(i, number="" if i.kind != "footnote" else i.number) for i in real]
    mine = base[:2] + [Item("new", "operative", "Urges States to act;")] + base[2:]
    result = redline(to_parsed(base), to_parsed(mine))
    assert result.summary.summary_line() == "1 operative paragraph inserted"
    assert [r.new_label for r in result.rows if r.status == "unchanged"][1:] == ["OP1", "OP3", "OP4"]


@pytest.mark.parametrize("bad", [[{"kind": "script", "lineage": "x"}]])
def test_unknown_kind_is_refused(bad):
    with pytest.raises(ValueError):
        items_from_blocks(bad)
