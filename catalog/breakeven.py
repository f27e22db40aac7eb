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
MAX_BOUNDARIES = 200_000


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
    """Volumes in [low, high] where the cheaper of `a` and `b` changes."""
    cuts = np.unique(np.concatenate(([low], _boundaries(a, low, high), _boundaries(b, low, high), [high])))

    def gap(v: np.ndarray) -> np.ndarray:
        return a.monthly(v, quality) - b.monthly(v, quality)

    left, right = cuts[:-1], cuts[1:]
    # inside (left, right] units are constant: sample just right of `left` and at `right`
    eps = np.maximum(left * 1e-12, 1e-9)
    g_start, g_end = gap(left + eps), gap(right)
    found: list[Crossing] = []

    def add(volume: float, before: float, after: float, at_step: bool) -> None:
        below, above = (b.option, a.option) if before > 0 else (a.option, b.option)
        if found and abs(found[-1].volume - volume) <= 1e-9 * max(volume, 1):
            return
        found.append(Crossing(float(volume), below, above, at_step))

    g_at_left = gap(left)
    for i in range(len(left)):
        # a jump at the left boundary (the staircase steps up just after it)
        if i > 0 and np.sign(g_at_left[i]) != np.sign(g_start[i]) and g_at_left[i] != 0 and g_start[i] != 0:
            add(left[i], g_at_left[i], g_start[i], True)
        if np.sign(g_start[i]) != np.sign(g_end[i]) and g_start[i] != 0:
            slope = (g_end[i] - g_start[i]) / (right[i] - left[i] - eps[i])
            root = left[i] + eps[i] - g_start[i] / slope
            if g_end[i] == 0 and i + 1 < len(left):
                continue  # touches zero at the boundary: judged with the next segment
            add(min(max(root, left[i]), right[i]), g_start[i], g_end[i], False)
    return found


def crossing_month(cumulative_a: np.ndarray, cumulative_b: np.ndarray) -> int | None:
    """First month (1-based) whose cumulative-cost order differs from month 1's, if any."""
    diff = np.sign(cumulative_a - cumulative_b)
    first = diff[0]
    for month, sign in enumerate(diff[1:], start=2):
        if sign != first and sign != 0:
            return month
    return None
