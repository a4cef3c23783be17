"""The professional network: named people, their ties, trust, understanding and turnover.

Every member of staff is a node (a :class:`sim.agents.Professional`). A tie between two
people of different sectors carries *trust* and *mutual understanding* of each other's
mandate. Joint meetings build both (000 L1465-1538) - understanding more slowly, and more
slowly still for a newcomer who has not yet learnt the other sector's language (about a year,
003 L1729; structure improves faster than shared understanding, 002 L670-673). Ties decay
without contact (an assumption; visits every sixth week gave "quite another communication",
000 L1642-1646). Reports are cited by file number: docs/sources.md gives each report's key.

Each school also has an *institutional* trust in social services that feedback raises and
silence lowers (000 L1109-1127; 001 L1485-1489). A school's effective trust is the larger of
that and its best personal tie to social services.

Turnover: every role has a yearly rate; a departure removes the person and their ties; the post
stays empty for a while (capacity drops) or is filled at once by a consultant (social services,
000 L1653-1661), and the newcomer starts with no ties.
"""
from __future__ import annotations

import math
from array import array
from typing import TYPE_CHECKING, Iterable

import networkx as nx
import numpy as np

from .agents import SECTORS, EHTMember, Professional
from .network_kernel import known_by_schools

if TYPE_CHECKING:
    from .model import SchoolModel

ROLES_IN = {sector: tuple(r for r, s in SECTORS.items() if s == sector) for sector in dict.fromkeys(SECTORS.values())}
SOCIAL_ROLES = ROLES_IN["social"]  # intake, case officer, therapist, school social worker
OTHER_SECTORS = {sector: roles for sector, roles in ROLES_IN.items() if sector != "school"}  # the sectors the school works with
OTHER_ROLES = tuple(role for roles in OTHER_SECTORS.values() for role in roles)


class _Decay(dict):
    """The share of its strength a tie keeps after so many days without contact,
    exp(-rate * days), worked out once per number of days."""

    def __init__(self, rate: float):
        super().__init__()
        self.rate = rate
        self._table = np.ones(0)

    def __missing__(self, days: int) -> float:
        k = self[days] = math.exp(-self.rate * max(days, 0))
        return k

    def table(self, days: int) -> np.ndarray:
        """The same shares for 0 .. ``days`` days without contact, to look many ties up at once."""
        if len(self._table) <= days:
            self._table = np.array([self[d] for d in range(max(days + 1, 2 * len(self._table)))])
        return self._table


class ProfessionalNetwork:
    """The staff, their ties, and the school-level trust in social services.

    Each tie is a row of a small table - the two people, trust, mutual understanding and the
    day they last met - and each person lists their ties by the other person's id. ``graph``
    shows the same network as a networkx graph.
    """

    def __init__(self, model: "SchoolModel"):
        self.model = model
        self.p = model.params.network
        self._graph = nx.Graph()
        self._met: set[int] = set()  # ties that met since ``graph`` was last read
        self._joined: list[Professional] = []  # people who joined since ``graph`` was last read
        self.staff: dict[str, list[Professional]] = {}
        self._by_unit: dict[tuple[str, int], list[Professional]] = {}
        self._eht: dict[int, list[Professional]] = {}  # each school's EHT, until someone comes or goes
        self._eht_ties: dict[int, dict[tuple[str, ...], list[int]]] = {}  # school -> roles -> its EHT's ties with them
        self._slot: dict[int, int] = {}  # person id -> place in ``_people``
        self._people: list[Professional | None] = []  # everyone who has worked here (None once gone)
        self._school = array("q")  # place -> the school of an EHT member, else -1
        self._ties: dict[int, dict[int, int]] = {}  # person id -> the other person's id -> row
        self._ends = (array("q"), array("q"))  # row -> the places of the two people
        self._trust, self._understanding, self._last = array("d"), array("d"), array("q")
        self._decay = _Decay(self.p.trust_decay)
        self.school_trust = np.full(model.pop.n_schools, self.p.trust_start)
        self.rng = model.streams["turnover"]
        self.departures: dict[str, int] = {}
        self.vacancies: list[tuple[float, str, int]] = []  # (day the post is filled, role, unit)
        self.trust_series: list[float] = []
        self.index_series: list[float] = []
        self.set_rates({})
        self._ranks: tuple[list[int], np.ndarray] | None = None  # for the index, until someone of its sectors comes or goes

    @property
    def graph(self) -> nx.Graph:
        """The network as a networkx graph: a node per person (role, sector, unit), an edge per
        tie (trust, understanding, last). Brought up to date whenever it is read."""
        if self._joined:  # those still here, in the order they joined
            for person in self._joined:
                if person.active:
                    self._graph.add_node(person.unique_id, role=person.role, sector=person.sector, unit=person.unit)
            self._joined.clear()
        if self._met:
            g, (ends_a, ends_b), people = self._graph, self._ends, self._people
            for row in sorted(self._met):  # new ties in the order they formed
                a, b = people[ends_a[row]], people[ends_b[row]]
                if a is not None and b is not None:  # a tie leaves with either person
                    g.add_edge(a.unique_id, b.unique_id, trust=self._trust[row],
                               understanding=self._understanding[row], last=self._last[row])
            self._met.clear()
        return self._graph

    # ------------------------------------------------------------------ people
    def hire(self, role: str, unit: int = -1, day: int = 0, consultant: bool = False, tenure: float = 0.0) -> Professional:
        person = Professional(self.model, role, unit, since=int(day - tenure), consultant=consultant)
        self.add_many((person,))
        return person

    def add(self, person: Professional) -> None:
        """Register a person created elsewhere (a class's new mentor)."""
        self.add_many((person,))

    def add_many(self, people: Iterable[Professional]) -> None:
        """Register people created elsewhere (the mentors and EHT members at the start), in order."""
        staff, by_unit, eht, eht_ties = self.staff, self._by_unit, self._eht, self._eht_ties
        slot, everyone, school, ties = self._slot, self._people, self._school, self._ties
        for person in people:
            role, unit, uid = person.role, person.unit, person.unique_id
            staff.setdefault(role, []).append(person)
            by_unit.setdefault((role, unit), []).append(person)
            in_eht = role in EHTMember.ROLES
            if in_eht:
                eht.pop(unit, None)
                eht_ties.pop(unit, None)
            slot[uid] = len(everyone)
            everyone.append(person)
            school.append(unit if in_eht else -1)
            ties[uid] = {}
            self._joined.append(person)  # a node of ``graph`` when it is next read (most runs never read it)
            self._staff_changed(role)

    def remove(self, person: Professional) -> None:
        """A person leaves, and their ties with them."""
        person.active = False
        self.staff[person.role].remove(person)
        self._by_unit[(person.role, person.unit)].remove(person)
        uid = person.unique_id
        if person.role in EHTMember.ROLES:
            self._eht.pop(person.unit, None)
            self._eht_ties.pop(person.unit, None)
        slot = self._slot.pop(uid, None)
        if slot is not None:
            self._people[slot] = None
            self._school[slot] = -1
            for other in self._ties.pop(uid):
                del self._ties[other][uid]
                self._eht_ties.pop(self._school[self._slot[other]], None)  # an EHT that knew them
        if uid in self._graph:
            self._graph.remove_node(uid)
        self._staff_changed(person.role)

    def _staff_changed(self, role: str) -> None:
        """Forget what was worked out for the staff as they were."""
        self._leave_probs: tuple[np.ndarray, np.ndarray] | None = None  # until asked for
        if role in OTHER_ROLES:
            self._ranks = None

    def active(self, role: str, unit: int | None = None) -> list[Professional]:
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

    # ------------------------------------------------------------------ ties
    def slowness(self, person: Professional | None, day: int) -> float:
        """How much longer a newcomer needs for a case: 1 + slowdown, falling to 1 over a year."""
        if person is None:
            return 1.0
        return 1.0 + self.p.newcomer_slowdown * (1.0 - min(1.0, person.tenure(day) / self.p.learning_days))

    def meet(self, people: Iterable[Professional], day: int, weight: float = 1.0) -> None:
        """A joint meeting: every cross-sector pair present builds trust and understanding.
        A newcomer learns the other sector's language over ``learning_days``."""
        p, decay, ties, met = self.p, self._decay, self._ties, self._met
        trust, understanding, last = self._trust, self._understanding, self._last
        learning_days = p.learning_days
        # each person present once as (person, id, sector, how far she has learnt), and the pairs
        # read them from that one list: a quarter quicker than separate lists (3 ms of the SKIFO
        # year, with a coordinator's visits to every EHT)
        present = []
        for a in people:
            if a.active and not a.consultant:
                learnt = (day - a.since) / learning_days
                present.append((a, a.unique_id, a.sector, 0.3 + 0.7 * (learnt if learnt < 1.0 else 1.0)))
        trust_gain = weight * p.meeting_trust_gain
        understanding_gain = weight * p.meeting_understanding_gain
        for i, (a, a_id, sector, learn_a) in enumerate(present):
            mine = ties[a_id]
            for b, b_id, b_sector, learn_b in present[i + 1:]:
                if b_sector == sector:
                    continue
                row = mine.get(b_id)
                if row is None:
                    t, u = 0.0, 0.0
                else:
                    k = decay[day - last[row]]
                    t, u = trust[row] * k, understanding[row] * k
                learn = learn_a if learn_a <= learn_b else learn_b
                t += trust_gain * (1 - t)
                u += understanding_gain * learn * (1 - u)
                if row is None:
                    self._new_tie(a, b, t, u, day)
                else:
                    trust[row], understanding[row], last[row] = t, u, day
                    met.add(row)

    def _new_tie(self, a: Professional, b: Professional, trust: float, understanding: float, day: int) -> None:
        row = len(self._trust)
        self._trust.append(trust)
        self._understanding.append(understanding)
        self._last.append(day)
        self._met.add(row)
        self._ties[a.unique_id][b.unique_id] = row
        self._ties[b.unique_id][a.unique_id] = row
        for end, person, other in ((self._ends[0], a, b), (self._ends[1], b, a)):
            slot = self._slot[person.unique_id]
            end.append(slot)
            cached = self._eht_ties.get(self._school[slot])
            if cached:
                for roles, rows in cached.items():
                    if other.role in roles:
                        rows.append(row)  # the EHT knows someone new

    def tie(self, a_people: Iterable[Professional], b_people: Iterable[Professional], day: int) -> float:
        """The strongest (decayed) trust between anyone in ``a_people`` and anyone in ``b_people``."""
        best = 0.0
        b_ids = None
        ties, trust, last, decay = self._ties, self._trust, self._last, self._decay
        for a in a_people:
            mine = ties.get(a.unique_id)
            if not mine:
                continue
            if b_ids is None:
                b_ids = {b.unique_id for b in b_people}
            for other, row in mine.items():
                if other in b_ids and trust[row] > best:
                    best = max(best, trust[row] * decay[day - last[row]])
        return best

    def eht_tie(self, school: int, roles: tuple[str, ...], day: int) -> float:
        """The strongest (decayed) trust between the school's EHT and anyone in ``roles``."""
        by_roles = self._eht_ties.get(school)
        if by_roles is None:
            by_roles = self._eht_ties[school] = {}
        rows = by_roles.get(roles)
        if rows is None:  # the EHT's ties with these roles, kept until someone in them leaves
            people, slot = self._people, self._slot
            rows = by_roles[roles] = [row for a in self._team(school) for other, row in self._ties[a.unique_id].items()
                                      if people[slot[other]].role in roles]  # type: ignore[union-attr]  # a tie leaves with either person
        best = 0.0
        trust, last, decay = self._trust, self._last, self._decay
        for row in rows:
            t = trust[row]
            if t > best:  # (a decayed tie is never stronger than it was)
                t *= decay[day - last[row]]
                if t > best:
                    best = t
        return best

    def school_tie(self, school: int, sector: str, day: int) -> float:
        """The strongest (decayed) trust between the school's EHT and anyone in ``sector``."""
        return self.eht_tie(school, ROLES_IN[sector], day)

    def social_staff(self) -> list[Professional]:
        return [p for r in SOCIAL_ROLES for p in self.active(r)]

    def trust_in_services(self, school: int, day: int) -> float:
        """The school's effective trust in social services: its institutional trust, raised by
        personal ties - knowing the person "is built in the relationship" (000 L1675-1677, said
        of staff turnover), so it falls back when the people it knew leave."""
        inst = self.school_trust.item(school)
        return inst + (1.0 - inst) * self.eht_tie(school, ROLES_IN["social"], day)

    def feedback(self, school: int, heard: bool) -> None:
        """The school heard the decision (its trust in social services grows) or nothing (it shrinks)."""
        t = self.school_trust.item(school)  # a Python float: the same arithmetic, quicker than a numpy scalar's
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
        if self._ranks is None:  # the staff change far less often than the index is read
            self._ranks = self._sector_ranks()
        sizes, rank = self._ranks
        if rank.size < len(self._people):  # those who joined since are of none of the sectors
            rank = np.append(rank, np.full(len(self._people) - rank.size, -1))
            self._ranks = sizes, rank
        n = self.model.pop.n_schools * len(sizes)
        personal = self._personal(day, rank, sizes) / n if n else 0.0
        return 1.0 + 4.0 * (0.5 * float(self.school_trust.mean()) + 0.5 * personal)

    def _sector_ranks(self) -> tuple[list[int], np.ndarray]:
        """The size of each other sector present, and each person's rank: sector by sector, in
        the order of the sector's set of ids (-1 for everyone else), by their place."""
        staff, slot = self.staff, self._slot
        sectors = [ids for roles in OTHER_SECTORS.values()
                   if (ids := {p.unique_id for role in roles for p in staff.get(role, ())})]
        sizes = [len(ids) for ids in sectors]
        rank = np.full(len(self._people), -1)
        rank[[slot[uid] for ids in sectors for uid in ids]] = np.arange(sum(sizes))
        return sizes, rank

    def _personal(self, day: int, rank: np.ndarray, sizes: list[int]) -> float:
        """The sum over schools and sectors of how well the school's EHT knows the sector's
        people (:func:`sim.network_kernel.known_by_schools`), read from the tie table in place."""
        last = np.frombuffer(self._last, dtype=np.int64)  # views, not copies: nothing is added while they live
        table = self._decay.table(max(day - int(last.min()), 0) if last.size else 0)
        return known_by_schools(day, np.frombuffer(self._school, dtype=np.int64), rank,
                                 np.frombuffer(self._ends[0], dtype=np.int64), np.frombuffer(self._ends[1], dtype=np.int64),
                                 last, np.frombuffer(self._trust), np.frombuffer(self._understanding), table,
                                 self.model.pop.n_schools, np.array(sizes, dtype=np.int64))

    # ------------------------------------------------------------------ turnover
    def set_rates(self, rates: dict[str, float]) -> None:
        """Yearly turnover rate per role (mentors change at the summer rollover instead)."""
        self._rates = rates
        self._person_days = np.zeros(len(rates))  # days worked by the staff of each role, in the order of ``rates``
        self._leave_probs = None  # until someone comes or goes
        self._daily_rates = np.array([rate / 365.0 for rate in rates.values()])

    @property
    def headcount_days(self) -> dict[str, float]:
        """Person-days worked so far, per role with a turnover rate."""
        return {role: float(days) for role, days in zip(self._rates, self._person_days)}

    def daily(self, day: int, school_day: bool = True) -> None:
        """Departures, filled vacancies, and the daily record of trust and the index."""
        if self._leave_probs is None:
            self._leave_probs = self._daily_leave_probs()
        headcount, leave = self._leave_probs
        self._person_days += headcount
        # a day without departures (most days) draws everyone's uniform at once: the same numbers
        # the role-by-role draws give, for a fraction of the calls
        state = self.rng.bit_generator.state
        if (self.rng.random(leave.size) < leave).any():
            # someone leaves: back to the day's first draw, and role by role, since filling a
            # vacancy draws too, between one role's draws and the next's
            self.rng.bit_generator.state = state
            self._departures(day)
        model = self.model
        due = [v for v in self.vacancies if v[0] <= day]
        if due:
            self.vacancies = [v for v in self.vacancies if v[0] > day]
            for _, role, unit in due:
                model.staff_joined(self.hire(role, unit, day), day)
        if day % 7 == 0:
            self.trust_series.append(float(self.school_trust.mean()))
            self.index_series.append(self.collaboration_index(day))

    def _daily_leave_probs(self) -> tuple[np.ndarray, np.ndarray]:
        """The headcount of each role with a rate, and the daily chance to leave of each of its
        people, role by role (the roles with no one or no turnover draw nothing)."""
        headcount = np.array([len(self.staff.get(role, ())) for role in self._rates], dtype=np.int64)
        return headcount, np.repeat(self._daily_rates, np.where(self._daily_rates > 0, headcount, 0))

    def _departures(self, day: int) -> None:
        """Role by role, each person leaves with the day's share of the role's yearly rate."""
        for role, rate in self._rates.items():
            people = self.staff.get(role, [])
            if rate <= 0 or not people:
                continue
            u = self.rng.random(len(people))
            for person in [people[k] for k in np.flatnonzero(u < rate / 365.0).tolist()]:
                self.departures[role] = self.departures.get(role, 0) + 1
                self.remove(person)
                self.model.staff_left(person, day)
                self._fill_later(role, person.unit, day)

    def _fill_later(self, role: str, unit: int, day: int) -> None:
        t = self.model.params.turnover
        if role in SOCIAL_ROLES and self.rng.random() < t.consultant_share:
            self.model.staff_joined(self.hire(role, unit, day, consultant=True), day)
            return
        wait = self.rng.exponential(t.vacancy_days) if t.vacancy_days > 0 else 0.0
        self.vacancies.append((day + wait, role, unit))

    def reset_counts(self) -> None:
        """The end of the warm-up: departures and person-days are counted from here (the
        staff, their tenures and their ties run on)."""
        self.departures = {}
        self._person_days = np.zeros(len(self._person_days))

    def turnover_rate(self, roles: tuple[str, ...], days: int) -> float:
        """Departures per person-year over the run."""
        left = sum(self.departures.get(r, 0) for r in roles)
        person_years = sum(self.headcount_days.get(r, 0.0) for r in roles) / 365.0
        return left / person_years if person_years else float("nan")

    def share_under_1y(self, roles: tuple[str, ...], day: int) -> float:
        people = [p for r in roles for p in self.active(r)]
        return float(np.mean([p.tenure(day) < 365 for p in people])) if people else float("nan")
