"""SchoolModel: one municipality's schools, pupils and (later) agencies; one step = one day.

The model contract: ``SchoolModel(params, seed)`` -> ``run()`` (or ``step()`` day by day)
-> ``results()``, a plain dict of metrics plus the case log and daily series as tables.
"""
from __future__ import annotations

import heapq
import math
from typing import Any

import mesa
import numpy as np

from . import __version__
from . import calendar as cal
from . import caselog as ev
from .agents import EHTMember, Mentor, Pupil
from .bup import ChildPsychiatry
from .caselog import CaseLog
from .coordination import Coordination
from .followup import FollowUp
from .meetings import MeetingLedger
from .memory import collecting_less  # and Mesa's agent numbering, held weakly by model (sim/memory.py)
from .network import ProfessionalNetwork
from .params import Params
from .pathway import CasePathway
from .population import Population
from .rng import Streams
from .scaling import Staffing
from .school import SchoolResponse
from .engines import new_clock
from .services import SocialServices

STAGE_START_GRADES = (1, 4, 7)  # a class usually gets a new mentor at lågstadiet, mellanstadiet, högstadiet


class SchoolModel(mesa.Model):
    """A Swedish municipality's compulsory schools and the people around an absent pupil."""

    @collecting_less
    def __init__(self, params: Params | None = None, seed: int = 0, scenario: str = "custom", engine: str = "clock"):
        self.streams = Streams(seed)
        super().__init__(rng=self.streams["mesa"])
        self.seed = int(seed)
        self.params = params if params is not None else Params()
        self.scenario = scenario
        c = self.params.calendar
        # the warm-up years come first; the measured years start on 1 August of ``start_year``
        warm = c.warmup_years
        self.calendar = cal.build(c.start_year - warm, warm + c.years, c.school_days_per_year, c.sports_break_week)
        self.measure_from_day = int(np.flatnonzero(self.calendar.year == warm)[0]) if warm else 0  # outcomes count from here
        self.pop = Population(self.params, self.streams["population"])
        self.pop.prepare_year()
        self.pop.burn_in(self.streams["burn_in"], c.burn_in_days)
        self.staff = Staffing(self.pop.n, self.params.municipality.staff_as_given)  # the one scaling rule (sim/scaling.py)
        self.log = CaseLog(capacity=8 * self.pop.n * (warm + c.years))  # about 7 rows per pupil and year: room enough, as a rule
        self.school = SchoolResponse(self)
        self.day = 0
        self._last_school_day_of_term = self._term_ends()
        # agents: pupils are views on array slots, made when first looked at; professionals act on events
        self._pupils: list[Pupil | None] = [None] * self.pop.n
        self.network = ProfessionalNetwork(self)
        self.mentors = [Mentor(self, k, school, -365) for k, school in enumerate(self.pop.class_school.tolist())]
        self.network.add_many(self.mentors)
        roles = EHTMember.ROLES
        rate = self.params.turnover.eht_rate
        # the members' tenures drawn at once: the same numbers as one by one, school by school
        tenures = self.streams["turnover"].exponential(365.0 / max(rate, 0.05), (self.pop.n_schools, self.params.eht.members))
        self.network.add_many(EHTMember(self, roles[j % len(roles)], s, int(-tenure))
                              for s, row in enumerate(tenures.tolist()) for j, tenure in enumerate(row))
        self.consent = np.full(self.pop.n, -1, dtype=np.int8)  # -1 not asked, 0 refused, 1 given
        self.agencies: dict[int, set[str]] = {}                # case -> agencies acting on it
        self.ledger = MeetingLedger(self.calendar.n_days, self.params.coordination.working_hours_per_week)
        self.engine = engine
        self.clock = new_clock(engine)  # the agencies' time, in days ("salabim": the reference engine, sim/engines.py)
        self.services = SocialServices(self, self.clock)
        self.bup = ChildPsychiatry(self, self.clock)
        self.coordination = Coordination(self)
        t = self.params.turnover
        self.network.set_rates({
            **{r: t.eht_rate for r in roles}, "intake": t.caseworker_rate, "case_officer": t.caseworker_rate,
            "therapist": t.therapist_rate, "school_social_worker": t.caseworker_rate,
            "bup_first": t.bup_rate, "bup_treatment": t.bup_rate, "coordinator": t.coordinator_rate,
        })
        self._agenda: list = []  # (day, seq, action) for events booked ahead (family meetings, SIP)
        self._seq = 0
        self.pathway = CasePathway(self)  # the hand-overs between the school and the agencies
        for part in (self.school, self.services, self.bup, self.coordination):
            part.connect(self.pathway)
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
        self.followup = FollowUp(self)  # the pupils in need, a year from onset (sim/followup.py)
        # the parts that act every day after the pupils' attendance, in this order
        self.parts = (self.followup, self.pathway, self.school, self.coordination)

    # --------------------------------------------------------------- helpers
    def _term_ends(self) -> set[int]:
        days = np.flatnonzero(self.calendar.is_school_day)
        t = self.calendar.term[days] + 10 * self.calendar.year[days]
        last = np.flatnonzero(np.diff(t) != 0)
        return {int(days[i]) for i in last} | {int(days[-1])}

    def staffing(self, count: float, minimum: int = 1, name: str | None = None) -> int:
        """Whole people for ``count`` given for 1,600 pupils (:meth:`sim.scaling.Staffing.staffing`)."""
        return self.staff.staffing(count, minimum, name)

    def post_share(self, count: float, minimum: int = 1, name: str | None = None) -> float:
        """The share of a full post each of them works (:meth:`sim.scaling.Staffing.post_share`)."""
        return self.staff.post_share(count, minimum, name)

    def scaled(self, count: float) -> float:
        """``count`` given for 1,600 pupils, for this municipality (a fraction, not rounded)."""
        return self.staff.scaled(count)

    def pupil(self, slot: int) -> Pupil:
        """The Mesa agent of the pupil in ``slot`` (a view on the population's arrays)."""
        agent = self._pupils[slot]
        if agent is None:
            agent = self._pupils[slot] = Pupil(self, slot)
        return agent

    @property
    def pupils(self) -> list[Pupil]:
        """Every pupil's agent, in slot order.

        The daily step never needs them (the population's arrays are the pupils' state), so an
        agent is made the first time anyone looks: at 20,000 pupils, making them all costs
        more than a tenth of a school year's simulation. Looking at ``pupils``, ``agents``,
        ``agents_by_type`` or ``agent_types`` makes the missing ones."""
        for slot, agent in enumerate(self._pupils):
            if agent is None:
                self._pupils[slot] = Pupil(self, slot)
        return self._pupils

    @property
    def agents(self) -> mesa.agent.AgentSet:
        self.pupils
        return super().agents

    @property
    def agents_by_type(self) -> dict:
        self.pupils
        return super().agents_by_type

    @property
    def agent_types(self) -> list:
        self.pupils
        return super().agent_types

    # --------------------------------------------------------------- hooks
    def schedule(self, day: float, action) -> None:
        """Book ``action(day)`` for a later day (a family meeting, a SIP meeting)."""
        self._seq += 1
        heapq.heappush(self._agenda, (math.ceil(day), self._seq, action))

    def staff_left(self, person, day: int) -> None:
        if person.role == "case_officer":
            self.services.officer_left(person)
        elif person.role == "coordinator":
            self.coordination.coordinator_left(person)
        self._capacity_changed()

    def staff_joined(self, person, day: int) -> None:
        if person.role == "coordinator":
            self.coordination.coordinator_joined(person)
        self._capacity_changed()

    def _capacity_changed(self) -> None:
        self.services.staff_changed()
        self.bup.staff_changed()

    # --------------------------------------------------------------- the day
    def step(self) -> None:
        """One day, in this order (the parts' ``daily(day, school_day)``; see the class docstring)."""
        d = self.day
        calendar, pop = self.calendar, self.pop
        school_day = bool(calendar.is_school_day[d])
        if school_day:
            pop.attend(d, pop.day_draws(self.streams["attendance"]))
        for part in self.parts:
            part.daily(d, school_day)
        if school_day:
            self.pupil_days += pop.n
            n_absent = int(np.count_nonzero(pop.absent))
            self.absent_days += n_absent
            self.series["absence_rate"][d] = n_absent / pop.n
            if d in self._last_school_day_of_term:
                n_term = len(calendar.school_days(int(calendar.year[d]), int(calendar.term[d])))
                self.term_records.append({"share": pop.end_term(n_term), "grade": pop.grade.copy(), "term": int(calendar.term[d])})
        while self._agenda and self._agenda[0][0] <= d:
            _, _, action = heapq.heappop(self._agenda)
            action(d)
        self.clock.run(till=d + 1)
        self.network.daily(d, school_day)
        self.series["in_episode"][d] = np.count_nonzero(pop.in_episode)
        self.series["eht_agenda"][d] = self.school.agenda_length()
        self.day += 1
        if self.day < calendar.n_days and calendar.year[self.day] != calendar.year[d]:
            self._new_school_year(int(calendar.year[d]))
            if self.day == self.measure_from_day:
                self._start_measuring()
        if self.day >= calendar.n_days:
            self.running = False

    def _new_school_year(self, finished_year: int) -> None:
        """Summer rollover: record the year, move pupils up, grade 9 leaves, mentors change."""
        pop = self.pop
        n_days = len(self.calendar.school_days(finished_year))
        share, invalid = pop.end_year(n_days)
        self.year_records.append({"share": share, "invalid": invalid, "grade": pop.grade.copy(), "low_resource": pop.low_resource.copy()})
        leaving = np.flatnonzero(pop.grade == 9)
        open_cases = leaving[pop.in_episode[leaving]]
        self.log.add_many(self.day, open_cases, pop.episode_id[open_cases], ev.EPISODE_END, "left_school")
        self.followup.left_school(leaving, self.day)
        pop.summer()
        new = pop.move_up(finished_year + 1)
        self.school.new_pupils(new)
        self.consent[new] = -1
        for slot in new.tolist():
            if self._pupils[slot] is not None:
                self._pupils[slot].remove()
                self._pupils[slot] = None  # the new pupil's agent is made when first looked at
            self.coordination.release(slot)
        # mentors: a new mentor at each stage start, otherwise teacher turnover
        sdn = int(self.calendar.school_day_number[self.day])
        class_grade = np.zeros(pop.n_classes, dtype=np.int8)
        class_grade[pop.klass] = pop.grade
        leaves = self.streams["turnover"].random(pop.n_classes) < self.params.turnover.teacher_rate
        changed = np.flatnonzero(np.isin(class_grade, STAGE_START_GRADES + (0,)) | leaves)
        self.replace_mentors(changed, sdn)
        pop.prepare_year()

    def _start_measuring(self) -> None:
        """The warm-up is over: what is counted per run (pupil-days, year and term records, the
        agencies' waits and decisions, meetings, departures) starts from zero. The organisation's
        state - trust, ties, waiting lists, caseloads, staff and their tenures, open cases and
        episodes - runs on. Counts read off the case log start here too (``sim/outcomes.py``)."""
        self.pupil_days = self.absent_days = 0
        self.year_records.clear()
        self.term_records.clear()
        for part in (self.services, self.bup, self.school, self.coordination, self.network):
            part.reset_counts()

    def replace_mentors(self, classes: np.ndarray, sdn: int) -> None:
        self.school.new_mentors(classes, sdn)
        for k in classes.tolist():
            self.network.remove(self.mentors[k])
            self.mentors[k].remove()
            self.mentors[k] = Mentor(self, k, int(self.pop.class_school[k]), self.day)
            self.network.add(self.mentors[k])

    # --------------------------------------------------------------- contract
    @collecting_less
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

    @collecting_less
    def results(self) -> dict[str, Any]:
        from .outcomes import summarise

        self.finish()
        weeks = -(-self.measure_from_day // 7)  # the weekly records are made on days 0, 7, 14, ...
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "version": __version__,
            "params": self.params.model_dump(),
            "metrics": summarise(self),
            "case_log": self.log.columns(),
            "measure_from_day": self.measure_from_day,
            # the measured period (the warm-up's days left out; the case log keeps them, by day)
            "series": {k: v[self.measure_from_day:].tolist() for k, v in self.series.items()},
            "weekly": {"school_trust": self.network.trust_series[weeks:], "collaboration_index": self.network.index_series[weeks:]},
        }
