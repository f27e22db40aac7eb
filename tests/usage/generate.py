"""Usage files with known answers, shaped exactly like the provider APIs and LiteLLM's tables.

OpenAI: pages of GET /v1/organization/usage/completions (bucket_width=1h, group_by=model,batch).
Anthropic: pages of GET /v1/organizations/usage_report/messages (bucket_width=1h, group_by=model).
LiteLLM: LiteLLM_SpendLogs columns as schema.prisma declares them, prompt/response text included.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

DAYS_PER_MONTH = 365.2425 / 12
START = datetime(2026, 1, 1, tzinfo=UTC)
DAYS = 90  # January to March 2026: three whole months
PEAK_HOUR = 14
# One hour at twice the day's mean, the other 23 sharing the rest: a 2:1 daily peak.
HOUR_WEIGHTS = [2.0 if h == PEAK_HOUR else 22 / 23 for h in range(24)]

# model: (requests on day 0, monthly growth, batch share)
OPENAI_MODELS = {"gpt-4o-mini-2024-07-18": (48_000.0, 0.05, 0.0), "gpt-4.1-mini": (24_000.0, 0.10, 0.25)}
INPUT, CACHED, OUTPUT = 1000, 400, 200  # tokens per request: 40% of input cached


def daily_requests(base: float, growth: float, day: int) -> float:
    return base * (1 + growth) ** (day / DAYS_PER_MONTH)


def hourly_requests(base: float, growth: float, day: int, hour: int) -> int:
    return round(daily_requests(base, growth, day) / 24 * HOUR_WEIGHTS[hour])


def _result(model: str, n: int, batch: bool) -> dict:
    return {
        "object": "organization.usage.completions.result",
        "input_tokens": n * INPUT,
        "output_tokens": n * OUTPUT,
        "input_cached_tokens": n * CACHED,
        "input_audio_tokens": 0,
        "output_audio_tokens": 0,
        "num_model_requests": n,
        "project_id": None,
        "user_id": None,
        "api_key_id": None,
        "model": model,
        "batch": batch,
    }


def openai_pages(per_page: int = 168) -> list[dict]:
    """Three months of hourly buckets, `per_page` buckets a page (the API's maximum for 1h)."""
    buckets = []
    for day in range(DAYS):
        for hour in range(24):
            start = START + timedelta(days=day, hours=hour)
            results = []
            for model, (base, growth, batch_share) in OPENAI_MODELS.items():
                n = hourly_requests(base, growth, day, hour)
                batched = round(n * batch_share)
                results.append(_result(model, n - batched, False))
                if batched:
                    results.append(_result(model, batched, True))
            buckets.append(
                {
                    "object": "bucket",
                    "start_time": int(start.timestamp()),
                    "end_time": int((start + timedelta(hours=1)).timestamp()),
                    "results": results,
                }
            )
    pages = []
    for i in range(0, len(buckets), per_page):
        more = i + per_page < len(buckets)
        pages.append(
            {
                "object": "page",
                "data": buckets[i : i + per_page],
                "has_more": more,
                "next_page": f"page_{i + per_page:08d}" if more else None,
            }
        )
    return pages


def write_openai(directory: Path, concatenated: bool = False) -> list[Path]:
    pages = openai_pages()
    if concatenated:
        path = directory / "openai-usage.json"
        path.write_text("\n".join(json.dumps(p) for p in pages))
        return [path]
    paths = []
    for i, page in enumerate(pages):
        path = directory / f"openai-usage-{i:03d}.json"
        path.write_text(json.dumps(page, indent=1))
        paths.append(path)
    return paths


def expected_month_totals(base: float, growth: float) -> list[float]:
    totals = [0.0, 0.0, 0.0]
    for day in range(DAYS):
        month = (START + timedelta(days=day)).month - 1
        totals[month] += sum(hourly_requests(base, growth, day, h) for h in range(24))
    return totals


def anthropic_page(days: int = 10, tokens_per_request: int = 2000) -> dict:
    """Hourly buckets for one model: 30 requests an hour of `tokens_per_request` input tokens,
    a quarter read from the cache and a tenth written to it; 300 output tokens per request."""
    data = []
    for h in range(days * 24):
        start = START + timedelta(hours=h)
        n = 30
        read, write = n * tokens_per_request // 4, n * tokens_per_request // 10
        data.append(
            {
                "starting_at": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "ending_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "results": [
                    {
                        "uncached_input_tokens": n * tokens_per_request - read - write,
                        "cache_creation": {
                            "ephemeral_1h_input_tokens": write // 2,
                            "ephemeral_5m_input_tokens": write - write // 2,
                        },
                        "cache_read_input_tokens": read,
                        "output_tokens": n * 300,
                        "server_tool_use": {"web_search_requests": 0},
                        "api_key_id": None,
                        "workspace_id": "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
                        "model": "claude-haiku-4-5-20251001",
                        "service_tier": "standard",
                        "context_window": "0-200k",
                    }
                ],
            }
        )
    return {"data": data, "has_more": False, "next_page": None}


SPENDLOG_HEADER = [
    "request_id",
    "call_type",
    "api_key",
    "spend",
    "total_tokens",
    "prompt_tokens",
    "completion_tokens",
    "startTime",
    "endTime",
    "model",
    "model_group",
    "custom_llm_provider",
    "api_base",
    "user",
    "metadata",
    "cache_hit",
    "cache_key",
    "request_tags",
    "team_id",
    "end_user",
    "messages",
    "response",
]


def spendlog_rows(days: int = 14) -> list[dict]:
    """Two teams; team-a sends gpt-4o-mini with tags, every 4th request a LiteLLM cache hit."""
    rows = []
    i = 0
    for h in range(days * 24):
        t = START + timedelta(hours=h)
        for k in range(3 if h % 24 != PEAK_HOUR else 6):
            i += 1
            team = "team-a" if k % 3 != 2 else "team-b"
            model = "gpt-4o-mini" if team == "team-a" else "claude-haiku-4-5"
            provider = "openai" if team == "team-a" else "anthropic"
            rows.append(
                {
                    "request_id": f"chatcmpl-{i:08d}",
                    "call_type": "acompletion",
                    "api_key": "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
                    "spend": 0.00042,
                    "total_tokens": 1200,
                    "prompt_tokens": 1000,
                    "completion_tokens": 200,
                    "startTime": (t + timedelta(minutes=k)).strftime("%Y-%m-%d %H:%M:%S"),
                    "endTime": (t + timedelta(minutes=k, seconds=2)).strftime("%Y-%m-%d %H:%M:%S"),
                    "model": model,
                    "model_group": model,
                    "custom_llm_provider": provider,
                    "api_base": "",
                    "user": "u1",
                    "metadata": json.dumps({"user_api_key_team_id": team}),
                    "cache_hit": "True" if i % 4 == 0 else "False",
                    "cache_key": "",
                    "request_tags": json.dumps(["support", "prod"] if team == "team-a" else []),
                    "team_id": team,
                    "end_user": "",
                    "messages": json.dumps([{"role": "user", "content": 'a, "quoted"\nmultiline prompt'}]),
                    "response": json.dumps({"choices": [{"message": {"content": "an answer, with a comma"}}]}),
                }
            )
    return rows


def write_spendlogs_csv(path: Path, rows: list[dict]) -> Path:
    import csv

    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, SPENDLOG_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path
