"""Calibrate the attendance kernel to Swedish absence statistics (reproducible random search).

Targets (research/domain_facts.md §8): mean daily absence 0.065 (rows 4: 0.05-0.08), share of
pupils >15 % absent per term 0.15 (row 5), share >=50 % over the year 0.015 (row 9), share >10 %
over the year 0.20 (row 7). The search draws 150 candidates of the free attendance knobs from
fixed ranges with seed 1, runs 3 replications of the default municipality each, and prints the
six with the smallest scaled squared distance. The defaults in sim/params.py are the second
best candidate of the run recorded in docs/validation.md, rounded (the best one reached the
targets only with a 7.4 % mean absence).

    python experiments/calibrate_attendance.py [N_CANDIDATES]
"""
from __future__ import annotations

import json
import sys

import numpy as np

from sim.model import SchoolModel
from sim.params import Params

TARGETS = {
    "mean_daily_absence": (0.065, 0.01),
    "share_absence_over_15pct_term": (0.15, 0.01),
    "share_absence_over_50pct": (0.015, 0.005),
    "share_absence_over_10pct": (0.20, 0.03),
}
RANGES = {
    "attendance.illness_heterogeneity": (0.6, 1.3),
    "attendance.illness_absence_mean": (0.015, 0.035),
    "attendance.episode_rate": (0.3, 0.8),
    "attendance.momentum": (0.02, 0.08),
    "attendance.episode_drift": (-0.005, 0.012),
    "attendance.episode_start_absence": (0.2, 0.45),
    "attendance.support_per_day": (0.02, 0.06),
    "attendance.risk_sd": (0.4, 1.2),
}


def evaluate(over: dict[str, float], seeds: int = 3) -> dict[str, float]:
    p = Params()
    for key, value in over.items():
        sec, name = key.split(".")
        setattr(getattr(p, sec), name, value)
    runs = []
    for seed in range(seeds):
        m = SchoolModel(p, seed=seed)
        m.run()
        runs.append(m.results()["metrics"])
    return {k: float(np.mean([r[k] for r in runs])) for k in TARGETS}


def main(n: int = 150) -> None:
    rng = np.random.default_rng(1)
    scored = []
    for _ in range(n):
        over = {k: float(rng.uniform(lo, hi)) for k, (lo, hi) in RANGES.items()}
        got = evaluate(over)
        loss = sum(((got[k] - t) / s) ** 2 for k, (t, s) in TARGETS.items())
        scored.append((loss, over, got))
    scored.sort(key=lambda x: x[0])
    for row in scored[:6]:
        print(json.dumps(row))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
