"""Shared fixtures: the built catalog, and real plugin packages installed with pip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import livecache
from catalog.build import build_catalog

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_PACKAGES = Path(__file__).resolve().parent / "plugin_packages"


@pytest.fixture(scope="session", autouse=True)
def _private_price_cache(tmp_path_factory):
    """Tests never read or write the user's live-price cache: an empty one per session."""
    os.environ[livecache.CACHE_ENV] = str(tmp_path_factory.mktemp("price-cache"))


@pytest.fixture(scope="session")
def catalog():
    return build_catalog()


def pip_install_target(target: Path, *packages: Path) -> None:
    """Install packages with real pip into `target` (kept off the test environment itself)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
         "--target", str(target), *map(str, packages)],
        check=True,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def installed_plugins(tmp_path_factory) -> Path:
    """A directory holding the test plugin packages, installed by pip; put it on PYTHONPATH."""
    target = tmp_path_factory.mktemp("site")
    pip_install_target(target, *sorted(PLUGIN_PACKAGES.iterdir()))
    return target


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
