"""Estimate a scenario: per-option costs, curves over volume, break-evens, a recommendation.

The output keys are a contract (CLI `estimate --json`, the dashboard, tests): per option
`upfront_usd`, `monthly_usd`, `cost_per_request_usd`, `cost_per_mtok_usd`, `horizon_total_usd`,
`cumulative_usd`, `training_gpu_hours`, `serving_gpus`, `feasible`, `reason`, `warnings`.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from catalog.engine.breakeven import HIGH, LOW, crossing_month, crossings
from catalog.build import Catalog
from catalog.engine import timeline
from catalog.engine.costs import CostModel, cost_model
from catalog.engine.disputes import option_warnings, with_reading_ranges
from catalog.engine.plan import OptionPlan, plan_option
from catalog.engine.recommend import recommend
from catalog.engine.scenario import ASSUMPTIONS, DRIFT_SOURCES, Scenario, quality_adjusted
from catalog.engine.timeline import Params

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


def option_result(cm: CostModel, option, s: Scenario, plan: OptionPlan, run: dict, quality_run: dict) -> dict:
    volume = s.workload.requests_per_month
    monthly = float(cm.monthly(volume))
    tokens = volume * cm.tokens_per_request
    replicas = float(cm.units(volume))
    feasible = cm.feasible and plan.stops is None
    return {
        "name": cm.option,
        "kind": cm.kind,
        "method": getattr(option, "method", None),
        "accuracy": option.accuracy,
        "upfront_usd": _round(cm.upfront_usd),
        "monthly_usd": _round(monthly),
        "cost_per_request_usd": _round(monthly / volume, 9) if volume else None,
        "cost_per_mtok_usd": _round(monthly / tokens * 1e6) if tokens else None,
        "horizon_total_usd": _round(float(run["total"][0])),
        "npv_usd": _round(float(run["npv"][0])),
        "payback_month": None,
        "quality_adjusted_monthly_usd": _round(float(cm.monthly(volume, quality=True))),
        "quality_adjusted_horizon_usd": _round(float(quality_run["total"][0])),
        "cumulative_usd": [_round(float(v), 2) for v in run["cumulative"][0]],
        "monthly_by_month_usd": [_round(float(v), 2) for v in run["monthly"][0]],
        "training_usd": _round(cm.training_usd),
        "training_gpu_hours": _round(cm.training_gpu_hours, 3),
        "serving_replicas": int(replicas),
        "serving_gpus": int(replicas * cm.step_gpus),
        "requests_per_replica_month": _round(cm.step_capacity, 1) if np.isfinite(cm.step_capacity) else None,
        "feasible": feasible,
        "reason": cm.reason or plan.stops or "",
        "closed": plan.cannot_start is not None,
        "cannot_start_reason": plan.cannot_start,
        "lifecycle": plan.lifecycle,
        "warnings": cm.warnings + plan.warnings + ([plan.stops] if plan.stops else []),
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
    result.update({key: None for key in COST_KEYS}, npv_usd=None, payback_month=None)
    result.update(cumulative_usd=[], monthly_by_month_usd=[], serving_replicas=0, serving_gpus=0)
    return result


def estimate(s: Scenario, catalog: Catalog, with_curves: bool = True, with_uncertainty: bool = True) -> dict:
    if with_uncertainty:
        s = with_reading_ranges(s, catalog)
    models = cost_models(s, catalog)
    volumes = month_volumes(s)[None, :]
    plans, results = [], []
    for i, (cm, option) in enumerate(zip(models, s.options)):
        plan = plan_option(cm, option, s, catalog, i, models)
        params = Params.of([cm])
        run = timeline.run(params, volumes, plan.factors, s.discount_rate_per_year, plan.move())
        quality_run = timeline.run(params, volumes, plan.factors, s.discount_rate_per_year, plan.move(), quality=True)
        result = option_result(cm, option, s, plan, run, quality_run)
        result["warnings"] += option_warnings(option, catalog)
        plans.append(plan)
        results.append(result if result["feasible"] else _blank_costs(result))
    _paybacks(results)
    quality = quality_adjusted(s)
    by_name = {r["name"]: r for r in results}
    feasible = [cm for cm, r in zip(models, results) if r["feasible"]]
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
        "recommendation": _with_disputes(recommend(results, s, catalog, quality).as_dict(), s, catalog),
        "quality_adjusted": quality,
        "assumptions": {
            name: {"value": getattr(s.assumptions, name), **ASSUMPTIONS[name].model_dump()} for name in ASSUMPTIONS
        },
        "drift": {
            "price_change_per_year": s.price_change_per_year.model_dump() if s.price_change_per_year else None,
            "discount_rate_per_year": s.discount_rate_per_year,
            "sources": {name: a.model_dump() for name, a in DRIFT_SOURCES.items()},
        },
    }
    if with_curves:
        out["curves"] = curves([cm for cm, r in zip(models, results) if r["feasible"]])
    if with_uncertainty and s.ranges:
        from catalog.engine.uncertainty import uncertainty

        set_aside = set(out["recommendation"]["set_aside"])
        out["uncertainty"] = uncertainty(s, catalog, models, plans, results, with_curves, set_aside)
    return out


def _with_disputes(recommendation: dict, s: Scenario, catalog: Catalog) -> dict:
    """A verdict that rests on a figure the sources disagree on says so, naming each source."""
    chosen = next((o for o in s.options if o.name == recommendation["option"]), None)
    disputed = option_warnings(chosen, catalog) if chosen is not None else []
    if disputed:
        recommendation["reasons"] = [*recommendation["reasons"], f"This verdict depends on a disputed figure: {disputed[0]}"
                                     + (f" (and {len(disputed) - 1} more)" if len(disputed) > 1 else "")]
    return {**recommendation, "depends_on_disputed": disputed}


def _paybacks(results: list[dict]) -> None:
    """Each option's payback month against the feasible option with the least upfront cost."""
    feasible = [r for r in results if r["feasible"]]
    if not feasible:
        return
    baseline = min(feasible, key=lambda r: (r["upfront_usd"], r["horizon_total_usd"]))
    for r in feasible:
        r["payback_against"] = baseline["name"]
        if r is not baseline:
            r["payback_month"] = timeline.payback_month(np.array(r["cumulative_usd"]), np.array(baseline["cumulative_usd"]))


def _payback_months(a: dict, b: dict) -> float | None:
    """Months of the scenario's first-month saving that repay the extra upfront cost
    (the seeds' "break-even: N months"), when the dearer-upfront option is cheaper monthly."""
    dear, cheap = (a, b) if a["upfront_usd"] > b["upfront_usd"] else (b, a)
    saving = cheap["monthly_usd"] - dear["monthly_usd"]
    if saving <= 0 or dear["upfront_usd"] == cheap["upfront_usd"]:
        return None
    return _round((dear["upfront_usd"] - cheap["upfront_usd"]) / saving, 4)


def _payback_requests(a: CostModel, b: CostModel) -> float | None:
    """Requests after which the option with more upfront cost has paid it back through a lower
    cost per request (linear options with no monthly fees that differ only), else None."""
    if a.step_usd or b.step_usd:
        return None
    (dear, cheap) = (a, b) if a.upfront_usd > b.upfront_usd else (b, a)
    saving = cheap.per_request_usd - dear.per_request_usd
    if saving <= 0 or dear.fixed_monthly_usd != cheap.fixed_monthly_usd or dear.upfront_usd == cheap.upfront_usd:
        return None
    return _round((dear.upfront_usd - cheap.upfront_usd) / saving, 3)


def curves(models: list[CostModel], points: int = CURVE_POINTS) -> dict:
    volumes = curve_volumes(points)
    return {
        "requests_per_month": [float(v) for v in volumes],
        "monthly_usd": {cm.option: [float(x) for x in cm.monthly(volumes)] for cm in models if cm.feasible},
    }
