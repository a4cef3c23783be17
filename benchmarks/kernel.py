"""The attendance kernel alone: ``Population.attend`` driven day by day.

The draws come from the same named streams and in the same shapes as in
:meth:`sim.model.SchoolModel.step`; there is no school response (no support starts), so this
is the workload the naive reference (:mod:`benchmarks.naive`) reproduces pupil by pupil.
"""
from __future__ import annotations

import time

import numpy as np

from sim import calendar as cal
from sim.params import Params
from sim.population import Population
from sim.rng import Streams


def school_days(params: Params) -> np.ndarray:
    c = params.calendar
    return cal.build(c.start_year, c.years, c.school_days_per_year, c.sports_break_week).school_days()


def run_kernel(params: Params, seed: int, n_days: int | None = None, timing: dict | None = None) -> tuple[Population, int]:
    """Run the kernel over the first ``n_days`` school days (default: the whole calendar);
    returns the population and the number of school days run.

    With ``timing`` (a dict), adds ``setup``, ``draws`` and ``attend`` seconds to it.
    """
    t0 = time.perf_counter()
    streams = Streams(seed)
    pop = Population(params, streams["population"])
    pop.prepare_year()
    days = school_days(params)
    if n_days is not None:
        days = days[:n_days]
    att = streams["attendance"]
    t_draw = t_att = 0.0
    t1 = time.perf_counter()
    for d in days.tolist():
        ta = time.perf_counter()
        u = pop.day_draws(att)
        tb = time.perf_counter()
        pop.attend(d, u)
        tc = time.perf_counter()
        t_draw += tb - ta
        t_att += tc - tb
    if timing is not None:
        timing["setup"] = timing.get("setup", 0.0) + (t1 - t0)
        timing["draws"] = timing.get("draws", 0.0) + t_draw
        timing["attend"] = timing.get("attend", 0.0) + t_att
    return pop, len(days)
