"""The integrity guard: may a fetched set of records replace the snapshot's?

A live endpoint can answer "200 OK" with nonsense: an empty list during an outage, half a
catalog from a cache being rebuilt, prices in another unit after an API change (per token read
as per million tokens is a factor of a million). Each would quietly make every estimate wrong,
so a fetched set replaces the snapshot's only when it is not empty, holds at least half as many
records as the snapshot's, and every price is in a plausible range. Otherwise the snapshot stays
and `check` says why. The whole set is refused rather than the odd record dropped: one price in
a new unit is the sign that others may be too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from catalog.records import GpuOffer, Record

MIN_SHARE_OF_SNAPSHOT = Decimal("0.5")
MAX_SHOWN = 3

# (lowest, highest) plausible non-zero price, in the unit named. The snapshot's own extremes
# (2026-11) are $0.0011 (a cached-input price) to $600 (o1-pro output) per 1M tokens, and
# $0.25 to $14.25 per GPU-hour; the bounds leave a wide margin on both sides.
PLAUSIBLE: dict[str, tuple[Decimal, Decimal, str]] = {
    "api": (Decimal("0.0001"), Decimal("2000"), "USD per 1M tokens"),
    "gpus": (Decimal("0.01"), Decimal("100"), "USD per GPU-hour"),
}
FREE_ALLOWED = {"api": True, "gpus": False}


def _prices(record: Record) -> Iterator[tuple[str, Decimal]]:
    """Every price of a record, in the unit its kind's range is given in."""
    per = record.gpu_count if isinstance(record, GpuOffer) else 1
    for name, value in record:
        if isinstance(value, Decimal):
            yield name, value / per


def out_of_range(record: Record) -> list[str]:
    """`field value` for each price of the record outside its kind's plausible range."""
    if record.kind not in PLAUSIBLE:
        return []
    low, high, _unit = PLAUSIBLE[record.kind]
    return [
        f"{name} {value.normalize():f}"
        for name, value in _prices(record)
        if not (value == 0 and FREE_ALLOWED[record.kind]) and not low <= value <= high
    ]


def check(fetched: Sequence[Record], snapshot_count: int) -> str | None:
    """Why `fetched` may not replace a snapshot of `snapshot_count` records, or None if it may."""
    if not fetched:
        return "the fetched set is empty"
    if len(fetched) < MIN_SHARE_OF_SNAPSHOT * snapshot_count:
        return f"the fetched set has {len(fetched)} record(s), fewer than half of the snapshot's {snapshot_count}"
    bad = [f"{record.key}: {problem}" for record in fetched for problem in out_of_range(record)]
    if bad:
        low, high, unit = PLAUSIBLE[fetched[0].kind]
        more = f" and {len(bad) - MAX_SHOWN} more" if len(bad) > MAX_SHOWN else ""
        return (
            f"{len(bad)} price(s) outside the plausible range {low}-{high} {unit}: {'; '.join(bad[:MAX_SHOWN])}{more}"
        )
    return None
