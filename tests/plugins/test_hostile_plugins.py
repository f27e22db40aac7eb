"""Hostile plugins as real installed distributions, all at once next to the good ones: one that
fails at import, one that raises in a hook, one that returns invalid records, one that sleeps
past the time limit, one that returns 100,000 records, one whose model name is HTML. Each is
reported with its name and error, and every other plugin's data is exactly what it is without
them. (The sleeper costs catalog.build.TIME_LIMIT_S per build: these tests build three times.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from catalog.build import MAX_RECORDS_PER_HOOK, TIME_LIMIT_S
from tests.conftest import ROOT
from tests.plugins.conftest import EXAMPLE_PLUGIN, HOSTILE, XSS

pytestmark = pytest.mark.slow  # pip-installed packages, a fresh process per command


def run(args: list[str], site, load=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PROMPT_OR_TUNE_LOAD_PLUGINS", "PYTHONPATH")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(site)])
    if load is not None:
        env["PROMPT_OR_TUNE_LOAD_PLUGINS"] = load
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def dump(site, load=None) -> dict:
    return json.loads(run([str(ROOT / "tests" / "plugins" / "catalog_dump.py")], site, load).stdout)


@pytest.fixture(scope="module")
def clean(plugin_site):
    """The catalog with no external plugin loaded (the same installed site, filtered to none)."""
    return dump(plugin_site, load="")


@pytest.fixture(scope="module")
def hostile(plugin_site):
    return dump(plugin_site)


def test_each_hostile_plugin_is_reported_with_its_name_and_error(hostile):
    plugins = hostile["plugins"]
    for name, dist in HOSTILE.items():
        assert (plugins[name]["distribution"], plugins[name]["version"], plugins[name]["builtin"]) == (
            dist,
            "0.0.1",
            False,
        )
    errors = {name: plugins[name]["errors"] for name in HOSTILE}

    ((hook, message),) = errors["pot_import_error"]
    assert hook == "import" and message == "ImportError: this plugin needs a package that is not installed"
    assert errors["pot_raises"] == [["gpu_offers", "RuntimeError: pricing backend exploded"]]
    garbage = dict(errors["pot_garbage"])
    assert "returned str, expected a list of records" in garbage["api_prices"]
    assert (
        "2 invalid record(s) skipped" in garbage["gpu_specs"] and "source_url: Field required" in garbage["gpu_specs"]
    )
    assert errors["pot_sleeps"] == [
        ["open_models", f"PluginTimeout: no answer within {TIME_LIMIT_S:g} s (left running in the background)"]
    ]
    assert errors["pot_flood"] == [
        ["gpu_offers", f"returned more than {MAX_RECORDS_PER_HOOK:,} records; kept the first {MAX_RECORDS_PER_HOOK:,}"]
    ]
    assert (
        plugins["pot_flood"]["counts"]
        == {"gpu_offers": MAX_RECORDS_PER_HOOK}
        == {"gpu_offers": hostile["flood_records"]}
    )
    assert errors["pot_xss"] == [] and plugins["pot_xss"]["counts"] == {"api_prices": 1, "open_models": 1}
    assert plugins[EXAMPLE_PLUGIN]["errors"] == [] and plugins["pot_good"]["errors"] == []


def test_the_sleeper_is_left_behind_not_waited_for(hostile):
    assert TIME_LIMIT_S <= hostile["elapsed_s"] < TIME_LIMIT_S + 30, "one time limit, far from the 120 s sleep"


def test_every_other_plugins_data_is_intact(clean, hostile):
    overridden = {(o["kind"], o["key"]): o for o in hostile["overrides"]}
    assert {o["winner"] for o in overridden.values()} == {EXAMPLE_PLUGIN}, "only the contract overrides anything"
    for kind, records in clean["records"].items():
        for key, entry in records.items():
            if (kind, key) in overridden:
                assert overridden[(kind, key)]["loser"] == entry["plugin"]
                assert hostile["records"][kind][key]["plugin"] == EXAMPLE_PLUGIN
            else:
                assert hostile["records"][kind][key] == entry, f"{kind} {key} changed"
    lost = {}
    for o in overridden.values():
        lost[o["loser"]] = lost.get(o["loser"], 0) + 1
    for name, info in clean["plugins"].items():
        after = hostile["plugins"][name]
        assert after["errors"] == info["errors"] == [], name
        assert sum(after["counts"].values()) == sum(info["counts"].values()) - lost.get(name, 0), name


def test_html_in_a_model_name_is_kept_as_data(hostile):
    model = hostile["records"]["models"]["pot-xss/evil-model"]
    assert model["plugin"] == "pot_xss" and model["record"]["name"] == XSS
    api = hostile["records"]["api"][f"pot-xss/{XSS}"]
    assert api["record"]["name"] == api["record"]["model_id"] == XSS


def test_the_plugins_command_names_every_failure(plugin_site):
    started = time.perf_counter()
    table = run(["-m", "catalog.cli", "plugins"], plugin_site).stdout
    assert time.perf_counter() - started < TIME_LIMIT_S + 60
    lines = {line.split()[0]: line for line in table.splitlines()[2:] if line.strip()}
    for name, dist in HOSTILE.items():
        assert f"{dist} 0.0.1" in lines[name], lines[name]
    assert "import: ImportError: this plugin needs a package" in lines["pot_import_error"]
    assert "gpu_offers: RuntimeError: pricing backend exploded" in lines["pot_raises"]
    assert "api_prices: returned str" in lines["pot_garbage"]
    assert "open_models: PluginTimeout: no answer within 5 s" in lines["pot_sleeps"]
    assert "gpu_offers: returned more than 20,000 records" in lines["pot_flood"]
    assert lines["pot_flood"].split()[3] == "20000"
    assert "prompt-or-tune-negotiated-rates 0.1.0" in lines[EXAMPLE_PLUGIN]
