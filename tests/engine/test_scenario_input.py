"""Bad input gets one clear error: whatever JSON a scenario file or link holds, parse_scenario
returns a Scenario or raises ScenarioError, never another exception (it catches what it means
to catch, not every Exception)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.engine.scenario import Scenario, ScenarioError, parse_scenario

KEYS = [
    "workload",
    "options",
    "ranges",
    "low",
    "mode",
    "high",
    "requests_per_month",
    "input_tokens",
    "output_tokens",
    "name",
    "kind",
    "model",
    "horizon_months",
    "x",
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(JSON)
def test_any_json_is_a_scenario_or_one_scenario_error(data):
    try:
        assert isinstance(parse_scenario(data), Scenario)
    except ScenarioError as exc:
        assert str(exc) and "\n" not in str(exc)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "a scenario is an object of fields, not list"),
        ({"low": 1, "high": 2}, "a scenario is an object of fields, not a range"),
        ({"ranges": [1]}, "ranges: expected an object"),
        ({"workload": {"requests_per_month": {"low": 10**400, "high": 10**401}}}, "too large"),
    ],
)
def test_the_error_says_what_is_wrong(data, message):
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(data)
