"""Visits to the schools' pupil-health teams (EHT) by people from outside the school.

- The **coordinator** meets every EHT every ``coordinator_eht_interval_days`` (monthly in SKIFO
  Orust, 000 L693-694; a consultation team meets each school's team in Sandviken, 002 L504-507).
  There she hears of pupils early: the school's pupils at staircase step 3 or above are brought
  to the forum (early identification "before problems escalate", 002 L504-506).
- **Intake** (social services' mottagning) visits every EHT every ``intake_eht_interval_days``
  (each term in SKIFO; every sixth week earlier, which gave "a completely different
  communication", 000 L1642).

A visit costs the visitor and the team the hours and builds ties between them, which speed
hand-overs and feedback (``sim/network.py``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .forum import Forum
from .meetings import MeetingLedger
from .population import Population

if TYPE_CHECKING:
    from .calendar import SchoolCalendar
    from .partners import Network, StaircaseSteps


class EHTVisits:
    """One kind of visitor's round of the schools' pupil-health teams.

    Built with what it uses: the meeting's ``kind`` (``coordinator_eht``, ``intake_eht``), the
    visitor's ``role`` (the first of them active visits), the ``interval`` in calendar days, the
    ``hours`` of a visit, the ``offset`` of the first visits from the first school day, the
    pupils (``pop``), the school ``calendar``, the professional ``network``, the meeting
    ``ledger``; for the coordinator's visits, the ``forum`` to bring pupils to and the
    ``school``'s staircase steps (early identification; ``None``: none).
    """

    def __init__(self, *, kind: str, role: str, interval: int, hours: float, offset: int, pop: Population,
                 calendar: "SchoolCalendar", network: "Network", ledger: MeetingLedger, forum: Forum | None = None,
                 school: "StaircaseSteps | None" = None) -> None:
        self.kind = kind
        self.role = role
        self.interval = interval
        self.hours = hours
        self.pop = pop
        self.network = network
        self.ledger = ledger
        self.next_visit = np.full(pop.n_schools, int(calendar.school_days()[0]) + offset)
        self.forum = forum
        self.school = school
        identify = forum is not None and school is not None
        self._school_pupils = [np.flatnonzero(pop.school == s) for s in range(pop.n_schools)] if identify else []

    def daily(self, day: int, school_day: bool) -> None:
        """A school day: visit the teams whose visit is due."""
        if not school_day or self.next_visit.min() > day:
            return
        schools = self.visit(day)
        if self._school_pupils:
            self.identify_early(schools, day)

    def visit(self, day: int) -> np.ndarray:
        """The visitor meets every EHT whose visit is due today; the next visit is booked.
        Returns the schools visited."""
        next_visit = self.next_visit
        schools = np.flatnonzero(next_visit <= day)
        next_visit[schools] = day + self.interval
        net = self.network
        visitors = net.active(self.role)[:1]
        meetings = [visitors + team for team in net.eht_teams(schools.tolist())]
        self.ledger.record_many(self.kind, day, meetings, self.hours)  # all the hours at once, not school by school
        for people in meetings:
            net.meet(people, day)
        return schools

    def identify_early(self, schools: np.ndarray, day: int) -> None:
        """At the coordinator's visits, the schools' pupils at step 3 or above apply to the forum,
        school by school."""
        forum, school = self.forum, self.school
        if forum is None or school is None:
            return
        pop = self.pop
        pupils = np.concatenate([self._school_pupils[s] for s in schools])
        pupils = pupils[(school.step[pupils] >= 3) & pop.in_episode[pupils]]
        for pupil, case in zip(pupils.tolist(), pop.episode_id[pupils].tolist()):
            forum.apply_case(pupil, case, day)
