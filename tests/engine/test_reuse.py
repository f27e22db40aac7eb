"""Cost models reused across estimates (catalog.engine.reuse): a volume change reuses them and
gives exactly the numbers of a fresh estimate; anything the models read, and another catalog,
never gets them."""

from __future__ import annotations

import dataclasses
from typing import cast

import numpy as np
import pytest

from catalog.engine import estimate as estimate_module
from catalog.engine import reuse, uncertainty
from catalog.engine.estimate import estimate
from catalog.engine.results import EstimateResult
from catalog.engine.scenario import parse_scenario
from catalog.engine.timeline import Params
from dashboard import scenario_state as ss


@pytest.fixture
def banded(catalog) -> dict:
    return ss.edit(ss.default_scenario(catalog), "bands", True, catalog)


def fresh(scenario: dict, catalog, monkeypatch) -> EstimateResult:
    """estimate() with nothing reused: the reference every reused estimate must equal."""
    with monkeypatch.context() as m:
        for module in (uncertainty, estimate_module):
            m.setattr(module, "reused", lambda catalog, key, build: build())
        return estimate(parse_scenario(scenario), catalog)


def volume(scenario: dict, value: float, catalog) -> dict:
    return ss.edit(scenario, "workload.requests_per_month", value, catalog)


def counting_cost_models(monkeypatch) -> list[int]:
    calls = [0]
    real = uncertainty.cost_model

    def counted(*args):
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(uncertainty, "cost_model", counted)
    return calls


def test_a_volume_change_reuses_the_models_and_gives_a_fresh_estimates_numbers(banded, catalog, monkeypatch):
    estimate(parse_scenario(volume(banded, 310_000, catalog)), catalog)
    calls = counting_cost_models(monkeypatch)
    changed = volume(banded, 420_000, catalog)
    reused_result = estimate(parse_scenario(changed), catalog)
    assert calls[0] == 0, "the drawn cost models were reused"
    assert reused_result == fresh(changed, catalog, monkeypatch)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("assumptions.hours_per_month", 300.0),
        ("workload.output_tokens", 900),
        ("training_data.examples", 5_000),
        ("options.3.method", "qlora"),
        ("start_date", "2031-01-01"),
    ],
)
def test_an_input_the_models_read_is_never_served_old_models(banded, catalog, monkeypatch, path, value):
    estimate(parse_scenario(banded), catalog)
    changed = ss.edit(banded, path, value, catalog)
    calls = counting_cost_models(monkeypatch)
    result = estimate(parse_scenario(changed), catalog)
    assert calls[0] > 0 or path == "start_date"  # a later start changes the billing plans, not the models
    assert result == fresh(changed, catalog, monkeypatch)


def test_another_catalog_never_gets_the_first_catalogs_models(banded, catalog, monkeypatch):
    estimate(parse_scenario(banded), catalog)
    gpu = banded["options"][3]["gpu_offer"]
    dearer = dataclasses.replace(
        catalog,
        gpus={
            **catalog.gpus,
            gpu: catalog.gpus[gpu].model_copy(update={"on_demand_per_hour": catalog.gpus[gpu].on_demand_per_hour * 3}),
        },
    )
    result = estimate(parse_scenario(banded), dearer)
    assert result == fresh(banded, dearer, monkeypatch)
    before = estimate(parse_scenario(banded), catalog).uncertainty
    assert result.uncertainty is not None and before is not None
    name = banded["options"][3]["name"]
    assert result.uncertainty.options[name].horizon_total_usd != before.options[name].horizon_total_usd


def test_shared_models_are_read_only(banded, catalog):
    s = parse_scenario(banded)
    estimate(s, catalog)
    key_part = reuse.volume_free(s)
    keys = {
        what: cast(tuple, full)[1]
        for what in ("model draws", "models and plans")
        for full in reuse._entries
        if cast(tuple, full)[1][:2] == (what, key_part)
    }
    params, _ = cast(tuple[Params, np.ndarray], reuse._entries[(id(catalog), keys["model draws"])][1])
    with pytest.raises(ValueError, match="read-only"):
        params.per_request[0] = 0.0
    _, plans = cast(tuple[tuple, tuple], reuse._entries[(id(catalog), keys["models and plans"])][1])
    with pytest.raises(ValueError, match="read-only"):
        plans[0].factors[0] = 2.0
