"""The professional network as a networkx graph, for a reader (the app, a notebook, ``viz``).

A node per person (role, sector, unit), an edge per tie (trust, understanding, last). The
simulation itself works on the tie table (:class:`sim.ties.TieTable`); the graph is brought up
to date only when read - most runs never read it.
"""
from __future__ import annotations

import networkx as nx

from .agents import Professional
from .ties import TieTable


class GraphView:
    """The networkx view of a :class:`sim.ties.TieTable`, brought up to date when read."""

    def __init__(self, ties: TieTable):
        self.ties = ties
        self._graph = nx.Graph()
        self._joined: list[Professional] = []  # people who joined since ``graph`` was last read

    def joined(self, person: Professional) -> None:
        """A node when the graph is next read (if the person is still here)."""
        self._joined.append(person)

    def left(self, uid: int) -> None:
        """The person's node and edges go."""
        if uid in self._graph:
            self._graph.remove_node(uid)

    @property
    def graph(self) -> nx.Graph:
        """The network as a networkx graph: a node per person (role, sector, unit), an edge per
        tie (trust, understanding, last). Brought up to date whenever it is read."""
        if self._joined:  # those still here, in the order they joined
            for person in self._joined:
                if person.active:
                    self._graph.add_node(person.unique_id, role=person.role, sector=person.sector, unit=person.unit)
            self._joined.clear()
        t = self.ties
        if t.met:
            g, (ends_a, ends_b), people = self._graph, t.ends, t.people
            for row in sorted(t.met):  # new ties in the order they formed
                a, b = people[ends_a[row]], people[ends_b[row]]
                if a is not None and b is not None:  # a tie leaves with either person
                    g.add_edge(a.unique_id, b.unique_id, trust=t.trust[row],
                               understanding=t.understanding[row], last=t.last[row])
            t.met.clear()
        return self._graph
