"""The dashboard in a real browser: every page loads without an exception box, an input change
redraws the chart, hostile plugin strings stay text. Screenshots go to a temp dir."""

from __future__ import annotations

import pytest

from tests.browser import have_chromium, wait_for_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]
PAGES = {"compare": "", "catalog": "catalog", "use-cases": "use-cases", "sizing": "sizing", "plugins": "plugins"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_an_exception(server, browser, shots, name, scheme):
    page = browser.new_page(viewport={"width": 1400, "height": 2000}, color_scheme=scheme)
    try:
        page.goto(f"{server}/{PAGES[name]}")
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("h1").first.inner_text().strip()
        page.screenshot(path=shots / f"{name}-{scheme}.png", full_page=True)
    finally:
        page.close()


def plot_state(page) -> dict:
    return page.evaluate(
        """() => { const plot = document.querySelector('.js-plotly-plot');
                   return {shapes: (plot.layout.shapes || []).map(s => s.x0),
                           first: plot.data[0].y.slice(0, 3)}; }"""
    )


def test_changing_volume_redraws_the_chart(server, browser, shots):
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        page.goto(server)
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot")
        before = plot_state(page)
        volume = page.get_by_label("Requests per month")
        volume.fill("25000000")
        volume.press("Enter")
        page.wait_for_function(
            "() => { const p = document.querySelector('.js-plotly-plot');"
            " return p && (p.layout.shapes || []).some(s => s.x0 === 25000000); }",
            timeout=60_000,
        )
        after = plot_state(page)
        assert before["shapes"] != after["shapes"] and 25_000_000 in after["shapes"]
        assert "s=" in page.url, "the scenario is in the URL"
        page.screenshot(path=shots / "compare-after-volume-change.png", full_page=True)
    finally:
        page.close()


def test_links_reproduce_the_view(server, browser, catalog):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        page.goto(f"{server}/sizing?model=meta-llama/Llama-3.1-70B-Instruct&gpu=A10G&method=none")
        wait_for_app(page)
        assert page.get_by_text("Does not fit").count() >= 1
        page.goto(f"{server}/catalog?table=GPU+offers&q_gpus=MI300X")
        wait_for_app(page)
        expected = sum(1 for offer in catalog.gpus.values() if offer.gpu == "MI300X")
        shown = f"{expected:,} of {len(catalog.gpus):,} record(s)"
        assert page.get_by_text(shown).count() == 1, "the GPU table is open, filtered to MI300X"
    finally:
        page.close()
