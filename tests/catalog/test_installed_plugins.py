"""Real distributions installed by pip, discovered through the `prompt_or_tune` entry points."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # pip-installed packages, a fresh process per command


def plugins_json(target, env=None):
    result = run_cli("plugins", "--json", pythonpath=target, env=env)
    assert result.returncode == 0, result.stderr
    return {p["name"]: p for p in json.loads(result.stdout)["plugins"]}


def test_installed_plugins_load_and_broken_ones_are_reported(plugin_site):
    plugins = plugins_json(plugin_site)
    good = plugins["pot_good"]
    assert (good["distribution"], good["version"], good["builtin"]) == ("pot-good", "0.0.1", False)
    assert good["counts"] == {"gpu_offers": 1} and good["errors"] == []

    assert plugins["pot_raises"]["errors"] == [
        {"hook": "gpu_offers", "message": "RuntimeError: pricing backend exploded"}
    ]
    assert plugins["pot_import_error"]["errors"][0]["hook"] == "import"
    assert "needs a package that is not installed" in plugins["pot_import_error"]["errors"][0]["message"]
    garbage = {e["hook"]: e["message"] for e in plugins["pot_garbage"]["errors"]}
    assert "expected a list of records" in garbage["api_prices"]
    assert "2 invalid record(s) skipped" in garbage["gpu_specs"]

    builtins = [p for p in plugins.values() if p["builtin"]]
    assert builtins and all(p["errors"] == [] for p in builtins), "every other plugin still loads"


def test_the_good_plugin_records_reach_the_catalog(plugin_site):
    result = run_cli("catalog", "gpus", "--json", "--search", "test-reseller", pythonpath=plugin_site)
    assert result.returncode == 0
    assert [r["instance_type"] for r in json.loads(result.stdout)] == ["h100x1"]


def test_load_plugins_env_restricts_external_plugins(plugin_site):
    only_good = plugins_json(plugin_site, env={"PROMPT_OR_TUNE_LOAD_PLUGINS": "pot_good"})
    assert "pot_good" in only_good and "pot_raises" not in only_good and "pot_import_error" not in only_good
    none = plugins_json(plugin_site, env={"PROMPT_OR_TUNE_LOAD_PLUGINS": ""})
    assert all(p["builtin"] for p in none.values())
