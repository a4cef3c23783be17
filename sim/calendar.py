"""The Swedish compulsory-school year: terms, breaks, public holidays, school days.

A model step is one calendar day. A school year runs from 1 August to 31 July: the autumn term
starts on the Monday of ISO week 34 and ends before Christmas, with the autumn break in week
44 (höstlov); the spring term starts after Epiphany (trettondagen) and has the sports break
(sportlov, week 7-10 by region) and the Easter break (påsklov, the week after Easter Sunday).
Public holidays (1 May, Ascension Day and the Friday after it, 6 June) are free. The spring
term ends when the year has its school days (178 by skolförordningen).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

AUTUMN, SPRING = 1, 2


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _week(year: int, iso_week: int) -> set[date]:
    monday = date.fromisocalendar(year, iso_week, 1)
    return {monday + timedelta(days=i) for i in range(5)}


def free_days(autumn_year: int, sports_break_week: int) -> set[date]:
    """Breaks and public holidays in the school year that starts in August of ``autumn_year``."""
    spring = autumn_year + 1
    easter = easter_sunday(spring)
    free = _week(autumn_year, 44)
    free |= {date(autumn_year, 12, 21) + timedelta(days=i) for i in range(18)}  # Christmas to Epiphany
    free |= _week(spring, sports_break_week)
    free |= {easter - timedelta(days=2)} | {easter + timedelta(days=1 + i) for i in range(5)}
    ascension = easter + timedelta(days=39)
    free |= {date(spring, 5, 1), ascension, ascension + timedelta(days=1), date(spring, 6, 6)}
    return free


@dataclass(frozen=True)
class SchoolCalendar:
    """Day-by-day flags for a run of one or more school years.

    ``is_school_day[d]``, ``term[d]`` (0 none, 1 autumn, 2 spring), ``year[d]`` (school year
    index) and ``school_day_number[d]`` (school days before day d) for each calendar day d.
    """

    start: date
    is_school_day: np.ndarray
    term: np.ndarray
    year: np.ndarray
    school_day_number: np.ndarray

    @property
    def n_days(self) -> int:
        return len(self.is_school_day)

    def date(self, day: int) -> date:
        return self.start + timedelta(days=int(day))

    def school_days(self, year: int | None = None, term: int | None = None) -> np.ndarray:
        mask = self.is_school_day.copy()
        if year is not None:
            mask &= self.year == year
        if term is not None:
            mask &= self.term == term
        return np.flatnonzero(mask)


@functools.lru_cache(maxsize=16)
def build(start_year: int, years: int = 1, school_days_per_year: int = 178, sports_break_week: int = 9) -> SchoolCalendar:
    """The calendar of ``years`` school years from 1 August ``start_year``. Built once per
    process for the same arguments (a study runs thousands of models on one calendar) and
    shared: its arrays are read-only."""
    start = date(start_year, 8, 1)
    end = date(start_year + years, 8, 1)
    n = (end - start).days
    is_school = np.zeros(n, dtype=bool)
    term = np.zeros(n, dtype=np.int8)
    year_of = np.zeros(n, dtype=np.int16)
    for y in range(years):
        ay = start_year + y
        y0 = (date(ay, 8, 1) - start).days
        y1 = (date(ay + 1, 8, 1) - start).days
        year_of[y0:y1] = y
        free = free_days(ay, sports_break_week)
        first = date.fromisocalendar(ay, 34, 1)
        count = 0
        d = first
        while count < school_days_per_year and d < date(ay + 1, 7, 1):
            if d.weekday() < 5 and d not in free:
                idx = (d - start).days
                is_school[idx] = True
                term[idx] = AUTUMN if d.year == ay else SPRING
                count += 1
            d += timedelta(days=1)
        if count < school_days_per_year:
            raise ValueError(f"cannot fit {school_days_per_year} school days into the school year {ay}/{ay + 1}")
    number = np.concatenate([[0], np.cumsum(is_school)[:-1]]).astype(np.int32)
    for a in (is_school, term, year_of, number):
        a.flags.writeable = False
    return SchoolCalendar(start, is_school, term, year_of, number)
