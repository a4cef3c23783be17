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
