"""Child and adolescent psychiatry (BUP) as salabim processes.

A referral needs the guardians. In the silo the family must make it happen: low-resource
families follow through less often and later (001 L1933-1939; 002 L513-516); a coordinator
carries the referral instead. A referral waits for a first assessment (target 30 days; 50-70 %
on time, domain_facts §8 row 41), then, if needed, for in-depth assessment or treatment (target
30 more days; about 40 % on time, row 42). Each wait has two parts: a booking delay on the
region's waiting list (exogenous: this municipality's referrals are a small share of it) and a
queue for this clinic's clinicians, which other children's referrals share.
Treatment lowers absence (effect g ≈ 0.54, Maynard et al. 2018; see docs/ODD.md 7.10). When
school and BUP disagree about a case (000 L1266-1295) their joint effect is weaker.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import salabim as sim

from . import caselog as ev
from .population import ADAPTATION, BUP as BUP_SUPPORT, SPECIAL_SUPPORT
from .services import Arrivals, launch

if TYPE_CHECKING:
    from .model import SchoolModel


class Referral(sim.Component):
    """One pupil's (or another child's) way through BUP's two waiting lists."""

    def prepare(self, bup: "ChildPsychiatry", pupil: int, case: int) -> None:
        self.bup, self.pupil, self.case = bup, pupil, case
        self.referred = bup.env.now()
        self.assessed: float | None = None
        bup.referrals.append(self)

    def process(self) -> None:
        bup, p = self.bup, self.bup.p
        if p.booking_days > 0:
            self.hold(bup.rng.exponential(p.booking_days))  # the region's waiting list for a slot
        self.request(bup.first)
        self.hold(bup.duration(p.first_assessment_days))
        self.release(bup.first)
        wait = self.env.now() - self.referred
        self.assessed = wait
        bup.first_waits.append((self.pupil >= 0, wait))
        bup.log(self, ev.BUP_FIRST_ASSESSMENT, f"{wait:.0f}")
        if bup.rng.random() >= p.treatment_prob:
            return
        assessed = self.env.now()
        if p.treatment_booking_days > 0:
            self.hold(bup.rng.exponential(p.treatment_booking_days))
        self.request(bup.treatment)
        bup.treatment_waits.append((self.pupil >= 0, self.env.now() - assessed))
        bup.start_treatment(self)
        self.hold(bup.duration(p.treatment_days))
        self.release(bup.treatment)
        if self.pupil >= 0:
            bup.model.pop.stop_support(np.array([self.pupil]), BUP_SUPPORT)


class FamilyReferral(sim.Component):
    """In the silo the guardians must get the referral made; a coordinator does it for them."""

    def prepare(self, bup: "ChildPsychiatry", pupil: int, case: int, coordinated: bool) -> None:
        self.bup, self.pupil, self.case, self.coordinated = bup, pupil, case, coordinated

    def process(self) -> None:
        bup, p = self.bup, self.bup.p
        low = bool(bup.model.pop.low_resource[self.pupil])
        if self.coordinated:
            self.hold(bup.rng.exponential(3.0))
        else:
            follow = p.low_resource_follow_through if low else p.family_follow_through
            if bup.rng.random() >= follow:
                bup.log(self, ev.BUP_REFERRAL_DROPPED)
                return
            factor = bup.model.params.municipality.low_resource_delay_factor if low else 1.0
            self.hold(bup.rng.exponential(p.family_delay_days * factor))
        bup.log(self, ev.BUP_REFERRAL, "coordinator" if self.coordinated else "family")
        launch(Referral, self.env, bup=bup, pupil=self.pupil, case=self.case)


class ChildPsychiatry:
    """BUP's clinicians for first assessments and for treatment, with their waiting lists."""

    def __init__(self, model: "SchoolModel", env: sim.Environment):
        self.model, self.env = model, env
        self.p = model.params.bup
        self.rng = model.streams["bup"]
        rate = model.params.turnover.bup_rate
        for role, n in (("bup_first", self.p.clinicians_first), ("bup_treatment", self.p.clinicians_treatment)):
            for _ in range(model.staffing(n)):
                model.network.hire(role, day=0, tenure=self.rng.exponential(365.0 / max(rate, 0.05)))
        self.first = sim.Resource("bup_first", capacity=0, env=env)
        self.treatment = sim.Resource("bup_treatment", capacity=0, env=env)
        self.staff_changed()
        self.first_waits: list[tuple[bool, float]] = []
        self.treatment_waits: list[tuple[bool, float]] = []
        self.disagree: set[int] = set()
        self.referrals: list[Referral] = []
        for _ in range(model.staffing(self.p.initial_waiting, minimum=0)):
            launch(Referral, env, bup=self, pupil=-1, case=-1)
        region = model.staffing(self.p.region_pupils)
        per_day = self.p.background_referrals * max(region - model.pop.n, 0) / 1000.0 / 365.0
        if per_day > 0:
            launch(Arrivals, env, rng=self.rng, per_day=per_day,
                   arrive=lambda: launch(Referral, env, bup=self, pupil=-1, case=-1))

    def first_assessment_times(self, now: float) -> tuple[np.ndarray, np.ndarray]:
        """Days from referral to first assessment (all referrals; those still waiting censored)."""
        t = np.array([r.assessed if r.assessed is not None else now - r.referred for r in self.referrals])
        o = np.array([r.assessed is not None for r in self.referrals], dtype=bool)
        return t, o

    def refer(self, pupil: int, case: int, coordinated: bool) -> None:
        launch(FamilyReferral, self.env, bup=self, pupil=pupil, case=case, coordinated=coordinated)

    def duration(self, mean: float) -> float:
        return float(self.rng.gamma(2.0, mean / 2.0)) / (1.0 - self.model.meeting_load("bup"))

    def start_treatment(self, ref: Referral) -> None:
        if ref.pupil < 0:
            return
        model, p = self.model, self.p
        strength = p.treatment_strength
        if self.rng.random() < p.disagreement_prob:
            # BUP sides with the family against the school: both efforts lose part of their effect
            self.disagree.add(ref.pupil)
            strength *= 1 - p.disagreement_penalty
            for kind in (ADAPTATION, SPECIAL_SUPPORT):
                model.pop.support_strength[kind, ref.pupil] *= 1 - p.disagreement_penalty
        model.start_multiagency(ref.pupil, BUP_SUPPORT, strength, p.treatment_ramp_days, int(self.env.now()), "bup_treatment")

    def pick(self):
        people = self.model.network.active("bup_treatment") or self.model.network.active("bup_first")
        return people[0] if people else None

    def log(self, ref, event: str, info: str = "") -> None:
        if ref.pupil >= 0:
            self.model.log.add(int(self.env.now()), ref.pupil, ref.case, event, info)

    def staff_changed(self) -> None:
        net = self.model.network
        self.first.set_capacity(len(net.active("bup_first")))
        self.treatment.set_capacity(len(net.active("bup_treatment")) * self.p.treatment_caseload)
