"""The agencies' clock and waiting lists: order, capacity, postponement, and queueing theory."""
import math

import numpy as np
import pytest
from sim.casework import Case, Clock, WaitingList


class Job(Case):
    def __init__(self, name, wl, work, log):
        self.name, self.wl, self.work, self.log = name, wl, work, log

    def process(self):
        yield self.wl
        self.log.append((self.name, "in", self.clock.now))
        yield self.work
        self.wl.release()
        self.log.append((self.name, "out", self.clock.now))


def test_first_come_first_served_and_booking_order_for_ties():
    clock, log = Clock(), []
    wl = WaitingList("desk", clock, capacity=1)
    for name, delay in (("a", 1.0), ("b", 1.0), ("c", 0.5)):
        clock.start(Job(name, wl, 2.0, log), delay)
    clock.run(till=100)
    assert [(n, e) for n, e, _ in log] == [("c", "in"), ("c", "out"), ("a", "in"), ("a", "out"), ("b", "in"), ("b", "out")]
    assert [t for *_, t in log] == [0.5, 2.5, 2.5, 4.5, 4.5, 6.5]
    assert wl.waits == [0.0, 1.5, 3.5]
    assert clock.now == 100 and wl.busy == 0 and len(wl) == 0


def test_run_stops_before_till_and_resumes():
    clock, log = Clock(), []
    wl = WaitingList("desk", clock, capacity=1)
    clock.start(Job("a", wl, 1.0, log), 3.0)
    clock.run(till=3.0)
    assert log == [] and clock.now == 3.0
    clock.run(till=4.0)
    assert log == [("a", "in", 3.0)]
    clock.run(till=5.0)
    assert log[-1] == ("a", "out", 4.0)


def test_more_places_admit_the_waiting_and_fewer_never_interrupt():
    clock, log = Clock(), []
    wl = WaitingList("desk", clock, capacity=1)
    for name in "abc":
        clock.start(Job(name, wl, 10.0, log))
    clock.run(till=1.0)
    assert wl.busy == 1 and len(wl) == 2
    wl.set_capacity(3)
    clock.run(till=2.0)
    assert wl.busy == 3 and len(wl) == 0
    wl.set_capacity(0)
    clock.run(till=20.0)
    assert wl.busy == 0 and [e for _, e, _ in log].count("out") == 3


def test_postpone_moves_a_holding_case_and_leaves_a_waiting_one():
    clock, log = Clock(), []
    wl = WaitingList("desk", clock, capacity=1)
    first, second = Job("a", wl, 5.0, log), Job("b", wl, 5.0, log)
    clock.start(first)
    clock.start(second)
    clock.run(till=1.0)
    assert first.due() == 5.0 and second.due() is None
    clock.postpone(first, 50.0)
    clock.postpone(second, 50.0)  # waiting for a place: nothing to move
    assert first.due() == 55.0
    clock.run(till=100.0)
    assert ("a", "out", 55.0) in log and ("b", "in", 55.0) in log
    assert first.finished() and second.finished()


class Arrival(Case):
    def __init__(self, rng, rate, service, wl):
        self.rng, self.rate, self.service, self.wl = rng, rate, service, wl

    def process(self):
        while True:
            yield self.rng.exponential(1 / self.rate)
            self.clock.start(Job("x", self.wl, self.rng.exponential(self.service), []))


def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue for M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait / (c * mu - lam)


@pytest.mark.parametrize("c,lam", [(1, 0.7), (4, 3.2)])
def test_mmc_queue_matches_erlang_c_and_littles_law(c, lam):
    """200,000 time units of M/M/c (seed 7): mean wait within 7 % of Erlang C, and the
    time-weighted waiting list within 3 % of lambda x W (Little's law), busy places = lambda/mu."""
    rng = np.random.default_rng(7)
    clock = Clock()
    wl = WaitingList("desk", clock, capacity=c)
    clock.start(Arrival(rng, lam, 1.0, wl))
    horizon = 200_000.0
    clock.run(till=horizon)
    w = float(np.mean(wl.waits))
    assert w == pytest.approx(erlang_c_wait(lam, 1.0, c), rel=0.07)
    assert wl.mean_waiting() == pytest.approx(len(wl.waits) / horizon * w, rel=0.03)
    assert wl.mean_busy() == pytest.approx(lam, rel=0.02)


def test_a_case_without_work_ends_as_soon_as_it_starts():
    clock = Clock(now=2.0)
    case = clock.start(Case())
    assert case.finished() and case.due() is None and clock.now == 2.0
    clock.run(till=3.0)
    assert case.finished() and clock.now == 3.0


# ---------------------------------------------------------------- actions booked for a day (call_at)
class Stamp(Case):
    """A case that logs its steps: it holds ``at`` days, then logs; optionally books an action."""

    def __init__(self, name, holds, log, book=None):
        self.name, self.holds, self.log, self.book = name, holds, log, book

    def process(self):
        for days in self.holds:
            yield days
            self.log.append((self.name, self.clock.now))
            if self.book is not None:
                self.book(self)


def test_booked_actions_run_at_their_day_start_before_the_cases_steps_in_day_then_booking_order():
    clock, log = Clock(), []
    clock.start(Stamp("case", [2.0, 1.0], log))  # steps at exactly 2 and 3
    clock.call_at(3, lambda d: log.append(("late", d, clock.now)))
    clock.call_at(2.2, lambda d: log.append(("rounded up", d, clock.now)))  # day 3: after "late", booked first
    clock.call_at(2, lambda d: log.append(("two", d, clock.now)))
    clock.run(till=10)
    assert log == [("two", 2, 2.0), ("case", 2.0), ("late", 3, 3.0), ("rounded up", 3, 3.0), ("case", 3.0)]


def test_booked_actions_when_the_clock_is_run_day_by_day():
    """As the model runs it: one day at a time, code between the days; today's actions come at
    the start of ``run(till=today + 1)``, with the clock at today, before today's steps."""
    clock, log = Clock(), []
    clock.start(Stamp("case", [1.0, 0.5], log))  # steps at 1.0 and 1.5
    for d in range(3):
        if d == 1:
            clock.call_at(1, lambda day: log.append(("booked today", day, clock.now)))
        clock.run(till=d + 1)
    assert log == [("booked today", 1, 1.0), ("case", 1.0), ("case", 1.5)]


def test_an_action_booked_after_its_day_started_runs_at_the_next_day_start():
    clock, log = Clock(), []

    def book(case):  # from inside a case's step at 1.5: for day 1 (started) and day 0 (long past)
        clock.call_at(1, lambda d: log.append(("for day 1", d)))
        clock.call_at(0, lambda d: log.append(("for day 0", d)))

    clock.start(Stamp("case", [1.5], log, book))
    clock.call_at(2, lambda d: log.append(("for day 2", d)))  # booked first, but for a later day
    clock.run(till=2)
    assert log == [("case", 1.5)]
    clock.run(till=3)
    assert log == [("case", 1.5), ("for day 0", 2), ("for day 1", 2), ("for day 2", 2)]


def test_an_action_booked_by_an_action_for_the_same_day_runs_that_day():
    clock, log = Clock(), []

    def first(d):
        log.append(("first", d))
        clock.call_at(d, lambda e: log.append(("then", e)))
        clock.call_at(d + 1, lambda e: log.append(("tomorrow", e)))

    clock.call_at(4, first)
    clock.run(till=5)
    assert log == [("first", 4), ("then", 4)] and clock.now == 5.0
    clock.run(till=6)
    assert log[-1] == ("tomorrow", 5)


def test_a_clock_started_mid_day_runs_that_day_actions_the_next_day():
    clock, log = Clock(now=2.5), []
    clock.call_at(2, lambda d: log.append(d))
    clock.run(till=2.9)
    assert log == []
    clock.run(till=3.0)
    assert log == []  # day 3 starts at 3.0: not before till
    clock.run(till=3.1)
    assert log == [3]
