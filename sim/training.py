"""Joint training days: school, social-services, BUP staff and coordinators learn together -
Sandviken's joint training days and workshops (002 L496-507), Västervik's research circle of
seven sessions over a school year (004 L268), SKIFO's two joint days (000 L548-559).

``training_days_per_year`` days, spread evenly over each school year's school days; on each,
everyone spends ``training_hours``, and ties form at mixed tables of eight (mutual
understanding across sectors grows; structure improves faster than shared understanding, 002
L670-673).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .meetings import MeetingLedger
from .population import Population

if TYPE_CHECKING:
    from .calendar import SchoolCalendar
    from .params import Coordination as CoordinationParams
    from .partners import Network

TABLE = 8  # people at a table of a training day


def training_days(calendar: "SchoolCalendar", per_year: int) -> set[int]:
    """The days of the joint training: ``per_year`` school days spread evenly over each school year."""
    if per_year == 0:
        return set()
    out: set[int] = set()
    for y in range(int(calendar.year.max()) + 1):
        days = calendar.school_days(y)
        out |= {int(days[int((i + 0.5) * len(days) / per_year)]) for i in range(per_year)}
    return out


class TrainingDays:
    """The joint training days of a municipality.

    Built with what it uses: the ``coordination`` section of the parameters, the pupils
    (``pop``: the number of schools), the school ``calendar``, the professional ``network``
    (who comes; the ties), the meeting ``ledger`` and the coordination random stream ``rng``
    (the seating).

    Public state: ``days`` (the calendar days of training).
    """

    def __init__(self, *, params: "CoordinationParams", pop: Population, calendar: "SchoolCalendar",
                 network: "Network", ledger: MeetingLedger, rng: np.random.Generator) -> None:
        self.p = params
        self.n_schools = pop.n_schools
        self.network = network
        self.ledger = ledger
        self.rng = rng
        self.days = training_days(calendar, params.training_days_per_year)

    def daily(self, day: int, school_day: bool) -> None:
        if school_day and day in self.days:
            self.training_day(day)

    def training_day(self, day: int) -> None:
        """A joint training day: everyone spends the hours; ties form at mixed tables of eight."""
        net = self.network
        everyone = [p for s in range(self.n_schools) for p in net.eht(s)] + net.social_staff() \
            + net.active("bup_first") + net.active("bup_treatment") + net.active("coordinator")
        self.ledger.record("training", day, everyone, self.p.training_hours)
        order = self.rng.permutation(len(everyone))
        for start in range(0, len(order), TABLE):
            net.meet([everyone[i] for i in order[start:start + TABLE]], day, weight=2.0)
