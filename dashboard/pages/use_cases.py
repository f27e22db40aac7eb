"""Use cases: what each seed document recommends, beside what the numbers say; and the seeds'
flowcharts as a questionnaire that explains the path it took."""

from __future__ import annotations

import streamlit as st

from catalog.engine.estimate import estimate
from catalog.engine.flowcharts import FLOWCHARTS, walk
from catalog.engine.scenario import ScenarioError, parse_scenario
from dashboard import scenario_state as ss
from dashboard.data import get_catalog, plugin_warnings
from dashboard.format import count
from dashboard.questionnaire import apply_answers
from dashboard.safe import plain
from dashboard.tables import csv_download

catalog = get_catalog()


@st.cache_resource
def computed_verdicts() -> dict[str, str]:
    """The engine's pick for each use case's preset workload, over the Compare page's defaults."""
    verdicts = {}
    base = ss.default_scenario(catalog)
    for use_case in catalog.usecases.values():
        scenario = ss.merged(base, use_case=use_case.id,
                             workload={**ss.workload_of(catalog, use_case.id), "cached_overhead_fraction": 0.5})
        try:
            result = estimate(parse_scenario(scenario), catalog, with_curves=False)
        except ScenarioError as exc:
            verdicts[use_case.id] = f"cannot estimate: {exc}"
            continue
        rec = result["recommendation"]
        verdicts[use_case.id] = f"{rec['option']} ({rec['rule']})" if rec["option"] else "none"
    return verdicts


st.title("Use cases")
plugin_warnings()
documents = sorted({v.document for u in catalog.usecases.values() for v in u.views})
verdicts = computed_verdicts()
rows = []
for use_case in catalog.usecases.values():
    row = {"use case": use_case.name, "requests/month": count(use_case.workload.requests_per_month)}
    views = {v.document: v.verdict for v in use_case.views}
    row.update({doc: views.get(doc, "") for doc in documents})
    row["seeds agree"] = "yes" if len(set(views.values())) == 1 else "no"
    row["computed (defaults)"] = verdicts[use_case.id]
    rows.append(row)
st.caption(
    "Each seed document's recommendation, as it words it, beside the cost engine's pick for the use case's "
    "typical workload over the Compare page's default options (training data: 1,000 examples)."
)
st.dataframe(rows, hide_index=True, width="stretch")
csv_download(rows, "use_cases.csv", key="csv.usecases")

chosen = st.selectbox("Read what each document says about…", list(catalog.usecases),
                      format_func=lambda u: catalog.usecases[u].name, key="case", bind="query-params")
use_case = catalog.usecases[chosen]
st.markdown(plain(use_case.description))
for view in use_case.views:
    with st.container(border=True):
        st.markdown(f"**{plain(view.title or view.document)}** — verdict: `{view.verdict}`")
        st.markdown(f"> {plain(view.says)}")
        if view.url:
            st.link_button("Read the document", view.url)
st.caption(f"Workload basis: {plain(use_case.workload.basis)}")

st.divider()
st.subheader("Questionnaire: walk a seed's flowchart")
chart_id = st.radio("Flowchart", list(FLOWCHARTS), format_func=lambda c: FLOWCHARTS[c].title, horizontal=True,
                    key="chart", bind="query-params")
chart = FLOWCHARTS[chart_id]
answers: dict[str, bool] = {}
while True:
    progress = walk(chart, answers)
    if progress.outcome is not None:
        break
    node = progress.next_question
    # bound to the URL, so a link reproduces the answers
    choice = st.radio(chart.questions[node].text, ["—", "Yes", "No"], horizontal=True, key=f"fc.{chart_id}.{node}",
                      bind="query-params")
    if choice == "—":
        break
    answers[node] = choice == "Yes"
if progress.outcome is not None:
    steps = " → ".join(f"{text} **{'yes' if answer else 'no'}**" for _, text, answer in progress.path)
    st.success(f"{progress.outcome.text}  \nPath: {steps}")
    base = ss.default_scenario(catalog)
    base.update(use_case=use_case.id, workload={**ss.workload_of(catalog, use_case.id), "cached_overhead_fraction": 0.5})
    scenario, changes = apply_answers(base, chart_id, answers)
    st.markdown(f"**Cost it on the Compare page** for *{plain(use_case.name)}* (chosen above), with the Compare "
                "page's default options" + (": " + "; ".join(changes) + "." if changes else "."))
    # a new tab: a fresh session reads the scenario from the link, whatever Compare showed before
    st.link_button("Open Compare with these answers", f"./?s={ss.encode(scenario)}", icon=":material/open_in_new:",
                   type="primary")
else:
    st.info("Answer the question above to go on.")
