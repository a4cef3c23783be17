"""The ``samsim`` command.

Bad input (an unknown scenario, key or value, a missing file, a wrong argument) prints one
line naming what is wrong and what is allowed, and exits with code 2 - never a traceback
(:mod:`sim.errors`). Output locations are checked before any simulation runs. A bug prints one
line too (exit code 70); ``--debug`` shows its traceback.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from . import __version__, errors, strict_json
from .errors import InputError, seed_arg
from .describe import describe_rows
from .municipality import describe_lines, load as load_profile, resolve as resolve_scenario, staffing_table
from .sources import resolve
from .engines import ENGINES
from .scenario import builtin_names, load

ENGINE_HELP = "the agencies' engine: clock (default, fast) or salabim (the reference engine, same cases on salabim)"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise InputError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _parse_value(text: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in getattr(args, "set", None) or []:
        if "=" not in item:
            raise InputError(f"--set {item}: write section.name=value, e.g. --set staircase.window=30")
        key, value = item.split("=", 1)
        out[key.strip()] = _parse_value(value.strip())
    if getattr(args, "years", None) is not None:
        out["calendar.years"] = args.years
    if getattr(args, "pupils", None) is not None:
        out["municipality.n_pupils"] = args.pupils
    return out


def _progress(total: int, desc: str, quiet: bool):
    if quiet or total <= 1:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="run", file=sys.stderr, leave=False)
    return bar, bar.update


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


# ----------------------------------------------------------------------------- commands
def cmd_run(args: argparse.Namespace) -> int:
    from .experiment.replicate import default_workers, replicate_seed, run_many, summarise

    scen = resolve_scenario(args.scenario, _overrides(args), args.municipality)
    errors.check_size(args.reps, errors.MAX_REPLICATIONS, "--reps", args.allow_large)
    if args.out is not None:
        errors.output_dir(args.out)
    args.workers = errors.cap_workers(args.workers)  # (a note, after every check)
    params = scen.params.model_dump()
    seeds = [replicate_seed(args.seed, r) for r in range(args.reps)]
    full = args.out is not None
    workers = args.workers or min(default_workers(), args.reps)
    bar, tick = _progress(args.reps, scen.name, args.json)
    runs = run_many([(params, s, scen.name, full, args.engine) for s in seeds], workers=workers, progress=tick)
    if bar:
        bar.close()
    result = {
        "scenario": scen.name,
        "seed": args.seed,
        "replications": args.reps,
        "version": __version__,
        "params_hash": scen.params_hash,
        "metrics": summarise(runs),
        "params": params,
    }
    if args.engine != "clock":
        result["engine"] = args.engine  # (the default engine is not written, so default outputs stay as they were)
    if args.out:
        _write_run(Path(args.out), result, runs, seeds)
    if args.json:
        print(strict_json.dumps(result, sort_keys=False))
    else:
        _print_summary(result, scen.description)
        if args.out:
            print(f"\nwrote {args.out}/result.json, runs.csv, case_log.csv")
    return 0


def _write_run(out: Path, result: dict, runs: list[dict], seeds: list[int]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "result.json").write_text(strict_json.dumps(result, indent=1))
    names = list(runs[0]["metrics"])
    with (out / "runs.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["scenario", "replicate", "seed", *names])
        for r, run in enumerate(runs):
            w.writerow([result["scenario"], r, seeds[r], *[run["metrics"][k] for k in names]])
    with (out / "case_log.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["replicate", "day", "pupil", "case", "event", "info"])
        for r, run in enumerate(runs):
            log = run["case_log"]
            w.writerows(zip([r] * len(log["day"]), log["day"], log["pupil"], log["case"], log["event"], log["info"]))


def _fmt(x: Any) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3f}" if abs(x) < 10 else f"{x:.1f}"


def _print_summary(result: dict, description: str) -> None:
    print(f"samsim {result['version']} - scenario '{result['scenario']}': {description}")
    print(f"{result['replications']} replication(s), root seed {result['seed']}, params {result['params_hash']}\n")
    from .report.run_table import lines

    print("\n".join(lines(result)))
    print("\n95 % intervals over replications (t; bootstrap percentile where t would leave the possible range); "
          "counts per year; the JSON (--json) has every metric by its key")


def cmd_describe(args: argparse.Namespace) -> int:
    scen = resolve_scenario(args.scenario, _overrides(args), args.municipality)
    rows = [{**r, "reference": resolve(r["source"])} for r in describe_rows(scen.params)]  # docs/sources.md
    profile = load_profile(args.municipality) if args.municipality else None
    if args.json:
        print(strict_json.dumps({"scenario": scen.name, "params_hash": scen.params_hash, "params": rows,
                                 "staffing": staffing_table(scen.params, profile)}, default=str, indent=1))
        return 0
    print(f"scenario '{scen.name}' ({scen.source}): {scen.description}\n")
    print("\n".join(describe_lines(scen.params, profile)) + "\n")
    section = None
    for r in rows:
        sec = r["name"].split(".")[0]
        if sec != section:
            print(f"[{sec}]")
            section = sec
        mark = "" if r["value"] == r["default"] else "  (changed)"
        print(f"  {r['name']:38s} = {r['value']!s:>8} {r['unit']:24s} allowed {r['allowed']}{mark}")
        print(f"      {r['description']}  Source: {r['source']}")
        if r["reference"]:
            print(f"      Reference: {r['reference']}")
        print(f"      {r['role']}: " + (f"plausible {r['plausible']} ({r['plausible_reason']})" if r["plausible"] else r["plausible_reason"]))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .experiment.compare import compare
    from .report.output import write_outputs

    from .experiment import worlds_cli

    names = args.scenarios
    overrides = _overrides(args)
    for name in names:  # every scenario checked (and the output place) before any run
        load(name, overrides, where="command line")
    if args.municipality:
        load_profile(args.municipality)
    worlds = worlds_cli.prepare(args)  # checked before any run
    errors.check_size(args.reps * len(names), errors.MAX_REPLICATIONS, "--reps x scenarios", args.allow_large)
    errors.output_dir(args.out)
    args.workers = errors.cap_workers(args.workers)  # (a note, after every check)
    total = len(names) * args.reps
    bar, tick = _progress(total, "compare", False)
    comp = compare(names, reps=args.reps, seed=args.seed, workers=args.workers, overrides=overrides, progress=tick,
                   municipality=args.municipality, engine=args.engine)
    if bar:
        bar.close()
    out = Path(args.out)
    if worlds is not None:
        comp.uncertainty = worlds_cli.run(args, comp, worlds, overrides)
    report = write_outputs(comp, out, lang=args.lang)
    ref = comp.reference
    print(f"samsim {__version__}: {len(names)} scenarios x {args.reps} replications, root seed {args.seed}")
    from .report.benefit import printed_summary
    print("\n".join(printed_summary(comp)))
    from .report.costs_section import printed_costs
    print("\n".join(printed_costs(comp)))
    print("process (not benefit): days without multi-agency contact, first year after onset")
    key = "days_without_multiagency_contact_first_year"
    for label in comp.labels:
        s = comp.summary(label, key)
        line = f"  {label:24s} days without multi-agency contact: {_fmt(s['mean'])}"
        if label != ref:
            d = comp.difference(label, key)
            line += f"   vs {ref}: {d.mean:+.1f} [{d.paired[0]:+.1f}, {d.paired[1]:+.1f}]"
        print(line)
    if worlds is not None:
        worlds_cli.print_summary(comp.uncertainty, comp.labels)
    print(f"report: {report.resolve()}")
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    for name in builtin_names():
        print(f"{name:22s} {load(name).description}")
    return 0


MUNICIPALITY_HELP = ("a municipality profile: a name from municipalities/ (default, sandviken_sized) or a .toml file; "
                     "its sizes and staff are used as given, staff it leaves out scale with pupils / 1,600")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="samsim", description="Simulate collaboration between school, social services and BUP around problematic school absence.")
    p.add_argument("--version", action="version", version=f"samsim {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error (also after the command)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser("run", help="run one scenario, with replications")
    r.add_argument("scenario", help="a built-in scenario name or a path to a .toml file")
    r.add_argument("--seed", type=seed_arg, default=1, help="root seed (default 1)")
    r.add_argument("--reps", type=positive_int, default=1, help="replications (default 1)")
    r.add_argument("--years", type=positive_int, help="school years to measure, after calendar.warmup_years (default 2) of warm-up (default: the scenario's, 2)")
    r.add_argument("--pupils", type=positive_int, help="pupils in the municipality (default: the scenario's, 1,600; staff counts not given by --municipality scale with pupils / 1,600)")
    r.add_argument("--workers", type=positive_int, help="worker processes (default: all cores)")
    r.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter, e.g. staircase.window=30 (repeatable; a staff count is for 1,600 pupils and scales with the pupils, unless --municipality gives it)")
    r.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    r.add_argument("--municipality", metavar="NAME|FILE", help=MUNICIPALITY_HELP)
    r.add_argument("--out", help="directory for result.json, runs.csv and case_log.csv (default: none written)")
    r.add_argument("--allow-large", action="store_true", help=f"allow more than {errors.MAX_REPLICATIONS:,} replications")
    r.add_argument("--engine", choices=ENGINES, default="clock", help=ENGINE_HELP)
    r.set_defaults(func=cmd_run)

    d = sub.add_parser("describe", help="print the resolved parameters of a scenario, with sources",
                       description="Every parameter of a scenario after inheritance and overrides: value, unit, "
                                   "allowed range, source, role (lever or uncertainty) with its plausible range, and what it means; "
                                   "'(changed)' marks values that differ from the default.")
    d.add_argument("scenario", help="a built-in scenario name or a path to a .toml file")
    d.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter before describing, e.g. staircase.window=30 (repeatable)")
    d.add_argument("--pupils", type=positive_int, help="pupils in the municipality (default: the scenario's, 1,600)")
    d.add_argument("--municipality", metavar="NAME|FILE", help=MUNICIPALITY_HELP)
    d.add_argument("--json", action="store_true", help="print one JSON object (scenario, params_hash, params, staffing) instead of the listing")
    d.set_defaults(func=cmd_describe)

    c = sub.add_parser("compare", help="compare scenarios on the same seeds and write an HTML report")
    c.add_argument("scenarios", nargs="+", help="built-in scenario names or .toml paths; the first is the reference")
    c.add_argument("--reps", type=positive_int, default=10, help="replications per scenario (default 10)")
    c.add_argument("--seed", type=seed_arg, default=1, help="root seed (default 1)")
    c.add_argument("--workers", type=positive_int, help="worker processes (default: all cores)")
    c.add_argument("--lang", choices=["en", "sv"], default="en", help="language of report.html (default en; the other language goes to report.LANG.html)")
    c.add_argument("--out", default="out/compare", help="output directory (default out/compare)")
    c.add_argument("--years", type=positive_int, help="school years to measure, after calendar.warmup_years (default 2) of warm-up (default: each scenario's, 2)")
    c.add_argument("--pupils", type=positive_int, help="pupils in the municipality (default: each scenario's, 1,600)")
    c.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter in every scenario (repeatable)")
    c.add_argument("--municipality", metavar="NAME|FILE", help=MUNICIPALITY_HELP)
    from .experiment.worlds_cli import add_arguments as add_worlds_arguments
    add_worlds_arguments(c)
    c.add_argument("--allow-large", action="store_true", help=f"allow more than {errors.MAX_REPLICATIONS:,} runs")
    c.add_argument("--engine", choices=ENGINES, default="clock", help=ENGINE_HELP)
    c.set_defaults(func=cmd_compare)

    s = sub.add_parser("scenarios", help="list the built-in scenarios")
    s.set_defaults(func=cmd_scenarios)
    from .experiment.sweep_cli import add_commands
    add_commands(sub)
    from .validation import add_commands as add_validate
    add_validate(sub)
    from .calibration.cli import add_commands as add_calibrate
    add_calibrate(sub)
    from .app_cli import add_commands as add_app_commands
    add_app_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command: bad input -> one line and exit 2; a bug -> one line (``--debug``: traceback)."""
    import os

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("SAMSIM_DEBUG", "") not in ("", "0")
    argv = [a for a in argv if a != "--debug"]  # accepted anywhere on the line
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except InputError as exc:
        return errors.report_usage(exc)
    except KeyboardInterrupt:
        errors.close_progress_bars()
        print("interrupted", file=sys.stderr)
        return errors.EXIT_INTERRUPTED
    except BrokenPipeError:  # `samsim ... | head`: the reader left
        return 0
    except MemoryError:
        errors.close_progress_bars()
        print("error: out of memory: the job is too large for this machine; use fewer replications, "
              "design points or pupils", file=sys.stderr)
        return errors.EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - a bug: one line, the traceback with --debug
        return errors.report_internal(exc, debug)


if __name__ == "__main__":
    sys.exit(main())
