"""The school's response: absence monitoring, the attendance staircase, EHT meetings, measures.

The staircase of [Orust-2023] L459-489 (report 000; docs/sources.md):

1. absence share >= 10 %: the mentor contacts the guardians;
2. >= 15 %: the mentor talks with the pupil and notifies the pupil-health team (EHT) -
   the school has now *detected* the case (other staff may also spot the pupil, 000 L962-1011);
3. at the next EHT meeting: meeting with pupil and guardians, extra adaptations, a report of
   concern *if needed*;
4. absence persists: special support with an action programme, an application to the
   cross-sector forum where there is one, the principal notifies the organiser (huvudman);
5. still persists: a report of concern always.

Mentors look at the share over the staircase window only when they review the class, and a
mentor new to the class notices less. Each school's EHT meets on its own cadence on school
days only (no meetings in breaks), some meetings are cancelled, and each meeting handles at
most ``cases_per_meeting`` agenda items: the rest wait for the next meeting.

Each school's agenda is a queue in order of arrival. A pupil is on at most one agenda at a
time, so the queues are kept as one entry per pupil (school, place in the queue, reason, day
put on) rather than as a list per school; ``agenda`` shows them as lists.
"""
from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Callable

import numpy as np

from . import caselog as ev
from . import staircase_kernel as kernel
from .population import ADAPTATION, SPECIAL_SUPPORT, Population

if TYPE_CHECKING:
    from .calendar import SchoolCalendar
    from .handovers import HandOvers
    from .params import EHT, Staircase

NOTIFIED, REVIEW = "notified", "review"


def nothing_pending(pupils: np.ndarray) -> np.ndarray:
    """Where there is no cross-sector forum, no pupil's case waits for one."""
    return np.zeros(pupils.size, dtype=bool)


class SchoolResponse:
    """The staircase state of every pupil and the EHT of every school.

    Built with what it uses (no model): the sections ``staircase`` and ``eht`` of the
    parameters, the pupils (``pop``), the school ``calendar``, the case ``log``, and two random
    streams: ``rng`` (the mentors' and other staff's noticing) and ``rng_eht`` (the EHTs'
    cancellations and reports at step 3). After the agencies are built, the case's pathway comes
    by :meth:`connect` and the forum's pending applications by :meth:`connect_forum`.

    Public state others read: ``step`` (each pupil's staircase step, 0-5) and
    :meth:`agenda_length`.

    Statistics (read by sim/outcomes.py): ``meetings_held`` and ``meetings_cancelled`` (EHT
    meetings since the warm-up ended), ``agenda_waits`` (days each agenda item waited for its
    meeting)."""

    def __init__(self, *, staircase: "Staircase", eht: "EHT", pop: Population, calendar: "SchoolCalendar",
                 log: ev.CaseLog, rng: np.random.Generator, rng_eht: np.random.Generator) -> None:
        self.stair = staircase
        self.eht = eht
        self.pop = pop
        self.calendar = calendar
        self.log = log
        self.rng = rng
        self.rng_eht = rng_eht
        self.forum_pending: Callable[[np.ndarray], np.ndarray] = nothing_pending
        n = pop.n
        self.step = np.zeros(n, dtype=np.int8)
        self.step_since = np.zeros(n, dtype=np.int32)  # school-day number of the last climb
        # the agenda entry of each pupil: on an agenda, which school's, its place in the order of
        # arrival (a number that only grows), why (the step-3 meeting or a review), and the day put on
        self.on_agenda = np.zeros(n, dtype=bool)
        self.agenda_school = np.zeros(n, dtype=np.int64)
        self.agenda_place = np.zeros(n, dtype=np.int64)
        self.agenda_notified = np.zeros(n, dtype=bool)
        self.agenda_day = np.zeros(n, dtype=np.int64)
        self._arrivals = 0
        self.mentor_since = np.full(pop.n_classes, -10_000, dtype=np.int32)
        # the pupils whose mentors review on school day sdn: review_groups[-sdn % interval]
        interval = staircase.mentor_review_interval
        self.review_groups = [np.flatnonzero(pop.klass % interval == r) for r in range(interval)]
        first = int(calendar.school_days()[0])
        self.next_meeting = np.array([first + s % min(eht.interval_days, 5) for s in range(pop.n_schools)])
        self.meetings_held = 0
        self.meetings_cancelled = 0
        self.eht_hours = 0.0
        self._buf, self._buf2, self._buf3 = (np.empty(n, dtype=np.int64) for _ in range(3))  # the scans' lists of pupils
        self.agenda_waits = array("q")  # days each item waited on the agenda (an array: the mean reads it at once)

    # ------------------------------------------------------------------ helpers
    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def connect_forum(self, pending: Callable[[np.ndarray], np.ndarray]) -> None:
        """Where the EHT asks whether a pupil's case waits for the cross-sector forum (applied,
        not yet decided): a function of pupils giving one flag each (the coordination's
        ``pending``). Until connected, or without a forum, nothing is pending."""
        self.forum_pending = pending

    def reset_counts(self) -> None:
        """The end of the warm-up: the meetings held and cancelled and the agenda waits are
        counted from here (the agenda itself runs on)."""
        self.meetings_held = 0
        self.meetings_cancelled = 0
        self.agenda_waits = array("q")

    def _case(self, pupils: np.ndarray) -> np.ndarray:
        pop = self.pop
        return np.where(pop.in_episode[pupils], pop.episode_id[pupils], -1)

    def _put_on_agenda(self, pupils: np.ndarray, reason: str, day: int) -> None:
        """``pupils`` (not on any agenda) join the end of their school's agenda, in this order.
        (Written pupil by pupil in one compiled call: the five whole-array assignments it
        replaces cost 1 ms more of a 20,000-pupil year.)"""
        kernel.join_agenda(pupils, self.pop.school, reason == NOTIFIED, day, self._arrivals, self.on_agenda,
                           self.agenda_school, self.agenda_place, self.agenda_notified, self.agenda_day)
        self._arrivals += pupils.size

    @property
    def agenda(self) -> list[list[tuple[int, str, int]]]:
        """Each school's agenda in order of arrival: (pupil, reason, day put on)."""
        out: list[list] = [[] for _ in range(self.pop.n_schools)]
        entries = [(int(self.agenda_place[p]), int(self.agenda_school[p]), p, NOTIFIED if self.agenda_notified[p] else REVIEW,
                    int(self.agenda_day[p])) for p in np.flatnonzero(self.on_agenda).tolist()]
        for _, s, *item in sorted(entries):
            out[s].append(tuple(item))
        return out

    def agenda_length(self) -> int:
        """Pupils on all agendas together."""
        return int(np.count_nonzero(self.on_agenda))

    def _take_up(self, held: np.ndarray, capacity: int) -> np.ndarray:
        """The pupils the meeting EHTs take up: school by school (``held``, ascending), each the
        first ``capacity`` entries of its agenda."""
        meets = np.zeros(self.pop.n_schools, dtype=bool)
        meets[held] = True
        n = kernel.take_up(self.on_agenda, self.agenda_school, self.agenda_place, meets, capacity, self._buf)
        return self._buf[:n].copy()

    def _detect(self, pupils: np.ndarray, day: int, sdn: int, how: str, cases: np.ndarray | None = None) -> None:
        log = self.log
        cases = self._case(pupils) if cases is None else cases
        log.add_many(day, pupils, cases, how)
        log.add_many(day, pupils, cases, ev.DETECTION, how)
        self.step[pupils] = 2
        self.step_since[pupils] = sdn
        self.pathway.staircase_step(pupils, 2, day)

    # ------------------------------------------------------------------ the day
    def daily(self, day: int, school_day: bool) -> None:
        """A school day: the staircase's reviews, spotting, persistence and EHT meetings."""
        if school_day:
            self.school_day(day, int(self.calendar.school_day_number[day]))

    def school_day(self, day: int, sdn: int) -> None:
        """Today's attendance is drawn, so the shares over the staircase window are fixed for the day."""
        self.mentor_reviews(day, sdn)
        self.staff_spotting(day, sdn)
        self.persistence(day, sdn)
        self.eht_meetings(day, sdn)

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
        k = kernel.review(reviewed, absent, days, self.step, self.on_agenda, st.step1_threshold, cand)
        if k == 0:
            return
        u = self.rng.random(k)
        first, second = self._buf2, self._buf3
        n1, n2 = kernel.notice(cand[:k], u, pop.klass, self.mentor_since, sdn, st.mentor_familiarity_days,
                               st.mentor_notice_prob_new, st.mentor_notice_prob, absent, days, st.step2_threshold,
                               self.step, self.step_since, first, second)
        first = first[:n1].copy()  # the buffers are reused: what is passed on is a copy
        self.log.add_many(day, first, self._case(first), ev.STEP1)
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

    def persistence(self, day: int, sdn: int) -> None:
        """Absence that persists ``persist_days`` puts the pupil on the EHT agenda: at step 2 for the
        step-3 meeting (if still over the second rung), at steps 3-5 for a review."""
        st = self.stair
        absent, days = self._window()
        n1, n2 = kernel.agenda_due(self.step, self.step_since, self.on_agenda, absent, days, sdn - st.persist_days,
                                   st.step2_threshold, self._buf, self._buf2)
        # also when there are none: the compiled call is then loaded on the first school day
        self._put_on_agenda(self._buf[:n1], NOTIFIED, day)
        self._put_on_agenda(self._buf2[:n2], REVIEW, day)

    def eht_meetings(self, day: int, sdn: int) -> None:
        """The EHTs due today meet, unless cancelled, and each takes up to its capacity of agenda
        items in order of arrival, passing over pupils who have left the school."""
        eht = self.eht
        due = np.flatnonzero(self.next_meeting <= day)
        if due.size == 0:
            return
        self.next_meeting[due] = day + eht.interval_days
        held = due[self.rng_eht.random(due.size) >= eht.cancel_prob]
        self.meetings_cancelled += due.size - held.size
        self.meetings_held += held.size
        self.eht_hours += eht.meeting_hours * eht.members * held.size
        if held.size == 0:
            return
        schools = held.tolist()
        self.pathway.meetings_held("eht", schools[:1], day)
        # the members' meeting load of the last four weeks, as it stands at the day's first meeting
        capacity = max(1, round(eht.cases_per_meeting * (1 - self.pathway.meeting_load("school"))))
        self.pathway.meetings_held("eht", schools[1:], day)
        pupils = self._take_up(held, capacity)
        if pupils.size:
            self.on_agenda[pupils] = False
            self.agenda_waits.frombytes((day - self.agenda_day[pupils]).astype(np.int64).tobytes())  # whole, not number by number
            absent, days = self._window()
            self.decide(pupils, self.agenda_notified[pupils], absent[pupils] / days, day, sdn)

    def decide(self, pupils: np.ndarray, notified: np.ndarray, share: np.ndarray, day: int, sdn: int) -> None:
        """What the EHTs decide for the pupils taken up today (in agenda order; ``notified``: the
        step-3 meeting, otherwise a review; ``share``: their absence over the staircase window).

        The steps, measures and log rows are set for all pupils at once; reports of concern and
        BUP referrals follow pupil by pupil in agenda order."""
        st = self.stair
        log, cases = self.log, self._case(pupils)
        review = ~notified
        log.add_many(day, pupils[notified], cases[notified], ev.EHT_MEETING, NOTIFIED)
        log.add_many(day, pupils[review], cases[review], ev.EHT_MEETING, REVIEW)
        report3 = self._step3(pupils, notified, cases, day, sdn)
        # a review: under the first rung the pupil leaves the staircase, otherwise she is reviewed
        # again later; over the second rung the school reports again if it heard nothing, and climbs
        # unless a process has started: then it waits for the forum (professionals worry less once
        # something is under way, 001 L667-675)
        reset = review & (share < st.step1_threshold)
        self.step[pupils[reset]] = 0
        log.add_many(day, pupils[reset], cases[reset], ev.STAIR_RESET)
        self.step_since[pupils[review & ~reset]] = sdn
        high = review & (share >= st.step2_threshold)
        again = np.zeros_like(high)
        again[high] = self.pathway.heard_nothing(cases[high])
        step = self.step[pupils]
        climb = high & (step < 5)
        wait = np.zeros_like(climb)
        wait[climb] = self.forum_pending(pupils[climb])
        log.add_many(day, pupils[wait], cases[wait], ev.WAITING_FOR_FORUM)
        climb &= ~wait
        refer = self._step4(pupils, climb & (step == 3), cases, day)
        step5 = climb & (step == 4)
        self._step5(pupils[step5], cases[step5], day)
        hooked = report3 | again | refer | step5
        for pupil, case, r3, rep, ref, s5 in zip(pupils[hooked].tolist(), cases[hooked].tolist(), report3[hooked].tolist(),
                                                again[hooked].tolist(), refer[hooked].tolist(), step5[hooked].tolist()):
            if r3:
                self.pathway.report_of_concern(pupil, day, "eht_step3", case)
            if rep:
                self.pathway.maybe_repeat_report(pupil, day, case)
            if ref:
                self.pathway.refer_bup(pupil, day, "eht")
            if s5:
                self.pathway.report_of_concern(pupil, day, "eht_step5", case)

    def _step3(self, pupils: np.ndarray, new: np.ndarray, cases: np.ndarray, day: int, sdn: int) -> np.ndarray:
        """Step 3 for the ``new`` pupils: a meeting with pupil and guardians and extra adaptations.
        Returns who gets a report of concern ("if needed")."""
        eht, log = self.eht, self.log
        report = np.zeros_like(new)
        if not new.any():
            return report
        who, cases = pupils[new], cases[new]
        self.step[who], self.step_since[who] = 3, sdn
        log.add_many(day, who, cases, ev.STEP3)
        self.pop.start_support(who, ADAPTATION, eht.adaptation_strength, eht.measure_ramp_days, day)
        log.add_many(day, who, cases, ev.SCHOOL_MEASURE, "adaptation")
        self.pathway.staircase_step(who, 3, day)
        report[new] = self.rng_eht.random(who.size) < eht.report_prob_step3
        return report

    def _step4(self, pupils: np.ndarray, up: np.ndarray, cases: np.ndarray, day: int) -> np.ndarray:
        """Step 4 for the ``up`` pupils: special support with an action programme, the principal
        notifies the organiser, an application to the forum. Returns whom the EHT refers to BUP:
        those who need it, unless the forum now has the case."""
        eht, log = self.eht, self.log
        if not up.any():
            return up
        who, cases = pupils[up], cases[up]
        self.step[who] = 4
        log.add_many(day, who, cases, ev.STEP4)
        self.pop.start_support(who, SPECIAL_SUPPORT, eht.special_support_strength, eht.measure_ramp_days, day)
        log.add_many(day, who, cases, ev.SCHOOL_MEASURE, "special_support")
        log.add_many(day, who, cases, ev.ORGANISER_NOTICE)
        self.pathway.forum_application(who, day)
        refer = up & self.pathway.bup_needed(pupils)
        refer[refer] = ~self.forum_pending(pupils[refer])
        return refer

    def _step5(self, who: np.ndarray, cases: np.ndarray, day: int) -> None:
        """Step 5 for ``who``; the report of concern that always comes with it is filed by
        :meth:`decide`, in agenda order."""
        if who.size:
            self.step[who] = 5
            self.log.add_many(day, who, cases, ev.STEP5)
            self.pathway.staircase_step(who, 5, day)

    # ------------------------------------------------------------ year change
    def new_pupils(self, slots: np.ndarray) -> None:
        self.step[slots] = 0  # a pupil who left is off the agenda
        self.on_agenda[slots] = False

    def new_mentors(self, classes: np.ndarray, sdn: int) -> None:
        self.mentor_since[classes] = sdn
