"""Benchmark: the paragraph redline against a plain competitor and whole-text diff-match-patch.

    .venv/bin/python bench/bench_redline.py [--quick] [--repeats N] [--baseline-repeats N]

Not a test: nothing here asserts a time. Every side is timed in the same process on the same
inputs, so the ratios hold on any machine. Inputs come from ``bench/redline_inputs.py``
(distinct paragraphs drawn and spliced from the whole corpus, seeded revisions).

1. Omnibus texts of 50 .. 6,400 paragraphs, each at 15% churn (edits, inserts, deletes and
   moves in equal shares), 100% churn (every paragraph edited a little, plus the same
   inserts, deletes and moves) and "edits" (every paragraph edited, nothing inserted, deleted
   or moved: the competitor's best case, where pairing by position is right). Three sides:
   - ours: ``redline(old, new)``;
   - competitor: ``difflib.SequenceMatcher`` (autojunk off) on the lists of paragraph texts,
     then for each 'replace' opcode the old and new paragraphs paired by position (zip) and
     diff-match-patch (default settings) + ``diff_cleanupSemantic`` on each pair; equal
     blocks cost nothing, leftovers, inserts and deletes are just emitted;
   - dmp whole: ``diff_main`` on the two whole texts with ``Diff_Timeout = 0`` (run to
     completion), then ``diff_cleanupSemantic``.
2. Growth exponents log(t6400/t400)/log(16) per churn, ours and competitor.
3. The giant paragraph: ~20,000 words, 15% of them edited.
4. The Paris Agreement chain 10-23 -> 12-04 -> 12-09 -> 12-12.
5. The draft case: corpus 002 against an edited copy.

Timing: one run first (in a forked child, stopped at the time limit, when it may be long),
then more runs while they fit a small per-cell budget; the median is printed. The skip rule:
a side is not run at a size once one run at a smaller size took over ``--stop-after`` seconds
("skipped (> 20 s)"), nor when the growth seen so far puts one run over ``--limit`` seconds, or
a run was stopped there ("skipped (> 60 s)").
"""
from __future__ import annotations

import argparse
import difflib
import math
import multiprocessing
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diff_match_patch import diff_match_patch  # noqa: E402

from bench.redline_inputs import (  # noqa: E402
    CHURNS,
    build_draft_pair,
    build_giant_pair,
    churn_counts,
    corpus_blocks,
    distinct_paragraphs,
    near_copies,
    paris_chain,
    single,
    whole_text,
)
from bench.redline_inputs import build_omnibus_pair as omnibus_pair  # noqa: E402
from negotiation.text.redline import align, redline, word_diff  # noqa: E402
from negotiation.text.structure import ParsedText  # noqa: E402

SIZES = (50, 100, 200, 400, 800, 1600, 3200, 6400)
QUICK_SIZES = tuple(s for s in SIZES if s <= 1600)
GROWTH_FROM = 400
IN_PROCESS_UP_TO = 2.0  # seconds: a first run expected to take longer goes to a child


# --- the sides --------------------------------------------------------------------------------


def competitor(old: ParsedText, new: ParsedText) -> list:
    """What a plain tool does: a line diff of the paragraph lists, then diff-match-patch on the
    paragraphs that a 'replace' block pairs by position."""
    old_texts = [p.full_text for p in old.paragraphs]
    new_texts = [p.full_text for p in new.paragraphs]
    dmp = diff_match_patch()
    out: list = []
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("equal", i2 - i1))
            continue
        pairs = list(zip(old_texts[i1:i2], new_texts[j1:j2])) if tag == "replace" else []
        for a, b in pairs:
            diffs = dmp.diff_main(a, b)
            dmp.diff_cleanupSemantic(diffs)
            out.append(("pair", diffs))
        out += [("delete", t) for t in old_texts[i1 + len(pairs):i2]]
        out += [("insert", t) for t in new_texts[j1 + len(pairs):j2]]
    return out


def dmp_whole(old: ParsedText, new: ParsedText) -> list:
    return dmp_chars(whole_text(old), whole_text(new), timeout=0)


def dmp_chars(old_text: str, new_text: str, timeout: float) -> list:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(old_text, new_text)
    dmp.diff_cleanupSemantic(diffs)
    return diffs


# --- kept for bench_compare_page.py ------------------------------------------------------------


def build_omnibus_pair(seed: int = 0, size: int = 400, churn: float = 0.15) -> tuple[ParsedText, ParsedText]:
    """The omnibus pair with the old signature: ``churn`` 0.15 (default) or 1.0 (every
    paragraph edited); see ``redline_inputs.build_omnibus_pair``."""
    return omnibus_pair(size, edit_all=churn >= 1.0, seed=seed)


def median_ms(function, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


# --- timing with the skip rule ----------------------------------------------------------------


@dataclass
class Limits:
    stop_after: float  # s: one run over this, and bigger sizes are not run
    limit: float  # s: a run is stopped here; a run expected over it is not started
    cell_budget: float  # s: more runs while they fit, up to the repeats asked


@dataclass
class Cell:
    ms: float | None = None
    skipped: str = ""
    runs: int = 0
    note: object = None  # what ``describe`` said of the result

    def text(self, width: int = 10) -> str:
        return f"{self.skipped:>{width}}" if self.ms is None else f"{self.ms:>{width},.1f}"


class Series:
    """One side at one churn across growing sizes: remembers its times for the skip rule."""

    def __init__(self, limits: Limits, repeats: int) -> None:
        self.limits, self.repeats = limits, repeats
        self.seen: list[tuple[int, float]] = []  # (size, seconds of the first run)
        self.stopped = ""

    def estimate(self, size: int) -> float | None:
        """Seconds for one run at ``size``, from the growth seen so far (at least linear,
        quadratic while only one size is known)."""
        if not self.seen:
            return None
        s1, t1 = self.seen[-1]
        exponent = 2.0
        if len(self.seen) > 1:
            s0, t0 = self.seen[-2]
            exponent = max(1.0, math.log(max(t1, 1e-6) / max(t0, 1e-6)) / math.log(s1 / s0))
        return t1 * (size / s1) ** exponent

    def measure(self, size: int, function, describe=None, limit: float | None = None) -> Cell:
        if self.stopped:
            return Cell(skipped=self.stopped)
        limit = limit or self.limits.limit
        expected = self.estimate(size)
        if expected is not None and expected > limit:
            self.stopped = f"skipped (> {limit:g} s)"
            return Cell(skipped=self.stopped)
        if expected is None or expected > IN_PROCESS_UP_TO:
            first = run_in_child(function, limit, describe)
            if first is None:
                self.stopped = f"skipped (> {limit:g} s)"
                return Cell(skipped=self.stopped)
            seconds, note = first
        else:
            seconds, note = run_here(function, describe)
        self.seen.append((size, seconds))
        if seconds > self.limits.stop_after:
            self.stopped = f"skipped (> {self.limits.stop_after:g} s)"
        timings = [seconds]
        more = min(self.repeats - 1, int(self.limits.cell_budget / max(seconds, 1e-6)))
        for _ in range(more):
            timings.append(run_here(function)[0])
        return Cell(ms=statistics.median(timings) * 1000, runs=len(timings), note=note)


def run_here(function, describe=None) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    return seconds, describe(result) if describe else None


def _child(function, describe, sender) -> None:
    sender.send(run_here(function, describe))
    sender.close()


def run_in_child(function, limit: float, describe=None) -> tuple[float, object] | None:
    """One timed run in a forked child; None when it is still running after ``limit`` s (the
    child is then stopped)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, describe, sender))
    process.start()
    sender.close()
    try:
        if not receiver.poll(limit):
            return None
        try:
            return receiver.recv()
        except EOFError:
            raise RuntimeError("the timed run failed in its child process (traceback above)") from None
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        receiver.close()


# --- sections ---------------------------------------------------------------------------------


def ratio(a: Cell, b: Cell, width: int = 9) -> str:
    if a.ms is None or b.ms is None or b.ms == 0:
        return f"{'-':>{width}}"
    return f"{a.ms / b.ms:>{width - 1}.2f}x"


def omnibus(sizes: tuple[int, ...], limits: Limits, repeats: int, baseline_repeats: int) -> dict:
    """The size x churn table; returns {(churn, side): {size: Cell}} for the growth figures."""
    results: dict = {}
    biggest = max(sizes)
    pool = distinct_paragraphs(biggest + churn_counts(biggest))
    spliced = len(pool) - min(len(pool), len(corpus_blocks()))
    print(f"Generator: {len(pool):,} distinct paragraphs ({len(pool) - spliced:,} corpus blocks, "
          f"{spliced:,} spliced from three blocks each); paragraphs of the {biggest:,}-paragraph text "
          f"with a near copy (> half of its 4-grams shared with one other): "
          f"{near_copies(list(pool[:biggest])):.1%}")
    print()
    header = (f"{'size':>5} {'churn':>5} {'paras':>11} {'KB':>6} {'ours ms':>17} {'comp ms':>17} "
              f"{'ours/comp':>9} {'dmp-whole ms':>17} {'dmp/ours':>9}")
    print(header)
    print("-" * len(header))
    for churn, (edit_all, structural) in CHURNS.items():
        series = {"ours": Series(limits, repeats), "comp": Series(limits, baseline_repeats),
                  "dmp": Series(limits, baseline_repeats)}
        for size in sizes:
            old, new = omnibus_pair(size, edit_all, pool_size=biggest, structural=structural)
            cells = {
                "ours": series["ours"].measure(size, lambda: redline(old, new)),
                "comp": series["comp"].measure(size, lambda: competitor(old, new)),
                "dmp": series["dmp"].measure(size, lambda: dmp_whole(old, new)),
            }
            for side, cell in cells.items():
                results.setdefault((churn, side), {})[size] = cell
            counts = f"{len(old.paragraphs)}/{len(new.paragraphs)}"
            kb = len(whole_text(old).encode()) / 1024
            print(f"{size:>5} {churn:>5} {counts:>11} {kb:>6.0f} {cells['ours'].text(17)} {cells['comp'].text(17)} "
                  f"{ratio(cells['ours'], cells['comp'])} {cells['dmp'].text(17)} {ratio(cells['dmp'], cells['ours'])}",
                  flush=True)
    return results


def growth(results: dict, sizes: tuple[int, ...]) -> None:
    top = max(sizes)
    print(f"\nGrowth exponents log(t{top}/t{GROWTH_FROM})/log({top // GROWTH_FROM}) "
          "(1 = linear, 2 = quadratic; target: ours <= 1.3)")
    for churn in CHURNS:
        parts = []
        for side, name in (("ours", "ours"), ("comp", "competitor")):
            parts.append(f"{name} {_exponent(results[(churn, side)], top)}")
        print(f"  {churn:>5}: " + "; ".join(parts))
    for churn in ("100%", "edits"):
        ours = results[(churn, "ours")][top]
        comp = results[(churn, "comp")][top]
        print(f"Ours/competitor at {top:,} paragraphs, {churn} churn (target < 10x): ", end="")
        if ours.ms is not None and comp.ms is not None:
            print(f"{ours.ms / comp.ms:.2f}x")
        elif ours.ms is not None:
            measured = [(s, c.ms) for s, c in results[(churn, "comp")].items() if c.ms is not None]
            if measured:
                size, ms = max(measured)
                print(f"competitor {comp.skipped}; at most {ours.ms / ms:.2f}x (the competitor at {top:,} "
                      f"takes at least its {ms / 1000:.1f} s at {size:,})")
            else:
                print(f"competitor {comp.skipped}")
        else:
            print(f"n/a (ours {ours.skipped})")


def _exponent(cells: dict, top: int) -> str:
    base = cells.get(GROWTH_FROM)
    if base is None or base.ms is None:
        return "n/a"
    if cells[top].ms is not None:
        return f"{math.log(cells[top].ms / base.ms) / math.log(top / GROWTH_FROM):.2f}"
    measured = [s for s, c in cells.items() if c.ms is not None and s > GROWTH_FROM]
    if not measured:
        return f"n/a ({top:,}: {cells[top].skipped})"
    widest = max(measured)
    value = math.log(cells[widest].ms / base.ms) / math.log(widest / GROWTH_FROM)
    return f"n/a ({top:,}: {cells[top].skipped}); {GROWTH_FROM}->{widest:,}: {value:.2f}"


def giant(limits: Limits, repeats: int, baseline_repeats: int) -> None:
    old_text, new_text = build_giant_pair()
    old, new = single(old_text), single(new_text)
    print(f"\nThe giant paragraph: {len(old_text.split()):,} words ({len(old_text) / 1024:.0f} KB), "
          f"revision with 15% of its words replaced, dropped or doubled ({len(new_text.split()):,} words)")
    old_words, new_words = old_text.split(" "), new_text.split(" ")
    sides = [
        ("ours: word_diff", repeats, None, lambda: word_diff(old_text, new_text), _segments_kept),
        ("ours: redline (1 paragraph each)", repeats, None, lambda: redline(old, new), _redline_kept),
        ("dmp chars, Diff_Timeout=1.0 (default)", baseline_repeats, None,
         lambda: dmp_chars(old_text, new_text, timeout=1.0), _segments_kept),
        ("dmp chars, Diff_Timeout=0", baseline_repeats, limits.stop_after,
         lambda: dmp_chars(old_text, new_text, timeout=0), _segments_kept),
        ("SequenceMatcher words (autojunk default)", baseline_repeats, None,
         lambda: difflib.SequenceMatcher(None, old_words, new_words).get_opcodes(), _opcodes_kept(old_words)),
        ("SequenceMatcher words, autojunk=False", baseline_repeats, None,
         lambda: difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes(),
         _opcodes_kept(old_words)),
    ]
    print(f"{'side':<42} {'ms':>17} {'vs word_diff':>12} {'old text kept as equal':>23}")
    cells = []
    for name, runs, limit, function, describe in sides:
        cell = Series(limits, runs).measure(1, function, describe, limit=limit)
        cells.append(cell)
        kept = f"{cell.note:.1%}" if cell.note is not None else "-"
        print(f"{name:<42} {cell.text(17)} {ratio(cell, cells[0], 12)} {kept:>23}", flush=True)
    print("(kept as equal: share of the old text, characters or words, that the diff leaves unmarked; "
          "about 85% of the words are untouched)")


def _segments_kept(segments) -> float:
    total = sum(len(text) for op, text in segments if op <= 0)
    return sum(len(text) for op, text in segments if op == 0) / max(1, total)


def _redline_kept(result) -> float:
    return _segments_kept([s for row in result.rows for s in row.segments])


def _opcodes_kept(old_words: list[str]):
    return lambda opcodes: sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal") / max(1, len(old_words))


def paris(limits: Limits, repeats: int, baseline_repeats: int) -> None:
    chain = paris_chain()
    print("\nThe Paris Agreement chain (each draft parsed with parse_text)")
    print(f"{'pair':<23} {'paras':>8} {'KB':>4} {'ours ms':>10} {'comp ms':>10} {'ours/comp':>9} "
          f"{'dmp-whole ms':>17} {'dmp/ours':>9}  summary")
    pairs = list(zip(chain, chain[1:]))
    sides = {"ours": Series(limits, repeats), "comp": Series(limits, baseline_repeats),
             "dmp": Series(limits, baseline_repeats)}
    cells: dict[int, dict[str, Cell]] = {}
    # Smallest pair first, so the skip rule spares the bigger ones a run it would stop.
    by_size = sorted(range(len(pairs)), key=lambda k: _chars(*pairs[k]))
    for k in by_size:
        (_, old), (_, new) = pairs[k]
        size = _chars(*pairs[k])
        cells[k] = {
            "ours": sides["ours"].measure(size, lambda: redline(old, new), lambda r: r.summary.summary_line()),
            "comp": sides["comp"].measure(size, lambda: competitor(old, new)),
            "dmp": sides["dmp"].measure(size, lambda: dmp_whole(old, new)),
        }
    for k, ((old_name, old), (new_name, new)) in enumerate(pairs):
        ours, comp, dmp = cells[k]["ours"], cells[k]["comp"], cells[k]["dmp"]
        counts = f"{len(old.paragraphs)}/{len(new.paragraphs)}"
        kb = len(whole_text(old).encode()) / 1024
        print(f"{old_name + ' -> ' + new_name:<23} {counts:>8} {kb:>4.0f} {ours.text()} {comp.text()} "
              f"{ratio(ours, comp)} {dmp.text(17)} {ratio(dmp, ours)}  {ours.note or '-'}")


def _chars(old_side: tuple[str, ParsedText], new_side: tuple[str, ParsedText]) -> int:
    return len(whole_text(old_side[1])) + len(whole_text(new_side[1]))


def draft(limits: Limits, repeats: int, baseline_repeats: int) -> None:
    old, new = build_draft_pair()
    aligning = Series(limits, repeats).measure(1, lambda: align(old, new))
    ours = Series(limits, repeats).measure(1, lambda: redline(old, new), lambda r: r.summary.summary_line())
    comp = Series(limits, baseline_repeats).measure(1, lambda: competitor(old, new))
    dmp = Series(limits, baseline_repeats).measure(1, lambda: dmp_whole(old, new))
    counts = f"{len(old.paragraphs)}/{len(new.paragraphs)}"
    print("\nThe draft: corpus 002 against an edited copy (target: redline < 20 ms)")
    print(f"{'paras':>8} {'KB':>4} {'align ms':>10} {'ours ms':>10} {'comp ms':>10} {'dmp-whole ms':>13} "
          f"{'dmp/ours':>9}  summary")
    print(f"{counts:>8} {len(whole_text(old).encode()) / 1024:>4.0f} {aligning.text()} {ours.text()} "
          f"{comp.text()} {dmp.text(13)} {ratio(dmp, ours)}  {ours.note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: sizes up to 1,600, one run each, limits 2 s / 5 s")
    parser.add_argument("--repeats", type=int, default=7, help="most runs of ours per cell")
    parser.add_argument("--baseline-repeats", type=int, default=3, help="most runs of a baseline per cell")
    parser.add_argument("--stop-after", type=float, default=None,
                        help="s: once one run takes longer, bigger sizes of that side are skipped (20; quick 2)")
    parser.add_argument("--limit", type=float, default=None,
                        help="s: a run is stopped, or not started when expected to take longer (60; quick 5)")
    parser.add_argument("--cell-budget", type=float, default=1.5, help="s: more runs per cell while they fit")
    options = parser.parse_args()
    sizes = QUICK_SIZES if options.quick else SIZES
    repeats = 1 if options.quick else options.repeats
    baseline_repeats = 1 if options.quick else options.baseline_repeats
    limits = Limits(
        stop_after=options.stop_after or (2.0 if options.quick else 20.0),
        limit=options.limit or (5.0 if options.quick else 60.0),
        cell_budget=options.cell_budget,
    )
    started = time.perf_counter()
    results = omnibus(sizes, limits, repeats, baseline_repeats)
    growth(results, sizes)
    giant(limits, repeats, baseline_repeats)
    paris(limits, repeats, baseline_repeats)
    draft(limits, repeats, baseline_repeats)
    print(f"\n(medians of up to {repeats} runs of ours and {baseline_repeats} of each baseline per cell, fewer "
          f"where one run is long; skip rule: {limits.stop_after:g} s / {limits.limit:g} s; "
          f"whole bench {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
