"""Hostile plugins as real installed distributions, loaded through their entry points by the
real command line: sys.exit at import and in a hook, an entry point named like a built-in, and a
PROMPT_OR_TUNE_LOAD_PLUGINS name that matches nothing. Each is reported, none ends the program."""

from __future__ import annotations

import json

import pytest

from catalog.plugins import LOAD_ENV
from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # installs a distribution with pip


def plugins_report(site, load: str | None = None) -> dict[str, dict]:
    env = {LOAD_ENV: load} if load is not None else {}
    result = run_cli("plugins", "--json", pythonpath=site, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return {p["name"]: p for p in json.loads(result.stdout)["plugins"]}


def test_sys_exit_at_import_or_in_a_hook_is_reported_not_obeyed(hostile_packages):
    report = plugins_report(hostile_packages, load="pot_exit_at_import,pot_exit_in_hook")
    assert report["pot_exit_at_import"]["errors"] == [{"hook": "import", "message": "SystemExit: 4"}]
    assert report["pot_exit_in_hook"]["errors"] == [{"hook": "gpu_offers", "message": "SystemExit: 3"}]
    listing = run_cli("catalog", "gpus", pythonpath=hostile_packages, env={LOAD_ENV: "pot_exit_in_hook"})
    assert listing.returncode == 0 and "record(s)" in listing.stdout
    assert "warning: plugin pot_exit_in_hook (gpu_offers): SystemExit: 3" in listing.stderr


def test_an_entry_point_named_like_a_built_in_is_reported_and_the_built_in_kept(hostile_packages):
    report = plugins_report(hostile_packages, load="aws_gpus")
    assert report["pot-hostile-corpus"]["errors"] == [
        {
            "hook": "import",
            "message": "entry point 'aws_gpus' has the name of a built-in plugin; not loaded (rename the entry point)",
        }
    ]
    assert report["aws_gpus"]["builtin"] and report["aws_gpus"]["errors"] == []
    assert report["aws_gpus"]["counts"]["gpu_offers"] > 0


def test_a_load_list_name_that_matches_no_plugin_is_reported(hostile_packages):
    report = plugins_report(hostile_packages, load="pot_exit_in_hook, no_such_plugin")
    assert report["no_such_plugin"]["errors"] == [
        {"hook": "import", "message": f"named in {LOAD_ENV}, but no installed plugin has this name"}
    ]
    assert "pot_exit_at_import" not in report
