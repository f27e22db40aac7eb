"""The verdict in words: every number in it is the engine's, every rule and input has plain words."""

from __future__ import annotations

import math
import re

import pytest

from catalog.engine import recommend
from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario
from catalog.engine.uncertainty import default_ranges
from dashboard import scenario_state as ss
from dashboard.compare_view import DETAIL_COLUMNS
from dashboard.format import count, money
from dashboard.safe import plain
from dashboard.verdict import (
    RULES,
    input_name,
    nearest_changes,
    route_changes,
    rule_words,
    seeds_named,
    verdict_sentences,
)
from tests.dashboard.compare_checks import tables
from tests.dashboard.conftest import figure, texts


@pytest.fixture(scope="module")
def banded(catalog):
    scenario = ss.default_scenario(catalog)
    scenario["ranges"] = default_ranges(scenario)
    return estimate(parse_scenario(scenario), catalog)


def test_every_rule_of_the_recommendation_has_plain_words():
    named = set(re.findall(r"^- `(\w+)`:", recommend.__doc__ or "", re.M)) | {"no_option_left"}
    assert len(named) == 7 and named <= set(RULES)
    assert "_" not in rule_words("prompting_first", 12) and "12-month" in rule_words("cheapest_over_horizon", 12)


def test_the_sentence_carries_each_options_monthly_cost_and_the_route_change(banded):
    words = verdict_sentences(banded)
    assert words.startswith(f"Pick {banded.recommendation.option}:")
    assert f"At {count(banded.requests_per_month)} requests/month" in words
    for option in banded.options:
        assert f"{option.name} {money(option.monthly_usd)}" in words
    changes = route_changes(banded)
    assert changes, "the default scenario's cheapest route changes inside 10^2..10^9"
    engine_volumes = {v.requests_per_month for pair in banded.break_even for v in pair.volumes}
    assert {v for v, _, _ in changes} <= engine_volumes
    above = min(c for c in changes if c[0] > banded.requests_per_month)
    assert f"above ≈{count(above[0])} requests/month {above[2]} becomes cheapest" in words
    curves = banded.curves
    assert curves is not None
    for volume, below, cheaper_above in changes:  # the named options really are cheapest on either side
        i = next(i for i, v in enumerate(curves.requests_per_month) if v > volume)
        assert min(curves.monthly_usd, key=lambda n: curves.monthly_usd[n][i]) == cheaper_above
        assert min(curves.monthly_usd, key=lambda n: curves.monthly_usd[n][i - 1]) == below


def test_the_top_tornado_input_is_named_with_its_range(banded):
    assert banded.uncertainty is not None
    top = banded.uncertainty.tornado.bars[0]
    words = verdict_sentences(banded)
    assert input_name(top.input).lower() in words and top.input not in words
    assert money(top.swing_usd) in words or "flip" in words


def test_a_flipping_input_says_where_the_answer_changes(banded):
    assert banded.uncertainty is not None
    tornado = banded.uncertainty.tornado
    other = next(o.name for o in banded.options if o.name != banded.recommendation.option)
    bar = tornado.bars[0].model_copy(update={"flips": True, "winner_at_high": other, "high": 9_000_000.0})
    flipped = banded.model_copy(
        update={
            "uncertainty": banded.uncertainty.model_copy(update={"tornado": tornado.model_copy(update={"bars": [bar]})})
        }
    )
    assert f"at 9M (its range is {count(bar.low)}–9M) {other} is cheapest" in verdict_sentences(flipped)


def test_readable_input_names():
    assert input_name("workload.requests_per_month") == "Requests per month"
    assert input_name("assumptions.utilisation") == "GPU utilisation while serving"
    assert "_" not in input_name("options.2.accuracy")


def test_seed_handles_are_linked(catalog):
    seeds = seeds_named(["improve prompts first (Calmops, Soguru)"], catalog)
    assert [s[0] for s in seeds] == ["Calmops", "Soguru"] and all(s[2].startswith("https://") for s in seeds)
    numbered = seeds_named(
        ["follow 001's cost example (000 also uses it); 500-2,000-word prompts, 1,000+ examples"], catalog
    )
    assert [(s[0], s[1].split(":")[0]) for s in numbered] == [("001", "Codemapo"), ("000", "Calmops")]


def test_the_use_case_preset_links_the_seeds_its_basis_cites(app, catalog):
    at = app().run()
    basis = catalog.usecases[ss.default_scenario(catalog)["use_case"]].workload.basis
    assert "001's" in basis
    assert any("Seed documents named here: 001 = [Codemapo" in c for c in texts(at.sidebar.caption))


def test_the_page_shows_the_engines_verdict_for_the_url_scenario(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["workload"]["requests_per_month"] = 3_000_000
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    assert not at.exception
    expected = verdict_sentences(estimate(parse_scenario(ss.loaded(scenario)), catalog))
    assert plain(expected) in texts(at.markdown)
    assert "3M requests/month" in expected


def test_a_scenario_without_options_asks_for_one(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["options"] = []
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    assert not at.exception and not at.error and not at.warning, "no pydantic message, no refusal"
    assert any(i.value.startswith("Add an option to compare") for i in at.info)
    assert not tables(at)
    at.number_input(key="w:workload.requests_per_month").set_value(2_000_000).run()
    assert not at.warning, "the workload can be edited before any option is added"
    at.button[[b.label for b in at.button].index("Add an option")].click().run()
    assert not at.exception and len(tables(at)[0]) == 1
    assert tables(at)[0]["Option"].tolist() == [o["name"] for o in ss.added(scenario, catalog)["options"]]
    assert ss.decode(at.query_params["s"])["workload"]["requests_per_month"] == 2_000_000


def test_the_table_has_team_cost_and_no_none(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["options"].insert(
        0,
        {
            "name": "70B on one A10G",
            "kind": "self_hosted",
            "method": "none",  # cannot run
            "model": "meta-llama/Llama-3.1-70B-Instruct",
            "gpu_offer": "aws/g5.2xlarge/us-east-1",
        },
    )
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    rows = tables(at)[0]
    result = estimate(parse_scenario(ss.loaded(scenario)), catalog)
    assert rows["Team / month"].tolist() == [
        money(o.team_monthly_usd) if o.team_monthly_usd else money(None) for o in result.options
    ]
    assert any(o.team_monthly_usd for o in result.options)
    assert rows["Feasible"].tolist()[0] == "no"
    cells = [str(v) for column in rows.columns for v in rows[column]]
    assert "None" not in cells and "nan" not in cells
    assert len(rows.columns) <= 11 and tables(at)[1].columns.tolist() == ["Option", *DETAIL_COLUMNS[2:]]


def test_the_charts_label_themselves(app, catalog):
    scenario = ss.default_scenario(catalog)
    scenario["ranges"] = default_ranges(scenario)
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    at.run()
    result = estimate(parse_scenario(ss.loaded(scenario)), catalog)
    curves = figure(at, 0)
    notes = {a["text"]: a for a in curves["layout"]["annotations"]}
    mine = notes[f"your volume: {count(result.requests_per_month)}/month"]
    assert mine["x"] == pytest.approx(math.log10(result.requests_per_month)), "log axes place annotations in log10"
    _, above = nearest_changes(result)
    volume, _, winner = above[0]
    assert f"≈{count(volume)}/mo: cheapest above<br>{winner}" in notes
    assert curves["layout"]["xaxis"]["range"] == pytest.approx([2, 9]), "labels do not widen the volume axis"
    markers = next(t for t in curves["data"] if t.get("name") == "break-even of two options")
    crossings = [(v.cheaper_below, v.cheaper_above) for pair in result.break_even for v in pair.volumes]
    assert len(markers["hovertext"]) == len(crossings)
    assert all(
        f"{below} cheaper below, {above} above" in text
        for text, (below, above) in zip(markers["hovertext"], crossings, strict=True)
    )
    assert result.uncertainty is not None
    bars = figure(at, 1)["data"]
    moving = [b for b in result.uncertainty.tornado.bars if b.swing_usd]
    assert len(moving) < len(result.uncertainty.tornado.bars), (
        "the default ranges include inputs that move nothing here"
    )
    assert [b["y"][0] for b in bars] == [input_name(b.input) for b in reversed(moving)]
