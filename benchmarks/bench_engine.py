"""The cost engine's speed: 50 options x 500 volumes (target: a few milliseconds), and one full
estimate of a 6-option scenario with curves, break-evens and the recommendation.

Run: python benchmarks/bench_engine.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.build import build_catalog  # noqa: E402
from catalog.engine.estimate import cost_models, estimate  # noqa: E402
from catalog.engine.scenario import parse_scenario  # noqa: E402


def best_of(runs: int, function) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - t)
    return best


def scenario(catalog, n_options: int) -> dict:
    api = [k for k in sorted(catalog.api) if k.startswith(("openai/", "anthropic/", "google/"))]
    offers = sorted(catalog.finetune)
    gpus = sorted(k for k, g in catalog.gpus.items() if g.gpu in ("H100-SXM", "A100-80GB", "L40S"))
    options = []
    for i in range(n_options):
        if i % 3 == 0:
            options.append({"name": f"o{i}", "kind": "prompting", "model": api[i % len(api)]})
        elif i % 3 == 1:
            options.append({"name": f"o{i}", "kind": "hosted_finetune", "offer": offers[i % len(offers)]})
        else:
            options.append(
                {
                    "name": f"o{i}",
                    "kind": "self_hosted",
                    "model": "meta-llama/Llama-3.1-8B-Instruct",
                    "gpu_offer": gpus[i % len(gpus)],
                    "method": "lora",
                }
            )
    return {
        "workload": {
            "requests_per_month": 1_000_000,
            "input_tokens": 500,
            "output_tokens": 300,
            "prompt_overhead_tokens": 1000,
            "tuned_overhead_tokens": 50,
        },
        "training_data": {"examples": 2000, "tokens_per_example": 800},
        "options": options,
    }


def main() -> None:
    catalog = build_catalog()
    fifty = parse_scenario(scenario(catalog, 50))
    models = cost_models(fifty, catalog)
    volumes = np.logspace(2, 9, 500)
    curves = best_of(50, lambda: np.stack([cm.monthly(volumes) for cm in models]))
    build = best_of(20, lambda: cost_models(fifty, catalog))
    six = parse_scenario(scenario(catalog, 6))
    full = best_of(20, lambda: estimate(six, catalog))
    print(f"50 options x 500 volumes, monthly cost curves:      {curves * 1000:.2f} ms (best of 50)")
    print(f"50 options, cost models from scenario + catalog:    {build * 1000:.2f} ms (best of 20)")
    print(f"6-option estimate (curves, break-evens, recommend): {full * 1000:.2f} ms (best of 20)")


if __name__ == "__main__":
    main()
