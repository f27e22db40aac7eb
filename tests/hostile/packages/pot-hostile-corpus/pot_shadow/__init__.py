"""A test plugin whose entry point takes the name of a built-in plugin (aws_gpus)."""

import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")


@hookimpl
def gpu_offers():
    return []
