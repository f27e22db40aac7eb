"""Properties of the cost shapes, over generated options (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalog.engine.breakeven import crossings
from catalog.engine.costs import CostModel

money = st.floats(min_value=0, max_value=1e5, allow_nan=False)
per_request = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def cost_models(draw, name="x"):
    staircase = draw(st.booleans())
    return CostModel(
        option=name,
        kind="self_hosted" if staircase else "prompting",
        upfront_usd=draw(money),
        fixed_monthly_usd=draw(money),
        per_request_usd=draw(per_request),
        step_usd=draw(st.floats(min_value=1, max_value=1e5)) if staircase else 0.0,
        step_capacity=draw(st.floats(min_value=1e5, max_value=1e9)) if staircase else float("inf"),
        step_gpus=1 if staircase else 0,
        min_steps=draw(st.integers(0, 3)) if staircase else 0,
    )


volumes = st.lists(st.floats(min_value=0, max_value=1e10, allow_nan=False), min_size=2, max_size=50)


@settings(deadline=None)
@given(cost_models(), volumes)
def test_cost_never_decreases_with_volume(cm, vs):
    ordered = np.sort(np.array(vs))
    costs = cm.monthly(ordered)
    assert np.all(np.diff(costs) >= -1e-6 * np.maximum(costs[1:], 1))


@given(cost_models())
def test_zero_volume_leaves_only_fixed_costs(cm):
    assert float(cm.monthly(0.0)) == cm.fixed_monthly_usd + cm.step_usd * cm.min_steps


# Found by this test: two staircases whose boundaries are a hair apart (100,000 and
# 100,000.00000000001) made a segment narrower than the "just after a boundary" step, and the
# crossing at the boundary was reported with its sides swapped.
HAIR_APART = (
    CostModel(
        option="a",
        kind="self_hosted",
        upfront_usd=0.0,
        fixed_monthly_usd=0.0,
        per_request_usd=0.0,
        step_usd=99994.0,
        step_capacity=100000.0,
        step_gpus=1,
        min_steps=0,
    ),
    CostModel(
        option="b",
        kind="self_hosted",
        upfront_usd=0.0,
        fixed_monthly_usd=0.0,
        per_request_usd=1.0,
        step_usd=1.0,
        step_capacity=100000.00000000001,
        step_gpus=1,
        min_steps=0,
    ),
)


@settings(max_examples=200, deadline=None)
@given(cost_models("a"), cost_models("b"))
@example(*HAIR_APART)
def test_every_break_even_is_a_real_crossing(a, b):
    for c in crossings(a, b):
        v = c.requests_per_month
        below = float(a.monthly(v * (1 - 1e-7)) - b.monthly(v * (1 - 1e-7)))
        above = float(a.monthly(v * (1 + 1e-7)) - b.monthly(v * (1 + 1e-7)))
        tolerance = 1e-6 * max(float(a.monthly(v)), float(b.monthly(v)), 1)
        cheaper_below = c.cheaper_below
        assert (below <= tolerance) == (cheaper_below == "a") or abs(below) <= tolerance
        assert (above >= -tolerance) == (cheaper_below == "a") or abs(above) <= tolerance


@settings(max_examples=200, deadline=None)
@given(cost_models("a"), cost_models("b"))
def test_no_crossing_is_missed_on_a_fine_grid(a, b):
    grid = np.logspace(2, 9, 4000)
    gap = a.monthly(grid) - b.monthly(grid)
    scale = np.maximum(np.maximum(a.monthly(grid), b.monthly(grid)), 1) * 1e-9
    signs = np.sign(np.where(np.abs(gap) <= scale, 0, gap))
    nonzero = signs[signs != 0]
    changes = int(np.sum(nonzero[1:] != nonzero[:-1]))
    assert len(crossings(a, b)) >= changes
