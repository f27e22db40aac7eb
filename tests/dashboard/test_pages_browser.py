"""Catalog, Use cases and Sizing in Chromium, for what only a browser shows: the GPU chart's
points drawn inside its plot, the Sizing legend clear of the tick labels, the questionnaire's
answers in the address bar. Each page is screenshotted in light and dark."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from catalog.engine.flowcharts import FLOWCHARTS
from dashboard.scenario_state import decode
from tests.browser import have_chromium, wait_for_app

pytestmark = pytest.mark.skipif(
    not have_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)"
)
CALMOPS_TO_THE_END = {"base_model_good": "No", "data_1000": "Yes", "latency": "No", "volume_1m": "Yes"}


def boxes(page, selector: str) -> list[dict]:
    return page.evaluate(f"""() => [...document.querySelectorAll({selector!r})].map(e => {{
        const r = e.getBoundingClientRect(); return {{x: r.x, y: r.y, right: r.right, bottom: r.bottom}}; }})""")


def overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


def test_gpu_chart_draws_every_offer_inside_the_plot(server, browser, catalog):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        page.goto(f"{server}/catalog?table=GPU+offers")
        wait_for_app(page)
        chart = ".st-key-gpus_chart .js-plotly-plot"  # the offers chart, not a record's price-history chart below it
        page.wait_for_selector(f"{chart} .scatterlayer .point")
        (plot,) = boxes(page, f"{chart} .nsewdrag")
        points = boxes(page, f"{chart} .scatterlayer .point")
        assert len(points) == len(catalog.gpus)
        assert all(plot["x"] <= (p["x"] + p["right"]) / 2 <= plot["right"] for p in points), "every point on the x axis"
        assert all(plot["y"] <= (p["y"] + p["bottom"]) / 2 <= plot["bottom"] for p in points)
    finally:
        page.close()


def test_sizing_legend_is_clear_of_the_tick_labels(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        page.goto(f"{server}/sizing?model=meta-llama/Llama-3.1-8B-Instruct&gpu=H100-SXM&method=lora")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .legend")
        (legend,) = boxes(page, ".js-plotly-plot .legend")
        ticks = boxes(page, ".js-plotly-plot .xtick text") + boxes(page, ".js-plotly-plot .ytick text")
        assert ticks and not [t for t in ticks if overlap(legend, t)]
    finally:
        page.close()


def test_questionnaire_answers_are_in_the_url_and_open_compare(server, browser, catalog):
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    try:
        page.goto(f"{server}/use-cases")
        wait_for_app(page)
        for question, answer in CALMOPS_TO_THE_END.items():
            page.get_by_role("radiogroup", name=FLOWCHARTS["calmops"].questions[question].text).get_by_text(
                answer, exact=True
            ).click()
            page.wait_for_function(f"() => location.search.includes('fc.calmops.{question}={answer}')", timeout=60_000)
        link = page.get_by_role("link", name="Open Compare with these answers")
        link.wait_for(timeout=60_000)
        query = parse_qs(urlparse(page.url).query)
        assert {k: v[0] for k, v in query.items() if k.startswith("fc.calmops.")} == {
            f"fc.calmops.{k}": v for k, v in CALMOPS_TO_THE_END.items()
        }
        scenario = decode(parse_qs(urlparse(link.get_attribute("href")).query)["s"][0])
        assert scenario["workload"]["requests_per_month"] >= 1_000_000, "the 1M+ answer is applied"
        again = browser.new_page(viewport={"width": 1400, "height": 2400})
        try:
            again.goto(page.url)  # the link reproduces the answers
            wait_for_app(again)
            again.get_by_role("link", name="Open Compare with these answers").wait_for(timeout=60_000)
        finally:
            again.close()
    finally:
        page.close()


VIEWS = {
    "catalog": "catalog",
    "catalog-gpu": "catalog?table=GPU+offers",
    "catalog-no-match": "catalog?q_api=nosuchmodelxyz",
    "use-cases": "use-cases?" + "&".join(f"fc.calmops.{k}={v}" for k, v in CALMOPS_TO_THE_END.items()),
    "sizing": "sizing?model=meta-llama/Llama-3.1-70B-Instruct&gpu=H100-SXM&method=none",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(server, browser, shots, scheme):
    page = browser.new_page(viewport={"width": 1400, "height": 1800}, color_scheme=scheme)
    try:
        for name, path in VIEWS.items():
            page.goto(f"{server}/{path}")
            wait_for_app(page)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))"
            )
            assert page.locator("[data-testid='stException']").count() == 0, name
            page.screenshot(path=shots / f"{name}-{scheme}.png", full_page=True)
            if name == "use-cases":  # the page scrolls inside its own container: show its end too
                page.get_by_role("link", name="Open Compare with these answers").scroll_into_view_if_needed()
                page.screenshot(path=shots / f"{name}-end-{scheme}.png")
    finally:
        page.close()
