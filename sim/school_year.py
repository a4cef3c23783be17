"""The end of a school year: the summer between two school years (1 August on the calendar).

On the first day of a new school year the finished year's absence shares are recorded, grade 9
leaves (an open episode ends, "left_school"; the follow-up of a pupil in need stops), episodes
ease over the summer, everyone moves up a grade and a new preschool class takes the leavers'
slots (new to the staircase, not asked for consent, not coordinated), and classes get a new
mentor at the stage starts (grades 1, 4, 7) and by teacher turnover (docs/ODD.md, 3 and 7.6).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from . import caselog as ev
from .calendar import SchoolCalendar
from .caselog import CaseLog
from .coordination import Coordination
from .followup import FollowUp
from .network import ProfessionalNetwork
from .params import Params
from .population import Population
from .school import SchoolResponse

STAGE_START_GRADES = (1, 4, 7)  # a class usually gets a new mentor at lågstadiet, mellanstadiet, högstadiet


class SchoolYear:
    """The calendar's year end, as a part of the day (the last thing a day does).

    Built with what it changes: the population (``pop``), the case log, the consent of each
    pupil's family (``consent``, one slot per pupil), the school's staircase, the follow-up,
    coordination, the professional network and the classes' ``mentors`` (a list by class that
    this part keeps current), a ``hire_mentor(klass, school, since)`` that makes a mentor (a
    Mesa agent), ``forget_pupil(slot)`` for the Mesa view of a pupil who left, and the
    ``turnover`` stream (teacher turnover).

    Records: ``year_records``, one per finished school year: each pupil's absence share
    (``share``), invalid-absence share (``invalid``), ``grade`` and ``low_resource`` (read by
    sim/outcomes.py and sim/independent.py through the model's ``year_records``)."""

    def __init__(self, *, params: Params, calendar: SchoolCalendar, pop: Population, log: CaseLog,
                 consent: np.ndarray, school: SchoolResponse, followup: FollowUp, coordination: Coordination,
                 network: ProfessionalNetwork, mentors: list[Any], hire_mentor: Callable[[int, int, int], Any],
                 forget_pupil: Callable[[int], None], turnover: np.random.Generator) -> None:
        self.teacher_rate = params.turnover.teacher_rate
        self.calendar, self.pop, self.log, self.consent = calendar, pop, log, consent
        self.school, self.followup, self.coordination, self.network = school, followup, coordination, network
        self.mentors, self.hire_mentor, self.forget_pupil = mentors, hire_mentor, forget_pupil
        self.rng = turnover
        self.year_records: list[dict[str, np.ndarray]] = []

    def daily(self, day: int, school_day: bool) -> None:
        """After the last day of a school year: the summer, on the first day of the next."""
        year = self.calendar.year
        if day + 1 < len(year) and year[day + 1] != year[day]:
            self.summer(int(year[day]), day + 1)

    def reset_counts(self) -> None:
        """The warm-up is over: the year records start from zero."""
        self.year_records.clear()

    def record_year(self, n_days: int) -> None:
        """Record the school year (``n_days`` school days) of every pupil and start the next one's counts."""
        pop = self.pop
        share, invalid = pop.end_year(n_days)
        self.year_records.append({"share": share, "invalid": invalid, "grade": pop.grade.copy(), "low_resource": pop.low_resource.copy()})

    def summer(self, finished_year: int, day: int) -> None:
        """The rollover on ``day``, the first of the new school year: record the year, grade 9
        leaves, the summer eases episodes, pupils move up, mentors change."""
        pop = self.pop
        self.record_year(len(self.calendar.school_days(finished_year)))
        leaving = np.flatnonzero(pop.grade == 9)
        open_cases = leaving[pop.in_episode[leaving]]
        self.log.add_many(day, open_cases, pop.episode_id[open_cases], ev.EPISODE_END, "left_school")
        self.followup.left_school(leaving, day)
        pop.summer()
        new = pop.move_up(finished_year + 1)
        self.school.new_pupils(new)
        self.consent[new] = -1
        for slot in new.tolist():
            self.forget_pupil(slot)
            self.coordination.release(slot)
        # mentors: a new mentor at each stage start, otherwise teacher turnover
        sdn = int(self.calendar.school_day_number[day])
        class_grade = np.zeros(pop.n_classes, dtype=np.int8)
        class_grade[pop.klass] = pop.grade
        leaves = self.rng.random(pop.n_classes) < self.teacher_rate
        changed = np.flatnonzero(np.isin(class_grade, STAGE_START_GRADES + (0,)) | leaves)
        self.replace_mentors(changed, sdn, day)
        pop.prepare_year()

    def replace_mentors(self, classes: np.ndarray, sdn: int, day: int) -> None:
        """New mentors for ``classes`` on ``day`` (school day number ``sdn``): the school's
        review rota restarts for them; the old ones leave the network, the new ones join it."""
        self.school.new_mentors(classes, sdn)
        mentors, network, class_school = self.mentors, self.network, self.pop.class_school
        for k in classes.tolist():
            network.remove(mentors[k])
            mentors[k].remove()
            mentors[k] = self.hire_mentor(k, int(class_school[k]), day)
            network.add(mentors[k])
