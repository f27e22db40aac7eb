"""Items 1-5 of the red-team pass: a plugin's code, whatever it does, costs that plugin only.

Each hostile plugin here is registered next to the built-ins; the catalog must still build, the
built-ins' records must be exactly what they are without it, and the report must name it."""

from __future__ import annotations

import os
import signal
import threading
import time
from decimal import Decimal
from typing import Any

import pytest

from catalog.build import MAX_RECORDS_PER_HOOK, build_catalog
from catalog.hookspecs import hookimpl
from catalog.records import PRECEDENCE_BOUND, RECORD_TYPES, ApiPrice, GpuOffer, Lifecycle
from tests.hostile.conftest import gpu_row

LIMIT_S = 0.5


def errors_of(catalog, plugin: str) -> dict[str, str]:
    """The plugin's reported errors by hook (several for one hook joined with ' | ')."""
    errors: dict[str, list[str]] = {}
    for e in catalog.errors:
        if e.plugin == plugin:
            errors.setdefault(e.hook, []).append(e.message)
    return {hook: " | ".join(messages) for hook, messages in errors.items()}


def same_builtins(catalog, baseline) -> None:
    for kind in RECORD_TYPES:
        assert catalog.table(kind) == baseline.table(kind), f"{kind} records changed"


# 1. generator hooks: consumed inside the isolated call


def test_a_generator_that_raises_half_way_costs_its_own_hook_only(register, catalog):
    class Plugin:
        @hookimpl
        def gpu_offers(self):
            yield gpu_row()
            raise RuntimeError("second page of prices failed")

    register("gen_raises", Plugin())
    built = build_catalog(time_limit_s=5)
    assert errors_of(built, "gen_raises") == {"gpu_offers": "RuntimeError: second page of prices failed"}
    same_builtins(built, catalog)


def test_a_generator_that_sleeps_before_its_first_row_is_timed_out(register, release):
    class Plugin:
        @hookimpl
        def gpu_offers(self):
            release.wait(3)
            yield gpu_row()

    register("gen_sleeps", Plugin())
    built = build_catalog(time_limit_s=LIMIT_S)
    assert errors_of(built, "gen_sleeps") == {
        "gpu_offers": f"PluginTimeout: no answer within {LIMIT_S:g} s (left running in the background)"
    }
    assert "hostile-cloud/h1.xlarge/eu-1" not in built.gpus


def test_an_endless_generator_that_never_yields_is_stopped_by_the_time_limit(register, release):
    class Plugin:
        @hookimpl
        def gpu_offers(self):
            while not release.is_set():
                release.wait(0.05)
            yield from ()

    register("gen_never_yields", Plugin())
    built = build_catalog(time_limit_s=LIMIT_S)
    assert errors_of(built, "gen_never_yields") == {
        "gpu_offers": f"PluginTimeout: no answer within {LIMIT_S:g} s (left running in the background)"
    }


def test_an_endless_generator_of_rows_is_stopped_by_the_record_cap(register):
    class Plugin:
        @hookimpl
        def api_prices(self):
            while True:
                yield {"not": "a record"}

    register("gen_endless", Plugin())
    built = build_catalog(time_limit_s=60)
    assert f"returned more than {MAX_RECORDS_PER_HOOK:,} records" in errors_of(built, "gen_endless")["api_prices"]


# 2. BaseException from a hook: contained and reported


class Custom(BaseException):
    pass


@pytest.mark.parametrize(
    ("raised", "reported"),
    [
        (SystemExit(3), "SystemExit: 3"),
        (KeyboardInterrupt(), "KeyboardInterrupt: "),
        (Custom("not an Exception"), "Custom: not an Exception"),
    ],
)
def test_a_base_exception_from_a_hook_is_contained_and_reported(register, catalog, raised, reported):
    class Plugin:
        @hookimpl
        def gpu_offers(self):
            raise raised

    register("base_raiser", Plugin())
    built = build_catalog(time_limit_s=5)
    assert errors_of(built, "base_raiser") == {"gpu_offers": reported}
    same_builtins(built, catalog)


def test_a_real_ctrl_c_still_stops_the_build(register, release):
    """The user's Ctrl-C arrives in the main thread, which only waits on the plugin's thread."""

    class Plugin:
        @hookimpl
        def gpu_offers(self):
            release.wait(5)
            return []

    register("slow_for_ctrl_c", Plugin())
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()  # what the terminal sends
    with pytest.raises(KeyboardInterrupt):
        build_catalog(time_limit_s=5)


# 3. records re-validated from their data; the catalog keeps its own copies


def test_model_construct_records_are_validated_like_any_other(register):
    bad = GpuOffer.model_construct(
        **{
            **gpu_row(),
            "gpu_count": 0,
            "on_demand_per_hour": Decimal(-50),
            "source_url": "javascript:alert(1)",
            "as_of": "not a date",
        }
    )
    nested = ApiPrice.model_construct(
        source_url="https://example.com/p",
        as_of="2026-11-01",
        provider="hostile",
        model_id="m",
        name="m",
        input_per_mtok=Decimal(1),
        output_per_mtok=Decimal(2),
        tiers=(),
        lifecycle=Lifecycle.model_construct(status="bogus"),
    )

    class Plugin:
        @hookimpl
        def gpu_offers(self):
            return [bad]

        @hookimpl
        def api_prices(self):
            return [nested]

    register("constructed", Plugin())
    built = build_catalog(time_limit_s=5)
    assert "hostile-cloud/h1.xlarge/eu-1" not in built.gpus and "hostile/m" not in built.api
    errors = errors_of(built, "constructed")
    assert "1 invalid record(s) skipped: record 0: source_url" in errors["gpu_offers"]
    assert "lifecycle.status" in errors["api_prices"]


def test_a_plugin_cannot_change_a_record_after_handing_it_over(register):
    handed = [GpuOffer.model_validate(gpu_row())]

    class Plugin:
        @hookimpl
        def gpu_offers(self):
            return handed

    register("mutator", Plugin())
    built = build_catalog(time_limit_s=5)
    object.__setattr__(handed[0], "on_demand_per_hour", Decimal(-50))  # what a left-running thread could do
    assert built.gpus["hostile-cloud/h1.xlarge/eu-1"].on_demand_per_hour == Decimal("2.5")


# 4. precedence is bounded


def test_precedence_beyond_the_bound_is_refused_naming_the_field(register):
    class Plugin:
        @hookimpl
        def gpu_offers(self):
            return [gpu_row(precedence=2**64), gpu_row(region="eu-2", precedence=PRECEDENCE_BOUND)]

    register("huge_precedence", Plugin())
    built = build_catalog(time_limit_s=5)
    assert "hostile-cloud/h1.xlarge/eu-1" not in built.gpus
    assert built.gpus["hostile-cloud/h1.xlarge/eu-2"].precedence == PRECEDENCE_BOUND
    assert (
        f"record 0 (hostile-cloud/h1.xlarge/eu-1): precedence: Input should be less than or equal to {PRECEDENCE_BOUND}"
        in errors_of(built, "huge_precedence")["gpu_offers"]
    )


# 5. a plugin's total build time is bounded


def test_a_plugin_over_its_build_budget_has_its_remaining_hooks_skipped(register):
    def slow(self) -> list[Any]:
        time.sleep(0.3)
        return []

    Plugin = type(
        "Plugin", (), {hook: hookimpl(slow) for hook in ("api_prices", "gpu_offers", "gpu_specs", "open_models")}
    )
    register("slowpoke", Plugin())
    built = build_catalog(time_limit_s=5, budget_s=0.5)
    errors = errors_of(built, "slowpoke")
    skipped = {hook for hook, message in errors.items() if "over the 0.5 s build budget per plugin" in message}
    assert skipped == {"gpu_specs", "open_models"}, errors
