"""What the uncertainty bands cost, in one run, interleaved, medians.

1. The engine: 6 options x 2,000 draws (P10/P50/P90, bands at 241 volumes, the tornado) against
   the same estimate without ranges, calls alternating.
2. The Compare page with bands on, rerun after a volume change, against its floor: the page's
   own results (verdict, charts, tornado, table) replayed from estimates computed before timing
   (bench_compare's method). Goal: <= 2x the floor.

Run: python benchmarks/bench_uncertainty.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_compare import report, rerun_ratio  # noqa: E402

from catalog.build import build_catalog  # noqa: E402
from catalog.engine.estimate import estimate  # noqa: E402
from catalog.engine.scenario import parse_scenario  # noqa: E402
from catalog.engine.uncertainty import default_ranges  # noqa: E402
from dashboard.scenario_state import default_scenario  # noqa: E402


def six_options(catalog) -> dict:
    data = default_scenario(catalog)
    data["options"] += [
        {
            "name": "Self-host Qwen3 8B on L40S",
            "kind": "self_hosted",
            "model": "Qwen/Qwen3-8B",
            "gpu_offer": min(k for k, g in catalog.gpus.items() if g.gpu == "L40S"),
            "method": "qlora",
        },
        {"name": "Vendor quote", "kind": "fixed", "upfront_usd": 5000, "monthly_usd": 900},
    ]
    data["ranges"] = default_ranges(data)
    return data


def engine_times(catalog, runs: int) -> tuple[float, float, int, int]:
    scenario = parse_scenario(six_options(catalog))
    point = scenario.model_copy(update={"ranges": {}})
    estimate(scenario, catalog)
    with_mc: list[float] = []
    without: list[float] = []
    for _ in range(runs):
        for target, times in ((scenario, with_mc), (point, without)):
            t = time.perf_counter()
            estimate(target, catalog)
            times.append(time.perf_counter() - t)
    return statistics.median(with_mc), statistics.median(without), scenario.draws, len(scenario.ranges)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    catalog = build_catalog()
    with_mc, without, draws, ranged = engine_times(catalog, args.runs)
    print(
        f"estimate, 6 options x {draws:,} draws, {ranged} ranged inputs: {with_mc * 1000:6.1f} ms; "
        f"without ranges {without * 1000:6.1f} ms; simulation {(with_mc - without) * 1000:6.1f} ms (medians)"
    )
    with tempfile.TemporaryDirectory() as folder:
        print(
            report(
                "Compare rerun after a volume change, bands on",
                rerun_ratio(True, args.runs, Path(folder), catalog),
                2.0,
            )
        )


if __name__ == "__main__":
    main()
