"""`prompt-or-tune portfolio FILE`: several use cases, shared adapters, the best mix of routes."""

from __future__ import annotations

import argparse
import json
import sys

from catalog.cli.textable import render_table
from catalog.engine.scenario import ScenarioError


def _usd(value: float | None) -> str:
    """Whole dollars: a portfolio's totals run from hundreds to millions."""
    return "-" if value is None else f"${value:,.0f}"


def cmd_portfolio(args: argparse.Namespace) -> int:
    from catalog.build import build_catalog
    from catalog.engine.portfolio import evaluate, load_portfolio

    try:
        portfolio = load_portfolio(args.portfolio)
        result = evaluate(portfolio, build_catalog())
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), indent=2))
        return 0
    print(f"{result.portfolio}: {len(portfolio.use_cases)} use cases, {result.horizon_months} months")
    columns = ["use case"] + [s.name for s in result.strategies]
    rows = [
        {"use case": u.name, **{s.name: s.assignments.get(u.name) for s in result.strategies}}
        for u in portfolio.use_cases
    ]
    rows.append({"use case": "monthly (month 1)", **{s.name: _usd(s.monthly_usd) for s in result.strategies}})
    rows.append(
        {
            "use case": f"{result.horizon_months} months",
            **{s.name: _usd(s.horizon_total_usd) for s in result.strategies},
        }
    )
    print(render_table(rows, columns))
    for s in result.strategies:
        if s.reason:
            print(f"  {s.name}: {s.reason}")
    best = result.best_mix
    print(
        f"\nBest mix: {_usd(best.horizon_total_usd)} over {result.horizon_months} months"
        if best.feasible
        else f"\nBest mix: none ({best.reason})"
    )
    for line in result.moves:
        print(f"  - {line}")
    for name, d in result.shared_options.items():
        print(
            f"  {name}: {d.adapters} adapters on {d.replicas} replica(s) in {d.deployments} deployment(s), "
            f"{d.requests_per_replica_month:,.0f} requests per replica-month, throughput × {d.throughput_factor:.2f}, "
            f"peak-to-average {d.peak_to_average:.2f}"
        )
    for name, why in result.refused.items():
        print(f"  refused: {name}: {why}")
    search = result.search
    proof = "proven cheapest" if search["proven_optimal"] else "best found, not proven"
    print(f"  ({search['method']} over {search['assignments']:,} assignments: {proof})")
    return 0


def add_portfolio_command(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("portfolio", help="several use cases at once: strategies and the cheapest mix of routes")
    cmd.add_argument("portfolio", metavar="FILE", help="portfolio file (JSON or TOML)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(run=cmd_portfolio)
