"""A test plugin whose hook raises."""
import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")


@hookimpl
def gpu_offers():
    raise RuntimeError("pricing backend exploded")
