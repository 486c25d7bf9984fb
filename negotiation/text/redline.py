"""Paragraph-by-paragraph redline between two versions of a UN text.

Reviewers ask "what changed between L.13 and L.13/Rev.1, paragraph by paragraph?". A line
diff answers badly: an inserted OP renumbers every later OP, a moved paragraph looks like a
deletion plus an insertion, a renumbered Article looks rewritten. So the paragraphs are first
*aligned* (``align.py``: lineage, parents, identical text, word similarity, the fewest moves),
and only then does each changed pair get a word diff (``worddiff.py``), which also names the
bracket changes of a rolling text.

Pure Python, no Django: used by the ``redline`` command, views, the API and Celery tasks.

Row order: the pairs that stood still form a skeleton in both orders; between two skeleton
pairs come first the deleted old paragraphs (old order), then the new paragraphs of that
stretch (new order: inserted ones, moved pairs and the paragraphs of a moved Article, shown
where they now stand). Every paragraph of each side appears in exactly one row.

Splits and merges keep that rule: when old i is split into new j and j+1, old i is paired with
the half that resembles it most (a "modified" row whose diff shows the other half leaving) and
the other half is an "inserted" row with ``split_from=i``. When old i and i+1 are merged into
new j, one of them is paired with j and the other is a "deleted" row with ``merged_into=j``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Sequence

from negotiation.text.align import GroupPair, align_paragraphs, longest_increasing
from negotiation.text.structure import (
    OPERATIVE,
    PREAMBULAR,
    Paragraph,
    ParsedText,
    paragraph_labels,
)
from negotiation.text.worddiff import diff_words, is_punctuation_only, marked_text, word_diff

__all__ = [
    "DELETED", "INSERTED", "MODIFIED", "MOVED", "STATUSES", "UNCHANGED", "Redline", "Row",
    "Summary", "align", "is_punctuation_only", "longest_increasing", "marked_text", "redline",
    "word_diff",
]

UNCHANGED = "unchanged"
MODIFIED = "modified"
MOVED = "moved"
INSERTED = "inserted"
DELETED = "deleted"
STATUSES = (UNCHANGED, MODIFIED, MOVED, INSERTED, DELETED)

@dataclass
class Row:
    """One line of the redline: a paired, inserted or deleted paragraph.

    ``old``/``new`` are 0-based positions in ``ParsedText.paragraphs``. ``segments`` are
    ``[op, text]`` with op -1 (deleted), 0 (kept), 1 (inserted): ops 0 and 1 concatenated give
    the new text exactly, ops 0 and -1 the old text.
    """

    old: int | None
    new: int | None
    old_label: str | None
    new_label: str | None
    status: str
    kind: str  # the new side's kind, or the old side's for a deleted row
    text_changed: bool = False
    punctuation_only: bool = False  # every change is punctuation or whitespace
    kind_changed: bool = False  # a preambular paragraph became operative, or the reverse
    segments: list[list] = field(default_factory=list)
    split_from: int | None = None  # inserted row: old paragraph it was split from
    merged_into: int | None = None  # deleted row: new paragraph it was merged into
    old_section: str = ""  # the heading each side stands under ("Article 7"), "" for none
    new_section: str = ""
    section_moved: bool = False  # in place inside an Article (section) that moved as a whole
    # Brackets removed or added, alternatives chosen: [{"change", "kept", "dropped"}].
    bracket_changes: list[dict] = field(default_factory=list)
    bracket_only: bool = False  # every change of the text is a bracket change
    # What pages show of a paragraph besides its words: the italic lead phrase (its length at the
    # start of the text) and the footnote markers it cites, on the new side and on the old one.
    lead_len: int = 0
    lead_old_len: int = 0
    footnotes: list[str] = field(default_factory=list)
    footnotes_old: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Summary:
    """Row counts per kind (preambular/operative) and status."""

    counts: dict[str, dict[str, int]]
    sections_moved: int = 0  # Articles (sections) moved as a whole, one move each

    def summary_line(self) -> str:
        """E.g. "3 operative paragraphs modified, 1 inserted; 2 preambular paragraphs modified"."""
        parts = []
        for kind in (OPERATIVE, PREAMBULAR):
            counted = [(self.counts[kind][s], s) for s in (MODIFIED, INSERTED, DELETED, MOVED)]
            counted = [(n, s) for n, s in counted if n]
            if not counted:
                continue
            (first, status), rest = counted[0], counted[1:]
            noun = "paragraph" if first == 1 else "paragraphs"
            parts.append(
                f"{first} {kind} {noun} {status}" + "".join(f", {n} {s}" for n, s in rest)
            )
        if self.sections_moved:
            noun = "section" if self.sections_moved == 1 else "sections"
            parts.append(f"{self.sections_moved} {noun} moved")
        return "; ".join(parts) or "No changes"

    def to_json(self) -> dict:
        return {
            **{kind: dict(c) for kind, c in self.counts.items()},
            "sections_moved": self.sections_moved, "line": self.summary_line(),
        }


@dataclass
class Redline:
    rows: list[Row]
    summary: Summary
    # Each parent (preamble, operative part, Article) and what it became; treaties only.
    sections: list[GroupPair] = field(default_factory=list)

    def to_json(self) -> dict:
        """The ``redline --json`` contract."""
        return {
            "paragraphs": [r.to_json() for r in self.rows], "summary": self.summary.to_json(),
            "sections": [asdict(g) for g in self.sections],
        }

    def to_text(self) -> str:
        """A plain-text redline: label, status, then the text with [-deleted-]{+inserted+}."""
        lines = [self.summary.summary_line(), ""]
        for row in self.rows:
            lines.append(f"{row.old_label or '-'} -> {row.new_label or '-'}  {_describe(row)}")
            if row.status != UNCHANGED:
                lines.append("    " + marked_text(row.segments))
        return "\n".join(lines)


def redline(old: Sequence[Paragraph] | ParsedText, new: Sequence[Paragraph] | ParsedText) -> Redline:
    """Align the paragraphs of two versions and word-diff every pair whose text changed."""
    old_ps, new_ps = _paragraphs(old), _paragraphs(new)
    alignment = align_paragraphs(old_ps, new_ps)
    rows = _rows(old_ps, new_ps, alignment)
    sections = [g for g in alignment.groups if g.old or g.new]
    summary = _summarise(rows)
    summary.sections_moved = sum(1 for g in sections if g.moved)
    return Redline(rows=rows, summary=summary, sections=sections)


def align(old: Sequence[Paragraph] | ParsedText, new: Sequence[Paragraph] | ParsedText) -> list[tuple[int, int]]:
    """The (old index, new index) pairs, in old order: what gives imported versions a lineage."""
    return align_paragraphs(_paragraphs(old), _paragraphs(new)).pairs


def _paragraphs(side: Sequence[Paragraph] | ParsedText) -> list[Paragraph]:
    return list(side.paragraphs if isinstance(side, ParsedText) else side)


# --- rows and summary -------------------------------------------------------------------


def _lead_len(p: Paragraph) -> int:
    return len(p.lead) if p.lead and p.full_text.startswith(p.lead) else 0


def _rows(old_ps, new_ps, alignment) -> list[Row]:
    """Skeleton order: deleted olds of a stretch, then its new paragraphs, then the stable pair."""
    old_labels, new_labels = paragraph_labels(old_ps), paragraph_labels(new_ps)
    new_to_old = {j: i for i, j in alignment.pairs}
    paired_old = dict(alignment.pairs)
    stable = alignment.stable
    in_place = set(stable) | alignment.section_moved

    def pair_row(i: int, j: int) -> Row:
        old_p, new_p = old_ps[i], new_ps[j]
        segments, brackets = diff_words(old_p.full_text, new_p.full_text)
        changed = old_p.full_text != new_p.full_text
        if (i, j) not in in_place:
            status = MOVED
        else:
            status = MODIFIED if changed else UNCHANGED
        return Row(
            old=i, new=j, old_label=old_labels[i], new_label=new_labels[j], status=status,
            kind=new_p.kind, text_changed=changed, punctuation_only=is_punctuation_only(segments),
            kind_changed=old_p.kind != new_p.kind, segments=segments,
            old_section=old_p.section, new_section=new_p.section,
            section_moved=(i, j) in alignment.section_moved,
            bracket_changes=[b.to_json() for b in brackets],
            bracket_only=bool(brackets) and _only_brackets(segments),
            lead_len=_lead_len(new_p), lead_old_len=_lead_len(old_p),
            footnotes=list(new_p.footnotes), footnotes_old=list(old_p.footnotes),
        )

    def deleted_row(i: int) -> Row:
        return Row(
            old=i, new=None, old_label=old_labels[i], new_label=None, status=DELETED,
            kind=old_ps[i].kind, text_changed=True, segments=[[-1, old_ps[i].full_text]],
            merged_into=alignment.merged_into.get(i), old_section=old_ps[i].section,
            lead_old_len=_lead_len(old_ps[i]), footnotes_old=list(old_ps[i].footnotes),
        )

    def inserted_row(j: int) -> Row:
        return Row(
            old=None, new=j, old_label=None, new_label=new_labels[j], status=INSERTED,
            kind=new_ps[j].kind, text_changed=True, segments=[[1, new_ps[j].full_text]],
            split_from=alignment.split_from.get(j), new_section=new_ps[j].section,
            lead_len=_lead_len(new_ps[j]), footnotes=list(new_ps[j].footnotes),
        )

    rows: list[Row] = []
    old_from = new_from = 0
    for i, j in [*stable, (len(old_ps), len(new_ps))]:
        rows.extend(deleted_row(k) for k in range(old_from, i) if k not in paired_old)
        for k in range(new_from, j):
            rows.append(pair_row(new_to_old[k], k) if k in new_to_old else inserted_row(k))
        if i < len(old_ps):
            rows.append(pair_row(i, j))
        old_from, new_from = i + 1, j + 1
    return rows


def _only_brackets(segments: list[list]) -> bool:
    """Every deleted or inserted segment is brackets, separators or bracketed wording."""
    return all(op == 0 or "[" in text or "]" in text or not text.strip(" /") for op, text in segments)


def _summarise(rows: list[Row]) -> Summary:
    counts = {kind: {status: 0 for status in STATUSES} for kind in (PREAMBULAR, OPERATIVE)}
    for row in rows:
        counts[row.kind if row.kind in counts else PREAMBULAR][row.status] += 1
    return Summary(counts=counts)


def _describe(row: Row) -> str:
    notes = [row.status]
    if row.status == MOVED and row.text_changed:
        notes.append("text changed")
    if row.punctuation_only:
        notes.append("punctuation only")
    if row.kind_changed:
        notes.append("kind changed")
    if row.split_from is not None:
        notes.append(f"split from old #{row.split_from}")
    if row.merged_into is not None:
        notes.append(f"merged into new #{row.merged_into}")
    if row.section_moved:
        notes.append("its section moved")
    notes.extend(b["change"] for b in row.bracket_changes)
    return ", ".join(notes)
