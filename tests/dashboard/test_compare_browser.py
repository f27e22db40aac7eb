"""Compare in a real browser, for what AppTest cannot see: the browser's own widget values sent
back on reruns that were interrupted, page switches, a real file upload. Each test ends by
reading the scenario the URL carries and checking it field by field against the intended one."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from catalog.engine.uncertainty import default_ranges
from dashboard import scenario_state as ss
from tests.browser import have_chromium, wait_for_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


SLOW_MACHINE_MS = 180_000  # a rerun with bands on can take seconds on a loaded CI machine


def url_scenario(page) -> dict:
    return ss.decode(parse_qs(urlparse(page.url).query)["s"][0])


def flat(node: object, path: str = "") -> dict[str, object]:
    """Every leaf of a scenario by its path, so a difference names the field."""
    if isinstance(node, dict):
        return {k: v for key, value in node.items() for k, v in flat(value, f"{path}.{key}" if path else key).items()}
    if isinstance(node, list):
        return {k: v for i, value in enumerate(node) for k, v in flat(value, f"{path}.{i}").items()}
    return {path: node}


def assert_same(actual: dict, intended: dict) -> None:
    a, b = flat(actual), flat(intended)
    differences = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}
    assert not differences, f"URL scenario differs from the intended one (field: (url, intended)): {differences}"


def open_compare(browser, server: str):
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    page.set_default_timeout(SLOW_MACHINE_MS)
    page.goto(server)
    wait_for_app(page, SLOW_MACHINE_MS)
    page.wait_for_selector(".js-plotly-plot")
    return page


def settle(page) -> None:
    """Wait until no rerun is pending and the URL holds the page's scenario."""
    wait_for_app(page, SLOW_MACHINE_MS)
    page.wait_for_timeout(500)
    wait_for_app(page, SLOW_MACHINE_MS)


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']"
    ).first.inner_text()


def set_volume(page, value: int, wait: bool = True) -> None:
    box = page.get_by_label("Requests per month")
    box.fill(str(value))
    box.press("Enter")
    if wait:
        settle(page)


def test_volume_typed_three_times_keeps_every_other_field(server, browser, shots):
    page = open_compare(browser, server)
    try:
        intended = url_scenario(page)
        for volume in (5_000_000, 6_000_000, 7_000_000):
            set_volume(page, volume)
            no_exception(page)
        intended["workload"]["requests_per_month"] = 7_000_000
        assert_same(url_scenario(page), intended)
        page.screenshot(path=shots / "volume-7M.png", full_page=True)
    finally:
        page.close()


def test_bands_on_then_a_volume_change(server, browser):
    page = open_compare(browser, server)
    try:
        page.get_by_text("Uncertainty bands and tornado").click()
        settle(page)
        intended = url_scenario(page)
        assert intended["ranges"], "bands on puts ranges into the scenario"
        set_volume(page, 6_000_000)
        no_exception(page)
        intended["workload"]["requests_per_month"] = 6_000_000
        intended["ranges"] = default_ranges(intended)  # the toggle's ranges are ½×–2× of the volume: they follow it
        assert_same(url_scenario(page), intended)
    finally:
        page.close()


def test_typing_faster_than_reruns_finish(server, browser):
    page = open_compare(browser, server)
    try:
        page.get_by_text("Uncertainty bands and tornado").click()
        settle(page)
        intended = url_scenario(page)
        for volume in (5_000_000, 6_000_000, 7_000_000, 8_000_000):
            set_volume(page, volume, wait=False)
            page.wait_for_timeout(80)
        settle(page)
        no_exception(page)
        intended["workload"]["requests_per_month"] = 8_000_000
        intended["ranges"] = default_ranges(intended)
        assert_same(url_scenario(page), intended)
    finally:
        page.close()


def test_another_page_and_back(server, browser):
    page = open_compare(browser, server)
    try:
        set_volume(page, 5_000_000)
        intended = url_scenario(page)
        page.get_by_role("link", name="Catalog").click()
        settle(page)
        page.get_by_role("link", name="Compare").click()
        settle(page)
        page.wait_for_selector(".js-plotly-plot")
        no_exception(page)
        assert_same(url_scenario(page), intended)
        set_volume(page, 6_000_000)
        no_exception(page)
        intended["workload"]["requests_per_month"] = 6_000_000
        assert_same(url_scenario(page), intended)
    finally:
        page.close()


def test_uploading_the_pages_own_download(server, browser, tmp_path):
    page = open_compare(browser, server)
    try:
        set_volume(page, 5_000_000)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download scenario (JSON)").click()
        saved = tmp_path / "scenario.json"
        download.value.save_as(saved)
        intended = json.loads(saved.read_text())
        # The volume edit reran only the results' fragment; the file is made on click from the
        # scenario now shown, not the one the button was drawn with.
        assert intended["workload"]["requests_per_month"] == 5_000_000
        assert_same(url_scenario(page), intended)
        set_volume(page, 9_000_000)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(saved))
        settle(page)
        no_exception(page)
        assert_same(url_scenario(page), intended)
        set_volume(page, 6_000_000)
        no_exception(page)
        intended["workload"]["requests_per_month"] = 6_000_000
        assert_same(url_scenario(page), intended)
    finally:
        page.close()
