"""Issue 12 item 10: seed errors the docs missed, recomputed from the catalog and the engine.

Fails on the docs of 2026-11-29, which did not correct Calmops's "$500/month inference for 1M
requests" or Codemapo's tuned GPT-3.5 output price."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario
from tests.conftest import ROOT

CORRECTIONS = (ROOT / "docs" / "seed-corrections.md").read_text()


def test_calmops_500_a_month_is_less_than_one_always_on_a10g(catalog):
    a10g = catalog.gpus["aws/g5.xlarge/us-east-1"]
    month = a10g.on_demand_per_hour * 730
    assert month == Decimal("734.380") and month > 500
    s = parse_scenario(
        {
            "workload": {"requests_per_month": 1_000_000, "input_tokens": 500, "output_tokens": 1000},
            "horizon_months": 1,
            "team": {"hourly_rate_usd": 0},  # the seed counts maintenance apart
            "training_data": {"examples": 1000, "tokens_per_example": 5000, "epochs": 3},
            "options": [
                {
                    "name": "8b",
                    "kind": "self_hosted",
                    "model": "meta-llama/Llama-3.1-8B-Instruct",
                    "gpu_offer": a10g.key,
                    "method": "lora",
                }
            ],
        }
    )
    served = estimate(s, catalog, with_curves=False, with_uncertainty=False).model_dump(mode="json")["options"][0]
    assert served["breakdown"]["replica_month_usd"] == pytest.approx(734.38)
    assert served["monthly_usd"] >= 734.38
    assert f"${float(month):,.0f}/month" in CORRECTIONS
    assert f"${served['monthly_usd']:,.0f}/month at the seed's own workload" in CORRECTIONS


def test_codemapo_tuned_gpt35_output_is_dearer_than_its_input(catalog):
    offer = catalog.finetune["openai/gpt-3.5-turbo-sft"]
    assert offer.output_per_mtok > offer.input_per_mtok, "the seed bills output at the input rate"

    def month(input_per_mtok, output_per_mtok) -> float:
        s = parse_scenario(
            {
                "workload": {
                    "requests_per_month": 100_000,
                    "input_tokens": 100,
                    "output_tokens": 200,
                    "tuned_overhead_tokens": 0,
                },
                "horizon_months": 1,
                "team": {"hourly_rate_usd": 0},
                "training_data": {"examples": 5000, "tokens_per_example": 500, "epochs": 1},
                "options": [
                    {
                        "name": "tuned",
                        "kind": "hosted_finetune",
                        "prices": {
                            "training_per_mtok": 8,
                            "input_per_mtok": input_per_mtok,
                            "output_per_mtok": output_per_mtok,
                        },
                    }
                ],
            }
        )
        return estimate(s, catalog, with_curves=False, with_uncertainty=False).model_dump(mode="json")["options"][0][
            "monthly_usd"
        ]

    launch, last = month(12, 16), month(float(offer.input_per_mtok), float(offer.output_per_mtok))
    assert (launch, last) == (pytest.approx(440), pytest.approx(150))
    assert f"**${launch:,.0f}**" in CORRECTIONS and f"**${last:,.0f}**" in CORRECTIONS
