"""The people of the model as Mesa agents.

A pupil's hot state lives in the arrays of :class:`sim.population.Population`; the ``Pupil``
agent is a named view on one slot, so a notebook or the app can inspect any pupil
(``model.pupil(17).share``) while the daily step stays vectorised. Professionals act on
events (a review, a meeting, a referral), not every day.
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
        return float(self._pop.stair_share()[self.slot])

    @property
    def staircase_step(self) -> int:
        return int(self.model.school.step[self.slot])

    def __repr__(self) -> str:
        return f"Pupil(slot={self.slot}, grade={self.grade}, school={self.school}, share={self.share:.2f}, step={self.staircase_step})"


class Mentor(mesa.Agent):
    """A mentor (mentor / klasslärare) of one class: reviews absence, runs staircase steps 1-2."""

    def __init__(self, model: "SchoolModel", klass: int, since_day: int):
        super().__init__(model)
        self.klass = klass
        self.since_day = since_day


class EHTMember(mesa.Agent):
    """A member of a school's pupil-health team (elevhälsoteam): principal, kurator, nurse,
    special educator or psychologist. The team meets on a schedule and runs steps 3-5."""

    ROLES = ("principal", "kurator", "nurse", "special_educator", "psychologist")

    def __init__(self, model: "SchoolModel", school: int, role: str):
        super().__init__(model)
        self.school = school
        self.role = role
