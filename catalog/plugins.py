"""The plugin manager: built-in plugins registered by name, third-party ones by entry point.

Nothing is loaded when this module (or `catalog`, or `catalog.build`) is imported: the public
entry points (`catalog.build.build_catalog`, the live refresh, the CLI) call `load_plugins()`,
which registers everything once per process, guarded like simonw/llm's. Importing the package
thus runs no third-party code and reads no environment variable.

Built-ins come from the `plugins` package by name rather than through this project's own entry
points, so a plain clone (Streamlit Community Cloud runs `streamlit run` from the repo root
without installing the project) has every built-in plugin. Third-party packages declare an
entry point in the group `prompt_or_tune`; `PROMPT_OR_TUNE_LOAD_PLUGINS` (comma list, empty =
none) restricts which of those load. Nothing is skipped in silence: an entry point named like a
built-in, and a listed name that matches no installed plugin, are reported like import errors.

pluggy stops at the first exception a hook raises, so `catalog.build` calls each plugin's
implementation on its own; import failures are kept here as `LoadError`s for the same report.
"""

from __future__ import annotations

import importlib.metadata
import os
import threading
from dataclasses import dataclass

import pluggy

from catalog import hookspecs

ENTRY_POINT_GROUP = hookspecs.PROJECT
LOAD_ENV = "PROMPT_OR_TUNE_LOAD_PLUGINS"


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
_builtin_names: set[str] = set()
_loaded = False
_loading = threading.Lock()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def load_plugins() -> None:
    """Register the built-ins, then the installed entry points; once per process (later calls
    return at once). Called by every public entry point before it reads the plugins."""
    global _loaded
    if _loaded:
        return
    with _loading:  # two Streamlit sessions may build the first catalog at the same time
        if _loaded:
            return
        _register_builtins()
        load_entry_points()
        _loaded = True


def _register_builtins() -> None:
    import plugins  # the built-in plugins, imported only when they are wanted

    for name in plugins.BUILTINS:
        try:
            pm.register(plugins.builtin(name), name=name)
        except Exception as exc:  # a broken built-in must not take the catalog down either
            load_errors.append(LoadError(name, None, None, _describe(exc)))
        else:
            _builtin_names.add(name)


def allowed_external() -> set[str] | None:
    """Names from PROMPT_OR_TUNE_LOAD_PLUGINS, or None when the variable is unset (load all)."""
    raw = os.environ.get(LOAD_ENV)
    if raw is None:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


def load_entry_points() -> None:
    """Register third-party plugins from installed distributions (idempotent).

    Called by `load_plugins` and again by anything that installs a package at run time (tests).
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
            _note(
                LoadError(
                    dist_name or f"{entry_point.name} (third-party)",
                    dist_name,
                    dist_version,
                    f"entry point {entry_point.name!r} has the name of a built-in plugin; "
                    "not loaded (rename the entry point)",
                )
            )
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


def is_builtin(name: str) -> bool:
    return name in _builtin_names
