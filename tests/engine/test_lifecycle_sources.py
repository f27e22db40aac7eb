"""Issue 12, items 2 and 3: the provider's named successor, and a second lifecycle source.

Every test here failed on the catalog of 2026-11-29: gpt-4.1-mini moved to gpt-5.6-luna by
price distance, and five dead routes were listed as active or 'closing' without a date."""

from __future__ import annotations

from datetime import UTC, date

import httpx
import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario
from catalog.live.client import UnexpectedShape, new_client
from catalog.records import ApiPrice, Lifecycle
from plugins import genai_prices_api, genai_prices_mapping, litellm_deprecations
from tests.engine.test_costs import option
from tests.live.conftest import fixture_json

TODAY = date(2026, 11, 30)
LITELLM = "https://pypi.org/project/litellm/1.110.2/"


def moved(catalog, model: str, **option_fields):
    scenario = {
        "workload": {"requests_per_month": 10_000_000, "input_tokens": 500, "output_tokens": 200},
        "start_date": "2026-11-30",
        "horizon_months": 12,
        "options": [
            {"name": "api", "kind": "prompting", "model": model, **option_fields},
            {"name": "other", "kind": "prompting", "model": "openai/gpt-5.6-luna"},
        ],
    }
    return option(estimate(parse_scenario(scenario), catalog, with_uncertainty=False).model_dump(mode="json"), "api")[
        "lifecycle"
    ]["move"]


def test_gpt_41_mini_moves_to_the_replacement_openai_names(catalog):
    move = moved(catalog, "openai/gpt-4.1-mini")
    assert move["to"] == "api → openai/gpt-6-luna"
    assert (
        "the provider's named replacement" in move["how"]
        and "developers.openai.com/api/docs/deprecations" in move["how"]
    )


def test_a_successor_named_in_the_scenario_still_comes_first(catalog):
    assert moved(catalog, "openai/gpt-4.1-mini", successor="other")["how"] == "moves to other (named as successor)"


def test_price_distance_is_the_last_rule_and_says_so(catalog):
    record = catalog.api["openai/gpt-4.1-mini"]
    assert record.lifecycle.replacement == "openai/gpt-6-luna"
    gone = record.model_copy(
        update={"lifecycle": record.lifecycle.model_copy(update={"replacement": "openai/no-such-model"})}
    )
    from catalog.engine.lifecycle import successor_option
    from catalog.engine.scenario import PromptingOption

    s = parse_scenario(
        {
            "workload": {"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1},
            "start_date": "2026-11-30",
            "options": [{"name": "api", "kind": "prompting", "model": "openai/gpt-4.1-mini"}],
        }
    )
    _, how = successor_option(PromptingOption(name="api", model=record.key), gone, catalog, s)
    assert "closest active by price tier" in how


@pytest.mark.parametrize(
    ("table", "key", "shutdown"),
    [
        ("api", "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", date(2026, 3, 6)),
        ("api", "together/meta-llama/Llama-3.3-70B-Instruct-Turbo", date(2026, 10, 22)),
        ("api", "anthropic/claude-sonnet-4-5", date(2026, 11, 30)),
        ("finetune", "openai/o4-mini-rft", date(2026, 10, 23)),
        ("finetune", "vertex-ai/gemini-2.0-flash-sft", date(2026, 6, 1)),
        ("api", "azure/o4-mini", date(2026, 11, 19)),
    ],
)
def test_dead_routes_are_closed_on_their_date(catalog, table, key, shutdown):
    record = getattr(catalog, table)[key]
    assert record.lifecycle.shutdown == shutdown
    assert record.lifecycle.status == ("closed" if shutdown <= date.today() else "closing")
    assert any(r.source_url == LITELLM for r in record.lifecycle.readings), "the second source is kept as a reading"


def test_two_sources_disagreeing_keep_both_dates_and_use_the_earlier():
    page = {
        "shutdown": date(2027, 1, 14),
        "source_url": "https://developers.openai.com/api/docs/deprecations",
        "as_of": date(2026, 8, 22),
    }
    second = {("openai", "gpt-4.1-mini"): {"shutdown": date(2026, 12, 1), "source_url": LITELLM, "as_of": TODAY}}
    model = next(
        m for p in genai_prices_mapping.providers if p.id == "openai" for m in p.models if m.id == "gpt-4.1-mini"
    )
    life = Lifecycle.model_validate(genai_prices_mapping.lifecycle("openai", model, TODAY, second))
    assert life.shutdown == date(2026, 12, 1) and life.status_source_url == LITELLM
    assert {r.shutdown for r in life.readings} == {page["shutdown"], date(2026, 12, 1)}
    assert life.disputed


def test_a_lifecycle_whose_shutdown_is_not_its_earliest_reading_is_refused():
    with pytest.raises(ValueError, match="earliest"):
        Lifecycle(
            status="closing",
            shutdown=date(2027, 1, 14),
            readings=(
                {"shutdown": date(2027, 1, 14), "source_url": LITELLM, "as_of": TODAY},
                {"shutdown": date(2026, 12, 1), "source_url": LITELLM, "as_of": TODAY},
            ),
        )


def test_the_live_model_map_is_read_with_the_hosts_client():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=fixture_json("litellm_model_map.json"))

    with new_client(httpx.MockTransport(handler)) as client:
        found = litellm_deprecations.fetch(client, TODAY)
    assert seen == [litellm_deprecations.DATA_URL]
    assert found[("together", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo")]["shutdown"] == date(2026, 3, 6)
    assert found[("google", "gemini-2.0-flash")] == {
        "shutdown": date(2026, 6, 1),
        "source_url": litellm_deprecations.DATA_URL,
        "as_of": TODAY,
    }
    assert ("openai", "gpt-4o-mini-tts") not in found, "speech models are not text routes"
    assert ("anthropic", "claude-opus-4-6") not in found, "no date, no reading"


def test_a_model_map_of_another_shape_is_one_clear_error():
    with pytest.raises(UnexpectedShape, match="expected an object"):
        litellm_deprecations.readings([], LITELLM, TODAY)
    with pytest.raises(UnexpectedShape, match="not a date"):
        litellm_deprecations.readings(
            {"x": {"litellm_provider": "openai", "mode": "chat", "deprecation_date": "soon"}}, LITELLM, TODAY
        )


def test_a_live_genai_prices_refresh_carries_the_live_litellm_dates():
    from datetime import datetime

    fetched = datetime(2026, 11, 30, 12, tzinfo=UTC)
    second = litellm_deprecations.readings(
        fixture_json("litellm_model_map.json"), litellm_deprecations.DATA_URL, fetched.date()
    )
    rows = genai_prices_api.fetched_records(fixture_json("genai_prices_data.json"), fetched, second)
    sonnet = ApiPrice.model_validate(next(r for r in rows if r["model_id"] == "claude-sonnet-4-5"))
    assert sonnet.lifecycle.status == "closed" and sonnet.lifecycle.shutdown == date(2026, 11, 30)
    assert sonnet.lifecycle.status_source_url == litellm_deprecations.DATA_URL
