"""`prompt-or-tune calibrate`: the workload your usage shows, per model, tag, project or team."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from catalog.cli.textable import render_table
from catalog.engine.scenario import ScenarioError, parse_scenario
from catalog.usage.result import Calibration
from catalog.usage.sources import FORMATS, GROUP_BYS, UsageError


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: a temp file beside it, then a rename."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1%}" if value else "0%"


def _usd(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def _print_table(result: Calibration) -> None:
    print(
        f"{result.format}, {result.bucket}ly buckets, {result.start:%Y-%m-%d %H:%M} to {result.end:%Y-%m-%d %H:%M} UTC, by {result.group_by}"
    )
    rows = [
        {
            "group": g.group,
            "months": f"{g.months_observed:g}",
            "requests/month": f"{g.requests_per_month:,.0f}"
            + ("*" if g.requests_per_month_basis != "whole months" else ""),
            "input tok": f"{g.input_tokens:,.0f}",
            "output tok": f"{g.output_tokens:,.0f}",
            "cached": f"{g.cached_input_fraction:.0%}",
            "batch": f"{g.batch_fraction:.0%}",
            "growth/month": _pct(g.monthly_growth),
            "peak/avg": "-" if g.peak_to_average is None else f"{g.peak_to_average:.2f}",
            "observed $": _usd(g.observed_spend_usd),
            "catalog $": _usd(g.catalog_spend_usd),
        }
        for g in result.groups
    ]
    print(render_table(rows, list(rows[0])))
    if any(g.requests_per_month_basis != "whole months" for g in result.groups):
        print("* no whole month observed: partial months scaled to whole ones")
    if any(g.derived for g in result.groups):
        print("requests are derived from the input tokens per request you gave (the source has no request count)")


def cmd_calibrate(args: argparse.Namespace) -> int:
    from catalog.build import build_catalog
    from catalog.usage.calibrate import calibrate
    from catalog.usage.read import read_usage
    from catalog.usage.workload import scenario_from

    try:
        buckets = read_usage(args.sources, args.format, args.group_by, args.input_tokens_per_request)
        result = calibrate(buckets, build_catalog(), args.group_by)
    except UsageError as exc:
        return _fail(str(exc))
    if not result.groups:
        return _fail("the source has no requests")
    scenario_text = None
    if args.scenario_out:
        chosen = [g for g in result.groups if args.group is None or g.group == args.group]
        if not chosen:
            return _fail(f"--group {args.group!r} is not a group; groups: {', '.join(g.group for g in result.groups)}")
        if len(chosen) > 1:
            return _fail(
                f"{len(chosen)} groups: pick the one to write with --group ({', '.join(g.group for g in chosen[:10])})"
            )
        try:
            scenario = scenario_from(
                chosen[0],
                ", ".join(Path(s).name for s in args.sources if not s.startswith(("env:", "postgres")))
                or "a LiteLLM database",
            )
            parse_scenario(scenario)  # what we write, `estimate` must take as is
        except (ValueError, ScenarioError) as exc:
            return _fail(f"cannot write a scenario: {exc}")
        scenario_text = json.dumps(scenario, indent=2) + "\n"
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), indent=2))
    else:
        _print_table(result)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if scenario_text is not None:
        try:
            write_atomically(Path(args.scenario_out), scenario_text)
        except OSError as exc:
            return _fail(f"{args.scenario_out}: cannot write ({exc.strerror or exc})")
        print(f"scenario written to {args.scenario_out}", file=sys.stderr)
    return 0


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value <= 10_000_000:
        raise argparse.ArgumentTypeError("must be above 0 and at most 10,000,000")
    return value


def add_calibrate_command(sub: argparse._SubParsersAction) -> None:
    cal = sub.add_parser("calibrate", help="workload, growth, peak and ranges from usage reports or LiteLLM spend logs")
    cal.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="usage files (JSON pages, CSV, Parquet), a postgresql:// URL, or env:VAR naming one",
    )
    cal.add_argument("--format", choices=list(FORMATS), default=None, help="detected when not given")
    cal.add_argument("--group-by", choices=list(GROUP_BYS), default="model")
    cal.add_argument(
        "--input-tokens-per-request",
        type=_positive_float,
        default=None,
        metavar="N",
        help="Anthropic reports have no request count: requests = input tokens / N",
    )
    cal.add_argument("--group", default=None, help="the group --scenario-out writes (when there are several)")
    cal.add_argument("--json", action="store_true")
    cal.add_argument("--scenario-out", metavar="FILE", help="write a scenario file `estimate` and Compare take")
    cal.set_defaults(run=cmd_calibrate)
