"""The case log of the pupils' episodes of problematic absence: each school day, the episodes
that started, reached onset (the absence became problematic) and ended, as the population's
``attend`` drew them (``pop.started_today``, ``onset_today``, ``ended_today``).

A pupil whose case the EHT already knows (staircase step 2 or more) when a new episode starts
counts as detected at once. An episode whose absence needs more than the school is marked at
onset (``needs_help``): the outcomes follow these pupils a year (sim/followup.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev
from .caselog import CaseLog
from .population import Population

if TYPE_CHECKING:
    from .school import SchoolResponse


class EpisodeLog:
    """Writes today's episodes into the case log. Built with the pupils (``pop``), the case
    ``log`` and the ``school`` (which pupils its staircase already knows: ``school.step``)."""

    def __init__(self, *, pop: Population, log: CaseLog, school: "SchoolResponse") -> None:
        self.pop, self.log, self.school = pop, log, school

    def today(self, day: int, started: np.ndarray, onset: np.ndarray, ended: np.ndarray) -> None:
        """The case log of the episodes that started, reached onset and ended today."""
        pop, log = self.pop, self.log
        log.add_many(day, started, pop.episode_id[started], ev.EPISODE_START)
        if started.size:  # a pupil the EHT already knows counts as detected at once
            known = started[self.school.step[started] >= 2]
            log.add_many(day, known, pop.episode_id[known], ev.DETECTION, "already_known")
        log.add_many(day, onset, pop.episode_id[onset], ev.ONSET, "")
        need = onset[pop.needs_help[onset]]
        log.add_many(day, need, pop.episode_id[need], ev.NEEDS_HELP)
        log.add_many(day, ended, pop.episode_id[ended], ev.EPISODE_END)
