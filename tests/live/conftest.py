"""No internet: every live source is served by `httpx.MockTransport` from recorded-shape fixtures.

`serve` builds the client factory a refresh uses; a route is a host name and a handler that
gets the request and returns a response (or raises, as a network failure would). Each test gets
its own empty cache directory. `small_snapshots` shrinks the two genai-prices-based snapshots
(1,289 and 755 records) to a few records, so that the fixtures' handful of models is not refused
by the integrity guard as "shrank below half" (one test keeps the real size to show that it is).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from catalog import livecache
from catalog.live import client as live
from plugins import genai_prices_mapping

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "live"
HOSTS = {
    "openrouter_api": "openrouter.ai",
    "genai_prices_api": "raw.githubusercontent.com",
    "azure_gpus": "prices.azure.com",
    "runpod_gpus": "api.runpod.io",
}
Handler = Callable[[httpx.Request], httpx.Response]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture_bytes(name))


def ok(name: str) -> Handler:
    return lambda request: httpx.Response(
        200, content=fixture_bytes(name), headers={"content-type": "application/json"}
    )


def azure_pages(request: httpx.Request) -> httpx.Response:
    page = "azure_retail_page2.json" if "$skip" in str(request.url) else "azure_retail_page1.json"
    return httpx.Response(200, content=fixture_bytes(page))


def raw_github(request: httpx.Request) -> httpx.Response:
    """genai-prices' data.json and LiteLLM's model map are both served from raw.githubusercontent.com."""
    name = "litellm_model_map.json" if request.url.path.startswith("/BerriAI/litellm/") else "genai_prices_data.json"
    return httpx.Response(200, content=fixture_bytes(name), headers={"content-type": "application/json"})


def good_routes() -> dict[str, Handler]:
    return {
        "openrouter.ai": ok("openrouter_models.json"),
        "raw.githubusercontent.com": raw_github,
        "prices.azure.com": azure_pages,
        "api.runpod.io": ok("runpod_gpu_types.json"),
    }


class Served:
    """A client factory for `refresh`, and every request the sources made."""

    def __init__(self, routes: dict[str, Handler], **client_options: Any) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []
        self.client_options = {"sleep": self.sleeps.append, **client_options}

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        handler = self.routes.get(request.url.host)
        if handler is None:
            raise httpx.ConnectError(f"no route to {request.url.host} in this test")
        return handler(request)

    def __call__(self) -> httpx.Client:
        return live.new_client(httpx.MockTransport(self.handle), **self.client_options)

    def hosts(self) -> list[str]:
        return [r.url.host for r in self.requests]


@pytest.fixture
def serve() -> Callable[..., Served]:
    return Served


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(livecache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def small_snapshots(monkeypatch) -> None:
    records = genai_prices_mapping.records
    monkeypatch.setattr(genai_prices_mapping, "records", lambda today=None, only=None: records(today, only)[:4])
