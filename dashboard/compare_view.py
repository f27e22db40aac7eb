"""Compare: what each way of customising an LLM costs for this workload, and which to pick.

One source of truth: the scenario dict lives in session state under `SCENARIO`, a key no widget
owns. Every widget is drawn from it (`bound` copies the scenario's value into the widget's key
before the widget is drawn) and writes back only through its on_change callback, which applies
`scenario_state.edit` and keeps the result only if it validates. So a widget state Streamlit
dropped (an interrupted rerun, another page, a widget not drawn) can never leak into the scenario,
and the URL, the download, the upload, the presets and the editors all pass through the same two
functions: `show` (scenario -> page) and `apply` (page edit -> scenario).

The page file (dashboard/pages/compare.py) only calls `render()`: Streamlit recompiles a page
script on every rerun, so the functions live here, compiled once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, get_args

import streamlit as st

from catalog import livecache
from catalog.build import Catalog
from catalog.engine.estimate import estimate
from catalog.engine.provenance import override_notes
from catalog.engine.results import EstimateResult, OptionResult
from catalog.engine.scenario import (
    ASSUMPTIONS,
    DRIFT_SOURCES,
    MAX_SCENARIO_BYTES,
    METHODS,
    Assumptions,
    PriceChange,
    Scenario,
    ScenarioError,
    SelfHostedOption,
    parse_scenario,
)
from catalog.records import GpuOffer
from dashboard import compare_figures as figures
from dashboard import scenario_state as ss
from dashboard.data import Choices, get_catalog, get_choices, plugin_warnings
from dashboard.format import count, money
from dashboard.picker_widget import PRICED, picker
from dashboard.safe import plain
from dashboard.tables import csv_download, markdown_table
from dashboard.verdict import rule_words, seeds_named, verdict_sentences

state = st.session_state
SCENARIO = "compare.scenario"  # the scenario (a dict); no widget has this key
PROBLEM = "compare.problem"  # an edit, link or file that could not be used, said once
SAVED = "compare.saved"  # ranges and drift settings a toggle turned off, restored when it is turned on
UPLOAD = "compare.upload"
WRITTEN = "compare.written"  # every scenario token this session put in the URL (a link it did not write wins)
SHOWN = "compare.shown"  # {"scenario": the scenario the results were last drawn from}: what a download gives
RESULTS = "compare.results"  # the fragment that draws the workload editors and the results
ASSUMPTIONS_OPEN = "compare.assumptions_open"  # whether the assumption editors are drawn (not part of the scenario)
ASSUMPTIONS_SHOWN = "compare.assumptions_shown"  # whether the assumptions' expander is open (its own state)
DETAILS_SHOWN = "compare.details_shown"  # whether "How each figure was computed" is open
KINDS = {
    "prompting": "Prompt an API model",
    "hosted_finetune": "Hosted fine-tuning",
    "self_hosted": "Self-host an open model",
    "fixed": "Fixed quote",
}
ACCURACY_HELP = (
    "Share of requests this option answers correctly (blank: not measured). When every option has one and "
    "a cost per wrong answer is set, the verdict ranks by cost plus (1 - accuracy) x that cost per request."
)
MONEY_LABELS = {"upfront_usd": "Upfront, USD", "monthly_usd": "Per month, USD", "per_request_usd": "Per request, USD"}
PRICING_LABELS = {
    "on_demand": "On demand",
    "spot": "Spot (can be interrupted)",
    "commit_1y": "1-year commitment",
    "commit_3y": "3-year commitment",
}


@st.cache_resource(max_entries=64, show_spinner=False)
def _estimated(text: str, stamp: tuple, today: date, _catalog: Catalog) -> EstimateResult:
    """estimate() of a scenario, kept by its canonical JSON (and the catalog's stamp and the day,
    which the result depends on): reruns that did not change the scenario reuse it, Monte
    Carlo and tornado included. Shared safely: the result is frozen."""
    return estimate(parsed(text), _catalog)


@functools.lru_cache(maxsize=16)
def parsed(text: str) -> Scenario:
    """The validated scenario of a canonical JSON text: an edit is validated when it is applied
    and estimated on the rerun it causes, and a scenario with ranges takes milliseconds to
    validate (both ends of each range), so it is done once. Shared: callers never change it."""
    return parse_scenario(json.loads(text))


def estimated(scenario: dict, catalog: Catalog) -> EstimateResult:
    return _estimated(ss.canonical(scenario), livecache.stamp(), date.today(), catalog)


# ---- scenario -> page, page edit -> scenario ---------------------------------------------------

NO_OPTIONS = "Add an option to compare: this scenario has none yet (use **Add an option** below)."


def checked(data: dict) -> None:
    """Validate a scenario as the page holds it. A scenario with no options yet is valid here (the
    page asks for one instead of showing pydantic's "at least 1 item"): everything else in it is
    checked as the engine would, with the option "Add an option" would add standing in."""
    if isinstance(data, dict) and data.get("options") == []:
        data = {**data, "options": ss.added(data, get_catalog())["options"]}
    parsed(ss.canonical(data))


def show(scenario: dict, source: str) -> bool:
    """Make `scenario` the page's scenario if it is one the engine accepts; else say why (naming
    where it came from) and keep the current one. Used by the URL, the upload and the defaults."""
    try:
        data = ss.loaded(scenario)
        checked(data)
    except (ValueError, RecursionError) as exc:
        state[PROBLEM] = f"The {source} could not be used ({exc}); nothing was changed."
        return False
    state[SCENARIO] = data
    state[SAVED] = {}
    return True


def apply(change: Callable[[dict], dict], what: str) -> None:
    """Apply one page edit to the scenario; an edit that makes it invalid is refused with one
    message and the scenario is kept as it was."""
    after = change(state[SCENARIO])
    try:
        checked(after)
    except ScenarioError as exc:
        state[PROBLEM] = f"{what} was not applied: {exc}"
        return
    state[SCENARIO] = after


def _edited(path: str, key: str, scale: float = 1.0) -> None:
    value = state[key]
    if scale != 1.0 and value is not None:
        value = value / scale
    apply(lambda s: ss.edit(s, path, value, get_catalog()), f"The change to {path}")


def bound(path: str, scale: float = 1.0, default: Any = None) -> dict:
    """Keyword arguments that bind a widget to the scenario's value at `path` (or `default`, the
    engine's, when the scenario leaves it out): its key (set from the scenario before it is
    drawn) and the callback that writes an edit back."""
    key = f"w:{path}"
    value = ss.get(state[SCENARIO], path, ss.engine_default(path) if default is None else default)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and scale != 1.0:
        value = value * scale
    if key not in state or state[key] != value:
        state[key] = value
    return {"key": key, "on_change": _edited, "args": (path, key, scale)}


def _toggled(name: str) -> None:
    on = state[f"w:{name}"]
    scenario = state[SCENARIO]
    saved = state.setdefault(SAVED, {})
    if not on:
        saved[name] = (
            scenario.get("ranges")
            if name == "bands"
            else (scenario.get("price_change_per_year"), scenario.get("discount_rate_per_year"))
        )
        apply(lambda s: ss.edit(s, name, False, get_catalog()), f"Turning {name} off")
    elif name == "bands":
        apply(lambda s: ss.edit(s, "bands", saved.get("bands") or True, get_catalog()), "Turning the bands on")
    else:
        change, discount = saved.get("drift") or (None, None)
        apply(
            lambda s: {
                **ss.edit(s, "drift", change or True, get_catalog()),
                **({"discount_rate_per_year": discount} if discount else {}),
            },
            "Turning drift on",
        )


def _uploaded() -> None:
    upload = state.get(UPLOAD)
    if upload is None:
        return
    if upload.size > MAX_SCENARIO_BYTES:  # the uploader's own cap stops bigger ones first in the browser
        state[PROBLEM] = (
            f"The file {upload.name} has {upload.size:,} bytes, over the {MAX_SCENARIO_BYTES // 1_000_000} MB "
            "a scenario file may be; nothing was changed."
        )
        return
    try:
        data = json.loads(upload.getvalue().decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        state[PROBLEM] = f"The file {upload.name} is not JSON ({exc}); nothing was changed."
        return
    if not isinstance(data, dict):
        state[PROBLEM] = f"The file {upload.name} is not a scenario (a JSON object); nothing was changed."
        return
    show(data, f"file {upload.name}")


def initialise(catalog: Catalog) -> None:
    """The scenario this rerun shows: the session's, unless the URL carries a link this session
    did not write (one the user pasted or navigated to), which wins. Tokens this session wrote
    itself are recognised, so a rerun whose request still carries an older URL of ours (typing
    faster than reruns finish) never rolls the page back. A bad link is refused with one message;
    a session keeps its scenario, a new one opens on the defaults."""
    token = st.query_params.get("s")
    if SCENARIO in state and (not token or token in state.get(WRITTEN, ())):
        return
    if token:
        try:
            data = ss.decode(token)
        except ValueError as exc:
            state[PROBLEM] = f"The link could not be used ({exc}); nothing was changed."
        else:
            show(data, "link")
        state.setdefault(WRITTEN, set()).add(token)  # handled once: the page now writes its own token
    if SCENARIO not in state:
        if PROBLEM in state:
            state[PROBLEM] = state[PROBLEM].replace("nothing was changed", "showing the default scenario")
        state[SCENARIO] = ss.default_scenario(catalog)
        state[SAVED] = {}


# ---- editors -----------------------------------------------------------------------------------


def _choice(path: str, label: str, table: str, catalog: Catalog, priced: bool) -> None:
    """A pick from the catalog, searched and filtered on the server (`dashboard.picker_widget`),
    that never substitutes: a value the catalog lacks is kept and marked, and an inline-priced
    option offers (and shows) "priced in the scenario"."""
    picker(path, label, table, catalog, ss.get(state[SCENARIO], path), priced, bound(path))


def _number(
    label: str,
    path: str,
    low: float | None,
    high: float | None,
    step: float,
    fmt: str = "%g",
    scale: float = 1.0,
    help: str | None = None,
    where: Any = st,
    default: Any = None,
) -> None:
    """A number input whose range always holds the scenario's value (never clamped)."""
    kwargs = bound(path, scale, default)
    value = state[kwargs["key"]]
    if isinstance(value, (int, float)):
        low = None if low is None else min(low, value)
        high = None if high is None else max(high, value)
    where.number_input(label, min_value=low, max_value=high, step=step, format=fmt, help=help, **kwargs)


def _remove(index: int) -> None:
    """Remove one option; the pickers' searches and filters (view state, kept by card position:
    options have no id) move up with the cards after it, so no card inherits another's search."""
    before = len(state[SCENARIO]["options"])
    apply(lambda s: ss.removed(s, index), "Removing the option")
    if len(state[SCENARIO]["options"]) == before:
        return  # refused: the cards did not move
    view = {key: state[key] for key in map(str, list(state.keys())) if key.startswith("pick.")}
    for key in view:
        del state[key]
    for key, value in shifted_view(view, index).items():
        state[key] = value


def shifted_view(view: dict[str, Any], index: int) -> dict[str, Any]:
    """The pickers' view state (`pick.<what>:options.<i>.<field>` keys) after option `index` is
    removed: the removed card's entries are dropped and later cards' move one card up."""
    out: dict[str, Any] = {}
    for key, value in view.items():
        what, _, path = key.partition(":")
        parts = path.split(".", 2)
        if len(parts) < 3 or parts[0] != "options" or not parts[1].isdigit():
            out[key] = value
            continue
        position = int(parts[1])
        if position == index:
            continue
        out[f"{what}:options.{position - (position > index)}.{parts[2]}"] = value
    return out


def option_editor(index: int, option: dict, catalog: Catalog, removable: bool) -> None:
    base = f"options.{index}"
    with st.container(border=True):
        st.text_input("Name", max_chars=80, **bound(f"{base}.name"))
        kind = option.get("kind", "prompting")
        st.selectbox("Strategy", list(KINDS), format_func=KINDS.__getitem__, **bound(f"{base}.kind"))
        priced = bool(option.get("prices"))
        if kind == "prompting":
            _choice(f"{base}.model", "API model", "api", catalog, priced)
        elif kind == "hosted_finetune":
            _choice(f"{base}.offer", "Fine-tuning offer", "finetune", catalog, priced)
        elif kind == "self_hosted":
            _choice(f"{base}.model", "Open model", "models", catalog, False)
            _choice(f"{base}.gpu_offer", "GPU offer (cloud/instance/region)", "gpus", catalog, False)
            st.selectbox(
                "Method",
                METHODS,
                help="none = serve the base model with the full prompt; lora/qlora/full = fine-tune first",
                **bound(f"{base}.method", default=SelfHostedOption.model_fields["method"].default),
            )
            _pricing(base, catalog.gpus.get(option.get("gpu_offer") or ""))
        else:
            for field, label in MONEY_LABELS.items():
                _number(label, f"{base}.{field}", 0.0, None, 0.001 if field == "per_request_usd" else 100.0)
        _number("Accuracy, %", f"{base}.accuracy", 0.0, 100.0, 1.0, scale=100, help=ACCURACY_HELP)
        if priced:
            st.caption(f"Prices {PRICED} (USD per 1M tokens; per hour for an instance): they override the catalog's.")
            for field in option["prices"]:
                _number(field.replace("_", " "), f"{base}.prices.{field}", 0.0, None, 0.01)
        st.button(
            "Remove this option",
            icon=":material/delete:",
            key=f"remove.{index}",
            disabled=not removable,
            on_click=_remove,
            args=(index,),
        )


def _pricing(base: str, offer: GpuOffer | None) -> None:
    """Which of the GPU offer's rates bills the option, each labelled with the offer's rate from the
    catalog, so a spot or committed rate is picked knowing it; a rate the offer does not publish
    stays pickable (a link may carry it) and says it is billed on demand, as the engine does."""

    def label(pricing: str) -> str:
        if offer is None:
            return PRICING_LABELS[pricing]
        rate = offer.rate(pricing)
        if rate is None:
            return f"{PRICING_LABELS[pricing]}: not published for this offer, billed on demand"
        return f"{PRICING_LABELS[pricing]}: {money(float(rate))}/h"

    st.selectbox(
        "Pricing",
        get_args(SelfHostedOption.model_fields["pricing"].annotation),
        format_func=label,
        help="The rate the GPU offer is billed at; committed rates are per offer, from the cloud's price list "
        "(docs/data-sources.md, Committed-use rates)",
        **bound(f"{base}.pricing", default=SelfHostedOption.model_fields["pricing"].default),
    )


def options_editors(scenario: dict, catalog: Catalog) -> None:
    options = scenario["options"]
    st.subheader(f"Options to compare ({len(options)})")
    columns = st.columns(3)
    for index, option in enumerate(options):
        with columns[index % 3]:
            option_editor(index, option, catalog, removable=len(options) > 1)
    st.button(
        "Add an option",
        icon=":material/add:",
        disabled=len(options) >= ss.MAX_OPTIONS,
        on_click=apply,
        args=(lambda s: ss.added(s, get_catalog()), "Adding an option"),
    )


def sidebar(scenario: dict, catalog: Catalog, choices: Choices) -> None:
    with st.sidebar:
        st.header("Workload")
        use_cases: list[str | None] = [None, *choices.use_cases]
        if scenario.get("use_case") not in use_cases:
            use_cases.append(scenario["use_case"])

        def use_case_label(u: str | None) -> str:
            if u is None:
                return "— none —"
            return catalog.usecases[u].name if u in catalog.usecases else f"{u} (not in the catalog)"

        st.selectbox("Use case preset", use_cases, format_func=use_case_label, **bound("use_case"))
        if scenario.get("use_case") in catalog.usecases:
            basis = catalog.usecases[scenario["use_case"]].workload.basis
            st.caption(plain(basis))
            seed_caption([basis], "here", catalog)
        st.caption("Volume and tokens per request are edited above the results.")
        traffic_editors()
        _number(
            "Cost of a wrong answer, USD",
            "cost_per_error_usd",
            0.0,
            None,
            0.01,
            default=0.0,
            help="What one wrong answer costs you (a refund, an agent's time). With an accuracy on every option, "
            "the verdict ranks by cost plus expected errors.",
        )
        # A number box, not a slider: the page's only slider made its first view fetch ~120 KB of
        # scripts used by nothing else, which arrived with the chart's and were drawn with it
        # (about 0.1 of the first-render ratio, timed as `benchmarks/bench_compare.py` times it).
        _number("Horizon, months", "horizon_months", 1, 120, 1, "%d", help="1 to 120 months, as the engine takes")
        st.header("Time and uncertainty")
        drift_on = scenario.get("price_change_per_year") is not None or bool(scenario.get("discount_rate_per_year"))
        state["w:drift"] = drift_on
        st.toggle(
            "Price drift and NPV",
            key="w:drift",
            on_change=_toggled,
            args=("drift",),
            help="Prices change each year; costs are discounted to today",
        )
        if drift_on:
            if scenario.get("price_change_per_year") is not None:
                for field in PriceChange.model_fields:
                    _number(
                        f"{field.replace('_', ' ')}: change per year, %",
                        f"price_change_per_year.{field}",
                        -95.0,
                        200.0,
                        1.0,
                        scale=100,
                        help=f"{DRIFT_SOURCES[field].reason} Source: {DRIFT_SOURCES[field].source}",
                    )
            _number(
                "Discount rate per year, %",
                "discount_rate_per_year",
                0.0,
                100.0,
                1.0,
                scale=100,
                help=f"{DRIFT_SOURCES['discount_rate_per_year'].reason} {DRIFT_SOURCES['discount_rate_per_year'].source}",
            )
        state["w:bands"] = bool(scenario.get("ranges"))
        st.toggle(
            "Uncertainty bands and tornado",
            key="w:bands",
            on_change=_toggled,
            args=("bands",),
            help="Volume ½×–2×, growth +0–10 points, MFU 20–46%, utilisation 50–85% (or the scenario's own ranges)",
        )
        st.header("Training data")
        for field, (label, step) in ss.TRAINING_FIELDS.items():
            _number(label, f"training_data.{field}", 0.0, 1e13, step, "%.0f")


def workload_editors() -> None:
    """Volume and tokens per request, above the results they drive (see `workload_and_results`)."""
    row = st.container(border=True, horizontal=True, vertical_alignment="bottom")  # one block, not six columns
    for field, (label, step) in ss.WORKLOAD_FIELDS.items():
        _number(label, f"workload.{field}", 0.0, 1e13, step, "%.0f", where=row)


def traffic_editors() -> None:
    """Growth and the traffic shares: each changes how the workload is billed, and is edited
    less often than the volume, so it sits in the sidebar (an edit reruns the whole page)."""
    for field, label in ss.FRACTION_FIELDS.items():
        low, high = (-0.5, 2.0) if field == "monthly_growth" else (0.0, 1.0)
        _number(label, f"workload.{field}", low, high, 0.01)
    st.selectbox(
        "Cache writes live",
        list(ss.CACHE_TTLS),
        format_func=ss.CACHE_TTLS.__getitem__,
        help="Providers that price cache writes (Anthropic) bill 1-hour writes dearer than 5-minute ones",
        **bound("workload.cache_ttl"),
    )


def _bounds(name: str) -> tuple[float | None, float | None]:
    low = high = None
    for rule in Assumptions.model_fields[name].metadata:
        low = getattr(rule, "ge", getattr(rule, "gt", low))
        high = getattr(rule, "le", high)
    return low, high


def _assumptions_opened() -> None:
    state[ASSUMPTIONS_OPEN] = state["w:assumptions_open"]


def assumptions_editor() -> None:
    """Every assumption with its value, reason and source, drawn only while the expander is open
    (its 14 long lines and, when editing, 14 editors cost every rerun and every first visit);
    its editors only while the user edits them."""
    box = st.expander(
        "Assumptions behind the self-hosting figures (editable)", key=ASSUMPTIONS_SHOWN, on_change="rerun"
    )
    if not box.open:
        return
    defaults = Assumptions.model_validate({})
    values = {name: ss.get(state[SCENARIO], f"assumptions.{name}", getattr(defaults, name)) for name in ASSUMPTIONS}
    with box:
        state["w:assumptions_open"] = state.get(ASSUMPTIONS_OPEN, False)
        st.toggle("Edit the assumptions", key="w:assumptions_open", on_change=_assumptions_opened)
        if not state.get(ASSUMPTIONS_OPEN, False):
            st.markdown(
                "\n".join(
                    f"- **{name}** = {values[name] if isinstance(values[name], bool) else format(values[name], 'g')} — {plain(info.reason)} Source: {plain(info.source)}"
                    for name, info in ASSUMPTIONS.items()
                )
            )
            return
        st.caption("Each estimate is named, with why it is set where it is and where the default comes from.")
        for name, info in ASSUMPTIONS.items():
            cols = st.columns([2, 5])
            default = getattr(defaults, name)
            kwargs = bound(f"assumptions.{name}")  # drawn at the engine's default if omitted; an edit writes it in
            if isinstance(default, bool):
                cols[0].checkbox(name, **kwargs)
            else:
                low, high = _bounds(name)
                low = None if low is None else min(low, values[name])
                high = None if high is None else max(high, values[name])
                if isinstance(default, int):
                    cols[0].number_input(name, min_value=low, max_value=high, step=1, **kwargs)
                else:
                    cols[0].number_input(
                        name,
                        min_value=float(low) if low is not None else None,
                        max_value=float(high) if high is not None else None,
                        step=0.05,
                        format="%g",
                        **kwargs,
                    )
            cols[1].caption(f"{info.reason}  \nSource: {info.source}")


# ---- results -----------------------------------------------------------------------------------

NONE = money(
    None
)  # a cell with no figure (an option that cannot run, a route with no GPUs): the dash money() shows, never "None"
STRATEGIES = {
    "prompting": "Prompt",
    "hosted_finetune": "Hosted fine-tune",
    "self_hosted": "Self-host",
    "fixed": "Fixed quote",
}
"""Each strategy's name in the table, short enough for its column (KINDS' words elsewhere)."""


def _or_none(value: float | int | None, fmt: str = "{:,}") -> str:
    return NONE if not value else fmt.format(value)


def results_table(result: EstimateResult) -> list[dict]:
    """One row per option: costs with team time in its own column, then unit costs and GPUs (the
    CSV download has these rows; the page shows them as two tables that fit a 1400 px window)."""
    return [
        {
            "Option": o.name,
            "Strategy": STRATEGIES[o.kind],
            "Upfront": money(o.upfront_usd),
            "Monthly": money(o.monthly_usd),
            "Team / month": money(o.team_monthly_usd) if o.team_monthly_usd else NONE,
            f"{result.horizon_months}-month total": money(o.horizon_total_usd),
            **time_columns(result, o),
            "Per request": money(o.cost_per_request_usd),
            "Per 1M tokens": money(o.cost_per_mtok_usd),
            "Training GPU-h": _or_none(round(o.training_gpu_hours, 1) if o.training_gpu_hours else None),
            "Serving GPUs": _or_none(o.serving_gpus),
            "Feasible": "yes" if o.feasible else "no",
        }
        for o in result.options
    ]


DETAIL_COLUMNS = ("Total P10–P90", "Cheapest in", "Per request", "Per 1M tokens", "Training GPU-h", "Serving GPUs")
"""Shown in a second table under the costs, so that neither is wider than a 1400 px window."""
TEXT_COLUMNS = ("Option", "Strategy", "Feasible")
"""Aligned left in the tables; every other column is a figure, aligned right."""


def show_table(rows: list[dict]) -> None:
    """The costs, then the spread, unit costs and GPUs, each with the option's name; one CSV with both."""
    costs = [{k: v for k, v in row.items() if k not in DETAIL_COLUMNS} for row in rows]
    details = [{"Option": row["Option"], **{k: row[k] for k in DETAIL_COLUMNS if k in row}} for row in rows]
    st.markdown(markdown_table(costs, left=TEXT_COLUMNS))
    st.markdown(markdown_table(details, left=TEXT_COLUMNS))
    csv_download(rows, "comparison.csv", key="csv_compare")


def time_columns(result: EstimateResult, o: OptionResult) -> dict:
    columns: dict[str, Any] = {}
    if result.drift.price_change_per_year is not None or result.drift.discount_rate_per_year:
        columns["NPV"] = money(o.npv_usd)
        columns["Payback month"] = _or_none(o.payback_month, "{}")
    stats = result.uncertainty.options.get(o.name) if result.uncertainty else None
    if stats:
        total = stats.horizon_total_usd
        columns["Total P10–P90"] = f"{money(total.p10)} – {money(total.p90)}"
        columns["Cheapest in"] = f"{stats.probability_cheapest:.0%}"
    return columns


def verdict(result: EstimateResult) -> str:
    """The recommendation line, as shown (tests compare it with a fresh estimate's)."""
    rec = result.recommendation
    if not rec.option:
        return "No option can be recommended: every option was set aside."
    spread = result.uncertainty.options.get(rec.option) if result.uncertainty else None
    odds = (
        f" — cheapest in {spread.probability_cheapest:.0%} of {result.uncertainty.draws:,} simulated cases"
        if spread is not None and result.uncertainty
        else ""
    )
    return f"**Recommended: {plain(rec.option)}** — {plain(rule_words(rec.rule, result.horizon_months))}{plain(odds)}"


def show_recommendation(result: EstimateResult, catalog: Catalog) -> None:
    rec = result.recommendation
    (st.success if rec.option else st.error)(verdict(result))
    st.markdown(plain(verdict_sentences(result)))
    for reason in rec.reasons:
        st.markdown(f"- {plain(reason)}")
    for note in rec.sources_disagree:
        st.info(plain(note), icon=":material/balance:")
    seed_caption([*rec.reasons, *rec.sources_disagree], "above", catalog)


def seed_caption(texts: list[str], where: str, catalog: Catalog) -> None:
    """Link each seed document the texts name by handle ("Calmops", "001's example")."""
    if seeds := seeds_named(texts, catalog):
        st.caption(
            f"Seed documents named {where}: "
            + "; ".join(f"{plain(handle)} = [{plain(title)}]({url})" for handle, title, url in seeds)
        )


SIZING_SHOWN = ("gpus_needed", "memory_gib", "max_batch", "max_throughput_tokens_per_s", "requests_per_s")


def show_assumption_details(result: EstimateResult) -> None:
    """Each option's references, cost breakdown, assumptions and sizing, drawn only while the
    expander is open (four JSON trees are a noticeable share of a first visit's drawing)."""
    box = st.expander("How each figure was computed", key=DETAILS_SHOWN, on_change="rerun")
    if not box.open:
        return
    with box:
        for o in result.options:
            st.markdown(f"**{plain(o.name)}** — {KINDS[o.kind]}")
            detail: dict[str, Any] = {
                "references": o.references,
                "breakdown": o.breakdown.model_dump(mode="json"),
                "assumptions used": o.assumptions,
            }
            if o.sizing:
                detail["sizing"] = {k: getattr(o.sizing, k) for k in SIZING_SHOWN}
            st.json(detail, expanded=False)


def show_warnings(result: EstimateResult, catalog: Catalog) -> None:
    """An option that cannot run is an error of its own; every other note on an option (the
    engine's warnings, prices its sources dispute or a scenario overrides, prices over 90 days
    old) is in one box per option, its name said once, so four notes on one option read as one
    list rather than four boxes that repeat the name."""
    for o in result.options:
        if not o.feasible:
            st.error(f"{plain(o.name)} is not feasible: {plain(o.reason)}")
        notes = [*o.warnings, *override_notes(o.sources)]
        notes += [
            f"prices dated {as_of}, more than 90 days old — check the provider's page."
            for as_of in stale_dates(o, catalog)
        ]
        if len(notes) == 1:
            st.warning(f"{plain(o.name)}: {plain(notes[0])}")
        elif notes:
            st.warning(f"**{plain(o.name)}**\n" + "".join(f"\n- {plain(note)}" for note in notes))


def stale_dates(o: OptionResult, catalog: Catalog) -> list[str]:
    """The dates of the catalog records `o` is priced from that are more than 90 days old."""
    cutoff = date.today() - timedelta(days=90)
    records = (
        table.get(o.references.get(kind, ""))
        for kind, table in (("model", catalog.api), ("offer", catalog.finetune), ("gpu_offer", catalog.gpus))
    )
    return [str(record.as_of) for record in records if record is not None and record.as_of < cutoff]


def show_results(result: EstimateResult, catalog: Catalog) -> None:
    names = [o.name for o in result.options]
    show_recommendation(result, catalog)
    left, right = st.columns(2)  # each title over its panel of the figure (compare_figures.LEFT, RIGHT)
    left.markdown(f"**Monthly cost vs volume** — your volume: {count(result.requests_per_month)} requests/month")
    right.markdown(f"**Cumulative cost over {result.horizon_months} months**")
    st.plotly_chart(figures.costs(result, names), width="stretch", key="costs")
    if result.uncertainty and result.uncertainty.tornado.bars:
        t = result.uncertainty.tornado
        st.markdown(
            f"**What moves the verdict** — the {result.horizon_months}-month gap between "
            f"{plain(' and '.join(t.between))}, each uncertain input swung alone"
        )
        st.plotly_chart(figures.tornado(t), width="stretch", key="tornado")
    rows = results_table(result)
    show_table(rows)
    show_warnings(result, catalog)
    show_assumption_details(result)


def scenario_io() -> None:
    """Download and upload. The download is made when clicked, from the scenario the results
    were last drawn from: a workload edit reruns only the results' fragment, so a file made
    when this button was drawn could be an edit behind. The callable runs on a thread of its
    own, without session state, so it reads the dict `workload_and_results` updates."""
    shown = state.setdefault(SHOWN, {})
    row = st.container(horizontal=True)
    row.download_button(
        "Download scenario (JSON)",
        lambda: json.dumps(shown["scenario"], indent=2),
        file_name="scenario.json",
        mime="application/json",
        width="stretch",
    )
    row.file_uploader(
        "Upload a scenario (JSON)",
        type=["json"],
        key=UPLOAD,
        on_change=_uploaded,
        max_upload_size=MAX_SCENARIO_BYTES // 1_000_000,
    )


@st.fragment(key=RESULTS)
def workload_and_results(catalog: Catalog) -> None:
    """The volume and token editors and everything computed from the scenario: the URL, the
    estimate, the verdict, charts and tables. One fragment, so an edit of the volume (the most
    frequent one) or the tokens reruns only this part; the option cards, the sidebar and the
    assumptions do not show them and are left as drawn. Any other edit reruns the whole page, this
    fragment included, so the URL and the results always come from the scenario in session
    state, never from a widget."""
    if problem := state.pop(PROBLEM, None):
        st.warning(plain(problem), icon=":material/warning:")
    workload_editors()
    scenario = state[SCENARIO]
    state.setdefault(SHOWN, {})["scenario"] = scenario
    token = ss.encode(scenario)
    state.setdefault(WRITTEN, set()).add(token)
    if st.query_params.get("s") != token:
        st.query_params["s"] = token
    if not scenario["options"]:
        st.info(NO_OPTIONS, icon=":material/add_circle:")
        return
    try:
        result = estimated(scenario, catalog)
    except (ValueError, ArithmeticError) as exc:  # ScenarioError, or the engine refusing a value: one message
        st.error(f"This scenario cannot be estimated: {plain(exc)}")
        return
    show_results(result, catalog)


def render() -> None:
    """Lay out the page: the workload and the results first, then the option cards. Elements
    reach the browser in the order they are drawn, so the results go before the ~30 editors
    (the sidebar's too): a first visit sees the verdict and the charts sooner."""
    catalog, choices = get_catalog(), get_choices()
    initialise(catalog)
    st.title("Prompt, fine-tune, or self-host?")
    plugin_warnings()
    workload_and_results(catalog)
    scenario = state[SCENARIO]
    sidebar(scenario, catalog, choices)  # drawn after the results (its place on screen is the same)
    if kept := ss.kept_not_edited(scenario):
        st.info(
            f"Also in this scenario, used in every figure but not editable on this page (edit the file): "
            f"{plain(', '.join(kept))}",
            icon=":material/info:",
        )
    options_editors(scenario, catalog)
    assumptions_editor()
    st.divider()
    scenario_io()
