"""The case log keeps rows in the order they were logged, whether one by one or in groups."""
import numpy as np
import pytest

from sim import caselog as ev
from sim.caselog import CaseLog


def test_rows_in_logged_order_across_single_rows_and_groups():
    log = CaseLog()
    log.add(1, 5, 50, ev.ONSET, "a")
    log.add_many(2, np.array([7, 8]), np.array([70, -1]), ev.STEP1)
    log.add(2, 9, 90, ev.DETECTION, "b")
    log.add(3, 9, 90, ev.ONSET)
    log.add_many(3, np.array([], dtype=int), np.array([], dtype=int), ev.STEP1)  # nothing
    log.add_many(4, np.array([1]), np.array([10]), ev.EHT_MEETING, "c")
    cols = log.columns()
    assert len(log) == 6
    assert cols["day"].tolist() == [1, 2, 2, 2, 3, 4]
    assert cols["pupil"].tolist() == [5, 7, 8, 9, 9, 1]
    assert cols["case"].tolist() == [50, 70, -1, 90, 90, 10]
    assert cols["event"].tolist() == [ev.ONSET, ev.STEP1, ev.STEP1, ev.DETECTION, ev.ONSET, ev.EHT_MEETING]
    assert cols["info"].tolist() == ["a", "", "", "b", "", "c"]
    assert log.count(ev.ONSET) == 2 and log.count(ev.SPOTTED) == 0
    assert log.column("pupil") == [5, 7, 8, 9, 9, 1]  # the columns as lists
    names, numbers = log.event_numbers()
    assert [e for n in numbers.tolist() for e, k in names.items() if k == n] == cols["event"].tolist()


def test_columns_are_read_only_and_follow_new_rows():
    log = CaseLog()
    log.add_many(0, np.array([1, 2]), np.array([3, 4]), ev.STEP1)
    cols = log.columns()
    with pytest.raises(ValueError):
        cols["day"][0] = 9
    log.add(1, 3, 5, ev.ONSET)
    assert log.columns()["day"].tolist() == [0, 0, 1] and cols["day"].tolist() == [0, 0]


def test_columns_grow_past_their_capacity_and_keep_every_row():
    log, rows = CaseLog(capacity=2), []
    rng = np.random.default_rng(5)
    for day in range(40):
        if rng.random() < 0.5:
            log.add(day, day, day + 100, ev.ONSET, f"s{day}")
            rows.append((day, day, day + 100, ev.ONSET, f"s{day}"))
        n = int(rng.integers(0, 4))
        log.add_many(day, np.arange(n), np.arange(n) - 1, ev.STEP1, "g")
        rows += [(day, k, k - 1, ev.STEP1, "g") for k in range(n)]
        if day == 20:
            before = log.columns()
    cols = log.columns()
    assert list(zip(*(cols[k].tolist() for k in ("day", "pupil", "case", "event", "info")))) == rows
    assert len(before["day"]) < len(rows) and before["info"].tolist() == cols["info"][:len(before["info"])].tolist()
