"""Together AI fine-tuning: per-token training by model size; tuned models served on dedicated endpoints.

Figures live in `plugins/data/together_finetune.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def finetune_offers():
    return load("together_finetune.json")
