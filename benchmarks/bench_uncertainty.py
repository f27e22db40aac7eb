"""Monte Carlo cost: 6 options x 2,000 draws (P10/P50/P90, bands at 241 volumes, the tornado),
and the Compare page rerun with bands on against the same page with them off, in one run.
Target: the simulation under 150 ms so the Compare page stays interactive.

Run: python benchmarks/bench_uncertainty.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.build import build_catalog  # noqa: E402
from catalog.engine.estimate import estimate  # noqa: E402
from catalog.engine.scenario import parse_scenario  # noqa: E402
from catalog.engine.uncertainty import default_ranges  # noqa: E402
from dashboard.scenario_state import default_scenario  # noqa: E402


def six_options(catalog) -> dict:
    data = default_scenario(catalog)
    data["options"] += [
        {"name": "Self-host Qwen3 8B on L40S", "kind": "self_hosted", "model": "Qwen/Qwen3-8B",
         "gpu_offer": sorted(k for k, g in catalog.gpus.items() if g.gpu == "L40S")[0], "method": "qlora"},
        {"name": "Vendor quote", "kind": "fixed", "upfront_usd": 5000, "monthly_usd": 900},
    ]
    data["ranges"] = default_ranges(data)
    return data


def best_of(runs: int, function) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        function()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def rerun(at, runs: int = 10) -> float:
    times = []
    for i in range(runs):
        widget = at.number_input(key="w.requests_per_month")
        t = time.perf_counter()
        widget.set_value(100_000.0 + i * 1000).run()
        times.append(time.perf_counter() - t)
        assert not at.exception, at.exception
    return statistics.median(times[2:])


def main() -> None:
    catalog = build_catalog()
    scenario = parse_scenario(six_options(catalog))
    point = scenario.model_copy(update={"ranges": {}})
    estimate(scenario, catalog)
    with_mc = best_of(7, lambda: estimate(scenario, catalog))
    without = best_of(7, lambda: estimate(point, catalog))
    print(f"6 options x {scenario.draws:,} draws, {len(scenario.ranges)} ranged inputs:")
    print(f"  estimate with Monte Carlo, bands and tornado: best {with_mc[0] * 1000:6.1f} ms, median {with_mc[1] * 1000:6.1f} ms (target < 150 ms)")
    print(f"  the same estimate without ranges:             best {without[0] * 1000:6.1f} ms")
    print(f"  simulation cost: {(with_mc[0] - without[0]) * 1000:.1f} ms")

    from streamlit.testing.v1 import AppTest

    off = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    on = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    on.toggle(key="bands").set_value(True).run()
    page_off, page_on = rerun(off), rerun(on)
    print(f"Compare rerun after a volume change, bands off: {page_off * 1000:6.1f} ms")
    print(f"Compare rerun after a volume change, bands on:  {page_on * 1000:6.1f} ms  (ratio {page_on / page_off:.2f})")


if __name__ == "__main__":
    main()
