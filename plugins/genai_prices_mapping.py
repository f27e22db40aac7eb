"""genai-prices' data mapped to `api_prices` records: shared by `plugins.genai_prices_api` (every
provider but OpenRouter) and `plugins.openrouter_api` (OpenRouter, refreshed from its own API),
so neither plugin imports the other. The choices the mapping makes are listed in
`plugins/genai_prices_api.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from genai_prices import __version__ as GENAI_PRICES_VERSION
from genai_prices import types as gp
from genai_prices.data import providers

from catalog.records import Reading, point_reading
from plugins import litellm_deprecations
from plugins.datafiles import load

REPO_URL = "https://github.com/pydantic/genai-prices"
LEFT_TO_OTHER_PLUGINS = frozenset({"openrouter"})


DAY_MINUTES = 24 * 60


def _minutes(clock: Any) -> int:
    return clock.hour * 60 + clock.minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _complement(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The minutes of the day outside `windows` (each may wrap past midnight), as windows."""
    covered = [False] * DAY_MINUTES
    for start, end in windows:
        length = (end - start) % DAY_MINUTES or DAY_MINUTES
        for minute in range(start, start + length):
            covered[minute % DAY_MINUTES] = True
    out: list[tuple[int, int]] = []
    for minute in range(DAY_MINUTES):
        if not covered[minute] and (minute == 0 or covered[minute - 1]):
            out.append((minute, minute))
        if not covered[minute]:
            out[-1] = (out[-1][0], minute + 1)
    if len(out) > 1 and out[0][0] == 0 and out[-1][1] == DAY_MINUTES:  # one window across midnight
        out = [(out[-1][0], out[0][1])] + out[1:-1]
    return [(start, end % DAY_MINUTES) for start, end in out]


def _time_of_day(prices: gp.ModelPrice | list[gp.ConditionalPrice]) -> list[tuple[tuple[int, int], gp.ModelPrice]]:
    if isinstance(prices, gp.ModelPrice):
        return []
    return [
        ((_minutes(p.constraint.start_time), _minutes(p.constraint.end_time)), p.prices)
        for p in prices
        if isinstance(p.constraint, gp.TimeOfDateConstraint)
    ]


def _split_peak(
    base: gp.ModelPrice, timed: list[tuple[tuple[int, int], gp.ModelPrice]]
) -> tuple[gp.ModelPrice, dict[str, Any] | None]:
    """(peak prices, off-peak prices with their UTC windows) from the base and time-window entries.
    Time windows dearer than the base are peak hours (DeepSeek's case); cheaper ones are discounts."""
    if not timed:
        return base, None
    dearer = [(w, p) for w, p in timed if (_base(p.input_mtok) or 0) > (_base(base.input_mtok) or 0)]
    if dearer:
        peak = max((p for _, p in dearer), key=lambda p: _base(p.input_mtok) or 0)
        off, windows = base, _complement([w for w, _ in dearer])
    else:
        peak = base
        off = min((p for _, p in timed), key=lambda p: _base(p.input_mtok) or 0)
        windows = [w for w, p in timed if p is off]
    if _base(off.input_mtok) is None or _base(off.output_mtok) is None or not windows:
        return peak, None
    return peak, {
        "input_per_mtok": _base(off.input_mtok),
        "output_per_mtok": _base(off.output_mtok),
        "cached_input_per_mtok": _base(off.cache_read_mtok),
        "windows_utc": [f"{_clock(start)}-{_clock(end)}" for start, end in windows],
    }


def _in_force(constraint: Any, today: date) -> bool:
    if constraint is None:
        return True
    if isinstance(constraint, gp.StartDateConstraint):
        return constraint.start_date <= today
    return False  # time-of-day prices apply only part of the day: see _split_peak


def _current(prices: gp.ModelPrice | list[gp.ConditionalPrice], today: date) -> gp.ModelPrice | None:
    if isinstance(prices, gp.ModelPrice):
        return prices
    in_force = [p.prices for p in prices if _in_force(p.constraint, today)]
    return in_force[-1] if in_force else None


def _base(value: Decimal | gp.TieredPrices | None) -> Decimal | None:
    return value.base if isinstance(value, gp.TieredPrices) else value


def _tiers(price: gp.ModelPrice) -> list[dict[str, Any]]:
    steps: dict[int, dict[str, Any]] = {}
    for ours, theirs in (
        ("input_per_mtok", "input_mtok"),
        ("output_per_mtok", "output_mtok"),
        ("cached_input_per_mtok", "cache_read_mtok"),
        ("cache_write_per_mtok", "cache_write_mtok"),
        ("cache_write_1h_per_mtok", "cache_write_1h_mtok"),
    ):
        value = getattr(price, theirs, None)
        if isinstance(value, gp.TieredPrices):
            for tier in value.tiers:
                steps.setdefault(tier.start, {"above_tokens": tier.start})[ours] = tier.price
    return [step for _, step in sorted(steps.items()) if "input_per_mtok" in step]


def _batch(model: gp.ModelInfo, today: date) -> gp.ModelPrice | None:
    chosen = None
    for variant in model.price_variants or []:
        if variant.when == {"processing": "batch"} and _in_force(variant.constraint, today):
            chosen = variant.prices
    return chosen


def snapshot_date() -> date:
    """The newest dated price change in the bundled data, not after today."""
    today = date.today()
    newest = date(2025, 1, 1)
    for provider in providers:
        for model in provider.models:
            dated: list[Any] = list(model.prices) if isinstance(model.prices, list) else []
            dated += model.price_variants or []
            for entry in dated:
                constraint = entry.constraint
                if isinstance(constraint, gp.StartDateConstraint) and newest < constraint.start_date <= today:
                    newest = constraint.start_date
    return newest


@cache
def retirements() -> dict[tuple[str, str], dict[str, Any]]:
    """(provider, model id) -> lifecycle, from the providers' deprecation pages; a replacement
    the provider names there is sourced to the same page."""
    out = {}
    for row in load("api_retirements.json"):
        life = {k: row[k] for k in ("no_new_jobs_after", "shutdown", "status_source_url", "replacement") if row.get(k)}
        if row.get("replacement"):
            life["replacement_source_url"] = row["status_source_url"]
        out[(row["provider"], row["model_id"])] = {**life, "status": row["status"], "as_of": row["as_of"]}
    return out


@cache
def price_readings() -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(provider, model id) -> second readings of its prices (`data/api_price_readings.json`):
    figures another public source gives for a model, each with its source and date."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in load("api_price_readings.json"):
        reading = {k: row[k] for k in ("field", "value", "source_url", "as_of", "first_party", "note")}
        out.setdefault((row["provider"], row["model_id"]), []).append(reading)
    return out


def with_readings(row: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any]:
    """`row` keeping genai-prices' figure and every other reading of a disputed price field; the
    field holds the point reading (the most recent first-party one, see `catalog.records.point_reading`)."""
    readings = list(row.get("readings", ()))
    for field in sorted({r["field"] for r in others}):
        ours = {
            "field": field,
            "value": row[field],
            "source_url": row["source_url"],
            "as_of": row["as_of"],
            "first_party": False,
            "note": "genai-prices' figure, quoting the provider's pricing page",
        }
        told = [ours, *(r for r in others if r["field"] == field)]
        readings += told
        point = point_reading([Reading.model_validate(r) for r in told])
        assert point is not None, "genai-prices' own figure is always a reading"
        row = {**row, field: point.value}
    return {**row, "readings": readings}


def lifecycle(provider: str, model: gp.ModelInfo, today: date, second: litellm_deprecations.Readings) -> dict[str, Any]:
    """The provider page's lifecycle, checked against LiteLLM's date: both dates are kept as
    readings and the earlier one is the shutdown (see `catalog.records.Lifecycle`)."""
    announced = dict(retirements().get((provider, model.id)) or {})
    as_of = announced.pop("as_of", None)
    if not announced:
        announced = {"status": "closing"} if model.deprecated else {"status": "active"}
    other = second.get((provider, model.id))
    if other is not None:
        dates = [other]
        if announced.get("shutdown") and announced.get("status_source_url"):
            dates.append(
                {
                    "shutdown": date.fromisoformat(announced["shutdown"]),
                    "source_url": announced["status_source_url"],
                    "as_of": as_of,
                }
            )
        earliest = min(dates, key=lambda r: r["shutdown"])
        announced.update(
            readings=dates,
            shutdown=earliest["shutdown"].isoformat(),
            status_source_url=earliest["source_url"],
            status="closing" if announced["status"] == "active" else announced["status"],
        )
    shutdown = announced.get("shutdown")
    if shutdown and date.fromisoformat(shutdown) <= today:
        return {**announced, "status": "closed"}
    return announced


def rows(
    chosen: Iterable[gp.Provider],
    today: date,
    as_of: date,
    source_of: Callable[[gp.Provider], str],
    notes: str,
    second: litellm_deprecations.Readings | None = None,
) -> list[dict[str, Any]]:
    """Records of the chosen providers; lifecycles checked against `second` (LiteLLM's readings),
    else against its embedded snapshot."""
    second = litellm_deprecations.snapshot() if second is None else second
    rows = []
    for provider in chosen:
        source = source_of(provider)
        for model in provider.models:
            base = _current(model.prices, today)
            if base is None:
                continue
            price, off_peak = _split_peak(base, _time_of_day(model.prices))
            input_price, output_price = _base(price.input_mtok), _base(price.output_mtok)
            if input_price is None or output_price is None:
                continue
            batch = _batch(model, today)
            row = with_readings(
                {
                    "provider": provider.id,
                    "model_id": model.id,
                    "name": (model.name or model.id)[:200],
                    "input_per_mtok": input_price,
                    "output_per_mtok": output_price,
                    "cached_input_per_mtok": _base(price.cache_read_mtok),
                    "cache_write_per_mtok": _base(price.cache_write_mtok),
                    "cache_write_1h_per_mtok": _base(getattr(price, "cache_write_1h_mtok", None)),
                    "batch_input_per_mtok": _base(batch.input_mtok) if batch else None,
                    "batch_output_per_mtok": _base(batch.output_mtok) if batch else None,
                    "context_window": model.context_window or None,
                    "tiers": _tiers(price),
                    "off_peak": off_peak,
                    "lifecycle": lifecycle(provider.id, model, today, second),
                    "source_url": source,
                    "as_of": as_of,
                    # genai-prices is a third party quoting the providers' pages, with check dates
                    "grade": "B",
                    "notes": notes,
                },
                price_readings().get((provider.id, model.id), []),
            )
            rows.append(row)
    return rows


def pricing_page(provider: gp.Provider) -> str:
    return (provider.pricing_urls or [REPO_URL])[0]


def records(today: date | None = None, only: str | None = None) -> list[dict[str, Any]]:
    """The bundled data's records: every provider but those left to other plugins, or `only` one."""
    chosen = (
        [p for p in providers if p.id == only] if only else [p for p in providers if p.id not in LEFT_TO_OTHER_PLUGINS]
    )
    return rows(chosen, today or date.today(), snapshot_date(), pricing_page, f"genai-prices {GENAI_PRICES_VERSION}")
