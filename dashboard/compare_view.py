"""Compare: what each way of customising an LLM costs for this workload, and which to pick.

The page file (dashboard/pages/compare.py) only calls `render()`: Streamlit recompiles a page
script on every rerun, so the functions live here, compiled once.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from catalog.engine.estimate import estimate
from catalog.engine.provenance import override_notes
from catalog.engine.results import RecordSource
from catalog.engine.scenario import (
    ASSUMPTIONS,
    DRIFT_SOURCES,
    MAX_SCENARIO_BYTES,
    METHODS,
    Assumptions,
    PriceChange,
    ScenarioError,
    parse_scenario,
)
from catalog.engine.ranges import extract_ranges
from catalog.engine.uncertainty import default_ranges
from dashboard import figures
from dashboard import scenario_state as ss
from dashboard.data import get_catalog, get_choices, plugin_warnings
from dashboard.format import count, money
from dashboard.safe import plain
from dashboard.tables import csv_download

state = st.session_state
KINDS = {"prompting": "Prompt an API model", "hosted_finetune": "Hosted fine-tuning",
         "self_hosted": "Self-host an open model", "fixed": "Fixed quote"}


def load(scenario: dict) -> None:
    """Put a scenario into widget state (before the widgets are drawn). Inline ranges
    ({low, mode, high}) are kept as the scenario's ranges; the widgets show their modes."""
    point, ranges = extract_ranges(scenario)
    scenario = {**point, "ranges": {**point.get("ranges", {}), **ranges}}
    state["base"] = scenario
    workload = scenario.get("workload", {})
    for field, (_, _) in ss.WORKLOAD_FIELDS.items():
        state[f"w.{field}"] = float(workload.get(field, 0))
    for field in ss.FRACTION_FIELDS:
        state[f"w.{field}"] = float(workload.get(field, 0))
    state["horizon_months"] = int(scenario.get("horizon_months", 12))
    training = scenario.get("training_data", {})
    for field, default in (("examples", 0), ("tokens_per_example", 0), ("epochs", 3)):
        state[f"t.{field}"] = float(training.get(field, default))
    state["use_case"] = scenario.get("use_case") if scenario.get("use_case") in get_catalog().usecases else None
    change = scenario.get("price_change_per_year")
    state["drift"] = change is not None or bool(scenario.get("discount_rate_per_year"))
    for field, default in PriceChange().model_dump().items():
        state[f"d.{field}"] = float((change or {}).get(field, default)) * 100
    state["d.discount"] = float(scenario.get("discount_rate_per_year") or 0.10) * 100
    state["bands"] = bool(scenario.get("ranges"))
    state["slots"] = []
    state["next_slot"] = 0
    for option in scenario.get("options", [])[: ss.MAX_OPTIONS]:
        add_slot(option)


def add_slot(option: dict) -> None:
    slot = state["next_slot"]
    state["next_slot"] += 1
    state["slots"] = state["slots"] + [slot]
    state[f"o{slot}.extra"] = option
    state[f"o{slot}.name"] = option.get("name", f"Option {slot + 1}")
    state[f"o{slot}.kind"] = option.get("kind", "prompting")
    for field in ("model", "offer", "gpu_offer"):
        if option.get(field) is not None:
            state[f"o{slot}.{field}"] = option[field]
    state[f"o{slot}.method"] = option.get("method", "lora")
    for field in ("upfront_usd", "monthly_usd", "per_request_usd"):
        state[f"o{slot}.{field}"] = float(option.get(field, 0))


def initialise() -> None:
    if "base" in state:
        return
    token = st.query_params.get("s")
    if token:
        try:
            scenario = ss.decode(token)
            parse_scenario(scenario)  # validate before trusting it
        except (ValueError, ScenarioError) as exc:
            state["url_problem"] = str(exc)
        else:
            load(scenario)
            return
    load(ss.default_scenario(get_catalog()))


def apply_use_case() -> None:
    workload = ss.workload_of(get_catalog(), state["use_case"])
    for field, value in workload.items():
        state[f"w.{field}"] = float(value)


def option_from_widgets(slot: int) -> dict:
    option = dict(state[f"o{slot}.extra"])
    option["name"] = state[f"o{slot}.name"] or f"Option {slot + 1}"
    option["kind"] = kind = state[f"o{slot}.kind"]
    if kind == "prompting":
        option["model"] = state.get(f"o{slot}.model")
    elif kind == "hosted_finetune":
        option["offer"] = state.get(f"o{slot}.offer")
    elif kind == "self_hosted":
        option["model"] = state.get(f"o{slot}.open_model", option.get("model"))
        option["gpu_offer"] = state.get(f"o{slot}.gpu_offer")
        option["method"] = state[f"o{slot}.method"]
    else:
        for field in ("upfront_usd", "monthly_usd", "per_request_usd"):
            option[field] = state[f"o{slot}.{field}"]
    return ss.for_kind(option)


def scenario_from_widgets() -> dict:
    base = state["base"]
    workload = dict(base.get("workload", {}))
    workload.update({f: state[f"w.{f}"] for f in ss.WORKLOAD_FIELDS})
    workload.update({f: state[f"w.{f}"] for f in ss.FRACTION_FIELDS})
    training = dict(base.get("training_data", {}))
    training.update({f: state[f"t.{f}"] for f in ("examples", "tokens_per_example", "epochs")})
    assumptions = {name: state[f"a.{name}"] for name in ASSUMPTIONS if f"a.{name}" in state}
    time_and_risk: dict[str, Any] = {"price_change_per_year": None, "discount_rate_per_year": 0.0, "ranges": {}}
    if state.get("drift"):
        time_and_risk["price_change_per_year"] = {f: state[f"d.{f}"] / 100 for f in PriceChange.model_fields}
        time_and_risk["discount_rate_per_year"] = state["d.discount"] / 100
    if state.get("bands"):
        time_and_risk["ranges"] = base.get("ranges") or default_ranges({"workload": workload, "assumptions": assumptions})
    return ss.merged(
        base,
        **time_and_risk,
        use_case=state.get("use_case"),
        workload=workload,
        horizon_months=state["horizon_months"],
        training_data=training,
        assumptions={**base.get("assumptions", {}), **assumptions},
        options=[option_from_widgets(slot) for slot in state["slots"]],
    )


def select_index(options: list[str], value: str | None) -> int:
    return options.index(value) if value in options else 0


def normalise(slot: int) -> None:
    """Give each selection widget a valid value before the scenario is computed: the option's
    own reference when the catalog has it, else the first choice (a plugin may have gone)."""
    extra = state[f"o{slot}.extra"]
    for key, source, options in (("model", "model", get_choices().api_models), ("offer", "offer", get_choices().finetune_offers),
                                 ("open_model", "model", get_choices().open_models), ("gpu_offer", "gpu_offer", get_choices().gpu_offers)):
        if state.get(f"o{slot}.{key}") not in options and options:
            state[f"o{slot}.{key}"] = extra.get(source) if extra.get(source) in options else options[0]


def option_editor(slot: int, column) -> None:
    with column.container(border=True):
        top = st.columns([3, 2], vertical_alignment="bottom")
        top[0].text_input("Name", key=f"o{slot}.name", max_chars=80)
        if top[1].button("Remove", icon=":material/delete:", key=f"o{slot}.remove", help="Remove this option"):
            state["slots"] = [s for s in state["slots"] if s != slot]
            st.rerun()
        kind = st.selectbox("Strategy", list(KINDS), format_func=KINDS.__getitem__, key=f"o{slot}.kind")
        if kind == "prompting":
            st.selectbox("API model", get_choices().api_models, key=f"o{slot}.model")
        elif kind == "hosted_finetune":
            st.selectbox("Fine-tuning offer", get_choices().finetune_offers, key=f"o{slot}.offer")
        elif kind == "self_hosted":
            st.selectbox("Open model", get_choices().open_models, key=f"o{slot}.open_model")
            st.selectbox("GPU offer (cloud/instance/region)", get_choices().gpu_offers, key=f"o{slot}.gpu_offer")
            st.selectbox("Method", METHODS, key=f"o{slot}.method",
                         help="none = serve the base model with the full prompt; lora/qlora/full = fine-tune first")
        else:
            st.number_input("Upfront, USD", min_value=0.0, step=100.0, key=f"o{slot}.upfront_usd")
            st.number_input("Per month, USD", min_value=0.0, step=100.0, key=f"o{slot}.monthly_usd")
            st.number_input("Per request, USD", min_value=0.0, step=0.001, format="%.5f", key=f"o{slot}.per_request_usd")


def sidebar() -> None:
    with st.sidebar:
        st.header("Workload")
        st.selectbox("Use case preset", [None, *get_choices().use_cases], key="use_case", on_change=apply_use_case,
                     format_func=lambda u: "— none —" if u is None else get_catalog().usecases[u].name)
        if state.get("use_case"):
            st.caption(plain(get_catalog().usecases[state["use_case"]].workload.basis))
        for field, (label, step) in ss.WORKLOAD_FIELDS.items():
            st.number_input(label, min_value=0.0, step=step, format="%.0f", key=f"w.{field}")
        for field, label in ss.FRACTION_FIELDS.items():
            low = -0.5 if field == "monthly_growth" else 0.0
            high = 1.0
            st.slider(label, low, high, step=0.01, key=f"w.{field}")
        st.slider("Horizon, months", 1, 60, key="horizon_months")
        st.header("Time and uncertainty")
        st.toggle("Price drift and NPV", key="drift", help="Prices change each year; costs are discounted to today")
        if state.get("drift"):
            for field in PriceChange.model_fields:
                st.number_input(f"{field.replace('_', ' ')}: change per year, %", min_value=-95.0, max_value=200.0,
                                step=1.0, key=f"d.{field}", help=f"{DRIFT_SOURCES[field].reason} Source: {DRIFT_SOURCES[field].source}")
            st.number_input("Discount rate per year, %", min_value=0.0, max_value=100.0, step=1.0, key="d.discount",
                            help=f"{DRIFT_SOURCES['discount_rate_per_year'].reason} {DRIFT_SOURCES['discount_rate_per_year'].source}")
        st.toggle("Uncertainty bands and tornado", key="bands",
                  help="Volume ½×–2×, growth +0–10 points, MFU 20–46%, utilisation 50–85% (or the uploaded scenario's ranges)")
        st.header("Training data")
        st.number_input("Examples", min_value=0.0, step=100.0, format="%.0f", key="t.examples")
        st.number_input("Tokens per example", min_value=0.0, step=100.0, format="%.0f", key="t.tokens_per_example")
        st.number_input("Epochs", min_value=0.0, step=1.0, format="%.0f", key="t.epochs")


def assumptions_editor(current: Assumptions) -> None:
    with st.expander("Assumptions behind the self-hosting figures (editable)"):
        st.caption("Each estimate is named, with why it is set where it is and where the default comes from.")
        for name, info in ASSUMPTIONS.items():
            value = getattr(current, name)
            cols = st.columns([2, 5])
            key = f"a.{name}"
            if key not in state:
                state[key] = value
            if isinstance(value, bool):
                cols[0].checkbox(name, key=key)
            elif isinstance(value, int):
                cols[0].number_input(name, min_value=1, step=1, key=key)
            else:
                cols[0].number_input(name, min_value=0.0, step=0.05, key=key)
            cols[1].caption(f"{info.reason}  \nSource: {info.source}")


def results_table(result: dict) -> list[dict]:
    return [
        {
            "Option": o["name"],
            "Strategy": KINDS[o["kind"]],
            "Upfront": money(o["upfront_usd"]),
            "Monthly": money(o["monthly_usd"]),
            f"{result['horizon_months']}-month total": money(o["horizon_total_usd"]),
            **time_columns(result, o),
            "Per request": money(o["cost_per_request_usd"]),
            "Per 1M tokens": money(o["cost_per_mtok_usd"]),
            "Training GPU-hours": round(o["training_gpu_hours"], 1) if o["training_gpu_hours"] else None,
            "Serving GPUs": o["serving_gpus"] or None,
            "Feasible": "yes" if o["feasible"] else "no",
        }
        for o in result["options"]
    ]


def time_columns(result: dict, o: dict) -> dict:
    columns = {}
    if result["drift"]["price_change_per_year"] is not None or result["drift"]["discount_rate_per_year"]:
        columns["NPV"] = money(o["npv_usd"])
        columns["Payback month"] = o["payback_month"]
    stats = result.get("uncertainty", {}).get("options", {}).get(o["name"])
    if stats:
        total = stats["horizon_total_usd"]
        columns["Total P10–P90"] = f"{money(total['p10'])} – {money(total['p90'])}"
        columns["Cheapest in"] = f"{stats['probability_cheapest']:.0%}"
    return columns


def show_recommendation(result: dict) -> None:
    rec = result["recommendation"]
    if rec["option"]:
        share = result.get("uncertainty", {}).get("options", {}).get(rec["option"], {}).get("probability_cheapest")
        odds = f" — cheapest in {share:.0%} of {result['uncertainty']['draws']:,} simulated cases" if share is not None else ""
        st.success(f"**Recommended: {plain(rec['option'])}** — rule `{rec['rule']}`{plain(odds)}")
    else:
        st.error("No option can be recommended: every option was set aside.")
    for reason in rec["reasons"]:
        st.markdown(f"- {plain(reason)}")
    for note in rec["sources_disagree"]:
        st.info(plain(note), icon=":material/balance:")


def show_assumption_details(result: dict) -> None:
    with st.expander("How each figure was computed"):
        for o in result["options"]:
            st.markdown(f"**{plain(o['name'])}** — {KINDS[o['kind']]}")
            detail = {"references": o["references"], "breakdown": o["breakdown"], "assumptions used": o["assumptions"]}
            if o["sizing"]:
                detail["sizing"] = {k: o["sizing"][k] for k in ("gpus_needed", "memory_gib", "max_batch",
                                                              "max_throughput_tokens_per_s", "requests_per_s")}
            st.json(detail, expanded=False)


def show_warnings(result: dict) -> None:
    for o in result["options"]:
        if not o["feasible"]:
            st.error(f"{plain(o['name'])} is not feasible: {plain(o['reason'])}")
        for warning in o["warnings"]:
            st.warning(f"{plain(o['name'])}: {plain(warning)}")
        for note in override_notes([RecordSource.model_validate(source) for source in o.get("sources", [])]):
            st.warning(f"{plain(o['name'])}: {plain(note)}", icon=":material/swap_horiz:")
    stale = stale_prices(result)
    for name, as_of in stale:
        st.warning(f"{plain(name)}: prices dated {as_of}, more than 90 days old — check the provider's page.")


def stale_prices(result: dict) -> list[tuple[str, str]]:
    from datetime import date, timedelta

    cutoff = date.today() - timedelta(days=90)
    old = []
    for o in result["options"]:
        for kind, table in (("model", get_catalog().api), ("offer", get_catalog().finetune), ("gpu_offer", get_catalog().gpus)):
            record = table.get(o["references"].get(kind, ""))
            if record is not None and record.as_of < cutoff:
                old.append((o["name"], str(record.as_of)))
    return old


def scenario_io(scenario: dict) -> None:
    cols = st.columns(2)
    cols[0].download_button("Download scenario (JSON)", json.dumps(scenario, indent=2), file_name="scenario.json",
                            mime="application/json", width="stretch")
    upload = cols[1].file_uploader("Upload a scenario (JSON)", type=["json"], key="upload", label_visibility="collapsed")
    if upload is not None and state.get("uploaded_id") != upload.file_id:
        state["uploaded_id"] = upload.file_id
        try:
            if upload.size > MAX_SCENARIO_BYTES:  # the server's maxUploadSize stops bigger ones first
                raise ScenarioError(f"{upload.size:,} bytes, over the {MAX_SCENARIO_BYTES // 1_000_000} MB a scenario file may be")
            data = json.loads(upload.getvalue().decode("utf-8"))
            parse_scenario(data)
        except (ValueError, ScenarioError, UnicodeDecodeError, RecursionError) as exc:
            st.error(f"That file is not a usable scenario: {plain(exc)}")
        else:
            for key in [k for k in state if k.startswith(("o", "a."))]:
                del state[key]
            load(data)
            st.rerun()


def render() -> None:
    """Lay out the page: recommendation first, then charts, table, details, then the editors."""
    initialise()
    st.title("Prompt, fine-tune, or self-host?")
    plugin_warnings()
    if problem := state.pop("url_problem", None):
        st.warning(f"The link could not be used ({plain(problem)}); showing the default scenario.")
    sidebar()
    for slot in state["slots"]:
        normalise(slot)

    scenario_dict = scenario_from_widgets()
    try:
        scenario = parse_scenario(scenario_dict)
        # the page's helpers still read the JSON shape; the Compare rewrite reads attributes
        result = estimate(scenario, get_catalog()).model_dump(mode="json")
    except ScenarioError as exc:
        st.error(f"This scenario cannot be estimated: {plain(exc)}")
        result = None
    else:
        st.query_params["s"] = ss.encode(scenario_dict)

    if result is not None:
        names = [o["name"] for o in result["options"]]
        show_recommendation(result)
        left, right = st.columns(2)
        left.markdown(f"**Monthly cost vs volume** — your volume: {count(scenario.workload.requests_per_month)} requests/month")
        left.plotly_chart(figures.cost_curves(result, names), width="stretch", key="curves")
        right.markdown(f"**Cumulative cost over {scenario.horizon_months} months**")
        right.plotly_chart(figures.cumulative(result, names), width="stretch", key="cumulative")
        if "uncertainty" in result and result["uncertainty"]["tornado"]["bars"]:
            t = result["uncertainty"]["tornado"]
            st.markdown(f"**What moves the verdict** — the {scenario.horizon_months}-month gap between "
                        f"{plain(' and '.join(t['between']))}, each uncertain input swung alone")
            st.plotly_chart(figures.tornado(t), width="stretch", key="tornado")
        rows = results_table(result)
        st.dataframe(rows, hide_index=True, width="stretch")
        csv_download(rows, "comparison.csv", key="csv_compare")
        show_warnings(result)
        show_assumption_details(result)

    with st.expander(f"Options to compare ({len(state['slots'])} of {ss.MAX_OPTIONS})", expanded=result is None):
        columns = st.columns(3)
        for position, slot in enumerate(list(state["slots"])):
            option_editor(slot, columns[position % 3])
        if len(state["slots"]) < ss.MAX_OPTIONS and st.button("Add option", icon=":material/add:"):
            add_slot({"name": f"Option {state['next_slot'] + 1}", "kind": "prompting", "model": get_choices().api_models[0]})
            st.rerun()
    assumptions_editor(scenario.assumptions if result is not None else Assumptions())
    st.divider()
    scenario_io(scenario_dict)
