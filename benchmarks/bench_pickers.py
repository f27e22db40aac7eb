"""Compare's catalog pickers at any catalog size: what they send, and what a rerun costs.

The same Compare page (AppTest, the app as served) with today's catalog and with 100,000 more
API prices from synthetic plugins (bench_pages' five plugins of 20,000), in one run:
1. options and bytes the option cards' select boxes send (picks and provider filters), with
   no search and with a search kept, beside what one select box of every API model would send;
2. the rerun time with a search kept, interleaved in blocks, each block's untimed first runs
   building its catalog's picker entries once; medians. Target: roughly constant (ratio near 1).

Run: python benchmarks/bench_pickers.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import SYNTHETIC_PER_PLUGIN, SYNTHETIC_PLUGINS, Synthetic  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

SEARCH = "claude"


def compare_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    at.session_state["pick.filter:options.0.model"] = True  # one card's provider filter drawn: its bytes count
    at.run()
    assert not at.exception, at.exception
    return at


def sent(at: AppTest) -> tuple[int, int]:
    """Options and serialized bytes of every select box on the option cards."""
    boxes = [b for b in at.selectbox if b.key and b.key.startswith(("w:options.", "pick.w.provider:"))]
    return sum(len(b.options) for b in boxes), sum(len(b.proto.SerializeToString()) for b in boxes)


def main() -> None:
    import dashboard.compare_view
    import dashboard.data
    from catalog.build import build_catalog
    from catalog.plugins import pm

    small = build_catalog()
    for i in range(SYNTHETIC_PLUGINS):
        pm.register(Synthetic(i, SYNTHETIC_PER_PLUGIN), name=f"synthetic{i}")
    try:
        big = build_catalog()
    finally:
        for i in range(SYNTHETIC_PLUGINS):
            pm.unregister(name=f"synthetic{i}")
    added = len(big.api) - len(small.api)
    chosen: dict[str, Any] = {}
    dashboard.data.get_catalog = dashboard.compare_view.get_catalog = lambda: chosen["catalog"]
    print(f"Compare's pickers, today's catalog ({len(small.api):,} API prices) vs +{added:,}:")
    print("1. Sent by the option cards' select boxes (options, bytes):")
    for which, catalog in (("today", small), (f"+{added:,}", big)):
        chosen["catalog"] = catalog
        at = compare_app()
        plain = sent(at)
        at.text_input(key="pick.find:options.0.model").input(SEARCH).run()
        searched = sent(at)
        every = sum(len(key) + 2 for key in catalog.api)  # one select box of every API model id, ids alone
        print(
            f"   {which:9s} no search {plain[0]:4d} options {plain[1]:8,d} B   search '{SEARCH}' {searched[0]:4d} options "
            f"{searched[1]:8,d} B   (one box of every model id: {len(catalog.api):,} options, >= {every:,} B)"
        )
    times: dict[str, list[float]] = {"today": [], "big": []}
    for _block in range(4):
        for which, catalog in (("today", small), ("big", big)):
            chosen["catalog"] = catalog
            at = compare_app()
            at.text_input(key="pick.find:options.0.model").input(SEARCH).run()
            for _ in range(5):
                started = time.perf_counter()
                at.run()
                times[which].append(time.perf_counter() - started)
                assert not at.exception, at.exception
    today, big_s = statistics.median(times["today"]), statistics.median(times["big"])
    print(
        f"2. Rerun with a search kept, medians of 20: today {today * 1000:7.1f} ms   +{added:,} {big_s * 1000:7.1f} ms   "
        f"ratio {big_s / today:5.2f}  (target: roughly 1)"
    )


if __name__ == "__main__":
    main()
