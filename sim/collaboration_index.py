"""The 1-5 index of collaboration between the school and the other sectors.

Half institutional (the schools' mean trust in social services), half personal: for each
school and each other sector present (social services, BUP, coordination), the mean over that
sector's staff of their best tie with the school's EHT (mean of trust and mutual
understanding; a stranger counts 0) - so it falls when people leave. Sandviken's project groups
rated collaboration 3.2 -> 3.8 -> 4.1 over two years (002 L560-564).
"""
from __future__ import annotations

import numpy as np

from .agents import Professional
from .network_kernel import known_by_schools
from .sectors import OTHER_ROLES, OTHER_SECTORS
from .ties import TieTable
from .trust import SchoolTrust


class CollaborationIndex:
    """The index over the network's staff (``staff``: role -> people), ties and school trust."""

    def __init__(self, staff: dict[str, list[Professional]], ties: TieTable, trust: SchoolTrust, n_schools: int):
        self.staff, self.ties, self.trust, self.n_schools = staff, ties, trust, n_schools
        self._ranks: tuple[list[int], np.ndarray] | None = None  # until someone of its sectors comes or goes

    def staff_changed(self, role: str) -> None:
        """Someone of ``role`` came or went: the sectors' ranks are worked out again if needed."""
        if role in OTHER_ROLES:
            self._ranks = None

    def value(self, day: int) -> float:
        """The index on ``day`` (1-5)."""
        if self._ranks is None:  # the staff change far less often than the index is read
            self._ranks = self._sector_ranks()
        sizes, rank = self._ranks
        n_people = len(self.ties.people)
        if rank.size < n_people:  # those who joined since are of none of the sectors
            rank = np.append(rank, np.full(n_people - rank.size, -1))
            self._ranks = sizes, rank
        n = self.n_schools * len(sizes)
        personal = self._personal(day, rank, sizes) / n if n else 0.0
        return 1.0 + 4.0 * (0.5 * self.trust.mean() + 0.5 * personal)

    def _sector_ranks(self) -> tuple[list[int], np.ndarray]:
        """The size of each other sector present, and each person's rank: sector by sector, in
        the order of the sector's set of ids (-1 for everyone else), by their place."""
        staff, slot = self.staff, self.ties.slot
        sectors = [ids for roles in OTHER_SECTORS.values()
                   if (ids := {p.unique_id for role in roles for p in staff.get(role, ())})]
        sizes = [len(ids) for ids in sectors]
        rank = np.full(len(self.ties.people), -1)
        rank[[slot[uid] for ids in sectors for uid in ids]] = np.arange(sum(sizes))
        return sizes, rank

    def _personal(self, day: int, rank: np.ndarray, sizes: list[int]) -> float:
        """The sum over schools and sectors of how well the school's EHT knows the sector's
        people (:func:`sim.network_kernel.known_by_schools`), read from the tie table in place."""
        t = self.ties
        last = np.frombuffer(t.last, dtype=np.int64)  # views, not copies: nothing is added while they live
        table = t.decay.table(max(day - int(last.min()), 0) if last.size else 0)
        return known_by_schools(day, np.frombuffer(t.school, dtype=np.int64), rank,
                                np.frombuffer(t.ends[0], dtype=np.int64), np.frombuffer(t.ends[1], dtype=np.int64),
                                last, np.frombuffer(t.trust), np.frombuffer(t.understanding), table,
                                self.n_schools, np.array(sizes, dtype=np.int64))
