"""Each school's trust in social services: institutional, raised by personal ties.

Each school has an *institutional* trust in social services that feedback raises and silence
lowers (000 L1109-1127; 001 L1485-1489). Its effective trust adds what its EHT's best personal
tie with social services gives (:meth:`sim.ties.TieTable.best_with_eht`): knowing the person
"is built in the relationship" (000 L1675-1677, said of staff turnover), so it falls back when
the people it knew leave.
"""
from __future__ import annotations

import numpy as np

from .params import Network


class SchoolTrust:
    """The schools' institutional trust in social services (``level``, one 0-1 value a school)."""

    def __init__(self, p: Network, n_schools: int):
        self.p = p
        self.level = np.full(n_schools, p.trust_start)

    def effective(self, school: int, personal: float) -> float:
        """The school's effective trust, given its EHT's best personal tie with social services."""
        inst = self.level.item(school)
        return inst + (1.0 - inst) * personal

    def feedback(self, school: int, heard: bool) -> None:
        """The school heard the decision (its trust in social services grows) or nothing (it shrinks)."""
        t = self.level.item(school)  # a Python float: the same arithmetic, quicker than a numpy scalar's
        if heard:
            self.level[school] = t + self.p.feedback_trust_gain * (1 - t)
        else:
            self.level[school] = t - self.p.silence_trust_loss * t

    def mean(self) -> float:
        """The mean over schools (the weekly trust series, half of the collaboration index)."""
        return float(self.level.mean())
