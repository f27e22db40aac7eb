"""Issue 8: lifecycles, price drift, NPV, payback, Monte Carlo and the tornado."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.engine.estimate import estimate as engine_estimate
from catalog.engine.scenario import parse_scenario
from catalog.engine.uncertainty import default_ranges
from tests.engine.test_costs import option


def estimate(scenario, catalog, **kw) -> dict:
    """The estimate as `estimate --json` prints it: these tests pin the JSON contract's values."""
    return engine_estimate(scenario, catalog, **kw).model_dump(mode="json")


BASE = {
    "workload": {"requests_per_month": 1000, "input_tokens": 1000, "output_tokens": 0},
    "horizon_months": 3,
    "team": {"hourly_rate_usd": 0},
}  # hand-computed price arithmetic: team time left out on purpose
TEN_DOLLARS = {
    "name": "p",
    "kind": "prompting",
    "prices": {"input_per_mtok": 10, "output_per_mtok": 0},
}  # $0.01/request


def run(catalog, **changes):
    return estimate(parse_scenario({**BASE, **changes}), catalog)


def test_drift_and_npv_match_hand_computed_figures(catalog):
    out = run(catalog, options=[TEN_DOLLARS], price_change_per_year={"api_tokens": -0.12}, discount_rate_per_year=0.10)
    p = option(out, "p")
    # month m (0-based) costs $10 x 0.88^(m/12); paid at the end of the month, discounted 1.1^(-(m+1)/12)
    assert p["monthly_by_month_usd"] == [10.00, 9.89, 9.79]
    assert p["horizon_total_usd"] == pytest.approx(29.683236, abs=1e-6)
    assert p["npv_usd"] == pytest.approx(29.217704, abs=1e-6)
    assert p["monthly_usd"] == 10.00, "month 1 is at today's prices"


def test_team_hours_and_quotes_do_not_drift(catalog):
    out = run(
        catalog,
        team={"hourly_rate_usd": 100, "prompting": {"monthly_hours": 1}},
        options=[TEN_DOLLARS, {"name": "q", "kind": "fixed", "monthly_usd": 50}],
        price_change_per_year={"api_tokens": -0.5, "gpu_hours": -0.5, "fine_tuning": -0.5},
    )
    assert option(out, "q")["monthly_by_month_usd"] == [50, 50, 50]
    p = option(out, "p")["monthly_by_month_usd"]
    assert p == [110.00, round(100 + 10 * 0.5 ** (1 / 12), 2), round(100 + 10 * 0.5 ** (2 / 12), 2)]  # team time flat


def test_payback_month_against_the_cheapest_upfront_option(catalog):
    out = run(
        catalog,
        horizon_months=6,
        options=[
            {"name": "cheap start", "kind": "fixed", "monthly_usd": 100},
            {"name": "investment", "kind": "fixed", "upfront_usd": 250, "monthly_usd": 10},
        ],
    )
    # cumulative: cheap start 100, 200, 300, 400; investment 260, 270, 280, 290: at or below from month 3
    assert option(out, "investment")["payback_month"] == 3
    assert option(out, "cheap start")["payback_against"] == "cheap start"


def test_zero_drift_zero_discount_equals_the_undiscounted_totals(catalog):
    plain = run(catalog, options=[TEN_DOLLARS, {"name": "q", "kind": "fixed", "upfront_usd": 7, "monthly_usd": 3}])
    zero = run(
        catalog,
        options=[TEN_DOLLARS, {"name": "q", "kind": "fixed", "upfront_usd": 7, "monthly_usd": 3}],
        price_change_per_year={"api_tokens": 0, "fine_tuning": 0, "gpu_hours": 0},
        discount_rate_per_year=0,
    )
    for a, b in zip(plain["options"], zero["options"], strict=True):
        assert a["horizon_total_usd"] == b["horizon_total_usd"] == b["npv_usd"]
        assert a["cumulative_usd"] == b["cumulative_usd"]


def test_openai_shutdown_forces_a_move_with_its_cost_and_the_recommendation_says_so(catalog):
    out = run(
        catalog,
        start_date="2026-11-23",
        horizon_months=12,
        workload={
            "requests_per_month": 100_000,
            "input_tokens": 300,
            "output_tokens": 100,
            "tuned_overhead_tokens": 20,
        },
        training_data={"examples": 2000, "tokens_per_example": 500, "epochs": 3},
        team={"hourly_rate_usd": 100, "migration_hours": 40},
        options=[
            {
                "name": "OpenAI 4.1-mini tuned",
                "kind": "hosted_finetune",
                "offer": "openai/gpt-4.1-mini-sft",
                "successor": "Llama 8B tuned",
            },
            {"name": "Llama 8B tuned", "kind": "hosted_finetune", "offer": "fireworks/llama-3.1-8b-lora-sft"},
        ],
    )
    openai = option(out, "OpenAI 4.1-mini tuned")
    move = openai["lifecycle"]["move"]
    assert move["month"] == 2 and move["date"] == "2027-01-14" and move["to"] == "Llama 8B tuned"
    llama_training = 2000 * 500 * 3 / 1e6 * 0.50  # $1.50 at Fireworks' $0.50/1M (up to 16B, LoRA)
    assert move["one_off_usd"] == pytest.approx(llama_training + 40 * 100)
    assert any("2027-01-14" in w and "month 2" in w for w in openai["warnings"])
    llama = option(out, "Llama 8B tuned")
    assert openai["monthly_by_month_usd"][1] == pytest.approx(
        llama["monthly_by_month_usd"][1] + move["one_off_usd"], abs=0.01
    )
    assert openai["monthly_by_month_usd"][2:] == llama["monthly_by_month_usd"][2:]
    rec = out["recommendation"]
    assert rec["option"] == openai["name"], "the move is cheap enough that the route is still the pick"
    assert any("in month 2 (2027-01-14) it moves to Llama 8B tuned" in r and "$4,002 move" in r for r in rec["reasons"])
    assert openai["closed"] is False, "OpenAI still takes jobs until 2027-01-06"


def test_a_successor_that_cannot_be_started_stops_the_route(catalog):
    out = run(
        catalog,
        start_date="2026-11-23",
        horizon_months=6,
        options=[
            {"name": "4o", "kind": "hosted_finetune", "offer": "openai/gpt-4o-sft", "successor": "gemini"},
            {"name": "gemini", "kind": "hosted_finetune", "offer": "vertex-ai/gemini-2.5-flash-sft"},
        ],
        training_data={"examples": 1000, "tokens_per_example": 100},
    )
    four_o = option(out, "4o")
    assert not four_o["feasible"] and "cannot be started" in four_o["reason"]


def test_a_route_that_cannot_start_today_is_never_recommended(catalog):
    out = run(
        catalog,
        start_date="2026-11-23",
        options=[
            {"name": "gpt-3.5 tuned", "kind": "hosted_finetune", "offer": "openai/gpt-3.5-turbo-sft"},
            {"name": "api", "kind": "prompting", "prices": {"input_per_mtok": 1000, "output_per_mtok": 1000}},
        ],
        training_data={"examples": 5000, "tokens_per_example": 100},
    )
    rec = out["recommendation"]
    assert rec["option"] == "api"
    assert "cannot be started today" in rec["set_aside"]["gpt-3.5 tuned"]
    assert option(out, "gpt-3.5 tuned")["closed"] is True


def test_an_automatic_successor_is_named_as_such(catalog):
    out = run(
        catalog,
        start_date="2026-11-23",
        horizon_months=6,
        options=[{"name": "4o", "kind": "hosted_finetune", "offer": "openai/gpt-4o-sft"}],
        training_data={"examples": 1000, "tokens_per_example": 100},
    )
    move = option(out, "4o")["lifecycle"]["move"]
    assert "chosen automatically" in move["how"] and move["to"].startswith("4o → ")


def ranged(volume=None, accuracy=None, **more):
    return {
        **BASE,
        "horizon_months": 6,
        "cost_per_error_usd": 0.5,
        "workload": {"requests_per_month": volume or 10_000, "input_tokens": 1000, "output_tokens": 100},
        # p: $0.01 + 5% x $0.50 errors = $0.035 a request; q: $95 a month + 1% x $0.50 = $0.005 a request
        "options": [
            {**TEN_DOLLARS, "accuracy": 0.95},
            {"name": "q", "kind": "fixed", "monthly_usd": 95, "accuracy": accuracy or 0.99},
        ],
        **more,
    }


def test_same_seed_same_numbers_and_a_different_seed_differs(catalog):
    data = ranged(volume={"low": 2000, "mode": 10_000, "high": 30_000})
    first = estimate(parse_scenario(data), catalog)["uncertainty"]
    again = estimate(parse_scenario(data), catalog)["uncertainty"]
    other = estimate(parse_scenario({**data, "seed": 7}), catalog)["uncertainty"]
    assert first == again
    assert first["options"]["p"] != other["options"]["p"]
    p = first["options"]["p"]["horizon_total_usd"]
    assert p["p10"] < p["p50"] < p["p90"]
    shares = [o["probability_cheapest"] for o in first["options"].values()]
    assert sum(shares) == pytest.approx(1.0) and 0 < shares[0] < 1


@settings(max_examples=25, deadline=None)
@given(st.floats(100, 1e6), st.floats(0.5, 0.99))
def test_ranges_collapsed_to_a_point_give_the_deterministic_figure(catalog, volume, accuracy):
    data = ranged(
        volume={"low": volume, "mode": volume, "high": volume},
        accuracy={"low": accuracy, "mode": accuracy, "high": accuracy},
        draws=50,
    )
    out = estimate(parse_scenario(data), catalog)
    for result in out["options"]:
        stats = out["uncertainty"]["options"][result["name"]]["horizon_total_usd"]
        assert stats["p10"] == pytest.approx(result["horizon_total_usd"]) == stats["p50"] == stats["p90"]
    assert all(bar["swing_usd"] == 0 for bar in out["uncertainty"]["tornado"]["bars"])


def test_tornado_ranks_inputs_and_flags_a_flip(catalog):
    data = ranged(
        volume={"low": 1000, "mode": 10_000, "high": 100_000}, accuracy={"low": 0.985, "mode": 0.99, "high": 0.995}
    )
    tornado = estimate(parse_scenario(data), catalog)["uncertainty"]["tornado"]
    assert [b["input"] for b in tornado["bars"]] == ["workload.requests_per_month", "options.1.accuracy"]
    volume = tornado["bars"][0]
    assert volume["flips"] and volume["winner_at_low"] != volume["winner_at_high"]
    assert volume["swing_usd"] > tornado["bars"][1]["swing_usd"]


def test_default_ranges_cover_the_inputs_users_rarely_know(catalog):
    from dashboard.scenario_state import default_scenario

    data = default_scenario(catalog)
    data["ranges"] = default_ranges(data)
    out = estimate(parse_scenario(data), catalog)
    assert set(out["uncertainty"]["ranges"]) == {
        "workload.requests_per_month",
        "workload.monthly_growth",
        "assumptions.mfu_lora",
        "assumptions.mfu_full",
        "assumptions.utilisation",
    }
    assert len(out["uncertainty"]["bands"]["requests_per_month"]) >= 200


def test_a_bad_range_names_the_field():
    from catalog.engine.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="workload.requests_per_month"):
        parse_scenario(ranged(volume={"low": -10, "mode": 5, "high": 20}))
    with pytest.raises(ScenarioError, match="low <= mode <= high"):
        parse_scenario(ranged(volume={"low": 10, "mode": 5, "high": 20}))


def test_the_api_drift_default_is_what_the_price_history_gives():
    from catalog.engine.scenario import PriceChange
    from plugins.genai_prices_mapping import snapshot_date
    from tools.drift import same_model_yearly_change

    assert round(same_model_yearly_change(snapshot_date()), 3) == PriceChange().api_tokens


def test_an_automatic_api_successor_is_a_text_model_without_the_old_prices(catalog):
    out = run(
        catalog,
        start_date="2026-12-01",
        horizon_months=3,
        options=[{"name": "4o", "kind": "prompting", "model": "openai/gpt-4o", "prices": {"input_per_mtok": 1}}],
    )
    move = option(out, "4o")["lifecycle"]["move"]
    successor = move["to"].split(" → ")[1]
    assert not any(word in successor for word in ("transcribe", "audio", "image", "tts", "realtime"))
    assert catalog.api[successor].context_window >= catalog.api["openai/gpt-4o"].context_window
    moved_month = option(out, "4o")["monthly_by_month_usd"][move["month"]]
    own_price = 1000 * 1000 * float(catalog.api[successor].input_per_mtok) / 1e6
    assert moved_month >= own_price - 0.01, "the $1 negotiated price of gpt-4o does not carry over"


def test_whole_number_inputs_stay_whole_in_the_simulation(catalog):
    data = {
        **BASE,
        "workload": {"requests_per_month": 1_000_000, "input_tokens": 500, "output_tokens": 200},
        "ranges": {"options.0.min_replicas": {"low": 1, "mode": 1, "high": 3}},
        "options": [
            {
                "name": "s",
                "kind": "self_hosted",
                "model": "meta-llama/Llama-3.1-8B-Instruct",
                "gpu_offer": "lambda/gpu_1x_h100_sxm5/us-east-1",
                "method": "none",
                "prices": {"instance_per_hour": 1},
            }
        ],
    }
    stats = estimate(parse_scenario(data), catalog)["uncertainty"]["options"]["s"]["monthly_usd"]
    assert {round(v / 730, 6) for v in stats.values()} <= {1.0, 2.0, 3.0}, "whole replicas at $730 each"


def test_a_discount_rate_makes_the_recommendation_rank_by_npv(catalog):
    out = run(
        catalog,
        horizon_months=24,
        discount_rate_per_year=0.5,
        options=[
            {"name": "later", "kind": "fixed", "monthly_usd": 1000},
            {"name": "now", "kind": "fixed", "upfront_usd": 20_500},
        ],
    )
    assert option(out, "later")["horizon_total_usd"] > option(out, "now")["horizon_total_usd"]
    assert option(out, "later")["npv_usd"] < option(out, "now")["npv_usd"]
    assert out["recommendation"]["option"] == "later" and "net present cost" in out["recommendation"]["reasons"][0]
