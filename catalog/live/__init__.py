"""Live prices: the host-built httpx client (`client`) and the refresh that fetches into the
cache (`refresh`). The integrity guard the refresh and the build both apply is `catalog.guard`.

`from catalog.live import get_json, UnexpectedShape` keeps working for plugins: the client's
public names load on first use, so importing `catalog.live` alone does not import httpx.
"""

from __future__ import annotations

from typing import Any

_CLIENT_NAMES = {
    "DeadlineExceeded",
    "RedirectRefused",
    "ResponseTooLarge",
    "UnexpectedShape",
    "get_json",
    "parse_json",
    "new_client",
}


def __getattr__(name: str) -> Any:
    if name in _CLIENT_NAMES:
        from catalog.live import client

        return getattr(client, name)
    raise AttributeError(f"module 'catalog.live' has no attribute {name!r}")
