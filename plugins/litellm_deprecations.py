"""A second lifecycle source: LiteLLM's model map, which carries a `deprecation_date` per model.

The providers' deprecation pages are the first source (`data/api_retirements.json`); a route
can be dead there and still listed as active here when nobody re-read the page. LiteLLM's
`model_prices_and_context_window.json` is a keyless public JSON that records the date for
thousands of models, so every API record is checked against it: where the two disagree both
dates are kept as readings and the earlier one is used (`catalog.records.Lifecycle`).

The embedded snapshot is `data/litellm_deprecations.json`: the map as bundled in one LiteLLM
release, cut to the entries with a date and the three fields read here, in the file's own
shape, so the snapshot and a live fetch go through the same `readings` parser. A live fetch
reads the map from LiteLLM's repository; `plugins.genai_prices_api` asks for it during its own
refresh, since the readings attach to the API records that plugin supplies.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import httpx

from catalog.live.client import UnexpectedShape, get_json
from plugins.datafiles import DATA_DIR

DATA_URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
SNAPSHOT = DATA_DIR / "litellm_deprecations.json"
# LiteLLM's provider names -> the catalog's (genai-prices') provider ids
PROVIDERS = {
    "openai": "openai",
    "anthropic": "anthropic",
    "together_ai": "together",
    "vertex_ai": "google",
    "vertex_ai-anthropic_models": "google",
    "gemini": "google",
    "fireworks_ai": "fireworks",
    "groq": "groq",
    "mistral": "mistral",
    "deepseek": "deepseek",
    "cerebras": "cerebras",
    "xai": "x-ai",
    "azure": "azure",
    "bedrock": "aws",
    "bedrock_converse": "aws",
}
TEXT_MODES = frozenset({"chat", "completion", "responses"})

Readings = dict[tuple[str, str], dict[str, Any]]


def _model_id(key: str) -> str:
    """LiteLLM prefixes most keys with its provider route ("together_ai/meta-llama/…", "vertex_ai/gemini-2.0-flash")."""
    head, _, rest = key.partition("/")
    return rest if rest and head in PROVIDERS else key


def readings(document: Any, source_url: str, as_of: date) -> Readings:
    """(catalog provider, model id) -> {"shutdown", "source_url", "as_of"}, from a model map.

    Entries of other providers, non-text modes or without a date are skipped; a date that is
    not YYYY-MM-DD makes the whole document unreadable (the file changed shape). Two keys that
    name the same catalog model (a Vertex and a Gemini API entry) keep the earlier date."""
    if not isinstance(document, dict):
        raise UnexpectedShape(f"LiteLLM model map: expected an object of models, got {type(document).__name__}")
    out: Readings = {}
    for key, entry in document.items():
        if not isinstance(entry, dict) or not entry.get("deprecation_date"):
            continue
        provider = PROVIDERS.get(str(entry.get("litellm_provider")))
        if provider is None or entry.get("mode") not in TEXT_MODES:
            continue
        try:
            when = date.fromisoformat(str(entry["deprecation_date"]))
        except ValueError:
            raise UnexpectedShape(
                f"LiteLLM model map: {key}: deprecation_date {entry['deprecation_date']!r} is not a date"
            ) from None
        slot = (provider, _model_id(key))
        if slot not in out or when < out[slot]["shutdown"]:
            out[slot] = {"shutdown": when, "source_url": source_url, "as_of": as_of}
    return out


@cache
def snapshot() -> Readings:
    """The embedded snapshot's readings, sourced to the release it was read from."""
    document = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return readings(document["models"], document["source_url"], date.fromisoformat(document["as_of"]))


def fetch(client: httpx.Client, today: date) -> Readings:
    """The live map's readings, dated the day they were fetched."""
    return readings(get_json(client, DATA_URL), DATA_URL, today)
