"""The case log read once into arrays, for the readers of a run's results (``sim/outcomes.py``,
``sim/costs.py``): which rows hold each kind of event, and each case's first or last day with one."""
from __future__ import annotations

import numpy as np

from . import caselog as ev


class LogTable:
    """The case log read once into arrays: the day, pupil, case and info of each row, and the
    rows of each kind of event. :meth:`count` counts the rows from day ``since`` on (the end of
    the warm-up, the model's ``measure_from_day``)."""

    def __init__(self, log: ev.CaseLog, since: int = 0):
        self.since = since
        codes, event = log.event_numbers()
        order = np.argsort(event, kind="stable")
        bounds = np.searchsorted(event[order], np.arange(len(codes) + 1))
        self._rows = {e: order[bounds[k]:bounds[k + 1]] for e, k in codes.items()}
        columns = log.columns()
        self.day, self.case, self.pupil, self.info = columns["day"], columns["case"], columns["pupil"], columns["info"]
        self._days = int(self.day.max()) + 1 if len(log) else 1  # days are >= 0: case * _days + day orders by case, then day

    def rows(self, events: set[str]) -> np.ndarray:
        """The rows with any of ``events``, in the order they were logged."""
        return np.sort(np.concatenate([np.zeros(0, np.intp), *(self._rows[e] for e in events if e in self._rows)]))

    def count(self, event: str) -> int:
        return int(np.count_nonzero(self.day[self.rows({event})] >= self.since))

    def first_day(self, events: set[str]) -> tuple[np.ndarray, np.ndarray]:
        """The cases (>= 0, ascending) with any of ``events``, and the first day of one."""
        rows = self.rows(events)
        rows = rows[self.case[rows] >= 0]
        case, day = self.case[rows], self.day[rows]
        order = np.argsort(case * self._days + day)  # one key sorts several times faster than lexsort's two
        case, day = case[order], day[order]
        first = np.ones(case.size, dtype=bool)
        first[1:] = case[1:] != case[:-1]
        return case[first], day[first]

    def last(self, event: str) -> tuple[np.ndarray, np.ndarray]:
        """The cases (ascending) with ``event``, and the last such row of each."""
        rows = self.rows({event})[::-1]
        cases, k = np.unique(self.case[rows], return_index=True)
        return cases, rows[k]
