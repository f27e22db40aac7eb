"""The hostile corpus: plugins, inputs, caches and servers that try to break a promise.

Plugins are registered in-process with the plugin manager where installing is not the point
(fast, and each test says exactly what its plugin does); where the entry-point machinery is the
point (an import that calls sys.exit, an entry point named like a built-in) they are real
distributions in `packages/`, installed once per session with real pip (`hostile_packages`,
in tests/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from catalog import plugins as plugin_manager
from tests.dashboard.conftest import app  # noqa: F401 - the dashboard's AppTest fixture, for the pages' inputs
from tests.live.conftest import cache, serve, small_snapshots  # noqa: F401 - the live tests' fixtures (each test its own cache)


def gpu_row(**changes: Any) -> dict[str, Any]:
    """A valid GPU offer as a plugin would return it, with `changes` applied."""
    row = {
        "source_url": "https://example.com/prices",
        "as_of": date(2026, 11, 1),
        "cloud": "hostile-cloud",
        "instance_type": "h1.xlarge",
        "gpu": "H100-SXM",
        "gpu_count": 1,
        "region": "eu-1",
        "on_demand_per_hour": "2.5",
    }
    return {**row, **changes}


@pytest.fixture
def register() -> Iterator[Callable[[str, object], None]]:
    """Register an object with @hookimpl methods as a plugin named `name`, for one test."""
    names: list[str] = []

    def add(name: str, plugin: object) -> None:
        plugin_manager.pm.register(plugin, name=name)
        names.append(name)

    yield add
    for name in names:
        plugin_manager.pm.unregister(name=name)


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set when the test ends: a plugin left running in the background waits on it, so no
    thread outlives its test by more than a moment."""
    event = threading.Event()
    yield event
    event.set()
