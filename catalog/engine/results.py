"""What `estimate()` returns: one typed result instead of a dict every reader re-parses.

The CLI's `estimate --json`, the dashboard and `recommend` read these attributes; the JSON is
`EstimateResult.model_dump(mode="json")`, whose keys are a contract (tests/engine/test_results.py
holds them fixed). Each field's docstring is its description in the exported JSON schema
(docs/schema/estimate_result.schema.json). Amounts are floats: Decimal prices become floats once,
where the cost model is built (`catalog.engine.costs`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from catalog.engine.scenario import Assumption, PriceChange, Range
from catalog.engine.sizing import Sizing
from catalog.records import SeedView


class _Result(BaseModel):
    """Results are read, never edited: frozen, documented by their attribute docstrings."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class CostBreakdown(_Result):
    upfront: dict[str, float]
    """One-off costs by part (training, engineering hours), USD."""
    monthly_fixed: dict[str, float]
    """Monthly costs that do not depend on volume, by part, USD."""
    per_request: dict[str, float]
    """Cost of one request by part (input, output, errors), USD."""
    replica_month_usd: float
    """Cost of one serving replica for a month (0 when the option has no staircase)."""


class RouteMove(_Result):
    """The forced move when an option's route closes inside the horizon."""

    month: int
    """1-based month of the move."""
    date: str
    """Date the route ends (ISO)."""
    to: str
    """The option moved to."""
    how: str
    """How the successor was chosen, in words."""
    one_off_usd: float
    """The move's one-off cost: the successor's training run and the team's migration hours."""


class RouteLifecycle(_Result):
    """The lifecycle of the catalog record behind an option (API model or fine-tuning offer)."""

    status: str
    """active, deprecated or closed."""
    no_new_jobs_after: str | None
    """Last day the route takes new fine-tuning jobs (ISO), if announced."""
    shutdown: str | None
    """Day the route shuts down (ISO), if announced."""
    source_url: str | None
    """Where the provider announced the status."""
    move: RouteMove | None = None
    """The forced move inside the horizon, if any (absent from the JSON when there is none)."""

    @model_serializer(mode="wrap")
    def _move_only_when_planned(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("move") is None:
            data.pop("move", None)
        return data


class RecordSource(_Result):
    """A catalog record an option's costs used, the plugin that supplied it, and the records of
    other plugins it overrode (a higher precedence replaces a record without a word elsewhere)."""

    kind: str
    """Record kind: api, finetune, gpus, specs or models."""
    key: str
    """The record's catalog key."""
    plugin: str
    """The plugin whose record was used."""
    overrode: list[str]
    """Plugins whose record for the same key this one replaced by higher precedence (empty when none)."""


class OptionResult(_Result):
    """One option's costs at the scenario's volume and over its horizon (None where it cannot run)."""

    name: str
    """The option's name in the scenario."""
    kind: str
    """prompting, hosted_finetune, self_hosted or fixed."""
    method: str | None
    """Fine-tuning method (none, lora, qlora, full) for tuned options, else None."""
    accuracy: float | None
    """The accuracy the scenario gives the option, if any."""
    upfront_usd: float | None
    """One-off costs (training, engineering)."""
    monthly_usd: float | None
    """Monthly cost in month 1 at today's prices."""
    cost_per_request_usd: float | None
    """Month-1 cost divided by month-1 requests."""
    cost_per_mtok_usd: float | None
    """Month-1 cost per million tokens served."""
    horizon_total_usd: float | None
    """Upfront plus every month's cost over the horizon, with drift and forced moves."""
    npv_usd: float | None
    """The horizon total discounted at the scenario's rate."""
    payback_month: int | None
    """Month whose cumulative cost first drops below the payback baseline's, if any."""
    quality_adjusted_monthly_usd: float | None
    """Month-1 cost plus the expected cost of errors."""
    quality_adjusted_horizon_usd: float | None
    """Horizon total plus the expected cost of errors."""
    cumulative_usd: list[float]
    """Cumulative cost at the end of each month (empty when the option cannot run)."""
    monthly_by_month_usd: list[float]
    """Each month's cost (empty when the option cannot run)."""
    training_usd: float | None
    """Cost of one training run."""
    team_upfront_usd: float | None
    """The team's upfront engineering hours × rate (included in upfront_usd)."""
    team_monthly_usd: float | None
    """The team's monthly upkeep hours × rate (included in monthly_usd)."""
    team_monthly_hours: float
    """Upkeep hours a month: the scenario's, or the route's sourced default when it left them unset."""
    team_hourly_rate_usd: float
    """USD per engineer-hour: the scenario's, or the sourced default when it left it unset."""
    training_gpu_hours: float
    """GPU-hours of one training run (self-hosted fine-tuning)."""
    serving_replicas: int
    """Serving replicas at month-1 volume."""
    serving_gpus: int
    """GPUs those replicas use."""
    requests_per_replica_month: float | None
    """Requests one replica serves in a month, when the option has replicas."""
    feasible: bool
    """Whether the option can run at all (fits, has its inputs, its route stays usable)."""
    reason: str
    """Why it cannot run ("" when it can)."""
    closed: bool
    """Whether its route cannot be started today."""
    cannot_start_reason: str | None
    """Why its route cannot be started today."""
    lifecycle: RouteLifecycle | None
    """The lifecycle of its catalog record, when it has one."""
    warnings: list[str]
    """Things the user should know about the figures."""
    breakdown: CostBreakdown
    """The costs by part."""
    references: dict[str, str]
    """Catalog keys the costs came from, by role (model, offer, gpu_offer...)."""
    assumptions: list[str]
    """Names of the assumptions the costs depend on."""
    sizing: Sizing | None
    """The hardware sizing, for self-hosted options."""
    serving_note: str | None
    """Why a dedicated endpoint costs what it does a month (hosted fine-tunes served on one), else None."""
    sources: list[RecordSource] = []
    """The plugin behind every catalog record the costs used, and the records it overrode."""
    payback_against: str | None = None
    """The feasible option with the least upfront cost, that payback is measured against
    (None when the option cannot run)."""


class BreakEvenVolume(_Result):
    """A monthly volume at which the cheaper of two options changes."""

    requests_per_month: float
    """The break-even volume."""
    cheaper_below: str
    """The option that is cheaper below it."""
    cheaper_above: str
    """The option that is cheaper above it."""
    at_step: bool
    """Whether the order changes at a staircase jump (a new replica) rather than inside a segment."""


class BreakEven(_Result):
    """When one of two feasible options catches up with the other."""

    options: list[str]
    """The two options."""
    volumes: list[BreakEvenVolume]
    """Volumes in 10^2..10^9 requests/month where the cheaper one changes."""
    upfront_recovered_after_requests: float | None
    """Requests after which the dearer-upfront option has repaid it (linear options only)."""
    upfront_recovered_after_months: float | None
    """Months of month-1 saving that repay the extra upfront cost."""
    cumulative_cross_month: int | None
    """First month whose cumulative-cost order differs from month 1's."""


class Recommendation(_Result):
    """Which option to pick and which rule picked it (see `catalog.engine.recommend`)."""

    option: str | None
    """The recommended option, or None when every option was set aside."""
    rule: str
    """The rule that decided: cheapest_over_horizon, prompting_first or no_option_left."""
    reasons: list[str]
    """Why, in words."""
    set_aside: dict[str, str]
    """Options not considered, with the rule and reason (`rule: reason`)."""
    sources_disagree: list[str]
    """Where the seed documents disagree about this case."""
    seed_views: list[SeedView]
    """What each seed document recommends for the scenario's use case."""
    depends_on_disputed: list[str] = []
    """Figures of the recommended option's catalog record that sources disagree on, each with every source."""


class AssumptionShown(_Result):
    """An assumption's value in this scenario, with the reason and source of its default."""

    value: float | int | bool
    """The value used."""
    reason: str
    """Why it matters."""
    source: str
    """Where the default comes from."""


class Drift(_Result):
    """How prices move over the horizon."""

    price_change_per_year: PriceChange | None
    """Yearly price change by what is bought, when the scenario sets one."""
    discount_rate_per_year: float
    """The rate future costs are discounted at for NPV."""
    sources: dict[str, Assumption]
    """The reason and source of each default price change."""


class Curves(_Result):
    """Monthly cost against volume, for the feasible options."""

    requests_per_month: list[float]
    """The volumes, 10^2..10^9 on a log grid."""
    monthly_usd: dict[str, list[float]]
    """Each option's monthly cost at those volumes."""


class Percentiles(_Result):
    """P10, P50 and P90 over the simulated cases (None when no case can run)."""

    p10: float | None
    """10th percentile: nine cases in ten cost more."""
    p50: float | None
    """The median."""
    p90: float | None
    """90th percentile: nine cases in ten cost less."""


class CumulativeBand(_Result):
    """P10 and P90 of an option's cumulative cost, month by month, over the simulated cases in
    which it can run: the spread the cumulative-cost panel draws around the point estimate."""

    p10: list[float]
    """10th percentile: index 0 is the upfront cost (month 0), index m the cost to the end of month m."""
    p90: list[float]
    """90th percentile, indexed as `p10`; the last entry is the horizon total's P90."""


class OptionSpread(_Result):
    """One option's costs over the simulated cases."""

    monthly_usd: Percentiles
    """Month-1 cost."""
    horizon_total_usd: Percentiles
    """Horizon total."""
    cumulative_usd: CumulativeBand | None
    """Cumulative cost by month, P10 and P90 (None when no case can run)."""
    feasible_share: float
    """Share of cases in which the option can run."""
    probability_cheapest: float
    """Share of cases in which it is the cheapest option the recommendation could pick."""


class TornadoBar(_Result):
    """One ranged input swung low to high alone."""

    input: str
    """The ranged input's path in the scenario (e.g. workload.requests_per_month)."""
    low: float
    """Its low end."""
    high: float
    """Its high end."""
    gap_at_low_usd: float
    """Gap between the two best options with the input at its low end."""
    gap_at_high_usd: float
    """The same gap at its high end."""
    swing_usd: float
    """How much the gap moves."""
    winner_at_low: str
    """The cheapest option with the input at its low end."""
    winner_at_high: str
    """The cheapest option with the input at its high end."""
    flips: bool
    """Whether the swing changes the cheapest option."""


class Tornado(_Result):
    """Which uncertain input moves the gap between the two best options most."""

    between: list[str]
    """The two best options at the point estimate."""
    gap_usd: float | None
    """Their horizon-total gap at the point estimate."""
    bars: list[TornadoBar]
    """One bar per ranged input, largest swing first."""


class Band(_Result):
    """P10 and P90 of an option's monthly cost at each curve volume."""

    p10: list[float]
    """10th percentile of the monthly cost at each volume."""
    p90: list[float]
    """90th percentile of the monthly cost at each volume."""


class Bands(BaseModel):
    """The curve volumes, and each option's band under its name."""

    model_config = ConfigDict(frozen=True, extra="allow", use_attribute_docstrings=True)
    __pydantic_extra__: dict[str, Band]

    requests_per_month: list[float]
    """The curve volumes."""

    @property
    def by_option(self) -> dict[str, Band]:
        """Each option's band, by name."""
        return dict(self.__pydantic_extra__ or {})


class Uncertainty(_Result):
    """A seeded Monte Carlo over the scenario's ranged inputs (see `catalog.engine.uncertainty`)."""

    draws: int
    """Simulated cases."""
    model_draws: int
    """Distinct draws of the inputs that rebuild a cost model."""
    seed: int
    """The random seed: the same seed gives the same numbers."""
    ranges: dict[str, Range]
    """The ranged inputs."""
    options: dict[str, OptionSpread]
    """Each option's spread, by name."""
    tornado: Tornado
    """What moves the verdict most."""
    bands: Bands | None = None
    """Curve bands, when curves were asked for."""

    @model_serializer(mode="wrap")
    def _bands_only_when_asked(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("bands") is None:
            data.pop("bands", None)
        return data


class EstimateResult(_Result):
    """A scenario's estimate: each option's costs, break-evens, the recommendation and its certainty."""

    scenario: str
    """The scenario's name."""
    requests_per_month: float
    """Month-1 volume."""
    horizon_months: int
    """Months the totals cover."""
    options: list[OptionResult]
    """One result per option, in the scenario's order."""
    break_even: list[BreakEven]
    """One entry per pair of feasible options."""
    recommendation: Recommendation
    """Which option to pick, and why."""
    quality_adjusted: bool
    """Whether totals are ranked with the expected cost of errors added."""
    assumptions: dict[str, AssumptionShown]
    """Each sizing assumption's value, reason and source."""
    drift: Drift
    """How prices move over the horizon, and the rate used for NPV."""
    curves: Curves | None = None
    """Cost curves, when asked for."""
    uncertainty: Uncertainty | None = None
    """The Monte Carlo, when the scenario has ranges and it was asked for."""

    @model_serializer(mode="wrap")
    def _sections_only_when_asked(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Sections that were not computed are absent from the JSON, as before the type."""
        data: dict[str, Any] = handler(self)
        for key in ("curves", "uncertainty"):
            if data.get(key) is None:
                data.pop(key, None)
        return data

    def option(self, name: str) -> OptionResult:
        """The result of the option called `name`."""
        return next(o for o in self.options if o.name == name)
