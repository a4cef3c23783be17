"""The grade profile of absence in the baseline, and the all-grade calibration targets.

Runs N replications of the default municipality (baseline scenario, seed 2024 as in
tests/test_calibration.py) and prints, per grade, the mean term absence, the share over 15 % and
the share at 50 % or more in a term, then the calibration statistics. Used for docs/validation.md
(grade profile before and after the age structure of life events).

    python experiments/grade_profile.py [N_REPS] [KEY=VALUE ...]
"""
from __future__ import annotations

import json
import sys

from sim.experiment.replicate import replicate_seed, run_many, summarise
from sim.grades import GRADES
from sim.scenario import load

CALIBRATION = ("mean_daily_absence", "share_absence_over_15pct_term", "share_absence_over_50pct",
               "share_absence_over_10pct", "share_absence_over_20pct_term_grades1_3",
               "share_absence_over_10pct_term", "share_absence_over_10pct_term_grade9")


def main(reps: int, over: dict) -> dict:
    params = load("baseline", over).params.model_dump()
    runs = run_many([(params, replicate_seed(2024, r)) for r in range(reps)], workers=2)
    s = summarise(runs)
    print(f"{reps} replications, overrides {json.dumps(over)}")
    print("grade  mean_absence  share>15%  share>=50%")
    for g in GRADES:
        print(f"{g:5d}  {s[f'mean_absence_term_grade{g}']['mean']:.3f}        "
              f"{s[f'share_absence_over_15pct_term_grade{g}']['mean']:.3f}      "
              f"{s[f'share_absence_over_50pct_term_grade{g}']['mean']:.4f}")
    for k in CALIBRATION:
        lo, hi = s[k]["ci95"]
        print(f"{k:42s} {s[k]['mean']:.4f} [{lo:.4f}, {hi:.4f}]")
    ratio = s["share_absence_over_10pct_term_grade9"]["mean"] / s["share_absence_over_10pct_term"]["mean"]
    print(f"grade 9 / all grades, share over 10 % per term: {ratio:.2f}")
    return s


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    over = {}
    for a in sys.argv[2:]:
        k, v = a.split("=", 1)
        over[k] = float(v)
    main(n, over)
