"""The guardians' consent (sim/consent.py): asked, they lift secrecy or refuse; the answer is
kept per pupil, strengthens the agencies' joint help and is written in the case log."""
import numpy as np
import pytest

from sim.caselog import CaseLog
from sim.consent import GuardianConsent
from sim.model import SchoolModel
from sim.rng import ScalarDraws
from sim.scenario import load


@pytest.fixture(scope="module")
def model():
    return SchoolModel(load("skifo", {"municipality.n_pupils": 400}).params, seed=2)


def guardians(model: SchoolModel, seed: int = 1) -> GuardianConsent:
    """A fresh consent record for the model's pupils (its own log, its own draws)."""
    model.pop.joint[:] = 1.0
    return GuardianConsent(consent=np.full(model.pop.n, -1, dtype=np.int8), pop=model.pop, log=CaseLog(),
                           decisions=ScalarDraws(np.random.default_rng(seed)), params=model.params)


def test_consent_given_strengthens_joint_help_and_is_logged(model):
    g = guardians(model)
    effect = model.params.coordination.consent_effect
    g.ask(3, 17, 1.0, day=40)
    g.ask(4, -1, 0.0, day=41)
    assert g.consent[3] == 1 and g.consent[4] == 0 and (g.consent[5:] == -1).all()
    assert model.pop.joint[3] == pytest.approx(1.0 + effect) and model.pop.joint[4] == 1.0
    log = g.log.columns()
    assert list(zip(log["day"].tolist(), log["pupil"].tolist(), log["case"].tolist(), log["info"].tolist())) == \
        [(40, 3, 17, "given"), (41, 4, -1, "refused")]
    assert set(g.log.column("event")) == {"consent"}


def test_asking_a_group_draws_as_asking_one_by_one(model):
    """The same answers from the same draws, whether the guardians are asked together (the
    consent form at staircase step 3) or one family at a time (a coordinator's family meeting)."""
    pupils = np.arange(10, 60)
    one = guardians(model, seed=9)
    for p in pupils.tolist():
        one.ask(p, -1, 0.5, day=1)
    answers_one, joint_one = one.consent.copy(), model.pop.joint.copy()
    many = guardians(model, seed=9)
    many.ask_many(pupils, 0.5, day=1)
    assert (many.consent == answers_one).all() and (model.pop.joint == joint_one).all()
    assert 10 < int((answers_one[pupils] == 1).sum()) < 40  # some say yes, some no (not all one way)
    assert sorted(many.log.column("pupil")) == pupils.tolist()


def test_only_those_not_yet_asked_are_asked_again(model):
    g = guardians(model)
    g.ask(7, -1, 1.0, day=1)
    g.ask(8, -1, 0.0, day=1)
    assert g.not_asked(np.array([6, 7, 8, 9])).tolist() == [6, 9]
    g.ask_many(np.array([], dtype=int), 1.0, day=2)  # nobody to ask: no draw, no row
    assert len(g.log) == 2


def test_the_model_records_what_the_guardians_answered():
    """In a SKIFO run the consent array and the case log agree: every 'given' row's pupil has
    consent (unless the slot went to a new pupil at a school year's end) and joint help > 1."""
    m = SchoolModel(load("skifo", {"municipality.n_pupils": 400, "calendar.years": 1, "calendar.warmup_years": 0}).params, seed=3)
    m.run(days=200)  # (within the first school year: no slot has changed pupil)
    given = {p for p, e, i in zip(m.log.column("pupil"), m.log.column("event"), m.log.column("info")) if e == "consent" and i == "given"}
    assert given, "SKIFO asks for consent"
    assert all(m.consent[p] == 1 and m.pop.joint[p] > 1.0 for p in given)
    assert set(np.flatnonzero(m.consent == 1).tolist()) == given
