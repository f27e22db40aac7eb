"""Table helpers shared by the pages: CSV export of what a table shows."""

from __future__ import annotations

import csv
import io

import streamlit as st


def to_csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def csv_download(rows: list[dict], file_name: str, key: str) -> None:
    st.download_button("Download CSV", to_csv(rows), file_name=file_name, mime="text/csv", key=key)
