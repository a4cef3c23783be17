"""ABC-SMC with pyabc: from the plausible ranges of the fitted parameters to the targets.

Approximate Bayesian computation by sequential Monte Carlo (Toni et al. 2009; Beaumont et al.
2009; the ``pyabc`` library, Schälte et al. 2022). A *particle* is one world: a value of every
fitted parameter. Generation 0 draws worlds from the prior and simulates one municipality in
each; every later generation perturbs the worlds of the one before and keeps those whose
simulated statistics lie within a shrinking distance ``epsilon`` of the targets (the median
distance of the previous generation). The distance is the root of the summed squares of each
statistic's miss in units of its tolerance, so a world inside every band has distance below
the square root of the number of targets. A statistic a run cannot compute (say no
investigations ran late because none ran) counts as a miss of 1,000 tolerances.

The runs are stored as they complete in pyabc's SQLite database (``DIR/abc.db``): an
interrupted calibration started again with the same inputs goes on from the last finished
generation.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..errors import InputError
from .priors import prior
from .targets import Targets


@dataclass(frozen=True)
class Budget:
    """How much simulation a calibration may spend."""

    name: str
    population: int                  # worlds per generation (the posterior has this many)
    generations: int                 # at most this many generations
    max_simulations: int             # stop when this many municipalities have been simulated
    min_acceptance: float            # stop when a generation accepts fewer than this share
    note: str


BUDGETS: dict[str, Budget] = {
    "small": Budget("small", 120, 4, 2500, 0.02,
                    "a first look: 120 worlds, at most 4 generations or 2,500 runs (minutes on two cores)"),
    "full": Budget("full", 1000, 15, 200_000, 0.005,
                   "a publishable posterior: 1,000 worlds, up to 15 generations or 200,000 runs, "
                   "until fewer than 0.5 % of proposals are accepted (hours on a cluster: --scheduler)"),
}

MISSING = 1000.0  # tolerances counted for a statistic the run could not compute


class Simulator:
    """One world -> the statistics of one simulated municipality (picklable for the workers)."""

    def __init__(self, base: dict[str, Any], wanted: list[str], ticks: str | None = None):
        self.base = base
        self.wanted = wanted
        self.ticks = ticks  # a file each finished run appends one byte to (progress across processes)

    def params_for(self, world: dict[str, float]) -> dict[str, Any]:
        params = {sec: dict(v) if isinstance(v, dict) else v for sec, v in self.base.items()}
        for name, value in world.items():
            sec, key = name.split(".")
            params[sec][key] = float(value)
        return params

    def __call__(self, par) -> dict[str, float]:
        from .statistics import simulate

        seed = int(np.random.randint(0, 2**31 - 1))
        stats = simulate(self.params_for(dict(par)), seed, self.wanted)
        stats["seed"] = float(seed)
        if self.ticks:
            with contextlib.suppress(OSError):  # a Dask worker on another machine has no such directory: no count, no harm
                fd = os.open(self.ticks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                os.write(fd, b".")
                os.close(fd)
        return stats


class Distance:
    """Root of summed squared misses, each in units of its target's tolerance."""

    def __init__(self, tolerances: dict[str, float]):
        self.tolerances = tolerances

    def misses(self, x: dict[str, float], x0: dict[str, float]) -> dict[str, float]:
        out = {}
        for k, tol in self.tolerances.items():
            v = x.get(k, math.nan)
            out[k] = MISSING if v is None or not math.isfinite(v) else (v - x0[k]) / tol
        return out

    def __call__(self, x: dict[str, float], x0: dict[str, float]) -> float:
        return float(math.sqrt(sum(m * m for m in self.misses(x, x0).values())))


DEFENSIVE = 0.2  # share of proposals drawn from the prior (defensive_transition)


def defensive_transition(prior_dist, share: float = DEFENSIVE):
    """The perturbation kernel of pyabc (a multivariate normal around the last generation's
    worlds) mixed with the prior: a share ``share`` of proposals come from the prior itself.

    With a dozen parameters and a hundred worlds, the kernel's density varies by orders of
    magnitude, and a world accepted where it is thin gets an importance weight that dwarfs the
    rest (the effective sample size fell to 2 of 120 in three generations without the mix).
    Mixing in the prior bounds every weight at 1/share times the smallest (defensive importance
    sampling, Hesterberg 1995), at the price of some proposals far from the targets.
    """
    import pandas as pd
    from pyabc import Parameter
    from pyabc.transition import MultivariateNormalTransition

    class Defensive(MultivariateNormalTransition):
        def rvs_single(self):
            if np.random.uniform() < share:
                draw = prior_dist.rvs()
                return Parameter({k: float(draw[k]) for k in self.X.columns})
            return super().rvs_single()

        def pdf(self, x):
            kde = super().pdf(x)
            if isinstance(x, pd.DataFrame):
                pri = np.array([prior_dist.pdf({k: float(r[k]) for k in self.X.columns}) for _, r in x.iterrows()])
            else:
                pri = prior_dist.pdf({k: float(x[k]) for k in self.X.columns})
            return share * pri + (1 - share) * kde

    return Defensive()


def pyabc_prior(names: tuple[str, ...]):
    """The product prior as a pyabc ``Distribution`` (uniform or log-uniform per parameter)."""
    import pyabc

    rvs = {}
    for n in names:
        p = prior(n)
        rvs[n] = pyabc.RV("uniform", p.lo, p.hi - p.lo) if p.dist == "uniform" else pyabc.RV("loguniform", p.lo, p.hi)
    return pyabc.Distribution(**rvs)


def base_params(targets: Targets) -> dict[str, Any]:
    """The municipality fitted: the targets' [model] scenario and settings, in the
    ``--municipality`` profile when one was given (its size and staff as given)."""
    from ..municipality import resolve

    return resolve(targets.scenario, targets.overrides, targets.municipality, where=f"{targets.path}: [model]").params.model_dump()


def fingerprint(targets: Targets, budget: Budget, seed: int) -> dict[str, Any]:
    """What makes two calibrations the same (a stored run is resumed only when this matches)."""
    from .. import __version__

    spec = {
        "targets": [asdict(t) for t in targets.targets],
        "scenario": targets.scenario,
        "overrides": targets.overrides,
        "municipality": targets.municipality,
        "parameters": list(targets.parameters),
        "prior_source": targets.priors,
        "priors": {n: asdict(prior(n)) for n in targets.parameters},
        "budget": asdict(budget),
        "seed": seed,
        "algorithm": f"ABC-SMC, pyabc; distance {Distance.__doc__}; epsilon: median of the last generation; "
                     f"kernel: multivariate normal mixed with the prior ({DEFENSIVE:.0%} of proposals)",
    }
    return {**spec, "hash": hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:16],
            "samsim_version": __version__}


def make_sampler(workers: int, scheduler: str | None):
    """Local processes (fork), one process, or a Dask cluster at ``scheduler``."""
    from pyabc.sampler import DaskDistributedSampler, MulticoreEvalParallelSampler, SingleCoreSampler

    if scheduler:
        from dask.distributed import Client

        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None
        return DaskDistributedSampler(client, batch_size=4)
    if workers <= 1:
        return SingleCoreSampler()
    # check_max_eval: stop a generation when the budget's runs are spent (pyabc does not by default)
    return MulticoreEvalParallelSampler(n_procs=workers, check_max_eval=True)


def run_abc(targets: Targets, budget: Budget, out: Path, seed: int = 1, workers: int = 1,
            scheduler: str | None = None, say: Callable[[str], None] = print) -> Any:
    """Run (or resume) the calibration into ``out``; returns the pyabc History."""
    import pyabc

    from ..scenario import load

    logging.getLogger("ABC").setLevel(logging.WARNING)
    for name in ("Sampler", "Epsilon", "Distance", "Acceptor", "ABC.History", "ABC.Adaptation", "ABC.Predictor",
                 "ABC.Transition", "ABC.Distance", "ABC.Epsilon", "ABC.Sampler", "ABC.Acceptor", "ABC.Population"):
        logging.getLogger(name).setLevel(logging.WARNING)
    out.mkdir(parents=True, exist_ok=True)
    fp = fingerprint(targets, budget, seed)
    spec_path, db_path = out / "calibration.json", out / "abc.db"
    resume = db_path.exists()
    if resume:
        old = json.loads(spec_path.read_text()) if spec_path.exists() else {}
        if old.get("hash") != fp["hash"]:
            raise InputError(f"--out {out}: holds a calibration of other targets, parameters, budget or seed; "
                             f"use another --out or delete {db_path}")
    else:
        spec_path.write_text(json.dumps(fp, indent=1, allow_nan=False, default=str))
    np.random.seed(seed)
    base = base_params(targets)
    wanted = [t.statistic for t in targets.targets]
    prior_dist = pyabc_prior(targets.parameters)
    abc = pyabc.ABCSMC(
        Simulator(base, wanted, str((out / "runs.progress").resolve())),
        prior_dist,
        Distance({t.statistic: t.tolerance for t in targets.targets}),
        population_size=budget.population,
        sampler=make_sampler(workers, scheduler),
        eps=pyabc.QuantileEpsilon(alpha=0.5),
        transitions=defensive_transition(prior_dist),
    )
    observed = {t.statistic: t.value for t in targets.targets}
    db = "sqlite:///" + str(db_path.resolve())
    if resume:
        history = abc.load(db, 1)
        say(f"resuming {db_path}: {history.max_t + 1} generation(s) done, {history.total_nr_simulations} runs")
    else:
        history = abc.new(db, observed, meta_info={"samsim": fp["hash"]})
    done_t = history.max_t + 1
    total = history.total_nr_simulations if done_t else 0
    left = budget.generations - done_t
    if left <= 0 or total >= budget.max_simulations:
        return history
    watcher = Progress(db, out / "runs.progress", budget, done_t, say)
    watcher.start()
    try:
        history = abc.run(max_nr_populations=left, min_acceptance_rate=budget.min_acceptance,
                          max_total_nr_simulations=budget.max_simulations)
    finally:
        watcher.stop()
    return history


class Progress(threading.Thread):
    """Reports each finished generation (from the database) and, every ``every`` seconds, the
    runs of the generation under way (each run appends a byte to ``ticks``), with an ETA."""

    def __init__(self, db: str, ticks: Path, budget: Budget, first: int, say: Callable[[str], None], every: float = 30.0):
        super().__init__(daemon=True)
        self.db, self.ticks, self.budget, self.seen, self.say, self.every = db, ticks, budget, first, say, every
        self.halt = threading.Event()
        self.started = time.monotonic()
        self.gen_started = self.started
        self.last_report = self.started
        self.gen_times: list[float] = []
        self.runs_at_gen_start = self._runs()

    def _runs(self) -> int:
        return self.ticks.stat().st_size if self.ticks.exists() else 0

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=5)
        self.poll()

    def run(self) -> None:
        while not self.halt.wait(2.0):
            self.poll()

    def eta(self) -> str:
        left = self.budget.generations - self.seen
        if not self.gen_times or left <= 0:
            return ""
        # acceptance roughly halves from one generation to the next: each costs about twice the last,
        # but no more than the runs left in the budget at the pace so far
        by_gen = sum(self.gen_times[-1] * 2 ** (i + 1) for i in range(left))
        runs = max(self._runs(), 1)
        if runs < self.budget.max_simulations:
            by_gen = min(by_gen, (time.monotonic() - self.started) / runs * (self.budget.max_simulations - runs))
        return f"; ETA at most {by_gen / 60:.1f} min"

    def poll(self) -> None:
        import pyabc

        now = time.monotonic()
        try:
            h = pyabc.History(self.db, _id=1, create=False)
            max_t = h.max_t
        except Exception:  # the database is being written; try again at the next poll
            return
        while self.seen <= max_t:
            pops = h.get_all_populations()
            row = pops[pops.t == self.seen].iloc[0]
            _, w = h.get_distribution(m=0, t=self.seen)
            ess = float(w.sum() ** 2 / (w ** 2).sum())
            self.gen_times.append(now - self.gen_started)
            self.gen_started = now
            self.runs_at_gen_start = self._runs()
            self.seen += 1
            self.say(f"generation {self.seen}/{self.budget.generations} done: epsilon {row.epsilon:.3g}, accepted "
                     f"{self.budget.population} of {int(row.samples)} ({self.budget.population / row.samples:.1%}), "
                     f"ESS {ess:.0f}; elapsed {now - self.started:.0f} s" + self.eta())
            self.last_report = now
        if now - self.last_report >= self.every and not self.halt.is_set():
            self.say(f"generation {self.seen + 1}/{self.budget.generations}: {self._runs() - self.runs_at_gen_start} runs so far; "
                     f"elapsed {now - self.started:.0f} s" + self.eta())
            self.last_report = now
