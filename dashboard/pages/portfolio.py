"""Portfolio: several use cases at once, LoRA adapters sharing one base, the cheapest mix.

The portfolio lives in the URL (compressed JSON, like the Compare page's scenario), so a link
reproduces the view; it is edited as JSON (the same format the CLI reads) and only replaces the
current one when it is valid, so a typo loses nothing.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from catalog.build import Catalog
from catalog.engine.portfolio import (
    BEST_MIX,
    PROMPTED,
    PortfolioResult,
    evaluate,
    parse_portfolio,
)
from catalog.engine.scenario import ScenarioError
from dashboard import scenario_state as ss
from dashboard.data import get_catalog, plugin_warnings
from dashboard.figures import PALETTE
from dashboard.format import count, money
from dashboard.safe import plain

PRESETS = [
    "customer_support",
    "email_classification",
    "sentiment_analysis",
    "domain_extraction",
    "high_volume_ticket_classification",
]
HIGHLIGHT = "background-color: rgba(84, 162, 75, 0.28); font-weight: 600"
state = st.session_state


def default_portfolio(catalog: Catalog) -> dict:
    """Five preset use cases (their workloads as the catalog gives them), the Compare page's
    default options, and the self-hosted base shared between the use cases' adapters."""
    use_cases = [
        {
            "name": catalog.usecases[k].name,
            "preset": k,
            "training_data": {"examples": 1000, "tokens_per_example": 500, "epochs": 3},
        }
        for k in PRESETS
        if k in catalog.usecases
    ]
    options = [{**o, "shared": True} if o["kind"] == "self_hosted" else o for o in ss.default_options(catalog)]
    return {
        "name": "My portfolio",
        "horizon_months": 12,
        "use_cases": use_cases,
        "options": options,
        "team": {
            "hourly_rate_usd": 100,
            "retrains_per_year": 2,
            "self_hosted": {"upfront_hours": 80, "monthly_hours": 16},
            "hosted_finetune": {"upfront_hours": 24, "monthly_hours": 4},
            "prompting": {"upfront_hours": 8, "monthly_hours": 1},
        },
    }


def initialise() -> None:
    if "portfolio" in state:
        return
    token = st.query_params.get("p")
    if token:
        try:
            data = ss.decode(token)
            parse_portfolio(data)  # validate before trusting it
        except (ValueError, ScenarioError) as exc:
            state["url_problem"] = str(exc)
        else:
            state["portfolio"] = data
            state["portfolio_text"] = json.dumps(data, indent=2)
            return
    state["portfolio"] = default_portfolio(get_catalog())
    state["portfolio_text"] = json.dumps(state["portfolio"], indent=2)


def apply_text() -> None:
    """Replace the portfolio with the edited JSON only when it is valid; otherwise say why."""
    try:
        data = json.loads(state["portfolio_text"])
        parse_portfolio(data)
    except (ValueError, ScenarioError, RecursionError) as exc:
        state["edit_problem"] = str(exc)
    else:
        state["portfolio"] = data
        state.pop("edit_problem", None)


def cumulative_figure(result: PortfolioResult) -> go.Figure:
    """Cumulative cost month by month, one line per strategy, the best mix drawn boldest."""
    months = list(range(1, result.horizon_months + 1))
    return go.Figure(
        data=[
            go.Scatter(
                x=months,
                y=s.cumulative_usd,
                name=s.name,
                mode="lines+markers",
                line={
                    "color": PALETTE[i % len(PALETTE)],
                    "width": 5 if s.name == BEST_MIX else 2,
                    "dash": "solid" if s.name == BEST_MIX else "dot",
                },
                hovertemplate="%{y:$,.0f}",
            )
            for i, s in enumerate(result.strategies)
            if s.feasible
        ],
        layout=go.Layout(
            margin={"l": 10, "r": 10, "t": 30, "b": 10},
            height=400,
            hovermode="x unified",
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
            xaxis={"title_text": "Month", "dtick": 1 if result.horizon_months <= 24 else None},
            yaxis={"title_text": "Cumulative cost", "tickprefix": "$"},
        ),
    )


def strategy_table(result: PortfolioResult, names: list[str]) -> Styler:
    """Use cases as rows, strategies as columns, totals below; the best mix highlighted."""
    rows = {u: {s.name: s.assignments.get(u) or "–" for s in result.strategies} for u in names}
    rows["Month 1"] = {s.name: money(s.monthly_usd) for s in result.strategies}
    rows[f"{result.horizon_months} months"] = {s.name: money(s.horizon_total_usd) for s in result.strategies}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "use case"
    return frame.style.map(lambda _: HIGHLIGHT, subset=[BEST_MIX])


def render() -> None:
    initialise()
    st.title("Portfolio: which use cases to tune, and on what")
    plugin_warnings()
    if problem := state.pop("url_problem", None):
        st.warning(f"The link's portfolio could not be used ({plain(problem)}); showing the default portfolio.")
    data = state["portfolio"]
    try:
        portfolio = parse_portfolio(data)
        result = evaluate(portfolio, get_catalog())
    except ScenarioError as exc:
        st.error(f"This portfolio cannot be costed: {plain(exc)}")
        result = None
    else:
        st.query_params["p"] = ss.encode(data)

    if result is not None:
        best, prompted = result.best_mix, next(s for s in result.strategies if s.name == PROMPTED)
        if best.feasible:
            saving = (prompted.horizon_total_usd or 0) - (best.horizon_total_usd or 0)
            against = f"; {money(saving)} less than everything prompted" if prompted.feasible and saving > 0 else ""
            st.success(f"Best mix: {money(best.horizon_total_usd)} over {result.horizon_months} months{against}.")
        else:
            st.error(f"No mix is possible: {plain(best.reason)}")
        for line in result.moves:
            st.markdown(f"- {plain(line)}")
        names = [u.name for u in portfolio.use_cases]
        st.subheader("Use cases × strategies")
        st.caption(
            "Each cell is the route the strategy gives that use case; the best mix is highlighted. "
            + " ".join(plain(f"{s.name.capitalize()}: {s.reason}.") for s in result.strategies if s.reason)
        )
        st.dataframe(strategy_table(result, names), width="stretch", key="strategies")
        st.subheader("Cost over the horizon")
        st.plotly_chart(cumulative_figure(result), width="stretch", key="cumulative")
        if result.shared_options:
            st.subheader("Shared deployments in the best mix")
            st.dataframe(
                [
                    {
                        "option": d.option,
                        "adapters": d.adapters,
                        "deployments": d.deployments,
                        "replicas (month 1)": d.replicas,
                        "most replicas": d.max_replicas,
                        "requests per replica-month": count(d.requests_per_replica_month),
                        "throughput factor": d.throughput_factor,
                        "peak-to-average of the sum": d.peak_to_average,
                        "adapter memory GiB": d.adapter_memory_gib,
                        "use cases": ", ".join(d.use_cases),
                    }
                    for d in result.shared_options.values()
                ],
                hide_index=True,
                width="stretch",
                key="shared",
            )
        for name, why in result.refused.items():
            st.warning(f"{plain(name)} cannot hold every use case: {plain(why)}")
        with st.expander("Routes set aside by the gates, and each use case alone on each option"):
            st.dataframe(
                [
                    {"use case": u, **{o: money(v) for o, v in routes.items()}}
                    for u, routes in result.routes_usd.items()
                ],
                hide_index=True,
                width="stretch",
                key="routes",
            )
            for use_case, gates in result.set_aside.items():
                for option, why in gates.items():
                    st.markdown(f"- {plain(use_case)} · {plain(option)}: {plain(why)}")
        with st.expander("Shared-serving assumptions (edit them under `multi_lora` in the portfolio)"):
            st.dataframe(
                [
                    {"assumption": k, "value": v["value"], "reason": v["reason"], "source": v["source"]}
                    for k, v in result.assumptions.items()
                ],
                hide_index=True,
                width="stretch",
                key="assumptions",
            )
        search = result.search
        st.caption(
            f"Best mix by {search['method'].replace('_', ' ')} over {search['assignments']:,} possible assignments"
            + (" (proven cheapest)." if search["proven_optimal"] else " (best found, not proven).")
        )

    st.subheader("Edit the portfolio")
    st.caption(
        'The same JSON `prompt-or-tune portfolio FILE` reads: `use_cases` (a `workload` or a catalog `preset`), `options` (`"shared": true` on a '
        "self-hosted or dedicated-endpoint option), `horizon_months`, `team`, `multi_lora`."
    )
    st.text_area("Portfolio (JSON)", key="portfolio_text", height=320, label_visibility="collapsed")
    cols = st.columns(2)
    cols[0].button("Apply", on_click=apply_text, type="primary", width="stretch", key="apply")
    cols[1].download_button(
        "Download portfolio (JSON)",
        json.dumps(data, indent=2),
        file_name="portfolio.json",
        mime="application/json",
        width="stretch",
    )
    if problem := state.get("edit_problem"):
        st.error(f"Not applied, the portfolio above is unchanged: {plain(problem)}")


render()
