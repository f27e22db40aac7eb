"""The Catalog page's tables, built once per catalog, and searched without rebuilding them.

Every rerun of the Catalog page used to turn each record into a row, build Arrow data and a CSV
for all five tables: ~2.5x the cost of drawing them, and 1.6 s per rerun with 100,000 more
prices. Here each table is an Arrow table with human column names plus one lower-case search
text per row, made once per catalog (`st.cache_resource`, keyed on the catalog object itself,
which the result holds so its id cannot be reused while cached). A table's search texts are
indexed by trigram (`SearchIndex`), so a new search tests only the rows holding the term's
rarest trigrams instead of every row: with 100,000 more records a substring test per row made a
new term cost 1.8x a rerun of today's catalog (a scan of all the text at once, Python's or
Arrow's, was no faster). Results are kept for reruns that keep the search; the
CSV is made only when the user clicks download. Price histories (a record's readings of one
price field from more than one date) are collected here too, once per catalog.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from catalog.build import Catalog
from catalog.engine.lookup import FIRST_PARTY
from catalog.records import Reading
from dashboard import page_figures
from dashboard.tables import to_csv

MAX_CHARTS = 64


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    help: str = ""


def _c(field: str, label: str, help: str = "") -> Column:
    return Column(field, label, help)


SOURCE = [
    _c("source_url", "Source", "The page the figure was read from"),
    _c("as_of", "As of", "The date the source showed the figure"),
    _c("grade", "Grade", "A provider page, B dated third party quoting it, C undated lead"),
]
TAIL = [
    _c("readings", "Readings", "Every source's reading where sources disagree: value, date, source"),
    _c("plugin", "Plugin", "The plugin that supplied the record"),
]
# identity columns first, then where the figure comes from and when (visible without scrolling), then the figures
TABLES: dict[str, tuple[str, list[Column]]] = {
    "api": (
        "API prices",
        [
            _c("provider", "Provider"),
            _c("model_id", "Model"),
            *SOURCE,
            _c("name", "Name"),
            _c("input_per_mtok", "Input $/1M tok"),
            _c("cached_input_per_mtok", "Cached input $/1M tok"),
            _c("cache_write_per_mtok", "Cache write $/1M tok"),
            _c("output_per_mtok", "Output $/1M tok"),
            _c("batch_input_per_mtok", "Batch input $/1M tok"),
            _c("batch_output_per_mtok", "Batch output $/1M tok"),
            _c("context_window", "Context (tokens)"),
            _c("status", "Status", "active, closing (retirement announced) or closed"),
            *TAIL,
        ],
    ),
    "finetune": (
        "Fine-tuning offers",
        [
            _c("provider", "Provider"),
            _c("offer_id", "Offer"),
            *SOURCE,
            _c("base_model", "Base model"),
            _c("method", "Method"),
            _c("adaptation", "Adaptation"),
            _c("training_per_mtok", "Training $/1M tok"),
            _c("training_per_hour", "Training $/hour"),
            _c("min_charge_usd", "Minimum charge $"),
            _c("input_per_mtok", "Tuned input $/1M tok"),
            _c("output_per_mtok", "Tuned output $/1M tok"),
            _c("hosting_per_hour", "Hosting $/hour"),
            _c("endpoint_gpu", "Endpoint GPU"),
            _c("endpoint_per_hour", "Endpoint $/hour"),
            _c("status", "Status"),
            _c("shutdown", "Shutdown"),
            *TAIL,
        ],
    ),
    "gpus": (
        "GPU offers",
        [
            _c("cloud", "Cloud"),
            _c("instance_type", "Instance"),
            *SOURCE,
            _c("gpu", "GPU"),
            _c("gpu_count", "GPUs"),
            _c("region", "Region"),
            _c("on_demand_per_hour", "On-demand $/hour"),
            _c("per_gpu_hour", "$/GPU-hour"),
            _c("spot_per_hour", "Spot $/hour"),
            _c("commit_1y_per_hour", "1-year commit $/hour"),
            _c("commit_3y_per_hour", "3-year commit $/hour"),
            *TAIL,
        ],
    ),
    "specs": (
        "GPU specs",
        [
            _c("name", "GPU"),
            *SOURCE,
            _c("bf16_tflops", "BF16 TFLOPS"),
            _c("memory_gib", "Memory GiB"),
            _c("bandwidth_tbps", "Bandwidth TB/s"),
            *TAIL,
        ],
    ),
    "models": (
        "Open models",
        [
            _c("repo_id", "Repository"),
            *SOURCE,
            _c("name", "Name"),
            _c("params_b", "Parameters (B)"),
            _c("active_params_b", "Active parameters (B)"),
            _c("layers", "Layers"),
            _c("hidden_size", "Hidden size"),
            _c("attention_heads", "Attention heads"),
            _c("kv_heads", "KV heads"),
            _c("head_dim", "Head dim"),
            _c("context_length", "Context (tokens)"),
            _c("license", "License"),
            *TAIL,
        ],
    ),
}


ROW_END = b"\n"  # joins the rows' texts; a search term typed in one line never holds it


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class SearchIndex:
    """A table's lower-case search texts (see `_haystack`) as UTF-8, joined into one byte string,
    with where each row's starts and a trigram index: every 3-byte sequence of the text, with
    each row it starts in (sorted by trigram, then row).

    A string is a substring of another exactly when its UTF-8 bytes are, so a row holds a term
    only if it holds each of the term's trigrams: the rows listed under the term's rarest
    trigrams are the only candidates, and each candidate's own text is then tested. A term of
    one or two bytes has no trigram and scans the joined text with `bytes.find`; a term holding
    ROW_END tests each row's text (in the joined text it could span two rows)."""

    text: bytes
    starts: array  # offset of each row's text in `text`, increasing
    grams: npt.NDArray[np.uint32]  # trigram codes, ascending
    gram_rows: npt.NDArray[np.int64]  # the row each (trigram, row) pair was seen in

    def row_text(self, row: int) -> bytes:
        end = self.starts[row + 1] - len(ROW_END) if row + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[row] : end]

    def rows(self, needle: str) -> list[int]:
        """The rows whose text contains `needle`, lower-cased the same way as the texts, in order."""
        lowered = _utf8(needle.lower())
        if ROW_END in lowered:
            return [i for i in range(len(self.starts)) if lowered in self.row_text(i)]
        if len(lowered) >= TRIGRAM:
            return self._candidates_holding(lowered)
        found: list[int] = []
        at = self.text.find(lowered) if self.starts else -1
        while at >= 0:
            row = bisect_right(self.starts, at) - 1
            found.append(row)
            if row + 1 == len(self.starts):
                break
            at = self.text.find(lowered, self.starts[row + 1])
        return found

    def _candidates_holding(self, lowered: bytes) -> list[int]:
        postings = []
        for code in set(trigrams(lowered).tolist()):
            # the bounds in the index's own type: a Python int would copy the whole index to compare
            low, high = np.searchsorted(self.grams, np.array([code, code + 1], np.uint32))
            postings.append(self.gram_rows[low:high])
        postings.sort(key=len)
        candidates = postings[0]
        for more in postings[1:3]:  # two more intersections shrink the candidates; tests are cheap after that
            candidates = np.intersect1d(candidates, more, assume_unique=True)
        return [row for row in candidates.tolist() if lowered in self.row_text(row)]


TRIGRAM = 3


def trigrams(data: bytes) -> npt.NDArray[np.uint32]:
    """The code of each 3-byte sequence in `data`, by its start."""
    b = np.frombuffer(data, np.uint8).astype(np.uint32)
    if len(b) < TRIGRAM:
        return np.empty(0, np.uint32)
    return ((b[:-2] << 16) | (b[1:-1] << 8) | b[2:]).astype(np.uint32)


@dataclass(frozen=True)
class Table:
    """One kind's records as Arrow data (human column names) and their search index."""

    label: str
    data: pa.Table
    haystack: SearchIndex


@dataclass(frozen=True)
class PriceHistory:
    """One price field of one record as its sources showed it over time: its readings, oldest first."""

    kind: str
    key: str
    field: str
    readings: tuple[Reading, ...]

    @property
    def ident(self) -> str:
        """The history's one name, as the picker and the page's URL carry it."""
        return f"{self.kind}:{self.key}:{self.field}"

    @property
    def label(self) -> str:
        return f"{self.key} · {column_label(self.kind, self.field)}"


def column_label(kind: str, field: str) -> str:
    """The human name a table gives a record field (the field's own name where no column shows it)."""
    return next((c.label for c in TABLES[kind][1] if c.field == field), field)


def price_histories(catalog: Catalog) -> list[PriceHistory]:
    """Every (record, price field) whose readings come from more than one date, in table order.

    Readings of one date that disagree are a dispute, not a history (the Readings column and
    the Compare page's ranges show those); a history needs the price at two dates at least.
    Each history keeps every reading of its field, ties on a date included, sorted by date."""
    out = []
    for kind in TABLES:
        for key, record in catalog.table(kind).items():
            for name in sorted({r.field for r in record.readings}):
                readings = tuple(sorted((r for r in record.readings if r.field == name), key=lambda r: r.as_of))
                if len({r.as_of for r in readings}) > 1:
                    out.append(PriceHistory(kind, key, name, readings))
    return out


def history_points(history: PriceHistory) -> list[dict[str, Any]]:
    """The step chart's points and the table under it: one per reading, oldest first."""
    return [
        {
            "As of": r.as_of,
            "Price $": float(r.value),
            "Source": r.source_url,
            "First party": r.first_party,
            "Note": r.note or None,
        }
        for r in history.readings
    ]


@dataclass(frozen=True)
class CatalogTables:
    catalog: Catalog  # held so the cache key (the catalog's id) is not reused while this lives
    tables: dict[str, Table]
    first_party_api: list[dict[str, Any]]  # the API scatter's points, each with its search text
    gpu_points: list[dict[str, Any]]  # the GPU chart's points, each with its search text
    histories: list[PriceHistory]
    # charts and search results by (table, search), kept with the catalog they show; a few dozen of each
    charts: dict[tuple[str, str], go.Figure | None] = field(default_factory=dict)
    found: dict[tuple[str, str], pa.Table] = field(default_factory=dict)
    history_charts: dict[str, tuple[go.Figure, pa.Table]] = field(default_factory=dict)  # one per history, as picked

    def search(self, kind: str, needle: str) -> pa.Table:
        """The rows whose text contains `needle` (case-insensitive); all rows for an empty needle.
        A new search scans the table's search index once; a repeated one, as on any rerun that
        keeps it, is looked up."""
        table = self.tables[kind]
        if not needle:
            return table.data
        key = (kind, needle.lower())
        if key not in self.found:
            if len(self.found) >= MAX_CHARTS:
                self.found.clear()
            self.found[key] = table.data.take(pa.array(table.haystack.rows(needle), pa.int64()))
        return self.found[key]

    def history_chart(self, history: PriceHistory) -> tuple[go.Figure, pa.Table]:
        """A price history's step chart and its readings as Arrow data, built once: a rerun that
        keeps the pick draws the same ones."""
        if history.ident not in self.history_charts:
            points = history_points(history)
            figure = page_figures.price_history(points, column_label(history.kind, history.field))
            self.history_charts[history.ident] = figure, pa.Table.from_pylist(points)
        return self.history_charts[history.ident]

    def chart(self, kind: str, needle: str) -> go.Figure | None:
        """The open table's chart under this search (None: no point to plot), built once."""
        key = (kind, needle.lower())
        if key not in self.charts:
            if len(self.charts) >= MAX_CHARTS:
                self.charts.clear()
            if kind == "gpus":
                points = matching(self.gpu_points, needle)
                self.charts[key] = page_figures.gpu_prices(points) if points else None
            else:
                points = matching(self.first_party_api, needle)
                self.charts[key] = page_figures.token_prices(points) if points else None
        return self.charts[key]


def _value(record: Any, field: str, catalog: Catalog, kind: str) -> Any:
    if field == "status":
        life = record.lifecycle
        if life.disputed:
            told = ", ".join(f"{r.shutdown} per {r.source_url}" for r in life.readings)
            return f"{life.status} (sources disagree: {told})"
        return life.status
    if field == "readings":
        return "; ".join(f"{r.field} {r.value} ({r.as_of}, {r.source_url})" for r in record.readings) or None
    if field == "shutdown":
        return record.lifecycle.shutdown
    if field == "plugin":
        return catalog.supplied_by[(kind, record.key)]
    value = getattr(record, field, None)
    return float(value) if isinstance(value, Decimal) else value


def _haystack(row: dict[str, Any]) -> str:
    """What a search looks in: the row's words and numbers, not its source address or date
    (every row has one, so they would only slow each search and match everything)."""
    return " ".join(str(v) for k, v in row.items() if v is not None and k not in ("source_url", "as_of")).lower()


def search_index(rows: list[dict[str, Any]]) -> SearchIndex:
    """The rows' search texts, joined, with their starts and trigram index (see `SearchIndex`)."""
    texts = [_utf8(_haystack(row)) for row in rows]
    starts, at = array("q"), 0
    for text in texts:
        starts.append(at)
        at += len(text) + len(ROW_END)
    joined = ROW_END.join(texts)
    codes = trigrams(joined)
    row_of = np.repeat(np.arange(len(texts), dtype=np.uint64), [len(t) + len(ROW_END) for t in texts])[: len(codes)]
    pairs = np.sort((codes.astype(np.uint64) << np.uint64(32)) | row_of)  # by trigram, then row
    pairs = pairs[np.concatenate((pairs[:1] == pairs[:1], pairs[1:] != pairs[:-1]))]  # np.unique hashes: 7x slower
    return SearchIndex(
        joined, starts, (pairs >> np.uint64(32)).astype(np.uint32), (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)
    )


def _table(catalog: Catalog, kind: str) -> tuple[Table, list[dict[str, Any]]]:
    label, columns = TABLES[kind]
    rows = [{c.field: _value(r, c.field, catalog, kind) for c in columns} for r in catalog.table(kind).values()]
    data = (
        pa.table({c.label: [row[c.field] for row in rows] for c in columns})
        if rows
        else pa.schema([(c.label, pa.string()) for c in columns]).empty_table()
    )
    return Table(label, data, search_index(rows)), rows


@st.cache_resource(max_entries=1, show_spinner="Preparing the tables…", hash_funcs={Catalog: id})
def catalog_tables(catalog: Catalog) -> CatalogTables:
    tables, rows = {}, {}
    for kind in TABLES:
        tables[kind], rows[kind] = _table(catalog, kind)
    first_party = [
        {**r, "search": _haystack(r)}
        for r in rows["api"]
        if r["provider"] in FIRST_PARTY and r["input_per_mtok"] > 0 and r["output_per_mtok"] > 0
    ]
    gpu_points = [{**r, "search": _haystack(r)} for r in rows["gpus"]]
    return CatalogTables(catalog, tables, first_party, gpu_points, price_histories(catalog))


def matching(points: list[dict[str, Any]], needle: str) -> list[dict[str, Any]]:
    """A chart's points under the same search as its table."""
    lowered = needle.lower()
    return [p for p in points if lowered in p["search"]] if needle else points


def csv_bytes(data: pa.Table) -> bytes:
    """The table as shown, as CSV (made when the user clicks download, not on every rerun), with
    formula-leading cells neutralised like every other export."""
    return to_csv(data.to_pylist()).encode()
