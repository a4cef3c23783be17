"""``python -m benchmarks.worlds``: time a comparison over plausible worlds.

The issue's target: 200 worlds x 7 scenarios x 5 replications of the default municipality
(1,600 pupils, two school years) on two cores within 15 minutes. On a shared machine a full
measurement competes with other work, so ``--measure K`` runs the first K of the 200 worlds
(the same Latin hypercube design, seed 1) and extrapolates linearly in the number of runs - runs
are independent and of similar cost, so time grows with their number; the line printed says
which it is. The analysis of the stored runs (sensitivity, PRIM) is timed separately.

    python -m benchmarks.worlds --measure 10 --workers 2
    python -m benchmarks.worlds --cpu 3      # CPU time per run, in this process (load-proof)

``--cpu K`` runs the first K worlds x 7 scenarios (replicate 0) one after the other in this
process and reports the CPU time (``time.process_time``) per run and the process's memory
before and after: on a shared machine CPU time is what a run costs on an idle core, and a
memory that grows from run to run is what killed long-lived workers.
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

SCENARIOS = ["baseline", "skifo", "consultation_team", "research_circle", "school_social_worker", "integrated_team",
             "experiments/coordination_overload.toml"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds", description=__doc__.splitlines()[0])
    ap.add_argument("--worlds", type=int, default=200, help="worlds of the full study (default 200)")
    ap.add_argument("--measure", type=int, default=10, help="worlds actually run (default 10; = --worlds for a full run)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pupils", type=int, default=None, help="default: the default municipality")
    ap.add_argument("--cpu", type=int, metavar="K", help="instead: CPU time per run over the first K worlds, in this process")
    a = ap.parse_args(argv)

    from sim import native
    from sim.experiment.robustness import summarise
    from sim.experiment.worlds import WorldSet, prior_worlds
    from sim.experiment.worlds_run import run_worlds
    from sim.scenario import load

    here = Path(__file__).resolve().parent.parent
    os.chdir(here)
    overrides = {"municipality.n_pupils": a.pupils} if a.pupils else {}
    scen = [load(s, overrides) for s in SCENARIOS]
    labels = [s.name for s in scen]
    full = prior_worlds(a.worlds, seed=1)
    part = WorldSet(full.worlds[: a.measure], full.design, full.spec, full.names, full.unit[: a.measure])
    if a.cpu:
        return cpu_per_run(scen, labels, full, a.cpu, overrides)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        res = run_worlds(scen, labels, SCENARIOS, part, a.reps, 1, Path(tmp), overrides=overrides, workers=a.workers, quiet=True)
        wall = time.perf_counter() - t0
        t1 = time.perf_counter()
        summarise(labels, res.values, part, seed=1, reps=a.reps)
        analysis = time.perf_counter() - t1
    runs = res.total
    full_runs = a.worlds * len(labels) * a.reps
    est = wall * full_runs / runs
    kind = "measured" if a.measure >= a.worlds else f"extrapolated from {a.measure} worlds ({runs} runs)"
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"compiled modules: {native.active()}; {runs} runs in {wall:.1f} s on {res.executor} "
          f"({runs / wall:.2f} runs/s, {res.failed} failed); analysis {analysis:.1f} s; "
          f"largest worker's peak memory {worker_peak:.0f} MiB; load average {os.getloadavg()[0]:.1f}")
    print(f"| {a.worlds} worlds x {len(labels)} scenarios x {a.reps} reps = {full_runs:,} runs | {a.pupils or 1600} pupils | "
          f"{a.workers} | {runs / wall:.2f} | {est / 60:.1f} min ({kind}) |")
    return 0


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_per_run(scen, labels, full, k: int, overrides: dict) -> int:
    """The first ``k`` worlds x every scenario, replicate 0, in this process: CPU time per run."""
    import statistics

    from sim import native
    from sim.experiment import executors as ex
    from sim.experiment.worlds import WorldSet
    from sim.experiment.worlds_run import build_tasks

    part = WorldSet(full.worlds[:k], full.design, full.spec, full.names, full.unit[:k])
    tasks = build_tasks(scen, labels, SCENARIOS, part, 1, 1, overrides)
    ex.run_task(tasks[0])  # imports and first-touch memory out of the timing
    rss0, cpu = _rss_mib(), []
    for t in tasks:
        c0 = time.process_time()
        r = ex.run_task(t)
        cpu.append(time.process_time() - c0)
        if r["status"] != "ok":
            print(f"run failed: {r['error']}")
            return 1
    print(f"compiled modules: {native.active()}; {len(cpu)} runs ({k} worlds x {len(labels)} scenarios) in one process: "
          f"CPU per run mean {statistics.mean(cpu):.3f} s, median {statistics.median(cpu):.3f} s, max {max(cpu):.3f} s; "
          f"memory {rss0:.0f} -> {_rss_mib():.0f} MiB; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
