"""Portfolio: hand-computed strategies, adapter limits, memory refusals, the optimiser = exhaustive."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.engine.estimate import estimate
from catalog.engine.portfolio import (
    BEST_MIX,
    ONE_SHARED_BASE,
    OWN_DEPLOYMENT,
    PROMPTED,
    branch_and_bound,
    evaluate,
    exhaustive,
    parse_portfolio,
    routes,
    shared_cost,
    throughput_factor,
)
from catalog.engine.scenario import ScenarioError

FIREWORKS = "fireworks/llama-3.1-8b-lora-sft"
H100 = "lambda/gpu_1x_h100_sxm5/us-east-1"
VOLUMES = [200_000, 500_000, 1_000_000, 2_000_000, 5_000_000]
PER_REQUEST = (1500 * 2 + 100 * 8) / 1e6  # 1,500 prompt tokens at $2/M + 100 output at $8/M


def five_use_cases(**changes) -> dict:
    """Five use cases of 0.2-5M requests/month; prompting vs one Fireworks 8B multi-LoRA deployment.

    Training is quoted at $50 per 1M tokens and retrained monthly, so an adapter costs
    $150 + 12 × $150 = $1,950 over the year (3M training tokens), the smallest use case's
    $900 + 12 × $900 = $11,700 (18M): more than its $9,120 of prompting."""
    use_cases = []
    for i, volume in enumerate(VOLUMES):
        examples, tokens = (3000, 2000) if i == 0 else (1000, 1000)
        use_cases.append(
            {
                "name": f"uc{i}",
                "training_data": {"examples": examples, "tokens_per_example": tokens, "epochs": 3},
                "workload": {
                    "requests_per_month": volume,
                    "input_tokens": 500,
                    "output_tokens": 100,
                    "prompt_overhead_tokens": 1000,
                    "tuned_overhead_tokens": 0,
                },
            }
        )
    data = {
        "name": "five",
        "horizon_months": 12,
        "team": {"hourly_rate_usd": 0, "retrains_per_year": 12},
        "use_cases": use_cases,
        "options": [
            {"name": "prompt", "kind": "prompting", "prices": {"input_per_mtok": 2, "output_per_mtok": 8}},
            {
                "name": "fireworks",
                "kind": "hosted_finetune",
                "offer": FIREWORKS,
                "shared": True,
                "prices": {"training_per_mtok": 50},
            },
        ],
    }
    data.update(changes)
    return data


def by_name(result) -> dict:
    return {s.name: s for s in result.strategies}


def test_five_use_cases_hand_computed(catalog):
    result = evaluate(parse_portfolio(five_use_cases()), catalog)
    replica_year = float(catalog.finetune[FIREWORKS].endpoint_per_hour) * 730 * 12  # one H100, always on
    small_prompted = VOLUMES[0] * PER_REQUEST * 12
    s = by_name(result)
    assert s[PROMPTED].horizon_total_usd == pytest.approx(sum(VOLUMES) * PER_REQUEST * 12)
    assert s[OWN_DEPLOYMENT].horizon_total_usd == pytest.approx(5 * replica_year + 4 * 1950 + 11_700)
    assert s[ONE_SHARED_BASE].horizon_total_usd == pytest.approx(replica_year + 4 * 1950 + 11_700)
    best = s[BEST_MIX]
    assert best.horizon_total_usd == pytest.approx(replica_year + 4 * 1950 + small_prompted)
    assert best.assignments == {"uc0": "prompt", **{f"uc{i}": "fireworks" for i in range(1, 5)}}
    assert result.best_mix == best
    deployment = result.shared_options["fireworks"]
    assert (deployment.adapters, deployment.replicas, deployment.deployments) == (4, 1, 1)
    # one replica serves the month's 8.5M requests at the summed peak: its capacity is at least that
    assert deployment.requests_per_replica_month * deployment.replicas >= sum(VOLUMES[1:])
    assert deployment.throughput_factor == pytest.approx(0.89 * (1 - 0.022 * math.log10(4)), abs=1e-4)
    assert best.monthly_usd == pytest.approx(replica_year / 12 + 4 * 150 + VOLUMES[0] * PER_REQUEST)
    words = "\n".join(result.moves)
    assert "uc4 (5,000,000 requests/month) moves to the shared deployment fireworks" in words
    assert "uc0 (200,000 requests/month) stays on prompt" in words


def test_shared_replicas_follow_the_sum_not_the_sum_of_peaks(catalog):
    """Replicas cover the peak of the summed load, rounded up once."""
    p = parse_portfolio(five_use_cases())
    r = routes(p, catalog)
    so = r.shared[1]
    members = frozenset(range(5))
    _, deployment, _, _ = shared_cost(so, members, p.multi_lora)
    factor = throughput_factor(5, p.multi_lora)
    loads = [so.members[i].load[0] for i in members]  # merged replicas at the average
    assert deployment.replicas == max(1, math.ceil(2.0 * sum(loads) / factor - 1e-9))
    alone = [
        r_ for r_ in (estimate(p.scenario(u), catalog, with_curves=False, with_uncertainty=False) for u in p.use_cases)
    ]
    assert sum(o.options[1].serving_replicas for o in alone) == 5  # one each when alone


def test_independent_peaks_add_in_quadrature(catalog):
    p = parse_portfolio(five_use_cases(multi_lora={"peak_coincidence": 0}))
    so = routes(p, catalog).shared[1]
    _, deployment, _, _ = shared_cost(so, frozenset(range(5)), p.multi_lora)
    loads = np.array([so.members[i].load[0] for i in range(5)]) / throughput_factor(5, p.multi_lora)
    expected = 1 + math.sqrt(float((loads**2).sum())) / loads.sum()
    assert deployment.peak_to_average == pytest.approx(expected, rel=1e-3)
    assert 1 < deployment.peak_to_average < 2


def test_101_adapters_on_fireworks_need_two_deployments(catalog):
    p = parse_portfolio(five_use_cases())
    so = routes(p, catalog).shared[1]
    for i in range(5, 101):
        so.members[i] = so.members[1]
    _, deployment, _, _ = shared_cost(so, frozenset(range(101)), p.multi_lora)
    assert (deployment.adapters, deployment.deployments) == (101, 2)
    assert deployment.replicas >= 2
    _, hundred, _, _ = shared_cost(so, frozenset(range(100)), p.multi_lora)
    assert hundred.deployments == 1


def test_adapters_that_do_not_fit_next_to_the_kv_cache_are_refused(catalog):
    data = five_use_cases()
    data["options"][1] = {
        "name": "fireworks",
        "kind": "hosted_finetune",
        "offer": FIREWORKS,
        "shared": {"lora_rank": 1024},
        "prices": {"training_per_mtok": 50},
    }
    p = parse_portfolio(data)
    so = routes(p, catalog).shared[1]
    for i in range(5, 20):
        so.members[i] = so.members[1]
    total, deployment, _, reason = shared_cost(so, frozenset(range(20)), p.multi_lora)
    assert math.isinf(total) and deployment is None
    assert "20 adapters of rank 1024" in reason and "KV cache" in reason
    # the same five adapters fit, so the portfolio still has its shared route
    assert math.isfinite(shared_cost(so, frozenset(range(5)), p.multi_lora)[0])


def test_gates_apply_per_use_case(catalog):
    data = five_use_cases()
    data["use_cases"][2]["training_data"]["examples"] = 100
    data["use_cases"][3]["accuracy"] = {"required": 0.9, "by_option": {"fireworks": 0.8, "prompt": 0.95}}
    result = evaluate(parse_portfolio(data), catalog)
    assert result.set_aside["uc2"]["fireworks"].startswith("data_gate")
    assert result.set_aside["uc3"]["fireworks"].startswith("accuracy_gate")
    assert result.best_mix.assignments["uc2"] == result.best_mix.assignments["uc3"] == "prompt"
    assert "uc2 stays on prompt" in by_name(result)[ONE_SHARED_BASE].reason


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {
                "options": [
                    {
                        "name": "p",
                        "kind": "prompting",
                        "shared": True,
                        "prices": {"input_per_mtok": 1, "output_per_mtok": 1},
                    }
                ]
            },
            "only self-hosted or dedicated-endpoint options can be shared",
        ),
        (
            {
                "options": [
                    {
                        "name": "s",
                        "kind": "self_hosted",
                        "model": "m/x",
                        "gpu_offer": H100,
                        "method": "full",
                        "shared": True,
                    }
                ]
            },
            "method must be lora or qlora",
        ),
        (
            {
                "options": [
                    {
                        "name": "p",
                        "kind": "prompting",
                        "shared": "yes",
                        "prices": {"input_per_mtok": 1, "output_per_mtok": 1},
                    }
                ]
            },
            "options[0].shared",
        ),
        (
            {
                "use_cases": [
                    {"name": "a", "workload": {"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1}},
                    {"name": "a", "workload": {"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1}},
                ]
            },
            "use case names must be unique",
        ),
    ],
)
def test_bad_portfolios_get_one_clear_error(change, message):
    with pytest.raises(ScenarioError, match=None) as info:
        parse_portfolio(five_use_cases(**change))
    assert message in str(info.value)


def test_per_token_offer_cannot_be_shared(catalog):
    data = five_use_cases()
    data["options"][1] = {
        "name": "tuned",
        "kind": "hosted_finetune",
        "shared": True,
        "prices": {"training_per_mtok": 1, "input_per_mtok": 1, "output_per_mtok": 1},
    }
    with pytest.raises(ScenarioError, match="bills its fine-tuned model per token"):
        evaluate(parse_portfolio(data), catalog)


def _small_portfolio(volumes, examples, rank) -> dict:
    use_cases = [
        {
            "name": f"u{i}",
            "workload": {
                "requests_per_month": v,
                "input_tokens": 400,
                "output_tokens": 80 + 40 * i,
                "prompt_overhead_tokens": 800,
                "tuned_overhead_tokens": 20,
            },
            "training_data": {"examples": e, "tokens_per_example": 800, "epochs": 2},
        }
        for i, (v, e) in enumerate(zip(volumes, examples, strict=True))
    ]
    return {
        "horizon_months": 6,
        "team": {
            "hourly_rate_usd": 100,
            "retrains_per_year": 4,
            "self_hosted": {"upfront_hours": 20, "monthly_hours": 4},
        },
        "use_cases": use_cases,
        "options": [
            {"name": "prompt", "kind": "prompting", "prices": {"input_per_mtok": 0.4, "output_per_mtok": 1.6}},
            {
                "name": "self-host",
                "kind": "self_hosted",
                "model": "meta-llama/Llama-3.1-8B-Instruct",
                "gpu_offer": H100,
                "shared": {"lora_rank": rank},
                "prices": {"instance_per_hour": 3},
            },
            {
                "name": "fireworks",
                "kind": "hosted_finetune",
                "offer": FIREWORKS,
                "shared": True,
                "prices": {"training_per_mtok": 20},
            },
        ],
    }


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    volumes=st.lists(st.sampled_from([5e3, 5e4, 3e5, 2e6, 3e7, 1.2e8]), min_size=2, max_size=5),
    examples=st.lists(st.sampled_from([100, 800, 5000, 50_000]), min_size=5, max_size=5),
    rank=st.sampled_from([8, 64]),
)
def test_branch_and_bound_equals_exhaustive_search(catalog, volumes, examples, rank):
    p = parse_portfolio(_small_portfolio(volumes, examples[: len(volumes)], rank))
    r = routes(p, catalog)
    reference = exhaustive(r, p.multi_lora)
    found, proven, _ = branch_and_bound(r, p.multi_lora)
    assert proven
    assert found.total == pytest.approx(reference.total)


def test_hours_per_day_apply_to_the_shared_deployment(catalog):
    """A shared self-hosted base up 12 hours a day bills half the replica-hours and serves half
    the requests per replica-month."""

    def shared(hours: float):
        data = _small_portfolio([2e6, 3e6], [5000, 5000], 16)
        data["options"][1]["hours_per_day"] = hours
        p = parse_portfolio(data)
        so = routes(p, catalog).shared[1]
        return so, shared_cost(so, frozenset({0, 1}), p.multi_lora)[1]

    full, full_deployment = shared(24)
    half, half_deployment = shared(12)
    assert half.replica_usd[0] == pytest.approx(full.replica_usd[0] / 2) == pytest.approx(3 * 730 / 2)
    assert half_deployment.requests_per_replica_month == pytest.approx(
        full_deployment.requests_per_replica_month / 2, rel=1e-3
    )


def test_use_cases_from_presets(catalog):
    data = five_use_cases()
    data["use_cases"][1] = {
        "name": "support",
        "preset": "customer_support",
        "training_data": {"examples": 1000, "tokens_per_example": 500},
    }
    result = evaluate(parse_portfolio(data), catalog)
    preset = catalog.usecases["customer_support"].workload
    assert f"support ({preset.requests_per_month:,.0f} requests/month)" in "\n".join(result.moves)
    data["use_cases"][1]["preset"] = "customer_suport"
    with pytest.raises(
        ScenarioError, match=r"use_cases\[1\].preset: unknown use case preset 'customer_suport'; did you mean"
    ):
        evaluate(parse_portfolio(data), catalog)
    data["use_cases"][1]["workload"] = data["use_cases"][0]["workload"]
    with pytest.raises(ScenarioError, match="give a workload or a preset"):
        parse_portfolio(data)


def test_team_upkeep_is_paid_once_per_shared_deployment(catalog):
    """With the default team time, each deployment's upkeep is paid once however many adapters
    it holds: five own deployments pay it five times."""
    data = five_use_cases(team={"retrains_per_year": 12})  # default rate and hours per route
    result = evaluate(parse_portfolio(data), catalog)
    rate_free = evaluate(parse_portfolio(five_use_cases()), catalog)
    s, free = by_name(result), by_name(rate_free)
    a = parse_portfolio(data).assumptions
    upkeep_year = a.team_hourly_rate_usd * a.team_monthly_hours_hosted_finetune * 12
    prompt_year = a.team_hourly_rate_usd * a.team_monthly_hours_prompting * 12
    assert s[ONE_SHARED_BASE].horizon_total_usd == pytest.approx(free[ONE_SHARED_BASE].horizon_total_usd + upkeep_year)
    assert s[OWN_DEPLOYMENT].horizon_total_usd == pytest.approx(
        free[OWN_DEPLOYMENT].horizon_total_usd + 5 * upkeep_year
    )
    assert s[PROMPTED].horizon_total_usd == pytest.approx(free[PROMPTED].horizon_total_usd + 5 * prompt_year)


def test_scale_to_zero_applies_to_a_shared_endpoint(catalog):
    """A shared Fireworks deployment up 12 hours a day that scales to zero bills 12 h plus the
    idle window a day, as the one-use-case engine bills a dedicated endpoint."""
    data = five_use_cases()
    data["options"][1].update(hours_per_day=12, scale_to_zero=True)
    p = parse_portfolio(data)
    so = routes(p, catalog).shared[1]
    rate = float(catalog.finetune[FIREWORKS].endpoint_per_hour)
    assert so.replica_usd[0] == pytest.approx(rate * 730 * (12 + p.assumptions.scale_to_zero_window_hours) / 24)


def test_an_adapter_that_costs_cents_is_priced_in_cents(catalog):
    """Adding a use case to a deployment that already runs can cost only its training: cents, not "$1"."""
    import json
    import re

    from tests.conftest import ROOT

    text = (ROOT / "examples" / "portfolio" / "five_use_cases.json").read_text()
    result = evaluate(parse_portfolio(json.loads(text)), catalog)
    costs = [
        float(c.replace(",", "")) for c in re.findall(r"adding it costs \$([\d,]+\.\d\d) ", "\n".join(result.moves))
    ]
    assert costs and all(c < 100 for c in costs), "each small cost is shown with its cents"
