"""Where the default yearly change of API token prices comes from.

Method: over the 365 days before the price data's date, take every dated change of a
first-party provider's (`catalog.engine.lookup.FIRST_PARTY`) own model price in genai-prices' history (same model, input price, a
new price replacing an old one), sum the log changes, and divide by the number of that
provider set's models: the average yearly log change of one model's price. With genai-prices
0.2.3 (data to 2026-11-09): 21 dated changes over 307 models, log changes summing to -0.348,
so -0.11% a year (the default, rounded, is -0.1%). Same-model prices hardly move; tokens get cheaper when teams move to newer
models, which the lifecycle successor (or a drift the user sets) models instead.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import pairwise

from genai_prices import types as gp
from genai_prices.data import providers

from catalog.engine.lookup import FIRST_PARTY


def _base(value) -> float | None:
    value = value.base if isinstance(value, gp.TieredPrices) else value
    return float(value) if value else None


def same_model_yearly_change(as_of: date) -> float:
    since = as_of - timedelta(days=365)
    models, log_change = 0, 0.0
    for provider in providers:
        if provider.id not in FIRST_PARTY:
            continue
        for model in provider.models:
            models += 1
            if not isinstance(model.prices, list):
                continue
            dated = [
                (p.constraint.start_date if p.constraint is not None else None, _base(p.prices.input_mtok))
                for p in model.prices
                if p.constraint is None or isinstance(p.constraint, gp.StartDateConstraint)
            ]
            for (_, old), (when, new) in pairwise(dated):
                if when is not None and since <= when <= as_of and old and new:
                    log_change += math.log(new / old)
    return math.exp(log_change / models) - 1 if models else 0.0
