"""The school's response to absence: the mentors' reviews, other staff spotting a pupil, and the
attendance staircase each pupil stands on ([Orust-2023] L459-489, report 000; docs/sources.md):

1. absence share >= 10 %: the mentor contacts the guardians;
2. >= 15 %: the mentor talks with the pupil and notifies the pupil-health team (EHT) -
   the school has now *detected* the case (other staff may also spot the pupil, 000 L962-1011);
3. at the next EHT meeting: meeting with pupil and guardians, extra adaptations, a report of
   concern *if needed*;
4. absence persists: special support with an action programme, an application to the
   cross-sector forum where there is one, the principal notifies the organiser (huvudman);
5. still persists: a report of concern always.

This file holds steps 1-2, the detection (``docs/ODD.md`` 7.4): mentors look at the share over
the staircase window only when they review the class, and a mentor new to the class notices
less. Steps 3-5 are the EHT's: its agenda, its meetings and its decisions are in
:mod:`sim.eht` (``docs/ODD.md`` 7.5). :class:`SchoolResponse` holds both and runs the school's
day in this order: mentors' reviews, staff spotting, persistence (who comes on an agenda), EHT
meetings.
"""
from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Callable

import numpy as np

from . import caselog as ev
from . import staircase_kernel as kernel
from .eht import PupilHealthTeams, open_cases
from .population import Population

if TYPE_CHECKING:
    from .calendar import SchoolCalendar
    from .handovers import HandOvers
    from .params import EHT, Staircase


class SchoolResponse:
    """The staircase state of every pupil, the mentors and other staff who notice absence, and the
    EHT of every school (``eht``, :class:`sim.eht.PupilHealthTeams`).

    Built with what it uses (no model): the sections ``staircase`` and ``eht`` of the
    parameters, the pupils (``pop``), the school ``calendar``, the case ``log``, and two random
    streams: ``rng`` (the mentors' and other staff's noticing) and ``rng_eht`` (the EHTs'
    cancellations and reports at step 3). After the agencies are built, the case's pathway comes
    by :meth:`connect` and the forum's pending applications by :meth:`connect_forum`.

    Public state others read: ``step`` (each pupil's staircase step, 0-5), ``on_agenda`` and
    :meth:`agenda_length`.

    Statistics (read by sim/outcomes.py): ``meetings_held`` and ``meetings_cancelled`` (EHT
    meetings since the warm-up ended), ``agenda_waits`` (days each agenda item waited for its
    meeting) - the EHT's, read here."""

    def __init__(self, *, staircase: "Staircase", eht: "EHT", pop: Population, calendar: "SchoolCalendar",
                 log: ev.CaseLog, rng: np.random.Generator, rng_eht: np.random.Generator) -> None:
        self.stair = staircase
        self.pop = pop
        self.calendar = calendar
        self.log = log
        self.rng = rng
        n = pop.n
        self.step = np.zeros(n, dtype=np.int8)
        self.step_since = np.zeros(n, dtype=np.int32)  # school-day number of the last climb
        self.eht = PupilHealthTeams(eht=eht, staircase=staircase, pop=pop, calendar=calendar, log=log, rng=rng_eht,
                                    step=self.step, step_since=self.step_since)
        self.mentor_since = np.full(pop.n_classes, -10_000, dtype=np.int32)
        # the pupils whose mentors review on school day sdn: review_groups[-sdn % interval]
        interval = staircase.mentor_review_interval
        self.review_groups = [np.flatnonzero(pop.klass % interval == r) for r in range(interval)]
        self._buf, self._buf2, self._buf3 = (np.empty(n, dtype=np.int64) for _ in range(3))  # the scans' lists of pupils

    # ------------------------------------------------------------------ wiring
    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects), to the school and its EHTs."""
        self.pathway = pathway
        self.eht.connect(pathway)

    def connect_forum(self, pending: Callable[[np.ndarray], np.ndarray]) -> None:
        """Where the EHT asks whether a pupil's case waits for the cross-sector forum (applied,
        not yet decided): a function of pupils giving one flag each (the coordination's
        ``pending``). Until connected, or without a forum, nothing is pending."""
        self.eht.connect_forum(pending)

    def reset_counts(self) -> None:
        """The end of the warm-up: the EHTs' meetings and agenda waits are counted from here."""
        self.eht.reset_counts()

    # ------------------------------------------------------------------ what others read
    @property
    def meetings_held(self) -> int:
        """EHT meetings held since the warm-up ended."""
        return self.eht.meetings_held

    @property
    def meetings_cancelled(self) -> int:
        """EHT meetings cancelled since the warm-up ended."""
        return self.eht.meetings_cancelled

    @property
    def agenda_waits(self) -> array:
        """Days each EHT agenda item taken up since the warm-up ended waited for its meeting."""
        return self.eht.agenda_waits

    @property
    def on_agenda(self) -> np.ndarray:
        """Per pupil: whether she is on her school's EHT agenda."""
        return self.eht.on_agenda

    def agenda_length(self) -> int:
        """Pupils on all agendas together."""
        return self.eht.agenda_length()

    # ------------------------------------------------------------------ the day
    def daily(self, day: int, school_day: bool) -> None:
        """A school day: the staircase's reviews, spotting, persistence and EHT meetings."""
        if school_day:
            self.school_day(day, int(self.calendar.school_day_number[day]))

    def school_day(self, day: int, sdn: int) -> None:
        """Today's attendance is drawn, so the shares over the staircase window are fixed for the day."""
        self.mentor_reviews(day, sdn)
        self.staff_spotting(day, sdn)
        self.eht.persistence(day, sdn)
        self.eht.meetings(day, sdn)

    def _window(self) -> tuple[np.ndarray, int]:
        """Each pupil's absent days over the staircase window and the window's length: the share
        is their quotient (:meth:`sim.population.Population.stair_share`)."""
        pop = self.pop
        return pop.roll_stair, pop.window_days(self.stair.window)

    def mentor_reviews(self, day: int, sdn: int) -> None:
        """Mentors whose review day it is compare each pupil's share with the rungs: pupils at
        steps 1-2 back under the first rung leave the staircase (unless on an agenda); the mentor
        may notice a pupil over it, who climbs to step 1, and over the second rung to step 2."""
        st, pop = self.stair, self.pop
        absent, days = self._window()
        reviewed = self.review_groups[-sdn % len(self.review_groups)]
        cand = self._buf[: reviewed.size]
        k = kernel.review(reviewed, absent, days, self.step, self.eht.on_agenda, st.step1_threshold, cand)
        if k == 0:
            return
        u = self.rng.random(k)
        first, second = self._buf2, self._buf3
        n1, n2 = kernel.notice(cand[:k], u, pop.klass, self.mentor_since, sdn, st.mentor_familiarity_days,
                               st.mentor_notice_prob_new, st.mentor_notice_prob, absent, days, st.step2_threshold,
                               self.step, self.step_since, first, second)
        first = first[:n1].copy()  # the buffers are reused: what is passed on is a copy
        self.log.add_many(day, first, open_cases(self.pop, first), ev.STEP1)
        if n2:
            self._detect(second[:n2].copy(), day, sdn, ev.STEP2)

    def staff_spotting(self, day: int, sdn: int) -> None:
        """Other staff may spot a pupil not yet notified whose share is at or over their threshold."""
        st = self.stair
        absent, days = self._window()
        k = kernel.over(absent, days, self.step, st.staff_spot_threshold, self._buf)
        if k:
            cand = self._buf[:k]
            spotted = cand[self.rng.random(k) < st.staff_spot_prob]
            if spotted.size:
                self._detect(spotted, day, sdn, ev.SPOTTED)

    def _detect(self, pupils: np.ndarray, day: int, sdn: int, how: str, cases: np.ndarray | None = None) -> None:
        """The school has detected ``pupils`` (``how``: the mentor's step 2 or another's spotting):
        they stand on step 2 and the EHT is notified."""
        log = self.log
        cases = open_cases(self.pop, pupils) if cases is None else cases
        log.add_many(day, pupils, cases, how)
        log.add_many(day, pupils, cases, ev.DETECTION, how)
        self.step[pupils] = 2
        self.step_since[pupils] = sdn
        self.pathway.staircase_step(pupils, 2, day)

    # ------------------------------------------------------------ year change
    def new_pupils(self, slots: np.ndarray) -> None:
        """New pupils in ``slots`` (the ones who left made room): off the staircase and any agenda."""
        self.step[slots] = 0
        self.eht.leave(slots)

    def new_mentors(self, classes: np.ndarray, sdn: int) -> None:
        """``classes`` got a new mentor on school day ``sdn``: she knows the pupils less at first."""
        self.mentor_since[classes] = sdn
