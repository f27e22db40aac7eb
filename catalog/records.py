"""Typed catalog records, validated when a plugin hands them over.

Every record is frozen and rejects unknown fields, so a typo in a plugin's data file is an
error that names the field instead of a silently ignored price. Money is Decimal (USD, >= 0):
prices are quoted to the tenth of a cent and summing floats would drift from the provider's
own invoice arithmetic. The cost engine converts them to float once, where it builds a
`catalog.engine.costs.CostModel`, and computes in floats from there. Every record carries `source_url` and `as_of` so that any number
shown to a user can be traced to the page it came from.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

GpuName = Literal["A10G", "L4", "L40S", "A100-40GB", "A100-80GB", "H100-PCIe", "H100-SXM", "H200", "B200", "MI300X"]
GPU_NAMES: tuple[str, ...] = get_args(GpuName)

PRECEDENCE_BOUND = 1000
Money = Annotated[Decimal, Field(ge=0, le=10_000_000, allow_inf_nan=False)]
Status = Literal["active", "closing", "closed"]
Grade = Literal["A", "B", "C"]


def _http_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("must be an http(s) URL")
    return value


Url = Annotated[str, Field(min_length=10, max_length=500), AfterValidator(_http_url)]
Text = Annotated[str, Field(min_length=1, max_length=200)]


class Reading(BaseModel):
    """One source's figure for one price field of a record, and when that source showed it.

    A record keeps every reading where sources disagree: its own field holds the point estimate
    (the most recent first-party reading, see `point_reading`) and the spread of the readings
    is the range the Monte Carlo draws from (`catalog.engine.ranges.reading_range`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=60)]
    value: Money
    source_url: Url
    as_of: date
    first_party: bool = Field(description="Read on the provider's own page, docs or API (not a third party quoting it)")
    note: Annotated[str, Field(max_length=500)] = ""


def point_reading(readings: tuple[Reading, ...] | list[Reading]) -> Reading | None:
    """The reading a record's value must equal: the most recent first-party one, or the most
    recent of all when no first-party source was read (ties: the higher value, the cautious one)."""
    if not readings:
        return None
    first_party = [r for r in readings if r.first_party]
    return max(first_party or readings, key=lambda r: (r.as_of, r.value))


class Record(BaseModel):
    """Fields every catalog record has: where the figure was read, and when.

    `as_of` is the day the figure was shown at its source (a page's date, a file's commit date);
    `retrieved` the day we read it, when that is later (a stored copy read after the fact).
    `undated` says the source gave no day at all, so `as_of` is the day we read it: an age counted
    from it is a lower bound, and the freshness report lists such records apart.
    `grade` is how directly the figure was read: A the provider's own page, B a dated third party
    quoting it, C an undated or secondary lead to verify."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: ClassVar[str]
    """The record kind's one name: the `Catalog` table, the CLI's `catalog KIND`, the page tab."""
    hook: ClassVar[str]
    """The plugin hook that returns records of this kind."""

    source_url: Url
    as_of: date
    retrieved: date | None = Field(None, description="When we read the source, if later than as_of")
    grade: Grade | None = Field(None, description="A provider page, B dated third party quoting it, C undated lead")
    undated: bool = Field(
        False,
        description="The source shows no date for this figure (a list without one, a repository file whose "
        "commit date could not be read): as_of is then the day we read it, and the price may be older",
    )
    notes: Annotated[str, Field(max_length=2000)] = ""
    readings: tuple[Reading, ...] = Field((), description="Every source's figure for a disputed price field")
    precedence: int = Field(
        0,
        ge=-PRECEDENCE_BOUND,
        le=PRECEDENCE_BOUND,
        description="When two plugins supply the same key, the higher precedence wins "
        "(a negotiated-rates plugin sets 10 to beat list prices); a tie keeps the first loaded. "
        f"Between -{PRECEDENCE_BOUND:,} and {PRECEDENCE_BOUND:,}: a ranking needs no more, and every "
        "table that shows it can hold it.",
    )

    @model_validator(mode="after")
    def _readings_agree(self) -> Record:
        if self.retrieved is not None and self.retrieved < self.as_of:
            raise ValueError(f"retrieved ({self.retrieved}) is before as_of ({self.as_of})")
        for name in sorted({r.field for r in self.readings}):
            value = getattr(self, name, None)
            if not isinstance(value, Decimal):
                raise ValueError(f"readings: {name} is not a price field of this record")  # noqa: TRY004 - pydantic reports ValueError
            point = point_reading([r for r in self.readings if r.field == name])
            if point is not None and point.value != value:
                raise ValueError(
                    f"readings: {name} is {value} but the most recent first-party reading "
                    f"({point.as_of}, {point.source_url}) says {point.value}"
                )
        return self

    @property
    def key(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError


class DateReading(BaseModel):
    """One source's shutdown date for a route."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    shutdown: date
    source_url: Url
    as_of: date


class Lifecycle(BaseModel):
    """Whether a route can still be used, and when it stops (announced dates only).

    Where sources give different shutdown dates, `readings` keeps each and `shutdown` is the
    earliest: planning for the later date risks a route that stops under a running product.
    `replacement` is the catalog key the provider itself names as the successor, with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status = "active"
    no_new_jobs_after: date | None = None
    shutdown: date | None = None
    status_source_url: Url | None = None
    readings: tuple[DateReading, ...] = ()
    replacement: Text | None = None
    replacement_source_url: Url | None = None

    @model_validator(mode="after")
    def _earliest(self) -> Lifecycle:
        if self.readings and self.shutdown != min(r.shutdown for r in self.readings):
            raise ValueError("shutdown must be the earliest of its readings' dates")
        if (self.replacement is None) != (self.replacement_source_url is None):
            raise ValueError("replacement and replacement_source_url go together")
        return self

    @property
    def disputed(self) -> bool:
        """Sources disagree on the shutdown date."""
        return len({r.shutdown for r in self.readings}) > 1


class ContextTier(BaseModel):
    """A long-context price step.

    Semantics (the providers' "cliff" model, as genai-prices uses it): once the prompt exceeds
    `above_tokens`, the WHOLE request is billed at this tier's prices, not only the tokens past
    the threshold.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    above_tokens: int = Field(gt=0)
    input_per_mtok: Money
    output_per_mtok: Money | None = None
    cached_input_per_mtok: Money | None = None
    cache_write_per_mtok: Money | None = None
    cache_write_1h_per_mtok: Money | None = None


def _utc_window(value: str) -> str:
    start, sep, end = value.partition("-")
    try:
        if not sep:
            raise ValueError
        for clock in (start, end):
            hours, minutes = clock.split(":")
            if len(hours) != 2 or len(minutes) != 2 or not (0 <= int(hours) <= 24 and 0 <= int(minutes) < 60):
                raise ValueError
    except ValueError:
        raise ValueError("must be 'HH:MM-HH:MM' (UTC)") from None
    return value


UtcWindow = Annotated[str, AfterValidator(_utc_window)]


class OffPeakPrice(BaseModel):
    """A time-of-day discount: these prices apply to requests made inside `windows_utc`.

    The record's own prices are the peak rates, so a workload that says nothing about its hours
    is costed at peak; `workload.off_peak_fraction` moves a share of requests here.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    input_per_mtok: Money
    output_per_mtok: Money
    cached_input_per_mtok: Money | None = None
    windows_utc: tuple[UtcWindow, ...] = Field(min_length=1, description="'HH:MM-HH:MM' UTC; may wrap past midnight")


class ApiPrice(Record):
    """Per-token price of a hosted model called through an API (USD per 1M tokens)."""

    kind: ClassVar[str] = "api"
    hook: ClassVar[str] = "api_prices"

    provider: Text
    model_id: Text
    name: Text
    input_per_mtok: Money
    output_per_mtok: Money
    cached_input_per_mtok: Money | None = None
    cache_write_per_mtok: Money | None = Field(None, description="Prompt-cache write, default (5-minute) lifetime")
    cache_write_1h_per_mtok: Money | None = Field(None, description="Prompt-cache write with a 1-hour lifetime")
    batch_input_per_mtok: Money | None = None
    batch_output_per_mtok: Money | None = None
    context_window: int | None = Field(None, gt=0)
    tiers: tuple[ContextTier, ...] = ()
    off_peak: OffPeakPrice | None = Field(None, description="Time-of-day discount; the prices above are peak")
    lifecycle: Lifecycle = Lifecycle()

    @property
    def key(self) -> str:
        return f"{self.provider}/{self.model_id}"


class FineTuneOffer(Record):
    """A hosted fine-tuning service for one base model and method.

    Training is billed per 1M training tokens (dataset tokens x epochs) or per hour of training.
    A tuned model is then either billed per token (`input_per_mtok`...) or only served on a
    dedicated endpoint billed per hour (`endpoint_per_hour` on `endpoint_gpu`, sized with the
    `open_model` architecture), plus any hosting fee per hour and storage per month.
    """

    kind: ClassVar[str] = "finetune"
    hook: ClassVar[str] = "finetune_offers"

    provider: Text
    offer_id: Text
    base_model: Text
    method: Literal["sft", "dpo", "rft"]
    adaptation: Literal["lora", "full", "managed"] = "managed"
    params_b: float | None = Field(None, gt=0, description="Base model size, billions of parameters")
    open_model: Text | None = Field(None, description="Hugging Face repo id of the base, if open")
    training_per_mtok: Money | None = None
    training_per_hour: Money | None = None
    training_cap_usd: Money | None = None
    min_charge_usd: Money = Decimal(0)
    validation_billed: bool = False
    input_per_mtok: Money | None = None
    cached_input_per_mtok: Money | None = None
    output_per_mtok: Money | None = None
    batch_input_per_mtok: Money | None = None
    batch_output_per_mtok: Money | None = None
    hosting_per_hour: Money | None = None
    endpoint_gpu: GpuName | None = None
    endpoint_per_hour: Money | None = None
    endpoint_rates: dict[GpuName, Money] = Field(
        default_factory=dict, description="Other GPUs a dedicated endpoint can run on: USD per GPU-hour"
    )
    storage_per_month: Money | None = None
    lifecycle: Lifecycle = Lifecycle()

    @model_validator(mode="after")
    def _priced(self) -> FineTuneOffer:
        if self.training_per_mtok is None and self.training_per_hour is None:
            raise ValueError("needs training_per_mtok or training_per_hour")
        per_token = self.input_per_mtok is not None and self.output_per_mtok is not None
        dedicated = self.endpoint_per_hour is not None and self.endpoint_gpu is not None
        if not (per_token or dedicated):
            raise ValueError(
                "needs tuned-model inference prices (input_per_mtok and output_per_mtok) "
                "or a dedicated endpoint (endpoint_gpu and endpoint_per_hour)"
            )
        if dedicated and not per_token and self.open_model is None:
            raise ValueError("a dedicated-endpoint offer needs open_model to size the endpoint")
        return self

    @property
    def key(self) -> str:
        return f"{self.provider}/{self.offer_id}"


class GpuOffer(Record):
    """One cloud instance with GPUs, priced per instance-hour (USD)."""

    kind: ClassVar[str] = "gpus"
    hook: ClassVar[str] = "gpu_offers"

    cloud: Text
    instance_type: Text
    gpu: GpuName
    gpu_count: int = Field(ge=1, le=64)
    region: Text
    on_demand_per_hour: Money
    spot_per_hour: Money | None = None
    commit_1y_per_hour: Money | None = None
    commit_3y_per_hour: Money | None = None

    @property
    def key(self) -> str:
        return f"{self.cloud}/{self.instance_type}/{self.region}"

    @property
    def per_gpu_hour(self) -> Decimal:
        return self.on_demand_per_hour / self.gpu_count

    PRICING_FIELDS: ClassVar[dict[str, str]] = {
        "on_demand": "on_demand_per_hour",
        "spot": "spot_per_hour",
        "commit_1y": "commit_1y_per_hour",
        "commit_3y": "commit_3y_per_hour",
    }
    """Each way of paying for the instance (a self-hosted option's `pricing`) and the field with its rate."""

    def rate(self, pricing: str) -> Decimal | None:
        """The rate per instance-hour under `pricing`, or None where the cloud publishes none."""
        rate: Decimal | None = getattr(self, self.PRICING_FIELDS[pricing])
        return rate


class GpuSpec(Record):
    """Datasheet figures the sizing model needs for one GPU."""

    kind: ClassVar[str] = "specs"
    hook: ClassVar[str] = "gpu_specs"

    name: GpuName
    bf16_tflops: float = Field(gt=0, le=10_000, description="Dense BF16 tensor TFLOPS")
    memory_gib: float = Field(gt=0, le=1024)
    bandwidth_tbps: float = Field(gt=0, le=50, description="Memory bandwidth, TB/s")

    @property
    def key(self) -> str:
        return self.name


class OpenModel(Record):
    """Architecture of an open-weights model, as its Hugging Face config states it."""

    kind: ClassVar[str] = "models"
    hook: ClassVar[str] = "open_models"

    repo_id: Annotated[str, Field(pattern=r"^[\w.-]+/[\w.-]+$", max_length=120)]
    name: Text
    params_b: float = Field(gt=0, le=5000, description="Total parameters, billions")
    active_params_b: float = Field(gt=0, le=5000, description="Parameters used per token (MoE)")
    layers: int = Field(gt=0, le=1000)
    hidden_size: int = Field(gt=0)
    attention_heads: int = Field(gt=0)
    kv_heads: int = Field(gt=0)
    head_dim: int = Field(gt=0)
    context_length: int = Field(gt=0)
    license: Text

    @model_validator(mode="after")
    def _consistent(self) -> OpenModel:
        if self.active_params_b > self.params_b:
            raise ValueError("active_params_b cannot exceed params_b")
        if self.kv_heads > self.attention_heads:
            raise ValueError("kv_heads cannot exceed attention_heads")
        return self

    @property
    def key(self) -> str:
        return self.repo_id


Verdict = Literal["prompting", "fine_tune", "fine_tune_rag", "fine_tune_review", "rag", "either", "self_host"]
VERDICT_WORDS: dict[str, str] = {
    "prompting": "prompting",
    "fine_tune": "fine-tuning",
    "fine_tune_rag": "fine-tuning with retrieval",
    "fine_tune_review": "fine-tuning with human review",
    "rag": "retrieval (RAG)",
    "either": "either route",
    "self_host": "self-hosting",
}
"""Each seed verdict as a reader says it, for sentences shown to users (the ids stay in JSON)."""


class SeedView(BaseModel):
    """What one seed document recommends for a use case, in its own words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: Text
    verdict: Verdict
    says: Annotated[str, Field(min_length=1, max_length=500)]
    title: Text | None = None
    url: Url | None = None
    publisher: Text | None = Field(None, description='Who published the document ("Calmops"), as readers name it')
    number: str | None = Field(
        None,
        pattern=r"^\d{3}$",
        description=(
            'The number of the document in the seed list ("001"), by which workload bases cite it '
            '("001\'s cost example")'
        ),
    )


class WorkloadPreset(BaseModel):
    """A typical workload for a use case. These are our estimates, not the seeds' figures:
    `basis` says how each was chosen so a user knows what to replace."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    requests_per_month: int = Field(ge=0)
    input_tokens: int = Field(ge=0)
    output_tokens: int = Field(ge=0)
    prompt_overhead_tokens: int = Field(ge=0)
    tuned_overhead_tokens: int = Field(ge=0)
    basis: Annotated[str, Field(min_length=1, max_length=1000)]


class UseCase(Record):
    """A use case the seed documents discuss, with every document's recommendation kept."""

    kind: ClassVar[str] = "usecases"
    hook: ClassVar[str] = "use_cases"

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=60)]
    name: Text
    description: Annotated[str, Field(min_length=1, max_length=1000)]
    workload: WorkloadPreset
    views: tuple[SeedView, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return self.id


RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind: cls for cls in (ApiPrice, FineTuneOffer, GpuOffer, GpuSpec, OpenModel, UseCase)
}
