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
from .agents import EHTMember, Mentor, Professional
from .bup import ChildPsychiatry
from .caselog import CaseLog
from .coordination import Coordination
from .daily_records import DailyRecords
from .followup import FollowUp
from .meetings import MeetingLedger
from .memory import collecting_less  # and Mesa's agent numbering, held weakly by model (sim/memory.py)
from .network import ProfessionalNetwork
from .params import Params
from .pathway import CasePathway
from .population import Population
from .pupil_agents import LazyPupilAgents
from .rng import Streams
from .scaling import Staffing
from .school import SchoolResponse
from .school_year import SchoolYear
from .engines import new_clock
from .services import SocialServices



class SchoolModel(LazyPupilAgents, mesa.Model):
    """A Swedish municipality's compulsory schools and the people around an absent pupil.

    The model builds the parts, wires each to the collaborators it uses, and runs the days.
    One day (:meth:`step`, day ``d``; "school days" only on the calendar's school days):

    1. *Attendance* (school days): life events may start episodes, every pupil's attendance is
       drawn, rolling shares, onsets and ended episodes are updated (``Population.attend``;
       today's episodes are ``pop.started_today``, ``onset_today``, ``ended_today``).
    2. *Follow-up* (school days): today's onsets with need are enrolled, the day of every pupil
       followed is recorded (``followup.daily``).
    3. *Pathway* (school days): today's episodes go into the case log (``pathway.daily``).
    4. *School* (school days): the staircase's reviews, staff spotting, persistence, EHT
       meetings (``school.daily``).
    5. *Coordination*: coordinated cases whose episode ended or whose time is up are released;
       on school days the forum meets or the coordinator takes cases, visits to the EHTs and
       joint training days take place when due (``coordination.daily``).
    6. *The model's records* (school days): pupil-days, absent days, the absence rate; at the end
       of a term the term's shares (``records.daily``).
    7. *The agencies' clock* runs to the day's end, ``clock.run(till=d + 1)``: first the actions
       booked for today or before with ``clock.call_at`` (family meetings, SIP meetings, a
       report a doubting school files late; one booked during the clock's run for a day already
       started waits for tomorrow's start), in order of their day, then of booking; then the
       cases' steps before ``d + 1`` (reports through intake, investigation and family therapy,
       referrals through BUP's two waiting lists), in time order.
    8. *The network*: departures, vacancies filled, consultants; every seventh day the schools'
       trust and the collaboration index are recorded (``network.daily``).
    9. *Series*: pupils in an episode and items on the EHTs' agendas at the day's end
       (``records.end_of_day``).
    10. *Year end*: after a school year's last day the summer - year records, grade 9 leaves,
        pupils move up, new mentors (``school_year.daily``); on the first measured day the
        warm-up ends and every part that counts starts from zero (:meth:`_start_measuring`).

    The parts, as attributes: ``pop``, ``log``, ``school``, ``network``, ``services``, ``bup``,
    ``coordination``, ``pathway``, ``followup``, ``records``, ``school_year`` and the agencies'
    ``clock`` (on ``engine`` ``"clock"`` or ``"salabim"``, sim/engines.py)."""

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
        self.school = SchoolResponse(staircase=self.params.staircase, eht=self.params.eht, pop=self.pop, calendar=self.calendar,
                                     log=self.log, rng=self.streams["school"], rng_eht=self.streams["eht"])
        self.day = 0
        # agents: pupils are views on array slots, made when first looked at; professionals act on events
        self._no_pupil_agents_yet(self.pop.n)
        self.network = ProfessionalNetwork(
            params=self.params.network, turnover=self.params.turnover, n_schools=self.pop.n_schools, rng=self.streams["turnover"],
            hire=lambda role, unit, since, consultant: Professional(self, role, unit, since=since, consultant=consultant))
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
        self.services = SocialServices(params=self.params, pop=self.pop, log=self.log, clock=self.clock, network=self.network,
                                       staff=self.staff, rng=self.streams["services"], consent=self.consent)
        self.bup = ChildPsychiatry(params=self.params, pop=self.pop, log=self.log, clock=self.clock, network=self.network,
                                   staff=self.staff, rng=self.streams["bup"])
        self.coordination = Coordination(  # the coordination mechanisms the scenario uses (sim/coordination.py)
            params=self.params.coordination, turnover=self.params.turnover, pop=self.pop, log=self.log, calendar=self.calendar,
            network=self.network, ledger=self.ledger, staff=self.staff, rng=self.streams["coordination"],
            schedule=self.clock.call_at, consent=self.consent, services=self.services, bup=self.bup, mentors=self.mentors,
            school=self.school)
        # who must know when turnover takes someone or fills a post, in this order
        net = self.network
        net.on_departure(self.services.officer_left, role="case_officer")
        net.on_departure(self.coordination.coordinator_left, role="coordinator")
        net.on_arrival(self.coordination.coordinator_joined, role="coordinator")
        net.on_staff_change(self.services.staff_changed)  # capacities follow the headcount
        net.on_staff_change(self.bup.staff_changed)
        t = self.params.turnover
        self.network.set_rates({
            **{r: t.eht_rate for r in roles}, "intake": t.caseworker_rate, "case_officer": t.caseworker_rate,
            "therapist": t.therapist_rate, "school_social_worker": t.caseworker_rate,
            "bup_first": t.bup_rate, "bup_treatment": t.bup_rate, "coordinator": t.coordinator_rate,
        })
        self.pathway = CasePathway(  # the hand-overs between the school and the agencies; it connects itself to them
            params=self.params, pop=self.pop, log=self.log, network=self.network, ledger=self.ledger, consent=self.consent,
            agencies=self.agencies, rng=self.streams["decisions"], schedule=self.clock.call_at,
            school=self.school, services=self.services, bup=self.bup, coordination=self.coordination)
        self.school.connect_forum(self.coordination.pending)  # the EHT waits for the forum's decision
        self.records = DailyRecords(calendar=self.calendar, pop=self.pop, school=self.school)  # the model's own (sim/daily_records.py)
        self.series, self.term_records = self.records.series, self.records.term_records
        # the pupils in need, a year from onset (sim/followup.py)
        self.followup = FollowUp(pop=self.pop, attendance=self.params.attendance, measure_from_day=self.measure_from_day)
        # the parts that act every day after the pupils' attendance, in this order
        self.parts = (self.followup, self.pathway, self.school, self.coordination)
        self.school_year = SchoolYear(  # the summer between two school years (sim/school_year.py)
            params=self.params, calendar=self.calendar, pop=self.pop, log=self.log, consent=self.consent,
            school=self.school, followup=self.followup, coordination=self.coordination, network=self.network,
            mentors=self.mentors, hire_mentor=lambda k, school, since: Mentor(self, k, school, since),
            forget_pupil=self.forget_pupil, turnover=self.streams["turnover"])
        self.year_records = self.school_year.year_records  # one per finished school year

    # --------------------------------------------------------------- helpers
    @property
    def pupil_days(self) -> int:
        """School days x pupils since measuring began (:class:`sim.daily_records.DailyRecords`)."""
        return self.records.pupil_days

    @property
    def absent_days(self) -> int:
        """Pupil-days absent since measuring began (:class:`sim.daily_records.DailyRecords`)."""
        return self.records.absent_days

    # --------------------------------------------------------------- the day
    def step(self) -> None:
        """One day, in the order of the class docstring (1 to 10)."""
        d = self.day
        calendar, pop = self.calendar, self.pop
        school_day = bool(calendar.is_school_day[d])
        if school_day:
            pop.attend(d, pop.day_draws(self.streams["attendance"]))  # 1
        for part in self.parts:  # 2-5: follow-up, pathway, school, coordination
            part.daily(d, school_day)
        self.records.daily(d, school_day)  # 6
        self.clock.run(till=d + 1)  # 7: the actions booked for today first, then the cases' steps
        self.network.daily(d, school_day)  # 8
        self.records.end_of_day(d)  # 9
        self.school_year.daily(d, school_day)  # 10
        self.day += 1
        if self.day == self.measure_from_day:
            self._start_measuring()
        if self.day >= calendar.n_days:
            self.running = False

    def _start_measuring(self) -> None:
        """The warm-up is over: what is counted per run (pupil-days, year and term records, the
        agencies' waits and decisions, meetings, departures) starts from zero. The organisation's
        state - trust, ties, waiting lists, caseloads, staff and their tenures, open cases and
        episodes - runs on. Counts read off the case log start here too (``sim/outcomes.py``)."""
        for part in (self.records, self.school_year, self.services, self.bup, self.school, self.coordination, self.network):
            part.reset_counts()

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
                self.school_year.record_year(n_days)

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
