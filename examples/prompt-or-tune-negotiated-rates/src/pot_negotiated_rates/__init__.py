"""Negotiated rates for Prompt or Tune: a company's contract prices beat the list prices.

Two kinds of data, kept apart:

- `data/oci_gpus.json`: Oracle Cloud (OCI) GPU shapes at their public list prices, a cloud the
  built-in plugins do not cover. Real figures, each with its source and date.
- `data/contract.json`: an ILLUSTRATIVE contract for a made-up customer, "Example Corp". Each
  entry names a list price (with the list price's real source) and the contract's term: a
  percentage off, or fixed prices. The plugin computes the contract price and hands it over
  with `precedence` 10, so it replaces the list record of the same key (the Plugins page and
  `prompt-or-tune plugins` show the override).

Your real contract is private: point `NEGOTIATED_RATES_FILE` at a JSON file of the same shape,
or put the JSON itself in `NEGOTIATED_RATES_JSON` (a root-level Streamlit secret becomes an
environment variable), instead of publishing your rates inside the package.

The plugin needs nothing from the host app: it hands over plain dicts, which the host validates.
"""

from __future__ import annotations

import json
import os
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib import resources
from typing import Any

import pluggy

# The host's marker, by project name: importing it from the host (`catalog.hookspecs`) works
# too, but this way the package imports without the host installed.
hookimpl = pluggy.HookimplMarker("prompt_or_tune")

CONTRACT_JSON_ENV = "NEGOTIATED_RATES_JSON"
CONTRACT_FILE_ENV = "NEGOTIATED_RATES_FILE"
DEFAULT_PRECEDENCE = 10
CENT_FRACTION = Decimal("0.0001")

PRICE_FIELDS: dict[str, tuple[str, ...]] = {
    "gpu_offers": ("on_demand_per_hour", "spot_per_hour", "commit_1y_per_hour", "commit_3y_per_hour"),
    "api_prices": (
        "input_per_mtok",
        "output_per_mtok",
        "cached_input_per_mtok",
        "cache_write_per_mtok",
        "batch_input_per_mtok",
        "batch_output_per_mtok",
    ),
    "finetune_offers": (
        "training_per_mtok",
        "training_per_hour",
        "input_per_mtok",
        "cached_input_per_mtok",
        "output_per_mtok",
        "batch_input_per_mtok",
        "batch_output_per_mtok",
        "hosting_per_hour",
        "endpoint_per_hour",
        "storage_per_month",
    ),
}
TIER_PRICE_FIELDS = ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok")


class ContractError(ValueError):
    """The contract file cannot be used; the message says where. The host reports it."""


def _data_text(name: str) -> str:
    return resources.files(__name__).joinpath("data", name).read_text(encoding="utf-8")


def list_price_records(name: str = "oci_gpus.json") -> list[dict[str, Any]]:
    """A `{"defaults": {...}, "records": [...]}` data file as records (a record's keys win)."""
    document = json.loads(_data_text(name))
    defaults = document.get("defaults", {})
    return [{**defaults, **row} for row in document["records"]]


def packaged_contract() -> dict[str, Any]:
    """The illustrative contract shipped in the package (used when no private one is set)."""
    return json.loads(_data_text("contract.json"))


def load_contract() -> dict[str, Any]:
    """The contract: from $NEGOTIATED_RATES_JSON, else $NEGOTIATED_RATES_FILE, else the packaged example."""
    text = os.environ.get(CONTRACT_JSON_ENV)
    where = f"${CONTRACT_JSON_ENV}"
    if not text:
        path = os.environ.get(CONTRACT_FILE_ENV)
        if path:
            where = path
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except OSError as exc:
                raise ContractError(f"contract {where}: cannot read ({exc.strerror or exc})") from exc
    if not text:
        where, text = "contract.json (the packaged example)", _data_text("contract.json")
    try:
        contract = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContractError(f"contract {where}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(contract, dict) or not isinstance(contract.get("negotiated"), list):
        raise ContractError(f'contract {where}: expected an object with a "negotiated" list')
    return contract


def _decimal(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ContractError(f"{what}: {value!r} is not a number") from exc
    if not number.is_finite():
        raise ContractError(f"{what}: {value!r} is not a number")
    return number


def _money(value: Decimal) -> str:
    text = format(value.quantize(CENT_FRACTION, rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _listed(record: dict[str, Any], fields: tuple[str, ...]) -> str:
    return ", ".join(f"{field} {record[field]}" for field in fields if record.get(field) is not None)


def negotiated_record(entry: dict[str, Any], contract: dict[str, Any], index: int) -> dict[str, Any]:
    """One contract entry as a catalog record: the list record with the contract's prices."""
    where = f"contract entry {index}"
    hook = entry.get("hook")
    if hook not in PRICE_FIELDS:
        raise ContractError(f"{where}: hook must be one of {', '.join(PRICE_FIELDS)}, not {hook!r}")
    listed = entry.get("list")
    if not isinstance(listed, dict) or "source_url" not in listed or "as_of" not in listed:
        raise ContractError(f'{where}: "list" must be the list-price record, with its source_url and as_of')
    if ("discount_pct" in entry) == ("prices" in entry):
        raise ContractError(f'{where}: give either "discount_pct" or "prices"')
    fields = PRICE_FIELDS[hook]
    record = {key: value for key, value in listed.items() if key not in ("notes", "precedence")}
    if "discount_pct" in entry:
        pct = _decimal(entry["discount_pct"], f"{where}: discount_pct")
        if not 0 <= pct < 100:
            raise ContractError(f"{where}: discount_pct must be at least 0 and below 100, not {pct}")
        factor = (100 - pct) / 100
        for field in fields:
            if record.get(field) is not None:
                record[field] = _money(_decimal(record[field], f"{where}: {field}") * factor)
        if hook == "api_prices" and record.get("tiers"):
            record["tiers"] = [
                {
                    k: (
                        _money(_decimal(v, f"{where}: tiers.{k}") * factor)
                        if k in TIER_PRICE_FIELDS and v is not None
                        else v
                    )
                    for k, v in tier.items()
                }
                for tier in record["tiers"]
            ]
        term = f"{_money(pct)}% off every list price"
    else:
        prices = entry["prices"]
        if not isinstance(prices, dict) or not prices or not set(prices) <= set(fields):
            raise ContractError(f'{where}: "prices" must map some of {", ".join(fields)} to contract prices')
        for field, value in prices.items():
            record[field] = _money(_decimal(value, f"{where}: prices.{field}"))
        term = f"fixed contract price for {', '.join(prices)}"
    disclaimer = contract.get("disclaimer") or f"Negotiated rate for {contract.get('customer', 'this company')}."
    record["notes"] = (
        f"{disclaimer} {entry.get('terms', 'Contract')}: {term}. "
        f"List price ({_listed(listed, fields)}) read at {listed['source_url']} on {listed['as_of']}."
    )[:2000]
    record["precedence"] = int(contract.get("precedence", DEFAULT_PRECEDENCE))
    return record


def negotiated(hook: str) -> list[dict[str, Any]]:
    """The contract's records for one hook. Any malformed entry fails the hook, loudly: a
    contract line silently dropped would show a list price as if it were yours."""
    contract = load_contract()
    records = []
    for index, entry in enumerate(contract["negotiated"]):
        if not isinstance(entry, dict) or entry.get("hook") not in PRICE_FIELDS:
            hook_named = entry.get("hook") if isinstance(entry, dict) else None
            raise ContractError(
                f"contract entry {index}: hook must be one of {', '.join(PRICE_FIELDS)}, not {hook_named!r}"
            )
        if entry["hook"] == hook:
            records.append(negotiated_record(entry, contract, index))
    return records


@hookimpl
def gpu_offers() -> list[dict[str, Any]]:
    """OCI list prices, plus the contract's GPU rates (which override the clouds' list prices)."""
    return list_price_records("oci_gpus.json") + negotiated("gpu_offers")


@hookimpl
def api_prices() -> list[dict[str, Any]]:
    """The contract's per-token API rates (override the list prices of the same provider/model)."""
    return negotiated("api_prices")


@hookimpl
def finetune_offers() -> list[dict[str, Any]]:
    """The contract's fine-tuning rates (override the list offer of the same provider/offer_id)."""
    return negotiated("finetune_offers")
