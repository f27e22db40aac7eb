"""The example plugin package (examples/prompt-or-tune-negotiated-rates) as a user meets it:
installed with real pip, found through its entry point, uninstalled again. Nothing in this
repository is changed to load it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, copies
from tests.plugins.conftest import EXAMPLE_DIST, EXAMPLE_PLUGIN, EXAMPLE_VERSION

pytestmark = pytest.mark.slow  # pip-installed packages, a fresh process per command

HOOK_COUNTS = {"api_prices": 1, "finetune_offers": 1, "gpu_offers": 9}
OVERRIDDEN = {  # kind, key -> the built-in plugin whose list price the illustrative contract beats
    ("gpus", "aws/p5.48xlarge/us-east-1"): "aws_gpus",
    ("gpus", "azure/Standard_ND96isr_H100_v5/unspecified"): "azure_gpus",
    ("api", "anthropic/claude-sonnet-4-5"): "genai_prices_api",
    ("finetune", "fireworks/llama-3.1-8b-lora-sft"): "fireworks_finetune",
}


def plugins_json(pythonpath=None, python=None, env=None) -> dict[str, dict]:
    result = cli("plugins", "--json", pythonpath=pythonpath, python=python, env=env)
    return {p["name"]: p for p in json.loads(result.stdout)["plugins"]}


def cli(*args, pythonpath=None, python=None, env=None) -> subprocess.CompletedProcess:
    """`prompt-or-tune ARGS` in a fresh process; PROMPT_OR_TUNE_LOAD_PLUGINS only if `env` sets it."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PROMPT_OR_TUNE_LOAD_PLUGINS", "PYTHONPATH")}
    environment.update(env or {})
    if pythonpath is not None:
        environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(pythonpath)])
    result = subprocess.run(
        [str(python or sys.executable), "-m", "catalog.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def assert_example_listed(plugins: dict[str, dict]) -> None:
    ours = plugins[EXAMPLE_PLUGIN]
    assert (ours["distribution"], ours["version"], ours["builtin"]) == (EXAMPLE_DIST, EXAMPLE_VERSION, False)
    assert sorted(ours["hooks"]) == sorted(HOOK_COUNTS) and ours["counts"] == HOOK_COUNTS
    assert ours["errors"] == []


def test_the_example_package_passes_its_own_tests():
    """`pytest` inside the package directory, as its author would run it (in-process registration)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PROMPT_OR_TUNE_LOAD_PLUGINS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


def test_installed_with_pip_its_records_reach_the_catalog(example_site):
    assert_example_listed(plugins_json(example_site))

    oci = json.loads(cli("catalog", "gpus", "--json", "--search", "BM.GPU", pythonpath=example_site).stdout)
    assert {r["instance_type"] for r in oci} == {
        "BM.GPU4.8",
        "BM.GPU.A100-v2.8",
        "BM.GPU.L40S.4",
        "BM.GPU.H100.8",
        "BM.GPU.H200.8",
        "BM.GPU.B200.8",
        "BM.GPU.MI300X.8",
    }
    assert all(r["cloud"] == "oci" and "skypilot-catalog" in r["source_url"] for r in oci)

    p5 = json.loads(cli("catalog", "gpus", "--json", "--search", "p5.48xlarge", pythonpath=example_site).stdout)
    assert [(r["on_demand_per_hour"], r["precedence"]) for r in p5] == [("46.784", 10)], "15% off the 55.04 list price"
    assert "ILLUSTRATIVE CONTRACT" in p5[0]["notes"]


def test_the_contract_overrides_list_prices_and_the_report_says_which_won(example_site):
    dump = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "tests" / "plugins" / "catalog_dump.py")],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            timeout=120,
            env={
                **{k: v for k, v in os.environ.items() if k != "PROMPT_OR_TUNE_LOAD_PLUGINS"},
                "PYTHONPATH": os.pathsep.join([str(ROOT), str(example_site)]),
            },
        ).stdout
    )
    overrides = {(o["kind"], o["key"]): (o["winner"], o["loser"]) for o in dump["overrides"]}
    assert overrides == {key: (EXAMPLE_PLUGIN, loser) for key, loser in OVERRIDDEN.items()}
    for kind, key in OVERRIDDEN:
        assert dump["records"][kind][key]["plugin"] == EXAMPLE_PLUGIN


def test_a_private_contract_from_the_environment_replaces_the_example(example_site, tmp_path):
    """How a company keeps its real rates out of the package: a JSON file (or a Streamlit secret)."""
    contract = {
        "customer": "Acme",
        "negotiated": [
            {
                "hook": "api_prices",
                "terms": "Acme enterprise agreement",
                "discount_pct": "50",
                "list": {
                    "provider": "anthropic",
                    "model_id": "claude-sonnet-4-5",
                    "name": "Claude Sonnet 4.5",
                    "input_per_mtok": "3",
                    "output_per_mtok": "15",
                    "source_url": "https://www.anthropic.com/pricing#api",
                    "as_of": "2026-11-09",
                },
            }
        ],
    }
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(contract))
    env = {"NEGOTIATED_RATES_FILE": str(path)}
    assert plugins_json(example_site, env=env)[EXAMPLE_PLUGIN]["counts"] == {
        "api_prices": 1,
        "finetune_offers": 0,
        "gpu_offers": 7,
    }
    sonnet = json.loads(
        cli("catalog", "api", "--json", "--search", "claude-sonnet-4-5", pythonpath=example_site, env=env).stdout
    )
    sonnet = next(r for r in sonnet if r["model_id"] == "claude-sonnet-4-5")
    assert (Decimal(sonnet["input_per_mtok"]), Decimal(sonnet["output_per_mtok"])) == (Decimal("1.5"), Decimal("7.5"))


def test_pip_install_and_pip_uninstall_in_a_throwaway_venv(tmp_path):
    """The full cycle with pip's own bookkeeping: install, see it, `pip uninstall`, it is gone."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The venv sees the test environment's packages (pip, pydantic, pluggy...) without touching it.
    Path(purelib, "_test_env.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")

    def pip(*args):
        result = subprocess.run(
            [str(python), "-m", "pip", "--disable-pip-version-check", *args],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    (source,) = copies(tmp_path / "src", EXAMPLE)
    pip("install", "--no-deps", "--no-index", "--no-build-isolation", "--quiet", str(source))
    assert f"Version: {EXAMPLE_VERSION}" in pip("show", EXAMPLE_DIST)
    assert Path(purelib, "pot_negotiated_rates").is_dir(), "installed into the throwaway venv"
    assert_example_listed(plugins_json(python=python))
    assert json.loads(cli("catalog", "gpus", "--json", "--search", "BM.GPU.H100.8", python=python).stdout)

    pip("uninstall", "--yes", EXAMPLE_DIST)
    assert not Path(purelib, "pot_negotiated_rates").exists()
    assert EXAMPLE_PLUGIN not in plugins_json(python=python)
    assert json.loads(cli("catalog", "gpus", "--json", "--search", "BM.GPU.H100.8", python=python).stdout) == []
    p5 = json.loads(cli("catalog", "gpus", "--json", "--search", "p5.48xlarge", python=python).stdout)
    assert [r["on_demand_per_hour"] for r in p5] == ["55.04"], "the list price is back"


@pytest.mark.parametrize("only", ["negotiated_rates", ""])
def test_the_load_filter_applies_to_the_example(example_site, only):
    plugins = plugins_json(example_site, env={"PROMPT_OR_TUNE_LOAD_PLUGINS": only})
    assert (EXAMPLE_PLUGIN in plugins) is bool(only)
