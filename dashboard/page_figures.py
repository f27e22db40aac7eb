"""Plotly figures for the Catalog and Sizing pages: rows in, figures out (no cost arithmetic here).

Each figure is built in one `go.Figure(data, layout)` call from plain dicts: building it with
`add_trace`, `update_*` and `add_vline` validated every property again on each call and took
~60 ms for the four-bar memory chart, most of a Sizing rerun; one call takes ~12 ms.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import plotly.graph_objects as go

from dashboard.figures import PALETTE

LEGEND_ON_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"}
MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}


def gpu_prices(points: list[dict[str, Any]]) -> go.Figure:
    """USD per GPU-hour by GPU, one point per offer, coloured by cloud.

    The x axis is declared categorical with the GPUs in order: left to plotly's guess, the axis
    came out linear (-1..6) and none of the offers' points was drawn."""
    gpus = sorted({p["gpu"] for p in points})
    data = []
    for i, cloud in enumerate(sorted({p["cloud"] for p in points})):
        mine = [p for p in points if p["cloud"] == cloud]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": cloud,
                "x": [p["gpu"] for p in mine],
                "y": [p["per_gpu_hour"] for p in mine],
                "marker": {"size": 10, "color": PALETTE[i % len(PALETTE)], "symbol": i // len(PALETTE)},
                "text": [p["instance_type"] for p in mine],
                "hovertemplate": "%{text}: %{y:$.2f}/GPU-hour",
            }
        )
    return go.Figure(
        data=data,
        layout={
            "margin": MARGIN,
            "legend": LEGEND_ON_TOP,
            "hovermode": "closest",
            "height": 430,
            "xaxis": {"title": {"text": "GPU"}, "type": "category", "categoryorder": "array", "categoryarray": gpus},
            "yaxis": {"title": {"text": "On-demand USD per GPU-hour"}, "tickprefix": "$", "rangemode": "tozero"},
        },
    )


def token_prices(points: list[dict[str, Any]]) -> go.Figure:
    """Input vs output price per 1M tokens, log-log, one colour per provider."""
    data = []
    for provider in sorted({p["provider"] for p in points}):
        mine = [p for p in points if p["provider"] == provider]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": provider,
                "x": [p["input_per_mtok"] for p in mine],
                "y": [p["output_per_mtok"] for p in mine],
                "text": [p["model_id"] for p in mine],
                "hovertemplate": "%{text}: in %{x:$.3f} / out %{y:$.3f}",
            }
        )
    return go.Figure(
        data=data,
        layout={
            "margin": MARGIN,
            "legend": LEGEND_ON_TOP,
            "hovermode": "closest",
            "height": 520,
            "xaxis": {"title": {"text": "Input, USD per 1M tokens (log)"}, "type": "log", "tickprefix": "$"},
            "yaxis": {"title": {"text": "Output, USD per 1M tokens (log)"}, "type": "log", "tickprefix": "$"},
        },
    )


@lru_cache(maxsize=256)
def memory_breakdown(parts: tuple[tuple[str, float], ...], capacity_gib: float) -> go.Figure:
    """Training and serving memory as stacked bars against the instance's usable memory.

    The legend sits above the plot: below it, plotly drew it over the x axis's tick labels.
    Kept per (parts, capacity), since a Sizing rerun without a change draws the same chart
    (`st.plotly_chart` reads the figure, never changes it)."""
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [phase],
            "x": [gib],
            "name": part.split(".", 1)[1].replace("_", " "),
            "hovertemplate": "%{x:,.1f} GiB",
        }
        for phase in ("training", "serving")
        for part, gib in parts
        if part.startswith(phase + ".")
    ]
    return go.Figure(
        data=data,
        layout={
            "barmode": "stack",
            "height": 300,
            "margin": MARGIN,
            "legend": LEGEND_ON_TOP,
            "xaxis": {"title": {"text": "Memory, GiB"}},
            "shapes": [
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": capacity_gib,
                    "x1": capacity_gib,
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "red", "dash": "dash"},
                }
            ],
            "annotations": [
                {
                    "xref": "x",
                    "yref": "paper",
                    "x": capacity_gib,
                    "y": 0,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "text": f"instance: {capacity_gib:,.0f} GiB usable",
                }
            ],
        },
    )


def price_history(points: list[dict[str, Any]], what: str) -> go.Figure:
    """A record's price over time as its sources showed it: a step from each reading to the next
    (a price holds until the next reading changes it), each reading a marker whose hover names
    its source and date."""
    return go.Figure(
        data=[
            {
                "type": "scatter",
                "mode": "lines+markers",
                "line": {"shape": "hv", "color": PALETTE[0]},
                "marker": {"size": 10},
                "name": what,
                "x": [p["As of"].isoformat() for p in points],
                "y": [p["Price $"] for p in points],
                "customdata": [p["Source"] for p in points],
                "hovertemplate": "%{x}: %{y:$.2f}<br>%{customdata}<extra></extra>",
            }
        ],
        layout={
            "margin": MARGIN,
            "height": 320,
            "hovermode": "closest",
            "showlegend": False,
            "xaxis": {"title": {"text": "Date the source showed the price"}, "type": "date"},
            "yaxis": {"title": {"text": what}, "tickprefix": "$", "rangemode": "tozero"},
        },
    )
