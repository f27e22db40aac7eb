"""Reading a plugin's JSON data file.

A data file is `{"defaults": {...}, "records": [{...}, ...]}`. `defaults` holds the fields most
records of one source share (usually `source_url` and `as_of`); a record's own keys win. The
merge happens here and validation happens in the plugin manager, so a malformed record is
reported against the plugin that supplied it, with the other records kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog.build import HOOK_TYPES
from catalog.hookspecs import hookimpl


class DataFileError(ValueError):
    """A data file that cannot be read as records; the message names the file."""


def load_records(path: Path | str) -> list[dict[str, Any]]:
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path.name}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        raise DataFileError(f'{path.name}: expected an object with a "records" list')
    defaults = document.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise DataFileError(f'{path.name}: "defaults" must be an object')
    return [{**defaults, **row} if isinstance(row, dict) else row for row in document["records"]]


class DataFilePlugin:
    """A plugin whose records are one data file: it answers one hook with the file's records.

    One class for every such source, instantiated per file (the built-ins in `plugins.datafiles`
    and any third party's), instead of one near-identical module per file. The file is read on
    each call, so a refreshed snapshot is seen by the next catalog build.
    """

    def __init__(self, path: Path, hook: str) -> None:
        if hook not in HOOK_TYPES:
            raise ValueError(f"{path.name}: {hook!r} is not a hook that returns records ({', '.join(HOOK_TYPES)})")
        self.path = path
        self.hook = hook

        def records() -> list[dict[str, Any]]:
            return load_records(path)

        # pluggy finds implementations by attribute name, so the one hook is set per instance
        setattr(self, hook, hookimpl(records))

    def __repr__(self) -> str:
        return f"DataFilePlugin({self.path.name!r}, {self.hook!r})"
