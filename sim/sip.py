"""SIP, the coordinated individual plan (samordnad individuell plan): once two agencies act on a
pupil's case and the guardians consent, the people around the pupil meet to plan together.

The meeting is held ``sip_delay_days`` after the second agency starts (the work starts "without
delay", the meeting takes longer to convene, domain_facts §8 row 37) and needs the guardians'
consent (000 L603-609): they are asked if nobody has asked them yet. At the table: two of the
school's pupil-health team, the pupil's mentor, a case officer with probability
``social_services_at_sip`` (always in SKIFO Orust, 000 L676-681), a BUP clinician where BUP knows
the case, and the pupil's coordinator where she has one - at most ``sip_attendees`` + 1 places.
The plan is a coordinated support, half as strong without social services. Every scenario holds
SIP meetings: the law asks for them, with or without a coordination model.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from . import caselog as ev
from .caselog import CaseLog
from .coordinator import Coordinators
from .joint_meeting import hold
from .meetings import MeetingLedger
from .population import COORDINATED, Population

if TYPE_CHECKING:
    from .agents import Professional
    from .handovers import HandOvers
    from .params import Coordination as CoordinationParams
    from .partners import ChildPsychiatryDesk, Network, SocialServicesDesk


class SIPMeetings:
    """The SIP meetings: one per case at most.

    Built with what it uses: the ``coordination`` section of the parameters, the pupils
    (``pop``), the case ``log``, the guardians' ``consent`` per pupil (the array the case's
    pathway writes), the professional ``network``, the meeting ``ledger``, social ``services``
    and ``bup`` (who they send), the ``mentors`` of the classes (the model's list, replaced in
    place when a class gets a new mentor), the ``coordinators`` (``None`` where there are none),
    the coordination random stream ``rng`` (whether social services attend) and ``schedule``
    (books the meeting for a later day). The case's pathway comes by :meth:`connect`.

    Public state: ``held`` (the cases with a SIP meeting booked or held).
    """

    def __init__(self, *, params: "CoordinationParams", pop: Population, log: CaseLog, consent: np.ndarray,
                 network: "Network", ledger: MeetingLedger, services: "SocialServicesDesk", bup: "ChildPsychiatryDesk",
                 mentors: "Sequence[Professional]", coordinators: Coordinators | None, rng: np.random.Generator,
                 schedule: Callable[[float, Callable[[int], None]], None]) -> None:
        self.p = params
        self.pop = pop
        self.log = log
        self.consent = consent
        self.network = network
        self.ledger = ledger
        self.services = services
        self.bup = bup
        self.mentors = mentors
        self.coordinators = coordinators
        self.rng = rng
        self.schedule = schedule
        self.held: set[int] = set()

    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def maybe_sip(self, pupil: int, day: int) -> None:
        """Two agencies act on the pupil: hold a SIP meeting if the guardians consent."""
        pop = self.pop
        case = pop.episode_id.item(pupil)  # (.item(): Python numbers, quicker than numpy scalars)
        if case in self.held or not pop.in_episode.item(pupil):
            return
        if self.consent.item(pupil) == -1:
            self.pathway.ask_consent(pupil, self.p.consent_prob, day)
        if self.consent.item(pupil) != 1:
            return
        self.held.add(case)
        self.schedule(day + self.p.sip_delay_days, lambda d: self.meeting(pupil, case, d))

    def meeting(self, pupil: int, case: int, day: int) -> None:
        """The SIP meeting (if the episode is still going on) and the plan it makes."""
        pop = self.pop
        if pop.episode_id[pupil] != case or not pop.in_episode[pupil]:
            return
        school = int(pop.school[pupil])
        social = self.rng.random() < self.p.social_services_at_sip
        people: list["Professional | None"] = [*self.network.eht(school)[:2], self.mentors[pop.klass[pupil]]]
        if social:
            people += [self.services.pick("case_officer")]
        if self.pathway.bup_involved(pupil):
            people += [self.bup.pick()]
        coordinators = self.coordinators
        people += [coordinators.coordinated.get(pupil) if coordinators is not None else None]
        hold(self.ledger, self.network, "sip", people[: self.p.sip_attendees + 1], day, self.p.sip_hours)
        self.log.add(day, pupil, case, ev.SIP_MEETING, "with_social_services" if social else "without_social_services")
        strength = self.p.plan_strength * (1.0 if social else 0.5)
        self.pathway.start_multiagency(pupil, COORDINATED, strength, self.p.plan_ramp_days, day, "sip_plan")
