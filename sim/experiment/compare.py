"""Compare coordination models on the same seeds (common random numbers).

Replicate ``r`` of every scenario runs with the same seed, so pupils, illnesses and life
events are identical across scenarios and a difference between two scenarios in replicate
``r`` is due to the organisation alone. Differences are therefore *paired*: their confidence
interval is computed from the per-replicate differences, which is narrower than the interval
of a difference between two independent means (both are reported, to show it).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..model import SchoolModel
from ..outcomes import case_table, needy_cases, summarise, waits
from .. import caselog as ev
from ..params import Params
from ..scenario import Scenario
from .replicate import default_workers, replicate_seed, run_many
from .comparison import ABSENCE_BINS, QUEUES, Comparison, Difference, paired_difference  # noqa: F401  (re-exported)


def report_run(params: dict[str, Any], seed: int, scenario: str = "custom", engine: str = "clock") -> dict[str, Any]:
    """One run, reduced to what the comparison report needs (small and picklable)."""
    model = SchoolModel(Params.model_validate(params), seed=seed, scenario=scenario, engine=engine)
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
    pop, svc, bup, network = model.pop, model.services, model.bup, model.network  # the parts whose statistics are read
    low = pop.low_resource[needy["pupil"]].tolist() if needy["pupil"].size else []
    curves["multiagency_intervention"]["low"] = low
    shares = np.concatenate([r["share"] for r in model.year_records])
    queue_days = {
        "preliminary": [d for school, d in svc.preliminary if school],
        "investigation": [d for school, d in svc.investigations if school],
        "bup_first": [d for ours, d in bup.first_waits if ours],
        "bup_treatment": [d for ours, d in bup.treatment_waits if ours],
    }
    years, ledger = max(model.day / 365.0, 1e-9), model.ledger
    return {
        "seed": seed,
        "metrics": metrics,
        "curves": curves,
        "absence_hist": np.histogram(shares, ABSENCE_BINS)[0].tolist(),
        "weekly": {"school_trust": network.trust_series, "collaboration_index": network.index_series},
        "queues": {k: {"median": float(np.median(v)) if v else float("nan"), "n": len(v)} for k, v in queue_days.items()},
        "meeting_hours": {k: v / years for k, v in ledger.hours_by_kind.items()},
    }


def _task(args: tuple) -> dict[str, Any]:
    return report_run(*args)


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
            overrides: dict[str, Any] | None = None, progress: Callable[[int], None] | None = None,
            municipality: str | None = None, engine: str = "clock") -> Comparison:
    """Run every scenario ``reps`` times on the same seeds (in ``municipality``, a profile; the
    agencies on ``engine``) and return the comparison."""
    from ..municipality import load as load_profile, resolve

    profile = load_profile(municipality) if municipality else None
    scenarios = [resolve(n, overrides, profile, where="command line") for n in names]
    labels = _labels(scenarios)
    seeds = [replicate_seed(seed, r) for r in range(reps)]
    tasks = [(sc.params.model_dump(), s, label, engine) for sc, label in zip(scenarios, labels) for s in seeds]
    workers = workers or min(default_workers(), len(tasks))
    results = run_many(tasks, workers=workers, progress=progress, task=_task)
    comp = Comparison(scenarios, labels, seed, reps, engine=engine)
    comp.municipality = profile
    for i, label in enumerate(labels):
        comp.runs[label] = results[i * reps:(i + 1) * reps]
    return comp
