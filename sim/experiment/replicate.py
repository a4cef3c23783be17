"""Replications of one scenario, in this process or across worker processes.

Replicate ``r`` of a run with root seed ``S`` uses the seed ``run_seed(S, r)`` whatever the
scenario, so scenarios compared at the same root seed share their random numbers pair by pair
(common random numbers), and a result never depends on which worker ran it.
"""
from __future__ import annotations

import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable

import numpy as np

from ..memory import collecting_less
from ..model import SchoolModel
from ..params import Params
from ..rng import run_seed


def replicate_seed(root_seed: int, rep: int) -> int:
    return run_seed(root_seed, "replicate", rep)


def run_one(params: dict[str, Any], seed: int, scenario: str = "custom", full: bool = False, engine: str = "clock") -> dict[str, Any]:
    """Run one model to the end (the agencies' cases on ``engine``, sim/engines.py); return its
    metrics (and the full results if ``full``).

    Without ``full`` only the metrics are computed - the numbers ``model.results()`` gives under
    "metrics", computed the same way, in the same order - not the case log's table, the daily
    series or the parameters' dump, which a sweep or a comparison over worlds does not store."""
    model = SchoolModel(Params.model_validate(params), seed=seed, scenario=scenario, engine=engine)
    model.run()
    if full:
        return model.results()
    return {"seed": seed, "metrics": metrics_of(model)}


@collecting_less
def metrics_of(model: SchoolModel) -> dict[str, Any]:
    """A finished model's metrics, as in ``model.results()["metrics"]`` (without the rest)."""
    from ..outcomes import summarise

    model.finish()
    return summarise(model)


def _task(args: tuple) -> dict[str, Any]:
    return run_one(*args)


def process_context():
    """Fork where the platform has it (Mesa sets the global start method to spawn on import,
    which would re-import the caller's main module in every worker)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_many(tasks: list[tuple], workers: int = 1, progress: Callable[[int], None] | None = None,
             task: Callable[[tuple], dict[str, Any]] = _task) -> list[dict[str, Any]]:
    """Run ``task(t)`` (default ``run_one(*t)``) for every task, in order, on ``workers`` processes."""
    out: list[dict[str, Any]] = []
    if workers <= 1 or len(tasks) <= 1:
        for t in tasks:
            out.append(task(t))
            if progress:
                progress(1)
        return out
    with ProcessPoolExecutor(max_workers=workers, mp_context=process_context()) as pool:
        for res in pool.map(task, tasks, chunksize=max(1, len(tasks) // (4 * workers))):
            out.append(res)
            if progress:
                progress(1)
    return out


UNBOUNDED = ("gap", "regained", "difference", "diff_", "change")  # metrics that can be negative


def metric_bounds(name: str) -> tuple[float, float]:
    """What values a run metric can take: shares lie in [0, 1], the collaboration index in
    [1, 5], counts, days, hours and costs are never negative; gaps and differences can be."""
    if any(word in name for word in UNBOUNDED):
        return (-math.inf, math.inf)
    if name.startswith("share_") or name in ("mean_daily_absence", "school_trust") or name.endswith("_share"):
        return (0.0, 1.0)
    if name == "collaboration_index":
        return (1.0, 5.0)
    return (0.0, math.inf)


BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 20_240_801  # fixed: the same runs always give the same interval


def bootstrap_ci(x: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean over replications (it lies within the values'
    range, so it cannot leave what is possible)."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    means = x[rng.integers(0, x.size, size=(BOOTSTRAP_RESAMPLES, x.size))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def mean_ci(values: Iterable[float], bounds: tuple[float, float] | None = None) -> dict[str, Any]:
    """Mean and 95 % interval over replications.

    A statistic that is undefined in a run (a median never reached: None or NaN) is left out;
    ``n`` says in how many of the ``runs`` it was defined. With fewer than two defined values
    there is no interval (``[None, None]``). The interval is Student's t; when ``bounds`` (what
    the metric can take, e.g. ``(0, 1)`` for a share) are given and the t-interval would leave
    them, the percentile bootstrap interval (``BOOTSTRAP_RESAMPLES`` resamples, fixed seed) is
    given instead (``method`` says which).
    """
    from scipy import stats

    raw = list(values)
    x = np.array([v for v in raw if v is not None and not math.isnan(v)], dtype=float)
    if x.size == 0:
        return {"mean": None, "ci95": [None, None], "n": 0, "runs": len(raw), "method": None}
    m = float(x.mean())
    if x.size < 2:
        return {"mean": m, "ci95": [None, None], "n": int(x.size), "runs": len(raw), "method": None}
    half = float(stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    lo, hi, method = m - half, m + half, "t"
    if bounds is not None and (lo < bounds[0] or hi > bounds[1]):
        (lo, hi), method = bootstrap_ci(x), "bootstrap"
    return {"mean": m, "ci95": [lo, hi], "n": int(x.size), "runs": len(raw), "method": method}


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    names = list(runs[0]["metrics"]) if runs else []
    return {k: mean_ci((r["metrics"][k] for r in runs), metric_bounds(k)) for k in names}
