"""A well-behaved test plugin: one GPU offer from a made-up reseller."""
import pluggy

hookimpl = pluggy.HookimplMarker("prompt_or_tune")


@hookimpl
def gpu_offers():
    return [
        {
            "cloud": "test-reseller",
            "instance_type": "h100x1",
            "gpu": "H100-SXM",
            "gpu_count": 1,
            "region": "test",
            "on_demand_per_hour": "1.23",
            "source_url": "https://example.com/test-reseller/pricing",
            "as_of": "2026-11-01",
        }
    ]
