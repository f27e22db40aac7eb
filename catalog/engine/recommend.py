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

from dataclasses import dataclass, field

from catalog.build import Catalog

TUNED_KINDS = ("hosted_finetune", "self_hosted")
PROMPTING_MARGIN = 0.10


@dataclass
class Recommendation:
    option: str | None
    rule: str
    reasons: list[str] = field(default_factory=list)
    set_aside: dict[str, str] = field(default_factory=dict)
    sources_disagree: list[str] = field(default_factory=list)
    seed_views: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "option": self.option,
            "rule": self.rule,
            "reasons": self.reasons,
            "set_aside": self.set_aside,
            "sources_disagree": self.sources_disagree,
            "seed_views": self.seed_views,
        }


def _is_tuned(result: dict) -> bool:
    return result["kind"] in TUNED_KINDS and result.get("method", "lora") != "none"


def recommend(results: list[dict], scenario, catalog: Catalog, quality: bool) -> Recommendation:
    """`results` are the per-option dicts of `catalog.engine.estimate` (horizon totals included)."""
    rec = Recommendation(option=None, rule="none")
    examples = scenario.training_data.examples
    total_key = "quality_adjusted_horizon_usd" if quality else ("npv_usd" if scenario.discount_rate_per_year else "horizon_total_usd")

    candidates = []
    for r in results:
        if not r["feasible"]:
            rec.set_aside[r["name"]] = f"infeasible: {r['reason']}"
        elif r.get("closed"):
            rec.set_aside[r["name"]] = f"closed_route: cannot be started today ({r['cannot_start_reason']})"
        elif _is_tuned(r) and examples < 500:
            rec.set_aside[r["name"]] = f"data_gate: {examples:,.0f} training examples (< 500)"
        elif (
            scenario.required_accuracy is not None
            and r.get("accuracy") is not None
            and r["accuracy"] < scenario.required_accuracy
        ):
            rec.set_aside[r["name"]] = f"accuracy_gate: {r['accuracy']:.0%} < required {scenario.required_accuracy:.0%}"
        else:
            candidates.append(r)

    if any(_is_tuned(r) for r in results) and 500 <= examples < 1000:
        rec.sources_disagree.append(
            f"{examples:,.0f} examples: enough for Codemapo's tree (500+), not for Calmops's flowchart (1,000+)"
        )

    if not candidates:
        rec.rule = "no_option_left"
        rec.reasons.append("every option was set aside; see set_aside")
        return rec

    best = min(candidates, key=lambda r: r[total_key])
    rec.option, rec.rule = best["name"], "cheapest_over_horizon"
    label = "quality-adjusted cost" if quality else ("net present cost" if total_key == "npv_usd" else "cost")
    rec.reasons.append(
        f"{best['name']} has the lowest {label} over {scenario.horizon_months} months: ${best[total_key]:,.0f}"
    )
    team = [r for r in candidates if r.get("team_monthly_usd")]
    if team:
        rec.reasons.append("team time is in every total: " + "; ".join(
            f"{r['name']} ${r['team_monthly_usd']:,.0f}/month ({r['team_monthly_hours']:,.0f} h at ${r['team_hourly_rate_usd']:,.0f}/h)"
            for r in team))
    rec.reasons += [f"{r['name']}: {r['serving_note']}" for r in candidates if r.get("serving_note")]
    move = best.get("lifecycle", {}).get("move")
    if move:
        rec.reasons.append(
            f"its route ends inside the horizon: in month {move['month']} ({move['date']}) it {move['how']}; "
            f"the ${move['one_off_usd']:,.0f} move is in its total"
        )
    prompting = [r for r in candidates if r["kind"] == "prompting" and r is not best]
    if best["kind"] != "prompting" and prompting:
        closest = min(prompting, key=lambda r: r[total_key])
        if closest[total_key] <= best[total_key] * (1 + PROMPTING_MARGIN):
            rec.option, rec.rule = closest["name"], "prompting_first"
            rec.reasons.append(
                f"{closest['name']} (prompting) is within {PROMPTING_MARGIN:.0%} of it: start with prompts, "
                "as every seed document advises"
            )
    for name, why in rec.set_aside.items():
        if why.startswith("data_gate") and scenario.training_data.examples >= 0:
            rec.reasons.append(f"{name} set aside: {why}; improve prompts first (Calmops, Soguru)")
        elif why.startswith("accuracy_gate"):
            rec.reasons.append(f"{name} set aside: {why}")
        elif why.startswith("closed_route"):
            rec.reasons.append(f"{name} set aside: {why.split(': ', 1)[1]}")

    if scenario.use_case and scenario.use_case in catalog.usecases:
        use_case = catalog.usecases[scenario.use_case]
        rec.seed_views = [v.model_dump(mode="json") for v in use_case.views]
        verdicts = {v.verdict for v in use_case.views}
        if len(verdicts) > 1:
            listing = "; ".join(f"{v.document}: {v.verdict}" for v in use_case.views)
            rec.sources_disagree.append(f"for {use_case.name} the seed documents disagree ({listing})")
    return rec
