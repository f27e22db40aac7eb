"""The Calibrate page over a real LiteLLM PostgreSQL (URL from the environment, as deployed):
the figures are the engine's, and "Use in Compare" carries the CLI's scenario in the Compare URL."""

from __future__ import annotations

import urllib.parse

import psycopg
import pytest

from catalog.usage.calibrate import calibrate
from catalog.usage.postgres import DATABASE_URL_ENV, read_database
from catalog.usage.workload import scenario_from
from dashboard import scenario_state
from tests.usage import generate as g
from tests.usage.conftest import postgres_server  # noqa: F401 - the throwaway cluster fixture
from tests.usage.test_postgres import SPENDLOGS_DDL, _database

PAGE = "dashboard/pages/calibrate.py"


@pytest.fixture(scope="module")
def small_litellm_db(request):
    url = _database(request.getfixturevalue("postgres_server"), "page")
    rows = g.spendlog_rows(days=10)
    columns = g.SPENDLOG_HEADER
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SPENDLOGS_DDL)
        with conn.cursor().copy(
            f'COPY "LiteLLM_SpendLogs" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) FROM STDIN'
        ) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    return url


def test_database_calibration_and_use_in_compare(app, small_litellm_db, monkeypatch, catalog):
    monkeypatch.setenv(DATABASE_URL_ENV, small_litellm_db)
    at = app().run().switch_page(PAGE).run()
    assert not at.exception
    at.radio(key="cal.source").set_value("LiteLLM database").run()
    at.selectbox(key="cal.group_by").select("team").run()
    at.button(key="cal.read_db").click().run()
    assert not at.exception
    expected = calibrate(read_database(small_litellm_db, "team"), catalog, "team")
    table = at.dataframe[0].value
    assert list(table["group"]) == ["team-a", "team-b"]
    assert list(table["requests / month"]) == [round(x.requests_per_month) for x in expected.groups]
    assert list(table["observed spend"]) == [f"${x.observed_spend_usd:,.2f}" for x in expected.groups]
    at.selectbox(key="cal.group").select("team-b").run()
    link = next(m.value for m in at.markdown if "Use in Compare" in m.value)
    token = urllib.parse.urlparse(link[link.index("(") + 1 : -1]).query.removeprefix("s=")
    assert scenario_state.decode(token) == scenario_from(expected.groups[1], "a LiteLLM database")
