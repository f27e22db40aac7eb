"""Monthly cost against volume on one log grid, shared by the estimate's curves and the
Monte Carlo's bands (so both are drawn at the same volumes)."""

from __future__ import annotations

import numpy as np

from catalog.engine.breakeven import HIGH, LOW
from catalog.engine.costs import CostModel
from catalog.engine.results import Curves

CURVE_POINTS = 241  # 10^2 .. 10^9, 34 points a decade


def curve_volumes(points: int = CURVE_POINTS) -> np.ndarray:
    """The grid of monthly volumes the curves are drawn at, the break-even search range."""
    return np.logspace(np.log10(LOW), np.log10(HIGH), points)


def curves(models: list[CostModel], points: int = CURVE_POINTS) -> Curves:
    """Each feasible option's monthly cost at today's prices over the grid."""
    volumes = curve_volumes(points)
    return Curves(
        requests_per_month=[float(v) for v in volumes],
        monthly_usd={cm.option: [float(x) for x in cm.monthly(volumes)] for cm in models if cm.feasible},
    )
