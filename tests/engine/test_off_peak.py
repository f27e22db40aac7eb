"""Issue 12, finding 4: time-of-day prices. DeepSeek is costed at its peak price unless the
workload says what share of its requests run in the off-peak windows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from catalog.engine.estimate import estimate
from catalog.engine.scenario import ScenarioError, parse_scenario
from catalog.records import ApiPrice
from plugins.genai_prices_mapping import records

WORKLOAD = {"requests_per_month": 1_000_000, "input_tokens": 1000, "output_tokens": 1000}


def monthly(catalog, **workload) -> dict:
    out = estimate(
        parse_scenario(
            {
                "workload": {**WORKLOAD, **workload},
                "team": {"hourly_rate_usd": 0},
                "options": [{"name": "d", "kind": "prompting", "model": "deepseek/deepseek-chat"}],
            }
        ),
        catalog,
        with_curves=False,
    ).model_dump(mode="json")
    return out["options"][0]


def test_deepseek_is_stored_at_its_peak_price_with_the_discount_beside_it():
    chat = next(r for r in records(only="deepseek") if r["model_id"] == "deepseek-chat")
    # genai-prices: unconditioned $0.135/$0.55 (off-peak), 00:30-16:30 UTC $0.27/$1.10 (standard)
    assert (chat["input_per_mtok"], chat["output_per_mtok"]) == (Decimal("0.27"), Decimal("1.1"))
    assert chat["off_peak"]["input_per_mtok"] == Decimal("0.135")
    assert chat["off_peak"]["windows_utc"] == ["16:30-00:30"]
    flash = next(r for r in records(only="deepseek") if r["model_id"] == "deepseek-v4-flash")
    # peak 01:00-04:00 and 06:00-10:00 UTC; the rest of the day is off-peak
    assert sorted(flash["off_peak"]["windows_utc"]) == ["04:00-06:00", "10:00-01:00"]


def test_deepseek_costed_at_peak_by_default_and_blended_per_request(catalog):
    peak = monthly(catalog)
    assert peak["monthly_usd"] == pytest.approx(1e6 * (1000 * 0.27 + 1000 * 1.10) / 1e6)  # $1,370
    assert "16:30-00:30" in peak["references"]["off_peak"]
    quarter = monthly(catalog, off_peak_fraction=0.25)
    assert quarter["monthly_usd"] == pytest.approx(0.75 * 1370 + 0.25 * (135 + 550))


def test_a_quoted_price_is_not_blended(catalog):
    out = estimate(
        parse_scenario(
            {
                "workload": {**WORKLOAD, "off_peak_fraction": 1},
                "team": {"hourly_rate_usd": 0},
                "options": [
                    {
                        "name": "d",
                        "kind": "prompting",
                        "model": "deepseek/deepseek-chat",
                        "prices": {"input_per_mtok": 1},
                    }
                ],
            }
        ),
        catalog,
        with_curves=False,
    ).model_dump(mode="json")
    assert out["options"][0]["monthly_usd"] == pytest.approx(1000 * 1 + 1000 * 0.55)  # output blended, input quoted


def test_a_malformed_window_is_one_clear_error():
    base = {
        "provider": "x",
        "model_id": "m",
        "name": "m",
        "input_per_mtok": 1,
        "output_per_mtok": 1,
        "source_url": "https://example.com/prices",
        "as_of": date(2026, 11, 30),
    }
    with pytest.raises(ValidationError, match="HH:MM-HH:MM"):
        ApiPrice(**base, off_peak={"input_per_mtok": 1, "output_per_mtok": 1, "windows_utc": ["4pm-midnight"]})
    with pytest.raises(ScenarioError, match="off_peak_fraction"):
        parse_scenario(
            {
                "workload": {**WORKLOAD, "off_peak_fraction": 1.5},
                "options": [{"name": "p", "kind": "prompting", "model": "x"}],
            }
        )
