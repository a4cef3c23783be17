"""The professional network as a part of its own (sim/network.py and the files split out of it):
built without the model, it tells its subscribers who left and who started; and the one trust
look-up (sim/best_tie.best_decayed) gives exactly what each of its three users computed
before on its own."""
from __future__ import annotations

import math

import mesa
import numpy as np
import pytest

from sim.agents import Professional
from sim.model import SchoolModel
from sim.network import ProfessionalNetwork
from sim.best_tie import best_decayed
from sim.network_kernel import _best_decayed
from sim.params import Params


def standalone(consultant_share: float = 0.0, rate: float = 0.0) -> tuple[ProfessionalNetwork, list]:
    """A network of three schools built with its parameters, a stream and a factory only."""
    params = Params()
    params.turnover.consultant_share = consultant_share
    mesa_model = mesa.Model(rng=1)  # Mesa agents need a Mesa model; the network never sees it
    net = ProfessionalNetwork(params=params.network, turnover=params.turnover, n_schools=3, rng=np.random.default_rng(1),
                              hire=lambda role, unit, since, consultant: Professional(mesa_model, role, unit, since, consultant))
    heard: list = []
    net.on_departure(lambda p: heard.append(("officer left", p.unique_id)), role="case_officer")
    net.on_departure(lambda p: heard.append(("someone left", p.role)))
    net.on_arrival(lambda p: heard.append(("arrived", p.role, p.consultant)), role="intake")
    net.on_staff_change(lambda: heard.append("capacity"))
    return net, heard


def test_the_network_holds_no_model_and_tells_its_subscribers_in_order():
    net, heard = standalone()
    assert not hasattr(net, "model")
    officer, intake = net.hire("case_officer", day=0), net.hire("intake", day=0)
    assert heard == []  # a hire at the start is no arrival: only filling a post is
    net.leave(officer, day=5)
    assert heard == [("officer left", officer.unique_id), ("someone left", "case_officer"), "capacity"]
    assert officer not in net.active("case_officer") and not officer.active
    heard.clear()
    net.leave(intake, day=6)
    assert heard == [("someone left", "intake"), "capacity"]  # the role filter: no "officer left"
    heard.clear()
    newcomer = net.fill("intake", -1, day=7)
    assert heard == [("arrived", "intake", False), "capacity"] and newcomer.since == 7
    heard.clear()
    net.remove(newcomer)  # a removal that is no departure (a mentor replaced at the summer rollover)
    assert heard == []


def test_turnover_departures_reach_the_subscribers_and_consultants_fill_at_once():
    net, heard = standalone(consultant_share=1.0)
    for _ in range(20):
        net.hire("intake", day=0)
    net.set_rates({"intake": 36.5})  # a tenth leave each day
    for day in range(5):
        net.daily(day)
    left = sum(1 for h in heard if h[0] == "someone left")
    arrived = [h for h in heard if h[0] == "arrived"]
    assert left == net.departures["intake"] > 0
    assert len(arrived) == left and all(h[2] for h in arrived)  # every vacancy filled by a consultant at once
    assert len(net.active("intake")) == 20 and not net.vacancies


def test_the_model_subscribes_services_coordination_and_bup():
    """In the model, a departing coordinator's cases go to a colleague or wait (coordination),
    and capacities follow the headcount (services, BUP): the hooks the model used to dispatch."""
    from sim.scenario import load

    m = SchoolModel(load("skifo", {"municipality.n_pupils": 600}).params, seed=2)
    m.run(days=120)
    before = m.bup.first.capacity
    first = m.network.active("bup_first")[0]
    m.network.leave(first, m.day)
    assert m.bup.first.capacity == before - 1
    coordinator = max(m.network.active("coordinator"), key=lambda c: len(c.cases))
    cases = set(coordinator.cases)
    assert cases
    m.network.leave(coordinator, m.day)
    assert all(m.coordination.coordinated.get(p) is not coordinator for p in cases)


def test_the_one_trust_lookup_gives_what_each_user_computed_alone():
    """best_decayed with weights (1, 0), (0, 1) and (0.5, 0.5) equals, to the last bit, the best
    decayed trust (eht_tie), understanding (the validation's sample) and mean of the two (the
    collaboration index's kernel) computed directly; the numba build gives the same numbers."""
    rng = np.random.default_rng(7)
    n = 400
    trust, understanding = rng.random(n), rng.random(n)
    last = rng.integers(0, 300, n)
    decay = np.array([math.exp(-0.002 * d) for d in range(400)])
    day = 310
    for _ in range(50):
        rows = rng.choice(n, size=int(rng.integers(0, 12)), replace=False).astype(np.int64)
        f = [decay[max(day - last[r], 0)] for r in rows]
        by_hand = (max([trust[r] * k for r, k in zip(rows, f)], default=0.0),
                   max([understanding[r] * k for r, k in zip(rows, f)], default=0.0),
                   max([0.5 * (trust[r] * k + understanding[r] * k) for r, k in zip(rows, f)], default=0.0))
        for (w_t, w_u), expected in zip(((1.0, 0.0), (0.0, 1.0), (0.5, 0.5)), by_hand):
            assert best_decayed(rows, 0, rows.size, trust, understanding, last, decay, day, w_t, w_u) == expected
            assert _best_decayed(rows, 0, rows.size, trust, understanding, last, decay, day, w_t, w_u) == expected
    # negative control: the weights matter (trust and understanding differ)
    rows = np.arange(n, dtype=np.int64)
    assert (best_decayed(rows, 0, n, trust, understanding, last, decay, day, 1.0, 0.0)
            != best_decayed(rows, 0, n, trust, understanding, last, decay, day, 0.0, 1.0))


def test_school_ties_read_the_same_table_as_the_graph():
    """The network's look-ups per school and sector agree with the networkx view's edges."""
    p = Params()
    p.municipality.n_pupils = 400
    m = SchoolModel(p, seed=3)
    net = m.network
    intake = net.active("intake")[0]
    net.meet([intake] + net.eht(0), day=0)
    net.meet([intake] + net.eht(0)[:1], day=20)
    g, day, rate = net.graph, 40, p.network.trust_decay
    eht = [a.unique_id for a in net.eht(0)]
    edges = [g[a][b] for a in eht for b in g[a] if b == intake.unique_id]
    assert edges and net.school_knows(0, "social") and not net.school_knows(1, "social")
    assert net.school_tie(0, "social", day) == pytest.approx(max(e["trust"] * math.exp(-rate * (day - e["last"])) for e in edges), rel=1e-15)
    assert net.school_understanding(0, "social", day) == pytest.approx(
        max(e["understanding"] * math.exp(-rate * (day - e["last"])) for e in edges), rel=1e-15)
    assert net.school_tie(1, "social", day) == 0.0
