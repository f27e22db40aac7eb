"""The plugin's own tests, in-process: register it with the host's plugin manager, build the
catalog, check what changed, unregister. Run with `pytest` in this directory; the host app
(prompt-or-tune, which provides `catalog`) must be importable."""

from __future__ import annotations

import json
import warnings
from contextlib import contextmanager
from decimal import Decimal

import pytest

pytest.importorskip("catalog.build", reason="needs the host app: pip install -e /path/to/prompt-or-tune")

import pot_negotiated_rates as plugin  # noqa: E402

from catalog.build import build_catalog  # noqa: E402
from catalog.plugins import load_plugins, pm  # noqa: E402
from catalog.records import ApiPrice, FineTuneOffer, GpuOffer  # noqa: E402

NAME = "negotiated_rates"  # the entry point's name in pyproject.toml
MODELS = {"gpu_offers": GpuOffer, "api_prices": ApiPrice, "finetune_offers": FineTuneOffer}
KIND = {hook: record_type.kind for hook, record_type in MODELS.items()}


@contextmanager
def plugin_registered(registered: bool = True):
    """Our plugin registered under its entry-point name (or not at all), whatever was before:
    if the package is also pip-installed, the host already loaded it from its entry point."""
    load_plugins()  # the host loads its plugins on demand: load them so an installed copy is found
    installed = pm.get_plugin(NAME)
    if installed is not None:
        pm.unregister(name=NAME)
    if registered:
        pm.register(plugin, name=NAME)
    try:
        yield
    finally:
        if registered:
            pm.unregister(name=NAME)
        if installed is not None:
            pm.register(installed, name=NAME)


@pytest.fixture(scope="module")
def list_catalog():
    """The catalog without this plugin: the list prices."""
    with plugin_registered(False):
        return build_catalog()


@pytest.fixture(scope="module")
def catalog():
    with plugin_registered():
        return build_catalog()


def info(catalog):
    return next(i for i in catalog.plugins if i.name == NAME)


def contract_keys():
    contract = plugin.packaged_contract()
    return [
        (entry["hook"], MODELS[entry["hook"]].model_validate(plugin.negotiated_record(entry, contract, i)).key)
        for i, entry in enumerate(contract["negotiated"])
    ]


@pytest.mark.parametrize("hook", list(MODELS))
def test_every_record_is_valid_cited_and_dated(hook):
    rows = getattr(plugin, hook)()
    assert rows
    for row in rows:
        record = MODELS[hook].model_validate(row)  # the host's own validation
        assert record.source_url.startswith("https://") and record.as_of


def test_the_plugin_loads_without_errors(catalog):
    assert info(catalog).errors == []
    assert info(catalog).counts == {"gpu_offers": 9, "api_prices": 1, "finetune_offers": 1}


def test_oci_list_prices_are_added(catalog, list_catalog):
    h100 = catalog.gpus["oci/BM.GPU.H100.8/us-chicago-1"]
    assert (h100.gpu, h100.gpu_count, h100.on_demand_per_hour, h100.per_gpu_hour) == ("H100-SXM", 8, 80, 10)
    assert catalog.supplied_by[("gpus", h100.key)] == NAME
    oci = [key for key in catalog.gpus if key.startswith("oci/")]
    assert len(oci) == 7 and not [key for key in list_catalog.gpus if key.startswith("oci/")]


def test_negotiated_rates_override_the_list_prices(catalog, list_catalog):
    for hook, key in contract_keys():
        kind = KIND[hook]
        assert key in list_catalog.table(kind), f"{key}: no list price to override (did the built-in key change?)"
        ours, listed = catalog.table(kind)[key], list_catalog.table(kind)[key]
        assert catalog.supplied_by[(kind, key)] == NAME and ours.precedence == 10
        assert "ILLUSTRATIVE CONTRACT" in ours.notes, "the contract is an example: every record says so"
        override = next(o for o in catalog.overrides if o.key == key)
        assert (override.kind, override.winner, override.loser) == (kind, NAME, list_catalog.supplied_by[(kind, key)])
        price = {"gpus": "on_demand_per_hour", "api": "input_per_mtok", "finetune": "training_per_mtok"}[kind]
        assert getattr(ours, price) < getattr(listed, price)
    assert len(catalog.gpus) == len(list_catalog.gpus) + 7, "overrides replace records; only OCI adds"


def test_discount_arithmetic(catalog):
    p5 = catalog.gpus["aws/p5.48xlarge/us-east-1"]
    assert (p5.on_demand_per_hour, p5.spot_per_hour) == (
        Decimal("46.784"),
        Decimal("14.9846"),
    )  # 15% off 55.04, 17.6289
    sonnet = catalog.api["anthropic/claude-sonnet-4-5"]
    assert (sonnet.input_per_mtok, sonnet.output_per_mtok, sonnet.cache_write_per_mtok) == (
        Decimal("2.7"),
        Decimal("13.5"),
        Decimal("3.375"),
    )
    assert sonnet.tiers[0].input_per_mtok == Decimal("5.4"), "long-context tiers are discounted too"
    tuned = catalog.finetune["fireworks/llama-3.1-8b-lora-sft"]
    assert (tuned.training_per_mtok, tuned.endpoint_per_hour) == (Decimal("0.40"), Decimal("6.50"))  # fixed prices


def test_the_list_prices_the_contract_names_are_still_current(list_catalog):
    """A moved list price does not break the plugin, but the contract should be re-read: warn.
    Every override names at least one list price, and each is compared with the catalog's."""
    contract = plugin.packaged_contract()
    compared = 0
    for entry, (hook, key) in zip(contract["negotiated"], contract_keys(), strict=True):
        current = list_catalog.table(KIND[hook]).get(key)
        if current is None:
            continue  # a new record (no list price to beat), not an override
        named = {
            field: entry["list"][field] for field in plugin.PRICE_FIELDS[hook] if entry["list"].get(field) is not None
        }
        assert named, f"{key}: an override must name the list price it was negotiated against"
        for field, price in named.items():
            compared += 1
            if Decimal(price) != getattr(current, field):
                warnings.warn(
                    f"{key}: the contract names list {field} {price}, the catalog now says {getattr(current, field)}",
                    stacklevel=1,
                )
    assert compared, "the contract overrides no list price"


def test_a_private_contract_file_replaces_the_example(tmp_path, monkeypatch):
    private = {
        "customer": "Acme",
        "negotiated": [
            {
                "hook": "gpu_offers",
                "terms": "Lambda reserved cluster",
                "prices": {"on_demand_per_hour": "20.00"},
                "list": {
                    "cloud": "lambda",
                    "instance_type": "gpu_8x_h100_sxm5",
                    "gpu": "H100-SXM",
                    "gpu_count": 8,
                    "region": "us-east-1",
                    "on_demand_per_hour": "31.92",
                    "source_url": "https://lambda.ai/pricing",
                    "as_of": "2026-11-23",
                },
            }
        ],
    }
    path = tmp_path / "contract.json"
    path.write_text(json.dumps(private))
    monkeypatch.setenv(plugin.CONTRACT_FILE_ENV, str(path))
    rows = plugin.gpu_offers()
    assert [r["instance_type"] for r in rows if r["cloud"] != "oci"] == ["gpu_8x_h100_sxm5"]
    assert rows[-1]["on_demand_per_hour"] == "20" and rows[-1]["precedence"] == 10
    assert plugin.api_prices() == [] and plugin.finetune_offers() == []
    monkeypatch.setenv(plugin.CONTRACT_JSON_ENV, json.dumps({**private, "negotiated": []}))
    assert plugin.api_prices() == [] and len(plugin.gpu_offers()) == 7, "the JSON secret wins over the file"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"discount_pct": "120"}, "discount_pct must be at least 0 and below 100"),
        ({"prices": {"on_demand_per_hour": "1"}}, 'give either "discount_pct" or "prices"'),
        ({"hook": "gpu_offer"}, "hook must be one of"),
        ({"discount_pct": "lots"}, "is not a number"),
    ],
)
def test_a_malformed_contract_entry_is_named(change, message, monkeypatch):
    contract = plugin.packaged_contract()
    contract["negotiated"][0].update(change)
    monkeypatch.setenv(plugin.CONTRACT_JSON_ENV, json.dumps(contract))
    with pytest.raises(plugin.ContractError, match="contract entry 0: .*" + message.replace("(", r"\(")):
        plugin.gpu_offers()


def test_a_broken_contract_is_reported_and_the_list_prices_stay(monkeypatch, list_catalog):
    monkeypatch.setenv(plugin.CONTRACT_JSON_ENV, "{not json")
    with plugin_registered():
        built = build_catalog()
    errors = {e.hook: e.message for e in info(built).errors}
    assert set(errors) == {"gpu_offers", "api_prices", "finetune_offers"}
    assert all("ContractError" in m and "not valid JSON" in m for m in errors.values())
    assert built.gpus["aws/p5.48xlarge/us-east-1"] == list_catalog.gpus["aws/p5.48xlarge/us-east-1"]
    assert built.api["anthropic/claude-sonnet-4-5"] == list_catalog.api["anthropic/claude-sonnet-4-5"]
