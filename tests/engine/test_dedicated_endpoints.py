"""Issue 12, finding 8: tuned models served the way Fireworks and Together sell them — whole
GPUs by the hour on a dedicated deployment, for the hours it serves, optionally scaling to zero."""

from __future__ import annotations

import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import ScenarioError, parse_scenario

FIREWORKS = "fireworks/llama-3.1-8b-lora-sft"  # H100 $8/h; H200 $8/h (fireworks.ai/pricing)


def tuned(catalog, volume: float = 100_000, **option) -> dict:
    out = estimate(
        parse_scenario(
            {
                "workload": {
                    "requests_per_month": volume,
                    "input_tokens": 400,
                    "output_tokens": 120,
                    "tuned_overhead_tokens": 60,
                },
                "training_data": {"examples": 3000, "tokens_per_example": 600, "epochs": 3},
                "team": {"hourly_rate_usd": 0},
                "options": [{"name": "ft", "kind": "hosted_finetune", "offer": FIREWORKS, **option}],
            }
        ),
        catalog,
        with_curves=False,
    ).model_dump(mode="json")
    return out


def test_an_always_on_tuned_8b_costs_thousands_a_month_and_the_verdict_says_why(catalog):
    out = tuned(catalog)
    ft = out["options"][0]
    assert ft["monthly_usd"] == pytest.approx(8.00 * 730)  # one H100 replica all month: $5,840
    why = next(r for r in out["recommendation"]["reasons"] if r.startswith("ft: "))
    assert "dedicated deployment" in why and "$5,840 a month" in why


def test_hours_per_day_and_scale_to_zero(catalog):
    assert tuned(catalog, hours_per_day=12)["options"][0]["monthly_usd"] == pytest.approx(8.00 * 730 / 2)
    idle = tuned(catalog, hours_per_day=8, scale_to_zero=True)
    ft = idle["options"][0]
    assert ft["monthly_usd"] == pytest.approx(8.00 * 730 * 9 / 24)  # 8 serving hours + the 1 h idle window
    assert "scale_to_zero_window_hours" in ft["assumptions"]
    assert "cold start" in ft["serving_note"]
    assert tuned(catalog, volume=0, scale_to_zero=True)["options"][0]["monthly_usd"] == 0


def test_the_deployment_gpu_is_a_choice_with_its_own_price(catalog):
    h200 = tuned(catalog, endpoint_gpu="H200")["options"][0]
    assert h200["monthly_usd"] == pytest.approx(8.00 * 730)
    assert "H200" in h200["references"]["endpoint"]
    # more memory and bandwidth per GPU: at a high volume the H200 needs no more replicas than the H100
    assert (
        tuned(catalog, 30_000_000, endpoint_gpu="H200")["options"][0]["serving_replicas"]
        <= tuned(catalog, 30_000_000)["options"][0]["serving_replicas"]
    )
    quoted = tuned(catalog, endpoint_gpu="A100-80GB", prices={"instance_per_hour": 3})["options"][0]
    assert quoted["monthly_usd"] == pytest.approx(3 * 730)
    with pytest.raises(ScenarioError, match=r"options\[0\]\.endpoint_gpu: .* no price for A100-80GB"):
        tuned(catalog, endpoint_gpu="A100-80GB")
