"""The school's response (sim/school.py, with its EHTs, sim/eht.py) built alone, with its
collaborators passed in (no SchoolModel): the staircase climbs, the EHT meets and decides, and
what goes beyond the school reaches the case's pathway and the forum only through what it was
handed (``connect``, ``connect_forum``)."""
import numpy as np

from sim import calendar as cal
from sim import caselog as ev
from sim.population import ADAPTATION, SPECIAL_SUPPORT, Population
from sim.school import SchoolResponse

from .conftest import make_params

DAY = 30  # a school day well into the autumn term


class Pathway:
    """A pathway that records what the school hands over (sim/handovers.HandOvers)."""

    def __init__(self, needs_bup=()):
        self.calls: list[tuple] = []
        self.needs_bup = set(needs_bup)

    def staircase_step(self, pupils, step, day):
        self.calls.append(("step", step, tuple(np.asarray(pupils).tolist())))

    def meetings_held(self, kind, places, day):
        self.calls.append(("meetings", kind, tuple(places)))

    def meeting_load(self, sector):
        return 0.0

    def report_of_concern(self, pupil, day, source, case=None):
        self.calls.append(("report", source, pupil))

    def maybe_repeat_report(self, pupil, day, case=None):
        self.calls.append(("repeat", pupil))

    def heard_nothing(self, cases):
        return np.zeros(len(cases), dtype=bool)

    def forum_application(self, pupils, day):
        self.calls.append(("forum", tuple(np.asarray(pupils).tolist())))

    def bup_needed(self, pupils):
        return np.array([p in self.needs_bup for p in np.atleast_1d(pupils).tolist()], dtype=bool)

    def refer_bup(self, pupil, day, source, coordinated=False):
        self.calls.append(("bup", pupil))


def build(seed=1, **over):
    """The school and the parts it is built with, made as the model makes them, without the model."""
    staircase = dict(mentor_review_interval=1, mentor_notice_prob=1.0, mentor_notice_prob_new=1.0, staff_spot_prob=0.0,
                     persist_days=30)
    eht = dict(cancel_prob=0.0, report_prob_step3=0.0)
    staircase.update(over.pop("staircase", {}))
    eht.update(over.pop("eht", {}))
    params = make_params(staircase=staircase, eht=eht, municipality=dict(n_pupils=400), **over)
    c = params.calendar
    calendar = cal.build(c.start_year, c.years, c.school_days_per_year, c.sports_break_week)
    streams = np.random.SeedSequence(seed).spawn(3)
    pop = Population(params, np.random.default_rng(streams[0]))
    pop.prepare_year()
    pop.days_seen = 100  # a full staircase window
    log = ev.CaseLog()
    school = SchoolResponse(staircase=params.staircase, eht=params.eht, pop=pop, calendar=calendar, log=log,
                            rng=np.random.default_rng(streams[1]), rng_eht=np.random.default_rng(streams[2]))
    return school, pop, log, params


def set_share(pop, params, pupils, share):
    pop.roll_stair[np.atleast_1d(pupils)] = int(round(share * params.staircase.window))


def rows(log, pupil, event):
    cols = log.columns()
    return int(np.count_nonzero((cols["pupil"] == pupil) & (cols["event"] == event)))


def test_the_school_is_built_from_its_collaborators_alone():
    school, pop, log, params = build()
    assert not hasattr(school, "model") and not hasattr(school.eht, "model")
    assert school.pop is pop and school.log is log and school.stair is params.staircase
    assert school.eht.pop is pop and school.eht.p is params.eht and school.eht.step is school.step  # one staircase state
    # without a forum nothing waits for one
    assert not school.eht.forum_pending(np.arange(5)).any()


def test_staircase_and_eht_hand_over_through_the_connected_pathway_and_forum():
    """Three pupils of school 0 climb to step 2, persist and reach step 3 at the EHT, persist
    and are reviewed: the one whose case waits for the forum stays at step 3 (negative control:
    the others climb to step 4, so the test tells waiting from climbing); the one BUP is needed
    for, and not waiting, is referred."""
    school, pop, log, params = build()
    a, b, c = np.flatnonzero(pop.school == 0)[:3].tolist()
    pathway = Pathway(needs_bup={b, c})
    school.connect(pathway)
    school.connect_forum(lambda pupils: np.isin(pupils, [c]))
    set_share(pop, params, [a, b, c], 0.25)

    school.mentor_reviews(DAY, 20)  # step 2: detected
    assert np.all(school.step[[a, b, c]] == 2) and rows(log, a, ev.DETECTION) == 1
    assert ("step", 2, (a, b, c)) in pathway.calls
    school.eht.persistence(DAY + 42, 50)  # persisted 30 school days: on the agenda for the step-3 meeting
    assert school.on_agenda[[a, b, c]].all() and school.agenda_length() == 3
    school.eht.next_meeting[:] = DAY + 42
    school.eht.meetings(DAY + 42, 50)
    assert np.all(school.step[[a, b, c]] == 3) and not school.on_agenda[[a, b, c]].any()
    assert np.all(pop.support_strength[ADAPTATION, [a, b, c]] > 0) and rows(log, a, ev.SCHOOL_MEASURE) == 1
    assert ("step", 3, (a, b, c)) in pathway.calls and school.meetings_held == pop.n_schools
    assert list(school.agenda_waits) == [0, 0, 0]

    school.eht.persistence(DAY + 90, 82)  # still over the second rung: a review
    school.eht.next_meeting[:] = DAY + 90
    school.eht.meetings(DAY + 90, 82)
    assert school.step[a] == 4 and school.step[b] == 4 and school.step[c] == 3
    assert rows(log, c, ev.WAITING_FOR_FORUM) == 1 and rows(log, a, ev.WAITING_FOR_FORUM) == 0
    assert pop.support_strength[SPECIAL_SUPPORT, a] > 0 and pop.support_strength[SPECIAL_SUPPORT, c] == 0
    assert ("forum", (a, b)) in pathway.calls
    assert ("bup", b) in pathway.calls and ("bup", a) not in pathway.calls and ("bup", c) not in pathway.calls
