"""Use cases: what each seed document recommends, beside what the numbers say; and the seeds'
flowcharts as a questionnaire that explains the path it took."""

from __future__ import annotations

import streamlit as st

from catalog.engine.flowcharts import FLOWCHARTS, walk
from dashboard import scenario_state as ss
from dashboard.data import get_catalog, plugin_warnings
from dashboard.safe import plain
from dashboard.use_cases_view import apply_answers, use_case_table

catalog = get_catalog()


st.title("Use cases")
plugin_warnings()
table = use_case_table(catalog)
st.caption(
    "Each seed document's recommendation, as it words it, beside the cost engine's pick for the use case's "
    "typical workload over the Compare page's default options (training data: 1,000 examples)."
)
st.dataframe(table.rows, hide_index=True, width="stretch")
st.download_button("Download CSV", table.csv, file_name="use_cases.csv", mime="text/csv", key="csv.usecases")

chosen = st.selectbox(
    "Read what each document says about…",
    list(catalog.usecases),
    format_func=lambda u: catalog.usecases[u].name,
    key="case",
    bind="query-params",
)
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
chart_id = st.radio(
    "Flowchart",
    list(FLOWCHARTS),
    format_func=lambda c: FLOWCHARTS[c].title,
    horizontal=True,
    key="chart",
    bind="query-params",
)
chart = FLOWCHARTS[chart_id]
answers: dict[str, bool] = {}
while True:
    progress = walk(chart, answers)
    if progress.outcome is not None:
        break
    node = progress.next_question
    assert node is not None, "a walk without an outcome has a next question"
    # bound to the URL, so a link reproduces the answers
    choice = st.radio(
        chart.questions[node].text,
        ["—", "Yes", "No"],
        horizontal=True,
        key=f"fc.{chart_id}.{node}",
        bind="query-params",
    )
    if choice == "—":
        break
    answers[node] = choice == "Yes"
if progress.outcome is not None:
    steps = " → ".join(f"{text} **{'yes' if answer else 'no'}**" for _, text, answer in progress.path)
    st.success(f"{progress.outcome.text}  \nPath: {steps}")
    base = ss.default_scenario(catalog)
    base.update(
        use_case=use_case.id, workload={**ss.workload_of(catalog, use_case.id), "cached_overhead_fraction": 0.5}
    )
    scenario, changes = apply_answers(base, chart_id, answers)
    st.markdown(
        f"**Cost it on the Compare page** for *{plain(use_case.name)}* (chosen above), with the Compare "
        "page's default options" + (": " + "; ".join(changes) + "." if changes else ".")
    )
    # a new tab: a fresh session reads the scenario from the link, whatever Compare showed before
    st.link_button(
        "Open Compare with these answers", f"./?s={ss.encode(scenario)}", icon=":material/open_in_new:", type="primary"
    )
else:
    st.info("Answer the question above to go on.")
