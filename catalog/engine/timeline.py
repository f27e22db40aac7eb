"""Month by month: price drift, a forced move to a successor, NPV and payback.

Works on arrays of options' parameters so that one code path serves the point estimate (one
draw) and the Monte Carlo (thousands of draws). Conventions, all documented in docs/drift.md:
- month 1 is billed at today's prices; month m at (1 + yearly change)^((m-1)/12) of them;
  team hours and fixed quotes do not drift;
- monthly costs are paid at the end of each month, discounted by (1 + rate)^(-m/12); upfront
  costs at time 0; a migration's one-off cost at the start of its month;
- with no drift and a zero rate, every figure equals the undiscounted totals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from catalog.engine.costs import CostModel, monthly_cost


@dataclass(frozen=True)
class Params:
    """Cost-shape parameters of one option, one value per draw (arrays of shape (N,))."""

    upfront: np.ndarray
    flat: np.ndarray
    drifting: np.ndarray
    per_request: np.ndarray
    step: np.ndarray
    step_gpus: np.ndarray
    capacity: np.ndarray
    min_steps: np.ndarray
    error: np.ndarray
    training: np.ndarray

    @classmethod
    def of(cls, models: list[CostModel]) -> Params:
        def column(get: Callable[[CostModel], float]) -> np.ndarray:
            return np.array([get(cm) for cm in models], dtype=float)

        return cls(
            upfront=column(lambda cm: cm.upfront_usd),
            flat=column(lambda cm: cm.flat_monthly_usd),
            drifting=column(lambda cm: cm.fixed_monthly_usd - cm.flat_monthly_usd),
            per_request=column(lambda cm: cm.per_request_usd),
            step=column(lambda cm: cm.step_usd),
            step_gpus=column(lambda cm: cm.step_gpus),
            capacity=column(lambda cm: cm.step_capacity),
            min_steps=column(lambda cm: cm.min_steps),
            error=column(lambda cm: cm.error_cost_per_request_usd),
            training=column(lambda cm: cm.training_usd),
        )

    def monthly(self, volumes: np.ndarray, factors: np.ndarray | float = 1.0, quality: bool = False) -> np.ndarray:
        """Cost for each draw (rows) at each volume (columns), price factors by column: the cost
        model's formula (`catalog.engine.costs.monthly_cost`) with one draw per row."""
        return monthly_cost(
            volumes,
            self.flat[:, None],
            self.drifting[:, None],
            self.per_request[:, None],
            self.step[:, None],
            self.step_gpus[:, None],
            self.capacity[:, None],
            self.min_steps[:, None],
            self.error[:, None],
            factors=factors,
            quality=quality,
        )


def drift_factors(change_per_year: float, months: int) -> np.ndarray:
    return (1 + change_per_year) ** (np.arange(months) / 12)


def discount_factors(rate_per_year: float, months: int) -> tuple[np.ndarray, np.ndarray]:
    """(end of each month, start of each month) discount factors."""
    m = np.arange(months)
    return (1 + rate_per_year) ** (-(m + 1) / 12), (1 + rate_per_year) ** (-m / 12)


@dataclass(frozen=True)
class Migration:
    """A forced move to `successor` at month index `month` (0 = month 1), costing `one_off`."""

    month: int
    successor: Params
    successor_factors: np.ndarray
    one_off: np.ndarray  # per draw: the successor's training run (drifted) + migration hours


def run(
    params: Params,
    volumes: np.ndarray,
    factors: np.ndarray,
    discount_rate: float,
    move: Migration | None = None,
    quality: bool = False,
) -> dict[str, np.ndarray]:
    """Monthly costs, cumulative cost, horizon total and NPV for each draw."""
    cost = params.monthly(volumes, factors, quality)
    lumps = np.zeros_like(cost)
    if move is not None:
        m = move.month
        cost[:, m:] = move.successor.monthly(volumes[:, m:], move.successor_factors[m:], quality)
        lumps[:, m] = move.one_off
    spend = cost + lumps
    cumulative = params.upfront[:, None] + np.cumsum(spend, axis=1)
    end, start = discount_factors(discount_rate, volumes.shape[1])
    npv = params.upfront + (cost * end).sum(axis=1) + (lumps * start).sum(axis=1)
    return {"monthly": spend, "cumulative": cumulative, "total": cumulative[:, -1], "npv": npv}


def payback_month(cumulative: np.ndarray, baseline: np.ndarray) -> int | None:
    """First month (1-based) from which this option's cumulative cost stays at or below the
    baseline's; None if it never gets there within the horizon."""
    below = cumulative <= baseline + 1e-9
    if not below[-1]:
        return None
    above = np.flatnonzero(~below)
    return int(above[-1]) + 2 if above.size else 1
