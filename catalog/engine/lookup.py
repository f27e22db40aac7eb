"""Finding a scenario's references in the catalog, with close matches when one is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TypeVar

from catalog.engine.scenario import ScenarioError

R = TypeVar("R")

FIRST_PARTY = ("openai", "anthropic", "google", "mistral", "deepseek", "x-ai", "cohere", "meta")
"""Providers that sell their own models. A bare model id ("gpt-4o") is offered by the maker and
by resellers; the maker's own price is the one a user means. The same list picks whose prices
the default drift is measured over (tools/drift.py) and the Catalog page's token-price chart."""
PREFERRED_HOSTS = FIRST_PARTY + ("groq", "together")
"""Order in which a bare model id's offers are preferred: the makers, then these hosts."""


def close_matches(needle: str, keys: list[str], n: int = 3) -> list[str]:
    lowered = {k.lower(): k for k in keys}
    found = difflib.get_close_matches(needle.lower(), list(lowered), n=n, cutoff=0.5)
    if len(found) < n:
        tail = needle.lower().rsplit("/", 1)[-1]
        found += [k for k in lowered if tail and tail in k and k not in found][: n - len(found)]
    return [lowered[k] for k in found]


def _unknown(field: str, what: str, ref: str, keys: list[str]) -> ScenarioError:
    hint = close_matches(ref, keys)
    suggestion = f"; did you mean: {', '.join(hint)}" if hint else ""
    return ScenarioError(f"{field}: unknown {what} {ref!r}{suggestion}")


def find(table: Mapping[str, R], ref: str, field: str, what: str) -> R:
    """Exact key lookup (case-insensitive) or a ScenarioError naming the field."""
    if ref in table:
        return table[ref]
    folded = {k.lower(): v for k, v in table.items()}
    if ref.lower() in folded:
        return folded[ref.lower()]
    raise _unknown(field, what, ref, list(table))


def find_api_model(table: Mapping[str, R], ref: str, field: str) -> R:
    """'provider/model_id', or a bare model id resolved to its maker's price when offered."""
    if ref in table or ref.lower() in {k.lower() for k in table}:
        return find(table, ref, field, "API model")
    candidates = {k: v for k, v in table.items() if k.split("/", 1)[1].lower() == ref.lower()}
    if candidates:

        def rank(key: str) -> tuple[int, str]:
            provider = key.split("/", 1)[0]
            return (PREFERRED_HOSTS.index(provider) if provider in PREFERRED_HOSTS else len(PREFERRED_HOSTS), key)

        return candidates[min(candidates, key=rank)]
    raise _unknown(field, "API model", ref, list(table))
