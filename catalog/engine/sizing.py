"""Can we self-host it? Memory, GPU count and throughput for a model on a GPU.

Formulas (EleutherAI "Transformer Math 101", kipply "Transformer inference arithmetic",
Korthikanti et al. 2022 for activations), with every efficiency taken from `Assumptions`:
- training FLOPs ≈ 6·N·D full, 4·N·D LoRA/QLoRA, +2·N·D with gradient checkpointing
  (N = parameters used per token, so active parameters for a mixture of experts);
- training memory: full (Adam, mixed precision) 16 B/param, LoRA 2 B/param, QLoRA 0.55 B/param,
  plus adapters at 16 B per adapter parameter, plus activations;
- decode is memory-bound: a step reads the weights once and every sequence's KV cache, at the
  average context a running sequence has (prompt + half the output: continuous batching keeps
  sequences at every stage); batched serving is capped by KV-cache memory (reserved for whole
  sequences), `max_batch` and compute;
- prefill is compute-bound: 2·N FLOPs per prompt token, and it shares the GPU with decode, so a
  replica's output rate is output tokens ÷ (its prefill time + its share of decode steps);
- FP8: weights (`serving_bits` 8) and the KV cache (`kv_cache_bits` 8) take one byte; with FP8
  weights on a GPU with FP8 tensor cores the matmuls run at twice the BF16 peak.
Weights are spread over the GPUs of one instance (tensor/fully-sharded parallel); a model that
needs more memory than the instance has does not fit there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from catalog.engine.scenario import Assumptions
from catalog.records import GpuSpec, OpenModel

GIB = 2**30
TRAIN_BYTES_PER_PARAM = {"full": 16.0, "lora": 2.0, "qlora": 0.55}
ADAPTER_STATE_BYTES = 16.0  # bf16 weight + grad + fp32 master + two Adam moments
LORA_MATRICES_WIDTH = 20  # q,k,v,o + gate,up,down ≈ 20 × hidden of (d_in + d_out) per layer
ACTIVATION_BYTES_PER_TOKEN_LAYER = 34  # × hidden: one layer's activations (flash attention)
# Dense FP8 tensor throughput is twice dense BF16 on these GPUs (NVIDIA H100/H200/B200/L4/L40S and
# AMD MI300X datasheets, e.g. H100 SXM 989 vs 1,979 TFLOPS); A100 and A10G have no FP8 tensor cores.
FP8_TENSOR_GPUS = frozenset({"L4", "L40S", "H100-PCIe", "H100-SXM", "H200", "B200", "MI300X"})
# Training MFU measured on A100s runs 1.34-1.50× the H100 figure (Assumptions.a100_mfu_factor);
# no such measurement was found for the other GPUs, so they keep the H100 figure.
A100_GPUS = frozenset({"A100-40GB", "A100-80GB"})


def params(model: OpenModel) -> float:
    return model.params_b * 1e9


def active_params(model: OpenModel) -> float:
    return model.active_params_b * 1e9


def kv_bytes_per_token(model: OpenModel, kv_cache_bits: int = 16) -> float:
    """K and V for every layer: 2 × layers × kv_heads × head_dim × bytes (2 in BF16, 1 in FP8)."""
    return 2 * model.layers * model.kv_heads * model.head_dim * kv_cache_bits / 8


def serving_tflops(spec: GpuSpec, serving_bits: int) -> float:
    """Peak dense TFLOPS for serving matmuls: FP8 weights run FP8 matmuls where the GPU has FP8
    tensor cores; 4-bit and 16-bit weights compute in BF16 (4-bit is weight-only quantisation)."""
    return spec.bf16_tflops * (2 if serving_bits == 8 and spec.name in FP8_TENSOR_GPUS else 1)


def training_flops_per_token(model: OpenModel, method: str, a: Assumptions) -> float:
    multiplier = 6.0 if method == "full" else 4.0
    if a.gradient_checkpointing:
        multiplier += 2.0
    return multiplier * active_params(model)


def training_mfu(method: str, a: Assumptions, gpu: str) -> float:
    """Share of `gpu`'s peak BF16 FLOPS a fine-tune of `method` reaches: the H100 figures
    (`mfu_full`, `mfu_lora`), times `a100_mfu_factor` on an A100, whose lower peak is easier to
    reach (without it a 3B model trained on one A100 came out at 0.59× torchtune's measurement)."""
    if method == "full":
        base = a.mfu_full
    elif method == "qlora":
        base = a.mfu_lora * a.qlora_speed_ratio
    else:
        base = a.mfu_lora
    return base * (a.a100_mfu_factor if gpu in A100_GPUS else 1.0)


@dataclass(frozen=True)
class Sizing:
    model: str
    gpu: str
    method: str
    gpu_count: int
    fits: bool
    gpus_needed: int
    memory_gib: float
    memory_breakdown_gib: dict[str, float]
    train_tokens_per_s: float
    decode_tokens_per_s: float
    max_throughput_tokens_per_s: float
    max_batch: int
    requests_per_s: float
    output_tokens_per_s: float
    reason: str = ""
    notes: list[str] = field(default_factory=list)


def training_memory(model: OpenModel, method: str, a: Assumptions) -> dict[str, float]:
    """Bytes to fine-tune, by part (micro-batch of one sequence of `training_seq_len`)."""
    n = params(model)
    hidden, layers, seq = model.hidden_size, model.layers, a.training_seq_len
    parts = {"weights_and_optimizer": TRAIN_BYTES_PER_PARAM[method] * n}
    if method in ("lora", "qlora"):
        adapter_params = a.lora_rank * hidden * LORA_MATRICES_WIDTH * layers
        parts["adapters"] = adapter_params * ADAPTER_STATE_BYTES
    one_layer = ACTIVATION_BYTES_PER_TOKEN_LAYER * seq * hidden
    if a.gradient_checkpointing:
        parts["activations"] = layers * seq * hidden * 2 + one_layer
    else:
        parts["activations"] = layers * one_layer
    return parts


def serving_memory(model: OpenModel, bits: int, a: Assumptions) -> dict[str, float]:
    weights = params(model) * bits / 8
    return {"weights": weights, "runtime_overhead": weights * (a.serving_memory_overhead - 1)}


def _gpus_for(total_bytes: float, spec: GpuSpec, a: Assumptions) -> int:
    return max(1, math.ceil(total_bytes / (spec.memory_gib * GIB * a.usable_memory_fraction)))


def size(
    model: OpenModel,
    spec: GpuSpec,
    gpu_count: int,
    method: str,
    a: Assumptions,
    prompt_tokens: float = 1000,
    output_tokens: float = 200,
    serving_bits: int = 16,
    kv_cache_bits: int = 16,
) -> Sizing:
    """Fit `model` on one instance of `gpu_count` × `spec`: training (unless method is
    "none") and serving a workload of `prompt_tokens` in / `output_tokens` out per request."""
    usable = spec.memory_gib * GIB * a.usable_memory_fraction * gpu_count
    notes: list[str] = []
    reasons: list[str] = []

    train_parts: dict[str, float] = {}
    train_tokens_per_s = 0.0
    gpus_train = 0
    if method != "none":
        train_parts = training_memory(model, method, a)
        gpus_train = _gpus_for(sum(train_parts.values()), spec, a)
        if gpus_train > gpu_count:
            reasons.append(
                f"{method} fine-tuning needs {sum(train_parts.values()) / GIB:,.0f} GiB "
                f"({gpus_train} × {spec.name}); this instance has {gpu_count}"
            )
        flops = training_flops_per_token(model, method, a)
        train_tokens_per_s = gpu_count * spec.bf16_tflops * 1e12 * training_mfu(method, a, spec.name) / flops

    if prompt_tokens + output_tokens > model.context_length:
        reasons.append(
            f"{prompt_tokens + output_tokens:,.0f} tokens per request exceed the model's context of {model.context_length:,}"
        )
    serve_parts = serving_memory(model, serving_bits, a)
    seq = max(prompt_tokens + output_tokens, 1)
    kv_token = kv_bytes_per_token(model, kv_cache_bits)
    kv_seq = kv_token * seq
    static = sum(serve_parts.values())
    gpus_serve = _gpus_for(static + kv_seq, spec, a)
    if gpus_serve > gpu_count:
        reasons.append(
            f"serving needs {(static + kv_seq) / GIB:,.0f} GiB for weights and one sequence "
            f"({gpus_serve} × {spec.name} at {a.usable_memory_fraction:.0%} usable); this instance has {gpu_count}"
        )
    fits = not reasons

    batch = 0
    decode = throughput = rps = 0.0
    if fits:
        batch = int(min(a.max_batch, (usable - static) // kv_seq))
        bandwidth = a.bandwidth_efficiency * spec.bandwidth_tbps * 1e12 * gpu_count
        compute = a.serving_mfu * serving_tflops(spec, serving_bits) * 1e12 * gpu_count
        bytes_per_param = serving_bits / 8
        flops_per_token = 2 * active_params(model)
        kv_read = kv_token * max(prompt_tokens + output_tokens / 2, 1)  # a running sequence's average context

        def step_time(b: int) -> float:
            weights_read = min(params(model), active_params(model) * b) * bytes_per_param
            return max((weights_read + b * kv_read) / bandwidth, b * flops_per_token / compute)

        decode = 1 / step_time(1)
        throughput = batch / step_time(batch)
        prefill_s = flops_per_token * prompt_tokens / compute
        per_request_s = prefill_s + output_tokens / throughput
        rps = 1 / per_request_s if per_request_s > 0 else 0.0
        if batch < 8:
            notes.append(f"KV cache leaves room for only {batch} concurrent sequences")

    serve_parts = {**serve_parts, "kv_cache_one_sequence": kv_seq}
    breakdown = {f"training.{k}": v / GIB for k, v in train_parts.items()}
    breakdown.update({f"serving.{k}": v / GIB for k, v in serve_parts.items()})
    memory = max(sum(train_parts.values()), sum(serve_parts.values())) / GIB
    return Sizing(
        model=model.repo_id,
        gpu=spec.name,
        method=method,
        gpu_count=gpu_count,
        fits=fits,
        gpus_needed=max(gpus_train, gpus_serve),
        memory_gib=round(memory, 2),
        memory_breakdown_gib={k: round(v, 2) for k, v in breakdown.items()},
        train_tokens_per_s=train_tokens_per_s,
        decode_tokens_per_s=decode,
        max_throughput_tokens_per_s=throughput,
        max_batch=batch,
        requests_per_s=rps,
        output_tokens_per_s=rps * output_tokens,
        reason="; ".join(reasons),
        notes=notes,
    )
