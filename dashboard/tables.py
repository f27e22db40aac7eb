"""Table helpers shared by the pages: small tables drawn as text, and CSV export of what a table shows.

Every CSV the dashboard offers is built here, and a cell is text from a plugin or a shared link
as often as a number: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
would run as a formula when the file is opened in a spreadsheet (`=HYPERLINK(...)` in an option
name), so it is written with a leading apostrophe, which spreadsheets show as plain text.
Numbers are written as they are: a negative price stays a number."""

from __future__ import annotations

import csv
import io
from typing import Any

import streamlit as st

from dashboard.safe import plain

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made plain text; else the cell."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def to_csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[neutralised(str(name)) for name in rows[0]], extrasaction="ignore")
    writer.writeheader()
    writer.writerows({neutralised(str(name)): neutralised(cell) for name, cell in row.items()} for row in rows)
    return buffer.getvalue()


def csv_download(rows: list[dict], file_name: str, key: str) -> None:
    st.download_button("Download CSV", to_csv(rows), file_name=file_name, mime="text/csv", key=key)


def markdown_table(rows: list[dict], left: tuple[str, ...] = ()) -> str:
    """`rows` (already formatted as text) as a Markdown table: the columns in `left` aligned left,
    the rest (figures) right. For a table of a few rows that a page shows on every first visit:
    `st.dataframe` costs its grid's and Arrow's ~1.3 MB of JavaScript, parsed while the page's
    charts wait (0.7 s of Compare's first draw in Chromium, measured here), while Markdown is drawn by
    the code that already draws the page's text; the cells are also selectable and found by the
    browser's search. Every cell is escaped (`plain`): a name from a link is text, never Markdown,
    HTML or a column break, and a line break in it would end the row, so it becomes a space."""
    if not rows:
        return ""
    columns = list(rows[0])

    def cell(value: Any) -> str:
        return plain(" ".join(str(value).splitlines()))

    lines = [
        "| " + " | ".join(cell(c) for c in columns) + " |",
        "|" + "|".join(":--" if c in left else "--:" for c in columns) + "|",
    ]
    lines += ["| " + " | ".join(cell(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)
