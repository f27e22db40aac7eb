"""Model-based test of Compare: hypothesis drives the page through random sequences of every
user action, and after each step checks the page against the engine and the link.

After every step: no exception; the URL's scenario decodes and validates; the totals and the
verdict shown are estimate() of that scenario computed fresh; a fresh session opened on the
URL shows the same. The intended scenario is tracked alongside (the model): each action says
what it should change, so a step that silently changes anything else fails.
"""

from __future__ import annotations

import json

import pytest
import streamlit as st
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as hs
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from streamlit.testing.v1 import AppTest

from catalog.build import build_catalog
from catalog.engine.scenario import (
    ASSUMPTIONS,
    Assumptions,
    ScenarioError,
    parse_scenario,
)
from dashboard import scenario_state as ss
from dashboard.compare_view import RESULTS
from tests.dashboard.compare_checks import (
    assert_page_is_the_engine,
    edit_assumptions,
    pick,
    shown,
    url_scenario,
)
from tests.dashboard.conftest import APP
from tests.dashboard.fragment_reruns import scoped_to

CATALOG = build_catalog()
API = ["openai/gpt-4.1-mini", "openai/gpt-4.1", "anthropic/claude-haiku-4-5", "openai/gpt-4o-mini"]
OPEN = ["meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-70B-Instruct", "meta-llama/Llama-3.2-1B-Instruct"]
GPUS = ["lambda/gpu_1x_h100_sxm5/us-east-1", "aws/g5.xlarge/us-east-1", "aws/g5.2xlarge/us-east-1"]
OFFERS = sorted(CATALOG.finetune)[:4]
NUMBER_ASSUMPTIONS = [n for n in ASSUMPTIONS if not isinstance(getattr(Assumptions.model_validate({}), n), bool)]
fraction = hs.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0])


class ComparePage(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        st.cache_resource.clear()
        self.at = AppTest.from_file(APP, default_timeout=120).run()
        self.intended = url_scenario(self.at)

    # -- helpers ---------------------------------------------------------------------------
    def run(self) -> None:
        self.at.run()

    def expect(self, change) -> None:
        """The page edit just made should change the scenario exactly as `change` does, or, when
        that makes it invalid, be refused with one message and change nothing."""
        changed = change(self.intended)
        try:
            parse_scenario(changed)
        except ScenarioError:
            assert any("was not applied" in w.value for w in self.at.warning), "a refused edit says so"
            return
        self.intended = changed

    def open_assumptions(self) -> None:
        """The assumption editors are drawn on demand: turn them on (changes no number)."""
        edit_assumptions(self.at)

    def options(self) -> list[dict]:
        return self.intended["options"]

    # -- workload, training, horizon, assumptions --------------------------------------------
    @rule(
        field=hs.sampled_from(list(ss.WORKLOAD_FIELDS)),
        value=hs.sampled_from([0, 1_000, 50_000, 2_000_000, 40_000_000]),
    )
    def edit_workload(self, field: str, value: int) -> None:
        """The volume and tokens are edited inside the results' fragment: the browser reruns that
        fragment alone, so the step does too, and checks what the fragment drew before the whole
        page is drawn again for the next step (AppTest keeps only the fragment's elements)."""
        self.at.number_input(key=f"w:workload.{field}").set_value(value)
        with scoped_to(self.at, RESULTS):
            self.run()
        assert not self.at.button, "the rerun was the fragment's alone"
        self.expect(lambda s: ss.edit(s, f"workload.{field}", value, CATALOG))
        assert_page_is_the_engine(self.at, CATALOG)
        self.run()

    @rule(field=hs.sampled_from(list(ss.FRACTION_FIELDS)), value=fraction)
    def edit_fraction(self, field: str, value: float) -> None:
        self.at.number_input(key=f"w:workload.{field}").set_value(value)
        self.run()
        self.expect(lambda s: ss.edit(s, f"workload.{field}", value, CATALOG))

    @rule(field=hs.sampled_from(list(ss.TRAINING_FIELDS)), value=hs.sampled_from([0, 1, 3, 500, 20_000]))
    def edit_training(self, field: str, value: int) -> None:
        self.at.number_input(key=f"w:training_data.{field}").set_value(value)
        self.run()
        self.expect(lambda s: ss.edit(s, f"training_data.{field}", value, CATALOG))

    @rule(months=hs.integers(1, 120))
    def edit_horizon(self, months: int) -> None:
        self.at.number_input(key="w:horizon_months").set_value(months)
        self.run()
        self.expect(lambda s: ss.edit(s, "horizon_months", months, CATALOG))

    @rule(name=hs.sampled_from(NUMBER_ASSUMPTIONS), share=hs.sampled_from([0.3, 0.6, 1.0]))
    def edit_assumption(self, name: str, share: float) -> None:
        self.open_assumptions()
        widget = self.at.number_input(key=f"w:assumptions.{name}")
        high = min(widget.max if widget.max is not None else 1000, 1000)
        low = max(widget.min or 0, 1)
        value = (
            int(low + (high - low) * share) if isinstance(widget.value, int) else round(low + (high - low) * share, 3)
        )
        if value == widget.value:
            return
        widget.set_value(value)
        self.run()
        self.expect(lambda s: ss.edit(s, f"assumptions.{name}", value, CATALOG))

    @rule()
    def flip_gradient_checkpointing(self) -> None:
        self.open_assumptions()
        box = self.at.checkbox(key="w:assumptions.gradient_checkpointing")
        value = not box.value
        box.set_value(value)
        self.run()
        self.expect(lambda s: ss.edit(s, "assumptions.gradient_checkpointing", value, CATALOG))

    # -- toggles and presets -------------------------------------------------------------------
    @rule()
    def toggle_bands(self) -> None:
        on = not bool(self.intended.get("ranges"))
        self.at.toggle(key="w:bands").set_value(on)
        self.run()
        saved = getattr(self, "saved_ranges", None)
        if not on:
            self.saved_ranges = self.intended["ranges"]
        self.expect(lambda s: ss.edit(s, "bands", (saved or True) if on else False, CATALOG))

    @rule()
    def toggle_drift(self) -> None:
        on = self.intended.get("price_change_per_year") is None and not self.intended.get("discount_rate_per_year")
        self.at.toggle(key="w:drift").set_value(on)
        self.run()
        if on:  # the page restores what was turned off in this session; the model reads it back
            self.intended = {
                **self.intended,
                **{k: url_scenario(self.at)[k] for k in ("price_change_per_year", "discount_rate_per_year")},
            }
        else:
            self.expect(lambda s: ss.edit(s, "drift", False, CATALOG))

    @precondition(lambda self: self.intended.get("price_change_per_year") is not None)
    @rule(
        field=hs.sampled_from(["api_tokens", "fine_tuning", "gpu_hours"]), percent=hs.sampled_from([-30.0, 0.0, 12.0])
    )
    def edit_drift(self, field: str, percent: float) -> None:
        self.at.number_input(key=f"w:price_change_per_year.{field}").set_value(percent)
        self.run()
        self.expect(lambda s: ss.edit(s, f"price_change_per_year.{field}", percent / 100, CATALOG))

    @rule(use_case=hs.sampled_from([None, *CATALOG.usecases]))
    def pick_preset(self, use_case: str | None) -> None:
        if use_case == self.intended.get("use_case"):
            return
        self.at.selectbox(key="w:use_case").select(use_case)
        self.run()
        self.expect(lambda s: ss.edit(s, "use_case", use_case, CATALOG))

    # -- options ---------------------------------------------------------------------------------
    @precondition(lambda self: len(self.options()) < 8)
    @rule()
    def add_option(self) -> None:
        next(b for b in self.at.button if b.label == "Add an option").click()
        self.run()
        self.expect(lambda s: ss.added(s, CATALOG))

    @precondition(lambda self: len(self.options()) > 1)
    @rule(data=hs.data())
    def remove_option(self, data) -> None:
        index = data.draw(hs.integers(0, len(self.options()) - 1))
        self.at.button(key=f"remove.{index}").click()
        self.run()
        self.expect(lambda s: ss.removed(s, index))

    @rule(data=hs.data(), kind=hs.sampled_from(["prompting", "hosted_finetune", "self_hosted", "fixed"]))
    def rekind_option(self, data, kind: str) -> None:
        index = data.draw(hs.integers(0, len(self.options()) - 1))
        if self.options()[index]["kind"] == kind:
            return
        self.at.selectbox(key=f"w:options.{index}.kind").select(kind)
        self.run()
        self.expect(lambda s: ss.edit(s, f"options.{index}.kind", kind, CATALOG))

    @rule(data=hs.data())
    def pick_choice(self, data) -> None:
        index = data.draw(hs.integers(0, len(self.options()) - 1))
        option = self.options()[index]
        field, value = {
            "prompting": lambda: ("model", data.draw(hs.sampled_from(API))),
            "hosted_finetune": lambda: ("offer", data.draw(hs.sampled_from(OFFERS))),
            "self_hosted": lambda: data.draw(
                hs.sampled_from(
                    [("model", v) for v in OPEN]
                    + [("gpu_offer", v) for v in GPUS]
                    + [("method", v) for v in ("none", "lora", "qlora", "full")]
                )
            ),
            "fixed": lambda: ("monthly_usd", data.draw(hs.sampled_from([0, 250, 5_000]))),
        }[option["kind"]]()
        if option.get(field) == value:
            return
        if option["kind"] == "fixed":
            self.at.number_input(key=f"w:options.{index}.{field}").set_value(value)
        elif field == "method":
            self.at.selectbox(key=f"w:options.{index}.{field}").select(value)
        else:  # a catalog pick offers a search's best matches: search the id, then pick (the search is no scenario change)
            pick(self.at, f"options.{index}.{field}", value)
        self.run()
        self.expect(lambda s: ss.edit(s, f"options.{index}.{field}", value, CATALOG))

    @rule(data=hs.data(), name=hs.sampled_from(["Our pick", "Plan B", ""]))
    def type_name(self, data, name: str) -> None:
        index = data.draw(hs.integers(0, len(self.options()) - 1))
        self.at.text_input(key=f"w:options.{index}.name").input(name)
        self.run()
        if name != self.options()[index]["name"]:
            self.expect(lambda s: ss.edit(s, f"options.{index}.name", name, CATALOG))  # "" or a repeat: refused

    # -- pages, files, links --------------------------------------------------------------------
    @rule(page=hs.sampled_from(["catalog", "sizing", "use_cases"]))
    def another_page_and_back(self, page: str) -> None:
        self.at.switch_page(f"dashboard/pages/{page}.py").run()
        assert not self.at.exception
        self.at.switch_page("dashboard/pages/compare.py").run()

    @rule(valid=hs.booleans())
    def upload(self, valid: bool) -> None:
        if valid:
            scenario = ss.default_scenario(CATALOG)
            scenario["workload"]["requests_per_month"] = 777_000
            scenario["options"] = scenario["options"][1:] + [
                {"name": "Quote", "kind": "prompting", "prices": {"input_per_mtok": 0.4, "output_per_mtok": 1.6}}
            ]
            body = json.dumps(scenario).encode()
        else:
            body = json.dumps({"workload": {"requests_per_month": -5}, "options": []}).encode()
        self.at.get("file_uploader")[0].upload("scenario.json", body, "application/json")
        self.run()
        if valid:
            self.intended = scenario
            self.saved_ranges = None
        else:
            assert any("could not be used" in w.value for w in self.at.warning)

    @rule()
    def open_from_the_url(self) -> None:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["s"] = self.at.query_params["s"]
        self.at = at.run()
        self.saved_ranges = None

    @rule(volume=hs.sampled_from([2_500, 640_000, 9_000_000]))
    def open_a_link_in_this_session(self, volume: int) -> None:
        """A link the session did not write (pasted, navigated to) wins over the session's scenario."""
        self.links = getattr(self, "links", 0) + 1  # a link new to this session (one it wrote is its own state)
        linked = {
            **self.intended,
            "name": f"Shared link {self.links}",
            "workload": {**self.intended["workload"], "requests_per_month": volume},
        }
        self.at.query_params["s"] = ss.encode(linked)
        self.run()
        self.intended = linked
        self.saved_ranges = None

    # -- what holds after every step ---------------------------------------------------------------
    @invariant()
    def the_page_is_the_engine_of_its_link(self) -> None:
        scenario = assert_page_is_the_engine(self.at, CATALOG)
        # Field by field with the engine's defaults filled in: setting a field to the default the page
        # already shows changes nothing, so the link may leave it out while the model writes it.
        assert parse_scenario(scenario).model_dump() == parse_scenario(ss.loaded(self.intended)).model_dump(), (
            "the URL carries exactly the intended scenario"
        )
        fresh = AppTest.from_file(APP, default_timeout=120)
        fresh.query_params["s"] = self.at.query_params["s"]
        fresh.run()
        assert not fresh.exception and shown(fresh) == shown(self.at), "a fresh session on the link shows the same"


# Each step reruns the page and opens a fresh session on its link (two full AppTest runs), so a
# few long sequences; failures are reported as generated (shrinking a UI sequence takes minutes).
ComparePage.TestCase.settings = settings(
    max_examples=3,
    stateful_step_count=30,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
test_compare_page_is_always_its_link = pytest.mark.slow(ComparePage.TestCase)  # ~150 AppTest runs
