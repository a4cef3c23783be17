"""The one trust look-up, and the network's compiled sum (numba) for the collaboration index.

:func:`best_decayed` is "the best decayed tie between a school's EHT and some people", written
once: :meth:`sim.ties.TieTable.best_with_eht` (the school's trust in a sector, read at every
report and hand-over), :func:`known_by_schools` (the collaboration index, person by person)
and the validation's network sample (:func:`sim.validation.run.eht_ties`) all call it. It is
plain Python, so the tie table runs it as it is and the kernel compiles it with numba.

A module of its own, not compiled with mypyc, so that :mod:`sim.network` and the files split
out of it can be (:mod:`sim.native`).
"""
import numpy as np
from numba import njit


def best_decayed(rows, start, stop, trust, understanding, last, decay, day, w_trust, w_understanding):
    """The best value of the ties ``rows[start:stop]`` today: ``w_trust`` x trust plus
    ``w_understanding`` x understanding, each decayed by ``decay[days since they last met]``
    (the share a tie keeps after so many days without contact). 0 when there are none.

    Weights (1, 0) give the best decayed trust, (0, 1) the best decayed understanding, (0.5,
    0.5) the best mean of the two; each is exactly what computing that value alone gives (a
    weight of 0 adds an exact 0, halving is exact). A tie not stronger than the best before
    its decay is not decayed (a decayed tie is never stronger than it was)."""
    best = 0.0
    for i in range(start, stop):
        row = rows[i]
        t, u = trust[row], understanding[row]
        if w_trust * t + w_understanding * u > best:
            f = decay[max(day - last[row], 0)]
            value = w_trust * (t * f) + w_understanding * (u * f)
            if value > best:
                best = value
    return best


_best_decayed = njit(cache=True, nogil=True)(best_decayed)


@njit(cache=True, nogil=True)
def known_by_schools(day, school, rank, ends_a, ends_b, last, trust, understanding, decay, n_schools, sizes):
    """The sum over schools and sectors of how well the school's EHT knows the sector's people:
    each person's best tie with a member of the school's EHT (:func:`best_decayed`, the mean of
    its decayed trust and understanding), summed person by person in the order of their
    ``rank`` (-1: of no sector; the ranks run sector by sector, ``sizes`` people each), over the
    sector's size; added up school by school, sector by sector. ``school``: each person's
    school if an EHT member, else -1; ``decay``: the share a tie keeps after so many days.
    (Compiled: the two dozen whole-array steps it replaces took 2 ms more of a 20,000-pupil
    year, 5 ms more with SKIFO's many ties; the sums are added in the same order.)"""
    n_sectors = sizes.size
    keys = np.empty(ends_a.size, dtype=np.int64)  # person * n_schools + school, per tie between them
    rows = np.empty(ends_a.size, dtype=np.int64)
    k = 0
    for row in range(ends_a.size):
        a, b = ends_a[row], ends_b[row]
        who, where = (rank[a], school[b]) if rank[a] >= 0 else (rank[b], school[a])
        if who >= 0 and where >= 0:
            keys[k], rows[k] = who * n_schools + where, row
            k += 1
    sector = np.repeat(np.arange(n_sectors), sizes)
    total = np.zeros(n_schools * n_sectors)
    order = np.argsort(keys[:k])
    by_key = rows[order]  # the ties, person by person, school by school
    j = 0
    while j < k:  # each pair's ties, and the best of them
        key = keys[order[j]]
        end = j + 1
        while end < k and keys[order[end]] == key:
            end += 1
        best = _best_decayed(by_key, j, end, trust, understanding, last, decay, day, 0.5, 0.5)
        total[key % n_schools * n_sectors + sector[key // n_schools]] += best
        j = end
    out = 0.0
    for s in range(n_schools):
        for c in range(n_sectors):
            out += total[s * n_sectors + c] / sizes[c]
    return out
