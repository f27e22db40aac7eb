"""Plotly figures for the Catalog and Sizing pages (Compare's are in dashboard/compare_figures.py)."""

from __future__ import annotations

import plotly.graph_objects as go

PALETTE = ["#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2"]


def _layout(fig: go.Figure, x_title: str, y_title: str, log_x: bool = False, log_y: bool = False) -> go.Figure:
    fig.update_layout(
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"),
        hovermode="x unified",
        height=430,
    )
    fig.update_xaxes(title_text=x_title, type="log" if log_x else "linear")
    fig.update_yaxes(title_text=y_title, type="log" if log_y else "linear", tickprefix="$")
    return fig


def gpu_prices(rows: list[dict]) -> go.Figure:
    """USD per GPU-hour by GPU, one point per offer, coloured by cloud."""
    fig = go.Figure()
    clouds = sorted({r["cloud"] for r in rows})
    for i, cloud in enumerate(clouds):
        mine = [r for r in rows if r["cloud"] == cloud]
        fig.add_trace(go.Scatter(
            x=[r["gpu"] for r in mine], y=[r["per_gpu_hour"] for r in mine], mode="markers", name=cloud,
            marker=dict(size=10, color=PALETTE[i % len(PALETTE)] if i < len(PALETTE) else None),
            text=[r["instance_type"] for r in mine], hovertemplate="%{text}: %{y:$.2f}/GPU-hour"))
    fig = _layout(fig, "GPU", "On-demand USD per GPU-hour")
    fig.update_layout(hovermode="closest")
    return fig


def token_prices(rows: list[dict]) -> go.Figure:
    """Input vs output price per 1M tokens, log-log."""
    fig = go.Figure()
    providers = sorted({r["provider"] for r in rows})
    for provider in providers:
        mine = [r for r in rows if r["provider"] == provider and r["input_per_mtok"] > 0 and r["output_per_mtok"] > 0]
        if mine:
            fig.add_trace(go.Scatter(
                x=[r["input_per_mtok"] for r in mine], y=[r["output_per_mtok"] for r in mine], mode="markers",
                name=provider, text=[r["model_id"] for r in mine], hovertemplate="%{text}: in %{x:$.3f} / out %{y:$.3f}"))
    fig = _layout(fig, "Input, USD per 1M tokens (log)", "Output, USD per 1M tokens (log)", log_x=True, log_y=True)
    fig.update_xaxes(tickprefix="$")
    fig.update_layout(hovermode="closest", height=520)
    return fig


def memory_breakdown(parts: dict[str, float], capacity_gib: float) -> go.Figure:
    fig = go.Figure()
    for phase in ("training", "serving"):
        for part, gib in parts.items():
            if part.startswith(phase + "."):
                fig.add_trace(go.Bar(y=[phase], x=[gib], name=part.split(".", 1)[1].replace("_", " "), orientation="h",
                                     hovertemplate="%{x:,.1f} GiB"))
    fig.add_vline(x=capacity_gib, line_dash="dash", line_color="red", annotation_text=f"instance: {capacity_gib:,.0f} GiB usable")
    fig.update_layout(barmode="stack", height=260, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h"))
    fig.update_xaxes(title_text="Memory, GiB")
    return fig
