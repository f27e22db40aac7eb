"""Catalog, Use cases, Sizing and Plugins pages through AppTest, with a broken plugin too."""

from __future__ import annotations

import pytest

from catalog.build import build_catalog
from catalog.engine.scenario import Assumptions
from catalog.engine.sizing import size
from catalog.hookspecs import hookimpl
from catalog.plugins import load_plugins, pm
from dashboard import catalog_tables as ct
from dashboard.use_cases_view import apply_answers
from tests.dashboard.conftest import figure, texts

PAGES = [
    "dashboard/pages/catalog.py",
    "dashboard/pages/use_cases.py",
    "dashboard/pages/sizing.py",
    "dashboard/pages/plugins.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exceptions(app, page):
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title


def catalog_page(app):
    return app().run().switch_page("dashboard/pages/catalog.py").run()


def open_table(at, label: str):
    at.get("button_group")[0].set_value(next(k for k, (name, _) in ct.TABLES.items() if name == label)).run()
    return at


def charts(at) -> list[dict]:
    """The open table's charts, without a record's price-history step chart (drawn under every
    table whose records have one)."""
    drawn = [figure(at, i) for i in range(len(at.get("plotly_chart")))]
    return [c for c in drawn if not any(t.get("line", {}).get("shape") == "hv" for t in c["data"])]


def catalog_tables(at) -> list:
    """The catalog tables drawn, without the price-history table under a record's history chart."""
    return [d for d in at.dataframe if "Price $" not in d.value.columns]


def test_catalog_draws_only_the_open_table_with_human_column_names(app, catalog):
    at = catalog_page(app)
    assert len(catalog_tables(at)) == 1, "one table drawn, not five"
    api = catalog_tables(at)[0].value
    assert list(api.columns[:4]) == ["Provider", "Model", "Source", "As of"], (
        "source and date visible without scrolling"
    )
    assert "input_per_mtok" not in api.columns and "Input $/1M tok" in api.columns
    assert len(api) == len(catalog.api)
    open_table(at, "GPU offers")
    assert len(catalog_tables(at)) == 1 and len(catalog_tables(at)[0].value) == len(catalog.gpus)


def test_gpu_chart_has_a_point_per_offer_on_a_gpu_axis(app, catalog):
    at = open_table(catalog_page(app), "GPU offers")
    (chart,) = charts(at)
    assert chart["layout"]["xaxis"]["type"] == "category"
    assert chart["layout"]["yaxis"]["title"]["text"] == "On-demand USD per GPU-hour"
    points = [(x, y) for trace in chart["data"] for x, y in zip(trace["x"], trace["y"], strict=True)]
    assert len(points) == len(catalog.gpus)
    assert sorted(chart["layout"]["xaxis"]["categoryarray"]) == sorted({o.gpu for o in catalog.gpus.values()})
    at.text_input(key="q_gpus").set_value("H100").run()
    gpus = at.dataframe[0].value
    assert len(gpus) > 5 and all("H100" in g for g in gpus["GPU"])
    (chart,) = charts(at)
    assert {x for trace in chart["data"] for x in trace["x"]} == {"H100-SXM", "H100-PCIe"}


def test_a_search_with_no_match_says_so(app):
    at = catalog_page(app)
    at.text_input(key="q_api").set_value("nosuchmodelxyz").run()
    assert not at.exception and not catalog_tables(at) and not charts(at)
    assert "No rows of API prices contain “nosuchmodelxyz”" in at.info[0].value


def test_api_scatter_says_why_it_is_empty_when_no_first_party_provider_matches(app, catalog):
    at = catalog_page(app)
    assert len(charts(at)) == 1
    at.text_input(key="q_api").set_value("novita").run()
    assert len(at.dataframe[0].value) == sum("novita" in key for key in catalog.api)
    assert not charts(at)
    assert any("No first-party provider" in c.value for c in at.caption)


def test_catalog_tables_are_built_once_per_catalog(catalog):
    first = ct.catalog_tables(catalog)
    assert ct.catalog_tables(catalog) is first
    assert ct.catalog_tables(build_catalog()) is not first, "a new catalog (after a refresh) gets new tables"


def test_use_cases_table_and_questionnaire(app):
    at = app().run().switch_page("dashboard/pages/use_cases.py").run()
    rows = at.dataframe[0].value
    assert len(rows) >= 10 and {"calmops", "codemapo", "computed (defaults)"} <= set(rows.columns)
    at.radio(key="fc.calmops.base_model_good").set_value("No").run()
    at.radio(key="fc.calmops.data_1000").set_value("Yes").run()
    at.radio(key="fc.calmops.latency").set_value("No").run()
    assert not [b for b in at.get("link_button") if b.proto.label.startswith("Open Compare")], "no link before the end"
    at.radio(key="fc.calmops.volume_1m").set_value("Yes").run()
    outcome = at.success[0].value
    assert "Calculate" in outcome and "1M+ requests/month? **yes**" in outcome


def test_questionnaire_opens_compare_with_the_answers_applied(app, catalog):
    at = app().run().switch_page("dashboard/pages/use_cases.py").run()
    at.selectbox(key="case").select("customer_support").run()
    at.radio(key="chart").set_value("codemapo").run()
    for question, answer in (("labeled_500", "Yes"), ("consistency", "Yes"), ("volume_10k", "No")):
        at.radio(key="fc.codemapo." + question).set_value(answer).run()
    (link,) = [b.proto for b in at.get("link_button") if b.proto.label == "Open Compare with these answers"]
    assert link.url.startswith("./?s=")
    preset = catalog.usecases["customer_support"].workload.requests_per_month
    assert preset >= 10_000, "the answer 'no' to 10,000+ lowers this preset"
    assert any("requests/month" in m.value and "5K" in m.value for m in at.markdown), "the change is shown"
    compare = app()
    compare.query_params["s"] = link.url.split("s=", 1)[1]
    compare.run()
    assert not compare.exception and not compare.error
    volume = next(n for n in compare.number_input if n.label == "Requests per month")
    assert volume.value == 5_000
    assert next(n for n in compare.number_input if n.label.startswith("Input tokens")).value == float(
        catalog.usecases["customer_support"].workload.input_tokens
    )


def test_apply_answers_lists_every_change_and_keeps_consistent_numbers():
    base = {"workload": {"requests_per_month": 2_000_000}, "training_data": {"examples": 300}}
    scenario, changes = apply_answers(base, "calmops", {"volume_1m": True, "data_1000": True, "latency": False})
    assert scenario["workload"]["requests_per_month"] == 2_000_000, "a yes already met is kept"
    assert scenario["training_data"]["examples"] == 1_000
    assert changes == ["training examples: 300 → 1K (you answered yes to 1K+)"]
    scenario, changes = apply_answers(base, "calmops", {"volume_1m": False})
    assert scenario["workload"]["requests_per_month"] == 500_000 and len(changes) == 1
    assert base["workload"]["requests_per_month"] == 2_000_000, "the input is not changed"


def sizing_page(app, model, gpu, method, count=None):
    at = app().run().switch_page("dashboard/pages/sizing.py").run()
    at.selectbox(key="model").select(model).run()
    at.selectbox(key="gpu").select(gpu).run()
    at.selectbox(key="method").select(method).run()
    if count is not None:
        at.selectbox(key="count").select(count).run()
    return at


def test_sizing_says_70b_does_not_fit_one_a10g(app):
    at = sizing_page(app, "meta-llama/Llama-3.1-70B-Instruct", "A10G", "none")
    assert any("Does not fit" in e for e in texts(at.error))


def test_sizing_suggests_tensor_parallel_gpu_counts(app, catalog):
    at = sizing_page(app, "meta-llama/Llama-3.1-70B-Instruct", "H100-SXM", "none")
    raw = size(
        catalog.models["meta-llama/Llama-3.1-70B-Instruct"],
        catalog.specs["H100-SXM"],
        1,
        "none",
        Assumptions(),
        1000,
        200,
    ).gpus_needed
    assert raw == 3, "memory alone asks for 3 H100s: the page must round up"
    assert at.metric[0].value == "4"
    assert any("It needs 4 × H100-SXM" in e for e in texts(at.error))
    table = at.dataframe[0].value
    assert set(table["GPUs needed"].dropna()) <= {1, 2, 4, 8}
    assert table.loc[table["GPU"] == "H100-SXM", "GPUs needed"].item() == 4


def test_sizing_shows_no_training_throughput_for_a_set_up_that_does_not_fit(app):
    at = sizing_page(app, "meta-llama/Llama-3.1-70B-Instruct", "A10G", "full", count=1)
    assert any("Does not fit" in e for e in texts(at.error))
    assert not any("Training throughput" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert table.loc[table["GPUs needed"].isna(), "train tok/s"].isna().all()
    at.selectbox(key="model").select("meta-llama/Llama-3.1-8B-Instruct").run()
    at.selectbox(key="gpu").select("H100-SXM").run()
    at.selectbox(key="method").select("lora").run()
    assert any("Training throughput" in c.value for c in at.caption), "shown once it fits"


def test_sizing_ignores_a_tampered_url(app):
    at = app()
    at.query_params["gpu"] = "<script>alert(1)</script>"
    at.run().switch_page("dashboard/pages/sizing.py")
    at.query_params["gpu"] = "<script>alert(1)</script>"
    at.run()
    assert not at.exception
    assert any("not one of the choices" in w for w in texts(at.warning))


def test_sizing_legend_sits_above_the_plot(app):
    at = app().run().switch_page("dashboard/pages/sizing.py").run()
    legend = figure(at)["layout"]["legend"]
    assert legend["yanchor"] == "bottom" and legend["y"] >= 1


class Hostile:
    @hookimpl
    def gpu_offers(self):
        raise RuntimeError("<img src=x onerror=alert(1)>")

    @hookimpl
    def open_models(self):
        return [
            {
                "repo_id": "evil/model",
                "name": "<img src=x onerror=alert(1)>",
                "params_b": 1,
                "active_params_b": 1,
                "layers": 2,
                "hidden_size": 64,
                "attention_heads": 2,
                "kv_heads": 2,
                "head_dim": 32,
                "context_length": 512,
                "license": "mit",
                "source_url": "https://evil.example/x",
                "as_of": "2026-01-01",
            }
        ]


def test_a_broken_plugin_is_reported_as_text_on_every_page(app):
    load_plugins()  # built-ins first, as in the app
    pm.register(Hostile(), name="hostile")
    try:
        at = app().run()
        assert not at.exception and at.success, "Compare still renders"
        warning = next(w for w in texts(at.warning) if "plugin problem" in w)
        assert "\\<img src=x onerror=alert\\(1\\)\\>" in warning, "escaped, so shown as text"
        at.switch_page("dashboard/pages/plugins.py").run()
        errors = at.dataframe[1].value
        assert errors["message"].tolist() == ["RuntimeError: <img src=x onerror=alert(1)>"]
    finally:
        pm.unregister(name="hostile")
