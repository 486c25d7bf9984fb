"""Run every benchmark in turn (`make bench`). Each prints ratios against a baseline it
measures itself, in the same run, so figures compare across machines."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("bench_parse.py", "bench_redline.py", "bench_compare_page.py"):
    print(f"\n== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
