"""Exact break-even volumes between two options, staircases included.

Each option's monthly cost is `fixed + per_request·V + step·units(V)` (see `catalog.costs`), so
between two consecutive step boundaries both costs are linear and the crossing can be solved
exactly; at a boundary a staircase jumps, and if the cheaper option changes there the boundary
itself is the break-even volume.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from catalog.costs import CostModel

LOW, HIGH = 1e2, 1e9
MAX_BOUNDARIES = 2_000_000


@dataclass(frozen=True)
class Crossing:
    volume: float
    cheaper_below: str
    cheaper_above: str
    at_step: bool

    def as_dict(self) -> dict:
        return {
            "requests_per_month": self.volume,
            "cheaper_below": self.cheaper_below,
            "cheaper_above": self.cheaper_above,
            "at_step": self.at_step,
        }


def _boundaries(cm: CostModel, low: float, high: float) -> np.ndarray:
    if cm.step_usd == 0 or not math.isfinite(cm.step_capacity):
        return np.empty(0)
    first = max(cm.min_steps, math.floor(low / cm.step_capacity))
    last = min(math.ceil(high / cm.step_capacity), first + MAX_BOUNDARIES)
    steps = np.arange(first, last + 1) * cm.step_capacity
    return steps[(steps > low) & (steps < high)]


def crossings(a: CostModel, b: CostModel, low: float = LOW, high: float = HIGH, quality: bool = False) -> list[Crossing]:
    """Volumes in [low, high] where the cheaper of `a` and `b` changes (vectorised over segments)."""
    cuts = np.unique(np.concatenate(([low], _boundaries(a, low, high), _boundaries(b, low, high), [high])))

    def gap(v: np.ndarray) -> np.ndarray:
        return a.monthly(v, quality) - b.monthly(v, quality)

    left, right = cuts[:-1], cuts[1:]
    # inside (left, right] the unit counts are constant: sample just right of `left` and at `right`
    eps = np.maximum(left * 1e-7, 1e-6)  # well past the 1e-9 slack in CostModel.units
    g_left, g_start, g_end = gap(left), gap(left + eps), gap(right)
    s_left, s_start, s_end = np.sign(g_left), np.sign(g_start), np.sign(g_end)

    # a staircase jumps just after a boundary: the order flips at the boundary itself
    jumps = (s_left != s_start) & (s_left != 0) & (s_start != 0)
    jumps[0] = False
    # inside a segment both costs are linear: solve for the root
    inside = (s_start != s_end) & (s_start != 0)
    inside[:-1] &= ~((s_end[:-1] == 0))  # touching zero at a boundary is judged by the next segment
    slope = np.where(inside, (g_end - g_start) / np.where(inside, right - left - eps, 1), 1)
    roots = np.clip(left + eps - g_start / np.where(slope == 0, 1, slope), left, right)

    events = [(left[i], g_left[i], g_start[i], True) for i in np.flatnonzero(jumps)]
    events += [(roots[i], g_start[i], g_end[i], False) for i in np.flatnonzero(inside)]
    found: list[Crossing] = []
    for volume, before, _after, at_step in sorted(events, key=lambda e: e[0]):
        if found and abs(found[-1].volume - volume) <= 1e-9 * max(volume, 1):
            continue
        below, above = (b.option, a.option) if before > 0 else (a.option, b.option)
        found.append(Crossing(float(volume), below, above, bool(at_step)))
    return found


def crossing_month(cumulative_a: np.ndarray, cumulative_b: np.ndarray) -> int | None:
    """First month (1-based) whose cumulative-cost order differs from month 1's, if any."""
    diff = np.sign(cumulative_a - cumulative_b)
    first = diff[0]
    for month, sign in enumerate(diff[1:], start=2):
        if sign != first and sign != 0:
            return month
    return None
