"""Paragraph-by-paragraph redline between two versions of a UN text.

Reviewers ask "what changed between L.13 and L.13/Rev.1, paragraph by paragraph?". A line
diff answers badly: an inserted OP renumbers every later OP, a moved paragraph looks like a
deletion plus an insertion, and a heavily edited paragraph loses its pair. So we first *align*
paragraphs (lineage, then identical text, then word similarity), decide which pairs moved with
a longest increasing subsequence (the fewest paragraphs are called moved), and only then run
diff-match-patch on the words of each changed pair.

Pure Python, no Django: used by the ``redline`` command, views, the API and Celery tasks.

Row order: the stable pairs form a skeleton in both orders; between two skeleton pairs come
first the deleted old paragraphs (old order), then the new paragraphs of that stretch (new
order: inserted ones and moved pairs, which are shown where they now stand). Every paragraph of
each side appears in exactly one row.

Splits and merges keep that rule: when old i is split into new j and j+1, old i is paired with
the half that resembles it most (a "modified" row whose diff shows the other half leaving) and
the other half is an "inserted" row with ``split_from=i``. When old i and i+1 are merged into
new j, one of them is paired with j and the other is a "deleted" row with ``merged_into=j``.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Sequence

from diff_match_patch import diff_match_patch

from negotiation.text.structure import (
    OPERATIVE,
    PREAMBULAR,
    Paragraph,
    ParsedText,
    paragraph_labels,
)

UNCHANGED = "unchanged"
MODIFIED = "modified"
MOVED = "moved"
INSERTED = "inserted"
DELETED = "deleted"
STATUSES = (UNCHANGED, MODIFIED, MOVED, INSERTED, DELETED)

# Similarity thresholds on the weighted max(dice, containment) score (see _Similarity).
CONFIDENT_SCORE = 0.5  # paired wherever the two paragraphs stand
ANCHORED_SCORE = 0.25  # paired when both sit in the same gap between stable pairs
# A lone unpaired paragraph next to a pair is a split/merge piece when most of its words come
# from the pair's other side and adding it explains noticeably more of that side.
PIECE_COVER = 0.6
PIECE_GAIN = 0.1

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")  # words, whitespace runs, single punctuation marks
_WORD = re.compile(r"\w+")
# Function words say nothing about which paragraph is which; with only a handful of paragraphs
# left to pair, rarity weights alone cannot tell them apart from content words.
_STOP_WORDS = frozenset(
    "a all also an and any are as at be been by for from has have in into is it its not of on "
    "or such that the their them these they this those to upon was which with within".split()
)
_PRIVATE_USE = 0xE000  # token alphabet for the word-level diff; avoids surrogates


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

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Summary:
    """Row counts per kind (preambular/operative) and status."""

    counts: dict[str, dict[str, int]]

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
        return "; ".join(parts) or "No changes"

    def to_json(self) -> dict:
        return {**{kind: dict(c) for kind, c in self.counts.items()}, "line": self.summary_line()}


@dataclass
class Redline:
    rows: list[Row]
    summary: Summary

    def to_json(self) -> dict:
        """The ``redline --json`` contract."""
        return {"paragraphs": [r.to_json() for r in self.rows], "summary": self.summary.to_json()}

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
    pairs, similarity = _align(old_ps, new_ps)
    stable = longest_increasing(pairs)
    split_from, merged_into = _pieces(pairs, len(old_ps), len(new_ps), similarity)
    rows = _rows(old_ps, new_ps, pairs, stable, split_from, merged_into)
    return Redline(rows=rows, summary=_summarise(rows))


def align(old: Sequence[Paragraph] | ParsedText, new: Sequence[Paragraph] | ParsedText) -> list[tuple[int, int]]:
    """The (old index, new index) pairs, in old order: what gives imported versions a lineage."""
    return _align(_paragraphs(old), _paragraphs(new))[0]


def word_diff(old_text: str, new_text: str) -> list[list]:
    """Word-level diff-match-patch segments ``[op, text]`` between two plain texts.

    Each word, whitespace run and punctuation mark becomes one character (the linesToChars
    trick), so the diff works on whole words. Semantic cleanup runs on that token string too:
    on the real text its overlap step would cut words ("reaffirms" -> "[-re-]affirms").
    """
    if old_text == new_text:
        return [[0, old_text]]
    alphabet: dict[str, str] = {}
    tokens: dict[str, str] = {}

    def encode(text: str) -> str:
        chars = []
        for token in _TOKEN.findall(text):
            char = alphabet.get(token)
            if char is None:
                char = alphabet[token] = _token_char(len(alphabet))
                tokens[char] = token
            chars.append(char)
        return "".join(chars)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # paragraphs are short: run to completion, deterministic output
    diffs = dmp.diff_main(encode(old_text), encode(new_text), False)
    dmp.diff_cleanupSemantic(diffs)
    segments: list[list] = []
    for op, chars in diffs:
        text = "".join(tokens[c] for c in chars)
        if segments and segments[-1][0] == op:
            segments[-1][1] += text
        elif text:
            segments.append([op, text])
    return segments


def marked_text(segments: list[list]) -> str:
    """Segments as text with [-deleted-] and {+inserted+} markers."""
    marks = {-1: "[-{}-]", 0: "{}", 1: "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in segments)


def is_punctuation_only(segments: list[list]) -> bool:
    """True when something changed and no changed segment holds a word character."""
    changed = [text for op, text in segments if op != 0]
    return bool(changed) and not any(_WORD.search(text) for text in changed)


# --- alignment --------------------------------------------------------------------------


def _paragraphs(side: Sequence[Paragraph] | ParsedText) -> list[Paragraph]:
    return list(side.paragraphs if isinstance(side, ParsedText) else side)


def _token_char(index: int) -> str:
    """The index-th character of the token alphabet (private use areas, never a surrogate)."""
    if index < 0x1900:
        return chr(_PRIVATE_USE + index)
    return chr(0xF0000 + index - 0x1900)


class _Similarity:
    """Weighted word-set similarity between old and new paragraphs.

    Words are weighted by rarity among the paragraphs still to be paired (log(1 + n / document
    frequency), frequency taken on the side where the word is commoner) so that "the",
    "United Nations" or "Crime", shared by every paragraph of a draft, do not make two
    unrelated paragraphs look alike. Word sets are built lazily: identical paragraphs, most of
    a revision, never need them. The score is max(dice, containment): containment keeps a
    paragraph that grew or shrank a lot paired with its counterpart, dice ranks the halves of
    a split.
    """

    def __init__(self, old_ps: list[Paragraph], new_ps: list[Paragraph], olds: list[int], news: list[int]):
        self._old_ps, self._new_ps = old_ps, new_ps
        self._old_words: dict[int, frozenset[str]] = {}
        self._new_words: dict[int, frozenset[str]] = {}
        self._old_masses: dict[int, float] = {}
        self._new_masses: dict[int, float] = {}
        old_df = Counter(w for i in olds for w in self.old_words(i))
        self.new_df = Counter(w for j in news for w in self.new_words(j))
        scale = max(len(olds), len(news), 1)
        self.rare = math.log(1 + scale)  # the weight of a word seen in one paragraph
        self.weight = {
            w: math.log(1 + scale / max(old_df[w], self.new_df[w]))
            for w in old_df.keys() | self.new_df.keys()
        }
        # Words this common lead to too many candidates to be worth indexing.
        self.index_cap = max(8, scale // 5)

    def old_words(self, i: int) -> frozenset[str]:
        if i not in self._old_words:
            self._old_words[i] = _words(self._old_ps[i].full_text)
        return self._old_words[i]

    def new_words(self, j: int) -> frozenset[str]:
        if j not in self._new_words:
            self._new_words[j] = _words(self._new_ps[j].full_text)
        return self._new_words[j]

    def _old_mass(self, i: int) -> float:
        if i not in self._old_masses:
            self._old_masses[i] = self.mass(self.old_words(i))
        return self._old_masses[i]

    def _new_mass(self, j: int) -> float:
        if j not in self._new_masses:
            self._new_masses[j] = self.mass(self.new_words(j))
        return self._new_masses[j]

    def mass(self, words) -> float:
        weight, rare = self.weight, self.rare
        return sum(weight.get(w, rare) for w in words)

    def score(self, i: int, j: int) -> tuple[float, float]:
        """(max(dice, containment), dice) of old i and new j."""
        old_words, new_words = self.old_words(i), self.new_words(j)
        shared = self.mass(old_words & new_words)
        if not shared:
            return 0.0, 0.0
        a, b = self._old_mass(i), self._new_mass(j)
        dice = 2 * shared / (a + b)
        # Containment, but a paragraph under a third of the other's size cannot claim it alone.
        containment = shared / max(min(a, b), (a + b) / 4)
        return max(dice, containment), dice

    def cover(self, words, by) -> float:
        """Share of the weight of ``words`` found in ``by``."""
        total = self.mass(words)
        return self.mass(words & by) / total if total else 0.0

    def candidates(self, olds: list[int], news: list[int]) -> list[tuple[float, float, int, int]]:
        """Scored (score, dice, i, j) for pairs sharing at least one indexed word.

        An inverted index over the new paragraphs keeps this far below len(olds) * len(news)
        score computations when most paragraphs are unrelated.
        """
        index = defaultdict(list)
        for j in news:
            for w in self.new_words(j):
                if self.new_df[w] <= self.index_cap:
                    index[w].append(j)
        scored = []
        for i in olds:
            seen = set()
            for w in self.old_words(i):
                seen.update(index.get(w, ()))
            for j in seen:
                score, dice = self.score(i, j)
                if score >= ANCHORED_SCORE:
                    scored.append((score, dice, i, j))
        return scored


def _words(text: str) -> frozenset[str]:
    """The content words of a text: what two versions of a paragraph keep in common."""
    return frozenset(_WORD.findall(text.lower())) - _STOP_WORDS


def _align(old_ps: list[Paragraph], new_ps: list[Paragraph]) -> tuple[list[tuple[int, int]], _Similarity]:
    """Pair paragraphs: equal lineage, then identical text, then similarity (greedy best-first).

    Similarity pairing runs twice: first anywhere with a confident score, then, with a lower
    threshold, only between paragraphs left in the same gap between stable pairs, where their
    neighbours vouch for the position (a paragraph rewritten beyond half of its words).
    """
    pairs: dict[int, int] = {}
    _pair_by_lineage(old_ps, new_ps, pairs)
    _pair_identical(old_ps, new_ps, pairs)

    paired_new = set(pairs.values())
    olds = [i for i in range(len(old_ps)) if i not in pairs]
    news = [j for j in range(len(new_ps)) if j not in paired_new]
    similarity = _Similarity(old_ps, new_ps, olds, news)
    # Two paragraphs that both carry a lineage are the same paragraph only if it is equal.
    candidates = [
        c for c in similarity.candidates(olds, news)
        if old_ps[c[2]].lineage is None or new_ps[c[3]].lineage is None
    ]
    candidates.sort(key=lambda c: (-c[0], -c[1], abs(c[2] - c[3]), c[2]))
    _pair_greedily(candidates, pairs, lambda i, j, score: score >= CONFIDENT_SCORE)

    skeleton = longest_increasing(sorted(pairs.items()))
    old_stops = [i for i, _ in skeleton]
    new_stops = [j for _, j in skeleton]
    _pair_greedily(
        candidates,
        pairs,
        lambda i, j, score: bisect_left(old_stops, i) == bisect_left(new_stops, j),
    )
    return sorted(pairs.items()), similarity


def _pair_by_lineage(old_ps, new_ps, pairs: dict[int, int]) -> None:
    by_lineage = defaultdict(list)
    for j, p in enumerate(new_ps):
        if p.lineage is not None:
            by_lineage[p.lineage].append(j)
    for i, p in enumerate(old_ps):
        if p.lineage is not None and by_lineage.get(p.lineage):
            pairs[i] = by_lineage[p.lineage].pop(0)


def _pair_identical(old_ps, new_ps, pairs: dict[int, int]) -> None:
    """Pair equal full texts, k-th occurrence with k-th occurrence."""
    paired_new = set(pairs.values())
    by_text = defaultdict(list)
    for j, p in enumerate(new_ps):
        if j not in paired_new:
            by_text[p.full_text].append(j)
    for i, p in enumerate(old_ps):
        if i in pairs:
            continue
        bucket = by_text.get(p.full_text, [])
        for k, j in enumerate(bucket):
            if p.lineage is None or new_ps[j].lineage is None:
                pairs[i] = bucket.pop(k)
                break


def _pair_greedily(candidates, pairs: dict[int, int], accept) -> None:
    """Best score first; a paragraph already paired is skipped."""
    paired_new = set(pairs.values())
    for score, _dice, i, j in candidates:
        if i not in pairs and j not in paired_new and accept(i, j, score):
            pairs[i] = j
            paired_new.add(j)


def longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (sorted by old) whose new positions increase: what did not move.

    Patience sorting, O(n log n).
    """
    tails: list[int] = []  # new index ending the best run of each length
    tail_at: list[int] = []  # position in pairs of that run's last pair
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[length] = j
            tail_at[length] = k
        previous[k] = tail_at[length - 1] if length else -1
    run = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = previous[k]
    return run[::-1]


def _pieces(pairs, n_old: int, n_new: int, similarity: _Similarity) -> tuple[dict[int, int], dict[int, int]]:
    """Find splits (unpaired new next to a pair, taken from its old) and merges (the reverse).

    Returns ({new index: old it was split from}, {old index: new it was merged into}).
    """
    old_to_new = dict(pairs)
    new_to_old = {j: i for i, j in pairs}
    split_from = _lone_pieces(
        n_new, new_to_old, similarity.new_words, similarity.old_words, similarity, old_to_new
    )
    merged_into = _lone_pieces(
        n_old, old_to_new, similarity.old_words, similarity.new_words, similarity, new_to_old
    )
    return split_from, merged_into


def _lone_pieces(count, partner_of, own_words, other_words, similarity, partner_back) -> dict[int, int]:
    """On one side, unpaired paragraphs that carry the rest of a neighbour's counterpart.

    Walks the side in order so that a paragraph split in three chains its pieces.
    """
    pieces: dict[int, int] = {}
    for k in range(count):
        if k in partner_of:
            continue
        for neighbour in (k - 1, k + 1):
            source = partner_of.get(neighbour, pieces.get(neighbour))
            if source is None:
                continue
            source_words, piece_words = other_words(source), own_words(k)
            if similarity.cover(piece_words, source_words) < PIECE_COVER:
                continue
            held = own_words(partner_back[source]) if source in partner_back else frozenset()
            gain = similarity.cover(source_words, held | piece_words) - similarity.cover(
                source_words, held
            )
            if gain >= PIECE_GAIN:
                pieces[k] = source
                break
    return pieces


# --- rows and summary -------------------------------------------------------------------


def _rows(old_ps, new_ps, pairs, stable, split_from, merged_into) -> list[Row]:
    """Skeleton order: deleted olds of a stretch, then its new paragraphs, then the stable pair."""
    old_labels, new_labels = paragraph_labels(old_ps), paragraph_labels(new_ps)
    new_to_old = {j: i for i, j in pairs}
    paired_old = dict(pairs)
    stable_set = set(stable)

    def pair_row(i: int, j: int) -> Row:
        old_p, new_p = old_ps[i], new_ps[j]
        segments = word_diff(old_p.full_text, new_p.full_text)
        changed = old_p.full_text != new_p.full_text
        if (i, j) not in stable_set:
            status = MOVED
        else:
            status = MODIFIED if changed else UNCHANGED
        return Row(
            old=i, new=j, old_label=old_labels[i], new_label=new_labels[j], status=status,
            kind=new_p.kind, text_changed=changed, punctuation_only=is_punctuation_only(segments),
            kind_changed=old_p.kind != new_p.kind, segments=segments,
        )

    def deleted_row(i: int) -> Row:
        return Row(
            old=i, new=None, old_label=old_labels[i], new_label=None, status=DELETED,
            kind=old_ps[i].kind, text_changed=True, segments=[[-1, old_ps[i].full_text]],
            merged_into=merged_into.get(i),
        )

    def inserted_row(j: int) -> Row:
        return Row(
            old=None, new=j, old_label=None, new_label=new_labels[j], status=INSERTED,
            kind=new_ps[j].kind, text_changed=True, segments=[[1, new_ps[j].full_text]],
            split_from=split_from.get(j),
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
    return ", ".join(notes)
