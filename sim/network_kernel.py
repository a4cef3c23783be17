"""The network's compiled sum (numba): how well each school's EHT knows the other sectors'
people, for the collaboration index (:meth:`sim.collaboration_index.CollaborationIndex.value`).
A module of its own so that :mod:`sim.network` and the files split out of it can be compiled
with mypyc (:mod:`sim.native`).

The best tie of each person with each school's EHT is the network's one trust look-up,
:func:`sim.best_tie.best_decayed`, compiled here with numba from its source file (the tie
table runs the same source compiled with mypyc).
"""
import importlib.util
import sys
from pathlib import Path

import numpy as np
from numba import njit


def _source(name: str):
    """The module ``sim.<name>`` as Python, from its source file (even when mypyc built it)."""
    spec = importlib.util.spec_from_file_location(f"sim.{name}_source", Path(__file__).with_name(f"{name}.py"))
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # (numba's cache finds it by name)
    spec.loader.exec_module(module)
    return module


_best_decayed = njit(cache=True, nogil=True)(_source("best_tie").best_decayed)


@njit(cache=True, nogil=True)
def known_by_schools(day, school, rank, ends_a, ends_b, last, trust, understanding, decay, n_schools, sizes):
    """The sum over schools and sectors of how well the school's EHT knows the sector's people:
    each person's best tie with a member of the school's EHT (:func:`sim.best_tie.best_decayed`, the mean of
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
