"""The daily attendance rules, pupil by pupil, compiled (numba).

:meth:`sim.population.Population.attend` is the model's inner loop: every pupil, every school
day. Written with whole-array numpy operations it made some forty passes over the pupils a day
(16.5 ns per pupil-school-day at 20,000 pupils, ``benchmarks/results.md`` at commit dfcfc07);
here each rule is applied to one pupil after the other in two compiled passes. The arithmetic is
the numpy version's, operation for operation, so the results are the same to the last bit: the
one function whose compiled and numpy versions round differently, ``exp``, stays in numpy
(``p_away`` is worked out by the caller for the pupils in an episode). The burn-in before a run
(:func:`burn_in_episodes`) draws its own numbers in one compiled call.

The rules (docs/ODD.md 7.1-7.4) are described in :mod:`sim.population`.
"""
from __future__ import annotations

import numpy as np
from numba import njit

# A pupil's day draws 64 random bits: the high 32 make the first uniform, the low 32 the second
# (k / 2**32: a grid of 2**32 values on [0, 1), fine enough for every rescaled use below).
_HIGH = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)
_UNIT = 2.0 ** -32


@njit(inline="always")
def first_uniform(bits):
    return (bits >> _HIGH) * _UNIT


@njit(inline="always")
def second_uniform(bits):
    return (bits & _LOW) * _UNIT


@njit(cache=True, nogil=True)
def illness_and_life_events(bits, ill, in_episode, ill_start, ill_cont, shock_prob, started, rest, ep):
    """Illness spells start or go on (``u0 < p_ill``, ``u0`` the first uniform of the pupil's
    ``bits``); a pupil not in an episode whose ``u0`` also falls below ``p_ill + shock_prob``
    may have a life event: what is left of ``u0`` after the illness decision, rescaled, decides
    it. Writes the pupils whose episode starts and that rescaled uniform into ``started`` and
    ``rest``, and every pupil in an episode now (those starting included) into ``ep``; returns
    how many of each."""
    k = m = 0
    for i in range(bits.size):
        p = ill_cont if ill[i] else ill_start[i]
        x = first_uniform(bits[i])
        now_ill = x < p
        ill[i] = now_ill
        if in_episode[i]:
            ep[m] = i
            m += 1
        elif x < p + shock_prob[i]:
            r = x / p if now_ill else (x - p) / (1.0 - p)
            if r < shock_prob[i]:
                started[k] = i
                rest[k] = r
                k += 1
                ep[m] = i
                m += 1
    return k, m


@njit(cache=True, nogil=True)
def episode_day(day, ep, p_away, bits, absent, valid, severity, drift, supported, support, joint,
                momentum, valid_share, support_per_day):
    """One school day of the pupils in an episode (``ep``, with ``p_away = sigmoid(severity)``):
    the pupil is away with ``p_away`` (decided by the second uniform of her ``bits``), part of
    it reported as valid (``absent`` and ``valid`` hold the day's illness before); the severity
    moves by momentum and drift and is pulled down by active support (strength x ramp-up x
    efficacy per kind, summed kind after kind, x ``joint``), capped at 4."""
    for j in range(ep.size):
        i = ep[j]
        x = second_uniform(bits[i])
        away = x < p_away[j]
        if away:
            absent[i] = True
            if x < p_away[j] * valid_share:
                valid[i] = True
        step = (momentum if away else -momentum) + drift[i]
        if supported[i]:
            level = 0.0
            for k in range(support.shape[2]):  # kind after kind (the order fixes the rounding)
                ramp = min(max((day - support[i, 1, k]) / support[i, 2, k], 0.0), 1.0)
                level += support[i, 0, k] * ramp * support[i, 3, k]
            step -= support_per_day * (level * joint[i])
        severity[i] = min(severity[i] + step, 4.0)


@njit(cache=True, nogil=True)
def onset_and_end(day, ep, onset_day, roll_onset, onset_days, needs_help, drift, severity, end_logit,
                  in_episode, supported, support, onset, ended):
    """An episode reaches onset when the onset window holds ``onset_days`` absent days (the
    case needs more than the school if it worsens on its own, ``drift > 0``), and ends, with
    all its help, when the severity falls below ``end_logit``. Writes those pupils into
    ``onset`` and ``ended``; returns how many of each."""
    n_onset = n_ended = 0
    for j in range(ep.size):
        i = ep[j]
        if onset_day[i] == -1 and roll_onset[i] >= onset_days:
            onset_day[i] = day
            needs_help[i] = drift[i] > 0
            onset[n_onset] = i
            n_onset += 1
        if severity[i] < end_logit:
            in_episode[i] = False
            support[i, 0, :] = 0.0
            supported[i] = False
            ended[n_ended] = i
            n_ended += 1
    return n_onset, n_ended


@njit(cache=True)
def burn_in_episodes(rng, days, chance, bup_need_prob, start_logit, risk, drift, momentum, end_logit,
                     in_episode, severity, episode_start, bup_need, episode_id, next_id):
    """The episodes of the school days ``days`` before a run, drawn from the generator ``rng``
    (no school response, no help; see :meth:`sim.population.Population.burn_in`).

    A pupil outside an episode has a life event with the same chance, ``chance``, every school
    day, so the days to her next one are drawn at once (geometric) and she waits in that day's
    list. An episode starts needing BUP with ``bup_need_prob`` and at severity ``start_logit +
    0.5 risk + 0.5 N(0, 1)``; each day the pupil is away with ``sigmoid(severity)``, the severity
    moves by momentum and drift (capped at 4), and the episode ends below ``end_logit``. (The
    burn-in draws its own numbers, so it uses the compiled ``exp``.) Returns the next free
    episode id."""
    n, n_days = chance.size, days.size
    first = np.full(n_days, -1, np.int64)  # per day: the first pupil whose next life event comes then
    then = np.full(n, -1, np.int64)  # per pupil: the next pupil in the same day's list
    for i in range(n):
        if chance[i] > 0:
            b = rng.geometric(chance[i]) - 1
            if b < n_days:
                then[i], first[b] = first[b], i
    ep, starts = np.empty(n, np.int64), np.empty(n, np.int64)  # the pupils in an episode; a day's starts
    m = 0
    for i in range(n):
        if in_episode[i]:
            ep[m] = i
            m += 1
    for b in range(n_days):
        k, i = 0, first[b]
        while i >= 0:
            starts[k] = i
            k += 1
            i = then[i]
        for i in np.sort(starts[:k]):  # in the order of the pupils' places
            bup_need[i] = rng.random() < bup_need_prob[i]
            severity[i] = start_logit + 0.5 * risk[i] + 0.5 * rng.standard_normal()
            in_episode[i] = True
            episode_start[i] = days[b]
            episode_id[i] = next_id
            next_id += 1
            ep[m] = i
            m += 1
        going_on = 0
        for j in range(m):
            i = ep[j]
            away = rng.random() < 1.0 / (1.0 + np.exp(-severity[i]))
            severity[i] = min(severity[i] + (momentum if away else -momentum) + drift[i], 4.0)
            if severity[i] < end_logit:
                in_episode[i] = False
                if chance[i] > 0:
                    later = b + rng.geometric(chance[i])
                    if later < n_days:
                        then[i], first[later] = first[later], i
            else:
                ep[going_on] = i
                going_on += 1
        m = going_on
    return next_id
