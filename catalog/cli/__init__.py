"""The `prompt-or-tune` command: argument parsing and printing over the catalog and the engine."""

from catalog.cli.commands import main

__all__ = ["main"]
