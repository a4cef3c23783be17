"""The model's own records of the days: pupil-days and absent days, the daily series, the terms.

Read by sim/outcomes.py (mean daily absence, the terms' shares), sim/independent.py and the
results' ``series`` (through the model's ``pupil_days``, ``absent_days``, ``series`` and
``term_records``). The school years' records are the year end's (sim/school_year.py).
"""
from __future__ import annotations

import numpy as np

from .calendar import SchoolCalendar
from .population import Population
from .school import SchoolResponse


def last_school_days_of_terms(calendar: SchoolCalendar) -> set[int]:
    """The last school day of every term (and the calendar's last school day)."""
    days = np.flatnonzero(calendar.is_school_day)
    t = calendar.term[days] + 10 * calendar.year[days]
    last = np.flatnonzero(np.diff(t) != 0)
    return {int(days[i]) for i in last} | {int(days[-1])}


class DailyRecords:
    """What the model records each day, at two moments of the day (SchoolModel's docstring).

    Statistics: ``pupil_days`` and ``absent_days`` (school days x pupils, and those absent, since
    measuring began); ``series``: per calendar day ``absence_rate`` (NaN on days without school),
    ``in_episode`` (pupils in a problematic-absence episode at the day's end) and ``eht_agenda``
    (items on the EHTs' agendas at the day's end); ``term_records``: per finished term each
    pupil's absence ``share``, ``grade`` and the ``term`` (1 autumn, 2 spring)."""

    def __init__(self, *, calendar: SchoolCalendar, pop: Population, school: SchoolResponse) -> None:
        self.calendar, self.pop, self.school = calendar, pop, school
        self._term_ends = last_school_days_of_terms(calendar)
        n_days = calendar.n_days
        self.series: dict[str, np.ndarray] = {
            "absence_rate": np.full(n_days, np.nan),
            "in_episode": np.zeros(n_days, dtype=np.int32),
            "eht_agenda": np.zeros(n_days, dtype=np.int32),
        }
        self.term_records: list[dict[str, np.ndarray]] = []
        self.pupil_days = 0
        self.absent_days = 0

    def daily(self, day: int, school_day: bool) -> None:
        """After the school's and coordination's day: a school day's attendance, and at the end
        of a term the term's shares."""
        if not school_day:
            return
        pop, calendar = self.pop, self.calendar
        self.pupil_days += pop.n
        n_absent = int(np.count_nonzero(pop.absent))
        self.absent_days += n_absent
        self.series["absence_rate"][day] = n_absent / pop.n
        if day in self._term_ends:
            n_term = len(calendar.school_days(int(calendar.year[day]), int(calendar.term[day])))
            self.term_records.append({"share": pop.end_term(n_term), "grade": pop.grade.copy(), "term": int(calendar.term[day])})

    def end_of_day(self, day: int) -> None:
        """After the agencies' and the network's day: pupils in an episode, items on the agendas."""
        self.series["in_episode"][day] = np.count_nonzero(self.pop.in_episode)
        self.series["eht_agenda"][day] = self.school.agenda_length()

    def reset_counts(self) -> None:
        """The warm-up is over: pupil-days, absent days and term records start from zero (the
        series run on; the results cut them at the first measured day)."""
        self.pupil_days = self.absent_days = 0
        self.term_records.clear()
