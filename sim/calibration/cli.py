"""``samsim calibrate``: fit the parameters the targets inform, write the posterior worlds."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..errors import InputError


def cmd_calibrate(args: argparse.Namespace) -> int:
    from .. import __version__
    from ..experiment.replicate import default_workers
    from .abc import BUDGETS, fingerprint, run_abc
    from .diagnostics import write_all
    from .targets import load_targets

    try:
        import pyabc  # noqa: F401
    except ImportError:
        raise InputError("samsim calibrate needs the pyabc package: pip install 'pyabc>=0.13,<0.14'") from None
    from dataclasses import replace

    from ..municipality import load as load_profile

    profile = load_profile(args.municipality) if args.municipality else None  # checked before any simulation
    path = args.targets or (profile.targets if profile is not None else None)
    if path is None:
        raise InputError("--targets: required (or a --municipality profile that names its own targets file)")
    targets = load_targets(path)  # every check before any simulation
    if profile is not None:
        targets = replace(targets, municipality=profile.source)
    budget = BUDGETS[args.budget]
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a directory")
    workers = 1 if args.scheduler else (args.workers or default_workers())

    def say(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    say(f"samsim {__version__} calibrate: {len(targets.targets)} targets from {targets.path}, "
        f"{len(targets.fit)} fitted + {len(targets.carry)} carried parameters; budget {budget.name} ({budget.note}); "
        f"{'Dask at ' + args.scheduler if args.scheduler else f'{workers} worker process(es)'}; seed {args.seed}")
    started = time.monotonic()
    history = run_abc(targets, budget, out, seed=args.seed, workers=workers, scheduler=args.scheduler, say=say)
    spec = fingerprint(targets, budget, args.seed)
    spec.update({"name": targets.name, "targets_file": targets.path})
    summary = write_all(history, targets, spec, out, {"seconds": time.monotonic() - started, "workers": workers,
                                                       "scheduler": args.scheduler})
    print(f"{summary['worlds']} worlds, ESS {summary['ess']:.0f}, {summary['total_simulations']} runs; "
          f"{sum(t['fits'] for t in summary['targets'])} of {len(summary['targets'])} targets fit")
    for t in summary["targets"]:
        print(f"  {t['statistic']:40s} target {t['value']:.3g} ±{t['tolerance']:.2g}   simulated {t['posterior_mean']:.3g} "
              f"[{t['posterior_q05']:.3g}, {t['posterior_q95']:.3g}]   {'fits' if t['fits'] else 'MISSES'}"
              if t["posterior_mean"] is not None else f"  {t['statistic']:40s} not computed")
    print(f"wrote {out}/posterior.csv, diagnostics.json, calibration.md, posterior_vs_prior.png, target_fit.png")
    return 0


def add_commands(sub) -> None:
    """Add ``samsim calibrate`` to the ``samsim`` subcommands."""
    from ..cli import positive_int, whole
    from .abc import BUDGETS

    c = sub.add_parser("calibrate", help="fit the parameters the statistics inform (ABC-SMC) and write posterior worlds",
                       description="Approximate Bayesian computation (ABC-SMC, pyabc) from the plausible ranges of the "
                                   "parameters a targets file informs to its statistics. Writes DIR/posterior.csv (a worlds "
                                   "file for samsim compare --worlds) and diagnostics. Started again with the same inputs "
                                   "and --out, it resumes from the last finished generation.")
    c.add_argument("--targets", help="targets file (TOML; see targets/national.toml); default: the --municipality profile's own")
    c.add_argument("--municipality", metavar="NAME|FILE",
                   help="calibrate this municipality profile (municipalities/*.toml): its size and staff under the targets' [model]")
    c.add_argument("--budget", choices=list(BUDGETS), default="small",
                   help="default small; " + "; ".join(f"{b.name}: {b.note}" for b in BUDGETS.values()))
    c.add_argument("--out", required=True, help="output directory (holds abc.db for resuming)")
    c.add_argument("--seed", type=whole, default=1, help="root seed (default 1; the same seed and --workers 1 repeat a run exactly)")
    c.add_argument("--workers", type=positive_int, help="local worker processes (default: all cores)")
    c.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, e.g. tcp://10.0.0.5:8786 (instead of local processes)")
    c.add_argument("--quiet", action="store_true", help="no progress lines")
    c.set_defaults(func=cmd_calibrate)
