"""The Compare page's catalog pickers as widgets: a search box, a provider filter, the picks with
their prices, and "show retired". What they offer is `dashboard.pickers`' (pure) choice; this
module only draws it, so the browser receives at most `pickers.LIMIT` options, never the table.

The filters are the page's view, not the scenario: they are kept in session state under
`pick.*` keys and never written to the scenario or the link. The pick itself is bound to the
scenario by the caller (`binding`: the widget key and on_change callback of
`compare_view.bound`), so choosing writes back exactly as every other editor does.
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from catalog.build import Catalog
from dashboard import pickers

PRICED = "priced in the scenario"  # an option with its own prices, no catalog record
ALL = "All providers"  # the provider filter's "no filter" (an option, not None: a None pick draws a clear button)
NOUNS = {"api": "models", "finetune": "offers", "gpus": "GPU offers", "models": "open models"}
EXAMPLES = {"api": "claude-sonnet-4-6", "finetune": "llama-3.1-8b", "gpus": "h100", "models": "llama 8b"}


class _Same:
    """A catalog as a cache key, by identity: each catalog is built once per live-cache stamp (a
    refresh builds a new one), and hashing its contents would cost more than the search. The key
    holds the catalog, so its id cannot be reused by another while cached."""

    __slots__ = ("catalog",)

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __hash__(self) -> int:
        return id(self.catalog)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.catalog is self.catalog


@functools.lru_cache(maxsize=8)
def _table(table: str, catalog: _Same) -> tuple[dict[str, pickers.Entry], list[str], bool]:
    """A table's entries, its providers, and whether it holds closed records: built once per
    catalog, since each is a pass over a table of any size. A plain LRU cache rather than
    Streamlit's: every card looks these up on every rerun, and st.cache_resource hashes its
    arguments each time (about a third of a picker's cost when it did)."""
    picks = pickers.entries(table, catalog.catalog)
    return picks, pickers.providers(picks), any(e.status == "closed" for e in picks.values())


@functools.lru_cache(maxsize=256)
def _matches(
    table: str, catalog: _Same, query: str, provider: str | None, retired: bool
) -> tuple[list[pickers.Entry], int]:
    """One search's matches, kept: every option card searches on every rerun, and a search over
    a 100,000-record table takes ~0.1 s. Callers only read the list."""
    return pickers.matches(_table(table, catalog)[0], query, provider, retired)


def _kept(widget: str, view: str) -> None:
    """Copy a filter widget's value to its view key: the widgets are drawn only while the
    "Filter" popover is open, and Streamlit forgets a widget's value once it is not drawn."""
    value = st.session_state[widget]
    st.session_state[view] = None if value == ALL else value


def picker(
    path: str, label: str, table: str, catalog: Catalog, value: str | None, priced: bool, binding: dict[str, Any]
) -> None:
    """Draw one option's pick from `table`: `value` (the scenario's) is always offered and never
    replaced; `priced` offers "priced in the scenario" (an option with its own prices).

    The provider filter and "show retired" sit in a "Filter" popover whose widgets are drawn only
    while it is open (a rerun pays for every widget drawn, and most reruns change something
    else). Their values are view keys, kept whether it is open or not; the caption under the pick
    says what a filter holds (the popover's label stays "Filter": a new label would close it)."""
    state = st.session_state
    same = _Same(catalog)
    picks, providers, has_retired = _table(table, same)
    noun = NOUNS[table]
    provider_key, retired_key = f"pick.provider:{path}", f"pick.retired:{path}"
    provider = state.get(provider_key)
    provider = provider if provider in providers else None
    retired = bool(state.get(retired_key, False)) and has_retired
    row = st.container(horizontal=True, vertical_alignment="bottom")  # one block: columns would be three
    query = row.text_input(
        f"Search {noun}",
        key=f"pick.find:{path}",
        max_chars=100,
        placeholder=f"e.g. {EXAMPLES[table]}",
        help="Matches the id and the name; exact and prefix matches first, the maker's own record first",
    )
    box = row.popover("Filter", icon=":material/filter_list:", key=f"pick.filter:{path}", on_change="rerun")
    if box.open:
        widget = f"pick.w.provider:{path}"
        state[widget] = provider or ALL
        box.selectbox("Provider", [ALL, *providers], key=widget, on_change=_kept, args=(widget, provider_key))
        if has_retired:
            widget = f"pick.w.retired:{path}"
            state[widget] = retired
            box.checkbox(
                f"Show retired {noun}",
                key=widget,
                on_change=_kept,
                args=(widget, retired_key),
                help="Closed records are hidden unless their exact id is searched",
            )
    found, total = _matches(table, same, query, provider, retired)
    options: list[str | None] = [None] if priced or value is None else []
    options += pickers.offered(picks, value, found)

    def label_of(key: str | None) -> str:
        return PRICED.capitalize() if key is None else pickers.label(picks, key)

    st.selectbox(label, options, format_func=label_of, **binding)
    notes = [f"{provider}'s only"] if provider else []
    if retired:
        notes.append("retired shown")
    if total > len(found):
        notes.append(f"the best {len(found)} of {total:,} matches; type to narrow")
    elif not total:
        notes.append(
            f"no {noun} match this search" + ("" if retired or not has_retired else " (retired ones are hidden)")
        )
    if value is not None and value in picks and picks[value].status != "active":
        notes.append(f"this option's pick is {picks[value].status}: kept as the scenario names it")
    if notes:
        st.caption("; ".join(notes).capitalize() + ".")
