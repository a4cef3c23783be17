"""One process for every report of concern (sim/services.py ``Report``): a report about a pupil
of ours and one about another child take the same staff's time and draw the same numbers at the
same steps; the pupil's report adds only its own steps (feedback to the school, the family's
delay in getting help going).

Two twin models (same parameters, same seed, so the same staff and the same state of the
``services`` stream) each get one report, driven step by step by hand with every place free: a
pupil's in one, another child's in the other. At each step the test records what the process
waits for (a waiting list, or a working time in days) and how many numbers of each kind it drew
from the stream since its last step. Decisions are made certain (opened, offered, accepted) and
the hand-over gain of trust is 0, so the two reports go the same way: their working times must be
the very same numbers, and their draws must differ exactly by the pupil's own steps.
"""
import numpy as np
import pytest

from sim.casework import WaitingList
from sim.model import SchoolModel
from sim.scenario import load
from sim.services import Report

CERTAIN = {"municipality.n_pupils": 400, "services.background_reports": 0.0,  # no other reports draw meanwhile
           "services.open_prob_multi": 1.0, "services.background_open_prob": 1.0, "services.offer_prob": 1.0,
           "services.accept_prob": 1.0, "services.accept_trust_gain": 0.0, "network.trust_handover_gain": 0.0}


def _left(draws) -> dict:
    """How many numbers of each kind the stream's blocks have left."""
    left = {"uniform": len(draws._uniform), "exponential": len(draws._exponential)}
    left.update({f"gamma{shape}": len(block) for shape, block in draws._gamma.items()})
    return left


def _drawn(before: dict, after: dict, block: int) -> dict:
    """Numbers drawn of each kind between two looks (a block refilled in between counts whole)."""
    out = {}
    for kind, now in after.items():
        was = before.get(kind, 0)
        n = was - now if now <= was else was + block - now
        if n:
            out[kind] = n
    return out


def _trace(model: SchoolModel, report: Report) -> list:
    """(what the process waits for, numbers drawn since its last step) at each step, to its end."""
    svc, clock = model.services, model.clock
    svc.reports[report.rid] = report
    report.clock = clock
    steps, before = [], _left(svc.rng)
    for what in report.process():
        now = _left(svc.rng)
        drawn, before = _drawn(before, now, svc.rng.BLOCK), now
        if isinstance(what, WaitingList):
            assert what.request(report), what.name  # every place is free: nobody else is waiting
            steps.append((what.name, drawn))
        else:
            clock.now += what
            steps.append((what, drawn))
    steps.append(("end", _drawn(before, _left(svc.rng), svc.rng.BLOCK)))
    return steps


def _twins(overrides: dict, seed: int = 7) -> tuple[SchoolModel, SchoolModel]:
    params = load("baseline", overrides).params
    return SchoolModel(params, seed=seed), SchoolModel(params, seed=seed)


def _pupil_report(model: SchoolModel) -> Report:
    pop = model.pop
    pupil = int(np.flatnonzero(~pop.in_episode & ~pop.low_resource)[0])  # no case, no stigma
    return Report(model.services, len(model.services.reports), pupil, -1, int(pop.school[pupil]), "eht_step5",
                  True, True, False, False, model.clock.now)


def _other_child_report(model: SchoolModel) -> Report:
    return Report(model.services, len(model.services.reports), -1, -1, -1, "other", True, True, False, False,
                  model.clock.now, background=True)


def test_a_pupils_report_and_another_childs_take_the_same_steps_on_the_same_draws():
    ours_model, other_model = _twins(CERTAIN)
    ours, other = _pupil_report(ours_model), _other_child_report(other_model)
    pupil_steps, other_steps = _trace(ours_model, ours), _trace(other_model, other)
    intake, preliminary, investigation, investigating, therapy, intervention, end = other_steps
    assert [s[0] for s in other_steps[::2]] == ["intake", "investigation", "therapy", "end"]
    assert preliminary[1] == {"uniform": 1, "gamma1.0": 1}  # the assessor picked, the working time
    assert investigation[1] == {"uniform": 1}  # opened or not
    assert therapy[1] == {"uniform": 2}  # offered, accepted
    family_delay = pupil_steps[4]
    assert family_delay[0] > 0 and family_delay[1] == {"uniform": 2, "exponential": 1}
    assert pupil_steps == [
        intake,
        preliminary,  # the same working time: the same number from the stream
        ("investigation", {"uniform": 2}),  # ... and the school hears the decision, or nothing
        investigating,
        family_delay,  # offered, accepted; the family gets the help going (a pupil's step)
        ("therapy", {}),
        intervention,
        end,
    ]
    assert ours_model.services.outcome[ours.rid] == other_model.services.outcome[other.rid] == "intervention"
    assert ours_model.services.feedback and not other_model.services.feedback  # only the school hears back
    assert [school for school, _ in ours_model.services.preliminary] == [True]
    assert [school for school, _ in other_model.services.preliminary] == [False]


def test_the_comparison_sees_a_report_that_goes_another_way():
    """Negative control: another child's report that is never opened ends after intake, and the
    traces no longer match."""
    ours_model, other_model = _twins({**CERTAIN, "services.background_open_prob": 0.0})
    pupil_steps = _trace(ours_model, _pupil_report(ours_model))
    other = _other_child_report(other_model)
    other_steps = _trace(other_model, other)
    assert other_model.services.outcome[other.rid] == "not_opened"
    assert len(other_steps) == 3 and len(pupil_steps) == 8
    assert other_steps[:2] == pupil_steps[:2]  # intake alike; then they part


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_another_childs_report_draws_nothing_a_pupil_would_not(seed):
    """Across seeds (other staff, other stream positions) the working times stay the same numbers."""
    ours_model, other_model = _twins(CERTAIN, seed)
    pupil_steps = _trace(ours_model, _pupil_report(ours_model))
    other_steps = _trace(other_model, _other_child_report(other_model))
    times = [s[0] for s in other_steps if not isinstance(s[0], str)]  # preliminary, investigation, intervention
    pupil_times = [s[0] for s in pupil_steps if not isinstance(s[0], str)]
    del pupil_times[2]  # the family's delay: a pupil's own step
    assert len(times) == 3 and times == pupil_times
