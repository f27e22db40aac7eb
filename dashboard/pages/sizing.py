"""Sizing: can we self-host it? Memory, GPUs needed and throughput for model × GPU × method."""

from __future__ import annotations

import re
from typing import Literal

import streamlit as st

from catalog.engine.scenario import METHODS, Assumptions
from catalog.engine.sizing import GIB, size, training_mfu
from dashboard import page_figures
from dashboard.data import get_catalog, get_choices, plugin_warnings
from dashboard.safe import plain
from dashboard.sizing_rows import TP_SIZES, every_gpu, tensor_parallel

catalog = get_catalog()
choices = get_choices()


def warn_if_tampered(name: str, options: list) -> None:
    """A link whose value is not a real choice falls back to the default, and says so."""
    value = st.query_params.get(name)
    if value is not None and value not in [str(o) for o in options]:
        st.warning(f"The link's {name} is not one of the choices; the default is shown.")


MAX_TOKENS = 1_000_000


def url_count_ok(name: str, low: int, high: int) -> bool:
    """Whether the link's token count, if any, is a whole number from `low` to `high`.

    Anything else (`inf`, `1e400`, `-inf`, text, too many) would make Streamlit's own URL parsing
    raise, or be clamped in silence. Such a value is dropped from the URL, its widget is not bound
    to the URL on this run (binding would parse the value the page was opened with), and the
    page says so."""
    value = st.query_params.get(name)
    if value is None or (re.fullmatch(r"\d{1,7}", value.strip()) and low <= int(value) <= high):
        return True
    del st.query_params[name]
    st.warning(
        f"The link's {name} ({plain(value[:40])}) is not a whole number from {low:,} to {high:,}; the default is shown."
    )
    return False


st.title("Can we self-host it?")
plugin_warnings()
models, gpus, methods, counts = choices.open_models, choices.specs, list(METHODS), [1, 2, 4, 8]
for name, options in (("model", models), ("gpu", gpus), ("count", counts), ("method", methods)):
    warn_if_tampered(name, options)
default_model = "meta-llama/Llama-3.1-8B-Instruct" if "meta-llama/Llama-3.1-8B-Instruct" in models else models[0]
default_gpu = "H100-SXM" if "H100-SXM" in gpus else gpus[0]
cols = st.columns(4)
# bound widgets: their values live in the URL, so a link reproduces the view
model_id = cols[0].selectbox("Open model", models, index=models.index(default_model), key="model", bind="query-params")
gpu = cols[1].selectbox("GPU", gpus, index=gpus.index(default_gpu), key="gpu", bind="query-params")
gpu_count = cols[2].selectbox("GPUs in the instance", counts, key="count", bind="query-params")
method = cols[3].selectbox(
    "Method",
    methods,
    index=methods.index("lora"),
    key="method",
    bind="query-params",
    help="none = serve only; lora / qlora / full = fine-tune, then serve",
)
bind: dict[str, Literal["query-params"] | None] = {
    name: "query-params" if url_count_ok(name, 1, MAX_TOKENS) else None for name in ("prompt", "output")
}
token_cols = st.columns(2)
prompt = token_cols[0].number_input("Prompt tokens per request", 1, MAX_TOKENS, 1000, key="prompt", bind=bind["prompt"])
output = token_cols[1].number_input("Output tokens per request", 1, MAX_TOKENS, 200, key="output", bind=bind["output"])

model, spec, assumptions = catalog.models[model_id], catalog.specs[gpu], Assumptions()
result = size(model, spec, gpu_count, method, assumptions, prompt, output)
suggested = tensor_parallel(result.gpus_needed)
if result.fits:
    st.success(f"{plain(model.name)} fits on {gpu_count} × {gpu} for {method}.")
elif suggested is None:
    st.error(f"Does not fit: {result.reason}. It needs more than one {TP_SIZES[-1]}-GPU instance of {gpu}.")
elif suggested > gpu_count:
    rounded = "" if suggested == result.gpus_needed else " (tensor parallelism splits a model over 1, 2, 4 or 8 GPUs)"
    st.error(f"Does not fit: {result.reason}. It needs {suggested} × {gpu}{rounded}.")
else:
    st.error(f"Does not fit: {result.reason}.")
metrics = st.columns(4)
metrics[0].metric(
    "GPUs needed",
    suggested or f"> {TP_SIZES[-1]}",
    help=f"Memory alone needs {result.gpus_needed}; tensor parallelism splits a model over "
    f"{', '.join(map(str, TP_SIZES))} GPUs, so the next of those is suggested.",
)
metrics[1].metric("Memory (peak)", f"{result.memory_gib:,.1f} GiB")
metrics[2].metric("Decode, one stream", f"{result.decode_tokens_per_s:,.0f} tok/s" if result.fits else "–")
metrics[3].metric("Batched serving", f"{result.max_throughput_tokens_per_s:,.0f} tok/s" if result.fits else "–")
if method != "none" and result.fits:
    st.caption(
        f"Training throughput: {result.train_tokens_per_s:,.0f} tokens/s on this instance "
        f"(MFU {training_mfu(method, assumptions, gpu):.0%})."
    )
usable = spec.memory_gib * assumptions.usable_memory_fraction * gpu_count
st.plotly_chart(
    page_figures.memory_breakdown(tuple(result.memory_breakdown_gib.items()), usable), width="stretch", key="memory"
)

st.subheader(f"{plain(model.name)} on every GPU")
table = every_gpu(catalog, model_id, method, prompt, output)
st.dataframe(
    table.rows,
    hide_index=True,
    width="stretch",
    placeholder="—",
    column_config={
        "GPUs needed": st.column_config.NumberColumn(
            help="1, 2, 4 or 8: the counts tensor parallelism splits a model over; empty: more than one instance"
        )
    },
)
st.download_button("Download CSV", table.csv, file_name="sizing.csv", mime="text/csv", key="csv.sizing")
st.caption(f"Formulas and their comparison with public measurements: docs/sizing.md. 1 GiB = {GIB:,} bytes.")
