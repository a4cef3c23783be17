"""How absence changes with the pupil's grade: the age profile of life events, and its metrics.

The evidence (``docs/sources.md``; ``docs/ODD.md`` 7.1a):

* long invalid absence is most common in grades 7-9 but is found in grades 1-6 too
  [Skolinspektionen-2016];
* prevalence rises steeply across grades 7-9, and absence rises at the move to a new (lower-
  secondary) school [DF-§2.2; Brittain-2026]; in Sweden that move is to grade 7 (högstadiet);
* a pupil's absence pattern settles after grade 3 [ECLS-K] - no rise is reported within the
  early grades;
* in grade 9 about 8-11 % of pupils were estimated to be at 10-19 % absence in a term
  [Prestationsprinsen-2016], when about 6 % of all pupils were over 10 % - so grade 9 has about
  twice the average share of high absence (a low-precision survey).

So the rate of life events that start a problematic-absence episode is flat in preschool class to
grade 6, steps up at the move to grade 7 by ``upper_grade_step`` and rises by
``upper_grade_rise`` (log-rate) for each grade after 7. The profile is *normalised* over the ten
grades (which hold equal numbers of pupils), so ``attendance.episode_rate`` stays the mean
yearly rate over all pupils and the calibration to all-grade statistics keeps its meaning. The
illness profile (``grade_effect``, above grade 4) is separate.
"""
from __future__ import annotations

from typing import Any

import numpy as np

GRADES = tuple(range(10))  # preschool class (0) to grade 9
UPPER_START = 7            # first grade of högstadiet: the transition


def episode_grade_factor(grade: np.ndarray | int, step: float, rise: float) -> np.ndarray:
    """Multiplier on the life-event rate by grade, mean 1 over grades 0-9."""
    g = np.arange(10)
    f = np.where(g >= UPPER_START, step * np.exp(rise * np.maximum(g - UPPER_START, 0)), 1.0)
    return (f / f.mean())[np.asarray(grade, dtype=np.int64)]


def grade_metrics(share: np.ndarray, grade: np.ndarray) -> dict[str, float]:
    """Term absence by grade: mean and share at 50 % or more; the share over 10 % in grade 9
    and in all grades (their ratio: [Prestationsprinsen-2016]); the share of grades 1-3 over
    20 % (the Borås figure, [Boras-2014])."""
    out: dict[str, float] = {}
    for g in GRADES:
        s = share[grade == g]
        out[f"mean_absence_term_grade{g}"] = float(s.mean()) if s.size else float("nan")
        out[f"share_absence_over_50pct_term_grade{g}"] = float(np.mean(s >= 0.5)) if s.size else float("nan")
    out["share_absence_over_10pct_term"] = float(np.mean(share > 0.1)) if share.size else float("nan")
    nine = share[grade == 9]
    out["share_absence_over_10pct_term_grade9"] = float(np.mean(nine > 0.1)) if nine.size else float("nan")
    low = share[(grade >= 1) & (grade <= 3)]
    out["share_absence_over_20pct_term_grades1_3"] = float(np.mean(low > 0.2)) if low.size else float("nan")
    return out


def profile(observations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The grade profile of one arm over its replicates: per grade the mean over replicates (and
    95 % interval) of the mean term absence, the share over 15 % and the share at 50 % or more
    in a term."""
    from .experiment.intervals import mean_ci

    rows = []
    for g in GRADES:
        row: dict[str, Any] = {"grade": g}
        for key, name in (("mean_absence", f"mean_absence_term_grade{g}"),
                          ("share_over_15pct", f"share_absence_over_15pct_term_grade{g}"),
                          ("share_50pct_or_more", f"share_absence_over_50pct_term_grade{g}")):
            s = mean_ci([o["metrics"].get(name, float("nan")) for o in observations])
            row[key] = s["mean"]
            row[key + "_ci95"] = s["ci95"]
        rows.append(row)
    return rows


def profile_markdown(rows: list[dict[str, Any]]) -> list[str]:
    """The grade profile as a Markdown table (lines)."""
    def f(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    out = ["Absence by grade, baseline (mean over replicates of each term; grade 0 = preschool class). "
           "Sources and the model of the profile: docs/ODD.md 7.1a, docs/sources.md.", "",
           "| grade | mean absence | share over 15 % | share at 50 % or more |", "|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['grade']} | {f(r['mean_absence'])} | {f(r['share_over_15pct'])} | {f(r['share_50pct_or_more'])} |")
    return out
