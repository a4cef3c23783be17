"""Statistics for the independent validation patterns: figures no parameter is fitted to.

``samsim validate`` keeps a daily record of who was absent (:class:`DailyAbsence`) and computes
from it, the term and year records and the case log:

- :func:`boras_share_over_20pct` - grades 1-3, ISO weeks 45-48 of the first autumn: share of
  pupils absent more than 20 % of those school days (Borås 2014: 154 of ≈3,500 = 0.044;
  domain_facts §8 row 13).
- :func:`share_grade9_30_49pct_term` - grade 9, per term: share absent 30-49 % (Skolverket 2021,
  autumn 2020: 0.08; 0.03-0.08; row 8).
- :func:`share_month_continuous` - per pupil and school year: absent 20 or more school days in a
  row (about a month) (Skolverket 2010, Skolinspektionen 2016: ≈1,700 pupils with at least a month
  of continuous invalid absence = 0.0017; row 10).
- :func:`share_regular_after_treatment` - pupils whose BUP treatment started: share absent under
  20 % over the 20 school days from 6 months after the start (Reissner et al. 2015: ≈0.60 regular
  attenders at 6 months, in both arms; row 56).
- :func:`stability_gain_after_grade3` - correlation of a pupil's yearly absence between the two
  years, pupils in grades 4-8 minus pupils in preschool class to grade 2 (individual absence
  stabilises after grade 3, ECLS-K; row 15).

Each statistic is handed what it reads: the school ``calendar``, the ``log`` (the case log), the
model's ``term_records`` or ``year_records``, and the daily record; :func:`independent_statistics`
takes them from the model once.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from . import caselog as ev

if TYPE_CHECKING:
    from .calendar import SchoolCalendar


class DailyAbsence:
    """Who was absent on each school day (one row per school day, pupils by slot), and their grades."""

    def __init__(self) -> None:
        self.days: list[int] = []
        self.absent: list[np.ndarray] = []
        self.grade: list[np.ndarray] = []

    def record(self, model, day: int) -> None:
        """After ``day``'s step of ``model``: on a school day, who was absent and each pupil's grade
        (the population's ``absent`` and ``grade``)."""
        calendar, pop = model.calendar, model.pop
        if calendar.is_school_day[day]:
            self.days.append(day)
            self.absent.append(pop.absent.copy())
            self.grade.append(pop.grade.copy())

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.asarray(self.days), np.asarray(self.absent, dtype=bool), np.asarray(self.grade)


def boras_share_over_20pct(cal: "SchoolCalendar", rec: DailyAbsence) -> float:
    days, absent, grade = rec.matrix()
    first_year = int(cal.year[0])
    sel = np.array([cal.year[d] == first_year and cal.term[d] == 1 and 45 <= cal.date(int(d)).isocalendar()[1] <= 48
                    for d in days])
    if not sel.any():
        return math.nan
    g = grade[np.flatnonzero(sel)[0]]
    pupils = (g >= 1) & (g <= 3)
    share = absent[sel][:, pupils].mean(axis=0)
    return float(np.mean(share > 0.20))


def share_grade9_30_49pct_term(term_records: list[dict[str, Any]]) -> float:
    vals = []
    for t in term_records:
        g9 = t["grade"] == 9
        if g9.any():
            s = t["share"][g9]
            vals.append(float(np.mean((s >= 0.30) & (s < 0.50))))
    return float(np.mean(vals)) if vals else math.nan


def _longest_run(x: np.ndarray) -> np.ndarray:
    """Longest run of True down axis 0, per column."""
    best = np.zeros(x.shape[1], dtype=np.int32)
    cur = np.zeros(x.shape[1], dtype=np.int32)
    for row in x:
        cur = np.where(row, cur + 1, 0)
        best = np.maximum(best, cur)
    return best


def share_month_continuous(cal: "SchoolCalendar", rec: DailyAbsence, run_days: int = 20) -> float:
    days, absent, _ = rec.matrix()
    year = cal.year[days]
    vals = []
    for y in np.unique(year):
        sel = year == y
        if sel.sum() < 100:  # a partial year
            continue
        vals.append(float(np.mean(_longest_run(absent[sel]) >= run_days)))
    return float(np.mean(vals)) if vals else math.nan


def share_regular_after_treatment(log: ev.CaseLog, cal: "SchoolCalendar", rec: DailyAbsence, after: int = 182,
                                  window: int = 20, limit: float = 0.20) -> float:
    days, absent, _ = rec.matrix()
    cols = log.columns()
    codes, events = log.event_numbers()
    code = codes.get(ev.MULTIAGENCY)
    if code is None:
        return math.nan
    info = log.column("info")
    starts: dict[int, int] = {}
    for i in np.flatnonzero(events == code):
        if info[i] == "bup_treatment":
            p = int(cols["pupil"][i])
            starts.setdefault(p, int(cols["day"][i]))
    vals = []
    for pupil, day in starts.items():
        k = int(np.searchsorted(days, day + after))
        if k + window > len(days):
            continue  # not followed six months and a month within the run
        # the slot must still hold the same pupil (grade 9 leaves in the summer)
        if cal.year[days[k + window - 1]] != cal.year[day] and rec.grade[k][pupil] == 0:
            continue
        vals.append(absent[k:k + window, pupil].mean() < limit)
    return float(np.mean(vals)) if len(vals) >= 3 else math.nan


def stability_gain_after_grade3(year_records: list[dict[str, Any]]) -> float:
    yr = year_records
    if len(yr) < 2:
        return math.nan
    a, b, g = yr[0]["share"], yr[1]["share"], yr[0]["grade"]

    def corr(sel: np.ndarray) -> float:
        if sel.sum() < 10 or np.std(a[sel]) == 0 or np.std(b[sel]) == 0:
            return math.nan
        return float(np.corrcoef(a[sel], b[sel])[0, 1])

    return corr((g >= 4) & (g <= 8)) - corr(g <= 2)


CONTACT = ("report_of_concern", "investigation_opened", "bup_referral", "bup_first_assessment",
           "multiagency_intervention", "forum_decision", "sip_meeting")


def share_high_absence_no_contact(log: ev.CaseLog, cal: "SchoolCalendar", term_records: list[dict[str, Any]]) -> float:
    """Pupils over 15 % absence in a term: share who had no report of concern, BUP referral,
    forum, SIP or multi-agency help in that school year (up to the term's end)."""
    cols = log.columns()
    codes, events = log.event_numbers()
    wanted = [codes[e] for e in CONTACT if e in codes]
    rows = np.flatnonzero(np.isin(events, wanted))
    day, pupil = cols["day"][rows], cols["pupil"][rows]
    year_of = cal.year
    years = np.unique(year_of)
    vals = []
    for k, t in enumerate(term_records):
        high = np.flatnonzero(t["share"] > 0.15)
        if not high.size:
            continue
        # the term's school year: an autumn and then a spring record each year
        y = int(years[min(k // 2, len(years) - 1)])
        in_year = (year_of[np.minimum(day, len(year_of) - 1)] == y) & (pupil >= 0)
        touched = np.unique(pupil[in_year])
        vals.append(float(np.mean(~np.isin(high, touched))))
    return float(np.mean(vals)) if vals else math.nan


def share_coordinated_recovered(log: ev.CaseLog, n_days: int, horizon: int = 365) -> float:
    """Cases given a coordinated plan (a coordinator's case) in the first year: share whose
    absence episode was over (not by leaving school) within ``horizon`` days of the plan (in a
    run of ``n_days``)."""
    cols = log.columns()
    codes, events = log.event_numbers()
    info = cols["info"]
    if "multiagency_intervention" not in codes:
        return math.nan
    plan: dict[int, int] = {}
    for i in np.flatnonzero(events == codes["multiagency_intervention"]):
        if info[i] == "coordinated_plan" and cols["case"][i] >= 0:
            plan.setdefault(int(cols["case"][i]), int(cols["day"][i]))
    ended: dict[int, int] = {}
    if "episode_end" in codes:
        for i in np.flatnonzero(events == codes["episode_end"]):
            if info[i] != "left_school":
                ended.setdefault(int(cols["case"][i]), int(cols["day"][i]))
    vals = [c in ended and ended[c] - d <= horizon for c, d in plan.items() if d + horizon <= n_days]
    return float(np.mean(vals)) if len(vals) >= 3 else math.nan


def independent_statistics(model, rec: DailyAbsence) -> dict[str, Any]:
    """The independent statistics of a finished run (``model``: its calendar, case log and
    term and year records) and its daily record ``rec``."""
    cal, log, terms, years = model.calendar, model.log, model.term_records, model.year_records
    return {
        "high_absence_no_contact": share_high_absence_no_contact(log, cal, terms),
        "coordinated_recovered_365d": share_coordinated_recovered(log, cal.n_days),
        "boras_over_20pct": boras_share_over_20pct(cal, rec),
        "grade9_30_49pct_term": share_grade9_30_49pct_term(terms),
        "month_continuous": share_month_continuous(cal, rec),
        "regular_after_treatment": share_regular_after_treatment(log, cal, rec),
        "stability_gain_after_grade3": stability_gain_after_grade3(years),
    }
