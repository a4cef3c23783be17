"""Check the hand calibration of social services and BUP against the IVO / vantetider bands.

The capacities and working times of social services and BUP were set by hand so that the
baseline reproduces (keys of docs/sources.md): 24 % of preliminary assessments past 14 days
([IVO-2015]; band 0.15-0.35), 14 % of investigations past 4 months ([IVO-2015]; band
0.08-0.25), 38 % of reports opening an investigation ([Socialstyrelsen-2019]; band 0.30-0.45) and
50-70 % of BUP first assessments within 30 days ([Vantetider]). This script varies each calibrated knob one at a time
around its default (the others at their defaults), runs REPS replications of the baseline with
the root seed of `samsim validate` (common random numbers), and prints a Markdown table of the
means, with * where a mean is outside its band. The output is recorded in docs/validation.md.

    python experiments/calibrate_services.py [REPS]      # default 6: 14 points x 6 = 84 runs, ~1 min on 2 cores
"""
from __future__ import annotations

import sys

import numpy as np

from sim.experiment.replicate import default_workers, replicate_seed, run_many
from sim.scenario import load

BANDS = {
    "share_preliminary_late": (0.15, 0.35),
    "share_investigations_late": (0.08, 0.25),
    "share_reports_investigated": (0.30, 0.45),
    "share_bup_first_assessment_within_30d": (0.50, 0.70),
}
GRID = {
    "services.preliminary_days": [6.0, 8.0, 10.0],
    "services.investigation_days": [55.0, 70.0, 85.0],
    "bup.booking_days": [20.0, 28.0, 36.0],
    "bup.first_assessment_days": [3.0, 4.0, 5.0],
    "bup.clinicians_first": [2, 3, 4],
    "services.case_officers": [4, 5, 6],
}


def points() -> list[tuple[str, object]]:
    """The default point first, then each knob at its other values."""
    base = load("baseline").params
    out: list[tuple[str, object]] = [("(defaults)", None)]
    for key, values in GRID.items():
        sec, name = key.split(".")
        default = getattr(getattr(base, sec), name)
        out += [(key, v) for v in values if v != default]
    return out


def main(reps: int = 6) -> None:
    seeds = [replicate_seed(2024, r) for r in range(reps)]
    pts = points()
    tasks = []
    for key, value in pts:
        over = {} if value is None else {key: value}
        params = load("baseline", over).params.model_dump()
        tasks += [(params, s) for s in seeds]
    runs = run_many(tasks, workers=default_workers())
    print(f"baseline, {reps} replications per point, root seed 2024; * = mean outside its band\n")
    print("| knob | value | " + " | ".join(f"{m} [{lo}-{hi}]" for m, (lo, hi) in BANDS.items()) + " |")
    print("|---|---|" + "---|" * len(BANDS))
    for i, (key, value) in enumerate(pts):
        chunk = runs[i * reps:(i + 1) * reps]
        cells = []
        for m, (lo, hi) in BANDS.items():
            x = float(np.nanmean([r["metrics"][m] for r in chunk]))
            cells.append(f"{x:.3f}" + ("" if lo <= x <= hi else " *"))
        print(f"| {key} | {'' if value is None else value} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
