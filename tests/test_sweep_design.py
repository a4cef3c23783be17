"""Experiment files: structure, checks against the parameter schema, one-line errors, designs."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.errors import InputError
from sim.experiment.design import Range, load_experiment, points

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENTS = ROOT / "experiments"


def write(tmp_path, text, name="x.toml"):
    p = tmp_path / name
    p.write_text(text)
    return p


GOOD = """
[experiment]
replications = 2
metrics = ["mean_daily_absence"]
[fixed]
municipality.n_pupils = 300
[vary]
eht.interval_days = [7, 14, 28]
staircase.window = [20, 40]
"""


def test_smoke_experiment_loads_and_checks_against_the_schema():
    exp = load_experiment(EXPERIMENTS / "smoke.toml")
    assert exp.name == "smoke" and exp.scenarios == ["baseline"]
    assert len(points(exp)) == 4 and exp.settings.replications >= 1


@pytest.mark.parametrize("name, design, n_points", [
    ("feedback_turnover_meetings", "factorial", 2 * 5 * 3 * 3),
    ("sensitivity_sobol", "sobol", 512 * (8 + 2)),
])
def test_ready_made_studies_load(name, design, n_points):
    exp = load_experiment(EXPERIMENTS / f"{name}.toml")  # parameters checked against the schema
    assert exp.settings.design == design
    assert "mean_daily_absence" in exp.settings.metrics
    assert "days_to_first_multiagency_contact_median" in exp.settings.metrics
    assert len(points(exp)) == n_points


def test_factorial_design_is_the_full_product_per_scenario(tmp_path):
    exp = load_experiment(write(tmp_path, GOOD.replace("replications = 2", 'replications = 2\nscenario = ["baseline", "baseline.toml"]')
                                .replace('"baseline.toml"', f'"{ROOT / "scenarios" / "baseline.toml"}"')))
    pts = points(exp)
    assert len(pts) == 2 * 3 * 2
    assert [p.index for p in pts] == list(range(12))
    assert pts[0].values == {"eht.interval_days": 7, "staircase.window": 20}
    assert len({p.key for p in pts}) == 12


@pytest.mark.parametrize("design, extra, n", [
    ("lhs", "samples = 10", 10),
    ("sobol", "samples = 8", 8 * (2 + 2)),
    ("sobol", "samples = 8\nsecond_order = true", 8 * (2 * 2 + 2)),
    ("morris", "samples = 5", 5 * (2 + 1)),
])
def test_sampled_designs_are_deterministic_and_in_range(tmp_path, design, extra, n):
    text = f"""
[experiment]
design = "{design}"
{extra}
seed = 3
[vary]
eht.interval_days = {{ low = 7, high = 28 }}
attendance.momentum = {{ low = 0.01, high = 0.2 }}
"""
    exp = load_experiment(write(tmp_path, text))
    assert isinstance(exp.vary["eht.interval_days"], Range)
    a, b = points(exp), points(load_experiment(write(tmp_path, text, "y.toml")))
    assert len(a) == n and [p.values for p in a] == [p.values for p in b]
    days = [p.values["eht.interval_days"] for p in a]
    assert all(isinstance(d, int) and 7 <= d <= 28 for d in days)
    mom = np.array([p.values["attendance.momentum"] for p in a])
    assert mom.min() >= 0.01 and mom.max() <= 0.2


def test_a_salib_problem_table_is_accepted(tmp_path):
    exp = load_experiment(write(tmp_path, """
[experiment]
design = "morris"
samples = 4
[problem]
names = ["eht.interval_days", "attendance.momentum"]
bounds = [[7, 28], [0.0, 0.2]]
"""))
    assert exp.names == ["eht.interval_days", "attendance.momentum"]
    assert exp.problem()["bounds"] == [[7.0, 28.0], [0.0, 0.2]]


@pytest.mark.parametrize("text, needle", [
    ("[vary]\neht.interval_days = [0, 7]", "vary.eht.interval_days"),
    ("[vary]\neht.bogus = [1, 2]", "unknown key 'eht.bogus'"),
    ("[vary]\nnosection.x = [1, 2]", "vary.nosection.x"),
    ("[vary]\neht.interval_days = 7", "vary.eht.interval_days: a factorial design needs a non-empty list"),
    ("[vary]\neht.interval_days = [7, 7]", "values repeat"),
    ("[experiment]\nreplications = 0\n[vary]\neht.interval_days = [7]", "experiment.replications"),
    ("[experiment]\ndesign = \"grid\"\n[vary]\neht.interval_days = [7]", "experiment.design"),
    ("[experiment]\nrepetitions = 3\n[vary]\neht.interval_days = [7]", "unknown key 'experiment.repetitions'"),
    ("[experiment]\nscenario = \"nosuch\"\n[vary]\neht.interval_days = [7]", "unknown scenario 'nosuch'"),
    ("[experiment]\ndesign = \"sobol\"\nsamples = 10\n[vary]\neht.interval_days = {low = 7, high = 28}\nattendance.momentum = {low = 0.0, high = 0.1}", "power of 2"),
    ("[experiment]\ndesign = \"lhs\"\n[vary]\neht.interval_days = {low = 7, high = 28}", "experiment.samples"),
    ("[experiment]\ndesign = \"lhs\"\nsamples = 4\n[vary]\neht.interval_days = [7, 14]", "needs a range"),
    ("[experiment]\ndesign = \"lhs\"\nsamples = 4\n[vary]\neht.interval_days = {low = 28, high = 7}", "low must be a number below high"),
    ("[experiment]\ndesign = \"lhs\"\nsamples = 4\n[vary]\neht.interval_days = {low = 0, high = 7}", "vary.eht.interval_days"),
    ("[fixed]\neht.interval_days = 7\n[vary]\neht.interval_days = [7, 14]", "also set under [fixed]"),
    ("[fixed]\nmunicipality.n_pupils = 5\n[vary]\neht.interval_days = [7, 14]", "fixed"),
    ("[settings]\nx = 1", "unknown table [settings]"),
    ("[experiment]\nseed = 1", "nothing to vary"),
    ("[vary\n", "not valid TOML"),
])
def test_bad_experiment_files_give_one_line_naming_file_and_key(tmp_path, text, needle):
    p = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_experiment(p)
    msg = str(err.value)
    assert needle in msg and str(p) in msg and "\n" not in msg


def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path):
    p = write(tmp_path, "[vary]\neht.interval_days = [0, 7]")
    r = subprocess.run([sys.executable, "-m", "sim.cli", "sweep", str(p), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.startswith("error: ") and str(p) in r.stderr and "vary.eht.interval_days" in r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()
    r = subprocess.run([sys.executable, "-m", "sim.cli", "sweep", str(tmp_path / "missing.toml")], capture_output=True, text=True)
    assert r.returncode == 2 and "no such experiment file" in r.stderr
