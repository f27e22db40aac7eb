"""Items 8 and 10-12 of the red-team pass: caches and servers that try to hang, mislead or
lose a refresh. No internet: servers are `httpx.MockTransport` handlers shaped like the real APIs."""

from __future__ import annotations

import os
import re
import threading
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from catalog import livecache
from catalog.build import build_catalog
from catalog.live import client as live
from catalog.live import refresh
from tests.live.conftest import fixture_json, good_routes

pytestmark = pytest.mark.usefixtures("small_snapshots")


def only(outcomes: list[refresh.Outcome]) -> refresh.Outcome:
    (outcome,) = outcomes
    return outcome


# 8. cache entries: regular files under a size cap only


def test_a_cache_entry_that_is_a_symlink_to_dev_zero_or_a_fifo_is_ignored(cache):
    live_dir = cache / "live"
    live_dir.mkdir(parents=True)
    os.symlink("/dev/zero", live_dir / "runpod_gpus.json")
    os.mkfifo(live_dir / "azure_gpus.json")
    assert livecache.read("runpod_gpus") is None and livecache.read("azure_gpus") is None
    catalog = build_catalog()
    assert not any(source.in_use for source in catalog.live)


def test_a_cache_entry_over_the_size_cap_is_ignored(serve, monkeypatch):
    refresh.refresh(["runpod_gpus"], client_factory=serve(good_routes()))
    assert livecache.read("runpod_gpus") is not None
    monkeypatch.setattr(livecache, "MAX_ENTRY_BYTES", 100)
    assert livecache.read("runpod_gpus") is None


# 10. two refreshes at once never lose an update


def test_a_slow_failing_refresh_does_not_overwrite_a_good_fetch_made_meanwhile(serve):
    entered, release = threading.Event(), threading.Event()

    def stalls_then_fails(request: httpx.Request) -> httpx.Response:
        entered.set()
        release.wait(10)
        raise httpx.ConnectError("connection reset", request=request)

    slow: list[refresh.Outcome] = []
    worker = threading.Thread(
        target=lambda: slow.extend(
            refresh.refresh(["runpod_gpus"], force=True, client_factory=serve({"api.runpod.io": stalls_then_fails}))
        )
    )
    worker.start()
    assert entered.wait(10), "the slow refresh has read the cache (empty) and is fetching"
    good = only(refresh.refresh(["runpod_gpus"], force=True, client_factory=serve(good_routes())))
    release.set()
    worker.join(30)

    assert good.status == "updated"
    assert only(slow).status == "failed" and f"kept the fetch of {good.fetched_at:%Y-%m-%d %H:%M}" in only(slow).message
    entry = livecache.read("runpod_gpus")
    assert entry is not None and entry.fetched_at == good.fetched_at and entry.records["gpu_offers"]
    assert entry.problem is not None and "connection reset" in entry.problem
    assert next(s for s in build_catalog().live if s.plugin == "runpod_gpus").in_use


# 11. a fetch time without a zone, or in the future, is stale


@pytest.mark.parametrize(
    "fetched_at",
    [
        datetime(2026, 11, 30, 3, 0),  # no time zone
        datetime.now(UTC) + timedelta(days=1),  # in the future
    ],
)
def test_a_naive_or_future_fetch_time_counts_as_stale(serve, fetched_at):
    refresh.refresh(["runpod_gpus"], client_factory=serve(good_routes()))
    written = livecache.read("runpod_gpus")
    assert written is not None
    livecache.write(livecache.Entry("runpod_gpus", fetched_at, written.records))
    served = serve(good_routes())
    outcome = only(refresh.refresh(["runpod_gpus"], client_factory=served))
    assert outcome.status == "updated" and served.hosts() == ["api.runpod.io"]


# 12. one absurd price costs that model only; deadline over the whole exchange; no foreign redirects


def test_an_openrouter_model_priced_1e30_is_left_out_and_named(serve):
    document = fixture_json("openrouter_models.json")
    assert document["data"][1]["id"] == "openai/gpt-4o-mini"
    document["data"][1]["pricing"]["prompt"] = "1e30"
    routes = {"openrouter.ai": lambda request: httpx.Response(200, json=document)}
    outcome = only(refresh.refresh(["openrouter_api"], client_factory=serve(routes)))
    assert outcome.status == "updated", outcome.message
    assert any("(openrouter/openai/gpt-4o-mini): input_per_mtok" in warning for warning in outcome.warnings)
    catalog = build_catalog()
    assert (
        "openrouter/openai/gpt-4o-mini" not in catalog.api and "openrouter/anthropic/claude-sonnet-4.5" in catalog.api
    )


def test_a_server_that_drips_its_headers_is_stopped_at_the_deadline():
    release = threading.Event()

    def slow_headers(request: httpx.Request) -> httpx.Response:
        release.wait(5)  # the status line and headers arrive one byte at a time
        return httpx.Response(200, json={"data": []})

    client = live.new_client(httpx.MockTransport(slow_headers), deadline_s=0.3)
    try:
        with (
            client,
            pytest.raises(live.DeadlineExceeded, match="no complete answer from api.example.test within 0.3 s"),
        ):
            client.get("https://api.example.test/prices")
    finally:
        release.set()


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("https://evil.example.test/prices", "redirected to another host (evil.example.test)"),
        ("http://api.example.test/prices", "redirected from https to http"),
    ],
)
def test_a_redirect_elsewhere_is_refused(location, says):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/old":
            return httpx.Response(302, headers={"location": location})
        return httpx.Response(200, json={"data": []})

    with (
        live.new_client(httpx.MockTransport(handler)) as client,
        pytest.raises(live.RedirectRefused, match=re.escape(says)),
    ):
        client.get("https://api.example.test/old")
    assert seen == ["https://api.example.test/old"], "the redirect was not followed"
    assert refresh.describe(live.RedirectRefused(says)) == says


def test_a_redirect_on_the_same_host_is_followed():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, json={"data": [1]})

    with live.new_client(httpx.MockTransport(handler)) as client:
        assert live.get_json(client, "https://api.example.test/old") == {"data": [1]}
