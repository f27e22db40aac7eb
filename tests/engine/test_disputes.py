"""Issue 12 items 5 and 6: disagreeing sources become readings, a range and a stated caveat.

On the data of 2026-11-29 these failed: Together's dedicated H100 rate and its minimum charge
were single figures with the disagreement buried in a note, and no verdict mentioned it."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from catalog.engine.disputes import price_disputes, reading_ranges
from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario
from catalog.records import ApiPrice, DateReading, Lifecycle, Reading, point_reading

PAGE = "https://docs.together.ai/"


def reading(value: str, as_of: date, first_party: bool = True, field: str = "input_per_mtok") -> Reading:
    return Reading(field=field, value=Decimal(value), source_url=PAGE, as_of=as_of, first_party=first_party)


def test_the_point_estimate_is_the_most_recent_first_party_reading():
    readings = [
        reading("6.49", date(2026, 6, 8)),
        reading("5.49", date(2026, 7, 16)),
        reading("3.99", date(2026, 10, 24), first_party=False),
    ]
    assert point_reading(readings).value == Decimal("5.49")
    assert point_reading(readings[2:]).value == Decimal("3.99"), "with no first-party reading, the most recent of all"


def test_a_record_whose_value_is_not_its_point_reading_is_refused():
    with pytest.raises(ValueError, match="most recent first-party reading"):
        ApiPrice(
            provider="x",
            model_id="m",
            name="m",
            input_per_mtok=Decimal("0.20"),
            output_per_mtok=Decimal("0.20"),
            source_url=PAGE,
            as_of=date(2026, 11, 1),
            readings=(reading("0.10", date(2026, 11, 1)),),
        )


def test_together_keeps_every_reading_of_its_disputed_figures(catalog):
    offer = catalog.finetune["together/llama-3.1-8b-lora-sft"]
    disputes = {d.field: d for d in price_disputes(offer)}
    assert (
        disputes["endpoint_per_hour"].low,
        disputes["endpoint_per_hour"].mode,
        disputes["endpoint_per_hour"].high,
    ) == (5.40, 5.49, 6.49)
    assert (disputes["min_charge_usd"].low, disputes["min_charge_usd"].high) == (0, 4)


def scenario(option: dict, ranged: bool = True):
    data = {
        "workload": {"requests_per_month": 1_000_000, "input_tokens": 500, "output_tokens": 200},
        "start_date": "2026-11-30",
        "horizon_months": 6,
        "draws": 200,
        "training_data": {"examples": 5000, "tokens_per_example": 500},
        "options": [option, {"name": "fixed", "kind": "fixed", "monthly_usd": 100_000}],
    }
    if ranged:
        data["workload"]["monthly_growth"] = {"low": 0, "mode": 0, "high": 0.05}
    return parse_scenario(data)


def disputed_catalog(catalog):
    base = catalog.api["openai/gpt-5.6-luna"]
    record = base.model_copy(
        update={
            "readings": (
                reading(str(base.input_per_mtok), date(2026, 11, 1)),
                reading(str(base.input_per_mtok * 2), date(2026, 9, 1)),
            )
        }
    )
    return dataclasses.replace(catalog, api={**catalog.api, record.key: record}), float(base.input_per_mtok)


def test_the_monte_carlo_draws_a_disputed_price_by_default(catalog):
    disputed, price = disputed_catalog(catalog)
    s = scenario({"name": "api", "kind": "prompting", "model": "openai/gpt-5.6-luna"})
    assert reading_ranges(s, disputed) == {
        "options.0.prices.input_per_mtok": {"low": price, "mode": price, "high": price * 2}
    }
    out = estimate(s, disputed, with_curves=False).model_dump(mode="json")
    assert out["uncertainty"]["ranges"]["options.0.prices.input_per_mtok"] == {
        "low": price,
        "mode": price,
        "high": price * 2,
    }
    assert (
        out["options"][0]["monthly_usd"]
        == estimate(s, catalog, with_curves=False).model_dump(mode="json")["options"][0]["monthly_usd"]
    ), "the point estimate is unchanged: the range is drawn around it"


def test_a_price_the_user_gave_is_not_ranged(catalog):
    disputed, _ = disputed_catalog(catalog)
    s = scenario({"name": "api", "kind": "prompting", "model": "openai/gpt-5.6-luna", "prices": {"input_per_mtok": 1}})
    assert reading_ranges(s, disputed) == {}


def test_a_verdict_resting_on_a_disputed_price_says_so(catalog):
    disputed, _ = disputed_catalog(catalog)
    out = estimate(
        scenario({"name": "api", "kind": "prompting", "model": "openai/gpt-5.6-luna"}, ranged=False),
        disputed,
        with_curves=False,
    ).model_dump(mode="json")
    rec = out["recommendation"]
    assert rec["option"] == "api"
    assert rec["depends_on_disputed"] and "openai/gpt-5.6-luna input_per_mtok is disputed" in rec["reasons"][-1]
    assert any("is disputed" in w for w in out["options"][0]["warnings"])


def test_a_disputed_shutdown_date_is_an_estimate_warning(catalog):
    api = catalog.api["anthropic/claude-sonnet-4-5"]
    later = DateReading(shutdown=date(2027, 3, 1), source_url=PAGE, as_of=date(2026, 11, 1))
    life = Lifecycle.model_validate(
        {**api.lifecycle.model_dump(), "readings": [*api.lifecycle.model_dump()["readings"], later.model_dump()]}
    )
    record = api.model_copy(update={"lifecycle": life})
    patched = dataclasses.replace(catalog, api={**catalog.api, record.key: record})
    out = estimate(
        scenario({"name": "api", "kind": "prompting", "model": record.key}, ranged=False), patched, with_curves=False
    ).model_dump(mode="json")
    assert any("sources disagree on the shutdown date" in w for w in out["options"][0]["warnings"])
