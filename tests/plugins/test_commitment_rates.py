"""Issue 12, item 9: committed (1-year, 3-year) GPU rates are sourced per cloud, not one factor.

On the data of 2026-11-29 these failed: every GCP record carried on-demand x 0.63 / x 0.35, a
rule of thumb with no source (Google's commitment SKUs give x 0.69 / x 0.44 for A3 H100s and
x 0.45 for G2 L4s over 3 years), machine types Google's SKU list does not cover carried the guess
too, and docs/data-sources.md did not say, cloud by cloud, where a committed rate comes from or
that none was found."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.build import Catalog

ROOT = Path(__file__).resolve().parent.parent.parent
CYCLENERD = (
    "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/"
    "fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml"
)
COMMIT_FIELDS = ("commit_1y_per_hour", "commit_3y_per_hour")
CLOUDS = ("aws", "azure", "coreweave", "digitalocean", "gcp", "lambda", "nebius", "runpod")
# record: (month_1y, month_3y) in Cyclenerd's pricing.yml, which prices a month at 730 hours
GCP_MONTHS = {
    "gcp/a2-highgpu-1g/us-central1": ("1689.3711392", "938.56707798"),
    "gcp/a3-highgpu-8g/us-east4": ("44840.32514976", "28392.60150768"),
    "gcp/g2-standard-4/us-central1": ("325.07215214", "232.19438719"),
}


def commitment_table() -> dict[str, list[str]]:
    """The rows of docs/data-sources.md's committed-use table, by cloud."""
    text = (ROOT / "docs" / "data-sources.md").read_text()
    section = text.split("## Committed-use rates", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines() if line.startswith("|")
    ]
    assert rows[0] == ["cloud", "1-year", "3-year", "source", "as_of"]
    return {row[0]: row[1:] for row in rows[2:]}


@pytest.mark.parametrize("key", GCP_MONTHS)
def test_gcp_commitments_are_googles_commitment_skus_for_the_machine_type(catalog: Catalog, key):
    offer = catalog.gpus[key]
    for field, month in zip(COMMIT_FIELDS, GCP_MONTHS[key], strict=True):
        assert getattr(offer, field) == (Decimal(month) / 730).quantize(Decimal("0.000001")), field
        (reading,) = [r for r in offer.readings if r.field == field]
        assert (reading.source_url, str(reading.as_of), reading.first_party) == (CYCLENERD, "2026-07-30", False)


def test_gcp_3_year_discount_differs_by_machine_family(catalog: Catalog):
    """A single factor is what the audit found: the sourced rates give A2 0.35, A3 0.44, G2 0.45."""
    ratios = {
        key.split("/")[1].split("-")[0]: round(offer.commit_3y_per_hour / offer.on_demand_per_hour, 2)
        for key, offer in catalog.gpus.items()
        if offer.cloud == "gcp" and offer.commit_3y_per_hour is not None and offer.instance_type.endswith(("-8g", "-4"))
    }
    assert ratios == {"a2": Decimal("0.35"), "a3": Decimal("0.44"), "g2": Decimal("0.45")}


@pytest.mark.parametrize(
    "key", ["gcp/a3-megagpu-8g/us-central1", "gcp/a3-ultragpu-8g/us-central1", "gcp/a4-highgpu-8g/us-central1"]
)
def test_gcp_machine_types_without_a_sourced_commitment_carry_none(catalog: Catalog, key):
    offer = catalog.gpus[key]
    assert (offer.commit_1y_per_hour, offer.commit_3y_per_hour) == (None, None)


def test_every_cloud_in_the_catalog_has_a_row_in_the_commitment_table(catalog: Catalog):
    assert {offer.cloud for offer in catalog.gpus.values()} == set(CLOUDS) == set(commitment_table())


@pytest.mark.parametrize("cloud", [c for c in CLOUDS if c != "gcp"])
def test_a_cloud_without_a_sourced_commitment_rate_says_so_and_carries_none(catalog: Catalog, cloud):
    one_year, three_year, source, _ = commitment_table()[cloud]
    assert one_year in ("not found", "not published") and three_year == one_year
    assert source, "the row says what was read"
    carried = [
        key
        for key, offer in catalog.gpus.items()
        if offer.cloud == cloud and (offer.commit_1y_per_hour or offer.commit_3y_per_hour)
    ]
    assert carried == [], "a committed rate in the data needs its source in the table"


def test_the_gcp_row_names_its_source_and_date():
    one_year, three_year, source, as_of = commitment_table()["gcp"]
    assert CYCLENERD in source and as_of == "2026-07-30"
    assert re.search(r"A3 \(H100\) × 0\.69", one_year) and "A3 × 0.44" in three_year
