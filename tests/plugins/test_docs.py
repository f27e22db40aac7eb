"""docs/plugins.md and docs/schema/ say what the code does: the hook reference matches
catalog/hookspecs.py, the JSON Schemas match the pydantic models (and accept every real
record), and the limits and names the guide quotes are the code's."""

from __future__ import annotations

import ast
import filecmp
import re
import subprocess
import sys

import pytest

from catalog.build import HOOK_TYPES, MAX_RECORDS_PER_HOOK, TIME_LIMIT_S
from catalog.records import GPU_NAMES, RECORD_TYPES
from tests.conftest import EXAMPLE, ROOT
from tools import schema

GUIDE = ROOT / "docs" / "plugins.md"
SCHEMAS = ROOT / "docs" / "schema"
REGENERATE = "python -m tools.schema docs/schema --hooks-doc docs/plugins.md"


def hookspecs_from_source() -> dict[str, str]:
    """Hook name -> docstring, read from catalog/hookspecs.py's syntax tree (not by importing)."""
    tree = ast.parse((ROOT / "catalog" / "hookspecs.py").read_text(encoding="utf-8"))
    return {
        node.name: ast.get_docstring(node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any(getattr(d, "id", None) == "hookspec" for d in node.decorator_list)
    }


def test_the_json_schemas_are_current(tmp_path):
    written = schema.write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in SCHEMAS.glob("*.schema.json")), (
        f"run: {REGENERATE}"
    )
    for path in written:
        assert filecmp.cmp(path, SCHEMAS / path.name, shallow=False), f"{path.name} is stale; run: {REGENERATE}"
    assert schema.stale_schemas(SCHEMAS) == []


def test_the_schema_command_checks_and_writes(tmp_path):
    check = subprocess.run(
        [sys.executable, "-m", "tools.schema", str(SCHEMAS), "--hooks-doc", str(GUIDE), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    stale_doc = tmp_path / "guide.md"
    stale_doc.write_text(f"intro\n{schema.HOOKS_START}\nold\n{schema.HOOKS_END}\nrest\n")
    doc_check = subprocess.run(
        [sys.executable, "-m", "tools.schema", str(SCHEMAS), "--hooks-doc", str(stale_doc), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert doc_check.returncode == 1 and "hook reference out of date" in doc_check.stderr
    subprocess.run(
        [sys.executable, "-m", "tools.schema", str(tmp_path / "s"), "--hooks-doc", str(stale_doc)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    rewritten = stale_doc.read_text()
    assert (
        rewritten.startswith("intro\n")
        and rewritten.endswith("rest\n")
        and "### `gpu_offers() -> list[GpuOffer | dict[str, Any]]`" in rewritten
    )
    stale = subprocess.run(
        [sys.executable, "-m", "tools.schema", str(tmp_path), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert stale.returncode == 1 and "gpu_offers.schema.json (missing)" in stale.stderr
    subprocess.run([sys.executable, "-m", "tools.schema", str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    assert schema.stale_schemas(tmp_path) == []


def test_the_hook_reference_in_the_guide_is_current():
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split(schema.HOOKS_START, 1)[1].split(schema.HOOKS_END, 1)[0]
    assert block.strip() == schema.hooks_reference().strip(), (
        f"docs/plugins.md hook reference is stale; run: {REGENERATE}"
    )


def test_every_hook_and_its_whole_docstring_is_in_the_guide():
    text = " ".join(GUIDE.read_text(encoding="utf-8").replace(">", " ").split())
    specs = hookspecs_from_source()
    assert set(specs) >= set(HOOK_TYPES), "the record hooks are all hookspecs"
    for name, doc in specs.items():
        assert f"### `{name}(" in GUIDE.read_text(encoding="utf-8"), f"{name} has no section in docs/plugins.md"
        assert " ".join(doc.replace(">", " ").split()) in text, f"{name}'s docstring is not in docs/plugins.md"


def test_the_limits_and_names_the_guide_quotes_are_the_codes():
    text = GUIDE.read_text(encoding="utf-8")
    assert f"takes longer than {TIME_LIMIT_S:g} s" in text and f"no answer within {TIME_LIMIT_S:g} s" in text
    assert f"more than {MAX_RECORDS_PER_HOOK:,} records" in text and f"first {MAX_RECORDS_PER_HOOK:,} are kept" in text
    assert ", ".join(GPU_NAMES) in " ".join(text.split()), "the GPU name list matches catalog.records.GPU_NAMES"
    assert "negotiated rates use 10" in text
    for name in ("PROMPT_OR_TUNE_LOAD_PLUGINS", "NEGOTIATED_RATES_JSON", "NEGOTIATED_RATES_FILE", "requirements.txt"):
        assert name in text


def test_the_guides_relative_links_resolve():
    text = GUIDE.read_text(encoding="utf-8")
    links = [link for link in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text) if not link.startswith("http")]
    assert links
    for link in links:
        assert (GUIDE.parent / link).exists(), link


@pytest.fixture(scope="module")
def validators():
    jsonschema = pytest.importorskip("jsonschema")
    return {
        record_type.kind: jsonschema.Draft202012Validator(
            schema.record_schema(hook), format_checker=jsonschema.FormatChecker()
        )
        for hook, record_type in HOOK_TYPES.items()
    }


def test_every_real_record_matches_its_schema(catalog, validators):
    checked = 0
    for kind in RECORD_TYPES:
        for record in catalog.table(kind).values():
            errors = list(validators[kind].iter_errors(record.model_dump(mode="json")))
            assert not errors, f"{kind} {record.key}: {errors[0].message}"
            checked += 1
    assert checked > 100


def test_the_example_packages_records_match_the_schemas(validators, monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    import pot_negotiated_rates as plugin

    try:
        for hook, kind in (("gpu_offers", "gpus"), ("api_prices", "api"), ("finetune_offers", "finetune")):
            for row in getattr(plugin, hook)():
                assert not list(validators[kind].iter_errors(row)), row
    finally:
        sys.modules.pop("pot_negotiated_rates", None)


def test_the_schemas_reject_what_the_models_reject(validators):
    garbage = [{"name": "H100-SXM", "bf16_tflops": -1}, {"hello": "world"}]  # pot-garbage's gpu_specs
    assert all(list(validators["specs"].iter_errors(row)) for row in garbage)
    offer = {
        "cloud": "x",
        "instance_type": "y",
        "gpu": "GTX-1080",
        "gpu_count": 1,
        "region": "r",
        "on_demand_per_hour": "1",
        "source_url": "https://example.com/p",
        "as_of": "2026-11-01",
    }
    assert [e.validator for e in validators["gpus"].iter_errors(offer)] == ["enum"]
