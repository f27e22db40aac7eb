"""The plugin tests' names, and the example package installed alone (every test distribution
together is `plugin_site`, in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, pip_install_target

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


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example package alone (its tests must not see the hostile ones), installed by pip."""
    return pip_install_target(tmp_path_factory.mktemp("example-site"), tmp_path_factory.mktemp("example-src"), EXAMPLE)
