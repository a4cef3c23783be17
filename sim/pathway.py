"""The case's pathway between the school and the agencies: the hub through which the school's
staircase, social services, BUP and coordination hand a pupil's case to each other
(:class:`sim.handovers.HandOvers` is what they may ask of it).

A report of concern goes from the school to social services (or is withheld, or filed late);
the school learns whether it was heard; a pupil is referred to BUP, once per case; an agency's
intervention starts and is recorded, and two agencies acting on one case call for a SIP. The
mechanisms the pathway passes on live in files of their own: the guardians' consent
(:mod:`sim.consent`), each sector's meeting load (:mod:`sim.meeting_load`) and the case log of
the day's episodes (:mod:`sim.episodes`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from . import caselog as ev
from .bup import ChildPsychiatry
from .caselog import CaseLog
from .consent import GuardianConsent
from .episodes import EpisodeLog
from .meeting_load import MeetingLoad
from .population import Population
from .rng import ScalarDraws
from .services import SocialServices

if TYPE_CHECKING:
    from .coordination import Coordination
    from .meetings import MeetingLedger
    from .network import ProfessionalNetwork
    from .params import Params
    from .school import SchoolResponse


class CasePathway:
    """The hand-overs of a municipality's cases between the school and the agencies.

    Built after the parts it hands over between - the ``school``, social ``services``, ``bup``
    and the ``coordination`` - and connects itself to each (``part.connect(pathway)``); with
    ``params``, the pupils (``pop``), the case ``log``, the professional ``network``, the meeting
    ``ledger``, the guardians' ``consent`` (the model's array), ``agencies`` (case -> the agencies
    acting on it), ``rng`` (the model's ``decisions`` stream: the school's and the guardians'
    choices) and ``schedule`` (books an action for a later day: a report filed late).
    ``daily`` tells it the day; on a school day it logs the day's episodes."""

    def __init__(self, *, params: "Params", pop: Population, log: CaseLog, network: "ProfessionalNetwork",
                 ledger: "MeetingLedger", consent: np.ndarray, agencies: dict[int, set[str]],
                 rng: np.random.Generator, schedule: Callable[[float, Callable[[int], None]], None],
                 school: "SchoolResponse", services: SocialServices, bup: ChildPsychiatry,
                 coordination: "Coordination") -> None:
        self.params, self.pop, self.log, self.network = params, pop, log, network
        self.agencies, self.schedule = agencies, schedule
        self.school, self.services, self.bup, self.coordination = school, services, bup, coordination
        self.decisions = ScalarDraws(rng)  # the school's and the guardians' choices
        self.guardians = GuardianConsent(consent=consent, pop=pop, log=log, decisions=self.decisions, params=params)
        self.loads = MeetingLoad(ledger=ledger, network=network, params=params)
        self.episodes = EpisodeLog(pop=pop, log=log, school=school)
        self.today = 0  # the day being simulated (told by daily)
        for part in (school, services, bup, coordination):
            part.connect(self)

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
            self.schedule(day + delay, lambda d: self.services.file(pupil, case, school, source, d))
        else:
            self.services.file(pupil, case, school, source, day)

    def _already_known(self, case: int, pupil: int) -> bool:
        """The school knows social services already act: it heard of an open investigation, or
        a coordinator holds the case."""
        svc = self.services
        heard_open = svc.investigating.get(case, 0) > 0 and not svc.unanswered.get(case, True)
        return heard_open or self.coordinated(pupil)

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
            self.guardians.ask_many(self.guardians.not_asked(pupils), c.consent_prob, day)
        if self.coordination.active and step == c.forum_entry_step:
            for pupil in pupils.tolist():
                self.coordination.on_step(pupil, step, day)

    def forum_application(self, pupils: np.ndarray, day: int) -> None:
        """Staircase step 4: the school applies to the cross-sector forum, where there is one."""
        self.staircase_step(pupils, 4, day)

    def ask_consent(self, pupil: int, prob: float, day: int) -> None:
        """The guardians sign consent that lifts secrecy between the agencies, or refuse
        (:class:`sim.consent.GuardianConsent`)."""
        self.guardians.ask(pupil, self.case_of(pupil), prob, day)

    def coordinated(self, pupil: int) -> bool:
        """Whether a coordinator holds the pupil's case."""
        return self.coordination.coordinated.get(pupil) is not None

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
        self.bup.refer(pupil, case, coordinated or self.coordinated(pupil))

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
        stands when first asked today (:class:`sim.meeting_load.MeetingLoad`)."""
        return self.loads.share(sector, self.today)

    def meetings_held(self, kind: str, places: list[int], day: int) -> None:
        """Meetings took place at ``places``, one after the other: their hours are booked to the
        people in them."""
        self.loads.held(kind, places, day)

    def daily(self, day: int, school_day: bool) -> None:
        """A new day; on a school day, log today's episodes (drawn by the population's
        ``attend``; :class:`sim.episodes.EpisodeLog`)."""
        self.today = day
        if school_day:
            pop = self.pop
            self.episodes.today(day, pop.started_today, pop.onset_today, pop.ended_today)
