"""Child and adolescent psychiatry (BUP): referrals as processes on the agencies' clock.

A referral needs the guardians. In the silo the family must make it happen: low-resource
families follow through less often and later (001 L1933-1939; 002 L513-516); a coordinator
carries the referral instead. A referral waits for a first assessment (target 30 days; 50-70 %
on time, [Vantetider]), then, if needed, for in-depth assessment or treatment (target 30 more
days; about 40 % on time, [Vantetider]; [Vardforetagarna-2024]; keys of docs/sources.md). Each wait has two parts: a booking delay on the
region's waiting list (exogenous: this municipality's referrals are a small share of it) and a
queue for this clinic's clinicians, which other children's referrals share.
Treatment lowers absence (effect g ≈ 0.54, Maynard et al. 2018; see docs/ODD.md 7.10). When
school and BUP disagree about a case (000 L1266-1295) their joint effect is weaker.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev
from .caselog import CaseLog
from .casework import Case, Clock
from .population import ADAPTATION, BUP as BUP_SUPPORT, SPECIAL_SUPPORT, Population
from .rng import ScalarDraws
from .services import Arrivals

if TYPE_CHECKING:
    from .handovers import HandOvers
    from .network import ProfessionalNetwork
    from .params import Params
    from .scaling import Staffing


class Referral(Case):
    """One pupil's (or another child's, ``pupil`` -1) way through BUP's two waiting lists."""

    def __init__(self, bup: "ChildPsychiatry", pupil: int, case: int, delay: float = 0.0) -> None:
        self.bup, self.pupil, self.case = bup, pupil, case
        self.referred = bup.clock.now + delay  # the process starts then
        self.assessed: float | None = None
        bup.referrals.append(self)

    def process(self):
        bup, p = self.bup, self.bup.p
        # the region's waiting list for a slot; with no wait there the referral still steps
        # onto the clock first (the referrals waiting when the run starts are made before the
        # pathway is connected, which the clinicians' working time asks for)
        yield bup.rng.exponential(p.booking_days) if p.booking_days > 0 else 0.0
        yield bup.first
        yield bup.duration(p.first_assessment_days / bup.first_share)
        bup.first.release()
        wait = self.clock.now - self.referred
        self.assessed = wait
        bup.first_waits.append((self.pupil >= 0, wait))
        if self.pupil >= 0:  # (the wait in words only for the log)
            bup.log(self, ev.BUP_FIRST_ASSESSMENT, f"{wait:.0f}")
        if bup.rng.random() >= p.treatment_prob:
            return
        assessed = self.clock.now
        if p.treatment_booking_days > 0:
            yield bup.rng.exponential(p.treatment_booking_days)
        yield bup.treatment
        bup.treatment_waits.append((self.pupil >= 0, self.clock.now - assessed))
        bup.start_treatment(self)
        yield bup.duration(p.treatment_days)
        bup.treatment.release()
        if self.pupil >= 0:
            bup.pop.stop_support(self.pupil, BUP_SUPPORT)


class FamilyReferral(Case):
    """In the silo the guardians must get the referral made; a coordinator does it for them."""

    def __init__(self, bup: "ChildPsychiatry", pupil: int, case: int, coordinated: bool) -> None:
        self.bup, self.pupil, self.case, self.coordinated = bup, pupil, case, coordinated

    def process(self):
        bup, p = self.bup, self.bup.p
        low = bup.pop.low_resource.item(self.pupil)
        if self.coordinated:
            yield bup.rng.exponential(3.0)
        else:
            follow = p.low_resource_follow_through if low else p.family_follow_through
            if bup.rng.random() >= follow:
                bup.log(self, ev.BUP_REFERRAL_DROPPED)
                return
            factor = bup.params.municipality.low_resource_delay_factor if low else 1.0
            yield bup.rng.exponential(p.family_delay_days * factor)
        bup.log(self, ev.BUP_REFERRAL, "coordinator" if self.coordinated else "family")
        self.clock.start(Referral(bup, self.pupil, self.case))


class ChildPsychiatry:
    """BUP's clinicians for first assessments and for treatment, with their waiting lists.

    Built with what it uses: ``params`` (its own section ``bup``; the clinicians' turnover, the
    delay of low-resource families), the pupils (``pop``), the case ``log``, the agencies'
    ``clock``, the professional ``network`` (it hires its clinicians there), the scaling of staff
    (``staff``) and its random stream ``rng`` (the model's ``bup`` stream). The case's pathway
    comes after, by :meth:`connect`.

    Statistics (read by sim/outcomes.py): :meth:`first_assessment_times`, ``first_waits`` and
    ``treatment_waits`` (a pupil of ours?, days), ``referrals`` (every :class:`Referral` since
    the warm-up). Also used by the pathway: :meth:`refer`; by the coordination: :meth:`pick`."""

    def __init__(self, *, params: "Params", pop: Population, log: CaseLog, clock: Clock,
                 network: "ProfessionalNetwork", staff: "Staffing", rng: np.random.Generator) -> None:
        self.params, self.pop, self.caselog, self.clock, self.network = params, pop, log, clock, network
        self.p = params.bup
        self.rng = ScalarDraws(rng)
        rate = params.turnover.bup_rate
        for role, n in (("bup_first", self.p.clinicians_first), ("bup_treatment", self.p.clinicians_treatment)):
            for _ in range(staff.staffing(n, name=f"bup.clinicians_{role[4:]}")):
                network.hire(role, day=0, tenure=self.rng.exponential(365.0 / max(rate, 0.05)))
        # each clinician works this share of a full post (part-time posts in a small municipality):
        # a first assessment takes a part-timer longer; treatment places shrink in proportion
        self.first_share = staff.post_share(self.p.clinicians_first, name="bup.clinicians_first")
        self.treatment_share = staff.post_share(self.p.clinicians_treatment, name="bup.clinicians_treatment")
        self.first = clock.waiting_list("bup_first")
        self.treatment = clock.waiting_list("bup_treatment")
        self.staff_changed()
        self.first_waits: list[tuple[bool, float]] = []
        self.treatment_waits: list[tuple[bool, float]] = []
        self.disagree: set[int] = set()
        self.referrals: list[Referral] = []
        for _ in range(staff.staffing(self.p.initial_waiting, minimum=0, name="bup.initial_waiting")):
            clock.start(Referral(self, -1, -1))
        region = staff.staffing(self.p.region_pupils, name="bup.region_pupils")
        per_day = self.p.background_referrals * max(region - pop.n, 0) / 1000.0 / 365.0
        if per_day > 0:
            clock.start(Arrivals(self.rng, per_day, lambda delay: clock.start(Referral(self, -1, -1, delay), delay)))

    def first_assessment_times(self, now: float) -> tuple[np.ndarray, np.ndarray]:
        """Days from referral to first assessment (all referrals; those still waiting censored)."""
        t = np.array([r.assessed if r.assessed is not None else now - r.referred for r in self.referrals])
        o = np.array([r.assessed is not None for r in self.referrals], dtype=bool)
        return t, o

    def refer(self, pupil: int, case: int, coordinated: bool) -> None:
        self.clock.start(FamilyReferral(self, pupil, case, coordinated))

    def duration(self, mean: float) -> float:
        return self.rng.gamma(2.0, mean / 2.0) / (1.0 - self.pathway.meeting_load("bup"))

    def start_treatment(self, ref: Referral) -> None:
        if ref.pupil < 0:
            return
        p = self.p
        strength = p.treatment_strength
        if self.rng.random() < p.disagreement_prob:
            # BUP sides with the family against the school: both efforts lose part of their effect
            self.disagree.add(ref.pupil)
            strength *= 1 - p.disagreement_penalty
            self.pop.weaken_support(ref.pupil, (ADAPTATION, SPECIAL_SUPPORT), 1 - p.disagreement_penalty)
        self.pathway.start_multiagency(ref.pupil, BUP_SUPPORT, strength, p.treatment_ramp_days, int(self.clock.now), "bup_treatment")

    def pick(self):
        people = self.network.active("bup_treatment") or self.network.active("bup_first")
        return people[0] if people else None

    def log(self, ref, event: str, info: str = "") -> None:
        if ref.pupil >= 0:
            self.caselog.add(int(self.clock.now), ref.pupil, ref.case, event, info)

    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def reset_counts(self) -> None:
        """The end of the warm-up: waits and referrals are counted from here (those waiting
        still hold their place in the queue)."""
        self.first_waits.clear()
        self.treatment_waits.clear()
        self.referrals.clear()

    def staff_changed(self) -> None:
        net = self.network
        self.first.set_capacity(len(net.active("bup_first")))
        self.treatment.set_capacity(round(len(net.active("bup_treatment")) * self.p.treatment_caseload * self.treatment_share))
