"""Exact break-even volumes between two options, staircases included.

Each option's monthly cost is `fixed + per_request·V + step·units(V)` (see `catalog.engine.costs`), so
between two consecutive step boundaries both costs are linear and the crossing can be solved
exactly; at a boundary a staircase jumps, and if the cheaper option changes there the boundary
itself is the break-even volume.
"""

from __future__ import annotations

import math

import numpy as np

from catalog.engine.costs import CostModel
from catalog.engine.results import BreakEvenVolume

LOW, HIGH = 1e2, 1e9
MAX_BOUNDARIES = 2_000_000


def _boundaries(cm: CostModel, low: float, high: float) -> np.ndarray:
    if cm.step_usd == 0 or not (math.isfinite(cm.step_capacity) and cm.step_capacity > 0):
        return np.empty(0)
    first = max(cm.min_steps, math.floor(low / cm.step_capacity))
    last = min(math.ceil(high / cm.step_capacity), first + MAX_BOUNDARIES)
    steps = np.arange(first, last + 1) * cm.step_capacity
    return steps[(steps > low) & (steps < high)]


def crossings(
    a: CostModel, b: CostModel, low: float = LOW, high: float = HIGH, quality: bool = False
) -> list[BreakEvenVolume]:
    """Volumes in [low, high] where the cheaper of `a` and `b` changes.

    The gap a − b is sampled at every step boundary, just after it, and at the next boundary:
    inside (boundary, next boundary] both costs are linear. The order changes where the sign of
    the gap changes, ties skipped; inside a segment the exact root is solved, across a boundary
    (a staircase jump, or the end of a tie) the boundary is the break-even volume.
    """
    cuts = np.unique(np.concatenate(([low], _boundaries(a, low, high), _boundaries(b, low, high), [high])))
    # Two boundaries closer than the step past one (100,000 and 100,000.00000000001) are one
    # boundary: a segment narrower than eps would put its "just after" point past its own end.
    cuts = cuts[np.concatenate(([True], np.diff(cuts) > np.maximum(cuts[:-1] * 1e-7, 1e-6)))]
    left, right = cuts[:-1], cuts[1:]
    eps = np.maximum(left * 1e-7, 1e-6)  # well past the 1e-9 slack in CostModel.units
    # points in volume order: low, then for each segment its start (just after the boundary) and end
    x = np.empty(1 + 2 * len(left))
    x[0], x[1::2], x[2::2] = low, left + eps, right
    at_boundary = np.ones_like(x, dtype=bool)
    at_boundary[1::2] = False
    gap = a.monthly(x, quality) - b.monthly(x, quality)
    scale = np.maximum(np.maximum(a.monthly(x, quality), b.monthly(x, quality)), 1.0) * 1e-12
    sign = np.where(np.abs(gap) <= scale, 0, np.sign(gap))
    nonzero = np.flatnonzero(sign)
    flips = np.flatnonzero(sign[nonzero][1:] != sign[nonzero][:-1])
    found: list[BreakEvenVolume] = []
    for k in flips:
        i, j = nonzero[k], nonzero[k + 1]  # last point of the old order, first of the new
        if j == i + 1 and not at_boundary[i] and at_boundary[j]:
            volume = x[i] - gap[i] * (x[j] - x[i]) / (gap[j] - gap[i])  # linear inside one segment
            step = False
        else:
            volume = x[i + 1] if at_boundary[i + 1] else x[i]  # the boundary where the old order ends
            step = True
        below, above = (b.option, a.option) if gap[i] > 0 else (a.option, b.option)
        found.append(
            BreakEvenVolume(requests_per_month=float(volume), cheaper_below=below, cheaper_above=above, at_step=step)
        )
    return found


def crossing_month(cumulative_a: np.ndarray, cumulative_b: np.ndarray) -> int | None:
    """First month (1-based) whose cumulative-cost order differs from month 1's, if any."""
    diff = np.sign(cumulative_a - cumulative_b)
    first = diff[0]
    for month, sign in enumerate(diff[1:], start=2):
        if sign != first and sign != 0:
            return month
    return None
