"""Routes that close: when an option must move, and to what.

A route ends inside the horizon when its record (an API model or a fine-tuning offer) has a
`shutdown` date in it, or a `no_new_jobs_after` date in it while the team retrains (a retrain
after that date is impossible). The move goes, in this order, to the option the user named as
`successor`; else to the replacement the provider itself names (the record's sourced
`lifecycle.replacement`), if that route is open for the whole horizon; else to the closest
active catalog record of the same kind by price tier. The reason given says which rule chose.
The provider's replacement comes before price distance because it is the model the provider
migrates users to: a price-nearest model can be a different tier entirely (gpt-4.1-mini's
price-nearest model costs twice its named replacement gpt-6-luna).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from catalog.build import Catalog
from catalog.engine.scenario import (
    HostedFinetuneOption,
    Option,
    Prices,
    PromptingOption,
    Scenario,
)
from catalog.records import ApiPrice, FineTuneOffer


@dataclass(frozen=True)
class RouteEnd:
    month: int  # 0-based month index inside the horizon
    when: date
    why: str


def months_between(start: date, when: date) -> int:
    return (when.year - start.year) * 12 + (when.month - start.month) - (1 if when.day < start.day else 0)


def record_of(option: Option, catalog: Catalog, references: Mapping[str, str]) -> ApiPrice | FineTuneOffer | None:
    if isinstance(option, HostedFinetuneOption):
        return catalog.finetune.get(references.get("offer", ""))
    if isinstance(option, PromptingOption):
        return catalog.api.get(references.get("model", ""))
    return None


def cannot_start_today(record: ApiPrice | FineTuneOffer | None, today: date) -> str | None:
    """Why this route cannot be taken up today, or None."""
    if record is None:
        return None
    life = record.lifecycle
    if life.status == "closed":
        return f"{record.key} is closed" + (f" (shut down {life.shutdown})" if life.shutdown else "")
    if isinstance(record, FineTuneOffer) and life.no_new_jobs_after and life.no_new_jobs_after < today:
        return f"{record.key} takes no new fine-tuning jobs since {life.no_new_jobs_after}"
    if life.shutdown and life.shutdown <= today:
        return f"{record.key} shut down on {life.shutdown}"
    return None


def route_end(record: ApiPrice | FineTuneOffer | None, s: Scenario) -> RouteEnd | None:
    if record is None:
        return None
    life, start = record.lifecycle, s.start
    ends = []
    if life.shutdown:
        ends.append((life.shutdown, f"{record.key} shuts down on {life.shutdown}"))
    if isinstance(record, FineTuneOffer) and life.no_new_jobs_after and s.team.retrains_per_year:
        ends.append(
            (
                life.no_new_jobs_after,
                f"{record.key} takes no new jobs after {life.no_new_jobs_after}, so the planned retraining cannot run",
            )
        )
    inside = [(when, why) for when, why in ends if months_between(start, when) < s.horizon_months]
    if not inside:
        return None
    when, why = min(inside)
    return RouteEnd(max(0, months_between(start, when)), when, why)


NOT_A_TEXT_MODEL = re.compile(
    r"audio|transcribe|realtime|image|embed|tts|speech|whisper|vision|dall-e|moderation|search", re.IGNORECASE
)


def _log_gap(a, b) -> float:
    a, b = float(a or 0), float(b or 0)
    return abs(math.log((a + 1e-6) / (b + 1e-6)))


def closest_active(record: ApiPrice | FineTuneOffer, catalog: Catalog, s: Scenario) -> ApiPrice | FineTuneOffer | None:
    """The active record of the same kind nearest in price tier (log distance of its prices):
    for API models, a text model of the same provider with at least the same context window;
    for fine-tuning, an offer of the same method billed the same way."""
    today = s.start
    if isinstance(record, FineTuneOffer):

        def billed_alike(o: FineTuneOffer) -> bool:
            return (o.training_per_mtok is None) == (record.training_per_mtok is None) and (
                o.input_per_mtok is None
            ) == (record.input_per_mtok is None)

        pool: list[Any] = [
            o
            for o in catalog.finetune.values()
            if o.key != record.key
            and route_end(o, s) is None
            and cannot_start_today(o, today) is None
            and o.lifecycle.status == "active"
            and o.method == record.method
            and billed_alike(o)
        ]

        def gap(o: Any) -> float:
            return _log_gap(
                o.training_per_mtok or o.training_per_hour, record.training_per_mtok or record.training_per_hour
            ) + (_log_gap(o.input_per_mtok, record.input_per_mtok) if o.input_per_mtok is not None else 0.0)
    else:
        pool = [
            m
            for m in catalog.api.values()
            if m.key != record.key
            and m.provider == record.provider
            and m.lifecycle.status == "active"
            and route_end(m, s) is None
            and m.input_per_mtok > 0
            and m.output_per_mtok > 0
            and not NOT_A_TEXT_MODEL.search(m.model_id)
            and (record.context_window is None or (m.context_window or 0) >= record.context_window)
        ]

        def gap(o: Any) -> float:
            return _log_gap(o.input_per_mtok, record.input_per_mtok) + _log_gap(
                o.output_per_mtok, record.output_per_mtok
            )

    return min(pool, key=lambda r: (gap(r), r.key)) if pool else None


def named_replacement(
    record: ApiPrice | FineTuneOffer, catalog: Catalog, s: Scenario
) -> ApiPrice | FineTuneOffer | None:
    """The provider's named replacement, if the catalog has it and it stays open for the horizon."""
    key = record.lifecycle.replacement
    table: dict = catalog.finetune if isinstance(record, FineTuneOffer) else catalog.api
    named = table.get(key) if key else None
    if named is None or named.lifecycle.status != "active" or route_end(named, s) is not None:
        return None
    return named if cannot_start_today(named, s.start) is None else None


def successor_option(
    option: Option, record: ApiPrice | FineTuneOffer, catalog: Catalog, s: Scenario
) -> tuple[Option | None, str]:
    """The option to move to, and which rule chose it."""
    if option.successor is not None:
        named = next(o for o in s.options if o.name == option.successor)
        return named, f"moves to {named.name} (named as successor)"
    replacement = named_replacement(record, catalog, s)
    nearest = replacement or closest_active(record, catalog, s)
    if nearest is None:
        return None, "no active route of the same kind to move to"
    field = "offer" if isinstance(nearest, FineTuneOffer) else "model"
    # the old route's negotiated prices and measured accuracy do not carry over to the new one
    moved = option.model_copy(
        update={
            field: nearest.key,
            "name": f"{option.name} → {nearest.key}",
            "successor": None,
            "prices": Prices(),
            "accuracy": None,
        }
    )
    if replacement is not None:
        return moved, (
            f"moves to {nearest.key} (the provider's named replacement, "
            f"{record.lifecycle.replacement_source_url}; chosen automatically)"
        )
    return moved, f"moves to {nearest.key} (closest active by price tier, chosen automatically)"
