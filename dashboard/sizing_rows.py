"""The Sizing page's "model on every GPU" table, computed once per (catalog, model, method, tokens).

The table sizes the model twice on every GPU (the count memory needs, then the set-up that
holds it) and writes a CSV of it: twenty-odd sizings and a CSV on each rerun were the page's
largest cost of its own (beyond what Streamlit costs to send the same page), and a rerun
that changes nothing, or only the GPU or count above, gets the same table. Kept per catalog
object (`st.cache_resource` keyed on its id; the result holds the catalog, so the id cannot
be reused while cached).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from catalog.build import Catalog
from catalog.engine.scenario import Assumptions
from catalog.engine.sizing import size
from dashboard.tables import to_csv

# tensor parallelism splits attention heads evenly, so instances and serving stacks use these counts
TP_SIZES = (1, 2, 4, 8)


def tensor_parallel(gpus_for_memory: int) -> int | None:
    """The smallest tensor-parallel size that holds the memory; None when more than one instance would."""
    return next((n for n in TP_SIZES if n >= gpus_for_memory), None)


@dataclass(frozen=True)
class EveryGpu:
    catalog: Catalog  # held so the cache key (the catalog's id) is not reused while this lives
    rows: list[dict[str, Any]]
    csv: str


def every_gpu_rows(catalog: Catalog, model_id: str, method: str, prompt: int, output: int) -> list[dict[str, Any]]:
    """For each GPU: the tensor-parallel count the model needs (None: more than one instance),
    the memory on that set-up, and its throughput where it fits."""
    model, assumptions, rows = catalog.models[model_id], Assumptions(), []
    for name in sorted(catalog.specs):
        spec = catalog.specs[name]
        need = tensor_parallel(size(model, spec, TP_SIZES[-1], method, assumptions, prompt, output).gpus_needed)
        fit = size(model, spec, need or TP_SIZES[-1], method, assumptions, prompt, output)
        rows.append(
            {
                "GPU": name,
                "GPUs needed": need,
                "memory GiB": round(fit.memory_gib, 1),
                f"fits on {TP_SIZES[-1]}": need is not None,
                "batched tok/s": round(fit.max_throughput_tokens_per_s) if fit.fits else None,
                "train tok/s": round(fit.train_tokens_per_s) if method != "none" and fit.fits else None,
            }
        )
    return rows


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs={Catalog: id})
def every_gpu(catalog: Catalog, model_id: str, method: str, prompt: int, output: int) -> EveryGpu:
    rows = every_gpu_rows(catalog, model_id, method, prompt, output)
    return EveryGpu(catalog, rows, to_csv(rows))
