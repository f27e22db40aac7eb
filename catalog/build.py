"""Building the catalog: call every plugin's hooks one by one, validate, merge, report.

Isolation is the point of this module. Each implementation runs on its own (pluggy would stop
at the first exception), in a daemon thread with a time limit (a plugin that hangs is reported
and left behind, not waited for), and its records are validated one by one, so one bad record
costs that record only. When two plugins supply the same key, the record with the higher
`precedence` wins (an override, shown as such); on a tie the first loaded keeps it and the
later one is reported.

A plugin with a live source (`live_records`) may have a last good fetch in the disk cache
(`catalog.livecache`): its records replace that plugin's snapshot for the same hook if they
still validate and pass the integrity guard, else the snapshot is used and the reason reported.
Building only reads the cache; the network is reached by an explicit refresh alone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from catalog import livecache
from catalog.live import guard
from catalog import plugins as plugin_manager
from catalog.records import RECORD_TYPES, ApiPrice, FineTuneOffer, GpuOffer, GpuSpec, OpenModel, Record, UseCase

HOOK_TYPES: dict[str, type[Record]] = {record_type.hook: record_type for record_type in RECORD_TYPES.values()}
TIME_LIMIT_S = 5.0
MAX_RECORDS_PER_HOOK = 20_000
MAX_ERRORS_SHOWN = 3


@dataclass(frozen=True)
class PluginError:
    plugin: str
    hook: str
    message: str


@dataclass(frozen=True)
class Override:
    """A key two plugins priced: `winner`'s record is used, `loser`'s is set aside."""

    kind: str
    key: str
    winner: str
    loser: str


@dataclass
class PluginInfo:
    name: str
    version: str | None
    distribution: str | None
    builtin: bool
    hooks: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[PluginError] = field(default_factory=list)


@dataclass(frozen=True)
class LiveSource:
    """A plugin that can refresh its prices from the network, and what this catalog took from it."""

    plugin: str
    in_use: bool
    fetched_at: datetime | None
    attempted_at: datetime | None
    problem: str | None


@dataclass(frozen=True)
class Catalog:
    """Every record by kind and key, which plugin supplied each, and the plugin report."""

    api: dict[str, ApiPrice]
    finetune: dict[str, FineTuneOffer]
    gpus: dict[str, GpuOffer]
    specs: dict[str, GpuSpec]
    models: dict[str, OpenModel]
    usecases: dict[str, UseCase]
    supplied_by: dict[tuple[str, str], str]
    plugins: tuple[PluginInfo, ...]
    overrides: tuple[Override, ...]
    live: tuple[LiveSource, ...] = ()

    @property
    def errors(self) -> list[PluginError]:
        return [error for info in self.plugins for error in info.errors]

    @cached_property
    def newest_price_date(self) -> date | None:
        """The newest date on a price (API, fine-tuning, GPU): computed once per catalog, since
        every dashboard page shows it on every rerun."""
        dates = [r.as_of for table in (self.api, self.finetune, self.gpus) for r in table.values()]
        return max(dates) if dates else None

    def table(self, kind: str) -> dict[str, Record]:
        """The records of one kind (`Record.kind`: the table's own name), by key."""
        if kind not in RECORD_TYPES:
            raise KeyError(f"no record kind {kind!r} (kinds: {', '.join(RECORD_TYPES)})")
        table: dict[str, Record] = getattr(self, kind)
        return table


class PluginTimeout(Exception):
    """A plugin's hook did not answer within the time limit (it is left running, unheard)."""


def call_with_limit(function: Any, limit_s: float) -> Any:
    """`function()` run in a daemon thread; `PluginTimeout` if it has not answered within `limit_s`."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # reported below, whatever it is
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="prompt-or-tune-plugin")
    worker.start()
    worker.join(limit_s)
    if worker.is_alive():
        raise PluginTimeout(f"no answer within {limit_s:g} s (left running in the background)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _field_path(error: ErrorDetails) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(record)"


def validate_rows(
    rows: Any, record_type: type[Record], plugin: str, hook: str
) -> tuple[list[Record], list[PluginError]]:
    """The rows that validate as records, and one error naming the first few that did not."""
    if rows is None:
        return [], []
    if isinstance(rows, (str, bytes, dict)) or not isinstance(rows, Iterable):
        return [], [PluginError(plugin, hook, f"returned {type(rows).__name__}, expected a list of records")]
    records: list[Record] = []
    problems: list[str] = []
    errors: list[PluginError] = []
    for index, row in enumerate(rows):
        if index >= MAX_RECORDS_PER_HOOK:
            errors.append(
                PluginError(plugin, hook, f"returned more than {MAX_RECORDS_PER_HOOK:,} records; kept the first {MAX_RECORDS_PER_HOOK:,}")
            )
            break
        if isinstance(row, record_type):
            records.append(row)
            continue
        try:
            records.append(record_type.model_validate(row))
        except ValidationError as exc:
            first = exc.errors()[0]
            problems.append(f"record {index}: {_field_path(first)}: {first['msg']}")
    if problems:
        shown = "; ".join(problems[:MAX_ERRORS_SHOWN])
        more = f" (and {len(problems) - MAX_ERRORS_SHOWN} more)" if len(problems) > MAX_ERRORS_SHOWN else ""
        errors.append(PluginError(plugin, hook, f"{len(problems)} invalid record(s) skipped: {shown}{more}"))
    return records, errors


def live_or_snapshot(
    rows: list[dict[str, Any]], snapshot: list[Record], record_type: type[Record], plugin: str, hook: str
) -> tuple[list[Record] | None, list[PluginError]]:
    """Cached live rows as records if they validate and pass the guard against the snapshot;
    otherwise None and why (the caller keeps the snapshot)."""
    fetched, errors = validate_rows(rows, record_type, plugin, hook)
    problem = guard.check(fetched, len(snapshot))
    if problem:
        return None, [PluginError(plugin, hook, f"cached live prices set aside, snapshot used: {problem}")]
    return fetched, errors


def _plugin_infos() -> dict[str, PluginInfo]:
    pm = plugin_manager.pm
    infos: dict[str, PluginInfo] = {}
    for name, _module in pm.list_name_plugin():
        dist = plugin_manager.distributions.get(name)
        infos[name] = PluginInfo(
            name=name,
            version=dist.version if dist else None,
            distribution=dist.name if dist else None,
            builtin=plugin_manager.is_builtin(name),
        )
    for failed in plugin_manager.load_errors:
        infos[failed.plugin] = PluginInfo(
            name=failed.plugin,
            version=failed.version,
            distribution=failed.distribution,
            builtin=plugin_manager.is_builtin(failed.plugin),
            errors=[PluginError(failed.plugin, "import", failed.message)],
        )
    return infos


def build_catalog(time_limit_s: float = TIME_LIMIT_S) -> Catalog:
    """Call every plugin's hooks (loading the plugins first, once) and merge their records into one Catalog."""
    plugin_manager.load_plugins()
    pm = plugin_manager.pm
    infos = _plugin_infos()
    tables: dict[str, dict[str, Record]] = {}
    supplied_by: dict[tuple[str, str], str] = {}
    overrides: list[Override] = []
    live_plugins = [impl.plugin_name for impl in pm.hook.live_records.get_hookimpls()]
    cache = livecache.read_all(live_plugins)
    live_in_use: set[str] = set()
    for hook, record_type in HOOK_TYPES.items():
        table: dict[str, Record] = {}
        # in registration order: built-ins first, so on a tie the built-in record is kept
        for impl in getattr(pm.hook, hook).get_hookimpls():
            plugin = impl.plugin_name
            info = infos[plugin]
            info.hooks.append(hook)
            try:
                rows = call_with_limit(impl.function, time_limit_s)
            except Exception as exc:
                info.errors.append(PluginError(plugin, hook, f"{type(exc).__name__}: {exc}"))
                continue
            records, errors = validate_rows(rows, record_type, plugin, hook)
            cached = cache.get(plugin)
            if cached is not None and hook in cached.records:
                fetched, live_errors = live_or_snapshot(cached.records[hook], records, record_type, plugin, hook)
                if fetched is None:
                    errors += live_errors
                else:
                    records, errors = fetched, live_errors
                    live_in_use.add(plugin)
            info.errors.extend(errors)
            kept, repeated, clashes = 0, 0, []
            for record in records:
                key = record.key
                holder = supplied_by.get((record.kind, key))
                if holder is None:
                    table[key] = record
                    supplied_by[(record.kind, key)] = plugin
                    kept += 1
                elif holder == plugin:
                    repeated += 1
                elif record.precedence > table[key].precedence:
                    overrides.append(Override(record.kind, key, winner=plugin, loser=holder))
                    infos[holder].counts[hook] -= 1
                    table[key] = record
                    supplied_by[(record.kind, key)] = plugin
                    kept += 1
                elif record.precedence < table[key].precedence:
                    overrides.append(Override(record.kind, key, winner=holder, loser=plugin))
                else:
                    clashes.append(f"{key!r} (already supplied by {holder!r}, whose record is kept)")
            if repeated:
                info.errors.append(PluginError(plugin, hook, f"{repeated} record(s) repeat a key the plugin already gave; kept the first"))
            if clashes:
                more = f" and {len(clashes) - MAX_ERRORS_SHOWN} more" if len(clashes) > MAX_ERRORS_SHOWN else ""
                info.errors.append(
                    PluginError(plugin, hook, f"{len(clashes)} duplicate key(s): {', '.join(clashes[:MAX_ERRORS_SHOWN])}{more}")
                )
            info.counts[hook] = kept
        tables[record_type.kind] = table
    return Catalog(
        **tables,  # type: ignore[arg-type]  # one table per kind, each named by its kind
        supplied_by=supplied_by,
        plugins=tuple(sorted(infos.values(), key=lambda i: (not i.builtin, i.name))),
        overrides=tuple(overrides),
        live=tuple(
            LiveSource(name, name in live_in_use, entry.fetched_at if entry else None,
                       entry.attempted_at if entry else None, entry.problem if entry else None)
            for name, entry in ((name, cache.get(name)) for name in live_plugins)
        ),
    )
