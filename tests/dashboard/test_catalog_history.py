"""The Catalog page's price history and its indexed search."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import catalog_tables as ct
from tests.dashboard.conftest import figure

TOGETHER = "together/llama-3.1-8b-lora-sft"


def test_histories_are_readings_from_more_than_one_date(catalog):
    histories = ct.price_histories(catalog)
    assert histories, "the catalog has dated readings (Together's dedicated endpoint $6.49 -> $5.40 -> $5.49)"
    for h in histories:
        record = catalog.table(h.kind)[h.key]
        assert h.readings == tuple(sorted((r for r in record.readings if r.field == h.field), key=lambda r: r.as_of))
        assert len({r.as_of for r in h.readings}) > 1
    idents = {h.ident for h in histories}
    assert f"finetune:{TOGETHER}:endpoint_per_hour" in idents
    assert f"finetune:{TOGETHER}:min_charge_usd" not in idents, "two readings of one date are a dispute, not a history"


def test_the_history_chart_points_are_the_records_readings(app, catalog):
    at = app().run().switch_page("dashboard/pages/catalog.py").run()
    at.get("button_group")[0].set_value("specs").run()  # a table none of whose records has a history
    note = next(c.value for c in at.caption if "price history" in c.value).replace("\\", "")
    assert "Fine-tuning offers" in note and "together/" in note, "the page says which records have a history"
    at.get("button_group")[0].set_value("finetune").run()
    at.selectbox(key="history_finetune").set_value(f"finetune:{TOGETHER}:endpoint_per_hour").run()
    assert not at.exception
    readings = [r for r in catalog.finetune[TOGETHER].readings if r.field == "endpoint_per_hour"]
    chart = figure(at, len(at.get("plotly_chart")) - 1)
    (trace,) = chart["data"]
    assert trace["line"]["shape"] == "hv", "a step chart: a price holds until the next reading"
    points = sorted(zip(trace["x"], trace["y"], trace["customdata"], strict=True))
    assert points == sorted((r.as_of.isoformat(), float(r.value), r.source_url) for r in readings)
    assert [p[1] for p in points] == [6.49, 5.40, 5.49]
    table = at.dataframe[-1].value
    assert list(table["Source"]) == [r.source_url for r in sorted(readings, key=lambda r: r.as_of)]
    assert [d.isoformat() for d in table["As of"]] == [p[0] for p in points]


VALUES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["", "x\ny", "\n"]),
    st.floats(allow_nan=False, width=32),
    st.integers(-(10**6), 10**6),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.sampled_from(["H100-SXM", "Llama 3.1", "İstanbul ß"]),
)
ROWS = st.lists(
    st.dictionaries(
        st.sampled_from(["provider", "model_id", "source_url", "as_of", "name", "price"]), VALUES, min_size=1
    ),
    max_size=30,
)


def naive(row: dict, needle: str) -> bool:
    """The search as a person reads it: the needle, any case, in the row's words and numbers."""
    text = " ".join(str(v) for k, v in row.items() if v is not None and k not in ("source_url", "as_of"))
    return needle.lower() in text.lower()


NEEDLES = st.one_of(
    st.text(max_size=4), st.sampled_from(["h100", "LLAMA", "1.5", "None", "i̇stanbul", "SS", " ", "\n", "a\nb"])
)


@settings(max_examples=150, deadline=None)
@given(ROWS, NEEDLES, st.data())
def test_indexed_search_finds_what_a_scan_finds(rows, needle, data):
    texts = [
        " ".join(str(v) for k, v in row.items() if v is not None and k not in ("source_url", "as_of")) for row in rows
    ]
    if texts and data.draw(st.booleans()):  # a piece of a row's text, in another case: a term that hits
        text = data.draw(st.sampled_from(texts))
        start = data.draw(st.integers(0, len(text)))
        needle = text[start : start + data.draw(st.integers(0, 8))].swapcase()
    assert ct.search_index(rows).rows(needle) == [i for i, row in enumerate(rows) if naive(row, needle)]
