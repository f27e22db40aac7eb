"""Estimate a scenario: per-option costs, curves over volume, break-evens, a recommendation.

Scenario and catalog in, an `EstimateResult` out (`catalog.engine.results` documents every
field; its JSON is the CLI's `estimate --json`, a contract the tests hold fixed).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from catalog.build import Catalog
from catalog.engine import timeline
from catalog.engine.breakeven import crossing_month, crossings
from catalog.engine.costs import CostModel, cost_model
from catalog.engine.curves import curves
from catalog.engine.disputes import option_warnings, with_reading_ranges
from catalog.engine.plan import OptionPlan, plan_option
from catalog.engine.provenance import record_sources
from catalog.engine.recommend import recommend
from catalog.engine.results import (
    AssumptionShown,
    BreakEven,
    BreakEvenVolume,
    CostBreakdown,
    Curves,
    Drift,
    EstimateResult,
    OptionResult,
    Recommendation,
)
from catalog.engine.reuse import reused, volume_free
from catalog.engine.scenario import (
    ASSUMPTIONS,
    DRIFT_SOURCES,
    Option,
    Scenario,
    quality_adjusted,
)
from catalog.engine.timeline import Params
from catalog.engine.uncertainty import uncertainty


def month_volumes(s: Scenario) -> np.ndarray:
    months = np.arange(s.horizon_months)
    return s.workload.requests_per_month * (1 + s.workload.monthly_growth) ** months


def cost_models(s: Scenario, catalog: Catalog) -> list[CostModel]:
    return [cost_model(option, s, catalog, i) for i, option in enumerate(s.options)]


def models_and_plans(s: Scenario, catalog: Catalog) -> tuple[tuple[CostModel, ...], tuple[OptionPlan, ...]]:
    """Each option's cost model and billing plan; neither reads the volume, so a volume change
    (and each tornado swing of it) reuses them (`catalog.engine.reuse` says why that is safe)."""

    def build() -> tuple[tuple[CostModel, ...], tuple[OptionPlan, ...]]:
        models = cost_models(s, catalog)
        return tuple(models), tuple(plans(s, catalog, models))

    return reused(catalog, ("models and plans", volume_free(s)), build)


def _round(value: float, digits: int = 6) -> float:
    return float(round(value, digits))


def plans(s: Scenario, catalog: Catalog, models: list[CostModel]) -> list[OptionPlan]:
    """Each option's billing plan (drift, forced move), in the scenario's order."""
    return [
        plan_option(cm, option, s, catalog, i, models)
        for i, (cm, option) in enumerate(zip(models, s.options, strict=True))
    ]


def can_run(cm: CostModel, plan: OptionPlan) -> bool:
    """An option has costs only if its cost model is feasible and its route does not stop."""
    return cm.feasible and plan.stops is None


def horizon_run(cm: CostModel, plan: OptionPlan, s: Scenario, volumes: np.ndarray, quality: bool = False) -> dict:
    """The option's month-by-month run over the horizon (`catalog.engine.timeline.run`)."""
    return timeline.run(Params.of([cm]), volumes, plan.factors, s.discount_rate_per_year, plan.move(), quality=quality)


def horizon_usd(run: dict) -> float:
    """A run's horizon total as results report it (rounded once, here)."""
    return _round(float(run["total"][0]))


def horizon_totals(s: Scenario, catalog: Catalog, quality: bool) -> dict[str, float | None]:
    """Each option's horizon total (quality-adjusted when `quality`), None when it cannot run:
    exactly the `OptionResult` figure, without the break-evens, curves, sources, paybacks and
    recommendation an estimate also builds. The tornado needs only this, twice per ranged input."""
    models, option_plans = models_and_plans(s, catalog)
    volumes = month_volumes(s)[None, :]
    return {
        cm.option: horizon_usd(horizon_run(cm, plan, s, volumes, quality)) if can_run(cm, plan) else None
        for cm, plan in zip(models, option_plans, strict=True)
    }


def _crossings_and_curves(
    s: Scenario, catalog: Catalog, feasible: list[CostModel], with_curves: bool
) -> tuple[tuple[list[BreakEvenVolume], ...], Curves | None]:
    """The break-even volumes of each pair of feasible options, and their cost curves: functions
    of the cost models alone (not of the scenario's volume), so reused like them."""

    def build() -> tuple[tuple[list[BreakEvenVolume], ...], Curves | None]:
        return tuple(crossings(a, b) for a, b in combinations(feasible, 2)), curves(feasible) if with_curves else None

    return reused(
        catalog, ("crossings and curves", volume_free(s), tuple(cm.option for cm in feasible), with_curves), build
    )


def option_result(
    cm: CostModel, option: Option, s: Scenario, plan: OptionPlan, run: dict, quality_run: dict
) -> OptionResult:
    volume = s.workload.requests_per_month
    monthly = float(cm.monthly(volume))
    tokens = volume * cm.tokens_per_request
    replicas = float(cm.units(volume))
    feasible = can_run(cm, plan)
    common = dict(
        name=cm.option,
        kind=cm.kind,
        method=getattr(option, "method", None),
        accuracy=option.accuracy,
        training_gpu_hours=_round(cm.training_gpu_hours, 3),
        requests_per_replica_month=_round(cm.step_capacity, 1) if np.isfinite(cm.step_capacity) else None,
        feasible=feasible,
        reason=cm.reason or plan.stops or "",
        closed=plan.cannot_start is not None,
        cannot_start_reason=plan.cannot_start,
        lifecycle=plan.lifecycle,
        warnings=[*cm.warnings, *plan.warnings, *([plan.stops] if plan.stops else [])],
        breakdown=CostBreakdown(
            upfront=dict(cm.upfront_parts),
            monthly_fixed=dict(cm.monthly_parts),
            per_request=dict(cm.per_request_parts),
            replica_month_usd=cm.step_usd,
        ),
        references=dict(cm.references),
        assumptions=sorted(set(cm.assumptions)),
        sizing=cm.sizing,
        payback_month=None,
        team_monthly_hours=_round(cm.team_monthly_hours, 3),
        team_hourly_rate_usd=_round(cm.team_hourly_rate, 2),
        serving_note=cm.serving_note or None,
    )
    if not feasible:
        # An option that cannot run has no cost to show: None, not a misleading $0.
        return OptionResult(
            **common,
            upfront_usd=None,
            monthly_usd=None,
            cost_per_request_usd=None,
            cost_per_mtok_usd=None,
            horizon_total_usd=None,
            npv_usd=None,
            quality_adjusted_monthly_usd=None,
            quality_adjusted_horizon_usd=None,
            training_usd=None,
            cumulative_usd=[],
            monthly_by_month_usd=[],
            serving_replicas=0,
            serving_gpus=0,
            team_upfront_usd=None,
            team_monthly_usd=None,
        )
    return OptionResult(
        **common,
        upfront_usd=_round(cm.upfront_usd),
        monthly_usd=_round(monthly),
        cost_per_request_usd=_round(monthly / volume, 9) if volume else None,
        cost_per_mtok_usd=_round(monthly / tokens * 1e6) if tokens else None,
        horizon_total_usd=horizon_usd(run),
        npv_usd=_round(float(run["npv"][0])),
        quality_adjusted_monthly_usd=_round(float(cm.monthly(volume, quality=True))),
        quality_adjusted_horizon_usd=horizon_usd(quality_run),
        cumulative_usd=[_round(float(v), 2) for v in run["cumulative"][0]],
        monthly_by_month_usd=[_round(float(v), 2) for v in run["monthly"][0]],
        training_usd=_round(cm.training_usd),
        team_upfront_usd=_round(cm.team_upfront_usd),
        team_monthly_usd=_round(cm.team_monthly_usd),
        serving_replicas=int(replicas),
        serving_gpus=int(replicas * cm.step_gpus),
    )


def estimate(s: Scenario, catalog: Catalog, with_curves: bool = True, with_uncertainty: bool = True) -> EstimateResult:
    """Every option's costs, the break-evens between them, the recommendation and (when the
    scenario has ranges) how sure it is; see `catalog.engine.results` for what each field means.
    Disputed catalog prices are ranged whenever the Monte Carlo runs (`catalog.engine.disputes`)."""
    if with_uncertainty:
        s = with_reading_ranges(s, catalog)
    models, option_plans = models_and_plans(s, catalog)
    volumes = month_volumes(s)[None, :]
    results = []
    for cm, option, plan in zip(models, s.options, option_plans, strict=True):
        run = horizon_run(cm, plan, s, volumes)
        quality_run = horizon_run(cm, plan, s, volumes, quality=True)
        sources = record_sources(option.kind, cm.references, catalog)
        result = option_result(cm, option, s, plan, run, quality_run)
        results.append(
            result.model_copy(
                update={"sources": sources, "warnings": [*result.warnings, *option_warnings(option, catalog)]}
            )
        )
    results = _with_paybacks(results)
    quality = quality_adjusted(s)
    by_name = {r.name: r for r in results}
    feasible = [cm for cm, r in zip(models, results, strict=True) if r.feasible]
    volumes_between, option_curves = _crossings_and_curves(s, catalog, feasible, with_curves)
    break_even = [
        BreakEven(
            options=[a.option, b.option],
            volumes=volumes_between[k],
            upfront_recovered_after_requests=_payback_requests(a, b),
            upfront_recovered_after_months=_payback_months(by_name[a.option], by_name[b.option]),
            cumulative_cross_month=crossing_month(
                np.array(by_name[a.option].cumulative_usd), np.array(by_name[b.option].cumulative_usd)
            ),
        )
        for k, (a, b) in enumerate(combinations(feasible, 2))
    ]
    recommendation = _with_disputes(recommend(results, s, catalog, quality), s, catalog)
    return EstimateResult(
        scenario=s.name,
        requests_per_month=s.workload.requests_per_month,
        horizon_months=s.horizon_months,
        options=results,
        break_even=break_even,
        recommendation=recommendation,
        quality_adjusted=quality,
        assumptions={
            name: AssumptionShown(value=getattr(s.assumptions, name), **ASSUMPTIONS[name].model_dump())
            for name in ASSUMPTIONS
        },
        drift=Drift(
            price_change_per_year=s.price_change_per_year,
            discount_rate_per_year=s.discount_rate_per_year,
            sources=DRIFT_SOURCES,
        ),
        curves=option_curves,
        uncertainty=(
            uncertainty(
                s,
                catalog,
                list(models),
                list(option_plans),
                results,
                with_curves,
                set(recommendation.set_aside),
                horizon_totals,
            )
            if with_uncertainty and s.ranges
            else None
        ),
    )


def _with_disputes(recommendation: Recommendation, s: Scenario, catalog: Catalog) -> Recommendation:
    """A verdict that rests on a figure the sources disagree on says so, naming each source."""
    chosen = next((o for o in s.options if o.name == recommendation.option), None)
    disputed = option_warnings(chosen, catalog) if chosen is not None else []
    if not disputed:
        return recommendation
    more = f" (and {len(disputed) - 1} more)" if len(disputed) > 1 else ""
    return recommendation.model_copy(
        update={
            "reasons": [*recommendation.reasons, f"This verdict depends on a disputed figure: {disputed[0]}{more}"],
            "depends_on_disputed": disputed,
        }
    )


def _with_paybacks(results: list[OptionResult]) -> list[OptionResult]:
    """Each option's payback month against the feasible option with the least upfront cost."""
    feasible = [r for r in results if r.feasible]
    if not feasible:
        return results
    baseline = min(feasible, key=lambda r: (r.upfront_usd, r.horizon_total_usd))
    base_cumulative = np.array(baseline.cumulative_usd)
    return [
        r.model_copy(
            update={
                "payback_against": baseline.name,
                "payback_month": None
                if r is baseline
                else timeline.payback_month(np.array(r.cumulative_usd), base_cumulative),
            }
        )
        if r.feasible
        else r
        for r in results
    ]


def _payback_months(a: OptionResult, b: OptionResult) -> float | None:
    """Months of the scenario's first-month saving that repay the extra upfront cost
    (the seeds' "break-even: N months"), when the dearer-upfront option is cheaper monthly."""
    upfront_a, upfront_b, monthly_a, monthly_b = a.upfront_usd, b.upfront_usd, a.monthly_usd, b.monthly_usd
    assert upfront_a is not None and upfront_b is not None and monthly_a is not None and monthly_b is not None, (
        "both feasible"
    )
    (dear_upfront, dear_monthly), (cheap_upfront, cheap_monthly) = sorted(
        [(upfront_a, monthly_a), (upfront_b, monthly_b)], key=lambda pair: pair[0], reverse=True
    )
    saving = cheap_monthly - dear_monthly
    if saving <= 0 or dear_upfront == cheap_upfront:
        return None
    return _round((dear_upfront - cheap_upfront) / saving, 4)


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
