"""LiteLLM's own PostgreSQL database, asked for aggregates only.

A company whose spend log outgrows one machine keeps it in its database, so the GROUP BY runs
there: per hour, group and model, the same sums DuckDB computes from an exported file (see
`sources._spendlogs_sql`). Only those rows cross the wire; the query names only the columns it
needs (never `messages` or `response`), runs in a READ ONLY transaction, and has a timeout.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from catalog.usage.sources import Buckets, GroupBy, UsageError, to_buckets

DATABASE_URL_ENV = "PROMPT_OR_TUNE_DATABASE_URL"
SPENDLOGS_TABLE = "LiteLLM_SpendLogs"
DEFAULT_TIMEOUT_S = 300
CONNECT_TIMEOUT_S = 10

_GROUPS: dict[str, str] = {
    "model": "model",
    "team": "coalesce(team_id, '(no team)')",
    "tag": "tag",
}


def is_database_url(source: str) -> bool:
    return source.startswith(("postgresql://", "postgres://", "env:"))


def resolve_url(source: str) -> str:
    """`env:NAME` reads the URL from that environment variable (keeps passwords out of `ps`)."""
    if source.startswith("env:"):
        name = source[4:]
        url = os.environ.get(name, "")
        if not url:
            raise UsageError(f"environment variable {name} is not set (it should hold the database URL)")
        if not url.startswith(("postgresql://", "postgres://")):
            raise UsageError(f"environment variable {name} does not hold a postgresql:// URL")
        return url
    return source


def describe(url: str) -> str:
    """host:port/dbname, never the password."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the database"
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


def spendlogs_query(group_by: GroupBy) -> sql.Composed:
    """The pushed-down aggregate: one row per (group, model, hour)."""
    if group_by not in _GROUPS:
        raise UsageError(f"litellm-spendlogs does not record a {group_by}; group it by one of: {', '.join(_GROUPS)}")
    tags = (
        " CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(request_tags::jsonb) = 'array' "
        "AND jsonb_array_length(request_tags::jsonb) > 0 THEN request_tags::jsonb ELSE '[\"(untagged)\"]'::jsonb END) AS tag"
        if group_by == "tag"
        else ""
    )
    return sql.SQL(
        "SELECT {group} AS grp,"
        " CASE WHEN coalesce(custom_llm_provider, '') <> '' AND strpos(model, '/') = 0"
        "      THEN custom_llm_provider || '/' || model ELSE model END AS model,"
        " extract(epoch FROM date_trunc('hour', \"startTime\"))::bigint AS start_epoch,"
        " count(*) AS requests, sum(prompt_tokens) AS input_tokens,"
        " sum(CASE WHEN lower(cache_hit) = 'true' THEN prompt_tokens ELSE 0 END) AS cached_input_tokens,"
        " 0 AS cache_write_tokens, sum(completion_tokens) AS output_tokens,"
        " 0 AS batch_requests, 0 AS batch_input_tokens, 0 AS batch_output_tokens,"
        " sum(spend) AS spend,"
        " least(min(prompt_tokens), min(completion_tokens), min(spend)) AS min_value,"
        " greatest(max(prompt_tokens), max(completion_tokens)) AS max_tokens_per_request"
        " FROM {table}{tags} GROUP BY 1, 2, 3"
    ).format(group=sql.SQL(_GROUPS[group_by]), table=sql.Identifier(SPENDLOGS_TABLE), tags=sql.SQL(tags))


def read_database(source: str, group_by: GroupBy, timeout_s: float = DEFAULT_TIMEOUT_S) -> Buckets:
    """Buckets from a live LiteLLM database; one UsageError naming host and cause on any failure."""
    url = resolve_url(source)
    where = describe(url)
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=False) as conn:
            conn.read_only = True
            with conn.cursor() as cur:
                cur.execute(sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(int(timeout_s * 1000))))
                cur.execute("SET LOCAL TimeZone = 'UTC'")
                cur.execute(spendlogs_query(group_by))
                rows = cur.fetchall()
            conn.rollback()
    except psycopg.errors.QueryCanceled:
        raise UsageError(f"{where}: the aggregate query took longer than {timeout_s:g} s and was cancelled") from None
    except psycopg.errors.ReadOnlySqlTransaction as exc:
        raise UsageError(
            f"{where}: reading {SPENDLOGS_TABLE} tried to write, and the read-only transaction "
            f"refused it ({_first_line(exc)})"
        ) from None
    except psycopg.errors.UndefinedTable:
        raise UsageError(f"{where}: no {SPENDLOGS_TABLE} table (is this LiteLLM's database?)") from None
    except psycopg.errors.UndefinedColumn as exc:
        raise UsageError(f"{where}: {SPENDLOGS_TABLE} lacks a column ({_first_line(exc)})") from None
    except psycopg.OperationalError as exc:
        raise UsageError(f"cannot connect to {where}: {_first_line(exc)}") from None
    except psycopg.Error as exc:
        raise UsageError(f"{where}: {_first_line(exc)}") from None
    if not rows:
        raise UsageError(f"{where}: {SPENDLOGS_TABLE} is empty")
    first = min(r[2] for r in rows)
    last = max(r[2] for r in rows)
    start = datetime.fromtimestamp(first, UTC)
    end = datetime.fromtimestamp(last + 3600, UTC)
    return to_buckets("litellm-spendlogs", 1, rows, start, end, where)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
