"""Replications of one scenario, in this process or across worker processes.

Replicate ``r`` of a run with root seed ``S`` uses the seed ``run_seed(S, r)`` whatever the
scenario, so scenarios compared at the same root seed share their random numbers pair by pair
(common random numbers), and a result never depends on which worker ran it.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable

from ..memory import collecting_less
from ..model import SchoolModel
from ..params import Params
from ..rng import run_seed
from .intervals import mean_ci, metric_bounds  # noqa: F401  (re-exported)


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


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    names = list(runs[0]["metrics"]) if runs else []
    return {k: mean_ci((r["metrics"][k] for r in runs), metric_bounds(k)) for k in names}
