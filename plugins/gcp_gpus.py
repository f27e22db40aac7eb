"""Google Cloud GPU instances (host plus GPUs per instance-hour).

Figures live in `plugins/data/gcp_gpus.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def gpu_offers():
    return load("gcp_gpus.json")
