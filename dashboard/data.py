"""The catalog, built once per process, and the choices the pages offer from it."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from catalog.build import Catalog, build_catalog


@dataclass(frozen=True)
class Choices:
    api_models: list[str]
    finetune_offers: list[str]
    open_models: list[str]
    gpu_offers: list[str]
    gpus: list[str]
    use_cases: list[str]


@st.cache_resource(show_spinner="Loading prices…")
def get_catalog() -> Catalog:
    return build_catalog()


@st.cache_resource
def get_choices() -> Choices:
    c = get_catalog()
    return Choices(
        api_models=sorted(c.api),
        finetune_offers=sorted(c.finetune),
        open_models=sorted(c.models),
        gpu_offers=sorted(c.gpus),
        gpus=sorted(c.specs),
        use_cases=list(c.usecases),
    )


def plugin_warnings() -> None:
    """Every page says when a plugin failed: which one, which hook, why (as text)."""
    from dashboard.safe import plain

    errors = get_catalog().errors
    if errors:
        listing = "\n".join(f"- **{plain(e.plugin)}** ({plain(e.hook)}): {plain(e.message)}" for e in errors[:10])
        more = f"\n- … and {len(errors) - 10} more (see Plugins)" if len(errors) > 10 else ""
        st.warning(f"{len(errors)} plugin problem(s); the rest of the catalog loaded.\n{listing}{more}", icon=":material/warning:")
