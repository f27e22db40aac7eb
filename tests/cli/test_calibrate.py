"""`prompt-or-tune calibrate`: JSON contract, the scenario it writes round-trips through
`estimate`, and bad input is one clear message with nothing half-written."""

from __future__ import annotations

import json

import pytest

from catalog.cli.commands import main
from tests.usage import generate as g

KEYS = {
    "group",
    "months_observed",
    "requests_per_month",
    "input_tokens",
    "output_tokens",
    "cached_input_fraction",
    "batch_fraction",
    "monthly_growth",
    "peak_to_average",
    "observed_spend_usd",
    "catalog_spend_usd",
    "unmatched_models",
    "ranges",
}


@pytest.fixture(scope="module")
def openai_pages(tmp_path_factory):
    return g.write_openai(tmp_path_factory.mktemp("pages"))


def test_json_has_every_contract_key(openai_pages, capsys):
    assert main(["calibrate", *map(str, openai_pages), "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert len(groups) == 2 and all(KEYS <= set(group) for group in groups)
    assert set(groups[0]["ranges"]) == {"requests_per_month", "monthly_growth", "input_tokens", "output_tokens"}


def test_scenario_out_round_trips_through_estimate(openai_pages, tmp_path, capsys):
    out = tmp_path / "calibrated.json"
    assert (
        main(
            [
                "calibrate",
                *map(str, openai_pages),
                "--format",
                "openai-usage",
                "--group",
                "gpt-4.1-mini",
                "--scenario-out",
                str(out),
            ]
        )
        == 0
    )
    capsys.readouterr()
    scenario = json.loads(out.read_text())
    workload = scenario["workload"]
    assert (
        workload["requests_per_month"]["low"]
        < workload["requests_per_month"]["mode"]
        < workload["requests_per_month"]["high"]
    )
    assert workload["input_tokens"] == pytest.approx(600) and workload["prompt_overhead_tokens"] == pytest.approx(400)
    assert workload["cached_overhead_fraction"] == 1 and workload["batch_fraction"] == pytest.approx(0.25, abs=2e-4)
    assert scenario["assumptions"]["peak_to_average"] == pytest.approx(2, abs=2e-3)
    assert scenario["options"] == [
        {"name": "Prompt gpt-4.1-mini (observed)", "kind": "prompting", "model": "openai/gpt-4.1-mini"}
    ]
    assert main(["estimate", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["options"][0]["monthly_usd"] > 0
    # The calibrated ranges drive the Monte Carlo.
    assert set(result["uncertainty"]["ranges"]) == {"workload.requests_per_month", "workload.monthly_growth"}


def test_scenario_monthly_cost_equals_the_catalog_bill_per_month(openai_pages, tmp_path, capsys):
    out = tmp_path / "mini.json"
    assert (
        main(
            [
                "calibrate",
                *map(str, openai_pages),
                "--group",
                "gpt-4o-mini-2024-07-18",
                "--json",
                "--scenario-out",
                str(out),
            ]
        )
        == 0
    )
    group = json.loads(capsys.readouterr().out)["groups"][0]
    assert main(["estimate", str(out), "--json"]) == 0
    option = json.loads(capsys.readouterr().out)["options"][0]
    tokens_monthly = sum(option["breakdown"]["per_request"].values()) * group["requests_per_month"]
    # No batch traffic in this group: a month's token cost is the catalog bill for the three months / 3
    # (team upkeep is added on top of it, as for any route).
    assert tokens_monthly == pytest.approx(group["catalog_spend_usd"] / 3, rel=1e-6)
    assert option["monthly_usd"] == pytest.approx(tokens_monthly + sum(option["breakdown"]["monthly_fixed"].values()))


def _fails(args: list[str], capsys) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err
    return err


def test_bad_inputs_are_one_message_each_and_nothing_is_written(openai_pages, tmp_path, capsys):
    out = tmp_path / "never.json"
    other = tmp_path / "notes.csv"
    other.write_text("name,price\na,1\n")
    negative = g.spendlog_rows(days=1)
    negative[5]["prompt_tokens"] = -40
    absurd = g.spendlog_rows(days=1)
    absurd[3]["completion_tokens"] = 5_000_000_000
    missing = tmp_path / "missing.csv"
    missing.write_text("request_id,startTime,model\nr1,2026-01-01 00:00:00,gpt-4o\n")
    anthropic = tmp_path / "anthropic.json"
    anthropic.write_text(json.dumps(g.anthropic_page(days=1)))
    unknown = g.spendlog_rows(days=2)
    for row in unknown:
        row["model"], row["custom_llm_provider"] = "our-own-model", ""
    cases = {
        "not a usage format this tool reads": [str(other)],
        "this is openai-usage, not litellm-spendlogs": [str(openai_pages[0]), "--format", "litellm-spendlogs"],
        "missing columns for litellm-spendlogs: prompt_tokens, completion_tokens, spend, cache_hit": [str(missing)],
        "negative token, request or spend counts": [str(g.write_spendlogs_csv(tmp_path / "neg.csv", negative))],
        "is more than any model takes": [str(g.write_spendlogs_csv(tmp_path / "absurd.csv", absurd))],
        "Anthropic's usage report has no request count": [str(anthropic)],
        "openai-usage does not record a team": [str(openai_pages[0]), "--group-by", "team"],
        "no such file": [str(tmp_path / "nope.json")],
        "none of its models (our-own-model) is in the catalog": [
            str(g.write_spendlogs_csv(tmp_path / "own.csv", unknown))
        ],
    }
    for expected, args in cases.items():
        assert expected in _fails(["calibrate", *args, "--scenario-out", str(out)], capsys), expected
    assert not out.exists() and not list(tmp_path.glob(".never.json.*"))


def test_an_unknown_model_is_listed_and_warned_about(tmp_path, capsys):
    rows = g.spendlog_rows(days=2)
    for row in rows[::3]:
        row["model"], row["custom_llm_provider"] = "our-own-model", ""
    assert main(["calibrate", str(g.write_spendlogs_csv(tmp_path / "mixed.csv", rows)), "--json"]) == 0
    captured = capsys.readouterr()
    groups = {x["group"]: x for x in json.loads(captured.out)["groups"]}
    assert groups["our-own-model"]["unmatched_models"] == ["our-own-model"]
    assert groups["our-own-model"]["catalog_spend_usd"] is None
    assert "model 'our-own-model' is not in the catalog" in captured.err
