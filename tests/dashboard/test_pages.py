"""Catalog, Use cases, Sizing and Plugins pages through AppTest, with a broken plugin too."""

from __future__ import annotations

import pytest

from catalog.hookspecs import hookimpl
from catalog.plugins import load_plugins, pm
from tests.dashboard.conftest import figure, texts

PAGES = ["dashboard/pages/catalog.py", "dashboard/pages/use_cases.py", "dashboard/pages/sizing.py", "dashboard/pages/plugins.py"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exceptions(app, page):
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title


def test_catalog_tabs_search_and_charts(app):
    at = app().run().switch_page("dashboard/pages/catalog.py").run()
    assert len(at.tabs) == 5
    assert len(at.dataframe) == 5
    at.text_input(key="q_gpus").set_value("H100").run()
    gpus = at.dataframe[2].value
    assert len(gpus) > 5 and all("H100" in g for g in gpus["gpu"])
    chart = next(f for f in (figure(at, i) for i in range(len(at.get("plotly_chart")))) if f["layout"]["xaxis"]["title"]["text"] == "GPU")
    assert chart["layout"]["yaxis"]["title"]["text"] == "On-demand USD per GPU-hour"
    assert {x for trace in chart["data"] for x in trace["x"]} == {"H100-SXM", "H100-PCIe"}


def test_use_cases_table_and_questionnaire(app):
    at = app().run().switch_page("dashboard/pages/use_cases.py").run()
    rows = at.dataframe[0].value
    assert len(rows) >= 10 and {"calmops", "codemapo", "computed (defaults)"} <= set(rows.columns)
    at.radio(key="fc.calmops.base_model_good").set_value("No").run()
    at.radio(key="fc.calmops.data_1000").set_value("Yes").run()
    at.radio(key="fc.calmops.latency").set_value("No").run()
    at.radio(key="fc.calmops.volume_1m").set_value("Yes").run()
    outcome = at.success[0].value
    assert "Calculate" in outcome and "1M+ requests/month? **yes**" in outcome


def test_sizing_says_70b_does_not_fit_one_a10g(app):
    at = app().run().switch_page("dashboard/pages/sizing.py").run()
    at.selectbox(key="model").select("meta-llama/Llama-3.1-70B-Instruct").run()
    at.selectbox(key="gpu").select("A10G").run()
    at.selectbox(key="method").select("none").run()
    assert any("Does not fit" in e for e in texts(at.error))


def test_sizing_ignores_a_tampered_url(app):
    at = app()
    at.query_params["gpu"] = "<script>alert(1)</script>"
    at.run().switch_page("dashboard/pages/sizing.py")
    at.query_params["gpu"] = "<script>alert(1)</script>"
    at.run()
    assert not at.exception
    assert any("not one of the choices" in w for w in texts(at.warning))


class Hostile:
    @hookimpl
    def gpu_offers(self):
        raise RuntimeError("<img src=x onerror=alert(1)>")

    @hookimpl
    def open_models(self):
        return [{"repo_id": "evil/model", "name": "<img src=x onerror=alert(1)>", "params_b": 1, "active_params_b": 1,
                 "layers": 2, "hidden_size": 64, "attention_heads": 2, "kv_heads": 2, "head_dim": 32,
                 "context_length": 512, "license": "mit", "source_url": "https://evil.example/x", "as_of": "2026-01-01"}]


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
