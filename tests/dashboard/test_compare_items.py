"""Issue items 4-7: links and files the CLI accepts open on Compare with the CLI's numbers;
nothing is substituted, clamped or dropped; names follow the choices unless typed."""

from __future__ import annotations

import json

from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario
from dashboard import scenario_state as ss
from dashboard.compare_view import ASSUMPTIONS_SHOWN
from dashboard.format import money
from tests.dashboard.compare_checks import (
    assert_page_is_the_engine,
    edit_assumptions,
    open_link,
    pick,
    shown,
    url_scenario,
)
from tests.dashboard.conftest import texts


def inline_priced(catalog) -> dict:
    scenario = ss.default_scenario(catalog)
    scenario["options"][0] = {
        "name": "Quoted API",
        "kind": "prompting",
        "prices": {"input_per_mtok": 0.5, "output_per_mtok": 1.5},
    }
    return scenario


def test_an_inline_priced_option_stays_inline_with_the_clis_numbers(app, catalog):
    scenario = inline_priced(catalog)
    at = open_link(app, scenario)
    assert url_scenario(at) == scenario, "the link is kept as given"
    assert_page_is_the_engine(at, catalog)
    cli = estimate(parse_scenario(scenario), catalog)
    assert shown(at)["totals"]["Quoted API"] == money(cli.options[0].horizon_total_usd)
    picker = at.selectbox(key="w:options.0.model")
    assert picker.value is None and picker.format_func(picker.value) == "Priced in the scenario"
    price = at.number_input(key="w:options.0.prices.input_per_mtok")
    assert price.value == 0.5
    price.set_value(0.25).run()
    scenario["options"][0]["prices"]["input_per_mtok"] = 0.25
    assert url_scenario(at) == scenario, "its prices are editable, and only the edited one changes"
    assert_page_is_the_engine(at, catalog)


def test_an_unknown_model_is_kept_and_named_not_replaced(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["options"][1]["model"] = "acme/not-a-model"
    at = open_link(app, scenario)
    assert not at.exception
    assert url_scenario(at) == scenario
    assert any("unknown API model 'acme/not\\-a\\-model'" in e for e in texts(at.error)), texts(at.error)
    picker = at.selectbox(key="w:options.1.model")
    assert picker.value == "acme/not-a-model" and "not in the catalog" in picker.format_func(picker.value)
    pick(at, "options.1.model", "openai/gpt-4.1-mini")
    assert url_scenario(at)["options"][1]["model"] == "openai/gpt-4.1-mini"
    assert_page_is_the_engine(at, catalog)


def test_more_than_six_options_are_all_kept_and_shown(app, catalog):
    scenario = ss.default_scenario(catalog)
    models = ["openai/gpt-4.1-mini", "openai/gpt-4.1-nano", "openai/gpt-4o-mini", "openai/gpt-4.1"]
    scenario["options"] += [{"name": f"Extra {m}", "kind": "prompting", "model": m} for m in models]
    at = open_link(app, scenario)
    assert len(url_scenario(at)["options"]) == 8
    assert len(shown(at)["totals"]) == 8
    assert len([b for b in at.button if b.label == "Remove this option"]) == 8, "one editor card per option"
    at.number_input(key="w:workload.requests_per_month").set_value(2_000_000).run()
    assert len(url_scenario(at)["options"]) == 8, "an edit does not drop options"
    assert_page_is_the_engine(at, catalog)


def test_values_beyond_the_widgets_old_ranges_open_unchanged(app, catalog):
    fast_growth = ss.default_scenario(catalog)
    fast_growth["workload"]["monthly_growth"] = 1.5
    at = open_link(app, fast_growth)
    assert url_scenario(at) == fast_growth
    assert at.number_input(key="w:workload.monthly_growth").value == 1.5
    assert_page_is_the_engine(at, catalog)

    scenario = ss.default_scenario(catalog)
    scenario.update(horizon_months=96)
    scenario["assumptions"] = {"usable_memory_fraction": 0.01}
    at = open_link(app, scenario)
    assert url_scenario(at) == scenario
    assert at.number_input(key="w:horizon_months").value == 96
    at.session_state[ASSUMPTIONS_SHOWN] = True  # the expander opened, as a click does
    at.run()
    assert "usable_memory_fraction** = 0.01" in " ".join(m.value for m in at.markdown), "shown read-only as given"
    edit_assumptions(at)
    assert at.number_input(key="w:assumptions.usable_memory_fraction").value == 0.01
    assert_page_is_the_engine(at, catalog)
    at.number_input(key="w:workload.requests_per_month").set_value(50_000).run()
    scenario["workload"]["requests_per_month"] = 50_000
    assert url_scenario(at) == scenario, "editing another field keeps them"
    assert_page_is_the_engine(at, catalog)


def test_a_link_the_engine_refuses_says_so_like_the_cli(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["assumptions"] = {"usable_memory_fraction": 1e-310}  # below the engine's floor: the CLI refuses it too
    at = open_link(app, scenario)
    assert not at.exception
    assert any("link could not be used" in w and "usable\\_memory\\_fraction" in w for w in texts(at.warning)), texts(
        at.warning
    )


def test_a_seed_is_carried_and_said_and_a_negative_one_refused_like_the_cli(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario.update(seed=7, ranges={"workload.requests_per_month": {"low": 50_000, "mode": 100_000, "high": 200_000}})
    at = open_link(app, scenario)
    assert url_scenario(at) == scenario
    assert_page_is_the_engine(at, catalog)
    assert any("seed" in i for i in texts(at.info)), "the page says it carries the seed it has no editor for"
    at = open_link(app, {**scenario, "seed": -1})
    assert not at.exception
    assert any("link could not be used" in w and "seed" in w for w in texts(at.warning)), texts(at.warning)


def test_names_follow_the_model_picked_unless_typed(app, catalog):
    at = app().run()
    pick(at, "options.0.model", "openai/gpt-4.1-mini")
    name = f"Prompt {catalog.api['openai/gpt-4.1-mini'].name}"
    assert url_scenario(at)["options"][0]["name"] == name
    assert name in shown(at)["totals"] and "Prompt GPT-5.6 Luna" not in shown(at)["totals"]
    pick(at, "options.3.model", "meta-llama/Llama-3.1-70B-Instruct")
    assert url_scenario(at)["options"][3]["name"] == "Self-host Llama 3.1 70B (LoRA)"
    assert not any("8B" in e for e in texts(at.error)), "no message names the model that was replaced"
    at.text_input(key="w:options.0.name").input("Our pick").run()
    pick(at, "options.0.model", "openai/gpt-4.1")
    assert url_scenario(at)["options"][0]["name"] == "Our pick", "a typed name stays"
    assert_page_is_the_engine(at, catalog)


def test_an_uploaded_file_replaces_the_scenario_and_an_invalid_one_changes_nothing(app, catalog):
    at = app().run()
    before = url_scenario(at)
    scenario = inline_priced(catalog)
    at.get("file_uploader")[0].upload("bad.json", b"{not json", "application/json").run()
    assert url_scenario(at) == before and any("not JSON" in w for w in texts(at.warning))
    at.get("file_uploader")[0].upload("scenario.json", json.dumps(scenario).encode(), "application/json").run()
    assert url_scenario(at) == scenario
    assert_page_is_the_engine(at, catalog)


def test_a_field_the_scenario_omits_shows_the_engines_default_and_stays_omitted(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["options"][3].pop("method")
    at = open_link(app, scenario)
    edit_assumptions(at)
    assert at.number_input(key="w:workload.batch_fraction").value == 0
    assert at.number_input(key="w:assumptions.hours_per_month").value == 730
    assert at.selectbox(key="w:options.3.method").value == "lora"
    assert url_scenario(at) == scenario, "drawing a default does not write it into the link"
    at.number_input(key="w:workload.monthly_growth").set_value(0.02).run()
    scenario["workload"]["monthly_growth"] = 0.02
    assert url_scenario(at) == scenario
    assert_page_is_the_engine(at, catalog)


def test_a_link_opened_in_a_session_that_has_a_scenario_wins(app, catalog):
    at = app().run()
    at.number_input(key="w:workload.requests_per_month").set_value(4_000_000).run()
    linked = ss.default_scenario(catalog)
    linked["workload"]["requests_per_month"] = 123_000
    linked["options"] = linked["options"][1:]
    at.query_params["s"] = ss.encode(linked)
    at.run()
    assert url_scenario(at) == linked, "the link the user opened is shown, not the session's scenario"
    assert_page_is_the_engine(at, catalog)
    at.number_input(key="w:workload.requests_per_month").set_value(150_000).run()
    assert url_scenario(at) == {**linked, "workload": {**linked["workload"], "requests_per_month": 150_000}}, (
        "edits after it apply to the linked scenario, and the page's own link does not count as a new one"
    )


def test_a_bad_link_in_a_session_keeps_its_scenario_and_says_why(app, catalog):
    at = app().run()
    at.number_input(key="w:workload.requests_per_month").set_value(4_000_000).run()
    before = url_scenario(at)
    at.query_params["s"] = ss.encode({"workload": {"requests_per_month": -5}, "options": []})
    at.run()
    assert any("link could not be used" in w and "nothing was changed" in w for w in texts(at.warning)), texts(
        at.warning
    )
    assert url_scenario(at) == before
    assert_page_is_the_engine(at, catalog)
    at.query_params["s"] = "not-a-scenario"
    at.run()
    assert any("damaged" in w for w in texts(at.warning)), texts(at.warning)
    assert url_scenario(at) == before


def test_cache_writes_and_off_peak_traffic_are_edited_on_the_page(app, catalog):
    """The workload's cache-write share, its lifetime and the off-peak share each have an editor:
    an edit reaches the URL's scenario, and the page shows the engine's numbers for it."""
    scenario = ss.default_scenario(catalog)
    scenario["options"][1]["model"] = "anthropic/claude-sonnet-4-6"  # a model that prices cache writes
    at = open_link(app, scenario)
    before = shown(at)["totals"]
    at.number_input(key="w:workload.cache_write_fraction").set_value(0.25).run()
    at.selectbox(key="w:workload.cache_ttl").set_value("1h").run()
    at.number_input(key="w:workload.off_peak_fraction").set_value(0.5).run()
    workload = url_scenario(at)["workload"]
    assert (workload["cache_write_fraction"], workload["cache_ttl"], workload["off_peak_fraction"]) == (0.25, "1h", 0.5)
    assert_page_is_the_engine(at, catalog)
    name = url_scenario(at)["options"][1]["name"]
    assert shown(at)["totals"][name] != before[name], "the written share is billed at the write price"
