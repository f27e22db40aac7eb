"""Hand-computed cases: the engine must match these to the cent."""

from __future__ import annotations

import pytest

from catalog.engine.estimate import estimate as engine_estimate
from catalog.engine.scenario import ScenarioError, parse_scenario


def estimate(scenario, catalog, **kw) -> dict:
    """The estimate as `estimate --json` prints it: these tests pin the JSON contract's values."""
    return engine_estimate(scenario, catalog, **kw).model_dump(mode="json")


NO_TEAM = {"hourly_rate_usd": 0}  # hand-computed price arithmetic: team time left out on purpose


def run(catalog, **scenario):
    return estimate(parse_scenario({"team": NO_TEAM, **scenario}), catalog)


def option(result, name):
    return next(o for o in result["options"] if o["name"] == name)


def test_prompting_with_cached_overhead_batch_share_and_team(catalog):
    result = run(
        catalog,
        workload={
            "requests_per_month": 1_000_000,
            "input_tokens": 500,
            "output_tokens": 1000,
            "prompt_overhead_tokens": 1000,
            "cached_overhead_fraction": 0.5,
            "batch_fraction": 0.2,
        },
        team={"hourly_rate_usd": 100, "prompting": {"upfront_hours": 40, "monthly_hours": 10}},
        options=[
            {
                "name": "p",
                "kind": "prompting",
                "prices": {
                    "input_per_mtok": 2.5,
                    "cached_input_per_mtok": 1.25,
                    "output_per_mtok": 10,
                    "batch_input_per_mtok": 1.25,
                    "batch_output_per_mtok": 5,
                },
            }
        ],
    )
    p = option(result, "p")
    # 1,000 uncached prompt tokens at 0.8 x 2.50 + 0.2 x 1.25; 500 cached at 1.25; 1,000 out at 0.8 x 10 + 0.2 x 5
    assert p["breakdown"]["per_request"] == pytest.approx({"input": 0.00225, "cached_input": 0.000625, "output": 0.009})
    assert p["monthly_usd"] == pytest.approx(11_875 + 1_000)
    assert p["upfront_usd"] == 4_000
    assert p["horizon_total_usd"] == pytest.approx(4_000 + 12 * 12_875)
    assert p["cost_per_request_usd"] == pytest.approx(0.012875)
    assert p["cost_per_mtok_usd"] == pytest.approx(12_875 / 2_500)  # 2,500 tokens per request


def test_long_context_tier_bills_the_whole_prompt_at_the_tier_price(catalog):
    def monthly(prompt):
        result = run(
            catalog,
            workload={"requests_per_month": 1000, "input_tokens": prompt, "output_tokens": 1000},
            options=[{"name": "g", "kind": "prompting", "model": "google/gemini-2.5-pro"}],
        )
        return option(result, "g")

    assert monthly(100_000)["monthly_usd"] == pytest.approx(1000 * (100_000 * 1.25 + 1000 * 10) / 1e6)  # $135
    over = monthly(250_000)
    assert over["monthly_usd"] == pytest.approx(1000 * (250_000 * 2.5 + 1000 * 15) / 1e6)  # $640
    assert any("long-context" in w for w in over["warnings"])


def test_hosted_finetune_training_retrains_and_lifecycle_warning(catalog):
    result = run(
        catalog,
        workload={
            "requests_per_month": 100_000,
            "input_tokens": 200,
            "output_tokens": 100,
            "tuned_overhead_tokens": 50,
        },
        training_data={"examples": 1000, "tokens_per_example": 1000, "epochs": 3},
        team={**NO_TEAM, "retrains_per_year": 4},
        start_date="2025-01-01",  # a year that ends before OpenAI's announced dates
        options=[{"name": "ft", "kind": "hosted_finetune", "offer": "openai/gpt-4o-mini-sft"}],
    )
    ft = option(result, "ft")
    assert ft["upfront_usd"] == pytest.approx(9.00)  # 3M training tokens x $3
    assert ft["monthly_usd"] == pytest.approx(100_000 * (250 * 0.30 + 100 * 1.20) / 1e6 + 9 * 4 / 12)  # 19.50 + 3.00
    assert ft["horizon_total_usd"] == pytest.approx(9 + 12 * 22.5)
    assert any("2027-01-06" in w for w in ft["warnings"]), "the route is closing: its dates are named"


def test_minimum_charge_and_hourly_hosting_fee(catalog):
    small = {"examples": 10, "tokens_per_example": 100, "epochs": 1}
    minimum = next(o for o in catalog.finetune.values() if o.min_charge_usd > 0 and o.training_per_mtok)
    result = run(
        catalog,
        workload={"requests_per_month": 0, "input_tokens": 1, "output_tokens": 1},
        training_data=small,
        options=[{"name": "m", "kind": "hosted_finetune", "offer": minimum.key}],
    )
    assert option(result, "m")["upfront_usd"] == pytest.approx(float(minimum.min_charge_usd))

    hosted = next(
        o
        for o in catalog.finetune.values()
        if o.hosting_per_hour and o.provider == "azure-openai" and o.training_per_mtok
    )
    result = run(
        catalog,
        workload={"requests_per_month": 0, "input_tokens": 1, "output_tokens": 1},
        options=[{"name": "az", "kind": "hosted_finetune", "offer": hosted.key}],
    )
    assert option(result, "az")["monthly_usd"] == pytest.approx(float(hosted.hosting_per_hour) * 730)


def test_fixed_quote_and_inline_prices_without_catalog(catalog):
    result = run(
        catalog,
        workload={"requests_per_month": 2000, "input_tokens": 0, "output_tokens": 0},
        horizon_months=3,
        options=[{"name": "q", "kind": "fixed", "upfront_usd": 1000, "monthly_usd": 50, "per_request_usd": 0.01}],
    )
    q = option(result, "q")
    assert (q["upfront_usd"], q["monthly_usd"], q["horizon_total_usd"]) == (1000, 70, 1210)
    assert q["cumulative_usd"] == [1070, 1140, 1210]


def test_growth_compounds_monthly(catalog):
    result = run(
        catalog,
        workload={"requests_per_month": 1000, "input_tokens": 0, "output_tokens": 0, "monthly_growth": 0.1},
        horizon_months=3,
        options=[{"name": "q", "kind": "fixed", "per_request_usd": 1}],
    )
    assert option(result, "q")["monthly_by_month_usd"] == [1000, 1100, 1210]


def test_self_hosted_training_hours_follow_the_flops_formula(catalog):
    model = catalog.models["meta-llama/Llama-3.1-8B-Instruct"]
    offer = catalog.gpus["lambda/gpu_8x_a100_80gb_sxm4/us-east-1"]
    result = run(
        catalog,
        workload={"requests_per_month": 0, "input_tokens": 500, "output_tokens": 500},
        training_data={"examples": 1000, "tokens_per_example": 5000, "epochs": 3},
        options=[
            {
                "name": "s",
                "kind": "self_hosted",
                "model": model.repo_id,
                "gpu_offer": offer.key,
                "method": "full",
                "min_replicas": 0,
            }
        ],
    )
    s = option(result, "s")
    flops = 8 * model.active_params_b * 1e9 * 15e6  # 6ND + 2ND for checkpointing
    hours = flops / (8 * 312e12 * 0.35 * 1.43) / 3600  # mfu_full × a100_mfu_factor: an A100 offer
    assert s["training_gpu_hours"] == pytest.approx(hours * 8, rel=1e-3)
    assert s["training_usd"] == pytest.approx(hours * float(offer.on_demand_per_hour), rel=1e-3)
    assert s["monthly_usd"] == 0  # zero volume, no minimum replica: only fixed costs


def test_self_hosted_serving_is_a_staircase_of_whole_replicas(catalog):
    scenario = dict(
        workload={"requests_per_month": 1, "input_tokens": 500, "output_tokens": 200},
        options=[
            {
                "name": "s",
                "kind": "self_hosted",
                "model": "meta-llama/Llama-3.1-8B-Instruct",
                "gpu_offer": "lambda/gpu_1x_h100_sxm5/us-east-1",
                "method": "none",
                "prices": {"instance_per_hour": 2},
            }
        ],
    )
    one = option(run(catalog, **scenario), "s")
    capacity = one["requests_per_replica_month"]
    assert one["monthly_usd"] == pytest.approx(2 * 730) and one["serving_gpus"] == 1
    scenario["workload"]["requests_per_month"] = capacity * 2.4  # not x2.5: 12 hours would sit exactly on 5.0
    three = option(run(catalog, **scenario), "s")
    assert three["serving_replicas"] == 3 and three["monthly_usd"] == pytest.approx(3 * 2 * 730)
    scenario["options"][0]["hours_per_day"] = 12
    half_day = option(run(catalog, **scenario), "s")
    assert half_day["serving_replicas"] == 5  # the same traffic squeezed into 12 hours needs twice the capacity
    assert half_day["monthly_usd"] == pytest.approx(5 * 2 * 365)


def test_a_model_that_does_not_fit_is_infeasible_with_the_reason(catalog):
    result = run(
        catalog,
        workload={"requests_per_month": 1000, "input_tokens": 500, "output_tokens": 200},
        options=[
            {
                "name": "70b",
                "kind": "self_hosted",
                "model": "meta-llama/Llama-3.1-70B-Instruct",
                "gpu_offer": "aws/g5.2xlarge/us-east-1",
                "method": "none",
            },
            {"name": "api", "kind": "prompting", "model": "gpt-4o-mini"},
        ],
    )
    big = option(result, "70b")
    assert not big["feasible"] and "1 × A10G" not in big["reason"] and "this instance has 1" in big["reason"]
    assert result["recommendation"]["option"] == "api"
    assert "infeasible" in result["recommendation"]["set_aside"]["70b"]


def test_quality_adjusted_cost_uses_accuracy_and_cost_per_error(catalog):
    result = run(
        catalog,
        workload={"requests_per_month": 10_000, "input_tokens": 0, "output_tokens": 0},
        cost_per_error_usd=2,
        training_data={"examples": 2000},
        options=[
            {"name": "cheap", "kind": "fixed", "monthly_usd": 100, "accuracy": 0.85},
            {"name": "good", "kind": "fixed", "monthly_usd": 1000, "accuracy": 0.95},
        ],
    )
    assert option(result, "cheap")["quality_adjusted_monthly_usd"] == pytest.approx(100 + 0.15 * 10_000 * 2)
    assert option(result, "good")["quality_adjusted_monthly_usd"] == pytest.approx(1000 + 0.05 * 10_000 * 2)
    assert result["recommendation"]["option"] == "good"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"workload": {"requests_per_month": -5, "input_tokens": 1, "output_tokens": 1}},
            "workload.requests_per_month",
        ),
        ({"options": []}, "options"),
        ({"options": [{"name": "x", "kind": "teleport"}]}, "options.0"),
        ({"horizon_months": 0}, "horizon_months"),
    ],
)
def test_bad_scenarios_name_the_field(change, message):
    base = {
        "workload": {"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1},
        "options": [{"name": "q", "kind": "fixed"}],
    }
    with pytest.raises(ScenarioError, match=message.replace(".", r"\.")):
        parse_scenario({**base, **change})


def test_unknown_model_suggests_close_matches(catalog):
    with pytest.raises(ScenarioError, match=r"options\[0\]\.model: unknown API model 'gpt-4o-mni'.*gpt-4o-mini"):
        run(
            catalog,
            workload={"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1},
            options=[{"name": "x", "kind": "prompting", "model": "gpt-4o-mni"}],
        )


def test_a_request_longer_than_the_context_window_is_infeasible(catalog):
    result = run(
        catalog,
        workload={"requests_per_month": 10, "input_tokens": 300_000, "output_tokens": 10},
        options=[
            {"name": "small", "kind": "prompting", "model": "openai/gpt-4o"},
            {
                "name": "open",
                "kind": "self_hosted",
                "model": "Qwen/Qwen2.5-7B-Instruct",
                "gpu_offer": "lambda/gpu_1x_h100_sxm5/us-east-1",
                "method": "none",
            },
        ],
    )
    assert "context window" in option(result, "small")["reason"]
    assert "exceed the model's context" in option(result, "open")["reason"]


def test_zero_tokens_per_request_does_not_crash(catalog):
    result = run(
        catalog,
        workload={"requests_per_month": 1000, "input_tokens": 0, "output_tokens": 0},
        options=[
            {
                "name": "s",
                "kind": "self_hosted",
                "model": "meta-llama/Llama-3.1-8B-Instruct",
                "gpu_offer": "lambda/gpu_1x_h100_sxm5/us-east-1",
                "method": "none",
            },
            {"name": "q", "kind": "fixed", "monthly_usd": 1},
        ],
    )
    assert result["break_even"]


def test_an_option_cannot_be_its_own_successor():
    with pytest.raises(ScenarioError, match="its own successor"):
        parse_scenario(
            {
                "workload": {"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1},
                "options": [{"name": "a", "kind": "fixed", "successor": "a"}],
            }
        )
