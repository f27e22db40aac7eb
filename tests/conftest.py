"""Shared fixtures: the built catalog, and real plugin packages installed with pip (once)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import livecache
from catalog.build import build_catalog

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_PACKAGES = Path(__file__).resolve().parent / "plugin_packages"
EXAMPLE = ROOT / "examples" / "prompt-or-tune-negotiated-rates"


@pytest.fixture(scope="session", autouse=True)
def _private_price_cache(tmp_path_factory):
    """Tests never read or write the user's live-price cache: an empty one per session."""
    os.environ[livecache.CACHE_ENV] = str(tmp_path_factory.mktemp("price-cache"))


@pytest.fixture(scope="session")
def catalog():
    return build_catalog()


_NOT_SOURCE = shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")


def copies(tmp: Path, *packages: Path) -> list[Path]:
    """Copy package source trees into `tmp`: pip builds in the source directory, and nothing may
    be built inside this tree (no build/ or *.egg-info left behind)."""
    out = []
    for package in packages:
        destination = tmp / package.name
        shutil.copytree(package, destination, ignore=_NOT_SOURCE)
        out.append(destination)
    return out


def pip_install_target(target: Path, work: Path, *packages: Path) -> Path:
    """Install copies of packages with real pip into `target` (kept off the test environment itself)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
         "--target", str(target), *map(str, copies(work, *packages))],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory) -> Path:
    """Every test distribution (tests/plugin_packages: pot-good and the six hostile ones) and the
    example package, installed by pip once per session into a directory to put on PYTHONPATH."""
    packages = sorted(p for p in PLUGIN_PACKAGES.iterdir() if (p / "pyproject.toml").exists())
    return pip_install_target(tmp_path_factory.mktemp("plugin-site"), tmp_path_factory.mktemp("plugin-src"),
                              *packages, EXAMPLE)


def run_cli(*args: str, pythonpath: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    paths = [str(ROOT)] + ([str(pythonpath)] if pythonpath else [])
    environment["PYTHONPATH"] = os.pathsep.join(paths + [environment.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.run(
        [sys.executable, "-m", "catalog.cli", *args], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120
    )


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (it cannot download a browser of its own here)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(request, tmp_path_factory):
    """A folder for this module's screenshots (printed, so they can be looked at)."""
    path = tmp_path_factory.mktemp(f"screenshots-{request.module.__name__.rsplit('.', 1)[-1]}")
    print(f"\nscreenshots: {path}")
    return path
