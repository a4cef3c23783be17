"""The attendance kernel: illness spells, episodes, momentum, support and its efficacy."""
import numpy as np

from sim.model import SchoolModel
from sim.population import ADAPTATION, Population
from sim.rng import Streams

from .conftest import make_params


def test_municipality_structure():
    m = SchoolModel(make_params(), seed=1)
    pop = m.pop
    assert pop.n == 1600 and pop.n_schools == 8
    assert set(np.unique(pop.grade)) == set(range(10))
    sizes = np.bincount(pop.klass)
    assert sizes.max() <= 22 and sizes.min() >= 10
    # a class is one grade in one school
    for k in range(pop.n_classes):
        members = pop.klass == k
        assert len(set(pop.grade[members])) == 1 and len(set(pop.school[members])) == 1


def test_pupils_are_mesa_agents_viewing_the_arrays():
    m = SchoolModel(make_params(), seed=1)
    m.run(days=60)
    p = m.pupil(17)
    assert p in m.agents
    assert p.grade == m.pop.grade[17]
    m.pop.absent[17] = True
    assert p.absent_today
    assert 0.0 <= p.share <= 1.0


def _episode_absence(momentum: float, support: float | None, delay: int, seed: int = 3) -> float:
    """Mean absence of pupils all put in an episode on day 0, over 60 school days."""
    p = make_params(attendance=dict(momentum=momentum, episode_rate=0.0, illness_absence_mean=0.0, episode_drift=0.0))
    pop = Population(p, Streams(seed)["population"])
    pop.prepare_year()
    pop.in_episode[:] = True
    pop.episode_start[:] = -delay
    pop.severity[:] = np.log(0.4 / 0.6)
    if support is not None:
        pop.start_support(np.arange(pop.n), ADAPTATION, support, 1, 0)
    rng = np.random.default_rng(seed)
    total = 0.0
    for d in range(60):
        pop.attend(d, pop.day_draws(rng))
        total += pop.absent.mean()
    return total / 60


def test_support_lowers_absence_and_late_help_is_weaker():
    none = _episode_absence(0.05, None, 0)
    early = _episode_absence(0.05, 1.0, 0)
    late = _episode_absence(0.05, 1.0, 365)
    assert early < late - 0.02 < none - 0.04


def test_momentum_spreads_pupils_apart():
    """With self-reinforcement pupils who start alike end far apart (some recover, some worsen)."""
    def spread(momentum):
        p = make_params(attendance=dict(momentum=momentum, episode_rate=0.0, episode_drift=0.0))
        pop = Population(p, Streams(4)["population"])
        pop.prepare_year()
        pop.in_episode[:] = True
        pop.severity[:] = 0.0
        rng = np.random.default_rng(4)
        for d in range(80):
            pop.attend(d, pop.day_draws(rng))
        return np.std(pop.severity[pop.in_episode]), pop.in_episode.mean()

    sd0, _ = spread(0.0)
    sd1, still = spread(0.08)
    assert sd0 < 0.01 and sd1 > 0.5 and still < 1.0


def test_illness_share_matches_parameter():
    p = make_params(municipality=dict(n_pupils=20000), attendance=dict(episode_rate=0.0, illness_absence_mean=0.04, illness_heterogeneity=0.5, grade_effect=0.0))
    pop = Population(p, Streams(2)["population"])
    pop.prepare_year()
    rng = np.random.default_rng(2)
    total = 0
    for d in range(178):
        pop.attend(d, pop.day_draws(rng))
        total += pop.absent.mean()
    assert abs(total / 178 - 0.04) < 0.004  # tolerance: 10 % of the target, 3.56M pupil-days


def test_valid_absence_hides_problematic_absence():
    def detection(counts):
        m = SchoolModel(make_params(staircase=dict(counts=counts)), seed=5)
        m.run()
        r = m.results()["metrics"]
        return r["share_censored_detection"], r["days_to_detection_median"]

    cens_all, med_all = detection("all")
    cens_inv, med_inv = detection("invalid")
    assert cens_inv > cens_all + 0.2
    assert not med_inv <= med_all  # later, or never reached (NaN) when most cases stay hidden


def test_new_cohort_at_rollover():
    m = SchoolModel(make_params(calendar=dict(years=2)), seed=2)
    grade_before = m.pop.grade.copy()
    old_agent = m.pupil(int(np.flatnonzero(grade_before == 9)[0]))
    m.run(days=366)
    assert np.all(m.pop.grade[grade_before < 9] == grade_before[grade_before < 9] + 1)
    assert np.all(m.pop.grade[grade_before == 9] == 0)
    assert old_agent not in m.agents and m.pupil(old_agent.slot) in m.agents
    assert len(m.year_records) == 1


def test_treatment_effect_size():
    """BUP treatment maps to g ~ 0.5 when it comes early and less when late (docs/ODD.md 7.10)."""
    from sim.population import BUP

    def absence(treat: bool, delay: int) -> np.ndarray:
        p = make_params(municipality=dict(n_pupils=4000), attendance=dict(episode_rate=0.0))
        pop = Population(p, Streams(1)["population"])
        pop.prepare_year()
        pop.in_episode[:] = True
        pop.episode_start[:] = -delay
        pop.severity[:] = np.log(0.35 / 0.65) + 0.5 * np.random.default_rng(1).standard_normal(pop.n)
        if treat:
            pop.start_support(np.arange(pop.n), BUP, p.bup.treatment_strength, 20, 0)
        rng = np.random.default_rng(11)
        total = np.zeros(pop.n)
        for d in range(60):  # twelve weeks of school days
            pop.attend(d, pop.day_draws(rng))
            total += pop.absent
        return total / 60

    def g(delay: int) -> float:
        c, t = absence(False, delay), absence(True, delay)
        return (c.mean() - t.mean()) / np.sqrt((c.var() + t.var()) / 2)

    early, late = g(0), g(120)
    assert 0.35 < early < 0.75  # Maynard et al. 2018: g = 0.54 (0.22-0.86)
    assert late < early - 0.1


def _day_by_day_burn_in(pop: Population, rng: np.random.Generator, school_days: int) -> None:
    """The reference the burn-in stands for: every pupil's whole day (illness chain, life
    events, episodes) on every past school day."""
    for d in [d for d in range(-school_days * 7 // 5, 0) if d % 7 not in (5, 6)]:
        _, ep = pop._episodes_today(d, pop.day_draws(rng))
        pop._end_episodes(d, ep, np.inf)
    pop.summer()


def test_burn_in_by_waiting_times_matches_running_every_day():
    """Drawing each pupil's school days to her next life event gives the episodes that running
    every pupil's day gives: the same prevalence, the same severity, the same share needing BUP
    (8 municipalities of 20,000 pupils each way; each tolerance is 3 standard errors of the
    difference: 0.002, 0.013, 0.007 and 0.006 at these seeds)."""
    p = make_params(municipality=dict(n_pupils=20_000))
    stats = {"waits": [], "daily": []}
    for seed in range(8):
        for how in stats:
            pop = Population(p, Streams(seed)["population"])
            pop.prepare_year()
            if how == "waits":
                pop.burn_in(Streams(seed)["burn_in"], 89)
            else:
                _day_by_day_burn_in(pop, Streams(seed + 100)["burn_in"], 89)
            ep = pop.in_episode
            stats[how].append((ep.mean(), pop.severity[ep].mean(), pop.bup_need[ep].mean(), (pop.episode_start[ep] < -60).mean()))
    waits, daily = np.array(stats["waits"]), np.array(stats["daily"])
    prevalence, severity, bup, old = np.abs(waits.mean(axis=0) - daily.mean(axis=0))
    assert 0.10 < daily[:, 0].mean() < 0.25
    assert prevalence < 0.006, (waits[:, 0], daily[:, 0])
    assert severity < 0.04
    assert bup < 0.021
    assert old < 0.018
