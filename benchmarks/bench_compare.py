"""Compare page cost per rerun, against the rendering floor, measured in one run.

1. The real Compare page (full catalog) rerun after one input change (the volume).
2. The same page drawing the same charts, table and widgets from a precomputed estimate
   (the engine call replaced by a lookup): the rendering floor.
3. A script drawing only the two charts and the table from precomputed data, and
4. a bare one-widget script, for scale.
The target is (1) <= 1.5 x (2). Then a real `streamlit run` server with Debian's Chromium:
first page render time, against a bare one-widget app's, and the server's resident memory.

Run: python benchmarks/bench_compare.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

VOLUMES = [100_000.0, 2_000_000.0]


def rerun_times(at: AppTest, key: str, runs: int = 12) -> float:
    times = []
    for i in range(runs):
        widget = at.number_input(key=key)
        t = time.perf_counter()
        widget.set_value(VOLUMES[i % 2] + i).run()
        times.append(time.perf_counter() - t)
        assert not at.exception, at.exception
    return statistics.median(times[2:])


FLOOR = textwrap.dedent(
    """
    import json, streamlit as st
    from dashboard import figures
    result = json.load(open({path!r}))
    st.number_input("Requests per month", key="w.requests_per_month", value=100000.0)
    names = [o["name"] for o in result["options"]]
    st.success("Recommended: " + str(result["recommendation"]["option"]))
    left, right = st.columns(2)
    left.plotly_chart(figures.cost_curves(result, names), key="curves")
    right.plotly_chart(figures.cumulative(result, names), key="cumulative")
    st.dataframe([{{k: o[k] for k in ("name", "upfront_usd", "monthly_usd", "horizon_total_usd")}} for o in result["options"]])
    """
)
BARE = 'import streamlit as st\nst.number_input("Requests per month", key="w.requests_per_month", value=100000.0)\n'


def browser_figures(script: str) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_app

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            deadline = time.monotonic() + 60
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/_stcore/health")
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            t = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            wait_for_app(page)
            if script == "streamlit_app.py":
                page.wait_for_selector(".js-plotly-plot")
            first = time.perf_counter() - t
            for path in ("catalog", "use-cases", "sizing", "plugins") if script == "streamlit_app.py" else ():
                page.goto(f"http://127.0.0.1:{port}/{path}")
                wait_for_app(page)
            browser.close()
        rss_kib = int(next(line for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
                           if line.startswith("VmRSS")).split()[1])
        return first, rss_kib / 1024
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    from catalog.build import build_catalog
    from catalog.engine.estimate import estimate
    from catalog.engine.scenario import parse_scenario
    from dashboard import compare_view
    from dashboard.scenario_state import default_scenario

    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    compare = rerun_times(app, "w.requests_per_month")

    catalog = build_catalog()
    result = estimate(parse_scenario(default_scenario(catalog)), catalog)
    real_estimate = compare_view.estimate
    compare_view.estimate = lambda scenario, catalog, **kw: result.model_copy(
        update={"requests_per_month": scenario.workload.requests_per_month})
    try:
        page_floor = rerun_times(AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run(),
                                 "w.requests_per_month")
    finally:
        compare_view.estimate = real_estimate
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "result.json"
        data.write_text(result.model_dump_json())
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR.format(path=str(data)))
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        floor = rerun_times(AppTest.from_file(str(floor_script), default_timeout=60).run(), "w.requests_per_month")
        bare = rerun_times(AppTest.from_file(str(bare_script), default_timeout=60).run(), "w.requests_per_month")

    print(f"Compare rerun after a volume change:      {compare * 1000:7.1f} ms (median)")
    print(f"same page, estimate precomputed (floor):  {page_floor * 1000:7.1f} ms")
    print(f"two charts + table only, precomputed:     {floor * 1000:7.1f} ms")
    print(f"bare one-widget script:                   {bare * 1000:7.1f} ms")
    print(f"Compare / rendering floor:                {compare / page_floor:7.2f}  (target <= 1.5)")
    print(f"charts + table / bare script:             {floor / bare:7.2f}")
    first, rss = browser_figures("streamlit_app.py")
    bare_first, _ = browser_figures(str(bare_app()))
    print(f"first Compare render in Chromium:         {first:7.2f} s  (target < 3 s)")
    print(f"first render of a bare one-widget app:    {bare_first:7.2f} s")
    print(f"server memory after visiting all pages:   {rss:7.0f} MiB (target < 500 MiB)")


def bare_app() -> Path:
    path = Path(tempfile.mkdtemp()) / "bare_app.py"
    path.write_text(BARE.replace('st.number_input', 'st.title("bare"); st.number_input'))
    return path


if __name__ == "__main__":
    main()
