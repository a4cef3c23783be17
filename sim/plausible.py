"""A plausible range: what an uncertain number may be, as a distribution over [lo, hi] with the
reason for it (:mod:`sim.uncertainty` gives one to every uncertainty of the model,
:mod:`sim.costs` to every wage and price)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Dist = Literal["uniform", "loguniform", "fixed"]


@dataclass(frozen=True)
class Plausible:
    """The plausible range of an uncertainty: a distribution over [lo, hi], with its reason."""

    dist: Dist
    lo: float
    hi: float
    reason: str

    def ppf(self, u: float) -> float:
        """The value at quantile ``u`` in [0, 1] (maps a unit-cube design onto the range)."""
        if self.dist == "fixed" or self.hi == self.lo:
            return self.lo
        if self.dist == "loguniform":
            return math.exp(math.log(self.lo) + u * (math.log(self.hi) - math.log(self.lo)))
        return self.lo + u * (self.hi - self.lo)

    def text(self) -> str:
        """Short form for ``samsim describe``: ``uniform 0.3..0.7``."""
        if self.dist == "fixed":
            return f"fixed {_num(self.lo)}"
        return f"{self.dist} {_num(self.lo)}..{_num(self.hi)}"


def _num(x: float) -> str:
    return f"{x:g}"
