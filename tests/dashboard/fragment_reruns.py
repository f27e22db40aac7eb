"""Reruns scoped to one fragment, as a browser sends them, for AppTest.

When a widget inside an `st.fragment` changes, the browser asks the server to rerun that
fragment alone; AppTest always asks for the whole page. Inside `scoped_to(at, key)`, AppTest's
rerun requests carry the fragment's id, as the browser's do, so the server runs exactly what it
runs for a user. AppTest then holds only the fragment's elements (the browser keeps the rest on
screen); a full `at.run()` afterwards draws the whole page again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from streamlit.testing.v1 import AppTest, local_script_runner


@contextmanager
def scoped_to(at: AppTest, key: str) -> Iterator[None]:
    """Reruns of `at` inside this block run only the fragment named `key` (`@st.fragment(key=...)`)."""
    ids = at._fragment_storage.resolve_target(key)  # AppTest has no public way to name a fragment
    real = local_script_runner.RerunData

    def rerun_data(**fields: Any) -> Any:
        return real(**fields, fragment_id_queue=list(ids))

    local_script_runner.RerunData = rerun_data  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        local_script_runner.RerunData = real  # type: ignore[misc]
