"""Inputs for bench_redline.py: distinct omnibus texts, seeded revisions, the giant paragraph,
the draft case and the Paris chain. Deterministic: every draw comes from a seeded
``random.Random``.

Why distinct paragraphs: cycling a few hundred corpus blocks gives a 6,400-paragraph text ~30
near-identical copies of each paragraph, which no real text has and which flatters or punishes
an aligner for the wrong reasons. Here the pool is

1. every paragraph of every corpus file (top level, ``ga80/``, ``paris2015/``) as parsed by
   ``parse_text`` (``split_report`` for the report 004), plus the blank-line blocks of files
   whose parse covers under half of their words (the report's deliberations), markup and
   numbering stripped;
2. with near-duplicates removed (the ga80 markdown/raw-PDF twins, the four Paris versions):
   a block is kept only if at most half of its word 4-grams occur in any one block kept
   before it;
3. then, when more are needed, spliced paragraphs: the head of block a, the middle of block b
   and the tail of block c (three different blocks, cut at clause boundaries , ; : where there
   are some), kept under the same near-duplicate rule, so no two paragraphs of a text share
   more than half of their 4-grams.
"""
from __future__ import annotations

import copy
import random
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from negotiation.data import corpus_dir
from negotiation.text.parse import ParseError, parse_text
from negotiation.text.split_report import split_report
from negotiation.text.structure import (
    OPERATIVE,
    PREAMBULAR,
    Paragraph,
    ParsedText,
    paragraph_labels,
)

CORPUS = corpus_dir()
PARIS = [f"paris2015/paris-agreement-2015-{day}.md" for day in ("10-23", "12-04", "12-09", "12-12")]
DRAFT = "002_780746b198b85f4a.txt"
# label -> (every paragraph edited, paragraphs also inserted, deleted and moved). "edits" is
# the case the plain competitor is best at: nothing moves, so pairing by position is right.
CHURNS = {"15%": (False, True), "100%": (True, True), "edits": (True, False)}

_MARKUP = re.compile(r"<sup>.*?</sup>|[*#¹²³⁴⁵⁶⁷⁸⁹⁰]")
_NUMBERING = re.compile(r"^(?:\d+\.|\([a-z]{1,3}\)|[a-z]\))\s+")
_WORD = re.compile(r"\w+")
VARIANTS = {"Requests": "Also requests", "States": "countries", "important": "essential",
            "relevant": "appropriate", "strengthen": "enhance", "Office": "Secretariat"}
FILLERS = ["further", "all", "relevant", "including", "inter alia", "effective", "national", "urgently"]
MIN_CHARS, MAX_CHARS = 120, 2400
SHARED_LIMIT = 0.5  # a paragraph shares at most this share of its 4-grams with any other
COMMON_GRAM = 40  # 4-grams in more paragraphs than this are boilerplate: not compared


# --- the pool of distinct paragraphs -------------------------------------------------------


def corpus_files() -> list[Path]:
    """The corpus texts: top-level .txt/.md files, then ga80/ and paris2015/ (READMEs left out)."""
    files = []
    for folder in (CORPUS, CORPUS / "ga80", CORPUS / "paris2015"):
        files += sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
    return files


def _clean(raw: str) -> str:
    text = re.sub(r"\s+", " ", _MARKUP.sub("", raw)).strip()
    return _NUMBERING.sub("", text)


def _file_blocks(path: Path) -> list[str]:
    """A file's paragraphs as parsed, plus its blank-line blocks when the parse covers little."""
    raw = path.read_text(encoding="utf-8")
    try:
        if path.name.startswith("004"):
            texts = [p.full_text for t in split_report(raw) for p in t.parsed.paragraphs]
        else:
            texts = [p.full_text for p in parse_text(raw).paragraphs]
    except ParseError:
        texts = []
    texts = [_clean(t) for t in texts]
    if sum(len(_WORD.findall(t)) for t in texts) < len(_WORD.findall(raw)) / 2:
        texts += [_clean(block) for block in re.split(r"\n\s*\n", raw)]
    return [t for t in texts if MIN_CHARS <= len(t) <= MAX_CHARS]


def _grams(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[k:k + 4]) for k in range(len(words) - 3)}


class _Distinct:
    """Paragraphs accepted so far, and the near-duplicate test against all of them."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.holders: dict[tuple[str, ...], list[int]] = defaultdict(list)

    def add(self, text: str) -> bool:
        grams = _grams(text)
        if not grams:
            return False
        shared: Counter[int] = Counter()
        for gram in grams:
            holders = self.holders.get(gram)
            if holders and len(holders) <= COMMON_GRAM:
                shared.update(holders)
        if shared and shared.most_common(1)[0][1] > SHARED_LIMIT * len(grams):
            return False
        index = len(self.texts)
        self.texts.append(text)
        for gram in grams:
            self.holders[gram].append(index)
        return True


@lru_cache(maxsize=None)
def corpus_blocks() -> tuple[str, ...]:
    """The distinct corpus paragraphs, in file order."""
    distinct = _Distinct()
    for path in corpus_files():
        for text in _file_blocks(path):
            distinct.add(text)
    return tuple(distinct.texts)


def _cuts(words: list[str], low: float, high: float, rng: random.Random) -> int:
    """A word index between ``low`` and ``high`` of the way through, after a , ; : if one is there."""
    start, stop = max(1, int(len(words) * low)), max(2, int(len(words) * high))
    clause_ends = [k + 1 for k in range(start - 1, min(stop, len(words) - 1)) if words[k][-1:] in ",;:"]
    return rng.choice(clause_ends) if clause_ends else rng.randrange(start, stop)


def splice(a: str, b: str, c: str, rng: random.Random) -> str:
    """Head of ``a``, middle of ``b``, tail of ``c``: a new paragraph in the corpus's own words."""
    wa, wb, wc = a.split(" "), b.split(" "), c.split(" ")
    head = wa[:_cuts(wa, 0.2, 0.45, rng)]
    b_from = _cuts(wb, 0.2, 0.4, rng)
    middle = wb[b_from:max(b_from + 1, _cuts(wb, 0.55, 0.8, rng))]
    tail = wc[_cuts(wc, 0.55, 0.8, rng):]
    return " ".join(head + middle + tail)


@lru_cache(maxsize=None)
def distinct_paragraphs(count: int, seed: int = 0) -> tuple[str, ...]:
    """``count`` distinct paragraphs: the corpus blocks (seeded order), then spliced ones."""
    rng = random.Random(seed)
    blocks = list(corpus_blocks())
    rng.shuffle(blocks)
    distinct = _Distinct()
    for text in blocks[:count]:
        distinct.add(text)
    attempts = 0
    while len(distinct.texts) < count:
        attempts += 1
        if attempts > 50 * count:
            raise RuntimeError(f"could not make {count} distinct paragraphs")
        a, b, c = rng.sample(blocks, 3)
        text = splice(a, b, c, rng)
        if MIN_CHARS <= len(text) <= MAX_CHARS:
            distinct.add(text)
    return tuple(distinct.texts)


# --- revisions ------------------------------------------------------------------------------


def edit_words(text: str, rng: random.Random, count: int) -> str:
    """Change ``count`` words: a known variant where one fits, else drop, double or replace
    (a filler word); single spaces kept, as in parsed text."""
    words = text.split(" ")
    for position in rng.sample(range(len(words)), min(count, len(words))):
        words[position] = _edited(words[position], rng)
    return " ".join(w for w in words if w)


def _edited(word: str, rng: random.Random) -> str:
    if word in VARIANTS:
        return VARIANTS[word]
    return rng.choice(["", f"{word} {word}", rng.choice(FILLERS)])


def numbered(paragraphs: list[Paragraph]) -> ParsedText:
    """OPs numbered 1..n in order, as every issued version is."""
    number = 0
    for p in paragraphs:
        if p.kind == OPERATIVE:
            number += 1
            p.number = str(number)
        else:
            p.number = None
    assert len(set(paragraph_labels(paragraphs))) == len(paragraphs)
    return ParsedText(paragraphs=paragraphs)


def churn_counts(size: int) -> int:
    """Edits, inserts, deletes and moves of the 15% case, each: 15% of ``size`` in 4 shares."""
    return max(1, int(size * 0.15 / 4))


def build_omnibus_pair(size: int, edit_all: bool = False, seed: int = 0,
                       pool_size: int | None = None, structural: bool = True) -> tuple[ParsedText, ParsedText]:
    """A ``size``-paragraph text of distinct paragraphs and a seeded revision of it.

    A third of the paragraphs are preambular, the rest operative. 15% churn (``edit_all``
    False): ``churn_counts(size)`` paragraphs edited (3 words each), as many deleted, moved and
    inserted. 100% churn (``edit_all``): every paragraph edited (3 words each), and the same
    deletes, moves and inserts. Inserted paragraphs are fresh ones from the pool, not in the
    old text (``structural`` False: none of those, only the edits). OPs are renumbered after. ``pool_size``: draw from a pool of that many distinct
    paragraphs (the largest size of the run), so every size shares one pool and one cost.
    """
    rng = random.Random(seed * 1_000_003 + size * 2 + edit_all)
    per_kind = churn_counts(size) if structural else 0
    pool_size = max(pool_size or size, size)
    pool = distinct_paragraphs(pool_size + churn_counts(pool_size), seed)
    preambular = size // 3
    old = [Paragraph(kind=PREAMBULAR if k < preambular else OPERATIVE, text=text)
           for k, text in enumerate(pool[:size])]
    new = copy.deepcopy(old)
    for p in (new if edit_all else rng.sample(new, churn_counts(size))):
        p.text = edit_words(p.text, rng, count=3)
    for p in rng.sample(new, per_kind):
        new.remove(p)
    for _ in range(per_kind):
        moved = new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new)), moved)
    for text in pool[pool_size:pool_size + per_kind]:
        new.insert(rng.randrange(len(new)), Paragraph(kind=OPERATIVE, text=edit_words(text, rng, count=2)))
    return numbered(old), numbered(new)


def build_draft_pair(seed: int = 0) -> tuple[ParsedText, ParsedText]:
    """Corpus 002 (about 60 paragraphs) and an edited copy: a few words changed in 5
    paragraphs, one OP inserted, one deleted, one moved."""
    rng = random.Random(seed)
    old = parse_corpus(DRAFT).paragraphs
    new = copy.deepcopy(old)
    for p in rng.sample(new, 5):
        p.text = edit_words(p.text, rng, count=3)
    operative = [k for k, p in enumerate(new) if p.kind == OPERATIVE]
    del new[operative[-3]]
    new.insert(operative[2], new.pop(operative[12]))
    new.insert(operative[6], Paragraph(kind=OPERATIVE, text="Requests the Secretary-General to report "
                                       "on the implementation of the present resolution;"))
    return numbered(old), numbered(new)


def build_giant_pair(words: int = 20_000, share: float = 0.15, seed: int = 0) -> tuple[str, str]:
    """One paragraph of about ``words`` words (distinct corpus text joined) and a revision
    with ``share`` of its words edited: replaced, dropped or doubled in equal parts."""
    rng = random.Random(seed)
    text_words: list[str] = []
    for block in corpus_blocks():
        text_words += block.split(" ")
        if len(text_words) >= words:
            break
    text_words = text_words[:words]
    revised = list(text_words)
    for position in rng.sample(range(len(revised)), int(len(revised) * share)):
        word = revised[position]
        revised[position] = rng.choice([VARIANTS.get(word) or rng.choice(FILLERS), "", f"{word} {word}"])
    return " ".join(text_words), " ".join(w for w in revised if w)


def single(text: str) -> ParsedText:
    return ParsedText(paragraphs=[Paragraph(kind=OPERATIVE, text=text, number="1")])


def parse_corpus(name: str) -> ParsedText:
    return parse_text((CORPUS / name).read_text(encoding="utf-8"))


def paris_chain() -> list[tuple[str, ParsedText]]:
    """The four Paris Agreement drafts, oldest first: (date, parsed)."""
    return [(name[-13:-3], parse_corpus(name)) for name in PARIS]


def whole_text(parsed: ParsedText) -> str:
    """The version as one document, as a plain diff would see it (numbers included)."""
    return "\n\n".join(
        f"{p.number}. {p.full_text}" if p.kind == OPERATIVE and p.number else p.full_text
        for p in parsed.paragraphs
    )


def near_copies(texts: list[str]) -> float:
    """Share of paragraphs with another paragraph of the text sharing over half of its
    4-grams: 0 for the pool, high for cyclic repeats (a check printed by the bench)."""
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    grams = [_grams(t) for t in texts]
    for index, own in enumerate(grams):
        for gram in own:
            holders[gram].append(index)
    near = 0
    for index, own in enumerate(grams):
        shared: Counter[int] = Counter()
        for gram in own:
            if len(holders[gram]) <= COMMON_GRAM:
                shared.update(h for h in holders[gram] if h != index)
        near += bool(shared) and shared.most_common(1)[0][1] > SHARED_LIMIT * max(1, len(own))
    return near / max(1, len(texts))
