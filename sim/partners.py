"""What coordination's mechanisms use of the other parts: the professional network, social
services, child psychiatry (BUP) and the school's staircase, each as a small named interface.

The mechanisms (``sim/coordinator.py``, ``forum.py``, ``family_meeting.py``, ``sip.py``,
``visits.py``, ``training.py``, ``school_social_worker.py``) are built with these parts passed in
(:class:`sim.coordination.Coordination` builds them) and know them only by these Protocols, so
that none of them imports another part (the case's pathway is :class:`sim.handovers.HandOvers`).
Types only: nothing here runs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Protocol

import numpy as np

if TYPE_CHECKING:
    from .agents import Professional


class Network(Protocol):
    """The professional network (:class:`sim.network.ProfessionalNetwork`): who works where,
    and the ties that joint meetings build."""

    def hire(self, role: str, unit: int = -1, day: int = 0, consultant: bool = False, tenure: float = 0.0) -> "Professional":
        """A new member of staff in ``role`` (at school ``unit``), ``tenure`` days in post."""
        ...

    def active(self, role: str, unit: int | None = None) -> list["Professional"]:
        """The staff in ``role`` (at school ``unit``), the first hired first."""
        ...

    def eht(self, school: int) -> list["Professional"]:
        """The members of a school's pupil-health team (a list of one's own)."""
        ...

    def eht_teams(self, schools: Iterable[int]) -> list[list["Professional"]]:
        """The pupil-health team of each of ``schools`` (the network's own lists: read only)."""
        ...

    def meet(self, people: Iterable["Professional"], day: int, weight: float = 1.0) -> None:
        """A joint meeting: the ties between the sectors present grow."""
        ...

    def social_staff(self) -> list["Professional"]:
        """Everyone employed by social services."""
        ...


class SocialServicesDesk(Protocol):
    """What coordination asks of social services (:class:`sim.services.SocialServices`)."""

    reported_cases: dict[int, int]
    """case -> reports of concern filed about it"""

    def pick(self, role: str) -> "Professional | None":
        """Someone in ``role`` to send to a meeting (a draw from social services' stream)."""
        ...

    def file(self, pupil: int, case: int, school: int, source: str, day: int, coordinated: bool = False, delay: float = 0.0) -> None:
        """A report of concern reaches intake."""
        ...


class ChildPsychiatryDesk(Protocol):
    """What coordination asks of BUP (:class:`sim.bup.ChildPsychiatry`)."""

    def pick(self) -> "Professional | None":
        """A clinician to send to a SIP meeting."""
        ...


class StaircaseSteps(Protocol):
    """The school's staircase (:class:`sim.school.SchoolResponse`): each pupil's step (0-5)."""

    step: np.ndarray


class FamilyBooking(Protocol):
    """Where the forum books the first meeting with a family it took up
    (:class:`sim.family_meeting.FamilyMeetings`)."""

    def book(self, pupil: int, case: int, day: int) -> None:
        """Book the first meeting with the family of ``pupil`` about ``case``."""
        ...


class Daily(Protocol):
    """A mechanism that acts every day (see :meth:`sim.coordination.Coordination.daily`)."""

    def daily(self, day: int, school_day: bool) -> None:
        ...
