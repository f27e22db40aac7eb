"""Live prices: what the cache costs a start, and what a refresh costs the page, measured in one run.

1. Cold start (new process: imports and `build_catalog`) with an empty cache, against one with
   every live source cached at full size (each source's snapshot records, written as a refresh
   writes them, so the guard and validation do their real work).
2. A refresh of all four sources through `httpx.MockTransport` with 0.5 s of simulated latency
   per request (OpenRouter's body padded to 755 models): how long `refresh()` takes, and how long
   `start_background()` (what the dashboard's button calls) keeps the caller waiting.

No network is used. Run: python benchmarks/bench_refresh.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "live"
sys.path.insert(0, str(ROOT))

from catalog import livecache  # noqa: E402
from catalog.build import HOOK_TYPES  # noqa: E402
from catalog.live import client as live  # noqa: E402
from catalog.live import refresh  # noqa: E402

COLD = (
    "import time; t = time.perf_counter(); from catalog.build import build_catalog; c = build_catalog(); "
    "print(time.perf_counter() - t, sum(s.in_use for s in c.live))"
)
LATENCY_S = 0.5


def cold_start(cache: Path, runs: int = 3) -> tuple[float, int]:
    times, used = [], 0
    for _ in range(runs):
        env = {**os.environ, livecache.CACHE_ENV: str(cache), "PYTHONPATH": str(ROOT)}
        out = subprocess.run(
            [sys.executable, "-c", COLD], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        seconds, used = out.stdout.split()
        times.append(float(seconds))
    return statistics.median(times), int(used)


def fill_cache(cache: Path) -> None:
    """Every live source's snapshot records, cached as a refresh would cache a fetched set."""
    os.environ[livecache.CACHE_ENV] = str(cache)
    now = datetime.now(UTC)
    for name in refresh.sources():
        snapshots = {hook: refresh.snapshot_records(name, hook) for hook in HOOK_TYPES}
        records = {hook: [r.model_dump(mode="json") for r in rows] for hook, rows in snapshots.items() if rows}
        livecache.write(livecache.Entry(name, now, records, now))


def served_client() -> httpx.Client:
    openrouter = json.loads((FIXTURES / "openrouter_models.json").read_text())
    model = openrouter["data"][0]
    openrouter["data"] = [{**model, "id": f"vendor/model-{n}"} for n in range(755)]
    bodies = {
        "openrouter.ai": json.dumps(openrouter).encode(),
        "raw.githubusercontent.com": (FIXTURES / "genai_prices_data.json").read_bytes(),
        "api.runpod.io": (FIXTURES / "runpod_gpu_types.json").read_bytes(),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        time.sleep(LATENCY_S)
        if request.url.host == "prices.azure.com":
            page = "azure_retail_page2.json" if "$skip" in str(request.url) else "azure_retail_page1.json"
            return httpx.Response(200, content=(FIXTURES / page).read_bytes())
        return httpx.Response(200, content=bodies[request.url.host])

    return live.new_client(httpx.MockTransport(handler))


def main() -> None:
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full:
        without, _ = cold_start(Path(empty))
        fill_cache(Path(full))
        with_cache, used = cold_start(Path(full))
    print(f"cold start, empty cache:           {without * 1000:7.0f} ms")
    print(f"cold start, {used} sources cached:     {with_cache * 1000:7.0f} ms")
    print(f"  ratio (cached / empty):          {with_cache / without:7.2f}x")

    with tempfile.TemporaryDirectory() as cache:
        os.environ[livecache.CACHE_ENV] = cache
        names = ["openrouter_api", "azure_gpus", "runpod_gpus"]  # genai-prices' fixture is too small for the guard
        t = time.perf_counter()
        outcomes = refresh.refresh(names, client_factory=served_client)
        full_refresh = time.perf_counter() - t
        t = time.perf_counter()
        job = refresh.start_background(names=names, client_factory=served_client, force=True)
        returned = time.perf_counter() - t
        job.done.wait(60)
        background = time.perf_counter() - t
    print(
        f"\nrefresh of {len(names)} sources ({LATENCY_S} s latency per request, parallel): {full_refresh * 1000:6.0f} ms "
        f"({', '.join(f'{o.source} {o.status}' for o in outcomes)})"
    )
    print(
        f"start_background() returned after {returned * 1000:.1f} ms; the refresh finished after {background * 1000:.0f} ms"
    )
    print(f"  ratio (page wait / refresh):     {returned / background:7.4f}")


if __name__ == "__main__":
    main()
