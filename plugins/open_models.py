"""Open-weights model architectures, as their Hugging Face configs state them.

Figures live in `plugins/data/open_models.json`, each with its source URL and the date it was read."""

from catalog.hookspecs import hookimpl
from plugins._data import load


@hookimpl
def open_models():
    return load("open_models.json")
