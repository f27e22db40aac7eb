"""Fireworks AI fine-tuning: per-token training by size band; tuned LoRAs served on dedicated deployments.

Figures live in `plugins/data/fireworks_finetune.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def finetune_offers():
    return load("fireworks_finetune.json")
