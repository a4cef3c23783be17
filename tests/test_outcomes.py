"""Time-to-event metrics: Kaplan-Meier with censoring, cases from the log."""
import math

import numpy as np

from sim import caselog as ev
from sim.outcomes import kaplan_meier, km_quantile, waits


def test_kaplan_meier_textbook_example():
    # times 1,2,3(censored),4,5 -> S = 0.8, 0.6, (0.6), 0.3, 0
    t, s = kaplan_meier(np.array([1, 2, 3, 4, 5]), np.array([1, 1, 0, 1, 1], bool))
    assert list(t) == [1, 2, 4, 5]
    assert np.allclose(s, [0.8, 0.6, 0.3, 0.0])
    assert km_quantile(np.array([1, 2, 3, 4, 5]), np.array([1, 1, 0, 1, 1], bool), 0.5) == 4


def test_median_is_nan_when_censoring_hides_it():
    assert math.isnan(km_quantile(np.array([5, 10, 10, 10]), np.array([1, 0, 0, 0], bool), 0.5))


def test_censoring_is_not_a_mean_of_the_finished():
    # 2 cases helped after 10 days, 8 still waiting after 300: the median is not 10
    times = np.array([10, 10] + [300] * 8)
    obs = np.array([True] * 2 + [False] * 8)
    assert math.isnan(km_quantile(times, obs, 0.5))


class FakeModel:
    def __init__(self, log, day):
        self.log, self.day = log, day


def test_waits_from_onset_censored_at_end_or_when_the_pupil_leaves():
    log = ev.CaseLog()
    log.add(0, 1, 0, ev.EPISODE_START)
    log.add(10, 1, 0, ev.ONSET)
    log.add(5, 1, 0, ev.DETECTION)  # before onset: counts as 0
    log.add(30, 1, 0, ev.SCHOOL_MEASURE)
    log.add(20, 2, 1, ev.ONSET)
    log.add(50, 2, 1, ev.EPISODE_END, "left_school")
    log.add(60, 2, 1, ev.SCHOOL_MEASURE)  # after leaving: ignored
    log.add(40, 3, 2, ev.ONSET)
    m = FakeModel(log, 100)
    t, o = waits(m, {ev.DETECTION})
    assert list(t) == [0, 30, 60] and list(o) == [True, False, False]
    t, o = waits(m, {ev.SCHOOL_MEASURE})
    assert list(t) == [20, 30, 60] and list(o) == [True, False, False]


def test_every_onset_is_a_case_in_a_full_run(baseline_run):
    model, res = baseline_run
    day, event = model.log.column("day"), model.log.column("event")
    measured = sum(1 for d, e in zip(day, event) if e == ev.ONSET and d >= model.measure_from_day)
    assert measured == res["metrics"]["cases_with_onset"] > 100  # the measured period's onsets (after the warm-up)
    assert model.log.count(ev.ONSET) > measured > 0 and model.measure_from_day > 0
    # each case has exactly one onset and one start
    cases = [c for c, e in zip(model.log.column("case"), model.log.column("event")) if e == ev.ONSET]
    assert len(cases) == len(set(cases))
