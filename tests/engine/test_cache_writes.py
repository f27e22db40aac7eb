"""Issue 12, finding 5: Anthropic's cache-write prices are charged. A prompt-cache write costs
1.25x the input price for the default 5-minute lifetime and 2x for 1 hour (anthropic.com/pricing,
"Prompt caching"); before, the catalog carried these prices and the engine billed writes as input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import ScenarioError, parse_scenario
from plugins.genai_prices_mapping import records

# 1M requests of 1,000 user tokens + 2,000 overhead: half the overhead read from the cache, a quarter written
WORKLOAD = {
    "requests_per_month": 1_000_000,
    "input_tokens": 1000,
    "output_tokens": 0,
    "prompt_overhead_tokens": 2000,
    "cached_overhead_fraction": 0.5,
    "cache_write_fraction": 0.25,
}


def option(catalog, model: str, **workload) -> dict:
    scenario = parse_scenario(
        {
            "workload": {**WORKLOAD, **workload},
            "team": {"hourly_rate_usd": 0},
            "options": [{"name": "p", "kind": "prompting", "model": model}],
        }
    )
    return estimate(scenario, catalog, with_curves=False).model_dump(mode="json")["options"][0]


def test_anthropic_records_carry_both_write_prices_at_the_published_multiples():
    sonnet = next(r for r in records(only="anthropic") if r["model_id"] == "claude-sonnet-4-6")
    assert sonnet["input_per_mtok"] == Decimal("3")
    assert (sonnet["cache_write_per_mtok"], sonnet["cache_write_1h_per_mtok"]) == (Decimal("3.75"), Decimal("6"))
    for r in records(only="anthropic"):
        # 1.25x and 2x the input price, model by model (retired Claude 3 Haiku was listed rounded: $0.30 for 0.3125)
        if r["cache_write_per_mtok"] is not None and r["lifecycle"]["status"] == "active":
            assert r["cache_write_per_mtok"] == r["input_per_mtok"] * Decimal("1.25"), r["model_id"]
            assert r["cache_write_1h_per_mtok"] == r["input_per_mtok"] * 2, r["model_id"]


def test_five_minute_writes_cost_one_and_a_quarter_input(catalog):
    out = option(catalog, "anthropic/claude-sonnet-4-6")
    # 1,500 plain input x $3 + 1,000 cached x $0.30 + 500 written x $3.75, per 1M tokens, x 1M requests
    assert out["breakdown"]["per_request"] == pytest.approx(
        {"input": 0.0045, "cached_input": 0.0003, "cache_write": 0.001875}
    )
    assert out["monthly_usd"] == pytest.approx(6675)  # the writes billed as input gave $6,300


def test_one_hour_writes_cost_twice_input(catalog):
    out = option(catalog, "anthropic/claude-sonnet-4-6", cache_ttl="1h")
    assert out["monthly_usd"] == pytest.approx(4500 + 300 + 500 * 6)


def test_a_model_without_a_write_price_bills_writes_as_input_and_says_so(catalog):
    key = next(
        k
        for k, r in catalog.api.items()
        if r.cache_write_per_mtok is None
        and r.cached_input_per_mtok is not None
        and r.lifecycle.status == "active"
        and r.provider == "openai"
    )
    record = catalog.api[key]
    out = option(catalog, key)
    expected = (2000 * float(record.input_per_mtok) + 1000 * float(record.cached_input_per_mtok)) * 1e6 / 1e6
    assert out["monthly_usd"] == pytest.approx(expected)
    assert "billed as input" in out["references"]["cache_write"]


def test_shares_over_the_whole_overhead_are_one_clear_error():
    with pytest.raises(ScenarioError, match="cache_write_fraction"):
        parse_scenario(
            {
                "workload": {**WORKLOAD, "cached_overhead_fraction": 0.9, "cache_write_fraction": 0.2},
                "options": [{"name": "p", "kind": "prompting", "model": "x"}],
            }
        )
    with pytest.raises(ScenarioError, match="cache_ttl"):
        parse_scenario(
            {
                "workload": {**WORKLOAD, "cache_ttl": "24h"},
                "options": [{"name": "p", "kind": "prompting", "model": "x"}],
            }
        )


def test_ranged_shares_whose_highest_draws_overlap_are_refused():
    """The Monte Carlo draws each range on its own: two shares that fit at their modes but not at
    their highs would bill a negative number of plain input tokens in some draws."""
    base = {"options": [{"name": "p", "kind": "prompting", "model": "x"}]}
    ok = parse_scenario(
        {
            **base,
            "workload": {
                **WORKLOAD,
                "cached_overhead_fraction": {"low": 0.2, "mode": 0.5, "high": 0.7},
                "cache_write_fraction": {"low": 0.1, "mode": 0.25, "high": 0.3},
            },
        }
    )
    assert set(ok.ranges) == {"workload.cached_overhead_fraction", "workload.cache_write_fraction"}
    with pytest.raises(ScenarioError, match="over 1"):
        parse_scenario(
            {
                **base,
                "workload": {
                    **WORKLOAD,
                    "cached_overhead_fraction": {"low": 0.2, "mode": 0.5, "high": 0.8},
                    "cache_write_fraction": {"low": 0.1, "mode": 0.25, "high": 0.3},
                },
            }
        )
