"""The network's compiled sum (numba): how well each school's EHT knows the other sectors'
people, for the collaboration index (:meth:`sim.network.ProfessionalNetwork.collaboration_index`).
A module of its own so that :mod:`sim.network` can be compiled with mypyc (:mod:`sim.native`)."""
import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def known_by_schools(day, school, rank, ends_a, ends_b, last, trust, understanding, decay, n_schools, sizes):
    """The sum over schools and sectors of how well the school's EHT knows the sector's people:
    each person's best tie with a member of the school's EHT (the mean of its decayed trust and
    understanding), summed person by person in the order of their ``rank`` (-1: of no sector;
    the ranks run sector by sector, ``sizes`` people each), over the sector's size; added up
    school by school, sector by sector. ``school``: each person's school if an EHT member, else
    -1; ``decay``: the share a tie keeps after so many days. (Compiled: the two dozen whole-array
    steps it replaces took 2 ms more of a 20,000-pupil year, 5 ms more with SKIFO's many ties;
    the sums are added in the same order.)"""
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
    j = 0
    while j < k:  # person by person, school by school: the best of the pair's ties
        key, best = keys[order[j]], -1.0
        while j < k and keys[order[j]] == key:
            row = rows[order[j]]
            f = decay[max(day - last[row], 0)]
            value = 0.5 * (trust[row] * f + understanding[row] * f)
            if value > best:
                best = value
            j += 1
        total[key % n_schools * n_sectors + sector[key // n_schools]] += best
    out = 0.0
    for s in range(n_schools):
        for c in range(n_sectors):
            out += total[s * n_sectors + c] / sizes[c]
    return out
