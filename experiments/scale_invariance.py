"""Size and run-length invariance of the per-pupil outcomes (issue 15, item 5).

Runs ``baseline`` and ``skifo`` on the same seeds (common random numbers) at several
municipality sizes (or run lengths) and prints, per size, each scenario's per-pupil outcomes
and SKIFO's paired difference against the silo, with 95 % t-intervals over replicates. A
model whose capacities all scale with its pupils gives the same per-pupil numbers at every
size, up to noise; one with a fixed capacity (a forum that decides six cases a meeting
whatever the size) gives a gain that shrinks as the municipality grows.

    SAMSIM_PURE=1 python experiments/scale_invariance.py --sizes 800 1600 6400 --reps 6
    SAMSIM_PURE=1 python experiments/scale_invariance.py --sizes 1600 --warmup 0 1 2 --reps 6

Writes the table as JSON with ``--out FILE`` (strict JSON: null for a missing value).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.experiment.replicate import mean_ci, replicate_seed, run_many  # noqa: E402
from sim.params import Params  # noqa: E402
from sim.scenario import load  # noqa: E402

SCENARIOS = ("baseline", "skifo")
# Per-pupil outcomes (new endpoints of issue 15 first; the old ones as long as they exist).
METRICS = (
    "absence_days_per_pupil_in_need",
    "share_effective_help_365d",
    "share_in_need_recovered_365d",
    "pupils_in_need_per_1000",
    "days_without_multiagency_first_year",
    "days_without_multiagency_contact_first_year",
    "share_multiagency_within_365d",
    "mean_daily_absence",
    "share_absence_over_15pct_term",
)


def run(params: dict, seed: int) -> dict:
    from sim.model import SchoolModel

    t0 = time.perf_counter()
    model = SchoolModel(Params.model_validate(params), seed=seed)
    model.run()
    m = model.results()["metrics"]
    pupils = params["municipality"]["n_pupils"]
    need = m.get("pupils_in_need_per_year")
    if need is None:  # the old count over the (measured) run
        years = (model.day - getattr(model, "measure_from_day", 0)) / 365.0
        need = m["cases_needing_multiagency"] / max(years, 1e-9)
    m["pupils_in_need_per_1000"] = 1000.0 * need / pupils
    m["seconds"] = time.perf_counter() - t0
    return {"metrics": m}


def _task(args: tuple) -> dict:
    return run(*args)


def _clean(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def study(sizes: list[int], warmups: list[int | None], reps: int, seed: int, years: int | None, workers: int) -> list[dict]:
    rows = []
    for size in sizes:
        for warmup in warmups:
            overrides = {"municipality.n_pupils": size}
            if years is not None:
                overrides["calendar.years"] = years
            if warmup is not None:
                overrides["calendar.warmup_years"] = warmup
            params = {s: load(s, overrides).params.model_dump() for s in SCENARIOS}
            seeds = [replicate_seed(seed, r) for r in range(reps)]
            tasks = [(params[s], sd) for s in SCENARIOS for sd in seeds]
            res = run_many(tasks, workers=workers, task=_task)
            by = {s: [r["metrics"] for r in res[i * reps:(i + 1) * reps]] for i, s in enumerate(SCENARIOS)}
            row: dict = {"pupils": size, "warmup_years": warmup, "years": years, "reps": reps, "seed": seed,
                         "seconds_per_run": mean_ci(m["seconds"] for s in SCENARIOS for m in by[s])["mean"]}
            for name in METRICS:
                if name not in by["baseline"][0]:
                    continue
                for s in SCENARIOS:
                    row[f"{s}:{name}"] = mean_ci(m[name] for m in by[s])
                diff = [a[name] - b[name] for a, b in zip(by["skifo"], by["baseline"])
                        if a[name] is not None and b[name] is not None]
                row[f"skifo-baseline:{name}"] = mean_ci(diff)
            rows.append(row)
            print(_line(row), flush=True)
    return rows


def _fmt(ci: dict) -> str:
    if ci["mean"] is None:
        return "-"
    lo, hi = ci["ci95"]
    return f"{ci['mean']:.4g} [{lo:.4g}, {hi:.4g}]"


def _line(row: dict) -> str:
    head = f"pupils={row['pupils']} warmup={row['warmup_years']} ({row['seconds_per_run']:.1f} s/run)"
    body = [f"  {k}: {_fmt(v)}" for k, v in row.items() if isinstance(v, dict)]
    return "\n".join([head, *body])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[800, 1600, 6400])
    ap.add_argument("--warmup", type=int, nargs="+", default=None, help="warm-up years (default: the parameter's default)")
    ap.add_argument("--years", type=int, default=None, help="measured school years (default: the parameter's default)")
    ap.add_argument("--reps", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", help="write the rows as JSON here")
    a = ap.parse_args()
    rows = study(a.sizes, a.warmup or [None], a.reps, a.seed, a.years, a.workers)
    if a.out:
        clean = json.loads(json.dumps(rows, default=str), parse_constant=lambda c: None)
        clean = [{k: ({kk: _clean(vv) for kk, vv in v.items()} if isinstance(v, dict) else v) for k, v in r.items()} for r in clean]
        Path(a.out).write_text(json.dumps(clean, indent=1, allow_nan=False) + "\n")


if __name__ == "__main__":
    main()
