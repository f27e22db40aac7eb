"""A flowchart's answers as a Compare scenario: the numbers the answers state, applied to a workload.

Some questions state a number: "1M+ requests/month?", "1,000+ training examples?". Compare can
only cost numbers, so those answers set the matching scenario field, and every change is
listed for the user to see (nothing is changed silently):
- a "yes" keeps the field if it already meets the threshold, else raises it to the threshold;
- a "no" keeps the field if it is already below the threshold, else lowers it to half of it
  (any value below would do: half is a round one that is clearly below).
Questions that state no number (latency, consistency, accuracy) change nothing here; their
weight is in the seed's verdict, shown beside the numbers.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from dashboard.format import count


@dataclass(frozen=True)
class Threshold:
    section: str  # "workload" or "training_data"
    field: str
    value: int
    unit: str


THRESHOLDS: dict[tuple[str, str], Threshold] = {
    ("calmops", "data_1000"): Threshold("training_data", "examples", 1_000, "training examples"),
    ("calmops", "volume_1m"): Threshold("workload", "requests_per_month", 1_000_000, "requests/month"),
    ("codemapo", "labeled_500"): Threshold("training_data", "examples", 500, "training examples"),
    ("codemapo", "volume_10k"): Threshold("workload", "requests_per_month", 10_000, "requests/month"),
}


def apply_answers(scenario: dict, chart_id: str, answers: dict[str, bool]) -> tuple[dict, list[str]]:
    """`scenario` with the numbers the answers state, and one sentence per field they changed."""
    out = copy.deepcopy(scenario)
    changes = []
    for question, answer in answers.items():
        threshold = THRESHOLDS.get((chart_id, question))
        if threshold is None:
            continue
        section = out.setdefault(threshold.section, {})
        current = section.get(threshold.field, 0)
        if answer and current < threshold.value:
            wanted = threshold.value
        elif not answer and current >= threshold.value:
            wanted = threshold.value // 2
        else:
            continue
        section[threshold.field] = wanted
        changes.append(f"{threshold.unit}: {count(current)} → {count(wanted)} (you answered "
                       f"{'yes' if answer else 'no'} to {count(threshold.value)}+)")
    return out, changes
