"""Benchmark: the paragraph redline against diff-match-patch run on the whole texts.

    .venv/bin/python bench/bench_redline.py [--repeats N]

Not a test. Both sides are timed in the same process so the ratios hold on any machine:
(a) a 400-paragraph, ~150 KB omnibus text and a revision with ~15% of its paragraphs edited,
inserted, deleted or moved; (b) a typical 60-paragraph draft (corpus 002) against an edited
copy. The baseline is what a plain diff would do: ``diff_main`` on the two whole texts with
``Diff_Timeout = 0`` (run to completion), then ``diff_cleanupSemantic``.
"""
from __future__ import annotations

import argparse
import copy
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diff_match_patch import diff_match_patch  # noqa: E402

from negotiation.data import corpus_dir  # noqa: E402
from negotiation.text.parse import parse_text  # noqa: E402
from negotiation.text.redline import align, redline  # noqa: E402
from negotiation.text.structure import (  # noqa: E402
    OPERATIVE,
    PREAMBULAR,
    Paragraph,
    ParsedText,
    paragraph_labels,
)

CORPUS = corpus_dir()
_MARKUP = re.compile(r"<sup>.*?</sup>|[*#¹²³⁴⁵⁶⁷⁸⁹⁰]")
VARIANTS = {"Requests": "Also requests", "States": "countries", "important": "essential",
            "relevant": "appropriate", "strengthen": "enhance", "Office": "Secretariat"}


def corpus_blocks(min_chars: int = 120) -> list[str]:
    """Paragraph-sized blocks of the four corpus files, markup and numbering removed."""
    blocks, seen = [], set()
    for path in sorted(CORPUS.glob("*.txt")):
        for raw in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            text = re.sub(r"^\d+\. ", "", re.sub(r"\s+", " ", _MARKUP.sub("", raw)).strip())
            if len(text) > min_chars and text not in seen:
                seen.add(text)
                blocks.append(text)
    return blocks


def build_omnibus_pair(seed: int = 0, size: int = 400, churn: float = 0.15) -> tuple[ParsedText, ParsedText]:
    """A ``size``-paragraph omnibus text built from the corpus and a seeded revision of it.

    A third of the paragraphs are preambular, the rest operative. ``churn`` of them are edited
    (a few words), inserted, deleted or moved, in equal shares; OPs are renumbered after.
    """
    rng = random.Random(seed)
    blocks = corpus_blocks()
    texts = [_vary(blocks[k % len(blocks)], rng, k // len(blocks)) for k in range(size)]
    preambular = size // 3
    old = [
        Paragraph(kind=PREAMBULAR if k < preambular else OPERATIVE, text=text)
        for k, text in enumerate(texts)
    ]
    new = copy.deepcopy(old)
    per_kind = max(1, int(size * churn / 4))
    for p in rng.sample(new, per_kind):
        p.text = _edit_words(p.text, rng, count=3)
    for p in rng.sample(new, per_kind):
        new.remove(p)
    for _ in range(per_kind):
        position = rng.randrange(len(new))
        moved = new.pop(position)
        new.insert(rng.randrange(len(new)), moved)
    for k in range(per_kind):
        text = _edit_words(blocks[-1 - k], rng, count=5)
        new.insert(rng.randrange(len(new)), Paragraph(kind=OPERATIVE, text=text))
    return _numbered(old), _numbered(new)


def build_draft_pair(seed: int = 0) -> tuple[ParsedText, ParsedText]:
    """Corpus 002 (about 60 paragraphs) and an edited copy: a few words changed in 5
    paragraphs, one OP inserted, one deleted, one moved."""
    rng = random.Random(seed)
    old = _parse_corpus("002_780746b198b85f4a.txt").paragraphs
    new = copy.deepcopy(old)
    for p in rng.sample(new, 5):
        p.text = _edit_words(p.text, rng, count=3)
    operative = [k for k, p in enumerate(new) if p.kind == OPERATIVE]
    del new[operative[-3]]
    new.insert(operative[2], new.pop(operative[12]))
    new.insert(operative[6], Paragraph(kind=OPERATIVE, text="Requests the Secretary-General to report "
                                       "on the implementation of the present resolution;"))
    return _numbered(old), _numbered(new)


def whole_text(parsed: ParsedText) -> str:
    """The version as one document, as a plain diff would see it (numbers included)."""
    return "\n\n".join(
        f"{p.number}. {p.full_text}" if p.kind == OPERATIVE else p.full_text
        for p in parsed.paragraphs
    )


def dmp_whole(old: ParsedText, new: ParsedText) -> list:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(whole_text(old), whole_text(new))
    dmp.diff_cleanupSemantic(diffs)
    return diffs


def median_ms(function, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs of the redline")
    parser.add_argument("--baseline-repeats", type=int, default=3, help="runs of the whole-text diff")
    options = parser.parse_args()
    repeats, baseline_repeats = options.repeats, options.baseline_repeats

    omnibus_old, omnibus_new = build_omnibus_pair()
    draft_old, draft_new = build_draft_pair()
    cases = [
        ("omnibus", omnibus_old, omnibus_new),
        ("draft", draft_old, draft_new),
    ]
    print(f"{'case':<8} {'paras':>8} {'KB':>4} {'align ms':>9} {'redline ms':>11} "
          f"{'dmp whole ms':>13} {'ratio':>8}  summary")
    for name, old, new in cases:
        aligning = median_ms(lambda: align(old, new), repeats)
        ours = median_ms(lambda: redline(old, new), repeats)
        baseline = median_ms(lambda: dmp_whole(old, new), baseline_repeats)
        size_kb = len(whole_text(old).encode()) / 1024
        counts = f"{len(old.paragraphs)}/{len(new.paragraphs)}"
        print(f"{name:<8} {counts:>8} {size_kb:>4.0f} {aligning:>9.1f} {ours:>11.1f} {baseline:>13.1f} "
              f"{baseline / ours:>7.0f}x  {redline(old, new).summary.summary_line()}")
    print(f"(medians of {repeats} redline and {baseline_repeats} baseline runs; "
          "targets: omnibus ratio >= 5x, draft redline < 20 ms)")


def _vary(text: str, rng: random.Random, round_: int) -> str:
    """The corpus text itself on the first pass, then with a few words swapped."""
    return _edit_words(text, rng, count=2) if round_ else text


def _edit_words(text: str, rng: random.Random, count: int) -> str:
    """Change ``count`` words: a known variant where one fits, else drop or double a word."""
    words = text.split(" ")
    for position in rng.sample(range(len(words)), min(count, len(words))):
        word = words[position]
        words[position] = VARIANTS.get(word) or rng.choice([f"{word} {word}", "further"])
    return " ".join(words)


def _numbered(paragraphs: list[Paragraph]) -> ParsedText:
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


def _parse_corpus(name: str) -> ParsedText:
    return parse_text((CORPUS / name).read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
