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
st.caption(
    "Every figure links to the page it was read from, with the date the source showed it and its grade: "
    "A the provider's own page, B a dated third party quoting it, C an undated lead to verify. "
    "Where sources disagree, Readings lists each one. Click a column to sort."
)
# the open table and each search are bound to the URL, so a link reproduces the view
kind = st.segmented_control(
    "Table",
    list(ct.TABLES),
    format_func=labels.__getitem__,
    default="api",
    required=True,
    key="table",
    bind="query-params",
    label_visibility="collapsed",
)
table = prepared.tables[kind]
needle = st.text_input("Search", key=f"q_{kind}", placeholder="filter rows containing…", bind="query-params").strip()
shown = prepared.search(kind, needle)
if shown.num_rows == 0:
    st.info(
        f"No rows of {labels[kind]} contain “{plain(needle)}”. Try part of a name (say “h100” or “llama”), "
        f"or clear the search to see all {table.data.num_rows:,}.",
        icon=":material/search_off:",
    )
else:
    columns = {c.label: c for c in ct.TABLES[kind][1]}
    config = {label: st.column_config.Column(label, help=c.help or None) for label, c in columns.items()}
    config["Source"] = st.column_config.LinkColumn(
        "Source", help=columns["Source"].help, display_text=r"https?://(?:www\.)?([^/?#]+)"
    )
    config["As of"] = st.column_config.DateColumn("As of", help=columns["As of"].help, format="YYYY-MM-DD")
    st.dataframe(
        shown, hide_index=True, width="stretch", column_config=config, lazy=True, placeholder="—", key=f"table.{kind}"
    )
    st.caption(f"{shown.num_rows:,} of {table.data.num_rows:,} record(s)")
    st.download_button(
        "Download CSV",
        lambda: ct.csv_bytes(shown),
        file_name=f"{kind}.csv",
        mime="text/csv",
        key=f"csv.{kind}",
        on_click="ignore",
        icon=":material/download:",
    )

if kind in ("gpus", "api") and shown.num_rows:
    chart = prepared.chart(kind, needle)
    if kind == "gpus":
        st.markdown("**On-demand USD per GPU-hour, by GPU, across clouds**")
    else:
        st.markdown(f"**Input vs output price per 1M tokens** (first-party providers: {', '.join(ct.FIRST_PARTY)})")
    if chart is not None:
        st.plotly_chart(chart, width="stretch", key=f"{kind}_chart")
    else:
        st.caption(
            "No first-party provider's model matches this search, so there is nothing to plot; the table "
            "above lists the resellers' prices that do match."
        )

# price history where the data has it: a record's readings of one price field from more than one date
st.markdown("**Price history**")
histories = {h.ident: h for h in prepared.histories if h.kind == kind}
if not histories:
    if prepared.histories:
        kept = {
            labels[k]: sorted({h.key for h in prepared.histories if h.kind == k})
            for k in ct.TABLES
            if any(h.kind == k for h in prepared.histories)
        }
        named = "; ".join(
            f"{table}: {', '.join(keys[:4])}{f' and {len(keys) - 4} more' if len(keys) > 4 else ''}"
            for table, keys in kept.items()
        )
        st.caption(
            f"No record of {labels[kind]} has a price read on more than one date. Records with a price "
            f"history (open their table to see it): {plain(named)}."
        )
    else:
        st.caption(
            "No record in the catalog has a price read on more than one date, so there is no price history to show."
        )
else:
    ident = st.selectbox(
        "Record",
        list(histories),
        format_func=lambda i: histories[i].label,
        key=f"history_{kind}",
        bind="query-params",
        help="Records whose sources showed a price on more than one date",
    )
    history = histories[ident]
    what = ct.column_label(history.kind, history.field)
    figure, readings = prepared.history_chart(history)
    st.plotly_chart(figure, width="stretch", key=f"history_chart.{kind}")
    st.dataframe(
        readings,
        hide_index=True,
        width="stretch",
        placeholder="—",
        key=f"history_table.{kind}",
        column_config={
            "Source": st.column_config.LinkColumn("Source", display_text=r"https?://(?:www\.)?([^/?#]+.*)"),
            "As of": st.column_config.DateColumn("As of", format="YYYY-MM-DD"),
            "Price $": st.column_config.NumberColumn(what, format="$%.2f"),
        },
    )
