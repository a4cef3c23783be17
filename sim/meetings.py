"""Staff hours in meetings, per sector, and the share of working time they take.

Meetings cost hours drawn from the same people's capacity (001 L1964-1989, L667-675): the
load of the last four weeks slows the casework of the sector that sits in them.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

import numpy as np

WINDOW = 28  # days over which the meeting load is measured


class MeetingLedger:
    """Hours in meetings by sector and day, and counts of meetings by kind."""

    def __init__(self, n_days: int, working_hours_per_week: float):
        self.hours: defaultdict[str, np.ndarray] = defaultdict(lambda: np.zeros(n_days + 1))
        self.count: dict[str, int] = defaultdict(int)
        self.hours_by_kind: dict[str, float] = defaultdict(float)
        # hours by role and day: what the meetings cost (sim/costs.py prices each role's hour)
        self.hours_by_role: defaultdict[str, np.ndarray] = defaultdict(lambda: np.zeros(n_days + 1))
        self.week = working_hours_per_week

    def record(self, kind: str, day: int, people: Iterable, hours: float) -> None:
        """One meeting: its hours are booked to each person present."""
        self.record_many(kind, day, [people], hours)

    def record_many(self, kind: str, day: int, groups: Sequence[Iterable], hours: float) -> None:
        """Several meetings of one kind on one day, one after the other (``groups``: the people
        of each). The hours are added person by person, in plain floats (updating a numpy element
        one person at a time costs more)."""
        self.count[kind] += len(groups)
        present = [person for people in groups for person in people]
        if not present:
            return
        sectors = [person.sector for person in present]
        roles = [person.role for person in present]
        for role in dict.fromkeys(roles):
            self.hours_by_role[role][day] += hours * roles.count(role)
        for sector in dict.fromkeys(sectors):  # in the order the sectors first appear
            spent = float(self.hours[sector][day])
            for _ in range(sectors.count(sector)):
                spent += hours
            self.hours[sector][day] = spent
        by_kind = self.hours_by_kind[kind]
        for _ in sectors:
            by_kind += hours
        self.hours_by_kind[kind] = by_kind

    def load(self, sector: str, day: int, headcount: int) -> float:
        """Share of the sector's working time spent in meetings over the last four weeks (max 0.8)."""
        if headcount <= 0 or sector not in self.hours:
            return 0.0
        # a Python float: a numpy scalar would make every working time and clock step a numpy scalar
        spent = float(self.hours[sector][max(0, day - WINDOW): day + 1].sum())
        return min(0.8, spent / (headcount * self.week * WINDOW / 7))

    def total(self, since: int = 0) -> float:
        """Hours in meetings from day ``since`` on (the end of the warm-up) to the end."""
        return float(sum(h[since:].sum() for h in self.hours.values()))

    def role_hours(self, since: int = 0) -> dict[str, float]:
        """Hours spent in meetings by each role from day ``since`` on."""
        return {role: float(h[since:].sum()) for role, h in self.hours_by_role.items()}
