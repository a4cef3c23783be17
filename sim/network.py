"""The professional network: named people, their ties, trust, understanding and turnover.

Every member of staff is a node (a :class:`sim.agents.Professional`). A tie between two
people of different sectors carries *trust* and *mutual understanding* of each other's
mandate. Joint meetings build both (000 L1465-1538) - understanding more slowly, and more
slowly still for a newcomer who has not yet learnt the other sector's language (about a year,
003 L1729, L1963-1971; structure improves faster than shared understanding, 002 L670-673).
Ties decay without contact: trust "is built in the relationship" (000 L1675-1677).

Each school also has an *institutional* trust in social services that feedback raises and
silence lowers (000 L1109-1137; 001 L1485-1489). A school's effective trust is the larger of
that and its best personal tie to social services.

Turnover: every role has a yearly rate; a departure removes the person and their ties; the post
stays empty for a while (capacity drops) or is filled at once by a consultant (social services,
000 L1653-1661), and the newcomer starts with no ties.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterable

import networkx as nx
import numpy as np

from .agents import EHTMember, Professional

if TYPE_CHECKING:
    from .model import SchoolModel

SOCIAL_ROLES = ("intake", "case_officer", "therapist", "school_social_worker")
OTHER_ROLES = (*SOCIAL_ROLES, "bup_first", "bup_treatment", "coordinator")  # the sectors the school works with


class _Decay(dict):
    """The share of its strength a tie keeps after so many days without contact,
    exp(-rate * days), worked out once per number of days."""

    def __init__(self, rate: float):
        super().__init__()
        self.rate = rate

    def __missing__(self, days: int) -> float:
        k = self[days] = math.exp(-self.rate * max(days, 0))
        return k


class ProfessionalNetwork:
    """The graph of staff and the school-level trust in social services."""

    def __init__(self, model: "SchoolModel"):
        self.model = model
        self.p = model.params.network
        self.graph = nx.Graph()
        self.staff: dict[str, list[Professional]] = {}
        self._by_unit: dict[tuple[str, int], list[Professional]] = {}
        self._eht: dict[int, list[Professional]] = {}  # each school's EHT, until someone comes or goes
        self._decay = _Decay(self.p.trust_decay)
        self.school_trust = np.full(model.pop.n_schools, self.p.trust_start)
        self.rng = model.streams["turnover"]
        self.departures: dict[str, int] = {}
        self.headcount_days: dict[str, float] = {}
        self.vacancies: list[tuple[float, str, int]] = []  # (day the post is filled, role, unit)
        self.trust_series: list[float] = []
        self.index_series: list[float] = []
        self._rates = {}

    # ------------------------------------------------------------------ people
    def hire(self, role: str, unit: int = -1, day: int = 0, consultant: bool = False, tenure: float = 0.0) -> Professional:
        person = Professional(self.model, role, unit, since=int(day - tenure), consultant=consultant)
        self.add(person)
        return person

    def add(self, person: Professional) -> None:
        """Register a person created elsewhere (mentors, EHT members)."""
        self.staff.setdefault(person.role, []).append(person)
        self._by_unit.setdefault((person.role, person.unit), []).append(person)
        if person.role in EHTMember.ROLES:
            self._eht.pop(person.unit, None)
        self.graph.add_node(person.unique_id, role=person.role, sector=person.sector, unit=person.unit)

    def remove(self, person: Professional) -> None:
        person.active = False
        self.staff[person.role].remove(person)
        self._by_unit[(person.role, person.unit)].remove(person)
        if person.role in EHTMember.ROLES:
            self._eht.pop(person.unit, None)
        if person.unique_id in self.graph:
            self.graph.remove_node(person.unique_id)

    def active(self, role: str, unit: int | None = None) -> list[Professional]:
        if unit is None:
            return self.staff.get(role, [])
        return self._by_unit.get((role, unit), [])

    def eht(self, school: int) -> list[Professional]:
        return list(self._team(school))

    def _team(self, school: int) -> list[Professional]:
        team = self._eht.get(school)
        if team is None:
            team = self._eht[school] = [p for r in EHTMember.ROLES for p in self.active(r, school)]
        return team

    # ------------------------------------------------------------------ ties
    def _learning(self, person: Professional, day: int) -> float:
        return 0.3 + 0.7 * min(1.0, person.tenure(day) / self.p.learning_days)

    def slowness(self, person: Professional | None, day: int) -> float:
        """How much longer a newcomer needs for a case: 1 + slowdown, falling to 1 over a year."""
        if person is None:
            return 1.0
        return 1.0 + self.p.newcomer_slowdown * (1.0 - min(1.0, person.tenure(day) / self.p.learning_days))

    def meet(self, people: Iterable[Professional], day: int, weight: float = 1.0) -> None:
        """A joint meeting: every cross-sector pair present builds trust and understanding."""
        people = [p for p in people if p.active and not p.consultant]
        g, p, decay = self.graph, self.p, self._decay
        learning = [self._learning(a, day) for a in people]
        trust_gain = weight * p.meeting_trust_gain
        understanding_gain = weight * p.meeting_understanding_gain
        for i, a in enumerate(people):
            ties = g._adj.get(a.unique_id, {})
            for j in range(i + 1, len(people)):
                b = people[j]
                if a.sector == b.sector:
                    continue
                data = ties.get(b.unique_id)
                if data:
                    k = decay[day - data["last"]]
                    trust, und = data["trust"] * k, data["understanding"] * k
                else:
                    trust, und = 0.0, 0.0
                learn = min(learning[i], learning[j])
                trust += trust_gain * (1 - trust)
                und += understanding_gain * learn * (1 - und)
                if data:
                    data.update(trust=trust, understanding=und, last=day)
                else:
                    g.add_edge(a.unique_id, b.unique_id, trust=trust, understanding=und, last=day)

    def tie(self, a_people: Iterable[Professional], b_people: Iterable[Professional], day: int) -> float:
        """The strongest (decayed) trust between anyone in ``a_people`` and anyone in ``b_people``."""
        best = 0.0
        b_ids = None
        adj, decay = self.graph._adj, self._decay
        for a in a_people:
            ties = adj.get(a.unique_id)
            if not ties:
                continue
            if b_ids is None:
                b_ids = {b.unique_id for b in b_people}
            for nb, data in ties.items():
                if nb in b_ids and data["trust"] > best:
                    best = max(best, data["trust"] * decay[day - data["last"]])
        return best

    def school_tie(self, school: int, sector: str, day: int) -> float:
        """The strongest (decayed) trust between the school's EHT and anyone in ``sector``."""
        best = 0.0
        adj, nodes, decay = self.graph._adj, self.graph._node, self._decay
        for a in self._team(school):
            for nb, data in adj[a.unique_id].items():
                if data["trust"] > best and nodes[nb]["sector"] == sector:
                    best = max(best, data["trust"] * decay[day - data["last"]])
        return best

    def social_staff(self) -> list[Professional]:
        return [p for r in SOCIAL_ROLES for p in self.active(r)]

    def trust_in_services(self, school: int, day: int) -> float:
        """The school's effective trust in social services: its institutional trust, raised by
        personal ties - "it is built in the relationship" (000 L1675-1677), so it falls back
        when the people it knew leave."""
        inst = float(self.school_trust[school])
        return inst + (1.0 - inst) * self.school_tie(school, "social", day)

    def feedback(self, school: int, heard: bool) -> None:
        t = self.school_trust[school]
        if heard:
            self.school_trust[school] = t + self.p.feedback_trust_gain * (1 - t)
        else:
            self.school_trust[school] = t - self.p.silence_trust_loss * t

    # ------------------------------------------------------------------ indices
    def collaboration_index(self, day: int) -> float:
        """A 1-5 index of collaboration between the school and the other sectors.

        Half institutional (the schools' mean trust in social services), half personal: for
        each school and each other sector present (social services, BUP, coordination), the
        mean over that sector's staff of their best tie with the school's EHT (mean of trust and
        mutual understanding; a stranger counts 0) - so it falls when people leave. Sandviken's project groups rated collaboration
        3.2 -> 3.8 -> 4.1 over two years (002 L560-564).
        """
        sectors: dict[str, set[int]] = {}
        for role in OTHER_ROLES:
            for person in self.active(role):
                sectors.setdefault(person.sector, set()).add(person.unique_id)
        school_of = {p.unique_id: p.unit for r in EHTMember.ROLES for p in self.active(r)}
        adj, decay = self.graph._adj, self._decay
        # (school, sector) -> how well the school's EHT knows the sector's people: the sum of each
        # person's best tie with an EHT member (someone new adds nothing), person by person in
        # the order of the sector's set
        known: dict[tuple[int, int], float] = {}
        for sector, ids in enumerate(sectors.values()):
            for uid in ids:
                best: dict[int, float] = {}  # school -> this person's best tie with its EHT
                for nb, data in adj[uid].items():
                    school = school_of.get(nb)
                    if school is not None:
                        k = decay[day - data["last"]]
                        value = 0.5 * (data["trust"] * k + data["understanding"] * k)
                        if value > best.get(school, 0.0):
                            best[school] = value
                for school, value in best.items():
                    known[school, sector] = known.get((school, sector), 0.0) + value
        sizes = [len(ids) for ids in sectors.values()]
        personal = 0.0
        for (school, sector), total in sorted(known.items()):  # school by school, sector by sector
            personal += total / sizes[sector]
        n = self.model.pop.n_schools * len(sizes)
        personal = personal / n if n else 0.0
        return 1.0 + 4.0 * (0.5 * float(self.school_trust.mean()) + 0.5 * personal)

    # ------------------------------------------------------------------ turnover
    def set_rates(self, rates: dict[str, float]) -> None:
        """Yearly turnover rate per role (mentors change at the summer rollover instead)."""
        self._rates = rates

    def daily(self, day: int) -> None:
        """Departures, filled vacancies, and the daily record of trust and the index."""
        model = self.model
        for role, rate in self._rates.items():
            people = self.staff.get(role, [])
            self.headcount_days[role] = self.headcount_days.get(role, 0.0) + len(people)
            if rate <= 0 or not people:
                continue
            u = self.rng.random(len(people))
            if u.min() >= rate / 365.0:
                continue
            for person in [people[k] for k in np.flatnonzero(u < rate / 365.0).tolist()]:
                self.departures[role] = self.departures.get(role, 0) + 1
                self.remove(person)
                model.staff_left(person, day)
                self._fill_later(role, person.unit, day)
        due = [v for v in self.vacancies if v[0] <= day]
        if due:
            self.vacancies = [v for v in self.vacancies if v[0] > day]
            for _, role, unit in due:
                model.staff_joined(self.hire(role, unit, day), day)
        if day % 7 == 0:
            self.trust_series.append(float(self.school_trust.mean()))
            self.index_series.append(self.collaboration_index(day))

    def _fill_later(self, role: str, unit: int, day: int) -> None:
        t = self.model.params.turnover
        if role in SOCIAL_ROLES and self.rng.random() < t.consultant_share:
            self.model.staff_joined(self.hire(role, unit, day, consultant=True), day)
            return
        wait = self.rng.exponential(t.vacancy_days) if t.vacancy_days > 0 else 0.0
        self.vacancies.append((day + wait, role, unit))

    def turnover_rate(self, roles: tuple[str, ...], days: int) -> float:
        """Departures per person-year over the run."""
        left = sum(self.departures.get(r, 0) for r in roles)
        person_years = sum(self.headcount_days.get(r, 0.0) for r in roles) / 365.0
        return left / person_years if person_years else float("nan")

    def share_under_1y(self, roles: tuple[str, ...], day: int) -> float:
        people = [p for r in roles for p in self.active(r)]
        return float(np.mean([p.tenure(day) < 365 for p in people])) if people else float("nan")
