"""AppTest helpers: run the real app script, pages switched as a user would."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")


@pytest.fixture
def app():
    """A fresh app (and a fresh catalog: plugins registered by a test are picked up)."""
    st.cache_resource.clear()
    yield lambda: AppTest.from_file(APP, default_timeout=120)
    st.cache_resource.clear()


def figure(at, index=0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def texts(elements) -> list[str]:
    return [e.value for e in elements]
