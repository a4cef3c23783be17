"""The professional network: named people, their ties, trust and turnover, as one part.

Every member of staff is a node (a :class:`sim.agents.Professional`). The network is the part
the others use: it holds the roster (who is in post, by role and unit, and each school's EHT)
and answers for the ideas kept in files of their own -

- ties between people of different sectors, built by joint meetings, decaying without contact
  (:mod:`sim.ties`; the one trust look-up, :func:`sim.best_tie.best_decayed`);
- each school's trust in social services, institutional and personal (:mod:`sim.trust`);
- staff turnover: departures, vacancies, consultants (:mod:`sim.turnover`);
- the 1-5 collaboration index (:mod:`sim.collaboration_index`);
- a networkx view for readers (:mod:`sim.network_graph`).

Events: a part that must know when staff leave or start subscribes
(:meth:`ProfessionalNetwork.on_departure`, :meth:`~ProfessionalNetwork.on_arrival`,
:meth:`~ProfessionalNetwork.on_staff_change`); the network holds no model. It makes new people
with the factory it is given (Mesa agents need the Mesa model).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Iterable

import networkx as nx
import numpy as np

from .agents import EHTMember, Professional
from .collaboration_index import CollaborationIndex
from .network_graph import GraphView
from .params import Network, Turnover as TurnoverParams
from .sectors import OTHER_ROLES, OTHER_SECTORS, ROLES_IN, SOCIAL_ROLES
from .ties import TieTable
from .trust import SchoolTrust
from .turnover import Turnover

__all__ = ["ProfessionalNetwork", "ROLES_IN", "SOCIAL_ROLES", "OTHER_SECTORS", "OTHER_ROLES"]

#: makes a new member of staff: (role, unit, start day, consultant) -> the person
Hire = Callable[[str, int, int, bool], Professional]
#: told of one person who left or started
PersonListener = Callable[[Professional], None]


class ProfessionalNetwork:
    """The staff, their ties, the schools' trust in social services, and turnover.

    Built with its own parameters (``params``: the ``network`` section; ``turnover``: the
    ``turnover`` section), the number of schools, the random stream ``turnover`` (``rng``) and
    ``hire``, a factory for new members of staff.

    Events (each listener is called in the order it subscribed): :meth:`on_departure` when
    turnover takes someone, :meth:`on_arrival` when someone fills a post, and
    :meth:`on_staff_change` after either (capacities follow the headcount).

    Statistics (read by sim/outcomes.py): :meth:`turnover_rate`, :meth:`share_under_1y`,
    :meth:`collaboration_index`, ``school_trust`` (each school's institutional trust, an
    array), :meth:`school_tie`, ``trust_series`` and ``index_series`` (weekly).
    """

    def __init__(self, *, params: Network, turnover: TurnoverParams, n_schools: int, rng: np.random.Generator, hire: Hire):
        self.p = params
        self._make = hire
        self.staff: dict[str, list[Professional]] = {}
        self._by_unit: dict[tuple[str, int], list[Professional]] = {}
        self._eht: dict[int, list[Professional]] = {}  # each school's EHT, until someone comes or goes
        self.ties = TieTable(params)
        self.trust = SchoolTrust(params, n_schools)
        self.school_trust = self.trust.level  # each school's institutional trust in social services (0-1)
        self.index = CollaborationIndex(self.staff, self.ties, self.trust, n_schools)
        self._view = GraphView(self.ties)
        self.rng = rng
        self.turnover = Turnover(self.staff, turnover, rng, self.leave, self.fill)
        self.trust_series: list[float] = []
        self.index_series: list[float] = []
        self._on_departure: list[tuple[str | None, PersonListener]] = []
        self._on_arrival: list[tuple[str | None, PersonListener]] = []
        self._on_change: list[Callable[[], None]] = []

    @property
    def graph(self) -> nx.Graph:
        """The network as a networkx graph: a node per person (role, sector, unit), an edge per
        tie (trust, understanding, last). Brought up to date whenever it is read."""
        return self._view.graph

    # ------------------------------------------------------------------ events
    def on_departure(self, listener: PersonListener, role: str | None = None) -> None:
        """Call ``listener(person)`` when turnover takes someone (of ``role``; None: anyone)."""
        self._on_departure.append((role, listener))

    def on_arrival(self, listener: PersonListener, role: str | None = None) -> None:
        """Call ``listener(person)`` when someone new fills a post (of ``role``; None: anyone)."""
        self._on_arrival.append((role, listener))

    def on_staff_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every departure and arrival, once its listeners have run."""
        self._on_change.append(listener)

    def _tell(self, listeners: list[tuple[str | None, PersonListener]], person: Professional) -> None:
        for role, listener in listeners:
            if role is None or role == person.role:
                listener(person)
        for changed in self._on_change:
            changed()

    def leave(self, person: Professional, day: int) -> None:
        """The person leaves their post (turnover), their ties with them; the listeners are told."""
        self.remove(person)
        self._tell(self._on_departure, person)

    def fill(self, role: str, unit: int, day: int, consultant: bool = False) -> Professional:
        """Someone new fills a post of ``role`` (a consultant: at once, without building ties);
        the listeners are told."""
        person = self.hire(role, unit, day, consultant)
        self._tell(self._on_arrival, person)
        return person

    # ------------------------------------------------------------------ people
    def hire(self, role: str, unit: int = -1, day: int = 0, consultant: bool = False, tenure: float = 0.0) -> Professional:
        """A new member of staff, in post since ``tenure`` days before ``day``."""
        person = self._make(role, unit, int(day - tenure), consultant)
        self.add_many((person,))
        return person

    def add(self, person: Professional) -> None:
        """Register a person created elsewhere (a class's new mentor)."""
        self.add_many((person,))

    def add_many(self, people: Iterable[Professional]) -> None:
        """Register people created elsewhere (the mentors and EHT members at the start), in order."""
        staff, by_unit, eht, ties, view = self.staff, self._by_unit, self._eht, self.ties, self._view
        for person in people:
            role, unit = person.role, person.unit
            staff.setdefault(role, []).append(person)
            by_unit.setdefault((role, unit), []).append(person)
            in_eht = role in EHTMember.ROLES
            if in_eht:
                eht.pop(unit, None)
                ties.forget_eht(unit)
            ties.join(person, unit if in_eht else -1)
            view.joined(person)  # a node of ``graph`` when it is next read (most runs never read it)
            self._staff_changed(role)

    def remove(self, person: Professional) -> None:
        """A person leaves, and their ties with them (no one is told: see :meth:`leave`)."""
        person.active = False
        self.staff[person.role].remove(person)
        self._by_unit[(person.role, person.unit)].remove(person)
        if person.role in EHTMember.ROLES:
            self._eht.pop(person.unit, None)
            self.ties.forget_eht(person.unit)
        self.ties.leave(person.unique_id)
        self._view.left(person.unique_id)
        self._staff_changed(person.role)

    def _staff_changed(self, role: str) -> None:
        """Forget what was worked out for the staff as they were."""
        self.turnover.staff_changed()
        self.index.staff_changed(role)

    def active(self, role: str, unit: int | None = None) -> list[Professional]:
        """The people in post in ``role`` (at ``unit``, if given)."""
        if unit is None:
            return self.staff.get(role, [])
        return self._by_unit.get((role, unit), [])

    def headcount(self, sector: str) -> int:
        """The staff of ``sector``, mentors not counted."""
        return sum(len(self.staff.get(r, ())) for r in ROLES_IN[sector] if r != "mentor")

    def eht(self, school: int) -> list[Professional]:
        return list(self._team(school))

    def eht_teams(self, schools: Iterable[int]) -> list[list[Professional]]:
        """The EHT of each of ``schools`` (one call for a day's meetings; the lists are the
        network's own: read them, do not change them)."""
        return [self._team(s) for s in schools]

    def _team(self, school: int) -> list[Professional]:
        team = self._eht.get(school)
        if team is None:
            team = self._eht[school] = [p for r in EHTMember.ROLES for p in self._by_unit.get((r, school), ())]
        return team

    def social_staff(self) -> list[Professional]:
        return [p for r in SOCIAL_ROLES for p in self.active(r)]

    # ------------------------------------------------------------------ ties and trust
    def slowness(self, person: Professional | None, day: int) -> float:
        """How much longer a newcomer needs for a case: 1 + slowdown, falling to 1 over a year."""
        if person is None:
            return 1.0
        return 1.0 + self.p.newcomer_slowdown * (1.0 - min(1.0, person.tenure(day) / self.p.learning_days))

    def meet(self, people: Iterable[Professional], day: int, weight: float = 1.0) -> None:
        """A joint meeting: every cross-sector pair present builds trust and understanding
        (:meth:`sim.ties.TieTable.meet`)."""
        self.ties.meet(people, day, weight)

    def tie(self, a_people: Iterable[Professional], b_people: Iterable[Professional], day: int) -> float:
        """The strongest (decayed) trust between anyone in ``a_people`` and anyone in ``b_people``."""
        return self.ties.tie(a_people, b_people, day)

    def eht_tie(self, school: int, roles: tuple[str, ...], day: int) -> float:
        """The strongest (decayed) trust between the school's EHT and anyone in ``roles``."""
        return self.ties.best_with_eht(school, self._team(school), roles, day)

    def school_tie(self, school: int, sector: str, day: int) -> float:
        """The strongest (decayed) trust between the school's EHT and anyone in ``sector``."""
        return self.eht_tie(school, ROLES_IN[sector], day)

    def school_understanding(self, school: int, sector: str, day: int) -> float:
        """The best (decayed) mutual understanding between the school's EHT and anyone in ``sector``."""
        return self.ties.best_with_eht(school, self._team(school), ROLES_IN[sector], day, 0.0, 1.0)

    def school_knows(self, school: int, sector: str) -> bool:
        """Whether anyone of the school's EHT has a tie with anyone in ``sector``."""
        return bool(self.ties.eht_rows(school, self._team(school), ROLES_IN[sector]))

    def trust_in_services(self, school: int, day: int) -> float:
        """The school's effective trust in social services: its institutional trust, raised by
        personal ties (:meth:`sim.trust.SchoolTrust.effective`)."""
        return self.trust.effective(school, self.eht_tie(school, ROLES_IN["social"], day))

    def feedback(self, school: int, heard: bool) -> None:
        """The school heard the decision (its trust in social services grows) or nothing (it shrinks)."""
        self.trust.feedback(school, heard)

    # ------------------------------------------------------------------ indices
    def collaboration_index(self, day: int) -> float:
        """A 1-5 index of collaboration between the school and the other sectors
        (:mod:`sim.collaboration_index`)."""
        return self.index.value(day)

    # ------------------------------------------------------------------ turnover
    def set_rates(self, rates: dict[str, float]) -> None:
        """Yearly turnover rate per role (mentors change at the summer rollover instead)."""
        self.turnover.set_rates(rates)

    @property
    def departures(self) -> dict[str, int]:
        """Departures per role since the warm-up ended."""
        return self.turnover.departures

    @property
    def vacancies(self) -> list[tuple[float, str, int]]:
        """Posts empty now: (day the post is filled, role, unit)."""
        return self.turnover.vacancies

    @property
    def headcount_days(self) -> dict[str, float]:
        """Person-days worked so far, per role with a turnover rate."""
        return self.turnover.headcount_days

    def daily(self, day: int, school_day: bool = True) -> None:
        """Departures, filled vacancies, and the weekly record of trust and the index."""
        self.turnover.daily(day)
        if day % 7 == 0:
            self.trust_series.append(self.trust.mean())
            self.index_series.append(self.collaboration_index(day))

    def reset_counts(self) -> None:
        """The end of the warm-up: departures and person-days are counted from here (the
        staff, their tenures and their ties run on)."""
        self.turnover.reset_counts()

    def turnover_rate(self, roles: tuple[str, ...], days: int) -> float:
        """Departures per person-year over the run."""
        return self.turnover.turnover_rate(roles, days)

    def share_under_1y(self, roles: tuple[str, ...], day: int) -> float:
        """The share of the staff in ``roles`` with under a year in post."""
        return self.turnover.share_under_1y(roles, day)
