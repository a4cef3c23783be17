"""The people of the model as Mesa agents.

A pupil's hot state lives in the arrays of :class:`sim.population.Population`; the ``Pupil``
agent is a named view on one slot, so a notebook or the app can inspect any pupil
(``model.pupil(17).share``) while the daily step works on the arrays. Professionals act on
events (a review, a meeting, a referral, a departure), not every day; each is a node of the
professional network (``network.py``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from .model import SchoolModel


class Pupil(mesa.Agent):
    """A pupil (elev) in preschool class to grade 9; attends school or not each school day."""

    def __init__(self, model: "SchoolModel", slot: int):
        super().__init__(model)
        self.slot = slot

    @property
    def _pop(self):
        return self.model.pop

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
        return int(self.model.school.step[self.slot])

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

    def __init__(self, model: "SchoolModel", role: str, unit: int = -1, since: int = 0, consultant: bool = False):
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

    def __init__(self, model: "SchoolModel", klass: int, school: int, since: int):
        super().__init__(model, "mentor", school, since)
        self.klass = klass


class EHTMember(Professional):
    """A member of a school's pupil-health team (elevhälsoteam): principal, kurator, nurse,
    special educator or psychologist. The team meets on a schedule and runs steps 3-5."""

    ROLES = ("principal", "kurator", "nurse", "special_educator", "psychologist")
