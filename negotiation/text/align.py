"""Which old paragraph became which new one: the alignment under every redline.

A negotiated text changes by paragraphs: kept, edited, moved, split, merged, dropped, added;
a treaty also moves and renumbers whole Articles. The alignment reads that in this order:

1. **Lineage** (ids the app gives paragraphs across its own versions) pairs first and is final.
2. **Parents.** Each paragraph has a parent: the preamble, the operative part, or the
   top-level section it stands under (an Article, a chapter). Identical texts and confident
   similar pairs vote for which old parent became which new one (one to one, most votes
   first; an unvoted parent keeps a namesake). Articles renumbered by an insertion, or moved,
   keep their paragraphs together this way.
3. **Candidates.** Identical texts, then similar ones: content words weighted by rarity,
   score max(dice, containment). To stay near-linear, a paragraph is compared only with the
   paragraphs that share one of its rarest words, the few nearest in position per word (a
   bounded fan-out), never with all. Pairs inside matched parents get a bonus; pairs across
   parents need strong evidence (``STRONG_SCORE``).
4. **In order first.** Among each paragraph's best candidates, the heaviest chain that keeps
   the order of both sides is taken first: a duplicated paragraph keeps its place and the copy
   is the insertion, so the fewest paragraphs are called moved. What is left pairs by best
   score anywhere (the moves), then, with a lower threshold, inside the gap between kept
   pairs where the neighbours vouch for it.
5. **What moved.** Parents are ordered by a weighted longest increasing chain: a parent out
   of it moved as a whole, one move, and its paragraphs keep their status inside it. Then the
   longest increasing chain of the remaining pairs is what stood still; other pairs moved.
6. **Splits and merges**: an unpaired paragraph next to a pair that carries the rest of that
   pair's words.

Pure Python, no Django.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Sequence

from negotiation.text.structure import OPERATIVE, Paragraph

__all__ = ["Alignment", "GroupPair", "align_paragraphs", "heaviest_chain", "longest_increasing"]

# Similarity thresholds on the weighted max(dice, containment) score (see _Similarity).
CONFIDENT_SCORE = 0.5  # paired wherever the two paragraphs stand
ANCHORED_SCORE = 0.25  # paired when both sit in the same gap between kept pairs
STRONG_SCORE = 0.75  # paired across parents (an OP moved to another Article, a PP made an OP)
PARENT_BONUS = 0.15  # added to the score of a pair inside matched parents
NEAR_BEST = 0.02  # "equally good": within this of a paragraph's best candidate
EXACT_SCORE = 2.0  # identical texts
# A lone unpaired paragraph next to a pair is a split/merge piece when most of its words come
# from the pair's other side and adding it explains noticeably more of that side.
PIECE_COVER = 0.6
PIECE_GAIN = 0.1
# Bounded fan-out of the candidate search: per paragraph, its RAREST_WORDS rarest words, and
# per word the NEAREST paragraphs of the other side closest to its expected position.
RAREST_WORDS = 8
NEAREST = 6
SHORTLIST = 8  # of those, the paragraphs sharing the most words are scored
EXACT_FAN = 8  # k-th copy of a repeated text is compared with copies k-8 .. k+8 only

_WORD = re.compile(r"\w+")
# Function words say nothing about which paragraph is which.
_STOP_WORDS = frozenset(
    "a all also an and any are as at be been by for from has have in into is it its not of on "
    "or such that the their them these they this those to upon was which with within".split()
)
_SUFFIXES = ("ing", "ies", "es", "ed", "s")


@dataclass
class GroupPair:
    """A parent (preamble, operative part, Article ...) and what it became."""

    old: str | None  # heading as printed ("Article 7 (technology ...)"), "" for no section
    new: str | None
    old_kind: str | None = None
    new_kind: str | None = None
    moved: bool = False  # out of the order of the other parents: one move for all of it
    pairs: int = 0  # paragraph pairs between the two


@dataclass
class Alignment:
    pairs: list[tuple[int, int]]  # (old, new), sorted by old
    stable: list[tuple[int, int]]  # pairs that stood still, increasing on both sides
    section_moved: set[tuple[int, int]]  # pairs in place inside a parent that moved whole
    split_from: dict[int, int]  # new index -> old paragraph it was split from
    merged_into: dict[int, int]  # old index -> new paragraph it was merged into
    groups: list[GroupPair] = field(default_factory=list)


def align_paragraphs(old_ps: Sequence[Paragraph], new_ps: Sequence[Paragraph]) -> Alignment:
    """The steps of the module docstring, in order; every step only adds pairs."""
    old_ps, new_ps = list(old_ps), list(new_ps)
    size = len(old_ps) + len(new_ps)
    pairs: dict[int, int] = {}
    _pair_by_lineage(old_ps, new_ps, pairs)
    _pair_identical_in_order(old_ps, new_ps, pairs, size)

    paired_new = set(pairs.values())
    rest_old = [i for i in range(len(old_ps)) if i not in pairs]
    rest_new = [j for j in range(len(new_ps)) if j not in paired_new]
    similarity = _Similarity(old_ps, new_ps, rest_old, rest_new)
    scored = [
        (score, dice, i, j) for score, dice, i, j in similarity.candidates(rest_old, rest_new)
        if old_ps[i].lineage is None or new_ps[j].lineage is None
    ]
    old_parent = [_parent(p) for p in old_ps]
    new_parent = [_parent(p) for p in new_ps]
    parent_map = _match_parents(old_parent, new_parent, pairs, scored)
    candidates = _effective(scored, old_ps, new_ps, old_parent, new_parent, parent_map)

    _pair_in_order(candidates, pairs, size)
    _pair_greedily(candidates, pairs, lambda i, j, eff: eff >= CONFIDENT_SCORE)  # the moves
    # What the neighbours vouch for: a weaker pair inside one gap between kept pairs.
    old_stops, new_stops = _stops(pairs)
    _pair_greedily(candidates, pairs, lambda i, j, eff: bisect_left(old_stops, i) == bisect_left(new_stops, j))

    ordered = sorted(pairs.items())
    stable, section_moved, groups = _what_stood_still(ordered, old_parent, new_parent)
    split_from, merged_into = _pieces(ordered, len(old_ps), len(new_ps), similarity)
    return Alignment(
        pairs=ordered, stable=stable, section_moved=section_moved,
        split_from=split_from, merged_into=merged_into, groups=groups,
    )


def _pair_identical_in_order(old_ps, new_ps, pairs: dict[int, int], size: int) -> None:
    """Identical texts along their heaviest order-keeping chain: a duplicated paragraph keeps
    its place and its copy is the insertion (the fewest moves)."""
    paired_new = set(pairs.values())
    olds = [i for i in range(len(old_ps)) if i not in pairs]
    news = [j for j in range(len(new_ps)) if j not in paired_new]
    exact = _exact_candidates(old_ps, new_ps, olds, news)
    pairs.update(heaviest_chain([(i, j, _chain_weight(EXACT_SCORE, 1.0, i, j, size)) for i, j in exact]))


def _effective(scored, old_ps, new_ps, old_parent, new_parent, parent_map) -> list[tuple[float, float, int, int]]:
    """(effective score, dice, i, j), best first: identical > similar; inside matched parents
    gets PARENT_BONUS; across parents only from STRONG_SCORE."""
    candidates = []
    for score, dice, i, j in scored:
        if score >= 1.0 and old_ps[i].full_text == new_ps[j].full_text:
            score = EXACT_SCORE  # a surplus copy of an identical text
        if parent_map.get(old_parent[i]) == new_parent[j]:
            candidates.append((score + PARENT_BONUS, dice, i, j))
        elif score >= STRONG_SCORE:
            candidates.append((score, dice, i, j))
    candidates.sort(key=lambda c: (-c[0], -c[1], abs(c[2] - c[3]), c[2], c[3]))
    return candidates


def _pair_in_order(candidates, pairs: dict[int, int], size: int) -> None:
    """Inside the gaps the kept pairs leave, the heaviest order-keeping chain of each
    paragraph's equally good candidates. "Equally good" is measured against the paragraph's
    best candidate anywhere: a weaker neighbour must not take the place of a paragraph that
    moved."""
    old_stops, new_stops = _stops(pairs)
    paired_new = set(pairs.values())
    best_old: dict[int, float] = {}
    best_new: dict[int, float] = {}
    for eff, _dice, i, j in candidates:
        if i not in pairs and j not in paired_new:
            best_old.setdefault(i, eff)
            best_new.setdefault(j, eff)
    pairs.update(heaviest_chain([
        (i, j, _chain_weight(eff, dice, i, j, size))
        for eff, dice, i, j in candidates
        if eff >= CONFIDENT_SCORE and i not in pairs and j not in paired_new
        and bisect_left(old_stops, i) == bisect_left(new_stops, j)
        and eff >= best_old[i] - NEAR_BEST and eff >= best_new[j] - NEAR_BEST
    ]))


def _stops(pairs: dict[int, int]) -> tuple[list[int], list[int]]:
    """Both sides' positions of the longest in-order run of pairs: the gaps between them."""
    skeleton = longest_increasing(sorted(pairs.items()))
    return [i for i, _ in skeleton], [j for _, j in skeleton]


# --- parents ----------------------------------------------------------------------------


def _parent(p: Paragraph) -> tuple[str, str]:
    """(kind, top-level section): the preamble, the operative part or an Article."""
    top = p.section.split(" › ")[0] if p.section else ""
    return (p.kind if not top else OPERATIVE, top)


def _match_parents(old_parent, new_parent, pairs: dict[int, int], scored) -> dict:
    """Old parent -> new parent, one to one, by the votes of the pairs made so far (lineage,
    identical texts) and of each paragraph's confident best candidates."""
    votes: Counter = Counter()
    for i, j in pairs.items():
        votes[old_parent[i], new_parent[j]] += 1.0
    best_old: dict[int, float] = {}
    best_new: dict[int, float] = {}
    for score, _dice, i, j in scored:
        best_old[i] = max(best_old.get(i, 0.0), score)
        best_new[j] = max(best_new.get(j, 0.0), score)
    for score, _dice, i, j in scored:
        if score >= CONFIDENT_SCORE and score >= best_old[i] - NEAR_BEST and score >= best_new[j] - NEAR_BEST:
            votes[old_parent[i], new_parent[j]] += score
    mapping: dict = {}
    taken = set()
    for (g, h), _count in sorted(votes.items(), key=lambda item: (-item[1], item[0][0] != item[0][1], item[0])):
        if g not in mapping and h not in taken and (g[0] == h[0] or g[1] or h[1]):
            mapping[g] = h
            taken.add(h)
    # A parent nobody voted for keeps its namesake (an Article rewritten whole, same heading).
    for g in set(old_parent) - mapping.keys():
        if g in set(new_parent) and g not in taken:
            mapping[g] = g
            taken.add(g)
    return mapping


def _what_stood_still(ordered, old_parent, new_parent):
    """(stable pairs, pairs in place inside a moved parent, the parents' story)."""
    # Final parent pairs: by the paragraph pairs actually made, one to one, most pairs first.
    counts = Counter((old_parent[i], new_parent[j]) for i, j in ordered)
    partner: dict = {}
    taken = set()
    for (g, h), _n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if g not in partner and h not in taken:
            partner[g] = h
            taken.add(h)
    old_rank = _first_positions(old_parent)
    new_rank = _first_positions(new_parent)
    group_chain = heaviest_chain(
        [(old_rank[g], new_rank[h], float(counts[g, h])) for g, h in partner.items()]
    )
    kept_groups = {(g_rank, h_rank) for g_rank, h_rank in group_chain}
    moved_parent = {
        g for g, h in partner.items() if (old_rank[g], new_rank[h]) not in kept_groups and g[1]
    }
    section_moved: set[tuple[int, int]] = set()
    rest = []
    inside_moved: dict = defaultdict(list)
    for i, j in ordered:
        g = old_parent[i]
        if g in moved_parent and partner[g] == new_parent[j]:
            inside_moved[g].append((i, j))
        else:
            rest.append((i, j))
    for members in inside_moved.values():  # out of place inside a moved parent: a move too
        section_moved.update(longest_increasing(members))
    stable = longest_increasing(rest)

    groups = []
    for g in sorted(old_rank, key=old_rank.get):
        h = partner.get(g)
        groups.append(GroupPair(
            old=g[1], new=h[1] if h else None, old_kind=g[0],
            new_kind=h[0] if h else None, moved=g in moved_parent, pairs=counts.get((g, h), 0),
        ))
    for h in sorted(new_rank, key=new_rank.get):
        if h not in taken:
            groups.append(GroupPair(old=None, new=h[1], new_kind=h[0]))
    return stable, section_moved, groups


def _first_positions(parents) -> dict:
    first: dict = {}
    for k, g in enumerate(parents):
        first.setdefault(g, k)
    return first


# --- candidates -------------------------------------------------------------------------


def _exact_candidates(old_ps, new_ps, olds, news) -> list[tuple[int, int]]:
    """Pairs of identical full texts; the k-th copy of a text meets copies k-8..k+8 only."""
    by_text = defaultdict(list)
    for j in news:
        by_text[new_ps[j].full_text].append(j)
    seen = Counter()
    found = []
    for i in olds:
        text = old_ps[i].full_text
        bucket = by_text.get(text)
        if not bucket:
            continue
        k = seen[text]
        seen[text] += 1
        for j in bucket[max(0, k - EXACT_FAN): k + EXACT_FAN + 1]:
            if old_ps[i].lineage is None or new_ps[j].lineage is None:
                found.append((i, j))
    return found


def _stem(word: str, cache: dict = {}) -> str:  # noqa: B006 - a deliberate module-wide memo
    stem = cache.get(word)
    if stem is None:
        stem = word
        for suffix in _SUFFIXES:
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                stem = word[: -len(suffix)]
                break
        cache[word] = stem
    return stem


def words_of(text: str) -> frozenset[str]:
    """The content words of a text, lightly stemmed ("Recalling"/"Recalls", "Decides"/
    "Deciding" meet): what two versions of a paragraph keep in common."""
    return frozenset(_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP_WORDS)


class _Similarity:
    """Weighted word-set similarity between old and new paragraphs.

    Words are weighted by rarity among the paragraphs still to be paired (log(1 + n / document
    frequency), frequency taken on the side where the word is commoner) so that "the",
    "United Nations" or "Crime", shared by every paragraph of a draft, do not make two
    unrelated paragraphs look alike. The score is max(dice, containment): containment keeps a
    paragraph that grew or shrank a lot paired with its counterpart, dice ranks the halves of
    a split.
    """

    def __init__(self, old_ps, new_ps, olds: list[int], news: list[int]):
        self._old_ps, self._new_ps = old_ps, new_ps
        self._old_words: dict[int, frozenset[str]] = {}
        self._new_words: dict[int, frozenset[str]] = {}
        self._old_masses: dict[int, float] = {}
        self._new_masses: dict[int, float] = {}
        self.old_df = Counter(w for i in olds for w in self.old_words(i))
        self.new_df = Counter(w for j in news for w in self.new_words(j))
        scale = max(len(olds), len(news), 1)
        self.rare = math.log(1 + scale)  # the weight of a word seen in one paragraph
        self.weight = {
            w: math.log(1 + scale / max(self.old_df[w], self.new_df[w]))
            for w in self.old_df.keys() | self.new_df.keys()
        }

    def old_words(self, i: int) -> frozenset[str]:
        words = self._old_words.get(i)
        if words is None:
            words = self._old_words[i] = words_of(self._old_ps[i].full_text)
        return words

    def new_words(self, j: int) -> frozenset[str]:
        words = self._new_words.get(j)
        if words is None:
            words = self._new_words[j] = words_of(self._new_ps[j].full_text)
        return words

    def mass(self, words) -> float:
        weight, rare = self.weight, self.rare
        return sum([weight.get(w, rare) for w in words])

    def _old_mass(self, i: int) -> float:
        if i not in self._old_masses:
            self._old_masses[i] = self.mass(self.old_words(i))
        return self._old_masses[i]

    def _new_mass(self, j: int) -> float:
        if j not in self._new_masses:
            self._new_masses[j] = self.mass(self.new_words(j))
        return self._new_masses[j]

    def score(self, i: int, j: int) -> tuple[float, float]:
        """(max(dice, containment), dice) of old i and new j."""
        shared = self.mass(self.old_words(i) & self.new_words(j))
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
        """Scored (score, dice, i, j) with score >= ANCHORED_SCORE, by bounded fan-out.

        From each side, a paragraph looks up its RAREST_WORDS rarest words in the other side's
        postings and takes, per word, the NEAREST paragraphs around its expected position: at
        most 2 x SHORTLIST scores per paragraph (the ones sharing most of those words),
        whatever the size of the text.
        """
        if not olds or not news:
            return []
        pairs: set[tuple[int, int]] = set()
        self._probe(olds, news, self.old_words, self.new_words, pairs, flip=False)
        self._probe(news, olds, self.new_words, self.old_words, pairs, flip=True)
        scored = []
        for i, j in pairs:
            score, dice = self.score(i, j)
            if score >= ANCHORED_SCORE:
                scored.append((score, dice, i, j))
        return scored

    def _probe(self, queries, targets, query_words, target_words, pairs, *, flip: bool) -> None:
        df = self.old_df + self.new_df
        postings: dict[str, list[int]] = defaultdict(list)  # word -> ranks in targets
        for rank, t in enumerate(targets):
            for w in target_words(t):
                postings[w].append(rank)
        ratio = len(targets) / len(queries)
        for q_rank, q in enumerate(queries):
            words = sorted((w for w in query_words(q) if w in postings), key=lambda w: (df[w], w))
            expected = q_rank * ratio
            hits: Counter = Counter()
            for w in words[:RAREST_WORDS]:
                ranks = postings[w]
                if len(ranks) <= NEAREST:
                    chosen = ranks
                else:
                    at = bisect_left(ranks, expected)
                    lo, hi = max(0, at - NEAREST), min(len(ranks), at + NEAREST)
                    chosen = sorted(ranks[lo:hi], key=lambda r: (abs(r - expected), r))[:NEAREST]
                hits.update(chosen)
            # Only the paragraphs that share the most of those words are scored.
            for r in sorted(hits, key=lambda r: (-hits[r], abs(r - expected), r))[:SHORTLIST]:
                t = targets[r]
                pairs.add((t, q) if flip else (q, t))


# --- pairing ----------------------------------------------------------------------------


def _pair_by_lineage(old_ps, new_ps, pairs: dict[int, int]) -> None:
    by_lineage = defaultdict(list)
    for j, p in enumerate(new_ps):
        if p.lineage is not None:
            by_lineage[p.lineage].append(j)
    for i, p in enumerate(old_ps):
        if p.lineage is not None and by_lineage.get(p.lineage):
            pairs[i] = by_lineage[p.lineage].pop(0)


def _chain_weight(eff: float, dice: float, i: int, j: int, size: int) -> float:
    """Count first, then score, then dice, then nearness."""
    return 1.0 + eff / 100 + dice / 10_000 - abs(i - j) / (1e7 * size)


def _pair_greedily(candidates, pairs: dict[int, int], accept: Callable[[int, int, float], bool]) -> None:
    """Best score first; a paragraph already paired is skipped."""
    paired_new = set(pairs.values())
    for eff, _dice, i, j in candidates:
        if i not in pairs and j not in paired_new and accept(i, j, eff):
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


def heaviest_chain(candidates: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The (i, j) pairs, strictly increasing in both, of greatest total weight.

    Candidates may share an i or a j (several equally good partners); the chain uses each at
    most once. A Fenwick tree of prefix maxima over j: O(c log c) for c candidates.
    """
    if not candidates:
        return []
    order = sorted(candidates, key=lambda c: (c[0], -c[1]))
    ranks = {j: r for r, j in enumerate(sorted({c[1] for c in candidates}), start=1)}
    size = len(ranks)
    tree_weight = [0.0] * (size + 1)
    tree_at = [-1] * (size + 1)
    total = [0.0] * len(order)
    previous = [-1] * len(order)
    for k, (_i, j, weight) in enumerate(order):
        r = ranks[j] - 1
        best, best_at = 0.0, -1
        while r > 0:
            if tree_weight[r] > best:
                best, best_at = tree_weight[r], tree_at[r]
            r -= r & -r
        total[k] = best + weight
        previous[k] = best_at
        r = ranks[j]
        while r <= size:
            if tree_weight[r] < total[k]:
                tree_weight[r], tree_at[r] = total[k], k
            r += r & -r
    k = max(range(len(order)), key=lambda n: (total[n], -n))
    chain = []
    while k >= 0:
        chain.append((order[k][0], order[k][1]))
        k = previous[k]
    return chain[::-1]


# --- splits and merges ------------------------------------------------------------------


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
