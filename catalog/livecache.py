"""The disk cache of live prices: per user, one JSON file per source, replaced atomically.

A source's file keeps its last good fetch (records that passed validation and the integrity
guard, and when they were fetched) and its last attempt (when, and why it failed if it did). A
failed refresh never overwrites the last good fetch, so an offline start uses the last good
cache; with no file the catalog is the embedded snapshot, exactly as without this module.
Building the catalog only reads these files, which is why a start never waits on the network.

`TTL` is how long a fetch counts as fresh: a refresh skips a source fetched less than that ago
(unless forced), which keeps repeated clicks and cron jobs off the public endpoints. An older
fetch is still used, and shown with its time, until a refresh replaces it. A fetch time without
a time zone, or in the future, was not written by us as it stands: such a fetch counts as stale.

A cache file is read only if it is a regular file (not a symlink, FIFO or device: `/dev/zero`
would never end, a FIFO would wait forever) of at most `MAX_ENTRY_BYTES`; anything else is as if
absent. Two refreshes of one source at once (a page's button and a cron job) must not lose an
update: `update` reads, changes and writes an entry under a lock on that source, so a slow
failing refresh records its failure next to the good fetch another one just wrote, instead of
writing back the older state it read when it started.

`PROMPT_OR_TUNE_CACHE_DIR` moves the cache (tests use a temporary directory); otherwise it is
the platform's per-user cache directory.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: the thread lock alone
    fcntl = None  # type: ignore[assignment]

CACHE_ENV = "PROMPT_OR_TUNE_CACHE_DIR"
MAX_ENTRY_BYTES = 64 * 2**20  # twice the live client's response cap: a fetch's records fit
TTL = timedelta(hours=1)
TTL_TEXT = f"{TTL.total_seconds() / 3600:g} h"
FORMAT = 1
_THREAD_LOCKS: dict[str, threading.Lock] = {}


@dataclass(frozen=True)
class Entry:
    """One source's cache file: its last good fetch and its last attempt."""

    source: str
    fetched_at: datetime | None = None
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    attempted_at: datetime | None = None
    problem: str | None = None

    def fresh(self, now: datetime) -> bool:
        """Fetched less than `TTL` before `now`; a naive or future fetch time is stale."""
        if self.fetched_at is None or self.fetched_at.tzinfo is None or self.fetched_at > now:
            return False
        return now - self.fetched_at < TTL


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


def _regular_file_bytes(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of at most `MAX_ENTRY_BYTES`, else None.

    Opened without following a symlink and without blocking (a FIFO opens at once), then
    checked on the open descriptor, so the file cannot be swapped between check and read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None
        data = handle.read(MAX_ENTRY_BYTES + 1)
    return data if len(data) <= MAX_ENTRY_BYTES else None


def read(source: str) -> Entry | None:
    """The source's entry; None when there is no file or it cannot be read as one."""
    try:
        raw = _regular_file_bytes(_path(source))
        if raw is None:
            return None
        document = json.loads(raw.decode("utf-8"))
        if document.get("format") != FORMAT:
            return None
        good = document.get("good") or {}
        attempt = document.get("attempt") or {}
        records = good.get("records") or {}
        if not isinstance(records, dict) or not all(isinstance(rows, list) for rows in records.values()):
            return None
        return Entry(source, _when(good.get("fetched_at")), records, _when(attempt.get("at")), attempt.get("problem"))
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):  # corrupt or foreign: as if absent
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
        "good": None
        if entry.fetched_at is None
        else {"fetched_at": entry.fetched_at.isoformat(), "records": entry.records},
        "attempt": None
        if entry.attempted_at is None
        else {"at": entry.attempted_at.isoformat(), "problem": entry.problem},
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _locked(source: str) -> Iterator[None]:
    """Hold the source's lock: across processes where the platform has `flock`, and always
    across this process's threads."""
    with _THREAD_LOCKS.setdefault(source, threading.Lock()):
        if fcntl is None:
            yield
            return
        path = _path(source).with_suffix(".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def update(source: str, change: Callable[[Entry | None], Entry]) -> Entry:
    """Read the source's entry, `change` it and write the result, with no other `update` of
    the source in between (the compare-and-swap a refresh needs); returns what was written."""
    with _locked(source):
        entry = change(read(source))
        write(entry)
        return entry


def stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every cache file: changes whenever a refresh writes."""
    try:
        files = sorted((cache_dir() / "live").glob("*.json"))
        return tuple((f.name, (s := f.stat()).st_mtime_ns, s.st_size) for f in files)
    except OSError:
        return ()
