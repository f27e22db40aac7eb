"""Generated usage with known answers: every output key checked against the answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pytest

from catalog.usage.calibrate import DAYS_PER_MONTH, calibrate
from catalog.usage.sources import read_files
from tests.usage import generate as g


@pytest.fixture(scope="module")
def openai_result(tmp_path_factory, catalog):
    folder = tmp_path_factory.mktemp("openai")
    return calibrate(read_files(g.write_openai(folder), None, "model"), catalog, "model")


def _catalog_cost(catalog, key: str, requests: float, batch_share: float) -> float:
    p = catalog.api[key]
    standard = (g.INPUT - g.CACHED) * float(p.input_per_mtok) + g.OUTPUT * float(p.output_per_mtok)
    batch = (g.INPUT - g.CACHED) * float(p.batch_input_per_mtok) + g.OUTPUT * float(p.batch_output_per_mtok)
    cached = g.CACHED * float(p.cached_input_per_mtok)
    return requests * (cached + (1 - batch_share) * standard + batch_share * batch) / 1e6


def test_openai_hourly_pages_give_every_figure(openai_result, catalog):
    r = openai_result
    assert (r.format, r.group_by, r.bucket) == ("openai-usage", "model", "hour")
    assert (r.start, r.end) == (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert [x.group for x in r.groups] == ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini"]  # larger first
    assert r.warnings == []
    for group in r.groups:
        base, growth, batch_share = g.OPENAI_MODELS[group.group]
        totals = g.expected_month_totals(base, growth)
        assert group.months_observed == 3
        assert [m.month for m in group.months] == ["2026-01", "2026-02", "2026-03"]
        assert [m.requests for m in group.months] == totals and all(m.whole and m.coverage == 1 for m in group.months)
        assert group.requests_per_month == pytest.approx(sum(totals) / 3, rel=1e-12)
        assert group.requests_per_month_basis == "whole months"
        assert group.models == {group.group: sum(totals)}
        assert group.input_tokens == g.INPUT and group.output_tokens == g.OUTPUT
        assert group.cached_input_fraction == pytest.approx(0.4, abs=1e-12)
        assert group.batch_fraction == pytest.approx(batch_share, abs=2e-4)
        assert group.monthly_growth == pytest.approx(growth, abs=5e-4)  # hourly counts are whole requests
        assert group.peak_to_average == pytest.approx(2.0, abs=2e-3)
        assert group.observed_spend_usd is None  # the usage API has no spend
        key = "openai/" + group.group.removesuffix("-2024-07-18")
        assert group.catalog_models == {group.group: key} and group.unmatched_models == []
        assert group.catalog_spend_usd == pytest.approx(_catalog_cost(catalog, key, sum(totals), batch_share), rel=2e-4)
        assert group.derived == []
        daily = [g.daily_requests(base, growth, d) * DAYS_PER_MONTH for d in range(g.DAYS)]
        volume = group.ranges["requests_per_month"]
        assert volume.low == pytest.approx(np.percentile(daily, 10), rel=1e-3)
        assert volume.high == pytest.approx(np.percentile(daily, 90), rel=1e-3)
        assert volume.mode == group.requests_per_month
        band = group.ranges["monthly_growth"]
        assert band.low < band.mode == group.monthly_growth < band.high and band.high - band.low < 0.002
        for name, value in (("input_tokens", g.INPUT), ("output_tokens", g.OUTPUT)):
            assert group.ranges[name].model_dump() == {"low": value, "mode": value, "high": value}


def test_one_concatenated_file_reads_like_the_pages(openai_result, tmp_path, catalog):
    together = calibrate(read_files(g.write_openai(tmp_path, concatenated=True), None, "model"), catalog, "model")
    assert together == openai_result


def test_anthropic_requests_are_derived_and_said_to_be(tmp_path, catalog):
    path = tmp_path / "anthropic.json"
    path.write_text(json.dumps(g.anthropic_page(days=10, tokens_per_request=2000)))
    result = calibrate(read_files([path], None, "project", input_tokens_per_request=2000), catalog, "project")
    (group,) = result.groups
    assert group.group == "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ"
    assert group.requests_per_month_basis == "partial months scaled"
    assert group.months_observed == pytest.approx(10 / 31, abs=1e-4)
    assert group.requests_per_month == pytest.approx(30 * 24 * 31)  # 30 an hour, January scaled whole
    assert (group.input_tokens, group.output_tokens) == (2000, 300)
    assert group.cached_input_fraction == pytest.approx(0.25)
    assert group.monthly_growth == pytest.approx(0, abs=1e-9) and group.peak_to_average == pytest.approx(1)
    assert "requests_per_month" in group.derived and "output_tokens" in group.derived
    assert group.catalog_models == {"claude-haiku-4-5-20251001": "anthropic/claude-haiku-4-5"}
    assert group.models == {"claude-haiku-4-5-20251001": pytest.approx(30 * 24 * 10)}
    price = catalog.api["anthropic/claude-haiku-4-5"]
    per_request = (
        2000 * 0.65 * float(price.input_per_mtok)
        + 2000 * 0.25 * float(price.cached_input_per_mtok)
        + 2000 * 0.10 * float(price.cache_write_per_mtok or price.input_per_mtok)
        + 300 * float(price.output_per_mtok)
    ) / 1e6
    assert group.catalog_spend_usd == pytest.approx(per_request * 30 * 24 * 10)


def test_litellm_spendlogs_csv_by_team_with_spend(tmp_path, catalog):
    rows = g.spendlog_rows(days=14)
    path = g.write_spendlogs_csv(tmp_path / "spendlogs.csv", rows)
    result = calibrate(read_files([path], None, "team"), catalog, "team")
    assert [x.group for x in result.groups] == ["team-a", "team-b"]
    a, b = result.groups
    assert a.models == {"openai/gpt-4o-mini": sum(r["team_id"] == "team-a" for r in rows)}
    assert a.observed_spend_usd == pytest.approx(0.00042 * sum(r["team_id"] == "team-a" for r in rows))
    hits = [r for r in rows if r["team_id"] == "team-a"]
    assert a.cached_input_fraction == pytest.approx(sum(r["cache_hit"] == "True" for r in hits) / len(hits))
    # team-a sends 2 a minute-slot each hour and 4 in the peak hour: 4 / (50 / 24)
    assert a.peak_to_average == pytest.approx(4 / (50 / 24))
    assert a.monthly_growth == pytest.approx(0, abs=1e-9)
    assert b.catalog_models == {"anthropic/claude-haiku-4-5": "anthropic/claude-haiku-4-5"}


def test_litellm_daily_team_table(tmp_path, catalog):
    """LiteLLM_DailyTeamSpend rows: 62 days (January and February) for one team and model, 1,000
    requests a day growing 3% a month; daily buckets cannot show a peak hour."""
    import csv
    from datetime import timedelta

    path = tmp_path / "daily_team_spend.csv"
    columns = [
        "id",
        "team_id",
        "date",
        "api_key",
        "model",
        "model_group",
        "custom_llm_provider",
        "prompt_tokens",
        "completion_tokens",
        "cache_read_input_tokens",
        "cache_creation_input_tokens",
        "spend",
        "api_requests",
        "successful_requests",
        "failed_requests",
        "created_at",
        "updated_at",
    ]
    total = 0
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for day in range(31 + 28):
            n = round(g.daily_requests(1000, 0.03, day))
            total += n
            date = (g.START + timedelta(days=day)).strftime("%Y-%m-%d")
            writer.writerow(
                [
                    f"id-{day}",
                    "team-x",
                    date,
                    "key-1",
                    "gpt-4o-mini",
                    "gpt-4o-mini",
                    "openai",
                    n * 800,
                    n * 100,
                    n * 200,
                    0,
                    round(n * 0.0002, 6),
                    n,
                    n,
                    0,
                    date,
                    date,
                ]
            )
    result = calibrate(read_files([path], None, "team"), catalog, "team")
    assert (result.format, result.bucket) == ("litellm-daily", "day")
    (group,) = result.groups
    assert group.group == "team-x" and group.months_observed == 2 and group.requests_per_month == total / 2
    assert (group.input_tokens, group.output_tokens, group.cached_input_fraction) == (800, 100, 0.25)
    assert group.monthly_growth == pytest.approx(0.03, abs=5e-4) and group.peak_to_average is None
    assert group.observed_spend_usd == pytest.approx(total * 0.0002, rel=1e-6)
    assert group.catalog_models == {"openai/gpt-4o-mini": "openai/gpt-4o-mini"}
