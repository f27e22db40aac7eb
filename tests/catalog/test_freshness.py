"""Issue 12 item 7: dates that mean what they say, and a freshness report.

Fails on the data of 2026-11-29: there was no `retrieved` date and no report."""

from __future__ import annotations

import json
from datetime import date

import pytest

from catalog.build import Catalog
from catalog.freshness import STALE_DAYS, freshness
from catalog.records import GpuSpec


def spec(as_of: date, **more) -> GpuSpec:
    return GpuSpec(
        name="L4",
        bf16_tflops=121,
        memory_gib=22.35,
        bandwidth_tbps=0.3,
        source_url="https://www.nvidia.com/en-us/data-center/l4/",
        as_of=as_of,
        **more,
    )


def of_specs(specs: dict[str, GpuSpec]) -> Catalog:
    """A catalog holding only these GPU specs, all from the built-in gpu_specs plugin."""
    return Catalog(
        api={},
        finetune={},
        gpus={},
        specs=specs,
        models={},
        usecases={},
        supplied_by={("specs", k): "gpu_specs" for k in specs},
        plugins=(),
        overrides=(),
    )


def test_median_and_oldest_age_per_kind_and_the_stale_list():
    specs = {
        "a": spec(date(2026, 11, 20)),
        "b": spec(date(2026, 8, 1), retrieved=date(2026, 11, 23)),
        "c": spec(date(2026, 11, 1)),
    }
    catalog = of_specs(specs)
    report = freshness(catalog, date(2026, 11, 30))
    assert report["kinds"] == {
        "specs": {"records": 3, "median_age_days": 29, "oldest_age_days": 121, "oldest": "b", "undated": 0}
    }
    assert report["stale"] == [
        {
            "kind": "specs",
            "key": "b",
            "plugin": "gpu_specs",
            "as_of": "2026-08-01",
            "retrieved": "2026-11-23",
            "age_days": 121,
        }
    ]


def test_retrieved_cannot_precede_as_of():
    with pytest.raises(ValueError, match="retrieved"):
        spec(date(2026, 11, 20), retrieved=date(2026, 11, 1))


def test_plugins_json_reports_freshness_for_the_built_catalog(cli):
    result = cli("plugins", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["freshness"]
    assert {"api", "finetune", "gpus", "specs", "models"} <= set(report["kinds"])
    assert report["stale_after_days"] == STALE_DAYS
    assert all(row["age_days"] > STALE_DAYS for row in report["stale"])
    assert any(row["key"].startswith("mistral/") for row in report["stale"]), "Mistral's 2024 rates are past 90 days"


def test_every_builtin_price_says_when_it_was_read_as_well_as_when_it_was_shown(catalog):
    """55 GPU records carried the day a stored copy was read as if the price were seen that day;
    now the two dates are separate fields, and a price seen months before it was read shows it."""
    builtin = {info.name for info in catalog.plugins if info.builtin}
    missing = [
        f"{kind}/{key}"
        for kind in ("gpus", "finetune", "specs", "models")
        for key, record in catalog.table(kind).items()
        if catalog.supplied_by[(kind, key)] in builtin and record.retrieved is None
    ]
    assert not missing, missing[:5]
    mistral = catalog.finetune["mistral/mistral-nemo-sft"]
    assert (mistral.as_of, mistral.retrieved) == (date(2024, 12, 22), date(2026, 11, 23))


def test_a_price_whose_source_gives_no_date_is_counted_and_listed_apart():
    """Its as_of is the day we read it, so its age is a lower bound: the report says so."""
    specs = {"a": spec(date(2026, 11, 20)), "b": spec(date(2026, 11, 23), undated=True)}
    catalog = of_specs(specs)
    report = freshness(catalog, date(2026, 11, 30))
    assert report["kinds"]["specs"]["undated"] == 1
    assert report["undated"] == [{"kind": "specs", "key": "b", "plugin": "gpu_specs", "as_of": "2026-11-23"}]


def test_every_price_read_from_a_skypilot_file_of_unknown_date_is_marked_undated(catalog):
    """The 55 GPU rows read from SkyPilot's catalog carry the day a stored copy was read: the
    commits' dates could not be read. Unmarked, the freshness report counted them 7 days old."""
    skypilot = {key for key, r in catalog.gpus.items() if "skypilot-org/skypilot-catalog" in str(r.source_url)}
    assert len(skypilot) == 55
    assert {key for key, r in catalog.gpus.items() if r.undated} == skypilot
    report = freshness(catalog, date(2026, 11, 30))
    assert report["kinds"]["gpus"]["undated"] == 55
    assert {row["key"] for row in report["undated"] if row["kind"] == "gpus"} == skypilot
