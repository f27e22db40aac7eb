"""A calibrated group as a scenario: the workload and ranges the `estimate` command and Compare take.

The logs say how many prompt tokens were read from the provider's cache, not what they were. A
cached prefix is in practice the repeated system prompt and examples, so the cached share is
written as `prompt_overhead_tokens` (all of it billed cached) and the rest as `input_tokens`: the
prompting cost of the scenario is then the bill the logs show. What fine-tuning would remove of
that overhead the logs cannot say, so `tuned_overhead_tokens` keeps all of it (the cautious
reading) until the user lowers it.
"""

from __future__ import annotations

from typing import Any

from catalog.engine.scenario import Range
from catalog.usage.result import GroupCalibration


def _value(r: Range | None, mode: float, scale: float = 1.0) -> float | dict[str, float]:
    """A number, or the {low, mode, high} form when the observed range has any width."""
    if r is None or r.low == r.high:
        return mode
    return {"low": r.low * scale, "mode": mode, "high": r.high * scale}


def workload_of(group: GroupCalibration) -> dict[str, Any]:
    cached = group.cached_input_fraction
    overhead = group.input_tokens * cached
    growth = group.monthly_growth if group.monthly_growth is not None else 0.0
    return {
        "requests_per_month": _value(group.ranges.get("requests_per_month"), group.requests_per_month),
        "input_tokens": _value(group.ranges.get("input_tokens"), group.input_tokens * (1 - cached), 1 - cached),
        "output_tokens": _value(group.ranges.get("output_tokens"), group.output_tokens),
        "prompt_overhead_tokens": overhead,
        "tuned_overhead_tokens": overhead,
        "cached_overhead_fraction": 1.0 if overhead else 0.0,
        "batch_fraction": group.batch_fraction,
        "monthly_growth": _value(group.ranges.get("monthly_growth"), growth),
    }


def scenario_from(group: GroupCalibration, source: str) -> dict[str, Any]:
    """A scenario file for one group: its workload, ranges, and a prompting option per catalog
    model it used (the route it is on today); add the alternatives to weigh against it."""
    if not group.catalog_models:
        raise ValueError(
            f"{group.group}: none of its models ({', '.join(group.models)}) is in the catalog, "
            "so the scenario would have no option to price"
        )
    scenario: dict[str, Any] = {
        "name": f"Calibrated: {group.group}",
        "description": f"Workload calibrated from {source} ({group.months_observed:g} months observed)",
        "workload": workload_of(group),
        "options": [
            {"name": f"Prompt {model} (observed)"[:80], "kind": "prompting", "model": key}
            for model, key in group.catalog_models.items()
        ],
    }
    if group.peak_to_average is not None:
        scenario["assumptions"] = {"peak_to_average": min(max(group.peak_to_average, 1.0), 20.0)}
    return scenario
