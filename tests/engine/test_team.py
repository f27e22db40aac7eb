"""Issue 12, finding 1: team time is a cost of every route, by default, on its own line."""

from __future__ import annotations

import json

import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import Assumptions, parse_scenario
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "scenarios" / "openai_shutdown_with_uncertainty.json"


def example(volume: float, team: dict) -> dict:
    data = json.loads(EXAMPLE.read_text())
    data["workload"]["requests_per_month"] = volume
    return {**data, "team": team}


def verdict(catalog, data: dict) -> dict:
    return estimate(parse_scenario(data), catalog, with_curves=False, with_uncertainty=False).model_dump(mode="json")


def test_the_default_team_flips_the_15m_verdict_of_the_example(catalog):
    """At $0 team time self-hosting looks free to run and wins at 15M requests/month; the
    sourced default hours (5 / 13 / 33 a month at $106) hand it back to prompting. (At 10M
    prompting now wins either way: after 2027-01-14 it moves to gpt-6-luna, the replacement
    OpenAI names, at half the price of the price-nearest model it used to move to.)"""
    free = verdict(catalog, example(15_000_000, {"hourly_rate_usd": 0}))
    default = verdict(catalog, example(15_000_000, {}))
    assert free["recommendation"]["option"] == "Self-host Llama 3.1 8B LoRA"
    assert default["recommendation"]["option"] == "Prompt GPT-4.1 mini"
    assert any("team time" in r for r in default["recommendation"]["reasons"])


def test_at_60m_the_default_team_narrows_self_hostings_lead_and_says_so(catalog):
    """At 60M requests/month the example's self-hosted option still wins with team time counted
    (its lead over the Fireworks tune shrinks by the 20 extra upkeep hours a month)."""
    free = verdict(catalog, example(60_000_000, {"hourly_rate_usd": 0}))
    default = verdict(catalog, example(60_000_000, {}))
    gap = {}
    for label, out in (("free", free), ("default", default)):
        totals = {o["name"]: o["horizon_total_usd"] for o in out["options"]}
        gap[label] = totals["Tune Llama 3.1 8B (Fireworks)"] - totals["Self-host Llama 3.1 8B LoRA"]
    a = Assumptions()
    extra = (a.team_monthly_hours_self_hosted - a.team_monthly_hours_hosted_finetune) * a.team_hourly_rate_usd
    assert gap["free"] - gap["default"] == pytest.approx(extra * 18, rel=1e-9)
    assert default["recommendation"]["option"] == free["recommendation"]["option"] == "Self-host Llama 3.1 8B LoRA"
    assert not any("team time" in r for r in free["recommendation"]["reasons"])
    assert any(
        "Self-host Llama 3.1 8B LoRA $3,498/month (33 h at $106/h)" in r for r in default["recommendation"]["reasons"]
    )


def test_unset_takes_the_default_and_zero_stays_zero(catalog):
    base = {
        "workload": {"requests_per_month": 1000, "input_tokens": 100, "output_tokens": 10},
        "options": [{"name": "p", "kind": "prompting", "prices": {"input_per_mtok": 1, "output_per_mtok": 1}}],
    }
    unset = verdict(catalog, base)["options"][0]
    assert unset["team_monthly_usd"] == 5 * 106
    assert {"team_hourly_rate_usd", "team_monthly_hours_prompting"} <= set(unset["assumptions"])
    zero_hours = verdict(catalog, {**base, "team": {"prompting": {"monthly_hours": 0}}})["options"][0]
    assert zero_hours["team_monthly_usd"] == 0 and "team_monthly_hours_prompting" not in zero_hours["assumptions"]
    own = verdict(
        catalog, {**base, "team": {"hourly_rate_usd": 50}, "assumptions": {"team_monthly_hours_prompting": 2}}
    )
    o = own["options"][0]
    assert o["team_monthly_usd"] == 100 and o["breakdown"]["monthly_fixed"] == {"team": 100}
    assert o["monthly_usd"] == pytest.approx(100 + 1000 * 110 / 1e6)


def test_the_cli_table_has_a_team_column(cli, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "workload": {"requests_per_month": 1000, "input_tokens": 100, "output_tokens": 10},
                "options": [{"name": "p", "kind": "prompting", "model": "openai/gpt-4o-mini"}],
            }
        )
    )
    result = cli("estimate", str(path))
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.splitlines()[1], result.stdout.splitlines()[3]
    assert "team/month" in header and "$530" in row
