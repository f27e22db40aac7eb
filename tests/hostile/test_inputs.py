"""Items 6-9 of the red-team pass: bad input gets one clear error line and loses nothing.

The command line runs in-process (the shared `cli` fixture), as a user's shell would run it, minus the start-up."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tomllib
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from catalog.cli.engine import non_finite
from catalog.engine.scenario import MAX_SCENARIO_BYTES, ScenarioError, load_scenario
from dashboard.tables import markdown_table, to_csv
from tests.conftest import ROOT

BASE = {
    "workload": {"requests_per_month": 1000, "input_tokens": 500, "output_tokens": 100},
    "options": [{"name": "p", "kind": "prompting", "prices": {"input_per_mtok": 1, "output_per_mtok": 2}}],
}
SELF_HOSTED = {
    "name": "s",
    "kind": "self_hosted",
    "model": "meta-llama/Llama-3.1-8B-Instruct",
    "gpu_offer": "aws/g5.xlarge/us-east-1",
    "method": "full",
}


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# 6. one clear line, never a traceback


@pytest.mark.parametrize("suffix", ["json", "toml"])
def test_a_negative_seed_is_one_clear_error(tmp_path, cli, suffix):
    text = (
        json.dumps({**BASE, "seed": -1})
        if suffix == "json"
        else (
            "seed = -1\n[workload]\nrequests_per_month = 1000\ninput_tokens = 500\noutput_tokens = 100\n"
            '[[options]]\nname = "p"\nkind = "prompting"\nprices = {input_per_mtok = 1, output_per_mtok = 2}\n'
        )
    )
    code, _, err = cli("estimate", write(tmp_path, f"s.{suffix}", text))
    assert code == 2 and "seed: Input should be greater than or equal to 0" in one_error_line(err)


@pytest.mark.parametrize("suffix", ["json", "toml"])
def test_an_integer_of_4301_digits_is_one_clear_error(tmp_path, cli, suffix):
    digits = "9" * 4301
    text = (
        json.dumps(BASE).replace('"requests_per_month": 1000', f'"requests_per_month": {digits}')
        if suffix == "json"
        else f"[workload]\nrequests_per_month = {digits}\ninput_tokens = 5\noutput_tokens = 1\n"
    )
    code, _, err = cli("estimate", write(tmp_path, f"s.{suffix}", text))
    assert code == 2 and "a number in it is too long" in one_error_line(err)


def test_a_subnormal_memory_fraction_is_one_clear_error(tmp_path, cli):
    scenario = {**BASE, "assumptions": {"usable_memory_fraction": 1e-310}, "options": [SELF_HOSTED]}
    code, _, err = cli("estimate", write(tmp_path, "s.json", json.dumps(scenario)))
    assert (
        code == 2
        and "assumptions.usable_memory_fraction: Input should be greater than or equal to 0.01" in one_error_line(err)
    )


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--prompt-tokens", "1e400", "expected a whole number"),
        ("--prompt-tokens", "1" + "0" * 400, "must be at most 1,000,000"),
        ("--prompt-tokens", "9" * 5000, "must be at most 1,000,000"),
        ("--output-tokens", "1" + "0" * 400, "must be at most 1,000,000"),
        ("--output-tokens", "inf", "expected a whole number"),
        ("--count", "1" + "0" * 400, "must be at most 64"),
        ("--count", "0", "must be at least 1"),
    ],
)
def test_size_refuses_huge_or_non_whole_numbers_in_one_line(cli, flag, value, says):
    code, _, err = cli("size", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--gpu", "H100-SXM", flag, value)
    assert code == 2 and says in one_error_line(err)


@pytest.mark.parametrize("value", ["inf", "1e400", "-inf", "5000000"])
def test_the_sizing_page_says_a_link_token_count_is_unusable(app, value):
    at = app().run().switch_page("dashboard/pages/sizing.py")
    at.query_params["prompt"] = value
    at.query_params["output"] = "300"
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning if "The link's prompt" in w.value], (
        "the page says the link's value was not used"
    )
    assert at.number_input(key="prompt").value == 1000 and at.number_input(key="output").value == 300


# 7. strict JSON: a result that overflows is refused, naming the field


def test_an_input_whose_result_would_overflow_is_refused_naming_the_field(tmp_path, cli):
    scenario = {
        **BASE,
        "training_data": {"examples": 1e13, "tokens_per_example": 1e13},
        "assumptions": {"mfu_full": 1e-300},
        "options": [SELF_HOSTED],
    }
    code, out, err = cli("estimate", "--json", write(tmp_path, "s.json", json.dumps(scenario)))
    assert code == 2 and out == "" and "assumptions.mfu_full" in one_error_line(err)


def test_estimate_json_is_strict_json_at_the_largest_accepted_inputs(tmp_path, cli):
    most = 1e13
    scenario = {
        "workload": {"requests_per_month": most, "input_tokens": most, "output_tokens": most, "monthly_growth": 2},
        "horizon_months": 120,
        "training_data": {"examples": most, "tokens_per_example": most, "epochs": most},
        "assumptions": {"mfu_full": 0.01, "serving_mfu": 0.01, "bandwidth_efficiency": 0.01},
        "options": [{**BASE["options"][0], "prices": {"input_per_mtok": 1e7, "output_per_mtok": 1e7}}, SELF_HOSTED],
    }
    code, out, err = cli("estimate", "--json", write(tmp_path, "s.json", json.dumps(scenario)))

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    assert code == 0, err
    json.loads(out, parse_constant=refuse)


def test_non_finite_names_the_result_field():
    assert (
        non_finite({"options": [{"name": "a", "upfront_usd": 1.0}, {"breakdown": {"training": math.inf}}]})
        == "options[1].breakdown.training"
    )
    assert non_finite({"options": [{"x": 1.0, "y": [2, None, "z"]}]}) is None


# 8. size caps


def test_a_scenario_file_over_1_mb_is_refused_before_it_is_parsed(tmp_path, cli):
    padded = json.dumps(BASE) + " " * MAX_SCENARIO_BYTES
    code, _, err = cli("estimate", write(tmp_path, "big.json", padded))
    assert code == 2 and "larger than the 1 MB a scenario file may be" in one_error_line(err)
    with pytest.raises(ScenarioError, match="larger than the 1 MB"):
        load_scenario("/dev/zero")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (" " * (MAX_SCENARIO_BYTES + 1), "larger than the 1 MB a portfolio file may be"),
        ('{"use_cases": [' + "9" * 4301 + "]}", "a number in it is too long"),
    ],
)
def test_a_portfolio_file_gets_the_same_caps(tmp_path, cli, text, says):
    code, _, err = cli("portfolio", write(tmp_path, "p.json", text))
    assert code == 2 and says in one_error_line(err)


def test_uploads_are_capped_by_the_server_and_scenario_uploads_at_1_mb():
    """The server refuses anything over the usage-log cap; Compare's scenario uploader over 1 MB."""
    from streamlit.testing.v1 import AppTest

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 50
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    uploader = at.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb == MAX_SCENARIO_BYTES // 1_000_000 == 1


# 9. CSV exports


def test_formula_leading_cells_are_neutralised_in_csv_exports():
    link = '=HYPERLINK("https://evil.example","x")'
    rows = [
        {
            "option": link,
            "note": "+1",
            "who": "@me",
            "t": "\tx",
            "r": "\rx",
            "minus": "-2+3",
            "plain": "gpt-4.1",
            "number": -5.0,
            "=header": 1,
        }
    ]
    header, row = list(csv.reader(io.StringIO(to_csv(rows), newline="")))
    assert row == ["'" + link, "'+1", "'@me", "'\tx", "'\rx", "'-2+3", "gpt-4.1", "-5.0", "1"]
    assert header[-1] == "'=header"


# 10. Tables drawn as Markdown


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20), min_size=1, max_size=4))
def test_a_markdown_table_shows_every_cell_as_its_text(values):
    """Names from a link are drawn in Compare's tables: whatever they hold (pipes, backslashes,
    HTML, `$` that would start LaTeX, line breaks), a Markdown renderer (markdown-it, with
    GitHub's tables as Streamlit's renderer has them) reads each cell back as its text on one
    line, in its own column, and makes no tag, link or image of it."""
    rows = [{f"c{i}": value for i, value in enumerate(values)}, {f"c{i}": "$1.00" for i in range(len(values))}]
    html = MarkdownIt("commonmark").enable("table").render(markdown_table(rows, left=("c0",)))
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)
    expected = [" ".join(v.splitlines()) for v in values] + ["$1.00"] * len(values)
    # a cell's text as read: the renderer trims the whitespace at its ends and shows U+0000 as U+FFFD
    assert [unescape(c).strip() for c in cells] == [e.replace("\x00", "\ufffd").strip() for e in expected]
    assert not re.search(r"<(?!/?(table|thead|tbody|tr|th|td)\b)", html), "no tag but the table's own"
