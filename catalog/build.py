"""Building the catalog: call every plugin's hooks one by one, validate, merge, report.

Isolation is the point of this module. Each implementation runs on its own (pluggy would stop
at the first exception), in a daemon thread with a time limit (a plugin that hangs is reported
and left behind, not waited for). Everything the plugin's code can do happens inside that
limit: the call, consuming what it returns (a generator that sleeps, raises half-way or never
ends is stopped there, by the time limit or the record cap), and validating its records. Any
exception is contained and reported with the plugin's name, `BaseException`s included (a hook
calling `sys.exit` must not end the program); a real Ctrl-C lands in the main thread, which
only waits, and still stops it. Every record is rebuilt from its data (a `model_construct`
instance skips validation, so an instance is never trusted as it is), which also gives the
catalog its own frozen copies that the plugin's threads cannot reach. One bad record costs that
record only, and a plugin whose hooks together take longer than `BUILD_BUDGET_S` has its
remaining hooks skipped and reported. When two plugins supply the same key, the record with the higher
`precedence` wins (an override, shown as such); on a tie the first loaded keeps it and the
later one is reported.

A plugin with a live source (`live_records`) may have a last good fetch in the disk cache
(`catalog.livecache`): its records replace that plugin's snapshot for the same hook if they
still validate and pass the integrity guard, else the snapshot is used and the reason reported.
Building only reads the cache; the network is reached by an explicit refresh alone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from catalog import guard, livecache
from catalog import plugins as plugin_manager
from catalog.records import RECORD_TYPES, ApiPrice, FineTuneOffer, GpuOffer, GpuSpec, OpenModel, Record, UseCase

HOOK_TYPES: dict[str, type[Record]] = {record_type.hook: record_type for record_type in RECORD_TYPES.values()}
TIME_LIMIT_S = 5.0
BUILD_BUDGET_S = 2 * TIME_LIMIT_S  # per plugin, all its hooks together
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


class Contained(Exception):
    """A `BaseException` that is not an `Exception` (SystemExit, KeyboardInterrupt, a custom
    one) raised by plugin code in a worker thread, turned into an error to report: re-raised
    as itself it would end the program or blank every page."""


def call_with_limit(function: Any, limit_s: float) -> Any:
    """`function()` run in a daemon thread; `PluginTimeout` if it has not answered within `limit_s`.

    An `Exception` from `function` is raised again as itself (callers describe it); any other
    `BaseException` becomes `Contained`, since it came from plugin code, not from the user."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - plugin code: reported below, whatever it is
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="prompt-or-tune-plugin")
    worker.start()
    worker.join(limit_s)
    if worker.is_alive():
        raise PluginTimeout(f"no answer within {limit_s:g} s (left running in the background)")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, Exception):
            raise error
        raise Contained(f"{type(error).__name__}: {error}")
    return outcome.get("value")


def describe_failure(exc: Exception) -> str:
    """The line a plugin's failure is reported with: the exception's type and message."""
    return str(exc) if isinstance(exc, Contained) else f"{type(exc).__name__}: {exc}"


def _field_path(error: ErrorDetails) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(record)"


def _data(row: Any) -> Any:
    """The fields of a row to validate. A model instance is turned back into plain data (nested
    models too), because `model_construct` builds one without any check and pydantic would
    accept such an instance, or a nested one, as valid without looking inside."""
    if isinstance(row, BaseModel):
        return BaseModel.model_dump(row, warnings=False)
    return row


def _named(row: Any, record_type: type[Record]) -> str:
    """' (key)' for a rejected row whose key fields are there, so the report says which record
    was left out (a model id, not only its position); '' when even the key cannot be read."""
    if not isinstance(row, dict):
        return ""
    try:
        key = record_type.model_construct(**row).key  # no validation: the key fields only
    except Exception:  # noqa: BLE001 - the row's key fields are missing or odd: its position must do
        return ""
    return f" ({key[:120]})" if isinstance(key, str) else ""


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
                PluginError(
                    plugin,
                    hook,
                    f"returned more than {MAX_RECORDS_PER_HOOK:,} records; kept the first {MAX_RECORDS_PER_HOOK:,}",
                )
            )
            break
        try:
            records.append(record_type.model_validate(_data(row)))
        except ValidationError as exc:
            first = exc.errors()[0]
            named = _named(row, record_type) if len(problems) < MAX_ERRORS_SHOWN else ""  # only these are shown
            problems.append(f"record {index}{named}: {_field_path(first)}: {first['msg']}")
        except Exception as exc:  # noqa: BLE001 - a row whose data cannot even be read costs that row
            problems.append(f"record {index}: unreadable ({type(exc).__name__}: {exc})")
    if problems:
        shown = "; ".join(problems[:MAX_ERRORS_SHOWN])
        more = f" (and {len(problems) - MAX_ERRORS_SHOWN} more)" if len(problems) > MAX_ERRORS_SHOWN else ""
        errors.append(PluginError(plugin, hook, f"{len(problems)} invalid record(s) skipped: {shown}{more}"))
    return records, errors


def collect(
    function: Any, record_type: type[Record], plugin: str, hook: str, limit_s: float
) -> tuple[list[Record], list[PluginError]]:
    """Call a hook and validate what it returns, all inside one `call_with_limit`: a generator
    is consumed there, so its sleeps, errors and endlessness count against the same time limit
    and record cap as a plain call. Raises what `call_with_limit` raises (see `describe_failure`)."""
    return call_with_limit(lambda: validate_rows(function(), record_type, plugin, hook), limit_s)


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


def build_catalog(time_limit_s: float = TIME_LIMIT_S, budget_s: float = BUILD_BUDGET_S) -> Catalog:
    """Call every plugin's hooks (loading the plugins first, once) and merge their records into one Catalog.

    A plugin's hooks share `budget_s`: once they have taken longer, its remaining hooks are
    skipped and reported, so a plugin whose every hook stops just short of `time_limit_s`
    cannot hold a start up for six time limits."""
    plugin_manager.load_plugins()
    pm = plugin_manager.pm
    infos = _plugin_infos()
    tables: dict[str, dict[str, Record]] = {}
    supplied_by: dict[tuple[str, str], str] = {}
    overrides: list[Override] = []
    live_plugins = [impl.plugin_name for impl in pm.hook.live_records.get_hookimpls()]
    cache = livecache.read_all(live_plugins)
    live_in_use: set[str] = set()
    spent: dict[str, float] = {}
    for hook, record_type in HOOK_TYPES.items():
        table: dict[str, Record] = {}
        # in registration order: built-ins first, so on a tie the built-in record is kept
        for impl in getattr(pm.hook, hook).get_hookimpls():
            plugin = impl.plugin_name
            info = infos[plugin]
            info.hooks.append(hook)
            if spent.get(plugin, 0.0) > budget_s:
                info.errors.append(
                    PluginError(
                        plugin,
                        hook,
                        f"skipped: the plugin's hooks already took {spent[plugin]:.1f} s, "
                        f"over the {budget_s:g} s build budget per plugin",
                    )
                )
                continue
            started = time.monotonic()
            try:
                records, errors = collect(impl.function, record_type, plugin, hook, time_limit_s)
            except Exception as exc:  # noqa: BLE001 - whatever a plugin raises costs its hook only
                info.errors.append(PluginError(plugin, hook, describe_failure(exc)))
                continue
            finally:
                spent[plugin] = spent.get(plugin, 0.0) + time.monotonic() - started
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
                info.errors.append(
                    PluginError(
                        plugin, hook, f"{repeated} record(s) repeat a key the plugin already gave; kept the first"
                    )
                )
            if clashes:
                more = f" and {len(clashes) - MAX_ERRORS_SHOWN} more" if len(clashes) > MAX_ERRORS_SHOWN else ""
                info.errors.append(
                    PluginError(
                        plugin, hook, f"{len(clashes)} duplicate key(s): {', '.join(clashes[:MAX_ERRORS_SHOWN])}{more}"
                    )
                )
            info.counts[hook] = kept
        tables[record_type.kind] = table
    return Catalog(
        **tables,  # type: ignore[arg-type]  # one table per kind, each named by its kind
        supplied_by=supplied_by,
        plugins=tuple(sorted(infos.values(), key=lambda i: (not i.builtin, i.name))),
        overrides=tuple(overrides),
        live=tuple(
            LiveSource(
                name,
                name in live_in_use,
                entry.fetched_at if entry else None,
                entry.attempted_at if entry else None,
                entry.problem if entry else None,
            )
            for name, entry in ((name, cache.get(name)) for name in live_plugins)
        ),
    )
