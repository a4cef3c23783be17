"""A sweep: every run of an experiment, computed by an executor and stored as it finishes.

Each run's seed comes from the root seed and the run's identity - with common random
numbers (the default) the replicate alone, exactly as ``samsim run`` seeds its replicates,
so every design point sees the same pupils and the same life events; without them, the
point and the replicate. A run's key hashes its point, replicate, seed and resolved
parameters. Neither depends on the executor or on the order in which runs finish, so a
sweep gives the same table sequentially, on local processes or on a Dask cluster.

Re-running an experiment into the same directory (or ``--resume``) rebuilds the design,
asks the store which keys it has, and runs only the others.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..params import Params
from ..rng import run_seed
from . import executors as ex
from .design import Experiment, Point, fingerprint, points
from .progress import StoredRuns
from .replicate import replicate_seed
from .store import Store


@dataclass
class SweepResult:
    out: Path
    total: int
    skipped: int
    ran: int
    failed: int
    seconds: float
    executor: str

    @property
    def throughput(self) -> float:
        return self.ran / self.seconds if self.seconds > 0 else float("nan")


def default_out(exp: Experiment) -> Path:
    return Path("out") / "sweeps" / exp.name


def _bases(exp: Experiment, check_params: bool) -> dict[str, dict[str, Any]]:
    """Each base scenario's resolved parameters (with the fixed overrides), as a plain dict."""
    from ..municipality import resolve

    out = {}
    for scen in exp.scenarios:
        if check_params:
            out[scen] = resolve(scen, exp.fixed, exp.settings.municipality, where=f"{exp.path}: fixed").params.model_dump()
        else:  # a custom runner that does not read the model's parameters
            out[scen] = {"fixed": dict(exp.fixed)}
    return out


def _resolve(base: dict[str, Any], values: dict[str, Any], where: str, check_params: bool) -> dict[str, Any]:
    raw = json.loads(json.dumps(base))
    if not check_params:
        raw.update({"vary": values})
        return raw
    for key, value in values.items():
        sec, name = key.split(".")
        raw.setdefault(sec, {})[name] = value
    try:
        return Params.model_validate(raw).model_dump()
    except ValidationError as exc:
        from ..scenario import explain

        raise InputError(explain(exc, where)) from None


def run_key(point: Point, replicate: int, seed: int, resolved: dict[str, Any]) -> str:
    text = json.dumps({"point": point.index, "id": point.key, "replicate": replicate, "seed": seed,
                       "params": resolved}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def seed_of(exp: Experiment, point: Point, replicate: int) -> int:
    if exp.settings.common_random_numbers:
        return replicate_seed(exp.settings.seed, replicate)
    return run_seed(exp.settings.seed, "point", point.key, replicate)


def tasks(exp: Experiment, design: list[Point], check_params: bool = True) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every run of the experiment, in design order, and the base scenarios' hashes."""
    bases = _bases(exp, check_params)
    hashes = {s: hashlib.sha256(json.dumps(b, sort_keys=True).encode()).hexdigest()[:16] for s, b in bases.items()}
    out = []
    for p in design:
        resolved = _resolve(bases[p.scenario], p.values, f"{exp.path}: point {p.index} {p.key}", check_params)
        for r in range(exp.settings.replications):
            seed = seed_of(exp, p, r)
            out.append({
                "run_key": run_key(p, r, seed, resolved), "point": p.index, "replicate": r, "seed": seed,
                "scenario": p.scenario, "params": p.values, "resolved": resolved,
                "metrics": list(exp.settings.metrics), "series": list(exp.settings.series),
            })
    return out, hashes


SCHEDULER = re.compile(r"^((tcp|tls|ws|wss|ucx)://)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9][A-Za-z0-9.\-]*):[0-9]{1,5}/?$")


def check_scheduler(address: str) -> str:
    """A Dask scheduler's address: [tcp://]HOST:PORT (also tls://, ws://, wss://, ucx://)."""
    m = SCHEDULER.match(address.strip())
    port = int(address.rstrip("/").rsplit(":", 1)[-1]) if m else 0
    if not m or not 1 <= port <= 65535:
        raise InputError(f"--scheduler {address}: not a scheduler address; write tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786")
    return address.strip()


def make_executor(workers: int | None = None, scheduler: str | None = None, dask_local: int | None = None,
                  runner: ex.Runner | None = None):
    if scheduler or dask_local:
        return ex.Dask(address=scheduler, local_workers=dask_local, runner=runner)
    from .replicate import default_workers

    n = workers or default_workers()
    return ex.Sequential(runner) if n <= 1 else ex.Processes(n, runner)


def run_sweep(exp: Experiment, out: str | Path | None = None, *, workers: int | None = None,
              scheduler: str | None = None, dask_local: int | None = None, resume: bool = False,
              retry_failed: bool = False, batch: int | None = None, quiet: bool = False,
              runner: ex.Runner | None = None, check_params: bool = True) -> SweepResult:
    """Run every run of ``exp`` not yet in the store at ``out``; return what was done.

    ``runner(params, seed, scenario, full)`` replaces the model (for tests and cheap
    functions); with ``check_params=False`` the varied names need not be model parameters.
    """
    out = Path(out) if out else default_out(exp)
    if resume and not Store.exists(out):
        raise InputError(f"--resume: no sweep to resume in {out} (no {out}/results.sqlite)")
    design = points(exp)
    all_tasks, hashes = tasks(exp, design, check_params)
    design_text = json.dumps([[p.scenario, p.values] for p in design], sort_keys=True, default=str)
    fp = fingerprint(exp, {**hashes, "design": hashlib.sha256(design_text.encode()).hexdigest()[:16]})
    with Store(out) as store:
        from .. import __version__

        store.claim(fp, dict(experiment=exp.canonical(), name=exp.name, description=exp.settings.description,
                             source=str(exp.path), names=exp.names, version=__version__, created=time.time()),
                    design)
        done = store.finished_keys(include_errors=not retry_failed)
        todo = [t for t in all_tasks if t["run_key"] not in done]
        skipped = len(all_tasks) - len(todo)
        if not quiet and skipped:
            print(f"{exp.name}: {skipped} of {len(all_tasks)} runs already in {out}; running the other {len(todo)}", file=sys.stderr)
        ran, failed, t0 = 0, 0, time.perf_counter()
        label = "nothing to run"
        if todo:
            executor = make_executor(workers, scheduler, dask_local, runner) if len(todo) > 1 else ex.Sequential(runner)
            label = executor.label
            with StoredRuns(executor, store, total=len(all_tasks), done=skipped, desc=exp.name, quiet=quiet,
                            again="run the same command again (or with --resume) to go on") as runs:
                first, todo = _probe(exp, store, todo, runner)
                runs.counted([first])
                if todo:
                    runs.run(ex.batches(todo, batch or ex.auto_batch_size(len(todo), executor.slots)))
            ran, failed = runs.ran, runs.failed
        seconds = time.perf_counter() - t0
    return SweepResult(out=out, total=len(all_tasks), skipped=skipped, ran=ran, failed=failed, seconds=seconds, executor=label)


def _probe(exp: Experiment, store: Store, todo: list[dict], runner) -> tuple[dict, list[dict]]:
    """Run the first pending run here: it checks the metric and series names before the rest start."""
    first = ex.run_task(todo[0], runner)
    if first["status"] == "error" and "gives no metric" in (first["error"] or ""):
        probe = dict(todo[0], metrics=[], series=[])
        avail = ex.run_task(probe, runner).get("metrics", {})
        bad = next(m for m in exp.settings.metrics if m not in avail)
        raise InputError(f"{exp.path}: experiment.metrics: the model has no metric '{bad}'; it has: {', '.join(avail)}")
    if first["status"] == "ok" and exp.settings.series:
        missing = [s for s in exp.settings.series if s not in (first.get("series") or {})]
        if missing:
            raise InputError(f"{exp.path}: experiment.series: the model has no daily series '{missing[0]}'")
    store.add_results([first])
    return first, todo[1:]

