"""Which plugin's record each option's cost was computed from, and which records it overrode.

A plugin can replace any record with a higher `precedence`: that is how negotiated rates beat
list prices, and also how a careless or hostile plugin could move a price by orders of
magnitude. The Plugins page lists every override, but a decision is read on Compare and in
`estimate --json`, so every estimate names, per option, the plugin behind each catalog record it
used and any plugin whose record for the same key was set aside.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from catalog.engine.results import RecordSource

if TYPE_CHECKING:  # importing the catalog loads every plugin: not for the CLI's argument checks
    from catalog.build import Catalog


def used_records(option_kind: str, references: Mapping[str, str], catalog: Catalog) -> list[tuple[str, str]]:
    """(kind, key) of every catalog record an option's cost model read, from its references."""
    used: list[tuple[str, str]] = []
    if option_kind == "prompting" and "model" in references:
        used.append(("api", references["model"]))
    elif option_kind == "hosted_finetune" and "offer" in references:
        used.append(("finetune", references["offer"]))
        offer = catalog.finetune.get(references["offer"])
        if offer is not None and "endpoint" in references and offer.open_model and offer.endpoint_gpu:
            used += [("models", offer.open_model), ("specs", offer.endpoint_gpu)]
    elif option_kind == "self_hosted":
        if "model" in references:
            used.append(("models", references["model"]))
        if "gpu_offer" in references:
            used.append(("gpus", references["gpu_offer"]))
            gpu = catalog.gpus.get(references["gpu_offer"])
            if gpu is not None:
                used.append(("specs", gpu.gpu))
    return used


def record_sources(option_kind: str, references: Mapping[str, str], catalog: Catalog) -> list[RecordSource]:
    """The supplier of every record the option used, with the records each one overrode."""
    sources = []
    for kind, key in used_records(option_kind, references, catalog):
        plugin = catalog.supplied_by.get((kind, key))
        if plugin is None:
            continue
        losers = tuple(o.loser for o in catalog.overrides if o.kind == kind and o.key == key and o.winner == plugin)
        sources.append(RecordSource(kind=kind, key=key, plugin=plugin, overrode=list(losers)))
    return sources


def override_notes(sources: list[RecordSource]) -> list[str]:
    """One sentence per record that overrode another plugin's, in the words the CLI and the
    Compare page both show."""
    return [
        f"its {source.kind} record {source.key} comes from plugin {source.plugin}, overriding the record of "
        f"{', '.join(source.overrode)} (higher precedence); see the Plugins page or `prompt-or-tune plugins`"
        for source in sources
        if source.overrode
    ]
