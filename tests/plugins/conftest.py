"""The plugin tests' names (the installed packages, `plugin_site` and `example_site`, are
in tests/conftest.py)."""

from __future__ import annotations

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
