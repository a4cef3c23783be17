"""The first meeting with the family after the forum takes a case up, and the joint plan.

The coordinator books a meeting with the family once a case is opened (000 L737-741), about
``family_meeting_days`` after the forum's decision (an exponential wait; at once when 0). There
the guardians are asked for consent that lifts secrecy between the agencies, and an early
invitation by a coordinator raises it (``consent_prob_invited``, 001 L1824-1826). The
professionals around the pupil meet (two of the school's pupil-health team, the coordinator, a
case officer), a coordinated plan starts, the coordinator carries the BUP referral instead of
the family (002 L513-516), and a multi-problem case not yet known to social services is
reported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from .coordinator import Coordinators
from .joint_meeting import hold
from .meetings import MeetingLedger
from .population import COORDINATED, Population

if TYPE_CHECKING:
    from .handovers import HandOvers
    from .params import Coordination as CoordinationParams
    from .partners import Network, SocialServicesDesk


class FamilyMeetings:
    """The family meetings the forum books.

    Built with what it uses: the ``coordination`` section of the parameters, the pupils
    (``pop``), the guardians' ``consent`` per pupil (-1 not asked, 0 refused, 1 given; the array
    the case's pathway writes), the professional ``network``, the meeting ``ledger``, social
    ``services`` (a case officer to invite; the report of a multi-problem case), the
    ``coordinators`` (``None`` where there are none), the coordination random stream ``rng``
    (how soon the meeting is) and ``schedule`` (books an action for a later day). The case's
    pathway comes by :meth:`connect`.
    """

    def __init__(self, *, params: "CoordinationParams", pop: Population, consent: np.ndarray, network: "Network",
                 ledger: MeetingLedger, services: "SocialServicesDesk", coordinators: Coordinators | None,
                 rng: np.random.Generator, schedule: Callable[[float, Callable[[int], None]], None]) -> None:
        self.p = params
        self.pop = pop
        self.consent = consent
        self.network = network
        self.ledger = ledger
        self.services = services
        self.coordinators = coordinators
        self.rng = rng
        self.schedule = schedule

    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def book(self, pupil: int, case: int, day: int) -> None:
        """The forum took ``case`` up on ``day``: book the first meeting with the family."""
        self.schedule(day + self.rng.exponential(self.p.family_meeting_days) if self.p.family_meeting_days else day,
                      lambda d: self.meeting(pupil, case, d))

    def meeting(self, pupil: int, case: int, day: int) -> None:
        """The first meeting with the family, then the joint plan."""
        pop, coordinators = self.pop, self.coordinators
        if pop.episode_id[pupil] != case or not pop.in_episode[pupil]:
            if coordinators is not None:
                coordinators.release(pupil)  # the episode ended before the meeting
            return
        coord = coordinators.coordinated.get(pupil) if coordinators is not None else None
        school = int(pop.school[pupil])
        if self.consent[pupil] != 1:
            prob = self.p.consent_prob_invited if coord is not None else self.p.consent_prob
            self.pathway.ask_consent(pupil, prob, day)
        people = self.network.eht(school)[:2] + [x for x in (coord, self.services.pick("case_officer")) if x is not None]
        hold(self.ledger, self.network, "joint_professional", people, day, 1.5)
        self.pathway.start_multiagency(pupil, COORDINATED, self.p.plan_strength, self.p.plan_ramp_days, day, "coordinated_plan")
        if self.pathway.bup_needed(pupil):
            self.pathway.refer_bup(pupil, day, "coordinator" if coord else "forum", coordinated=coord is not None)
        if case not in self.services.reported_cases and self.pathway.multi_problem(pupil):
            self.services.file(pupil, case, school, "coordinator", day, coordinated=True)
