"""The Compare page's verdict in words: sentences a manager can repeat, written from the engine's result.

Every number here is read from the typed `EstimateResult` (monthly costs, break-even volumes,
tornado ends); nothing is computed but the wording, so the sentences always say what the
tables and charts show. Rule names (`cheapest_over_horizon`...) and input paths
(`workload.requests_per_month`...) are mapped to plain words in one place each, here.
"""

from __future__ import annotations

import re

from catalog.build import Catalog
from catalog.engine.results import EstimateResult, TornadoBar
from catalog.records import SeedView
from dashboard import scenario_state as ss
from dashboard.format import count, money

RULES = {
    "cheapest_over_horizon": "it costs the least over the {horizon}-month horizon",
    "prompting_first": (
        "it is within 10% of the cheapest over the {horizon}-month horizon, and every seed "
        "document advises starting with prompts"
    ),
    "no_option_left": "every option was set aside",
    "infeasible": "cannot run",
    "closed_route": "its route is closed to new users",
    "data_gate": "too few training examples to fine-tune",
    "accuracy_gate": "misses the required accuracy",
}
"""Each rule of `catalog.engine.recommend` in plain words."""

_ASSUMPTION_NAMES = {
    "mfu_lora": "GPU efficiency (MFU) in LoRA training",
    "mfu_full": "GPU efficiency (MFU) in full fine-tuning",
    "utilisation": "GPU utilisation while serving",
}
_PERCENT_PATHS = {f"workload.{f}" for f in ss.FRACTION_FIELDS} | {f"assumptions.{f}" for f in _ASSUMPTION_NAMES}


def rule_words(rule: str, horizon_months: int) -> str:
    """A recommendation rule in plain words (the rule's own name when it has none yet)."""
    return RULES.get(rule, rule.replace("_", " ")).format(horizon=horizon_months)


def input_name(path: str) -> str:
    """A ranged input's path (`workload.requests_per_month`) as the page's label for it."""
    section, _, field = path.partition(".")
    labels = {
        "workload": {k: v[0] for k, v in ss.WORKLOAD_FIELDS.items()} | ss.FRACTION_FIELDS,
        "training_data": {k: f"Training {v[0].lower()}" for k, v in ss.TRAINING_FIELDS.items()},
        "assumptions": _ASSUMPTION_NAMES,
    }
    label = labels.get(section, {}).get(field)
    return label if label else path.replace("_", " ").replace(".", " · ")


def input_value(path: str, value: float) -> str:
    """A ranged input's value as people read it: 4.9M requests, 30%, 2.5."""
    if path in _PERCENT_PATHS:
        return f"{value:.0%}"
    if path == "workload.requests_per_month":
        return count(value)
    return f"{value:g}"


def costs_sentence(result: EstimateResult) -> str:
    """What each option costs a month at the scenario's volume (or why it cannot run)."""
    parts = [
        f"{o.name} {money(o.monthly_usd)}" if o.feasible and o.monthly_usd is not None else f"{o.name} cannot run"
        for o in result.options
    ]
    return f"At {count(result.requests_per_month)} requests/month, a month costs: {'; '.join(parts)}."


def route_changes(result: EstimateResult) -> list[tuple[float, str, str]]:
    """The break-even volumes where the cheapest option a month changes: (volume, cheaper below,
    cheaper above), read from the engine's break-evens between the options its curves rank first
    on either side."""
    if result.curves is None or not result.curves.monthly_usd:
        return []
    curves = result.curves
    names = list(curves.monthly_usd)
    columns = zip(*(curves.monthly_usd[n] for n in names), strict=True)
    winners = [names[min(range(len(names)), key=column.__getitem__)] for column in columns]
    changes: list[tuple[float, str, str]] = []
    for i in range(1, len(winners)):
        below, above = winners[i - 1], winners[i]
        if below == above:
            continue
        low, high = curves.requests_per_month[i - 1], curves.requests_per_month[i]
        for pair in result.break_even:
            for v in pair.volumes:
                if (v.cheaper_below, v.cheaper_above) == (below, above) and low <= v.requests_per_month <= high:
                    changes.append((v.requests_per_month, below, above))
    return sorted(set(changes))


def nearest_changes(result: EstimateResult) -> tuple[list[tuple[float, str, str]], list[tuple[float, str, str]]]:
    """The route changes nearest the scenario's volume: at most one below it and one above."""
    changes = route_changes(result)
    volume = result.requests_per_month
    return [c for c in changes if c[0] <= volume][-1:], [c for c in changes if c[0] > volume][:1]


def changes_sentence(result: EstimateResult) -> str:
    """Where the cheapest route changes, nearest the scenario's volume on each side."""
    below, above = nearest_changes(result)
    said = [f"below ≈{count(v)} requests/month {cheaper_below} would be cheapest" for v, cheaper_below, _ in below]
    said += [f"above ≈{count(v)} requests/month {cheaper_above} becomes cheapest" for v, _, cheaper_above in above]
    return "" if not said else f"The cheapest route a month changes with volume: {' and '.join(said)}."


def _end(bar: TornadoBar, at_high: bool) -> str:
    return f"{input_value(bar.input, bar.high if at_high else bar.low)}"


def flip_sentence(result: EstimateResult) -> str:
    """What would flip the answer: the tornado's top input, at the end of its range where the
    cheapest option changes (empty when no bands were asked for)."""
    if result.uncertainty is None or not result.uncertainty.tornado.bars:
        return ""
    bar = result.uncertainty.tornado.bars[0]
    name = input_name(bar.input)
    if bar.flips:
        at_high = bar.winner_at_high != result.recommendation.option
        winner = bar.winner_at_high if at_high else bar.winner_at_low
        return (
            f"What would flip it: {name.lower()} — at {_end(bar, at_high)} (its range is "
            f"{_end(bar, False)}–{_end(bar, True)}) {winner} is cheapest."
        )
    return (
        f"No single uncertain input flips it: the one that matters most, {name.lower()} "
        f"({_end(bar, False)}–{_end(bar, True)}), moves the gap by {money(bar.swing_usd)}."
    )


def verdict_sentences(result: EstimateResult) -> str:
    """The recommendation, what each route costs a month, where the cheapest route changes, and
    what would flip the answer, as one paragraph of markdown-free text."""
    rec = result.recommendation
    if not rec.option:
        head = "No option can be recommended: every option was set aside."
    else:
        head = f"Pick {rec.option}: {rule_words(rec.rule, result.horizon_months)}."
    return " ".join(s for s in (head, costs_sentence(result), changes_sentence(result), flip_sentence(result)) if s)


def seed_documents(catalog: Catalog) -> dict[str, SeedView]:
    """The seed documents the catalog's use cases quote, by handle: their id ("calmops") and the
    number of their file ("000"), which the use cases' bases cite ("001's cost example")."""
    views = (view for case in catalog.usecases.values() for view in case.views)
    return {handle: view for view in views for handle in (view.document, view.number) if handle}


_HANDLE = re.compile(r"(?<![\w,.\-])(\w+)(?![\w+\-]|[,.]\d)")
"""A word that is not part of a figure: "000" in "2,000", "1,000+" or "000-word" names no seed."""


def seeds_named(texts: list[str], catalog: Catalog) -> list[tuple[str, str, str]]:
    """The seed documents a text names by handle ("Calmops", "001's"), as (handle as written,
    publisher and title, public url), in the order named, so the page can link each one."""
    documents = seed_documents(catalog)
    named: dict[str, tuple[str, str, str]] = {}
    for text in texts:
        for handle in _HANDLE.findall(text):
            doc = documents.get(handle.lower())
            if doc and doc.url and doc.document not in named:
                named[doc.document] = (handle, f"{doc.publisher or doc.document}: {doc.title or doc.document}", doc.url)
    return list(named.values())
