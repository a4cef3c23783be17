"""How long the organisation takes to reach its steady state: the evidence for the warm-up.

Runs ``baseline`` and ``skifo`` for many school years without a warm-up and samples, every
week, the state the warm-up is meant to settle: the schools' trust in social services, the
personal ties between the EHTs and social services, the collaboration index, the waiting lists
(intake, investigation, family therapy, BUP first assessment and treatment) and the places in
use on them (caseloads), the coordinators' caseload, the forum's queue, and the pupils in an
episode. Per school year it prints the mean of each series over replicates with a 95 % interval
and the first year from which no year drifts: differs from the last year's mean by more than
``--tolerance`` (a share of the last year's level) and by more than the two years' 95 %
intervals combined (their half-widths added in quadrature).

    SAMSIM_PURE=1 python experiments/warmup.py --years 6 --reps 6 --pupils 1600 --out warmup.json

Also prints the run time of one school year, which the warm-up adds to every run.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.experiment.replicate import mean_ci, replicate_seed, run_many  # noqa: E402
from sim.model import SchoolModel  # noqa: E402
from sim.scenario import load  # noqa: E402

SERIES = ("school_trust", "personal_trust", "collaboration_index", "in_episode", "eht_agenda",
          "intake_waiting", "investigation_waiting", "therapy_waiting", "bup_first_waiting", "bup_treatment_waiting",
          "investigation_in_use", "therapy_in_use", "bup_treatment_in_use", "coordinator_cases", "forum_waiting")


def sample(model: SchoolModel) -> dict[str, float]:
    """The organisation's state today."""
    net, svc, bup, day = model.network, model.services, model.bup, model.day
    return {
        "school_trust": float(net.school_trust.mean()),
        "personal_trust": float(np.mean([net.school_tie(s, "social", day) for s in range(model.pop.n_schools)])),
        "collaboration_index": float(net.collaboration_index(day)),
        "in_episode": float(np.count_nonzero(model.pop.in_episode)),
        "eht_agenda": float(model.school.agenda_length()),
        "intake_waiting": float(len(svc.intake.queue)),
        "investigation_waiting": float(len(svc.investigation.queue)),
        "therapy_waiting": float(len(svc.therapy.queue)),
        "bup_first_waiting": float(len(bup.first.queue)),
        "bup_treatment_waiting": float(len(bup.treatment.queue)),
        "investigation_in_use": float(svc.investigation.busy),
        "therapy_in_use": float(svc.therapy.busy),
        "bup_treatment_in_use": float(bup.treatment.busy),
        "coordinator_cases": float(sum(len(c.cases) for c in net.active("coordinator"))),
        "forum_waiting": float(len(model.coordination.waiting)),
    }


def trace(params: dict, seed: int) -> dict:
    """Yearly means of every series in one long run without warm-up, and its run time."""
    from sim.params import Params

    model = SchoolModel(Params.model_validate(params), seed=seed)
    years = model.calendar.year
    rows: dict[int, list[dict[str, float]]] = {}
    t0 = time.perf_counter()
    while model.running and model.day < model.calendar.n_days:
        model.step()
        d = model.day - 1
        if d % 7 == 3:
            rows.setdefault(int(years[d]), []).append(sample(model))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "years": {y: {k: float(np.mean([r[k] for r in rs])) for k in SERIES} for y, rs in sorted(rows.items())}}


def _half(ci: dict) -> float:
    """Half the width of a 95 % interval."""
    return (ci["ci95"][1] - ci["ci95"][0]) / 2


def _task(args: tuple) -> dict:
    return trace(*args)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--reps", type=int, default=6)
    ap.add_argument("--pupils", type=int, default=1600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenarios", nargs="+", default=["baseline", "skifo"])
    ap.add_argument("--tolerance", type=float, default=0.05,
                    help="drift allowed, as a share of the last year's level (or the two years' intervals, if wider)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out")
    a = ap.parse_args()
    out: dict = {"years": a.years, "reps": a.reps, "pupils": a.pupils, "seed": a.seed, "tolerance": a.tolerance, "scenarios": {}}
    for name in a.scenarios:
        params = load(name, {"municipality.n_pupils": a.pupils, "calendar.years": a.years, "calendar.warmup_years": 0}).params.model_dump()
        res = run_many([(params, replicate_seed(a.seed, r)) for r in range(a.reps)], workers=a.workers, task=_task)
        per_year = sorted(res[0]["years"])
        table: dict = {}
        print(f"\n{name}: {a.pupils} pupils, {a.reps} replicates, {np.mean([r['seconds'] for r in res]) / a.years:.2f} s per school year")
        print("series".ljust(24) + "".join(f"year {y + 1}".rjust(22) for y in per_year) + "   settled from year")
        for k in SERIES:
            cis = [mean_ci(r["years"][y][k] for r in res) for y in per_year]
            last = cis[-1]["mean"]
            settled = None
            for i, ci in enumerate(cis):  # the first year from which no year drifts from the last
                drifting = [abs(c["mean"] - last) > max(a.tolerance * abs(last), math.hypot(_half(c), _half(cis[-1])))
                            for c in cis[i:-1]]
                if not any(drifting):
                    settled = i + 1
                    break
            table[k] = {"by_year": cis, "settled_from_year": settled}
            cells = "".join(f"{c['mean']:.3g} ±{(c['ci95'][1] - c['ci95'][0]) / 2:.2g}".rjust(22) for c in cis)
            print(k.ljust(24) + cells + f"   {settled}")
        out["scenarios"][name] = {"seconds_per_school_year": float(np.mean([r["seconds"] for r in res]) / a.years), "series": table}
    if a.out:
        text = json.dumps(out, indent=1, allow_nan=True)
        text = json.dumps(json.loads(text, parse_constant=lambda c: None), indent=1, allow_nan=False)
        Path(a.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
