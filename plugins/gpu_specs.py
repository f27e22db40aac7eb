"""GPU datasheet figures (dense BF16 TFLOPS, memory, bandwidth) for the canonical GPUs.

Figures live in `plugins/data/gpu_specs.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def gpu_specs():
    return load("gpu_specs.json")
