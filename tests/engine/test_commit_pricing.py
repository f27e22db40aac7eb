"""Issue 12, item 9: a committed-use option is billed at the offer's sourced committed rate.

On the data of 2026-11-29 the 3-year rate of GCP's a3-highgpu-8g (us-east4) was on-demand x 0.35
($30.74 an hour, a guessed factor); Google's 3-year commitment SKUs price it at $38.89 an hour,
so these known answers failed. A cloud with no sourced rate is billed on-demand, and says so."""

from __future__ import annotations

import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario

GCP_H100 = "gcp/a3-highgpu-8g/us-east4"
AWS_H100 = "aws/p5.48xlarge/us-east-1"


def replica_month(catalog, gpu_offer: str, pricing: str) -> dict:
    scenario = parse_scenario(
        {
            "workload": {"requests_per_month": 1_000_000, "input_tokens": 500, "output_tokens": 200},
            "team": {"hourly_rate_usd": 0},
            "options": [
                {
                    "name": pricing,
                    "kind": "self_hosted",
                    "model": "meta-llama/Llama-3.1-8B-Instruct",
                    "gpu_offer": gpu_offer,
                    "pricing": pricing,
                    "method": "none",
                }
            ],
        }
    )
    return estimate(scenario, catalog, with_curves=False, with_uncertainty=False).model_dump(mode="json")["options"][0]


@pytest.mark.parametrize(("pricing", "per_hour"), [("commit_1y", 61.425103), ("commit_3y", 38.893975)])
def test_a_commitment_on_a_cloud_with_a_sourced_rate_is_billed_at_it(catalog, pricing, per_hour):
    out = replica_month(catalog, GCP_H100, pricing)
    assert out["breakdown"]["replica_month_usd"] == pytest.approx(per_hour * 730)  # 730 h a month, 24 h a day
    assert not [w for w in out["warnings"] if "price: on-demand used" in w]


def test_a_commitment_on_a_cloud_without_one_is_billed_on_demand_and_says_so(catalog):
    out = replica_month(catalog, AWS_H100, "commit_3y")
    assert out["breakdown"]["replica_month_usd"] == pytest.approx(55.04 * 730)
    assert f"{AWS_H100} has no commit_3y price: on-demand used" in out["warnings"]
