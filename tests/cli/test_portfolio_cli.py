"""`prompt-or-tune portfolio FILE [--json]`: the contract's keys, TOML input, one-line errors."""

from __future__ import annotations

import json

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "portfolio" / "five_use_cases.json"


def test_json_contract(cli):
    result = cli("portfolio", str(EXAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    names = [s["name"] for s in out["strategies"]]
    assert names == ["everything prompted", "each on its own deployment", "everything on one shared base", "best mix"]
    for strategy in [*out["strategies"], out["best_mix"]]:
        assert {"name", "monthly_usd", "horizon_total_usd", "assignments"} <= set(strategy)
    best = out["best_mix"]
    assert best["horizon_total_usd"] == min(s["horizon_total_usd"] for s in out["strategies"] if s["feasible"])
    assert set(best["assignments"]) == {
        "ticket triage",
        "support replies",
        "invoice extraction",
        "review sentiment",
        "contract summaries",
    }
    assert best["assignments"]["contract summaries"] == "Prompt GPT-4.1 mini"  # its 300 examples fail the data gate
    shared = out["shared_options"]["Self-host Llama 8B (vLLM)"]
    assert {"adapters", "replicas", "requests_per_replica_month"} <= set(shared)
    assert shared["adapters"] == 4 and shared["replicas"] >= 1
    assert out["moves"] and out["assumptions"]["unmerged_throughput"]["source"].startswith("S-LoRA")


def test_toml_and_text(cli, tmp_path):
    toml = tmp_path / "p.toml"
    toml.write_text(
        "horizon_months = 6\n"
        '[[use_cases]]\nname = "faq"\nworkload = { requests_per_month = 300000, input_tokens = 200, output_tokens = 80 }\n'
        "training_data = { examples = 1000, tokens_per_example = 300 }\n"
        '[[use_cases]]\nname = "tags"\nworkload = { requests_per_month = 3000000, input_tokens = 300, output_tokens = 10 }\n'
        "training_data = { examples = 2000, tokens_per_example = 300 }\n"
        '[[options]]\nname = "prompt"\nkind = "prompting"\nprices = { input_per_mtok = 0.4, output_per_mtok = 1.6 }\n'
        '[[options]]\nname = "shared 8B"\nkind = "self_hosted"\nshared = true\nmodel = "meta-llama/Llama-3.1-8B-Instruct"\n'
        'gpu_offer = "lambda/gpu_1x_h100_sxm5/us-east-1"\n',
        encoding="utf-8",
    )
    result = cli("portfolio", str(toml))
    assert result.returncode == 0, result.stderr
    assert "Best mix:" in result.stdout and "everything prompted" in result.stdout
    assert "(exhaustive over 4 assignments: proven cheapest)" in result.stdout


def test_bad_file_is_one_line(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"use_cases": [], "options": []}), encoding="utf-8")
    result = cli("portfolio", str(bad))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and "use_cases" in result.stderr
    missing = cli("portfolio", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
