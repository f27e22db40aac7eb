"""Compare page cost against its rendering floor, measured in one run, interleaved, medians.

Rerun: the real Compare page (AppTest, full catalog) after a volume change, against the floor:
a script that draws the page's own results (verdict, both charts, the tornado with bands on,
the table, its CSV, warnings, details: `compare_view.show_results`) from estimates computed
before timing starts. The workload editors and the results are one fragment, so a browser asks
for that fragment alone when the volume changes; AppTest always reruns the whole page, so the
page's reruns here are sent as the browser sends them (`tests/dashboard/fragment_reruns.py`).
The page pays for the engine and the workload's editors on top; the goal is page <= 1.5x floor
with bands off and <= 2x with bands on. A whole-page rerun (what an edit of an option card
costs: every editor is drawn again, ~40 widgets) is reported too, against the same floor, with
no goal of its own: it is printed so that it is seen. Steps alternate
page, floor, page, floor... so load on the machine hits both alike; each volume is new, so the
page's estimate cache never answers a timed step. Wall time and this process's CPU time are
both reported: on a machine other work keeps busy, the CPU ratio is the steadier one (it leaves
out waiting for a core).

First render: a real `streamlit run` server per app and Debian's Chromium, navigation until
the cost chart is drawn, against the same for a one-chart app; fresh browser contexts,
alternating, medians. Goal <= 1.5x. One render varies by 20% or more on a two-core machine
(the two servers and Chromium share it, and the machine's speed drifts), hence fifteen of each
by default, and the spread of the render-by-render ratios is printed beside the ratio.

Run: python benchmarks/bench_compare.py [--runs N] [--renders N]
"""

from __future__ import annotations

import argparse
import contextlib
import pickle
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from catalog.build import build_catalog  # noqa: E402
from catalog.engine.estimate import estimate  # noqa: E402
from catalog.engine.results import EstimateResult  # noqa: E402
from catalog.engine.scenario import parse_scenario  # noqa: E402
from dashboard import scenario_state as ss  # noqa: E402
from dashboard.compare_view import RESULTS  # noqa: E402
from tests.dashboard.fragment_reruns import scoped_to  # noqa: E402

VOLUME = "w:workload.requests_per_month"
FLOOR = textwrap.dedent(
    """
    import pickle, streamlit as st
    from dashboard import compare_view
    from dashboard.data import get_catalog

    @st.cache_resource
    def precomputed():
        with open({path!r}, "rb") as f:
            return pickle.load(f)

    st.number_input("Requests per month", key={key!r}, value=100000.0)
    results = precomputed()
    volume = st.session_state[{key!r}]
    compare_view.show_results(results.get(volume, results[100000.0]), get_catalog())
    """
)
ONE_CHART = textwrap.dedent(
    """
    import plotly.graph_objects as go, streamlit as st
    st.title("One chart")
    st.plotly_chart(go.Figure(data=[{"type": "scatter", "x": [1, 2, 3], "y": [1, 3, 2]}]))
    """
)


def volumes(runs: int, start: float) -> list[float]:
    return [start + 1000.0 * i for i in range(runs)]


def precompute(scenario: dict, values: list[float], catalog) -> dict[float, EstimateResult]:
    out = {}
    for v in [100000.0, *values]:
        s = ss.edit(scenario, "workload.requests_per_month", v, catalog)
        out[v] = estimate(parse_scenario(s), catalog)
    return out


def step(at: AppTest, value: float, fragment: str | None = None) -> tuple[float, float]:
    """One rerun (scoped to `fragment` when given, as the browser scopes it): its wall time, and
    the CPU time this process spent on it (the script runs in a thread here; CPU time leaves out
    the waits for a core that other work on a busy machine causes)."""
    widget = at.number_input(key=VOLUME)
    with scoped_to(at, fragment) if fragment else contextlib.nullcontext():
        wall, cpu = time.perf_counter(), time.process_time()
        widget.set_value(value).run()
        elapsed = time.perf_counter() - wall, time.process_time() - cpu
    assert not at.exception, at.exception
    if fragment:
        assert not at.button, "the rerun was scoped: the option cards' buttons were not drawn again"
    return elapsed


Timing = tuple[float, float, float, float]
"""Medians of page wall, floor wall, page CPU, floor CPU (seconds)."""


def interleaved(page: AppTest, floor: AppTest, values: list[float], fragment: str | None) -> Timing:
    """Page, floor, page, floor...: load on the machine hits both alike. The first two steps of
    each warm up (imports, caches) and are not counted."""
    page_times, floor_times = [], []
    for value in values:
        page_times.append(step(page, value, fragment))
        floor_times.append(step(floor, value))
    return (
        statistics.median(t[0] for t in page_times[2:]),
        statistics.median(t[0] for t in floor_times[2:]),
        statistics.median(t[1] for t in page_times[2:]),
        statistics.median(t[1] for t in floor_times[2:]),
    )


def report(what: str, timing: Timing, goal: float | None) -> str:
    page, floor, page_cpu, floor_cpu = timing
    return (
        f"{what}: page {page * 1000:6.1f} ms, floor {floor * 1000:6.1f} ms, ratio {page / floor:5.2f};"
        f" CPU page {page_cpu * 1000:6.1f} ms, floor {floor_cpu * 1000:6.1f} ms, ratio {page_cpu / floor_cpu:5.2f}"
        + (f" (goal <= {goal})" if goal else " (no goal: reported so that it is seen)")
    )


def rerun_ratio(bands: bool, runs: int, tmp: Path, catalog, fragment: str | None = RESULTS) -> Timing:
    page = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    if bands:
        page.toggle(key="w:bands").set_value(True).run()
    scenario = ss.decode(page.query_params["s"])
    start = (200_000.0 if bands else 300_000.0) + (0 if fragment else 50_000.0)
    values = volumes(runs, start)
    data = tmp / f"results-{bands}-{fragment}.pkl"
    data.write_bytes(pickle.dumps(precompute(scenario, values, catalog)))
    script = tmp / f"floor_{int(bands)}.py"
    script.write_text(FLOOR.format(path=str(data), key=VOLUME))
    floor = AppTest.from_file(str(script), default_timeout=120).run()
    assert not floor.exception, floor.exception
    return interleaved(page, floor, values, fragment)


def first_renders(renders: int, tmp: Path) -> tuple[list[float], list[float]]:
    """Seconds to the drawn cost chart, Compare's and the one-chart app's, render by render."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

    one_chart_dir = tmp / "one_chart"
    one_chart_dir.mkdir()
    (one_chart_dir / "streamlit_app.py").write_text(ONE_CHART)
    times: dict[str, list[float]] = {"compare": [], "one": []}
    with streamlit_server(ROOT) as compare_url, streamlit_server(one_chart_dir) as one_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(renders + 1):
            for name, url in (("compare", compare_url), ("one", one_url)):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                t = time.perf_counter()
                page.goto(url)
                page.wait_for_function(
                    "() => { const p = document.querySelector('.js-plotly-plot');"
                    " return p && p.querySelector('.main-svg'); }",
                    timeout=120_000,
                )
                elapsed = time.perf_counter() - t
                if i:  # the first pair warms both servers (catalog built, caches filled)
                    times[name].append(elapsed)
                context.close()
        browser.close()
    return times["compare"], times["one"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=14, help="timed reruns per app and setting")
    parser.add_argument(
        "--renders",
        type=int,
        default=15,
        help="timed first renders per app (0: skip them); one render varies by 20%% or more here",
    )
    args = parser.parse_args()
    catalog = build_catalog()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        print(
            report("rerun after a volume change, bands off", rerun_ratio(False, args.runs, tmp, catalog), 1.5),
            flush=True,
        )
        print(
            report("rerun after a volume change, bands on ", rerun_ratio(True, args.runs, tmp, catalog), 2.0),
            flush=True,
        )
        whole = rerun_ratio(False, args.runs, tmp, catalog, fragment=None)
        print(report("whole-page rerun (an option edit), bands off", whole, None), flush=True)
        if not args.renders:
            return
        compares, ones = first_renders(args.renders, tmp)
        compare, one = statistics.median(compares), statistics.median(ones)
        pairs = sorted(c / o for c, o in zip(compares, ones, strict=True))
        print(
            f"first render in Chromium until the cost chart is drawn: Compare {compare:5.2f} s, one-chart app {one:5.2f} s,"
            f" ratio {compare / one:5.2f} (goal <= 1.5); render by render {pairs[0]:.2f}–{pairs[-1]:.2f},"
            f" middle half {pairs[len(pairs) // 4]:.2f}–{pairs[(3 * len(pairs)) // 4]:.2f}"
        )


if __name__ == "__main__":
    main()
