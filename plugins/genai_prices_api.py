"""API prices from pydantic's genai-prices package (its data ships inside the wheel).

genai-prices is maintained price data for ~47 providers with Decimal prices per 1M tokens,
cache read/write prices, long-context tiers and batch variants, so we map it rather than keep
our own copy. What we choose here:
- a price that changes by date takes the entry in force today;
- time-of-day prices are kept as both rates: genai-prices' unconditioned entry is DeepSeek's
  off-peak (discount) rate and the time-window entries are its standard rates, so the record's
  prices are the dearer (peak) ones and `off_peak` holds the cheaper ones with the UTC windows in
  which they apply. A workload is costed at peak unless it says what share runs off-peak;
- batch prices come from the `processing: batch` variant in force today;
- models without both an input and an output token price (embeddings, audio, images) are left out;
- a model's announced retirement comes from `data/api_retirements.json` (read from the providers'
  deprecation pages, each with its source) and is checked against LiteLLM's model map
  (`plugins/litellm_deprecations.py`): the earlier date wins and both are kept as readings;
  a model genai-prices marks deprecated without a date in either is `closing`;
- cache writes keep both lifetimes: `cache_write_per_mtok` (5 minutes) and
  `cache_write_1h_per_mtok` (1 hour), with their long-context tiers;
- where another public source gives a different price for a model (`data/api_price_readings.json`,
  each with its source and date), genai-prices' figure and the other are both kept as readings
  and the field holds the point reading (`catalog.records.point_reading`);
- `as_of` is the newest dated price change in the bundled data: the data is at least that fresh;
- the `openrouter` provider is left to `plugins/openrouter_api.py`, which refreshes it from
  OpenRouter's own endpoint.

A live refresh reads the data file genai-prices publishes (the URL its own `UpdatePrices` uses)
and parses it with genai-prices' own parser, so the mapping above is unchanged. `UpdatePrices`
itself is not used: it fetches with the separate `httpx2` library's module-level `get`, not a
client we hand it, so our timeouts, retries, size cap and user agent could not apply; and it
runs a process-wide background thread that swaps genai-prices' global snapshot, which would
bypass our integrity guard and disk cache.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from genai_prices.update_prices import DEFAULT_UPDATE_URL
from pydantic import ValidationError

from catalog.hookspecs import hookimpl
from catalog.live.client import UnexpectedShape, get_json
from plugins import genai_prices_mapping, litellm_deprecations
from plugins.genai_prices_mapping import GENAI_PRICES_VERSION, LEFT_TO_OTHER_PLUGINS, gp, rows

DATA_URL = DEFAULT_UPDATE_URL


def fetched_records(
    document: Any, fetched_at: datetime, second: litellm_deprecations.Readings | None = None
) -> list[dict[str, Any]]:
    """Records from a fetched data.json, dated the day it was fetched and sourced to its URL;
    lifecycles checked against `second` (LiteLLM's live readings), else against its snapshot."""
    if not isinstance(document, list):
        raise UnexpectedShape(f"genai-prices data.json: expected a list of providers, got {type(document).__name__}")
    try:
        # the parser genai-prices' own updater uses; private, but the package version is pinned
        fetched = gp._providers_from_raw(document)
    except (ValidationError, ValueError, TypeError) as exc:
        raise UnexpectedShape(
            f"genai-prices data.json does not match genai-prices {GENAI_PRICES_VERSION}'s schema: "
            f"{str(exc).splitlines()[0]}"
        ) from None
    stamp = fetched_at.strftime("%Y-%m-%d %H:%M UTC")
    return rows(
        [p for p in fetched if p.id not in LEFT_TO_OTHER_PLUGINS],
        fetched_at.date(),
        fetched_at.date(),
        lambda _provider: DATA_URL,
        f"genai-prices data.json fetched {stamp}",
        second,
    )


@hookimpl
def api_prices():
    return genai_prices_mapping.records()


@hookimpl
def live_records(client: httpx.Client):
    """genai-prices' data.json, with LiteLLM's model map read in the same refresh for its dates."""
    now = datetime.now(UTC)
    document = get_json(client, DATA_URL)
    return {"api_prices": fetched_records(document, now, litellm_deprecations.fetch(client, now.date()))}
