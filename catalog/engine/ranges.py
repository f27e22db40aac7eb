"""Uncertain inputs: any number in a scenario may be written as {"low", "mode", "high"}.

`extract_ranges` swaps each such range for its mode (the point estimate) and returns the ranges
by path ("workload.requests_per_month", "options.2.accuracy"); `with_value` gives a scenario
with one path set to another value, which is how the ends of a range are validated, the tornado
swings one input, and the Monte Carlo draws are applied.
"""

from __future__ import annotations

from typing import Any

RANGE_KEYS = {"low", "mode", "high"}


def is_range(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= RANGE_KEYS and {"low", "high"} <= set(value)


def extract_ranges(data: Any) -> tuple[Any, dict[str, dict[str, float]]]:
    ranges: dict[str, dict[str, float]] = {}

    def walk(node: Any, path: str) -> Any:
        if is_range(node):
            low, high = node["low"], node["high"]
            mode = node.get("mode", (low + high) / 2 if all(isinstance(v, (int, float)) for v in (low, high)) else low)
            ranges[path] = {"low": low, "mode": mode, "high": high}
            return mode
        if isinstance(node, dict):
            return {
                k: (v if k == "ranges" and not path else walk(v, f"{path}.{k}" if path else k)) for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(v, f"{path}.{i}") for i, v in enumerate(node)]
        return node

    return walk(data, ""), ranges


def _set(node: Any, parts: list[str], value: Any) -> Any:
    head, rest = parts[0], parts[1:]
    if isinstance(node, list):
        index = int(head)
        items = list(node)
        items[index] = _set(node[index], rest, value) if rest else value
        return items
    fields = dict(node)
    fields[head] = _set(node.get(head, {}), rest, value) if rest else value
    return fields


def with_value_data(data: dict, path: str, value: Any) -> dict:
    return _set(data, path.split("."), value)
