"""LiteLLM's PostgreSQL, real: the aggregate is pushed down, equals DuckDB's over the same rows
exported to Parquet, only aggregates cross the wire, and every database failure is one message."""

from __future__ import annotations

import math
import time

import psycopg
import pytest

from catalog.usage.calibrate import calibrate
from catalog.usage.postgres import read_database, spendlogs_query
from catalog.usage.sources import UsageError, connect, read_files
from tests.browser import free_port

ROWS = 200_000
DAYS = 6
STEP_MS = DAYS * 24 * 3600 * 1000 // ROWS
"""Enough requests over few enough hours that the aggregate (one row per group, model and hour: at
most 4 tags x 4 models x 144 hours = 2,304) is under a fortieth of them, which is the push-down
proof; a million rows over 60 days proved the same at five times the load time."""

# LiteLLM_SpendLogs as LiteLLM's schema.prisma declares it (Prisma's PostgreSQL types).
SPENDLOGS_DDL = """
CREATE TABLE "LiteLLM_SpendLogs" (
    request_id TEXT PRIMARY KEY, call_type TEXT NOT NULL, api_key TEXT NOT NULL DEFAULT '',
    spend DOUBLE PRECISION NOT NULL DEFAULT 0.0, total_tokens INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,
    "startTime" TIMESTAMP(3) NOT NULL, "endTime" TIMESTAMP(3) NOT NULL, "completionStartTime" TIMESTAMP(3),
    model TEXT NOT NULL DEFAULT '', model_id TEXT DEFAULT '', model_group TEXT DEFAULT '',
    custom_llm_provider TEXT DEFAULT '', api_base TEXT DEFAULT '', "user" TEXT DEFAULT '',
    metadata JSONB DEFAULT '{}', cache_hit TEXT DEFAULT '', cache_key TEXT DEFAULT '',
    request_tags JSONB DEFAULT '[]', team_id TEXT, end_user TEXT, requester_ip_address TEXT,
    messages JSONB DEFAULT '{}', response JSONB DEFAULT '{}', session_id TEXT, status TEXT,
    proxy_server_request JSONB DEFAULT '{}'
)"""

# ROWS requests over DAYS days: four models, three teams, tags on two thirds of them, and the
# prompt and response text LiteLLM stores when asked to (which calibration must never read).
GENERATE = f"""
CREATE TABLE logs AS
SELECT 'req-' || i AS request_id, 'acompletion' AS call_type, 'key-' || (i % 7) AS api_key,
       round((100 + i % 900 + i % 13) * 0.000001, 6) AS spend, (100 + i % 900) + (20 + i % 300) AS total_tokens,
       100 + i % 900 AS prompt_tokens, 20 + i % 300 AS completion_tokens,
       TIMESTAMP '2026-01-01' + to_milliseconds(i * {STEP_MS}) AS "startTime",
       TIMESTAMP '2026-01-01' + to_milliseconds(i * {STEP_MS} + 2000) AS "endTime",
       (['gpt-4o-mini', 'gpt-4.1-mini', 'claude-haiku-4-5', 'my-finetune'])[1 + i % 4] AS model,
       (['openai', 'openai', 'anthropic', ''])[1 + i % 4] AS custom_llm_provider,
       CASE WHEN i % 5 = 0 THEN 'True' ELSE 'False' END AS cache_hit,
       (['["support", "prod"]', '["search"]', '[]'])[1 + i % 3] AS request_tags,
       (['team-a', 'team-b', NULL])[1 + i % 3] AS team_id,
       '[{{"content": "private prompt ' || i || '"}}]' AS messages, '{{"content": "private"}}' AS response
FROM range(1, {ROWS} + 1) t(i)"""


def _database(server_url: str, name: str) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="module")
def litellm_db(postgres_server, tmp_path_factory):
    """A LiteLLM database holding ROWS spend-log rows loaded with COPY, and the same rows in Parquet."""
    url = _database(postgres_server, "litellm")
    folder = tmp_path_factory.mktemp("export")
    csv_path, parquet = folder / "spendlogs.csv", folder / "spendlogs.parquet"
    duck = connect()
    duck.execute(GENERATE)
    duck.execute(f"COPY logs TO '{csv_path}' (FORMAT csv, HEADER)")
    duck.execute(f"COPY logs TO '{parquet}' (FORMAT parquet)")
    columns = ", ".join(f'"{c}"' for c, *_ in duck.execute("DESCRIBE logs").fetchall())
    with psycopg.connect(url, autocommit=True) as conn:
        # No WAL, and the primary key built once after the load rather than row by row: a faster load.
        conn.execute(SPENDLOGS_DDL.replace("CREATE TABLE", "CREATE UNLOGGED TABLE").replace(" PRIMARY KEY", ""))
        with (
            conn.cursor() as cur,
            cur.copy(f'COPY "LiteLLM_SpendLogs" ({columns}) FROM STDIN (FORMAT csv, HEADER)') as copy,
            csv_path.open("rb") as f,
        ):
            while block := f.read(1 << 20):
                copy.write(block)
        conn.execute('ALTER TABLE "LiteLLM_SpendLogs" ADD PRIMARY KEY (request_id)')
        conn.execute("CREATE EXTENSION pg_stat_statements")
    csv_path.unlink()
    return url, parquet


def _key(b):
    return (b.group, b.model, b.start)


def _same(database, files) -> None:
    assert [_key(b) for b in sorted(database.rows, key=_key)] == [_key(b) for b in sorted(files.rows, key=_key)]
    for d, f in zip(sorted(database.rows, key=_key), sorted(files.rows, key=_key), strict=True):
        assert (d.requests, d.input_tokens, d.cached_input_tokens, d.output_tokens) == (
            f.requests,
            f.input_tokens,
            f.cached_input_tokens,
            f.output_tokens,
        )
        assert math.isclose(d.spend, f.spend, rel_tol=1e-9)
    assert (database.start, database.end) == (files.start, files.end)


@pytest.mark.parametrize("group_by", ["model", "tag"])
def test_pushed_down_aggregate_equals_duckdb_over_the_parquet_export(litellm_db, group_by, catalog):
    """Per model, and per tag (a request counts once in each of its tags: 2 + 1 + '(untagged)')."""
    url, parquet = litellm_db
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_statements_reset()")
    database = read_database(url, group_by)
    files = read_files([parquet], None, group_by)
    _same(database, files)
    assert sum(b.requests for b in database.rows) == (ROWS if group_by == "model" else ROWS + ROWS // 3)
    with psycopg.connect(url) as conn:
        ran = conn.execute(
            "SELECT query, calls, rows FROM pg_stat_statements WHERE query LIKE %s", ("%LiteLLM_SpendLogs%",)
        ).fetchall()
    assert len(ran) == 1, ran
    query, calls, rows = ran[0]
    # Only aggregates crossed the wire: one row per group, model and hour, not a row per request.
    assert calls == 1 and rows == len(database.rows) < ROWS / 40
    # The query names only the columns it needs, never the stored prompt or response.
    assert "GROUP BY" in query and "messages" not in query and "response" not in query
    # And the calibration over either is the same, figure for figure.
    from_db, from_file = calibrate(database, catalog, group_by), calibrate(files, catalog, group_by)
    assert [g.group for g in from_db.groups] == [g.group for g in from_file.groups]
    for a, b in zip(from_db.groups, from_file.groups, strict=True):
        assert a.model_dump(exclude={"observed_spend_usd"}) == b.model_dump(exclude={"observed_spend_usd"})
        assert math.isclose(a.observed_spend_usd, b.observed_spend_usd, rel_tol=1e-9)
    assert "my-finetune" in from_db.warnings[0]


def test_unreachable_database_is_one_message():
    url = f"postgresql://postgres:secret-password@127.0.0.1:{free_port()}/litellm"
    with pytest.raises(UsageError, match=r"cannot connect to 127\.0\.0\.1:\d+/litellm") as err:
        read_database(url, "model")
    assert "secret-password" not in str(err.value)


def test_a_read_that_would_write_is_refused_and_nothing_is_written(postgres_server):
    url = _database(postgres_server, "writes")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SPENDLOGS_DDL.replace('"LiteLLM_SpendLogs"', "base"))
        conn.execute("CREATE TABLE audit (at timestamptz)")
        conn.execute(
            "CREATE FUNCTION logged() RETURNS SETOF base LANGUAGE sql VOLATILE AS "
            "$$ INSERT INTO audit VALUES (now()); SELECT * FROM base $$"
        )
        conn.execute('CREATE VIEW "LiteLLM_SpendLogs" AS SELECT * FROM logged()')
    with pytest.raises(UsageError, match="read-only transaction refused it"):
        read_database(url, "model")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == (0,)


def test_a_slow_query_is_cancelled_by_the_timeout(postgres_server):
    url = _database(postgres_server, "slow")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SPENDLOGS_DDL.replace('"LiteLLM_SpendLogs"', "base"))
        conn.execute('CREATE VIEW "LiteLLM_SpendLogs" AS SELECT base.* FROM base, pg_sleep(5)')
    started = time.monotonic()
    with pytest.raises(UsageError, match=r"longer than 0\.5 s and was cancelled"):
        read_database(url, "model", timeout_s=0.5)
    assert time.monotonic() - started < 4


def test_a_database_without_litellm_tables_says_so(postgres_server):
    url = _database(postgres_server, "empty")
    with pytest.raises(UsageError, match="no LiteLLM_SpendLogs table"):
        read_database(url, "team")


def test_group_by_a_field_the_log_lacks_is_refused_before_connecting():
    with pytest.raises(UsageError, match="does not record a project"):
        spendlogs_query("project")
