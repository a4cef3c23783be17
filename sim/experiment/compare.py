"""Compare coordination models on the same seeds (common random numbers).

Replicate ``r`` of every scenario runs with the same seed, so pupils, illnesses and life
events are identical across scenarios and a difference between two scenarios in replicate
``r`` is due to the organisation alone. Differences are therefore *paired*: their confidence
interval is computed from the per-replicate differences, which is narrower than the interval
of a difference between two independent means (both are reported, to show it).
"""
from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .. import __version__
from ..model import SchoolModel
from ..outcomes import case_table, needy_cases, summarise, waits
from .. import caselog as ev
from ..params import Params
from ..scenario import Scenario, load
from .replicate import default_workers, mean_ci, replicate_seed, run_many

ABSENCE_BINS = np.linspace(0.0, 1.0, 51)
QUEUES = ("preliminary", "investigation", "bup_first", "bup_treatment")


def report_run(params: dict[str, Any], seed: int, scenario: str = "custom") -> dict[str, Any]:
    """One run, reduced to what the comparison report needs (small and picklable)."""
    model = SchoolModel(Params.model_validate(params), seed=seed, scenario=scenario)
    model.run()
    model.finish()
    metrics = summarise(model)
    cases = case_table(model)
    needy = needy_cases(model, cases)
    curves = {}
    for name, events, population in (("detection", {ev.DETECTION}, cases), ("school_measure", {ev.SCHOOL_MEASURE}, cases),
                                     ("multiagency_intervention", {ev.MULTIAGENCY}, needy)):
        t, o = waits(model, events, population)
        curves[name] = {"t": t.tolist(), "o": o.tolist()}
    low = model.pop.low_resource[needy["pupil"]].tolist() if needy["pupil"].size else []
    curves["multiagency_intervention"]["low"] = low
    shares = np.concatenate([r["share"] for r in model.year_records])
    svc, bup = model.services, model.bup
    queue_days = {
        "preliminary": [d for school, d in svc.preliminary if school],
        "investigation": [d for school, d in svc.investigations if school],
        "bup_first": [d for ours, d in bup.first_waits if ours],
        "bup_treatment": [d for ours, d in bup.treatment_waits if ours],
    }
    years = max(model.day / 365.0, 1e-9)
    return {
        "seed": seed,
        "metrics": metrics,
        "curves": curves,
        "absence_hist": np.histogram(shares, ABSENCE_BINS)[0].tolist(),
        "weekly": {"school_trust": model.network.trust_series, "collaboration_index": model.network.index_series},
        "queues": {k: {"median": float(np.median(v)) if v else float("nan"), "n": len(v)} for k, v in queue_days.items()},
        "meeting_hours": {k: v / years for k, v in model.ledger.hours_by_kind.items()},
    }


def _task(args: tuple) -> dict[str, Any]:
    return report_run(*args)


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
    uncertainty: dict[str, Any] | None = None  # across plausible worlds (sim.experiment.robustness), with --worlds

    @property
    def reference(self) -> str:
        return self.labels[0]

    def values(self, label: str, metric: str) -> list[float]:
        return [r["metrics"].get(metric, float("nan")) for r in self.runs[label]]

    def summary(self, label: str, metric: str) -> dict[str, Any]:
        return mean_ci(self.values(label, metric))

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

    # ------------------------------------------------------------------ output
    def write(self, out: Path, lang: str = "en") -> Path:
        from ..report.benefit import benefit_differences, regained_differences, strict_json
        from ..report.html import write_report

        out.mkdir(parents=True, exist_ok=True)
        names = self.metric_names()
        with (out / "runs.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["scenario", "replicate", "seed", *names])
            for label in self.labels:
                for r, run in enumerate(self.runs[label]):
                    w.writerow([label, r, run["seed"], *[run["metrics"][k] for k in names]])
        summary = {
            "version": __version__,
            "seed": self.seed,
            "replications": self.reps,
            "reference": self.reference,
            "scenarios": {
                label: {"description": sc.description, "source": sc.source, "params_hash": sc.params_hash,
                        "params": sc.params.model_dump()}
                for label, sc in zip(self.labels, self.scenarios)
            },
            "metrics": {label: {k: self.summary(label, k) for k in names} for label in self.labels},
            "differences": {
                label: {k: {"mean": d.mean, "paired_ci95": list(d.paired), "unpaired_ci95": list(d.unpaired), "n": d.n}
                        for k in names for d in [self.difference(label, k)]}
                for label in self.labels[1:]
            },
            # benefit to the pupils in need, paired against the reference (sim/report/benefit.py)
            "benefit": benefit_differences(self),
        }
        for label, regained in regained_differences(self).items():
            summary["differences"][label].update(regained)
        if self.uncertainty is not None:
            summary["uncertainty"] = self.uncertainty
        (out / "summary.json").write_text(json.dumps(strict_json(summary), indent=1, allow_nan=False))
        for other in ("en", "sv"):
            if other != lang:
                write_report(self, out / f"report.{other}.html", other)
        return write_report(self, out / "report.html", lang)


def _labels(scenarios: list[Scenario]) -> list[str]:
    labels, seen = [], set()
    for sc in scenarios:
        label = sc.name
        while label in seen:
            label += "'"
        seen.add(label)
        labels.append(label)
    return labels


def compare(names: list[str], reps: int = 10, seed: int = 1, workers: int | None = None,
            overrides: dict[str, Any] | None = None, progress: Callable[[int], None] | None = None) -> Comparison:
    """Run every scenario ``reps`` times on the same seeds and return the comparison."""
    scenarios = [load(n, overrides, where="command line") for n in names]
    labels = _labels(scenarios)
    seeds = [replicate_seed(seed, r) for r in range(reps)]
    tasks = [(sc.params.model_dump(), s, label) for sc, label in zip(scenarios, labels) for s in seeds]
    workers = workers or min(default_workers(), len(tasks))
    results = run_many(tasks, workers=workers, progress=progress, task=_task)
    comp = Comparison(scenarios, labels, seed, reps)
    for i, label in enumerate(labels):
        comp.runs[label] = results[i * reps:(i + 1) * reps]
    return comp
