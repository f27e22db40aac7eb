"""The Use cases page's data: the table of seed verdicts beside the engine's, built once per
catalog, and a flowchart's answers as a Compare scenario.

The table costs an estimate per use case (~20), so it is made once per catalog, with its CSV,
and a rerun only draws it.

Some flowchart questions state a number: "1M+ requests/month?", "1,000+ training examples?". Compare can
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
from typing import Any

import streamlit as st

from catalog.build import Catalog
from catalog.engine.estimate import estimate
from catalog.engine.scenario import ScenarioError, parse_scenario
from dashboard import scenario_state as ss
from dashboard.format import count
from dashboard.tables import to_csv


@dataclass(frozen=True)
class UseCaseTable:
    catalog: Catalog  # held so the cache key (the catalog's id) is not reused while this lives
    rows: list[dict[str, Any]]
    csv: str


def computed_verdict(catalog: Catalog, use_case: str) -> str:
    """The engine's pick for a use case's preset workload, over the Compare page's default options."""
    scenario = ss.merged(
        ss.default_scenario(catalog),
        use_case=use_case,
        workload={**ss.workload_of(catalog, use_case), "cached_overhead_fraction": 0.5},
    )
    try:
        result = estimate(parse_scenario(scenario), catalog, with_curves=False)
    except ScenarioError as exc:
        return f"cannot estimate: {exc}"
    rec = result.recommendation
    return f"{rec.option} ({rec.rule})" if rec.option else "none"


@st.cache_resource(max_entries=1, hash_funcs={Catalog: id}, show_spinner="Costing each use case…")
def use_case_table(catalog: Catalog) -> UseCaseTable:
    """Each use case: every seed document's verdict, whether they agree, and the engine's pick."""
    documents = sorted({v.document for u in catalog.usecases.values() for v in u.views})
    rows = []
    for use_case in catalog.usecases.values():
        row: dict[str, Any] = {"use case": use_case.name, "requests/month": count(use_case.workload.requests_per_month)}
        views = {v.document: v.verdict for v in use_case.views}
        row.update({doc: views.get(doc, "") for doc in documents})
        row["seeds agree"] = "yes" if len(set(views.values())) == 1 else "no"
        row["computed (defaults)"] = computed_verdict(catalog, use_case.id)
        rows.append(row)
    return UseCaseTable(catalog, rows, to_csv(rows))


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
        changes.append(
            f"{threshold.unit}: {count(current)} → {count(wanted)} (you answered "
            f"{'yes' if answer else 'no'} to {count(threshold.value)}+)"
        )
    return out, changes
