"""Hook specifications: what a pricing plugin can supply.

Each hook returns a list of records (model instances or plain dicts of their fields); the
plugin manager validates them and reports any that fail. Plugins never see each other's data.
"""

from __future__ import annotations

import pluggy

PROJECT = "prompt_or_tune"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def api_prices():
    """Per-token prices of hosted models (`ApiPrice`)."""


@hookspec
def finetune_offers():
    """Hosted fine-tuning offers: training and tuned-model prices (`FineTuneOffer`)."""


@hookspec
def gpu_offers():
    """GPU instances for rent, priced per instance-hour (`GpuOffer`)."""


@hookspec
def gpu_specs():
    """Datasheet figures of GPUs: TFLOPS, memory, bandwidth (`GpuSpec`)."""


@hookspec
def open_models():
    """Architectures of open-weights models that can be self-hosted (`OpenModel`)."""


@hookspec
def use_cases():
    """Use cases with typical workloads and what each source recommends (`UseCase`)."""
