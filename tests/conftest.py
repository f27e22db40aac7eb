"""Shared fixtures: the built catalog, and real plugin packages installed with pip (once, in one call)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

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


HOSTILE_PACKAGES = Path(__file__).resolve().parent / "hostile" / "packages"


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if (p / "pyproject.toml").exists())


@pytest.fixture(scope="session")
def installed_packages(tmp_path_factory) -> Path:
    """Every test distribution (tests/plugin_packages, tests/hostile/packages) and the example
    package, installed by real pip in ONE call, once per session, into a directory kept off the
    test environment. Built with the environment's setuptools (`--no-build-isolation`) and no index:
    an isolated build would fetch setuptools into a fresh virtualenv per package, most of the
    suite's time and a network call."""
    target = tmp_path_factory.mktemp("installed")
    packages = copies(
        tmp_path_factory.mktemp("sources"), *_sources(PLUGIN_PACKAGES), *_sources(HOSTILE_PACKAGES), EXAMPLE
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--target",
            str(target),
            *map(str, packages),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


def site_of(installed: Path, site: Path, *packages: Path) -> Path:
    """A directory to put on PYTHONPATH holding only `packages`' installed files (each
    distribution's RECORD lists them), so a test sees exactly the plugins it names."""
    for package in packages:
        dist = package.name.replace("-", "_").lower()
        (record,) = installed.glob(f"{dist}-*.dist-info/RECORD")
        for row in csv.reader(record.read_text(encoding="utf-8").splitlines()):
            destination = site / row[0]
            if (installed / row[0]).is_file():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(installed / row[0], destination)
    return site


@pytest.fixture(scope="session")
def plugin_site(installed_packages, tmp_path_factory) -> Path:
    """tests/plugin_packages (pot-good and the six hostile ones) and the example package."""
    return site_of(installed_packages, tmp_path_factory.mktemp("plugin-site"), *_sources(PLUGIN_PACKAGES), EXAMPLE)


@pytest.fixture(scope="session")
def example_site(installed_packages, tmp_path_factory) -> Path:
    """The example package alone (its tests must not see the hostile ones)."""
    return site_of(installed_packages, tmp_path_factory.mktemp("example-site"), EXAMPLE)


@pytest.fixture(scope="session")
def hostile_packages(installed_packages, tmp_path_factory) -> Path:
    """The hostile corpus' distributions (tests/hostile/packages) alone."""
    return site_of(installed_packages, tmp_path_factory.mktemp("hostile-corpus-site"), *_sources(HOSTILE_PACKAGES))


class Ran(NamedTuple):
    """A command's exit status and output, as a user running it sees them."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys) -> Callable[..., Ran]:
    """Run `prompt-or-tune ARGS` in this process (`main(argv)`, output captured): no interpreter
    start-up per command. `run_cli` is for what needs a process of its own (installed plugins
    found on PYTHONPATH, the command itself)."""
    from catalog.cli.commands import main

    def run(*args: str) -> Ran:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse exits on a usage error, as the command does
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def run_cli(*args: str, pythonpath: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    paths = [str(ROOT)] + ([str(pythonpath)] if pythonpath else [])
    environment["PYTHONPATH"] = os.pathsep.join(paths + [environment.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.run(
        [sys.executable, "-m", "catalog.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
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
