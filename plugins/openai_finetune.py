"""OpenAI fine-tuning: last published rates; self-serve fine-tuning is closing (see lifecycle dates).

Figures live in `plugins/data/openai_finetune.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def finetune_offers():
    return load("openai_finetune.json")
