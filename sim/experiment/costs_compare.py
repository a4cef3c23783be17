"""Cost-effectiveness of each coordination model against the first (the reference), paired.

For every scenario, from the per-replicate metrics of ``samsim compare`` (replicate ``r`` of
every scenario runs on the same seed, so its pupils, their episodes and needs are the same):

* ``cost_sek_per_year``: mean and 95 % t-interval over replications (and its parts);
* ``incremental_cost_sek``: the scenario's cost minus the reference's, replicate by replicate,
  with the paired 95 % t-interval (as every difference of the comparison);
* ``school_days_regained_per_year``: (reference's ``absence_days_per_pupil_in_need`` minus the
  scenario's) x the reference's ``pupils_in_need_per_year``, replicate by replicate (positive =
  fewer absence days), paired interval;
* ``pupils_recovered_per_year``: (scenario's ``share_in_need_recovered_365d`` minus the
  reference's) x ``pupils_in_need_per_year``: pupils in need more a year whose absence is back
  under 15 % within a year of onset;
* ``sek_per_school_day_regained`` and ``sek_per_pupil_recovered``: the ratio of the mean
  incremental cost to the mean incremental benefit, with a 95 % **paired bootstrap percentile
  interval** (replicates resampled with replacement, the same draw for cost and benefit, 2,000
  resamples, seed fixed by the comparison's root seed). A ratio is reported only where the
  benefit's 95 % interval excludes zero; otherwise it is ``null`` with ``status`` saying why
  (a ratio whose denominator may be zero is unbounded). ``quadrant`` names where the scenario
  lies on the cost-effectiveness plane: ``dominant`` (cheaper and better), ``dominated``
  (dearer and worse), ``costs_more_for_more`` (pay for benefit: the ratio is the price of a
  regained day) or ``saves_for_less``.

If the outcome endpoints of ``sim/outcomes.py`` are missing (older versions), the benefit falls
back to the absence of all pupils: Δ ``mean_daily_absence`` x pupils x school days a year, and
pupils back under 15 % from Δ ``share_absence_over_15pct``; ``benefit_basis`` says which.

:func:`acceptability` gives the cost-effectiveness acceptability curve: for each willingness to
pay per school day regained, the probability that each model gives the most net benefit
(``lambda x days regained - incremental cost``), over paired bootstrap resamples of the
replicates of the default world (assumptions and prices held fixed).

:func:`acceptability_worlds` gives the curve over plausible worlds (``compare --worlds``, written
to ``summary.json`` as ``uncertainty.cost_acceptability``): in each world the net benefit of each
model is averaged over the world's replications (common random numbers), and the curve at a
willingness to pay is the weighted share of worlds (the worlds' weights) in which each model gives
the most net benefit. The worlds vary wages and prices (section [costs]) with every other
uncertainty, so this curve spans what the replications' curve holds fixed.
"""
from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from ..costs import PARTS, TOTAL
from .intervals import mean_ci

if TYPE_CHECKING:
    from .comparison import Comparison

BOOTSTRAP = 2000
OUTCOME = ("absence_days_per_pupil_in_need", "pupils_in_need_per_year", "share_in_need_recovered_365d")


def _values(comp: "Comparison", label: str, metric: str) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in comp.values(label, metric)], dtype=float)


def _has(comp: "Comparison", metric: str) -> bool:
    return metric in comp.runs[comp.reference][0]["metrics"]


def benefits(comp: "Comparison", label: str) -> tuple[np.ndarray, np.ndarray, str]:
    """Per replicate: school days regained a year and pupils recovered a year against the
    reference, and the basis of the benefit."""
    ref = comp.reference
    if all(_has(comp, m) for m in OUTCOME):
        need = _values(comp, ref, "pupils_in_need_per_year")
        days = (_values(comp, ref, OUTCOME[0]) - _values(comp, label, OUTCOME[0])) * need
        pupils = (_values(comp, label, OUTCOME[2]) - _values(comp, ref, OUTCOME[2])) * need
        return days, pupils, "pupils in need (outcome endpoints, 365 days from onset)"
    sc = comp.scenarios[comp.labels.index(label)].params
    n, school_days = sc.municipality.n_pupils, sc.calendar.school_days_per_year
    days = (_values(comp, ref, "mean_daily_absence") - _values(comp, label, "mean_daily_absence")) * n * school_days
    pupils = (_values(comp, ref, "share_absence_over_15pct") - _values(comp, label, "share_absence_over_15pct")) * n
    return days, pupils, "all pupils (fallback: outcome endpoints missing)"


def _paired(d: np.ndarray) -> dict[str, Any]:
    """Mean of paired differences and their 95 % t-interval (as the comparison's differences)."""
    s = mean_ci(d.tolist())
    return {"mean": s["mean"], "ci95": s["ci95"], "n": s["n"]}


def _contains_zero(ci: list) -> bool:
    lo, hi = ci
    return lo is None or hi is None or lo <= 0.0 <= hi


def _quadrant(cost: float, benefit: float) -> str:
    if cost == 0 and benefit == 0:
        return "no_difference"
    if benefit >= 0:
        return "dominant" if cost <= 0 else "costs_more_for_more"
    return "saves_for_less" if cost <= 0 else "dominated"


def ratio(cost: np.ndarray, benefit: np.ndarray, benefit_ci: list, rng: np.random.Generator) -> dict[str, Any]:
    """Mean incremental cost over mean incremental benefit, with a paired bootstrap interval;
    undefined (null) when the benefit's interval contains zero."""
    ok = ~(np.isnan(cost) | np.isnan(benefit))
    cost, benefit = cost[ok], benefit[ok]
    if benefit.size < 2:
        return {"value": None, "ci95": [None, None], "status": "too few replications"}
    quadrant = _quadrant(float(cost.mean()), float(benefit.mean()))
    if _contains_zero(benefit_ci):
        return {"value": None, "ci95": [None, None], "quadrant": quadrant,
                "status": "undefined: the benefit's 95 % interval contains zero, so the ratio is unbounded"}
    idx = rng.integers(0, benefit.size, (BOOTSTRAP, benefit.size))
    c, e = cost[idx].mean(axis=1), benefit[idx].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = c / e
    same_sign = np.sign(e) == np.sign(benefit.mean())  # a resample whose benefit changed sign has no finite ratio on this side
    share = float(same_sign.mean())
    if share < 0.975:
        return {"value": float(cost.mean() / benefit.mean()), "ci95": [None, None], "quadrant": quadrant,
                "status": f"unbounded interval: the benefit changes sign in {100 * (1 - share):.1f} % of bootstrap resamples"}
    lo, hi = np.percentile(r[same_sign], [2.5, 97.5])
    return {"value": float(cost.mean() / benefit.mean()), "ci95": [float(lo), float(hi)], "quadrant": quadrant,
            "status": "defined"}


def cost_effectiveness(comp: "Comparison") -> dict[str, Any]:
    """``summary.json`` ``costs``: per scenario, cost per year and, against the reference,
    incremental cost, incremental benefit and the cost per unit of benefit (module docstring)."""
    if not _has(comp, TOTAL):
        return {}
    rng = np.random.default_rng([int(comp.seed), 18])
    ref_cost = _values(comp, comp.reference, TOTAL)
    out: dict[str, Any] = {}
    for label in comp.labels:
        cost = _values(comp, label, TOTAL)
        entry: dict[str, Any] = {"cost_sek_per_year": mean_ci(cost.tolist()),
                                 "parts": {k: comp.summary(label, k)["mean"] for k in PARTS}}
        if _has(comp, "cost_borne_by_region_sek"):
            entry["cost_borne_by_region_sek"] = comp.summary(label, "cost_borne_by_region_sek")["mean"]
        if label != comp.reference:
            days, pupils, basis = benefits(comp, label)
            d_cost = cost - ref_cost
            entry["incremental_cost_sek"] = _paired(d_cost)
            entry["school_days_regained_per_year"] = _paired(days)
            entry["pupils_recovered_per_year"] = _paired(pupils)
            entry["benefit_basis"] = basis
            entry["sek_per_school_day_regained"] = ratio(d_cost, days, entry["school_days_regained_per_year"]["ci95"], rng)
            entry["sek_per_pupil_recovered"] = ratio(d_cost, pupils, entry["pupils_recovered_per_year"]["ci95"], rng)
            entry["interval_method"] = ("differences: paired 95 % t-interval over replications; ratios: mean cost over mean "
                                        f"benefit, 95 % paired bootstrap percentile interval ({BOOTSTRAP} resamples of the "
                                        "replications), null when the benefit's interval contains zero")
        out[label] = entry
    return out


def acceptability(comp: "Comparison", per_day: list[float] | None = None) -> dict[str, Any]:
    """The cost-effectiveness acceptability curve: for each willingness to pay per school day
    regained (SEK), the probability that each model - the reference included - gives the most net
    benefit, over paired bootstrap resamples of the replicates."""
    if not _has(comp, TOTAL) or comp.reps < 2:
        return {}
    rng = np.random.default_rng([int(comp.seed), 16])
    ref_cost = _values(comp, comp.reference, TOTAL)
    cost = np.array([_values(comp, lbl, TOTAL) - ref_cost for lbl in comp.labels])
    days = np.array([np.zeros(comp.reps) if lbl == comp.reference else benefits(comp, lbl)[0] for lbl in comp.labels])
    ok = ~(np.isnan(cost).any(axis=0) | np.isnan(days).any(axis=0))
    cost, days = cost[:, ok], days[:, ok]
    if cost.shape[1] < 2:
        return {}
    if per_day is None:
        per_day = default_grid(cost.mean(axis=1), days.mean(axis=1))
    idx = rng.integers(0, cost.shape[1], (BOOTSTRAP, cost.shape[1]))
    c, e = cost[:, idx].mean(axis=2), days[:, idx].mean(axis=2)  # model x resample
    curves: dict[str, list[float]] = {lbl: [] for lbl in comp.labels}
    for lam in per_day:
        best = np.argmax(lam * e - c, axis=0)
        for k, lbl in enumerate(comp.labels):
            curves[lbl].append(float(np.mean(best == k)))
    return {"sek_per_school_day": [float(x) for x in per_day], "probability_best": curves,
            "method": f"net benefit = willingness to pay x school days regained - incremental cost; "
                      f"share of {BOOTSTRAP} paired bootstrap resamples of the replications in which each model has the most"}


def acceptability_worlds(labels: list[str], values: dict[str, np.ndarray], weights: np.ndarray,
                         per_day: list[float] | None = None) -> dict[str, Any]:
    """The cost-effectiveness acceptability curve over plausible worlds.

    ``values[metric]`` is an array [world, scenario, replicate] (NaN where a run failed; the first
    scenario is the reference), ``weights`` one weight per world. Per world and model: incremental
    cost a year and school days regained a year (the reference's absence days per pupil in need
    minus the model's, x the reference's pupils in need a year), each the mean over the world's
    replications. For each willingness to pay ``lam`` the net benefit is ``lam x days - cost``; the
    model with the most takes the world's weight (models tied share it equally), and the curve is
    the weighted share of worlds each model takes. Worlds where a model has no result are left out.
    Empty when the runs carry no costs or outcome endpoints."""
    if TOTAL not in values or not all(m in values for m in OUTCOME[:2]):
        return {}
    total = np.asarray(values[TOTAL], float)
    absent = np.asarray(values[OUTCOME[0]], float)
    need = np.asarray(values[OUTCOME[1]], float)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a world where every run failed stays NaN
        cost = np.nanmean(total - total[:, :1, :], axis=2)  # [world, model]
        days = np.nanmean((absent[:, :1, :] - absent) * need[:, :1, :], axis=2)
    w = np.asarray(weights, float)
    ok = np.isfinite(cost).all(axis=1) & np.isfinite(days).all(axis=1) & (w > 0)
    if not ok.any():
        return {}
    cost, days, w = cost[ok], days[ok], w[ok] / w[ok].sum()
    if per_day is None:
        per_day = default_grid(w @ cost, w @ days)
    curves: dict[str, list[float]] = {lbl: [] for lbl in labels}
    for lam in per_day:
        net = lam * days - cost  # [world, model]
        top = np.isclose(net, net.max(axis=1, keepdims=True), rtol=1e-12, atol=1e-9)
        share = (w[:, None] * top / top.sum(axis=1, keepdims=True)).sum(axis=0)
        for k, lbl in enumerate(labels):
            curves[lbl].append(min(1.0, max(0.0, float(share[k]))))  # rounding: 1 + 1e-16 is 1
    return {"sek_per_school_day": [float(x) for x in per_day], "probability_best": curves, "n_worlds": int(ok.sum()),
            "method": "net benefit = willingness to pay x school days regained a year - incremental cost a year, "
                      "each the mean over a world's replications; weighted share of plausible worlds (which vary "
                      "wages, prices and every other uncertainty) in which each model has the most (ties shared)"}


def default_grid(cost: np.ndarray, days: np.ndarray) -> list[float]:
    """Willingness to pay from 0 to a little past the dearest finite price of a regained day
    (at least 5,000 SEK), in 60 steps."""
    with np.errstate(divide="ignore", invalid="ignore"):
        prices = cost / days
    finite = prices[np.isfinite(prices) & (prices > 0) & (days > 0)]
    top = max(5000.0, 1.5 * float(finite.max())) if finite.size else 5000.0
    top = float(10 ** math.ceil(math.log10(top)) / 2) if top < 10 ** math.ceil(math.log10(top)) / 2 else float(10 ** math.ceil(math.log10(top)))
    return [float(x) for x in np.linspace(0.0, top, 61)]
