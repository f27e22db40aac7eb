"""Installed plugin packages on the dashboard: a real `streamlit run` with the pip-installed
packages on PYTHONPATH, pages loaded in Debian's Chromium. The example package shows on the
Plugins page with its version, hooks and record count, and its prices win over list prices;
with every hostile package installed, every page still renders, each failure is listed, and
HTML in a model name stays text."""

from __future__ import annotations

import os
import re
import time

import pytest

from tests.browser import have_chromium, streamlit_server, wait_for_app
from tests.conftest import ROOT
from tests.plugins.conftest import EXAMPLE_DIST, EXAMPLE_PLUGIN, EXAMPLE_VERSION, HOSTILE, XSS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]
PAGES = {"compare": "", "catalog": "catalog", "use-cases": "use-cases", "sizing": "sizing", "plugins": "plugins"}
OVERRIDDEN = {
    "aws/p5.48xlarge/us-east-1": "aws_gpus",
    "azure/Standard_ND96isr_H100_v5/unspecified": "azure_gpus",
    "anthropic/claude-sonnet-4-5": "genai_prices_api",
    "fireworks/llama-3.1-8b-lora-sft": "fireworks_finetune",
}

_VISIBLE_ROWS = """(frame) => {
  const rows = {};
  for (const tr of frame.querySelectorAll('table[role=grid] tr'))
    rows[tr.getAttribute('aria-rowindex')] = [...tr.querySelectorAll('th, td')].map(c => c.textContent);
  return rows; }"""


def grid_rows(page, frame) -> list[dict[str, str]]:
    """Every row of an st.dataframe, as {column: text}. The grid draws on a canvas and keeps an
    accessible table of the rows in view only, so scroll through it and collect."""
    frame.scroll_into_view_if_needed()
    scroller = frame.locator(".dvn-scroller").first
    rows: dict[str, list[str]] = {}
    for _ in range(200):
        rows.update(frame.evaluate(_VISIBLE_ROWS))
        at_end = scroller.evaluate(
            "s => { const end = s.scrollTop + s.clientHeight >= s.scrollHeight - 1;"
            " s.scrollTop += Math.max(1, s.clientHeight - 60); return end; }"
        )
        if at_end:
            break
        page.wait_for_timeout(250)
    header = rows.pop("1")
    return [dict(zip(header, rows[index], strict=True)) for index in sorted(rows, key=int)]


def frame_with(page, column: str, timeout_s: float = 60):
    """The (first visible) st.dataframe whose header has `column`, once its grid has drawn."""
    deadline = time.monotonic() + timeout_s
    while True:
        frames = page.locator("[data-testid='stDataFrame']:visible")
        for i in range(frames.count()):
            if column in frames.nth(i).locator("table[role=grid] th").all_text_contents():
                return frames.nth(i)
        if time.monotonic() > deadline:
            raise AssertionError(f"no table with a {column!r} column")
        page.wait_for_timeout(250)


def search_catalog(page, table: str, column: str, text: str) -> None:
    """Open one Catalog table and search it, as a user would. Picking the table reruns the page and
    swaps the Search box for that table's own, so wait for the swap before typing, or the text
    lands in the box being replaced; then wait for the search's own rerun."""
    page.get_by_role("radio", name=table).click()
    page.wait_for_url(re.compile(r"table=" + re.escape(table.replace(" ", "+"))))
    wait_for_app(page)
    frame_with(page, column)
    search = page.get_by_role("textbox", name="Search").locator("visible=true")
    search.fill(text)
    search.press("Enter")
    page.wait_for_url(re.compile(r"q_\w+=" + re.escape(text)))
    wait_for_app(page)


def server_env(site) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PROMPT_OR_TUNE_LOAD_PLUGINS"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(site)])
    return env


@pytest.fixture
def page(browser):
    """A page that records any dialog (an `alert(1)` that ran would open one)."""
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    page.close()


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()[:2000]
    assert page.locator("h1").first.inner_text().strip()


def test_the_installed_example_package_on_the_plugins_page(example_site, page, shots):
    with streamlit_server(ROOT, env=server_env(example_site)) as url:
        open_page(page, f"{url}/plugins")
        page.screenshot(path=shots / "example-plugins.png", full_page=True)
        rows = {row["plugin"]: row for row in grid_rows(page, frame_with(page, "plugin"))}
        shown = " | ".join(rows[EXAMPLE_PLUGIN].values())
        for expected in (EXAMPLE_DIST, EXAMPLE_VERSION, "api_prices", "finetune_offers", "gpu_offers", "11"):
            assert expected in shown, f"{expected!r} not in the Plugins row: {shown}"
        assert page.get_by_text("Every plugin loaded without errors").count() == 1

        overrides = {row["key"]: row for row in grid_rows(page, frame_with(page, "winner"))}
        for key, loser in OVERRIDDEN.items():
            assert (overrides[key]["winner"], overrides[key]["loser"]) == (EXAMPLE_PLUGIN, loser), (
                "the page says which won"
            )

        open_page(page, f"{url}/catalog")
        search_catalog(page, "GPU offers", "Instance", "BM.GPU")
        page.get_by_text(re.compile(r"^7 of [\d,]+ record\(s\)$")).wait_for(timeout=30_000)
        grid = frame_with(page, "Instance")
        grid.locator("table[role=grid][aria-rowcount='8']").wait_for(
            state="attached", timeout=30_000
        )  # 7 rows and the header
        oci = grid_rows(page, grid)
        assert [r["Cloud"] for r in oci] == ["oci"] * 7
        assert {r["Instance"] for r in oci} >= {"BM.GPU.H100.8", "BM.GPU.MI300X.8"}
        page.screenshot(path=shots / "example-catalog-oci.png", full_page=True)
        assert page.dialogs == []


@pytest.fixture(scope="module")
def hostile_server(plugin_site):
    """One server for the hostile checks: the sleeper costs a time limit at its first build."""
    with streamlit_server(ROOT, env=server_env(plugin_site)) as url:
        yield url


def test_with_every_hostile_package_the_dashboard_renders(hostile_server, page, shots):
    url = hostile_server
    for name, path in PAGES.items():
        open_page(page, f"{url}/{path}")
        assert page.locator("img[src='x']").count() == 0
        page.screenshot(path=shots / f"hostile-{name}.png", full_page=True)

    open_page(page, f"{url}/plugins")
    listed = {row["plugin"]: row for row in grid_rows(page, frame_with(page, "plugin"))}
    for name, dist in HOSTILE.items():
        assert f"{dist} 0.0.1" in " | ".join(listed[name].values())
    assert EXAMPLE_DIST in " | ".join(listed[EXAMPLE_PLUGIN].values())
    problems = grid_rows(page, frame_with(page, "message"))
    reported = {(row["plugin"], row["hook"]): row["message"] for row in problems}
    assert "ImportError: this plugin needs a package" in reported[("pot_import_error", "import")]
    assert reported[("pot_raises", "gpu_offers")] == "RuntimeError: pricing backend exploded"
    assert "expected a list of records" in reported[("pot_garbage", "api_prices")]
    assert "2 invalid record(s) skipped" in reported[("pot_garbage", "gpu_specs")]
    assert "no answer within 5 s" in reported[("pot_sleeps", "open_models")]
    assert "kept the first 20,000" in reported[("pot_flood", "gpu_offers")]
    assert {plugin for plugin, _ in reported} == set(HOSTILE) - {"pot_xss"}, "no one else failed"
    assert page.dialogs == []


def test_html_in_a_model_name_is_shown_as_text(hostile_server, page, shots):
    url = hostile_server
    open_page(page, f"{url}/sizing?model=pot-xss/evil-model")
    page.screenshot(path=shots / "hostile-sizing-xss.png", full_page=True)
    assert page.get_by_text(f"{XSS} fits on", exact=False).count() >= 1, "the name is on the page, as text"
    assert page.get_by_text(f"{XSS} on every GPU").count() == 1
    assert page.locator("img[src='x']").count() == 0, "no <img> was created from it"
    assert page.evaluate("() => document.querySelectorAll('[onerror]').length") == 0
    assert page.dialogs == [], "no alert ran"

    open_page(page, f"{url}/catalog")
    search_catalog(page, "Open models", "Repository", "pot-xss")
    grid = frame_with(page, "Repository")
    grid.locator("table[role=grid][aria-rowcount='2']").wait_for(state="attached", timeout=30_000)
    (row,) = grid_rows(page, grid)
    assert (row["Repository"], row["Name"]) == ("pot-xss/evil-model", XSS), "a table cell holds the name as text"
    page.screenshot(path=shots / "hostile-catalog-xss.png", full_page=True)
    assert page.locator("img[src='x']").count() == 0 and page.dialogs == []
