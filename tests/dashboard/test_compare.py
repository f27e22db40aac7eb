"""Compare page, through AppTest: defaults, edits, options added and removed, presets, URL state."""

from __future__ import annotations

from dashboard import scenario_state as ss
from dashboard.safe import plain
from tests.dashboard.compare_checks import open_link, tables
from tests.dashboard.conftest import figure, texts


def table(at):
    return tables(at)[0]


def test_first_view_has_a_recommendation_a_chart_and_a_table(app):
    at = app().run()
    assert not at.exception
    assert at.success and "Recommended:" in at.success[0].value
    assert len(table(at)) == 4
    curves = figure(at, 0)
    traces = [t for t in curves["data"] if t.get("mode") == "lines"]
    assert len(traces) == 4 and all(len(t["x"]) >= 200 for t in traces)
    assert curves["layout"]["xaxis"]["type"] == "log" and curves["layout"]["yaxis"]["title"]["text"].startswith(
        "Monthly cost, USD"
    )
    assert at.query_params["s"], "the scenario is in the URL"


def test_changing_the_volume_moves_the_marker_and_the_table(app):
    at = app().run()
    before = table(at)["Monthly"].tolist()
    at.number_input(key="w:workload.requests_per_month").set_value(10_000_000).run()
    assert not at.exception
    after = table(at)["Monthly"].tolist()
    assert before != after
    marker = [s for s in figure(at, 0)["layout"]["shapes"] if s.get("type") == "line"]
    assert marker and marker[0]["x0"] == 10_000_000


def test_add_and_remove_an_option(app):
    at = app().run()
    at.button[[b.label for b in at.button].index("Add an option")].click().run()
    assert len(table(at)) == 5
    remove = [b for b in at.button if b.label == "Remove this option"]
    remove[0].click().run()
    assert len(table(at)) == 4
    assert "Prompt GPT-5.6 Luna" not in table(at)["Option"].tolist()


def test_switching_use_case_fills_its_workload(app, catalog):
    at = app().run()
    at.selectbox(key="w:use_case").select("high_volume_ticket_classification").run()
    preset = catalog.usecases["high_volume_ticket_classification"].workload
    assert at.number_input(key="w:workload.requests_per_month").value == preset.requests_per_month == 30_000_000
    assert at.number_input(key="w:workload.output_tokens").value == preset.output_tokens
    assert plain(preset.basis) in texts(at.caption), "the preset says where its figures come from"


def test_a_link_reproduces_the_view(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["workload"]["requests_per_month"] = 4_321_000
    scenario["options"] = scenario["options"][:2]
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    assert not at.exception and not at.warning
    assert at.number_input(key="w:workload.requests_per_month").value == 4_321_000
    assert len(table(at)) == 2


def test_a_tampered_link_warns_and_shows_the_defaults(app):
    at = app()
    at.query_params["s"] = "this-is-not-a-scenario"
    at.run()
    assert not at.exception
    assert any("link could not be used" in w for w in texts(at.warning))
    assert len(table(at)) == 4


def test_a_link_with_an_invalid_scenario_warns(app):
    at = app()
    at.query_params["s"] = ss.encode({"workload": {"requests_per_month": -1}, "options": []})
    at.run()
    assert any("link could not be used" in w for w in texts(at.warning))


def test_an_infeasible_option_is_shown_as_such(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["options"].append(
        {
            "name": "70B on one A10G",
            "kind": "self_hosted",
            "model": "meta-llama/Llama-3.1-70B-Instruct",
            "gpu_offer": "aws/g5.2xlarge/us-east-1",
            "method": "none",
        }
    )
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    assert table(at)["Feasible"].tolist()[-1] == "no"
    assert any("not feasible" in e for e in texts(at.error))


def test_uncertainty_toggle_adds_bands_odds_and_a_tornado(app):
    at = app().run()
    at.toggle(key="w:bands").set_value(True).run()
    assert not at.exception
    curves = figure(at, 0)
    assert any(t.get("fill") == "tonexty" for t in curves["data"]), "P10-P90 bands around the curves"
    assert "cheapest in" in at.success[0].value and "simulated cases" in at.success[0].value
    tornado = figure(at, 1)
    assert tornado["data"][0]["type"] == "bar" and "minus" in tornado["layout"]["xaxis"]["title"]["text"]
    assert "Total P10–P90" in tables(at)[1].columns, "the spread is in the second table, beside the unit costs"


def test_drift_toggle_adds_npv_and_payback(app):
    at = app().run()
    at.toggle(key="w:drift").set_value(True).run()
    at.number_input(key="w:price_change_per_year.api_tokens").set_value(-30.0).run()
    assert not at.exception
    assert {"NPV", "Payback month"} <= set(table(at).columns)
    assert at.query_params["s"] and ss.decode(at.query_params["s"])["price_change_per_year"]["api_tokens"] == -0.30


def tuned_against_prompting(catalog, name: str, offer: str, **settings) -> dict:
    """The default scenario with two options: the fine-tuning `offer` (named `name`) and
    prompting gpt-4.1-mini."""
    scenario = {**ss.default_scenario(catalog), **settings}
    scenario["options"] = [
        {"name": name, "kind": "hosted_finetune", "offer": offer},
        {"name": "Prompt", "kind": "prompting", "model": "openai/gpt-4.1-mini"},
    ]
    return scenario


def test_an_openai_route_shows_its_shutdown(app, catalog):
    scenario = tuned_against_prompting(
        catalog, "OpenAI tuned", "openai/gpt-4.1-mini-sft", start_date="2026-11-23", horizon_months=12
    )
    at = open_link(app, scenario)
    warnings = " ".join(texts(at.warning))
    assert "2027\\-01\\-14" in warnings and "chosen automatically" in warnings


def test_a_scenario_with_inline_ranges_loads_with_bands_on(app):
    import json

    from tests.conftest import ROOT

    scenario = json.loads((ROOT / "examples" / "scenarios" / "openai_shutdown_with_uncertainty.json").read_text())
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    assert not at.exception
    assert at.toggle(key="w:bands").value and at.toggle(key="w:drift").value
    assert at.number_input(key="w:workload.requests_per_month").value == 300_000
    assert "simulated cases" in at.success[0].value


def test_an_options_notes_are_one_box_that_names_it_once(app, catalog):
    """The default scenario's hosted fine-tune has several notes (minimum charge, validation
    tokens, disputed prices): one warning names the option once and lists each of them."""
    from catalog.engine.estimate import estimate
    from catalog.engine.provenance import override_notes
    from catalog.engine.scenario import parse_scenario

    at = app().run()
    result = estimate(parse_scenario(ss.default_scenario(catalog)), catalog)
    noted = [o for o in result.options if len([*o.warnings, *override_notes(o.sources)]) > 1]
    assert noted, "the default scenario has an option with several notes"
    for o in noted:
        boxes = [w for w in texts(at.warning) if plain(o.name) in w]
        assert len(boxes) == 1 and boxes[0].count(plain(o.name)) == 1
        for note in [*o.warnings, *override_notes(o.sources)]:
            assert f"\n- {plain(note)}" in boxes[0]


def test_a_price_older_than_90_days_is_noted_on_its_option(app, catalog):
    """Mistral's fine-tuning price was shown on 2024-12-22: the option's box says so, by date."""
    at = open_link(app, tuned_against_prompting(catalog, "Mistral tuned", "mistral/mistral-nemo-sft"))
    boxes = [w for w in texts(at.warning) if "Mistral tuned" in w]
    assert len(boxes) == 1 and plain("prices dated 2024-12-22, more than 90 days old") in boxes[0]
    assert not any("Prompt" in w and "more than 90 days" in w for w in texts(at.warning))
