"""The Portfolio page: the engine's best mix for the portfolio in the URL, edits that lose
nothing, and the page in a real Chromium, light and dark."""

from __future__ import annotations

import json

import pytest

from catalog.engine.portfolio import BEST_MIX, evaluate, parse_portfolio
from dashboard import scenario_state as ss
from dashboard.format import money
from tests.browser import have_chromium, wait_for_app
from tests.conftest import ROOT
from tests.dashboard.conftest import figure

PAGE = "dashboard/pages/portfolio.py"
EXAMPLE = json.loads((ROOT / "examples" / "portfolio" / "five_use_cases.json").read_text(encoding="utf-8"))


def open_page(app, token: str | None = None):
    at = app()
    if token is not None:
        at.query_params["p"] = token
    return at.run().switch_page(PAGE).run()


def test_page_equals_engine_for_the_portfolio_in_the_url(app, catalog):
    at = open_page(app, ss.encode(EXAMPLE))
    assert not at.exception
    result = evaluate(parse_portfolio(EXAMPLE), catalog)
    assert at.success[0].value.startswith(f"Best mix: {money(result.best_mix.horizon_total_usd)} over 12 months")
    table = at.dataframe[0].value
    assert list(table.columns) == [s.name for s in result.strategies]
    for use_case, option in result.best_mix.assignments.items():
        assert table.loc[use_case, BEST_MIX] == option
    assert table.loc["12 months", BEST_MIX] == money(result.best_mix.horizon_total_usd)
    chart = figure(at)
    best = next(t for t in chart["data"] if t["name"] == BEST_MIX)
    assert best["y"] == result.best_mix.cumulative_usd and best["line"]["width"] == 5
    assert len(chart["data"]) == sum(s.feasible for s in result.strategies)
    shared = at.dataframe[1].value
    assert shared["adapters"].tolist() == [d.adapters for d in result.shared_options.values()]
    assert any("moves to the shared deployment" in m.value for m in at.markdown)
    assert (
        ss.decode(at.query_params["p"][0] if isinstance(at.query_params["p"], list) else at.query_params["p"])
        == EXAMPLE
    )


def test_bad_edit_is_refused_and_loses_nothing(app):
    at = open_page(app, ss.encode(EXAMPLE))
    before = at.success[0].value
    at.text_area(key="portfolio_text").set_value('{"use_cases": [], "options": [').run()
    at.button(key="apply").click().run()
    assert "Not applied" in at.error[0].value
    assert at.success[0].value == before
    assert at.text_area(key="portfolio_text").value == '{"use_cases": [], "options": ['  # the typing is kept
    edited = {**EXAMPLE, "horizon_months": 24}
    at.text_area(key="portfolio_text").set_value(json.dumps(edited)).run()
    at.button(key="apply").click().run()
    assert not at.error and "over 24 months" in at.success[0].value


def test_damaged_link_falls_back_to_the_default_with_a_warning(app):
    at = open_page(app, "not-a-portfolio")
    assert not at.exception
    assert "could not be used" in at.warning[0].value
    assert at.success and at.dataframe[0].value.shape[1] == 4


@pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_portfolio_page_in_chromium(server, browser, shots, scheme):
    page = browser.new_page(viewport={"width": 1400, "height": 2200}, color_scheme=scheme)
    try:
        page.goto(f"{server}/portfolio?p={ss.encode(EXAMPLE)}")
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert "Best mix" in page.locator("[data-testid='stAlert']").first.inner_text()
        # the chart's script loads after the run finishes: wait for it to draw, then count
        page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        assert page.locator(".js-plotly-plot").count() == 1
        page.screenshot(path=shots / f"portfolio-{scheme}.png", full_page=True)
    finally:
        page.close()
