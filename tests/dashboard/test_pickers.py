"""Compare's catalog pickers: what they offer (the pure ranking in dashboard.pickers) and what the
page sends (AppTest): live records by default, a provider filter, prices in the labels, the
maker's record first, a scenario's retired or unknown pick kept, a live default for a new
option, accuracy editable on the card, and a picker that stays small at +100,000 records."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
import streamlit as st

from catalog.build import build_catalog
from catalog.engine.scenario import parse_scenario
from catalog.hookspecs import hookimpl
from catalog.plugins import pm
from catalog.records import Lifecycle
from dashboard import compare_view, pickers
from dashboard import scenario_state as ss
from tests.dashboard.compare_checks import assert_page_is_the_engine, url_scenario

CATALOG = build_catalog()
API = pickers.entries("api", CATALOG)


def keys(found: list[pickers.Entry]) -> list[str]:
    return [e.key for e in found]


# ---- the ranking, pure ------------------------------------------------------------------------


def test_no_search_offers_live_records_only_and_at_most_the_limit():
    found, total = pickers.matches(API)
    assert len(found) == pickers.LIMIT < total
    assert all(e.status != "closed" for e in found), "closed models only on request"
    assert total == sum(1 for r in CATALOG.api.values() if r.lifecycle.status != "closed")
    assert found[0].provider in ("openai", "anthropic"), "makers first"


def tier(entry: pickers.Entry, query: str) -> int:
    needle = pickers.normalised(query)
    return 0 if needle in entry.names else 1 if any(n.startswith(needle) for n in entry.names) else 2


def test_retired_shows_closed_records_after_live_ones():
    live = pickers.matches(API, "gpt-4", retired=False)[1]
    found, total = pickers.matches(API, "gpt-4", retired=True, limit=10_000)
    assert total > live and any(e.status == "closed" for e in found)
    order = [(tier(e, "gpt-4"), e.maker_rank, pickers.STATUS_ORDER[e.status]) for e in found]
    assert order == sorted(order), "within a match tier and provider rank: active, closing, then closed"


def test_the_makers_record_comes_first_and_exact_before_prefix_before_substring():
    found, _ = pickers.matches(API, "claude-sonnet-4-6")
    assert found[0].key == "anthropic/claude-sonnet-4-6", keys(found)
    assert keys(found)[1] == "google/claude-sonnet-4-6", "then the other makers' copies, before resellers'"
    # a closed record whose id is typed exactly is shown (marked), first; resellers' variants after it
    found, _ = pickers.matches(API, "claude-sonnet-4-5")
    assert found[0].key == "anthropic/claude-sonnet-4-5" and "closed" in found[0].label
    assert all(not e.key.startswith("google/") for e in found[:1])
    tiers = [tier(e, "claude-sonnet-4-5") for e in found]
    assert tiers == sorted(tiers), "exact, then prefix, then substring matches"


def test_search_ignores_case_dashes_and_spaces():
    a = keys(pickers.matches(API, "GPT 4.1 mini")[0])
    assert a == keys(pickers.matches(API, "gpt-4.1-mini")[0]) and a[0] == "openai/gpt-4.1-mini"


def test_provider_filter_keeps_only_that_provider():
    found, total = pickers.matches(API, "", provider="anthropic")
    assert found and all(e.provider == "anthropic" for e in found)
    assert total == sum(1 for r in CATALOG.api.values() if r.provider == "anthropic" and r.lifecycle.status != "closed")
    assert pickers.providers(API)[:2] == ["openai", "anthropic"], "makers first in the provider list"


def test_labels_carry_the_price_and_status():
    entry = API["openai/gpt-4.1-mini"]
    record = CATALOG.api["openai/gpt-4.1-mini"]
    assert entry.label.startswith(f"{record.name} · openai · $0.40 / $1.60 per 1M")
    assert f"closing {record.lifecycle.shutdown}" in entry.label
    assert pickers.usd(0.075) == "$0.075" and pickers.usd(15) == "$15.00" and pickers.usd(1234.5) == "$1,234.50"
    gpu = pickers.entries("gpus", CATALOG)["lambda/gpu_1x_h100_sxm5/us-east-1"]
    assert gpu.label.startswith("1× H100-SXM · lambda") and gpu.label.endswith("/h")
    offer = next(iter(pickers.entries("finetune", CATALOG).values()))
    assert "train $" in offer.label


def test_the_current_value_is_always_offered_and_never_replaced():
    found, _ = pickers.matches(API, "llama")
    assert pickers.offered(API, "anthropic/claude-2", found)[0] == "anthropic/claude-2", "a retired pick stays"
    assert pickers.offered(API, "acme/not-a-model", found)[0] == "acme/not-a-model"
    assert pickers.label(API, "acme/not-a-model") == "acme/not-a-model (not in the catalog)"
    assert pickers.offered(API, found[3].key, found) == keys(found), "a listed value is not repeated"


def test_the_default_model_is_live_and_new():
    preferred = ["openai/gpt-4.1-mini", "anthropic/claude-haiku-4-5"]  # the first is closing: skipped
    assert pickers.default_model(CATALOG, preferred) == "anthropic/claude-haiku-4-5"
    chosen = pickers.default_model(CATALOG, preferred, taken=["anthropic/claude-haiku-4-5"])
    record = CATALOG.api[chosen]
    assert record.lifecycle.status == "active" and record.provider in pickers.FIRST_PARTY
    assert record.input_per_mtok > 0 and record.output_per_mtok > 0
    cheaper = [
        r
        for r in CATALOG.api.values()
        if r.lifecycle.status == "active"
        and r.provider in pickers.FIRST_PARTY
        and 0 < r.input_per_mtok + r.output_per_mtok < record.input_per_mtok + record.output_per_mtok
        and r.output_per_mtok > 0
        and r.key != "anthropic/claude-haiku-4-5"
    ]
    assert not cheaper, "the cheapest live maker's model"


def _retired(table: dict, keys: list[str]) -> dict:
    closed = Lifecycle(status="closed", shutdown=date(2025, 1, 1))
    return {k: r.model_copy(update={"lifecycle": closed}) if k in keys else r for k, r in table.items()}


@pytest.mark.parametrize("kind", ["prompting", "hosted_finetune", "self_hosted"])
def test_switching_the_kind_picks_a_live_default_never_a_closed_record(kind):
    # The defaults' own picks retired: the switch must fall back to a live record, not to them.
    preferred_api = [m for spec in ss.DEFAULT_OPTIONS if spec["kind"] == "prompting" for m in spec["model"]]
    preferred_ft = [o for spec in ss.DEFAULT_OPTIONS if spec["kind"] == "hosted_finetune" for o in spec["offer"]]
    catalog = dataclasses.replace(
        CATALOG, api=_retired(CATALOG.api, preferred_api), finetune=_retired(CATALOG.finetune, preferred_ft)
    )
    scenario = ss.default_scenario(CATALOG)
    scenario["options"] = [{"name": "Quote", "kind": "fixed", "upfront_usd": 0, "monthly_usd": 10}]
    option = ss.edit(scenario, "options.0.kind", kind, catalog)["options"][0]
    if kind == "prompting":
        record = catalog.api[option["model"]]
        assert record.lifecycle.status == "active" and record.key not in preferred_api
        assert record.provider in pickers.FIRST_PARTY, "a maker's model, as Add an option picks"
    elif kind == "hosted_finetune":
        record = catalog.finetune[option["offer"]]
        assert record.lifecycle.status == "active" and record.key not in preferred_ft
        live = [r for r in catalog.finetune.values() if r.lifecycle.status == "active" and r.method == "sft"]
        assert record in live
    else:
        assert option["gpu_offer"] in catalog.gpus and option["model"] in catalog.models
    parse_scenario({**scenario, "options": [option]})  # the switched option is one the engine accepts
    # With the defaults live, the switch takes them (the same rule as "Add an option").
    again = ss.edit(scenario, "options.0.kind", kind, CATALOG)["options"][0]
    if kind == "prompting":
        assert again["model"] == pickers.default_model(CATALOG, preferred_api)
    elif kind == "hosted_finetune":
        assert again["offer"] == preferred_ft[0] and CATALOG.finetune[preferred_ft[0]].lifecycle.status == "active"
    else:
        assert again["gpu_offer"] == ss.DEFAULT_OPTIONS[3]["gpu_offer"][0]


def test_a_default_offer_is_closed_only_when_every_offer_is():
    closed = dataclasses.replace(CATALOG, finetune=_retired(CATALOG.finetune, list(CATALOG.finetune)))
    assert pickers.default_offer(closed) == min(CATALOG.finetune), "nothing live: kept predictable"
    assert pickers.default_offer(dataclasses.replace(CATALOG, finetune={})) is None


def test_removing_an_option_moves_the_later_cards_searches_with_them():
    view = {
        "pick.find:options.0.model": "gpt",
        "pick.find:options.1.model": "claude",
        "pick.provider:options.2.offer": "together",
        "pick.retired:options.2.offer": True,
        "pick.find:other": "kept",
    }
    assert compare_view.shifted_view(view, 1) == {
        "pick.find:options.0.model": "gpt",
        "pick.provider:options.1.offer": "together",
        "pick.retired:options.1.offer": True,
        "pick.find:other": "kept",
    }


# ---- the page -----------------------------------------------------------------------------------


def compare(app, scenario: dict | None = None):
    at = app()
    if scenario is not None:
        at.query_params["s"] = ss.encode(scenario)
    return at.run()


def test_the_page_offers_live_priced_models_and_filters_by_provider(app):
    at = compare(app)
    box = at.selectbox(key="w:options.0.model")
    assert len(box.options) <= pickers.LIMIT + 1
    assert not any(CATALOG.api[key].lifecycle.status == "closed" for key in _keys(box))
    assert all(" per 1M" in label for label in box.options), "each option names its price"
    assert not any(b.key.startswith("pick.w.") for b in [*at.selectbox, *at.checkbox] if b.key), "drawn when opened"
    at.session_state[FILTER] = True  # the user opens the card's "Filter" popover
    at.run()
    at.selectbox(key="pick.w.provider:options.0.model").select("anthropic").run()
    assert {k.split("/")[0] for k in _keys(at.selectbox(key="w:options.0.model"))[1:]} == {"anthropic"}
    at.checkbox(key="pick.w.retired:options.0.model").check().run()
    assert any(CATALOG.api[k].lifecycle.status == "closed" for k in _keys(at.selectbox(key="w:options.0.model"))[1:])
    at.session_state[FILTER] = False  # closed: the filters hold, and the caption says so
    at.run()
    assert not any(b.key.startswith("pick.w.") for b in at.selectbox if b.key)
    assert any(CATALOG.api[k].lifecycle.status == "closed" for k in _keys(at.selectbox(key="w:options.0.model"))[1:])
    assert {k.split("/")[0] for k in _keys(at.selectbox(key="w:options.0.model"))[1:]} == {"anthropic"}
    assert any("Anthropic's only; retired shown" in c.value for c in at.caption), [c.value for c in at.caption]
    at.number_input(key="w:workload.requests_per_month").set_value(123_000.0).run()
    assert {k.split("/")[0] for k in _keys(at.selectbox(key="w:options.0.model"))[1:]} == {"anthropic"}, "kept"
    assert url_scenario(at) == {**url_scenario(compare(app)), "workload": url_scenario(at)["workload"]}, (
        "filters are the view: the scenario is unchanged"
    )


FILTER = "pick.filter:options.0.model"


def _keys(box) -> list[str]:
    """The keys a select box holds (its labels are what the browser shows)."""
    return [_key_of(label) for label in box.options]


LABEL_TO_KEY = {e.label: e.key for e in API.values()}


def _key_of(label: str) -> str:
    return LABEL_TO_KEY.get(label, label.removesuffix(" (not in the catalog)"))


def test_typing_an_id_puts_the_makers_record_first_and_picking_it_is_the_engines(app):
    at = compare(app)
    at.text_input(key="pick.find:options.0.model").input("claude-sonnet-4-6").run()
    box = at.selectbox(key="w:options.0.model")
    assert _keys(box)[1] == "anthropic/claude-sonnet-4-6", box.options[:3]  # [0] is the current pick, kept
    box.select("anthropic/claude-sonnet-4-6").run()
    assert url_scenario(at)["options"][0]["model"] == "anthropic/claude-sonnet-4-6"
    assert_page_is_the_engine(at, CATALOG)


def test_a_scenario_naming_a_retired_or_unknown_model_keeps_it(app):
    scenario = ss.default_scenario(CATALOG)
    scenario["options"][0]["model"] = "anthropic/claude-2"
    at = compare(app, scenario)
    box = at.selectbox(key="w:options.0.model")
    assert box.value == "anthropic/claude-2" and "closed" in box.options[0]
    assert url_scenario(at)["options"][0]["model"] == "anthropic/claude-2", "shown, marked, never substituted"
    assert any("closed: kept as the scenario names it" in c.value for c in at.caption)
    scenario["options"][0]["model"] = "acme/unknown-model"
    at = compare(app, scenario)
    assert not at.exception
    assert url_scenario(at)["options"][0]["model"] == "acme/unknown-model"


def test_add_an_option_adds_a_live_model(app):
    at = compare(app)
    next(b for b in at.button if b.label == "Add an option").click().run()
    added = url_scenario(at)["options"][-1]
    record = CATALOG.api[added["model"]]
    assert record.lifecycle.status == "active" and record.provider in pickers.FIRST_PARTY
    assert added["model"] not in [o.get("model") for o in url_scenario(at)["options"][:-1]]
    assert_page_is_the_engine(at, CATALOG)


def test_a_removed_cards_search_stays_with_it_not_with_the_next_card(app):
    at = compare(app)
    at.text_input(key="pick.find:options.0.model").input("luna").run()
    at.text_input(key="pick.find:options.1.model").input("haiku").run()
    before = url_scenario(at)["options"]
    at.button(key="remove.0").click().run()
    assert not at.exception
    assert url_scenario(at)["options"] == before[1:]
    assert at.text_input(key="pick.find:options.0.model").value == "haiku", "the search moved with its card"
    assert all(o.key != "pick.find:options.1.model" or not o.value for o in at.text_input)
    assert_page_is_the_engine(at, CATALOG)


def test_accuracy_is_edited_on_the_card_and_ranks_by_quality(app):
    at = compare(app)
    options = url_scenario(at)["options"]
    at.number_input(key="w:cost_per_error_usd").set_value(0.5).run()
    for i in range(len(options)):
        at.number_input(key=f"w:options.{i}.accuracy").set_value(90.0 if i else 99.0).run()
    scenario = url_scenario(at)
    assert [o["accuracy"] for o in scenario["options"]] == [0.99] + [0.9] * (len(options) - 1)
    assert scenario["cost_per_error_usd"] == 0.5
    assert_page_is_the_engine(at, CATALOG)
    assert not any("not editable" in i.value and "accuracy" in i.value for i in at.info)


# ---- size at +100,000 records ------------------------------------------------------------------

SYNTHETIC_SOURCE = "https://github.com/pydantic/genai-prices"  # public and real, so the records validate


class Synthetic:
    """A plugin with 20,000 API prices (a hook's cap): five give +100,000 records."""

    def __init__(self, index: int) -> None:
        self.index = index

    @hookimpl
    def api_prices(self) -> list[dict[str, Any]]:
        return [
            {
                "provider": f"synthetic{self.index}",
                "model_id": f"claude-sonnet-{i}",
                "name": f"Synthetic model {i}",
                "input_per_mtok": 0.1 + i % 97 / 10,
                "output_per_mtok": 0.4 + i % 89 / 5,
                "source_url": SYNTHETIC_SOURCE,
                "as_of": date(2026, 1, 1),
            }
            for i in range(20_000)
        ]


def sent(at) -> tuple[int, int]:
    """Options the option cards' picks send (the provider filters grow with providers, not
    records), and the bytes of every select box on the cards, filters included."""
    picks = [b for b in at.selectbox if b.key and b.key.startswith("w:options.")]
    boxes = picks + [b for b in at.selectbox if b.key and b.key.startswith("pick.w.provider:")]
    return sum(len(b.options) for b in picks), sum(len(b.proto.SerializeToString()) for b in boxes)


@pytest.mark.slow
def test_pickers_stay_small_with_100000_more_records(app):
    today = compare(app)
    today.session_state[FILTER] = True  # the provider filter drawn, so its size counts
    today.text_input(key="pick.find:options.0.model").input("claude-sonnet").run()
    small = sent(today)
    for i in range(5):
        pm.register(Synthetic(i), name=f"synthetic{i}")
    try:
        st.cache_resource.clear()  # the next run builds the catalog with the plugins
        big = compare(app)
        assert not big.exception
        big.session_state[FILTER] = True
        big.text_input(key="pick.find:options.0.model").input("claude-sonnet").run()
        large = sent(big)
        assert len(big.selectbox(key="w:options.0.model").options) <= pickers.LIMIT + 1
        assert "of 100," in " ".join(c.value for c in big.caption), "the user is told how many matched"
    finally:
        for i in range(5):
            pm.unregister(name=f"synthetic{i}")
    print(f"picker options/bytes sent: today {small}, +100,000 records {large}")
    assert large[0] == small[0] and large[1] <= small[1] * 1.2, (small, large)
