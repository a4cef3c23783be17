"""Ties between named professionals of different sectors: trust, mutual understanding, decay.

A tie between two people of different sectors carries *trust* and *mutual understanding* of
each other's mandate. Joint meetings build both (000 L1465-1538) - understanding more slowly,
and more slowly still for a newcomer who has not yet learnt the other sector's language (about
a year, 003 L1729; structure improves faster than shared understanding, 002 L670-673). Ties
decay without contact (an assumption; visits every sixth week gave "quite another
communication", 000 L1642-1646). Trust is personal: a tie leaves with either person
(000 L1675-1677). Reports are cited by file number: docs/sources.md gives each report's key.
"""
from __future__ import annotations

import math
from array import array
from typing import Iterable

import numpy as np

from .agents import Professional
from .best_tie import best_decayed
from .params import Network


class Decay(dict):
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


class TieTable:
    """Everyone who has worked here, and the ties between them.

    Each tie is a row of a small table - the two people (their places in :attr:`people`),
    trust, mutual understanding and the day they last met - and each person lists their ties
    by the other person's id. Each school's EHT's ties with a group of roles are kept until
    someone of either side comes or goes (:meth:`best_with_eht` reads them at every report).

    Public, read by the collaboration index and the networkx view: ``people`` (place -> the
    person, None once gone), ``slot`` (id -> place), ``school`` (place -> the school of an EHT
    member, else -1), ``ends`` (row -> the places of the two people), ``trust``,
    ``understanding``, ``last``, ``decay`` and ``met`` (rows that met since the view was
    last brought up to date).
    """

    def __init__(self, p: Network):
        self.p = p
        self.slot: dict[int, int] = {}  # person id -> place in ``people``
        self.people: list[Professional | None] = []  # everyone who has worked here (None once gone)
        self.school = array("q")  # place -> the school of an EHT member, else -1
        self.ties: dict[int, dict[int, int]] = {}  # person id -> the other person's id -> row
        self.ends = (array("q"), array("q"))  # row -> the places of the two people
        self.trust, self.understanding, self.last = array("d"), array("d"), array("q")
        self.decay = Decay(p.trust_decay)
        self.met: set[int] = set()  # ties that met since the networkx view was last brought up to date
        self._eht_ties: dict[int, dict[tuple[str, ...], list[int]]] = {}  # school -> roles -> its EHT's ties with them

    # ------------------------------------------------------------------ people
    def join(self, person: Professional, eht_school: int) -> None:
        """A person starts, without ties; ``eht_school``: the school whose EHT they join, or -1."""
        self.slot[person.unique_id] = len(self.people)
        self.people.append(person)
        self.school.append(eht_school)
        self.ties[person.unique_id] = {}

    def leave(self, uid: int) -> None:
        """A person leaves, and their ties with them."""
        slot = self.slot.pop(uid, None)
        if slot is not None:
            self.people[slot] = None
            self.school[slot] = -1
            for other in self.ties.pop(uid):
                del self.ties[other][uid]
                self._eht_ties.pop(self.school[self.slot[other]], None)  # an EHT that knew them

    def forget_eht(self, school: int) -> None:
        """The school's EHT changed: its ties are looked up again when next asked for."""
        self._eht_ties.pop(school, None)

    # ------------------------------------------------------------------ meetings
    def meet(self, people: Iterable[Professional], day: int, weight: float = 1.0) -> None:
        """A joint meeting: every cross-sector pair present builds trust and understanding.
        A newcomer learns the other sector's language over ``learning_days``."""
        p, decay, ties, met = self.p, self.decay, self.ties, self.met
        trust, understanding, last = self.trust, self.understanding, self.last
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
        row = len(self.trust)
        self.trust.append(trust)
        self.understanding.append(understanding)
        self.last.append(day)
        self.met.add(row)
        self.ties[a.unique_id][b.unique_id] = row
        self.ties[b.unique_id][a.unique_id] = row
        for end, person, other in ((self.ends[0], a, b), (self.ends[1], b, a)):
            slot = self.slot[person.unique_id]
            end.append(slot)
            cached = self._eht_ties.get(self.school[slot])
            if cached:
                for roles, rows in cached.items():
                    if other.role in roles:
                        rows.append(row)  # the EHT knows someone new

    # ------------------------------------------------------------------ look-ups
    def tie(self, a_people: Iterable[Professional], b_people: Iterable[Professional], day: int) -> float:
        """The strongest (decayed) trust between anyone in ``a_people`` and anyone in ``b_people``."""
        best = 0.0
        b_ids = None
        ties, trust, last, decay = self.ties, self.trust, self.last, self.decay
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

    def eht_rows(self, school: int, team: list[Professional], roles: tuple[str, ...]) -> list[int]:
        """The ties between the school's EHT (``team``) and anyone in ``roles``, kept until
        someone of either side comes or goes (read them, do not change them)."""
        by_roles = self._eht_ties.get(school)
        if by_roles is None:
            by_roles = self._eht_ties[school] = {}
        rows = by_roles.get(roles)
        if rows is None:
            people, slot = self.people, self.slot
            rows = by_roles[roles] = [row for a in team for other, row in self.ties[a.unique_id].items()
                                      if people[slot[other]].role in roles]  # type: ignore[union-attr]  # a tie leaves with either person
        return rows

    def best_with_eht(self, school: int, team: list[Professional], roles: tuple[str, ...], day: int,
                      w_trust: float = 1.0, w_understanding: float = 0.0) -> float:
        """The best decayed tie between the school's EHT (``team``) and anyone in ``roles``:
        trust by default, understanding with weights (0, 1) (:func:`sim.best_tie.best_decayed`)."""
        rows = self.eht_rows(school, team, roles)
        return best_decayed(rows, 0, len(rows), self.trust, self.understanding, self.last, self.decay, day, w_trust, w_understanding)
