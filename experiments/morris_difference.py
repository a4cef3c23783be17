"""Morris indices of the SKIFO - baseline difference, from a stored sensitivity_morris sweep.

`samsim sweep-report` gives mu* and sigma per scenario. The conclusions a municipality draws
are *comparisons*: how much sooner SKIFO helps than the silo, and whether it ranks first. This
script pairs the two scenarios point by point (same design points, same seeds) and prints, for
each metric, the Morris indices of the difference and how often the ranking flips (points where
SKIFO is not better than the baseline), as a Markdown table recorded in docs/validation.md.

    python experiments/morris_difference.py [DIR]     # default out/sweeps/sensitivity_morris
"""
from __future__ import annotations

import sys

import numpy as np

from sim.experiment import analysis as an
from sim.experiment.store import Store

BETTER_LOWER = {"days_without_multiagency_contact_first_year": True, "mean_daily_absence": True,
                "share_multiagency_contact_within_365d": False}


def main(directory: str = "out/sweeps/sensitivity_morris") -> None:
    store = Store(directory)
    df = an.runs_frame(store)
    problem = an.problem_from_meta(store)
    exp = store.get_meta("experiment")
    s = exp["settings"]
    for metric, lower in BETTER_LOWER.items():
        X, yb, why_b = an.design_outputs(store, df, metric, "baseline")
        _, ys, why_s = an.design_outputs(store, df, metric, "skifo")
        if why_b or why_s:
            print(f"{metric}: not computed ({why_b or why_s})")
            continue
        d = ys - yb
        worse = np.mean(d >= 0) if lower else np.mean(d <= 0)
        print(f"### SKIFO - baseline: {metric}\n")
        print(f"difference over the {len(d)} design points: mean {d.mean():.3f}, range {d.min():.3f} to {d.max():.3f}; "
              f"baseline mean {yb.mean():.3f}, SKIFO mean {ys.mean():.3f}; SKIFO not better at {worse:.0%} of the points\n")
        t = an.morris_indices(problem, X, d, s["levels"], seed=s["seed"]).sort_values("mu_star", ascending=False)
        print("| parameter | mu | mu* | mu* 95 % half-width | sigma |\n|---|---|---|---|---|")
        for _, r in t.iterrows():
            print(f"| `{r['parameter']}` | {r['mu']:.3f} | {r['mu_star']:.3f} | {r['mu_star_conf']:.3f} | {r['sigma']:.3f} |")
        print()


if __name__ == "__main__":
    main(*sys.argv[1:])
