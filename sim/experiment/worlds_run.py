"""Scenarios x worlds x replications, stored run by run (resumable) on the sweep's executors.

Every run is written to ``DIR/results.sqlite`` (the sweep's store) as soon as its batch is back,
so an interrupted comparison keeps what finished. A run is identified by a key that hashes its
world, scenario, replicate, seed and resolved parameters: running the same command again asks
the store which keys it has and runs only the others (adding a scenario or replications later
reuses every run already stored).
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import executors as ex
from .progress import StoredRuns
from .replicate import replicate_seed
from .store import Store
from .worlds import WorldSet, in_world, set_keys


@dataclass
class WorldRuns:
    """The stored outcome of a comparison over worlds."""

    labels: list[str]
    worlds: WorldSet
    reps: int
    values: dict[str, np.ndarray]  # metric -> [world, scenario, replicate]
    total: int
    skipped: int
    ran: int
    failed: int
    seconds: float
    executor: str


def _key(world_id: str, label: str, rep: int, seed: int, resolved: dict[str, Any]) -> str:
    text = json.dumps({"world": world_id, "scenario": label, "replicate": rep, "seed": seed, "params": resolved}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def build_tasks(scenarios, labels: list[str], names: list[str], worlds: WorldSet, reps: int, seed: int,
                overrides: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One task per world, scenario and replicate, in that order; seeds shared across worlds and scenarios."""
    n_s = len(labels)
    fixed = [set_keys(name, overrides) for name in names]
    bases = [sc.params.model_dump() for sc in scenarios]
    out = []
    for w, world in enumerate(worlds.worlds):
        for s, label in enumerate(labels):
            resolved = in_world(bases[s], world, fixed[s])
            for r in range(reps):
                sd = replicate_seed(seed, r)
                out.append({"run_key": _key(world.id, label, r, sd, resolved), "point": w * n_s + s, "replicate": r,
                            "seed": sd, "scenario": label, "params": {"world": world.id}, "resolved": resolved,
                            "metrics": [], "series": []})
    return out


def run_worlds(scenarios, labels: list[str], names: list[str], worlds: WorldSet, reps: int, seed: int, out: Path, *,
               overrides: dict[str, Any] | None = None, workers: int | None = None, scheduler: str | None = None,
               dask_local: int | None = None, quiet: bool = False, runner: ex.Runner | None = None,
               batch: int | None = None) -> WorldRuns:
    """Run what is not yet stored in ``out``; return every run's metrics as arrays."""
    from .sweep import make_executor

    tasks = build_tasks(scenarios, labels, names, worlds, reps, seed, overrides)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    ran = failed = 0
    label = "nothing to run"
    with Store(out) as store:
        from .. import __version__

        store.set_meta(kind="compare-worlds", version=__version__, seed=seed, replications=reps, scenarios=labels,
                       worlds=worlds.spec, worlds_fingerprint=worlds.fingerprint())
        done = store.finished_keys(include_errors=False)
        todo = [t for t in tasks if t["run_key"] not in done]
        skipped = len(tasks) - len(todo)
        if skipped and not quiet:
            print(f"worlds: {skipped} of {len(tasks)} runs already in {out}/results.sqlite; running the other {len(todo)}",
                  file=sys.stderr)
        if todo:
            executor = make_executor(workers, scheduler, dask_local, runner) if len(todo) > 1 else ex.Sequential(runner)
            label = executor.label
            size = batch or max(1, min(reps * len(labels), ex.auto_batch_size(len(todo), executor.slots)))
            with StoredRuns(executor, store, total=len(tasks), done=skipped, desc="worlds", quiet=quiet,
                            again="run the same command again to go on") as runs:
                runs.run(ex.batches(todo, size))
            ran, failed = runs.ran, runs.failed
        stored = {r["run_key"]: r for r in store.runs() if r["status"] == "ok"}
    seconds = time.perf_counter() - t0
    values = _arrays(tasks, stored, len(worlds.worlds), len(labels), reps)
    return WorldRuns(labels, worlds, reps, values, len(tasks), skipped, ran, failed, seconds, label)


def _arrays(tasks: list[dict], stored: dict[str, dict], n_w: int, n_s: int, reps: int) -> dict[str, np.ndarray]:
    names: list[str] = []
    for t in tasks:
        r = stored.get(t["run_key"])
        if r:
            names = list(r["metrics"])
            break
    values = {m: np.full((n_w, n_s, reps), np.nan) for m in names}
    for t in tasks:
        r = stored.get(t["run_key"])
        if not r:
            continue
        w, s = divmod(t["point"], n_s)
        for m in names:
            v = r["metrics"].get(m)
            if v is not None:
                values[m][w, s, t["replicate"]] = v
    return values

