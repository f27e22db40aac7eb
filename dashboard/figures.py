"""Plotly figures from the engine's output: dicts in, figures out (no cost arithmetic here)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.format import count, money

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


def cost_curves(result: dict, names: list[str]) -> go.Figure:
    """Monthly cost vs requests/month, log-log, with the scenario volume and break-evens marked."""
    curves = result["curves"]
    volumes = curves["requests_per_month"]
    bands = result.get("uncertainty", {}).get("bands", {})
    fig = go.Figure()
    for i, name in enumerate(names):
        if name not in curves["monthly_usd"]:
            continue
        if name in bands:
            color = PALETTE[i % len(PALETTE)]
            fig.add_trace(go.Scatter(x=volumes, y=bands[name]["p90"], mode="lines", line=dict(width=0, shape="hv"),
                                     showlegend=False, hoverinfo="skip", legendgroup=name))
            fig.add_trace(go.Scatter(x=volumes, y=bands[name]["p10"], mode="lines", line=dict(width=0, shape="hv"),
                                     fill="tonexty", fillcolor=_translucent(color), name=f"{name}: P10–P90",
                                     showlegend=False, hoverinfo="skip", legendgroup=name))
        fig.add_trace(
            go.Scatter(
                x=volumes,
                y=curves["monthly_usd"][name],
                name=name,
                mode="lines",
                line=dict(color=PALETTE[i % len(PALETTE)], width=2.5, shape="hv"),
                hovertemplate="%{y:$,.0f}/month",
            )
        )
    volume = result["requests_per_month"]
    if volume > 0:
        fig.add_vline(x=volume, line_dash="dash", line_color="gray",
                      annotation_text=f"your volume: {count(volume)}/month", annotation_position="top left")
    xs, ys, labels = [], [], []
    for pair in result["break_even"]:
        for crossing in pair["volumes"]:
            v = crossing["requests_per_month"]
            cost = _cost_at(result, crossing["cheaper_below"], v)
            if cost is None:
                continue
            xs.append(v)
            ys.append(cost)
            labels.append(f"{count(v)}/mo: {crossing['cheaper_above']} cheaper above")
    if xs:
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="markers+text", name="break-even", text=[count(x) for x in xs],
                       textposition=["top left" if i % 2 == 0 else "bottom right" for i in range(len(xs))],
                       hovertext=labels, hoverinfo="text",
                       marker=dict(symbol="diamond", size=11, color="black", line=dict(color="white", width=1)))
        )
    return _layout(fig, "Requests per month (log scale)", "Monthly cost, USD (log scale)", log_x=True, log_y=True)


def _translucent(hex_color: str, alpha: float = 0.18) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def tornado(tornado: dict) -> go.Figure:
    """Each ranged input swung low→high alone: how the gap between the two best options moves.
    Red bars change which option is cheapest."""
    bars = list(reversed(tornado["bars"]))  # largest swing on top
    base = tornado["gap_usd"] or 0
    fig = go.Figure()
    for bar in bars:
        low, high = sorted((bar["gap_at_low_usd"], bar["gap_at_high_usd"]))
        fig.add_trace(go.Bar(
            y=[bar["input"]], x=[high - low], base=[low], orientation="h", showlegend=False,
            marker_color="#E45756" if bar["flips"] else "#4C78A8",
            hovertemplate=(f"{bar['input']}: {bar['low']:g} → {bar['high']:g}<br>gap from {money(low)} to "
                           f"{money(high)}" + ("<br>changes the cheapest option" if bar["flips"] else "") + "<extra></extra>"),
        ))
    fig.add_vline(x=base, line_dash="dash", line_color="gray", annotation_text="gap at the point estimate")
    fig.add_vline(x=0, line_color="#E45756", line_width=1)
    best, second = (tornado["between"] + ["", ""])[:2]
    fig.update_layout(height=max(220, 60 * len(bars) + 120), margin=dict(l=10, r=10, t=30, b=10))
    fig.update_xaxes(title_text=f"{second} minus {best}, horizon cost, USD (left of the red line: the order flips)",
                     tickprefix="$")
    fig.update_yaxes(title_text="Input swung low → high")
    return fig


def _cost_at(result: dict, name: str, volume: float) -> float | None:
    curves = result["curves"]
    series = curves["monthly_usd"].get(name)
    if not series:
        return None
    vols = curves["requests_per_month"]
    nearest = min(range(len(vols)), key=lambda i: abs(vols[i] - volume))
    return series[nearest]


def cumulative(result: dict, names: list[str]) -> go.Figure:
    fig = go.Figure()
    by_name = {o["name"]: o for o in result["options"]}
    for i, name in enumerate(names):
        option = by_name.get(name)
        if not option or not option["feasible"]:
            continue
        months = list(range(0, result["horizon_months"] + 1))
        values = [option["upfront_usd"]] + option["cumulative_usd"]
        fig.add_trace(go.Scatter(x=months, y=values, name=name, mode="lines+markers",
                                 line=dict(color=PALETTE[i % len(PALETTE)], width=2.5),
                                 hovertemplate="month %{x}: %{y:$,.0f}"))
    return _layout(fig, "Month (0 = upfront)", "Cumulative cost, USD")
