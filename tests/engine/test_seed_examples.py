"""The seed documents' worked examples, reproduced; where a seed's figure is wrong, the right one.

docs/seed-corrections.md explains each correction.
"""

from __future__ import annotations

import pytest

from catalog.engine.estimate import estimate as engine_estimate
from catalog.engine.scenario import load_scenario
from tests.conftest import ROOT


def estimate(scenario, catalog, **kw) -> dict:
    """The estimate as `estimate --json` prints it: these tests pin the JSON contract's values."""
    return engine_estimate(scenario, catalog, **kw).model_dump(mode="json")


SEEDS = ROOT / "examples" / "seeds"


def result_of(catalog, name):
    out = estimate(load_scenario(SEEDS / name), catalog)
    return out, {o["name"]: o for o in out["options"]}


def test_calmops_roi_is_11250_not_12500(catalog):
    out, options = result_of(catalog, "calmops_roi.json")
    assert options["Prompting GPT-4o (seed prices)"]["monthly_usd"] == pytest.approx(11_250.00)  # seed prints 12,500
    pair = out["break_even"][0]
    assert pair["upfront_recovered_after_months"] == pytest.approx(5000 / (11_250 - 700), abs=1e-4)  # 0.47, seed: 0.4


def test_calmops_output_arithmetic_is_5b_tokens_not_2_5b(catalog):
    _, options = result_of(catalog, "calmops_api_costs.json")
    assert options["GPT-4o (seed prices)"]["monthly_usd"] == pytest.approx(250 + 50_000)  # seed: $25,250
    assert options["Claude 3.5 Sonnet (seed prices)"]["monthly_usd"] == pytest.approx(300 + 75_000)  # seed: $37,800
    assert options["GPT-4o (catalog)"]["monthly_usd"] == pytest.approx(50_250)


def test_calmops_70b_on_one_a10g_does_not_fit(catalog):
    out, options = result_of(catalog, "calmops_api_costs.json")
    llama = options["Llama 3.1 70B on 1x A10G"]
    assert llama["feasible"] is False
    assert "GiB" in llama["reason"]
    assert "Llama 3.1 70B on 1x A10G" in out["recommendation"]["set_aside"]


def test_calmops_8b_fine_tune_takes_minutes_not_two_hours(catalog):
    _, options = result_of(catalog, "calmops_finetune_8b.json")
    run = options["Llama 3.1 8B full, 8x A100 at $4/GPU-h"]
    assert run["feasible"]
    hours = run["training_gpu_hours"] / 8
    assert 0.1 < hours < 1  # the seed assumes 2 hours ($64)
    assert run["upfront_usd"] == pytest.approx(2000 + hours * 32, rel=1e-6)


def test_calmops_70b_full_fine_tune_does_not_fit_lora_does(catalog):
    _, options = result_of(catalog, "calmops_finetune_70b.json")
    assert options["Llama 3.1 70B full"]["feasible"] is False
    assert "full fine-tuning needs" in options["Llama 3.1 70B full"]["reason"]
    lora = options["Llama 3.1 70B LoRA"]
    assert lora["feasible"]
    assert 5 < lora["training_gpu_hours"] / 8 < 24  # the seed's 24 hours is generous for LoRA


def test_codemapo_counts_the_output_tokens(catalog):
    out, options = result_of(catalog, "codemapo_gpt4_vs_gpt35.toml")
    assert options["GPT-4 prompting (2024 prices)"]["monthly_usd"] == pytest.approx(2_700)  # right in the seed
    tuned = options["Fine-tuned GPT-3.5 (seed prices)"]
    assert tuned["upfront_usd"] == pytest.approx(20)  # right in the seed (one epoch)
    assert tuned["monthly_usd"] == pytest.approx(360)  # seed: $120, output tokens forgotten
    assert out["break_even"][0]["upfront_recovered_after_requests"] == pytest.approx(
        20 / (0.027 - 0.0036), rel=1e-6
    )  # 855, seed: 775


def test_seed_disagreement_is_said_in_words(catalog):
    """Users read the disagreement between seed documents: each verdict in words, never its id."""
    from typing import get_args

    from catalog.engine.scenario import parse_scenario
    from catalog.records import VERDICT_WORDS, Verdict

    assert set(VERDICT_WORDS) == set(get_args(Verdict)), "every verdict has its words"
    split = [uc for uc in catalog.usecases.values() if len({v.verdict for v in uc.views}) > 1]
    assert split, "the catalog has a use case its seed documents disagree on"
    use_case = split[0]
    scenario = parse_scenario(
        {
            "use_case": use_case.id,
            "workload": {"requests_per_month": 1000, "input_tokens": 100, "output_tokens": 100},
            "options": [{"kind": "fixed", "name": "Q", "monthly_usd": 1}],
        }
    )
    (sentence,) = engine_estimate(scenario, catalog).recommendation.sources_disagree
    for view in use_case.views:
        assert f"{view.document}: {VERDICT_WORDS[view.verdict]}" in sentence
    assert not any(f": {v.verdict}" in sentence for v in use_case.views if VERDICT_WORDS[v.verdict] != v.verdict)
