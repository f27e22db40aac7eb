"""The built-in plugins whose records are one data file each in `plugins/data/`.

Each is a `catalog.datafile.DataFilePlugin` registered under the file's name, so the Plugins
page still lists every source by name; what a file holds is said here, once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from catalog.datafile import load_records

DATA_DIR = Path(__file__).parent / "data"


class DataFile(NamedTuple):
    hook: str
    """The hook the file's records answer."""
    about: str
    """What the figures are."""


DATA_FILES: dict[str, DataFile] = {
    "openai_finetune": DataFile(
        "finetune_offers",
        "OpenAI fine-tuning: last published rates; self-serve fine-tuning is closing (see lifecycle dates).",
    ),
    "azure_openai_finetune": DataFile(
        "finetune_offers",
        "Azure OpenAI fine-tuning: training per token or per hour, plus an hourly hosting fee per deployed model.",
    ),
    "together_finetune": DataFile(
        "finetune_offers",
        "Together AI fine-tuning: per-token training by model size; tuned models served on dedicated endpoints.",
    ),
    "fireworks_finetune": DataFile(
        "finetune_offers",
        "Fireworks AI fine-tuning: per-token training by size band; tuned LoRAs served on dedicated deployments.",
    ),
    "mistral_finetune": DataFile(
        "finetune_offers",
        "Mistral fine-tuning: per-token training, monthly storage per tuned model; the service is deprecated.",
    ),
    "vertex_finetune": DataFile(
        "finetune_offers",
        "Google Vertex AI Gemini tuning: per-token training; tuned models are billed at the base model's price.",
    ),
    "bedrock_finetune": DataFile(
        "finetune_offers",
        "Amazon Bedrock model customisation: per-token training, monthly storage, hourly Provisioned Throughput.",
    ),
    "aws_gpus": DataFile("gpu_offers", "AWS EC2 GPU instances (on-demand and spot per instance-hour)."),
    "gcp_gpus": DataFile("gpu_offers", "Google Cloud GPU instances (host plus GPUs per instance-hour)."),
    "lambda_gpus": DataFile("gpu_offers", "Lambda GPU cloud instances (per instance-hour)."),
    "coreweave_gpus": DataFile("gpu_offers", "CoreWeave GPU instances (per instance-hour)."),
    "nebius_gpus": DataFile("gpu_offers", "Nebius AI Cloud GPU instances (per instance-hour)."),
    "digitalocean_gpus": DataFile("gpu_offers", "DigitalOcean GPU Droplets (per instance-hour)."),
    "gpu_specs": DataFile(
        "gpu_specs", "GPU datasheet figures (dense BF16 TFLOPS, memory, bandwidth) for the canonical GPUs."
    ),
    "open_models": DataFile(
        "open_models", "Open-weights model architectures, as their Hugging Face configs state them."
    ),
}


def load(name: str) -> list[dict[str, Any]]:
    """The records of `plugins/data/<name>`, defaults merged in (see `catalog.datafile`)."""
    return load_records(DATA_DIR / name)
