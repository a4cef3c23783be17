"""The one trust look-up: the best decayed tie between a school's EHT and some people.

Written once, used three ways: the school's trust in a sector (:meth:`sim.ties.TieTable.best_with_eht`,
read at every report and hand-over), the collaboration index (:func:`sim.network_kernel.known_by_schools`,
the best mean of trust and understanding per person) and the validation's network sample
(best trust and best understanding per sector, :func:`sim.validation.run.eht_ties`).

The same source is compiled twice: with mypyc, as a module of :data:`sim.native.MODULES`, for
the tie table, and with numba, from this file, for the collaboration index's kernel
(:mod:`sim.network_kernel`). It therefore uses only what both compile: indexing, float
arithmetic, a loop over a range. (numba's cache of the kernel does not notice a change here:
after changing this file, delete ``sim/__pycache__/network_kernel.*``.)
"""
from __future__ import annotations

from typing import Any


def best_decayed(rows: Any, start: int, stop: int, trust: Any, understanding: Any, last: Any, decay: Any,
                 day: int, w_trust: float, w_understanding: float) -> float:
    """The best value of the ties ``rows[start:stop]`` on ``day``: ``w_trust`` x trust plus
    ``w_understanding`` x understanding, each decayed by ``decay[days since they last met]``
    (the share a tie keeps after so many days without contact). 0 when there are none.

    Weights (1, 0) give the best decayed trust, (0, 1) the best decayed understanding, (0.5,
    0.5) the best mean of the two; each is exactly what computing that value alone gives (a
    weight of 0 adds an exact 0; halving is exact). A tie not stronger than the best before its
    decay is not decayed (a decayed tie is never stronger than it was)."""
    best = 0.0
    for i in range(start, stop):
        row = rows[i]
        t: float = trust[row]
        u: float = understanding[row] if w_understanding != 0.0 else 0.0
        if w_trust * t + w_understanding * u > best:
            d = day - last[row]
            f: float = decay[d if d > 0 else 0]
            value = w_trust * (t * f) + w_understanding * (u * f)
            if value > best:
                best = value
    return best
