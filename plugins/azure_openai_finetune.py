"""Azure OpenAI fine-tuning: training per token or per hour, plus an hourly hosting fee per deployed model.

Figures live in `plugins/data/azure_openai_finetune.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def finetune_offers():
    return load("azure_openai_finetune.json")
