"""Coordination between the school and the agencies: the mechanisms a scenario switches on,
built and stepped in one place.

Each mechanism is in a file of its own, named after it (``docs/ODD.md``, "Coordination"), and is
built only where the scenario uses it:

- ``coordinator.py``: case coordinators (samordnare) - caseload, taking and letting go of cases,
  departures. Built when ``coordinators`` > 0.
- ``forum.py``: the collaboration forum (working group, consultation team) - applications,
  meetings, decisions; without a forum, the coordinators decide. Built when
  ``forum_interval_days`` > 0 or there are coordinators.
- ``family_meeting.py``: the first meeting with the family and the joint plan. Built with the forum.
- ``sip.py``: SIP meetings (coordinated individual plan). Always built: the law asks for them.
- ``visits.py``: the coordinator's visits to every EHT, with early identification, and intake's
  visits. Built when ``coordinator_eht_interval_days`` > 0, ``intake_eht_interval_days`` > 0.
- ``training.py``: joint training days (research circle). Built when ``training_days_per_year`` > 0.
- ``school_social_worker.py``: school social workers on site. Built when ``school_social_workers`` > 0.

A scenario that does not use a mechanism does not build it (the baseline builds only SIP).
Consent (samtycke), which lifts secrecy between the agencies (000 L603-609), is asked for by the
case's pathway (``sim/pathway.py``) at staircase step 3 where the scenario has a consent form,
at the family meeting and before a SIP meeting.

Every meeting costs hours of the people in it (``sim/joint_meeting.py``, ``sim/meetings.py``):
too many forums slow casework, and cases wait for the next meeting - coordination can make
things slower (001 L667-675, L1964-1989).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from .caselog import CaseLog
from .coordinator import Coordinators
from .family_meeting import FamilyMeetings
from .forum import Forum
from .joint_meeting import hold
from .meetings import MeetingLedger
from .population import Population
from .school_social_worker import SchoolSocialWorkers
from .sip import SIPMeetings
from .training import TrainingDays
from .visits import EHTVisits

if TYPE_CHECKING:
    from .agents import Professional
    from .calendar import SchoolCalendar
    from .handovers import HandOvers
    from .params import Coordination as CoordinationParams, Turnover
    from .partners import ChildPsychiatryDesk, Daily, Network, SocialServicesDesk, StaircaseSteps
    from .scaling import Staffing


class Coordination:
    """The coordination mechanisms of a scenario, built with their collaborators, and stepped
    each day in this order (:meth:`daily`):

    1. the coordinators let go of finished cases (every day);
    2. the forum meets, or the coordinators take applications directly (school days);
    3. the coordinator visits the EHTs whose visit is due, and brings their pupils at step 3 or
       above to the forum;
    4. intake visits the EHTs whose visit is due;
    5. a joint training day, if today is one;
    6. the school social workers' day on site (once a school week).

    Family meetings and SIP meetings are booked ahead (``schedule``) and held on their day.

    Built with what the mechanisms use: the ``coordination`` and ``turnover`` sections of the
    parameters, the pupils (``pop``), the case ``log``, the school ``calendar``, the professional
    ``network``, the meeting ``ledger``, the municipality's ``staff`` scaling, the coordination
    random stream ``rng`` (shared by the mechanisms, drawn in the order of events), ``schedule``
    (books an action for a later day), the guardians' ``consent`` array, social ``services``,
    ``bup``, the classes' ``mentors`` and the ``school``'s staircase. The case's pathway comes by
    :meth:`connect`.

    The mechanisms built are attributes (``None`` when the scenario leaves one out):
    ``coordinators``, ``forum``, ``family_meetings``, ``sip``, ``coordinator_visits``,
    ``intake_visits``, ``training``, ``school_social_workers``; :meth:`built` names them.

    Statistics (read by sim/outcomes.py): ``forum_waits`` (days from application to the forum's
    decision, since the warm-up ended; empty without a forum). Public state others read:
    ``coordinated`` (pupil -> her coordinator, or ``None`` while her case waits for one),
    ``waiting`` (cases applied for and not yet decided), :attr:`applications`, :attr:`active`.
    """

    def __init__(self, *, params: "CoordinationParams", turnover: "Turnover", pop: Population, log: CaseLog,
                 calendar: "SchoolCalendar", network: "Network", ledger: MeetingLedger, staff: "Staffing",
                 rng: np.random.Generator, schedule: Callable[[float, Callable[[int], None]], None],
                 consent: np.ndarray, services: "SocialServicesDesk", bup: "ChildPsychiatryDesk",
                 mentors: "Sequence[Professional]", school: "StaircaseSteps") -> None:
        p = params
        self.network = network
        self.ledger = ledger
        # built in this order: the coordinators' and then the school social workers' first
        # tenures are drawn from ``rng`` as they are hired
        self.coordinators = Coordinators(params=p, turnover_rate=turnover.coordinator_rate, pop=pop, network=network,
                                         staff=staff, rng=rng) if p.coordinators > 0 else None
        self.school_social_workers = SchoolSocialWorkers(
            params=p, turnover_rate=turnover.caseworker_rate, pop=pop, calendar=calendar, network=network, staff=staff,
            ledger=ledger, rng=rng) if p.school_social_workers > 0 else None
        self.family_meetings: FamilyMeetings | None = None
        self.forum: Forum | None = None
        if p.coordinators > 0 or p.forum_interval_days > 0:
            self.family_meetings = FamilyMeetings(params=p, pop=pop, consent=consent, network=network, ledger=ledger,
                                                  services=services, coordinators=self.coordinators, rng=rng, schedule=schedule)
            self.forum = Forum(params=p, pop=pop, log=log, calendar=calendar, network=network, ledger=ledger, staff=staff,
                               coordinators=self.coordinators, family=self.family_meetings)
        self.sip = SIPMeetings(params=p, pop=pop, log=log, consent=consent, network=network, ledger=ledger,
                               services=services, bup=bup, mentors=mentors, coordinators=self.coordinators, rng=rng,
                               schedule=schedule)
        self.coordinator_visits = EHTVisits(
            kind="coordinator_eht", role="coordinator", interval=p.coordinator_eht_interval_days, hours=1.0, offset=2,
            pop=pop, calendar=calendar, network=network, ledger=ledger, forum=self.forum,
            school=school) if p.coordinator_eht_interval_days > 0 else None
        self.intake_visits = EHTVisits(
            kind="intake_eht", role="intake", interval=p.intake_eht_interval_days, hours=1.5, offset=3, pop=pop,
            calendar=calendar, network=network, ledger=ledger) if p.intake_eht_interval_days > 0 else None
        self.training = TrainingDays(params=p, pop=pop, calendar=calendar, network=network, ledger=ledger,
                                     rng=rng) if p.training_days_per_year > 0 else None
        # what others read, whether or not the mechanism that owns it is built
        self.coordinated: dict[int, "Professional | None"] = self.coordinators.coordinated if self.coordinators is not None else {}
        self.forum_waits: list[int] = self.forum.forum_waits if self.forum is not None else []
        self.waiting: set[int] = self.forum.waiting if self.forum is not None else set()
        # the mechanisms that act every day, in the order of the class docstring
        daily: list["Daily | None"] = [self.coordinators, self.forum, self.coordinator_visits, self.intake_visits,
                                       self.training, self.school_social_workers]
        self._daily: list["Daily"] = [m for m in daily if m is not None]

    def built(self) -> list[str]:
        """The names of the mechanisms this scenario built."""
        named = {"coordinators": self.coordinators, "forum": self.forum, "family_meetings": self.family_meetings,
                 "sip": self.sip, "coordinator_visits": self.coordinator_visits, "intake_visits": self.intake_visits,
                 "training": self.training, "school_social_workers": self.school_social_workers}
        return [name for name, mechanism in named.items() if mechanism is not None]

    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        if self.coordinators is not None:
            self.coordinators.connect(pathway)
        if self.family_meetings is not None:
            self.family_meetings.connect(pathway)
        self.sip.connect(pathway)

    def daily(self, day: int, school_day: bool) -> None:
        """The day's coordination, in the order of the class docstring."""
        for mechanism in self._daily:
            mechanism.daily(day, school_day)

    def reset_counts(self) -> None:
        """The end of the warm-up: the forum's waits are counted from here."""
        if self.forum is not None:
            self.forum.reset_counts()

    # ------------------------------------------------------------ the forum
    @property
    def active(self) -> bool:
        """Whether the school can apply for a pupil (there is a forum, or coordinators who take
        applications)."""
        return self.forum is not None

    @property
    def applications(self) -> list[tuple[int, int, int]]:
        """The applications waiting for the forum: (pupil, case, day applied)."""
        return self.forum.applications if self.forum is not None else []

    def on_step(self, pupil: int, step: int, day: int) -> None:
        """The school reached a staircase step with a pupil: apply to the forum at the entry step."""
        if self.forum is not None:
            self.forum.on_step(pupil, step, day)

    def apply(self, pupil: int, day: int) -> None:
        """The school applies to the forum for the pupil's present case."""
        if self.forum is not None:
            self.forum.apply(pupil, day)

    def pending(self, pupils: np.ndarray) -> np.ndarray:
        """Per pupil: whether her current case waits for the forum (applied, not yet decided)."""
        if self.forum is not None:
            return self.forum.pending(pupils)
        return np.zeros(len(pupils), dtype=bool)

    # ------------------------------------------------------------ the coordinators
    def capacity_left(self, day: int) -> list["Professional"]:
        """Coordinators with room for another case (meetings shrink the room)."""
        return self.coordinators.capacity_left(day) if self.coordinators is not None else []

    def release(self, pupil: int) -> None:
        """The pupil's case leaves her coordinator (she left school, or her episode ended)."""
        if self.coordinators is not None:
            self.coordinators.release(pupil)

    def coordinator_left(self, person: "Professional") -> None:
        """A coordinator left: her cases go to colleagues or wait for a successor."""
        if self.coordinators is not None:
            self.coordinators.left(person)

    def coordinator_joined(self, person: "Professional") -> None:
        """A new coordinator started: she inherits the cases that waited."""
        if self.coordinators is not None:
            self.coordinators.joined(person)

    # ------------------------------------------------------------ SIP and meetings
    def maybe_sip(self, pupil: int, day: int) -> None:
        """Two agencies act on the pupil: hold a SIP meeting if the guardians consent."""
        self.sip.maybe_sip(pupil, day)

    def meeting(self, kind: str, people: "Sequence[Professional | None]", day: int, hours: float, weight: float = 1.0) -> None:
        """A joint meeting among ``people`` (:func:`sim.joint_meeting.hold`)."""
        hold(self.ledger, self.network, kind, people, day, hours, weight)
