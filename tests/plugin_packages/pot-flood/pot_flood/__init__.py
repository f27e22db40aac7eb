"""A test plugin that returns 100,000 valid, distinct GPU offers (the host keeps 20,000)."""
import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")

FLOOD = 100_000


@hookimpl
def gpu_offers():
    return [
        {
            "cloud": "pot-flood",
            "instance_type": f"flood-{n:06d}",
            "gpu": "L4",
            "gpu_count": 1,
            "region": "test",
            "on_demand_per_hour": "9.99",
            "source_url": "https://example.com/pot-flood/pricing",
            "as_of": "2026-11-01",
        }
        for n in range(FLOOD)
    ]
