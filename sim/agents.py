"""The people of the model as Mesa agents.

A pupil's hot state lives in the arrays of :class:`sim.population.Population`; the ``Pupil``
agent is a named view on one slot, so a notebook or the app can inspect any pupil
(``model.pupil(17).share``) while the daily step works on the arrays. Professionals act on
events (a review, a meeting, a referral, a departure), not every day; each is a node of the
professional network (``network.py``).

Every agent belongs to a Mesa model (Mesa's rule: it gets its ``unique_id`` there and joins the
model's agent set), but none reads the model's other parts through it. A ``Pupil`` is a view on
two parts, named once when it is made: the population's arrays (the model's ``pop``) and the
school's staircase (the model's ``school``, its ``step``). Professionals hold only their own
state; the network and the agencies hand them cases.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

import mesa

if TYPE_CHECKING:
    from .population import Population
    from .school import SchoolResponse


class PupilSources(Protocol):
    """What a :class:`Pupil` view reads, as the model holds it: the population and the school."""

    pop: "Population"
    school: "SchoolResponse"


class Pupil(mesa.Agent):
    """A pupil (elev) in preschool class to grade 9; attends school or not each school day.

    A view on slot ``slot`` of the population's arrays and of the school's staircase (both
    taken from ``model`` once, as :class:`PupilSources` names them): it holds no state of its own."""

    def __init__(self, model: mesa.Model, slot: int):
        super().__init__(model)
        self.slot = slot
        sources = cast(PupilSources, model)
        self._pop = sources.pop
        self._school = sources.school

    @property
    def grade(self) -> int:
        return int(self._pop.grade[self.slot])

    @property
    def school(self) -> int:
        return int(self._pop.school[self.slot])

    @property
    def klass(self) -> int:
        return int(self._pop.klass[self.slot])

    @property
    def low_resource(self) -> bool:
        """Whether the family has few resources to coordinate help itself."""
        return bool(self._pop.low_resource[self.slot])

    @property
    def absent_today(self) -> bool:
        return bool(self._pop.absent[self.slot])

    @property
    def in_episode(self) -> bool:
        """Whether the pupil is in a problematic-absence episode (not visible to the school)."""
        return bool(self._pop.in_episode[self.slot])

    @property
    def share(self) -> float:
        """Absence share over the staircase window, as the mentor sees it."""
        return self._pop.share_of(self.slot)

    @property
    def staircase_step(self) -> int:
        return int(self._school.step[self.slot])

    def __repr__(self) -> str:
        return f"Pupil(slot={self.slot}, grade={self.grade}, school={self.school}, share={self.share:.2f}, step={self.staircase_step})"


SECTORS = {
    "mentor": "school",
    "principal": "school",
    "kurator": "school",
    "nurse": "school",
    "special_educator": "school",
    "psychologist": "school",
    "intake": "social",
    "case_officer": "social",
    "therapist": "social",
    "school_social_worker": "social",
    "bup_first": "bup",
    "bup_treatment": "bup",
    "coordinator": "coordination",
}


class Professional(mesa.Agent):
    """A member of staff in one role: a node of the professional network.

    ``unit`` is the school for school staff and school social workers, -1 otherwise;
    ``since`` the day the person started; a ``consultant`` fills a vacancy at once but
    assesses differently and builds no ties (000 L1653-1661).
    """

    def __init__(self, model: mesa.Model, role: str, unit: int = -1, since: int = 0, consultant: bool = False):
        super().__init__(model)
        self.role = role
        self.sector = SECTORS[role]
        self.unit = unit
        self.since = since
        self.consultant = consultant
        self.active = True
        self.cases: set[int] = set()

    def tenure(self, day: int) -> int:
        return day - self.since

    def __repr__(self) -> str:
        return f"{self.role}#{self.unique_id}(unit={self.unit}, since={self.since})"


class Mentor(Professional):
    """A mentor (mentor / klasslärare) of one class: reviews absence, runs staircase steps 1-2."""

    def __init__(self, model: mesa.Model, klass: int, school: int, since: int):
        super().__init__(model, "mentor", school, since)
        self.klass = klass


class EHTMember(Professional):
    """A member of a school's pupil-health team (elevhälsoteam): principal, kurator, nurse,
    special educator or psychologist. The team meets on a schedule and runs steps 3-5."""

    ROLES = ("principal", "kurator", "nurse", "special_educator", "psychologist")
