"""The naive per-agent Mesa reference and the model's kernel follow the same rules.

Both simulate the same 5,000 pupils (traits from the same ``Population``) for a school year of
178 days without a school response; the per-pupil absence shares must have the same
distribution. The draws differ (numpy streams vs each agent's ``self.random``), so the
comparison is statistical, at fixed seeds:

* two-sample Kolmogorov-Smirnov statistic D < 0.035 - about the 1 % critical value for two
  independent samples of 5,000 (1.63 * sqrt(2/5000) = 0.033); the samples share their pupils,
  so a faithful reference sits well below it (D ~ 0.01);
* mean absence within 0.005 (about 5 % of the mean, ~3 standard errors of the difference);
* share of pupils over 15 % absence within 0.02, invalid absence within 0.002, episodes
  started within 10 %.

A negative control shows the test has teeth: the same reference with illness spells twice as
long (same mean illness absence, more clustered) fails the KS tolerance.
"""
import numpy as np
import pytest
from scipy import stats

from benchmarks.kernel import run_kernel
from benchmarks.naive import NaiveModel

from .conftest import make_params

N_PUPILS, SEED = 5000, 7
KS_TOL, MEAN_TOL, OVER15_TOL, INVALID_TOL, EPISODE_RTOL = 0.035, 0.005, 0.02, 0.002, 0.10


@pytest.fixture(scope="module")
def kernel_year():
    p = make_params(municipality=dict(n_pupils=N_PUPILS), calendar=dict(years=1))
    pop, days = run_kernel(p, SEED)
    return {
        "absence": pop.absent_year / days,
        "invalid": pop.invalid_year / days,
        "episodes": pop.next_episode_id,
        "days": days,
    }


def naive_year(**attendance):
    p = make_params(municipality=dict(n_pupils=N_PUPILS), calendar=dict(years=1), attendance=attendance)
    m = NaiveModel(p, seed=SEED).run_school_days()
    return {
        "absence": m.absence_share(),
        "invalid": m.invalid_share(),
        "episodes": sum(a.episodes for a in m.agents),
        "days": m.school_days,
    }


def test_naive_reference_matches_kernel(kernel_year):
    naive = naive_year()
    k, n = kernel_year["absence"], naive["absence"]
    assert kernel_year["days"] == naive["days"] == 178
    assert k.size == n.size == N_PUPILS
    d = stats.ks_2samp(k, n).statistic
    assert d < KS_TOL, f"KS D = {d:.4f}"
    assert abs(k.mean() - n.mean()) < MEAN_TOL
    assert abs(np.mean(k > 0.15) - np.mean(n > 0.15)) < OVER15_TOL
    assert abs(kernel_year["invalid"].mean() - naive["invalid"].mean()) < INVALID_TOL
    assert abs(kernel_year["episodes"] / naive["episodes"] - 1) < EPISODE_RTOL


def test_comparison_detects_a_different_rule(kernel_year):
    wrong = naive_year(illness_spell_days=5.0)  # the baseline is 2.5
    assert stats.ks_2samp(kernel_year["absence"], wrong["absence"]).statistic > KS_TOL
