"""The `prompt-or-tune` command line.

Every failure a user can cause (a bad argument, a missing or malformed scenario file, an
unknown model id) ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from catalog.cli.textable import render_table

CATALOG_COLUMNS = {  # by record kind (`Record.kind`), the word after `catalog`
    "api": [
        "provider",
        "model_id",
        "input_per_mtok",
        "cached_input_per_mtok",
        "output_per_mtok",
        "batch_input_per_mtok",
        "as_of",
        "grade",
    ],
    "finetune": [
        "provider",
        "offer_id",
        "method",
        "adaptation",
        "training_per_mtok",
        "training_per_hour",
        "input_per_mtok",
        "output_per_mtok",
        "as_of",
        "grade",
    ],
    "gpus": [
        "cloud",
        "instance_type",
        "gpu",
        "gpu_count",
        "region",
        "on_demand_per_hour",
        "spot_per_hour",
        "as_of",
        "grade",
    ],
    "specs": ["name", "bf16_tflops", "memory_gib", "bandwidth_tbps", "as_of", "grade"],
    "models": ["repo_id", "params_b", "active_params_b", "layers", "kv_heads", "context_length", "license"],
    "usecases": ["id", "name", "requests_per_month", "verdicts"],
}


class UsageError(Exception):
    """A mistake in the command line or its input: shown as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _row(kind: str, record: Any) -> dict[str, Any]:
    row = record.model_dump(mode="json")
    if kind == "usecases":
        row["requests_per_month"] = record.workload.requests_per_month
        row["verdicts"] = ", ".join(f"{v.document}: {v.verdict}" for v in record.views)
    return row


def _matches(record: Any, needle: str) -> bool:
    return needle.lower() in json.dumps(record.model_dump(mode="json")).lower()


def cmd_plugins(args: argparse.Namespace) -> int:
    from catalog.build import build_catalog

    catalog = build_catalog()
    infos: list[dict[str, Any]] = [
        {
            "name": info.name,
            "version": info.version,
            "distribution": info.distribution,
            "builtin": info.builtin,
            "hooks": info.hooks,
            "counts": info.counts,
            "errors": [{"hook": e.hook, "message": e.message} for e in info.errors],
            "overrides": [
                {"kind": o.kind, "key": o.key, "loser": o.loser} for o in catalog.overrides if o.winner == info.name
            ],
        }
        for info in catalog.plugins
    ]
    if args.json:
        from datetime import date

        from catalog.freshness import freshness
        from catalog.public_sources import catalog_warnings

        print(
            json.dumps(
                {
                    "plugins": infos,
                    "freshness": freshness(catalog, date.today()),
                    "provenance_warnings": [w.__dict__ for w in catalog_warnings(catalog)],
                },
                indent=2,
            )
        )
        return 0
    rows = [
        {
            "plugin": i["name"],
            "distribution": f"{i['distribution']} {i['version']}"
            if i["distribution"]
            else ("built-in" if i["builtin"] else "-"),
            "records": sum(i["counts"].values()),
            "hooks": ", ".join(f"{h} ({i['counts'].get(h, 0)})" for h in i["hooks"]),
            "errors": "; ".join(f"{e['hook']}: {e['message']}" for e in i["errors"]) or "-",
        }
        for i in infos
    ]
    print(render_table(rows, ["plugin", "distribution", "records", "hooks", "errors"]))
    if catalog.overrides:
        print("\noverridden (the higher precedence wins):")
        print(render_table([o.__dict__ for o in catalog.overrides], ["kind", "key", "winner", "loser"]))
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    from catalog.build import build_catalog

    kind, columns = args.kind, CATALOG_COLUMNS[args.kind]
    catalog = build_catalog()
    records = list(catalog.table(kind).values())
    if args.search:
        records = [r for r in records if _matches(r, args.search)]
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in records], indent=2))
    else:
        print(render_table([_row(kind, r) for r in records], columns))
        print(f"{len(records)} record(s)")
    for error in catalog.errors:
        print(f"warning: plugin {error.plugin} ({error.hook}): {error.message}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="prompt-or-tune", description="Prompt an API, fine-tune, or self-host? Prices and costs.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    plugins = sub.add_parser("plugins", help="installed plugins, versions, record counts, errors")
    plugins.add_argument("--json", action="store_true")
    plugins.set_defaults(run=cmd_plugins)

    cat = sub.add_parser("catalog", help="list catalog records")
    cat.add_argument("kind", choices=list(CATALOG_COLUMNS))
    cat.add_argument("--json", action="store_true")
    cat.add_argument("--search", metavar="TEXT", help="keep records whose fields contain TEXT")
    cat.set_defaults(run=cmd_catalog)

    from catalog.cli.engine import add_engine_commands

    add_engine_commands(sub)
    from catalog.cli.refresh import add_refresh_command

    add_refresh_command(sub)
    from catalog.cli.portfolio import add_portfolio_command

    add_portfolio_command(sub)
    from catalog.cli.calibrate import add_calibrate_command

    add_calibrate_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `prompt-or-tune catalog api | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
