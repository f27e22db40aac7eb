"""The Compare page's scenario: defaults, the shareable URL form, and every edit as a pure function.

The scenario a user sees is a plain dict in the engine's scenario format, and it is the only
truth: widgets are drawn from it and an edit returns a new scenario (`edit`). Fields the page
has no widget for (inline prices it cannot show, accuracies, a team, seeds, extra options) are
carried untouched, so nothing a user loaded is lost by touching a widget. The URL holds the
whole scenario, compressed, so a link reproduces the view.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
import zlib
from typing import Any

from pydantic import BaseModel

from catalog.build import Catalog
from catalog.engine.ranges import extract_ranges
from catalog.engine.scenario import (
    Assumptions,
    PriceChange,
    Scenario,
    TrainingData,
    Workload,
)
from catalog.engine.uncertainty import default_ranges
from dashboard import pickers

MAX_URL_BYTES = 20_000
MAX_OPTIONS = Scenario.model_fields["options"].metadata[-1].max_length  # the engine's own limit

WORKLOAD_FIELDS = {
    "requests_per_month": ("Requests per month", 1000.0),
    "input_tokens": ("Input tokens per request (user content)", 50.0),
    "output_tokens": ("Output tokens per request", 50.0),
    "prompt_overhead_tokens": ("Prompt overhead tokens (system prompt + few-shot)", 100.0),
    "tuned_overhead_tokens": ("Overhead left after fine-tuning", 10.0),
}
FRACTION_FIELDS = {
    "cached_overhead_fraction": "Share of overhead billed as cached",
    "cache_write_fraction": "Share of overhead written to the cache",
    "batch_fraction": "Share of traffic sent to batch APIs",
    "off_peak_fraction": "Share of traffic at off-peak prices",
    "monthly_growth": "Volume growth per month",
}
CACHE_TTLS = {"5m": "5 minutes (writes at 1.25× input)", "1h": "1 hour (writes at 2× input)"}
"""Anthropic's two cache lifetimes, as the workload's `cache_ttl` editor offers them."""
TRAINING_FIELDS = {
    "examples": ("Examples", 100.0),
    "tokens_per_example": ("Tokens per example", 100.0),
    "epochs": ("Epochs", 1.0),
}
PRICE_FIELDS = ("upfront_usd", "monthly_usd", "per_request_usd")
METHOD_LABELS = {"none": "no tuning", "lora": "LoRA", "qlora": "QLoRA", "full": "full fine-tune"}
DEFAULT_DISCOUNT = 0.10  # what the drift toggle starts from; DRIFT_SOURCES says why

# Preferred defaults, each with fallbacks: the first key the catalog has is used.
DEFAULT_OPTIONS: list[dict[str, Any]] = [
    {"kind": "prompting", "model": ["openai/gpt-5.6-luna", "openai/gpt-4.1-mini"]},
    {"kind": "prompting", "model": ["anthropic/claude-haiku-4-5", "anthropic/claude-3-5-haiku"]},
    {"kind": "hosted_finetune", "offer": ["together/llama-3.1-8b-lora-sft", "fireworks/llama-3.1-8b-lora-sft"]},
    {
        "kind": "self_hosted",
        "model": ["meta-llama/Llama-3.1-8B-Instruct"],
        "gpu_offer": ["lambda/gpu_1x_h100_sxm5/us-east-1"],
        "method": "lora",
    },
]
DEFAULT_USE_CASE = "customer_support"


def _first(candidates: list[str], table: dict, fallback_prefix: str = "") -> str | None:
    for key in candidates:
        if key in table:
            return key
    matches = sorted(k for k in table if k.startswith(fallback_prefix)) if fallback_prefix else []
    return matches[0] if matches else (min(table) if table else None)


def default_options(catalog: Catalog) -> list[dict]:
    out: list[dict] = []
    for spec in DEFAULT_OPTIONS:
        option = {k: v for k, v in spec.items() if not isinstance(v, list)}
        if spec["kind"] == "prompting":
            option["model"] = _first(spec["model"], catalog.api, "openai/")
        elif spec["kind"] == "hosted_finetune":
            option["offer"] = _first(spec["offer"], catalog.finetune)
        else:
            option["model"] = _first(spec["model"], catalog.models)
            option["gpu_offer"] = _first(spec["gpu_offer"], catalog.gpus)
        if all(v is not None for v in option.values()):
            out.append({"name": unique_name(auto_name(option, catalog), [o["name"] for o in out]), **option})
    return out


def workload_of(catalog: Catalog, use_case: str | None) -> dict:
    preset = catalog.usecases.get(use_case) if use_case else None
    if preset is None:
        return {
            "requests_per_month": 100_000,
            "input_tokens": 500,
            "output_tokens": 200,
            "prompt_overhead_tokens": 1000,
            "tuned_overhead_tokens": 100,
        }
    return preset.workload.model_dump(exclude={"basis"})


def default_scenario(catalog: Catalog) -> dict:
    use_case = DEFAULT_USE_CASE if DEFAULT_USE_CASE in catalog.usecases else next(iter(catalog.usecases), None)
    return {
        "name": "My scenario",
        "use_case": use_case,
        "workload": {**workload_of(catalog, use_case), "cached_overhead_fraction": 0.5},
        "horizon_months": 12,
        "training_data": {"examples": 1000, "tokens_per_example": 500, "epochs": 3},
        "options": default_options(catalog),
    }


def loaded(data: dict) -> dict:
    """A scenario as the page holds it: inline ranges ({low, mode, high}) moved to `ranges` with
    their modes in place, which is exactly how the engine reads them (so no number changes)."""
    point, ranges = extract_ranges(data)
    if ranges:
        point = {**point, "ranges": {**point.get("ranges", {}), **ranges}}
    return point


def canonical(scenario: dict) -> str:
    """One text per scenario: the cache key of its estimate and the body of its link."""
    return json.dumps(scenario, separators=(",", ":"), sort_keys=True)


def encode(scenario: dict) -> str:
    return base64.urlsafe_b64encode(zlib.compress(canonical(scenario).encode(), 9)).decode().rstrip("=")


def decode(token: str) -> dict:
    """The scenario dict from a URL token; ValueError with a reason when it was tampered with."""
    if len(token) > MAX_URL_BYTES:
        raise ValueError("the link's scenario is too long")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        raw = zlib.decompressobj().decompress(packed, 1_000_000)
        data = json.loads(raw)
    except (binascii.Error, zlib.error, ValueError, RecursionError) as exc:  # any corruption: base64, zlib or JSON
        raise ValueError(f"the link's scenario is damaged ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ValueError("the link's scenario is not an object")  # noqa: TRY004 - callers catch one error type for a bad link
    return data


def for_kind(option: dict) -> dict:
    """Drop fields that belong to another kind (after the user switched an option's kind)."""
    keep = {"name", "kind", "accuracy", "prices", "successor"}
    keep |= {
        "prompting": {"model"},
        "hosted_finetune": {"offer", "training_hours", "min_replicas"},
        "self_hosted": {"model", "gpu_offer", "method", "pricing", "hours_per_day", "min_replicas", "serving_bits"},
        "fixed": {"upfront_usd", "monthly_usd", "per_request_usd"},
    }.get(option.get("kind", "prompting"), set())
    return {k: v for k, v in option.items() if k in keep}


def merged(base: dict, **changes: Any) -> dict:
    out = copy.deepcopy(base)
    out.update(changes)
    return out


def auto_name(option: dict, catalog: Catalog) -> str:
    """The name an option gets from what it uses ("Prompt GPT-5.6 Luna"), so legends and
    verdicts follow a pick instead of naming the option's previous choice."""
    kind = option.get("kind", "prompting")
    if kind == "prompting":
        record = catalog.api.get(option.get("model") or "")
        return f"Prompt {record.name if record else option.get('model') or '(priced in the scenario)'}"
    if kind == "hosted_finetune":
        offer = catalog.finetune.get(option.get("offer") or "")
        if offer is None:
            return f"Fine-tune {option.get('offer') or '(priced in the scenario)'}"
        model = catalog.models.get(offer.open_model or "")
        return f"Fine-tune {_short(model.name) if model else offer.offer_id} ({offer.provider.title()})"
    if kind == "self_hosted":
        model = catalog.models.get(option.get("model") or "")
        label = _short(model.name) if model else option.get("model")
        return f"Self-host {label} ({METHOD_LABELS.get(option.get('method', 'lora'), option.get('method'))})"
    return "Fixed quote"


def _short(model_name: str) -> str:
    return re.sub(r" Instruct$", "", model_name)


def unique_name(name: str, taken: list[str]) -> str:
    """`name`, or `name 2`, `name 3`… when another option has it (names must be unique)."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} {n}"
    return candidate


def _name_follows(option: dict, index: int, catalog: Catalog) -> bool:
    """A name follows the option's choices unless the user typed it: it is the generated name
    of the option as it was (or that name made unique, or the "Option N" placeholder)."""
    name = option.get("name", "")
    generated = auto_name(option, catalog)
    return (
        name == generated or bool(re.fullmatch(re.escape(generated) + r" \d+", name)) or name == f"Option {index + 1}"
    )


def _set(node: Any, parts: list[str], value: Any) -> Any:
    if not parts:
        return value
    head, rest = parts[0], parts[1:]
    if isinstance(node, list):
        copied = list(node)
        copied[int(head)] = _set(node[int(head)], rest, value)
        return copied
    copied_dict = dict(node or {})
    copied_dict[head] = _set(copied_dict.get(head), rest, value)
    return copied_dict


def get(scenario: dict, path: str, default: Any = None) -> Any:
    node: Any = scenario
    for part in path.split("."):
        if isinstance(node, list):
            node = node[int(part)] if int(part) < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return default
    return default if node is None else node


SECTIONS: dict[str, type[BaseModel]] = {
    "workload": Workload,
    "training_data": TrainingData,
    "assumptions": Assumptions,
    "price_change_per_year": PriceChange,
}


def engine_default(path: str) -> Any:
    """The value the engine uses when a scenario leaves the field at `path` out (None if it has
    none): a widget for a field the scenario omits shows this, the number every figure used."""
    section, _, field = path.partition(".")
    model: type[BaseModel] | None = SECTIONS.get(section) if field else Scenario
    info = model.model_fields.get(field or section) if model else None
    if info is None or info.is_required():
        return None
    return info.get_default(call_default_factory=True)


def _follow_default_ranges(before: dict, after: dict) -> dict:
    """Ranges the bands toggle made are ½×–2× etc. of the current inputs, so they move with an
    edit; ranges a file or link brought are the user's and stay as given."""
    if before.get("ranges") and before["ranges"] == default_ranges(before):
        return {**after, "ranges": default_ranges(after)}
    return after


def edit(scenario: dict, path: str, value: Any, catalog: Catalog) -> dict:
    """The scenario after one page edit: `path` is a dotted field ("workload.requests_per_month",
    "options.2.model") or a page action ("use_case", "bands", "drift", "options.2.kind").
    Only what the edit names changes, plus what it implies: a preset fills its workload, a
    generated name follows the new choice, toggle-made ranges follow the inputs."""
    parts = path.split(".")
    if path == "use_case":
        changed = {**scenario, "use_case": value}
        if value is not None:
            changed["workload"] = {**scenario.get("workload", {}), **workload_of(catalog, value)}
        return _follow_default_ranges(scenario, changed)
    if path == "bands":
        return {**scenario, "ranges": (value if isinstance(value, dict) else default_ranges(scenario)) if value else {}}
    if path == "drift":
        if value:
            change = value if isinstance(value, dict) else PriceChange.model_validate({}).model_dump()
            return {
                **scenario,
                "price_change_per_year": change,
                "discount_rate_per_year": scenario.get("discount_rate_per_year") or DEFAULT_DISCOUNT,
            }
        return {**scenario, "price_change_per_year": None, "discount_rate_per_year": 0.0}
    if parts[0] == "options" and len(parts) == 3:
        return _edit_option(scenario, int(parts[1]), parts[2], value, catalog)
    return _follow_default_ranges(scenario, _set(scenario, parts, value))


def _edit_option(scenario: dict, index: int, field: str, value: Any, catalog: Catalog) -> dict:
    options = list(scenario["options"])
    old = options[index]
    if field == "kind":
        option = for_kind({**old, "kind": value})
        taken = [o.get(f) for i, o in enumerate(options) if i != index for f in ("model", "offer")]
        option.update(first_choice(value, catalog, old, taken))
    elif value is None and field in ("model", "offer"):  # "priced in the scenario"
        option = {k: v for k, v in old.items() if k != field}
    else:
        option = {**old, field: value}
    if field != "name" and _name_follows(old, index, catalog):
        taken = [o["name"] for i, o in enumerate(options) if i != index]
        option["name"] = unique_name(auto_name(option, catalog), taken)
    options[index] = option
    return {**scenario, "options": options}


def first_choice(kind: str, catalog: Catalog, old: dict | None = None, taken: list[str | None] | None = None) -> dict:
    """What an option of `kind` uses when the user has not picked yet: the old option's open
    model when it fits the new kind, else the same live default "Add an option" uses (the
    defaults' when they are active, else the cheapest active record, one not in `taken` (the
    other options' picks) first): never a retired model or offer while a live one exists."""
    old = old or {}
    taken = taken or []
    if kind == "prompting":
        return {"model": pickers.default_model(catalog, _preferred("prompting", "model"), taken)}
    if kind == "hosted_finetune":
        return {"offer": pickers.default_offer(catalog, _preferred("hosted_finetune", "offer"), taken)}
    if kind == "self_hosted":
        model = (
            old.get("model")
            if old.get("model") in catalog.models
            else _first(DEFAULT_OPTIONS[3]["model"], catalog.models)
        )
        return {
            "model": model,
            "gpu_offer": pickers.default_gpu_offer(catalog, _preferred("self_hosted", "gpu_offer")),
            "method": old.get("method", "lora"),
        }
    return {field: old.get(field, 0) for field in PRICE_FIELDS}


def _preferred(kind: str, field: str) -> list[str]:
    """The defaults' picks for one field of one kind, in order: what a new pick tries first."""
    return [key for spec in DEFAULT_OPTIONS if spec["kind"] == kind for key in spec.get(field, [])]


def added(scenario: dict, catalog: Catalog) -> dict:
    """The scenario with one more option: prompting a live model the scenario does not use yet
    (the defaults' first, else the cheapest active maker's model), never a retired one."""
    taken = [o.get("model") for o in scenario["options"]]
    option = {
        "kind": "prompting",
        "model": pickers.default_model(catalog, _preferred("prompting", "model"), taken),
    }
    option = {"name": unique_name(auto_name(option, catalog), [o["name"] for o in scenario["options"]]), **option}
    return {**scenario, "options": [*scenario["options"], option]}


def removed(scenario: dict, index: int) -> dict:
    return {**scenario, "options": [o for i, o in enumerate(scenario["options"]) if i != index]}


EDITED_TOP = {
    "name",
    "use_case",
    "workload",
    "horizon_months",
    "training_data",
    "assumptions",
    "price_change_per_year",
    "discount_rate_per_year",
    "ranges",
    "options",
    "cost_per_error_usd",
}
EDITED_OPTION = {"name", "kind", "model", "offer", "gpu_offer", "method", "prices", "accuracy", *PRICE_FIELDS}


def kept_not_edited(scenario: dict) -> list[str]:
    """Fields this scenario has that the page carries but has no editor for: said on the page,
    so a user knows they count and where to change them (the file)."""
    kept = [key for key in scenario if key not in EDITED_TOP]
    for i, option in enumerate(scenario.get("options", [])):
        kept += [f"options.{i}.{key}" for key in option if key not in EDITED_OPTION]
    return kept
