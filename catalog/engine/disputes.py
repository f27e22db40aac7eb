"""Prices and dates the sources disagree on, turned into ranges and said out loud.

A record that keeps several readings of one price field (`Record.readings`) uses the most
recent first-party one as its point estimate; the spread of all readings is an honest range
for it. When the Monte Carlo runs, that range is drawn for every option priced from such a
record (the user's own price for that option wins: it is a quote, not a dispute). Every option
whose record is disputed, on a price or on a shutdown date, gets a warning naming each
source, and the recommendation says when its verdict rests on a disputed figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.build import Catalog
from catalog.engine.scenario import (
    HostedFinetuneOption,
    Option,
    PromptingOption,
    Scenario,
    SelfHostedOption,
)
from catalog.records import GpuOffer, Reading, Record

# record field -> the scenario's price override for it (the path the Monte Carlo can draw)
PRICE_FIELDS = {
    "input_per_mtok": "input_per_mtok",
    "cached_input_per_mtok": "cached_input_per_mtok",
    "output_per_mtok": "output_per_mtok",
    "batch_input_per_mtok": "batch_input_per_mtok",
    "batch_output_per_mtok": "batch_output_per_mtok",
    "training_per_mtok": "training_per_mtok",
}


@dataclass(frozen=True)
class Dispute:
    """One field of one record that sources disagree on."""

    record: str
    field: str
    low: float
    mode: float
    high: float
    readings: tuple[Reading, ...]

    def describe(self) -> str:
        told = "; ".join(
            f"{r.value} per {r.source_url} ({r.as_of}{', first-party' if r.first_party else ''})" for r in self.readings
        )
        return f"{self.record} {self.field} is disputed: {told}; {self.mode:g} is used, {self.low:g}–{self.high:g} is its range"


def record_for(option: Option, catalog: Catalog) -> Record | None:
    """The catalog record an option is priced from (API model, fine-tuning offer or GPU offer)."""
    if isinstance(option, PromptingOption):
        return catalog.api.get(option.model or "")
    if isinstance(option, HostedFinetuneOption):
        return catalog.finetune.get(option.offer or "")
    if isinstance(option, SelfHostedOption):
        return catalog.gpus.get(option.gpu_offer or "")
    return None


def price_disputes(record: Record) -> list[Dispute]:
    """Each price field of `record` whose readings give more than one value."""
    out = []
    for name in sorted({r.field for r in record.readings}):
        readings = tuple(sorted((r for r in record.readings if r.field == name), key=lambda r: r.as_of))
        values = [float(r.value) for r in readings]
        if len(set(values)) > 1:
            out.append(Dispute(record.key, name, min(values), float(getattr(record, name)), max(values), readings))
    return out


def date_dispute(record: Record) -> str | None:
    life = getattr(record, "lifecycle", None)
    if life is None or not life.disputed:
        return None
    told = "; ".join(
        f"{r.shutdown} per {r.source_url} (read {r.as_of})" for r in sorted(life.readings, key=lambda r: r.shutdown)
    )
    return f"{record.key}: sources disagree on the shutdown date ({told}); the earliest, {life.shutdown}, is used"


def reading_ranges(s: Scenario, catalog: Catalog) -> dict[str, dict[str, float]]:
    """Scenario paths -> {low, mode, high} for every disputed catalog price an option uses."""
    ranges = {}
    for i, option in enumerate(s.options):
        record = record_for(option, catalog)
        if record is None:
            continue
        for dispute in price_disputes(record):
            if isinstance(option, SelfHostedOption):
                target = "instance_per_hour" if GpuOffer.PRICING_FIELDS[option.pricing] == dispute.field else None
            else:
                target = PRICE_FIELDS.get(dispute.field)
            if target is None or getattr(option.prices, target) is not None:
                continue
            ranges[f"options.{i}.prices.{target}"] = {"low": dispute.low, "mode": dispute.mode, "high": dispute.high}
    return ranges


def with_reading_ranges(s: Scenario, catalog: Catalog) -> Scenario:
    """`s` with its disputed catalog prices ranged, when it has ranges at all (the Monte Carlo
    runs only then); a range the user gave for the same path wins."""
    if not s.ranges:
        return s
    extra = {path: r for path, r in reading_ranges(s, catalog).items() if path not in s.ranges}
    if not extra:
        return s
    return Scenario.model_validate(
        {**s.model_dump(), "ranges": {**extra, **{p: r.model_dump() for p, r in s.ranges.items()}}}
    )


def option_warnings(option: Option, catalog: Catalog) -> list[str]:
    record = record_for(option, catalog)
    if record is None:
        return []
    notes = [d.describe() for d in price_disputes(record)]
    told = date_dispute(record)
    return notes + ([told] if told else [])
