"""RunPod GPU pods, community and secure cloud (per instance-hour).

The snapshot lives in `plugins/data/runpod_gpus.json`, each figure with its source URL and the
date it was read. A live refresh posts the `gpuTypes` query to RunPod's public GraphQL endpoint
(`https://api.runpod.io/graphql`). The fields asked for are those of the query in RunPod's own
Python SDK (runpod-python, `runpod/api/queries/gpus.py`); GPU ids are those of RunPod's GPU types
reference (docs.runpod.io/references/gpu-types); the answer has GraphQL's usual shape,
`{"data": {"gpuTypes": [...]}}` or `{"errors": [{"message": ...}]}`. Prices are USD per GPU-hour.
We keep one single-GPU record per GPU type and cloud (secure, community) with a price above
zero; a spot price is kept only when it is below the on-demand one (the API repeats the
on-demand price when there is no cheaper interruptible one).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from catalog.hookspecs import hookimpl
from catalog.live.client import UnexpectedShape, parse_json
from plugins.datafiles import load

ENDPOINT = "https://api.runpod.io/graphql"
QUERY = (
    "query GpuTypes { gpuTypes { id displayName memoryInGb secureCloud communityCloud "
    "securePrice communityPrice secureSpotPrice communitySpotPrice } }"
)
GPU_IDS = {  # RunPod GPU id: our GPU name
    "NVIDIA A100 80GB PCIe": "A100-80GB",
    "NVIDIA A100-SXM4-80GB": "A100-80GB",
    "NVIDIA H100 PCIe": "H100-PCIe",
    "NVIDIA H100 80GB HBM3": "H100-SXM",
    "NVIDIA H200": "H200",
    "NVIDIA B200": "B200",
    "NVIDIA L4": "L4",
    "NVIDIA L40S": "L40S",
    "AMD Instinct MI300X OAM": "MI300X",
}


def _price(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    price = Decimal(str(value))
    return price if price > 0 else None


def records_from_answer(answer: Any, fetched_at: datetime) -> list[dict[str, Any]]:
    if isinstance(answer, dict) and answer.get("errors"):
        first = answer["errors"][0] if isinstance(answer["errors"], list) else answer["errors"]
        message = first.get("message") if isinstance(first, dict) else first
        raise UnexpectedShape(f"RunPod GraphQL error: {str(message)[:200]}")
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("gpuTypes"), list):
        raise UnexpectedShape('RunPod GraphQL: expected {"data": {"gpuTypes": [...]}}')
    stamp = fetched_at.strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    for gpu_type in data["gpuTypes"]:
        if not isinstance(gpu_type, dict) or gpu_type.get("id") not in GPU_IDS:
            continue
        for cloud in ("secure", "community"):
            on_demand = _price(gpu_type.get(f"{cloud}Price"))
            if not gpu_type.get(f"{cloud}Cloud") or on_demand is None:
                continue
            spot = _price(gpu_type.get(f"{cloud}SpotPrice"))
            rows.append(
                {
                    "cloud": "runpod",
                    "instance_type": f"{gpu_type.get('displayName') or gpu_type['id']} ({cloud.title()} Cloud)",
                    "gpu": GPU_IDS[gpu_type["id"]],
                    "gpu_count": 1,
                    "region": "global",
                    "on_demand_per_hour": on_demand,
                    "spot_per_hour": spot if spot is not None and spot < on_demand else None,
                    "source_url": ENDPOINT,
                    "as_of": fetched_at.date().isoformat(),
                    "notes": f"RunPod GraphQL gpuTypes ({gpu_type['id']}), fetched {stamp}",
                }
            )
    return rows


@hookimpl
def gpu_offers():
    return load("runpod_gpus.json")


@hookimpl
def live_records(client: httpx.Client):
    answer = parse_json(client.post(ENDPOINT, json={"query": QUERY}))
    return {"gpu_offers": records_from_answer(answer, datetime.now(UTC))}
