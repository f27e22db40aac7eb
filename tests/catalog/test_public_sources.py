"""Issue 18: every source is one a user can follow; grades shown beside sources.

On the data of 2026-11-29 these failed: 39 notes cited "the reference", `shared/reference/…` or
a build machine's absolute path, docs/sizing.md named a working file as its source, and eight
GPU specs cited a repository file on a moving branch."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from catalog.build import Catalog
from catalog.public_sources import (
    catalog_warnings,
    record_problems,
    text_problem,
    url_problem,
)
from catalog.records import GpuSpec

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_FILES = sorted((ROOT / "plugins" / "data").glob("*.json"))
DOCS = sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "docs").rglob("*.json"))


def _strings(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_files_cite_only_what_readers_can_open(path):
    problems = [f"{where}: {p}" for where, text in _strings(json.loads(path.read_text())) if (p := text_problem(text))]
    problems += [
        f"{where}: {p}"
        for where, text in _strings(json.loads(path.read_text()))
        if where.endswith(("source_url", ".url")) and (p := url_problem(text))
    ]
    assert not problems, f"{path.name}: " + "; ".join(problems[:5])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_cite_only_what_readers_can_open(path):
    lines = [f"line {n}: {p}" for n, line in enumerate(path.read_text().splitlines(), 1) if (p := text_problem(line))]
    assert not lines, f"{path.relative_to(ROOT)}: " + "; ".join(lines)


def test_every_record_in_the_built_catalog_has_a_source_a_reader_can_follow(catalog: Catalog):
    warnings = catalog_warnings(catalog)
    assert not warnings, "; ".join(f"{w.plugin} {w.kind} {w.key}: {w.problem}" for w in warnings[:10])


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://example.com/prices", "not an https"),
        ("https://intranet/prices", "not a public host"),
        ("https://10.0.0.8/prices", "a private address"),
        ("https://github.com/skypilot-org/skypilot-catalog/blob/master/catalogs/v8/aws/vms.csv", "not at a commit"),
    ],
)
def test_a_source_a_reader_cannot_follow_is_named(url, why):
    assert why in (url_problem(url) or "")


def test_public_sources_pass():
    assert (
        url_problem(
            "https://github.com/skypilot-org/skypilot-catalog/blob/0082b0435f3912ae4c566856b272455cc78f4f61/catalogs/v8/nebius/vms.csv"
        )
        is None
    )
    assert url_problem("https://www.runpod.io/pricing") is None
    assert text_problem("The hook reference below is generated") is None


@pytest.mark.parametrize(
    "note", ["see /work/shared/reference/gpus.md", "per the reference", "as the project's reference gpus.md says"]
)
def test_internal_citations_in_notes_are_named(note):
    assert text_problem(note)


def test_a_third_party_record_without_a_public_source_is_a_warning_not_dropped(catalog: Catalog):
    spec = GpuSpec(
        name="L4",
        bf16_tflops=121,
        memory_gib=22.35,
        bandwidth_tbps=0.3,
        source_url="https://wiki.corp/gpus",
        as_of=date(2026, 11, 1),
        notes="from /home/alice/notes.md",
    )
    hosted = Catalog(
        api={},
        finetune={},
        gpus={},
        specs={"L4": spec},
        models={},
        usecases={},
        supplied_by={("specs", "L4"): "acme_rates"},
        plugins=(),
        overrides=(),
    )
    warnings = catalog_warnings(hosted)
    assert [(w.plugin, w.key) for w in warnings] == [("acme_rates", "L4"), ("acme_rates", "L4")]
    assert hosted.specs["L4"] is spec
    assert len(record_problems(spec)) == 2


def test_the_catalog_json_shows_the_grade_beside_the_source(capsys):
    from catalog.cli.commands import main

    assert main(["catalog", "finetune", "--json", "--search", "o4-mini-rft"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(row["grade"] in ("A", "B", "C") and row["source_url"].startswith("https://") for row in rows)


def test_every_builtin_price_has_a_grade(catalog: Catalog):
    """Grades lived only in fine-tuning records (as `confidence`); every built-in price now has one."""
    builtin = {info.name for info in catalog.plugins if info.builtin}
    ungraded = [
        f"{kind}/{key}"
        for kind in ("api", "finetune", "gpus", "specs", "models")
        for key, record in catalog.table(kind).items()
        if catalog.supplied_by[(kind, key)] in builtin and record.grade is None
    ]
    assert not ungraded, ungraded[:5]
