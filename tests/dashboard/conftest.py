"""AppTest helpers: run the real app script, pages switched as a user would; and the one
`streamlit run` server the browser tests share."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.browser import streamlit_server
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")


@pytest.fixture
def app():
    """A fresh app (and a fresh catalog: plugins registered by a test are picked up)."""
    st.cache_resource.clear()
    yield lambda: AppTest.from_file(APP, default_timeout=120)
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The app under `streamlit run`, started once for every browser test here: each test opens its
    own page, which is its own Streamlit session, so they share only the catalog the server builds
    once (and a server start, several seconds, per module is saved)."""
    with streamlit_server(ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}) as url:
        yield url


def figure(at, index=0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def texts(elements) -> list[str]:
    return [e.value for e in elements]
