"""Plugin isolation, in-process: register a plugin, build, unregister (as llm's tests do)."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest

from catalog.build import build_catalog
from catalog.hookspecs import hookimpl
from catalog.plugins import load_plugins, pm

OFFER = {
    "cloud": "acme",
    "instance_type": "acme.h100",
    "gpu": "H100-SXM",
    "gpu_count": 1,
    "region": "eu",
    "on_demand_per_hour": "2.00",
    "source_url": "https://acme.example/pricing",
    "as_of": "2026-11-01",
}


@contextmanager
def registered(plugin: object, name: str):
    load_plugins()  # built-ins first, as in the app
    pm.register(plugin, name=name)
    try:
        yield
    finally:
        pm.unregister(name=name)


def info(catalog, name):
    return next(i for i in catalog.plugins if i.name == name)


def test_a_good_plugin_adds_records_and_is_counted():
    class Good:
        @hookimpl
        def gpu_offers(self):
            return [OFFER]

    with registered(Good(), "good"):
        catalog = build_catalog()
    assert catalog.gpus["acme/acme.h100/eu"].on_demand_per_hour == 2
    assert catalog.supplied_by[("gpus", "acme/acme.h100/eu")] == "good"
    assert info(catalog, "good").counts == {"gpu_offers": 1}
    assert "acme/acme.h100/eu" not in build_catalog().gpus, "unregistering removes it"


def test_a_raising_plugin_is_reported_and_the_rest_loads(catalog):
    class Raises:
        @hookimpl
        def gpu_offers(self):
            raise ValueError("rate card offline")

    with registered(Raises(), "raises"):
        built = build_catalog()
    assert [(e.hook, e.message) for e in info(built, "raises").errors] == [
        ("gpu_offers", "ValueError: rate card offline")
    ]
    assert len(built.gpus) == len(catalog.gpus)
    assert len(built.api) == len(catalog.api)


def test_a_hanging_plugin_is_left_behind_after_the_time_limit(catalog):
    class Hangs:
        @hookimpl
        def open_models(self):
            time.sleep(30)

    with registered(Hangs(), "hangs"):
        started = time.perf_counter()
        built = build_catalog(time_limit_s=0.2)
        elapsed = time.perf_counter() - started
    assert "no answer within 0.2 s" in info(built, "hangs").errors[0].message
    assert elapsed < 10  # far from the 30 s sleep: the build did not wait for it
    assert len(built.models) == len(catalog.models)


def test_invalid_records_are_skipped_one_by_one_with_the_field_named():
    class Mixed:
        @hookimpl
        def gpu_offers(self):
            return [OFFER, {**OFFER, "instance_type": "x", "on_demand_per_hour": "-5"}, {**OFFER, "gpu": "GTX-1080"}]

    with registered(Mixed(), "mixed"):
        built = build_catalog()
    errors = info(built, "mixed").errors
    assert len(errors) == 1
    assert "2 invalid record(s) skipped" in errors[0].message
    assert "on_demand_per_hour" in errors[0].message and "gpu" in errors[0].message
    assert "acme/acme.h100/eu" in built.gpus


@pytest.mark.parametrize("garbage", ["a string", 42, {"a": "dict"}])
def test_a_non_list_answer_is_reported(garbage):
    class Garbage:
        @hookimpl
        def gpu_specs(self):
            return garbage

    with registered(Garbage(), "garbage"):
        built = build_catalog()
    assert "expected a list of records" in info(built, "garbage").errors[0].message
    assert len(built.specs) == 10


def test_duplicate_keys_keep_the_first_and_report_the_second():
    class First:
        @hookimpl
        def gpu_offers(self):
            return [OFFER]

    class Second:
        @hookimpl
        def gpu_offers(self):
            return [{**OFFER, "on_demand_per_hour": "9.99"}]

    with registered(First(), "first"), registered(Second(), "second"):
        built = build_catalog()
    assert built.gpus["acme/acme.h100/eu"].on_demand_per_hour == 2
    assert "already supplied by 'first'" in info(built, "second").errors[0].message


def test_higher_precedence_overrides_a_list_price(catalog):
    listed = catalog.gpus[next(iter(catalog.gpus))]
    negotiated = {
        **listed.model_dump(),
        "on_demand_per_hour": "0.50",
        "precedence": 10,
        "source_url": "https://intranet.example/contract-2026",
    }

    class Negotiated:
        @hookimpl
        def gpu_offers(self):
            return [negotiated]

    with registered(Negotiated(), "negotiated"):
        built = build_catalog()
    assert built.gpus[listed.key].on_demand_per_hour == 0.5
    assert built.supplied_by[("gpus", listed.key)] == "negotiated"
    override = next(o for o in built.overrides if o.key == listed.key)
    assert (override.winner, override.loser) == ("negotiated", catalog.supplied_by[("gpus", listed.key)])
    assert info(built, "negotiated").errors == []


def test_a_flood_of_records_is_capped_and_reported():
    class Flood:
        @hookimpl
        def gpu_offers(self):
            return [{**OFFER, "instance_type": f"i{n}"} for n in range(25_000)]

    with registered(Flood(), "flood"):
        built = build_catalog()
    assert info(built, "flood").counts["gpu_offers"] == 20_000
    assert "kept the first 20,000" in info(built, "flood").errors[0].message
