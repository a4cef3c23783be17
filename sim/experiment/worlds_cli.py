"""``samsim compare ... --worlds SPEC``: the comparison repeated across plausible worlds."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_arguments(c: argparse.ArgumentParser) -> None:
    """The ``compare`` options for worlds (see :mod:`sim.experiment.worlds`)."""
    from ..cli import positive_int

    c.add_argument("--worlds", metavar="SPEC",
                   help="also run every scenario in plausible worlds: prior:N (Latin hypercube over the plausible "
                        "ranges of the uncertainties), saltelli:N (Sobol' design) or a CSV/Parquet file of worlds")
    c.add_argument("--margin", type=float, metavar="DAYS",
                   help="school days regained per pupil in need that count as 'better by a margin' (default 1)")
    c.add_argument("--scheduler", metavar="ADDRESS", help="with --worlds: a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    c.add_argument("--dask-local", type=positive_int, metavar="N", help="with --worlds: start a local Dask cluster of N workers")


def prepare(args: argparse.Namespace):
    """Check --worlds and --margin before any run starts; return the worlds (or None)."""
    from ..errors import InputError
    from .worlds import parse

    spec = getattr(args, "worlds", None)
    if args.margin is not None and (args.margin != args.margin or args.margin < 0):
        raise InputError(f"--margin {args.margin}: must be a number of school days >= 0")
    if not spec:
        if args.scheduler or args.dask_local:
            raise InputError("--scheduler/--dask-local: only used with --worlds")
        return None
    return parse(spec, args.seed)


def run(args: argparse.Namespace, comp, worlds, overrides: dict[str, Any]) -> dict[str, Any]:
    """Run the comparison in every world (resumable in --out) and return the ``uncertainty`` object."""
    from .robustness import PRIMARY, summarise
    from .worlds_run import run_worlds

    res = run_worlds(comp.scenarios, comp.labels, args.scenarios, worlds, args.reps, args.seed, Path(args.out),
                     overrides=overrides, workers=args.workers, scheduler=args.scheduler, dask_local=args.dask_local)
    margins = {PRIMARY: args.margin} if args.margin is not None else None
    unc = summarise(comp.labels, res.values, worlds, margins=margins, seed=args.seed, reps=args.reps)
    unc["runs"] = {"total": res.total, "already_stored": res.skipped, "ran": res.ran, "failed": res.failed,
                   "seconds": round(res.seconds, 1), "executor": res.executor, "store": "results.sqlite"}
    print(f"worlds: {len(worlds.worlds)} worlds x {len(comp.labels)} scenarios x {args.reps} replications = {res.total} runs "
          f"({res.skipped} already stored, ran {res.ran}, {res.failed} failed) in {res.seconds:.0f} s on {res.executor}",
          file=sys.stderr)
    return unc


def print_summary(unc: dict[str, Any], labels: list[str]) -> None:
    from .robustness import PRIMARY

    ref = labels[0]
    print(f"across {unc['worlds']['n']} plausible worlds ({unc['worlds']['spec']}), school days regained per pupil in need vs {ref}:")
    for label in labels[1:]:
        e = unc.get(label, {})
        d = e.get(PRIMARY)
        if not d:
            continue
        def f(x):
            return "n/a" if x is None else f"{x:+.2f}"
        pb = e.get("prob_better")
        print(f"  {label:24s} median {f(d['median'])} [5-95 %: {f(d['p05'])}, {f(d['p95'])}]  "
              f"better in {100 * pb:.0f} % of worlds" if pb is not None else f"  {label:24s} no result")
        text = (e.get("discovery") or {}).get("text")
        if text:
            print(f"      {text}")
