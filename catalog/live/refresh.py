"""Refreshing prices from the network: fetch, validate, guard, cache, and say what changed.

Only an explicit refresh (the `refresh` command, the dashboard's button) reaches the network;
building the catalog reads the cache and never fetches. A live source is a plugin implementing
`live_records`: it gets a client from `catalog.live` and returns fresh records per hook. Each
set is validated record by record, then must pass the integrity guard against the plugin's own
snapshot for that hook; only then does it go to the disk cache, where the next catalog build
picks it up. Sources are fetched in parallel, each under a time limit, and one that fails costs
only its own refresh: the catalog keeps its last good fetch, else the snapshot, and the outcome
(also written to the cache, so every page can show it) says which source failed and why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

import httpx

from catalog import build, guard, livecache
from catalog import plugins as plugin_manager
from catalog.live.client import (
    DeadlineExceeded,
    RedirectRefused,
    ResponseTooLarge,
    UnexpectedShape,
    new_client,
)
from catalog.records import Record

TIME_LIMIT_S = 120.0  # per source, all its pages included; each request has its own deadline too
MAX_SHOWN = 3


class Refused(ValueError):
    """A fetched answer that may not replace the snapshot: malformed, or stopped by the guard."""


@dataclass(frozen=True)
class PriceMove:
    """One price of one record that changed."""

    key: str
    field: str
    old: Decimal | None
    new: Decimal | None


@dataclass(frozen=True)
class Changes:
    """What a fetched set changes in one hook's records, against what the catalog had."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    moved: tuple[PriceMove, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What a refresh did for one source: `updated`, `fresh` (skipped, within the TTL) or `failed`."""

    source: str
    status: Literal["updated", "fresh", "failed"]
    message: str
    fetched_at: datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)
    changes: dict[str, Changes] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def sources() -> dict[str, Any]:
    """Every registered plugin with a live source, by name, with its `live_records` implementation."""
    plugin_manager.load_plugins()
    return {impl.plugin_name: impl for impl in plugin_manager.pm.hook.live_records.get_hookimpls()}


def _host(exc: httpx.RequestError) -> str:
    try:
        return exc.request.url.host
    except RuntimeError:  # raised before a request was attached
        return "the server"


def describe(exc: BaseException) -> str:
    """One line a user can act on, for anything a fetch can raise."""
    if isinstance(exc, httpx.HTTPStatusError):
        response = exc.response
        return f"HTTP {response.status_code} {response.reason_phrase} from {response.request.url.host}"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out reaching {_host(exc)} ({type(exc).__name__}: {exc or 'no answer in time'})"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect to {_host(exc)} ({exc})"
    if isinstance(
        exc,
        (
            ResponseTooLarge,
            DeadlineExceeded,
            RedirectRefused,
            UnexpectedShape,
            Refused,
            build.PluginTimeout,
            build.Contained,
        ),
    ):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def diff(before: Iterable[Record], after: Iterable[Record]) -> Changes:
    """Keys added and removed, and every price (any Decimal field) that moved."""
    old, new = {r.key: r for r in before}, {r.key: r for r in after}
    moved = []
    for key in sorted(old.keys() & new.keys()):
        for name, value in new[key]:
            previous = getattr(old[key], name)
            if (isinstance(value, Decimal) or isinstance(previous, Decimal)) and value != previous:
                moved.append(PriceMove(key, name, previous, value))
    return Changes(tuple(sorted(new.keys() - old.keys())), tuple(sorted(old.keys() - new.keys())), tuple(moved))


def snapshot_records(plugin: str, hook: str) -> list[Record] | None:
    """The plugin's own records for a hook, as the catalog builds them; None if it has no such hook."""
    plugin_manager.load_plugins()
    for impl in getattr(plugin_manager.pm.hook, hook).get_hookimpls():
        if impl.plugin_name == plugin:
            return build.collect(impl.function, build.HOOK_TYPES[hook], plugin, hook, build.TIME_LIMIT_S)[0]
    return None


def _checked(
    name: str, answer: Any, previous: livecache.Entry | None
) -> tuple[dict[str, list[Record]], dict[str, Changes], list[str]]:
    """Validate and guard every hook's set; raise `Refused` with the first reason to refuse."""
    if not isinstance(answer, dict) or not answer:
        raise Refused(f"live_records returned {type(answer).__name__}, expected a dict of hook name to records")
    accepted, changes, warnings = {}, {}, []
    for hook, rows in answer.items():
        if hook not in build.HOOK_TYPES:
            raise Refused(f"live_records returned records for {hook!r}, which is not a hook")
        snapshot = snapshot_records(name, hook)
        if snapshot is None:
            raise Refused(f"live_records returned {hook} records, but the plugin has no {hook} snapshot to replace")
        records, errors = build.validate_rows(rows, build.HOOK_TYPES[hook], name, hook)
        warnings += [error.message for error in errors]
        problem = guard.check(records, len(snapshot))
        if problem:
            raise Refused(f"{hook}: {problem}")
        before = snapshot
        if previous is not None and hook in previous.records:
            cached, _ = build.live_or_snapshot(previous.records[hook], snapshot, build.HOOK_TYPES[hook], name, hook)
            before = cached if cached is not None else snapshot
        accepted[hook], changes[hook] = records, diff(before, records)
    return accepted, changes, warnings


def _kept(previous: livecache.Entry | None) -> str:
    if previous is not None and previous.fetched_at is not None:
        return f"kept the fetch of {previous.fetched_at:%Y-%m-%d %H:%M} UTC"
    return "kept the snapshot"


def refresh_one(
    name: str, impl: Any, client_factory: Callable[[], httpx.Client], force: bool, now: datetime
) -> Outcome:
    previous = livecache.read(name)
    if not force and previous is not None and previous.fresh(now):
        return Outcome(
            name,
            "fresh",
            f"fetched {previous.fetched_at:%H:%M} UTC, less than {livecache.TTL_TEXT} ago; not fetched again",
            previous.fetched_at,
        )
    try:
        with client_factory() as client:
            kwargs = {"client": client} if "client" in impl.argnames else {}
            answer = build.call_with_limit(lambda: impl.function(**kwargs), TIME_LIMIT_S)
        accepted, changes, warnings = _checked(name, answer, previous)
    except Exception as exc:  # noqa: BLE001 - whatever a fetch raises fails this source only, and is described
        reason = describe(exc)

        def record_failure(current: livecache.Entry | None) -> livecache.Entry:
            # the good fetch on disk now, not the one read at the start: another refresh of this
            # source may have written a newer one while this one was failing
            return livecache.Entry(
                name, current.fetched_at if current else None, current.records if current else {}, now, reason
            )

        kept: livecache.Entry | None
        try:
            kept = livecache.update(name, record_failure)
        except OSError as write_error:
            reason += f" (and the cache could not be written: {write_error})"
            kept = previous
        return Outcome(name, "failed", f"{reason}; {_kept(kept)}", kept.fetched_at if kept else None)
    entry = livecache.Entry(
        name, now, {hook: [r.model_dump(mode="json") for r in records] for hook, records in accepted.items()}, now
    )
    try:
        livecache.update(name, lambda _current: entry)
    except OSError as exc:
        return Outcome(
            name,
            "failed",
            f"could not write the cache ({exc}); {_kept(previous)}",
            previous.fetched_at if previous else None,
        )
    counts = {hook: len(records) for hook, records in accepted.items()}
    summary = "; ".join(
        f"{counts[hook]} {hook} record(s): {len(c.added)} added, {len(c.removed)} removed, {len(c.moved)} price move(s)"
        for hook, c in changes.items()
    )
    return Outcome(name, "updated", summary, now, counts, changes, tuple(warnings))


def refresh(
    names: Iterable[str] | None = None,
    *,
    force: bool = False,
    client_factory: Callable[[], httpx.Client] | None = None,
    now: datetime | None = None,
) -> list[Outcome]:
    """Refresh the named sources (all by default) in parallel; KeyError names an unknown source.

    `client_factory` makes each source's client (default `catalog.live.new_client`)."""
    available = sources()
    chosen = list(available) if names is None else list(names)
    unknown = [name for name in chosen if name not in available]
    if unknown:
        raise KeyError(
            f"no live source named {', '.join(map(repr, unknown))} (available: {', '.join(available) or 'none'})"
        )
    moment = now or datetime.now(UTC)
    if not chosen:
        return []
    with ThreadPoolExecutor(max_workers=len(chosen), thread_name_prefix="prompt-or-tune-refresh") as pool:
        factory = client_factory or new_client
        futures = [pool.submit(refresh_one, name, available[name], factory, force, moment) for name in chosen]
        return [future.result() for future in futures]


@dataclass
class BackgroundRefresh:
    """A refresh running in a daemon thread; `outcomes` is filled in when `done` is set."""

    started_at: datetime
    done: threading.Event = field(default_factory=threading.Event)
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None


_lock = threading.Lock()
_latest: BackgroundRefresh | None = None


def start_background(**kwargs: Any) -> BackgroundRefresh:
    """Start `refresh(**kwargs)` in a daemon thread and return at once, so a page never waits on
    the network; while one is running (one per process), return it instead of starting another."""
    global _latest
    with _lock:
        if _latest is not None and not _latest.done.is_set():
            return _latest
        job = BackgroundRefresh(datetime.now(UTC))

        def run() -> None:
            try:
                job.outcomes = refresh(**kwargs)
            except Exception as exc:  # noqa: BLE001 - reported on the page, like a failed source
                job.error = describe(exc)
            finally:
                job.done.set()

        threading.Thread(target=run, daemon=True, name="prompt-or-tune-background-refresh").start()
        _latest = job
        return job


def latest_background() -> BackgroundRefresh | None:
    return _latest
