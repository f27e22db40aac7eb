"""Catalog, Use cases and Sizing: rerun cost against each page's own floor, the Catalog at any
catalog size, and the first draw in Chromium; every comparison measured in one run.

1. Each page rerun (AppTest, the page script as served), interleaved with its floor: a script
   that draws the same title, captions, widgets, tables and figures from data precomputed in
   this process (so the floor is what Streamlit itself costs to send that page). Target <= 1.5x.
2. The Catalog page with today's catalog, interleaved (in blocks, first run of each block
   dropped, since a new catalog builds its tables once) with the same page over a catalog
   holding 100,000 more API prices from synthetic plugins registered in-process (five of
   20,000: a plugin hook may supply at most 20,000 records). A plain rerun, a rerun for a new
   search term, and a rerun that keeps a search. Target: roughly constant (ratio near 1).
   Dataframes are sent as a served app sends them (large ones lazily); AppTest alone would
   send every row, which no browser ever receives.
3. A real `streamlit run` of the app and of a one-chart app on the same machine, Debian's
   Chromium loading a page from each in turn, fresh tab each time: time until the page's title,
   table and chart are drawn and the script has finished. Target <= 1.5x the one-chart app.

Medians throughout. Run: python benchmarks/bench_pages.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import textwrap
import time
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from catalog.hookspecs import hookimpl  # noqa: E402

SYNTHETIC_PLUGINS = 5
SYNTHETIC_PER_PLUGIN = 20_000
FLOOR_MODULE = "bench_pages_floor"  # the floor scripts read their precomputed data from this module
# Every synthetic record's source: public and real, so the records pass validation like any plugin's.
SYNTHETIC_SOURCE = "https://github.com/pydantic/genai-prices"


class Synthetic:
    """A plugin supplying `count` synthetic API prices (for measuring, never shipped)."""

    def __init__(self, index: int, count: int) -> None:
        self.index, self.count = index, count

    @hookimpl
    def api_prices(self) -> list[dict[str, Any]]:
        return [
            {
                "provider": f"synthetic{self.index}",
                "model_id": f"model-{i}",
                "name": f"Synthetic model {i}",
                "input_per_mtok": 0.1 + i % 97 / 10,
                "output_per_mtok": 0.4 + i % 89 / 5,
                "context_window": 128_000,
                "source_url": SYNTHETIC_SOURCE,
                "as_of": date(2026, 1, 1),
            }
            for i in range(self.count)
        ]


class _ServedConfig:
    """Streamlit's config as the served app sees it: AppTest makes every dataframe eager (so a
    test can read its values); a served app sends a large one lazily, and that is measured."""

    def __init__(self, config: Any) -> None:
        self._config = config

    def get_option(self, key: str) -> Any:
        return False if key == "global.appTest" else self._config.get_option(key)


def serve_dataframes_lazily() -> None:
    from streamlit.dataframe import lazy_df_source

    lazy_df_source.config = _ServedConfig(lazy_df_source.config)  # type: ignore[assignment]


def timed(run: Callable[[], Any]) -> float:
    t = time.perf_counter()
    run()
    return time.perf_counter() - t


def page_app(page: str) -> AppTest:
    """The app as served (its router, then the page)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300).run()
    at.switch_page(f"dashboard/pages/{page}").run()
    assert not at.exception, at.exception
    return at


ROUTER = """
import streamlit as st
st.set_page_config(page_title="Floor", layout="wide")
st.navigation([st.Page("floor.py", title="Floor")]).run()
"""


def floor_app(script: str) -> AppTest:
    """The floor script behind the same kind of router as the app's."""
    folder = Path(tempfile.mkdtemp())
    (folder / "floor.py").write_text(textwrap.dedent(script))
    (folder / "app.py").write_text(textwrap.dedent(ROUTER))
    at = AppTest.from_file(str(folder / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def interleaved(a: Callable[[], Any], b: Callable[[], Any], runs: int = 15) -> tuple[float, float]:
    """Medians of `a` and `b` run alternately (first pair dropped as warm-up)."""
    times_a, times_b = [], []
    for _ in range(runs + 1):
        times_a.append(timed(a))
        times_b.append(timed(b))
    return statistics.median(times_a[1:]), statistics.median(times_b[1:])


CATALOG_FLOOR = """
import sys, streamlit as st
d = sys.modules["bench_pages_floor"]
st.title("Catalog")
st.caption(d.freshness)
st.caption("Every figure links to the page it was read from, with the date it was read. Click a column to sort.")
st.segmented_control("Table", d.kinds, format_func=d.labels.__getitem__, default="api", required=True, key="table",
                     label_visibility="collapsed")
st.text_input("Search", key="q_api", placeholder="filter rows containing…")
st.dataframe(d.api_table, hide_index=True, width="stretch", column_config=d.api_config, lazy=True, placeholder="—",
             key="table.api")
st.caption(d.api_count)
st.download_button("Download CSV", d.api_csv, file_name="api.csv", mime="text/csv", key="csv.api", on_click="ignore")
st.markdown(d.api_heading)
st.plotly_chart(d.token_figure, width="stretch", key="token_chart")
st.markdown("**Price history**")
if d.history_ids:
    st.selectbox("Record", d.history_ids, format_func=d.history_labels.__getitem__, key="history_api")
    st.plotly_chart(d.history_figure, width="stretch", key="history_chart.api")
    st.dataframe(d.history_points, hide_index=True, width="stretch", placeholder="—", key="history_table.api")
else:
    st.caption(d.history_note)
"""

SIZING_FLOOR = """
import sys, streamlit as st
d = sys.modules["bench_pages_floor"]
st.title("Can we self-host it?")
st.caption(d.freshness)
cols = st.columns(4)
cols[0].selectbox("Open model", d.models, index=d.models.index(d.model), key="model")
cols[1].selectbox("GPU", d.gpus, index=d.gpus.index(d.gpu), key="gpu")
cols[2].selectbox("GPUs in the instance", [1, 2, 4, 8], key="count")
cols[3].selectbox("Method", ["none", "lora", "qlora", "full"], index=1, key="method")
cols = st.columns(2)
cols[0].number_input("Prompt tokens per request", 1, 1_000_000, 1000, key="prompt")
cols[1].number_input("Output tokens per request", 1, 1_000_000, 200, key="output")
st.success(d.verdict)
metrics = st.columns(4)
for column, (label, value) in zip(metrics, d.metrics):
    column.metric(label, value)
st.caption(d.training)
st.plotly_chart(d.memory_figure, width="stretch", key="memory")
st.subheader(d.heading)
st.dataframe(d.sizing_rows, hide_index=True, width="stretch", placeholder="—")
st.download_button("Download CSV", d.sizing_csv, file_name="sizing.csv", key="csv.sizing")
st.caption("Formulas and their comparison with public measurements: docs/sizing.md.")
"""

USE_CASES_FLOOR = """
import sys, streamlit as st
d = sys.modules["bench_pages_floor"]
st.title("Use cases")
st.caption(d.freshness)
st.caption("Each seed document's recommendation, as it words it, beside the cost engine's pick.")
st.dataframe(d.use_case_rows, hide_index=True, width="stretch")
st.download_button("Download CSV", d.use_case_csv, file_name="use_cases.csv", key="csv.usecases")
st.selectbox("Read what each document says about…", d.case_ids, key="case")
st.markdown(d.description)
for title, says, url in d.views:
    with st.container(border=True):
        st.markdown(title)
        st.markdown(says)
        if url:
            st.link_button("Read the document", url)
st.caption(d.basis)
st.divider()
st.subheader("Questionnaire: walk a seed's flowchart")
st.radio("Flowchart", d.chart_titles, horizontal=True, key="chart")
st.radio(d.first_question, ["—", "Yes", "No"], horizontal=True, key="fc.first")
st.info("Answer the question above to go on.")
"""


def precompute(floor: Any) -> None:
    """What each page shows by default, computed once here for the floor scripts."""
    import streamlit as st

    from catalog.engine.flowcharts import FLOWCHARTS
    from catalog.engine.scenario import Assumptions
    from catalog.engine.sizing import size
    from dashboard import catalog_tables as ct
    from dashboard import page_figures
    from dashboard.data import freshness, get_catalog
    from dashboard.tables import to_csv

    catalog = get_catalog()
    floor.freshness = freshness(catalog)
    prepared = ct.catalog_tables(catalog)
    floor.kinds, floor.labels = list(ct.TABLES), {k: label for k, (label, _) in ct.TABLES.items()}
    floor.api_table = prepared.tables["api"].data
    floor.api_config = {
        "Source": st.column_config.LinkColumn("Source", display_text=r"https?://(?:www\.)?([^/?#]+)"),
        "As of": st.column_config.DateColumn("As of", format="YYYY-MM-DD"),
    }
    floor.api_count = f"{floor.api_table.num_rows:,} of {floor.api_table.num_rows:,} record(s)"
    floor.api_csv = ct.csv_bytes(floor.api_table)
    floor.api_heading = "**Input vs output price per 1M tokens**"
    floor.token_figure = page_figures.token_prices(prepared.first_party_api)
    floor.history_note = f"Records with a price history: {', '.join(h.key for h in prepared.histories)}."
    api_histories = [h for h in prepared.histories if h.kind == "api"]
    floor.history_ids, floor.history_labels = (
        [h.ident for h in api_histories],
        {h.ident: h.label for h in api_histories},
    )
    if api_histories:
        floor.history_points = ct.history_points(api_histories[0])
        floor.history_figure = page_figures.price_history(floor.history_points, "price")

    floor.models, floor.gpus = sorted(catalog.models), sorted(catalog.specs)
    floor.model, floor.gpu = "meta-llama/Llama-3.1-8B-Instruct", "H100-SXM"
    result = size(catalog.models[floor.model], catalog.specs[floor.gpu], 1, "lora", Assumptions(), 1000, 200)
    floor.verdict = f"fits: {result.fits}"
    floor.metrics = [
        ("GPUs needed", 1),
        ("Memory (peak)", f"{result.memory_gib:,.1f} GiB"),
        ("Decode, one stream", f"{result.decode_tokens_per_s:,.0f} tok/s"),
        ("Batched serving", f"{result.max_throughput_tokens_per_s:,.0f} tok/s"),
    ]
    floor.training = f"Training throughput: {result.train_tokens_per_s:,.0f} tokens/s"
    floor.memory_figure = page_figures.memory_breakdown(tuple(result.memory_breakdown_gib.items()), 72.0)
    floor.heading = "on every GPU"
    floor.sizing_rows = [
        {"GPU": name, "GPUs needed": 1, "memory GiB": 1.0, "fits on 8": True, "batched tok/s": 1, "train tok/s": 1}
        for name in floor.gpus
    ]
    floor.sizing_csv = to_csv(floor.sizing_rows)

    documents = sorted({v.document for u in catalog.usecases.values() for v in u.views})
    floor.use_case_rows = [
        {
            "use case": u.name,
            "requests/month": str(u.workload.requests_per_month),
            **{doc: "prompting" for doc in documents},
            "seeds agree": "yes",
            "computed (defaults)": "x",
        }
        for u in catalog.usecases.values()
    ]
    floor.use_case_csv = to_csv(floor.use_case_rows)
    floor.case_ids = list(catalog.usecases)
    first = next(iter(catalog.usecases.values()))
    floor.description = first.description
    floor.views = [(f"**{v.title or v.document}** — verdict: `{v.verdict}`", f"> {v.says}", v.url) for v in first.views]
    floor.basis = f"Workload basis: {first.workload.basis}"
    floor.chart_titles = [c.title for c in FLOWCHARTS.values()]
    chart = next(iter(FLOWCHARTS.values()))
    floor.first_question = chart.questions[chart.start].text


def page_vs_floor() -> None:
    floor = types.ModuleType(FLOOR_MODULE)
    sys.modules[FLOOR_MODULE] = floor
    precompute(floor)
    print("1. Rerun (AppTest) vs the page's own floor, interleaved, medians of 15:")
    for name, page, script in (
        ("Catalog", "catalog.py", CATALOG_FLOOR),
        ("Use cases", "use_cases.py", USE_CASES_FLOOR),
        ("Sizing", "sizing.py", SIZING_FLOOR),
    ):
        real, base = page_app(page), floor_app(script)
        page_s, floor_s = interleaved(real.run, base.run)
        print(
            f"   {name:10s} rerun {page_s * 1000:7.1f} ms   floor {floor_s * 1000:7.1f} ms   "
            f"ratio {page_s / floor_s:5.2f}  (target <= 1.5)"
        )


def catalog_at_scale() -> None:
    import dashboard.data
    from catalog.build import build_catalog
    from catalog.plugins import pm

    small = build_catalog()
    plugins = [Synthetic(i, SYNTHETIC_PER_PLUGIN) for i in range(SYNTHETIC_PLUGINS)]
    for i, plugin in enumerate(plugins):
        pm.register(plugin, name=f"synthetic{i}")
    try:
        started = time.perf_counter()
        big = build_catalog()
        built = time.perf_counter() - started
    finally:
        for i in range(SYNTHETIC_PLUGINS):
            pm.unregister(name=f"synthetic{i}")
    added = len(big.api) - len(small.api)
    print(
        f"2. Catalog page, today's catalog ({len(small.api):,} API prices) vs +{added:,} API prices "
        f"(building that catalog: {built:.1f} s, once per refresh):"
    )
    real_get_catalog = dashboard.data.get_catalog
    chosen: dict[str, Any] = {}
    dashboard.data.get_catalog = lambda: chosen["catalog"]  # type: ignore[assignment]
    try:
        terms = ["claude", "llama", "gemini", "mistral", "qwen"]
        for label, search in (("plain rerun", None), ("a new search", terms), ("search kept", ["llama"] * 5)):
            times: dict[str, list[float]] = {"today": [], "big": []}
            for _block in range(4):
                for which, catalog in (("today", small), ("big", big)):
                    chosen["catalog"] = catalog
                    at = page_app("catalog.py")
                    at.run()  # a new catalog builds its tables once: not a rerun's cost
                    if search:
                        at.text_input(key="q_api").set_value(search[0]).run()
                    for i in range(5):
                        if search and search[i] != search[0]:
                            times[which].append(timed(at.text_input(key="q_api").set_value(search[i]).run))
                        else:
                            times[which].append(timed(at.run))
                        assert not at.exception, at.exception
                    if search and search[0] != search[1]:
                        times[which].pop(0)  # the first term was searched before timing began
            today, big_s = statistics.median(times["today"]), statistics.median(times["big"])
            print(
                f"   {label:13s} today {today * 1000:7.1f} ms   +{added:,} {big_s * 1000:7.1f} ms   "
                f"ratio {big_s / today:5.2f}  (target: roughly 1)"
            )
    finally:
        dashboard.data.get_catalog = real_get_catalog  # type: ignore[assignment]


ONE_CHART = """
import plotly.graph_objects as go
import streamlit as st
st.title("One chart")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
"""
DRAWN = """() => document.querySelector('h1')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))
    && (!document.querySelector('[data-testid="stDataFrame"]') || document.querySelector('table[role=grid] td'))"""


def first_draws(rounds: int = 3) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

    one_chart_root = Path(tempfile.mkdtemp())
    (one_chart_root / "streamlit_app.py").write_text(textwrap.dedent(ONE_CHART))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    pages = {"Catalog": "catalog", "Use cases": "use-cases", "Sizing": "sizing"}
    with (
        streamlit_server(ROOT, env=env) as app_url,
        streamlit_server(one_chart_root, env=env) as one_url,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def draw(url: str) -> float:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            try:
                started = time.perf_counter()
                page.goto(url)
                page.wait_for_function(DRAWN, timeout=120_000, polling=50)
                return time.perf_counter() - started
            finally:
                page.close()

        for path in pages.values():  # warm-up: the server builds the catalog and its tables once
            draw(f"{app_url}/{path}")
        draw(one_url)
        print(f"3. First draw in Chromium (fresh tab), interleaved with a one-chart app, medians of {rounds}:")
        for name, path in pages.items():
            app_s, one_s = [], []
            for _ in range(rounds):
                app_s.append(draw(f"{app_url}/{path}"))
                one_s.append(draw(one_url))
            a, o = statistics.median(app_s), statistics.median(one_s)
            print(f"   {name:10s} {a:6.2f} s   one-chart app {o:6.2f} s   ratio {a / o:5.2f}  (target <= 1.5)")
        browser.close()


def main() -> None:
    serve_dataframes_lazily()
    page_vs_floor()
    catalog_at_scale()
    first_draws()


if __name__ == "__main__":
    main()
