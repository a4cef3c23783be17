"""The ``samsim sweep`` and ``samsim sweep-report`` commands."""
from __future__ import annotations

import argparse
import sys


def cmd_sweep(args: argparse.Namespace) -> int:
    from .. import errors
    from .analysis import export
    from .design import load_experiment
    from .sweep import check_scheduler, default_out, run_sweep

    exp = load_experiment(args.experiment, allow_large=args.allow_large)
    if args.municipality:
        exp.settings.municipality = args.municipality
    if args.scheduler is not None:
        check_scheduler(args.scheduler)
    errors.output_dir(args.out or default_out(exp))
    args.workers = errors.cap_workers(args.workers, quiet=args.quiet)
    args.dask_local = errors.cap_workers(args.dask_local, arg="--dask-local", quiet=args.quiet)
    from .contrasts import design_size_warning
    size = design_size_warning(exp.settings.design, exp.settings.samples, len(exp.vary), exp.settings.replications)
    if size:
        print(f"warning: {exp.path}: {size}", file=sys.stderr)
    res = run_sweep(exp, args.out, workers=args.workers, scheduler=args.scheduler, dask_local=args.dask_local,
                    resume=args.resume, retry_failed=args.retry_failed, batch=args.batch, quiet=args.quiet)
    files = export(res.out)
    if not args.quiet or res.failed:
        rate = f", {res.throughput:.1f} runs/s" if res.ran else ""
        print(f"{exp.name}: {res.total} runs in the design; {res.skipped} already stored; ran {res.ran} "
              f"({res.failed} failed) in {res.seconds:.1f} s on {res.executor}{rate}")
        print(f"results: {res.out}/results.sqlite; exported {', '.join(f.name for f in files)}")
        if res.failed:
            print(f"{res.failed} run(s) failed: see the 'error' column of {res.out}/runs.csv "
                  f"(re-run with --retry-failed to try them again)")
    return 0


def cmd_sweep_report(args: argparse.Namespace) -> int:
    from .sweep_report import write_report

    rep = write_report(args.directory, warn=lambda line: print(line, file=sys.stderr))
    print(f"wrote {rep}/report.md, tables and figures")
    return 0


def add_commands(sub) -> None:
    """Add ``sweep`` and ``sweep-report`` to the ``samsim`` subcommands."""
    from ..cli import positive_int
    s = sub.add_parser("sweep", help="run a parameter sweep or sensitivity study (experiments/*.toml)",
                       description="Run every run of an experiment file, storing each as it finishes. "
                                   "Re-running the same experiment into the same directory skips finished runs.")
    s.add_argument("experiment", help="an experiment file, e.g. experiments/smoke.toml")
    where = s.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, metavar="N", help="local worker processes (default: all cores; 1: in this process)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--dask-local", type=positive_int, metavar="N", help="start a local Dask cluster of N workers")
    s.add_argument("--resume", action="store_true", help="continue the sweep stored in --out (it must exist; running the same command again also resumes)")
    s.add_argument("--retry-failed", action="store_true", help="run again the runs stored as failed")
    s.add_argument("--out", metavar="DIR", help="directory of the result store (default: out/sweeps/NAME)")
    s.add_argument("--batch", type=positive_int, metavar="N", help="runs per task (default: automatic)")
    s.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    s.add_argument("--municipality", metavar="NAME|FILE", help="run the experiment's scenarios in this municipality profile (overrides [experiment] municipality)")
    s.add_argument("--allow-large", action="store_true", help="allow a design of more than 1,000,000 runs")
    s.set_defaults(func=cmd_sweep)

    r = sub.add_parser("sweep-report", help="summary tables and plots of a stored sweep")
    r.add_argument("directory", help="the sweep's directory (its --out)")
    r.set_defaults(func=cmd_sweep_report)

