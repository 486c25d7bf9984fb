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
    paths = sorted(CORPUS.glob("*.txt")) + [CORPUS / "paris2015" / "paris-agreement-2015-10-23.md"]
    paths += [CORPUS / "ga80" / "A_RES_80_10.raw-pdf.txt"]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        base = median_ms(lambda: TOKEN_RE.findall(text))
        name = path.name[:3] if path.parent == CORPUS else path.stem[:24]
        rows.append((f"parse_text {name}", len(text), median_ms(lambda: parse_text(text)), base))
        if path.name.startswith("004"):
            rows.append((f"split_report {path.name[:3]}", len(text), median_ms(lambda: split_report(text)), base))
    print(f"{'what':<40} {'chars':>8} {'median ms':>10} {'baseline ms':>12} {'ratio':>7}")
    for name, size, ms, base in rows:
        print(f"{name:<40} {size:>8} {ms:>10.2f} {base:>12.3f} {ms / base:>7.1f}")


if __name__ == "__main__":
    main()
