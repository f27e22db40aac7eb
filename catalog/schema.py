"""JSON Schema of the records a plugin hands over, exported from the pydantic models.

One file per hook, `<hook>.schema.json`, describing ONE record of the list that hook returns
(the models in `catalog.records` are the source of truth; these files are for plugin authors
and their editors, and `tests/plugins/test_docs.py` keeps them current). Regenerate with:

    python -m catalog.schema docs/schema          # write
    python -m catalog.schema docs/schema --check  # exit 1 if a file is missing or stale
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

from catalog.build import HOOK_TYPES

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def record_schema(hook: str) -> dict[str, Any]:
    """The JSON Schema of one record returned by `hook` (validation mode: what a plugin may send)."""
    model = HOOK_TYPES[hook]
    schema = model.model_json_schema(mode="validation")
    header = {
        "$schema": DIALECT,
        "$comment": f"Generated from catalog.records.{model.__name__} by `python -m catalog.schema`; do not edit.",
        "x-hook": hook,
        "x-key": _key_doc(model),
    }
    return {**header, **schema}


def _key_doc(model: type) -> str:
    """How the record's key is formed, read from its `key` property: "provider/model_id"."""
    source = inspect.getsource(model.key.fget)
    expression = source.split("return", 1)[1].strip().splitlines()[0]
    return re.sub(r"\{?self\.(\w+)\}?", r"\1", expression).removeprefix("f").strip("\"'")


def render(hook: str) -> str:
    return json.dumps(record_schema(hook), indent=2, ensure_ascii=False) + "\n"


def file_name(hook: str) -> str:
    return f"{hook}.schema.json"


def write_schemas(directory: Path | str) -> list[Path]:
    """Write one schema file per hook into `directory` (created if needed); return the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for hook in HOOK_TYPES:
        path = directory / file_name(hook)
        path.write_text(render(hook), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(directory: Path | str) -> list[str]:
    """Names of the schema files in `directory` that are missing, out of date, or left over."""
    directory = Path(directory)
    expected = {file_name(hook): render(hook) for hook in HOOK_TYPES}
    problems = []
    for name, text in expected.items():
        path = directory / name
        if not path.exists():
            problems.append(f"{name} (missing)")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{name} (out of date)")
    for path in sorted(directory.glob("*.schema.json")):
        if path.name not in expected:
            problems.append(f"{path.name} (no such hook)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalog.schema", description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 if stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_schemas(args.directory)
        for problem in problems:
            print(f"stale: {args.directory / problem}", file=sys.stderr)
        if problems:
            print(f"regenerate with: python -m catalog.schema {args.directory}", file=sys.stderr)
        return 1 if problems else 0
    for path in write_schemas(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
