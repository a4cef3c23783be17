"""Calibrate the attendance kernel to Swedish absence statistics (reproducible random search).

Targets: mean daily absence 0.065 (0.05-0.08; [BUVM-2023], [DfE-absence]), share of pupils >15 %
absent per term 0.15 ([Skolverket-2021]), share >=50 % over the year 0.015 ([DfE-absence]), share
>10 % over the year 0.20 ([BUVM-2023], [DfE-absence]); keys of docs/sources.md.
The targets are all-grade figures: the grade profile of life events (``upper_grade_step``,
``upper_grade_rise``; docs/ODD.md 7.1a) is normalised over the grades, so it leaves them nearly
where they were. The script first prints the loss of the current defaults over 20 replications (3 replications
of one municipality vary too much between seeds to judge them by: the defaults score 13.3 on
the search's 3 seeds and 1.5 on 20). The search draws candidates of the free attendance knobs from fixed
ranges with seed 1, runs 3 replications of the default municipality (baseline scenario, all
agencies on) for each, and prints the best six by scaled squared distance. The chosen defaults
and the run are recorded in docs/validation.md.

    python experiments/calibrate_attendance.py [N_CANDIDATES]
"""
from __future__ import annotations

import sys

import numpy as np

from sim import strict_json
from sim.experiment.replicate import replicate_seed, run_many
from sim.scenario import load

TARGETS = {
    "mean_daily_absence": (0.065, 0.01),
    "share_absence_over_15pct_term": (0.15, 0.01),
    "share_absence_over_50pct": (0.015, 0.005),
    "share_absence_over_10pct": (0.20, 0.03),
}
RANGES = {
    "attendance.illness_heterogeneity": (0.6, 1.3),
    "attendance.illness_absence_mean": (0.015, 0.04),
    "attendance.episode_rate": (0.2, 0.8),
    "attendance.momentum": (0.02, 0.08),
    "attendance.episode_drift": (0.0, 0.04),
    "attendance.episode_start_absence": (0.2, 0.45),
}


def evaluate(over: dict[str, float], reps: int = 3) -> dict[str, float]:
    params = load("baseline", over).params.model_dump()
    runs = run_many([(params, replicate_seed(7, r)) for r in range(reps)], workers=2)
    return {k: float(np.mean([r["metrics"][k] for r in runs])) for k in TARGETS}


def loss(got: dict[str, float]) -> float:
    return sum(((got[k] - t) / s) ** 2 for k, (t, s) in TARGETS.items())


def main(n: int = 60) -> None:
    got = evaluate({}, reps=20)  # 3 replications of one municipality are too noisy to judge the defaults by
    print(json.dumps(["defaults (20 replications)", round(loss(got), 3), {k: round(v, 4) for k, v in got.items()}]))
    rng = np.random.default_rng(1)
    scored = []
    for _ in range(n):
        over = {k: round(float(rng.uniform(lo, hi)), 4) for k, (lo, hi) in RANGES.items()}
        got = evaluate(over)
        scored.append((round(loss(got), 3), over, got))
    scored.sort(key=lambda x: x[0])
    for row in scored[:6]:
        print(strict_json.dumps(row))  # null, never NaN


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
