"""The scenario: a workload, a horizon, a team, and the options to compare.

Field names are a contract shared by scenario files, the CLI and the dashboard. A quote the
user did not enter is zero, but team time is not: a route's monthly hours and the hourly rate,
left unset (None), take the sourced defaults in `Assumptions` (`team_*`), because a self-hosted
model that looks free to run flips verdicts; a 0 the user enters is kept as 0. Every modelling
estimate lives in `Assumptions`, with a default, a reason and a source, and can be changed per
scenario.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo

from catalog.records import GpuName, Money


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Fraction = Annotated[float, Field(ge=0, le=1)]
MIN_EFFICIENCY = 0.01
"""Efficiencies are shares of a peak and each is divided by: a floor of 1% keeps every result
finite (1e-310 would overflow) while staying far below any measured value."""
MAX_SCENARIO_BYTES = 1_000_000
"""A scenario is a few kilobytes; the cap keeps a huge file (or /dev/zero) from filling memory."""
MAX_SEED = 2**32 - 1
Count = Annotated[float, Field(ge=0, le=1e13, allow_inf_nan=False)]


class Workload(_Strict):
    requests_per_month: Count
    input_tokens: Count = Field(description="User content per request")
    output_tokens: Count
    prompt_overhead_tokens: Count = Field(0, description="System prompt + few-shot examples prompting needs")
    tuned_overhead_tokens: Count = Field(0, description="The short instruction left after fine-tuning")
    cached_overhead_fraction: Fraction = Field(0, description="Share of overhead billed at the cached price")
    batch_fraction: Fraction = Field(0, description="Share of traffic eligible for batch APIs")
    cache_write_fraction: Fraction = Field(
        0,
        description="Share of overhead written to the prompt cache per request, billed at the model's cache-write "
        "price where it has one (Anthropic: 1.25x input for 5 minutes, 2x for 1 hour), else at the input price",
    )
    cache_ttl: Literal["5m", "1h"] = Field(
        "5m", description="How long cache writes live: Anthropic bills 1 h writes dearer"
    )
    off_peak_fraction: Fraction = Field(
        0, description="Share of requests made in a provider's off-peak hours (0: all at the peak price)"
    )
    monthly_growth: float = Field(0, ge=-0.5, le=2, description="Volume growth per month (0.05 = +5%)")

    @model_validator(mode="after")
    def _overhead_shares(self) -> Workload:
        """Each overhead token is read from the cache, written to it, or neither: the two shares
        cannot add up to more than the whole overhead."""
        if self.cached_overhead_fraction + self.cache_write_fraction > 1 + 1e-9:
            raise ValueError(
                f"cached_overhead_fraction ({self.cached_overhead_fraction}) + cache_write_fraction "
                f"({self.cache_write_fraction}) is over 1: a token is either read from the cache or written to it"
            )
        return self


class TrainingData(_Strict):
    examples: Count = 0
    tokens_per_example: Count = 0
    epochs: Count = 3

    @property
    def training_tokens(self) -> float:
        """Tokens billed or computed for one training run: dataset tokens x epochs."""
        return self.examples * self.tokens_per_example * self.epochs


class Hours(_Strict):
    upfront_hours: Count = 0
    monthly_hours: Count | None = Field(
        None,
        description="Upkeep hours a month; unset: the route's default (assumptions.team_monthly_hours_*); 0 is kept",
    )


class Team(_Strict):
    hourly_rate_usd: Money | None = Field(
        None, description="USD per engineer-hour; unset: assumptions.team_hourly_rate_usd; 0 is kept"
    )
    prompting: Hours = Hours()
    hosted_finetune: Hours = Hours()
    self_hosted: Hours = Hours()
    fixed: Hours = Hours()
    retrains_per_year: Count = 0
    migration_hours: Count = Field(0, description="Hours to move to a successor when a route shuts down")


class Assumption(_Strict):
    """How an assumption is shown: its reason and where the default comes from."""

    reason: str
    source: str


def _estimate(default: Any, *, reason: str, source: str, **bounds: Any) -> Any:
    """A field that is an estimate: its reason is the field's description, its source beside it."""
    return Field(default, description=reason, json_schema_extra={"source": source}, **bounds)


def _shown(field: FieldInfo) -> Assumption:
    extra = field.json_schema_extra
    assert field.description and isinstance(extra, dict), "every estimate says why and where from"
    return Assumption(reason=field.description, source=str(extra["source"]))


class Assumptions(_Strict):
    """Every modelling estimate: a default, the reason it matters and where the default comes from
    (each field's description and `source`; the dashboard and `estimate` show both)."""

    mfu_full: float = _estimate(
        0.35,
        ge=MIN_EFFICIENCY,
        le=1,
        reason="Share of peak BF16 FLOPS a full fine-tune achieves.",
        source="mosaicml/llm-foundry benchmarks: 26-46% MFU on 8-64 H100 (46.4% MPT-7B)",
    )
    mfu_lora: float = _estimate(
        0.30,
        ge=MIN_EFFICIENCY,
        le=1,
        reason="LoRA computes the same forward/backward passes at similar efficiency.",
        source="same range as full fine-tuning (llm-foundry); taken at the low end for small batches",
    )
    qlora_speed_ratio: float = _estimate(
        0.78,
        ge=MIN_EFFICIENCY,
        le=1,
        reason="QLoRA dequantises weights on the fly, so it trains slower than LoRA.",
        source="pytorch/torchtune README: Llama-3.1-8B 2,413 (QLoRA) vs 3,083 (LoRA) tokens/s = 0.78",
    )
    a100_mfu_factor: float = _estimate(
        1.43,
        ge=MIN_EFFICIENCY,
        le=3,
        reason="An A100 reaches a larger share of its (lower) peak than an H100 in the same training run: "
        "mfu_full and mfu_lora are H100 figures, multiplied by this when training on A100s.",
        source="mosaicml/llm-foundry scripts/train/benchmarking/README.md at commit 5e85bd62 (2024-01-06), "
        "seq 2048 on 8 GPUs without activation checkpointing: MFU 59.86% on A100-80GB vs 41.82% on H100 "
        "for the 1B model (1.43); 7B 64.23 vs 46.44 (1.38); 13B 59.57 vs 39.79 (1.50); A100-40GB 1B 56.23 (1.34): "
        "https://github.com/mosaicml/llm-foundry/blob/5e85bd62d4ec9e13353ca95877477602ab538e5b/scripts/train/benchmarking/README.md",
    )
    gradient_checkpointing: bool = _estimate(
        True,
        reason="Recomputing activations adds one forward pass (+2·N·D FLOPs) but saves memory.",
        source="EleutherAI, Transformer Math 101",
    )
    training_seq_len: int = _estimate(
        2048,
        gt=0,
        le=1_000_000,
        reason="Sequence length used for the activation-memory estimate when training.",
        source="torchtune / llm-foundry benchmark setting (packed 2048)",
    )
    bandwidth_efficiency: float = _estimate(
        0.6,
        ge=MIN_EFFICIENCY,
        le=1,
        reason="Share of peak memory bandwidth a decode step achieves (η).",
        source="our estimate in the 0.5-0.7 band decode kernels reach; the memory-bound model is kipply's Transformer inference arithmetic (https://kipp.ly/transformer-inference-arithmetic/)",
    )
    serving_mfu: float = _estimate(
        0.4,
        ge=MIN_EFFICIENCY,
        le=1,
        reason="Share of peak FLOPS reached in batched decode and prefill.",
        source="our estimate, checked against the public measurements in docs/sizing.md",
    )
    max_batch: int = _estimate(
        256,
        ge=1,
        le=4096,
        reason="Concurrent sequences a serving engine schedules at most per replica.",
        source="vLLM default max_num_seqs = 256",
    )
    serving_memory_overhead: float = _estimate(
        1.2,
        ge=1,
        le=3,
        reason="Runtime memory beyond the weights (activations, CUDA graphs, fragmentation).",
        source="EleutherAI, Transformer Math 101 (https://blog.eleuther.ai/transformer-math/): inference memory ≈ 1.2 × model memory",
    )
    utilisation: float = _estimate(
        0.7,
        ge=MIN_EFFICIENCY,
        le=1,
        reason="Share of a replica's capacity you can plan to use at peak without queueing.",
        source="our estimate; peers use 50-80% (silybench break-even utilisation)",
    )
    peak_to_average: float = _estimate(
        2.0,
        ge=1,
        le=20,
        reason="Peak-hour traffic over the monthly average: replicas are sized for the peak.",
        source="our estimate for business-hours traffic; set 1 for flat batch loads",
    )
    usable_memory_fraction: float = _estimate(
        0.9,
        ge=MIN_EFFICIENCY,
        le=1,
        reason="Share of GPU memory a framework can fill; the rest is CUDA context and headroom.",
        source="vLLM default gpu_memory_utilization = 0.9",
    )
    lora_rank: int = _estimate(
        16,
        ge=1,
        le=1024,
        reason="Adapter rank: sets adapter parameters (and their optimizer state) in memory.",
        source="common default (torchtune, PEFT examples) r = 8-16",
    )
    hours_per_month: float = _estimate(
        730,
        gt=0,
        le=744,
        reason="Hours an always-on replica or hourly fee is billed in a month.",
        source="730 h = 8,760 h / 12, as cloud price calculators use",
    )
    scale_to_zero_window_hours: float = _estimate(
        1.0,
        ge=0,
        le=24,
        reason="A scale-to-zero endpoint keeps its replica this long after the last request, billed, before "
        "it stops; the next request then waits a cold start.",
        source="Fireworks autoscaling docs (docs.fireworks.ai/deployments/autoscaling): --scale-to-zero-window "
        "default 1h, min-replica-count default 0; cold starts take up to a few minutes from 0 to 1",
    )
    team_hourly_rate_usd: float = _estimate(
        106.0,
        ge=0,
        le=10_000,
        reason="Cost of one engineer-hour when team.hourly_rate_usd is unset: team time is a cost of every "
        "route, and at $0 self-hosting looks free to run. Set your own rate, or 0 to leave team time out.",
        source="eltherion.com, 'Self-hosting LLMs: 3-year TCO' (2026): a senior US ML engineer costs about "
        "$220k a year fully loaded; / 2,080 working hours = $106/h",
    )
    team_monthly_hours_prompting: float = _estimate(
        5.0,
        ge=0,
        le=10_000,
        reason="Upkeep of a prompted API route when team.prompting.monthly_hours is unset: the provider runs "
        "the serving; what is left is planning (prompt and evaluation upkeep, provider changes).",
        source="peakinfer.com, 'When self-hosting actually saves money': planning 5-10 h a month (low end)",
    )
    team_monthly_hours_hosted_finetune: float = _estimate(
        13.0,
        ge=0,
        le=10_000,
        reason="Upkeep of a hosted fine-tune when team.hosted_finetune.monthly_hours is unset: the provider "
        "runs the serving; you keep the model current (retrain, evaluate) and plan.",
        source="peakinfer.com, 'When self-hosting actually saves money': updates 8-16 + planning 5-10 h a month (low ends)",
    )
    team_monthly_hours_self_hosted: float = _estimate(
        33.0,
        ge=0,
        le=10_000,
        reason="Upkeep of a self-hosted model when team.self_hosted.monthly_hours is unset: incidents, "
        "updates, serving optimisation and capacity planning are all yours.",
        source="peakinfer.com, 'When self-hosting actually saves money': 33-66 h a month = 0.2-0.4 FTE (low end)",
    )


ASSUMPTIONS: dict[str, Assumption] = {name: _shown(field) for name, field in Assumptions.model_fields.items()}
"""Each assumption's reason and source, read from the fields of `Assumptions`."""

TEAM_DEFAULT_HOURS = {
    "prompting": "team_monthly_hours_prompting",
    "hosted_finetune": "team_monthly_hours_hosted_finetune",
    "self_hosted": "team_monthly_hours_self_hosted",
}


class Prices(_Strict):
    """Inline price overrides: a quote or an old price list (USD per 1M tokens)."""

    input_per_mtok: Money | None = None
    cached_input_per_mtok: Money | None = None
    output_per_mtok: Money | None = None
    batch_input_per_mtok: Money | None = None
    batch_output_per_mtok: Money | None = None
    training_per_mtok: Money | None = None
    instance_per_hour: Money | None = Field(None, description="Self-hosting: USD per instance-hour")


class _Option(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    accuracy: Fraction | None = Field(None, description="Share of requests answered correctly")
    prices: Prices = Prices()
    successor: str | None = Field(
        None, description="Name of another option to move to if this route shuts down inside the horizon"
    )


class PromptingOption(_Option):
    kind: Literal["prompting"] = "prompting"
    model: str | None = Field(None, description="Catalog API model: 'provider/model_id' or a model id")

    @model_validator(mode="after")
    def _priced(self) -> PromptingOption:
        if self.model is None and (self.prices.input_per_mtok is None or self.prices.output_per_mtok is None):
            raise ValueError("needs `model` or prices.input_per_mtok and prices.output_per_mtok")
        return self


class HostedFinetuneOption(_Option):
    kind: Literal["hosted_finetune"] = "hosted_finetune"
    offer: str | None = Field(None, description="Catalog fine-tuning offer: 'provider/offer_id'")
    training_hours: Count | None = Field(None, description="Hours of training, for offers billed per hour")
    min_replicas: int = Field(1, ge=0, le=1000)
    endpoint_gpu: GpuName | None = Field(
        None, description="Dedicated endpoint: the GPU to deploy on (default: the offer's)"
    )
    hours_per_day: float = Field(24, gt=0, le=24, description="Dedicated endpoint: hours a day it serves traffic")
    scale_to_zero: bool = Field(
        False, description="Dedicated endpoint: no replica while idle; billed while serving plus the idle window"
    )

    @model_validator(mode="after")
    def _priced(self) -> HostedFinetuneOption:
        p = self.prices
        if self.offer is None and None in (p.input_per_mtok, p.output_per_mtok, p.training_per_mtok):
            raise ValueError("needs `offer` or prices.training_per_mtok, input_per_mtok and output_per_mtok")
        return self


Method = Literal["none", "lora", "qlora", "full"]
"""How an open model is adapted before serving: not at all, LoRA, QLoRA or a full fine-tune."""
METHODS: tuple[str, ...] = get_args(Method)


class SelfHostedOption(_Option):
    kind: Literal["self_hosted"] = "self_hosted"
    model: str = Field(description="Open model: Hugging Face repo id")
    gpu_offer: str = Field(description="GPU offer: 'cloud/instance_type/region'")
    method: Method = "lora"
    pricing: Literal["on_demand", "spot", "commit_1y", "commit_3y"] = "on_demand"
    hours_per_day: float = Field(24, gt=0, le=24)
    min_replicas: int = Field(1, ge=0, le=1000)
    serving_bits: Literal[4, 8, 16] = 16
    kv_cache_bits: Literal[8, 16] = Field(
        16, description="KV-cache precision: 8 = FP8 (vLLM/TensorRT-LLM kv_cache_dtype fp8)"
    )


class FixedOption(_Option):
    kind: Literal["fixed"] = "fixed"
    upfront_usd: Money = Decimal(0)
    monthly_usd: Money = Decimal(0)
    per_request_usd: Money = Decimal(0)


Option = Annotated[PromptingOption | HostedFinetuneOption | SelfHostedOption | FixedOption, Field(discriminator="kind")]


class PriceChange(_Strict):
    """Yearly price change by what is bought (negative = cheaper). Defaults: docs/drift.md."""

    api_tokens: float = _estimate(
        -0.001,
        ge=-0.95,
        le=2,
        reason="A model's own API price hardly moves: -0.1% a year. Cheaper tokens come from newer "
        "models, which a successor option models better than drift.",
        source="genai-prices 0.2.3 dated price history: first-party providers' same-model input price "
        "changes over the year to 2026-11-09, per model (tools/drift.py; docs/drift.md)",
    )
    fine_tuning: float = _estimate(
        0.0,
        ge=-0.95,
        le=2,
        reason="No consistent trend: 0 until you know better; try a range to see if it matters.",
        source="the catalog's fine-tuning readings: Together's small-model bracket $0.48 -> $0.34 (B, unverified), "
        "Fireworks' H100 deployment $7 -> $8 an hour (fireworks.ai/pricing, 2026-09), OpenAI's rates flat until withdrawn",
    )
    gpu_hours: float = _estimate(
        0.0,
        ge=-0.95,
        le=2,
        reason="No consistent trend: on-demand H100 rates rose in 2026 on some clouds.",
        source="the catalog's GPU readings: RunPod H100 $3.49 -> $3.99 (runpod.io/pricing, 2026-09 to 2026-11), "
        "Fireworks H100 $7 -> $8 (fireworks.ai/pricing)",
    )


class Range(_Strict):
    """An uncertain input: a triangular distribution from `low` to `high`, peaked at `mode`."""

    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not self.low <= self.mode <= self.high:
            raise ValueError("needs low <= mode <= high")
        return self


class Scenario(_Strict):
    name: str = "Scenario"
    description: str = ""
    use_case: str | None = Field(None, description="Use case id, to set the seeds' views beside the verdict")
    workload: Workload
    horizon_months: int = Field(12, ge=1, le=120)
    training_data: TrainingData = TrainingData()
    team: Team = Team()
    required_accuracy: Fraction | None = None
    cost_per_error_usd: Money = Decimal(0)
    assumptions: Assumptions = Assumptions()
    start_date: date | None = Field(
        None, description="Month 1 starts here (default: today); lifecycle dates count from it"
    )
    price_change_per_year: PriceChange | None = Field(None, description="None: prices stay at today's")
    discount_rate_per_year: float = _estimate(
        0,
        ge=0,
        le=1,
        reason="Money later is worth less: NPV discounts each month's cost at this yearly rate.",
        source="a common corporate hurdle rate; set your finance team's",
    )
    ranges: dict[str, Range] = Field(
        default_factory=dict, description="Uncertain inputs by path, e.g. 'workload.requests_per_month'"
    )
    draws: int = Field(2000, ge=10, le=100_000)
    seed: int = Field(0, ge=0, le=MAX_SEED, description="Random seed of the uncertainty draws")
    options: list[Option] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _unique_names(self) -> Scenario:
        names = [o.name for o in self.options]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"option names must be unique; repeated: {', '.join(repeated)}")
        for option in self.options:
            if option.successor is not None and option.successor not in names:
                raise ValueError(f"option {option.name!r}: successor {option.successor!r} is not an option's name")
            if option.successor == option.name:
                raise ValueError(f"option {option.name!r} cannot be its own successor")
        return self

    @property
    def start(self) -> date:
        return self.start_date or date.today()

    def with_value(self, path: str, value: float) -> Scenario:
        """This scenario with the number at `path` replaced, validated like any scenario."""
        from catalog.engine.ranges import with_value_data

        data = self.model_dump(exclude={"ranges"})
        try:
            changed = with_value_data(data, path, value)
        except (IndexError, KeyError, TypeError, ValueError):
            raise ScenarioError(f"ranges: {path} is not a field of this scenario") from None
        try:
            return Scenario.model_validate({**changed, "ranges": {}})
        except ValidationError as exc:
            raise ScenarioError(f"ranges: {path} = {value}: {_describe_validation(exc)}") from None


DRIFT_SOURCES: dict[str, Assumption] = {
    **{name: _shown(field) for name, field in PriceChange.model_fields.items()},
    "discount_rate_per_year": _shown(Scenario.model_fields["discount_rate_per_year"]),
}
"""The reason and source of each default price change and of the discount rate, from their fields."""


def team_rate(s: Scenario) -> tuple[float, str | None]:
    """USD per engineer-hour, and the assumption it came from when the scenario left it unset."""
    if s.team.hourly_rate_usd is not None:
        return float(s.team.hourly_rate_usd), None
    return s.assumptions.team_hourly_rate_usd, "team_hourly_rate_usd"


def team_monthly_hours(s: Scenario, route: str) -> tuple[float, str | None]:
    """A route's upkeep hours a month, and the assumption they came from when left unset.
    A fixed quote has no default: whoever quoted it runs it."""
    hours: Hours = getattr(s.team, route)
    if hours.monthly_hours is not None:
        return hours.monthly_hours, None
    default = TEAM_DEFAULT_HOURS.get(route)
    return (getattr(s.assumptions, default), default) if default else (0.0, None)


def quality_adjusted(s: Scenario) -> bool:
    """Costs include errors only when every option has an accuracy to compare."""
    return bool(s.cost_per_error_usd) and all(o.accuracy is not None for o in s.options)


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the field and the problem."""


def _describe_validation(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "scenario"
        lines.append(f"{where}: {error['msg']}")
    return "; ".join(lines)


def parse_scenario(data: object) -> Scenario:
    """Validate a scenario; any number given as {low, mode, high} becomes a range (its mode is
    the point estimate), and both ends are validated as the field itself would be. Whatever is
    wrong with `data` ends in one ScenarioError that says what."""
    from catalog.engine.ranges import extract_ranges

    try:
        point, ranges = extract_ranges(data)
    except RecursionError:
        raise ScenarioError("nested too deeply to be a scenario") from None
    except OverflowError:
        raise ScenarioError("a range's ends are too large to be numbers") from None
    if not isinstance(point, dict):
        what = "a range" if isinstance(data, dict) else type(data).__name__
        raise ScenarioError(f"a scenario is an object of fields, not {what}")
    given = point.get("ranges", {})
    if not isinstance(given, dict):
        raise ScenarioError("ranges: expected an object of {low, mode, high} by path")
    try:
        scenario = Scenario.model_validate({**point, "ranges": {**given, **ranges}})
    except ValidationError as exc:
        raise ScenarioError(_describe_validation(exc)) from None
    for path, r in scenario.ranges.items():
        for end in (r.low, r.high):
            scenario.with_value(path, end)  # a ScenarioError naming the path if an end is out of bounds
    shares = [p for p in OVERHEAD_SHARES if p in scenario.ranges]
    if len(shares) == len(OVERHEAD_SHARES):  # drawn independently, so their highest draws must fit together
        highest = scenario
        for path in shares:
            highest = highest.with_value(path, scenario.ranges[path].high)
    return scenario


OVERHEAD_SHARES = ("workload.cached_overhead_fraction", "workload.cache_write_fraction")
"""Shares of the same overhead tokens (read from the cache, written to it): together at most 1."""


def read_document(path: Path, what: str) -> object:
    """The parsed contents of a .json or .toml file of at most `MAX_SCENARIO_BYTES`, or one
    ScenarioError naming the file and the problem (`what` names the document: scenario,
    portfolio). Read through a capped handle, so a huge file or /dev/zero never fills memory."""
    try:
        with path.open("rb") as handle:  # read at most one byte past the cap, whatever the file is
            raw = handle.read(MAX_SCENARIO_BYTES + 1)
        if len(raw) > MAX_SCENARIO_BYTES:
            raise ScenarioError(f"{path}: larger than the {MAX_SCENARIO_BYTES // 1_000_000} MB a {what} file may be")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        return tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError(f"{path}: not valid {path.suffix.lstrip('.').upper() or 'JSON'} ({exc})") from None
    except RecursionError:
        raise ScenarioError(f"{path}: nested too deeply to be a {what}") from None
    except ValueError as exc:  # Python's cap on integer digits (4,300), raised by int() while parsing
        raise ScenarioError(f"{path}: a number in it is too long ({exc})") from None


T = TypeVar("T")


def load_document(path: Path | str, what: str, parse: Callable[[object], T]) -> T:
    """Read a .json or .toml file and `parse` it; any ScenarioError names the file. Shared by
    scenario and portfolio files, so both get the same caps and messages."""
    path = Path(path)
    data = read_document(path, what)
    try:
        return parse(data)
    except ScenarioError as exc:
        raise ScenarioError(f"{path}: {exc}") from None


def load_scenario(path: Path | str) -> Scenario:
    """Read a scenario from a .json or .toml file."""
    return load_document(path, "scenario", parse_scenario)
