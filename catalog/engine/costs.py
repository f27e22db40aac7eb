"""What each option costs, reduced to one shape: upfront + fixed/month + per request + a staircase.

    monthly(V) = fixed_monthly + per_request × V + step × max(min_steps, ceil(V / step_capacity))

Prompting and per-token fine-tuned models are linear in volume; self-hosting and dedicated
endpoints add whole replicas (the staircase). Keeping every option in this form makes curves
a few vector operations and break-even volumes exact. Pure functions: scenario and catalog in,
numbers out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from catalog.build import Catalog
from catalog.engine.lookup import find, find_api_model
from catalog.engine.scenario import (
    FixedOption,
    HostedFinetuneOption,
    Hours,
    Option,
    Prices,
    PromptingOption,
    Scenario,
    ScenarioError,
    SelfHostedOption,
    team_monthly_hours,
    team_rate,
)
from catalog.engine.sizing import A100_GPUS, Sizing, size
from catalog.records import ApiPrice, FineTuneOffer, GpuOffer

MTOK = 1e6
FLAT_PARTS = ("team",)  # the team's hours: no price drift applies to them
DRIFT_BY_KIND = {"prompting": "api_tokens", "hosted_finetune": "fine_tuning", "self_hosted": "gpu_hours", "fixed": None}


def units(volume, step_usd, step_gpus, capacity, min_steps) -> np.ndarray:
    """Whole replicas needed at each volume; works on scalars or arrays of options/draws."""
    volume = np.asarray(volume, dtype=float)
    step_usd, step_gpus = np.asarray(step_usd, dtype=float), np.asarray(step_gpus, dtype=float)
    capacity, min_steps = np.asarray(capacity, dtype=float), np.asarray(min_steps, dtype=float)
    finite = np.isfinite(capacity) & (capacity > 0)
    safe = np.where(finite, capacity, 1.0)
    count = np.where(finite, np.maximum(min_steps, np.ceil(volume / safe - 1e-9)), np.maximum(min_steps, 1.0))
    return np.where((step_usd != 0) | (step_gpus != 0), count, 0.0)


def monthly_cost(
    volume: np.ndarray | float,
    flat: np.ndarray | float,
    drifting: np.ndarray | float,
    per_request: np.ndarray | float,
    step: np.ndarray | float,
    step_gpus: np.ndarray | float,
    capacity: np.ndarray | float,
    min_steps: np.ndarray | float,
    error: np.ndarray | float = 0.0,
    factors: np.ndarray | float = 1.0,
    quality: bool = False,
) -> np.ndarray:
    """The one cost formula: flat + (drifting fixed + per_request·V + step·units(V)) × price factor,
    plus the expected cost of errors when `quality`. `CostModel.monthly` (one option, today's
    prices) and `timeline.Params.monthly` (draws × months, drifted) both call it."""
    replicas = units(volume, step, step_gpus, capacity, min_steps)
    cost = flat + (drifting + per_request * np.asarray(volume, dtype=float) + step * replicas) * factors
    return cost + error * np.asarray(volume, dtype=float) if quality else cost


@dataclass(frozen=True)
class CostModel:
    """One option's costs in the shape above, built once by `cost_model` and never changed.

    Amounts are floats: catalog and scenario prices are Decimal, converted here, where the
    engine begins (see `catalog.records`).
    """

    option: str
    kind: str
    upfront_usd: float = 0.0
    fixed_monthly_usd: float = 0.0
    per_request_usd: float = 0.0
    step_usd: float = 0.0
    step_capacity: float = math.inf
    step_gpus: int = 0
    min_steps: int = 0
    error_cost_per_request_usd: float = 0.0
    tokens_per_request: float = 0.0
    training_usd: float = 0.0
    training_gpu_hours: float = 0.0
    feasible: bool = True
    reason: str = ""
    warnings: tuple[str, ...] = ()
    upfront_parts: Mapping[str, float] = field(default_factory=dict)
    monthly_parts: Mapping[str, float] = field(default_factory=dict)
    per_request_parts: Mapping[str, float] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()
    references: Mapping[str, str] = field(default_factory=dict)
    sizing: Sizing | None = None
    team_monthly_hours: float = 0.0
    team_hourly_rate: float = 0.0
    serving_note: str = ""

    def units(self, volume: np.ndarray | float) -> np.ndarray:
        """Serving replicas needed at each monthly volume (0 for options with no staircase)."""
        return units(volume, self.step_usd, self.step_gpus, self.step_capacity, self.min_steps)

    def monthly(self, volume: np.ndarray | float, quality: bool = False) -> np.ndarray:
        """Monthly cost at today's prices (what curves and break-evens compare)."""
        return monthly_cost(
            volume,
            self.flat_monthly_usd,
            self.fixed_monthly_usd - self.flat_monthly_usd,
            self.per_request_usd,
            self.step_usd,
            self.step_gpus,
            self.step_capacity,
            self.min_steps,
            self.error_cost_per_request_usd,
            quality=quality,
        )

    @property
    def team_upfront_usd(self) -> float:
        return self.upfront_parts.get("engineering", 0.0)

    @property
    def team_monthly_usd(self) -> float:
        return self.monthly_parts.get("team", 0.0)

    @property
    def drift(self) -> str | None:
        """Which yearly price change applies to this option's prices (None: a fixed quote)."""
        return DRIFT_BY_KIND[self.kind]

    @property
    def flat_monthly_usd(self) -> float:
        """The part of the fixed monthly cost no price drift applies to (team hours, quotes)."""
        if self.drift is None:
            return self.fixed_monthly_usd
        return sum(v for k, v in self.monthly_parts.items() if k in FLAT_PARTS)


@dataclass
class CostDraft:
    """What an option's builder fills in, part by part; `cost_model` sums it into a CostModel."""

    option: str
    kind: str
    step_usd: float = 0.0
    step_capacity: float = math.inf
    step_gpus: int = 0
    min_steps: int = 0
    tokens_per_request: float = 0.0
    training_usd: float = 0.0
    training_gpu_hours: float = 0.0
    feasible: bool = True
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    upfront_parts: dict[str, float] = field(default_factory=dict)
    monthly_parts: dict[str, float] = field(default_factory=dict)
    per_request_parts: dict[str, float] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)
    sizing: Sizing | None = None
    team_monthly_hours: float = 0.0
    team_hourly_rate: float = 0.0
    serving_note: str = ""


def _f(value: Any) -> float:
    return float(value) if value is not None else 0.0


def _pick(override: Any, catalog_value: Any) -> Any:
    return override if override is not None else catalog_value


def _team(cm: CostDraft, s: Scenario, route: str) -> None:
    """Team time as its own lines: upfront `engineering` and monthly `team` upkeep, with the
    sourced defaults named among the option's assumptions when the scenario left them unset."""
    hours: Hours = getattr(s.team, route)
    rate, rate_default = team_rate(s)
    monthly, hours_default = team_monthly_hours(s, route)
    cm.assumptions += [name for name in (rate_default, hours_default) if name]
    cm.team_monthly_hours, cm.team_hourly_rate = monthly, rate
    if hours.upfront_hours:
        cm.upfront_parts["engineering"] = hours.upfront_hours * rate
    if monthly * rate:
        cm.monthly_parts["team"] = monthly * rate


def _token_costs(
    cm: CostDraft,
    s: Scenario,
    overhead: float,
    prices: dict[str, object],
    tiers: tuple = (),
) -> None:
    """Per-request token cost with cached overhead, cache writes, batch share and long-context tiers.

    Overhead tokens are read from the cache (`cached_overhead_fraction`), written to it
    (`cache_write_fraction`) or billed as plain input. A write costs the model's cache-write price
    for the workload's `cache_ttl` (Anthropic sells writes dearer than input: 1.25x for 5 minutes,
    2x for 1 hour); a model without one bills writes as input (OpenAI, Gemini implicit caching).
    """
    w = s.workload
    prompt = w.input_tokens + overhead
    cm.tokens_per_request = prompt + w.output_tokens
    input_p, cached_p, output_p = prices["input"], prices["cached"], prices["output"]
    batch_in, batch_out = prices["batch_input"], prices["batch_output"]
    write_field = "cache_write_1h_per_mtok" if w.cache_ttl == "1h" else "cache_write_per_mtok"
    write_p, write_5m = prices[write_field], prices["cache_write_per_mtok"]
    for tier in tiers:
        if prompt > tier.above_tokens:
            input_p = tier.input_per_mtok
            output_p = _pick(tier.output_per_mtok, output_p)
            cached_p = _pick(tier.cached_input_per_mtok, cached_p)
            write_p = _pick(getattr(tier, write_field), write_p)
            write_5m = _pick(tier.cache_write_per_mtok, write_5m)
            cm.warnings.append(
                f"prompt of {prompt:,.0f} tokens is over {tier.above_tokens:,} tokens: the whole request is billed at the long-context price"
            )
            batch_in = batch_out = None
    if w.cached_overhead_fraction and overhead and cached_p is None:
        cm.warnings.append("no cached-input price: cached overhead billed at the input price")
        cached_p = input_p
    cached = overhead * w.cached_overhead_fraction
    written = overhead * w.cache_write_fraction
    if written and write_p is None:
        if write_5m is not None:  # a lower bound, said so: the 1 h write price is missing
            cm.warnings.append("no 1-hour cache-write price: cache writes billed at the 5-minute write price")
            write_p = write_5m
        else:
            cm.references["cache_write"] = "the model lists no cache-write price: cache writes billed as input"
            write_p = input_p
    uncached = w.input_tokens + overhead - cached - written
    if w.batch_fraction and (batch_in is None or batch_out is None):
        cm.warnings.append("no batch price: batch-eligible traffic billed at the standard price")
        batch_in, batch_out = input_p, output_p
    standard = 1 - w.batch_fraction
    parts = {
        "input": uncached * (_f(input_p) * standard + _f(batch_in) * w.batch_fraction) / MTOK,
        "cached_input": cached * _f(cached_p) / MTOK,
        "cache_write": written * _f(write_p) / MTOK,
        "output": w.output_tokens * (_f(output_p) * standard + _f(batch_out) * w.batch_fraction) / MTOK,
    }
    cm.per_request_parts.update({k: v for k, v in parts.items() if v})


def _prices(option_prices: Prices, record: ApiPrice | FineTuneOffer | None) -> dict[str, object]:
    def get(name: str, ours: str) -> object:
        return _pick(getattr(option_prices, ours), getattr(record, name, None) if record else None)

    return {
        "input": get("input_per_mtok", "input_per_mtok"),
        "cached": get("cached_input_per_mtok", "cached_input_per_mtok"),
        "output": get("output_per_mtok", "output_per_mtok"),
        "batch_input": get("batch_input_per_mtok", "batch_input_per_mtok"),
        "batch_output": get("batch_output_per_mtok", "batch_output_per_mtok"),
        # the catalog's only: a quote (`prices`) has no cache-write field
        "cache_write_per_mtok": getattr(record, "cache_write_per_mtok", None) if record else None,
        "cache_write_1h_per_mtok": getattr(record, "cache_write_1h_per_mtok", None) if record else None,
    }


def _off_peak(
    cm: CostDraft, prices: dict[str, object], record: ApiPrice, option_prices: Prices, share: float
) -> dict[str, object]:
    """Peak prices blended per request with the record's off-peak ones: `share` of requests are
    made in the off-peak windows. Prices given in the scenario are a quote and are not blended."""
    off = record.off_peak
    if off is None:  # one price all day
        return prices
    windows = ", ".join(off.windows_utc)
    cm.references["off_peak"] = (
        f"${off.input_per_mtok}/${off.output_per_mtok} per 1M in/out in {windows} UTC; "
        f"{share:.0%} of requests there (workload.off_peak_fraction)"
    )
    if not share:
        return prices
    blended = dict(prices)
    for key, ours, cheap in (
        ("input", "input_per_mtok", off.input_per_mtok),
        ("output", "output_per_mtok", off.output_per_mtok),
        ("cached", "cached_input_per_mtok", off.cached_input_per_mtok),
    ):
        peak = prices[key]
        if getattr(option_prices, ours) is None and peak is not None and cheap is not None:
            blended[key] = float(peak) * (1 - share) + float(cheap) * share  # type: ignore[arg-type]
    return blended


def _lifecycle_warning(cm: CostDraft, record: ApiPrice | FineTuneOffer, label: str) -> None:
    life = record.lifecycle
    if life.status == "active":
        return
    dates = []
    if life.no_new_jobs_after:
        dates.append(f"no new jobs after {life.no_new_jobs_after}")
    if life.shutdown:
        dates.append(f"shuts down {life.shutdown}")
    cm.warnings.append(f"{label} is {life.status}" + (f" ({'; '.join(dates)})" if dates else ""))


def prompting(o: PromptingOption, s: Scenario, c: Catalog, i: int) -> CostDraft:
    cm = CostDraft(o.name, o.kind)
    record = find_api_model(c.api, o.model, f"options[{i}].model") if o.model else None
    if record:
        cm.references["model"] = record.key
        _lifecycle_warning(cm, record, f"API model {record.key}")
        tokens = s.workload.input_tokens + s.workload.prompt_overhead_tokens + s.workload.output_tokens
        if record.context_window and tokens > record.context_window:
            cm.feasible = False
            cm.reason = (
                f"{tokens:,.0f} tokens per request exceed {record.key}'s context window of {record.context_window:,}"
            )
    prices = _prices(o.prices, record)
    if record:
        prices = _off_peak(cm, prices, record, o.prices, s.workload.off_peak_fraction)
    _token_costs(cm, s, s.workload.prompt_overhead_tokens, prices, record.tiers if record else ())
    _team(cm, s, "prompting")
    return cm


def _training_run_usd(cm: CostDraft, offer: FineTuneOffer | None, o: HostedFinetuneOption, s: Scenario) -> float:
    tokens = s.training_data.training_tokens
    per_mtok = _pick(o.prices.training_per_mtok, offer.training_per_mtok if offer else None)
    if per_mtok is not None:
        if tokens == 0:
            cm.warnings.append("no training data given: training costs nothing here")
            return 0.0
        cost = tokens / MTOK * float(per_mtok)
        minimum = float(offer.min_charge_usd) if offer else 0.0
        if cost < minimum:
            cm.warnings.append(f"training below the ${minimum:,.2f} minimum charge per job: billed the minimum")
        if offer and offer.validation_billed:
            cm.warnings.append("this provider also bills validation tokens, not included")
        return max(cost, minimum)
    if o.training_hours is None:
        cm.feasible = False
        cm.reason = "this offer bills training per hour: set training_hours"
        return 0.0
    if offer is None or offer.training_per_hour is None:
        cm.feasible = False
        cm.reason = "no training price: give prices.training_per_mtok or an offer that has one"
        return 0.0
    cost = o.training_hours * float(offer.training_per_hour)
    if offer.training_cap_usd is not None and cost > offer.training_cap_usd:
        cm.warnings.append(f"training capped at ${offer.training_cap_usd:,.0f} per job")
        cost = float(offer.training_cap_usd)
    return cost


def _retrain(cm: CostDraft, s: Scenario) -> None:
    cm.upfront_parts["training"] = cm.training_usd
    if s.team.retrains_per_year and cm.training_usd:
        cm.monthly_parts["retraining"] = cm.training_usd * s.team.retrains_per_year / 12


def hosted_finetune(o: HostedFinetuneOption, s: Scenario, c: Catalog, i: int) -> CostDraft:
    cm = CostDraft(o.name, o.kind)
    offer = find(c.finetune, o.offer, f"options[{i}].offer", "fine-tuning offer") if o.offer else None
    hours = s.assumptions.hours_per_month
    if offer:
        cm.references["offer"] = offer.key
        _lifecycle_warning(cm, offer, f"fine-tuning offer {offer.key}")
        if offer.lifecycle.status == "closed":
            cm.warnings.append("closed: new fine-tuning jobs cannot be started on this route today")
    cm.training_usd = _training_run_usd(cm, offer, o, s)
    _retrain(cm, s)
    prices = _prices(o.prices, offer)
    if prices["input"] is not None and prices["output"] is not None:
        _token_costs(cm, s, s.workload.tuned_overhead_tokens, prices)
    elif offer is not None:  # served only on a dedicated endpoint: replicas, sized like self-hosting
        _dedicated_endpoint(cm, offer, o, s, c, i)
    if offer and offer.hosting_per_hour:
        cm.monthly_parts["hosting_fee"] = float(offer.hosting_per_hour) * hours
        if not cm.per_request_parts and cm.step_usd == 0:
            cm.warnings.append(
                "inference is billed only by the hour here; the throughput one unit carries is not "
                "published, so one unit is assumed to carry the whole volume"
            )
    if offer and offer.storage_per_month:
        cm.monthly_parts["storage"] = float(offer.storage_per_month)
    _team(cm, s, "hosted_finetune")
    return cm


def _endpoint_rate(offer: FineTuneOffer, o: HostedFinetuneOption, i: int) -> tuple[str, float]:
    """The deployment's GPU and its USD per GPU-hour: the option's choice, priced by the scenario
    or by the offer's rates for that GPU."""
    gpu = o.endpoint_gpu or offer.endpoint_gpu
    if gpu is None:  # the record's validator requires endpoint_gpu on a dedicated-endpoint offer
        raise ScenarioError(f"options[{i}].endpoint_gpu: {offer.key} names no GPU; set endpoint_gpu")
    if o.prices.instance_per_hour is not None:
        return gpu, float(o.prices.instance_per_hour)
    if gpu == offer.endpoint_gpu and offer.endpoint_per_hour is not None:
        return gpu, float(offer.endpoint_per_hour)
    if gpu in offer.endpoint_rates:
        return gpu, float(offer.endpoint_rates[gpu])
    known = ", ".join(sorted({offer.endpoint_gpu or "", *offer.endpoint_rates} - {""}))
    raise ScenarioError(
        f"options[{i}].endpoint_gpu: {offer.key} has no price for {gpu} (priced: {known}); "
        "set prices.instance_per_hour to its USD per GPU-hour"
    )


def _dedicated_endpoint(
    cm: CostDraft, offer: FineTuneOffer, o: HostedFinetuneOption, s: Scenario, c: Catalog, i: int
) -> None:
    """A tuned model served the way Fireworks and Together sell it: whole GPUs by the hour, for
    as many hours a day as it serves (plus the idle window when it scales to zero)."""
    a, w = s.assumptions, s.workload
    gpu, rate = _endpoint_rate(offer, o, i)
    model = find(c.models, offer.open_model or "", f"options[{i}].offer.open_model", "open model")
    spec = find(c.specs, gpu, f"options[{i}].endpoint_gpu", "GPU spec")
    prompt = w.input_tokens + w.tuned_overhead_tokens
    cm.tokens_per_request = prompt + w.output_tokens
    gpus = size(model, spec, 8, "none", a, prompt, w.output_tokens).gpus_needed
    sizing = size(model, spec, gpus, "none", a, prompt, w.output_tokens)
    billed = min(24.0, o.hours_per_day + a.scale_to_zero_window_hours) if o.scale_to_zero else o.hours_per_day
    _staircase(cm, sizing, s, rate * gpus, o.hours_per_day, 0 if o.scale_to_zero else o.min_replicas, gpus, billed)
    cm.references["endpoint"] = f"{gpus} × {gpu} at ${rate:,.2f}/GPU-hour, {billed:g} h a day"
    month = rate * gpus * a.hours_per_month * billed / 24
    why = (
        f"a tuned model here is served only on a dedicated deployment: {gpus} × {gpu} at ${rate:,.2f}/h for "
        f"{billed:g} h a day is ${month:,.0f} a month per replica whatever the volume"
    )
    if o.scale_to_zero:
        cm.assumptions.append("scale_to_zero_window_hours")
        why += (
            f"; it scales to zero when idle (billed {a.scale_to_zero_window_hours:g} h past the last request), "
            "so the first request after a quiet spell waits a cold start of up to a few minutes"
        )
    else:
        why += (
            "; scaling to zero when idle, or serving fewer hours a day, cuts it, "
            "and one deployment can carry several LoRA adapters"
        )
    cm.serving_note = why


def _staircase(
    cm: CostDraft,
    sizing: Sizing,
    s: Scenario,
    per_hour: float,
    hours_per_day: float,
    min_replicas: int,
    gpus: int,
    billed_hours_per_day: float | None = None,
) -> None:
    """Whole replicas: each serves `hours_per_day` and is billed `billed_hours_per_day` (default the same)."""
    a = s.assumptions
    cm.sizing = sizing
    cm.assumptions += [
        "bandwidth_efficiency",
        "serving_mfu",
        "max_batch",
        "serving_memory_overhead",
        "usable_memory_fraction",
        "utilisation",
        "peak_to_average",
        "hours_per_month",
    ]
    if not sizing.fits:
        cm.feasible = False
        cm.reason = sizing.reason
        return
    serving_seconds = a.hours_per_month * hours_per_day / 24 * 3600
    billed = hours_per_day if billed_hours_per_day is None else billed_hours_per_day
    cm.step_usd = per_hour * a.hours_per_month * billed / 24
    cm.step_capacity = sizing.requests_per_s * a.utilisation * serving_seconds / a.peak_to_average
    cm.step_gpus = gpus
    cm.min_steps = min_replicas


def _gpu_rate(cm: CostDraft, offer: GpuOffer, pricing: str) -> float:
    rate = offer.rate(pricing)
    if rate is None:
        cm.warnings.append(f"{offer.key} has no {pricing} price: on-demand used")
        rate = offer.on_demand_per_hour
    return float(rate)


def self_hosted(o: SelfHostedOption, s: Scenario, c: Catalog, i: int) -> CostDraft:
    cm = CostDraft(o.name, o.kind)
    a, w = s.assumptions, s.workload
    model = find(c.models, o.model, f"options[{i}].model", "open model")
    offer = find(c.gpus, o.gpu_offer, f"options[{i}].gpu_offer", "GPU offer")
    spec = find(c.specs, offer.gpu, f"options[{i}].gpu_offer", "GPU spec")
    cm.references.update(model=model.repo_id, gpu_offer=offer.key)
    if o.prices.instance_per_hour is not None:
        rate = float(o.prices.instance_per_hour)
        cm.references["rate"] = f"${rate:,.4g}/instance-hour (given in the scenario)"
    else:
        rate = _gpu_rate(cm, offer, o.pricing)
    overhead = w.prompt_overhead_tokens if o.method == "none" else w.tuned_overhead_tokens
    prompt = w.input_tokens + overhead
    cm.tokens_per_request = prompt + w.output_tokens
    sizing = size(model, spec, offer.gpu_count, o.method, a, prompt, w.output_tokens, o.serving_bits, o.kv_cache_bits)
    if o.method != "none":
        tokens = s.training_data.training_tokens
        if tokens == 0:
            cm.warnings.append("no training data given: training costs nothing here")
        elif sizing.train_tokens_per_s > 0:
            instance_hours = tokens / sizing.train_tokens_per_s / 3600
            cm.training_gpu_hours = instance_hours * offer.gpu_count
            cm.training_usd = instance_hours * rate
        cm.assumptions += [
            "mfu_full" if o.method == "full" else "mfu_lora",
            "gradient_checkpointing",
            "training_seq_len",
        ]
        if o.method == "qlora":
            cm.assumptions.append("qlora_speed_ratio")
        if spec.name in A100_GPUS:
            cm.assumptions.append("a100_mfu_factor")
        if o.method in ("lora", "qlora"):
            cm.assumptions.append("lora_rank")
        _retrain(cm, s)
    _staircase(cm, sizing, s, rate, o.hours_per_day, o.min_replicas, offer.gpu_count)
    _team(cm, s, "self_hosted")
    return cm


def fixed(o: FixedOption, s: Scenario, c: Catalog, i: int) -> CostDraft:
    cm = CostDraft(o.name, o.kind)
    cm.upfront_parts["quote"] = float(o.upfront_usd)
    cm.monthly_parts["quote"] = float(o.monthly_usd)
    cm.per_request_parts["quote"] = float(o.per_request_usd)
    cm.tokens_per_request = s.workload.input_tokens + s.workload.output_tokens
    _team(cm, s, "fixed")
    return cm


BUILDERS: dict[str, Callable[[Any, Scenario, Catalog, int], CostDraft]] = {
    "prompting": prompting,
    "hosted_finetune": hosted_finetune,
    "self_hosted": self_hosted,
    "fixed": fixed,
}


def cost_model(option: Option, scenario: Scenario, catalog: Catalog, index: int) -> CostModel:
    draft = BUILDERS[option.kind](option, scenario, catalog, index)
    upfront = {k: v for k, v in draft.upfront_parts.items() if v}
    error = (1 - option.accuracy) * float(scenario.cost_per_error_usd) if option.accuracy is not None else 0.0
    return CostModel(
        option=draft.option,
        kind=draft.kind,
        upfront_usd=sum(upfront.values()),
        fixed_monthly_usd=sum(draft.monthly_parts.values()),
        per_request_usd=sum(draft.per_request_parts.values()),
        step_usd=draft.step_usd,
        step_capacity=draft.step_capacity,
        step_gpus=draft.step_gpus,
        min_steps=draft.min_steps,
        error_cost_per_request_usd=error,
        tokens_per_request=draft.tokens_per_request,
        training_usd=draft.training_usd,
        training_gpu_hours=draft.training_gpu_hours,
        feasible=draft.feasible,
        reason=draft.reason,
        warnings=tuple(draft.warnings),
        upfront_parts=upfront,
        monthly_parts=draft.monthly_parts,
        per_request_parts=draft.per_request_parts,
        assumptions=tuple(draft.assumptions),
        references=draft.references,
        sizing=draft.sizing,
        team_monthly_hours=draft.team_monthly_hours,
        team_hourly_rate=draft.team_hourly_rate,
        serving_note=draft.serving_note,
    )
