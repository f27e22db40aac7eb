"""Plotly figures for the Catalog and Sizing pages: rows in, figures out (no cost arithmetic here)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from dashboard.figures import PALETTE

LEGEND_ON_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"}


def gpu_prices(points: list[dict[str, Any]]) -> go.Figure:
    """USD per GPU-hour by GPU, one point per offer, coloured by cloud.

    The x axis is declared categorical with the GPUs in order: left to plotly's guess, names
    like "A100-80GB" and "H100-SXM" were not recognised and the axis showed -1..6 with no points."""
    gpus = sorted({p["gpu"] for p in points})
    fig = go.Figure()
    for i, cloud in enumerate(sorted({p["cloud"] for p in points})):
        mine = [p for p in points if p["cloud"] == cloud]
        fig.add_trace(go.Scatter(
            x=[p["gpu"] for p in mine], y=[p["per_gpu_hour"] for p in mine], mode="markers", name=cloud,
            marker={"size": 10, "color": PALETTE[i % len(PALETTE)], "symbol": i // len(PALETTE)},
            text=[p["instance_type"] for p in mine], hovertemplate="%{text}: %{y:$.2f}/GPU-hour"))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, legend=LEGEND_ON_TOP, hovermode="closest", height=430)
    fig.update_xaxes(title_text="GPU", type="category", categoryorder="array", categoryarray=gpus)
    fig.update_yaxes(title_text="On-demand USD per GPU-hour", tickprefix="$", rangemode="tozero")
    return fig


def token_prices(points: list[dict[str, Any]]) -> go.Figure:
    """Input vs output price per 1M tokens, log-log, one colour per provider."""
    fig = go.Figure()
    for provider in sorted({p["provider"] for p in points}):
        mine = [p for p in points if p["provider"] == provider]
        fig.add_trace(go.Scatter(
            x=[p["input_per_mtok"] for p in mine], y=[p["output_per_mtok"] for p in mine], mode="markers",
            name=provider, text=[p["model_id"] for p in mine], hovertemplate="%{text}: in %{x:$.3f} / out %{y:$.3f}"))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, legend=LEGEND_ON_TOP, hovermode="closest", height=520)
    fig.update_xaxes(title_text="Input, USD per 1M tokens (log)", type="log", tickprefix="$")
    fig.update_yaxes(title_text="Output, USD per 1M tokens (log)", type="log", tickprefix="$")
    return fig


def memory_breakdown(parts: dict[str, float], capacity_gib: float) -> go.Figure:
    """Training and serving memory as stacked bars against the instance's usable memory.

    The legend sits above the plot: below it, plotly drew it over the x axis's tick labels."""
    fig = go.Figure()
    for phase in ("training", "serving"):
        for part, gib in parts.items():
            if part.startswith(phase + "."):
                fig.add_trace(go.Bar(y=[phase], x=[gib], name=part.split(".", 1)[1].replace("_", " "), orientation="h",
                                     hovertemplate="%{x:,.1f} GiB"))
    fig.add_vline(x=capacity_gib, line_dash="dash", line_color="red", annotation_position="bottom right",
                  annotation_text=f"instance: {capacity_gib:,.0f} GiB usable")
    fig.update_layout(barmode="stack", height=300, margin={"l": 10, "r": 10, "t": 40, "b": 10}, legend=LEGEND_ON_TOP)
    fig.update_xaxes(title_text="Memory, GiB")
    return fig
