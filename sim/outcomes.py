"""From the case log and the year records to the metrics users read.

**Benefit first** (``docs/ODD.md`` 7.16): the pupils in need, followed for a year from onset
(:mod:`sim.followup`), give ``pupils_in_need_per_year``, ``absence_days_per_pupil_in_need``,
``share_in_need_recovered_365d`` and the time to the first help that acts on absence
(``share_effective_help_365d``, ``days_to_effective_help_median``: Aalen-Johansen, recovery a
competing event). The times to a first multi-agency contact are *process* measures.

**Absence onset** (defined once, here and in ``docs/ODD.md``): the first school day of an
episode on which the pupil's absence over the trailing ``onset_window`` school days (20)
reaches ``onset_threshold`` (15 %). Every time-to-event metric counts calendar days from a
case's onset to its first event of the kind; an event that came before onset (the school was
already acting) counts as 0 days. A case without the event is *censored* on the day it stopped
waiting: the end of the run, the day the pupil left school, or the day the episode ended
(recovery). Medians and 90th percentiles are read off the Kaplan-Meier curve - the time to help
of a pupil whose absence persists - never from a mean of the finished cases.

**What the metrics read** (:class:`Run`): the case log (read once into a
:class:`~sim.logtable.LogTable`), the model's records (``day``, ``measure_from_day``, the
pupil-days, the year and term records), the follow-up's table (:meth:`sim.followup.FollowUp.table`)
and each part's statistics, as the part's docstring lists them under "Statistics (read by
sim/outcomes.py)". :func:`summarise` takes them from the model once, at its top; the helpers are
handed the parts they read.
"""
from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from . import caselog as ev
from .costs import cost_metrics
from .followup import FOLLOW_UP_DAYS
from .grades import grade_metrics
from .logtable import LogTable
from .population import SUPPORT_KINDS

if TYPE_CHECKING:
    from .bup import ChildPsychiatry
    from .coordination import Coordination
    from .followup import FollowUp
    from .meetings import MeetingLedger
    from .network import ProfessionalNetwork
    from .params import Params
    from .population import Population
    from .scaling import Staffing
    from .school import SchoolResponse
    from .services import SocialServices



class Run(Protocol):
    """What the outcomes read of a run (a :class:`sim.model.SchoolModel` is one).

    The records: ``log`` (the case log), ``day`` (the run's end), ``measure_from_day`` (the end
    of the warm-up), ``pupil_days`` and ``absent_days``, ``year_records`` and ``term_records``.
    The parts whose statistics are read: ``followup`` (its table), ``school``, ``services``,
    ``bup``, ``coordination``, ``network``, ``ledger`` (meeting hours), ``clock`` (its ``now``),
    ``staff`` (the posts budgeted), ``pop`` (the families' resources, the number of schools)
    and ``params``. The helpers on the case log alone (:func:`case_table`, :func:`needy_cases`,
    :func:`waits`) need only ``log``, ``day`` and ``measure_from_day``."""

    log: ev.CaseLog
    day: int
    measure_from_day: int
    pupil_days: int
    absent_days: int
    year_records: list[dict[str, np.ndarray]]
    term_records: list[dict[str, np.ndarray]]
    params: "Params"
    pop: "Population"
    followup: "FollowUp"
    school: "SchoolResponse"
    services: "SocialServices"
    bup: "ChildPsychiatry"
    coordination: "Coordination"
    network: "ProfessionalNetwork"
    ledger: "MeetingLedger"
    staff: "Staffing"
    clock: Any


THRESHOLDS = {"10pct": 0.10, "15pct": 0.15, "20pct": 0.20, "50pct": 0.50}

# Kinds of event that end the wait, per time-to metric.
WAITS = {
    "detection": {ev.DETECTION},
    "school_measure": {ev.SCHOOL_MEASURE},
    "first_multiagency_contact": {ev.MULTIAGENCY},  # process: any plan or intervention, whatever its effect
}


def kaplan_meier(times: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier survival S(t) just after each distinct event time."""
    times = np.asarray(times, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    if times.size == 0:
        return np.array([]), np.array([])
    event_times, deaths = np.unique(times[observed], return_counts=True)
    at_risk = times.size - np.searchsorted(np.sort(times), event_times)
    return event_times, np.cumprod(1.0 - deaths / at_risk)


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


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``wanted``: whether it is among the (ascending) ``keys``, and its value."""
    if keys.size == 0:
        return np.zeros(wanted.size, dtype=bool), np.zeros(wanted.size, dtype=values.dtype)
    at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    return keys[at] == wanted, values[at]


def case_table(model: Run, table: LogTable | None = None) -> dict[str, np.ndarray]:
    """One row per case with an onset on or after ``model.measure_from_day``: case, pupil,
    onset day, end of observation (reads the run's ``log``, ``day`` and ``measure_from_day``)."""
    table = LogTable(model.log) if table is None else table
    cases, onset = table.first_day({ev.ONSET})
    measured = onset >= getattr(model, "measure_from_day", 0)
    cases, onset = cases[measured], onset[measured]
    with_pupil, rows = table.last(ev.ONSET)
    pupil = table.pupil[rows]
    # recovered, or left school: no longer waiting
    with_end, rows = table.last(ev.EPISODE_END)
    ended, end = _lookup(with_end, table.day[rows], cases)
    return {
        "case": cases,
        "pupil": _lookup(with_pupil, pupil, cases)[1],
        "onset": onset,
        "end": np.where(ended, end, model.day),
    }


def needy_cases(model: Run, cases: dict[str, np.ndarray], table: LogTable | None = None) -> dict[str, np.ndarray]:
    """The cases that need more than the school (onset on or after ``model.measure_from_day``):
    the process of multi-agency contact is measured on these."""
    table = LogTable(model.log) if table is None else table
    keep = np.isin(cases["case"], table.first_day({ev.NEEDS_HELP})[0]) & (cases["onset"] >= getattr(model, "measure_from_day", 0))
    return {k: v[keep] for k, v in cases.items()}


def waits(model: Run, events: set[str], cases: dict[str, np.ndarray] | None = None,
          table: LogTable | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Days from onset to the first of ``events`` per case, and whether it was observed."""
    table = LogTable(model.log) if table is None else table
    cases = case_table(model, table) if cases is None else cases
    had, first = _lookup(*table.first_day(events), cases["case"])
    observed = had & (first <= cases["end"])
    times = np.where(observed, np.maximum(first - cases["onset"], 0), cases["end"] - cases["onset"])
    return times.astype(float), observed


def attendance_metrics(model: Run) -> dict[str, float]:
    """Attendance over all pupils, from the model's records: pupil-days and absent days, and
    the year and term records."""
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
        out.update(grade_metrics(share, grade))
    return out


def aalen_johansen(times: np.ndarray, events: np.ndarray, of_interest: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative incidence of event ``of_interest`` with competing events (Aalen-Johansen).

    ``events`` holds 0 for a censored case, otherwise the kind of its first event (1, 2, ...).
    At each distinct time the incidence grows by the overall event-free share just before it
    (Kaplan-Meier over all kinds) times the share of those at risk who had the event of
    interest. Returns the distinct event times and the cumulative incidence just after each.
    (Unlike one minus a Kaplan-Meier curve with the competing events censored, this never
    counts a pupil who recovered as still waiting.)"""
    times = np.asarray(times, dtype=float)
    events = np.asarray(events, dtype=int)
    if times.size == 0:
        return np.array([]), np.array([])
    t = np.unique(times[events > 0])
    if t.size == 0:
        return np.array([0.0]), np.array([0.0])
    at_risk = times.size - np.searchsorted(np.sort(times), t, side="left")
    any_event = np.searchsorted(np.sort(times[events > 0]), t, side="right")
    d_all = np.diff(np.concatenate([[0], any_event]))
    hits = np.searchsorted(np.sort(times[events == of_interest]), t, side="right")
    d_one = np.diff(np.concatenate([[0], hits]))
    surv = np.cumprod(1.0 - d_all / at_risk)
    before = np.concatenate([[1.0], surv[:-1]])
    return t, np.cumsum(before * d_one / at_risk)


def cif_at(t: np.ndarray, cif: np.ndarray, day: float) -> float:
    """The cumulative incidence at ``day`` (NaN without cases)."""
    if t.size == 0:
        return float("nan")
    i = np.searchsorted(t, day, side="right") - 1
    return float(cif[i]) if i >= 0 else 0.0


def cif_quantile(t: np.ndarray, cif: np.ndarray, q: float) -> float:
    """The first day the cumulative incidence reaches ``q``; NaN when it never does."""
    hit = np.flatnonzero(cif >= q - 1e-12)
    return float(t[hit[0]]) if hit.size else float("nan")


def effective_help_events(cohort: dict[str, np.ndarray], day: int) -> tuple[np.ndarray, np.ndarray]:
    """Per pupil in need (``cohort``: the follow-up's table): days from onset to the first of
    effective help (event 1) or recovery (event 2, competing), or to the end of follow-up (0,
    censored: the run ended on ``day``, or the pupil left school, before either). Help on the day
    of recovery counts as help."""
    last = np.minimum(cohort["end"], day - 1)
    helped = (cohort["helped"] >= 0) & (cohort["helped"] <= last)
    recovered = (cohort["recovered"] >= 0) & (cohort["recovered"] <= last)
    help_first = helped & (~recovered | (cohort["helped"] <= cohort["recovered"]))
    events = np.where(help_first, 1, np.where(recovered, 2, 0))
    when = np.where(events == 1, cohort["helped"], np.where(events == 2, cohort["recovered"], last))
    return (when - cohort["onset"]).astype(float), events


def benefit_metrics(cohort: dict[str, np.ndarray], day: int, start: int) -> dict[str, float]:
    """What the year after onset brought the pupils in need (``cohort``: the follow-up's table,
    ``sim/followup.py``) in a run measured from day ``start`` to ``day``.

    ``absence_days_per_pupil_in_need`` and ``share_in_need_recovered_365d`` are read over the
    pupils whose 365 days of follow-up lie inside the run (their count is
    ``pupils_in_need_followed_365d``); the time to effective help is a cumulative incidence over
    every pupil in need, censored at the end of the run."""
    years = max(day - start, 1) / 365.0
    out: dict[str, float] = {"pupils_in_need_per_year": cohort["pupil"].size / years}
    complete = cohort["onset"] + FOLLOW_UP_DAYS <= day
    out["pupils_in_need_followed_365d"] = float(np.count_nonzero(complete))
    nan = float("nan")
    out["absence_days_per_pupil_in_need"] = float(cohort["absent"][complete].mean()) if complete.any() else nan
    out["school_days_followed_per_pupil_in_need"] = float(cohort["followed"][complete].mean()) if complete.any() else nan
    out["share_in_need_recovered_365d"] = float(np.mean(cohort["recovered"][complete] >= 0)) if complete.any() else nan
    t, e = effective_help_events(cohort, day)
    times, cif = aalen_johansen(t, e, 1)
    out["share_effective_help_365d"] = cif_at(times, cif, FOLLOW_UP_DAYS) if t.size else nan
    out["days_to_effective_help_median"] = cif_quantile(times, cif, 0.5) if t.size else nan
    dose = cohort["dose"][complete]
    for k, kind in enumerate(SUPPORT_KINDS):
        out[f"help_dose_{kind}_per_pupil_in_need"] = float(dose[:, k].mean()) if complete.any() else nan
    return out


def summarise(model: Run) -> dict[str, float]:
    """All scalar metrics of one run: first the benefit to the pupils in need, then attendance
    over all pupils, then the process (how soon the school and the agencies act), then the cost."""
    # what is read, taken once: the records, the follow-up's table and the parts' statistics
    day, since = model.day, model.measure_from_day
    followup, pop, school, params = model.followup, model.pop, model.school, model.params
    services, bup, coordination, network = model.services, model.bup, model.coordination, model.network
    ledger, staff, clock = model.ledger, model.staff, model.clock
    cohort, now = followup.table(), clock.now
    out = benefit_metrics(cohort, day, since)
    out.update(attendance_metrics(model))
    table = LogTable(model.log, since)
    cases = case_table(model, table)
    out["cases_with_onset"] = float(cases["case"].size)
    needy = needy_cases(model, cases, table)
    out["cases_needing_multiagency"] = float(needy["case"].size)
    for name, events in WAITS.items():
        t, o = waits(model, events, needy if name == "first_multiagency_contact" else cases, table)
        out[f"days_to_{name}_median"] = km_quantile(t, o, 0.5)
        out[f"days_to_{name}_p90"] = km_quantile(t, o, 0.9)
        out[f"share_censored_{name}"] = float(1.0 - o.mean()) if o.size else float("nan")
        if name == "first_multiagency_contact":
            # process: a plan, a SIP meeting or an intervention counts, whatever it does
            out["days_without_multiagency_contact_first_year"] = rmst(t, o, 365.0)
            out["share_multiagency_contact_within_365d"] = km_at(t, o, 365.0)
            # medians are often not reached in the silo, so the gap compares restricted means
            low = pop.low_resource[needy["pupil"]]
            out["equity_gap_days"] = rmst(t[low], o[low], 365.0) - rmst(t[~low], o[~low], 365.0)
    out.update(agency_metrics(cases, table, params=params, services=services, bup=bup, coordination=coordination,
                              network=network, ledger=ledger, n_schools=pop.n_schools, now=now, day=day, since=since))
    out.update(school_metrics(school))
    # what the run costs, SEK a year (sim/costs.py)
    out.update(cost_metrics(table, params=params, staff=staff, ledger=ledger, day=day, since=since))
    return out


def school_metrics(school: "SchoolResponse") -> dict[str, float]:
    """The EHTs' meetings held and cancelled, and the mean wait of an agenda item."""
    waited = school.agenda_waits
    return {"eht_meetings_held": float(school.meetings_held),
            "eht_meetings_cancelled": float(school.meetings_cancelled),
            "eht_agenda_wait_mean": float(np.mean(waited)) if waited else float("nan")}


def _records(rows: list[tuple], dtype: type, width: int) -> np.ndarray:
    """A list of tuples of ``width`` values as a table, one row each (read as one flat run of
    values: about twice as fast as ``np.array`` on the tuples)."""
    return np.fromiter(chain.from_iterable(rows), dtype, width * len(rows)).reshape(-1, width)


def _share(flags: np.ndarray) -> float:
    return float(np.mean(flags)) if flags.size else float("nan")


def agency_metrics(cases: dict[str, np.ndarray], table: LogTable, *, params: "Params", services: "SocialServices",
                   bup: "ChildPsychiatry", coordination: "Coordination", network: "ProfessionalNetwork",
                   ledger: "MeetingLedger", n_schools: int, now: float, day: int, since: int) -> dict[str, float]:
    """Social services, BUP, coordination and the network: the case log (``table``) and the
    parts' declared statistics, for the ``cases`` of the measured period (from ``since`` to
    ``day``; ``now``: the agencies' clock at the end)."""
    svc, net, p = services, network, params
    opened = _records(svc.opened, bool, 3)  # (school report?, multi-problem, opened)
    prelim = _records(svc.preliminary, float, 2)  # (school report?, days)
    investigations = _records(svc.investigations, float, 2)
    out: dict[str, float] = {}
    out["reports_of_concern"] = float(table.count(ev.REPORT_OF_CONCERN))
    out["repeat_reports"] = float(svc.repeat_reports)
    out["reports_withheld"] = float(table.count(ev.REPORT_WITHHELD))
    out["share_reports_investigated"] = _share(opened[:, 2])
    out["share_school_reports_investigated"] = _share(opened[opened[:, 0], 2])
    out["share_preliminary_late"] = _share(prelim[:, 1] > p.services.preliminary_limit)
    out["share_investigations_late"] = _share(investigations[:, 1] > p.services.investigation_limit)
    out["share_reports_with_feedback"] = _share(np.array(svc.feedback, dtype=bool))
    school_prelim = prelim[prelim[:, 0] == 1.0, 1]
    out["days_report_to_decision_mean"] = float(np.mean(school_prelim)) if school_prelim.size else float("nan")
    t, o = bup.first_assessment_times(now)
    out["bup_days_to_first_assessment_median"] = km_quantile(t, o, 0.5)
    out["share_bup_first_assessment_within_30d"] = _share(t[o | (t >= 30)] <= 30) if t.size else float("nan")
    out["bup_referrals"] = float(table.count(ev.BUP_REFERRAL))
    out["bup_referrals_dropped"] = float(table.count(ev.BUP_REFERRAL_DROPPED))
    # cases helped, and those that fell between the chairs
    detected = np.isin(cases["case"], table.first_day({ev.DETECTION})[0])
    helped = np.isin(cases["case"], table.first_day({ev.MULTIAGENCY})[0])
    ended = np.isin(cases["case"], table.first_day({ev.EPISODE_END})[0])
    fell = int(np.count_nonzero(detected & ~helped & ~ended))
    n_detected = int(np.count_nonzero(detected))
    out["share_fell_between_chairs"] = fell / n_detected if n_detected else float("nan")
    out["caseworker_turnover_rate"] = net.turnover_rate(("intake", "case_officer"), day)
    out["share_caseworkers_under_1y"] = net.share_under_1y(("intake", "case_officer"), day)
    out["collaboration_index"] = net.collaboration_index(day)
    out["school_trust"] = float(net.school_trust.mean())
    out["personal_trust"] = float(np.mean([net.school_tie(s, "social", day) for s in range(n_schools)]))
    years = max((day - since) / 365.0, 1e-9)  # per year of the measured period
    out["staff_meeting_hours"] = (ledger.total(since) + 0.0) / years
    out["forum_decisions"] = float(table.count(ev.FORUM_DECISION))
    waits_forum = coordination.forum_waits
    out["forum_wait_mean"] = float(np.mean(waits_forum)) if waits_forum else float("nan")
    out["sip_meetings"] = float(table.count(ev.SIP_MEETING))
    out["info_shared"] = float(svc.info_shared)
    return out
