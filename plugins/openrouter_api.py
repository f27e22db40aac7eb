"""OpenRouter's hosted models, priced per token (USD per 1M tokens).

The snapshot is genai-prices' copy of OpenRouter's list (its `openrouter` provider, which
genai-prices builds from the same endpoint), so a start needs no network. A live refresh reads
`GET https://openrouter.ai/api/v1/models` (public, no key). Its documented shape
(https://openrouter.ai/docs/models) is `{"data": [model, ...]}`, each model with `id`, `name`,
`context_length` and `pricing`, whose values are decimal strings in USD per token. What we choose:
- prices become USD per 1M tokens, exactly (Decimal arithmetic on the strings);
- a price of "-1" marks a router whose price depends on the model it picks per request
  (`openrouter/auto`, `~`-prefixed "latest" aliases): no fixed price exists, so the model is left
  out, as genai-prices does;
- a model without both a prompt and a completion price, or with a malformed entry, is left out;
- `input_cache_read` / `input_cache_write` are the cached-input and cache-write prices; a
  per-request fee is named in the notes; image, audio and web-search fees are not modelled.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from catalog.hookspecs import hookimpl
from catalog.live.client import UnexpectedShape, get_json
from plugins import genai_prices_mapping

ENDPOINT = "https://openrouter.ai/api/v1/models"
PROVIDER = "openrouter"
MILLION = Decimal(1_000_000)


def _per_mtok(value: Any) -> Decimal | None:
    """A per-token price string as USD per 1M tokens; None when absent or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        price = Decimal(str(value)) * MILLION
    except InvalidOperation:
        return None
    if not price.is_finite():
        return None
    if price != price.to_integral_value():
        return price.normalize()
    try:
        return price.quantize(Decimal(1))
    except InvalidOperation:  # more digits than Decimal keeps ("1e30"): validation refuses it, naming the model
        return price


def _record(model: Any, as_of: str, stamp: str) -> dict[str, Any] | None:
    if (
        not isinstance(model, dict)
        or not isinstance(model.get("id"), str)
        or not isinstance(model.get("pricing"), dict)
    ):
        return None
    pricing = model["pricing"]
    prices = {
        name: _per_mtok(pricing.get(name))
        for name in ("prompt", "completion", "input_cache_read", "input_cache_write", "request")
    }
    if prices["prompt"] is None or prices["completion"] is None:
        return None
    if any(price is not None and price < 0 for price in prices.values()):
        return None  # "-1": a router, priced by whichever model serves the request
    notes = f"OpenRouter models API, fetched {stamp}"
    if prices["request"]:
        notes += f"; plus ${prices['request'] / MILLION} per request"
    context = model.get("context_length")
    return {
        "provider": PROVIDER,
        "model_id": model["id"],
        "name": str(model.get("name") or model["id"])[:200],
        "input_per_mtok": prices["prompt"],
        "output_per_mtok": prices["completion"],
        "cached_input_per_mtok": prices["input_cache_read"],
        "cache_write_per_mtok": prices["input_cache_write"],
        "context_window": context if isinstance(context, int) and context > 0 else None,
        "source_url": ENDPOINT,
        "as_of": as_of,
        "notes": notes,
    }


def fetched_records(document: Any, fetched_at: datetime) -> list[dict[str, Any]]:
    """Records from a `/api/v1/models` response; models we cannot price are left out (see above)."""
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise UnexpectedShape('OpenRouter models: expected an object with a "data" list')
    as_of, stamp = fetched_at.date().isoformat(), fetched_at.strftime("%Y-%m-%d %H:%M UTC")
    rows = (_record(model, as_of, stamp) for model in document["data"])
    return [row for row in rows if row is not None]


@hookimpl
def api_prices():
    return genai_prices_mapping.records(only=PROVIDER)


@hookimpl
def live_records(client: httpx.Client):
    return {"api_prices": fetched_records(get_json(client, ENDPOINT), datetime.now(UTC))}
