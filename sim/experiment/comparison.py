"""A comparison's runs and what is read off them: several scenarios on the same seeds, each
metric's mean and interval, and the paired difference of each scenario from the first.
(Written out by :func:`sim.report.output.write_outputs`; run by :func:`sim.experiment.compare.compare`.)"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..scenario import Scenario
from .intervals import mean_ci, metric_bounds

ABSENCE_BINS = np.linspace(0.0, 1.0, 51)
QUEUES = ("preliminary", "investigation", "bup_first", "bup_treatment")


@dataclass
class Difference:
    """Scenario minus reference for one metric: paired and unpaired 95 % intervals."""

    mean: float
    paired: tuple[float, float]
    unpaired: tuple[float, float]
    n: int

    @property
    def excludes_zero(self) -> bool:
        lo, hi = self.paired
        return not (math.isnan(lo) or lo <= 0 <= hi)


def paired_difference(x: list[float], ref: list[float]) -> Difference:
    from scipy import stats

    a, b = np.asarray(x, float), np.asarray(ref, float)
    ok = ~(np.isnan(a) | np.isnan(b))
    a, b = a[ok], b[ok]
    n = int(a.size)
    if n < 2:
        nan = float("nan")
        return Difference(float(np.mean(a - b)) if n else nan, (nan, nan), (nan, nan), n)
    d = a - b
    half = stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / math.sqrt(n)
    va, vb = a.var(ddof=1) / n, b.var(ddof=1) / n
    se = math.sqrt(va + vb)
    dof = (va + vb) ** 2 / ((va**2 + vb**2) / (n - 1)) if va + vb > 0 else n - 1
    half_u = stats.t.ppf(0.975, dof) * se
    m = float(d.mean())
    return Difference(m, (m - half, m + half), (m - half_u, m + half_u), n)


@dataclass
class Comparison:
    """Runs of several scenarios on the same seeds, and their paired differences."""

    scenarios: list[Scenario]
    labels: list[str]
    seed: int
    reps: int
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    municipality: Any = None  # the municipality profile (sim.municipality.Profile), if one was given
    uncertainty: dict[str, Any] | None = None  # across plausible worlds (sim.experiment.robustness), with --worlds
    engine: str = "clock"  # the agencies' engine (sim/engines.py); recorded in summary.json when not the default

    @property
    def reference(self) -> str:
        return self.labels[0]

    def values(self, label: str, metric: str) -> list[float]:
        return [r["metrics"].get(metric, float("nan")) for r in self.runs[label]]

    def summary(self, label: str, metric: str) -> dict[str, Any]:
        return mean_ci(self.values(label, metric), metric_bounds(metric))

    def difference(self, label: str, metric: str) -> Difference:
        return paired_difference(self.values(label, metric), self.values(self.reference, metric))

    def metric_names(self) -> list[str]:
        return list(self.runs[self.reference][0]["metrics"])

    def table(self):
        """A pandas table: one row per scenario and metric, with paired differences."""
        import pandas as pd

        rows = []
        for label in self.labels:
            for metric in self.metric_names():
                s = self.summary(label, metric)
                d = self.difference(label, metric)
                rows.append({"scenario": label, "metric": metric, "mean": s["mean"], "ci_low": s["ci95"][0],
                             "ci_high": s["ci95"][1], "diff": d.mean, "diff_low": d.paired[0], "diff_high": d.paired[1],
                             "unpaired_low": d.unpaired[0], "unpaired_high": d.unpaired[1]})
        return pd.DataFrame(rows)
