"""`prompt-or-tune refresh`: updates the cache, prints what changed, says which source failed."""

from __future__ import annotations

import json
import shutil

import httpx
import pytest

from catalog.cli import commands
from catalog.cli import refresh as cli_refresh
from catalog.datafile import load_records
from catalog.live import refresh
from catalog.records import GpuOffer
from plugins.datafiles import DATA_DIR
from tests.live.conftest import good_routes

pytestmark = pytest.mark.usefixtures("small_snapshots")


@pytest.fixture
def network(monkeypatch, serve):
    """Routes every refresh in this process to the fixtures (or to what a test puts in `routes`)."""
    routes = good_routes()
    monkeypatch.setattr(refresh, "new_client", lambda: serve(routes)())
    return routes


def test_json_lists_every_source_with_its_changes(network, capsys):
    assert commands.main(["refresh", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    statuses = {s["source"]: s["status"] for s in report["sources"]}
    assert statuses == dict.fromkeys(["genai_prices_api", "openrouter_api", "azure_gpus", "runpod_gpus"], "updated")
    runpod = next(s for s in report["sources"] if s["source"] == "runpod_gpus")
    assert runpod["counts"] == {"gpu_offers": 10}
    assert "runpod/MI300X (Secure Cloud)/global" in runpod["changes"]["gpu_offers"]["added"]
    assert report["written"] == []


def test_text_shows_a_table_the_changes_and_the_cache(network, capsys, cache):
    assert commands.main(["refresh", "--source", "runpod_gpus"]) == 0
    out = capsys.readouterr().out
    assert "runpod_gpus" in out and "updated" in out and "10 gpu_offers record(s)" in out
    assert "  + runpod/MI300X (Secure Cloud)/global" in out and "  - runpod/8x_H100_SECURE/US" in out
    assert f"cache: {cache}" in out
    assert commands.main(["refresh", "--source", "runpod_gpus"]) == 0
    assert "fresh" in capsys.readouterr().out, "within the TTL: not fetched again"


def test_a_failed_source_is_named_with_its_reason_and_exits_1(network, capsys):
    network["prices.azure.com"] = lambda request: httpx.Response(503)
    assert commands.main(["refresh"]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("azure_gpus"))
    assert "failed" in line and "HTTP 503 Service Unavailable from prices.azure.com; kept the snapshot" in line
    assert "runpod_gpus" in out


def test_an_unknown_source_is_one_line_and_exit_2(cli):
    result = cli("refresh", "--source", "nope")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: no live source named 'nope' (available: genai_prices_api, openrouter_api, azure_gpus, runpod_gpus)"
    ]


def test_write_snapshot_rewrites_the_data_files_that_exist(network, capsys, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    monkeypatch.setattr(cli_refresh, "DATA_DIR", data)
    assert commands.main(["refresh", "--write-snapshot"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {data / 'runpod_gpus.json'}" in out and f"wrote {data / 'azure_gpus.json'}" in out
    assert "genai_prices_api.json" not in out, "no data file: its snapshot is the genai-prices package"
    document = json.loads((data / "runpod_gpus.json").read_text())
    assert document["defaults"] == {
        "cloud": "runpod",
        "gpu_count": 1,
        "region": "global",
        "source_url": "https://api.runpod.io/graphql",
        "as_of": document["defaults"]["as_of"],
    }
    offers = [GpuOffer.model_validate(row) for row in load_records(data / "runpod_gpus.json")]
    assert len(offers) == 10 and {o.key for o in offers} >= {"runpod/H100 SXM (Secure Cloud)/global"}
    assert (DATA_DIR / "runpod_gpus.json").read_text() != (data / "runpod_gpus.json").read_text(), (
        "the repo's file is untouched"
    )


def test_write_snapshot_writes_nothing_when_the_guard_refuses(network, capsys, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    monkeypatch.setattr(cli_refresh, "DATA_DIR", data)
    network["api.runpod.io"] = lambda request: httpx.Response(200, json={"data": {"gpuTypes": []}})
    assert commands.main(["refresh", "--source", "runpod_gpus", "--write-snapshot"]) == 1
    assert "wrote" not in capsys.readouterr().out
    assert (data / "runpod_gpus.json").read_text() == (DATA_DIR / "runpod_gpus.json").read_text()
