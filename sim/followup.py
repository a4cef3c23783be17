"""The pupils in need, followed for a year from the onset of their absence.

**Who is in need** is decided from what happens before any agency responds: an episode of
problematic absence reaches *onset* (the trailing absence over ``onset_window`` school days
reaches ``onset_threshold``) and the episode *worsens on its own* (the pupil's risk lies above
``need_risk``: a trait drawn with the pupil, not a judgement of any professional). That is the
``NEEDS_HELP`` event of the case log. Only onsets on or after ``measure_from_day`` (the end of
a warm-up, 0 without one) count.

On common random numbers two scenarios see the same pupils, illnesses and life events, so an
episode that no help reaches before onset reaches onset with need on the same day in every
scenario. The cohorts can differ in two ways. A pupil's *next* episode: a life event starts an
episode only in a pupil who is not in one already, and help ends episodes sooner or later. And
help that acts before onset: the staircase counts all absence, illness too, so the school may
act on a pupil outside an episode, and help started then (or after her last episode ended)
stays in place and acts on her next episode from its first day - how strongly depends on the
organisation (the guardians' consent, asked for in SKIFO, strengthens all her help). See
``tests/test_benefit.py`` for how far they differ.

**Follow-up**: each pupil in need is followed over the school days of the 365 calendar days
after onset (the onset day included), while the pupil is in compulsory school (a pupil who
leaves after grade 9 is followed until the summer she leaves). Recorded, per pupil in need:

* the school days absent and the school days followed;
* the first school day on which the trailing absence (the onset window) is back under the onset
  threshold: *recovered*;
* the first school day on which help *acts* on the pupil's absence: some support (a school
  measure, a social-services intervention, BUP treatment, a coordinated plan) lowers the
  pupil's daily absence logit by more than zero - strength x ramp-up x efficacy x consent x
  ``support_per_day``, exactly as the daily kernel applies it (:func:`sim.attendance.episode_day`).
  Help that is decided but has no effect (a plan of strength 0) is not effective help;
* the *dose* of each kind of help: the logit reduction it delivered, summed over the school
  days followed (how school days regained split by the kind of help).

This is one compiled pass over the pupils in follow-up each school day (at 1,600 pupils some
sixty of them, at 20,000 some 700: a few microseconds): the daily loop over all pupils is untouched.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from .population import SUPPORT_KINDS

if TYPE_CHECKING:
    from .params import Attendance
    from .population import Population

FOLLOW_UP_DAYS = 365  # calendar days from onset


@njit(cache=True, nogil=True)
def follow_day(day, rows, pupils, absent, roll_onset, recovered_below, in_episode, supported, strength, start, ramp_days,
               efficacy, joint, support_per_day, f_absent, f_followed, f_recovered, f_helped, f_kind, f_dose):
    """One school day of the pupils in follow-up (cohort ``rows``, pupil slots ``pupils``):
    count the day and the absence; the day the trailing absence is first back under
    ``recovered_below`` days of the onset window; each kind's absence-logit reduction today, as
    :func:`sim.attendance.episode_day` applied it (strength x ramp-up x efficacy, x consent and
    ``support_per_day``, for a pupil in her episode with help); the first day any is above zero,
    and its kind. ``strength``, ``start``, ``ramp_days`` and ``efficacy`` are the population's
    ``support_*`` arrays, indexed [kind, pupil]."""
    for j in range(rows.size):
        r, i = rows[j], pupils[j]
        f_followed[r] += 1
        if absent[i]:
            f_absent[r] += 1
        if f_recovered[r] < 0 and roll_onset[i] < recovered_below:
            f_recovered[r] = day
        if in_episode[i] and supported[i]:
            scale = support_per_day * joint[i]
            first = -1
            for k in range(strength.shape[0]):
                ramp = min(max((day - start[k, i]) / ramp_days[k, i], 0.0), 1.0)
                level = strength[k, i] * ramp * efficacy[k, i] * scale
                f_dose[r, k] += level
                if level > 0 and first < 0:
                    first = k
            if first >= 0 and f_helped[r] < 0:
                f_helped[r] = day
                f_kind[r] = first


class FollowUp:
    """The cohort of pupils in need and what the year after onset brought each of them.

    Built with what it reads: the pupils (``pop``: today's onsets, their need, absence and the
    help acting on them), the ``attendance`` section of the parameters (the onset window and
    threshold, ``support_per_day``) and ``measure_from_day`` (onsets before it are not
    followed: the warm-up). Others read :meth:`table` (``sim/outcomes.py``) and :meth:`so_far`
    (the app)."""

    def __init__(self, *, pop: "Population", attendance: "Attendance", measure_from_day: int = 0) -> None:
        self.pop = pop
        self.attendance = attendance
        self.measure_from_day = measure_from_day
        self.pupil: list[int] = []
        self.case: list[int] = []
        self.onset: list[int] = []
        self.low_resource: list[bool] = []
        n_kinds = len(SUPPORT_KINDS)
        cap = 64
        self._absent = np.zeros(cap, dtype=np.int32)
        self._followed = np.zeros(cap, dtype=np.int32)
        self._end = np.zeros(cap, dtype=np.int64)     # last calendar day of follow-up (onset + 364, or leaving)
        self._recovered = np.full(cap, -1, dtype=np.int64)
        self._helped = np.full(cap, -1, dtype=np.int64)
        self._help_kind = np.full(cap, -1, dtype=np.int8)
        self._dose = np.zeros((cap, n_kinds))
        self._active = np.zeros(0, dtype=np.int64)  # cohort rows in follow-up
        self._active_pupil = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.pupil)

    def _grow(self, n: int) -> None:
        cap = self._absent.size
        if n <= cap:
            return
        size = max(n, 2 * cap)
        for name in ("_absent", "_followed", "_end", "_recovered", "_helped", "_help_kind", "_dose"):
            old = getattr(self, name)
            fill = -1 if name in ("_recovered", "_helped", "_help_kind") else 0
            new = np.full((size,) + old.shape[1:], fill, dtype=old.dtype)
            new[:cap] = old
            setattr(self, name, new)

    def daily(self, day: int, school_day: bool) -> None:
        """A school day: follow today's onsets (the population's ``onset_today``)."""
        if school_day:
            self.school_day(day, self.pop.onset_today)

    def school_day(self, day: int, onset: np.ndarray) -> None:
        """After the day's attendance: enrol today's onsets with need, and record the day of
        every pupil in follow-up."""
        pop = self.pop
        if onset.size and day >= self.measure_from_day:
            need = onset[pop.needs_help[onset]]
            if need.size:
                start = len(self.pupil)
                self._grow(start + need.size)
                self.pupil.extend(need.tolist())
                self.case.extend(pop.episode_id[need].tolist())
                self.onset.extend([day] * need.size)
                self.low_resource.extend(pop.low_resource[need].tolist())
                rows = np.arange(start, start + need.size)
                self._end[rows] = day + FOLLOW_UP_DAYS - 1
                self._active = np.concatenate([self._active, rows])
                self._active_pupil = np.concatenate([self._active_pupil, need.astype(np.int64)])
        if self._active.size == 0:
            return
        keep = self._end[self._active] >= day
        if not keep.all():
            self._active, self._active_pupil = self._active[keep], self._active_pupil[keep]
        a = self.attendance
        follow_day(day, self._active, self._active_pupil, pop.absent, pop.roll_onset, a.onset_threshold * a.onset_window,
                   pop.in_episode, pop.supported, pop.support_strength, pop.support_start, pop.support_ramp,
                   pop.support_efficacy, pop.joint, a.support_per_day,
                   self._absent, self._followed, self._recovered, self._helped, self._help_kind, self._dose)

    def left_school(self, pupils: np.ndarray, day: int) -> None:
        """``pupils`` left compulsory school (after grade 9): their follow-up ends."""
        if self._active.size == 0 or pupils.size == 0:
            return
        gone = np.isin(self._active_pupil, pupils)
        self._end[self._active[gone]] = np.minimum(self._end[self._active[gone]], day - 1)

    def so_far(self, day: int) -> dict[str, float]:
        """The pupils in need up to ``day`` (a live view: the app's read-out): how many, how many
        help has acted on and how many are back under the threshold, and the school days absent
        per pupil in need in the part of their year of follow-up that has passed."""
        n = len(self.pupil)
        if n == 0:
            return {"pupils_in_need": 0.0, "effective_help": 0.0, "recovered": 0.0, "absence_days_per_pupil": float("nan")}
        return {"pupils_in_need": float(n), "effective_help": float(np.count_nonzero(self._helped[:n] >= 0)),
                "recovered": float(np.count_nonzero(self._recovered[:n] >= 0)),
                "absence_days_per_pupil": float(self._absent[:n].mean())}

    def table(self) -> dict[str, np.ndarray]:
        """One row per pupil in need: onset, end of follow-up, school days absent and followed,
        day recovered and day first helped (-1: not within follow-up), kind of that help
        (index into ``SUPPORT_KINDS``) and the dose of each kind."""
        n = len(self.pupil)
        return {
            "pupil": np.array(self.pupil, dtype=np.int64),
            "case": np.array(self.case, dtype=np.int64),
            "onset": np.array(self.onset, dtype=np.int64),
            "low_resource": np.array(self.low_resource, dtype=bool),
            "end": self._end[:n].copy(),
            "absent": self._absent[:n].copy(),
            "followed": self._followed[:n].copy(),
            "recovered": self._recovered[:n].copy(),
            "helped": self._helped[:n].copy(),
            "help_kind": self._help_kind[:n].copy(),
            "dose": self._dose[:n].copy(),
        }
