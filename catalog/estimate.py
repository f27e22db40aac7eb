"""Estimate a scenario: per-option costs, curves over volume, break-evens, a recommendation.

The output keys are a contract (CLI `estimate --json`, the dashboard, tests): per option
`upfront_usd`, `monthly_usd`, `cost_per_request_usd`, `cost_per_mtok_usd`, `horizon_total_usd`,
`cumulative_usd`, `training_gpu_hours`, `serving_gpus`, `feasible`, `reason`, `warnings`.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from catalog.breakeven import HIGH, LOW, crossing_month, crossings
from catalog.build import Catalog
from catalog.costs import CostModel, cost_model
from catalog.recommend import recommend
from catalog.scenario import ASSUMPTIONS, Scenario

CURVE_POINTS = 241  # 10^2 .. 10^9, 34 points a decade


def curve_volumes(points: int = CURVE_POINTS) -> np.ndarray:
    return np.logspace(np.log10(LOW), np.log10(HIGH), points)


def month_volumes(s: Scenario) -> np.ndarray:
    months = np.arange(s.horizon_months)
    return s.workload.requests_per_month * (1 + s.workload.monthly_growth) ** months


def cost_models(s: Scenario, catalog: Catalog) -> list[CostModel]:
    return [cost_model(option, s, catalog, i) for i, option in enumerate(s.options)]


def _round(value: float, digits: int = 6) -> float:
    return float(round(value, digits))


def option_result(cm: CostModel, option, s: Scenario, catalog: Catalog) -> dict:
    volume = s.workload.requests_per_month
    volumes = month_volumes(s)
    monthly_by_month = cm.monthly(volumes)
    cumulative = cm.upfront_usd + np.cumsum(monthly_by_month)
    monthly = float(cm.monthly(volume))
    quality_monthly = cm.monthly(volumes, quality=True)
    tokens = volume * cm.tokens_per_request
    units = float(cm.units(volume))
    record = catalog.finetune.get(cm.references.get("offer", "")) or catalog.api.get(cm.references.get("model", ""))
    return {
        "name": cm.option,
        "kind": cm.kind,
        "method": getattr(option, "method", None),
        "accuracy": option.accuracy,
        "upfront_usd": _round(cm.upfront_usd),
        "monthly_usd": _round(monthly),
        "cost_per_request_usd": _round(monthly / volume, 9) if volume else None,
        "cost_per_mtok_usd": _round(monthly / tokens * 1e6) if tokens else None,
        "horizon_total_usd": _round(float(cumulative[-1])),
        "quality_adjusted_monthly_usd": _round(float(cm.monthly(volume, quality=True))),
        "quality_adjusted_horizon_usd": _round(cm.upfront_usd + float(quality_monthly.sum())),
        "cumulative_usd": [_round(float(v), 2) for v in cumulative],
        "monthly_by_month_usd": [_round(float(v), 2) for v in monthly_by_month],
        "training_usd": _round(cm.training_usd),
        "training_gpu_hours": _round(cm.training_gpu_hours, 3),
        "serving_replicas": int(units),
        "serving_gpus": int(units * cm.step_gpus),
        "requests_per_replica_month": _round(cm.step_capacity, 1) if np.isfinite(cm.step_capacity) else None,
        "feasible": cm.feasible,
        "reason": cm.reason,
        "closed": bool(record and record.lifecycle.status == "closed"),
        "warnings": cm.warnings,
        "breakdown": {
            "upfront": cm.upfront_parts,
            "monthly_fixed": cm.monthly_parts,
            "per_request": cm.per_request_parts,
            "replica_month_usd": cm.step_usd,
        },
        "references": cm.references,
        "assumptions": sorted(set(cm.assumptions)),
        "sizing": cm.sizing.__dict__ if cm.sizing else None,
    }


COST_KEYS = ("upfront_usd", "monthly_usd", "cost_per_request_usd", "cost_per_mtok_usd", "horizon_total_usd",
             "quality_adjusted_monthly_usd", "quality_adjusted_horizon_usd", "training_usd")


def _blank_costs(result: dict) -> dict:
    """An option that cannot run has no cost to show: None, not a misleading $0."""
    result.update({key: None for key in COST_KEYS})
    result.update(cumulative_usd=[], monthly_by_month_usd=[], serving_replicas=0, serving_gpus=0)
    return result


def estimate(s: Scenario, catalog: Catalog, with_curves: bool = True) -> dict:
    models = cost_models(s, catalog)
    results = [
        option_result(cm, option, s, catalog) if cm.feasible else _blank_costs(option_result(cm, option, s, catalog))
        for cm, option in zip(models, s.options)
    ]
    quality = bool(s.cost_per_error_usd) and any(o.accuracy is not None for o in s.options)
    by_name = {r["name"]: r for r in results}
    feasible = [cm for cm in models if cm.feasible]
    break_even = []
    for a, b in combinations(feasible, 2):
        break_even.append(
            {
                "options": [a.option, b.option],
                "volumes": [c.as_dict() for c in crossings(a, b)],
                "upfront_recovered_after_requests": _payback_requests(a, b),
                "upfront_recovered_after_months": _payback_months(by_name[a.option], by_name[b.option]),
                "cumulative_cross_month": crossing_month(
                    np.array(by_name[a.option]["cumulative_usd"]), np.array(by_name[b.option]["cumulative_usd"])
                ),
            }
        )
    out = {
        "scenario": s.name,
        "requests_per_month": s.workload.requests_per_month,
        "horizon_months": s.horizon_months,
        "options": results,
        "break_even": break_even,
        "recommendation": recommend(results, s, catalog, quality).as_dict(),
        "quality_adjusted": quality,
        "assumptions": {
            name: {"value": getattr(s.assumptions, name), **ASSUMPTIONS[name].model_dump()} for name in ASSUMPTIONS
        },
    }
    if with_curves:
        out["curves"] = curves(models)
    return out


def _payback_months(a: dict, b: dict) -> float | None:
    """Months of the scenario's first-month saving that repay the extra upfront cost
    (the seeds' "break-even: N months"), when the dearer-upfront option is cheaper monthly."""
    dear, cheap = (a, b) if a["upfront_usd"] > b["upfront_usd"] else (b, a)
    saving = cheap["monthly_usd"] - dear["monthly_usd"]
    if saving <= 0:
        return None
    return _round((dear["upfront_usd"] - cheap["upfront_usd"]) / saving, 4)


def _payback_requests(a: CostModel, b: CostModel) -> float | None:
    """Requests after which the option with more upfront cost has paid it back through a lower
    cost per request (linear options with no monthly fees that differ only), else None."""
    if a.step_usd or b.step_usd:
        return None
    (dear, cheap) = (a, b) if a.upfront_usd > b.upfront_usd else (b, a)
    saving = cheap.per_request_usd - dear.per_request_usd
    if saving <= 0 or dear.fixed_monthly_usd != cheap.fixed_monthly_usd:
        return None
    return _round((dear.upfront_usd - cheap.upfront_usd) / saving, 3)


def curves(models: list[CostModel], points: int = CURVE_POINTS) -> dict:
    volumes = curve_volumes(points)
    return {
        "requests_per_month": [float(v) for v in volumes],
        "monthly_usd": {cm.option: [float(x) for x in cm.monthly(volumes)] for cm in models if cm.feasible},
    }
