"""A portfolio: several use cases at once, LoRA adapters sharing one base model, the best mix.

Each use case is costed on every option exactly as a one-use-case scenario would be (same
cost model, lifecycle moves and gates: `estimate` does it), which gives the routes a use case
can take alone. An option marked `shared` can also serve several use cases' LoRA adapters on
one base model — vLLM multi-LoRA when self-hosted, a provider's multi-LoRA deployment — and
then costs, over the horizon:

- one training run per adapter (each use case's own run) and each adapter's retraining;
- the team's hours for the deployment once, not once per use case;
- whole replicas sized to the summed traffic. Each use case's load is its requests over what
  one replica serves at its token counts; the replicas cover the peak of the *sum*:

      peak = Σ load_i + c·Σ excess_i + (1 − c)·sqrt(Σ excess_i²),  excess_i = load_i·(p_i − 1)

  with p_i the use case's peak-to-average and c = `peak_coincidence`: c = 1 when every use
  case peaks in the same hour (the sum's peak is the sum of peaks), c = 0 when their peaks are
  independent (excesses add in quadrature, as independent deviations do). Rounding up to whole
  replicas happens once, on the sum: the pooling gain, even when peaks coincide;
- the throughput cost of serving adapters unmerged and of many active adapters (S-LoRA's
  measurements, editable below), and adapter weights in GPU memory next to the KV cache: a
  deployment whose adapters leave no room for one sequence's KV cache is refused with a reason;
- the provider's adapter limit per deployment: more adapters than the limit need more
  deployments, at least one replica each.

A shared option that ends up with a single use case is that use case on its own deployment
(the adapter merged into the base, as Fireworks' "live merge" does): its cost is the
one-use-case estimate. The best mix gives every use case one allowed route so that the
portfolio's horizon total is lowest; a branch and bound search finds and proves it, and
equals exhaustive search, which is used outright when the space is small.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from catalog.build import Catalog
from catalog.engine.costs import CostModel
from catalog.engine.estimate import cost_models, estimate, month_volumes
from catalog.engine.lookup import find
from catalog.engine.scenario import (
    Assumption,
    Assumptions,
    Fraction,
    HostedFinetuneOption,
    Option,
    PriceChange,
    Scenario,
    ScenarioError,
    SelfHostedOption,
    Team,
    TrainingData,
    Workload,
    load_document,
)
from catalog.engine.sizing import GIB, size
from catalog.engine.timeline import drift_factors

Module = Literal["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
ALL_MODULES: tuple[Module, ...] = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
# MLP width over hidden size when a model record does not give it: Llama-3.1-8B's config.json,
# intermediate_size 14336 / hidden_size 4096 (the same ratio sizing.LORA_MATRICES_WIDTH assumes).
MLP_RATIO = 3.5
ADAPTER_BYTES_PER_PARAM = 2  # adapters are served in BF16
EXHAUSTIVE_LIMIT = 4096  # routes to try one by one before searching smarter
NODE_LIMIT = 400_000  # branch and bound nodes before giving the best found, marked unproven
PROMPTED, OWN_DEPLOYMENT, ONE_SHARED_BASE, BEST_MIX = (
    "everything prompted",
    "each on its own deployment",
    "everything on one shared base",
    "best mix",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MULTI_LORA_ASSUMPTIONS: dict[str, Assumption] = {
    "unmerged_throughput": Assumption(
        reason="Sharing one base needs the adapters applied unmerged at every step, which costs "
        "throughput against the adapter merged into the weights.",
        source="S-LoRA merge ablation, Llama-7B on A10G: 1.41 req/s unmerged vs 1.58 merged (0.89); "
        "https://github.com/S-LoRA/S-LoRA/blob/2a2786b9dff40300ccc21b878ab8a14dad9244f3/benchmarks/paper/"
        "ablation_merge/ablation_merge_a10g_merge.jsonl and .../a0926aa46c8cc9f1375cf02a97040fd4b8a56a6b/"
        "benchmarks/paper/ablation_merge/ablation_merge_a10g_slora.jsonl",
    ),
    "throughput_loss_per_decade": Assumption(
        reason="More active adapters in one batch cost a little more throughput each tenfold: "
        "S-LoRA 8.05 req/s at 5 adapters, 7.99 at 100, 7.64 at 1,000 (-5% over 2.3 decades). Punica "
        "reports +2 ms per token for multi-LoRA batching (arXiv 2310.18547) and LoRAX throughput "
        "'nearly constant with the number of adapters' (github.com/predibase/lorax), both consistent.",
        source="S-LoRA Table 3 (Llama-7B, A100-80GB): https://github.com/S-LoRA/S-LoRA/blob/"
        "2a2786b9dff40300ccc21b878ab8a14dad9244f3/benchmarks/paper/synthetic/slora/"
        "synthetic_num_adapters_a100-80_S1_slora_table.jsonl",
    ),
    "peak_coincidence": Assumption(
        reason="How far use cases' peak hours coincide: 1 = all peak together (sum of peaks), "
        "0 = independent peaks (excesses add in quadrature). One company's use cases mostly follow "
        "the same business hours, so 1 unless you know they do not.",
        source="our estimate; set lower for use cases in other time zones or batch jobs at night",
    ),
    "fireworks_adapters_per_deployment": Assumption(
        reason="Fireworks serves LoRA fine-tunes only on dedicated deployments, 'up to 100 LoRA "
        "adaptations to run simultaneously on a dedicated deployment' (its deploying-LoRAs page says "
        "only 'multiple per deployment').",
        source="https://docs.fireworks.ai/fine-tuning/supervised-fine-tuning (checked 2026-11-30)",
    ),
    "lora_rank": Assumption(
        reason="Adapter rank: sets each adapter's weights in GPU memory (rank × (d_in + d_out) per "
        "target module and layer, BF16).",
        source="the scenario's lora_rank default: torchtune / PEFT examples use r = 8-16",
    ),
}


class MultiLora(_Strict):
    """The editable assumptions of shared serving (reasons and sources: MULTI_LORA_ASSUMPTIONS)."""

    unmerged_throughput: float = Field(0.89, gt=0, le=1)
    throughput_loss_per_decade: float = Field(0.022, ge=0, lt=0.5)
    peak_coincidence: float = Field(1.0, ge=0, le=1)
    fireworks_adapters_per_deployment: int = Field(100, ge=1, le=100_000)


class Sharing(_Strict):
    """`"shared": true`, or these settings: the adapters one deployment holds."""

    max_adapters_per_deployment: int | None = Field(
        None, ge=1, le=100_000, description="Default: the provider's limit (Fireworks 100); none when self-hosted"
    )
    lora_rank: int | None = Field(None, ge=1, le=1024, description="Default: assumptions.lora_rank")
    target_modules: tuple[Module, ...] = Field(ALL_MODULES, min_length=1)


class AccuracyGate(_Strict):
    """A use case's accuracy gate: the share it needs, and what each option reached on it."""

    required: Fraction | None = None
    by_option: dict[str, Fraction] = Field(default_factory=dict)


class UseCase(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    workload: Workload | None = Field(None, description="Typed; or leave it out and name a `preset`")
    preset: str | None = Field(None, description="Catalog use case id whose workload this use case takes")
    training_data: TrainingData = TrainingData()
    accuracy: AccuracyGate = AccuracyGate()
    peak_to_average: float | None = Field(None, ge=1, le=20, description="Default: assumptions.peak_to_average")

    @model_validator(mode="after")
    def _one_workload(self) -> UseCase:
        if (self.workload is None) == (self.preset is None):
            raise ValueError(f"use case {self.name!r}: give a workload or a preset (one of them)")
        return self

    @property
    def load(self) -> Workload:
        """The workload (a preset is resolved against the catalog by `with_presets` first)."""
        if self.workload is None:
            raise ScenarioError(f"use case {self.name!r}: preset {self.preset!r} not resolved against a catalog")
        return self.workload


class Portfolio(_Strict):
    name: str = "Portfolio"
    description: str = ""
    use_cases: list[UseCase] = Field(min_length=1, max_length=40)
    options: list[Option] = Field(min_length=1, max_length=20)
    shared: dict[str, Sharing] = Field(default_factory=dict, description="Shared options by name (from `shared` flags)")
    horizon_months: int = Field(12, ge=1, le=120)
    team: Team = Team()
    assumptions: Assumptions = Assumptions()
    multi_lora: MultiLora = MultiLora()
    price_change_per_year: PriceChange | None = None
    start_date: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _shared_flags(cls, data: Any) -> Any:
        """Lift each option's `shared` (true or settings) into `shared`, keyed by option name."""
        if not isinstance(data, dict) or not isinstance(data.get("options"), list):
            return data
        shared = dict(data.get("shared") or {})
        options = []
        for i, option in enumerate(data["options"]):
            if isinstance(option, dict) and "shared" in option:
                option = dict(option)
                flag = option.pop("shared")
                if flag is True or isinstance(flag, dict):
                    shared[str(option.get("name", i))] = {} if flag is True else flag
                elif flag is not False:
                    raise ValueError(f"options[{i}].shared: true, false or sharing settings, not {flag!r}")
            options.append(option)
        return {**data, "options": options, "shared": shared}

    @model_validator(mode="after")
    def _consistent(self) -> Portfolio:
        names = [o.name for o in self.options]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"option names must be unique; repeated: {', '.join(repeated)}")
        cases = [u.name for u in self.use_cases]
        repeated = sorted({n for n in cases if cases.count(n) > 1})
        if repeated:
            raise ValueError(f"use case names must be unique; repeated: {', '.join(repeated)}")
        by_name = {o.name: o for o in self.options}
        for name in self.shared:
            option = by_name.get(name)
            if option is None:
                raise ValueError(f"shared: {name!r} is not an option's name")
            if not isinstance(option, SelfHostedOption | HostedFinetuneOption):
                raise ValueError(  # noqa: TRY004 - pydantic reports a ValueError as a field error
                    f"option {name!r}: only self-hosted or dedicated-endpoint options can be shared"
                )
            if isinstance(option, SelfHostedOption) and option.method not in ("lora", "qlora"):
                raise ValueError(f"option {name!r}: shared serving holds LoRA adapters; method must be lora or qlora")
        for use_case in self.use_cases:
            for name in use_case.accuracy.by_option:
                if name not in by_name:
                    raise ValueError(f"use case {use_case.name!r}: accuracy.by_option names no option {name!r}")
        return self

    def scenario(self, use_case: UseCase) -> Scenario:
        """The one-use-case scenario every route of `use_case` is costed and gated with."""
        options = [
            o.model_copy(update={"accuracy": use_case.accuracy.by_option.get(o.name, o.accuracy)}) for o in self.options
        ]
        return Scenario(
            name=use_case.name,
            workload=use_case.load,
            training_data=use_case.training_data,
            horizon_months=self.horizon_months,
            team=self.team,
            assumptions=self.assumptions,
            required_accuracy=use_case.accuracy.required,
            price_change_per_year=self.price_change_per_year,
            start_date=self.start_date,
            options=options,
        )


def with_presets(p: Portfolio, catalog: Catalog) -> Portfolio:
    """The portfolio with each `preset` replaced by the catalog use case's workload."""
    resolved = []
    for i, use_case in enumerate(p.use_cases):
        if use_case.preset is not None:
            preset = find(catalog.usecases, use_case.preset, f"use_cases[{i}].preset", "use case preset")
            workload = Workload.model_validate(preset.workload.model_dump(exclude={"basis"}))
            use_case = use_case.model_copy(update={"workload": workload})
        resolved.append(use_case)
    return p.model_copy(update={"use_cases": resolved})


def _describe(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'portfolio'}: {e['msg']}" for e in exc.errors()[:5])


def parse_portfolio(data: object) -> Portfolio:
    """A validated portfolio, or one ScenarioError naming the field and the problem. Validators
    raise ValueError, which pydantic hands back as a ValidationError: that is all there is to
    catch, and anything else is a bug to see, not a message to show."""
    try:
        return Portfolio.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_describe(exc)) from None


def load_portfolio(path: Path | str) -> Portfolio:
    """Read a portfolio from a .json or .toml file."""
    return load_document(path, "portfolio", parse_portfolio)


# ---------------------------------------------------------------------------------------------
# Results


class SharedDeployment(BaseModel):
    option: str
    use_cases: list[str]
    adapters: int
    deployments: int
    replicas: int = Field(description="Replicas in month 1")
    max_replicas: int = Field(description="Most replicas in any month of the horizon")
    requests_per_replica_month: float = Field(
        description="What one replica serves of this mix, month 1, at the sized peak"
    )
    throughput_factor: float
    peak_to_average: float = Field(description="Peak-to-average of the summed traffic, month 1")
    adapter_memory_gib: float = Field(description="Adapter weights on each replica")


class Strategy(BaseModel):
    name: str
    feasible: bool
    reason: str = ""
    monthly_usd: float | None = Field(None, description="Month 1 cost")
    horizon_total_usd: float | None = None
    assignments: dict[str, str | None]
    cumulative_usd: list[float] = Field(default_factory=list)
    shared: dict[str, SharedDeployment] = Field(default_factory=dict)


class PortfolioResult(BaseModel):
    portfolio: str
    horizon_months: int
    strategies: list[Strategy]
    best_mix: Strategy
    shared_options: dict[str, SharedDeployment]
    moves: list[str] = Field(description="Which use cases leave prompting in the best mix, and why, in words")
    routes_usd: dict[str, dict[str, float | None]] = Field(
        description="Each use case alone on each option, horizon total"
    )
    set_aside: dict[str, dict[str, str]] = Field(description="Routes a use case may not take, with the gate that fired")
    refused: dict[str, str] = Field(description="Shared deployments that cannot hold the adapters asked of them")
    search: dict[str, Any]
    assumptions: dict[str, dict[str, Any]]


# ---------------------------------------------------------------------------------------------
# Costing


def adapter_bytes(model: Any, rank: int, modules: tuple[str, ...]) -> float:
    """One adapter's BF16 weights: rank × (d_in + d_out) per target module, per layer."""
    h, q, kv = model.hidden_size, model.attention_heads * model.head_dim, model.kv_heads * model.head_dim
    mlp = h + MLP_RATIO * h
    width = {
        "q_proj": h + q,
        "k_proj": h + kv,
        "v_proj": h + kv,
        "o_proj": q + h,
        "gate_proj": mlp,
        "up_proj": mlp,
        "down_proj": mlp,
    }
    return rank * sum(width[m] for m in modules) * model.layers * ADAPTER_BYTES_PER_PARAM


def throughput_factor(adapters: int, m: MultiLora) -> float:
    """Share of a merged model's throughput left when `adapters` adapters share the base."""
    if adapters <= 1:
        return 1.0
    return max(0.05, m.unmerged_throughput * (1 - m.throughput_loss_per_decade * math.log10(adapters)))


@dataclass
class Member:
    """One use case's part in a shared option: what it adds to the deployment."""

    upfront_usd: float  # its training run
    monthly_usd: np.ndarray  # its adapter's retraining and storage, month by month (drifted)
    load: np.ndarray  # replicas its traffic needs at the average, month by month, merged
    peak_to_average: float
    volumes: np.ndarray  # requests month by month
    tokens: tuple[float, float]  # prompt, output: for the memory check
    requests_per_s: float  # one replica, merged adapter, full memory


@dataclass
class SharedOption:
    """Everything needed to cost any set of use cases on one shared option."""

    name: str
    index: int
    once_upfront_usd: float
    once_monthly_usd: np.ndarray
    replica_usd: np.ndarray  # one replica, month by month (drifted)
    min_replicas: int
    adapter_limit: int | None
    adapter_bytes: float
    rank: int
    sizing_args: tuple  # model, spec, gpus, bits
    assumptions: Assumptions
    members: dict[int, Member] = field(default_factory=dict)
    slowdowns: dict[tuple[int, int], float | str] = field(
        default_factory=dict
    )  # (member, resident) -> rps ratio or why not
    memo: dict[frozenset, tuple[float, SharedDeployment | None, np.ndarray | None, str]] = field(default_factory=dict)


@dataclass
class Routes:
    """Costs of each use case alone on each option, and which routes its gates allow."""

    names: list[str]
    volumes: list[float]  # month 1 requests per use case
    options: list[str]
    kinds: list[str]
    total: np.ndarray  # (use cases, options) horizon totals; nan where not allowed
    monthly: np.ndarray
    cumulative: np.ndarray  # (use cases, options, months)
    set_aside: dict[str, dict[str, str]]
    shared: dict[int, SharedOption]  # option index -> shared costing

    def allowed(self, i: int) -> list[int]:
        return [o for o in range(len(self.options)) if not np.isnan(self.total[i, o])]


def _factors(cm: CostModel, p: Portfolio) -> np.ndarray:
    change = p.price_change_per_year
    rate = getattr(change, cm.drift) if change is not None and cm.drift else 0.0
    return drift_factors(rate, p.horizon_months)


def _serving_target(option: Option, cm: CostModel, catalog: Catalog, index: int) -> tuple:
    """(model, GPU spec, GPUs per replica, serving bits) of an option's replicas."""
    if isinstance(option, SelfHostedOption):
        gpu = find(catalog.gpus, option.gpu_offer, f"options[{index}].gpu_offer", "GPU offer")
        return (
            find(catalog.models, option.model, f"options[{index}].model", "open model"),
            find(catalog.specs, gpu.gpu, f"options[{index}].gpu_offer", "GPU spec"),
            gpu.gpu_count,
            option.serving_bits,
        )
    tuned = catalog.finetune[cm.references["offer"]]
    return (
        find(catalog.models, str(tuned.open_model), f"options[{index}].offer.open_model", "open model"),
        find(catalog.specs, str(tuned.endpoint_gpu), f"options[{index}].offer.endpoint_gpu", "GPU spec"),
        cm.step_gpus,
        16,
    )


def _adapter_limit(option: Option, sharing: Sharing, cm: CostModel, p: Portfolio) -> int | None:
    if sharing.max_adapters_per_deployment is not None:
        return sharing.max_adapters_per_deployment
    if isinstance(option, HostedFinetuneOption) and cm.references.get("offer", "").startswith("fireworks/"):
        return p.multi_lora.fireworks_adapters_per_deployment
    return None


def _shared_option(p: Portfolio, catalog: Catalog, o: int, cm: CostModel, months: int) -> SharedOption:
    """What a shared deployment of option o costs whoever is on it, from the use case whose replica is largest."""
    option, sharing = p.options[o], p.shared[p.options[o].name]
    if cm.step_usd == 0:
        raise ScenarioError(
            f"option {option.name!r}: shared serving needs replicas billed by the hour; "
            "this offer bills its fine-tuned model per token"
        )
    factors = _factors(cm, p)
    once_monthly = np.full(months, cm.team_monthly_usd)  # the team's upkeep, once per deployment; no drift
    target = _serving_target(option, cm, catalog, o)
    rank = sharing.lora_rank or p.assumptions.lora_rank
    return SharedOption(
        name=option.name,
        index=o,
        once_upfront_usd=cm.team_upfront_usd,
        once_monthly_usd=once_monthly,
        replica_usd=cm.step_usd * factors,
        min_replicas=max(1, cm.min_steps),
        adapter_limit=_adapter_limit(option, sharing, cm, p),
        adapter_bytes=adapter_bytes(target[0], rank, sharing.target_modules),
        rank=rank,
        sizing_args=target,
        assumptions=p.assumptions,
    )


def _member(cm: CostModel, use_case: UseCase, p: Portfolio, volumes: np.ndarray) -> Member:
    """A use case's adapter on a shared option, from its own cost model on that option."""
    a = p.assumptions
    factors = _factors(cm, p)
    per_adapter = sum(v for k, v in cm.monthly_parts.items() if k in ("retraining", "storage"))
    # step_capacity = requests_per_s × utilisation × serving seconds / peak_to_average: undo the peak
    average_capacity = cm.step_capacity * a.peak_to_average
    prompt = cm.tokens_per_request - use_case.load.output_tokens
    return Member(
        upfront_usd=cm.training_usd,
        monthly_usd=per_adapter * factors,
        load=volumes / average_capacity,
        volumes=volumes,
        peak_to_average=use_case.peak_to_average or a.peak_to_average,
        tokens=(prompt, use_case.load.output_tokens),
        requests_per_s=cm.sizing.requests_per_s if cm.sizing else 0.0,
    )


def shared_cost(
    so: SharedOption, members: frozenset[int], m: MultiLora
) -> tuple[float, SharedDeployment | None, np.ndarray | None, str]:
    """Horizon total of `members` sharing one option (inf and a reason when it cannot)."""
    if members in so.memo:
        return so.memo[members]
    n = len(members)
    limit = so.adapter_limit or n
    deployments = math.ceil(n / limit)
    resident = min(n, limit)
    _, spec, gpus, _ = so.sizing_args
    a = so.assumptions
    total_memory = spec.memory_gib * GIB * gpus
    adapters = resident * so.adapter_bytes
    fraction = a.usable_memory_fraction - adapters / total_memory
    factor = throughput_factor(n, m)
    loads, excesses, reasons = [], [], []
    for i in sorted(members):
        slowdown = _slowdown(so, i, resident, fraction)
        if isinstance(slowdown, str):
            reasons.append(slowdown)
            break
        load = so.members[i].load / (slowdown * factor)
        loads.append(load)
        excesses.append(load * (so.members[i].peak_to_average - 1))
    if reasons:
        why = (
            f"{resident} adapters of rank {so.rank} ({so.adapter_bytes / GIB:,.2f} GiB each) take {adapters / GIB:,.1f} GiB "
            f"on each replica of {gpus} × {spec.name}; next to the weights they leave no room for one sequence's "
            f"KV cache ({reasons[0]})"
        )
        so.memo[members] = (math.inf, None, None, why)
        return so.memo[members]
    load_sum = np.sum(loads, axis=0)
    excess = np.asarray(excesses)
    c = m.peak_coincidence
    peak = load_sum + c * excess.sum(axis=0) + (1 - c) * np.sqrt((excess**2).sum(axis=0))
    replicas = np.maximum(max(so.min_replicas, deployments), np.ceil(peak - 1e-9))
    monthly = so.once_monthly_usd + sum(so.members[i].monthly_usd for i in members) + replicas * so.replica_usd
    upfront = so.once_upfront_usd + sum(so.members[i].upfront_usd for i in members)
    cumulative = upfront + np.cumsum(monthly)
    requests = sum(float(so.members[i].volumes[0]) for i in members)
    deployment = SharedDeployment(
        option=so.name,
        use_cases=[],
        adapters=n,
        deployments=deployments,
        replicas=int(replicas[0]),
        max_replicas=int(replicas.max()),
        requests_per_replica_month=round(requests / float(peak[0]), 1) if peak[0] > 0 else 0.0,
        throughput_factor=round(factor, 4),
        peak_to_average=round(float(peak[0] / load_sum[0]), 4) if load_sum[0] > 0 else 1.0,
        adapter_memory_gib=round(adapters / GIB, 3),
    )
    so.memo[members] = (float(cumulative[-1]), deployment, cumulative, "")
    return so.memo[members]


def _slowdown(so: SharedOption, i: int, resident: int, fraction: float) -> float | str:
    """Throughput left to member i when `resident` adapters take GPU memory from the KV cache
    (the batch shrinks), or why the replica cannot serve it at all."""
    key = (i, resident)
    if key not in so.slowdowns:
        member = so.members[i]
        model, spec, gpus, bits = so.sizing_args
        if fraction <= 0:
            so.slowdowns[key] = "no memory left"
        else:
            sizing = size(
                model,
                spec,
                gpus,
                "none",
                so.assumptions.model_copy(update={"usable_memory_fraction": fraction}),
                member.tokens[0],
                member.tokens[1],
                bits,
            )
            so.slowdowns[key] = (
                sizing.reason
                if not sizing.fits
                else sizing.requests_per_s / member.requests_per_s
                if member.requests_per_s
                else 1.0
            )
    return so.slowdowns[key]


def routes(p: Portfolio, catalog: Catalog) -> Routes:
    """Each use case alone on each option (the estimate's totals and gates), and shared costing."""
    months = p.horizon_months
    n, k = len(p.use_cases), len(p.options)
    total = np.full((n, k), np.nan)
    monthly = np.full((n, k), np.nan)
    cumulative = np.full((n, k, months), np.nan)
    set_aside: dict[str, dict[str, str]] = {}
    members: dict[int, dict[int, Member]] = {}
    largest: dict[int, CostModel] = {}  # per shared option, the replica that every use case fits on
    for i, use_case in enumerate(p.use_cases):
        s = p.scenario(use_case)
        result = estimate(s, catalog, with_curves=False, with_uncertainty=False)
        gates = result.recommendation.set_aside
        set_aside[use_case.name] = dict(gates)
        models = cost_models(s, catalog)
        volumes = month_volumes(s)
        for o, r in enumerate(result.options):
            if r.name in gates or r.horizon_total_usd is None:
                continue
            if r.name in p.shared and r.lifecycle is not None and r.lifecycle.move is not None:
                set_aside[use_case.name][r.name] = (
                    "shared route ends inside the horizon: the move of a "
                    "shared deployment to a successor is not modelled"
                )
                continue
            total[i, o] = r.horizon_total_usd
            monthly[i, o] = r.monthly_by_month_usd[0]
            cumulative[i, o] = r.cumulative_usd
            if r.name in p.shared:
                members.setdefault(o, {})[i] = _member(models[o], use_case, p, volumes)
                if o not in largest or models[o].step_usd > largest[o].step_usd:
                    largest[o] = models[o]
    shared = {o: _shared_option(p, catalog, o, cm, months) for o, cm in largest.items()}
    for o, found in members.items():
        shared[o].members.update(found)
    return Routes(
        names=[u.name for u in p.use_cases],
        volumes=[u.load.requests_per_month for u in p.use_cases],
        options=[o.name for o in p.options],
        kinds=[o.kind for o in p.options],
        total=total,
        monthly=monthly,
        cumulative=cumulative,
        set_aside={u: g for u, g in set_aside.items() if g},
        shared=shared,
    )


@dataclass
class Mix:
    """An assignment (option index per use case, None = no route) and what it costs."""

    assignment: tuple[int | None, ...]
    total: float
    monthly: float
    cumulative: np.ndarray
    shared: dict[str, SharedDeployment]
    reason: str = ""


def group_cost(
    r: Routes, o: int, members: frozenset[int], m: MultiLora
) -> tuple[float, SharedDeployment | None, np.ndarray | None, str]:
    """Horizon total of `members` on option o: one use case is its own deployment (or its
    own route, for an option that is not shared); several share one when the option allows."""
    if len(members) == 1 or o not in r.shared:
        cumulative = r.cumulative[sorted(members), o].sum(axis=0)
        return float(cumulative[-1]), None, cumulative, ""
    return shared_cost(r.shared[o], members, m)


def total_of(r: Routes, assignment: tuple[int | None, ...], m: MultiLora) -> float:
    """The portfolio's horizon total for an assignment (what the searches compare)."""
    if any(o is None for o in assignment):
        return math.inf
    groups: dict[int, set[int]] = {}
    total = 0.0
    for i, o in enumerate(assignment):
        if o in r.shared:
            groups.setdefault(o, set()).add(i)
        else:
            total += float(r.total[i, o])
    return total + sum(group_cost(r, o, frozenset(g), m)[0] for o, g in groups.items())


def cost_of(r: Routes, assignment: tuple[int | None, ...], m: MultiLora) -> Mix:
    """The portfolio's cost when use case i takes option assignment[i] (shared options pool)."""
    if any(o is None for o in assignment):
        missing = [r.names[i] for i, o in enumerate(assignment) if o is None]
        return Mix(assignment, math.inf, math.inf, np.array([]), {}, f"no route left for {', '.join(missing)}")
    groups: dict[int, set[int]] = {}
    for i, o in enumerate(assignment):
        if o in r.shared:
            groups.setdefault(o, set()).add(i)
    months = r.cumulative.shape[2]
    cumulative = np.zeros(months)
    deployments: dict[str, SharedDeployment] = {}
    for i, o in enumerate(assignment):
        if o not in r.shared:
            cumulative += r.cumulative[i, o]
    for o, members in groups.items():
        _, deployment, curve, why = group_cost(r, o, frozenset(members), m)
        if curve is None:
            return Mix(assignment, math.inf, math.inf, np.array([]), {}, why)
        cumulative += curve
        if deployment is not None:
            deployments[r.options[o]] = deployment.model_copy(
                update={"use_cases": [r.names[i] for i in sorted(members)]}
            )
    upfront = _upfront(r, assignment, groups)
    return Mix(assignment, float(cumulative[-1]), float(cumulative[0] - upfront), cumulative, deployments)


def _upfront(r: Routes, assignment: tuple[int | None, ...], groups: dict[int, set[int]]) -> float:
    """Upfront spend (before month 1), so month 1's cost is the first cumulative step minus it."""
    upfront = 0.0
    for i, o in enumerate(assignment):
        if o is not None and (o not in r.shared or len(groups[o]) == 1):
            upfront += r.cumulative[i, o, 0] - r.monthly[i, o]
    for o, members in groups.items():
        if len(members) > 1:
            so = r.shared[o]
            upfront += so.once_upfront_usd + sum(so.members[i].upfront_usd for i in members)
    return upfront


def exhaustive(r: Routes, m: MultiLora, choices: list[list[int]] | None = None) -> Mix:
    """Every assignment, one by one: the reference the smarter search must equal."""
    choices = choices if choices is not None else [r.allowed(i) for i in range(len(r.names))]
    if any(not c for c in choices):
        return cost_of(r, tuple(c[0] if c else None for c in choices), m)
    best = min(itertools.product(*choices), key=lambda assignment: total_of(r, assignment, m))
    return cost_of(r, best, m)


def _additive_floor(r: Routes, i: int, o: int) -> float:
    """The least use case i adds to any set on option o: its own route, or its adapter's
    training and monthly parts on a shared deployment (shared costs only grow with members)."""
    if o not in r.shared:
        return float(r.total[i, o])
    member = r.shared[o].members[i]
    return min(float(r.total[i, o]), member.upfront_usd + float(member.monthly_usd.sum()))


def branch_and_bound(r: Routes, m: MultiLora, start: tuple[int | None, ...] | None = None) -> tuple[Mix, bool, int]:
    """The cheapest assignment: depth-first over use cases (largest stakes first), pruned by
    the cost so far plus each remaining use case's floor. Returns (mix, proven, nodes)."""
    n = len(r.names)
    choices = [r.allowed(i) for i in range(n)]
    if any(not c for c in choices):
        return exhaustive(r, m, choices), True, 0
    floors = [{o: _additive_floor(r, i, o) for o in choices[i]} for i in range(n)]
    order = sorted(range(n), key=lambda i: -(max(floors[i].values()) - min(floors[i].values())))
    tail = [0.0] * (n + 1)
    for depth in range(n - 1, -1, -1):
        tail[depth] = tail[depth + 1] + min(floors[order[depth]].values())
    best_total = total_of(r, start, m) if start is not None else math.inf
    best = start
    nodes = 0
    assignment: list[int | None] = [None] * n
    groups: dict[int, frozenset[int]] = {}

    def visit(depth: int, fixed: float) -> bool:
        nonlocal best, best_total, nodes
        nodes += 1
        if nodes > NODE_LIMIT:
            return False
        so_far = fixed + sum(group_cost(r, o, g, m)[0] for o, g in groups.items() if g)
        if so_far + tail[depth] >= best_total - 1e-6:
            return True
        if depth == n:
            best, best_total = tuple(assignment), so_far
            return True
        i = order[depth]
        for o in sorted(choices[i], key=lambda o: floors[i][o]):
            assignment[i] = o
            if o in r.shared:
                before = groups.get(o, frozenset())
                groups[o] = before | {i}
                ok = visit(depth + 1, fixed)
                groups[o] = before
            else:
                ok = visit(depth + 1, fixed + float(r.total[i, o]))
            if not ok:
                return False
        assignment[i] = None
        return True

    proven = visit(0, 0.0)
    assert best is not None  # the first leaf reached sets it; a start gives one too
    return cost_of(r, best, m), proven, nodes


def best_mix(r: Routes, m: MultiLora) -> tuple[Mix, dict[str, Any]]:
    """The cheapest allowed assignment, with how it was found."""
    choices = [r.allowed(i) for i in range(len(r.names))]
    space = math.prod(len(c) for c in choices)
    if space <= EXHAUSTIVE_LIMIT:
        return exhaustive(r, m, choices), {"method": "exhaustive", "assignments": space, "proven_optimal": True}
    cheapest_alone = tuple(_cheapest(r, i, set(c)) for i, c in enumerate(choices))
    # a first bound to prune against: each use case alone at its cheapest, or every one it can on one shared base
    starts = [cheapest_alone] + [
        tuple(o if o in c else cheapest_alone[i] for i, c in enumerate(choices)) for o in r.shared
    ]
    mix, proven, nodes = branch_and_bound(r, m, min(starts, key=lambda x: total_of(r, x, m)))
    return mix, {"method": "branch_and_bound", "assignments": space, "nodes": nodes, "proven_optimal": proven}


def _strategy(name: str, r: Routes, mix: Mix | None, why: str = "") -> Strategy:
    if mix is None or not math.isfinite(mix.total):
        reason = why or (mix.reason if mix else "")
        assignments = {
            u: (r.options[o] if mix and o is not None else None)
            for u, o in zip(r.names, mix.assignment if mix else [None] * len(r.names), strict=True)
        }
        return Strategy(name=name, feasible=False, reason=reason, assignments=assignments)
    return Strategy(
        name=name,
        feasible=True,
        monthly_usd=round(mix.monthly, 2),
        horizon_total_usd=round(mix.total, 2),
        assignments={u: r.options[o] for u, o in zip(r.names, mix.assignment, strict=True) if o is not None},
        cumulative_usd=[round(float(v), 2) for v in mix.cumulative],
        shared=mix.shared,
    )


def _cheapest(r: Routes, i: int, kinds: set[int]) -> int | None:
    allowed = [o for o in r.allowed(i) if o in kinds]
    return min(allowed, key=lambda o: r.total[i, o]) if allowed else None


def _fallback(r: Routes, wanted: list[int | None], what: str) -> tuple[tuple[int | None, ...], str]:
    """Use cases that cannot take the strategy's route keep their cheapest allowed one, said so."""
    out, kept = [], []
    for i, o in enumerate(wanted):
        if o is None:
            o = _cheapest(r, i, set(range(len(r.options))))
            kept.append(f"{r.names[i]} stays on {r.options[o]}" if o is not None else f"{r.names[i]} has no route")
        out.append(o)
    return tuple(out), (f"{what} is not allowed for every use case (see set_aside): {'; '.join(kept)}" if kept else "")


def strategies(r: Routes, m: MultiLora) -> tuple[list[Strategy], Mix, dict[str, Any], dict[str, str]]:
    """The three plain strategies and the best mix, plus shared deployments refused and why.

    "Each on its own deployment" puts every use case on its cheapest shared-capable option
    alone (one deployment each); "everything on one shared base" puts them all on the shared
    option that is cheapest for all of them together. A use case a strategy's route is not
    allowed for keeps its cheapest allowed route, and the strategy says so."""
    n = len(r.names)
    prompting = {o for o, kind in enumerate(r.kinds) if kind == "prompting"}
    deployable = set(r.shared)
    out = []
    prompted, note = _fallback(r, [_cheapest(r, i, prompting) for i in range(n)], "prompting")
    out.append(_with_note(_strategy(PROMPTED, r, cost_of(r, prompted, m)), note))
    own, note = _fallback(r, [_cheapest(r, i, deployable) for i in range(n)], "a deployment")
    own_mix = Mix(own, math.inf, math.inf, np.array([]), {}, "no route left")
    if all(o is not None for o in own):
        cumulative = sum((r.cumulative[i, o] for i, o in enumerate(own)), np.zeros(r.cumulative.shape[2]))
        upfront = sum(float(r.cumulative[i, o, 0] - r.monthly[i, o]) for i, o in enumerate(own) if o is not None)
        own_mix = Mix(own, float(cumulative[-1]), float(cumulative[0] - upfront), cumulative, {})
    out.append(_with_note(_strategy(OWN_DEPLOYMENT, r, own_mix), note if deployable else "no shared option"))
    refused: dict[str, str] = {}
    one_base: tuple[Mix, str] | None = None
    for o in sorted(deployable):
        assignment, note = _fallback(r, [o if o in r.allowed(i) else None for i in range(n)], r.options[o])
        mix = cost_of(r, assignment, m)
        if not math.isfinite(mix.total):
            refused[r.options[o]] = mix.reason
        elif one_base is None or mix.total < one_base[0].total:
            one_base = (mix, note)
    if one_base is None:
        why = "; ".join(f"{k}: {v}" for k, v in refused.items()) or "no shared option"
        out.append(_strategy(ONE_SHARED_BASE, r, None, why))
    else:
        out.append(_with_note(_strategy(ONE_SHARED_BASE, r, one_base[0]), one_base[1]))
    mix, search = best_mix(r, m)
    out.append(_strategy(BEST_MIX, r, mix))
    return out, mix, search, refused


def _with_note(strategy: Strategy, note: str) -> Strategy:
    return strategy.model_copy(update={"reason": strategy.reason or note}) if note else strategy


def _money(value: float) -> str:
    """Whole dollars, but cents below $100: an adapter added to a running deployment can cost
    cents (its training alone), and "$1" would hide that."""
    return f"${value:,.2f}" if abs(value) < 100 else f"${value:,.0f}"


def moves(r: Routes, best: Mix, m: MultiLora, baseline: Strategy) -> list[str]:
    """In words: which use cases the best mix takes off prompting (or keeps there), and why."""
    lines: list[str] = []
    groups: dict[int, frozenset[int]] = {}
    for i, o in enumerate(best.assignment):
        if o in r.shared:
            groups[o] = groups.get(o, frozenset()) | {i}
    for o, members in groups.items():
        total, deployment, _, _ = group_cost(r, o, members, m)
        if deployment is not None:
            to_prompt = sum(
                float(r.total[i, r.options.index(route)])
                for i in members
                if (route := baseline.assignments.get(r.names[i])) is not None
            )
            lines.append(
                f"{r.options[o]} serves {deployment.adapters} adapters on {deployment.replicas} replica(s): "
                f"{_money(total)} over the horizon for all of them, against {_money(to_prompt)} to prompt them; "
                "once its replicas run, each adapter adds only its training and whatever replicas its traffic needs."
            )
    for i, o in enumerate(best.assignment):
        if o is None:
            continue
        name, volume = r.names[i], _volume(r, i)
        prompted = baseline.assignments.get(name)
        alone = (
            f"{_money(float(r.total[i, r.options.index(prompted)]))} on {prompted}"
            if prompted
            else "no prompting route"
        )
        if o in groups and len(groups[o]) > 1:
            rest = groups[o] - {i}
            added = group_cost(r, o, groups[o], m)[0] - group_cost(r, o, rest, m)[0]
            lines.append(
                f"{name} ({volume}) moves to the shared deployment {r.options[o]} with {len(rest)} other "
                f"adapter(s): adding it costs {_money(added)} over the horizon against {alone}."
            )
        elif r.kinds[o] == "prompting":
            cheapest_shared = [
                (group_cost(r, s, g | {i}, m)[0] - group_cost(r, s, g, m)[0], s)
                for s, g in groups.items()
                if s in r.allowed(i) and len(g) >= 1
            ]
            if cheapest_shared:
                added, s = min(cheapest_shared)
                lines.append(
                    f"{name} ({volume}) stays on {r.options[o]}: {_money(r.total[i, o])} over the horizon; "
                    f"adding it to {r.options[s]} would cost {_money(added)}."
                )
            else:
                gates = "; ".join(
                    f"{k}: {v}" for k, v in r.set_aside.get(name, {}).items() if k in {r.options[s] for s in r.shared}
                )
                lines.append(
                    f"{name} ({volume}) stays on {r.options[o]}: {_money(r.total[i, o])} over the horizon"
                    + (f"; {gates}." if gates else ".")
                )
        else:
            lines.append(
                f"{name} ({volume}) moves to {r.options[o]} on its own: {_money(r.total[i, o])} over the "
                f"horizon against {alone}."
            )
    return lines


def _volume(r: Routes, i: int) -> str:
    return f"{r.volumes[i]:,.0f} requests/month"


def evaluate(p: Portfolio, catalog: Catalog) -> PortfolioResult:
    """The portfolio's strategies, its best mix and the reasons, for the CLI and the page."""
    p = with_presets(p, catalog)
    r = routes(p, catalog)
    out, best, search, refused = strategies(r, p.multi_lora)
    best_strategy = out[-1]
    assumptions = {
        name: {
            "value": getattr(p.multi_lora, name, None) if name != "lora_rank" else p.assumptions.lora_rank,
            **a.model_dump(),
        }
        for name, a in MULTI_LORA_ASSUMPTIONS.items()
    }
    return PortfolioResult(
        portfolio=p.name,
        horizon_months=p.horizon_months,
        strategies=out,
        best_mix=best_strategy,
        shared_options=best_strategy.shared,
        moves=moves(r, best, p.multi_lora, out[0]) if math.isfinite(best.total) else [best.reason],
        routes_usd={
            u: {
                o: (None if np.isnan(r.total[i, k]) else round(float(r.total[i, k]), 2))
                for k, o in enumerate(r.options)
            }
            for i, u in enumerate(r.names)
        },
        set_aside=r.set_aside,
        refused=refused,
        search=search,
        assumptions=assumptions,
    )
