"""The case's pathway between the school and the agencies: the hooks through which the
school's staircase, social services, BUP and coordination hand a pupil's case to each other.

A report of concern goes from the school to social services (or is withheld, or filed late);
the school learns whether it was heard; a pupil is referred to BUP, once per case; an agency's
intervention starts and is recorded; consent lifts secrecy between the agencies; each sector's
meeting load slows its work. The model (:class:`sim.model.SchoolModel`) holds the state these
act on (the pupils, the case log, the agencies); the pathway is ``model.pathway``.
(A module of its own: it is compiled with the agencies, :mod:`sim.native`.)
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev
from .rng import ScalarDraws

if TYPE_CHECKING:
    from .model import SchoolModel


class CasePathway:
    """The hand-overs of a municipality's cases between the school and the agencies."""

    def __init__(self, model: "SchoolModel") -> None:
        """(Made when the model has made its parts: the pathway keeps them at hand.)"""
        self.model = model
        self.params, self.pop, self.log, self.school = model.params, model.pop, model.log, model.school
        self.network, self.ledger, self.services, self.bup = model.network, model.ledger, model.services, model.bup
        self.coordination, self.consent, self.agencies = model.coordination, model.consent, model.agencies
        self.decisions = ScalarDraws(model.streams["decisions"])  # the school's and the guardians' choices
        self._load_cache: dict[str, float] = {}  # sector -> meeting load, on day _load_day
        self._load_day = -1

    def case_of(self, pupil: int) -> int:
        pop = self.pop  # .item(): a Python number, quicker to work with than a numpy scalar
        return pop.episode_id.item(pupil) if pop.in_episode.item(pupil) else -1

    def report_of_concern(self, pupil: int, day: int, source: str, case: int | None = None) -> None:
        """The school files a report of concern (orosanmälan) with social services (about
        ``case``, the pupil's case: the caller may know it already).

        A school that distrusts social services reports later, or not at all (001 L1485-1489).
        """
        school = self.pop.school.item(pupil)  # (.item(): a Python int, quicker than a numpy scalar)
        case = self.case_of(pupil) if case is None else case
        net = self.params.network
        if source == "eht_step5" and case >= 0 and self._already_known(case, pupil):
            self.log.add(day, pupil, case, ev.REPORT_NOT_NEEDED, source)
            return
        trust = self.network.trust_in_services(school, day)
        if source != "repeat" and self.decisions.random() < net.low_trust_skip * (1 - trust):
            self.log.add(day, pupil, case, ev.REPORT_WITHHELD, source)
            return
        delay = net.low_trust_report_delay * (1 - trust)
        if self.network.active("school_social_worker", school):
            delay *= 1 - self.params.coordination.ssw_on_site  # the school social worker carries it
        if delay >= 1:
            self.model.schedule(day + delay, lambda d: self.services.file(pupil, case, school, source, d))
        else:
            self.services.file(pupil, case, school, source, day)

    def _already_known(self, case: int, pupil: int) -> bool:
        """The school knows social services already act: it heard of an open investigation, or
        a coordinator holds the case."""
        svc = self.services
        heard_open = svc.investigating.get(case, 0) > 0 and not svc.unanswered.get(case, True)
        return heard_open or self.coordination.coordinated.get(pupil) is not None

    def heard_nothing(self, cases: np.ndarray) -> np.ndarray:
        """Per case: the school's last report about it was met with silence (case -1: never)."""
        unanswered = self.services.unanswered
        return np.array([c >= 0 and bool(unanswered.get(c)) for c in cases.tolist()], dtype=bool)

    def maybe_repeat_report(self, pupil: int, day: int, case: int | None = None) -> None:
        """At a review: a school that heard nothing reports the same pupil again (000 L1119-1121)."""
        case = self.case_of(pupil) if case is None else case
        if case < 0 or not self.services.unanswered.get(case):
            return
        trust = self.network.trust_in_services(int(self.pop.school[pupil]), day)
        if self.decisions.random() < self.params.services.repeat_report_prob * (1 - trust):
            self.report_of_concern(pupil, day, "repeat", case)

    def staircase_step(self, pupils: np.ndarray, step: int, day: int) -> None:
        """The school reached ``step`` (2-5) with ``pupils``: at step 3 it asks the guardians for
        consent where it uses a consent form; at the forum's entry step it applies to the forum."""
        c = self.params.coordination
        if step == 3 and c.consent_form:
            self._ask_consents(pupils[self.consent[pupils] == -1], c.consent_prob, day)
        if self.coordination.active and step == c.forum_entry_step:
            for pupil in pupils.tolist():
                self.coordination.on_step(pupil, step, day)

    def forum_application(self, pupils: np.ndarray, day: int) -> None:
        """Staircase step 4: the school applies to the cross-sector forum, where there is one."""
        self.staircase_step(pupils, 4, day)

    def ask_consent(self, pupil: int, prob: float, day: int) -> None:
        """The guardians sign consent that lifts secrecy between the agencies, or refuse."""
        given = self.decisions.random() < prob
        self.consent[pupil] = 1 if given else 0
        self.pop.joint[pupil] = 1.0 + (self.params.coordination.consent_effect if given else 0.0)
        self.log.add(day, pupil, self.case_of(pupil), ev.CONSENT, "given" if given else "refused")

    def _ask_consents(self, pupils: np.ndarray, prob: float, day: int) -> None:
        """:meth:`ask_consent` for a group of pupils."""
        if pupils.size == 0:
            return
        given = self.decisions.random(pupils.size) < prob
        self.consent[pupils] = given
        self.pop.joint[pupils] = np.where(given, 1.0 + self.params.coordination.consent_effect, 1.0)
        cases = np.where(self.pop.in_episode[pupils], self.pop.episode_id[pupils], -1)
        self.log.add_many(day, pupils[given], cases[given], ev.CONSENT, "given")
        self.log.add_many(day, pupils[~given], cases[~given], ev.CONSENT, "refused")

    def multi_problem(self, pupil: int) -> bool:
        """Absence plus family problems (an assumption after 000 L1248-1257): family risk above the threshold."""
        fam = self.pop.family_risk.item(pupil) / max(self.params.attendance.risk_sd, 1e-9)  # .item(): a Python float is quicker
        return bool(fam > self.params.services.multi_problem_risk)

    def bup_needed(self, pupil: int | np.ndarray) -> bool | np.ndarray:
        """Whether the pupil's episode needs BUP (drawn when it starts, mostly with individual
        risk); the EHT, the forum or an investigation finds it when they look. For an array of
        pupils, one answer each."""
        if isinstance(pupil, np.ndarray):
            return self.pop.in_episode[pupil] & self.pop.bup_need[pupil]
        return self.pop.in_episode.item(pupil) and self.pop.bup_need.item(pupil)

    def bup_involved(self, pupil: int) -> bool:
        return "bup" in self.agencies.get(self.case_of(pupil), set())

    def refer_bup(self, pupil: int, day: int, source: str, coordinated: bool = False) -> None:
        case = self.case_of(pupil)
        if case < 0 or "bup_referred" in self.agencies.setdefault(case, set()):
            return
        self.agencies[case].add("bup_referred")
        self.bup.refer(pupil, case, coordinated or self.coordination.coordinated.get(pupil) is not None)

    def start_multiagency(self, pupil: int, kind: int, strength: float, ramp: float, day: int, info: str) -> None:
        """A multi-agency intervention starts: social services, BUP, or a coordinated plan."""
        case = self.case_of(pupil)
        self.pop.start_support(pupil, kind, strength, ramp, day)
        self.log.add(day, pupil, case, ev.MULTIAGENCY, info)
        if case < 0:
            return
        agency = {"social_services": "social", "lvu": "social", "bup_treatment": "bup"}.get(info, "coordination")
        acting = self.agencies.setdefault(case, set())
        acting.add(agency)
        if self.school.step.item(pupil) >= 3:
            acting.add("school")
        if len(acting & {"school", "social", "bup", "coordination"}) >= 2:
            self.coordination.maybe_sip(pupil, day)

    def meeting_load(self, sector: str) -> float:
        """Share of a sector's working time spent in meetings over the last four weeks, as it
        stands when first asked on a day (kept for the rest of the day)."""
        if self._load_day != self.model.day:
            self._load_day, self._load_cache = self.model.day, {}
        load = self._load_cache.get(sector)
        if load is None:
            load = self._load_cache[sector] = self.ledger.load(sector, self.model.day, self.network.headcount(sector))
        return load

    def meetings_held(self, kind: str, places: list[int], day: int) -> None:
        """Meetings took place at ``places``, one after the other: their hours are booked to the
        people in them."""
        if kind == "eht" and places:
            self.ledger.record_many(kind, day, self.network.eht_teams(places), self.params.eht.meeting_hours)

    def daily(self, day: int, school_day: bool) -> None:
        """A school day: log today's episodes (drawn by the population's ``attend``)."""
        if school_day:
            pop = self.pop
            self.episodes_today(day, pop.started_today, pop.onset_today, pop.ended_today)

    def episodes_today(self, day: int, started: np.ndarray, onset: np.ndarray, ended: np.ndarray) -> None:
        """The case log of the episodes that started, reached onset and ended today."""
        pop, log = self.pop, self.log
        log.add_many(day, started, pop.episode_id[started], ev.EPISODE_START)
        if started.size:  # a pupil the EHT already knows counts as detected at once
            known = started[self.school.step[started] >= 2]
            log.add_many(day, known, pop.episode_id[known], ev.DETECTION, "already_known")
        log.add_many(day, onset, pop.episode_id[onset], ev.ONSET, "")
        need = onset[pop.needs_help[onset]]
        log.add_many(day, need, pop.episode_id[need], ev.NEEDS_HELP)
        log.add_many(day, ended, pop.episode_id[ended], ev.EPISODE_END)
