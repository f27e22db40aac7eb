"""How long building the whole catalog takes: cold (new process, imports included) and warm.

Run: python benchmarks/bench_catalog.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD = (
    "import time; t = time.perf_counter(); from catalog.build import build_catalog; c = build_catalog(); "
    "print(time.perf_counter() - t, sum(len(c.table(k)) for k in ('api','finetune','gpu','spec','model','usecase')))"
)


def main() -> None:
    colds = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True)
        seconds, records = out.stdout.split()
        colds.append(float(seconds))
    from catalog.build import build_catalog

    build_catalog()
    warms = []
    for _ in range(5):
        t = time.perf_counter()
        build_catalog()
        warms.append(time.perf_counter() - t)
    cold, warm = statistics.median(colds), statistics.median(warms)
    print(f"records: {records}")
    print(f"cold build (new process, imports included): {cold * 1000:.0f} ms (median of 3)")
    print(f"warm build (modules imported):              {warm * 1000:.0f} ms (median of 5)")
    print(f"warm / cold: {warm / cold:.2f}")


if __name__ == "__main__":
    main()
