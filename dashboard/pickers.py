"""What the Compare page's pickers offer: which catalog records, in what order, with what label.

Pure functions over the catalog (no Streamlit), so the ranking is tested without a page.

Why filter here rather than in the browser: a select box sends every option it holds on every
rerun, and the catalog has ~2,000 API prices today (a plugin may add 100,000 more), most of
them resellers' copies and retired models. So a picker sends at most `LIMIT` options: the
records matching the user's search (and provider, and "show retired"), the maker's own record
first, exact and prefix matches before substring ones. A value the scenario already names is
always offered, even when retired or missing from the catalog, and is never replaced.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from catalog.build import Catalog
from catalog.engine.lookup import FIRST_PARTY, PREFERRED_HOSTS
from catalog.records import ApiPrice, FineTuneOffer, GpuOffer, Lifecycle, OpenModel

LIMIT = 40
"""Most options a picker sends: a screenful of the best matches; typing narrows the rest."""
STATUS_ORDER = {"active": 0, "closing": 1, "closed": 2}
"""Within a match tier, usable records before those shutting down, and those before retired ones."""
TABLES = ("api", "finetune", "gpus", "models")
"""The catalog tables an option picks from (model, offer, GPU offer, open model)."""


@dataclass(frozen=True)
class Entry:
    """One record as a picker offers it."""

    key: str
    """The catalog key the scenario stores."""
    label: str
    """What the user reads: name, provider and price."""
    provider: str
    """Who sells it (the cloud for a GPU offer, the repo's owner for an open model)."""
    status: str
    """Its lifecycle status: "active", "closing" (usable until an announced date) or "closed"
    (retired: offered only when the user asks to see retired records)."""
    maker_rank: int
    """Position of the provider among the makers, then the preferred hosts (lower first): a bare
    model id is offered by its maker and by resellers, and the maker's price is the one meant."""
    names: tuple[str, ...]
    """Key, model id and name, `normalised`: what an exact or prefix match is tested against."""
    haystack: str
    """The names on one line: what a substring match searches (one C-level search per word)."""


def usd(value: Decimal | float) -> str:
    """A price with cents, and more digits only where the price has them ($0.40, $0.075, $15.00)."""
    whole, _, cents = f"{float(value):,.4f}".rstrip("0").partition(".")
    return f"${whole}.{cents.ljust(2, '0')}"


def _status(life: Lifecycle) -> str:
    if life.status == "active":
        return ""
    when = life.shutdown or life.no_new_jobs_after
    return f" · {life.status}" + (f" {when}" if when else "")


def _rank(provider: str) -> int:
    return PREFERRED_HOSTS.index(provider) if provider in PREFERRED_HOSTS else len(PREFERRED_HOSTS)


def _names(*names: str) -> dict[str, Any]:
    normal = tuple(normalised(name) for name in names)
    return {"names": normal, "haystack": "\n".join(normal)}


def _api(r: ApiPrice) -> Entry:
    return Entry(
        key=r.key,
        label=f"{r.name} · {r.provider} · {usd(r.input_per_mtok)} / {usd(r.output_per_mtok)} per 1M{_status(r.lifecycle)}",
        provider=r.provider,
        status=r.lifecycle.status,
        maker_rank=_rank(r.provider),
        **_names(r.key, r.model_id, r.name),
    )


def _finetune(r: FineTuneOffer) -> Entry:
    training = (
        f"train {usd(r.training_per_mtok)} per 1M tokens"
        if r.training_per_mtok is not None
        else f"train {usd(r.training_per_hour)}/h"
        if r.training_per_hour is not None
        else "training priced per job"
    )
    serving = (
        f", serve {usd(r.input_per_mtok)} / {usd(r.output_per_mtok)} per 1M"
        if r.input_per_mtok is not None and r.output_per_mtok is not None
        else ""
    )
    return Entry(
        key=r.key,
        label=f"{r.base_model} ({r.method}) · {r.provider} · {training}{serving}{_status(r.lifecycle)}",
        provider=r.provider,
        status=r.lifecycle.status,
        maker_rank=_rank(r.provider),
        **_names(r.key, r.offer_id, r.base_model),
    )


def _gpu(r: GpuOffer) -> Entry:
    return Entry(
        key=r.key,
        label=f"{r.gpu_count}× {r.gpu} · {r.cloud} {r.instance_type} · {r.region} · {usd(r.on_demand_per_hour)}/h",
        provider=r.cloud,
        status="active",
        maker_rank=0,
        **_names(r.key, r.instance_type, r.gpu),
    )


def _model(r: OpenModel) -> Entry:
    owner = r.repo_id.split("/", 1)[0]
    return Entry(
        key=r.repo_id,
        label=f"{r.name} · {owner} · {r.params_b:g}B parameters · {r.license}",
        provider=owner,
        status="active",
        maker_rank=0,
        **_names(r.repo_id, r.repo_id.split("/", 1)[1], r.name),
    )


def entries(table: str, catalog: Catalog) -> dict[str, Entry]:
    """Every record of one table (`TABLES`) as a picker offers it, by key: built once per
    catalog by the page (its labels are what a rerun would otherwise rebuild)."""
    if table == "api":
        return {key: _api(r) for key, r in catalog.api.items()}
    if table == "finetune":
        return {key: _finetune(r) for key, r in catalog.finetune.items()}
    if table == "gpus":
        return {key: _gpu(r) for key, r in catalog.gpus.items()}
    if table == "models":
        return {key: _model(r) for key, r in catalog.models.items()}
    raise KeyError(f"no picker table {table!r} (tables: {', '.join(TABLES)})")


def providers(picks: dict[str, Entry]) -> list[str]:
    """The providers in a table, makers first (in `FIRST_PARTY` order), then alphabetically."""
    return sorted({e.provider for e in picks.values()}, key=lambda p: (_rank(p), p))


def normalised(text: str) -> str:
    """Lower case, with "-", "_" and runs of spaces read as one space: "gpt-4.1-mini", "GPT 4.1
    mini" and "gpt_4.1 mini" are the same search."""
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _tier(entry: Entry, needle: str) -> int:
    """0 an exact match of key, model id or name; 1 a prefix of one; 2 a substring match."""
    if needle in entry.names:
        return 0
    return 1 if any(name.startswith(needle) for name in entry.names) else 2


def matches(
    picks: dict[str, Entry], query: str = "", provider: str | None = None, retired: bool = False, limit: int = LIMIT
) -> tuple[list[Entry], int]:
    """The best `limit` records for a search, and how many matched in all.

    A record matches when every word of the query is in its key, model id or name. Order:
    exact, then prefix, then substring matches; within each, makers before resellers (so
    "claude-sonnet-4-5" finds anthropic's own record before a reseller's copy), active before
    closing before closed, then the shorter key (the plain id before its dated and regional
    variants). Closed records are left out unless `retired`, or the query names one exactly
    (it is then shown, marked closed: a user who typed its id is looking for it)."""
    needle = normalised(query)
    words = needle.split()
    ranked: list[tuple[tuple[int, int, int, int, str], Entry]] = []
    for entry in picks.values():
        if (provider and entry.provider != provider) or not all(word in entry.haystack for word in words):
            continue
        tier = _tier(entry, needle) if needle else 0
        if entry.status == "closed" and not retired and not (needle and tier == 0):
            continue
        ranked.append(((tier, entry.maker_rank, STATUS_ORDER[entry.status], len(entry.key), entry.key), entry))
    best = heapq.nsmallest(limit, ranked, key=lambda pair: pair[0])
    return [entry for _, entry in best], len(ranked)


def offered(picks: dict[str, Entry], current: str | None, found: Iterable[Entry]) -> list[str]:
    """The keys a picker sends: the scenario's current value first (kept whatever it is:
    retired, filtered out, or missing from the catalog), then the matches."""
    keys = [e.key for e in found]
    return keys if current is None or current in keys else [current, *keys]


def label(picks: dict[str, Entry], key: str) -> str:
    """An option's label; a key the catalog lacks is shown as it is, and marked."""
    entry = picks.get(key)
    return entry.label if entry else f"{key} (not in the catalog)"


def _live_default(
    records: dict[str, Any],
    preferred: Sequence[str],
    taken: Iterable[str | None],
    usable: Callable[[Any], bool],
    price: Callable[[Any], tuple],
) -> str | None:
    """The default pick from a table of records with a lifecycle: the first of `preferred`
    that is active and not taken, else the cheapest (`price`) active, `usable` record from a
    maker not taken yet, else the cheapest active usable one. Never a closed or closing record
    while an active one exists; the smallest key when none does (a table of retired records
    only), None for an empty table."""
    used = set(taken)
    for key in preferred:
        record = records.get(key)
        if record is not None and record.lifecycle.status == "active" and key not in used:
            return key
    live = [r for r in records.values() if r.lifecycle.status == "active" and usable(r)]
    for pool in ([r for r in live if r.provider in FIRST_PARTY and r.key not in used], live):
        if pool:
            return min(pool, key=lambda r: (*price(r), r.key)).key
    return min(records) if records else None


def default_model(catalog: Catalog, preferred: Sequence[str] = (), taken: Iterable[str | None] = ()) -> str | None:
    """The API model "Add an option" (and switching an option to prompting) uses: the first of
    `preferred` that is active and not yet in the scenario, else the cheapest active maker's
    chat model not yet used, else the cheapest active chat model (priced on input and output:
    not an embedding, a free tier or a placeholder). Never a closed or closing model while an
    active one exists. None for an empty table."""
    return _live_default(
        catalog.api,
        preferred,
        taken,
        lambda r: r.input_per_mtok > 0 and r.output_per_mtok > 0,
        lambda r: (r.input_per_mtok + r.output_per_mtok,),
    )


def default_offer(catalog: Catalog, preferred: Sequence[str] = (), taken: Iterable[str | None] = ()) -> str | None:
    """The fine-tuning offer an option switched to hosted fine-tuning starts on, by the same
    rule as `default_model`: a preferred active offer, else the cheapest active one (supervised
    fine-tuning priced per training token first: the price a user can compare; offers priced
    per hour or per job after). Never a closed or closing offer while an active one exists."""
    return _live_default(
        catalog.finetune,
        preferred,
        taken,
        lambda r: r.method == "sft",
        lambda r: (r.training_per_mtok is None, r.training_per_mtok or 0),
    )


def default_gpu_offer(catalog: Catalog, preferred: Sequence[str] = ()) -> str | None:
    """The GPU offer an option switched to self-hosting starts on: the first of `preferred` the
    catalog has, else the single-GPU instance with the lowest on-demand price (the smallest
    step a user scales up from; GPU offers have no lifecycle, so every listed one is live).
    None for an empty table."""
    for key in preferred:
        if key in catalog.gpus:
            return key
    single = [r for r in catalog.gpus.values() if r.gpu_count == 1] or list(catalog.gpus.values())
    return min(single, key=lambda r: (r.on_demand_per_hour, r.key)).key if single else None
