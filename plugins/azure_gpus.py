"""Azure GPU virtual machines (per instance-hour).

The snapshot lives in `plugins/data/azure_gpus.json`, each figure with its source URL and the
date it was read. A live refresh asks the public Azure retail prices API
(`https://prices.azure.com/api/retail/prices`, no key) for the GPU VM sizes in `SKUS` in the
regions in `REGIONS`, following `NextPageLink` page by page. Its documented shape
(https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices) is
`{"BillingCurrency", "CustomerEntityId", "CustomerEntityType", "Items": [...], "NextPageLink",
"Count"}`, one item per meter. The API returns many meters per size and region; we keep:
- Linux pay-as-you-go: `type` "Consumption", product "Virtual Machines ... Series" (not "...
  Windows", not the older "... Cloud Services" rows that reuse the size names), meter not
  "Spot" or "Low Priority" -> on-demand; the "Spot" meter -> spot;
- reservations: `type` "Reservation", whose `retailPrice` is the price of the whole term even
  though the unit says "1 Hour" -> divided by the hours in 1 or 3 years;
- USD prices only; DevTest and Low Priority meters are left out (they apply to some
  subscriptions only); a size and region with two different prices for one kind is left out,
  since we cannot tell which applies.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import httpx

from catalog.hookspecs import hookimpl
from catalog.live.client import UnexpectedShape, get_json
from plugins.datafiles import load

ENDPOINT = "https://prices.azure.com/api/retail/prices"
MAX_PAGES = 50
SKUS = {  # armSkuName: (GPU, GPUs per VM)
    "Standard_NC24ads_A100_v4": ("A100-80GB", 1),
    "Standard_NC48ads_A100_v4": ("A100-80GB", 2),
    "Standard_NC96ads_A100_v4": ("A100-80GB", 4),
    "Standard_ND96asr_v4": ("A100-40GB", 8),
    "Standard_ND96amsr_A100_v4": ("A100-80GB", 8),
    "Standard_ND96isr_H100_v5": ("H100-SXM", 8),
    "Standard_ND96isr_H200_v5": ("H200", 8),
    "Standard_ND96isr_MI300X_v5": ("MI300X", 8),
}
REGIONS = ("eastus", "eastus2", "westeurope")
TERM_HOURS = {"1 Year": Decimal(8760), "3 Years": Decimal(26280)}
PRICE_FIELD = {
    "on_demand": "on_demand_per_hour",
    "spot": "spot_per_hour",
    "1 Year": "commit_1y_per_hour",
    "3 Years": "commit_3y_per_hour",
}


def _any_of(field: str, values: Any) -> str:
    return "(" + " or ".join(f"{field} eq '{value}'" for value in values) + ")"


FILTER = " and ".join(
    [
        "serviceName eq 'Virtual Machines'",
        "(priceType eq 'Consumption' or priceType eq 'Reservation')",
        _any_of("armRegionName", REGIONS),
        _any_of("armSkuName", SKUS),
    ]
)


def _price_kind(item: dict[str, Any]) -> str | None:
    """Which price of ours a meter is, or None for a meter we leave out."""
    product, meter = str(item.get("productName", "")), str(item.get("meterName", ""))
    if (
        item.get("currencyCode") != "USD"
        or item.get("armSkuName") not in SKUS
        or item.get("isPrimaryMeterRegion") is False
    ):
        return None
    if not product.startswith("Virtual Machines ") or product.endswith("Windows") or "Low Priority" in meter:
        return None
    if item.get("type") == "Reservation":
        return item.get("reservationTerm") if item.get("reservationTerm") in TERM_HOURS else None
    if item.get("type") == "Consumption":
        return "spot" if meter.endswith(" Spot") else "on_demand"
    return None


def _hourly(item: dict[str, Any], kind: str) -> Decimal | None:
    price = item.get("retailPrice")
    if isinstance(price, bool) or not isinstance(price, (int, Decimal, float)):
        return None
    price = Decimal(str(price))
    return (price / TERM_HOURS[kind]).quantize(Decimal("0.0001")) if kind in TERM_HOURS else price


def records_from_items(items: list[Any], fetched_at: datetime) -> list[dict[str, Any]]:
    """One record per size and region that has a single Linux on-demand price."""
    seen: dict[tuple[str, str], dict[str, set[Decimal]]] = defaultdict(lambda: defaultdict(set))
    for item in items:
        if not isinstance(item, dict) or (kind := _price_kind(item)) is None:
            continue
        if (price := _hourly(item, kind)) is not None:
            seen[(item["armSkuName"], str(item.get("armRegionName", "")))][kind].add(price)
    stamp = fetched_at.strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    for (sku, region), prices in sorted(seen.items()):
        single = {kind: next(iter(values)) for kind, values in prices.items() if len(values) == 1}
        if "on_demand" not in single or not region:
            continue
        gpu, count = SKUS[sku]
        rows.append(
            {
                "cloud": "azure",
                "instance_type": sku,
                "gpu": gpu,
                "gpu_count": count,
                "region": region,
                **{PRICE_FIELD[kind]: price for kind, price in single.items()},
                "source_url": ENDPOINT,
                "as_of": fetched_at.date().isoformat(),
                "notes": f"Azure retail prices API, Linux pay-as-you-go, fetched {stamp}; reservation prices are the "
                "term price divided by its hours",
            }
        )
    return rows


def fetch_items(client: httpx.Client) -> list[Any]:
    """Every item of the filtered query, page by page; only pages on the API's own host are followed."""
    items: list[Any] = []
    page: dict[str, Any] = get_json(client, ENDPOINT, **{"$filter": FILTER})
    for _ in range(MAX_PAGES):
        if not isinstance(page, dict) or not isinstance(page.get("Items"), list):
            raise UnexpectedShape('Azure retail prices: expected an object with an "Items" list')
        items += page["Items"]
        link = page.get("NextPageLink")
        if not link:
            return items
        if not isinstance(link, str) or urlsplit(link).hostname != urlsplit(ENDPOINT).hostname:
            raise UnexpectedShape(f"Azure retail prices: NextPageLink points away from the API ({str(link)[:100]})")
        page = get_json(client, link)
    raise UnexpectedShape(f"Azure retail prices: more than {MAX_PAGES} pages; stopped rather than keep a partial list")


@hookimpl
def gpu_offers():
    return load("azure_gpus.json")


@hookimpl
def live_records(client: httpx.Client):
    return {"gpu_offers": records_from_items(fetch_items(client), datetime.now(UTC))}
