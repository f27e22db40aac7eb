"""The dashboard: 'Prices as of …' on every page, per-source status, a refresh that never blocks."""

from __future__ import annotations

import time

import httpx
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from catalog.live import refresh
from tests.conftest import ROOT
from tests.live.conftest import fixture_bytes, good_routes

pytestmark = pytest.mark.usefixtures("small_snapshots")
PAGES = [
    "dashboard/pages/catalog.py",
    "dashboard/pages/use_cases.py",
    "dashboard/pages/sizing.py",
    "dashboard/pages/plugins.py",
]


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr(refresh, "_latest", None)
    st.cache_resource.clear()
    yield lambda: AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    st.cache_resource.clear()


def captions(at) -> list[str]:
    """Caption texts as shown: the app escapes Markdown in them."""
    return [c.value.replace("\\", "") for c in at.caption]


def prices_line(at) -> str:
    return next(c for c in captions(at) if c.startswith("Prices as of"))


def live_table(at):
    frame = next(d.value for d in at.dataframe if "last attempt" in d.value.columns)
    return frame.set_index("source")


SNAPSHOT = "the app's embedded snapshot, taken on that date"


def test_every_page_says_the_prices_come_from_the_snapshot(app):
    at = app().run()
    assert not at.exception and SNAPSHOT in prices_line(at)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception and SNAPSHOT in prices_line(at), page
    table = live_table(at)
    assert set(table.index) == {"genai_prices_api", "openrouter_api", "azure_gpus", "runpod_gpus"}
    assert set(table["prices"]) == {"snapshot"} and set(table["fetched"]) == {"never"}


def test_after_a_refresh_every_page_says_live_and_when(app, serve):
    refresh.refresh(client_factory=serve({**good_routes(), "prices.azure.com": lambda request: httpx.Response(503)}))
    at = app().run()
    line = prices_line(at)
    assert (
        "(live, fetched " in line and "genai_prices_api, openrouter_api, runpod_gpus; other plugins: snapshot)" in line
    )
    assert "failed" not in line, "a refresh nobody asked for here is not reported on every page"
    at.switch_page("dashboard/pages/plugins.py").run()
    table = live_table(at)
    assert table.loc["runpod_gpus", "prices"] == "live" and table.loc["runpod_gpus", "result"] == "ok"
    assert table.loc["azure_gpus", "prices"] == "snapshot"
    assert table.loc["azure_gpus", "result"] == "failed: HTTP 503 Service Unavailable from prices.azure.com"


def test_first_visit_offline_says_snapshot_and_a_failure_only_after_the_user_asked(app, serve, monkeypatch):
    offline = serve({})  # no route to any host: a connection error, as offline
    refresh.refresh(client_factory=offline)  # an earlier attempt, offline, left in the cache
    at = app().run()
    assert SNAPSHOT in prices_line(at) and "failed" not in prices_line(at)
    monkeypatch.setattr(refresh, "new_client", offline)
    at.switch_page("dashboard/pages/plugins.py").run()
    next(b for b in at.button if b.label == "Refresh prices").click().run()
    assert refresh.latest_background().done.wait(30)
    at.run()
    assert prices_line(at).endswith(
        "The refresh failed for genai_prices_api, openrouter_api, azure_gpus, runpod_gpus; "
        "their prices stay as they were: see Plugins."
    )


def test_refresh_prices_runs_in_the_background_and_the_page_does_not_wait(app, serve, monkeypatch):
    def slow(request):
        time.sleep(3)
        return httpx.Response(200, content=fixture_bytes("runpod_gpu_types.json"))

    monkeypatch.setattr(refresh, "new_client", serve({**good_routes(), "api.runpod.io": slow}))
    at = app().run().switch_page("dashboard/pages/plugins.py").run()
    started = time.monotonic()
    next(b for b in at.button if b.label == "Refresh prices").click().run()
    assert time.monotonic() - started < 2.5, "the click returned before the slow source answered"
    assert any("Refreshing in the background" in i.value for i in at.info)
    job = refresh.latest_background()
    assert job.done.wait(30)
    at.run()
    assert live_table(at).loc["runpod_gpus", "prices"] == "live"
    assert {s.value.split("**")[1].replace("\\", "") for s in at.success if "**" in s.value} == {
        "genai_prices_api",
        "openrouter_api",
        "azure_gpus",
        "runpod_gpus",
    }
    assert "(live, fetched " in prices_line(at)
