"""Plugins: what is installed, what each supplied, what failed and why."""

from __future__ import annotations

import streamlit as st

from dashboard.data import get_catalog
from dashboard.tables import csv_download

catalog = get_catalog()
st.title("Plugins")
rows = [
    {
        "plugin": info.name,
        "package": f"{info.distribution} {info.version}" if info.distribution else ("built-in" if info.builtin else "—"),
        "hooks": ", ".join(info.hooks),
        "records": sum(info.counts.values()),
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
    st.dataframe([{"plugin": e.plugin, "hook": e.hook, "message": e.message} for e in errors],
                 hide_index=True, width="stretch")
else:
    st.success("Every plugin loaded without errors.")

if catalog.overrides:
    st.subheader("Overridden prices")
    st.caption("When two plugins price the same item, the record with higher `precedence` wins.")
    st.dataframe([o.__dict__ for o in catalog.overrides], hide_index=True, width="stretch")

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
returning a list of records — every record with a `source_url` and an `as_of` date.
Install the package next to this app (locally `pip install my-rates`; on Streamlit Community
Cloud add it to `requirements.txt`) and it appears here. `PROMPT_OR_TUNE_LOAD_PLUGINS=a,b`
limits which external plugins load.
"""
)
