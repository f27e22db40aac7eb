"""Issue 12, item 9: the Compare editor offers a GPU offer's spot and committed rates.

On 2026-11-29 a self-hosted option's editor had no pricing choice: a spot or committed rate the
catalog carries could be used only by editing the scenario's JSON. Here the editor lists each of
the offer's rates with its figure, a pick changes the estimate the page shows, and a rate the
offer does not publish says it is billed on demand, as the engine bills it."""

from __future__ import annotations

import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario
from dashboard import scenario_state as ss
from tests.dashboard.compare_checks import expected, shown, url_scenario

GCP_H100 = "gcp/a3-highgpu-8g/us-east4"


def self_hosted_on(catalog, gpu_offer: str) -> tuple[dict, int]:
    scenario = ss.default_scenario(catalog)
    index = next(i for i, o in enumerate(scenario["options"]) if o["kind"] == "self_hosted")
    scenario["options"][index] = {**scenario["options"][index], "gpu_offer": gpu_offer}
    return scenario, index


def test_the_editor_offers_the_offers_spot_and_committed_rates_and_bills_the_pick(app, catalog):
    scenario, index = self_hosted_on(catalog, GCP_H100)
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    pricing = at.selectbox(key=f"w:options.{index}.pricing")
    assert pricing.value == "on_demand"
    assert pricing.options == [
        "On demand: $87.83/h",
        "Spot (can be interrupted): $20.04/h",
        "1-year commitment: $61.43/h",
        "3-year commitment: $38.89/h",
    ]
    pricing.select("commit_3y").run()
    assert not at.exception
    held = url_scenario(at)
    assert held["options"][index]["pricing"] == "commit_3y"
    assert shown(at) == expected(held, catalog), "the page shows the engine's estimate of the URL's scenario"
    option = estimate(parse_scenario(held), catalog, with_curves=False, with_uncertainty=False).options[index]
    assert option.breakdown.replica_month_usd == pytest.approx(38.893975 * 730), (
        "the page's scenario bills the 3-year rate"
    )
    assert not [w for w in option.warnings if "on-demand used" in w]


def test_a_rate_the_offer_does_not_publish_says_it_is_billed_on_demand(app, catalog):
    scenario, index = self_hosted_on(catalog, "aws/p5.48xlarge/us-east-1")
    scenario["options"][index]["pricing"] = "commit_3y"
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    pricing = at.selectbox(key=f"w:options.{index}.pricing")
    assert pricing.value == "commit_3y", "a link's pick is kept, not changed"
    assert pricing.options[3] == "3-year commitment: not published for this offer, billed on demand"
