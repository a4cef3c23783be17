"""What the school, social services, BUP and coordination may ask of the case's pathway: the
hand-overs between them (:class:`sim.pathway.CasePathway` is the one that does them).

Each part is handed the pathway after it is built (``part.connect(pathway)``) and knows it only
by this interface, so no part imports another."""
from __future__ import annotations

from typing import Protocol

import numpy as np


class HandOvers(Protocol):
    """The hand-overs of a pupil's case between the school and the agencies."""

    def report_of_concern(self, pupil: int, day: int, source: str, case: int | None = None) -> None:
        """The school (or another source) files a report of concern with social services."""

    def maybe_repeat_report(self, pupil: int, day: int, case: int | None = None) -> None:
        """A school that heard nothing back may report the same case again."""

    def heard_nothing(self, cases: np.ndarray) -> np.ndarray:
        """Which of ``cases`` the school reported without hearing back."""

    def staircase_step(self, pupils: np.ndarray, step: int, day: int) -> None:
        """``pupils`` reached ``step`` of the school's staircase."""

    def forum_application(self, pupils: np.ndarray, day: int) -> None:
        """The school applies to the collaboration forum for ``pupils``."""

    def ask_consent(self, pupil: int, prob: float, day: int) -> None:
        """The guardians are asked to lift secrecy between the agencies."""

    def multi_problem(self, pupil: int) -> bool:
        """Whether the pupil's difficulties reach beyond school (a case for social services)."""

    def coordinated(self, pupil: int) -> bool:
        """Whether a coordinator holds the pupil's case (then the family need not get help going)."""

    def bup_needed(self, pupil: int | np.ndarray) -> bool | np.ndarray:
        """Whether the pupil (or each of ``pupil``) needs child psychiatry."""

    def bup_involved(self, pupil: int) -> bool:
        """Whether BUP already knows the pupil's case."""

    def refer_bup(self, pupil: int, day: int, source: str, coordinated: bool = False) -> None:
        """Refer the pupil to BUP (once per case)."""

    def start_multiagency(self, pupil: int, kind: int, strength: float, ramp: float, day: int, info: str) -> None:
        """An agency's help starts and is recorded."""

    def meeting_load(self, sector: str) -> float:
        """The share of a sector's working time taken by meetings (slows its work)."""

    def meetings_held(self, kind: str, places: list[int], day: int) -> None:
        """Meetings of ``kind`` held at ``places`` today."""
