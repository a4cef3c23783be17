"""The measurements: calibration, kernel, naive reference, full model, sweep throughput.

Every function returns plain dicts (JSON-able); :mod:`benchmarks.__main__` prints them,
checks the targets and writes ``benchmarks/results.md``. Unit: the *pupil-school-day*, one
pupil on one school day (178 per school year by default).
"""
from __future__ import annotations

import gc
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from sim import native
from sim.params import Params

ROOT = Path(__file__).resolve().parent.parent


def median(xs: list[float]) -> float:
    return float(statistics.median(xs))


def _status_mib(field: str) -> float:
    """A memory field of ``/proc/self/status`` (Linux), MiB; NaN elsewhere."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def rss_mib() -> float:
    """Current resident set size, MiB."""
    return _status_mib("VmRSS")


def peak_rss_mib() -> float:
    """This process's peak resident set size, MiB: Linux's VmHWM, which starts afresh in a new
    program (``ru_maxrss`` does not: a worker started by a big parent inherits the parent's peak)."""
    peak = _status_mib("VmHWM")
    if not math.isnan(peak):
        return peak
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / 2**20


def scenario_params(name: str, n_pupils: int) -> Params:
    """The resolved parameters of a built-in scenario with ``n_pupils`` (InputError if unknown)."""
    from sim.scenario import load

    p = load(name).params.model_copy(deep=True)
    p.municipality.n_pupils = n_pupils
    p.calendar.years = 1  # one school year per run
    p.calendar.warmup_years = 0  # and no warm-up: the times are per simulated pupil-school-day
    return p


def scenario_available(name: str) -> tuple[bool, str]:
    from sim.errors import InputError

    try:
        scenario_params(name, 1600)
        return True, ""
    except InputError as exc:
        return False, str(exc)


# ------------------------------------------------------------------ W0 calibration
def calibration(n: int = 20_000, days: int = 178, repeats: int = 5) -> dict[str, float]:
    """Machine yardsticks: the RNG floor and a Python-loop floor, to compare machines."""
    rng = np.random.default_rng(0)
    buf = np.empty(n)
    rng_ns = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(days):
            rng.random(n, out=buf)
        rng_ns.append((time.perf_counter() - t) / (n * days) * 1e9)
    loop_ns = []
    for _ in range(repeats):
        t = time.perf_counter()
        x = 0.0
        for i in range(1_000_000):
            x += i * 0.5
        loop_ns.append((time.perf_counter() - t) / 1_000_000 * 1e9)
    return {"rng_ns_per_uniform": median(rng_ns), "python_loop_ns_per_iter": median(loop_ns)}


# ------------------------------------------------------------------ W1 kernel
def kernel(n: int, repeats: int, seed: int = 1) -> dict[str, Any]:
    """``Population.attend`` driven over a school year with the model's draws, no school."""
    from .kernel import run_kernel

    p = Params()
    p.municipality.n_pupils = n
    run_kernel(p, seed, n_days=2)  # loads the compiled kernel
    rows = []
    for r in range(repeats):
        timing: dict[str, float] = {}
        rows.append((timing, run_kernel(p, seed + r, timing=timing)[1]))
    days = rows[0][1]
    psd = n * days

    def ns(key):
        return median([t[key] / psd * 1e9 for t, _ in rows])

    return {
        "n": n,
        "school_days": days,
        "repeats": repeats,
        "ns_total": median([(t["draws"] + t["attend"]) / psd * 1e9 for t, _ in rows]),
        "ns_draws": ns("draws"),
        "ns_attend": ns("attend"),
        "setup_s": median([t["setup"] for t, _ in rows]),
    }


# ------------------------------------------------------------------ naive reference
def naive_once(n: int, seed: int = 1) -> dict[str, float]:
    from .naive import NaiveModel

    p = scenario_params("baseline", n)  # the same pupils and the same school year as the full model
    gc.collect()
    t0 = time.perf_counter()
    m = NaiveModel(p, seed=seed)
    t1 = time.perf_counter()
    m.run_school_days()
    t2 = time.perf_counter()
    share = m.absence_share()
    t3 = time.perf_counter()
    return {"setup": t1 - t0, "run": t2 - t1, "results": t3 - t2, "total": t3 - t0,
            "school_days": m.school_days, "mean_absence": float(share.mean())}


# ------------------------------------------------------------------ full model
def full_once(params: Params, seed: int, scenario: str) -> dict[str, Any]:
    """One school year of the full model, timed as users run it (``SchoolModel``: build, run,
    results), then, with the pure Python modules, the same run again under
    :class:`TimedSchoolModel` for the split by phase (its wrappers add a little time, reported
    as ``instrumented_wall``; they cannot wrap the methods of compiled classes, :mod:`sim.native`)."""
    from sim.model import SchoolModel

    from .instrument import TimedSchoolModel

    gc.collect()
    t0 = time.perf_counter()
    m = SchoolModel(params, seed=seed, scenario=scenario)
    t1 = time.perf_counter()
    m.run()
    t2 = time.perf_counter()
    res = m.results()
    wall = time.perf_counter() - t0
    run_only = t2 - t1
    days = int(m.pupil_days // max(m.pop.n, 1))
    out = {"wall": wall, "run_only": run_only, "school_days": days, "pupil_days": int(m.pupil_days),
           "mean_daily_absence": res["metrics"].get("mean_daily_absence"),
           "instrumented_wall": float("nan"), "phases": None, "wrapped": {}}
    del m
    if native.active():
        return out  # the instrument cannot wrap compiled classes' methods: the phases come from a pure Python run
    gc.collect()
    t0 = time.perf_counter()
    timed = TimedSchoolModel(params, seed=seed, scenario=scenario)
    timed.run()
    timed.results()
    out.update(instrumented_wall=time.perf_counter() - t0, phases=timed.phase_seconds(), wrapped=timed.bench_wrapped)
    return out


def summarise_full(runs: list[dict[str, Any]], n: int, scenario: str) -> dict[str, Any]:
    psd = runs[0]["pupil_days"]
    phases = {k: median([r["phases"][k] for r in runs]) for k in runs[0]["phases"]} if runs[0]["phases"] else None
    walls = [r["wall"] for r in runs]
    run_only = [r["run_only"] for r in runs]
    return {
        "scenario": scenario,
        "n": n,
        "repeats": len(runs),
        "school_days": runs[0]["school_days"],
        "wall_s": median(walls),
        "wall_min_s": min(walls),
        "ns_per_psd": median(walls) / psd * 1e9,
        "ns_per_psd_days_only": median(run_only) / psd * 1e9,
        "phases_s": phases,
        "instrumented_wall_s": median([r["instrumented_wall"] for r in runs]),
        "wrapped": runs[0]["wrapped"],
        "mean_daily_absence": runs[0]["mean_daily_absence"],
    }


def warm_up() -> None:
    """Load the compiled kernels (``sim/attendance.py``, ``sim/staircase_kernel.py``) before timing: a process pays
    this once, about 0.1 s from numba's cache (about 3 s the first time it compiles)."""
    from sim.model import SchoolModel

    p = scenario_params("baseline", 200)
    SchoolModel(p, seed=0).run(days=7)


def full_model(n: int, scenario: str, repeats: int, seed: int = 1) -> dict[str, Any]:
    """Repeated full-model runs in this process, plus RSS before (after imports and the warm-up)
    and peak after."""
    from . import instrument  # noqa: F401  (imports mesa, networkx ... before the RSS baseline)

    warm_up()
    rss0 = rss_mib()
    p = scenario_params(scenario, n)
    runs = [full_once(p, seed + r, scenario) for r in range(repeats)]
    out = summarise_full(runs, n, scenario)
    out["rss_before_mib"] = rss0
    out["peak_rss_mib"] = peak_rss_mib()
    out["native"] = native.active()
    return out


def full_model_subprocess(n: int, scenario: str, repeats: int, seed: int = 1, timeout: float = 1800) -> dict[str, Any]:
    """:func:`full_model` in a fresh interpreter, so its peak RSS is its own; then again with the
    pure Python modules (``SAMSIM_PURE``, :mod:`sim.native`), whose split by phase replaces the
    compiled run's (the instrument's wrappers cannot time the methods of compiled classes)."""
    job = json.dumps({"job": "full", "n": n, "scenario": scenario, "repeats": repeats, "seed": seed})
    out = []
    for pure in (False, True):
        env = {k: v for k, v in os.environ.items() if k != "SAMSIM_PURE"}
        if pure:
            env["SAMSIM_PURE"] = "1"
        proc = subprocess.run([sys.executable, "-m", "benchmarks", "--worker", job], cwd=os.getcwd(),
                              capture_output=True, text=True, timeout=timeout, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"worker failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    full, pure = out
    if full["native"]:
        for key in ("phases_s", "instrumented_wall_s", "wrapped"):
            full[key] = pure[key]
    full["pure_wall_s"] = pure["wall_s"]
    return full


def worker(job_text: str) -> None:
    job = json.loads(job_text)
    if job["job"] == "full":
        out = full_model(job["n"], job["scenario"], job["repeats"], job["seed"])
    else:
        raise SystemExit(f"unknown job {job['job']}")
    print(json.dumps(out))


# ------------------------------------------------------------------ ratio
def ratio(n: int, full_repeats: int, naive_repeats: int, seed: int = 1) -> dict[str, Any]:
    """Full model (baseline) against the naive reference, both in this process, interleaved."""
    p = scenario_params("baseline", n)
    warm_up()
    full_runs, naive_runs = [], []
    for r in range(max(full_repeats, naive_repeats)):
        if r < full_repeats:
            full_runs.append(full_once(p, seed + r, "baseline"))
        if r < naive_repeats:
            naive_runs.append(naive_once(n, seed + r))
    full = summarise_full(full_runs, n, "baseline")
    days = naive_runs[0]["school_days"]
    assert days == full["school_days"], "the naive reference and the full model must simulate the same school days"
    psd = n * days
    naive_total = median([x["total"] for x in naive_runs])
    naive_run = median([x["run"] for x in naive_runs])
    return {
        "n": n,
        "full_repeats": full_repeats,
        "naive_repeats": naive_repeats,
        "full_wall_s": full["wall_s"],
        "full_ns_per_psd": full["ns_per_psd"],
        "full_ns_days_only": full["ns_per_psd_days_only"],
        "full_wall_range_s": (min(r["wall"] for r in full_runs), max(r["wall"] for r in full_runs)),
        "naive_wall_s": naive_total,
        "naive_wall_range_s": (min(x["total"] for x in naive_runs), max(x["total"] for x in naive_runs)),
        "naive_setup_s": median([x["setup"] for x in naive_runs]),
        "naive_ns_per_psd": naive_total / psd * 1e9,
        "naive_ns_days_only": naive_run / psd * 1e9,
        "ratio": (naive_total / psd) / (full["ns_per_psd"] / 1e9),
        "ratio_days_only": (naive_run / psd) / (full["ns_per_psd_days_only"] / 1e9),
    }


# ------------------------------------------------------------------ sweep
def sweep(runs: int, workers: int, root_seed: int = 2024) -> dict[str, Any]:
    """``run_many`` over ``runs`` baseline replications of the default municipality."""
    from sim.experiment.replicate import replicate_seed, run_many

    params = scenario_params("baseline", Params().municipality.n_pupils).model_dump()
    tasks = [(params, replicate_seed(root_seed, r), "baseline") for r in range(runs)]
    gc.collect()
    t = time.perf_counter()
    out = run_many(tasks, workers=workers)
    wall = time.perf_counter() - t
    assert len(out) == runs
    per_hour = runs / wall * 3600
    return {"runs": runs, "workers": workers, "wall_s": wall, "runs_per_hour": per_hour,
            "minutes_for_10000": 10_000 / per_hour * 60}
