"""Merging concurrent edits of a working text: paragraph by paragraph, then word by word.

Pure Python, no Django. The editor's state is a flat list of ``Item`` (preambular and
operative paragraphs, their sub-paragraphs, their footnotes), each with a stable ``lineage``.
A save carries the state the user started from (``base``, at revision R) and the state they
want (``mine``). ``changes_between(base, mine)`` turns that into changes; ``merge_changes``
applies them to the text as it stands now (``current``, which others may have saved since R):

- a paragraph nobody else touched since R takes my change as it is;
- a paragraph both of us changed is merged with diff-match-patch (``merge_text``): their
  patches are applied to my text, and the result is accepted only if every patch applied, the
  changed word ranges do not overlap or touch, and applying my patches to their text gives the
  same result (so it holds both edits); otherwise it is a ``Conflict`` carrying both texts;
- inserts and moves are placed after the nearest preceding paragraph that still exists;
- deleting a paragraph someone else edited, or editing one someone else deleted, is a conflict.

``renumber`` gives operative paragraphs 1..n and sub-paragraphs (a), (b) / (i), (ii) in order.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field, replace

from diff_match_patch import diff_match_patch

from negotiation.text.align import longest_increasing
from negotiation.text.structure import (
    OPERATIVE,
    PREAMBULAR,
    Footnote,
    Paragraph,
    ParsedText,
    SubParagraph,
    letter,
    roman,
    section_number,
)

SUBPARAGRAPH = "subparagraph"
FOOTNOTE = "footnote"
TOP_KINDS = (PREAMBULAR, OPERATIVE)
KINDS = (PREAMBULAR, OPERATIVE, SUBPARAGRAPH, FOOTNOTE)
# Content fields: a change to any of these is an edit of the paragraph (merged three-way).
CONTENT_FIELDS = ("kind", "text", "level")
_WORD_CHAR = re.compile(r"\w")


@dataclass
class Item:
    """One editable paragraph. ``parent`` is the lineage of the paragraph a sub-paragraph or a
    footnote belongs to; ``changed_in`` is the revision that last changed it (current state)."""

    lineage: str
    kind: str
    text: str
    parent: str | None = None
    level: int = 0
    number: str = ""
    changed_in: int = 0
    section: str = ""  # the treaty Article (or option) a paragraph sits under; "" in resolutions

    @property
    def group(self) -> str:
        return "top" if self.kind in TOP_KINDS else self.kind

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Change:
    """``op`` is update, insert, delete or move. ``base`` is the item as the user first saw it;
    ``item`` the item as they want it; ``after`` the lineages of the siblings that preceded it
    in their text, nearest first (where an insert or a move goes)."""

    op: str
    lineage: str
    item: Item | None = None
    base: Item | None = None
    after: list[str] = field(default_factory=list)


@dataclass
class Conflict:
    lineage: str
    kind: str
    base: str | None
    mine: str | None  # None: I deleted it
    theirs: str | None  # None: they deleted it
    after: list[str] = field(default_factory=list)
    parent: str | None = None
    level: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class MergeOutcome:
    items: list[Item]
    conflicts: list[Conflict]
    merged: list[str]  # lineages whose text holds both users' edits


@dataclass
class TextMerge:
    text: str | None
    clean: bool


# --- one paragraph -------------------------------------------------------------------------
def merge_text(base: str, mine: str, theirs: str) -> TextMerge:
    """Three-way merge of one paragraph with diff-match-patch's patch machinery."""
    if mine == theirs or theirs == base:
        return TextMerge(mine, True)
    if mine == base:
        return TextMerge(theirs, True)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    mine_ranges = _changed_ranges(dmp, base, mine)
    their_ranges = _changed_ranges(dmp, base, theirs)
    if _overlap(mine_ranges, their_ranges):
        return TextMerge(None, False)
    result, applied = dmp.patch_apply(dmp.patch_make(base, theirs), mine)
    if not all(applied):
        return TextMerge(None, False)
    other_way, applied_back = dmp.patch_apply(dmp.patch_make(base, mine), theirs)
    if not all(applied_back) or other_way != result:
        return TextMerge(None, False)
    return TextMerge(result, True)


def _changed_ranges(dmp, base: str, other: str) -> list[tuple[int, int]]:
    """The ranges of ``base`` (widened to whole words) that ``other`` changes."""
    diffs = dmp.diff_main(base, other, False)
    dmp.diff_cleanupSemantic(diffs)
    ranges, pos = [], 0
    for op, text in diffs:
        if op == 0:
            pos += len(text)
        elif op == -1:
            ranges.append(_widen(base, pos, pos + len(text)))
            pos += len(text)
        else:
            ranges.append(_widen(base, pos, pos))
    return ranges


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _WORD_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _WORD_CHAR.match(text[end]):
        end += 1
    return start, end


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    """Ranges overlap or touch: two edits of the same words, or both at the same point."""
    return any(s1 <= e2 and s2 <= e1 for s1, e1 in a for s2, e2 in b)


# --- a whole text -------------------------------------------------------------------------
def _key(item: Item) -> tuple[str | None, str]:
    return (item.parent, item.group)


def _orders(items: list[Item]) -> dict[tuple[str | None, str], list[str]]:
    orders: dict[tuple[str | None, str], list[str]] = {}
    for item in items:
        orders.setdefault(_key(item), []).append(item.lineage)
    return orders


def changes_between(base: list[Item], mine: list[Item]) -> list[Change]:
    """What the user did to ``base`` to get ``mine``: updates, inserts, deletes, moves."""
    base_by = {i.lineage: i for i in base}
    mine_by = {i.lineage: i for i in mine}
    changes: list[Change] = []
    base_orders, mine_orders = _orders(base), _orders(mine)
    for key, order in mine_orders.items():
        kept = [lin for lin in order if lin in base_by and _key(base_by[lin]) == key]
        base_rank = {lin: r for r, lin in enumerate(base_orders.get(key, []))}
        stable = _stable(kept, base_rank)
        for index, lin in enumerate(order):
            after = list(reversed(order[:index]))
            item = mine_by[lin]
            if lin not in base_by:
                changes.append(Change("insert", lin, item=item, after=after))
                continue
            old = base_by[lin]
            if any(getattr(old, f) != getattr(item, f) for f in CONTENT_FIELDS):
                changes.append(Change("update", lin, item=item, base=old, after=after))
            if _key(old) != key or lin not in stable:
                changes.append(Change("move", lin, item=item, base=old, after=after))
    for item in base:
        if item.lineage not in mine_by:
            changes.append(Change("delete", item.lineage, base=item))
    return changes


def _stable(order: list[str], rank: dict[str, int]) -> set[str]:
    """The longest run of ``order`` that keeps its base order: everything else moved."""
    run = longest_increasing([(i, rank[lineage]) for i, lineage in enumerate(order)])
    return {order[i] for i, _ in run}


class _State:
    """The current text as lineage -> item plus the order of each group of siblings."""

    def __init__(self, items: list[Item]):
        self.by = {i.lineage: replace(i) for i in items}
        self.orders = _orders(items)

    def remove(self, lineage: str) -> None:
        item = self.by.pop(lineage, None)
        if item is None:
            return
        self.orders[_key(item)].remove(lineage)
        for group in ("top", SUBPARAGRAPH, FOOTNOTE):
            for child in list(self.orders.get((lineage, group), [])):
                self.remove(child)

    def detach(self, lineage: str) -> None:
        """Take a paragraph out of its siblings' order (it keeps its children)."""
        self.orders[_key(self.by[lineage])].remove(lineage)

    def place(self, item: Item, after: list[str]) -> None:
        order = self.orders.setdefault(_key(item), [])
        if item.lineage in order:
            order.remove(item.lineage)
        index = 0
        for anchor in after:
            if anchor in order:
                index = order.index(anchor) + 1
                break
        order.insert(index, item.lineage)
        self.by[item.lineage] = item

    def items(self) -> list[Item]:
        """Document order: each paragraph followed by its sub-paragraphs; footnotes last."""
        out: list[Item] = []
        tops = self.orders.get((None, "top"), [])
        for lin in tops:
            out.append(self.by[lin])
            out.extend(self.by[c] for c in self.orders.get((lin, SUBPARAGRAPH), []))
        for lin in tops:
            out.extend(self.by[c] for c in self.orders.get((lin, FOOTNOTE), []))
        return out


def merge_changes(current: list[Item], changes: list[Change], *, base_revision: int) -> MergeOutcome:
    """Apply ``changes`` (made on the text at ``base_revision``) to the ``current`` text."""
    state = _State(current)
    conflicts: list[Conflict] = []
    merged: list[str] = []

    def conflict(change: Change, theirs: Item | None) -> None:
        ref = change.item or change.base
        conflicts.append(Conflict(
            lineage=change.lineage, kind=ref.kind, base=change.base.text if change.base else None,
            mine=change.item.text if change.op != "delete" else None, theirs=theirs.text if theirs else None,
            after=change.after, parent=ref.parent, level=ref.level,
        ))

    # Inserts first, so moves and later inserts can be placed after them.
    ordered = [c for c in changes if c.op == "insert"] + [c for c in changes if c.op != "insert"]
    for change in ordered:
        cur = state.by.get(change.lineage)
        touched = cur is not None and cur.changed_in > base_revision
        if change.op == "insert":
            if cur is not None:
                continue  # the same save sent twice: already there
            parent = change.item.parent
            if parent is not None and parent not in state.by:
                conflict(change, None)  # its paragraph was deleted meanwhile
                continue
            state.place(replace(change.item), change.after)
        elif change.op == "delete":
            if cur is None:
                continue
            if touched and any(getattr(cur, f) != getattr(change.base, f) for f in CONTENT_FIELDS):
                conflict(change, cur)  # they edited what I delete
                continue
            state.remove(change.lineage)
        elif change.op == "move":
            if cur is None or (change.item.parent is not None and change.item.parent not in state.by):
                continue  # deleted meanwhile: an edit of it is reported by its update
            state.detach(cur.lineage)
            state.place(replace(cur, parent=change.item.parent), change.after)
        elif change.op == "update":
            if cur is None:
                conflict(change, None)  # they deleted what I edit
                continue
            if not touched:
                updated = replace(cur, kind=change.item.kind, text=change.item.text, level=change.item.level)
            else:
                updated, ok = _merge_item(change.base, change.item, cur)
                if not ok:
                    conflict(change, cur)
                    continue
                if updated.text not in (change.item.text, cur.text):
                    merged.append(change.lineage)
            if _key(updated) != _key(cur):
                state.detach(cur.lineage)
                state.place(updated, [])
            else:
                state.by[cur.lineage] = updated
    return MergeOutcome(items=state.items(), conflicts=conflicts, merged=merged)


def _merge_item(base: Item, mine: Item, theirs: Item) -> tuple[Item, bool]:
    out = replace(theirs)
    for f in ("kind", "level"):
        b, m, t = getattr(base, f), getattr(mine, f), getattr(theirs, f)
        if m != b:
            if t != b and t != m:
                return out, False
            setattr(out, f, m)
    result = merge_text(base.text, mine.text, theirs.text)
    if not result.clean:
        return out, False
    out.text = result.text
    return out, True


def resolve(items: list[Item], conflicts: list[Conflict], choices: dict[str, str | None]) -> list[Item]:
    """Apply the user's choice for each conflict to the merged ``items`` (which hold the
    current text of every conflicting paragraph). ``choices[lineage]`` is the text to keep,
    or None to leave the paragraph deleted."""
    state = _State(items)
    for c in conflicts:
        if c.lineage not in choices:
            continue
        text = choices[c.lineage]
        if text is None:
            state.remove(c.lineage)
        elif c.lineage in state.by:
            state.by[c.lineage] = replace(state.by[c.lineage], text=text)
        elif c.parent is None or c.parent in state.by:
            state.place(Item(lineage=c.lineage, kind=c.kind, text=text, parent=c.parent, level=c.level), c.after)
        else:  # its paragraph is gone: keep the words as an operative paragraph
            state.place(Item(lineage=c.lineage, kind=OPERATIVE, text=text), [])
    return state.items()


# --- numbering and conversions --------------------------------------------------------------
def renumber(items: list[Item]) -> list[Item]:
    """OP1..n in order; sub-paragraphs (a), (b) at level 1 and (i), (ii) at level 2.

    A treaty (items under Articles) is numbered as treaties are: see ``_renumber_treaty``."""
    if any(section_number(i.section) for i in items if i.kind in TOP_KINDS):
        return _renumber_treaty(items)
    out: list[Item] = []
    op = 0
    letters: dict[str, int] = {}
    romans: dict[str, int] = {}
    for item in items:
        item = replace(item)
        if item.kind == OPERATIVE:
            op += 1
            item.number = str(op)
        elif item.kind == PREAMBULAR:
            item.number = ""
        elif item.kind == SUBPARAGRAPH:
            if item.level >= 2:
                romans[item.parent] = romans.get(item.parent, 0) + 1
                item.number = f"({roman(romans[item.parent])})"
            else:
                item.level = 1
                letters[item.parent] = letters.get(item.parent, 0) + 1
                romans[item.parent] = 0
                item.number = f"({letter(letters[item.parent])})"
        out.append(item)
    return out


def labels(items: list[Item]) -> dict[str, str]:
    """"PP3", "OP5", "OP5 (a)", "footnote 2" for each lineage (after ``renumber``)."""
    out, pp = {}, 0
    for item in items:
        if item.kind == PREAMBULAR:
            pp += 1
            out[item.lineage] = f"PP{pp}"
        elif item.kind == OPERATIVE:
            out[item.lineage] = f"OP{item.number}"
    for item in items:
        if item.kind == SUBPARAGRAPH:
            out[item.lineage] = f"{out.get(item.parent, '')} {item.number}".strip()
        elif item.kind == FOOTNOTE:
            out[item.lineage] = f"footnote {item.number}" + (f" to {out[item.parent]}" if item.parent in out else "")
    return out


def items_from_blocks(blocks: list[dict]) -> list[Item]:
    """The editor's JSON (paragraphs with nested sub-paragraphs and footnotes) as items."""
    items: list[Item] = []
    notes: list[Item] = []
    for b in blocks:
        kind = b.get("kind")
        if kind not in TOP_KINDS:
            raise ValueError(f"Unknown paragraph kind {kind!r}.")
        lineage = _lineage(b.get("lineage"))
        items.append(Item(lineage=lineage, kind=kind, text=str(b.get("text", ""))))
        for s in b.get("subparagraphs", []):
            items.append(Item(lineage=_lineage(s.get("lineage")), kind=SUBPARAGRAPH, text=str(s.get("text", "")),
                              parent=lineage, level=2 if int(s.get("level") or 1) >= 2 else 1))
        for f in b.get("footnotes", []):
            notes.append(Item(lineage=_lineage(f.get("lineage")), kind=FOOTNOTE, text=str(f.get("text", "")),
                              parent=lineage, number=str(f.get("marker") or "")))
    return items + notes


def _lineage(value) -> str:
    """A lineage in its canonical form; a new paragraph without one gets a fresh one."""
    return str(uuid.UUID(str(value))) if value else str(uuid.uuid4())


def blocks_from_items(items: list[Item]) -> list[dict]:
    """The reverse of ``items_from_blocks`` (numbers and labels included, for the page)."""
    names = labels(items)
    blocks: dict[str, dict] = {}
    out: list[dict] = []
    for item in items:
        if item.kind in TOP_KINDS:
            blocks[item.lineage] = {"lineage": item.lineage, "kind": item.kind, "text": item.text, "number": item.number,
                                    "label": names.get(item.lineage, ""), "subparagraphs": [], "footnotes": []}
            out.append(blocks[item.lineage])
    for item in items:
        if item.kind == SUBPARAGRAPH and item.parent in blocks:
            blocks[item.parent]["subparagraphs"].append({"lineage": item.lineage, "level": item.level, "number": item.number, "text": item.text})
        elif item.kind == FOOTNOTE and item.parent in blocks:
            blocks[item.parent]["footnotes"].append({"lineage": item.lineage, "marker": item.number, "text": item.text})
    return out


def to_parsed(items: list[Item], *, title: str = "", enacting_formula: str = "", leads: dict[str, str] | None = None) -> ParsedText:
    """The working text as the plain data the redline takes (lineage kept)."""
    leads = leads or {}
    paragraphs: dict[str, Paragraph] = {}
    order: list[Paragraph] = []
    footnotes: list[Footnote] = []
    for item in renumber(items):
        if item.kind in TOP_KINDS:
            p = Paragraph(kind=item.kind, text=item.text, number=item.number or None, lead=leads.get(item.lineage, ""),
                          lineage=item.lineage, section=item.section)
            paragraphs[item.lineage] = p
            order.append(p)
        elif item.kind == SUBPARAGRAPH and item.parent in paragraphs:
            paragraphs[item.parent].subparagraphs.append(SubParagraph(number=item.number, text=item.text, level=item.level or 1))
        elif item.kind == FOOTNOTE:
            footnotes.append(Footnote(marker=item.number, text=item.text))
            if item.parent in paragraphs:
                paragraphs[item.parent].footnotes.append(item.number)
    return ParsedText(title=title, enacting_formula=enacting_formula, paragraphs=order, footnotes=footnotes)


def _renumber_treaty(items: list[Item]) -> list[Item]:
    """Paragraphs numbered 1..n within each Article (or option); a new paragraph takes the
    Article of the one before it. The unnumbered opening of an Article ("For the purposes of
    this Agreement ... In addition:") stays unnumbered, an inserted "9bis" keeps its number,
    and items keep the labels they were given ("1.", "Option 1:")."""
    numbered = {i.section for i in items if i.kind == OPERATIVE and i.number.isdigit()}
    out: list[Item] = []
    counters: dict[str, int] = {}
    section = ""
    for item in items:
        item = replace(item)
        if item.kind in TOP_KINDS:
            if not item.section and item.kind == OPERATIVE:
                item.section = section
            section = item.section or section
        if item.kind == OPERATIVE:
            opening = not item.number and not counters.get(item.section)
            if item.section in numbered and (item.number.isdigit() or not (item.number or opening)):
                counters[item.section] = counters.get(item.section, 0) + 1
                item.number = str(counters[item.section])
        elif item.kind == PREAMBULAR:
            item.number = ""
        out.append(item)
    return out
