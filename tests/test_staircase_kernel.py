"""The compiled staircase scans (sim/staircase_kernel.py), pupil by pupil, on hand-made states."""
import numpy as np

from sim.staircase_kernel import agenda_due, join_agenda, notice, over, review, rung, take_up


def buf(n=8):
    return np.empty(n, np.int64)


def test_rung_decides_as_the_shares_do():
    for days in (1, 3, 7, 20, 40):
        for threshold in (0.0, 0.1, 0.15, 0.3, 1 / 3, 0.5, 1.0):
            a = np.arange(days + 1, dtype=np.int32)
            assert ((a / days >= threshold) == (a >= rung(days, threshold))).all(), (days, threshold)


def test_review_resets_pupils_back_under_the_first_rung_and_lists_candidates():
    # window of 20 days, first rung 10 % = 2 days
    absent = np.array([0, 1, 1, 1, 2, 3, 5, 0], np.int32)
    step = np.array([0, 1, 2, 2, 0, 1, 2, 3], np.int8)
    on_agenda = np.array([False, False, False, True, False, False, False, False])
    reviewed = np.array([0, 1, 2, 3, 4, 5, 6, 7])
    cand = buf()
    k = review(reviewed, absent, 20, step, on_agenda, 0.1, cand)
    # 1, 2 leave the staircase; 3 is on an agenda; 7 at step 3 waits for the EHT
    assert step.tolist() == [0, 0, 0, 2, 0, 1, 2, 3]
    assert cand[:k].tolist() == [4, 5]  # over the rung, steps 0-1 (6 is notified already)


def test_review_looks_only_at_the_reviewed_pupils():
    absent, step = np.zeros(4, np.int32), np.array([1, 1, 1, 1], np.int8)
    review(np.array([1, 3]), absent, 20, step, np.zeros(4, bool), 0.1, buf())
    assert step.tolist() == [1, 0, 1, 0]


def test_notice_climbs_to_step_1_and_lists_those_over_the_second_rung():
    cand = np.array([0, 1, 2, 3])
    u = np.array([0.1, 0.1, 0.9, 0.3])
    klass = np.array([0, 0, 1, 1])
    mentor_since = np.array([-10_000, 95], np.int32)  # class 1 has had its mentor for 5 days
    absent = np.array([2, 4, 4, 4], np.int32)
    step = np.array([0, 1, 0, 0], np.int8)
    since = np.zeros(4, np.int32)
    first, second = buf(), buf()
    n1, n2 = notice(cand, u, klass, mentor_since, 100, 20, 0.25, 0.5, absent, 20, 0.15, step, since, first, second)
    # 2: u over both probabilities; 3: the new mentor (0.25) misses it
    assert first[:n1].tolist() == [0] and step.tolist() == [1, 1, 0, 0] and since.tolist() == [100, 0, 0, 0]
    assert second[:n2].tolist() == [1]  # 4/20 >= 15 %, already at step 1


def test_over_lists_pupils_not_yet_notified_at_the_threshold():
    absent = np.array([6, 5, 6, 8, 0], np.int32)
    step = np.array([0, 0, 2, 1, 0], np.int8)
    cand = buf()
    assert cand[:over(absent, 20, step, 0.3, cand)].tolist() == [0, 3]


def test_agenda_due_after_persist_days_off_the_agenda():
    step = np.array([2, 2, 2, 3, 5, 4, 1, 3], np.int8)
    since = np.array([10, 10, 30, 10, 5, 10, 0, 10], np.int32)
    on_agenda = np.array([False, False, False, False, False, True, False, False])
    absent = np.array([3, 2, 9, 0, 0, 9, 9, 9], np.int32)
    first, due = buf(), buf()
    n1, n2 = agenda_due(step, since, on_agenda, absent, 20, 20, 0.15, first, due)
    # 1: step 2 but under the second rung; 2: climbed too recently; 5: on an agenda; 6: not notified
    assert first[:n1].tolist() == [0]
    assert due[:n2].tolist() == [3, 4, 7]


def test_take_up_school_by_school_in_order_of_arrival_up_to_capacity():
    on_agenda = np.array([True, True, True, True, True, False, True])
    school = np.array([1, 0, 1, 1, 2, 1, 0])
    place = np.array([5, 9, 2, 7, 1, 0, 3])
    meets = np.array([True, True, False])
    out = buf()
    n = take_up(on_agenda, school, place, meets, 2, out)
    assert out[:n].tolist() == [6, 1, 2, 0]  # school 0: places 3, 9; school 1: 2, 5 (7 waits); school 2 not meeting
    assert take_up(np.zeros(3, bool), school[:3], place[:3], meets, 2, out) == 0


def test_join_agenda_numbers_places_in_order_and_records_reason_and_day():
    n = 6
    on_agenda, notified = np.zeros(n, bool), np.zeros(n, bool)
    school, place, day = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
    pupil_school = np.array([0, 0, 1, 1, 2, 2], np.int32)
    join_agenda(np.array([4, 1]), pupil_school, True, 30, 7, on_agenda, school, place, notified, day)
    join_agenda(np.array([2]), pupil_school, False, 31, 9, on_agenda, school, place, notified, day)
    assert np.flatnonzero(on_agenda).tolist() == [1, 2, 4]
    assert school[[4, 1, 2]].tolist() == [2, 0, 1] and place[[4, 1, 2]].tolist() == [7, 8, 9]
    assert notified[[4, 1, 2]].tolist() == [True, True, False] and day[[4, 1, 2]].tolist() == [30, 30, 31]
