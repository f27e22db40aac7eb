"""Numbers for people: $1.2K, $3.4M, 12.5 GPU-h."""

from __future__ import annotations

import math


def money(value: float | None, precise: bool = False) -> str:
    """$0, $0.0042, $12.50, $950, $1.2K, $3.4M, $5.6B. `precise` keeps cents under $10K."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v == 0:
        return "$0"
    if v < 0.01:
        digits = 1 - math.floor(math.log10(v))  # two significant figures: $0.0042, $0.000021
        return f"{sign}${v:.{digits}f}"
    if v < 1_000 or (precise and v < 10_000):
        return f"{sign}${v:,.2f}"
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if v >= limit:
            return f"{sign}${v / limit:,.1f}{suffix}"
    return f"{sign}${v:,.0f}"  # pragma: no cover


def count(value: float | None) -> str:
    """1.2K, 3.4M requests."""
    if value is None:
        return "–"
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= limit:
            return f"{value / limit:,.1f}{suffix}".replace(".0" + suffix, suffix)
    return f"{value:,.0f}"
