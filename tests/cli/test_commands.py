"""The `prompt-or-tune` CLI as a user runs it: its output and its exit status. In-process
(`main(argv)`, output captured) except one smoke test of the installed command itself."""

from __future__ import annotations

import json

import pytest

from catalog.cli.commands import main
from tests.conftest import ROOT, run_cli


def test_the_command_runs_as_a_process():
    """`python -m catalog.cli` is what the `prompt-or-tune` script (`catalog.cli:main`) runs."""
    result = run_cli("estimate", str(ROOT / "examples" / "seeds" / "calmops_roi.json"))
    assert result.returncode == 0, result.stderr
    assert "Recommendation: Fine-tuned 8B (seed estimate)" in result.stdout
    import catalog.cli

    assert catalog.cli.main is main


def test_plugins_json_lists_every_builtin_without_errors(cli):
    result = cli("plugins", "--json")
    assert result.returncode == 0, result.stderr
    plugins = json.loads(result.stdout)["plugins"]
    assert len([p for p in plugins if p["builtin"]]) >= 19
    assert all(p["errors"] == [] for p in plugins)
    assert sum(sum(p["counts"].values()) for p in plugins) > 2000


@pytest.mark.parametrize("kind", ["api", "finetune", "gpus", "specs", "models", "usecases"])
def test_catalog_json_is_a_list_of_records(kind, cli):
    result = cli("catalog", kind, "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list) and records
    assert all("source_url" in r and "as_of" in r for r in records)


def test_catalog_search_filters_and_the_table_counts(cli):
    result = cli("catalog", "specs", "--search", "H100")
    assert result.returncode == 0
    assert "H100-SXM" in result.stdout and "A10G" not in result.stdout
    assert result.stdout.strip().endswith("2 record(s)")


@pytest.mark.parametrize(
    "args",
    [
        ["catalog", "nonsense"],
        ["estimate"],
        ["frobnicate"],
        ["size", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--gpu", "H100-SXM", "--count", "zero"],
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(args, cli):
    result = cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_estimate_prints_a_table_and_the_recommendation(cli):
    result = cli("estimate", str(ROOT / "examples" / "seeds" / "calmops_roi.json"))
    assert result.returncode == 0, result.stderr
    assert "$11,250" in result.stdout
    assert "Recommendation: Fine-tuned 8B (seed estimate) (rule: cheapest_over_horizon)" in result.stdout


def test_estimate_json_carries_the_contract_keys(cli):
    result = cli("estimate", str(ROOT / "examples" / "seeds" / "calmops_api_costs.json"), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    keys = {
        "upfront_usd",
        "monthly_usd",
        "cost_per_request_usd",
        "cost_per_mtok_usd",
        "horizon_total_usd",
        "cumulative_usd",
        "training_gpu_hours",
        "serving_gpus",
        "feasible",
        "reason",
        "warnings",
    }
    assert all(keys <= set(o) for o in out["options"])
    assert len(out["curves"]["requests_per_month"]) >= 200
    assert {"break_even", "recommendation"} <= set(out)


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        (
            '{"workload": {"requests_per_month": -1, "input_tokens": 1, "output_tokens": 1}, "options": [{"name": "a", "kind": "fixed"}]}',
            ".json",
            "workload.requests_per_month: Input should be greater than or equal to 0",
        ),
        (
            '{"workload": {"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1}, "options": [{"name": "a", "kind": "prompting", "model": "gpt-4o-mni"}]}',
            ".json",
            "did you mean: openai/gpt-4o-mini",
        ),
        ("{not json", ".json", "not valid JSON"),
        ("workload = [", ".toml", "not valid TOML"),
    ],
)
def test_bad_scenario_files_get_one_clear_line(tmp_path, content, suffix, expected, cli):
    path = tmp_path / f"scenario{suffix}"
    path.write_text(content)
    result = cli("estimate", str(path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_missing_scenario_file(cli):
    result = cli("estimate", "/no/such/scenario.json")
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_size_says_70b_does_not_fit_on_an_a10g(cli):
    result = cli("size", "--model", "meta-llama/Llama-3.1-70B-Instruct", "--gpu", "A10G", "--method", "none", "--json")
    assert result.returncode == 0, result.stderr
    sizing = json.loads(result.stdout)
    assert sizing["fits"] is False and sizing["gpus_needed"] >= 7


def test_size_unknown_gpu_suggests(cli):
    result = cli("size", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--gpu", "H100")
    assert result.returncode == 2 and "did you mean" in result.stderr


def test_a_deeply_nested_file_gets_one_line(tmp_path, cli):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    result = cli("estimate", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
