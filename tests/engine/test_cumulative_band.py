"""Each option's cumulative-cost band (OptionSpread.cumulative_usd): the P10 and P90, month by
month, of the simulated cases' cumulative costs, computed here from the same seeded draws by
hand arithmetic, and consistent with the horizon total's percentiles."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.engine.estimate import estimate
from catalog.engine.scenario import parse_scenario
from catalog.engine.uncertainty import draw

TEN_DOLLARS = {
    "name": "p",
    "kind": "prompting",
    "prices": {"input_per_mtok": 10, "output_per_mtok": 0},
}  # $0.01/request
SCENARIO = {
    "workload": {"requests_per_month": 1000, "input_tokens": 1000, "output_tokens": 0, "monthly_growth": 0.05},
    "horizon_months": 6,
    "team": {"hourly_rate_usd": 0},
    "draws": 400,
    "seed": 7,
    "ranges": {
        "workload.requests_per_month": {"low": 500, "mode": 1000, "high": 3000},
        "workload.monthly_growth": {"low": 0.0, "mode": 0.05, "high": 0.2},
    },
    "options": [TEN_DOLLARS, {"name": "q", "kind": "fixed", "upfront_usd": 40, "monthly_usd": 30}],
}


def test_the_band_is_the_percentiles_of_the_drawn_cumulative_costs(catalog):
    s = parse_scenario(SCENARIO)
    spread = estimate(s, catalog).uncertainty
    assert spread is not None
    drawn = draw(s)
    volume, growth = drawn["workload.requests_per_month"], drawn["workload.monthly_growth"]
    monthly = 0.01 * volume[:, None] * (1 + growth[:, None]) ** np.arange(6)[None, :]  # $0.01 a request
    cumulative = np.concatenate([np.zeros((s.draws, 1)), np.cumsum(monthly, axis=1)], axis=1)  # month 0: no upfront
    band = spread.options["p"].cumulative_usd
    assert band is not None and len(band.p10) == len(band.p90) == 7
    assert band.p10 == pytest.approx(np.percentile(cumulative, 10, axis=0).tolist(), rel=1e-9)
    assert band.p90 == pytest.approx(np.percentile(cumulative, 90, axis=0).tolist(), rel=1e-9)
    assert all(low <= high for low, high in zip(band.p10, band.p90, strict=True)) and band.p90[-1] > band.p10[-1]


def test_the_band_ends_at_the_horizon_totals_percentiles_and_a_fixed_quotes_has_no_width(catalog):
    spread = estimate(parse_scenario(SCENARIO), catalog).uncertainty
    assert spread is not None
    for name in ("p", "q"):
        stats = spread.options[name]
        assert stats.cumulative_usd is not None
        assert stats.cumulative_usd.p10[-1] == pytest.approx(stats.horizon_total_usd.p10)
        assert stats.cumulative_usd.p90[-1] == pytest.approx(stats.horizon_total_usd.p90)
    fixed = spread.options["q"].cumulative_usd
    assert fixed is not None
    assert fixed.p10 == fixed.p90 == [40 + 30 * m for m in range(7)], "nothing uncertain moves a fixed quote"


def test_an_option_that_cannot_run_has_no_band(catalog):
    scenario = {
        **SCENARIO,
        "options": [
            TEN_DOLLARS,
            {
                "name": "big",
                "kind": "self_hosted",
                "model": "meta-llama/Llama-3.1-70B-Instruct",
                "gpu_offer": "aws/g5.xlarge/us-east-1",
                "method": "none",
            },
        ],
    }
    result = estimate(parse_scenario(scenario), catalog)
    assert result.uncertainty is not None
    assert not next(o for o in result.options if o.name == "big").feasible
    assert result.uncertainty.options["big"].cumulative_usd is None
