"""The school's daily look at its pupils' absence, pupil by pupil, compiled (numba).

Every school day the mentors due to review compare their pupils' absence with the rungs of the
staircase, other staff may spot a pupil with high absence, and absence that persisted puts
notified pupils on the EHT agenda (:mod:`sim.school`). Written with whole-array numpy
operations this made some thirty passes over the pupils a day; here each look is one compiled
pass that lists the pupils concerned, in pupil order as before. The random draws stay with the
caller (numpy, the same stream, the same order and sizes), so the results are the same to the
last bit.

A pupil's absence share over the staircase window is ``absent / days`` (absent days counted in
the window, the window's length in days), the division of
:meth:`sim.population.Population.stair_share`. The scans compare the absent days with
:func:`rung`, the fewest absent days whose share reaches a threshold, which decides exactly as
comparing the shares would.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def rung(days, threshold):
    """The fewest absent days in a window of ``days`` whose share ``absent / days`` is at least
    ``threshold``: ``absent / days >= threshold`` exactly when ``absent >= rung(days, threshold)``
    (the rounded quotient grows with ``absent``)."""
    a = max(int(threshold * days) - 1, 0)
    while a / days < threshold:
        a += 1
    return a


@njit(cache=True, nogil=True)
def review(reviewed, absent, days, step, on_agenda, step1_threshold, cand):
    """The mentors review the ``reviewed`` pupils: a pupil at step 1 or 2 whose share fell back
    under the first rung leaves the staircase (step 0) unless she is on an EHT agenda; a pupil
    over the first rung and not yet notified (steps 0-1) is a candidate for the mentor to notice.
    Writes the candidates into ``cand``; returns how many."""
    k, first_rung = 0, rung(days, step1_threshold)
    for j in range(reviewed.size):
        i = reviewed[j]
        s = step[i]
        if absent[i] < first_rung:
            if s != 0 and s <= 2 and not on_agenda[i]:
                step[i] = 0
        elif s < 2:
            cand[k] = i
            k += 1
    return k


@njit(cache=True, nogil=True)
def notice(cand, u, klass, mentor_since, sdn, familiarity_days, prob_new, prob, absent, days,
           step2_threshold, step, step_since, first, second):
    """The mentor notices candidate ``cand[j]`` if ``u[j]`` falls below the notice probability
    (``prob_new`` for a mentor who has had the class for less than ``familiarity_days``). A
    noticed pupil at step 0 climbs to step 1 (contact with the guardians) today, and is written
    into ``first``; one over the second rung is written into ``second`` (the caller notifies the
    EHT). Returns how many of each."""
    n1 = n2 = 0
    second_rung = rung(days, step2_threshold)
    for j in range(cand.size):
        i = cand[j]
        p = prob_new if sdn - mentor_since[klass[i]] < familiarity_days else prob
        if not u[j] < p:
            continue
        if step[i] == 0:
            step[i] = 1
            step_since[i] = sdn
            first[n1] = i
            n1 += 1
        if absent[i] >= second_rung:
            second[n2] = i
            n2 += 1
    return n1, n2


@njit(cache=True, nogil=True)
def over(absent, days, step, threshold, cand):
    """The pupils not yet notified (steps 0-1) whose share is at least ``threshold``: the ones
    other staff may spot. Writes them into ``cand``; returns how many."""
    k, least = 0, rung(days, threshold)
    for i in range(step.size):  # without branches (which pupils qualify is unpredictable)
        cand[k] = i
        k += (step[i] < 2) & (absent[i] >= least)
    return k


@njit(cache=True, nogil=True)
def agenda_due(step, step_since, on_agenda, absent, days, since_by, step2_threshold, first, due):
    """The notified pupils (steps 2-5) not on an agenda whose last climb was on school day
    ``since_by`` or before: at step 2 the pupils still over the second rung, due for the step-3
    meeting (written into ``first``), at steps 3-5 all, due for a review (``due``). Returns how
    many of each."""
    notified = 0
    for i in range(step.size):  # without branches (which pupils are notified is unpredictable)
        due[notified] = i
        notified += step[i] >= 2
    n1 = n2 = 0
    second_rung = rung(days, step2_threshold)
    for j in range(notified):  # the notified pupils, listed in ``due`` and rewritten in place
        i = due[j]
        s = step[i]
        waited = (step_since[i] <= since_by) & ~on_agenda[i]
        first[n1] = i
        n1 += waited & (s == 2) & (absent[i] >= second_rung)
        due[n2] = i
        n2 += waited & (s >= 3)
    return n1, n2


@njit(cache=True, nogil=True)
def join_agenda(pupils, school, notified, day, first_place, on_agenda, agenda_school, agenda_place, agenda_notified,
                agenda_day):
    """``pupils`` (on no agenda) join the end of their school's agenda, in this order: their places
    are numbered from ``first_place``; ``notified``: for the step-3 meeting, else for a review."""
    for j in range(pupils.size):
        i = pupils[j]
        on_agenda[i] = True
        agenda_school[i] = school[i]
        agenda_place[i] = first_place + j
        agenda_notified[i] = notified
        agenda_day[i] = day


@njit(cache=True, nogil=True)
def take_up(on_agenda, agenda_school, agenda_place, meets, capacity, out):
    """The agenda items the meeting EHTs (``meets[school]``) take up: school after school, each
    the first ``capacity`` pupils on its agenda in order of arrival (``agenda_place``). Writes
    them into ``out`` in that order; returns how many."""
    k = 0
    for i in range(on_agenda.size):
        if on_agenda[i] and meets[agenda_school[i]]:
            out[k] = i
            k += 1
    waiting = out[:k]
    span = 1 + agenda_place[waiting].max() if k else 1
    waiting = waiting[np.argsort(agenda_school[waiting] * span + agenda_place[waiting])]  # school, then place
    n = taken = 0
    for j in range(k):
        i = waiting[j]
        if j == 0 or agenda_school[i] != agenda_school[waiting[j - 1]]:
            taken = 0
        if taken < capacity:
            out[n] = i
            n += 1
            taken += 1
    return n
