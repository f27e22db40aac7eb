"""API prices from pydantic's genai-prices package (its data ships inside the wheel).

genai-prices is maintained price data for ~47 providers with Decimal prices per 1M tokens,
cache read/write prices, long-context tiers and batch variants, so we map it rather than keep
our own copy. What we choose here:
- a price that changes by date takes the entry in force today; time-of-day prices (off-peak)
  are left out, since a month of traffic pays both;
- batch prices come from the `processing: batch` variant in force today;
- models without both an input and an output token price (embeddings, audio, images) are left out;
- a model genai-prices marks deprecated is `closing` (no date is announced there);
- `as_of` is the newest dated price change in the bundled data: the data is at least that fresh.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from genai_prices import __version__ as GENAI_PRICES_VERSION
from genai_prices import types as gp
from genai_prices.data import providers

from catalog.hookspecs import hookimpl

REPO_URL = "https://github.com/pydantic/genai-prices"


def _in_force(constraint: Any, today: date) -> bool:
    if constraint is None:
        return True
    if isinstance(constraint, gp.StartDateConstraint):
        return constraint.start_date <= today
    return False  # time-of-day prices apply only part of the day


def _current(prices: gp.ModelPrice | list[gp.ConditionalPrice], today: date) -> gp.ModelPrice | None:
    if isinstance(prices, gp.ModelPrice):
        return prices
    in_force = [p.prices for p in prices if _in_force(p.constraint, today)]
    return in_force[-1] if in_force else None


def _base(value: Decimal | gp.TieredPrices | None) -> Decimal | None:
    return value.base if isinstance(value, gp.TieredPrices) else value


def _tiers(price: gp.ModelPrice) -> list[dict[str, Any]]:
    steps: dict[int, dict[str, Any]] = {}
    for ours, theirs in (("input_per_mtok", "input_mtok"), ("output_per_mtok", "output_mtok"), ("cached_input_per_mtok", "cache_read_mtok")):
        value = getattr(price, theirs)
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
            dated = list(model.prices) if isinstance(model.prices, list) else []
            dated += model.price_variants or []
            for entry in dated:
                constraint = entry.constraint
                if isinstance(constraint, gp.StartDateConstraint) and newest < constraint.start_date <= today:
                    newest = constraint.start_date
    return newest


def records(today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    as_of = snapshot_date()
    rows = []
    for provider in providers:
        source = (provider.pricing_urls or [REPO_URL])[0]
        for model in provider.models:
            price = _current(model.prices, today)
            if price is None:
                continue
            input_price, output_price = _base(price.input_mtok), _base(price.output_mtok)
            if input_price is None or output_price is None:
                continue
            batch = _batch(model, today)
            rows.append(
                {
                    "provider": provider.id,
                    "model_id": model.id,
                    "name": (model.name or model.id)[:200],
                    "input_per_mtok": input_price,
                    "output_per_mtok": output_price,
                    "cached_input_per_mtok": _base(price.cache_read_mtok),
                    "cache_write_per_mtok": _base(price.cache_write_mtok),
                    "batch_input_per_mtok": _base(batch.input_mtok) if batch else None,
                    "batch_output_per_mtok": _base(batch.output_mtok) if batch else None,
                    "context_window": model.context_window or None,
                    "tiers": _tiers(price),
                    "lifecycle": {"status": "closing"} if model.deprecated else {"status": "active"},
                    "source_url": source,
                    "as_of": as_of,
                    "notes": f"genai-prices {GENAI_PRICES_VERSION}",
                }
            )
    return rows


@hookimpl
def api_prices():
    return records()
