"""The naive reference: the attendance rules written the ordinary Mesa way.

Each pupil is a :class:`NaivePupil` (a ``mesa.Agent``) whose ``step()`` is called on every
school day through the model's AgentSet (``agents.shuffle_do("step")``, as in the Mesa
tutorial). The pupil applies, with Python scalars and its own draws from ``self.random``,
exactly the per-pupil rules of the model's kernel :meth:`sim.population.Population.attend`:

1. a life event (the pupil's ``shock_prob``, from ``Population.prepare_year``) starts an episode
   with severity ``logit(episode_start_absence) + 0.5 risk + 0.5 N(0, 1)``;
2. the illness chain: an ill pupil stays ill with ``1 - 1/illness_spell_days``, a well pupil
   falls ill with the pupil's illness-start probability;
3. in an episode the pupil is away with ``sigmoid(severity)``; part of that absence is
   reported as valid (``episode_valid_share``);
4. severity moves by +momentum on an absent day and -momentum on a present day, plus the
   pupil's drift, minus the active support (strength x ramp x efficacy, x ``joint``), capped at 4;
5. trailing windows of absence (onset window, staircase window); onset when the trailing
   share reaches ``onset_threshold``; the episode ends when ``sigmoid(severity)`` falls below
   ``recovery_below``.

Only the daily loop differs from the kernel: the pupils' fixed traits (illness-start
probability, risk) and the year's per-pupil constants that ``Population.prepare_year`` derives
from them (life-event probability, drift) are read from a :class:`sim.population.Population`
built with the same parameters and seed, so the two implementations simulate the same pupils. The school's
response is not part of the reference: the comparison is of the attendance rules.
"""
from __future__ import annotations

import math
from collections import deque

import mesa
import numpy as np

from sim import calendar as cal
from sim.params import Params
from sim.population import Population
from sim.rng import Streams


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


class NaivePupil(mesa.Agent):
    """A pupil who decides each school day, on her own, whether she goes to school."""

    def __init__(self, model: "NaiveModel", ill_start: float, risk: float, shock_prob: float, drift: float, joint: float = 1.0):
        super().__init__(model)
        a = model.params.attendance
        self.ill_start = ill_start  # daily chance that a well pupil falls ill
        self.risk = risk  # combined individual, family and school risk
        self.shock_prob = shock_prob  # daily chance of a life event that starts an episode
        self.drift = drift  # daily worsening of an episode without help
        self.joint = joint  # > 1 when the agencies act together on this pupil
        self.ill = False
        self.in_episode = False
        self.severity = 0.0
        self.episode_start = -1
        self.onset_day = -1
        self.episodes = 0
        self.absent = False
        self.valid = False
        self.window_onset: deque[int] = deque(maxlen=a.onset_window)
        self.window_stair: deque[int] = deque(maxlen=model.params.staircase.window)
        self.roll_onset = 0
        self.roll_stair = 0
        self.absent_days = 0
        self.invalid_days = 0
        self.support: dict[int, tuple[float, int, float, float]] = {}  # kind -> strength, start, ramp, efficacy

    def start_support(self, kind: int, strength: float, ramp_days: float, day: int) -> None:
        """Help starts: it ramps up over ``ramp_days`` and is weaker the later it comes."""
        waited = day - self.episode_start if self.in_episode else 0
        efficacy = 0.5 ** (max(waited, 0) / self.model.params.attendance.help_delay_halflife)
        self.support[kind] = (strength, day, max(ramp_days, 1.0), efficacy)

    def support_level(self, day: int) -> float:
        level = 0.0
        for strength, start, ramp, efficacy in self.support.values():
            level += strength * min(max((day - start) / ramp, 0.0), 1.0) * efficacy
        return level * self.joint

    def step(self) -> None:
        model = self.model
        a = model.params.attendance
        day = model.day
        rnd = self.random
        # a life event starts an episode
        if not self.in_episode and rnd.random() < self.shock_prob:
            self.in_episode = True
            self.severity = model.start_logit + 0.5 * self.risk + 0.5 * rnd.gauss(0.0, 1.0)
            self.episode_start = day
            self.onset_day = -1
            self.episodes += 1
        # an illness spell starts or goes on
        if self.ill:
            self.ill = rnd.random() < model.ill_cont
        else:
            self.ill = rnd.random() < self.ill_start
        # episode absence, and whether the guardians report it as valid
        epi_absent = False
        if self.in_episode:
            epi_absent = rnd.random() < 1.0 / (1.0 + math.exp(-self.severity))
        self.absent = self.ill or epi_absent
        self.valid = self.ill or (epi_absent and rnd.random() < a.episode_valid_share)
        # momentum, drift and support move the severity
        if self.in_episode:
            step = (a.momentum if epi_absent else -a.momentum) + self.drift
            if self.support:
                step -= a.support_per_day * self.support_level(day)
            self.severity = min(self.severity + step, 4.0)
        # trailing windows and counters
        x = 1 if self.absent else 0
        counted = 1 if (self.absent and not self.valid) else 0
        if not model.count_invalid_only:
            counted = x
        if len(self.window_onset) == self.window_onset.maxlen:
            self.roll_onset -= self.window_onset[0]
        self.window_onset.append(x)
        self.roll_onset += x
        if len(self.window_stair) == self.window_stair.maxlen:
            self.roll_stair -= self.window_stair[0]
        self.window_stair.append(counted)
        self.roll_stair += counted
        self.absent_days += x
        if self.absent and not self.valid:
            self.invalid_days += 1
        # onset and end of the episode
        if self.in_episode:
            if self.onset_day < 0 and self.roll_onset >= a.onset_threshold * a.onset_window:
                self.onset_day = day
            if self.severity < model.end_logit:
                self.in_episode = False
                self.support.clear()


class NaiveModel(mesa.Model):
    """The municipality's pupils as plain Mesa agents; one step = one calendar day."""

    def __init__(self, params: Params | None = None, seed: int = 0):
        super().__init__(seed=seed)
        self.params = params if params is not None else Params()
        a, c = self.params.attendance, self.params.calendar
        self.calendar = cal.build(c.start_year, c.years, c.school_days_per_year, c.sports_break_week)
        # the same pupils as SchoolModel(params, seed): their traits and this year's per-pupil
        # constants come from the same Population, so only the daily loop differs
        pop = Population(self.params, Streams(seed)["population"])
        pop.prepare_year()
        self.ill_cont = float(pop._ill_cont)
        self.start_logit = _logit(a.episode_start_absence)
        self.end_logit = _logit(a.recovery_below)
        self.count_invalid_only = self.params.staircase.counts == "invalid"
        joint = getattr(pop, "joint", np.ones(pop.n))
        for traits in zip(pop.illness_start_prob().tolist(), pop.risk().tolist(), pop._shock_prob.tolist(), pop._drift.tolist(), joint.tolist()):
            NaivePupil(self, *traits)
        self.day = 0
        self.school_days = 0

    def step(self) -> None:
        if self.calendar.is_school_day[self.day]:
            self.agents.shuffle_do("step")
            self.school_days += 1
        self.day += 1
        if self.day >= self.calendar.n_days:
            self.running = False

    def run_school_days(self, n: int | None = None) -> "NaiveModel":
        """Step until ``n`` school days (default: the whole calendar) have passed."""
        while self.running and (n is None or self.school_days < n):
            self.step()
        return self

    def absence_share(self) -> np.ndarray:
        """Per-pupil share of school days absent, in slot order."""
        return np.array([p.absent_days for p in self.agents], dtype=float) / max(self.school_days, 1)

    def invalid_share(self) -> np.ndarray:
        return np.array([p.invalid_days for p in self.agents], dtype=float) / max(self.school_days, 1)
