"""The meeting ledger (sim/meetings.py) and the network's collaboration index (sim/network.py)."""
import numpy as np
import pytest

from sim.meetings import MeetingLedger
from sim.model import SchoolModel
from sim.params import Params


def one_by_one(total, hours, times):
    for _ in range(times):
        total += hours
    return total


def test_ledger_books_each_persons_hours_to_her_sector():
    class Person:
        def __init__(self, sector, role=""):
            self.sector = sector
            self.role = role or sector

    ledger = MeetingLedger(10, 40.0)
    ledger.record_many("eht", 3, [[Person("school", "kurator")] * 5, [Person("school", "nurse"), Person("social")]], 1.5)
    ledger.record("sip", 3, [Person("social"), Person("bup")], 0.7)
    assert ledger.count == {"eht": 2, "sip": 1}
    assert ledger.hours["school"][3] == 9.0 and ledger.hours["social"][3] == one_by_one(1.5, 0.7, 1)
    assert ledger.hours_by_kind["eht"] == 10.5 and ledger.hours_by_kind["sip"] == one_by_one(0.0, 0.7, 2)
    # and by role, for the bill (sim/costs.py): the same hours, split by profession
    assert ledger.role_hours() == pytest.approx({"kurator": 7.5, "nurse": 1.5, "social": 2.2, "bup": 0.7})
    assert ledger.role_hours(since=4) == {"kurator": 0.0, "nurse": 0.0, "social": 0.0, "bup": 0.0}


def test_collaboration_index_from_each_sectors_best_ties_with_each_eht():
    params = Params()
    params.municipality.n_pupils = 400
    m = SchoolModel(params, seed=3)
    net = m.network
    intake, officer = net.active("intake")[0], net.active("case_officer")[0]
    net.meet([intake] + net.eht(0), day=0)
    net.meet([intake, officer] + net.eht(1)[:2], day=3)
    day = 10
    # by hand: each person of each other sector, her best tie with each school's EHT
    sectors = {"social": ("intake", "case_officer", "therapist", "school_social_worker"),
               "bup": ("bup_first", "bup_treatment"), "coordination": ("coordinator",)}
    personal = 0.0
    for roles in sectors.values():
        people = [p for r in roles for p in net.active(r)]
        if not people:
            continue
        for s in range(m.pop.n_schools):
            team = {a.unique_id for a in net.eht(s)}
            for p in people:
                t = net.ties  # the tie table (sim/ties.py)
                values = [0.5 * (t.trust[row] + t.understanding[row]) * t.decay[day - t.last[row]]
                          for other, row in t.ties[p.unique_id].items() if other in team]
                personal += max(values, default=0.0) / len(people)
    n = m.pop.n_schools * sum(1 for roles in sectors.values() if any(net.active(r) for r in roles))
    expected = 1.0 + 4.0 * (0.5 * float(net.school_trust.mean()) + 0.5 * personal / n)
    assert personal > 0
    assert np.isclose(net.collaboration_index(day), expected, rtol=1e-12)
