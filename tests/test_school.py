"""The staircase (000 L459-489), mentor reviews, staff spotting and EHT meetings."""
import numpy as np

from sim import caselog as ev
from sim.model import SchoolModel

from .conftest import make_params

DAY = 30  # a school day well into the autumn term


def school_model(**over):
    staircase = dict(mentor_review_interval=1, mentor_notice_prob=1.0, mentor_notice_prob_new=1.0, staff_spot_prob=0.0)
    staircase.update(over.pop("staircase", {}))
    eht = dict(cancel_prob=0.0, report_prob_step3=0.0)
    eht.update(over.pop("eht", {}))
    network = dict(low_trust_skip=0.0, low_trust_report_delay=0.0)  # reports go at once
    m = SchoolModel(make_params(staircase=staircase, eht=eht, network=network, **over), seed=1)
    m.pop.days_seen = 100  # full window
    return m


def set_share(m, pupils, share):
    m.pop.roll_stair[np.atleast_1d(pupils)] = int(round(share * m.params.staircase.window))


def events(m, pupil, event):
    return [d for d, p, e in zip(m.log.column("day"), m.log.column("pupil"), m.log.column("event")) if p == pupil and e == event]


def test_step1_and_step2_rungs():
    m = school_model()
    set_share(m, 0, 0.125)
    set_share(m, 1, 0.20)
    set_share(m, 2, 0.05)
    m.school.mentor_reviews(DAY, 20)
    assert m.school.step[0] == 1 and events(m, 0, ev.STEP1) and not events(m, 0, ev.DETECTION)
    assert m.school.step[1] == 2 and events(m, 1, ev.STEP2) and events(m, 1, ev.DETECTION)
    assert not m.school.on_agenda[1]  # the EHT is notified; it meets the family if absence persists
    assert m.school.step[2] == 0
    set_share(m, 0, 0.0)  # back under the first rung: leaves the staircase at the next review
    m.school.mentor_reviews(DAY + 1, 21)
    assert m.school.step[0] == 0


def test_new_mentor_notices_less():
    m = school_model(staircase=dict(mentor_notice_prob_new=0.0, mentor_familiarity_days=60))
    set_share(m, 0, 0.2)
    m.school.mentor_since[m.pop.klass[0]] = 10
    m.school.mentor_reviews(DAY, 20)
    assert m.school.step[0] == 0
    m.school.mentor_reviews(DAY + 60, 80)  # 70 school days later the mentor knows the class
    assert m.school.step[0] == 2


def test_thresholds_are_parameters():
    m = school_model(staircase=dict(step1_threshold=0.3, step2_threshold=0.4))
    set_share(m, 0, 0.2)
    m.school.mentor_reviews(DAY, 20)
    assert m.school.step[0] == 0


def test_staff_spot_pupils_outside_the_staircase():
    m = school_model(staircase=dict(staff_spot_prob=1.0, staff_spot_threshold=0.3, mentor_notice_prob=0.0))
    set_share(m, 5, 0.35)
    set_share(m, 6, 0.25)
    m.school.school_day(DAY, 20)
    assert events(m, 5, ev.SPOTTED) and not events(m, 6, ev.SPOTTED)


def notify(m, pupils):
    """Step 2 for ``pupils``, and their absence has persisted: they are on the EHT agenda."""
    pupils = np.asarray(pupils)
    set_share(m, pupils, 0.2)
    m.school._detect(pupils, DAY, 20, ev.STEP2)
    m.school.eht.persistence(DAY, 20 + m.params.staircase.persist_days)


def test_step3_meeting_only_when_absence_persists():
    m = school_model(staircase=dict(persist_days=20))
    set_share(m, [0, 1], 0.2)
    m.school._detect(np.array([0, 1]), DAY, 20, ev.STEP2)
    m.school.eht.persistence(DAY + 7, 25)
    assert not m.school.on_agenda[[0, 1]].any()  # 5 school days: not yet
    set_share(m, 1, 0.12)  # pupil 1 is back under the second rung
    m.school.eht.persistence(DAY + 28, 40)
    assert m.school.on_agenda[0] and not m.school.on_agenda[1]


def school0(m, k):
    return np.flatnonzero(m.pop.school == 0)[:k]


def test_eht_capacity_leaves_the_rest_waiting():
    m = school_model(eht=dict(cases_per_meeting=3))
    pupils = school0(m, 10)
    notify(m, pupils)
    m.school.eht.next_meeting[:] = DAY
    m.school.eht.meetings(DAY, 20)
    assert (m.school.step[pupils] == 3).sum() == 3
    assert len(m.school.eht.agenda[0]) == 7
    m.school.eht.meetings(DAY + 7, 25)
    assert (m.school.step[pupils] == 3).sum() == 6
    assert sorted(m.school.agenda_waits) == [0, 0, 0, 7, 7, 7]


def test_cancelled_meetings_decide_nothing():
    m = school_model(eht=dict(cancel_prob=1.0))
    pupils = school0(m, 2)
    notify(m, pupils)
    m.school.eht.next_meeting[:] = DAY
    m.school.eht.meetings(DAY, 20)
    assert m.school.meetings_held == 0 and m.school.meetings_cancelled == 8
    assert np.all(m.school.step[pupils] == 2) and len(m.school.eht.agenda[0]) == 2


def test_eht_meets_only_on_its_cadence_in_a_full_run():
    m = SchoolModel(make_params(eht=dict(interval_days=14, cancel_prob=0.0), calendar=dict(years=1)), seed=2)
    m.run()
    days = m.calendar.school_days()
    days = days[days >= m.measure_from_day]  # meetings are counted from the end of the warm-up
    fortnights = (days[-1] - days[0]) / 14
    per_school = m.school.meetings_held / m.pop.n_schools
    # meetings due in a break wait for the first school day after it, so a few are lost
    assert fortnights - 3 <= per_school <= fortnights + 1


def test_step3_measure_then_steps_4_and_5_when_absence_persists():
    m = school_model(staircase=dict(persist_days=30))
    p = int(school0(m, 1)[0])
    notify(m, [p])
    m.school.eht.next_meeting[:] = DAY
    m.school.eht.meetings(DAY, 20)
    assert m.school.step[p] == 3 and events(m, p, ev.SCHOOL_MEASURE)
    assert m.pop.support_strength[0, p] > 0
    m.school.eht.persistence(DAY + 10, 28)
    assert not m.school.on_agenda[p]  # not yet: 8 school days
    m.school.eht.persistence(DAY + 45, 50)
    assert m.school.on_agenda[p]
    m.school.eht.next_meeting[:] = DAY + 45
    m.school.eht.meetings(DAY + 45, 50)
    assert m.school.step[p] == 4 and events(m, p, ev.ORGANISER_NOTICE) and m.pop.support_strength[1, p] > 0
    m.school.eht.persistence(DAY + 90, 80)
    m.school.eht.next_meeting[:] = DAY + 90
    m.school.eht.meetings(DAY + 90, 80)
    assert m.school.step[p] == 5 and events(m, p, ev.REPORT_OF_CONCERN)


def test_recovered_pupil_leaves_the_staircase_at_review():
    m = school_model()
    p = int(school0(m, 1)[0])
    notify(m, [p])
    m.school.eht.next_meeting[:] = DAY
    m.school.eht.meetings(DAY, 20)
    set_share(m, p, 0.05)
    m.school.eht.persistence(DAY + 45, 50)
    m.school.eht.next_meeting[:] = DAY + 45
    m.school.eht.meetings(DAY + 45, 50)
    assert m.school.step[p] == 0 and events(m, p, ev.STAIR_RESET)


def test_report_if_needed_at_step3():
    m = school_model(eht=dict(report_prob_step3=1.0))
    pupils = school0(m, 3)
    notify(m, pupils)
    m.school.eht.next_meeting[:] = DAY
    m.school.eht.meetings(DAY, 20)
    assert m.log.count(ev.REPORT_OF_CONCERN) == 3
