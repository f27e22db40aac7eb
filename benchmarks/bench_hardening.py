"""What the hardening costs, as ratios measured in one run (interleaved, medians):

- re-validating a plugin's model instances from their data (they are no longer trusted as they
  are) against validating the same records given as dicts;
- consuming and validating a hook's rows inside the time-limited thread against doing the same
  in the calling thread;
- a GET through the guarded transport (its deadline now covers the headers, in a thread) against
  the same GET through the bare mock transport.

Run: python benchmarks/bench_hardening.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402 - after the path is set

from catalog.build import HOOK_TYPES, call_with_limit, collect, validate_rows  # noqa: E402 - after the path is set
from catalog.live import client as live  # noqa: E402 - after the path is set
from plugins import _genai_prices  # noqa: E402 - after the path is set

ROUNDS = 15


def interleaved(cases: dict[str, Callable[[], object]], rounds: int = ROUNDS) -> dict[str, float]:
    """Median seconds per case, the cases run in turn each round so drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            started = time.perf_counter()
            case()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    api = HOOK_TYPES["api_prices"]
    dicts = _genai_prices.records()
    instances = validate_rows(dicts, api, "bench", "api_prices")[0]
    print(f"{len(dicts):,} API price records (genai-prices snapshot)")

    t = interleaved(
        {
            "dicts": lambda: validate_rows(dicts, api, "bench", "api_prices"),
            "instances": lambda: validate_rows(instances, api, "bench", "api_prices"),
        }
    )
    print(
        f"validate as dicts {t['dicts'] * 1000:.1f} ms; instances rebuilt from data {t['instances'] * 1000:.1f} ms: "
        f"ratio {t['instances'] / t['dicts']:.2f}"
    )

    t = interleaved(
        {
            "caller": lambda: validate_rows(iter(dicts), api, "bench", "api_prices"),
            "isolated": lambda: collect(lambda: iter(dicts), api, "bench", "api_prices", 30),
        }
    )
    print(
        f"consume+validate in the caller {t['caller'] * 1000:.1f} ms; in the limited thread {t['isolated'] * 1000:.1f} ms: "
        f"ratio {t['isolated'] / t['caller']:.2f}"
    )

    body = b'{"data": [' + b",".join(b'{"id": "m%d"}' % i for i in range(2000)) + b"]}"
    mock = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    bare = httpx.Client(transport=mock)
    guarded = live.new_client(mock)
    url = "https://api.example.test/models"
    t = interleaved(
        {
            "bare": lambda: bare.get(url).json(),
            "guarded": lambda: guarded.get(url).json(),
        },
        rounds=200,
    )
    print(
        f"GET bare {t['bare'] * 1e6:.0f} µs; guarded {t['guarded'] * 1e6:.0f} µs: ratio {t['guarded'] / t['bare']:.2f}"
    )
    print(f"(a thread per limited call: {statistics.median(_thread_cost()) * 1e6:.0f} µs)")


def _thread_cost() -> list[float]:
    out = []
    for _ in range(200):
        started = time.perf_counter()
        call_with_limit(lambda: None, 5)
        out.append(time.perf_counter() - started)
    return out


if __name__ == "__main__":
    main()
