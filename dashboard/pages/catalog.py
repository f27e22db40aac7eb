"""Catalog: every price and spec, searchable and sortable, with its source and date.

Only the open table is drawn (a segmented control, not `st.tabs`, which builds all five on
every rerun), from Arrow tables built once per catalog, loaded into the browser lazily: a rerun
costs about the same with 2,000 records or 100,000 more.
"""

from __future__ import annotations

import streamlit as st

from dashboard import catalog_tables as ct
from dashboard.data import get_catalog, plugin_warnings
from dashboard.safe import plain

prepared = ct.catalog_tables(get_catalog())
labels = {kind: label for kind, (label, _) in ct.TABLES.items()}

st.title("Catalog")
plugin_warnings()
st.caption("Every figure links to the page it was read from, with the date the source showed it and its grade: "
           "A the provider's own page, B a dated third party quoting it, C an undated lead to verify. "
           "Where sources disagree, Readings lists each one. Click a column to sort.")
# the open table and each search are bound to the URL, so a link reproduces the view
kind = st.segmented_control("Table", list(ct.TABLES), format_func=labels.__getitem__, default="api", required=True,
                            key="table", bind="query-params", label_visibility="collapsed")
table = prepared.tables[kind]
needle = st.text_input("Search", key=f"q_{kind}", placeholder="filter rows containing…", bind="query-params").strip()
shown = prepared.search(kind, needle)
if shown.num_rows == 0:
    st.info(f"No rows of {labels[kind]} contain “{plain(needle)}”. Try part of a name (say “h100” or “llama”), "
            f"or clear the search to see all {table.data.num_rows:,}.", icon=":material/search_off:")
else:
    columns = {c.label: c for c in ct.TABLES[kind][1]}
    config = {label: st.column_config.Column(label, help=c.help or None) for label, c in columns.items()}
    config["Source"] = st.column_config.LinkColumn("Source", help=columns["Source"].help,
                                                   display_text=r"https?://(?:www\.)?([^/?#]+)")
    config["As of"] = st.column_config.DateColumn("As of", help=columns["As of"].help, format="YYYY-MM-DD")
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, lazy=True, placeholder="—", key=f"table.{kind}")
    st.caption(f"{shown.num_rows:,} of {table.data.num_rows:,} record(s)")
    st.download_button("Download CSV", lambda: ct.csv_bytes(shown), file_name=f"{kind}.csv", mime="text/csv",
                       key=f"csv.{kind}", on_click="ignore", icon=":material/download:")

if kind in ("gpus", "api") and shown.num_rows:
    chart = prepared.chart(kind, needle)
    if kind == "gpus":
        st.markdown("**On-demand USD per GPU-hour, by GPU, across clouds**")
    else:
        st.markdown(f"**Input vs output price per 1M tokens** (first-party providers: {', '.join(ct.FIRST_PARTY)})")
    if chart is not None:
        st.plotly_chart(chart, width="stretch", key=f"{kind}_chart")
    else:
        st.caption("No first-party provider's model matches this search, so there is nothing to plot; the table "
                   "above lists the resellers' prices that do match.")
