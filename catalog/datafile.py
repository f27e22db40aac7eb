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
