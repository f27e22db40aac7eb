"""How sure is the verdict? A seeded Monte Carlo over the ranged inputs, and a tornado.

Each ranged input is drawn from a triangular distribution (low, mode, high); the same seed gives
the same numbers. Inputs that only change how a cost model is *used* (volume, growth, price
drift, accuracy, cost per error) get one draw per simulated case and are applied with numpy.
Inputs that change the cost model itself (tokens, MFU, prices, training data, team hours…)
rebuild the cost model of each option that depends on them (~15 µs each), so they are drawn
`MODEL_DRAWS` times and each of those draws is shared by `draws / MODEL_DRAWS` cases: a nested
design that keeps 2,000 cases interactive. A route's forced move keeps its point-estimate month
and successor; a named successor's costs are drawn with it, an automatic one's are held.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from catalog.build import Catalog
from catalog.engine.costs import CostModel, cost_model
from catalog.engine.curves import curve_volumes
from catalog.engine.plan import OptionPlan
from catalog.engine.results import (
    Band,
    Bands,
    CumulativeBand,
    OptionResult,
    OptionSpread,
    Percentiles,
    Tornado,
    TornadoBar,
    Uncertainty,
)
from catalog.engine.reuse import reused, volume_free
from catalog.engine.scenario import Scenario, ScenarioError, quality_adjusted
from catalog.engine.timeline import Params, drift_factors, run

EVALUATION_PATHS = ("workload.requests_per_month", "workload.monthly_growth", "cost_per_error_usd")
MODEL_PREFIXES = ("workload.", "training_data.", "team.", "assumptions.", "options.")
INTEGER_FIELDS = (".min_replicas", ".max_batch", ".training_seq_len", ".lora_rank", "horizon_months")
NOT_RANGEABLE = (".serving_bits", ".gradient_checkpointing", ".method", ".pricing")
PERCENTILES = (10, 50, 90)
MODEL_DRAWS = 250


def _evaluation_level(path: str) -> bool:
    return path in EVALUATION_PATHS or path.startswith("price_change_per_year.") or path.endswith(".accuracy")


def check_paths(s: Scenario) -> None:
    for path in s.ranges:
        if path in EVALUATION_PATHS or path.startswith(("price_change_per_year.",)):
            continue
        if path.startswith(MODEL_PREFIXES) and not path.endswith(
            (".name", ".kind", ".model", ".offer", ".gpu_offer") + NOT_RANGEABLE
        ):
            continue
        raise ScenarioError(
            f"ranges: {path} cannot be a range (numbers of the workload, training data, team, "
            "assumptions, options, drift, or cost_per_error_usd can)"
        )


def draw(s: Scenario) -> dict[str, np.ndarray]:
    """One value per case for evaluation-level inputs; MODEL_DRAWS values for the others."""
    rng = np.random.default_rng(s.seed)
    draws = {}
    for path in sorted(s.ranges):
        r = s.ranges[path]
        size = s.draws if _evaluation_level(path) else min(s.draws, MODEL_DRAWS)
        values = rng.triangular(r.low, r.mode, r.high, size) if r.low < r.high else np.full(size, r.mode)
        draws[path] = np.round(values) if path.endswith(INTEGER_FIELDS) else values
    return draws


def _set_fast(model, values: dict[tuple[str, ...], float]):
    """Set several paths at once, one model_copy per model touched (no re-validation: both
    ends of every range were validated when the scenario was parsed)."""
    groups: dict[str, dict[tuple[str, ...], float]] = {}
    for parts, value in values.items():
        groups.setdefault(parts[0], {})[parts[1:]] = value
    if isinstance(model, list):
        items = list(model)
        for head, rest in groups.items():
            items[int(head)] = rest[()] if () in rest else _set_fast(items[int(head)], rest)
        return items
    update = {head: rest[()] if () in rest else _set_fast(getattr(model, head), rest) for head, rest in groups.items()}
    return model.model_copy(update=update)


def _depends(path: str, index: int, cm: CostModel) -> bool:
    if _evaluation_level(path):
        return False
    if path.startswith("options."):
        return path.split(".")[1] == str(index)
    if path.startswith("assumptions."):
        return cm.sizing is not None or (path == "assumptions.hours_per_month" and "hosting_fee" in cm.monthly_parts)
    if path.startswith("training_data."):
        return cm.kind in ("hosted_finetune", "self_hosted")
    return cm.kind != "fixed" or path.startswith("team.")


def _params_per_draw(
    s: Scenario, catalog: Catalog, models: list[CostModel], draws: dict[str, np.ndarray]
) -> list[tuple[Params, np.ndarray]]:
    """For each option: its parameters for its distinct model-level draws (one row when nothing
    it depends on is ranged), and which of them can run. Options that depend on the same ranged
    inputs (the sized ones, on MFU and utilisation) share the drawn scenarios, built once."""
    variants: dict[tuple[str, ...], list[Scenario]] = {}

    def built(i: int, paths: tuple[str, ...]) -> tuple[Params, np.ndarray]:
        if paths not in variants:
            split = [tuple(path.split(".")) for path in paths]
            columns = [draws[path] for path in paths]
            variants[paths] = [
                _set_fast(s, {parts: float(column[k]) for parts, column in zip(split, columns, strict=True)})
                for k in range(len(columns[0]))
            ]
        models = [cost_model(scenario.options[i], scenario, catalog, i) for scenario in variants[paths]]
        return Params.of(models), np.array([m.feasible for m in models])

    out = []
    seen_by_models = volume_free(s)  # a volume change reuses them (catalog.engine.reuse says why that is safe)
    for i, cm in enumerate(models):
        paths = tuple(p for p in draws if _depends(p, i, cm))
        if not paths:
            out.append((Params.of([cm]), np.array([cm.feasible])))
            continue
        key = ("model draws", seen_by_models, i, paths, *(draws[path].tobytes() for path in paths))
        out.append(reused(catalog, key, partial(built, i, paths)))
    return out


def _cases(params: Params, feasible: np.ndarray, n: int) -> tuple[Params, np.ndarray]:
    """Spread distinct draws over the n cases: case j uses distinct draw j mod K."""
    index = np.arange(n) % len(feasible)
    return Params(**{k: v[index] for k, v in params.__dict__.items()}), feasible[index]


def _error_costs(s: Scenario, draws: dict[str, np.ndarray], index: int, base: np.ndarray) -> np.ndarray:
    accuracy_path, cost_path = f"options.{index}.accuracy", "cost_per_error_usd"
    if accuracy_path not in draws and cost_path not in draws:
        return base
    accuracy = draws.get(
        accuracy_path, np.full(s.draws, s.options[index].accuracy if s.options[index].accuracy is not None else 1.0)
    )
    per_error = draws.get(cost_path, np.full(s.draws, float(s.cost_per_error_usd)))
    return (1 - accuracy) * per_error


def _factors(s: Scenario, cm: CostModel, draws: dict[str, np.ndarray], plan_factors: np.ndarray) -> np.ndarray:
    path = f"price_change_per_year.{cm.drift}"
    if cm.drift is None or path not in draws:
        return plan_factors
    return np.stack([drift_factors(rate, s.horizon_months) for rate in draws[path]])


def _stats(values: np.ndarray) -> Percentiles:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return Percentiles(p10=None, p50=None, p90=None)
    p10, p50, p90 = (float(v) for v in np.percentile(finite, PERCENTILES))
    return Percentiles(p10=p10, p50=p50, p90=p90)


def _cumulative_band(upfront: np.ndarray, cumulative: np.ndarray, ok: np.ndarray) -> CumulativeBand | None:
    """P10 and P90 of the cumulative cost at month 0 (upfront) and after each month, over the
    cases in which the option can run: the same cases as the horizon total's percentiles, so the
    band's last point is that total's P10 and P90."""
    rows = np.concatenate([np.broadcast_to(upfront, ok.shape)[:, None], cumulative], axis=1)[ok]
    if rows.shape[0] == 0:
        return None
    low, high = np.percentile(rows, [10, 90], axis=0)
    return CumulativeBand(p10=low.tolist(), p90=high.tolist())


HorizonTotals = Callable[[Scenario, Catalog, bool], dict[str, float | None]]
"""Each option's horizon total for a scenario (quality-adjusted when asked; None when it cannot
run), which the tornado recomputes for each swing: `catalog.engine.estimate.horizon_totals`,
passed in so this module does not import the estimate."""


def uncertainty(
    s: Scenario,
    catalog: Catalog,
    models: list[CostModel],
    plans: list[OptionPlan],
    results: list[OptionResult],
    with_curves: bool,
    set_aside: set[str],
    totals_of: HorizonTotals,
) -> Uncertainty:
    """Percentiles, odds of being cheapest and the tornado, over the options the recommendation
    could pick (those it set aside are simulated but never counted as cheapest)."""
    check_paths(s)
    draws = draw(s)
    n = s.draws
    base_volume = draws.get("workload.requests_per_month", np.full(n, s.workload.requests_per_month))
    growth = draws.get("workload.monthly_growth", np.full(n, s.workload.monthly_growth))
    volumes = base_volume[:, None] * (1 + growth[:, None]) ** np.arange(s.horizon_months)[None, :]
    quality = quality_adjusted(s)
    per_draw = _params_per_draw(s, catalog, models, draws)
    names = [o.name for o in s.options]

    spreads: dict[str, dict] = {}
    totals, bands = [], {}
    for i, ((distinct, distinct_ok), cm, plan, result) in enumerate(zip(per_draw, models, plans, results, strict=True)):
        params, feasible = _cases(distinct, distinct_ok, n)
        params = Params(**{**params.__dict__, "error": _error_costs(s, draws, i, params.error)})
        move = None
        if plan.move_month is not None:
            successor = plan.successor
            assert successor is not None, "a planned move has a successor"
            j = names.index(successor.option) if successor.option in names else None
            succ_params = (
                _cases(*per_draw[j], n)[0] if j is not None else _cases(Params.of([successor]), np.array([True]), n)[0]
            )
            move = plan.move(succ_params, np.full(n, plan.one_off_usd))
        factors = _factors(s, cm, draws, plan.factors)
        outcome = run(params, volumes, factors, s.discount_rate_per_year, move)
        ranked = (
            run(params, volumes, factors, s.discount_rate_per_year, move, quality=True)["total"]
            if quality
            else outcome["total"]
        )
        ok = feasible & result.feasible
        total = np.where(ok, outcome["total"], np.inf)
        first_month = np.where(ok, params.monthly(volumes[:, :1])[:, 0], np.inf)
        eligible = result.feasible and not result.closed and cm.option not in set_aside
        totals.append(np.where(ok, ranked, np.inf) if eligible else np.full(n, np.inf))
        spreads[cm.option] = {
            "monthly_usd": _stats(first_month),
            "horizon_total_usd": _stats(total),
            "cumulative_usd": _cumulative_band(params.upfront, outcome["cumulative"], ok),
            "feasible_share": float(ok.mean()),
        }
        if with_curves and result.feasible:
            grid = curve_volumes()
            rows = Params(**{k: v[distinct_ok] for k, v in distinct.__dict__.items()})
            if distinct_ok.any():
                curve = rows.monthly(np.broadcast_to(grid, (int(distinct_ok.sum()), grid.size)))
                low, high = np.percentile(curve, [10, 90], axis=0) if len(curve) > 1 else (curve[0], curve[0])
                bands[cm.option] = Band(p10=low.tolist(), p90=high.tolist())
    stacked = np.stack(totals, axis=1)
    any_option = np.isfinite(stacked).any(axis=1)
    winners = np.argmin(np.where(np.isfinite(stacked), stacked, np.inf), axis=1)
    options = {
        name: OptionSpread(**spreads[name], probability_cheapest=float(((winners == i) & any_option).sum() / n))
        for i, name in enumerate(names)
    }
    return Uncertainty(
        draws=n,
        model_draws=min(n, MODEL_DRAWS),
        seed=s.seed,
        ranges=s.ranges,
        options=options,
        tornado=tornado(s, catalog, [r for r in results if r.name not in set_aside], quality, totals_of),
        bands=Bands(requests_per_month=curve_volumes().tolist(), **bands) if with_curves else None,
    )


def tornado(
    s: Scenario, catalog: Catalog, results: list[OptionResult], quality: bool, totals_of: HorizonTotals
) -> Tornado:
    """Swing each ranged input low→high alone; rank by how much the gap between the two best
    options moves; flag swings that change the cheapest option. Each swing needs only the
    options' horizon totals (`totals_of`), not a full estimate."""
    key = "quality_adjusted_horizon_usd" if quality else "horizon_total_usd"

    def total(r: OptionResult) -> float:
        return _or_inf(getattr(r, key))

    eligible = sorted((r for r in results if r.feasible and not r.closed), key=total)
    if len(eligible) < 2:
        return Tornado(between=[r.name for r in eligible], gap_usd=None, bars=[])
    best, second = eligible[0].name, eligible[1].name
    eligible_names = {r.name for r in eligible}
    unranged = s.model_copy(update={"ranges": {}})

    def outcome(path: str, value: float) -> tuple[float, str]:
        swung = totals_of(unranged.with_value(path, value), catalog, quality)
        usable = {name: float(v) for name, v in swung.items() if name in eligible_names and v is not None}
        gap = _or_inf(swung[second]) - _or_inf(swung[best])
        return float(gap), min(usable, key=usable.__getitem__) if usable else ""

    bars = []
    for path, r in s.ranges.items():
        gap_low, winner_low = outcome(path, r.low)
        gap_high, winner_high = outcome(path, r.high)
        bars.append(
            TornadoBar(
                input=path,
                low=r.low,
                high=r.high,
                gap_at_low_usd=gap_low,
                gap_at_high_usd=gap_high,
                swing_usd=abs(gap_high - gap_low),
                winner_at_low=winner_low,
                winner_at_high=winner_high,
                flips=winner_low != best or winner_high != best,
            )
        )
    bars.sort(key=lambda b: b.swing_usd, reverse=True)
    return Tornado(between=[best, second], gap_usd=total(eligible[1]) - total(eligible[0]), bars=bars)


def _or_inf(value: float | None) -> float:
    """An option with no total (it cannot run) ranks after every option that has one."""
    return np.inf if value is None else float(value)


def default_ranges(scenario: dict) -> dict[str, dict[str, float]]:
    """Ranges for the inputs users rarely know: future volume, growth, MFU, utilisation.
    Volume: half to double the estimate; growth: flat to +10 points a month; MFU: the measured
    26-46% (llm-foundry); utilisation: 50-85% (peers' planning range)."""
    workload = scenario.get("workload", {})
    volume = float(workload.get("requests_per_month", 0))
    growth = float(workload.get("monthly_growth", 0))
    assumptions = scenario.get("assumptions", {})
    mfu_lora = float(assumptions.get("mfu_lora", 0.30))
    mfu_full = float(assumptions.get("mfu_full", 0.35))
    utilisation = float(assumptions.get("utilisation", 0.7))
    return {
        "workload.requests_per_month": {"low": volume / 2, "mode": volume, "high": volume * 2},
        "workload.monthly_growth": {"low": min(0.0, growth), "mode": growth, "high": min(growth + 0.10, 2.0)},
        "assumptions.mfu_lora": {"low": min(0.20, mfu_lora), "mode": mfu_lora, "high": max(0.45, mfu_lora)},
        "assumptions.mfu_full": {"low": min(0.26, mfu_full), "mode": mfu_full, "high": max(0.46, mfu_full)},
        "assumptions.utilisation": {"low": min(0.5, utilisation), "mode": utilisation, "high": max(0.85, utilisation)},
    }
