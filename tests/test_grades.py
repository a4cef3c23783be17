"""The grade profile of absence (sim/grades.py; docs/ODD.md 7.1a).

The profile multiplies the rate of life events that start an episode: flat in preschool class
to grade 6, a step at grade 7, a rise per grade after it, mean 1 over the ten grades. The
validation patterns on the profile are checked with their negative control: without the
profile (``upper_grade_step`` 1, ``upper_grade_rise`` 0, ``grade_effect`` 0) both must fail.
20 replications of the default municipality, root seed 2024 (as ``samsim validate``); the
paired intervals at the defaults lie well clear of 0 (about 0.09 [0.08, 0.11] and
0.015 [0.010, 0.020]), and without the profile they straddle it.
"""
import numpy as np
import pytest

from sim.grades import episode_grade_factor
from sim.validation import validate

from .conftest import make_params


def test_profile_is_flat_to_grade6_steps_at_7_and_keeps_the_mean():
    f = episode_grade_factor(np.arange(10), 1.5, 0.25)
    assert f.mean() == pytest.approx(1.0)
    assert np.all(f[:7] == f[0])
    assert f[7] / f[6] == pytest.approx(1.5)
    assert f[9] / f[8] == pytest.approx(np.exp(0.25)) and f[8] / f[7] == pytest.approx(np.exp(0.25))


def test_no_profile_leaves_the_rate_untouched():
    assert np.all(episode_grade_factor(np.arange(10), 1.0, 0.0) == 1.0)


def test_life_event_rate_follows_the_profile_in_the_population():
    from sim.model import SchoolModel

    p = make_params(municipality=dict(n_pupils=2000), attendance=dict(upper_grade_step=2.0, upper_grade_rise=0.0))
    pop = SchoolModel(p, seed=3).pop
    r = pop.risk()
    base = p.attendance.episode_rate / p.calendar.school_days_per_year * np.exp(r - 0.5)
    ratio = pop._shock_prob / base
    assert np.allclose(ratio[pop.grade <= 6], 10 / 13) and np.allclose(ratio[pop.grade >= 7], 20 / 13)


GRADE_PATTERNS = ["absence_rises_with_grade", "absence_steps_up_at_grade7"]
NO_PROFILE = {"attendance.upper_grade_step": 1.0, "attendance.upper_grade_rise": 0.0, "attendance.grade_effect": 0.0}


def test_grade_patterns_hold_with_the_profile_and_fail_without_it():
    good = validate(reps=20, workers=2, only=GRADE_PATTERNS)
    bad = validate(reps=20, workers=2, only=GRADE_PATTERNS, overrides=NO_PROFILE)
    assert all(r["passed"] for r in good["patterns"])
    assert not any(r["passed"] for r in bad["patterns"])
    assert len(good["grade_profile"]) == 10 and good["grade_profile"][9]["mean_absence"] > good["grade_profile"][6]["mean_absence"]
