"""Usage sources read as their tools write them, reduced by DuckDB to per-hour or per-day buckets.

Four formats, each a shape someone else defines:
- `openai-usage`: pages of `GET /v1/organization/usage/completions` (one file each or concatenated);
- `anthropic-usage`: pages of `GET /v1/organizations/usage_report/messages`;
- `litellm-spendlogs`: LiteLLM's `LiteLLM_SpendLogs` table exported as CSV or Parquet (one row per request);
- `litellm-daily`: LiteLLM's `LiteLLM_DailyUserSpend` / `LiteLLM_DailyTeamSpend` tables (one row per day).

What a source does not record is not guessed: spend logs carry no batch flag (batch share 0), and
their only cache signal is `cache_hit`, a request LiteLLM answered from its own cache, so the
cached share there is the prompt tokens of those requests.

Files are never loaded whole: DuckDB streams them and reads only the columns named in the query,
so the prompt and response text some LiteLLM versions store is never read. What leaves DuckDB is
one row per (group, model, bucket) with sums, plus the smallest value and the largest tokens per
request seen, so negative or absurd counts are caught without a second pass over the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

Format = Literal["openai-usage", "anthropic-usage", "litellm-spendlogs", "litellm-daily"]
GroupBy = Literal["model", "tag", "project", "team"]
FORMATS: tuple[Format, ...] = ("openai-usage", "anthropic-usage", "litellm-spendlogs", "litellm-daily")
GROUP_BYS: tuple[GroupBy, ...] = ("model", "tag", "project", "team")

# No model takes 10M tokens in one request (the largest context windows are 1-2M): a count
# above this is a unit or export error, not traffic.
MAX_TOKENS_PER_REQUEST = 10_000_000
HEAD_BYTES = 65_536


class UsageError(ValueError):
    """A usage source that cannot be calibrated from; the message says which and why."""


@dataclass(frozen=True)
class Bucket:
    """One group's traffic to one model in one hour or day (sums over the bucket)."""

    group: str
    model: str
    start: datetime
    requests: float
    input_tokens: float  # every prompt token, cached and cache-written included
    cached_input_tokens: float
    cache_write_tokens: float
    output_tokens: float
    batch_requests: float
    batch_input_tokens: float
    batch_output_tokens: float
    spend: float | None


@dataclass(frozen=True)
class Buckets:
    """A source reduced to buckets, with the period it covers (`end` exclusive)."""

    format: Format
    hours: int  # 1 (hourly buckets) or 24 (daily)
    start: datetime
    end: datetime
    rows: list[Bucket]
    requests_derived: bool = False  # requests computed from tokens per request the user gave


# Columns every bucket query returns, in this order; the last two are only for validation.
BUCKET_COLUMNS = (
    "grp",
    "model",
    "start_epoch",
    "requests",
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "batch_requests",
    "batch_input_tokens",
    "batch_output_tokens",
    "spend",
    "min_value",
    "max_tokens_per_request",
)

SPENDLOG_COLUMNS = ("request_id", "startTime", "model", "prompt_tokens", "completion_tokens", "spend", "cache_hit")
DAILY_COLUMNS = (
    "date",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "cache_read_input_tokens",
    "spend",
    "api_requests",
)

OPENAI_COLUMNS = (
    "{'object': 'VARCHAR', 'data': 'STRUCT(start_time BIGINT, end_time BIGINT, results STRUCT("
    "input_tokens BIGINT, input_cached_tokens BIGINT, output_tokens BIGINT, num_model_requests BIGINT, "
    "model VARCHAR, batch BOOLEAN, project_id VARCHAR)[])[]'}"
)
ANTHROPIC_COLUMNS = (
    "{'data': 'STRUCT(starting_at VARCHAR, ending_at VARCHAR, results STRUCT("
    "uncached_input_tokens BIGINT, cache_creation STRUCT(ephemeral_1h_input_tokens BIGINT, "
    "ephemeral_5m_input_tokens BIGINT), cache_read_input_tokens BIGINT, output_tokens BIGINT, "
    "model VARCHAR, service_tier VARCHAR, workspace_id VARCHAR, api_key_id VARCHAR)[])[]'}"
)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that reads timestamps without a zone as UTC."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _table_reader(paths: list[Path]) -> str:
    suffixes = {p.suffix.lower() for p in paths}
    if suffixes == {".parquet"}:
        return f"read_parquet({_sql_list(paths)}, union_by_name = true)"
    if suffixes <= {".csv", ".tsv", ".txt"}:
        return f"read_csv({_sql_list(paths)}, header = true, union_by_name = true)"
    raise UsageError(
        f"{', '.join(p.name for p in paths)}: LiteLLM tables are read from .csv or .parquet files, all of one kind"
    )


def table_columns(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> list[str]:
    try:
        return [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {_table_reader(paths)}").fetchall()]
    except duckdb.Error as exc:
        raise UsageError(f"{', '.join(p.name for p in paths)}: cannot read ({_first_line(exc)})") from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def detect(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> Format | None:
    """The format the files are written in, or None when they look like none of them."""
    if all(p.suffix.lower() in {".json", ".jsonl", ".ndjson"} for p in paths):
        found: set[Format] = set()
        for path in paths:
            head = _head(path)
            if "num_model_requests" in head or "organization.usage.completions" in head:
                found.add("openai-usage")
            elif "starting_at" in head and ("uncached_input_tokens" in head or '"results"' in head):
                found.add("anthropic-usage")
            else:
                return None
        return found.pop() if len(found) == 1 else None
    columns = set(table_columns(con, paths))
    if {"request_id", "startTime"} <= columns:
        return "litellm-spendlogs"
    if {"date", "api_requests"} <= columns:
        return "litellm-daily"
    return None


def _head(path: Path) -> str:
    try:
        with path.open("rb") as f:
            return f.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _group_expr(fmt: Format, group_by: GroupBy, columns: set[str]) -> str:
    """The SQL for a row's group, or a UsageError when the source does not record it."""
    options: dict[Format, dict[GroupBy, str]] = {
        "openai-usage": {
            "model": "coalesce(r.model, '(all models)')",
            "project": "coalesce(r.project_id, '(no project)')",
        },
        "anthropic-usage": {
            "model": "coalesce(r.model, '(all models)')",
            "project": "coalesce(r.workspace_id, '(no workspace)')",
        },
        "litellm-spendlogs": {"model": "model", "team": "coalesce(team_id, '(no team)')", "tag": "tag"},
        "litellm-daily": {"model": "model", "team": "coalesce(team_id, '(no team)')"},
    }
    expr = options[fmt].get(group_by)
    if expr is None:
        can = ", ".join(options[fmt])
        raise UsageError(f"{fmt} does not record a {group_by}; group it by one of: {can}")
    if group_by == "team" and "team_id" not in columns:
        raise UsageError("--group-by team needs a team_id column (LiteLLM_SpendLogs or LiteLLM_DailyTeamSpend)")
    if group_by == "tag" and "request_tags" not in columns:
        raise UsageError("--group-by tag needs the request_tags column of LiteLLM_SpendLogs")
    return expr


def _spendlogs_sql(reader: str, group: str, columns: set[str]) -> str:
    """Per hour, group and model; a request with several tags counts once in each tag.

    The per-row work is kept to integer arithmetic (the hour is epoch microseconds divided, not a
    time-zone-aware date_trunc) and the model's display name is built after the GROUP BY, on the
    few aggregate rows: this keeps the scan within a small factor of a bare GROUP BY.
    """
    provider = "custom_llm_provider" if "custom_llm_provider" in columns else "NULL"
    tags = ", unnest(CASE WHEN coalesce(len(t), 0) = 0 THEN ['(untagged)'] ELSE t END) AS tag" if group == "tag" else ""
    tag_source = "from_json(CAST(request_tags AS VARCHAR), '[\"VARCHAR\"]') AS t" if group == "tag" else "NULL AS t"
    return f"""
        WITH logs AS (
            SELECT "startTime", model, prompt_tokens, completion_tokens, spend, cache_hit,
                   {"team_id" if "team_id" in columns else "NULL AS team_id"}, {provider} AS provider, {tag_source}
            FROM {reader}
        ), rows AS (SELECT *{tags} FROM logs),
        hourly AS (
            SELECT {group} AS grp, model, provider,
                   epoch_us(CAST("startTime" AS TIMESTAMP)) // 3600000000 AS hour,
                   count(*) AS requests,
                   sum(prompt_tokens) AS input_tokens,
                   sum(CASE WHEN CAST(cache_hit AS VARCHAR) IN ('True', 'true', 'TRUE') THEN prompt_tokens ELSE 0 END)
                       AS cached_input_tokens,
                   sum(completion_tokens) AS output_tokens,
                   sum(spend) AS spend,
                   least(min(prompt_tokens), min(completion_tokens), min(spend)) AS min_value,
                   greatest(max(prompt_tokens), max(completion_tokens)) AS max_tokens_per_request
            FROM rows GROUP BY ALL
        )
        SELECT grp,
               CASE WHEN coalesce(provider, '') <> '' AND NOT contains(model, '/') THEN provider || '/' || model
                    ELSE model END AS model_name,
               hour * 3600 AS start_epoch, sum(requests), sum(input_tokens), sum(cached_input_tokens), 0,
               sum(output_tokens), 0, 0, 0, sum(spend), min(min_value), max(max_tokens_per_request)
        FROM hourly GROUP BY ALL"""


def _daily_sql(reader: str, group: str, columns: set[str]) -> str:
    provider = "custom_llm_provider" if "custom_llm_provider" in columns else "NULL"
    team = "team_id" if "team_id" in columns else "NULL AS team_id"
    return f"""
        WITH days AS (SELECT date, model, prompt_tokens, completion_tokens, cache_read_input_tokens,
                             {"cache_creation_input_tokens" if "cache_creation_input_tokens" in columns else "0 AS cache_creation_input_tokens"},
                             spend, api_requests, {team}, {provider} AS provider FROM {reader})
        SELECT {group} AS grp,
               CASE WHEN coalesce(provider, '') <> '' AND NOT contains(model, '/') THEN provider || '/' || model
                    ELSE model END AS model,
               CAST(epoch(CAST(CAST(date AS DATE) AS TIMESTAMPTZ)) AS BIGINT) AS start_epoch,
               sum(api_requests) AS requests,
               sum(prompt_tokens) AS input_tokens,
               sum(cache_read_input_tokens) AS cached_input_tokens,
               sum(cache_creation_input_tokens) AS cache_write_tokens,
               sum(completion_tokens) AS output_tokens,
               0 AS batch_requests, 0 AS batch_input_tokens, 0 AS batch_output_tokens,
               sum(spend) AS spend,
               least(min(prompt_tokens), min(completion_tokens), min(cache_read_input_tokens), min(spend),
                     min(api_requests)) AS min_value,
               max(greatest(prompt_tokens, completion_tokens) / greatest(api_requests, 1)) AS max_tokens_per_request
        FROM days GROUP BY ALL"""


def _openai_sql(files: str, group: str) -> tuple[str, str]:
    pages = f"""WITH pages AS (SELECT unnest(data) AS b FROM read_json({files}, format = 'unstructured',
                    columns = {OPENAI_COLUMNS}, maximum_object_size = 1073741824))"""
    rows = f"""{pages}, buckets AS (SELECT b.start_time AS s, unnest(b.results) AS r FROM pages)
        SELECT {group} AS grp, coalesce(r.model, '(all models)') AS model, s AS start_epoch,
               sum(r.num_model_requests) AS requests,
               sum(r.input_tokens) AS input_tokens,
               sum(coalesce(r.input_cached_tokens, 0)) AS cached_input_tokens,
               0 AS cache_write_tokens,
               sum(r.output_tokens) AS output_tokens,
               sum(CASE WHEN r.batch THEN r.num_model_requests ELSE 0 END) AS batch_requests,
               sum(CASE WHEN r.batch THEN r.input_tokens ELSE 0 END) AS batch_input_tokens,
               sum(CASE WHEN r.batch THEN r.output_tokens ELSE 0 END) AS batch_output_tokens,
               NULL AS spend,
               least(min(r.input_tokens), min(r.output_tokens), min(coalesce(r.input_cached_tokens, 0)),
                     min(r.num_model_requests), min(r.input_tokens - coalesce(r.input_cached_tokens, 0))) AS min_value,
               max(greatest(r.input_tokens, r.output_tokens) / greatest(r.num_model_requests, 1)) AS max_tokens_per_request
        FROM buckets GROUP BY ALL"""
    span = f"""{pages}
        SELECT min(b.start_time), max(b.end_time), min(b.end_time - b.start_time), max(b.end_time - b.start_time)
        FROM pages"""
    return rows, span


def _anthropic_sql(files: str, group: str, tokens_per_request: float) -> tuple[str, str]:
    pages = f"""WITH pages AS (SELECT unnest(data) AS b FROM read_json({files}, format = 'unstructured',
                    columns = {ANTHROPIC_COLUMNS}, maximum_object_size = 1073741824)),
                buckets AS (SELECT b.starting_at AS s, unnest(b.results) AS r FROM pages),
                tokens AS (SELECT s, r, coalesce(r.uncached_input_tokens, 0) AS uncached,
                                  coalesce(r.cache_read_input_tokens, 0) AS cache_read,
                                  coalesce(r.cache_creation.ephemeral_1h_input_tokens, 0)
                                    + coalesce(r.cache_creation.ephemeral_5m_input_tokens, 0) AS cache_write,
                                  coalesce(r.output_tokens, 0) AS output,
                                  r.service_tier = 'batch' AS batch FROM buckets)"""
    per = float(tokens_per_request)
    rows = f"""{pages}
        SELECT {group} AS grp, coalesce(r.model, '(all models)') AS model,
               CAST(epoch(CAST(s AS TIMESTAMPTZ)) AS BIGINT) AS start_epoch,
               sum(uncached + cache_read + cache_write) / {per} AS requests,
               sum(uncached + cache_read + cache_write) AS input_tokens,
               sum(cache_read) AS cached_input_tokens,
               sum(cache_write) AS cache_write_tokens,
               sum(output) AS output_tokens,
               sum(CASE WHEN batch THEN uncached + cache_read + cache_write ELSE 0 END) / {per} AS batch_requests,
               sum(CASE WHEN batch THEN uncached + cache_read + cache_write ELSE 0 END) AS batch_input_tokens,
               sum(CASE WHEN batch THEN output ELSE 0 END) AS batch_output_tokens,
               NULL AS spend,
               least(min(uncached), min(cache_read), min(cache_write), min(output)) AS min_value,
               {per} AS max_tokens_per_request
        FROM tokens GROUP BY ALL"""
    span = f"""{pages}
        SELECT CAST(epoch(min(CAST(b.starting_at AS TIMESTAMPTZ))) AS BIGINT),
               CAST(epoch(max(CAST(b.ending_at AS TIMESTAMPTZ))) AS BIGINT),
               CAST(min(epoch(CAST(b.ending_at AS TIMESTAMPTZ)) - epoch(CAST(b.starting_at AS TIMESTAMPTZ))) AS BIGINT),
               CAST(max(epoch(CAST(b.ending_at AS TIMESTAMPTZ)) - epoch(CAST(b.starting_at AS TIMESTAMPTZ))) AS BIGINT)
        FROM pages"""
    return rows, span


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)


def to_buckets(
    fmt: Format,
    hours: int,
    rows: list[tuple[Any, ...]],
    start: datetime,
    end: datetime,
    where: str,
    requests_derived: bool = False,
) -> Buckets:
    """Validate the query's rows (no negative or absurd counts) and wrap them as `Buckets`."""
    if not rows:
        raise UsageError(f"{where}: no usage rows found")
    out = []
    for row in rows:
        values = dict(zip(BUCKET_COLUMNS, row, strict=True))
        if values["min_value"] is not None and values["min_value"] < 0:
            raise UsageError(
                f"{where}: negative token, request or spend counts (model {values['model']!r}); "
                "fix the export before calibrating from it"
            )
        if (values["max_tokens_per_request"] or 0) > MAX_TOKENS_PER_REQUEST:
            raise UsageError(
                f"{where}: {values['max_tokens_per_request']:,.0f} tokens in one request (model "
                f"{values['model']!r}) is more than any model takes; is the column in another unit?"
            )
        if values["start_epoch"] is None:
            raise UsageError(f"{where}: a row without a time")
        out.append(
            Bucket(
                group=str(values["grp"]),
                model=str(values["model"] or "(no model)"),
                start=_utc(values["start_epoch"]),
                requests=float(values["requests"] or 0),
                input_tokens=float(values["input_tokens"] or 0),
                cached_input_tokens=float(values["cached_input_tokens"] or 0),
                cache_write_tokens=float(values["cache_write_tokens"] or 0),
                output_tokens=float(values["output_tokens"] or 0),
                batch_requests=float(values["batch_requests"] or 0),
                batch_input_tokens=float(values["batch_input_tokens"] or 0),
                batch_output_tokens=float(values["batch_output_tokens"] or 0),
                spend=None if values["spend"] is None else float(values["spend"]),
            )
        )
    out.sort(key=lambda b: (b.group, b.model, b.start))  # sums in one order: the same source, the same figures
    return Buckets(fmt, hours, start, end, out, requests_derived)


def read_files(
    paths: list[Path], fmt: Format | None, group_by: GroupBy, input_tokens_per_request: float | None = None
) -> Buckets:
    """Buckets from usage files; one clear UsageError for any file that cannot be used."""
    where = ", ".join(p.name for p in paths)
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    con = connect()
    found = detect(con, paths)
    if fmt is None:
        if found is None:
            raise UsageError(
                f"{where}: not a usage format this tool reads; pass --format ({' | '.join(FORMATS)}) if it is one"
            )
        fmt = found
    elif found is not None and found != fmt:
        raise UsageError(f"{where}: this is {found}, not {fmt}")
    try:
        if fmt in ("openai-usage", "anthropic-usage"):
            return _read_pages(con, paths, fmt, group_by, input_tokens_per_request, where)
        return _read_table(con, paths, fmt, group_by, where)
    except duckdb.Error as exc:
        raise UsageError(f"{where}: cannot read as {fmt} ({_first_line(exc)})") from None


def _read_pages(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    fmt: Format,
    group_by: GroupBy,
    input_tokens_per_request: float | None,
    where: str,
) -> Buckets:
    if any(p.suffix.lower() not in {".json", ".jsonl", ".ndjson"} for p in paths):
        raise UsageError(f"{where}: {fmt} pages are JSON files")
    files = _sql_list(paths)
    group = _group_expr(fmt, group_by, set())
    if fmt == "anthropic-usage":
        if input_tokens_per_request is None or not input_tokens_per_request > 0:
            raise UsageError(
                "Anthropic's usage report has no request count: give the input tokens per request "
                "(--input-tokens-per-request N) and requests are derived from it"
            )
        rows_sql, span_sql = _anthropic_sql(files, group, input_tokens_per_request)
    else:
        rows_sql, span_sql = _openai_sql(files, group)
    span = con.execute(span_sql).fetchone()
    if span is None or span[0] is None:
        raise UsageError(f"{where}: no usage buckets found (is it a page of {fmt}?)")
    start, end, shortest, longest = span
    if shortest != longest or shortest not in (3600, 86400):
        raise UsageError(f"{where}: buckets must all be 1 hour or all 1 day wide (bucket_width 1h or 1d)")
    rows = con.execute(rows_sql).fetchall()
    return to_buckets(
        fmt, shortest // 3600, rows, _utc(start), _utc(end), where, requests_derived=fmt == "anthropic-usage"
    )


def _read_table(
    con: duckdb.DuckDBPyConnection, paths: list[Path], fmt: Format, group_by: GroupBy, where: str
) -> Buckets:
    columns = set(table_columns(con, paths))
    required = SPENDLOG_COLUMNS if fmt == "litellm-spendlogs" else DAILY_COLUMNS
    missing = [c for c in required if c not in columns]
    if missing:
        raise UsageError(f"{where}: missing columns for {fmt}: {', '.join(missing)}")
    group = _group_expr(fmt, group_by, columns)
    reader = _table_reader(paths)
    sql = _spendlogs_sql(reader, group, columns) if fmt == "litellm-spendlogs" else _daily_sql(reader, group, columns)
    rows = con.execute(sql).fetchall()
    hours = 1 if fmt == "litellm-spendlogs" else 24
    if not rows:
        raise UsageError(f"{where}: no usage rows found")
    first = min(r[2] for r in rows)
    last = max(r[2] for r in rows)
    return to_buckets(fmt, hours, rows, _utc(first), _utc(last + hours * 3600), where)
