"""From buckets to workload figures: pure functions of the buckets and the catalog's prices.

Conventions, each chosen so a figure means the same whatever the source:
- A month is a calendar month (UTC). `requests_per_month` is the mean over whole months the
  source covers; with none, each partial month is scaled to a whole one and the basis says so.
- Growth is fitted to daily volumes (whole UTC days): a least-squares line through log(requests),
  so a steady +5%/month reads as 0.05 whatever the daily noise; its range is the fit's 90% band.
- Peak-to-average is, per whole day, the busiest hour over the day's mean hour; the median day
  is reported, so one incident does not size a fleet. Daily buckets cannot show it: None.
- Ranges for volume and tokens are the 10th and 90th percentiles of the daily figures.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np

from catalog.build import Catalog
from catalog.engine.lookup import find_api_model
from catalog.engine.scenario import Range, ScenarioError
from catalog.records import ApiPrice
from catalog.usage.result import Calibration, GroupCalibration, MonthVolume
from catalog.usage.sources import Bucket, Buckets

DAYS_PER_MONTH = 365.2425 / 12
MIN_DAYS_FOR_GROWTH = 7
Z90 = 1.6448536269514722  # two-sided 90% normal quantile
GROWTH_BOUNDS = (-0.5, 2.0)  # what a scenario's monthly_growth accepts
MTOK = 1_000_000


def _month_start(t: datetime) -> datetime:
    return t.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(t: datetime) -> datetime:
    return t.replace(year=t.year + (t.month == 12), month=t.month % 12 + 1)


def months(buckets: list[Bucket], start: datetime, end: datetime) -> list[MonthVolume]:
    """Requests per calendar month, with how much of each month [start, end) covers."""
    totals: dict[datetime, float] = defaultdict(float)
    for b in buckets:
        totals[_month_start(b.start)] += b.requests
    out = []
    month = _month_start(start)
    while month < end:
        following = _next_month(month)
        covered = (min(end, following) - max(start, month)) / (following - month)
        requests = totals.get(month, 0.0)
        out.append(
            MonthVolume(
                month=month.strftime("%Y-%m"),
                requests=requests,
                coverage=round(covered, 6),
                whole=covered >= 1,
                requests_scaled=requests / covered if covered else 0.0,
            )
        )
        month = following
    return out


def daily(buckets: list[Bucket], start: datetime, end: datetime) -> dict[datetime, list[Bucket]]:
    """Buckets by whole UTC day inside [start, end); days the source only partly covers are left out."""
    first = start.replace(hour=0, minute=0, second=0, microsecond=0)
    if first < start:
        first += timedelta(days=1)
    days: dict[datetime, list[Bucket]] = {}
    day = first
    while day + timedelta(days=1) <= end:
        days[day] = []
        day += timedelta(days=1)
    for b in buckets:
        key = b.start.replace(hour=0, minute=0, second=0, microsecond=0)
        if key in days:
            days[key].append(b)
    return days


def fit_growth(day_requests: list[tuple[datetime, float]]) -> tuple[float, float, float] | None:
    """Monthly growth (mode, low, high) from a log-linear fit; None with too few days of traffic."""
    points = [(d, r) for d, r in day_requests if r > 0]
    if len(points) < MIN_DAYS_FOR_GROWTH:
        return None
    origin = points[0][0]
    x = np.array([(d - origin).total_seconds() / 86400 for d, _ in points])
    y = np.log([r for _, r in points])
    slope, intercept = np.polyfit(x, y, 1)
    residuals = y - (slope * x + intercept)
    spread = float(np.sum((x - x.mean()) ** 2))
    se = math.sqrt(float(np.sum(residuals**2)) / (len(x) - 2) / spread) if len(x) > 2 and spread else 0.0

    def monthly(s: float) -> float:
        return min(max(math.expm1(s * DAYS_PER_MONTH), GROWTH_BOUNDS[0]), GROWTH_BOUNDS[1])

    return round(monthly(slope), 9), round(monthly(slope - Z90 * se), 9), round(monthly(slope + Z90 * se), 9)


def peak_to_average(days: dict[datetime, list[Bucket]]) -> float | None:
    """Median over days with traffic of the busiest hour over the day's mean hour."""
    ratios = []
    for buckets in days.values():
        hours: dict[datetime, float] = defaultdict(float)
        for b in buckets:
            hours[b.start] += b.requests
        total = sum(hours.values())
        if total > 0:
            ratios.append(max(hours.values()) / (total / 24))
    return float(np.median(ratios)) if ratios else None


def _spread(values: list[float], mode: float) -> Range:
    """P10..P90 of daily values around `mode` (widened to include it)."""
    if not values:
        return Range(low=mode, mode=mode, high=mode)
    low, high = (float(v) for v in np.percentile(values, [10, 90]))
    return Range(low=min(low, mode), mode=mode, high=max(high, mode))


def api_names(catalog: Catalog) -> set[str]:
    """Every name `find_api_model` resolves (lower-cased): 'provider/model_id' and the bare id."""
    return {k.lower() for k in catalog.api} | {k.split("/", 1)[-1].lower() for k in catalog.api}


def match_model(catalog: Catalog, model: str, names: set[str]) -> ApiPrice | None:
    """The catalog price a source's model name means, trying the name as logged, then without a
    date snapshot suffix ("gpt-4o-2024-08-06", "claude-sonnet-4-20250514"), then without a
    router's provider prefix. `names` (from `api_names`) spares the close-match search an
    unknown name would start."""
    tail = model.rsplit("/", 1)[-1]
    candidates = [model, _undated(model), tail, _undated(tail)]
    for name in dict.fromkeys(c for c in candidates if c):
        if name.lower() in names:
            try:
                return find_api_model(catalog.api, name, "model")
            except ScenarioError:
                continue
    return None


def _undated(name: str) -> str:
    return re.sub(r"-(\d{4}-\d{2}-\d{2}|\d{8})$", "", name)


Rates = tuple[float, float, float, float, float, float]


def token_rates(price: ApiPrice) -> Rates:
    """USD per token: input, cached read, cache write, batch input, output, batch output. A price
    the record lacks falls back to the list price (the dearer reading: a calibration never
    invents a discount)."""

    def per(value: Decimal | None, fallback: Decimal) -> float:
        return float(value if value is not None else fallback) / MTOK

    return (
        per(None, price.input_per_mtok),
        per(price.cached_input_per_mtok, price.input_per_mtok),
        per(price.cache_write_per_mtok, price.input_per_mtok),
        per(price.batch_input_per_mtok, price.input_per_mtok),
        per(None, price.output_per_mtok),
        per(price.batch_output_per_mtok, price.output_per_mtok),
    )


def token_cost(rates: Rates, b: Bucket) -> float:
    """What the bucket's tokens cost at the catalog rates (USD): cached reads at the cached rate,
    cache writes at the cache-write rate, batch tokens at the batch rate (the bucket's uncached
    share applied to its batch input), the rest at list rate."""
    input_rate, cached_rate, write_rate, batch_in_rate, output_rate, batch_out_rate = rates
    uncached = max(b.input_tokens - b.cached_input_tokens - b.cache_write_tokens, 0.0)
    batch_in = b.batch_input_tokens * uncached / b.input_tokens if b.input_tokens else 0.0
    batch_out = min(b.batch_output_tokens, b.output_tokens)
    return (
        b.cached_input_tokens * cached_rate
        + b.cache_write_tokens * write_rate
        + batch_in * batch_in_rate
        + (uncached - batch_in) * input_rate
        + batch_out * batch_out_rate
        + (b.output_tokens - batch_out) * output_rate
    )


def calibrate_group(
    name: str, buckets: list[Bucket], source: Buckets, catalog: Catalog, names: set[str]
) -> GroupCalibration:
    """One group's figures; its buckets hold some requests (`calibrate` leaves out empty groups)."""
    requests = sum(b.requests for b in buckets)
    per_month = months(buckets, source.start, source.end)
    whole = [m.requests for m in per_month if m.whole]
    rpm = sum(whole) / len(whole) if whole else sum(m.requests_scaled for m in per_month) / len(per_month)
    days = daily(buckets, source.start, source.end)
    day_requests = [(d, sum(b.requests for b in bs)) for d, bs in days.items()]
    growth = fit_growth(day_requests)
    input_mean = sum(b.input_tokens for b in buckets) / requests
    output_mean = sum(b.output_tokens for b in buckets) / requests
    token_days = [
        (sum(b.input_tokens for b in bs) / r, sum(b.output_tokens for b in bs) / r)
        for (_, r), bs in zip(day_requests, days.values(), strict=True)
        if r > 0
    ]

    by_model: dict[str, list[Bucket]] = defaultdict(list)
    for b in buckets:
        by_model[b.model].append(b)
    matched: dict[str, str] = {}
    catalog_spend = 0.0
    for model, rows in sorted(by_model.items()):
        price = match_model(catalog, model, names)
        if price is not None:
            matched[model] = price.key
            rates = token_rates(price)
            catalog_spend += sum(token_cost(rates, b) for b in rows)
    spends = [b.spend for b in buckets if b.spend is not None]
    input_total = sum(b.input_tokens for b in buckets)

    ranges = {
        "requests_per_month": _spread([r * DAYS_PER_MONTH for _, r in day_requests], rpm),
        "input_tokens": _spread([i for i, _ in token_days], input_mean),
        "output_tokens": _spread([o for _, o in token_days], output_mean),
    }
    if growth is not None:
        ranges["monthly_growth"] = Range(low=growth[1], mode=growth[0], high=growth[2])
    return GroupCalibration(
        group=name,
        models={m: sum(b.requests for b in rows) for m, rows in sorted(by_model.items())},
        months_observed=round(sum(m.coverage for m in per_month), 4),
        requests_per_month=rpm,
        requests_per_month_basis="whole months" if whole else "partial months scaled",
        months=per_month,
        input_tokens=input_mean,
        output_tokens=output_mean,
        cached_input_fraction=sum(b.cached_input_tokens for b in buckets) / input_total if input_total else 0.0,
        batch_fraction=sum(b.batch_requests for b in buckets) / requests,
        monthly_growth=growth[0] if growth else None,
        peak_to_average=peak_to_average(days) if source.hours == 1 else None,
        observed_spend_usd=sum(spends) if spends else None,
        catalog_spend_usd=catalog_spend if matched else None,
        catalog_models=matched,
        unmatched_models=sorted(set(by_model) - set(matched)),
        ranges=ranges,
        derived=[
            "requests_per_month",
            "output_tokens",
            "batch_fraction",
            "monthly_growth",
            "peak_to_average",
            "ranges.requests_per_month",
        ]
        if source.requests_derived
        else [],
    )


def calibrate(source: Buckets, catalog: Catalog, group_by: str) -> Calibration:
    """One calibration per group, largest traffic first, with a warning per unmatched model."""
    groups: dict[str, list[Bucket]] = defaultdict(list)
    for b in source.rows:
        groups[b.group].append(b)
    names = api_names(catalog)
    results = [
        calibrate_group(name, rows, source, catalog, names)
        for name, rows in groups.items()
        if sum(b.requests for b in rows) > 0
    ]
    results.sort(key=lambda g: (-g.requests_per_month, g.group))
    warnings = []
    for model in sorted({m for g in results for m in g.unmatched_models}):
        warnings.append(f"model {model!r} is not in the catalog: its traffic is left out of catalog_spend_usd")
    for g in results:
        if g.monthly_growth is None:
            warnings.append(f"{g.group}: under {MIN_DAYS_FOR_GROWTH} whole days with traffic, too few to fit growth")
    return Calibration(
        format=source.format,
        group_by=group_by,
        bucket="hour" if source.hours == 1 else "day",
        start=source.start.astimezone(UTC),
        end=source.end.astimezone(UTC),
        groups=results,
        warnings=warnings,
    )
