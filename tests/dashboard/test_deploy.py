"""Simulates a Streamlit Community Cloud deployment: a plain copy of the repo (nothing
pip-installed from it), a fresh venv with only requirements.txt, `streamlit run streamlit_app.py`
from the repo root, and the page rendered in a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, have_chromium, streamlit_server, wait_for_app
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


def plain_clone(target):
    """The files a clone would have: tracked plus not-ignored ones, as in the working tree."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def test_fresh_venv_from_requirements_serves_the_app(tmp_path):
    app_dir, env_dir = tmp_path / "app", tmp_path / "venv"
    app_dir.mkdir()
    plain_clone(app_dir)
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=app_dir,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    # the project itself is not installed: the app must import from the repo root
    probe = subprocess.run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('catalog'))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert probe.stdout.strip() == "None"

    from playwright.sync_api import sync_playwright

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    with streamlit_server(app_dir, python=python, env=env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(url)
        wait_for_app(page, timeout_ms=120_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert "Prompt, fine-tune, or self-host?" in page.locator("h1").first.inner_text()
        assert page.get_by_text("Recommended:").count() >= 1
        browser.close()
    assert sys.executable != python
