"""A test plugin that returns garbage and a half-valid list."""
import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")


@hookimpl
def api_prices():
    return "not a list"


@hookimpl
def gpu_specs():
    return [{"name": "H100-SXM", "bf16_tflops": -1}, {"hello": "world"}]
