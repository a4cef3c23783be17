"""Pupils as arrays (struct of arrays) and the daily attendance kernel.

Every pupil is a slot in these arrays; the Mesa ``Pupil`` agent (``agents.py``) is a view on
its slot. The daily step draws attendance for all pupils at once: whole-array numpy steps, and
the rules applied pupil by pupil in compiled loops (:mod:`sim.attendance`), never a Python loop
over pupils. Absence comes from two sources:

* short **illness spells** (valid absence): a two-state chain per pupil whose long-run share
  is the pupil's own illness rate (lognormal across pupils, rising with grade);
* **problematic-absence episodes**, started by life-event shocks whose rate depends on the
  pupil's individual, family and school risk. In an episode the daily absence probability is
  ``sigmoid(severity)``; each absent day raises and each present day lowers the severity
  (momentum: absence feeds itself - our reading of 004 L239-242, where the absent pupil falls
  behind and loses contact with teachers and classmates); a drift proportional to the pupil's risk
  above ``need_risk`` makes high-risk episodes worsen (rising and chronic trajectories, Chen et
  al. 2016) and low-risk ones fade (declining); active support
  pulls it down with an efficacy that halves for every ``help_delay_halflife`` days the
  episode lasted before help came (004 L226-228). The episode ends when the daily absence
  probability falls below ``recovery_below``.

Part of episode absence is reported by the guardians as valid (sick) absence: a staircase
that counts only invalid absence detects later (004 L236-239).
"""
from __future__ import annotations


import numpy as np
from scipy.special import ndtri

from .attendance import burn_in_episodes, episode_day, illness_and_life_events, onset_and_end
from .grades import episode_grade_factor
from .params import Params
from .scaling import posts

# Kinds of support acting on a pupil's episode (rows of the support arrays).
ADAPTATION, SPECIAL_SUPPORT, SOCIAL_SERVICES, BUP, COORDINATED = range(5)
SUPPORT_KINDS = ("adaptation", "special_support", "social_services", "bup", "coordinated")


def _logit(p):
    """log(p / (1 - p)); -inf at 0 (``recovery_below = 0``: no episode ends by falling under it)."""
    with np.errstate(divide="ignore"):
        return np.log(p / (1 - p))


def _rest(u: np.ndarray, p: np.ndarray, hit: np.ndarray) -> np.ndarray:
    """What is left of uniforms ``u`` after the events ``hit = u < p``, rescaled to a fresh uniform.
    (Each value is divided by its own side's width, ``p > u >= 0`` or ``1 - p > 1 - u > 0``,
    never by zero: no ``np.errstate`` needed, which cost 2 ms a year at 20,000 pupils.)"""
    return np.where(hit, u, u - p) / np.where(hit, p, 1.0 - p)


class Population:
    """All pupils of the municipality, their schools and classes, as numpy arrays."""

    def __init__(self, params: Params, rng_pop: np.random.Generator):
        m = params.municipality
        self.params = params
        self.n = m.n_pupils
        # school counts are given for 1,600 pupils and scale with the municipality (sim/scaling.py),
        # unless the municipality gives its own number
        given = round(m.n_schools) if "municipality.n_schools" in m.staff_as_given else posts(m.n_schools, m.n_pupils)
        self.n_schools = min(max(1, given), max(1, m.n_pupils // 10))
        # --- schools, classes, grades: each school has grades 0-9, classes of <= class_size
        class_school, class_grade, class_size = [], [], []
        per_school = np.full(self.n_schools, self.n // self.n_schools)
        per_school[: self.n % self.n_schools] += 1
        for s, ns in enumerate(per_school.tolist()):
            for g in range(10):
                ng = ns // 10 + (g < ns % 10)
                n_cls = max(1, -(-ng // m.class_size))
                for c in range(n_cls):
                    class_school.append(s)
                    class_grade.append(g)
                    class_size.append(ng // n_cls + (c < ng % n_cls))
        self.class_school = np.array(class_school, dtype=np.int32)
        self.n_classes = len(class_school)
        # pupils fill the classes in order
        self.klass = np.repeat(np.arange(self.n_classes, dtype=np.int32), class_size)
        self.school = self.class_school[self.klass]
        self.grade = np.array(class_grade, dtype=np.int8)[self.klass]
        # --- risk: school risk per school, individual and family risk per pupil
        self.rng_pop = rng_pop
        self.school_risk = rng_pop.normal(0.0, params.attendance.risk_sd * 0.5, self.n_schools)
        self.individual_risk = np.zeros(self.n)
        self.family_risk = np.zeros(self.n)
        self.low_resource = np.zeros(self.n, dtype=bool)
        self.illness_level = np.zeros(self.n)
        self.cohort = np.zeros(self.n, dtype=np.int32)  # school year the pupil arrived (0 = at start)
        self._draw_pupils(np.arange(self.n))
        # --- daily state
        a = params.attendance
        self.ill = np.zeros(self.n, dtype=bool)
        self.in_episode = np.zeros(self.n, dtype=bool)
        self.severity = np.zeros(self.n)
        self.episode_start = np.full(self.n, -1, dtype=np.int32)
        self.episode_id = np.full(self.n, -1, dtype=np.int64)
        self.onset_day = np.full(self.n, -1, dtype=np.int32)
        self.needs_help = np.zeros(self.n, dtype=bool)  # case needs more than the school (latent)
        self.bup_need = np.zeros(self.n, dtype=bool)    # the episode needs child psychiatry
        self.next_episode_id = 0
        self.absent = np.zeros(self.n, dtype=bool)
        self.valid = np.zeros(self.n, dtype=bool)
        # support: strength, start day, ramp days and efficacy per kind (rows) and pupil (columns),
        # views on one record per pupil that the daily step reads in one piece
        self._support = np.zeros((self.n, 4, len(SUPPORT_KINDS)))
        self.support_strength, self.support_start, self.support_ramp, self.support_efficacy = self._support.transpose(1, 2, 0)
        self.support_ramp[:] = 1.0
        self.supported = np.zeros(self.n, dtype=bool)  # help may act on the pupil (all help ends with the episode)
        self._efficacy: dict[int, float] = {}  # days waited -> efficacy of help that comes then
        self.joint = np.ones(self.n)  # > 1 when the guardians' consent lets the agencies act together
        # rolling windows of absence (ring buffer over the last W school days)
        self.W = max(a.onset_window, params.staircase.window)
        self.hist_all = np.zeros((self.W, self.n), dtype=np.int8)
        self.hist_counted = np.zeros((self.W, self.n), dtype=np.int8)
        self.roll_onset = np.zeros(self.n, dtype=np.int32)
        self.roll_stair = np.zeros(self.n, dtype=np.int32)
        self.days_seen = 0
        # year and term counters
        self.absent_year = np.zeros(self.n, dtype=np.int32)
        self.invalid_year = np.zeros(self.n, dtype=np.int32)
        self.absent_term = np.zeros(self.n, dtype=np.int32)
        self.count_invalid_only = params.staircase.counts == "invalid"
        # the compiled kernel writes the day's pupils whose episode starts, who are in one, reach onset, end
        self._started, self._ep, self._onset, self._ended = (np.empty(self.n, dtype=np.int64) for _ in range(4))
        # today's episodes (``attend``): the pupils whose episode started, reached onset and ended
        self.started_today = self.onset_today = self.ended_today = np.zeros(0, dtype=np.int64)
        self._event_u = np.empty(self.n)  # the life-event uniform of each started episode

    # ------------------------------------------------------------------ pupils
    def _draw_pupils(self, idx: np.ndarray) -> None:
        """Draw the fixed traits of the pupils in slots ``idx`` (at start, or a new cohort)."""
        a, m = self.params.attendance, self.params.municipality
        k = len(idx)
        rng = self.rng_pop
        self.individual_risk[idx] = rng.normal(0.0, a.risk_sd, k)
        self.low_resource[idx] = rng.random(k) < m.low_resource_share
        # family risk is higher, on average, in low-resource families
        self.family_risk[idx] = rng.normal(0.0, a.risk_sd, k) + np.where(self.low_resource[idx], 0.4 * a.risk_sd, 0.0)
        self.illness_level[idx] = rng.normal(0.0, a.illness_heterogeneity, k)

    def risk(self) -> np.ndarray:
        """Combined log-risk of an episode (individual + family + school), mean about 0."""
        return (self.individual_risk + self.family_risk + self.school_risk[self.school]) / np.sqrt(3.0)

    def illness_start_prob(self) -> np.ndarray:
        a = self.params.attendance
        sd = a.illness_heterogeneity
        share = a.illness_absence_mean * np.exp(self.illness_level - sd * sd / 2 + a.grade_effect * np.maximum(self.grade - 4, 0))
        share = np.minimum(share, 0.5)
        cont = 1.0 - 1.0 / a.illness_spell_days
        return share * (1 - cont) / (1 - share)

    def prepare_year(self) -> None:
        """Recompute per-year constants (grades change at the summer rollover)."""
        a = self.params.attendance
        self._ill_start = self.illness_start_prob()
        self._ill_cont = 1.0 - 1.0 / a.illness_spell_days
        r = self._risk = self.risk()
        self._start_logit = _logit(a.episode_start_absence)
        self._end_logit = _logit(a.recovery_below)
        self._shock_prob = (a.episode_rate / self.params.calendar.school_days_per_year * np.exp(r - 0.5)
                            * episode_grade_factor(self.grade, a.upper_grade_step, a.upper_grade_rise))
        self._drift = a.episode_drift * (r - a.need_risk)
        b = self.params.bup
        self._bup_need_prob = np.where(self.individual_risk > 0, b.referral_prob, 0.3 * b.referral_prob)

    # ---------------------------------------------------------------- the day
    def day_draws(self, rng: np.random.Generator) -> np.ndarray:
        """A school day's draws: 64 random bits per pupil, two uniforms in one (a stream's raw
        output costs half of drawing two uniforms: about 5 ms a year at 20,000 pupils)."""
        return rng.bit_generator.random_raw(self.n)

    def attend(self, day: int, bits: np.ndarray):
        """Draw one school day's attendance for every pupil.

        ``bits`` holds 64 random bits per pupil (:meth:`day_draws`), drawn from the ``attendance``
        stream every school day whatever the pupil's state, so scenarios at the same seed see the
        same draws: two uniforms, from the high and the low 32 bits. The first
        decides the illness chain; what is left of it, rescaled, is a fresh uniform for a life
        event, then for whether a new episode needs BUP, then for the episode's starting
        severity. The second decides episode absence and, rescaled, whether the guardians
        report it as valid. (Given ``u < p``, ``u / p`` is uniform on [0, 1) and independent of
        the event; given ``u >= p``, so is ``(u - p) / (1 - p)``.) Returns the pupils whose
        episode started, reached onset and ended today.
        """
        a = self.params.attendance
        started, ep = self._episodes_today(day, bits)
        # rolling windows and counters (whole-array numpy: faster here than a compiled loop)
        absent8 = self.absent.view(np.int8)
        invalid = self.absent & ~self.valid
        counted8 = invalid.view(np.int8) if self.count_invalid_only else absent8
        pos = self.days_seen % self.W
        w_on, w_st = a.onset_window, self.params.staircase.window
        self.roll_onset += absent8 - self.hist_all[(pos - w_on) % self.W]
        self.roll_stair += counted8 - self.hist_counted[(pos - w_st) % self.W]
        self.hist_all[pos] = absent8
        self.hist_counted[pos] = counted8
        self.days_seen += 1
        self.absent_year += absent8
        self.invalid_year += invalid
        self.absent_term += absent8
        n_onset, n_ended = self._end_episodes(day, ep, a.onset_threshold * a.onset_window)
        self.started_today, self.onset_today, self.ended_today = started, self._onset[:n_onset].copy(), self._ended[:n_ended].copy()
        return self.started_today, self.onset_today, self.ended_today

    def _episodes_today(self, day: int, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Illness, life events and the day of every pupil in an episode (absence, severity).
        Returns the pupils whose episode started and the pupils in an episode."""
        # illness spells start or go on; life events start episodes (compiled: pupil by pupil)
        k, m = illness_and_life_events(bits, self.ill, self.in_episode, self._ill_start, self._ill_cont,
                                       self._shock_prob, self._started, self._event_u, self._ep)
        started = self._started[:k].copy()
        if k:
            self._start_episodes(day, started, self._event_u[:k] / self._shock_prob[started])
        ep = self._ep[:m]
        self._episode_day(day, ep, bits)
        return started, ep

    def _start_episodes(self, day: int, started: np.ndarray, v: np.ndarray) -> None:
        """Episodes start for ``started``; ``v``, a fresh uniform each, decides whether the
        episode needs BUP (mostly with individual, mental-health risk) and, rescaled, its
        starting severity."""
        need = v < self._bup_need_prob[started]
        noise = ndtri(np.minimum(np.maximum(_rest(v, self._bup_need_prob[started], need), 1e-12), 1 - 1e-12))
        self.in_episode[started] = True
        self.bup_need[started] = need
        self.severity[started] = self._start_logit + 0.5 * self._risk[started] + 0.5 * noise
        self.episode_start[started] = day
        self.episode_id[started] = self.next_episode_id + np.arange(started.size)
        self.next_episode_id += started.size
        self.onset_day[started] = -1

    def _episode_day(self, day: int, ep: np.ndarray, bits: np.ndarray) -> None:
        """The day of the pupils in an episode, ``ep`` (``bits``: a day's draws per pupil slot):
        absence (on top of the day's illness), valid absence, severity (compiled)."""
        a = self.params.attendance
        with np.errstate(over="ignore"):  # a severity far below zero (long help, no recovery): p_away 0, as it should
            p_away = 1.0 / (1.0 + np.exp(-self.severity[ep]))  # numpy's exp: see sim/attendance.py
        np.copyto(self.absent, self.ill)
        np.copyto(self.valid, self.ill)
        episode_day(day, ep, p_away, bits, self.absent, self.valid, self.severity, self._drift, self.supported,
                    self._support, self.joint, a.momentum, a.episode_valid_share, a.support_per_day)

    def _end_episodes(self, day: int, ep: np.ndarray, onset_days: float) -> tuple[int, int]:
        """Onsets (an onset window holding ``onset_days`` absent days) and ended episodes among ``ep``."""
        return onset_and_end(day, ep, self.onset_day, self.roll_onset, onset_days, self.needs_help, self._drift,
                             self.severity, self._end_logit, self.in_episode, self.supported, self._support,
                             self._onset, self._ended)

    def burn_in(self, rng: np.random.Generator, school_days: int) -> None:
        """Start in a lived-in state: the episodes of ``school_days`` past school days (no school
        response, no help).

        Episodes that are going on at the start are *prevalent*: their onset lies before the run
        (``onset_day = -2``), so they are helped and counted in absence but not as new cases. The
        past's absence is not recorded (no rolling windows, counters or onsets), and the illness
        chain is not run: a pupil outside an episode has a life event with the same chance
        every school day, whatever her illness (see :meth:`attend`), so the school days until
        her next one are drawn at once (geometric). Only the pupils in an episode are simulated
        day by day, in one compiled call (:func:`sim.attendance.burn_in_episodes`; at 20,000
        pupils about 3 ms, against 22 ms for running every pupil's day in the daily kernel).
        """
        if school_days <= 0:
            return
        days = np.array([d for d in range(-school_days * 7 // 5, 0) if d % 7 not in (5, 6)])  # weekends skipped
        a = self.params.attendance
        self.next_episode_id = burn_in_episodes(
            rng, days, np.minimum(self._shock_prob, 1.0), self._bup_need_prob, self._start_logit, self._risk,
            self._drift, a.momentum, self._end_logit, self.in_episode, self.severity, self.episode_start,
            self.bup_need, self.episode_id, self.next_episode_id)
        self.summer()
        self.onset_day[self.in_episode] = -2

    def start_support(self, pupils: np.ndarray | int, kind: int, strength: float, ramp_days: float, day: int) -> None:
        """Help starts for ``pupils`` (or one pupil): it ramps up over ``ramp_days`` and is weaker
        the later it comes."""
        efficacy: float | np.ndarray
        if isinstance(pupils, int):
            waited = day - self.episode_start.item(pupils) if self.in_episode.item(pupils) else 0
            efficacy = self.efficacy(max(waited, 0))
        else:
            pupils = np.atleast_1d(pupils)
            efficacy = self._efficacies(np.where(self.in_episode[pupils], day - self.episode_start[pupils], 0))
        self.support_strength[kind, pupils] = strength
        self.support_start[kind, pupils] = day
        self.support_ramp[kind, pupils] = max(ramp_days, 1.0)
        self.support_efficacy[kind, pupils] = efficacy
        self.supported[pupils] = True

    def efficacy(self, waited: int) -> float:
        """Efficacy of help that comes ``waited`` days into the episode: it halves every
        ``help_delay_halflife`` days. Worked out as for a group of pupils (numpy's power can differ
        from Python's in the last bit), once per number of days."""
        if waited not in self._efficacy:
            self._efficacy[waited] = float(self._efficacies(np.array([waited]))[0])
        return self._efficacy[waited]

    def _efficacies(self, waited: np.ndarray) -> np.ndarray:
        return 0.5 ** (np.maximum(waited, 0) / self.params.attendance.help_delay_halflife)

    def stop_support(self, pupils: np.ndarray | int, kind: int) -> None:
        self.support_strength[kind, pupils] = 0.0

    def weaken_support(self, pupil: int, kinds: tuple[int, ...], factor: float) -> None:
        """The pupil's help of ``kinds`` keeps ``factor`` of its strength."""
        for kind in kinds:
            self.support_strength[kind, pupil] *= factor

    # ------------------------------------------------------------ shares
    def window_days(self, w: int) -> int:
        return max(1, min(w, self.days_seen))

    def stair_share(self) -> np.ndarray:
        """Every pupil's absence share over the staircase window, as the mentor counts it."""
        return self.roll_stair / self.window_days(self.params.staircase.window)

    def share_of(self, pupil: int) -> float:
        """One pupil's share over the staircase window (without computing everyone's)."""
        return int(self.roll_stair[pupil]) / self.window_days(self.params.staircase.window)

    def end_term(self, n_days: int) -> np.ndarray:
        share = self.absent_term / max(n_days, 1)
        self.absent_term[:] = 0
        return share

    def end_year(self, n_days: int) -> tuple[np.ndarray, np.ndarray]:
        share = self.absent_year / max(n_days, 1)
        invalid = self.invalid_year / max(n_days, 1)
        self.absent_year[:] = 0
        self.invalid_year[:] = 0
        return share, invalid

    def summer(self) -> None:
        """Over the summer break an episode eases by ``summer_relief`` of its excess severity."""
        a = self.params.attendance
        base = _logit(a.episode_start_absence)
        excess = self.severity - base
        self.severity = np.where(self.in_episode & (excess > 0), base + excess * (1 - a.summer_relief), self.severity)

    def move_up(self, year: int) -> np.ndarray:
        """Summer rollover: everyone moves up a grade; grade 9 leaves and a new preschool class
        takes its slots (same class, new pupils). Returns the slots of the new pupils."""
        leaving = np.flatnonzero(self.grade == 9)
        self.grade[self.grade < 9] += 1
        self.grade[leaving] = 0
        self._draw_pupils(leaving)
        self.cohort[leaving] = year
        for arr in (self.ill, self.in_episode, self.absent, self.valid):
            arr[leaving] = False
        self.severity[leaving] = 0.0
        self.episode_start[leaving] = -1
        self.episode_id[leaving] = -1
        self.onset_day[leaving] = -1
        self.support_strength[:, leaving] = 0.0
        self.supported[leaving] = False
        self.joint[leaving] = 1.0
        self.hist_all[:, leaving] = 0
        self.hist_counted[:, leaving] = 0
        self.roll_onset[leaving] = 0
        self.roll_stair[leaving] = 0
        return leaving
