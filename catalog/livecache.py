"""The disk cache of live prices: per user, one JSON file per source, replaced atomically.

A source's file keeps its last good fetch (records that passed validation and the integrity
guard, and when they were fetched) and its last attempt (when, and why it failed if it did). A
failed refresh never overwrites the last good fetch, so an offline start uses the last good
cache; with no file the catalog is the embedded snapshot, exactly as without this module.
Building the catalog only reads these files, which is why a start never waits on the network.

`TTL` is how long a fetch counts as fresh: a refresh skips a source fetched less than that ago
(unless forced), which keeps repeated clicks and cron jobs off the public endpoints. An older
fetch is still used, and shown with its time, until a refresh replaces it.

`PROMPT_OR_TUNE_CACHE_DIR` moves the cache (tests use a temporary directory); otherwise it is
the platform's per-user cache directory.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

CACHE_ENV = "PROMPT_OR_TUNE_CACHE_DIR"
TTL = timedelta(hours=1)
TTL_TEXT = f"{TTL.total_seconds() / 3600:g} h"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One source's cache file: its last good fetch and its last attempt."""

    source: str
    fetched_at: datetime | None = None
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    attempted_at: datetime | None = None
    problem: str | None = None

    def fresh(self, now: datetime) -> bool:
        return self.fetched_at is not None and now - self.fetched_at < TTL


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "prompt-or-tune"


def _path(source: str) -> Path:
    safe = re.sub(r"[^\w.-]", "_", source)
    return cache_dir() / "live" / f"{safe}.json"


def _when(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) else None


def read(source: str) -> Entry | None:
    """The source's entry; None when there is no file or it cannot be read as one."""
    try:
        document = json.loads(_path(source).read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            return None
        good = document.get("good") or {}
        attempt = document.get("attempt") or {}
        records = good.get("records") or {}
        if not isinstance(records, dict) or not all(isinstance(rows, list) for rows in records.values()):
            return None
        return Entry(source, _when(good.get("fetched_at")), records, _when(attempt.get("at")), attempt.get("problem"))
    except (OSError, ValueError, AttributeError, TypeError):  # missing, corrupt or foreign: as if absent
        return None


def read_all(sources: Iterable[str]) -> dict[str, Entry]:
    entries = {source: read(source) for source in sources}
    return {source: entry for source, entry in entries.items() if entry is not None}


def write(entry: Entry) -> None:
    """Replace the source's file in one step, so a reader never sees half of it."""
    path = _path(entry.source)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "format": FORMAT,
        "source": entry.source,
        "good": None if entry.fetched_at is None else {"fetched_at": entry.fetched_at.isoformat(), "records": entry.records},
        "attempt": None if entry.attempted_at is None else {"at": entry.attempted_at.isoformat(), "problem": entry.problem},
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every cache file: changes whenever a refresh writes."""
    try:
        files = sorted((cache_dir() / "live").glob("*.json"))
        return tuple((f.name, (s := f.stat()).st_mtime_ns, s.st_size) for f in files)
    except OSError:
        return ()
