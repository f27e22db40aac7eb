"""Hook specifications: what a pricing plugin can supply.

Each hook returns a list of records (model instances or plain dicts of their fields); the
plugin manager validates them and reports any that fail. Plugins never see each other's data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

from catalog.records import ApiPrice, FineTuneOffer, GpuOffer, GpuSpec, OpenModel, UseCase

if TYPE_CHECKING:  # the core knows no network client; a live plugin is handed one
    import httpx

PROJECT = "prompt_or_tune"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def api_prices() -> list[ApiPrice | dict[str, Any]]:  # type: ignore[empty-body]
    """Per-token prices of hosted models (`ApiPrice`)."""


@hookspec
def finetune_offers() -> list[FineTuneOffer | dict[str, Any]]:  # type: ignore[empty-body]
    """Hosted fine-tuning offers: training and tuned-model prices (`FineTuneOffer`)."""


@hookspec
def gpu_offers() -> list[GpuOffer | dict[str, Any]]:  # type: ignore[empty-body]
    """GPU instances for rent, priced per instance-hour (`GpuOffer`)."""


@hookspec
def gpu_specs() -> list[GpuSpec | dict[str, Any]]:  # type: ignore[empty-body]
    """Datasheet figures of GPUs: TFLOPS, memory, bandwidth (`GpuSpec`)."""


@hookspec
def open_models() -> list[OpenModel | dict[str, Any]]:  # type: ignore[empty-body]
    """Architectures of open-weights models that can be self-hosted (`OpenModel`)."""


@hookspec
def use_cases() -> list[UseCase | dict[str, Any]]:  # type: ignore[empty-body]
    """Use cases with typical workloads and what each source recommends (`UseCase`)."""


@hookspec
def live_records(client: httpx.Client) -> dict[str, list[dict[str, Any]]]:  # type: ignore[empty-body]
    """Fresh records fetched from the network, to replace this plugin's embedded snapshot.

    `client` is an `httpx.Client` built by the host (`catalog.live.new_client`): timeouts,
    retries with backoff, a response-size cap and our user agent are set there, so make every
    request with it and never build another. Return a dict from the name of a hook this plugin
    implements (`api_prices`, `gpu_offers`, ...) to records as that hook returns them, each with
    `as_of` = the fetch date and `source_url` = the endpoint; raise on any failure (the host
    reports it and keeps the snapshot). Called only by an explicit refresh, never while the
    catalog is built; a set replaces the plugin's own records for that hook only after
    validation and the integrity guard (`catalog.guard`).
    """
