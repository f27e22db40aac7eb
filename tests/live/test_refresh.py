"""Refresh end to end, with no internet: fetch, guard, cache, merge into the catalog, fall back.

In every failure the catalog keeps working and the outcome (and the catalog's `live` status)
says which source failed and why.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from catalog import livecache
from catalog.build import build_catalog
from catalog.hookspecs import hookimpl
from catalog.live import refresh
from catalog.plugins import load_plugins, pm
from tests.live.conftest import fixture_bytes, fixture_json, good_routes, ok

pytestmark = pytest.mark.usefixtures("small_snapshots")


def outcome_of(outcomes, source):
    return next(o for o in outcomes if o.source == source)


def live_state(catalog, source):
    return next(s for s in catalog.live if s.plugin == source)


def openrouter_keys(catalog):
    return {k for k, who in catalog.supplied_by.items() if who == "openrouter_api"}


def test_every_source_refreshes_and_the_catalog_uses_the_fetched_prices(serve):
    served = serve(good_routes())
    outcomes = refresh.refresh(client_factory=served)
    assert {o.source: o.status for o in outcomes} == dict.fromkeys(
        ["genai_prices_api", "openrouter_api", "azure_gpus", "runpod_gpus"], "updated"
    )
    assert sorted(set(served.hosts())) == [
        "api.runpod.io",
        "openrouter.ai",
        "prices.azure.com",
        "raw.githubusercontent.com",
    ]
    assert served.hosts().count("prices.azure.com") == 2, "both pages"

    catalog = build_catalog()
    assert all(s.in_use and s.problem is None for s in catalog.live)
    sonnet = catalog.api["openrouter/anthropic/claude-sonnet-4.5"]
    assert sonnet.source_url == "https://openrouter.ai/api/v1/models" and sonnet.as_of == datetime.now(UTC).date()
    assert "openrouter/openrouter/auto" not in catalog.api
    assert catalog.gpus["azure/Standard_ND96isr_H100_v5/eastus"].on_demand_per_hour == Decimal("98.32")
    assert catalog.gpus["runpod/H100 SXM (Secure Cloud)/global"].source_url == "https://api.runpod.io/graphql"
    assert "azure/Standard_ND96isr_H100_v5/unspecified" not in catalog.gpus, "the live set replaces the snapshot's"
    assert "aws/p5.48xlarge/us-east-1" in catalog.gpus, "other plugins keep their snapshot"
    assert catalog.errors == []


def test_what_changed_is_reported_against_what_the_catalog_had(serve):
    refresh.refresh(["runpod_gpus"], client_factory=serve(good_routes()))
    moved = fixture_json("runpod_gpu_types.json")
    moved["data"]["gpuTypes"][0].update(securePrice=4.29, secureSpotPrice=4.29)  # H100 SXM, secure cloud
    del moved["data"]["gpuTypes"][3]  # L40S gone
    routes = {"api.runpod.io": lambda request: httpx.Response(200, json=moved)}
    (outcome,) = refresh.refresh(["runpod_gpus"], client_factory=serve(routes), force=True)
    changes = outcome.changes["gpu_offers"]
    assert changes.removed == ("runpod/L40S (Community Cloud)/global", "runpod/L40S (Secure Cloud)/global")
    assert [(m.key, m.field, str(m.old), str(m.new)) for m in changes.moved] == [
        ("runpod/H100 SXM (Secure Cloud)/global", "on_demand_per_hour", "3.99", "4.29")
    ]
    assert "2 removed, 1 price move(s)" in outcome.message


def test_the_first_refresh_is_compared_with_the_snapshot(serve):
    (outcome,) = refresh.refresh(["runpod_gpus"], client_factory=serve(good_routes()))
    changes = outcome.changes["gpu_offers"]
    assert "runpod/8x_H100_SECURE/US" in changes.removed and "runpod/MI300X (Secure Cloud)/global" in changes.added
    assert not any(m.key == "runpod/H100 SXM (Secure Cloud)/global" for m in changes.moved), "3.99 in both"


def test_429_then_success(serve):
    answers = iter([httpx.Response(429, headers={"retry-after": "1"})])
    routes = {"openrouter.ai": lambda request: next(answers, None) or ok("openrouter_models.json")(request)}
    served = serve(routes)
    (outcome,) = refresh.refresh(["openrouter_api"], client_factory=served)
    assert outcome.status == "updated" and served.sleeps == [1.0] and len(served.requests) == 2


def _drip(request):
    def body():
        while True:
            time.sleep(0.05)
            yield b" "

    return httpx.Response(200, content=body())


def _raise(exc):
    def handler(request):
        raise exc

    return handler


FAILURES = {
    "timeout": (
        _raise(httpx.ReadTimeout("The read operation timed out")),
        "timed out reaching openrouter.ai (ReadTimeout",
    ),
    "connection refused": (
        _raise(httpx.ConnectError("[Errno 111] Connection refused")),
        "could not connect to openrouter.ai ([Errno 111] Connection refused)",
    ),
    "500": (lambda request: httpx.Response(500), "HTTP 500 Internal Server Error from openrouter.ai"),
    "malformed JSON": (lambda request: httpx.Response(200, content=b'{"data": [{"id": '), "not valid JSON"),
    "valid JSON, wrong shape": (
        lambda request: httpx.Response(200, json={"models": []}),
        'expected an object with a "data" list',
    ),
    "enormous body": (lambda request: httpx.Response(200, content=iter([b"x" * 65536] * 100)), "larger than"),
    "slow drip": (_drip, "still arriving at the deadline"),
    "only routers (-1)": (
        lambda request: httpx.Response(
            200,
            json={
                "data": [
                    {"id": "openrouter/auto", "name": "Auto Router", "pricing": {"prompt": "-1", "completion": "-1"}}
                ]
            },
        ),
        "the fetched set is empty",
    ),
    "prices in another unit": (
        lambda request: httpx.Response(
            200,
            json={
                "data": [
                    {"id": f"a/{n}", "name": "A", "pricing": {"prompt": "0.3", "completion": "1.5"}} for n in range(4)
                ]
            },
        ),
        "8 price(s) outside the plausible range 0.0001-2000 USD per 1M tokens: openrouter/a/0: input_per_mtok 300000",
    ),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failing_source_keeps_the_snapshot_says_why_and_costs_no_other_source(serve, failure):
    handler, reason = FAILURES[failure]
    before = openrouter_keys(build_catalog())
    served = serve({**good_routes(), "openrouter.ai": handler}, max_bytes=1_000_000, deadline_s=3.0)
    outcomes = refresh.refresh(client_factory=served)

    failed = outcome_of(outcomes, "openrouter_api")
    assert failed.status == "failed" and reason in failed.message and failed.message.endswith("kept the snapshot")
    assert {o.status for o in outcomes if o.source != "openrouter_api"} == {"updated"}
    catalog = build_catalog()
    assert openrouter_keys(catalog) == before, "the snapshot's OpenRouter prices are still there"
    state = live_state(catalog, "openrouter_api")
    assert not state.in_use and reason in state.problem
    assert live_state(catalog, "runpod_gpus").in_use


def test_a_failed_refresh_keeps_the_last_good_fetch(serve):
    refresh.refresh(["openrouter_api"], client_factory=serve(good_routes()))
    (outcome,) = refresh.refresh(["openrouter_api"], client_factory=serve({}), force=True)
    assert outcome.status == "failed" and "kept the fetch of" in outcome.message
    catalog = build_catalog()
    state = live_state(catalog, "openrouter_api")
    assert state.in_use and "could not connect" in state.problem
    assert catalog.api["openrouter/anthropic/claude-sonnet-4.5"].source_url.startswith("https://openrouter.ai/api")


def test_a_fresh_cache_is_not_fetched_again_unless_forced(serve):
    refresh.refresh(["runpod_gpus"], client_factory=serve(good_routes()))
    served = serve(good_routes())
    (outcome,) = refresh.refresh(["runpod_gpus"], client_factory=served)
    assert outcome.status == "fresh" and served.requests == []
    later = datetime.now(UTC) + livecache.TTL + timedelta(minutes=1)
    (outcome,) = refresh.refresh(["runpod_gpus"], client_factory=served, now=later)
    assert outcome.status == "updated" and len(served.requests) == 1


def test_a_set_that_shrank_below_half_of_the_snapshot_is_refused(serve, monkeypatch):
    monkeypatch.undo()  # the real genai-prices snapshot: 1,289 records against the fixture's 6
    (outcome,) = refresh.refresh(["genai_prices_api"], client_factory=serve(good_routes()))
    assert outcome.status == "failed"
    assert "6 record(s), fewer than half of the snapshot's 1289" in outcome.message


def test_without_a_cache_the_catalog_is_exactly_the_snapshot(cache):
    assert not cache.exists()
    catalog = build_catalog()
    assert not any(s.in_use or s.fetched_at or s.problem for s in catalog.live)
    assert all(r.source_url != "https://openrouter.ai/api/v1/models" for r in catalog.api.values())


def test_a_corrupt_cache_file_is_ignored(serve, cache):
    refresh.refresh(["runpod_gpus"], client_factory=serve(good_routes()))
    (cache / "live" / "runpod_gpus.json").write_text("{not json")
    catalog = build_catalog()
    assert not live_state(catalog, "runpod_gpus").in_use and "runpod/8x_H100_SECURE/US" in catalog.gpus


def test_a_tampered_cached_set_is_set_aside_at_build(serve, cache):
    refresh.refresh(["runpod_gpus"], client_factory=serve(good_routes()))
    path = cache / "live" / "runpod_gpus.json"
    document = json.loads(path.read_text())
    for row in document["good"]["records"]["gpu_offers"]:
        row["on_demand_per_hour"] = "3990000"
    path.write_text(json.dumps(document))
    catalog = build_catalog()
    assert not live_state(catalog, "runpod_gpus").in_use
    assert "runpod/8x_H100_SECURE/US" in catalog.gpus
    (error,) = [e for e in catalog.errors if e.plugin == "runpod_gpus"]
    assert "cached live prices set aside, snapshot used" in error.message and "plausible range" in error.message


def test_building_the_catalog_never_touches_the_network(serve, monkeypatch):
    refresh.refresh(client_factory=serve(good_routes()))

    def no_network(*args, **kwargs):
        raise AssertionError("build_catalog reached the network")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", no_network)
    monkeypatch.setattr(refresh, "new_client", no_network)
    assert all(s.in_use for s in build_catalog().live)


def test_an_unknown_source_is_named():
    with pytest.raises(KeyError, match="no live source named 'nope'.*available: genai_prices_api"):
        refresh.refresh(["nope"])


def test_a_third_party_live_source_cannot_replace_records_it_never_supplied(serve):
    class Sneaky:
        @hookimpl
        def live_records(self, client):
            return {
                "api_prices": [
                    {
                        "provider": "x",
                        "model_id": "y",
                        "name": "y",
                        "input_per_mtok": "1",
                        "output_per_mtok": "1",
                        "source_url": "https://x.example/p",
                        "as_of": "2026-11-25",
                    }
                ]
            }

    load_plugins()  # built-ins first, as in the app
    pm.register(Sneaky(), name="sneaky")
    try:
        (outcome,) = refresh.refresh(["sneaky"], client_factory=serve({}))
    finally:
        pm.unregister(name="sneaky")
    assert outcome.status == "failed" and "no api_prices snapshot to replace" in outcome.message


def test_a_third_party_source_gets_the_hosts_client():
    clients = []

    class Polite:
        @hookimpl
        def gpu_offers(self):
            return [
                {
                    "cloud": "acme",
                    "instance_type": "a",
                    "gpu": "L4",
                    "gpu_count": 1,
                    "region": "eu",
                    "on_demand_per_hour": "1",
                    "source_url": "https://acme.example/p",
                    "as_of": "2026-11-01",
                }
            ]

        @hookimpl
        def live_records(self, client):
            clients.append(client)
            answer = client.get("https://acme.example/api").json()
            return {"gpu_offers": [{**self.gpu_offers()[0], "on_demand_per_hour": answer["price"]}]}

    def factory():
        from catalog.live import client as live

        return live.new_client(httpx.MockTransport(lambda request: httpx.Response(200, json={"price": "0.9"})))

    load_plugins()  # built-ins first, as in the app
    pm.register(Polite(), name="polite")
    try:
        (outcome,) = refresh.refresh(["polite"], client_factory=factory)
        assert outcome.status == "updated"
        assert build_catalog().gpus["acme/a/eu"].on_demand_per_hour == Decimal("0.9")
    finally:
        pm.unregister(name="polite")
    assert clients[0].headers["user-agent"].startswith("prompt-or-tune/")


def test_a_background_refresh_returns_at_once(serve):
    def slow(request):
        time.sleep(1.0)
        return httpx.Response(200, content=fixture_bytes("runpod_gpu_types.json"))

    served = serve({"api.runpod.io": slow})
    started = time.monotonic()
    job = refresh.start_background(names=["runpod_gpus"], client_factory=served)
    again = refresh.start_background(names=["runpod_gpus"], client_factory=served)
    assert time.monotonic() - started < 0.5 and again is job and not job.done.is_set()
    assert job.done.wait(10)
    assert [o.status for o in job.outcomes] == ["updated"] and refresh.latest_background() is job
