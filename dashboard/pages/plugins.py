"""Plugins: what is installed, what each supplied, what failed and why, and how fresh the live prices are."""

from __future__ import annotations

from datetime import date

import streamlit as st

from catalog import livecache
from catalog.freshness import freshness as price_ages
from catalog.live import refresh
from catalog.public_sources import catalog_warnings
from dashboard.data import clock, freshness, get_catalog
from dashboard.safe import plain
from dashboard.tables import csv_download

catalog = get_catalog()
st.title("Plugins")
st.caption(plain(freshness(catalog, refresh.latest_background())))
rows = [
    {
        "plugin": info.name,
        "package": f"{info.distribution} {info.version}"
        if info.distribution
        else ("built-in" if info.builtin else "—"),
        "hooks": ", ".join(f"{hook} ({info.counts.get(hook, 0):,})" for hook in info.hooks),
        "records": sum(info.counts.values()),
        "overrides won": sum(o.winner == info.name for o in catalog.overrides),
        "errors": len(info.errors),
    }
    for info in catalog.plugins
]
st.dataframe(rows, hide_index=True, width="stretch")
csv_download(rows, "plugins.csv", key="csv.plugins")

errors = catalog.errors
if errors:
    st.subheader(f"Problems ({len(errors)})")
    st.caption("Each plugin is called on its own: one that fails loses only its own records.")
    st.dataframe(
        [{"plugin": e.plugin, "hook": e.hook, "message": e.message} for e in errors], hide_index=True, width="stretch"
    )
else:
    st.success("Every plugin loaded without errors.")

if catalog.overrides:
    st.subheader("Overridden prices")
    st.caption(
        "When two plugins price the same item, the record with higher `precedence` wins "
        "(negotiated rates use 10, list prices 0). See docs/plugins.md."
    )
    st.dataframe(
        [{**o.__dict__, "precedence": catalog.table(o.kind)[o.key].precedence} for o in catalog.overrides],
        hide_index=True,
        width="stretch",
    )


warnings = catalog_warnings(catalog, plugins=[info.name for info in catalog.plugins if not info.builtin])
if warnings:
    st.subheader(f"Sources readers cannot follow ({len(warnings)})")
    st.caption(
        "These records are kept and used; their source is not a public page or a repository file at a commit, "
        "or their notes cite something only their authors can open."
    )
    st.dataframe([w.__dict__ for w in warnings], hide_index=True, width="stretch")

ages = price_ages(catalog, date.today())
st.subheader("Freshness")
st.caption(
    f"Age of each price from the day its source showed it (`as_of`), not the day we read it. "
    f"Prices older than {ages['stale_after_days']} days are listed below for re-checking; they are still used."
)
st.dataframe([{"kind": kind, **row} for kind, row in ages["kinds"].items()], hide_index=True, width="stretch")
if ages["stale"]:
    st.markdown(f"**{len(ages['stale']):,} price(s) older than {ages['stale_after_days']} days**")
    st.dataframe(ages["stale"], hide_index=True, width="stretch")
if ages["undated"]:
    st.markdown(
        f"**{len(ages['undated']):,} price(s) whose source gives no date**: their `as_of` is the day we read them, "
        "so they may be older than their age says"
    )
    st.dataframe(ages["undated"], hide_index=True, width="stretch")


@st.fragment(run_every=2)
def _wait_for(job: refresh.BackgroundRefresh) -> None:
    """Poll the background refresh without rerunning the page; rerun it once the refresh is done."""
    if job.done.is_set():
        st.rerun()
    st.info(
        f"Refreshing in the background since {clock(job.started_at)}; this page updates when it is done. "
        "Every page keeps working meanwhile.",
        icon=":material/sync:",
    )


st.subheader("Live prices")
st.caption(
    "Prices are the embedded snapshot until a refresh fetches them from each source's public endpoint. "
    "A fetched set replaces the snapshot only if it is not empty, has at least half as many records, and every "
    f"price is in a plausible range; a failed refresh keeps the last good fetch. Fetches younger than {livecache.TTL_TEXT} "
    f"are not repeated. Cache: `{livecache.cache_dir()}`."
)
st.dataframe(
    [
        {
            "source": s.plugin,
            "prices": "live"
            if s.in_use
            else ("snapshot (fetch set aside: see Problems)" if s.fetched_at else "snapshot"),
            "fetched": clock(s.fetched_at) if s.fetched_at else "never",
            "last attempt": clock(s.attempted_at) if s.attempted_at else "never",
            "result": f"failed: {s.problem}" if s.problem else ("ok" if s.attempted_at else "—"),
        }
        for s in catalog.live
    ],
    hide_index=True,
    width="stretch",
)
job = refresh.latest_background()
running = job is not None and not job.done.is_set()
if st.button(
    "Refresh prices",
    icon=":material/refresh:",
    disabled=running,
    help="Fetch fresh prices in the background; the catalog keeps working and switches over when done.",
):
    job = refresh.start_background()
    running = True
if running and job is not None:
    _wait_for(job)
elif job is not None:
    if job.error:
        st.error(f"The refresh could not run: {plain(job.error)}")
    for outcome in job.outcomes:
        line = f"**{plain(outcome.source)}**: {plain(outcome.status)}, {plain(outcome.message)}"
        (st.warning if outcome.status == "failed" else st.success)(line)

st.subheader("Add a plugin")
st.markdown(
    """
A pricing plugin is a pip-installable package with an entry point in the group `prompt_or_tune`:

```toml
[project.entry-points.prompt_or_tune]
my_rates = "my_rates"
```

Its module defines any of the hooks `api_prices`, `finetune_offers`, `gpu_offers`, `gpu_specs`,
`open_models`, `use_cases` with `@hookimpl` (`pluggy.HookimplMarker("prompt_or_tune")`), each
returning a list of records — every record with a `source_url` and an `as_of` date. A plugin
that can fetch fresh prices also defines `live_records(client)`: it gets an `httpx.Client` from
the app (never its own) and returns `{"gpu_offers": [...]}` and the like, which replace its own
records once they pass the integrity guard.
Install the package next to this app (locally `pip install my-rates`; on Streamlit Community
Cloud add it to `requirements.txt`) and it appears here. `PROMPT_OR_TUNE_LOAD_PLUGINS=a,b`
limits which external plugins load. The guide, with the hook reference and record schemas, is
`docs/plugins.md`; a complete package to copy is `examples/prompt-or-tune-negotiated-rates/`.
"""
)
