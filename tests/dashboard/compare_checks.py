"""What every Compare test checks after a step: the URL's scenario is valid, and the page shows
exactly estimate() of it, computed fresh (totals and verdict)."""

from __future__ import annotations

import pandas as pd

from catalog.build import Catalog
from catalog.engine.estimate import estimate
from catalog.engine.scenario import ScenarioError, parse_scenario
from dashboard import scenario_state as ss
from dashboard.compare_view import ASSUMPTIONS_SHOWN, verdict
from dashboard.format import money


def open_link(app, scenario: dict):
    """The page opened on a link to `scenario`, as a pasted URL opens it."""
    at = app()
    at.query_params["s"] = ss.encode(scenario)
    return at.run()


def url_scenario(at) -> dict:
    return ss.decode(at.query_params["s"][0] if isinstance(at.query_params["s"], list) else at.query_params["s"])


def cells(line: str) -> list[str]:
    """A Markdown table row's cells, as the reader sees them: split at the pipes that are not
    escaped, each backslash escape read as the character it escapes."""
    out, cell, chars = [], [], iter(line.strip())
    for char in chars:
        if char == "\\":
            cell.append(next(chars, ""))
        elif char == "|":
            out.append("".join(cell).strip())
            cell = []
        else:
            cell.append(char)
    return out[1:]  # the text before the row's first pipe is not a cell


def tables(at) -> list[pd.DataFrame]:
    """The page's tables (Markdown: `dashboard.tables.markdown_table`), as text frames."""
    frames = []
    for element in at.markdown:
        lines = element.value.splitlines()
        if len(lines) > 1 and lines[0].startswith("| ") and set(lines[1]) <= set("|:-"):
            frames.append(pd.DataFrame([cells(line) for line in lines[2:]], columns=cells(lines[0])))
    return frames


def shown(at) -> dict:
    """What the page shows: option names with their horizon totals, and the verdict line."""
    frames = tables(at)
    if not frames:
        return {"totals": None, "verdict": None}
    table = frames[0]
    column = next(c for c in table.columns if c.endswith("-month total"))
    verdict_line = (
        at.success[0].value
        if at.success
        else next((e.value for e in at.error if e.value.startswith("No option can be recommended")), None)
    )
    return {"totals": dict(zip(table["Option"], table[column], strict=True)), "verdict": verdict_line}


def expected(scenario: dict, catalog: Catalog) -> dict:
    try:
        result = estimate(parse_scenario(scenario), catalog)
    except (ValueError, ArithmeticError):  # the page says it cannot be estimated and shows no totals
        return {"totals": None, "verdict": None}
    totals = {o.name: money(o.horizon_total_usd) for o in result.options}
    return {"totals": totals, "verdict": verdict(result)}


def assert_page_is_the_engine(at, catalog: Catalog) -> dict:
    """No exception; the URL holds a valid scenario; the page shows estimate() of it. Returns it."""
    assert not at.exception, [e.value for e in at.exception]
    scenario = url_scenario(at)
    try:
        parse_scenario(scenario)
    except ScenarioError as exc:  # pragma: no cover - the failure message is the point
        raise AssertionError(f"the URL's scenario does not validate: {exc}") from None
    assert shown(at) == expected(scenario, catalog)
    return scenario


def pick(at, path: str, value: str):
    """Choose `value` in an option card's catalog picker as a user does: search its id (the
    picker offers the search's best matches, not the whole table), then pick it."""
    at.text_input(key=f"pick.find:{path}").input(value).run()
    return at.selectbox(key=f"w:{path}").select(value).run()


def edit_assumptions(at) -> None:
    """Open the assumptions' expander (its contents are drawn only while it is open; AppTest
    opens it through its session-state key, as a click does) and turn on their editors."""
    if not at.session_state[ASSUMPTIONS_SHOWN]:
        at.session_state[ASSUMPTIONS_SHOWN] = True
        at.run()
    if not at.toggle(key="w:assumptions_open").value:
        at.toggle(key="w:assumptions_open").set_value(True).run()
