"""The pupil-health team (elevhälsoteam, EHT) of each school: its agenda, its meetings and what
it decides at steps 3-5 of the attendance staircase ([Orust-2023] L459-489, report 000;
``docs/ODD.md`` 7.5).

A pupil the school has detected (step 2) comes on her school's agenda when her absence persists
over the second rung for ``persist_days`` school days; a pupil at steps 3-5 comes on again for a
review when it persists. Each EHT meets on its own cadence on school days only (no meetings in
breaks), some meetings are cancelled ("time passes without the child getting help", 001
L1511-1513), and each meeting takes up at most ``cases_per_meeting`` agenda items (fewer when
its members' meetings take their time): the rest wait for the next meeting. At the meeting the
team decides: step 3 (a meeting with pupil and guardians, adaptations, a report of concern if
needed), at a review step 4 (special support, the organiser notified, an application to the
forum, a BUP referral where needed) and step 5 (a report of concern always) - or the pupil
leaves the staircase, or waits while the forum has her case.

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


def open_cases(pop: Population, pupils: np.ndarray) -> np.ndarray:
    """The case of each of ``pupils``: her episode's number while she is in one, else -1."""
    return np.where(pop.in_episode[pupils], pop.episode_id[pupils], -1)


def nothing_pending(pupils: np.ndarray) -> np.ndarray:
    """Where there is no cross-sector forum, no pupil's case waits for one."""
    return np.zeros(pupils.size, dtype=bool)


class PupilHealthTeams:
    """Every school's EHT: the agendas, the meetings and the decisions at steps 3-5.

    Built with what it uses: the ``eht`` section of the parameters (cadence, cancellations,
    capacity, measures), the ``staircase`` section (the rungs, ``persist_days``, the window),
    the pupils (``pop``), the school ``calendar`` (the first school day), the case ``log``, its
    random stream ``rng`` (cancellations, reports at step 3) and the pupils' staircase state
    it shares with the school (``step``, ``step_since``: the school climbs them to step 2, the
    team to steps 3-5). The case's pathway comes by :meth:`connect`, the forum's pending
    applications by :meth:`connect_forum`.

    Statistics (read by sim/outcomes.py, through the school): ``meetings_held``,
    ``meetings_cancelled`` (since the warm-up ended), ``agenda_waits`` (days each agenda item
    waited for its meeting)."""

    def __init__(self, *, eht: "EHT", staircase: "Staircase", pop: Population, calendar: "SchoolCalendar",
                 log: ev.CaseLog, rng: np.random.Generator, step: np.ndarray, step_since: np.ndarray) -> None:
        self.p = eht
        self.stair = staircase
        self.pop = pop
        self.log = log
        self.rng = rng
        self.step = step
        self.step_since = step_since
        self.forum_pending: Callable[[np.ndarray], np.ndarray] = nothing_pending
        n = pop.n
        # the agenda entry of each pupil: on an agenda, which school's, its place in the order of
        # arrival (a number that only grows), why (the step-3 meeting or a review), and the day put on
        self.on_agenda = np.zeros(n, dtype=bool)
        self.agenda_school = np.zeros(n, dtype=np.int64)
        self.agenda_place = np.zeros(n, dtype=np.int64)
        self.agenda_notified = np.zeros(n, dtype=bool)
        self.agenda_day = np.zeros(n, dtype=np.int64)
        self._arrivals = 0
        first = int(calendar.school_days()[0])
        self.next_meeting = np.array([first + s % min(eht.interval_days, 5) for s in range(pop.n_schools)])
        self.meetings_held = 0
        self.meetings_cancelled = 0
        self.eht_hours = 0.0
        self._buf, self._buf2 = (np.empty(n, dtype=np.int64) for _ in range(2))  # the scans' lists of pupils
        self.agenda_waits = array("q")  # days each item waited on the agenda (an array: the mean reads it at once)

    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def connect_forum(self, pending: Callable[[np.ndarray], np.ndarray]) -> None:
        """Where the team asks whether a pupil's case waits for the cross-sector forum (applied,
        not yet decided): a function of pupils giving one flag each (the coordination's
        ``pending``). Until connected, or without a forum, nothing is pending."""
        self.forum_pending = pending

    def reset_counts(self) -> None:
        """The end of the warm-up: the meetings held and cancelled and the agenda waits are
        counted from here (the agenda itself runs on)."""
        self.meetings_held = 0
        self.meetings_cancelled = 0
        self.agenda_waits = array("q")

    def leave(self, slots: np.ndarray) -> None:
        """The pupils in ``slots`` left the school: they are off any agenda."""
        self.on_agenda[slots] = False

    def _window(self) -> tuple[np.ndarray, int]:
        """Each pupil's absent days over the staircase window and the window's length: the share
        is their quotient (:meth:`sim.population.Population.stair_share`)."""
        pop = self.pop
        return pop.roll_stair, pop.window_days(self.stair.window)

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

    def meetings(self, day: int, sdn: int) -> None:
        """The EHTs due today meet, unless cancelled, and each takes up to its capacity of agenda
        items in order of arrival, passing over pupils who have left the school."""
        eht = self.p
        due = np.flatnonzero(self.next_meeting <= day)
        if due.size == 0:
            return
        self.next_meeting[due] = day + eht.interval_days
        held = due[self.rng.random(due.size) >= eht.cancel_prob]
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
        log, cases = self.log, open_cases(self.pop, pupils)
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
        eht, log = self.p, self.log
        report = np.zeros_like(new)
        if not new.any():
            return report
        who, cases = pupils[new], cases[new]
        self.step[who], self.step_since[who] = 3, sdn
        log.add_many(day, who, cases, ev.STEP3)
        self.pop.start_support(who, ADAPTATION, eht.adaptation_strength, eht.measure_ramp_days, day)
        log.add_many(day, who, cases, ev.SCHOOL_MEASURE, "adaptation")
        self.pathway.staircase_step(who, 3, day)
        report[new] = self.rng.random(who.size) < eht.report_prob_step3
        return report

    def _step4(self, pupils: np.ndarray, up: np.ndarray, cases: np.ndarray, day: int) -> np.ndarray:
        """Step 4 for the ``up`` pupils: special support with an action programme, the principal
        notifies the organiser, an application to the forum. Returns whom the EHT refers to BUP:
        those who need it, unless the forum now has the case."""
        eht, log = self.p, self.log
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
