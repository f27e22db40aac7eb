"""Can a user follow a record back to its source? The checks every record and document pass.

A `source_url` must be a public https address (a provider's page, a public API, or a file in a
public repository pinned at a commit, since a branch moves and the figure with it), and no note
may send the reader to something only this project's authors can open: an absolute path on a
build machine, a `shared/` working folder, or "the reference" as a source. Built-in data must
pass (a test holds it to that); a third-party plugin's record that fails is kept and shown as a
warning on the Plugins page, because dropping a company's negotiated rate for a private
contract link would be worse than flagging it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlparse

from catalog.build import Catalog
from catalog.records import ApiPrice, FineTuneOffer, Record, UseCase

INTERNAL = re.compile(
    r"(?<![\w.~-])/(?:work|home|root|tmp|Users|mnt|opt|var|srv)/[\w.-]"  # absolute paths
    r"|\bshared/"
    r"|\b(?:the|project's|per the) reference\b(?!\s+below)"
    r"|\breference(?:'s)? (?:gpus|api-prices|fine-tuning-prices|self-hosting-model)\.md"
    r"|\breference (?:rule|file|notes)\b",
    re.IGNORECASE,
)
# code repositories whose branches move; a Hugging Face model's config.json is its released
# architecture and is cited on main (its commits are not readable offline here)
REPO_HOSTS = ("github.com", "gitlab.com")
COMMIT = re.compile(r"/(?:blob|raw|tree|resolve)/[0-9a-f]{40}/")


@cache
def url_problem(url: str) -> str | None:
    """Why `url` is not a public source a reader can open, or None (cached: thousands of records
    share a few hundred sources, and the Plugins page checks them on every rerun)."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if parsed.scheme != "https":
        return f"{url}: not an https address"
    if "." not in host or host == "localhost" or host.endswith((".local", ".internal", ".lan", ".corp")):
        return f"{url}: not a public host"
    try:
        if not ipaddress.ip_address(host).is_global:
            return f"{url}: a private address"
    except ValueError:
        pass  # a name, not an address
    if host in REPO_HOSTS and re.search(r"/(?:blob|raw|tree|resolve)/", parsed.path) and not COMMIT.search(parsed.path):
        return f"{url}: a repository file on a branch, not at a commit (the figure moves with the branch)"
    return None


@cache
def text_problem(text: str) -> str | None:
    """The first internal reference in `text` (a path, a working folder, "the reference"), or None."""
    found = INTERNAL.search(text)
    return f"cites {found.group(0)!r}, which readers cannot open" if found else None


def record_urls(record: Record) -> list[str]:
    """Every address a record gives as a source: its own, its readings', its lifecycle's, its views'."""
    urls = [record.source_url, *(r.source_url for r in record.readings)]
    if isinstance(record, (ApiPrice, FineTuneOffer)):
        life = record.lifecycle
        urls += [u for u in (life.status_source_url, life.replacement_source_url) if u]
        urls += [r.source_url for r in life.readings]
    if isinstance(record, UseCase):
        urls += [view.url for view in record.views if view.url]
    return urls


def record_problems(record: Record) -> list[str]:
    problems = [p for p in map(url_problem, record_urls(record)) if p]
    texts = [record.notes, *(r.note for r in record.readings)]
    problems += [p for p in map(text_problem, texts) if p]
    return problems


@dataclass(frozen=True)
class ProvenanceWarning:
    plugin: str
    kind: str
    key: str
    problem: str


def catalog_warnings(catalog: Catalog, plugins: Iterable[str] | None = None) -> list[ProvenanceWarning]:
    """Every record whose source a reader could not follow, naming the plugin that supplied it;
    only the records of `plugins` when given (the Plugins page checks third-party ones alone, so
    a rerun does not re-read the two thousand built-in records a test already holds to this)."""
    chosen = None if plugins is None else set(plugins)
    return [
        ProvenanceWarning(plugin, kind, key, problem)
        for (kind, key), plugin in catalog.supplied_by.items()
        if chosen is None or plugin in chosen
        for problem in record_problems(catalog.table(kind)[key])
    ]
