"""The school's response: absence monitoring, the attendance staircase, EHT meetings, measures.

The staircase of ``000_c8a0c396f6103de5.txt`` L459-489:

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
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev
from .population import ADAPTATION, SPECIAL_SUPPORT

if TYPE_CHECKING:
    from .model import SchoolModel

NOTIFIED, REVIEW = "notified", "review"


class SchoolResponse:
    """The staircase state of every pupil and the EHT of every school."""

    def __init__(self, model: "SchoolModel"):
        self.model = model
        pop = model.pop
        self.p = model.params
        self.rng = model.streams["school"]
        self.rng_eht = model.streams["eht"]
        n = pop.n
        self.step = np.zeros(n, dtype=np.int8)
        self.step_since = np.zeros(n, dtype=np.int32)  # school-day number of the last climb
        self.on_agenda = np.zeros(n, dtype=bool)
        self.serial = np.zeros(n, dtype=np.int64)  # bumps when a slot gets a new pupil
        self.mentor_since = np.full(pop.n_classes, -10_000, dtype=np.int32)
        # the pupils whose mentors review on school day sdn: review_groups[-sdn % interval]
        interval = self.p.staircase.mentor_review_interval
        self.review_groups = [np.flatnonzero(pop.klass % interval == r) for r in range(interval)]
        self.agenda: list[deque] = [deque() for _ in range(pop.n_schools)]
        first = int(model.calendar.school_days()[0])
        self.next_meeting = np.array([first + s % min(self.p.eht.interval_days, 5) for s in range(pop.n_schools)])
        self.meetings_held = 0
        self.meetings_cancelled = 0
        self.eht_hours = 0.0
        self.agenda_waits: list[int] = []

    # ------------------------------------------------------------------ helpers
    def _case(self, pupils: np.ndarray) -> np.ndarray:
        pop = self.model.pop
        return np.where(pop.in_episode[pupils], pop.episode_id[pupils], -1)

    def _put_on_agenda(self, pupils: np.ndarray, reason: str, day: int) -> None:
        school = self.model.pop.school[pupils].tolist()
        for i, s, serial in zip(pupils.tolist(), school, self.serial[pupils].tolist()):
            self.agenda[s].append((i, serial, reason, day))
        self.on_agenda[pupils] = True

    def _detect(self, pupils: np.ndarray, day: int, sdn: int, how: str) -> None:
        log = self.model.log
        cases = self._case(pupils)
        log.add_many(day, pupils, cases, how)
        log.add_many(day, pupils, cases, ev.DETECTION, how)
        self.step[pupils] = 2
        self.step_since[pupils] = sdn
        for pupil in pupils.tolist():
            self.model.staircase_step(pupil, 2, day)

    # ------------------------------------------------------------------ the day
    def school_day(self, day: int, sdn: int) -> None:
        share = self.model.pop.stair_share()  # today's attendance is drawn: shares are fixed for the day
        self.mentor_reviews(day, sdn, share)
        self.staff_spotting(day, sdn, share)
        self.persistence(day, sdn, share)
        self.eht_meetings(day, sdn)

    def mentor_reviews(self, day: int, sdn: int, share: np.ndarray | None = None) -> None:
        """Mentors whose review day it is compare each pupil's share with the rungs."""
        st, pop = self.p.staircase, self.model.pop
        reviewed = self.review_groups[-sdn % len(self.review_groups)]
        share = pop.stair_share() if share is None else share
        below = share[reviewed] < st.step1_threshold
        step = self.step[reviewed]
        # pupils at steps 1-2 whose absence fell back under the first rung leave the staircase
        self.step[reviewed[below & (step <= 2) & ~self.on_agenda[reviewed]]] = 0
        cand = reviewed[~below & (step < 2)]
        if cand.size == 0:
            return
        new_mentor = (sdn - self.mentor_since[pop.klass[cand]]) < st.mentor_familiarity_days
        notice = self.rng.random(cand.size) < np.where(new_mentor, st.mentor_notice_prob_new, st.mentor_notice_prob)
        cand = cand[notice]
        step1 = cand[self.step[cand] == 0]
        if step1.size:
            self.model.log.add_many(day, step1, self._case(step1), ev.STEP1)
            self.step[step1] = 1
            self.step_since[step1] = sdn
        step2 = cand[share[cand] >= st.step2_threshold]
        if step2.size:
            self._detect(step2, day, sdn, ev.STEP2)

    def staff_spotting(self, day: int, sdn: int, share: np.ndarray | None = None) -> None:
        st, pop = self.p.staircase, self.model.pop
        share = pop.stair_share() if share is None else share
        cand = np.flatnonzero((self.step < 2) & (share >= st.staff_spot_threshold))
        if cand.size:
            spotted = cand[self.rng.random(cand.size) < st.staff_spot_prob]
            if spotted.size:
                self._detect(spotted, day, sdn, ev.SPOTTED)

    def persistence(self, day: int, sdn: int, share: np.ndarray | None = None) -> None:
        """Absence that persists ``persist_days`` puts the pupil on the EHT agenda: at step 2 for the
        step-3 meeting (if still over the second rung), at steps 3-5 for a review."""
        st = self.p.staircase
        notified = np.flatnonzero(self.step >= 2)
        notified = notified[~self.on_agenda[notified] & (sdn - self.step_since[notified] >= st.persist_days)]
        if notified.size == 0:
            return
        share = self.model.pop.stair_share() if share is None else share
        step = self.step[notified]
        first = notified[(step == 2) & (share[notified] >= st.step2_threshold)]
        if first.size:
            self._put_on_agenda(first, NOTIFIED, day)
        due = notified[step >= 3]
        if due.size:
            self._put_on_agenda(due, REVIEW, day)

    def eht_meetings(self, day: int, sdn: int) -> None:
        eht = self.p.eht
        for s in np.flatnonzero(self.next_meeting <= day).tolist():
            self.next_meeting[s] = day + eht.interval_days
            if self.rng_eht.random() < eht.cancel_prob:
                self.meetings_cancelled += 1
                continue
            self.meetings_held += 1
            self.eht_hours += eht.meeting_hours * eht.members
            self.model.meeting_held("eht", s, day)
            queue = self.agenda[s]
            handled = 0
            capacity = max(1, round(eht.cases_per_meeting * (1 - self.model.meeting_load("school"))))
            while queue and handled < capacity:
                pupil, serial, reason, added = queue.popleft()
                if serial != self.serial[pupil]:
                    continue  # the pupil has left the school
                handled += 1
                self.on_agenda[pupil] = False
                self.agenda_waits.append(day - added)
                self.decide(pupil, reason, day, sdn)

    def decide(self, pupil: int, reason: str, day: int, sdn: int) -> None:
        """What the EHT decides for one pupil on its agenda."""
        st, eht, model = self.p.staircase, self.p.eht, self.model
        pop, log = model.pop, model.log
        case = model.case_of(pupil)
        log.add(day, pupil, case, ev.EHT_MEETING, reason)
        if reason == NOTIFIED:
            self.step[pupil], self.step_since[pupil] = 3, sdn
            log.add(day, pupil, case, ev.STEP3)
            pop.start_support(pupil, ADAPTATION, eht.adaptation_strength, eht.measure_ramp_days, day)
            log.add(day, pupil, case, ev.SCHOOL_MEASURE, "adaptation")
            model.staircase_step(pupil, 3, day)
            if self.rng_eht.random() < eht.report_prob_step3:
                model.report_of_concern(pupil, day, "eht_step3")
            return
        share = pop.share_of(pupil)
        if share < st.step1_threshold:
            self.step[pupil] = 0
            log.add(day, pupil, case, ev.STAIR_RESET)
            return
        self.step_since[pupil] = sdn
        if share < st.step2_threshold:
            return  # not escalating; reviewed again later
        model.maybe_repeat_report(pupil, day)
        step = self.step[pupil]
        if step >= 5:
            return
        if model.coordination.pending(pupil):
            # a process has started: the school waits for the forum instead of climbing
            # (professionals worry less once something is under way, 001 L667-675)
            log.add(day, pupil, case, ev.WAITING_FOR_FORUM)
            return
        if step == 3:
            self.step[pupil] = 4
            log.add(day, pupil, case, ev.STEP4)
            pop.start_support(pupil, SPECIAL_SUPPORT, eht.special_support_strength, eht.measure_ramp_days, day)
            log.add(day, pupil, case, ev.SCHOOL_MEASURE, "special_support")
            log.add(day, pupil, case, ev.ORGANISER_NOTICE)
            model.forum_application(pupil, day)
            if model.bup_needed(pupil) and not model.coordination.pending(pupil):
                model.refer_bup(pupil, day, "eht")
        else:
            self.step[pupil] = 5
            log.add(day, pupil, case, ev.STEP5)
            model.staircase_step(pupil, 5, day)
            model.report_of_concern(pupil, day, "eht_step5")

    # ------------------------------------------------------------ year change
    def new_pupils(self, slots: np.ndarray) -> None:
        self.step[slots] = 0
        self.on_agenda[slots] = False
        self.serial[slots] += 1

    def new_mentors(self, classes: np.ndarray, sdn: int) -> None:
        self.mentor_since[classes] = sdn
