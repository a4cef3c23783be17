"""How a model's school days regained split by the kind of help (issue 15, no-effect check b).

Two measures, both paired against the silo on common random numbers:

* **dose**: per pupil in need, the daily absence-logit reduction each kind of help delivered
  over the year after onset (``help_dose_<kind>_per_pupil_in_need``, ``sim/followup.py``); the
  difference from the silo says which help a model delivers more or less of;
* **knock-out**: the school days regained with every kind of help, minus those regained when one
  kind is switched off in both the model and the silo (its strength set to 0). This is the
  days that kind of help accounts for, interactions included (the parts need not add up).

    python experiments/benefit_by_kind.py [SCENARIO ...] [--reps 10] [--pupils 1600] [--seed 1]

Prints one table per scenario (default: experiments/skifo_no_effect.toml and skifo).
"""
from __future__ import annotations

import argparse
import math
import sys

import numpy as np

from sim.experiment.compare import compare
from sim.population import SUPPORT_KINDS

OFF = {  # the parameter that gives each kind of help its strength
    "adaptation": ["eht.adaptation_strength"],
    "special_support": ["eht.special_support_strength"],
    "social_services": ["services.intervention_strength"],
    "bup": ["bup.treatment_strength"],
    "coordinated": ["coordination.plan_strength"],
}


def regained(comp, label: str) -> np.ndarray:
    ref = np.asarray(comp.values(comp.reference, "absence_days_per_pupil_in_need"))
    return ref - np.asarray(comp.values(label, "absence_days_per_pupil_in_need"))


def ci(x: np.ndarray) -> str:
    from scipy import stats

    m = float(np.mean(x))
    half = float(stats.t.ppf(0.975, x.size - 1) * np.std(x, ddof=1) / math.sqrt(x.size))
    return f"{m:+6.2f} [{m - half:+6.2f}, {m + half:+6.2f}]"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenarios", nargs="*", default=["experiments/skifo_no_effect.toml", "skifo"])
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--pupils", type=int, default=1600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args(argv)
    base = {"municipality.n_pupils": args.pupils}
    full = compare(["baseline", *args.scenarios], reps=args.reps, seed=args.seed, workers=args.workers, overrides=base)
    labels = full.labels[1:]
    knocked = {}
    for kind, keys in OFF.items():
        knocked[kind] = compare(["baseline", *args.scenarios], reps=args.reps, seed=args.seed, workers=args.workers,
                                overrides={**base, **{k: 0.0 for k in keys}})
    print(f"{args.reps} replications, {args.pupils} pupils, root seed {args.seed}; paired against baseline")
    for label in labels:
        print(f"\n{label}: school days regained per pupil in need {ci(regained(full, label))}")
        print(f"  {'kind of help':16s} {'dose difference (logit)':>30s} {'days it accounts for (knock-out)':>36s}")
        for k, kind in enumerate(SUPPORT_KINDS):
            metric = f"help_dose_{kind}_per_pupil_in_need"
            dose = np.asarray(full.values(label, metric)) - np.asarray(full.values("baseline", metric))
            share = regained(full, label) - regained(knocked[kind], label)
            print(f"  {kind:16s} {ci(dose):>30s} {ci(share):>36s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
