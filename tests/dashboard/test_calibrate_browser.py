"""Calibrate in a real browser: upload OpenAI usage pages, follow "Use in Compare", and Compare
opens in a new tab on the calibrated scenario (the workload the CLI computes for the same files)."""

from __future__ import annotations

import urllib.parse

import pytest

from catalog.usage.calibrate import calibrate
from catalog.usage.sources import read_files
from catalog.usage.workload import scenario_from
from dashboard import scenario_state
from tests.browser import have_chromium, wait_for_app
from tests.usage import generate as g

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


def test_upload_then_use_in_compare(server, browser, shots, tmp_path, catalog):
    pages = g.write_openai(tmp_path)
    expected = calibrate(read_files(pages, None, "model"), catalog, "model")
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        page.goto(f"{server}/calibrate")
        wait_for_app(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(p) for p in pages])
        page.wait_for_selector("text=2 group(s) by model", timeout=90_000)
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=shots / "calibrate-uploaded.png", full_page=True)
        link = page.get_by_role("link", name="Use in Compare")
        token = urllib.parse.parse_qs(urllib.parse.urlparse(link.get_attribute("href")).query)["s"][0]
        assert scenario_state.decode(token) == scenario_from(expected.groups[0], "an uploaded usage file")
        with page.context.expect_page() as opened:  # a new tab: the calibration stays open
            link.click()
        compare = opened.value
        try:
            wait_for_app(compare)
            assert compare.locator("[data-testid='stException']").count() == 0
            volume = compare.get_by_label("Requests per month")
            assert float(volume.input_value().replace(",", "")) == pytest.approx(
                expected.groups[0].requests_per_month, rel=1e-6
            )
            compare.screenshot(path=shots / "calibrate-in-compare.png", full_page=True)
        finally:
            compare.close()
    finally:
        page.close()
