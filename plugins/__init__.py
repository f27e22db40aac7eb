"""Built-in plugins: one per provider, cloud or data set. Most are a data file in `plugins/data/`
(see `plugins.datafiles`); those with code (a live source, a mapping) are modules here.
`catalog.plugins.load_plugins` registers them by name, in `BUILTINS` order, so a plain clone
that was never pip-installed still has them. No plugin imports another: what two share lives in
a helper module (`datafiles`, `genai_prices_mapping`, `litellm_deprecations`).
"""

from __future__ import annotations

import importlib

from catalog.datafile import DataFilePlugin
from plugins.datafiles import DATA_DIR, DATA_FILES

BUILTINS = (
    "genai_prices_api",
    "openrouter_api",
    "openai_finetune",
    "azure_openai_finetune",
    "together_finetune",
    "fireworks_finetune",
    "mistral_finetune",
    "vertex_finetune",
    "bedrock_finetune",
    "aws_gpus",
    "gcp_gpus",
    "azure_gpus",
    "lambda_gpus",
    "runpod_gpus",
    "coreweave_gpus",
    "nebius_gpus",
    "digitalocean_gpus",
    "gpu_specs",
    "open_models",
    "use_cases",
)
"""Registration order: on a key two built-ins supply with equal precedence, the first keeps it."""


def builtin(name: str) -> object:
    """The plugin object registered as `name`: a data file's plugin, or the module `plugins.<name>`."""
    if name in DATA_FILES:
        return DataFilePlugin(DATA_DIR / f"{name}.json", DATA_FILES[name].hook)
    return importlib.import_module(f"plugins.{name}")
