"""`prompt-or-tune refresh`: fetch live prices into the cache and print what changed.

`--write-snapshot` is for maintainers: it also rewrites the embedded data file of each built-in
source that has one (`plugins/data/<source>.json`), from sets that passed validation and the
integrity guard, so a release can ship fresher figures. Sources whose snapshot is a package
(genai-prices, and OpenRouter through it) have no file to write.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from catalog import build, livecache
from catalog import plugins as plugin_manager
from catalog.live.refresh import Changes, Outcome, refresh, snapshot_records
from plugins.datafiles import DATA_DIR

CHANGES_SHOWN = 10


def _changes_json(changes: Changes) -> dict[str, Any]:
    return {
        "added": list(changes.added),
        "removed": list(changes.removed),
        "moved": [{"key": m.key, "field": m.field, "old": m.old, "new": m.new} for m in changes.moved],
    }


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "source": outcome.source,
        "status": outcome.status,
        "message": outcome.message,
        "fetched_at": outcome.fetched_at.isoformat() if outcome.fetched_at else None,
        "counts": outcome.counts,
        "changes": {hook: _changes_json(c) for hook, c in outcome.changes.items()},
        "warnings": list(outcome.warnings),
    }


def _change_lines(changes: Changes) -> list[str]:
    lines = [f"  + {key}" for key in changes.added] + [f"  - {key}" for key in changes.removed]
    lines += [
        f"  ~ {m.key}: {m.field} {m.old if m.old is not None else '-'} -> {m.new if m.new is not None else '-'}"
        for m in changes.moved
    ]
    more = (
        [f"  ... and {len(lines) - CHANGES_SHOWN} more (--json lists every change)"]
        if len(lines) > CHANGES_SHOWN
        else []
    )
    return lines[:CHANGES_SHOWN] + more


def snapshot_document(records: Sequence[Any]) -> dict[str, Any]:
    """A data file for `records`: fields every record shares go to `defaults`, as the files have them."""
    rows = [record.model_dump(mode="json", exclude_defaults=True) for record in records]
    shared = {key: value for key, value in rows[0].items() if all(row.get(key, object()) == value for row in rows)}
    return {"defaults": shared, "records": [{k: v for k, v in row.items() if k not in shared} for row in rows]}


def write_snapshot(source: str) -> Path | None:
    """Rewrite `plugins/data/<source>.json` from the source's cached set, if it is a built-in with
    such a file and the set still passes the guard against the current snapshot."""
    path = DATA_DIR / f"{source}.json"
    entry = livecache.read(source)
    if not plugin_manager.is_builtin(source) or not path.exists() or entry is None or len(entry.records) != 1:
        return None
    ((hook, rows),) = entry.records.items()
    snapshot = snapshot_records(source, hook)
    fetched, _ = build.live_or_snapshot(rows, snapshot or [], build.HOOK_TYPES[hook], source, hook)
    if snapshot is None or not fetched:
        return None
    path.write_text(json.dumps(snapshot_document(fetched), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def cmd_refresh(args: argparse.Namespace) -> int:
    try:
        outcomes = refresh(args.source, force=args.force or args.write_snapshot)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    written = (
        [path for o in outcomes if o.status == "updated" and (path := write_snapshot(o.source))]
        if args.write_snapshot
        else []
    )
    if args.json:
        print(
            json.dumps(
                {"sources": [_outcome_json(o) for o in outcomes], "written": [str(p) for p in written]},
                indent=2,
                default=str,
            )
        )
    else:
        width = max((len(o.source) for o in outcomes), default=0)
        for o in outcomes:  # not a table: a failure's reason is never cut short
            print(f"{o.source:<{width}}  {o.status:<7}  {o.message}")
        for outcome in outcomes:
            for hook, changes in outcome.changes.items():
                if changes.added or changes.removed or changes.moved:
                    print(f"\n{outcome.source} ({hook}):")
                    print("\n".join(_change_lines(changes)))
            for warning in outcome.warnings:
                print(f"warning: {outcome.source}: {warning}", file=sys.stderr)
        for path in written:
            print(f"wrote {path}")
        print(f"\ncache: {livecache.cache_dir()}")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def add_refresh_command(sub: argparse._SubParsersAction) -> None:
    ref = sub.add_parser("refresh", help="fetch fresh prices from the live sources into the cache; print what changed")
    ref.add_argument(
        "--source",
        action="append",
        metavar="NAME",
        help="refresh only this source (repeatable); sources are plugins with a live hook",
    )
    ref.add_argument(
        "--force",
        action="store_true",
        help=f"fetch even sources fetched less than {livecache.TTL_TEXT} ago (the cache TTL)",
    )
    ref.add_argument("--json", action="store_true")
    ref.add_argument(
        "--write-snapshot",
        action="store_true",
        help="maintainers: fetch (as --force) and rewrite plugins/data/<source>.json of each built-in "
        "source that has one, from sets that passed the integrity guard",
    )
    ref.set_defaults(run=cmd_refresh)
