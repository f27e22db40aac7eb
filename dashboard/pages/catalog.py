"""Catalog: every price and spec, searchable and sortable, with its source and date."""

from __future__ import annotations

import streamlit as st

from catalog.engine.lookup import FIRST_PARTY
from catalog.records import GpuOffer
from dashboard import figures
from dashboard.data import get_catalog, plugin_warnings
from dashboard.tables import csv_download

catalog = get_catalog()
TABS = {
    "api": ("API prices", ["provider", "model_id", "name", "input_per_mtok", "cached_input_per_mtok", "output_per_mtok",
                           "batch_input_per_mtok", "batch_output_per_mtok", "context_window", "status"]),
    "finetune": ("Fine-tuning offers", ["provider", "offer_id", "base_model", "method", "adaptation", "training_per_mtok",
                                        "training_per_hour", "min_charge_usd", "input_per_mtok", "output_per_mtok",
                                        "hosting_per_hour", "endpoint_gpu", "endpoint_per_hour", "status", "shutdown", "confidence"]),
    "gpus": ("GPU offers", ["cloud", "instance_type", "gpu", "gpu_count", "region", "on_demand_per_hour", "per_gpu_hour",
                           "spot_per_hour", "commit_1y_per_hour", "commit_3y_per_hour"]),
    "specs": ("GPU specs", ["name", "bf16_tflops", "memory_gib", "bandwidth_tbps"]),
    "models": ("Open models", ["repo_id", "name", "params_b", "active_params_b", "layers", "hidden_size", "attention_heads",
                              "kv_heads", "head_dim", "context_length", "license"]),
}


def rows_of(kind: str) -> list[dict]:
    out = []
    for key, record in catalog.table(kind).items():
        row = {c: getattr(record, c, None) for c in TABS[kind][1]}
        if hasattr(record, "lifecycle"):
            row["status"] = record.lifecycle.status
            if "shutdown" in row:
                row["shutdown"] = record.lifecycle.shutdown
        if isinstance(record, GpuOffer):
            row["per_gpu_hour"] = record.per_gpu_hour
        for column, value in row.items():
            if value is not None and type(value).__name__ == "Decimal":
                row[column] = float(value)
        row["plugin"] = catalog.supplied_by[(kind, key)]
        row["as_of"] = record.as_of
        row["source_url"] = record.source_url
        out.append(row)
    return out


st.title("Catalog")
plugin_warnings()
st.caption("Every figure links to the page it was read from, with the date it was read. Click a column to sort.")
# the open tab and each search are bound to the URL, so a link reproduces the view
tabs = st.tabs([label for label, _ in TABS.values()], key="table", bind="query-params")
for tab, kind in zip(tabs, TABS):
    with tab:
        rows = rows_of(kind)
        needle = st.text_input("Search", key=f"q_{kind}", placeholder="filter rows containing…", bind="query-params")
        if needle:
            rows = [r for r in rows if needle.lower() in " ".join(str(v) for v in r.values()).lower()]
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_config={"source_url": st.column_config.LinkColumn("source"),
                                    "as_of": st.column_config.DateColumn("as of")})
        st.caption(f"{len(rows):,} record(s)")
        csv_download(rows, f"{kind}.csv", key=f"csv.{kind}")
        if kind == "gpus" and rows:
            st.markdown("**On-demand USD per GPU-hour, by GPU, across clouds**")
            st.plotly_chart(figures.gpu_prices(rows), width="stretch", key="gpu_chart")
        if kind == "api" and rows:
            st.markdown("**Input vs output price per 1M tokens** (first-party providers)")
            first_party = [r for r in rows if r["provider"] in FIRST_PARTY]
            st.plotly_chart(figures.token_prices(first_party), width="stretch", key="token_chart")
