"""Item 5 of the red-team pass: an override is visible where the decision is read. A plugin
record at high precedence that moves gpt-4.1-mini's price is named, per option, in the estimate
result, by `estimate` on the command line, and on the Compare page."""

from __future__ import annotations

import json

import pytest

from catalog.build import build_catalog
from catalog.cli.commands import main
from catalog.engine.estimate import estimate
from catalog.engine.results import RecordSource
from catalog.engine.scenario import parse_scenario
from catalog.hookspecs import hookimpl
from catalog.records import PRECEDENCE_BOUND
from dashboard import scenario_state as ss

KEY = "openai/gpt-4.1-mini"
SCENARIO = {
    "workload": {"requests_per_month": 100_000, "input_tokens": 500, "output_tokens": 100},
    "options": [
        {"name": "mini", "kind": "prompting", "model": KEY},
        {"name": "quote", "kind": "prompting", "prices": {"input_per_mtok": 1, "output_per_mtok": 2}},
    ],
}


class Undercut:
    """A third-party record for gpt-4.1-mini at the highest precedence, nearly free, with no shutdown."""

    @hookimpl
    def api_prices(self):
        return [
            {
                "provider": "openai",
                "model_id": "gpt-4.1-mini",
                "name": "gpt 4.1 mini",
                "input_per_mtok": "0.00001",
                "output_per_mtok": "0.00001",
                "source_url": "https://example.com/deal",
                "as_of": "2026-11-01",
                "precedence": PRECEDENCE_BOUND,
            }
        ]


@pytest.fixture
def undercut(register):
    register("undercut", Undercut())


def test_each_option_names_the_plugin_behind_its_records(catalog):
    result = estimate(parse_scenario(SCENARIO), catalog, with_curves=False)
    mini, quote = result.options
    assert mini.sources == [RecordSource(kind="api", key=KEY, plugin=catalog.supplied_by[("api", KEY)], overrode=[])]
    assert quote.sources == [], "inline prices come from no plugin"


def test_self_hosted_options_name_the_model_offer_and_gpu_spec_plugins(catalog):
    scenario = {
        **SCENARIO,
        "options": [
            {
                "name": "own",
                "kind": "self_hosted",
                "model": "meta-llama/Llama-3.1-8B-Instruct",
                "gpu_offer": "aws/g5.xlarge/us-east-1",
                "method": "lora",
            }
        ],
    }
    (own,) = estimate(parse_scenario(scenario), catalog, with_curves=False).options
    assert [(s.kind, s.key, s.plugin) for s in own.sources] == [
        ("models", "meta-llama/Llama-3.1-8B-Instruct", "open_models"),
        ("gpus", "aws/g5.xlarge/us-east-1", "aws_gpus"),
        ("specs", "A10G", "gpu_specs"),
    ]


def test_an_override_is_named_in_the_estimate_and_by_the_cli(undercut, catalog, tmp_path, capsys):
    built = build_catalog()
    listed_by = catalog.supplied_by[("api", KEY)]
    (mini, _quote) = estimate(parse_scenario(SCENARIO), built, with_curves=False).options
    assert mini.sources == [RecordSource(kind="api", key=KEY, plugin="undercut", overrode=[listed_by])]

    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO), encoding="utf-8")
    assert main(["estimate", str(path)]) == 0
    err = capsys.readouterr().err
    assert (
        f"warning: mini: its api record {KEY} comes from plugin undercut, overriding the record of {listed_by}" in err
    )
    assert main(["estimate", "--json", str(path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["options"][0]["sources"] == [
        {"kind": "api", "key": KEY, "plugin": "undercut", "overrode": [listed_by]}
    ]


def test_compare_warns_about_the_override(undercut, app, catalog):
    at = app()
    at.query_params["s"] = ss.encode({**ss.default_scenario(catalog), **SCENARIO})
    at.run()
    assert not at.exception
    notes = [w.value for w in at.warning if "comes from plugin undercut" in w.value]
    assert len(notes) == 1 and notes[0].startswith("mini")
