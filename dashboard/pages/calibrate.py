"""Calibrate: the workload your usage shows, from an uploaded report or the LiteLLM database.

The figures are `catalog.usage.calibrate` over the same buckets the CLI reads, and "Use in
Compare" opens Compare on the scenario `calibrate --scenario-out` would write for the group.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st

from catalog.usage.calibrate import calibrate
from catalog.usage.postgres import DATABASE_URL_ENV, describe, read_database
from catalog.usage.result import Calibration
from catalog.usage.sources import FORMATS, GROUP_BYS, UsageError, read_files
from catalog.usage.workload import scenario_from
from dashboard import scenario_state
from dashboard.data import get_catalog, plugin_warnings
from dashboard.safe import plain

SECRET = "litellm_database_url"


def database_url() -> str | None:
    """The configured LiteLLM database: an environment variable, else Streamlit secrets."""
    url = os.environ.get(DATABASE_URL_ENV)
    if url:
        return url
    try:
        return str(st.secrets[SECRET]) if SECRET in st.secrets else None
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def from_uploads(files: list, fmt: str | None, group_by: str, tokens: float | None) -> Calibration:
    with tempfile.TemporaryDirectory(prefix="pot-usage-") as folder:
        paths = []
        for i, upload in enumerate(files):
            path = Path(folder) / f"{i:03d}-{Path(upload.name).name}"
            path.write_bytes(upload.getvalue())
            paths.append(path)
        return calibrate(read_files(paths, fmt, group_by, tokens), get_catalog(), group_by)  # type: ignore[arg-type]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1%}"


def _usd(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


st.title("Calibrate from your usage")
plugin_warnings()
st.caption(
    "OpenAI or Anthropic usage-API pages (JSON), LiteLLM spend logs or daily spend tables (CSV or "
    "Parquet). Files are aggregated by DuckDB; a database is asked for the aggregate only."
)
url = database_url()
sources = ["Upload files", "LiteLLM database"] if url else ["Upload files"]
source = st.radio("Source", sources, horizontal=True, key="cal.source")
left, middle, right = st.columns(3)
fmt_choice = left.selectbox("Format", ["detect", *FORMATS], key="cal.format")
group_by = middle.selectbox("Group by", list(GROUP_BYS), key="cal.group_by")
tokens = right.number_input(
    "Input tokens per request (Anthropic reports have no request count)",
    min_value=0.0,
    max_value=10_000_000.0,
    value=0.0,
    step=100.0,
    key="cal.tokens",
)

result: Calibration | None = None
try:
    if source == "LiteLLM database" and url:
        st.write(f"Database: {plain(describe(url))} (read-only transaction, aggregates only)")
        if st.button("Read the database", key="cal.read_db"):
            st.session_state["cal.db_result"] = calibrate(read_database(url, group_by), get_catalog(), group_by)
        result = st.session_state.get("cal.db_result")
    else:
        uploads = st.file_uploader(
            "Usage files", type=["json", "jsonl", "csv", "parquet"], accept_multiple_files=True, key="cal.files"
        )
        if uploads:
            fmt = None if fmt_choice == "detect" else fmt_choice
            result = from_uploads(uploads, fmt, group_by, tokens or None)
except UsageError as exc:
    st.error(plain(exc))

if result is not None:
    st.subheader(f"{len(result.groups)} group(s) by {result.group_by}")
    st.caption(
        f"{result.format}, {result.bucket}ly buckets, {result.start:%Y-%m-%d %H:%M} to "
        f"{result.end:%Y-%m-%d %H:%M} UTC. Spends cover the whole period observed."
    )
    st.dataframe(
        [
            {
                "group": g.group,
                "months observed": g.months_observed,
                "requests / month": round(g.requests_per_month),
                "basis": g.requests_per_month_basis,
                "input tokens": round(g.input_tokens, 1),
                "output tokens": round(g.output_tokens, 1),
                "cached input": f"{g.cached_input_fraction:.1%}",
                "batch": f"{g.batch_fraction:.1%}",
                "growth / month": _pct(g.monthly_growth),
                "peak / average": "-" if g.peak_to_average is None else round(g.peak_to_average, 2),
                "observed spend": _usd(g.observed_spend_usd),
                "at catalog prices": _usd(g.catalog_spend_usd),
                "not in catalog": ", ".join(g.unmatched_models),
            }
            for g in result.groups
        ],
        hide_index=True,
        key="cal.table",
    )
    for warning in result.warnings:
        st.warning(plain(warning))
    if any(g.derived for g in result.groups):
        st.info("Requests are derived from the input tokens per request you gave: the source has no request count.")
    names = [g.group for g in result.groups]
    chosen = st.selectbox("Group to carry to Compare", names, key="cal.group")
    group = result.groups[names.index(chosen)]
    st.dataframe(
        [{"input": name, "low": r.low, "mode": r.mode, "high": r.high} for name, r in group.ranges.items()],
        hide_index=True,
        key="cal.ranges",
    )
    try:
        scenario = scenario_from(group, "an uploaded usage file" if source == "Upload files" else "a LiteLLM database")
    except ValueError as exc:
        st.error(plain(exc))
    else:
        st.markdown(f"[Use in Compare](./?s={scenario_state.encode(scenario)})")
