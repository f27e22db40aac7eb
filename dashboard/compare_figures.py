"""The Compare page's plotly figures: the engine's result in, figures out (no cost arithmetic).

Each figure is built by one `go.Figure(data=..., layout=...)` call from plain dicts: plotly
validates a figure once that way, where adding traces one by one and `update_*`/`add_vline`
calls validate the whole figure again at each step (5-10x slower on a page that redraws on
every edit).
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from catalog.engine.results import Curves, EstimateResult, Tornado
from dashboard.figures import PALETTE
from dashboard.format import count, money
from dashboard.verdict import input_name, input_value, nearest_changes

MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}
LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"}
LEFT, RIGHT = [0.0, 0.47], [0.55, 1.0]
"""The two panels of `costs`, as shares of the figure's width: the right panel's axis labels sit
in the gap, and each panel lines up with the page's half-width title above it."""


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


BAND_ALPHA = 0.4
"""Opacity of a P10–P90 band's fill: light enough for the lines and other bands to read through,
dark enough to see on a white and on a dark background."""


def _translucent(hex_color: str, alpha: float = BAND_ALPHA) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def band_traces(name: str, i: int, x: list, p10: list[float], p90: list[float], shape: str = "linear") -> list[dict]:
    """An option's P10–P90 band: its P90 edge, then its P10 edge filled up to it, in the option's
    colour with thin dotted edges (a band a few pixels wide still shows), one legend entry grouped
    with the option's line. Nothing for a band with no width (nothing uncertain moves that cost)."""
    if all(low == high for low, high in zip(p10, p90, strict=True)):
        return []
    edge = {
        "type": "scatter",
        "x": x,
        "mode": "lines",
        "legendgroup": name,
        "hoverinfo": "skip",
        "line": {"color": color(i), "width": 1, "dash": "dot", "shape": shape},
    }
    return [
        {**edge, "y": p90, "showlegend": False, "name": f"{name}: P90"},
        {**edge, "y": p10, "fill": "tonexty", "fillcolor": _translucent(color(i)), "name": f"{name}: P10–P90"},
    ]


def _vline(x: float, dash: str | None, line_color: str, width: float = 1.5) -> dict:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": line_color, "dash": dash, "width": width},
    }


def _cost_at(curves: Curves, name: str, volume: float) -> float | None:
    series = curves.monthly_usd.get(name)
    if not series:
        return None
    vols = curves.requests_per_month
    nearest = min(range(len(vols)), key=lambda i: abs(vols[i] - volume))
    return series[nearest]


def costs(result: EstimateResult, names: list[str]) -> go.Figure:
    """Monthly cost vs volume (left) and cumulative cost by month (right) as one figure with one
    legend: an option's line and band are one legend entry across both panels (clicking it hides
    both), and the browser draws one legend, one set of layers and one chart component where two
    figures cost it two, on a first view that waits for this chart."""
    left, left_layout = cost_curves(result, names)
    right, right_layout = cumulative(result, names)
    in_legend = {t["name"] for t in left if t.get("showlegend", True)}
    for trace in right:
        trace.update(xaxis="x2", yaxis="y2")
        if trace["name"] in in_legend:
            trace["showlegend"] = False
    layout = {"margin": MARGIN, "legend": LEGEND, "hovermode": "x unified", "height": 430}
    return go.Figure(data=left + right, layout={**layout, **left_layout, **right_layout})


def cost_curves(result: EstimateResult, names: list[str]) -> tuple[list[dict], dict]:
    """`costs`' left panel, its traces and layout: monthly cost vs requests/month, log-log, with
    the scenario volume and break-evens marked."""
    curves = result.curves or Curves(requests_per_month=[], monthly_usd={})
    volumes = curves.requests_per_month
    bands = result.uncertainty.bands.by_option if result.uncertainty and result.uncertainty.bands else {}
    data: list[dict] = []
    for i, name in enumerate(names):  # every band first: drawn under every line
        if name in curves.monthly_usd and name in bands:
            data += band_traces(name, i, volumes, bands[name].p10, bands[name].p90, "hv")
    for i, name in enumerate(names):
        if name in curves.monthly_usd:
            data.append(
                {
                    "type": "scatter",
                    "x": volumes,
                    "y": curves.monthly_usd[name],
                    "name": name,
                    "mode": "lines",
                    "legendgroup": name,
                    "line": {"color": color(i), "width": 2.5, "shape": "hv"},
                    "hovertemplate": "%{y:$,.0f}/month",
                }
            )
    xs, ys, labels = [], [], []
    for pair in result.break_even:
        for crossing in pair.volumes:
            v = crossing.requests_per_month
            cost = _cost_at(curves, crossing.cheaper_below, v)
            if cost is not None:
                xs.append(v)
                ys.append(cost)
                labels.append(
                    f"≈{count(v)}/month: {crossing.cheaper_below} cheaper below, {crossing.cheaper_above} above"
                )
    if xs:  # every pair's crossing, named on hover; only the cheapest route's changes get a label
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "markers",
                "name": "break-even of two options",
                "hovertext": labels,
                "hoverinfo": "text",
                "marker": {"symbol": "diamond", "size": 9, "color": "gray", "line": {"color": "white", "width": 1}},
            }
        )
    shapes, annotations = [], []
    below, above = nearest_changes(result)  # the changes the verdict names, labelled up-left, 60 px apart
    for (v, cheaper_below, cheaper_above), side in [*((c, -1) for c in below), *((c, 1) for c in above)]:
        cost = _cost_at(curves, cheaper_above, v)
        if cost is not None and cost > 0:
            annotations.append(
                {
                    "x": _log10(v),
                    "y": _log10(cost),
                    "xref": "x",
                    "yref": "y",
                    "showarrow": True,
                    "arrowhead": 0,
                    "ax": -20,
                    "ay": -60 if side > 0 else -120,
                    "xanchor": "right",
                    "align": "right",
                    "text": f"≈{count(v)}/mo: cheapest {'above' if side > 0 else 'below'}<br>"
                    f"{cheaper_above if side > 0 else cheaper_below}",
                }
            )
    volume = result.requests_per_month
    if volume > 0:
        shapes.append(_vline(volume, "dash", "gray"))
        annotations.append(
            {
                "x": _log10(volume),
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "showarrow": False,
                "text": f"your volume: {count(volume)}/month",
                "xanchor": "right",
                "yanchor": "top",
            }
        )
    layout = {
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {
            "domain": LEFT,
            "title": {"text": "Requests per month (log scale)"},
            "type": "log",  # labels never widen it
            **({"range": [_log10(volumes[0]), _log10(volumes[-1])]} if volumes else {}),
        },
        "yaxis": {"title": {"text": "Monthly cost, USD (log scale)"}, "type": "log", "tickprefix": "$"},
    }
    return data, layout


def _log10(x: float) -> float:
    """Annotations on a log axis are placed in log10 units (shapes take data units)."""
    return math.log10(x)


def cumulative(result: EstimateResult, names: list[str]) -> tuple[list[dict], dict]:
    """`costs`' right panel, its traces and layout: cumulative cost by month, month 0 being the
    upfront cost, for the feasible options, with each option's P10–P90 band when the scenario has
    ranges."""
    by_name = {o.name: o for o in result.options}
    months = list(range(result.horizon_months + 1))
    shown = [(i, name) for i, name in enumerate(names) if name in by_name and by_name[name].feasible]
    spreads = result.uncertainty.options if result.uncertainty else {}
    data: list[dict] = []
    for i, name in shown:  # the engine's P10–P90 of the cumulative cost, under every line
        band = spreads[name].cumulative_usd if name in spreads else None
        if band is not None:
            data += band_traces(name, i, months, band.p10, band.p90)
    data += [
        {
            "type": "scatter",
            "x": months,
            "y": [by_name[name].upfront_usd, *by_name[name].cumulative_usd],
            "name": name,
            "mode": "lines+markers",
            "legendgroup": name,
            "line": {"color": color(i), "width": 2.5},
            "hovertemplate": "month %{x}: %{y:$,.0f}",
        }
        for i, name in shown
    ]
    layout = {
        "xaxis2": {"domain": RIGHT, "anchor": "y2", "title": {"text": "Month (0 = upfront)"}, "type": "linear"},
        "yaxis2": {"anchor": "x2", "title": {"text": "Cumulative cost, USD"}, "type": "linear", "tickprefix": "$"},
    }
    return data, layout


def tornado(tornado: Tornado) -> go.Figure:
    """Each ranged input swung low→high alone: how the gap between the two best options moves.
    Red bars change which option is cheapest."""
    bars = [bar for bar in reversed(tornado.bars) if bar.swing_usd]  # largest swing on top; none that moves nothing
    base = tornado.gap_usd or 0
    data = []
    for bar in bars:
        low, high = sorted((bar.gap_at_low_usd, bar.gap_at_high_usd))
        data.append(
            {
                "type": "bar",
                "y": [input_name(bar.input)],
                "x": [high - low],
                "base": [low],
                "orientation": "h",
                "showlegend": False,
                "marker": {"color": "#E45756" if bar.flips else "#4C78A8"},
                "hovertemplate": (
                    f"{input_name(bar.input)}: {input_value(bar.input, bar.low)} → "
                    f"{input_value(bar.input, bar.high)}<br>gap from {money(low)} to "
                    f"{money(high)}" + ("<br>changes the cheapest option" if bar.flips else "") + "<extra></extra>"
                ),
            }
        )
    best, second = [*tornado.between, "", ""][:2]
    layout = {
        "height": max(220, 60 * len(bars) + 120),
        "margin": {**MARGIN, "t": 44},  # room above the top bar for the label
        "shapes": [_vline(base, "dash", "gray"), _vline(0, None, "#E45756", 1)],
        "annotations": [
            {
                "x": base,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "showarrow": False,
                "yanchor": "bottom",
                "text": "gap at the point estimate",
            }
        ],
        "xaxis": {
            "title": {"text": f"{second} minus {best}, horizon cost, USD (left of the red line: the order flips)"},
            "tickprefix": "$",
        },
        "yaxis": {"title": {"text": "Input swung low → high"}},
    }
    return go.Figure(data=data, layout=layout)
