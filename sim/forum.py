"""The cross-sector collaboration forum: SKIFO Orust's working group (000 L579-592), Sandviken's
consultation team (002 L504-507), an integrated team's daily meeting (001 L1606-1610).

The school applies at ``forum_entry_step`` of the staircase (step 4 in SKIFO, 000 L471-474;
earlier in a consultation team, "before problems escalate", 002 L504-506); a coordinator's visit
to the pupil-health team may bring an application earlier (``sim/visits.py``). The forum meets
every ``forum_interval_days`` and decides on at most ``forum_capacity`` applications a meeting
(given for 1,600 pupils; a fraction carries over to the next meeting), the most severe absence
first, while a coordinator has room; an application that waited ``forum_max_wait_days`` is
declined with advice to the school (000 L753-759). Cases wait for the next meeting, and for a
coordinator with room: coordination can make things slower (001 L667-675, L1964-1989).

A case the forum takes up goes to a coordinator (``sim/coordinator.py``), or, where there is
none, stays with the forum's plan; the first meeting with the family is booked
(``sim/family_meeting.py``). Without a forum (``forum_interval_days = 0``) but with
coordinators, the coordinators take the applications directly, each school day.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev
from .caselog import CaseLog
from .coordinator import Coordinators
from .joint_meeting import hold
from .meetings import MeetingLedger
from .population import Population

if TYPE_CHECKING:
    from .agents import Professional
    from .calendar import SchoolCalendar
    from .params import Coordination as CoordinationParams
    from .partners import FamilyBooking, Network
    from .scaling import Staffing


def forum_order(severity: np.ndarray, applied: np.ndarray, pupils: np.ndarray, among: np.ndarray,
                limit: int | None = None) -> np.ndarray:
    """The applications ``among`` in the forum's order - most severe absence (lowest ``severity``)
    first, then the earliest, then by pupil - or only the first ``limit`` of them."""
    if limit is not None and limit <= 0:
        return among[:0]
    if limit is not None and limit < len(among):  # only those as severe as the limit-th can come first
        among = among[severity[among] <= np.partition(severity[among], limit - 1)[limit - 1]]
    return among[np.lexsort((pupils[among], applied[among], severity[among]))][:limit]


class Forum:
    """The applications to the forum, its meetings and its decisions.

    Built with what it uses: the ``coordination`` section of the parameters, the pupils
    (``pop``), the case ``log``, the school ``calendar`` (the first meeting is on the first
    school day), the professional ``network`` (the members present), the meeting ``ledger``,
    the municipality's ``staff`` scaling (cases per meeting, sittings), the ``coordinators``
    (``None`` where the scenario has none) and the ``family`` meetings it books.

    Statistics (read by sim/outcomes.py): ``forum_waits`` (days from application to decision,
    for each case taken up since the warm-up ended). Public state: ``waiting`` (the cases
    applied for and not yet decided), :attr:`applications`.
    """

    def __init__(self, *, params: "CoordinationParams", pop: Population, log: CaseLog, calendar: "SchoolCalendar",
                 network: "Network", ledger: MeetingLedger, staff: "Staffing", coordinators: Coordinators | None,
                 family: "FamilyBooking") -> None:
        self.p = params
        self.pop = pop
        self.log = log
        self.network = network
        self.ledger = ledger
        self.coordinators = coordinators
        self.family = family
        self._queue = (np.zeros(0, dtype=np.int64),) * 3  # pupil, case, day applied: waiting since the last forum ...
        self._new: list[tuple[int, int, int]] = []       # ... and applied since
        self.applied: set[int] = set()       # cases applied or accepted
        self.waiting: set[int] = set()       # cases applied and not yet decided
        self.forum_waits: list[int] = []
        first = int(calendar.school_days()[0])
        self.next_meeting = first if params.forum_interval_days > 0 else None
        # The forum scales with the municipality: its cases per meeting in proportion to the
        # pupils (a fraction carried to the next meeting), in one sitting per 1,600 pupils, each
        # for a district of schools with its own members and hours (sim/scaling.py)
        self.per_meeting = staff.scaled(params.forum_capacity)
        self._credit = 0.0
        self.sittings = staff.staffing(1)
        self.sitting_hours = params.forum_hours * staff.post_share(1)

    @property
    def applications(self) -> list[tuple[int, int, int]]:
        """The applications waiting for the forum: (pupil, case, day applied)."""
        return [*zip(*(column.tolist() for column in self._queue)), *self._new]

    # ------------------------------------------------------------ applications
    def on_step(self, pupil: int, step: int, day: int) -> None:
        """The school reached a staircase step with a pupil: apply to the forum at the entry step."""
        if step == self.p.forum_entry_step:
            self.apply(pupil, day)

    def apply(self, pupil: int, day: int) -> None:
        """The school applies for the pupil's present case (if she is in an episode)."""
        if self.pop.in_episode[pupil]:
            self.apply_case(pupil, int(self.pop.episode_id[pupil]), day)

    def apply_case(self, pupil: int, case: int, day: int) -> None:
        """An application for ``case`` (once per case)."""
        if case in self.applied:
            return
        self.applied.add(case)
        self.waiting.add(case)
        self._new.append((pupil, case, day))
        self.log.add(day, pupil, case, ev.FORUM_APPLICATION)

    def pending(self, pupils: np.ndarray) -> np.ndarray:
        """Per pupil: whether her current case waits for the forum (applied, not yet decided)."""
        waiting = self.waiting
        return np.array([c in waiting for c in self.pop.episode_id[pupils].tolist()], dtype=bool)

    # ------------------------------------------------------------ meetings and decisions
    def daily(self, day: int, school_day: bool) -> None:
        """A school day: the forum meets if its day has come; without a forum, the coordinators
        take the applications directly."""
        if not school_day:
            return
        if self.next_meeting is not None and day >= self.next_meeting:
            self.next_meeting = day + self.p.forum_interval_days
            self.meeting(day)
        elif self.next_meeting is None and self.coordinators is not None:
            self.decide(day, 10**6)  # no forum: the coordinator takes cases directly

    def meeting(self, day: int) -> None:
        """The forum meets, in one sitting per district, and decides on as many applications
        as its capacity for this meeting allows (``forum_capacity`` per 1,600 pupils)."""
        net, k = self.network, self.sittings
        coordinators, officers, clinicians = net.active("coordinator"), net.active("case_officer"), net.active("bup_first")
        for s in range(k):
            members = coordinators[s::k] + self._principals(s, k) + officers[s:s + 1] + clinicians[s:s + 1]
            hold(self.ledger, net, "forum", members[: self.p.forum_members], day, self.sitting_hours)
        self._credit += self.per_meeting
        limit = int(self._credit + 1e-9)
        self._credit -= limit
        self.decide(day, limit)

    def _principals(self, sitting: int = 0, sittings: int = 1) -> list["Professional"]:
        """The first two principals of a sitting's district (schools ``sitting``,
        ``sitting + sittings``, ...), school by school."""
        net = self.network
        principals: list["Professional"] = []
        for s in range(sitting, self.pop.n_schools, sittings):
            principals += net.active("principal", s)
            if len(principals) >= 2:
                break
        return principals[:2]

    def decide(self, day: int, limit: int) -> None:
        """Decide on the applications, most severe absence first, while there is room.

        Applications that have waited ``forum_max_wait_days`` are declined with advice to the
        school (000 L753-759); the rest wait for the next meeting.
        """
        pop = self.pop
        pupils, cases, applied = self._queue
        if self._new:
            new = np.array(self._new, dtype=np.int64).T
            pupils, cases, applied = (np.concatenate((old, more)) for old, more in zip(self._queue, new))
            self._new = []
        live = pop.in_episode[pupils] & (pop.episode_id[pupils] == cases)
        self.waiting.difference_update(cases[~live].tolist())  # ``waiting`` holds the queue's cases
        pupils, cases, applied = pupils[live], cases[live], applied[live]
        severity = -pop.stair_share()[pupils]
        first = forum_order(severity, applied, pupils, np.arange(len(cases)), limit)
        handled = 0
        staff = self.coordinators
        room = staff.capacity_left(day) if staff is not None else []  # room changes only when a case is accepted
        while handled < len(first) and (staff is None or room):
            k = first[handled]
            self.waiting.discard(int(cases[k]))
            coord = staff.least_loaded(room) if staff is not None else None
            self.accept(int(pupils[k]), int(cases[k]), coord, day, int(applied[k]))
            if staff is not None:
                room = staff.capacity_left(day)
            handled += 1
        left = np.ones(len(cases), dtype=bool)
        left[first[:handled]] = False
        expired = left & (day - applied >= self.p.forum_max_wait_days)  # no room this time, and waited too long
        declined = forum_order(severity, applied, pupils, np.flatnonzero(expired))
        self.waiting.difference_update(cases[declined].tolist())
        self.log.add_many(day, pupils[declined], cases[declined], ev.FORUM_DECLINED)
        left &= ~expired
        self._queue = pupils[left], cases[left], applied[left]

    def accept(self, pupil: int, case: int, coord: "Professional | None", day: int, applied: int) -> None:
        """The forum takes the case up: to a coordinator (or its own plan, where there is none);
        the family meeting is booked."""
        self.forum_waits.append(day - applied)
        if self.coordinators is not None:
            self.coordinators.take(pupil, coord, day)
        self.log.add(day, pupil, case, ev.FORUM_DECISION, "coordinator" if coord else "forum")
        self.family.book(pupil, case, day)

    def reset_counts(self) -> None:
        """The end of the warm-up: the forum's waits are counted from here."""
        self.forum_waits.clear()
