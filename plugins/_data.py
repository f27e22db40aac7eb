"""Where the built-in plugins keep their data files."""

from pathlib import Path

from catalog.datafile import load_records

DATA_DIR = Path(__file__).parent / "data"


def load(name: str) -> list[dict]:
    return load_records(DATA_DIR / name)
