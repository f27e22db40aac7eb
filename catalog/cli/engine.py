"""`prompt-or-tune estimate` and `prompt-or-tune size`: the cost engine on the command line."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from typing import Any

from catalog.cli.textable import render_table
from catalog.engine.provenance import override_notes
from catalog.engine.scenario import METHODS, Assumptions, ScenarioError, load_scenario


def _money(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "$0"
    if abs(value) >= 100:
        return f"${value:,.0f}"
    if abs(value) >= 1:
        return f"${value:,.2f}"
    return f"${value:.3g}"  # three significant figures below $1: $0.0113, not $0.01


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def non_finite(value: Any, path: str = "") -> str | None:
    """The path of the first number in a result that is not finite (an overflow), else None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "(result)"
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
    for key, item in items:
        found = non_finite(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}".lstrip("."))
        if found:
            return found
    return None


def cmd_estimate(args: argparse.Namespace) -> int:
    from catalog.build import build_catalog
    from catalog.engine.estimate import estimate

    try:
        scenario = load_scenario(args.scenario)
        catalog = build_catalog()
        result = estimate(scenario, catalog, with_curves=args.json)
    except ScenarioError as exc:
        return _fail(str(exc))
    overflow = non_finite(result.model_dump())  # before JSON mode, which would write an infinity as null
    if overflow:  # JSON has no Infinity, and no table should show one: refuse the scenario
        return _fail(f"{args.scenario}: the result {overflow} is too large to compute; use smaller inputs")
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), indent=2, allow_nan=False))
        return 0
    rows = [
        {
            "option": r.name,
            "kind": r.kind,
            "upfront": _money(r.upfront_usd),
            "monthly": _money(r.monthly_usd),
            "team/month": _money(r.team_monthly_usd),
            "per request": _money(r.cost_per_request_usd),
            "per 1M tok": _money(r.cost_per_mtok_usd),
            f"{result.horizon_months} months": _money(r.horizon_total_usd),
            "train GPU-h": f"{r.training_gpu_hours:,.1f}" if r.training_gpu_hours else "-",
            "GPUs": r.serving_gpus or "-",
            "feasible": "yes" if r.feasible else f"no: {r.reason}",
        }
        for r in result.options
    ]
    if scenario.price_change_per_year is not None or scenario.discount_rate_per_year:
        for row, r in zip(rows, result.options, strict=True):
            row["NPV"] = _money(r.npv_usd)
            row["payback month"] = r.payback_month or "-"
    print(
        f"{scenario.name}: {scenario.workload.requests_per_month:,.0f} requests/month, {scenario.horizon_months} months"
    )
    print(render_table(rows, list(rows[0])))
    rec = result.recommendation
    print(f"\nRecommendation: {rec.option or 'none'} (rule: {rec.rule})")
    for reason in rec.reasons:
        print(f"  - {reason}")
    for note in rec.sources_disagree:
        print(f"  ! {note}")
    for pair in result.break_even:
        first, second = pair.options
        if pair.upfront_recovered_after_months is not None:
            print(
                f"  {first} / {second}: extra upfront cost repaid after {pair.upfront_recovered_after_months:.2f} months"
            )
        if pair.upfront_recovered_after_requests is not None:
            print(
                f"  {first} / {second}: extra upfront cost repaid after {pair.upfront_recovered_after_requests:,.0f} requests"
            )
        for c in pair.volumes:
            print(
                f"  break-even {first} / {second}: {c.requests_per_month:,.0f} requests/month"
                f" ({c.cheaper_below} cheaper below)"
            )
    if result.uncertainty is not None:
        u = result.uncertainty
        print(f"\nUncertainty ({u.draws:,} draws, seed {u.seed}): {result.horizon_months}-month total P10 / P50 / P90")
        for name, stats in u.options.items():
            t = stats.horizon_total_usd
            print(
                f"  {name}: {_money(t.p10)} / {_money(t.p50)} / {_money(t.p90)}, cheapest in {stats.probability_cheapest:.0%} of draws"
            )
        if u.tornado.bars:
            print(f"  What moves the gap between {' and '.join(u.tornado.between)} most:")
            for bar in u.tornado.bars:
                flip = "  <- flips the verdict" if bar.flips else ""
                print(f"    {bar.input}: {bar.low:g} .. {bar.high:g} moves the gap by {_money(bar.swing_usd)}{flip}")
    for r in result.options:
        for warning in r.warnings + override_notes(r.sources):
            print(f"warning: {r.name}: {warning}", file=sys.stderr)
    return 0


def cmd_size(args: argparse.Namespace) -> int:
    from catalog.build import build_catalog
    from catalog.engine.lookup import find
    from catalog.engine.sizing import size

    catalog = build_catalog()
    try:
        model = find(catalog.models, args.model, "--model", "open model")
        spec = find(catalog.specs, args.gpu, "--gpu", "GPU")
    except ScenarioError as exc:
        return _fail(str(exc))
    result = size(
        model,
        spec,
        args.count,
        args.method,
        Assumptions(),
        args.prompt_tokens,
        args.output_tokens,
        args.bits,
        args.kv_bits,
    )
    if args.json:
        print(json.dumps(result.__dict__, indent=2, allow_nan=False))
        return 0
    verdict = "fits" if result.fits else f"does not fit: {result.reason}"
    print(f"{model.name} on {args.count} × {spec.name} ({args.method}): {verdict}")
    print(f"  GPUs needed: {result.gpus_needed}   memory: {result.memory_gib:,.1f} GiB")
    for part, gib in result.memory_breakdown_gib.items():
        print(f"    {part}: {gib:,.2f} GiB")
    if args.method != "none":
        print(f"  training: {result.train_tokens_per_s:,.0f} tokens/s")
    if result.fits:
        print(f"  decode, one stream: {result.decode_tokens_per_s:,.0f} tokens/s")
        print(
            f"  batched serving: {result.max_throughput_tokens_per_s:,.0f} tokens/s at batch {result.max_batch}"
            f" (decode); {result.output_tokens_per_s:,.0f} output tokens/s with prefill"
        )
    return 0


def whole_number(low: int, high: int) -> Any:
    """An argparse type: a whole number from `low` to `high`, else one line saying which bound
    it misses. Checked on the text first, so `1e400` or a 5,000-digit number never reaches int()
    or the float arithmetic that would overflow on it."""

    def parse(text: str) -> int:
        digits = text.strip()
        if not re.fullmatch(r"[+-]?\d+", digits):
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}")
        if len(digits.lstrip("+-").lstrip("0")) > len(str(high)) or int(digits) > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:,}")
        if int(digits) < low:
            raise argparse.ArgumentTypeError(f"must be at least {low:,}")
        return int(digits)

    return parse


MAX_TOKENS = 1_000_000  # the longest context any catalog model takes is about this long
MAX_GPUS = 64  # the most GPUs a catalog instance may have (GpuOffer.gpu_count)


def add_engine_commands(sub: argparse._SubParsersAction) -> None:
    est = sub.add_parser("estimate", help="cost of each option in a scenario file (JSON or TOML)")
    est.add_argument("scenario", metavar="SCENARIO_FILE")
    est.add_argument("--json", action="store_true")
    est.set_defaults(run=cmd_estimate)

    sz = sub.add_parser("size", help="can a model be fine-tuned / served on a GPU?")
    sz.add_argument("--model", required=True, help="open model repo id")
    sz.add_argument("--gpu", required=True, help="canonical GPU name, e.g. H100-SXM")
    sz.add_argument("--method", choices=METHODS, default="lora")
    sz.add_argument("--count", type=whole_number(1, MAX_GPUS), default=1, help="GPUs in the instance")
    sz.add_argument("--prompt-tokens", type=whole_number(1, MAX_TOKENS), default=1000)
    sz.add_argument("--output-tokens", type=whole_number(1, MAX_TOKENS), default=200)
    sz.add_argument("--bits", type=int, choices=[4, 8, 16], default=16, help="weight precision when serving")
    sz.add_argument("--kv-bits", type=int, choices=[8, 16], default=16, help="KV-cache precision when serving (8: FP8)")
    sz.add_argument("--json", action="store_true")
    sz.set_defaults(run=cmd_size)
