"""Each built-in live source maps its endpoint's documented response to catalog records."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from catalog.live import client as live
from catalog.records import ApiPrice, GpuOffer
from plugins import azure_gpus, genai_prices_api, openrouter_api, runpod_gpus
from tests.live.conftest import azure_pages, fixture_json

FETCHED = datetime(2026, 11, 25, 14, 2, tzinfo=UTC)


def by_key(rows, record_type):
    records = [record_type.model_validate(row) for row in rows]
    return {r.key: r for r in records}


def test_openrouter_prices_per_token_become_per_million_and_routers_are_left_out():
    api = by_key(openrouter_api.fetched_records(fixture_json("openrouter_models.json"), FETCHED), ApiPrice)
    sonnet = api["openrouter/anthropic/claude-sonnet-4.5"]
    assert (sonnet.input_per_mtok, sonnet.output_per_mtok) == (3, 15)
    assert (sonnet.cached_input_per_mtok, sonnet.cache_write_per_mtok) == (Decimal("0.3"), Decimal("3.75"))
    assert sonnet.context_window == 1_000_000
    assert sonnet.source_url == openrouter_api.ENDPOINT and str(sonnet.as_of) == "2026-11-25"
    assert api["openrouter/openai/gpt-4o-mini"].cached_input_per_mtok == Decimal("0.075")
    assert api["openrouter/meta-llama/llama-3.3-70b-instruct:free"].output_per_mtok == 0, "free is a price"
    assert "plus $0.005 per request" in api["openrouter/perplexity/sonar"].notes
    assert "openrouter/openrouter/auto" not in api, '"-1" is a variable price, not a price'


def test_a_single_minus_one_price_leaves_the_model_out():
    document = fixture_json("openrouter_models.json")
    document["data"][1]["pricing"]["input_cache_read"] = "-1"
    keys = {row["model_id"] for row in openrouter_api.fetched_records(document, FETCHED)}
    assert "openai/gpt-4o-mini" not in keys and "anthropic/claude-sonnet-4.5" in keys


@pytest.mark.parametrize("document", [[], {"models": []}, {"data": {"id": "x"}}, "data"])
def test_openrouter_of_the_wrong_shape_is_refused(document):
    with pytest.raises(live.UnexpectedShape, match='"data" list'):
        openrouter_api.fetched_records(document, FETCHED)


def test_openrouter_entries_of_the_wrong_shape_are_skipped():
    document = {
        "data": [
            {"id": 5},
            {"id": "a/b", "pricing": "free"},
            {"id": "a/c", "pricing": {"prompt": "x", "completion": "1"}},
        ]
    }
    assert openrouter_api.fetched_records(document, FETCHED) == []


def test_genai_prices_data_file_maps_like_the_bundled_data():
    document = json.loads(json.dumps(fixture_json("genai_prices_data.json")), parse_float=Decimal)
    api = by_key(genai_prices_api.fetched_records(document, FETCHED), ApiPrice)
    assert set(api) == {
        "anthropic/claude-3-5-haiku-latest",
        "anthropic/claude-opus-4-6",
        "anthropic/claude-sonnet-4-5",
        "anthropic/claude-v1",
        "avian/Meta-Llama-3.1-405B-Instruct",
        "avian/Meta-Llama-3.1-8B-Instruct",
    }, "the openrouter provider is left to the OpenRouter plugin"
    opus = api["anthropic/claude-opus-4-6"]
    assert (opus.input_per_mtok, opus.batch_input_per_mtok, opus.tiers) == (5, Decimal("2.5"), ()), (
        "price in force today"
    )
    assert api["anthropic/claude-sonnet-4-5"].tiers[0].above_tokens == 200_000
    assert all(r.source_url == genai_prices_api.DATA_URL and str(r.as_of) == "2026-11-25" for r in api.values())


@pytest.mark.parametrize(
    "document",
    [{"providers": []}, [{"name": "no id"}], [{"id": "x", "name": "X", "api_pattern": "x", "models": [{"id": 1}]}]],
)
def test_genai_prices_data_of_the_wrong_shape_is_refused(document):
    with pytest.raises(live.UnexpectedShape, match="genai-prices data.json"):
        genai_prices_api.fetched_records(document, FETCHED)


def test_azure_follows_next_page_link_and_keeps_linux_prices():
    seen = []

    def handler(request):
        seen.append(str(request.url))
        return azure_pages(request)

    with live.new_client(httpx.MockTransport(handler)) as client:
        items = azure_gpus.fetch_items(client)
    assert (
        len(seen) == 2
        and "%24filter=" in seen[0]
        and "Standard_ND96isr_H100_v5" in httpx.URL(seen[0]).params["$filter"]
    )
    gpus = by_key(azure_gpus.records_from_items(items, FETCHED), GpuOffer)
    assert set(gpus) == {
        "azure/Standard_ND96isr_H100_v5/eastus",
        "azure/Standard_NC24ads_A100_v4/eastus",
        "azure/Standard_NC24ads_A100_v4/westeurope",
    }
    h100 = gpus["azure/Standard_ND96isr_H100_v5/eastus"]
    assert (h100.gpu, h100.gpu_count, h100.on_demand_per_hour, h100.spot_per_hour) == (
        "H100-SXM",
        8,
        Decimal("98.32"),
        Decimal("39.328"),
    )
    assert h100.commit_1y_per_hour == Decimal("62.8613"), "the 1-year term price over 8,760 hours"
    assert h100.commit_3y_per_hour == Decimal("43.1967")
    a100 = gpus["azure/Standard_NC24ads_A100_v4/eastus"]
    assert a100.on_demand_per_hour == Decimal("3.673"), "not the Cloud Services row of the same size"
    assert gpus["azure/Standard_NC24ads_A100_v4/westeurope"].on_demand_per_hour == Decimal("4.0403"), "USD, not EUR"


def test_azure_two_linux_prices_for_one_size_leave_it_out():
    items = fixture_json("azure_retail_page2.json")["Items"]
    items.append({**items[0], "retailPrice": 3.9})
    keys = {row["instance_type"] + "/" + row["region"] for row in azure_gpus.records_from_items(items, FETCHED)}
    assert keys == {"Standard_NC24ads_A100_v4/westeurope"}


def test_azure_refuses_a_next_page_on_another_host_and_a_wrong_shape():
    page = {**fixture_json("azure_retail_page1.json"), "NextPageLink": "https://evil.example/next"}
    with live.new_client(httpx.MockTransport(lambda request: httpx.Response(200, json=page))) as client:
        with pytest.raises(live.UnexpectedShape, match="points away"):
            azure_gpus.fetch_items(client)
    with live.new_client(httpx.MockTransport(lambda request: httpx.Response(200, json={"items": []}))) as client:
        with pytest.raises(live.UnexpectedShape, match='"Items" list'):
            azure_gpus.fetch_items(client)


def test_runpod_gpu_types_become_one_gpu_pods_per_cloud():
    gpus = by_key(runpod_gpus.records_from_answer(fixture_json("runpod_gpu_types.json"), FETCHED), GpuOffer)
    assert gpus["runpod/H100 SXM (Secure Cloud)/global"].on_demand_per_hour == Decimal("3.99")
    assert gpus["runpod/H100 SXM (Community Cloud)/global"].on_demand_per_hour == Decimal("2.69")
    assert gpus["runpod/H100 SXM (Secure Cloud)/global"].spot_per_hour is None, (
        "a spot price equal to on-demand is no spot"
    )
    assert gpus["runpod/H100 PCIe (Community Cloud)/global"].spot_per_hour == Decimal("1.25")
    assert "runpod/H200 SXM (Community Cloud)/global" not in gpus, "not offered there (price 0)"
    assert "runpod/MI300X (Secure Cloud)/global" in gpus and not any("RTX" in key for key in gpus)
    assert len(gpus) == 10


@pytest.mark.parametrize(
    "answer, match",
    [
        ({"errors": [{"message": "Something went wrong"}], "data": None}, "GraphQL error: Something went wrong"),
        ({"data": {"gpuTypes": None}}, "expected"),
        ([], "expected"),
    ],
)
def test_runpod_errors_and_wrong_shapes_are_refused(answer, match):
    with pytest.raises(live.UnexpectedShape, match=match):
        runpod_gpus.records_from_answer(answer, FETCHED)
