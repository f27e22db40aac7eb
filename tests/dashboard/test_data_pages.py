"""Issues 18 and 12 (item 7) on the pages: grades beside sources, disputed dates, freshness, and a
third-party record without a public source shown as a warning and kept."""

from __future__ import annotations

from catalog.hookspecs import hookimpl
from catalog.plugins import pm


class PrivateRates:
    @hookimpl
    def gpu_offers(self):
        return [
            {
                "cloud": "acme",
                "instance_type": "h100x1",
                "gpu": "H100-SXM",
                "gpu_count": 1,
                "region": "eu",
                "on_demand_per_hour": "2.00",
                "source_url": "https://intranet/rates",
                "as_of": "2026-11-01",
            }
        ]


def test_the_catalog_shows_the_grade_beside_the_source(app):
    at = app().run().switch_page("dashboard/pages/catalog.py").run()
    at.get("button_group")[0].set_value("finetune").run()
    finetune = at.dataframe[0].value
    columns = list(finetune.columns)
    assert columns.index("Grade") == columns.index("Source") + 2, "the grade sits beside the source and its date"
    grades = set(finetune["Grade"].dropna())
    assert grades <= {"A", "B", "C"} and {"A", "B", "C"} & grades
    rft = finetune[finetune["Offer"] == "o4-mini-rft"].iloc[0]
    assert rft["Status"] == "closed" and str(rft["Shutdown"]).startswith("2026-10-23")


def test_plugins_page_reports_freshness_and_keeps_a_record_without_a_public_source(app):
    pm.register(PrivateRates(), name="acme_rates")
    try:
        at = app().run().switch_page("dashboard/pages/plugins.py").run()
        assert not at.exception
        subheaders = [s.value for s in at.subheader]
        assert "Freshness" in subheaders and any(s.startswith("Sources readers cannot follow") for s in subheaders)
        frames = [f.value for f in at.dataframe]
        warned = next(f for f in frames if "problem" in f.columns)
        assert warned["plugin"].tolist() == ["acme_rates"] and "not a public host" in warned["problem"].iloc[0]
        ages = next(f for f in frames if "median_age_days" in f.columns)
        assert {"api", "finetune", "gpus", "specs", "models"} <= set(ages["kind"])
        rows = next(f for f in frames if "plugin" in f.columns and "records" in f.columns)
        assert rows[rows["plugin"] == "acme_rates"]["records"].iloc[0] == 1, "kept, not dropped"
    finally:
        pm.unregister(name="acme_rates")
