"""SchoolModel: one municipality's schools, pupils and (later) agencies; one step = one day.

The model contract: ``SchoolModel(params, seed)`` -> ``run()`` (or ``step()`` day by day)
-> ``results()``, a plain dict of metrics plus the case log and daily series as tables.
"""
from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from . import __version__
from . import calendar as cal
from . import caselog as ev
from .agents import EHTMember, Mentor, Pupil
from .caselog import CaseLog
from .params import Params
from .population import Population
from .rng import Streams
from .school import SchoolResponse

STAGE_START_GRADES = (1, 4, 7)  # a class usually gets a new mentor at lågstadiet, mellanstadiet, högstadiet


class SchoolModel(mesa.Model):
    """A Swedish municipality's compulsory schools and the people around an absent pupil."""

    def __init__(self, params: Params | None = None, seed: int = 0, scenario: str = "custom"):
        self.streams = Streams(seed)
        super().__init__(rng=self.streams["mesa"])
        self.seed = int(seed)
        self.params = params if params is not None else Params()
        self.scenario = scenario
        c = self.params.calendar
        self.calendar = cal.build(c.start_year, c.years, c.school_days_per_year, c.sports_break_week)
        self.pop = Population(self.params, self.streams["population"])
        self.pop.prepare_year()
        self.log = CaseLog()
        self.school = SchoolResponse(self)
        self.day = 0
        self._last_school_day_of_term = self._term_ends()
        # agents: pupils are views on array slots; mentors and EHT members act on events
        self.pupils: list[Pupil] = [Pupil(self, i) for i in range(self.pop.n)]
        self.mentors: list[Mentor] = [Mentor(self, k, -1) for k in range(self.pop.n_classes)]
        roles = EHTMember.ROLES
        self.eht_members = [
            EHTMember(self, s, roles[j % len(roles)]) for s in range(self.pop.n_schools) for j in range(self.params.eht.members)
        ]
        # records
        n_days = self.calendar.n_days
        self.series = {
            "absence_rate": np.full(n_days, np.nan),
            "in_episode": np.zeros(n_days, dtype=np.int32),
            "eht_agenda": np.zeros(n_days, dtype=np.int32),
        }
        self.year_records: list[dict[str, np.ndarray]] = []
        self.term_records: list[dict[str, np.ndarray]] = []
        self.pupil_days = 0
        self.absent_days = 0

    # --------------------------------------------------------------- helpers
    def _term_ends(self) -> set[int]:
        days = np.flatnonzero(self.calendar.is_school_day)
        t = self.calendar.term[days] + 10 * self.calendar.year[days]
        last = np.flatnonzero(np.diff(t) != 0)
        return {int(days[i]) for i in last} | {int(days[-1])}

    def pupil(self, slot: int) -> Pupil:
        return self.pupils[slot]

    @property
    def running_days(self) -> int:
        return self.calendar.n_days

    # --------------------------------------------------------------- hooks
    # The agencies (services, coordination, network) plug in here.
    def report_of_concern(self, pupil: int, day: int, source: str) -> None:
        """The school files a report of concern (orosanmälan) with social services."""
        case = int(self.pop.episode_id[pupil]) if self.pop.in_episode[pupil] else -1
        self.log.add(day, pupil, case, ev.REPORT_OF_CONCERN, source)

    def forum_application(self, pupil: int, day: int) -> None:
        """Staircase step 4: the school applies to the cross-sector forum, where there is one."""

    def meeting_held(self, kind: str, where: int, day: int) -> None:
        """A meeting took place (the network builds trust from it)."""

    def meeting_cancelled(self, kind: str, where: int, day: int) -> None:
        """A meeting was cancelled."""

    # --------------------------------------------------------------- the day
    def step(self) -> None:
        d = self.day
        calendar, pop = self.calendar, self.pop
        if calendar.is_school_day[d]:
            sdn = int(calendar.school_day_number[d])
            u = self.streams["attendance"].random((3, pop.n))
            shock = self.streams["shocks"]
            started, onset, ended = pop.attend(d, u, shock.random(pop.n), shock.standard_normal(pop.n))
            self._log_episodes(d, started, onset, ended)
            self.school.school_day(d, sdn)
            self.pupil_days += pop.n
            n_absent = int(pop.absent.sum())
            self.absent_days += n_absent
            self.series["absence_rate"][d] = n_absent / pop.n
            if d in self._last_school_day_of_term:
                n_term = len(calendar.school_days(int(calendar.year[d]), int(calendar.term[d])))
                self.term_records.append({"share": pop.end_term(n_term), "grade": pop.grade.copy(), "term": int(calendar.term[d])})
        self.series["in_episode"][d] = int(pop.in_episode.sum())
        self.series["eht_agenda"][d] = sum(len(q) for q in self.school.agenda)
        self.day += 1
        if self.day < calendar.n_days and calendar.year[self.day] != calendar.year[d]:
            self._new_school_year(int(calendar.year[d]))
        if self.day >= calendar.n_days:
            self.running = False

    def _log_episodes(self, day: int, started, onset, ended) -> None:
        pop, log = self.pop, self.log
        log.add_many(day, started, pop.episode_id[started], ev.EPISODE_START)
        if started.size:  # a pupil the EHT already knows counts as detected at once
            known = started[self.school.step[started] >= 2]
            log.add_many(day, known, pop.episode_id[known], ev.DETECTION, "already_known")
        log.add_many(day, onset, pop.episode_id[onset], ev.ONSET)
        log.add_many(day, ended, pop.episode_id[ended], ev.EPISODE_END)

    def _new_school_year(self, finished_year: int) -> None:
        """Summer rollover: record the year, move pupils up, grade 9 leaves, mentors change."""
        pop = self.pop
        n_days = len(self.calendar.school_days(finished_year))
        share, invalid = pop.end_year(n_days)
        self.year_records.append({"share": share, "invalid": invalid, "grade": pop.grade.copy(), "low_resource": pop.low_resource.copy()})
        leaving = np.flatnonzero(pop.grade == 9)
        open_cases = leaving[pop.in_episode[leaving]]
        self.log.add_many(self.day, open_cases, pop.episode_id[open_cases], ev.EPISODE_END, "left_school")
        pop.summer()
        new = pop.move_up(finished_year + 1)
        self.school.new_pupils(new)
        for slot in new.tolist():
            self.pupils[slot].remove()
            self.pupils[slot] = Pupil(self, slot)
        # mentors: a new mentor at each stage start, otherwise teacher turnover
        sdn = int(self.calendar.school_day_number[self.day])
        class_grade = np.zeros(pop.n_classes, dtype=np.int8)
        class_grade[pop.klass] = pop.grade
        leaves = self.streams["turnover"].random(pop.n_classes) < self.params.turnover.teacher_rate
        changed = np.flatnonzero(np.isin(class_grade, STAGE_START_GRADES + (0,)) | leaves)
        self.replace_mentors(changed, sdn)
        pop.prepare_year()

    def replace_mentors(self, classes: np.ndarray, sdn: int) -> None:
        self.school.new_mentors(classes, sdn)
        for k in classes.tolist():
            self.mentors[k].remove()
            self.mentors[k] = Mentor(self, k, self.day)

    # --------------------------------------------------------------- contract
    def run(self, days: int | None = None, progress=None) -> "SchoolModel":
        end = self.calendar.n_days if days is None else min(self.calendar.n_days, self.day + days)
        while self.day < end:
            self.step()
            if progress is not None:
                progress(self.day)
        return self

    def finish(self) -> None:
        """Record the last (possibly partial) school year if the run stopped mid-year."""
        if self.pop.absent_year.any() or not self.year_records:
            y = int(self.calendar.year[max(self.day - 1, 0)])
            n_days = int(self.calendar.is_school_day[: self.day][self.calendar.year[: self.day] == y].sum())
            if n_days:
                share, invalid = self.pop.end_year(n_days)
                self.year_records.append({"share": share, "invalid": invalid, "grade": self.pop.grade.copy(), "low_resource": self.pop.low_resource.copy()})

    def results(self) -> dict[str, Any]:
        from .outcomes import summarise

        self.finish()
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "version": __version__,
            "params": self.params.model_dump(),
            "metrics": summarise(self),
            "case_log": self.log.rows(),
            "series": {k: v.tolist() for k, v in self.series.items()},
        }
