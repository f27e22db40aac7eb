"""Issue 12, finding 5: rates the audit found stale are re-checked against dated public readings,
and where the readings disagree the record keeps every one (a dispute with a range), instead of
one figure overwriting the others.

On the data of 2026-11-29 these failed: RunPod's A100 80GB and GCP's H100 spot rate were single
SkyPilot figures ($1.39, $2.51), though dated public readings put them at $1.59-1.79 and $6.57."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.engine.disputes import price_disputes
from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario

# record, field, its value (SkyPilot's reading), every reading, the range the Monte Carlo draws
RECHECKED = [
    pytest.param(
        "runpod/1x_A100-80GB_SECURE/US", "on_demand_per_hour", "1.39", {"1.39", "1.59", "1.79"}, id="runpod-a100-pcie"
    ),
    pytest.param(
        "runpod/2x_A100-80GB_SECURE/US", "on_demand_per_hour", "2.78", {"2.78", "3.18", "3.58"}, id="runpod-2xa100-pcie"
    ),
    pytest.param(
        "runpod/8x_A100-80GB-SXM_SECURE/US", "on_demand_per_hour", "12.72", {"12.72", "14.32"}, id="runpod-8xa100-sxm"
    ),
    pytest.param("gcp/a3-highgpu-1g/us-east4", "spot_per_hour", "2.50556", {"2.50556", "6.571"}, id="gcp-h100-spot"),
]


@pytest.mark.parametrize("key, field, value, readings", RECHECKED)
def test_stale_rates_keep_every_dated_reading(catalog, key, field, value, readings):
    record = catalog.gpus[key]
    assert getattr(record, field) == Decimal(value)
    assert {str(r.value) for r in record.readings if r.field == field} == readings
    assert all(r.as_of and r.source_url.startswith("https://") for r in record.readings)
    (dispute,) = [d for d in price_disputes(record) if d.field == field]
    assert (dispute.low, dispute.mode, dispute.high) == (
        min(map(float, readings)),
        float(value),
        max(map(float, readings)),
    )


def test_a_self_hosted_option_on_a_disputed_rate_says_so(catalog):
    scenario = parse_scenario(
        {
            "workload": {"requests_per_month": 1_000_000, "input_tokens": 500, "output_tokens": 200},
            "team": {"hourly_rate_usd": 0},
            "options": [
                {
                    "name": "spot H100",
                    "kind": "self_hosted",
                    "model": "meta-llama/Llama-3.1-8B-Instruct",
                    "gpu_offer": "gcp/a3-highgpu-1g/us-east4",
                    "pricing": "spot",
                    "method": "none",
                }
            ],
        }
    )
    out = estimate(scenario, catalog, with_curves=False).model_dump(mode="json")["options"][0]
    told = [w for w in out["warnings"] if "spot_per_hour is disputed" in w]
    assert told and "6.571" in told[0] and "2.50556" in told[0]


def test_fireworks_8b_is_priced_from_fireworks_own_page(catalog):
    """genai-prices quotes fireworks.ai/pricing at $0.20 per 1M tokens, LiteLLM 1.110.2's map at
    $0.10; Fireworks' own Serverless Pricing page puts any 4B-16B model not listed by name at
    $0.20 for input and output. That first-party reading is the value, whatever the other dates,
    and the others stay as the range (on 2026-11-30, before it was read, the value was LiteLLM's $0.10)."""
    record = catalog.api["fireworks/llama-v3p1-8b-instruct"]
    for field in ("input_per_mtok", "output_per_mtok"):
        told = {(str(r.value), r.source_url, r.first_party) for r in record.readings if r.field == field}
        assert told == {
            ("0.2", "https://fireworks.ai/pricing", False),
            ("0.1", "https://pypi.org/project/litellm/1.110.2/", False),
            ("0.2", "https://docs.fireworks.ai/serverless/pricing", True),
        }
        assert getattr(record, field) == Decimal("0.2")
        (dispute,) = [d for d in price_disputes(record) if d.field == field]
        assert (dispute.low, dispute.mode, dispute.high) == (0.1, 0.2, 0.2)
