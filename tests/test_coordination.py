"""Coordination's mechanisms, one by one (sim/coordinator.py, forum.py, family_meeting.py, sip.py,
visits.py, training.py, school_social_worker.py), and what a scenario builds of them
(sim/coordination.py).

Each mechanism is built here as the model builds it, with the parts of a small municipality
(400 pupils, built and run for a while: episodes, staircase steps and staff are real) and driven
by hand; nothing is random except where said.
"""
import re
from pathlib import Path

import numpy as np
import pytest

from sim import calendar, caselog as ev
from sim.coordination import Coordination
from sim.coordinator import Coordinators
from sim.forum import Forum, forum_order
from sim.model import SchoolModel
from sim.scaling import Staffing
from sim.scenario import load
from sim.sip import SIPMeetings
from sim.training import training_days
from sim.visits import EHTVisits

MECHANISM_FILES = ("coordination", "coordinator", "forum", "family_meeting", "sip", "visits", "training",
                   "school_social_worker", "joint_meeting", "partners")
SIM = Path(__file__).resolve().parents[1] / "sim"


def model(scenario: str = "baseline", days: int = 0, pupils: int = 400, seed: int = 3, **overrides) -> SchoolModel:
    params = load(scenario, overrides).params.model_copy(deep=True)
    params.municipality.n_pupils = pupils
    return SchoolModel(params, seed=seed, scenario=scenario).run(days=days)


class Bookings:
    """Records what a mechanism books ahead (the ``schedule`` it is given) and the family
    meetings the forum books."""

    def __init__(self):
        self.booked: list[tuple[float, object]] = []
        self.families: list[tuple[int, int, int]] = []

    def schedule(self, day, action):
        self.booked.append((day, action))

    def book(self, pupil, case, day):
        self.families.append((pupil, case, day))


# ---------------------------------------------------------------- what a scenario builds
@pytest.mark.parametrize("scenario, built", [
    ("baseline", ["sip"]),
    ("school_social_worker", ["sip", "school_social_workers"]),
    ("research_circle", ["coordinators", "forum", "family_meetings", "sip", "coordinator_visits", "training"]),
    ("integrated_team", ["coordinators", "forum", "family_meetings", "sip", "coordinator_visits"]),
    ("skifo", ["coordinators", "forum", "family_meetings", "sip", "coordinator_visits", "intake_visits", "training"]),
    ("consultation_team", ["coordinators", "forum", "family_meetings", "sip", "coordinator_visits", "intake_visits", "training"]),
])
def test_a_scenario_builds_only_the_mechanisms_it_uses(scenario, built):
    m = model(scenario)
    assert m.coordination.built() == built
    assert (m.coordination.forum is not None) == m.coordination.active == ("forum" in built)


def test_without_coordination_nothing_is_built_and_nothing_coordinates():
    """The baseline (no coordinators, forum, visits, training or school social workers) builds
    only SIP meetings, which the law asks for anyway; over a school year no case goes to a forum
    or a coordinator, and none of the left-out mechanisms' meetings are held. (That its results
    are those of the undivided coordination is checked by the byte-identity guard of issue 21.)"""
    m = model("baseline", days=250)
    c = m.coordination
    assert c.built() == ["sip"]
    assert c.coordinators is c.forum is c.family_meetings is c.coordinator_visits is c.intake_visits is None
    assert c.training is None and c.school_social_workers is None
    assert c.applications == [] and c.forum_waits == [] and c.coordinated == {} and c.waiting == set()
    assert not c.pending(np.arange(m.pop.n)).any()
    assert m.network.active("coordinator") == [] and m.network.active("school_social_worker") == []
    events = set(m.log.column("event"))
    assert not events & {ev.FORUM_APPLICATION, ev.FORUM_DECISION, ev.FORUM_DECLINED}
    assert not set(m.ledger.count) & {"forum", "coordinator_eht", "intake_eht", "training", "ssw_on_site", "joint_professional"}
    assert ev.SIP_MEETING in events  # negative control: the one mechanism built did act
    c.on_step(0, m.params.coordination.forum_entry_step, m.day)  # the school cannot apply where there is no forum
    assert c.applications == []


def test_the_mechanisms_never_reach_back_through_the_model():
    """Each mechanism names what it uses: no ``model.`` reads, no import of sim.model."""
    for name in MECHANISM_FILES:
        source = (SIM / f"{name}.py").read_text()
        assert not re.search(r"\bmodel\.\w", source), name
        assert "from .model" not in source and "import sim.model" not in source, name


# ---------------------------------------------------------------- the forum
def test_forum_order_is_most_severe_then_earliest_then_by_pupil():
    rng = np.random.default_rng(1)
    n = 40
    severity = -rng.integers(0, 5, n) / 10.0  # many ties
    applied = rng.integers(0, 3, n)
    pupils = rng.permutation(n)
    among = np.arange(n)
    expected = sorted(among.tolist(), key=lambda k: (severity[k], applied[k], pupils[k]))
    assert forum_order(severity, applied, pupils, among).tolist() == expected
    for limit in (1, 3, 17, n, n + 5):
        assert forum_order(severity, applied, pupils, among, limit).tolist() == expected[:limit]
    assert forum_order(severity, applied, pupils, among, 0).tolist() == []
    assert forum_order(severity, applied, pupils, among[::2], 4).tolist() == [k for k in expected if k % 2 == 0][:4]


def _pupils_in_episode(m: SchoolModel, k: int) -> list[int]:
    """``k`` pupils in an episode with different absence shares, the most absent first."""
    share = m.pop.stair_share()
    pupils = np.flatnonzero(m.pop.in_episode)
    _, first = np.unique(share[pupils], return_index=True)
    chosen = pupils[first][::-1][:k]
    assert len(chosen) == k
    return chosen.tolist()


def test_forum_takes_the_most_severe_declines_who_waited_too_long_and_keeps_the_rest():
    m = model("baseline", days=200, **{"coordination.forum_max_wait_days": 30})
    p = m.params.coordination
    family = Bookings()
    forum = Forum(params=p, pop=m.pop, log=m.log, calendar=m.calendar, network=m.network, ledger=m.ledger,
                  staff=m.staff, coordinators=None, family=family)
    severe, middle, mild = _pupils_in_episode(m, 3)
    case = {q: int(m.pop.episode_id[q]) for q in (severe, middle, mild)}
    day = m.day
    forum.apply_case(middle, case[middle], day - 40)  # waited longer than forum_max_wait_days
    forum.apply_case(mild, case[mild], day - 5)
    forum.apply_case(severe, case[severe], day - 1)
    forum.apply_case(severe, case[severe], day)  # once per case
    assert len(forum.applications) == 3 and forum.pending(np.array([severe, middle, mild, 0])).tolist()[:3] == [True] * 3
    forum.decide(day, limit=1)
    assert family.families == [(severe, case[severe], day)]  # the most severe first; its family meeting booked
    assert forum.forum_waits == [1]
    assert forum.applications == [(mild, case[mild], day - 5)]  # waits for the next meeting
    assert forum.waiting == {case[mild]}
    rows = [(d, q, e) for d, q, e in zip(m.log.column("day"), m.log.column("pupil"), m.log.column("event")) if d == day]
    assert (day, middle, ev.FORUM_DECLINED) in rows and (day, mild, ev.FORUM_DECLINED) not in rows
    forum.decide(day + 1, limit=0)  # a meeting without room: nobody is taken
    assert family.families == [(severe, case[severe], day)] and forum.waiting == {case[mild]}


def test_forum_meets_on_its_cadence_and_takes_its_capacity_per_meeting():
    """skifo at 1,600 pupils: the forum meets on school days every 14 days (or the next school
    day) and takes at most ``forum_capacity`` cases a meeting."""
    m = model("skifo", days=400, pupils=1600)
    forum = m.coordination.forum
    days = m.log.column("day")
    decided = [d for d, e in zip(days, m.log.column("event")) if e == ev.FORUM_DECISION]
    meetings = sorted(set(decided))
    assert len(meetings) > 10
    assert all(b - a >= m.params.coordination.forum_interval_days for a, b in zip(meetings, meetings[1:]))
    assert all(m.calendar.is_school_day[d] for d in meetings)
    per_meeting = np.bincount(decided)[meetings]
    assert per_meeting.max() <= m.params.coordination.forum_capacity == forum.per_meeting


# ---------------------------------------------------------------- the coordinators
def coordinators(m: SchoolModel, posts: int) -> Coordinators:
    params = m.params.coordination.model_copy(update={"coordinators": posts})
    staff = Coordinators(params=params, turnover_rate=0.15, pop=m.pop, network=m.network, staff=Staffing(1600),
                         rng=np.random.default_rng(0))
    staff.connect(m.pathway)
    return staff


def test_a_departing_coordinators_cases_go_to_colleagues_or_wait_for_a_successor():
    m = model("baseline", days=50)
    staff = coordinators(m, 3)
    a, b, c = m.network.active("coordinator")
    for pupil, who in ((10, a), (11, a), (12, a), (13, b), (14, c), (15, c)):
        staff.take(pupil, who, m.day)
    m.network.remove(a)
    staff.left(a)
    assert a.cases == set() and len(b.cases) + len(c.cases) == 6
    assert sorted((len(b.cases), len(c.cases))) == [3, 3]  # each case to the least loaded colleague
    assert all(pupil in staff.coordinated[pupil].cases for pupil in range(10, 16))
    for person in (b, c):  # the last coordinators leave: their cases wait
        m.network.remove(person)
        staff.left(person)
    assert staff.orphans == set(range(10, 16)) and all(staff.coordinated[q] is None for q in range(10, 16))
    staff.release(15)  # (the pupil left school meanwhile)
    newcomer = m.network.hire("coordinator", day=m.day)
    staff.joined(newcomer)
    assert newcomer.cases == set(range(10, 15)) and staff.orphans == set()


def test_coordinators_let_go_of_ended_and_long_cases_and_respect_the_caseload():
    m = model("baseline", days=100)
    staff = coordinators(m, 1)
    (coordinator,) = m.network.active("coordinator")
    on, over = np.flatnonzero(m.pop.in_episode)[:2].tolist()
    ended = int(np.flatnonzero(~m.pop.in_episode)[0])
    staff.take(on, coordinator, m.day)
    staff.take(over, coordinator, m.day - m.params.coordination.case_days)  # its plan has run its course
    staff.take(ended, coordinator, m.day)
    staff.daily(m.day, False)
    assert coordinator.cases == {on} and set(staff.coordinated) == {on} == set(staff.since)
    cap = m.params.coordination.coordinator_caseload * staff.post_share * (1 - m.pathway.meeting_load("coordination"))
    assert staff.capacity_left(m.day) == ([coordinator] if 1 < cap else [])
    coordinator.cases.update(range(1000, 1000 + int(cap) + 1))  # full
    assert staff.capacity_left(m.day) == []


# ---------------------------------------------------------------- visits, SIP, training
def test_the_coordinators_visit_brings_pupils_at_step_3_or_above_to_the_forum():
    m = model("skifo", days=300)
    forum = Forum(params=m.params.coordination, pop=m.pop, log=m.log, calendar=m.calendar, network=m.network,
                  ledger=m.ledger, staff=m.staff, coordinators=None, family=Bookings())
    visits = EHTVisits(kind="test_visit", role="coordinator", interval=30, hours=1.0, offset=0, pop=m.pop,
                       calendar=m.calendar, network=m.network, ledger=m.ledger, forum=forum, school=m.school)
    day = m.day + int(np.argmax(m.calendar.is_school_day[m.day:]))  # the next school day
    visits.daily(day, True)
    assert (visits.next_visit == day + 30).all()  # every school's team visited, the next visit booked
    assert m.ledger.count["test_visit"] == m.pop.n_schools
    due = (m.school.step >= 3) & m.pop.in_episode
    assert due.any() and not (m.school.step < 3).all()
    applied = {case: pupil for pupil, case, _ in forum.applications}
    assert set(applied) == set(m.pop.episode_id[due].tolist())  # all of them, and nobody else
    assert all(m.school.step[pupil] >= 3 for pupil in applied.values())
    visits.daily(day + 1, True)  # no visit is due the next day
    assert m.ledger.count["test_visit"] == m.pop.n_schools


def test_sip_needs_consent_and_is_held_once_per_case():
    m = model("baseline", days=150)
    bookings = Bookings()
    consent = np.zeros(m.pop.n, dtype=np.int8)  # everyone asked and refused ...
    sip = SIPMeetings(params=m.params.coordination, pop=m.pop, log=m.log, consent=consent, network=m.network,
                      ledger=m.ledger, services=m.services, bup=m.bup, mentors=m.mentors, coordinators=None,
                      rng=np.random.default_rng(0), schedule=bookings.schedule)
    sip.connect(m.pathway)
    refused, agreed = np.flatnonzero(m.pop.in_episode)[:2].tolist()
    consent[agreed] = 1  # ... but these guardians
    sip.maybe_sip(refused, m.day)
    assert bookings.booked == []
    sip.maybe_sip(agreed, m.day)
    sip.maybe_sip(agreed, m.day + 3)
    assert len(bookings.booked) == 1 and bookings.booked[0][0] == m.day + m.params.coordination.sip_delay_days
    held = m.ledger.count["sip"]
    bookings.booked[0][1](m.day + 14)
    assert m.ledger.count["sip"] == held + 1
    assert (m.day + 14, agreed, ev.SIP_MEETING) in zip(m.log.column("day"), m.log.column("pupil"), m.log.column("event"))


@pytest.mark.parametrize("per_year", [1, 3, 7])
def test_training_days_are_school_days_spread_over_each_year(per_year):
    cal = calendar.build(2022, 3)
    days = sorted(training_days(cal, per_year))
    assert len(days) == per_year * 3 and all(cal.is_school_day[d] for d in days)
    for y in range(3):
        school_days = cal.school_days(y).tolist()
        mine = [school_days.index(d) for d in days if cal.year[d] == y]
        assert [int(i * per_year / len(school_days)) for i in mine] == list(range(per_year))  # one in each part
    assert training_days(cal, 0) == set()


def test_a_coordination_is_built_from_the_parts_it_names_and_steps_them():
    """The facade needs only the parts it names (here those of a built model, whose own
    coordination stays idle): over 200 days its forum meets and its training day is held."""
    m = model("consultation_team")
    c = Coordination(params=m.params.coordination, turnover=m.params.turnover, pop=m.pop, log=m.log,
                     calendar=m.calendar, network=m.network, ledger=m.ledger, staff=m.staff,
                     rng=np.random.default_rng(0), schedule=Bookings().schedule, consent=m.consent,
                     services=m.services, bup=m.bup, mentors=m.mentors, school=m.school)
    assert c.built() == m.coordination.built()
    c.connect(m.pathway)
    days = range(0, 200)
    for day in days:
        c.daily(day, bool(m.calendar.is_school_day[day]))
    held = [d for d in days if d in c.training.days]
    assert held and m.ledger.count["training"] == len(held)
    assert m.ledger.count["forum"] >= 200 // m.params.coordination.forum_interval_days - 2
    assert m.ledger.count["coordinator_eht"] >= m.pop.n_schools * 5
