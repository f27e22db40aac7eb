"""Which option to pick, and why: the seeds' decision frameworks combined with computed costs.

The rules, each named so a reader can see which one fired:
- `infeasible`: an option that cannot run (does not fit, lacks an input) is never picked.
- `closed_route`: an option whose route is closed (or takes no new jobs) cannot be started
  today, so it is not picked; an option whose route closes inside the horizon is costed with
  the forced move to its successor, and the reasons say so.
- `data_gate`: fine-tuning needs enough examples. Calmops's flowchart asks for 1,000+, Codemapo's
  for 500+, Soguru treats < 500 as "prompt". Below 500 tuned options are set aside; between 500
  and 999 they stay, with the disagreement stated.
- `accuracy_gate`: with `required_accuracy` set, options known to miss it are set aside
  (Mahmudamma: "if accuracy stalls at 85% and business needs 95%, invest in LoRA fine-tuning").
- `cheapest_over_horizon`: of what is left, the lowest horizon total wins (quality-adjusted when
  every option has an accuracy and a cost per error is given; its NPV when a discount rate is set).
- `prompting_first`: when a prompting option is within 10% of the winner, prefer it — every seed
  says to start with prompts; the money at stake does not justify the training pipeline.
"""

from __future__ import annotations

from catalog.build import Catalog
from catalog.engine.results import OptionResult, Recommendation
from catalog.engine.scenario import Scenario
from catalog.records import VERDICT_WORDS, SeedView

TUNED_KINDS = ("hosted_finetune", "self_hosted")
PROMPTING_MARGIN = 0.10


def _is_tuned(result: OptionResult) -> bool:
    return result.kind in TUNED_KINDS and result.method != "none"


def _total(result: OptionResult, key: str) -> float:
    value = getattr(result, key)
    assert value is not None, "only feasible options are ranked, and they have totals"
    return float(value)


def recommend(results: list[OptionResult], scenario: Scenario, catalog: Catalog, quality: bool) -> Recommendation:
    """Apply the rules above to the options' point estimates (horizon totals included)."""
    examples = scenario.training_data.examples
    total_key = (
        "quality_adjusted_horizon_usd"
        if quality
        else ("npv_usd" if scenario.discount_rate_per_year else "horizon_total_usd")
    )
    set_aside: dict[str, str] = {}
    reasons: list[str] = []
    sources_disagree: list[str] = []
    # why each option was set aside, for the reasons list (the closed-route note drops its rule name)
    gate_notes: list[str] = []

    candidates = []
    for r in results:
        if not r.feasible:
            set_aside[r.name] = f"infeasible: {r.reason}"
        elif r.closed:
            why = f"cannot be started today ({r.cannot_start_reason})"
            set_aside[r.name] = f"closed_route: {why}"
            gate_notes.append(f"{r.name} set aside: {why}")
        elif _is_tuned(r) and examples < 500:
            set_aside[r.name] = f"data_gate: {examples:,.0f} training examples (< 500)"
            gate_notes.append(f"{r.name} set aside: {set_aside[r.name]}; improve prompts first (Calmops, Soguru)")
        elif (
            scenario.required_accuracy is not None
            and r.accuracy is not None
            and r.accuracy < scenario.required_accuracy
        ):
            set_aside[r.name] = f"accuracy_gate: {r.accuracy:.0%} < required {scenario.required_accuracy:.0%}"
            gate_notes.append(f"{r.name} set aside: {set_aside[r.name]}")
        else:
            candidates.append(r)

    if any(_is_tuned(r) for r in results) and 500 <= examples < 1000:
        sources_disagree.append(
            f"{examples:,.0f} examples: enough for Codemapo's tree (500+), not for Calmops's flowchart (1,000+)"
        )

    if not candidates:
        return Recommendation(
            option=None,
            rule="no_option_left",
            reasons=["every option was set aside; see set_aside"],
            set_aside=set_aside,
            sources_disagree=sources_disagree,
            seed_views=[],
        )

    best = min(candidates, key=lambda r: _total(r, total_key))
    option, rule = best.name, "cheapest_over_horizon"
    label = "quality-adjusted cost" if quality else ("net present cost" if total_key == "npv_usd" else "cost")
    reasons.append(
        f"{best.name} has the lowest {label} over {scenario.horizon_months} months: ${_total(best, total_key):,.0f}"
    )
    team = [r for r in candidates if r.team_monthly_usd]
    if team:
        reasons.append(
            "team time is in every total: "
            + "; ".join(
                f"{r.name} ${r.team_monthly_usd:,.0f}/month ({r.team_monthly_hours:,.0f} h at ${r.team_hourly_rate_usd:,.0f}/h)"
                for r in team
            )
        )
    reasons += [f"{r.name}: {r.serving_note}" for r in candidates if r.serving_note]
    move = best.lifecycle.move if best.lifecycle else None
    if move:
        reasons.append(
            f"its route ends inside the horizon: in month {move.month} ({move.date}) it {move.how}; "
            f"the ${move.one_off_usd:,.0f} move is in its total"
        )
    prompting = [r for r in candidates if r.kind == "prompting" and r is not best]
    if best.kind != "prompting" and prompting:
        closest = min(prompting, key=lambda r: _total(r, total_key))
        if _total(closest, total_key) <= _total(best, total_key) * (1 + PROMPTING_MARGIN):
            option, rule = closest.name, "prompting_first"
            reasons.append(
                f"{closest.name} (prompting) is within {PROMPTING_MARGIN:.0%} of it: start with prompts, "
                "as every seed document advises"
            )
    seed_views: list[SeedView] = []
    if scenario.use_case and scenario.use_case in catalog.usecases:
        use_case = catalog.usecases[scenario.use_case]
        seed_views = list(use_case.views)
        verdicts = {v.verdict for v in use_case.views}
        if len(verdicts) > 1:
            listing = "; ".join(f"{v.document}: {VERDICT_WORDS[v.verdict]}" for v in use_case.views)
            sources_disagree.append(f"for {use_case.name} the seed documents disagree ({listing})")

    return Recommendation(
        option=option,
        rule=rule,
        reasons=reasons + gate_notes,
        set_aside=set_aside,
        sources_disagree=sources_disagree,
        seed_views=seed_views,
    )
