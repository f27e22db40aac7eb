"""The tornado swings each ranged input using horizon totals alone (`horizon_totals`), not full
estimates; these tests hold it to what full estimates of the same swings give, to the cent, for
the example with ranges, the Compare page's default with bands on, one with an option that
cannot run, and one ranked by cost including errors."""

from __future__ import annotations

import math

import pytest

from catalog.engine.disputes import with_reading_ranges
from catalog.engine.estimate import estimate, horizon_totals
from catalog.engine.results import OptionResult
from catalog.engine.scenario import Scenario, load_scenario, parse_scenario, quality_adjusted
from catalog.engine.uncertainty import default_ranges
from dashboard.scenario_state import default_scenario
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "scenarios" / "openai_shutdown_with_uncertainty.json"


def _compare_default(catalog) -> Scenario:
    data = default_scenario(catalog)
    data["ranges"] = default_ranges(data)
    return parse_scenario(data)


def _with_infeasible(catalog) -> Scenario:
    """The Compare default plus a self-hosted option whose GPU cannot hold its model."""
    data = default_scenario(catalog)
    gpu = min(k for k, g in catalog.gpus.items() if g.gpu == "L4")
    data["options"].append(
        {
            "name": "405B on an L4",
            "kind": "self_hosted",
            "model": "meta-llama/Llama-3.1-405B-Instruct",
            "gpu_offer": gpu,
            "method": "lora",
        }
    )
    data["ranges"] = default_ranges(data)
    return parse_scenario(data)


def _quality_adjusted(catalog) -> Scenario:
    """The Compare default ranked by cost including errors, one accuracy ranged."""
    data = default_scenario(catalog)
    for option, accuracy in zip(data["options"], (0.90, 0.93, 0.97, 0.96), strict=True):
        option["accuracy"] = accuracy
    data["cost_per_error_usd"] = 0.05
    data["ranges"] = {**default_ranges(data), "options.0.accuracy": {"low": 0.85, "mode": 0.90, "high": 0.99}}
    return parse_scenario(data)


@pytest.fixture(params=["example", "compare_default", "with_infeasible", "quality_adjusted"])
def scenario(request, catalog) -> Scenario:
    if request.param == "example":
        return load_scenario(EXAMPLE)
    return {
        "compare_default": _compare_default,
        "with_infeasible": _with_infeasible,
        "quality_adjusted": _quality_adjusted,
    }[request.param](catalog)


def _full_total(r: OptionResult, quality: bool) -> float | None:
    return r.quality_adjusted_horizon_usd if quality else r.horizon_total_usd


@pytest.mark.parametrize("quality", [False, True])
def test_horizon_totals_are_the_full_estimates_figures(scenario, catalog, quality):
    point = scenario.model_copy(update={"ranges": {}})
    full = estimate(point, catalog, with_curves=False, with_uncertainty=False).options
    assert horizon_totals(point, catalog, quality) == {
        r.name: _full_total(r, quality) if r.feasible else None for r in full
    }


def test_each_bar_equals_full_estimates_of_its_swings(scenario, catalog):
    result = estimate(scenario, catalog)
    assert result.uncertainty is not None
    tornado = result.uncertainty.tornado
    assert len(tornado.bars) >= 3
    used = with_reading_ranges(scenario, catalog)  # what estimate() swings: disputed prices ranged too
    quality = quality_adjusted(used)
    best, second = tornado.between
    eligible = {
        r.name for r in result.options if r.feasible and not r.closed and r.name not in result.recommendation.set_aside
    }

    def swing(path: str, value: float) -> tuple[float, str]:
        options = {
            r.name: r
            for r in estimate(
                used.model_copy(update={"ranges": {}}).with_value(path, value),
                catalog,
                with_curves=False,
                with_uncertainty=False,
            ).options
        }
        totals = {n: math.inf if (v := _full_total(r, quality)) is None else v for n, r in options.items()}
        usable = {n: v for n, v in totals.items() if n in eligible and options[n].feasible and math.isfinite(v)}
        gap = totals[second] - totals[best]
        return gap, min(usable, key=usable.__getitem__) if usable else ""

    for bar in tornado.bars:
        r = used.ranges[bar.input]
        assert (bar.low, bar.high) == (r.low, r.high)
        assert (bar.gap_at_low_usd, bar.winner_at_low) == swing(bar.input, r.low), bar.input
        assert (bar.gap_at_high_usd, bar.winner_at_high) == swing(bar.input, r.high), bar.input
        assert bar.swing_usd == abs(bar.gap_at_high_usd - bar.gap_at_low_usd)
        assert bar.flips == (bar.winner_at_low != best or bar.winner_at_high != best)
    assert [b.swing_usd for b in tornado.bars] == sorted((b.swing_usd for b in tornado.bars), reverse=True)
