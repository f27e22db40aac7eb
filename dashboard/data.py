"""The catalog, built once per state of the price cache, and the choices the pages offer from it.

The catalog is kept with `st.cache_resource`, keyed by the disk cache's stamp (file names, times,
sizes): a start with no cache, or offline, builds from the cache or the snapshot at once and never
waits on the network, and when a refresh (here in the background, or `prompt-or-tune refresh` in
a terminal) writes the cache, the next rerun builds the new catalog once and drops the old one.
`cache_resource` rather than `cache_data`: the catalog is read-only, and `cache_data` would
pickle and copy its ~2,000 records on every call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from catalog import livecache
from catalog.build import Catalog, build_catalog
from catalog.live import refresh


@dataclass(frozen=True)
class Choices:
    open_models: list[str]
    specs: list[str]
    use_cases: list[str]


@st.cache_resource(show_spinner="Loading prices…", max_entries=1)
def _catalog(stamp: tuple) -> Catalog:
    return build_catalog()


def get_catalog() -> Catalog:
    return _catalog(livecache.stamp())


@st.cache_resource(max_entries=1)
def _choices(stamp: tuple) -> Choices:
    c = _catalog(stamp)
    return Choices(
        open_models=sorted(c.models),
        specs=sorted(c.specs),
        use_cases=list(c.usecases),
    )


def get_choices() -> Choices:
    return _choices(livecache.stamp())


def clock(moment: datetime, now: datetime | None = None) -> str:
    """HH:MM in the server's time zone, with the day when it is not today."""
    local = moment.astimezone()
    today = (now or datetime.now()).astimezone().date()
    return local.strftime("%H:%M %Z" if local.date() == today else "%d %b %H:%M %Z").strip()


def freshness(catalog: Catalog, job: refresh.BackgroundRefresh | None = None, now: datetime | None = None) -> str:
    """'Prices as of …': from the embedded snapshot (and when it was taken) or live (fetched when),
    plus a refresh running or failed.

    A failed refresh is mentioned only once the user asked for one here (`job`): a first visit
    offline, or with a cache holding someone's old failed attempt, is on the snapshot and says
    so, not "refresh failed" for a refresh nobody asked for. The Plugins page lists every attempt."""
    newest = catalog.newest_price_date
    as_of = f"{newest:%d %b %Y}" if newest else "unknown"
    fetched = [(s.fetched_at, s.plugin) for s in catalog.live if s.in_use and s.fetched_at]
    if fetched:
        names = ", ".join(plugin for _, plugin in fetched)
        oldest = min(moment for moment, _ in fetched)
        text = f"Prices as of {as_of} (live, fetched {clock(oldest, now)}: {names}; other plugins: snapshot)."
    else:
        text = (
            f"Prices as of {as_of}: the app's embedded snapshot, taken on that date. Refresh them on the Plugins page."
        )
    if job is not None and not job.done.is_set():
        text += f" Refreshing in the background since {clock(job.started_at, now)}…"
    elif job is not None:
        failed = [s.plugin for s in catalog.live if s.problem]
        if failed:
            text += f" The refresh failed for {', '.join(failed)}; their prices stay as they were: see Plugins."
    return text


def plugin_warnings() -> None:
    """Every page says how fresh its prices are, and when a plugin failed: which one, which hook, why (as text)."""
    from dashboard.safe import plain

    catalog = get_catalog()
    st.caption(plain(freshness(catalog, refresh.latest_background())))
    errors = catalog.errors
    if errors:
        listing = "\n".join(f"- **{plain(e.plugin)}** ({plain(e.hook)}): {plain(e.message)}" for e in errors[:10])
        more = f"\n- … and {len(errors) - 10} more (see Plugins)" if len(errors) > 10 else ""
        st.warning(
            f"{len(errors)} plugin problem(s); the rest of the catalog loaded.\n{listing}{more}",
            icon=":material/warning:",
        )
