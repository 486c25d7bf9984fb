"""Benchmark parse_text and split_report on the corpus against a tokenising baseline.

Run: .venv/bin/python bench/bench_parse.py  (no Django needed)

The baseline, measured in the same run on the same text, is one pass of
``re.findall(r"\\w+", text)``: the cost of merely tokenising the text once. The ratio says
how many such passes the parser costs, which is stable across machines.
"""
import re
import statistics
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from negotiation.data import corpus_dir  # noqa: E402
from negotiation.text.parse import parse_text  # noqa: E402
from negotiation.text.split_report import split_report  # noqa: E402

CORPUS = corpus_dir()
TOKEN_RE = re.compile(r"\w+")


def median_ms(func, repeat=15, number=None) -> float:
    timer = timeit.Timer(func)
    if number is None:
        number, _ = timer.autorange()
        number = max(1, number // 5)
    runs = timer.repeat(repeat=repeat, number=number)
    return statistics.median(runs) / number * 1000


def main() -> None:
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        base = median_ms(lambda: TOKEN_RE.findall(text))
        rows.append((f"parse_text {path.name[:3]}", len(text), median_ms(lambda: parse_text(text)), base))
        if path.name.startswith("004"):
            rows.append((f"split_report {path.name[:3]}", len(text), median_ms(lambda: split_report(text)), base))
    print(f"{'what':<18} {'chars':>8} {'median ms':>10} {'baseline ms':>12} {'ratio':>7}")
    for name, size, ms, base in rows:
        print(f"{name:<18} {size:>8} {ms:>10.2f} {base:>12.3f} {ms / base:>7.1f}")


if __name__ == "__main__":
    main()
