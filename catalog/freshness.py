"""How old are the prices? Median and oldest age per record kind, and every record past 90 days.

Age is counted from `as_of`, the day a figure was shown at its source, not from `retrieved`
(the day we read it): a stale page read yesterday is still a stale price. A price older than
`STALE_DAYS` is listed so that someone re-checks it; it is still used. A record whose source gave
no date (`undated`: its `as_of` is the day we read it) may be older than its age says, so each
kind counts them and they are listed apart.
"""

from __future__ import annotations

from datetime import date
from statistics import median
from typing import Any

from catalog.build import Catalog

STALE_DAYS = 90
PRICE_KINDS = ("api", "finetune", "gpus", "specs", "models")


def freshness(catalog: Catalog, today: date) -> dict[str, Any]:
    """{"today", "stale_after_days", "kinds": {kind: {records, median_age_days, oldest_age_days, oldest,
    undated}}, "stale": [{kind, key, plugin, as_of, retrieved, age_days}] oldest first,
    "undated": [{kind, key, plugin, as_of}] by kind and key}."""
    kinds: dict[str, dict[str, Any]] = {}
    stale: list[dict[str, Any]] = []
    undated: list[dict[str, Any]] = []
    for kind in PRICE_KINDS:
        table = catalog.table(kind)
        if not table:
            continue
        ages = {key: (today - record.as_of).days for key, record in table.items()}
        oldest = max(ages, key=lambda key: (ages[key], key))
        kinds[kind] = {
            "records": len(ages),
            "median_age_days": median(ages.values()),
            "oldest_age_days": ages[oldest],
            "oldest": oldest,
            "undated": sum(record.undated for record in table.values()),
        }
        undated += [
            {"kind": kind, "key": key, "plugin": catalog.supplied_by[(kind, key)], "as_of": record.as_of.isoformat()}
            for key, record in sorted(table.items())
            if record.undated
        ]
        for key, age in ages.items():
            if age > STALE_DAYS:
                record = table[key]
                stale.append(
                    {
                        "kind": kind,
                        "key": key,
                        "plugin": catalog.supplied_by[(kind, key)],
                        "as_of": record.as_of.isoformat(),
                        "retrieved": record.retrieved.isoformat() if record.retrieved else None,
                        "age_days": age,
                    }
                )
    stale.sort(key=lambda row: (-row["age_days"], row["kind"], row["key"]))
    return {
        "today": today.isoformat(),
        "stale_after_days": STALE_DAYS,
        "kinds": kinds,
        "stale": stale,
        "undated": undated,
    }
