"""A test plugin whose hook calls sys.exit."""

import sys

import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")


@hookimpl
def gpu_offers():
    sys.exit(3)
