"""RunPod GPU pods, community and secure cloud (per instance-hour).

Figures live in `plugins/data/runpod_gpus.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def gpu_offers():
    return load("runpod_gpus.json")
