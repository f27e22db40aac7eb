"""Every hook spec is documented and has a test here named `test_hook_<name>` (as datasette
requires of its hooks), and each such test proves a plugin's answer reaches the catalog."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import httpx

from catalog import livecache
from catalog.build import HOOK_TYPES, build_catalog
from catalog.hookspecs import hookimpl
from catalog.live import client as live_client
from catalog.live import refresh
from catalog.plugins import load_plugins, pm
from tools.schema import hook_specs

NAME = "hook_test"


def test_every_hook_spec_is_documented_and_tested():
    tested = {name.removeprefix("test_hook_") for name in globals() if name.startswith("test_hook_")}
    specs = hook_specs()
    assert specs, "no hook specs found"
    for name, _signature, doc in specs:
        assert doc.strip(), f"hook {name} has no docstring"
        assert name in tested, f"hook {name} has no test_hook_{name}"
    assert tested <= {name for name, _, _ in specs}, "a test_hook_ test names no hook"


@contextmanager
def registered(plugin: object):
    load_plugins()
    pm.register(plugin, name=NAME)
    try:
        yield
    finally:
        pm.unregister(name=NAME)


def wins_with(hook: str, catalog: Any) -> None:
    """A plugin answering `hook` with a copy of a built-in record at precedence 10 takes its key."""
    record_type = HOOK_TYPES[hook]
    original = next(iter(catalog.table(record_type.kind).values()))
    row = {**original.model_dump(mode="json"), "precedence": 10, "notes": "from the hook test"}
    plugin = type("Plugin", (), {hook: hookimpl(lambda self: [row])})()
    with registered(plugin):
        built = build_catalog()
    assert built.supplied_by[(record_type.kind, original.key)] == NAME
    assert built.table(record_type.kind)[original.key].notes == "from the hook test"
    assert any(o.key == original.key and o.winner == NAME for o in built.overrides)


def test_hook_api_prices(catalog):
    wins_with("api_prices", catalog)


def test_hook_finetune_offers(catalog):
    wins_with("finetune_offers", catalog)


def test_hook_gpu_offers(catalog):
    wins_with("gpu_offers", catalog)


def test_hook_gpu_specs(catalog):
    wins_with("gpu_specs", catalog)


def test_hook_open_models(catalog):
    wins_with("open_models", catalog)


def test_hook_use_cases(catalog):
    wins_with("use_cases", catalog)


def test_hook_live_records(tmp_path, monkeypatch):
    monkeypatch.setenv(livecache.CACHE_ENV, str(tmp_path))  # this fetch is kept from other tests' catalogs
    offer = {
        "cloud": "hooktest",
        "instance_type": "a",
        "gpu": "L4",
        "gpu_count": 1,
        "region": "eu",
        "on_demand_per_hour": "1",
        "source_url": "https://hooktest.example/p",
        "as_of": "2026-11-01",
    }

    class Live:
        @hookimpl
        def gpu_offers(self):
            return [offer]

        @hookimpl
        def live_records(self, client):
            price = client.get("https://hooktest.example/api").json()["price"]
            return {"gpu_offers": [{**offer, "on_demand_per_hour": price}]}

    def factory() -> httpx.Client:
        return live_client.new_client(httpx.MockTransport(lambda request: httpx.Response(200, json={"price": "0.9"})))

    with registered(Live()):
        (outcome,) = refresh.refresh([NAME], client_factory=factory)
        assert outcome.status == "updated", outcome.message
        assert build_catalog().gpus["hooktest/a/eu"].on_demand_per_hour == Decimal("0.9")
