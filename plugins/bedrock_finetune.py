"""Amazon Bedrock model customisation: per-token training, monthly storage, hourly Provisioned Throughput.

Figures live in `plugins/data/bedrock_finetune.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def finetune_offers():
    return load("bedrock_finetune.json")
