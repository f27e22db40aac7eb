"""The calibration result: per group, the workload the usage shows and how sure we are of it.

Field names are a contract (`calibrate --json`, the Calibrate page, tests). Token figures are
means per request; spends cover the whole period observed, so the two can be compared directly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from catalog.engine.scenario import Range


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MonthVolume(_Frozen):
    """One calendar month: requests seen, and the share of the month the source covers."""

    month: str  # "2026-01"
    requests: float
    coverage: float  # 1.0 for a whole month
    whole: bool
    requests_scaled: float  # requests / coverage: what a whole month at this rate would hold


class GroupCalibration(_Frozen):
    group: str
    models: dict[str, float]  # requests per model, as the source names it
    months_observed: float
    requests_per_month: float
    requests_per_month_basis: Literal["whole months", "partial months scaled"]
    months: list[MonthVolume]
    input_tokens: float  # mean per request, cached and cache-written included
    output_tokens: float
    cached_input_fraction: float
    batch_fraction: float
    monthly_growth: float | None  # fitted to daily volumes; None with under a week of whole days
    peak_to_average: float | None  # from hourly buckets; None with daily data
    observed_spend_usd: float | None  # where the source records spend, over the period observed
    catalog_spend_usd: float | None  # the same traffic at catalog prices (matched models only)
    catalog_models: dict[str, str]  # source model -> catalog key
    unmatched_models: list[str]
    ranges: dict[str, Range]  # requests_per_month, monthly_growth, input_tokens, output_tokens
    derived: list[str]  # figures computed from a number the user gave, not read from the source


class Calibration(_Frozen):
    format: str
    group_by: str
    bucket: Literal["hour", "day"]
    start: datetime
    end: datetime
    groups: list[GroupCalibration]
    warnings: list[str]
