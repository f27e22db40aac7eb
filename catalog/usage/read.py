"""One entry for every source: usage files (DuckDB) or a LiteLLM database URL (pushed down)."""

from __future__ import annotations

from pathlib import Path

from catalog.usage.postgres import is_database_url, read_database
from catalog.usage.sources import Buckets, Format, GroupBy, UsageError, read_files


def read_usage(
    sources: list[str], fmt: Format | None, group_by: GroupBy, input_tokens_per_request: float | None = None
) -> Buckets:
    databases = [s for s in sources if is_database_url(s)]
    if databases:
        if len(sources) > 1:
            raise UsageError("give one database URL, or files, not both")
        if fmt not in (None, "litellm-spendlogs"):
            raise UsageError(f"a database is read as litellm-spendlogs (its LiteLLM_SpendLogs table), not {fmt}")
        return read_database(databases[0], group_by)
    return read_files([Path(s) for s in sources], fmt, group_by, input_tokens_per_request)
