"""From the case log and the year records to the metrics users read.

**Absence onset** (defined once, here and in ``docs/ODD.md``): the first school day of an
episode on which the pupil's absence over the trailing ``onset_window`` school days (20)
reaches ``onset_threshold`` (15 %). Every time-to-event metric counts calendar days from a
case's onset to its first event of the kind; an event that came before onset (the school was
already acting) counts as 0 days. A case without the event by the end of the run - or by the
day the pupil left school - is *censored* at that day; medians and 90th percentiles are read
off the Kaplan-Meier curve, never from a mean of the finished cases.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev

if TYPE_CHECKING:
    from .model import SchoolModel

THRESHOLDS = {"10pct": 0.10, "15pct": 0.15, "20pct": 0.20, "50pct": 0.50}

# Kinds of event that end the wait, per time-to metric.
WAITS = {
    "detection": {ev.DETECTION},
    "school_measure": {ev.SCHOOL_MEASURE},
}


def kaplan_meier(times: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier survival S(t) just after each distinct event time."""
    times = np.asarray(times, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    if times.size == 0:
        return np.array([]), np.array([])
    event_times = np.unique(times[observed])
    surv, s = [], 1.0
    for t in event_times:
        at_risk = np.sum(times >= t)
        deaths = np.sum((times == t) & observed)
        s *= 1.0 - deaths / at_risk
        surv.append(s)
    return event_times, np.array(surv)


def km_quantile(times: np.ndarray, observed: np.ndarray, q: float) -> float:
    """Smallest t with S(t) <= 1 - q; NaN when the curve never gets there (too much censoring)."""
    t, s = kaplan_meier(times, observed)
    hit = np.flatnonzero(s <= 1.0 - q + 1e-12)
    return float(t[hit[0]]) if hit.size else float("nan")


def case_table(model: "SchoolModel") -> dict[str, np.ndarray]:
    """One row per case with an onset: onset day, end of observation, low-resource family."""
    log = model.log
    onset = log.first_day({ev.ONSET})
    end = model.day
    closed: dict[int, int] = {}
    for d, c, e, info in zip(log.day, log.case, log.event, log.info):
        if e == ev.EPISODE_END and info == "left_school" and c >= 0:
            closed[c] = d
    pupil_of: dict[int, int] = {}
    for p, c, e in zip(log.pupil, log.case, log.event):
        if e == ev.ONSET:
            pupil_of[c] = p
    cases = np.array(sorted(onset), dtype=np.int64)
    return {
        "case": cases,
        "pupil": np.array([pupil_of[c] for c in cases], dtype=np.int64),
        "onset": np.array([onset[c] for c in cases], dtype=np.int64),
        "end": np.array([closed.get(c, end) for c in cases], dtype=np.int64),
    }


def waits(model: "SchoolModel", events: set[str], cases: dict[str, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Days from onset to the first of ``events`` per case, and whether it was observed."""
    cases = case_table(model) if cases is None else cases
    first = model.log.first_day(events)
    times = np.empty(cases["case"].size)
    observed = np.zeros(cases["case"].size, dtype=bool)
    for k, (c, on, end) in enumerate(zip(cases["case"], cases["onset"], cases["end"])):
        d = first.get(int(c))
        if d is not None and d <= end:
            times[k] = max(d - on, 0)
            observed[k] = True
        else:
            times[k] = end - on
    return times, observed


def attendance_metrics(model: "SchoolModel") -> dict[str, float]:
    out: dict[str, float] = {"mean_daily_absence": model.absent_days / max(model.pupil_days, 1)}
    years = np.concatenate([r["share"] for r in model.year_records]) if model.year_records else np.zeros(0)
    for name, thr in THRESHOLDS.items():
        out[f"share_absence_over_{name}"] = float(np.mean(years > thr)) if years.size else float("nan")
    terms = model.term_records
    if terms:
        share = np.concatenate([t["share"] for t in terms])
        grade = np.concatenate([t["grade"] for t in terms])
        out["share_absence_over_15pct_term"] = float(np.mean(share > 0.15))
        for g in range(10):
            sel = grade == g
            out[f"share_absence_over_15pct_term_grade{g}"] = float(np.mean(share[sel] > 0.15)) if sel.any() else float("nan")
    return out


def summarise(model: "SchoolModel") -> dict[str, float]:
    """All scalar metrics of one run."""
    out = attendance_metrics(model)
    cases = case_table(model)
    out["cases_with_onset"] = float(cases["case"].size)
    for name, events in WAITS.items():
        t, o = waits(model, events, cases)
        out[f"days_to_{name}_median"] = km_quantile(t, o, 0.5)
        out[f"days_to_{name}_p90"] = km_quantile(t, o, 0.9)
        out[f"share_censored_{name}"] = float(1.0 - o.mean()) if o.size else float("nan")
    out["eht_meetings_held"] = float(model.school.meetings_held)
    out["eht_meetings_cancelled"] = float(model.school.meetings_cancelled)
    out["eht_agenda_wait_mean"] = float(np.mean(model.school.agenda_waits)) if model.school.agenda_waits else float("nan")
    out["reports_of_concern"] = float(model.log.count(ev.REPORT_OF_CONCERN))
    return out
