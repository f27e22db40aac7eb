"""Google Vertex AI Gemini tuning: per-token training; tuned models are billed at the base model's price.

Figures live in `plugins/data/vertex_finetune.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def finetune_offers():
    return load("vertex_finetune.json")
