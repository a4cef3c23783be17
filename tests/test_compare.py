"""Coordination models as scenarios, and the comparison report."""
import subprocess
import sys

import numpy as np
import pytest

from sim.report.output import write_outputs
from sim.experiment.compare import compare
from sim.model import SchoolModel
from sim.scenario import builtin_names, load

BUILTIN = ["baseline", "skifo", "consultation_team", "research_circle", "school_social_worker", "integrated_team"]
OVERLOAD = "experiments/coordination_overload.toml"
# a small, quick comparison without warm-up (the pairing is tightest when the scenarios start
# from the same state: after a two-year warm-up their pupils' histories differ, and at 400
# pupils and 3 replicates the paired interval was 0.64 of the unpaired one, not under half)
SMALL = {"municipality.n_pupils": 400, "calendar.years": 1, "calendar.warmup_years": 0}


def test_every_scenario_loads_and_sets_only_what_differs():
    assert set(BUILTIN) <= set(builtin_names())
    base = load("baseline").params.model_dump()
    for name in BUILTIN[1:] + [OVERLOAD]:
        sc = load(name)
        assert sc.description and sc.description_sv
        assert sc.params.model_dump() != base


@pytest.mark.parametrize("name", BUILTIN + [OVERLOAD])
def test_every_scenario_runs(name):
    m = SchoolModel(load(name, SMALL).params, seed=2)
    m.run()
    metrics = m.results()["metrics"]
    assert 0.01 < metrics["mean_daily_absence"] < 0.2
    if name not in ("baseline", "school_social_worker"):
        assert metrics["staff_meeting_hours"] > 0


def test_common_random_numbers_across_scenarios():
    a = SchoolModel(load("baseline").params, seed=9)
    b = SchoolModel(load("integrated_team").params, seed=9)
    for attr in ("individual_risk", "family_risk", "low_resource", "illness_level", "grade"):
        assert np.array_equal(getattr(a.pop, attr), getattr(b.pop, attr))
    a.run(days=40)
    b.run(days=40)  # before the first help arrives, the same pupils fall ill and meet the same life events
    assert np.array_equal(a.pop.absent, b.pop.absent)
    starts = lambda m: [(d, p) for d, p, e in zip(m.log.column("day"), m.log.column("pupil"), m.log.column("event")) if e == "episode_start"]  # noqa: E731
    assert starts(a) == starts(b) and len(starts(a)) > 20


@pytest.fixture(scope="module")
def small_comparison():
    return compare(["baseline", "skifo"], reps=3, seed=4, workers=2, overrides=SMALL)


@pytest.mark.parametrize("lang, words", [("en", ["Summary", "Key results", "reading", "days since onset"]),
                                         ("sv", ["Sammanfattning", "Viktiga resultat", "dagar", "Stuprör"])])
def test_report_builds_in_english_and_swedish(small_comparison, tmp_path, lang, words):
    report = write_outputs(small_comparison, tmp_path, lang=lang)
    html = report.read_text()
    assert f"lang='{lang}'" in html
    assert html.count("data:image/png;base64,") == 6
    assert "http://" not in html and "https://" not in html  # opens offline
    for w in words[:2]:
        assert w in html
    assert (tmp_path / "runs.csv").read_text().count("\n") == 1 + 2 * 3
    assert (tmp_path / "summary.json").exists()
    other = "sv" if lang == "en" else "en"
    assert (tmp_path / f"report.{other}.html").exists()


def test_pairing_narrows_the_interval(small_comparison):
    d = small_comparison.difference("skifo", "mean_daily_absence")
    assert d.paired[1] - d.paired[0] < 0.5 * (d.unpaired[1] - d.unpaired[0])


def test_skifo_sooner_and_overload_worse_than_the_silo():
    """Process, not benefit: how soon several agencies are in contact (tests/test_benefit.py
    checks what that does for the pupils)."""
    comp = compare(["baseline", "skifo", OVERLOAD], reps=10, seed=3, workers=2)
    sk = comp.difference("skifo", "days_without_multiagency_contact_first_year")
    assert sk.mean < -30 and sk.paired[1] < 0
    over = comp.difference("coordination_overload", "days_without_multiagency_contact_first_year")
    assert over.mean > 0 and over.paired[0] > 0  # collaboration that delays help (001 L667-675)


def test_bad_scenario_name_is_one_line_with_the_known_ones():
    r = subprocess.run([sys.executable, "-m", "sim.cli", "compare", "baseline", "nosuch"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "known scenarios" in r.stderr and "skifo" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
