"""The ``samsim validate`` command."""
from __future__ import annotations

import argparse
from pathlib import Path

from .report import print_table, to_markdown
from .run import plan, validate


def cmd_validate(args: argparse.Namespace) -> int:
    from .. import errors, strict_json
    from ..cli import _overrides, _progress
    from ..experiment.replicate import default_workers

    overrides = _overrides(args)
    errors.check_size(args.reps, errors.MAX_REPLICATIONS, "--reps", args.allow_large)
    errors.output_dir(args.out)  # before any run
    only = [s.strip() for s in args.only.split(",")] if args.only else None
    planned = plan(overrides, only)
    args.workers = errors.cap_workers(args.workers)  # (a note, after every check)
    workers = args.workers or default_workers()
    bar, tick = _progress(args.reps * len(planned[1]), "validate", args.quiet)
    try:
        result = validate(args.reps, args.seed, overrides, workers=workers, progress=tick, planned=planned)
    finally:
        if bar:
            bar.close()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "validation.json").write_text(strict_json.dumps(result, indent=1, default=str))
    (out / "validation.md").write_text(to_markdown(result))
    print_table(result)
    print(f"wrote {out}/validation.md and validation.json")
    return 0 if result["passed"] else 1


def add_commands(sub) -> None:
    """Add ``samsim validate`` to the ``samsim`` subcommands."""
    from ..cli import positive_int
    from ..errors import seed_arg

    v = sub.add_parser("validate", help="check the model against published figures and the reports' patterns",
                       description="Run the scenarios the validation patterns need, on common random numbers, and "
                                   "compare each pattern with its target and tolerance. Exits 1 when a pattern fails.")
    v.add_argument("--reps", type=positive_int, default=20, help="replications per arm (default 20)")
    v.add_argument("--seed", type=seed_arg, default=2024, help="root seed (default 2024)")
    v.add_argument("--out", default="out/validation", help="directory for validation.md and validation.json (default out/validation)")
    v.add_argument("--workers", type=positive_int, help="worker processes (default: all cores)")
    v.add_argument("--pupils", type=positive_int, help="pupils in the municipality (every arm)")
    v.add_argument("--years", type=positive_int, help="school years to simulate (every arm)")
    v.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter in every arm, after the arm's own settings")
    v.add_argument("--only", metavar="NAMES", help="comma-separated pattern names to check (default: all)")
    v.add_argument("--quiet", action="store_true", help="no progress bar")
    v.add_argument("--allow-large", action="store_true", help="allow more than 10,000 replications")
    v.set_defaults(func=cmd_validate)

