"""The pupils in need, followed for a year from the onset of their absence.

**Who is in need** is decided from what happens before any agency responds: an episode of
problematic absence reaches *onset* (the trailing absence over ``onset_window`` school days
reaches ``onset_threshold``) and the episode *worsens on its own* (the pupil's risk lies above
``need_risk``: a trait drawn with the pupil, not a judgement of any professional). That is the
``NEEDS_HELP`` event of the case log. Only onsets on or after ``model.measure_from_day`` (the
end of a warm-up, 0 without one) count.

On common random numbers two scenarios see the same pupils, illnesses and life events, and the
school acts only after onset, so an episode that reaches onset with need does so on the same day
in every scenario. The one way the cohorts can differ is a pupil's *next* episode: a life event
starts an episode only in a pupil who is not in one already, and help ends episodes sooner or
later; see ``tests/test_outcomes.py`` for how far they differ.

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

This is a handful of numpy operations on the pupils in follow-up each school day (at 1,600
pupils some sixty of them): the daily loop over all pupils is untouched.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .population import SUPPORT_KINDS

if TYPE_CHECKING:
    from .model import SchoolModel

FOLLOW_UP_DAYS = 365  # calendar days from onset


class FollowUp:
    """The cohort of pupils in need and what the year after onset brought each of them."""

    def __init__(self, model: "SchoolModel") -> None:
        self.model = model
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

    def school_day(self, day: int, onset: np.ndarray) -> None:
        """After the day's attendance: enrol today's onsets with need, and record the day of
        every pupil in follow-up."""
        pop = self.model.pop
        if onset.size and day >= getattr(self.model, "measure_from_day", 0):
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
        rows, pupils = self._active, self._active_pupil
        self._absent[rows] += pop.absent[pupils]
        self._followed[rows] += 1
        a = self.model.params.attendance
        # recovered: the trailing absence over the onset window back under the threshold
        back = (self._recovered[rows] < 0) & (pop.roll_onset[pupils] < a.onset_threshold * a.onset_window)
        self._recovered[rows[back]] = day
        # help acting today, kind by kind, as the daily kernel applied it
        support = pop._support[pupils]  # (pupil, field, kind): strength, start, ramp, efficacy
        ramp = np.clip((day - support[:, 1, :]) / support[:, 2, :], 0.0, 1.0)
        acting = pop.in_episode[pupils] & pop.supported[pupils]
        level = support[:, 0, :] * ramp * support[:, 3, :] * (a.support_per_day * pop.joint[pupils] * acting)[:, None]
        self._dose[rows] += level
        first = (self._helped[rows] < 0) & (level > 0).any(axis=1)
        if first.any():
            self._helped[rows[first]] = day
            self._help_kind[rows[first]] = np.argmax(level[first] > 0, axis=1)

    def left_school(self, pupils: np.ndarray, day: int) -> None:
        """``pupils`` left compulsory school (after grade 9): their follow-up ends."""
        if self._active.size == 0 or pupils.size == 0:
            return
        gone = np.isin(self._active_pupil, pupils)
        self._end[self._active[gone]] = np.minimum(self._end[self._active[gone]], day - 1)

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
