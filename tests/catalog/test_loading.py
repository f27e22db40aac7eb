"""Plugins are loaded on demand: importing the package runs no plugin and reads no environment
variable; `load_plugins()` registers every built-in once, each data file as its own plugin."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from catalog import plugins as plugin_manager
from catalog.build import build_catalog
from catalog.datafile import DataFilePlugin
from plugins import BUILTINS
from plugins.datafiles import DATA_DIR, DATA_FILES
from tests.conftest import ROOT

IMPORT_ONLY = """
import json, os, sys
from pathlib import Path
ROOT = Path(sys.argv[1])
reads = []

class Watched(dict):
    def _note(self, key):
        caller = Path(sys._getframe(2).f_code.co_filename)
        if ROOT in caller.parents and "site-packages" not in caller.parts:  # our code, not a venv inside the tree
            reads.append(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

os.environ = Watched(os.environ)
import catalog, catalog.build, catalog.engine.estimate, catalog.cli.commands, catalog.live.refresh
from catalog import plugins
print(json.dumps({
    "modules": sorted(m for m in sys.modules if m.split(".")[0] == "plugins"),
    "registered": len(plugins.pm.get_plugins()),
    "reads": reads,
}))
"""


def test_importing_the_package_loads_no_plugin_and_reads_no_environment():
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_ONLY, str(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(run.stdout)
    assert seen == {"modules": [], "registered": 0, "reads": []}


def test_load_plugins_registers_every_builtin_once():
    plugin_manager.load_plugins()
    plugin_manager.load_plugins()
    names = [name for name, _ in plugin_manager.pm.list_name_plugin()]
    assert [n for n in names if plugin_manager.is_builtin(n)] == list(BUILTINS)
    assert len(names) == len(set(names))


def test_each_data_file_is_its_own_plugin_answering_its_hook(catalog):
    by_name = {info.name: info for info in catalog.plugins}
    for name, data_file in DATA_FILES.items():
        assert (DATA_DIR / f"{name}.json").exists(), name
        assert by_name[name].builtin and by_name[name].hooks == [data_file.hook], name
        assert by_name[name].counts[data_file.hook] > 0, name


def test_a_data_file_plugin_reads_its_file_on_each_call(tmp_path):
    path = tmp_path / "acme_gpus.json"
    row = {
        "cloud": "acme",
        "instance_type": "a1",
        "gpu": "H100-SXM",
        "gpu_count": 1,
        "region": "eu",
        "on_demand_per_hour": "2.00",
        "source_url": "https://acme.example/pricing",
        "as_of": "2026-11-01",
    }
    path.write_text(json.dumps({"records": [row]}))
    plugin = DataFilePlugin(path, "gpu_offers")
    plugin_manager.load_plugins()
    plugin_manager.pm.register(plugin, name="acme_gpus")
    try:
        assert "acme/a1/eu" in build_catalog().gpus
        path.write_text(json.dumps({"records": [{**row, "instance_type": "a2"}]}))
        assert set(k for k in build_catalog().gpus if k.startswith("acme/")) == {"acme/a2/eu"}
    finally:
        plugin_manager.pm.unregister(name="acme_gpus")


def test_a_data_file_plugin_must_name_a_record_hook(tmp_path):
    with pytest.raises(ValueError, match="live_records.*not a hook that returns records"):
        DataFilePlugin(tmp_path / "x.json", "live_records")
