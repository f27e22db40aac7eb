"""Results the engine may reuse between estimates: what an option's cost models come to depends
on the scenario and the catalog, but not on the volume.

A cost model is the shape of an option's costs (upfront, fixed monthly, per request, GPU steps);
the volume and its growth only decide how it is *used*, and no cost model reads them. So when a
user changes only the volume, the Monte Carlo's hundreds of cost models per sized option (MFU
and utilisation drawn) are the same as before, and rebuilding them is most of the estimate.
They are kept under a key of everything they can depend on:

- the scenario without the inputs no cost model reads (`volume_free`: volume, growth, ranges)
  and the day it starts,
- what the caller adds (the option, the ranged paths, the drawn values themselves),
- the catalog itself, by identity: a catalog is never changed once built, and a live refresh
  or a plugin reload builds a new one, so a refreshed catalog can never get an old catalog's
  models (the entry holds a weak reference and is used only while it points at that catalog).

Values are shared between callers, so callers keep them read-only (arrays are frozen here).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np

from catalog.build import Catalog
from catalog.engine.scenario import Scenario

T = TypeVar("T")
MAX_ENTRIES = 256  # an option's models take ~100 KB at most; a few sessions' recent scenarios fit
NOT_READ_BY_COST_MODELS = {"workload": {"requests_per_month", "monthly_growth"}, "ranges": True}
"""Scenario fields no cost model or billing plan reads (costs.py, sizing.py, plan.py): they change
how the models are used (the volumes they are evaluated at, the draws), never the models."""

_entries: OrderedDict[Hashable, tuple[weakref.ref[Catalog], object]] = OrderedDict()
_lock = threading.Lock()


def volume_free(s: Scenario) -> str:
    """The scenario as its cost models and billing plans see it: its JSON without volume, growth
    and ranges, after the day month 1 starts (today unless the scenario sets it: route
    shutdowns count from it)."""
    return f"{s.start.isoformat()} {s.model_dump_json(exclude=NOT_READ_BY_COST_MODELS)}"  # type: ignore[arg-type]


def _frozen(value: T) -> T:
    """Arrays inside a shared value (a tuple, a dataclass of arrays) made read-only, so a caller
    writing into one fails loudly instead of changing another estimate's numbers."""
    items = value if isinstance(value, tuple) else vars(value).values() if hasattr(value, "__dict__") else ()
    for item in items:
        if isinstance(item, np.ndarray):
            item.setflags(write=False)
        else:
            _frozen(item)
    return value


def reused(catalog: Catalog, key: Hashable, build: Callable[[], T]) -> T:
    """`build()`, or the value it gave before for this key and this very catalog."""
    full = (id(catalog), key)
    with _lock:
        entry = _entries.get(full)
        if entry is not None and entry[0]() is catalog:
            _entries.move_to_end(full)
            return entry[1]  # type: ignore[return-value]
    value = _frozen(build())
    with _lock:
        _entries[full] = (weakref.ref(catalog), value)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value
