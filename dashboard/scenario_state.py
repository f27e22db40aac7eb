"""The Compare page's scenario: defaults, widget state, the shareable URL form.

The scenario a user sees is a plain dict in the engine's scenario format. Widgets edit the
fields they show; everything else (inline prices, accuracies, assumptions from an uploaded file)
is kept, so nothing a user loaded is lost by touching a widget. The URL holds the whole
scenario, compressed, so a link reproduces the view.
"""

from __future__ import annotations

from typing import Any

import base64
import copy
import json
import zlib

from catalog.build import Catalog

MAX_OPTIONS = 6
MAX_URL_BYTES = 20_000

WORKLOAD_FIELDS = {
    "requests_per_month": ("Requests per month", 1000.0),
    "input_tokens": ("Input tokens per request (user content)", 50.0),
    "output_tokens": ("Output tokens per request", 50.0),
    "prompt_overhead_tokens": ("Prompt overhead tokens (system prompt + few-shot)", 100.0),
    "tuned_overhead_tokens": ("Overhead left after fine-tuning", 10.0),
}
FRACTION_FIELDS = {
    "cached_overhead_fraction": "Share of overhead billed as cached",
    "batch_fraction": "Share of traffic sent to batch APIs",
    "monthly_growth": "Volume growth per month",
}

# Preferred defaults, each with fallbacks: the first key the catalog has is used.
DEFAULT_OPTIONS = [
    {"name": "Prompt GPT-5.6 Luna", "kind": "prompting", "model": ["openai/gpt-5.6-luna", "openai/gpt-4.1-mini"]},
    {"name": "Prompt Claude Haiku 4.5", "kind": "prompting", "model": ["anthropic/claude-haiku-4-5", "anthropic/claude-3-5-haiku"]},
    {"name": "Fine-tune Llama 3.1 8B (Together)", "kind": "hosted_finetune",
     "offer": ["together/llama-3.1-8b-lora-sft", "fireworks/llama-3.1-8b-lora-sft"]},
    {"name": "Self-host Llama 3.1 8B (LoRA)", "kind": "self_hosted", "model": ["meta-llama/Llama-3.1-8B-Instruct"],
     "gpu_offer": ["lambda/gpu_1x_h100_sxm5/us-east-1"], "method": "lora"},
]
DEFAULT_USE_CASE = "customer_support"


def _first(candidates: Any, table: dict, fallback_prefix: str = "") -> str | None:
    for key in candidates:
        if key in table:
            return key
    matches = sorted(k for k in table if k.startswith(fallback_prefix)) if fallback_prefix else []
    return matches[0] if matches else (sorted(table)[0] if table else None)


def default_options(catalog: Catalog) -> list[dict]:
    out = []
    for spec in DEFAULT_OPTIONS:
        option: dict[str, Any] = {k: v for k, v in spec.items() if not isinstance(v, list)}
        if spec["kind"] == "prompting":
            option["model"] = _first(spec["model"], catalog.api, "openai/")
        elif spec["kind"] == "hosted_finetune":
            option["offer"] = _first(spec["offer"], catalog.finetune)
        else:
            option["model"] = _first(spec["model"], catalog.models)
            option["gpu_offer"] = _first(spec["gpu_offer"], catalog.gpus)
        if all(v is not None for v in option.values()):
            out.append(option)
    return out


def workload_of(catalog: Catalog, use_case: str | None) -> dict:
    preset = catalog.usecases.get(use_case) if use_case else None
    if preset is None:
        return {"requests_per_month": 100_000, "input_tokens": 500, "output_tokens": 200,
                "prompt_overhead_tokens": 1000, "tuned_overhead_tokens": 100}
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


def encode(scenario: dict) -> str:
    raw = json.dumps(scenario, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def decode(token: str) -> dict:
    """The scenario dict from a URL token; ValueError with a reason when it was tampered with."""
    if len(token) > MAX_URL_BYTES:
        raise ValueError("the link's scenario is too long")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        raw = zlib.decompressobj().decompress(packed, 1_000_000)
        data = json.loads(raw)
    except Exception as exc:  # any corruption: base64, zlib or JSON
        raise ValueError(f"the link's scenario is damaged ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ValueError("the link's scenario is not an object")
    return data


def for_kind(option: dict) -> dict:
    """Drop fields that belong to another kind (after the user switched an option's kind)."""
    keep = {"name", "kind", "accuracy", "prices", "successor"}
    keep |= {
        "prompting": {"model"},
        "hosted_finetune": {"offer", "training_hours", "min_replicas"},
        "self_hosted": {"model", "gpu_offer", "method", "pricing", "hours_per_day", "min_replicas", "serving_bits"},
        "fixed": {"upfront_usd", "monthly_usd", "per_request_usd"},
    }.get(str(option.get("kind")), set())
    return {k: v for k, v in option.items() if k in keep}


def merged(base: dict, **changes) -> dict:
    out = copy.deepcopy(base)
    out.update(changes)
    return out
