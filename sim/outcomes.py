"""From the case log and the year records to the metrics users read.

**Absence onset** (defined once, here and in ``docs/ODD.md``): the first school day of an
episode on which the pupil's absence over the trailing ``onset_window`` school days (20)
reaches ``onset_threshold`` (15 %). Every time-to-event metric counts calendar days from a
case's onset to its first event of the kind; an event that came before onset (the school was
already acting) counts as 0 days. A case without the event is *censored* on the day it stopped
waiting: the end of the run, the day the pupil left school, or the day the episode ended
(recovery). Medians and 90th percentiles are read off the Kaplan-Meier curve - the time to help
of a pupil whose absence persists - never from a mean of the finished cases.
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
    "multiagency_intervention": {ev.MULTIAGENCY},
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


def rmst(times: np.ndarray, observed: np.ndarray, horizon: float) -> float:
    """Restricted mean time to the event within ``horizon`` days: the area under the
    Kaplan-Meier curve from 0 to the horizon (always defined, unlike a median)."""
    t, s = kaplan_meier(times, observed)
    if times.size == 0:
        return float("nan")
    keep = t < horizon
    edges = np.concatenate([[0.0], t[keep], [horizon]])
    levels = np.concatenate([[1.0], s[keep]])
    return float(np.sum(np.diff(edges) * levels))


def km_at(times: np.ndarray, observed: np.ndarray, day: float) -> float:
    """Kaplan-Meier share of cases that had the event by ``day`` (1 - S(day))."""
    t, s = kaplan_meier(times, observed)
    if times.size == 0:
        return float("nan")
    i = np.searchsorted(t, day, side="right") - 1
    return float(1.0 - (s[i] if i >= 0 else 1.0))


def case_table(model: "SchoolModel") -> dict[str, np.ndarray]:
    """One row per case with an onset: onset day, end of observation, low-resource family."""
    log = model.log
    onset = log.first_day({ev.ONSET})
    end = model.day
    closed: dict[int, int] = {}
    for d, c, e in zip(log.day, log.case, log.event):
        if e == ev.EPISODE_END and c >= 0:
            closed[c] = d  # recovered, or left school: no longer waiting
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


def needy_cases(model: "SchoolModel", cases: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The cases that need more than the school: multi-agency help is measured on these."""
    need = model.log.first_day({ev.NEEDS_HELP})
    keep = np.isin(cases["case"], list(need))
    return {k: v[keep] for k, v in cases.items()}


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
    needy = needy_cases(model, cases)
    out["cases_needing_multiagency"] = float(needy["case"].size)
    for name, events in WAITS.items():
        t, o = waits(model, events, needy if name == "multiagency_intervention" else cases)
        out[f"days_to_{name}_median"] = km_quantile(t, o, 0.5)
        out[f"days_to_{name}_p90"] = km_quantile(t, o, 0.9)
        out[f"share_censored_{name}"] = float(1.0 - o.mean()) if o.size else float("nan")
        if name == "multiagency_intervention":
            out["days_without_multiagency_first_year"] = rmst(t, o, 365.0)
            out["share_multiagency_within_365d"] = km_at(t, o, 365.0)
    out.update(agency_metrics(model, cases))
    out["eht_meetings_held"] = float(model.school.meetings_held)
    out["eht_meetings_cancelled"] = float(model.school.meetings_cancelled)
    out["eht_agenda_wait_mean"] = float(np.mean(model.school.agenda_waits)) if model.school.agenda_waits else float("nan")
    return out


def _share(values, test) -> float:
    values = list(values)
    return float(np.mean([test(v) for v in values])) if values else float("nan")


def agency_metrics(model: "SchoolModel", cases: dict[str, np.ndarray]) -> dict[str, float]:
    """Social services, BUP, coordination and the network."""
    svc, bup, net, p = model.services, model.bup, model.network, model.params
    out: dict[str, float] = {}
    out["reports_of_concern"] = float(model.log.count(ev.REPORT_OF_CONCERN))
    out["repeat_reports"] = float(svc.repeat_reports)
    out["reports_withheld"] = float(model.log.count(ev.REPORT_WITHHELD))
    out["share_reports_investigated"] = _share(svc.opened, lambda r: r[2])
    out["share_school_reports_investigated"] = _share((r for r in svc.opened if r[0]), lambda r: r[2])
    out["share_preliminary_late"] = _share(svc.preliminary, lambda r: r[1] > p.services.preliminary_limit)
    out["share_investigations_late"] = _share(svc.investigations, lambda r: r[1] > p.services.investigation_limit)
    out["share_reports_with_feedback"] = _share(svc.feedback, bool)
    school_prelim = [d for school, d in svc.preliminary if school]
    out["days_report_to_decision_mean"] = float(np.mean(school_prelim)) if school_prelim else float("nan")
    t, o = bup.first_assessment_times(model.clock.now)
    out["bup_days_to_first_assessment_median"] = km_quantile(t, o, 0.5)
    out["share_bup_first_assessment_within_30d"] = _share(
        (x for x, y in zip(t, o) if y or x >= 30), lambda x: x <= 30
    ) if t.size else float("nan")
    out["bup_referrals"] = float(model.log.count(ev.BUP_REFERRAL))
    out["bup_referrals_dropped"] = float(model.log.count(ev.BUP_REFERRAL_DROPPED))
    # cases helped, and those that fell between the chairs
    helped = model.log.first_day({ev.MULTIAGENCY})
    detected = model.log.first_day({ev.DETECTION})
    ended = model.log.first_day({ev.EPISODE_END})
    fell = [c for c in cases["case"].tolist() if c in detected and c not in helped and c not in ended]
    n_detected = sum(1 for c in cases["case"].tolist() if c in detected)
    out["share_fell_between_chairs"] = len(fell) / n_detected if n_detected else float("nan")
    needy = needy_cases(model, cases)
    low = model.pop.low_resource[needy["pupil"]] if needy["pupil"].size else np.zeros(0, bool)
    t, o = waits(model, {ev.MULTIAGENCY}, needy)
    # medians are often not reached in the silo, so the gap compares restricted means
    out["equity_gap_days"] = rmst(t[low], o[low], 365.0) - rmst(t[~low], o[~low], 365.0)
    out["caseworker_turnover_rate"] = net.turnover_rate(("intake", "case_officer"), model.day)
    out["share_caseworkers_under_1y"] = net.share_under_1y(("intake", "case_officer"), model.day)
    out["collaboration_index"] = net.collaboration_index(model.day)
    out["school_trust"] = float(net.school_trust.mean())
    social = net.social_staff()
    out["personal_trust"] = float(np.mean([net.tie(net.eht(s), social, model.day) for s in range(model.pop.n_schools)]))
    years = max(model.day / 365.0, 1e-9)
    out["staff_meeting_hours"] = (model.ledger.total() + 0.0) / years
    out["forum_decisions"] = float(model.log.count(ev.FORUM_DECISION))
    out["forum_wait_mean"] = float(np.mean(model.coordination.forum_waits)) if model.coordination.forum_waits else float("nan")
    out["sip_meetings"] = float(model.log.count(ev.SIP_MEETING))
    out["info_shared"] = float(svc.info_shared)
    return out
