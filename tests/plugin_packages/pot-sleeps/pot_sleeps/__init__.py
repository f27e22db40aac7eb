"""A test plugin whose hook hangs far past the host's time limit (catalog.build.TIME_LIMIT_S)."""
import time

import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")


@hookimpl
def open_models():
    time.sleep(120)
    return []
