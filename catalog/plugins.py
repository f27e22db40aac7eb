"""The plugin manager: built-in plugins registered by import, third-party ones by entry point.

Built-ins are imported by module name rather than through this project's own entry points, so
a plain clone (Streamlit Community Cloud runs `streamlit run` from the repo root without
installing the project) has every built-in plugin. Third-party packages declare an entry point
in the group `prompt_or_tune`; `PROMPT_OR_TUNE_LOAD_PLUGINS` (comma list, empty = none)
restricts which of those load. Nothing is skipped in silence: an entry point named like a
built-in, and a listed name that matches no installed plugin, are reported like import errors.

pluggy stops at the first exception a hook raises, so `catalog.build` calls each plugin's
implementation on its own; import failures are kept here as `LoadError`s for the same report.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from dataclasses import dataclass

import pluggy

from catalog import hookspecs

ENTRY_POINT_GROUP = hookspecs.PROJECT
LOAD_ENV = "PROMPT_OR_TUNE_LOAD_PLUGINS"

BUILTIN_PLUGINS = (
    "plugins.genai_prices_api",
    "plugins.openrouter_api",
    "plugins.openai_finetune",
    "plugins.azure_openai_finetune",
    "plugins.together_finetune",
    "plugins.fireworks_finetune",
    "plugins.mistral_finetune",
    "plugins.vertex_finetune",
    "plugins.bedrock_finetune",
    "plugins.aws_gpus",
    "plugins.gcp_gpus",
    "plugins.azure_gpus",
    "plugins.lambda_gpus",
    "plugins.runpod_gpus",
    "plugins.coreweave_gpus",
    "plugins.nebius_gpus",
    "plugins.digitalocean_gpus",
    "plugins.gpu_specs",
    "plugins.open_models",
    "plugins.use_cases",
)


@dataclass(frozen=True)
class LoadError:
    """A plugin that could not be imported or registered."""

    plugin: str
    distribution: str | None
    version: str | None
    message: str


@dataclass(frozen=True)
class Distribution:
    name: str
    version: str


pm = pluggy.PluginManager(hookspecs.PROJECT)
pm.add_hookspecs(hookspecs)

load_errors: list[LoadError] = []
distributions: dict[str, Distribution] = {}
_BUILTIN_NAMES: set[str] = set()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _register_builtins() -> None:
    for module_name in BUILTIN_PLUGINS:
        short = module_name.removeprefix("plugins.")
        try:
            pm.register(importlib.import_module(module_name), name=short)
        except Exception as exc:  # a broken built-in must not take the catalog down either
            load_errors.append(LoadError(short, None, None, _describe(exc)))
        else:
            _BUILTIN_NAMES.add(short)


def allowed_external() -> set[str] | None:
    """Names from PROMPT_OR_TUNE_LOAD_PLUGINS, or None when the variable is unset (load all)."""
    raw = os.environ.get(LOAD_ENV)
    if raw is None:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


def load_entry_points() -> None:
    """Register third-party plugins from installed distributions (idempotent).

    Called at import and again by anything that installs a package at run time (tests).
    """
    allowed = allowed_external()
    entry_points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    for entry_point in entry_points:
        if allowed is not None and entry_point.name not in allowed:
            continue
        dist = entry_point.dist
        dist_name = dist.metadata["Name"] if dist else None
        dist_version = dist.version if dist else None
        if is_builtin(entry_point.name):
            # reported under the distribution's name: the built-in keeps its own report
            _note(LoadError(dist_name or f"{entry_point.name} (third-party)", dist_name, dist_version,
                            f"entry point {entry_point.name!r} has the name of a built-in plugin; "
                            "not loaded (rename the entry point)"))
            continue
        if pm.has_plugin(entry_point.name) or any(e.plugin == entry_point.name for e in load_errors):
            continue
        try:
            module = entry_point.load()
            pm.register(module, name=entry_point.name)
        except KeyboardInterrupt:  # the user's Ctrl-C (indistinguishable from a plugin's) stops the program
            raise
        except BaseException as exc:  # noqa: BLE001 - SystemExit or any other from a plugin's import is its error
            load_errors.append(LoadError(entry_point.name, dist_name, dist_version, _describe(exc)))
        else:
            if dist_name:
                distributions[entry_point.name] = Distribution(dist_name, dist_version or "?")
    for name in sorted((allowed or set()) - {entry_point.name for entry_point in entry_points}):
        _note(LoadError(name, None, None, f"named in {LOAD_ENV}, but no installed plugin has this name"))


def _note(error: LoadError) -> None:
    """Keep a load warning once, however often `load_entry_points` runs."""
    if error not in load_errors:
        load_errors.append(error)


def forget_entry_point(name: str) -> None:
    """Undo `load_entry_points` for one plugin (used when a test uninstalls a package)."""
    if pm.has_plugin(name):
        pm.unregister(name=name)
    distributions.pop(name, None)
    load_errors[:] = [e for e in load_errors if e.plugin != name]


def is_builtin(name: str) -> bool:
    return name in _BUILTIN_NAMES


_register_builtins()
load_entry_points()
