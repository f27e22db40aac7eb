"""How each option is billed over the horizon: its prices' drift and any forced move.

`plan_option` is shared by the point estimate and the Monte Carlo, so both see the same
lifecycle dates, successors and drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from catalog.build import Catalog
from catalog.engine.costs import CostModel, cost_model
from catalog.engine.lifecycle import cannot_start_today, record_of, route_end, successor_option
from catalog.engine.results import RouteLifecycle, RouteMove
from catalog.engine.scenario import Option, Scenario, team_rate
from catalog.engine.timeline import Migration, Params, drift_factors


@dataclass
class OptionPlan:
    factors: np.ndarray
    move_month: int | None = None
    successor: CostModel | None = None
    successor_factors: np.ndarray | None = None
    one_off_usd: float = 0.0
    cannot_start: str | None = None
    lifecycle: RouteLifecycle | None = None
    warnings: list[str] = field(default_factory=list)
    stops: str | None = None  # the route ends and there is nothing to move to

    def move(self, successor: Params | None = None, one_off: np.ndarray | None = None) -> Migration | None:
        if self.move_month is None:
            return None
        assert self.successor is not None and self.successor_factors is not None, "set with move_month"
        succ = successor if successor is not None else Params.of([self.successor])
        return Migration(
            self.move_month,
            succ,
            self.successor_factors,
            one_off if one_off is not None else np.array([self.one_off_usd]),
        )


def factors_for(cm: CostModel, s: Scenario) -> np.ndarray:
    change = s.price_change_per_year
    rate = getattr(change, cm.drift) if change is not None and cm.drift else 0.0
    return drift_factors(rate, s.horizon_months)


def one_off_usd(successor: CostModel, month: int, s: Scenario) -> float:
    """A move costs the successor's training run (at that month's prices) and the team's hours."""
    training = successor.training_usd * float(factors_for(successor, s)[month])
    return training + s.team.migration_hours * team_rate(s)[0]


def plan_option(
    cm: CostModel, option: Option, s: Scenario, catalog: Catalog, index: int, models: list[CostModel]
) -> OptionPlan:
    plan = OptionPlan(factors=factors_for(cm, s))
    record = record_of(option, catalog, cm.references)
    if record is None:
        return plan
    life = record.lifecycle
    plan.lifecycle = RouteLifecycle(
        status=life.status,
        no_new_jobs_after=str(life.no_new_jobs_after) if life.no_new_jobs_after else None,
        shutdown=str(life.shutdown) if life.shutdown else None,
        source_url=life.status_source_url,
    )
    plan.cannot_start = cannot_start_today(record, s.start)
    end = route_end(record, s)
    if end is None:
        return plan
    successor, how = successor_option(option, record, catalog, s)
    if successor is None:
        plan.stops = f"{end.why} (month {end.month + 1}); {how}"
        return plan
    names = [o.name for o in s.options]
    succ_cm = (
        models[names.index(successor.name)] if successor.name in names else cost_model(successor, s, catalog, index)
    )
    blocked = cannot_start_today(record_of(successor, catalog, succ_cm.references), end.when)
    if blocked:
        plan.stops = (
            f"{end.why} (month {end.month + 1}); its successor {successor.name} cannot be started then: {blocked}"
        )
        return plan
    if not succ_cm.feasible:
        plan.stops = f"{end.why} (month {end.month + 1}); its successor {successor.name} cannot run: {succ_cm.reason}"
        return plan
    plan.move_month, plan.successor = end.month, succ_cm
    plan.successor_factors = factors_for(succ_cm, s)
    plan.one_off_usd = one_off_usd(succ_cm, end.month, s)
    move = RouteMove(
        month=end.month + 1, date=str(end.when), to=successor.name, how=how, one_off_usd=round(plan.one_off_usd, 2)
    )
    plan.lifecycle = plan.lifecycle.model_copy(update={"move": move})
    plan.warnings.append(
        f"{end.why}: in month {end.month + 1} it {how}; the move costs ${plan.one_off_usd:,.2f} "
        f"(a new training run and {s.team.migration_hours:g} team hours)"
    )
    return plan
