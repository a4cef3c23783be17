"""Scale and time invariance (issue 15, item 5): per-pupil outcomes do not depend on the size of
the municipality or on when in a long run they are measured.

Statistical tests, deterministic under their fixed seeds (root seed 15, replicate seeds from
``replicate_seed``). Each compares a per-pupil outcome between two settings by the 95 %
t-intervals of their means over replicates: they *agree* when the means differ by no more than
the sum of the two half-widths (their intervals overlap; see :func:`agree`). Each
test has a negative control - a setting the same comparison must tell apart - so that it
cannot pass merely because its intervals are wide.

Run time (2 cores, pure Python): about 3 minutes for the module.
"""
from __future__ import annotations

import numpy as np
import pytest

from sim.experiment.replicate import mean_ci, replicate_seed, run_many
from sim.followup import FOLLOW_UP_DAYS
from sim.model import SchoolModel
from sim import caselog as ev
from sim.outcomes import aalen_johansen, case_table, cif_at, effective_help_events, needy_cases, rmst, waits
from sim.params import Params
from sim.scenario import load

SEED = 15
WORKERS = 2


def _half(ci: dict) -> float:
    return (ci["ci95"][1] - ci["ci95"][0]) / 2


def agree(a: dict, b: dict) -> bool:
    """Two means agree when their 95 % intervals overlap (a conservative test: for equal widths
    a difference this large arises by chance in about 0.6 % of comparisons, so the dozens of
    comparisons below rarely raise a false alarm)."""
    return abs(a["mean"] - b["mean"]) <= _half(a) + _half(b)


def _metrics(args: tuple) -> dict:
    params, seed = args
    model = SchoolModel(Params.model_validate(params), seed=seed)
    model.run()
    return model.results()["metrics"]


# ------------------------------------------------------------------ size
# Replicates inversely proportional to size: each size simulates 25,600 pupils per scenario.
# (Was 12,800: with 4 runs at 6,400 pupils the grade profile's new draws put baseline's share
# helped effectively at 0.795 vs 0.840 at 1,600 - a chance draw: over 32 / 128 runs the means
# are 0.807 / 0.814 (+-0.0035), as on the branch without the profile, 0.804 / 0.807.)
SIZES = {800: 32, 1600: 16, 6400: 8}
SIZE_METRICS = ("absence_days_per_pupil_in_need", "share_effective_help_365d")
PROCESS = "days_without_multiagency_contact_first_year"  # the old headline: a process measure


def size_runs(pupils: int, reps: int, scenarios=("baseline", "skifo"), **overrides) -> list[list[dict]]:
    """The metrics of ``reps`` runs of each scenario at ``pupils`` (2 warm-up, 2 measured years)."""
    settings = {"municipality.n_pupils": pupils, **overrides}
    params = {s: load(s, settings).params.model_dump() for s in scenarios}
    seeds = [replicate_seed(SEED, r) for r in range(reps)]
    res = run_many([(params[s], sd) for s in scenarios for sd in seeds], workers=WORKERS, task=_metrics)
    return [res[i * reps:(i + 1) * reps] for i in range(len(scenarios))]


def size_outcomes(base: list[dict], skifo: list[dict]) -> dict[str, dict]:
    """Per-pupil outcomes of baseline and skifo, skifo's school days regained per pupil in need
    (baseline minus skifo, paired), its gain in effective help and its process gain."""
    out = {f"{s}:{k}": mean_ci(m[k] for m in runs) for s, runs in (("baseline", base), ("skifo", skifo))
           for k in (*SIZE_METRICS, PROCESS)}
    out["school_days_regained"] = mean_ci(b["absence_days_per_pupil_in_need"] - k["absence_days_per_pupil_in_need"]
                                          for b, k in zip(base, skifo))
    out["effective_help_gained"] = mean_ci(k["share_effective_help_365d"] - b["share_effective_help_365d"]
                                           for b, k in zip(base, skifo))
    out["process_gain_days"] = mean_ci(k[PROCESS] - b[PROCESS] for b, k in zip(base, skifo))
    return out


@pytest.fixture(scope="module")
def runs_by_size() -> dict[int, list[list[dict]]]:
    return {pupils: size_runs(pupils, reps) for pupils, reps in SIZES.items()}


@pytest.fixture(scope="module")
def by_size(runs_by_size) -> dict[int, dict[str, dict]]:
    return {pupils: size_outcomes(*runs) for pupils, runs in runs_by_size.items()}


def test_per_pupil_outcomes_do_not_depend_on_the_size(by_size):
    """baseline and skifo at 800 and 6,400 pupils agree with 1,600 on absence days per pupil in
    need, the share helped effectively within a year, the process measure, and skifo's gains
    over the silo (before issue 15 skifo's process gain was -148 / -123 / -55 days at 800 /
    1,600 / 6,400 pupils)."""
    ref = by_size[1600]
    assert ref["school_days_regained"]["mean"] > 0  # skifo does regain school days: there is a gain to compare
    for pupils in (800, 6400):
        for name, ci in by_size[pupils].items():
            assert agree(ci, ref[name]), (pupils, name, ci, ref[name])


def test_negative_control_a_forum_that_does_not_grow_is_detected(runs_by_size, by_size):
    """The same comparison tells apart a forum that decides a quarter of skifo's cases per pupil
    at 6,400 pupils (``forum_capacity`` 6 cases a meeting for the whole municipality, as before
    issue 15, instead of 24). Its outcome gains shrink too, but within this test's intervals:
    the process gain is what the comparison detects at these replications."""
    (small_forum,) = size_runs(6400, SIZES[6400], ("skifo",), **{"coordination.forum_capacity": 1.5})
    unscaled = size_outcomes(runs_by_size[6400][0], small_forum)
    assert not agree(unscaled["process_gain_days"], by_size[1600]["process_gain_days"])
    assert unscaled["school_days_regained"]["mean"] < by_size[6400]["school_days_regained"]["mean"]


# ------------------------------------------------------------------ time
TIME_REPS = 10
TIME_PUPILS = 1600


def cohort_outcomes(model: SchoolModel, first: int, last: int) -> dict[str, float]:
    """Absence days per pupil in need, the share effectively helped within 365 days and the
    process measure (days without multi-agency contact in the first year), for the pupils in
    need whose onset falls on days ``first`` .. ``last - 1`` (each followed a full year)."""
    table = model.followup.table()
    keep = (table["onset"] >= first) & (table["onset"] < last)
    assert np.all(table["onset"][keep] + FOLLOW_UP_DAYS <= model.day)  # followed a full year
    cohort = {k: v[keep] for k, v in table.items()}
    t, e = effective_help_events(cohort, model.day)
    times, cif = aalen_johansen(t, e, 1)
    needy = needy_cases(model, case_table(model))
    needy = {k: v[(needy["onset"] >= first) & (needy["onset"] < last)] for k, v in needy.items()}
    waited, observed = waits(model, {ev.MULTIAGENCY}, needy)
    return {"absence_days_per_pupil_in_need": float(cohort["absent"].mean()),
            "share_effective_help_365d": cif_at(times, cif, FOLLOW_UP_DAYS),
            PROCESS: rmst(waited, observed, 365.0)}


def _by_year(args: tuple) -> list[dict[str, float]]:
    """Cohort outcomes of each school year of one run without warm-up but the last (whose
    onsets are not followed a full year)."""
    params, seed = args
    model = SchoolModel(Params.model_validate(params), seed=seed)
    assert model.measure_from_day == 0  # every year's pupils in need are followed
    model.run()
    year = model.calendar.year
    starts = [int(np.flatnonzero(year == y)[0]) for y in range(int(year.max()) + 1)]
    return [cohort_outcomes(model, a, b) for a, b in zip(starts[:-1], starts[1:])]


@pytest.fixture(scope="module")
def by_year() -> list[dict[str, dict]]:
    return year_outcomes()


def year_outcomes() -> list[dict[str, dict]]:
    """Per year of a six-year run without warm-up, the cohort outcomes of baseline and skifo
    and skifo's gains, over ``TIME_REPS`` replicates (years 1-5: year 6 only follows up)."""
    settings = {"municipality.n_pupils": TIME_PUPILS, "calendar.warmup_years": 0, "calendar.years": 6}
    params = {s: load(s, settings).params.model_dump() for s in ("baseline", "skifo")}
    seeds = [replicate_seed(SEED, r) for r in range(TIME_REPS)]
    res = run_many([(params[s], sd) for s in ("baseline", "skifo") for sd in seeds], workers=WORKERS, task=_by_year)
    base, skifo = res[:TIME_REPS], res[TIME_REPS:]
    out = []
    for y in range(len(base[0])):
        row = {f"{s}:{k}": mean_ci(r[y][k] for r in runs) for s, runs in (("baseline", base), ("skifo", skifo))
               for k in (*SIZE_METRICS, PROCESS)}
        row["process_gain_days"] = mean_ci(k[y][PROCESS] - b[y][PROCESS] for b, k in zip(base, skifo))
        row["school_days_regained"] = mean_ci(b[y]["absence_days_per_pupil_in_need"] - k[y]["absence_days_per_pupil_in_need"]
                                              for b, k in zip(base, skifo))
        row["effective_help_gained"] = mean_ci(k[y]["share_effective_help_365d"] - b[y]["share_effective_help_365d"]
                                               for b, k in zip(base, skifo))
        out.append(row)
    return out


def test_outcomes_of_the_measured_years_agree(by_year):
    """After the default two-year warm-up, the cohorts of the measured years agree: the run's
    years 3, 4 and 5 (measured years 1, 2 and 3) on every outcome and gain."""
    assert Params().calendar.warmup_years == 2
    for a, b in ((2, 3), (3, 4), (2, 4)):
        for name, ci in by_year[a].items():
            assert agree(ci, by_year[b][name]), (a + 1, b + 1, name, ci, by_year[b][name])


def test_negative_control_the_comparison_tells_the_silo_from_skifo(by_year):
    """The same comparison, in the same measured years, tells the silo from skifo on the
    process measure (days without multi-agency contact in the first year): the intervals are
    narrow enough for a policy's difference, so agreement between years is not for want of
    precision. (The first year of a run without warm-up differs on the process gain by about 20
    days, -121 against -134 to -145, but within these intervals; see docs/ODD.md, Warm-up.)"""
    for year in by_year[2:]:
        assert not agree(year[f"baseline:{PROCESS}"], year[f"skifo:{PROCESS}"])
        assert year["process_gain_days"]["ci95"][1] < 0
