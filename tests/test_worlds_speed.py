"""A long comparison over worlds: a worker that runs model after model keeps no finished model,
and the study's lean runs give exactly the metrics of the full path.

The memory test counts live Mesa models (after a full collection) instead of watching the
process's memory, which would be slow and noisy: a worker of a 7,000-run study that kept every
finished model grew by about 5 MiB a run until the kernel killed it (benchmarks/results.md).
Its negative control puts back Mesa's own numbering (a class-level dictionary keyed by model)
and sees every finished model kept.
"""
from __future__ import annotations

import collections
import functools
import itertools
import json

import mesa

from sim.experiment import executors as ex
from sim.experiment.replicate import run_one
from sim.memory import AgentNumbers, forget_finished_models, models_alive
from tests.conftest import make_params

TINY = make_params(municipality=dict(n_pupils=150), calendar=dict(years=1, warmup_years=0)).model_dump()


def test_a_finished_model_is_freed(monkeypatch):
    forget_finished_models()
    before = models_alive()
    for seed in range(3):
        run_one(TINY, seed)
    assert models_alive() == before
    # negative control: Mesa's numbering as shipped (mesa issue #3179) keeps every finished model
    monkeypatch.setattr(mesa.Agent, "_ids", collections.defaultdict(functools.partial(itertools.count, 1)))
    for seed in range(3):
        run_one(TINY, seed)
    assert models_alive() == before + 3


def test_agent_numbers_are_mesas_one_counter_per_model_from_one():
    numbers = AgentNumbers()

    class M:  # any object that can be held weakly
        pass

    a, b = M(), M()
    assert [next(numbers[a]), next(numbers[a]), next(numbers[b]), next(numbers[a])] == [1, 2, 1, 3]
    del a
    assert len(numbers) == 1
    forget_finished_models()
    assert isinstance(mesa.Agent.__dict__["_ids"], AgentNumbers)


def test_same_seed_same_metrics_after_many_runs_in_one_process():
    """A model run after others in the same process gives the metrics of a fresh run (the agent
    numbering and the collector's settings carry nothing from one run to the next)."""
    task = {"run_key": "k", "point": 0, "replicate": 0, "seed": 7, "scenario": "baseline", "params": {},
            "resolved": TINY, "metrics": [], "series": []}
    first = json.dumps(ex.run_task(task)["metrics"], sort_keys=True)  # NaN written alike (not equal as floats)
    for seed in range(2):
        run_one(TINY, seed)
    assert json.dumps(ex.run_task(task)["metrics"], sort_keys=True) == first


def test_a_study_stores_the_metrics_of_the_full_path_and_resumes(tmp_path):
    """Worlds x scenarios run on two worker processes with the lean path (metrics only) store the
    very numbers ``SchoolModel(...).results()["metrics"]`` gives for the same world, scenario and
    seed; two runs removed from the store (an interruption) are run again, and only they."""
    import sqlite3

    import numpy as np

    from sim.experiment.worlds import WorldSet, prior_worlds
    from sim.experiment.worlds_run import build_tasks, run_worlds
    from sim.model import SchoolModel
    from sim.params import Params
    from sim.scenario import load

    names, small = ["baseline", "skifo"], {"municipality.n_pupils": 150, "calendar.years": 1, "calendar.warmup_years": 1}
    scen = [load(n, small) for n in names]
    full = prior_worlds(8, seed=3)
    worlds = WorldSet(full.worlds[:2], full.design, full.spec, full.names, full.unit[:2])
    res = run_worlds(scen, names, names, worlds, 1, 5, tmp_path, overrides=small, workers=2, quiet=True)
    assert (res.ran, res.failed) == (4, 0)
    for t in build_tasks(scen, names, names, worlds, 1, 5, small):
        model = SchoolModel(Params.model_validate(t["resolved"]), seed=t["seed"], scenario=t["scenario"])
        want = model.run().results()["metrics"]
        w, s = divmod(t["point"], len(names))
        got = {m: res.values[m][w, s, 0] for m in res.values}
        assert set(got) == set(want)
        for m, v in want.items():
            assert (np.isnan(got[m]) and (v is None or np.isnan(v))) or got[m] == v, m
    with sqlite3.connect(tmp_path / "results.sqlite") as db:
        db.execute("DELETE FROM runs WHERE run_key IN (SELECT run_key FROM runs LIMIT 2)")
    again = run_worlds(scen, names, names, worlds, 1, 5, tmp_path, overrides=small, workers=2, quiet=True)
    assert (again.skipped, again.ran) == (2, 2)
    for m in res.values:
        np.testing.assert_array_equal(again.values[m], res.values[m])
