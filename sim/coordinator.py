"""Case coordinators (samordnare): SKIFO Orust had one post from 2021, a second from spring 2023
(000 L15-18, L573-576).

A coordinator takes cases the forum accepts (``sim/forum.py``) up to a caseload cap
(``coordinator_caseload`` per full post; a part-time post carries fewer; the hours she spends
in meetings shrink the room further), manages each for ``case_days`` and then hands the working
plan over to the regular services - or lets it go when the pupil's episode ends. She books the
family meeting (``sim/family_meeting.py``), sits in SIP meetings (``sim/sip.py``) and visits the
pupil-health teams (``sim/visits.py``).

When a coordinator leaves, her cases wait for a successor (losing a coordinator costs most, 002
L614-616): a colleague takes them over on top of her own, or the next coordinator to start
inherits them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .population import Population

if TYPE_CHECKING:
    from .agents import Professional
    from .handovers import HandOvers
    from .params import Coordination as CoordinationParams
    from .partners import Network
    from .scaling import Staffing


class Coordinators:
    """The coordinators' posts and caseloads.

    Built with what it uses: the ``coordination`` section of the parameters, the coordinators'
    yearly turnover (``turnover_rate``, for the first tenures), the pupils (``pop``), the
    professional ``network`` (where the coordinators are hired), the municipality's ``staff``
    scaling and the coordination random stream ``rng`` (it draws the first coordinators'
    tenures). The case's pathway comes by :meth:`connect`.

    Public state: ``coordinated`` (pupil -> her coordinator; ``None`` while a departed
    coordinator's case waits for a successor), ``posts`` and ``post_share``.
    """

    def __init__(self, *, params: "CoordinationParams", turnover_rate: float, pop: Population, network: "Network",
                 staff: "Staffing", rng: np.random.Generator) -> None:
        self.p = params
        self.pop = pop
        self.network = network
        self.posts = staff.staffing(params.coordinators, name="coordination.coordinators")
        self.post_share = staff.post_share(params.coordinators, name="coordination.coordinators")  # part-time posts carry fewer cases
        for _ in range(self.posts):
            network.hire("coordinator", day=0, tenure=rng.exponential(365.0 / max(turnover_rate, 0.05)))
        self.coordinated: dict[int, "Professional | None"] = {}  # pupil -> coordinator (None: waits for one)
        self.orphans: set[int] = set()  # coordinated pupils whose coordinator left
        self.since: dict[int, int] = {}  # pupil -> day the coordinator took the case

    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def capacity_left(self, day: int) -> list["Professional"]:
        """Coordinators with room for another case (meetings shrink the room)."""
        load = self.pathway.meeting_load("coordination")
        cap = self.p.coordinator_caseload * self.post_share * (1.0 - load)
        return [c for c in self.network.active("coordinator") if len(c.cases) < cap]

    def least_loaded(self, coordinators: list["Professional"]) -> "Professional":
        """Of ``coordinators``, the one with the fewest cases (the first hired, of equals)."""
        return min(coordinators, key=lambda c: (len(c.cases), c.unique_id))

    def take(self, pupil: int, coordinator: "Professional | None", day: int) -> None:
        """``coordinator`` takes the pupil's case from ``day``."""
        self.coordinated[pupil] = coordinator
        self.since[pupil] = day
        if coordinator is not None:
            coordinator.cases.add(pupil)

    def release(self, pupil: int) -> None:
        """The pupil's case leaves the coordinator (her episode ended, the plan was handed
        over, or she left school)."""
        self.orphans.discard(pupil)
        self.since.pop(pupil, None)
        coord = self.coordinated.pop(pupil, None)
        if coord is not None:
            coord.cases.discard(pupil)

    def daily(self, day: int, school_day: bool) -> None:
        """Every day: let go of the cases whose episode is over, or whose plan has run
        ``case_days`` (it runs on without a case manager)."""
        if self.since:
            pupils = np.fromiter(self.since, dtype=np.int64, count=len(self.since))
            since = np.fromiter(self.since.values(), dtype=np.int64, count=len(self.since))
            for pupil in pupils[~self.pop.in_episode[pupils] | (day - since >= self.p.case_days)].tolist():
                self.release(pupil)

    def left(self, person: "Professional") -> None:
        """A coordinator left: a colleague takes each of her cases over on top of her own
        (the least loaded first), or the case waits for the next coordinator to start."""
        others = [c for c in self.network.active("coordinator") if c is not person]
        for pupil in list(person.cases):
            heir = min(others, key=lambda c: len(c.cases)) if others else None
            self.coordinated[pupil] = heir
            if heir is not None:
                heir.cases.add(pupil)
            else:
                self.orphans.add(pupil)
        person.cases.clear()

    def joined(self, person: "Professional") -> None:
        """A new coordinator starts: she inherits the cases that waited for one."""
        for pupil in list(self.orphans):
            if pupil in self.coordinated:
                self.coordinated[pupil] = person
                person.cases.add(pupil)
        self.orphans.clear()
