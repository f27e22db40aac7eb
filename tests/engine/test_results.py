"""The typed result keeps the JSON contract: `estimate --json` has exactly the keys it had when
`estimate()` returned a dict (estimate_json_keys.json was written from that dict, for every
scenario in examples/), and the exported schema accepts what the engine prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from catalog.engine import results
from catalog.engine.estimate import estimate
from catalog.engine.results import EstimateResult
from catalog.engine.scenario import load_scenario
from tests.conftest import ROOT

KEYS = json.loads((Path(__file__).parent / "estimate_json_keys.json").read_text(encoding="utf-8"))


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key's path, list items merged under `[]`: `.options[].breakdown.upfront`."""
    if isinstance(value, dict):
        return {p for k, v in value.items() for p in {f"{prefix}.{k}"} | key_paths(v, f"{prefix}.{k}")}
    if isinstance(value, list):
        return {p for item in value for p in key_paths(item, prefix + "[]")}
    return set()


@pytest.mark.parametrize("name", sorted(KEYS))
def test_json_keys_are_unchanged(name, catalog):
    result = estimate(load_scenario(ROOT / name), catalog)
    assert isinstance(result, EstimateResult)
    assert sorted(key_paths(result.model_dump(mode="json"))) == KEYS[name]


def test_the_json_round_trips_and_sections_not_computed_are_absent(catalog):
    scenario = load_scenario(ROOT / "examples/scenarios/openai_shutdown_with_uncertainty.json")
    full = estimate(scenario, catalog)
    assert EstimateResult.model_validate_json(full.model_dump_json()) == full
    assert full.uncertainty is not None and full.uncertainty.bands is not None and full.curves is not None
    bare = estimate(scenario, catalog, with_curves=False, with_uncertainty=False).model_dump(mode="json")
    assert "curves" not in bare and "uncertainty" not in bare
    no_bands = estimate(scenario, catalog, with_curves=False).model_dump(mode="json")
    assert "bands" not in no_bands["uncertainty"] and no_bands["uncertainty"]["tornado"]["bars"]


def test_every_result_field_is_documented():
    models = [
        m
        for m in vars(results).values()
        if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == results.__name__
    ]
    undocumented = [
        f"{m.__name__}.{name}" for m in models for name, field in m.model_fields.items() if not field.description
    ]
    assert undocumented == []
