"""Compare in Chromium, light and dark, with the uncertainty bands on: both charts draw their
P10–P90 fills (with legend entries), and a search in a picker narrows what the browser holds to
the server's matches, the maker's record first. Screenshots go to a temp dir (printed)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from catalog.build import build_catalog
from dashboard import scenario_state as ss
from tests.browser import have_chromium, wait_for_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


def open_model_list(page) -> list[str]:
    """Open the first API-model pick and return its labels. A rerun that lands during the click
    closes the list, so it is opened again (three tries)."""
    options = page.locator("[role='option']")
    for _ in range(3):
        page.get_by_role("combobox", name="API model", exact=True).first.click()
        try:
            options.first.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    return options.all_inner_texts()


FILLS = """() => { const fills = document.querySelector('.js-plotly-plot').data.filter(t => t.fill === 'tonexty');
    return ['x', 'x2'].map(axis => fills.filter(t => (t.xaxis || 'x') === axis).map(t => t.name)); }"""
"""The P10–P90 band traces of the chart's two panels (monthly cost vs volume, cumulative)."""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bands_show_and_a_search_narrows_the_picker(server, browser, shots, scheme):
    catalog = build_catalog()
    link = ss.encode(ss.edit(ss.default_scenario(catalog), "bands", True, catalog))
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, color_scheme=scheme)
    try:
        page.goto(f"{server}/?s={link}")
        wait_for_app(page)
        page.wait_for_function("() => document.querySelector('.js-plotly-plot .main-svg')")
        curves, cumulative = page.evaluate(FILLS)
        assert curves and cumulative, "each panel draws P10–P90 bands"
        assert all(name.endswith("P10–P90") for name in curves + cumulative)
        legend = page.locator(".legendtext", has_text="P10–P90").all_text_contents()
        assert sorted(legend) == sorted(set(curves + cumulative)), "one legend entry per band, for both panels"
        page.screenshot(path=shots / f"compare-bands-{scheme}.png", full_page=True)
        search = page.get_by_label("Search models", exact=True).first
        search.fill("claude-sonnet-4-6")
        search.press("Enter")
        wait_for_app(page)
        labels = open_model_list(page)
        assert len(labels) <= 41 and labels[1].startswith("Claude Sonnet 4.6 · anthropic · $"), labels[:3]
        page.screenshot(path=shots / f"compare-picker-{scheme}.png", full_page=False)
    finally:
        page.close()


def test_the_filter_popover_filters_the_pick_and_keeps_its_filter_once_closed(server, browser):
    """AppTest cannot open a popover: the lazy "Filter" popover is driven here, in Chromium."""
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    try:
        page.goto(server)
        wait_for_app(page)
        page.locator("[data-testid='stPopover'] button", has_text="Filter").first.click()
        provider = page.get_by_role("combobox", name="Provider", exact=True)
        provider.click()
        page.get_by_role("option", name="anthropic", exact=True).click()
        wait_for_app(page)
        page.keyboard.press("Escape")
        page.get_by_text("Anthropic's only", exact=False).first.wait_for(timeout=30_000)
        assert provider.count() == 0, "closed: its widgets are not drawn"
        labels = open_model_list(page)
        assert labels and all(" · anthropic · " in label for label in labels[1:]), labels[:4]
        assert "s=" in page.url, "the scenario is in the URL"
    finally:
        page.close()
