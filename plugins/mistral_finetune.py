"""Mistral fine-tuning: per-token training, monthly storage per tuned model; the service is deprecated.

Figures live in `plugins/data/mistral_finetune.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def finetune_offers():
    return load("mistral_finetune.json")
