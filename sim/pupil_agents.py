"""The pupils' Mesa agents, made when first looked at (a mixin of :class:`sim.model.SchoolModel`).

A pupil's state lives in the population's arrays; its :class:`sim.agents.Pupil` agent is a named
view on one slot, for a notebook, the app or a test (``model.pupil(17).share``). The daily step
never needs them, so an agent is made the first time anyone looks: at 20,000 pupils, making them
all costs more than a tenth of a school year's simulation.
"""
from __future__ import annotations

from typing import Any

import mesa

from .agents import Pupil


class LazyPupilAgents:
    """Mixin for a Mesa model with a population: ``pupil(slot)``, ``pupils`` and Mesa's agent
    views (``agents``, ``agents_by_type``, ``agent_types``), which make the missing pupil agents
    first. The model calls :meth:`_no_pupil_agents_yet` once it knows the number of slots."""

    _pupils: list[Pupil | None]

    def _no_pupil_agents_yet(self, n: int) -> None:
        """``n`` pupil slots, none with an agent yet."""
        self._pupils = [None] * n

    def pupil(self, slot: int) -> Pupil:
        """The Mesa agent of the pupil in ``slot`` (a view on the population's arrays)."""
        agent = self._pupils[slot]
        if agent is None:
            agent = self._pupils[slot] = Pupil(self, slot)  # type: ignore[arg-type]  # (mixed into the model)
        return agent

    def forget_pupil(self, slot: int) -> None:
        """A new pupil took ``slot``: the old pupil's agent leaves the model; the new pupil's is
        made when first looked at."""
        agent = self._pupils[slot]
        if agent is not None:
            agent.remove()
            self._pupils[slot] = None

    @property
    def pupils(self) -> list[Pupil]:
        """Every pupil's agent, in slot order (the missing ones made now)."""
        for slot, agent in enumerate(self._pupils):
            if agent is None:
                self._pupils[slot] = Pupil(self, slot)  # type: ignore[arg-type]
        return self._pupils  # type: ignore[return-value]  # every slot has its agent now

    @property
    def agents(self) -> mesa.agent.AgentSet:
        self.pupils
        return super().agents  # type: ignore[misc]  # (mesa.Model's, next in the model's bases)

    @property
    def agents_by_type(self) -> dict[type, Any]:
        self.pupils
        return super().agents_by_type  # type: ignore[misc]

    @property
    def agent_types(self) -> list[type]:
        self.pupils
        return super().agent_types  # type: ignore[misc]
