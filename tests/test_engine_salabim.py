"""The reference engine: the same case processes on salabim give the same results, in distribution.

The two engines order events that fall at the same moment differently (docs/ODD.md, "The
reference engine"), so a run on salabim does not draw the same numbers at the same steps as
a run on the clock: the check is statistical. Baseline and skifo run ``REPS`` times on each
engine, on *independent* seeds (root seed 1 for the clock, 2 for salabim), in a small
municipality (800 pupils, two school years). For every replication we take the mean wait of
each agency queue (all cases, other children's included: preliminary assessment from report
to decision, investigation, BUP first assessment, BUP treatment) and the outcome metrics
(school days absent per pupil in need, share recovered and share helped within 365 days, days
without multi-agency contact). Each quantity is compared across engines with a two-sample
Kolmogorov-Smirnov test and a Mann-Whitney U test: 2 scenarios x 8 quantities x 2 tests = 32
tests at a family-wise level of 5 % (Holm-Bonferroni). The negative control runs baseline on
salabim with a preliminary assessment 25 % longer (``services.preliminary_days`` 8 -> 10): the
same battery must reject it, on the preliminary wait, at the strictest Holm threshold
(0.05 / 32). Seeds and replications are fixed, so the outcome of the test is too.
"""
from __future__ import annotations

import os

import numpy as np
import pytest
from scipy import stats

from sim.casework import Case
from sim.engine_salabim import SalabimClock, SalabimWaitingList
from sim.engines import ENGINES, new_clock
from sim.experiment.replicate import replicate_seed, run_many
from sim.model import SchoolModel
from sim.scenario import load

from .test_casework import Stamp  # a case that logs its steps (and may book an action)

REPS = 40
SMALL = {"municipality.n_pupils": 800, "calendar.years": 2}  # two years: the 365-day outcomes need the follow-up
LEVEL = 0.05  # family-wise, Holm-Bonferroni over every test of the comparison
QUEUES = ("preliminary", "investigation", "bup_first", "bup_treatment")
OUTCOMES = ("absence_days_per_pupil_in_need", "share_in_need_recovered_365d", "share_effective_help_365d",
            "days_without_multiagency_contact_first_year")
SEED = {"clock": 1, "salabim": 2}  # independent samples: the two-sample tests assume them


def engine_run(args: tuple) -> dict[str, float]:
    """One replication: the mean wait of every queue and the outcome metrics."""
    params, seed, engine = args
    m = SchoolModel(params, seed=seed, engine=engine)
    m.run()
    metrics = m.results()["metrics"]
    svc, bup = m.services, m.bup
    days = {"preliminary": [d for _, d in svc.preliminary], "investigation": [d for _, d in svc.investigations],
            "bup_first": [d for _, d in bup.first_waits], "bup_treatment": [d for _, d in bup.treatment_waits]}
    out = {f"wait_{q}": float(np.mean(days[q])) if days[q] else float("nan") for q in QUEUES}
    out.update({k: metrics[k] for k in OUTCOMES})
    return out


def sample(scenario: str, engine: str, overrides: dict | None = None) -> dict[str, np.ndarray]:
    params = load(scenario, {**SMALL, **(overrides or {})}).params
    tasks = [(params, replicate_seed(SEED[engine], r), engine) for r in range(REPS)]
    runs = run_many(tasks, workers=min(4, os.cpu_count() or 1), task=engine_run)
    return {k: np.array([r[k] for r in runs], dtype=float) for k in runs[0]}


def battery(pairs: dict[str, tuple[dict, dict]]) -> list[dict]:
    """KS and Mann-Whitney for every quantity of every scenario; Holm-adjusted verdicts."""
    rows = []
    for scenario, (a, b) in pairs.items():
        for k in a:
            x, y = a[k][~np.isnan(a[k])], b[k][~np.isnan(b[k])]
            for test, p in (("ks", stats.ks_2samp(x, y).pvalue), ("mann_whitney", stats.mannwhitneyu(x, y).pvalue)):
                rows.append({"scenario": scenario, "quantity": k, "test": test, "p": float(p),
                             "mean_a": float(x.mean()), "mean_b": float(y.mean())})
    order = sorted(range(len(rows)), key=lambda i: rows[i]["p"])
    m, still = len(rows), True
    for rank, i in enumerate(order):
        still = still and rows[i]["p"] <= LEVEL / (m - rank)
        rows[i]["rejected"] = still
    return rows


def table(rows: list[dict], a: str, b: str) -> str:
    lines = [f"{'scenario':10s} {'quantity':46s} {'test':13s} {'p':>8s} {a:>9s} {b:>9s}"]
    for r in rows:
        lines.append(f"{r['scenario']:10s} {r['quantity']:46s} {r['test']:13s} {r['p']:8.2g} {r['mean_a']:9.3f} {r['mean_b']:9.3f}"
                     + ("  REJECTED" if r["rejected"] else ""))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def clock_samples():
    return {s: sample(s, "clock") for s in ("baseline", "skifo")}


def test_engines_agree_in_distribution(clock_samples):
    pairs = {s: (clock_samples[s], sample(s, "salabim")) for s in ("baseline", "skifo")}
    rows = battery(pairs)
    print("\n" + table(rows, "clock", "salabim"))
    assert len(rows) == 32
    assert not any(r["rejected"] for r in rows), table([r for r in rows if r["rejected"]], "clock", "salabim")


def test_negative_control_a_longer_preliminary_assessment_is_detected(clock_samples):
    slower = sample("baseline", "salabim", {"services.preliminary_days": 10.0})
    rows = battery({"baseline": (clock_samples["baseline"], slower)})
    print("\n" + table(rows, "clock", "slower"))
    strictest = LEVEL / 32  # the threshold the first of the 32 tests of the real comparison must pass
    prelim = [r for r in rows if r["quantity"] == "wait_preliminary"]
    assert all(r["p"] < strictest for r in prelim), table(prelim, "clock", "slower")


def test_the_reference_engine_runs_the_same_cases_on_salabim_resources():
    m = SchoolModel(load("baseline", {"municipality.n_pupils": 400, "calendar.years": 1}).params, seed=5, engine="salabim")
    m.run(days=200)
    assert isinstance(m.clock, SalabimClock) and isinstance(m.services.intake, SalabimWaitingList)
    assert set(m.clock.resources) == {"intake", "investigation", "therapy", "bup_first", "bup_treatment"}
    intake = m.clock.resources["intake"]
    # every admitted case's wait is in salabim's monitor too (its length of stay among the requesters)
    assert intake.requesters().length_of_stay.number_of_entries() == len(m.services.intake.waits)
    assert m.services.intake.busy == intake.claimed_quantity()
    assert m.clock.now == 200.0 and m.clock.env.now() == 200.0
    assert len(m.clock._pool) + len(m.clock._working) < len(m.services.reports)  # components reused
    text = m.clock.print_statistics(as_str=True)
    assert "Length of stay in requesters of intake" in text and "investigation" in text
    assert "Histogram of Length of stay in requesters of bup_first" in m.clock.print_histograms(as_str=True)


def test_an_unknown_engine_is_refused():
    from sim.errors import InputError

    with pytest.raises(InputError, match="allowed are clock, salabim"):
        SchoolModel(load("baseline", {"municipality.n_pupils": 400, "calendar.years": 1}).params, seed=5, engine="simpy")


# ---------------------------------------------------------------- the rules of event ordering
class Job(Case):
    """Wait for a place (if ``wl``), work ``work`` days (if not None), log each step with the time."""

    def __init__(self, name, wl, work, log):
        self.name, self.wl, self.work, self.log = name, wl, work, log

    def process(self):
        if self.wl is not None:
            yield self.wl
            self.log.append((self.name, "in", self.clock.now))
        if self.work is not None:
            yield self.work
        if self.wl is not None:
            self.wl.release()
        self.log.append((self.name, "out", self.clock.now))


def clock_of(engine):
    return new_clock(engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_shared_rules_first_come_first_served_ties_in_booking_order(engine):
    clock, log = clock_of(engine), []
    wl = clock.waiting_list("desk", 1)
    for name, delay in (("a", 1.0), ("b", 1.0), ("c", 0.5)):
        clock.start(Job(name, wl, 2.0, log), delay)
    clock.run(till=100)
    assert [(n, e) for n, e, _ in log] == [("c", "in"), ("c", "out"), ("a", "in"), ("a", "out"), ("b", "in"), ("b", "out")]
    assert [t for *_, t in log] == [0.5, 2.5, 2.5, 4.5, 4.5, 6.5]
    assert wl.waits == [0.0, 1.5, 3.5] and wl.busy == 0 and len(wl) == 0 and clock.now == 100


@pytest.mark.parametrize("engine", ENGINES)
def test_shared_rules_more_places_admit_fewer_never_interrupt_postpone_moves(engine):
    clock, log = clock_of(engine), []
    wl = clock.waiting_list("desk", 1)
    jobs = [Job(name, wl, 10.0, log) for name in "abc"]
    for job in jobs:
        clock.start(job)
    clock.run(till=1.0)
    assert wl.busy == 1 and len(wl) == 2 and jobs[0].due() == 10.0 and jobs[1].due() is None
    wl.set_capacity(3)
    clock.run(till=2.0)
    assert wl.busy == 3 and len(wl) == 0
    clock.postpone(jobs[2], 5.0)  # admitted at 1: due at 11, now 16
    wl.set_capacity(0)
    clock.run(till=20.0)
    assert wl.busy == 0 and sorted((n, t) for n, e, t in log if e == "out") == [("a", 10.0), ("b", 11.0), ("c", 16.0)]
    assert all(job.finished() for job in jobs)


@pytest.mark.parametrize("engine, order", [("clock", ["p in", "q out"]), ("salabim", ["q out", "p in"])])
def test_difference_1_a_place_granted_at_once(engine, order):
    """p (booked first) asks for a free place at t=1, q (booked second) has nothing to do but end
    at t=1: on the clock p continues at once; salabim puts p behind q."""
    clock, log = clock_of(engine), []
    wl = clock.waiting_list("desk", 1)
    clock.start(Job("p", wl, 1.0, log), 1.0)
    clock.start(Job("q", None, None, log), 1.0)
    clock.run(till=1.5)
    assert [f"{n} {e}" for n, e, _ in log] == order


@pytest.mark.parametrize("engine, ran", [("clock", False), ("salabim", True)])
def test_difference_2_events_at_exactly_till(engine, ran):
    clock, log = clock_of(engine), []
    clock.start(Job("a", None, None, log), 2.0)
    clock.run(till=2.0)
    assert bool(log) is ran and clock.now == 2.0
    clock.run(till=3.0)
    assert log == [("a", "out", 2.0)]


@pytest.mark.parametrize("engine, at_once", [("clock", True), ("salabim", False)])
def test_difference_3_a_case_started_without_delay(engine, at_once):
    clock, log = clock_of(engine), []
    wl = clock.waiting_list("desk", 1)
    clock.start(Job("a", wl, 1.0, log))
    assert (log == [("a", "in", 0.0)]) is at_once  # before the clock runs
    clock.run(till=0.5)
    assert log == [("a", "in", 0.0)]


@pytest.mark.parametrize("engine", ENGINES)
def test_shared_rules_booked_actions_at_the_day_start_in_day_then_booking_order(engine):
    """The model's use: the clock run one day at a time. An action booked for day d (rounded up)
    runs at the start of d, after the steps before d and before the later ones of day d; one
    booked from a case's step for a day already started runs at the next day's start."""
    clock, log = clock_of(engine), []

    def book(case):
        if clock.now == 2.5:
            clock.call_at(2, lambda d: log.append(("for day 2, late", d, clock.now)))

    clock.start(Stamp("case", [0.5, 2.0, 1.0], log, book))  # steps at 0.5, 2.5, 3.5
    clock.call_at(3, lambda d: log.append(("day 3", d, clock.now)))
    clock.call_at(2.2, lambda d: log.append(("day 2.2", d, clock.now)))
    clock.call_at(1, lambda d: log.append(("day 1", d, clock.now)))
    for d in range(5):
        clock.run(till=d + 1)
    assert log == [("case", 0.5), ("day 1", 1, 1.0), ("case", 2.5), ("for day 2, late", 3, 3.0),
                   ("day 3", 3, 3.0), ("day 2.2", 3, 3.0), ("case", 3.5)]


@pytest.mark.parametrize("engine, order", [("clock", ["action", "case"]), ("salabim", ["case", "action"])])
def test_difference_2_a_step_at_exactly_the_day_start_and_the_day_booked_actions(engine, order):
    """Rule 2 seen from the booked actions: on salabim a step at exactly day d runs in the previous
    day's run, before day d's booked actions; on the clock it runs after them."""
    clock, log = clock_of(engine), []
    clock.start(Stamp("case", [2.0], log))
    clock.call_at(2, lambda d: log.append(("action", d)))
    for d in range(3):
        clock.run(till=d + 1)
    assert [name for name, _ in log] == order


def test_run_on_the_reference_engine_from_the_command_line(capsys):
    import json

    from sim.cli import main

    args = ["run", "baseline", "--reps", "2", "--pupils", "400", "--years", "1", "--json", "--workers", "1"]
    assert main(args + ["--engine", "salabim"]) == 0
    on_salabim = json.loads(capsys.readouterr().out)
    assert on_salabim["engine"] == "salabim" and on_salabim["metrics"]["pupils_in_need_per_year"]["n"] == 2
    assert main(args) == 0
    assert "engine" not in json.loads(capsys.readouterr().out)  # the default engine's output is as it was
    assert main(args + ["--engine", "simpy"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--engine: invalid choice: 'simpy'" in err
