"""Real distributions for the plugin tests: copied out of the tree (so building them leaves no
build/ or *.egg-info behind), then installed with real pip into a throwaway directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import PLUGIN_PACKAGES, ROOT, pip_install_target

EXAMPLE = ROOT / "examples" / "prompt-or-tune-negotiated-rates"
EXAMPLE_DIST, EXAMPLE_VERSION, EXAMPLE_PLUGIN = "prompt-or-tune-negotiated-rates", "0.1.0", "negotiated_rates"
HOSTILE = {
    "pot_import_error": "pot-import-error",
    "pot_raises": "pot-raises",
    "pot_garbage": "pot-garbage",
    "pot_sleeps": "pot-sleeps",
    "pot_flood": "pot-flood",
    "pot_xss": "pot-xss",
}
XSS = "<img src=x onerror=alert(1)>"
_IGNORE = shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")


def copies(tmp: Path, *packages: Path) -> list[Path]:
    """Copy package source trees into `tmp` (pip builds in the source directory)."""
    out = []
    for package in packages:
        destination = tmp / package.name
        shutil.copytree(package, destination, ignore=_IGNORE)
        out.append(destination)
    return out


def install(target: Path, work: Path, *packages: Path) -> Path:
    pip_install_target(target, *copies(work, *packages))
    return target


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example package alone, installed by pip into a directory to put on PYTHONPATH."""
    return install(tmp_path_factory.mktemp("example-site"), tmp_path_factory.mktemp("example-src"), EXAMPLE)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """Every test distribution (the six hostile ones and pot-good) plus the example package."""
    packages = sorted(p for p in PLUGIN_PACKAGES.iterdir() if (p / "pyproject.toml").exists())
    assert {p.name for p in packages} >= set(HOSTILE.values())
    return install(tmp_path_factory.mktemp("hostile-site"), tmp_path_factory.mktemp("hostile-src"), *packages, EXAMPLE)
