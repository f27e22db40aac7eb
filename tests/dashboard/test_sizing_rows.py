"""The Sizing page's every-GPU table: the engine's sizing, computed once per input."""

from __future__ import annotations

from catalog.build import build_catalog
from catalog.engine.scenario import Assumptions
from catalog.engine.sizing import size
from dashboard.sizing_rows import TP_SIZES, every_gpu, every_gpu_rows

MODEL = "meta-llama/Llama-3.1-70B-Instruct"


def test_every_gpu_row_is_the_engines_sizing_on_the_smallest_tensor_parallel_set_up(catalog):
    rows = every_gpu_rows(catalog, MODEL, "lora", 1000, 200)
    assert [r["GPU"] for r in rows] == sorted(catalog.specs)
    for row in rows:
        spec = catalog.specs[row["GPU"]]
        fits = [n for n in TP_SIZES if size(catalog.models[MODEL], spec, n, "lora", Assumptions(), 1000, 200).fits]
        assert row["GPUs needed"] == (fits[0] if fits else None)
        fit = size(catalog.models[MODEL], spec, row["GPUs needed"] or TP_SIZES[-1], "lora", Assumptions(), 1000, 200)
        assert row["memory GiB"] == round(fit.memory_gib, 1)
        assert row["train tok/s"] == (round(fit.train_tokens_per_s) if fit.fits else None)


def test_every_gpu_is_computed_once_per_catalog_and_input(app, catalog):
    first = every_gpu(catalog, MODEL, "none", 1000, 200)
    assert every_gpu(catalog, MODEL, "none", 1000, 200) is first, "a rerun with the same inputs reuses the table"
    assert every_gpu(catalog, MODEL, "none", 2000, 200) is not first
    assert every_gpu(build_catalog(), MODEL, "none", 1000, 200) is not first, "a refreshed catalog gets new rows"
    assert (
        first.csv.splitlines()[0].startswith("GPU,GPUs needed") and len(first.csv.splitlines()) == len(first.rows) + 1
    )
