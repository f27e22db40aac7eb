"""Uncertainty bands on Compare's chart: visible (a fill of real opacity, drawn under every
line, in the legend once) and exactly the engine's numbers, on the monthly-cost panel and on the
cumulative panel, in the figure function and on the page."""

from __future__ import annotations

import re

from catalog.build import build_catalog
from catalog.engine.estimate import estimate
from catalog.engine.results import EstimateResult
from catalog.engine.scenario import parse_scenario
from dashboard import compare_figures as figures
from dashboard import scenario_state as ss
from tests.dashboard.compare_checks import url_scenario
from tests.dashboard.conftest import figure

CATALOG = build_catalog()
BAND = "P10–P90"


def with_bands() -> dict:
    return ss.edit(ss.default_scenario(CATALOG), "bands", True, CATALOG)


def bands_of(fig: dict) -> dict[str, tuple[list, list]]:
    """Each band trace pair in a figure: option name -> (P10 edge's y, the P90 edge's y before it)."""
    data = fig["data"]
    return {
        t["name"].removesuffix(f": {BAND}"): (list(t["y"]), list(data[i - 1]["y"]))
        for i, t in enumerate(data)
        if t.get("name", "").endswith(BAND)
    }


def panels(fig: dict) -> tuple[dict, dict]:
    """The figure's left panel (monthly cost vs volume) and right panel (cumulative cost), each as
    a figure of its own traces."""
    data = fig["data"]
    return (
        {"data": [t for t in data if t.get("xaxis", "x") == "x"]},
        {"data": [t for t in data if t.get("xaxis") == "x2"]},
    )


def assert_one_legend_entry_per_band(fig: dict) -> None:
    fills = [t for t in fig["data"] if t.get("fill") == "tonexty"]
    shown = [t["name"] for t in fills if t.get("showlegend") is not False]
    assert sorted(shown) == sorted({t["name"] for t in fills}), "each band is in the legend, once for both panels"


def assert_visible(fig: dict) -> None:
    data = fig["data"]
    fills = [t for t in data if t.get("fill") == "tonexty"]
    assert fills, "bands are drawn"
    for t in fills:
        alpha = float(re.fullmatch(r"rgba\(\d+,\d+,\d+,([\d.]+)\)", t["fillcolor"]).group(1))
        assert alpha >= 0.25, "a fill you can see on a light and a dark background"
        assert t["legendgroup"] == t["name"].removesuffix(f": {BAND}"), "grouped with its option's line"
    last_band = max(i for i, t in enumerate(data) if t.get("legendgroup") and t.get("hoverinfo") == "skip")
    first_line = min(i for i, t in enumerate(data) if t.get("hoverinfo") != "skip")
    assert last_band < first_line, "every band under every line"


def cumulative_expected(result: EstimateResult) -> dict[str, tuple[list, list]]:
    assert result.uncertainty is not None
    out = {}
    for o in result.options:
        band = result.uncertainty.options[o.name].cumulative_usd
        if o.feasible and band is not None and band.p10 != band.p90:
            out[o.name] = (band.p10, band.p90)
    return out


def curves_expected(result: EstimateResult) -> dict[str, tuple[list, list]]:
    assert result.uncertainty is not None and result.uncertainty.bands is not None
    return {name: (b.p10, b.p90) for name, b in result.uncertainty.bands.by_option.items() if b.p10 != b.p90}


def test_the_figures_draw_the_engines_bands_visibly():
    result = estimate(parse_scenario(with_bands()), CATALOG)
    names = [o.name for o in result.options]
    fig = figures.costs(result, names).to_plotly_json()
    curves, cumulative = panels(fig)
    assert_one_legend_entry_per_band(fig)
    assert bands_of(cumulative) == cumulative_expected(result) and len(bands_of(cumulative)) >= 2
    assert bands_of(curves) == curves_expected(result) and bands_of(curves)
    assert_visible(cumulative)
    assert_visible(curves)
    months = list(range(result.horizon_months + 1))
    assert all(list(t["x"]) == months for t in cumulative["data"]), "month 0 is the upfront cost, as the lines"


def test_without_ranges_there_are_no_bands():
    result = estimate(parse_scenario(ss.default_scenario(CATALOG)), CATALOG)
    names = [o.name for o in result.options]
    assert not any(t.fill for t in figures.costs(result, names).data)


def test_the_page_draws_the_engines_bands_for_its_link(app):
    at = app().run()
    at.toggle(key="w:bands").set_value(True).run()
    assert not at.exception
    result = estimate(parse_scenario(url_scenario(at)), CATALOG)
    curves, cumulative = panels(figure(at, 0))
    assert bands_of(cumulative) == cumulative_expected(result) and bands_of(cumulative)
    assert bands_of(curves) == curves_expected(result) and bands_of(curves)
