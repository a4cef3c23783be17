"""Sensitivity analysis through the whole sweep machinery, on cheap functions with known answers."""
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim.experiment import analysis as an
from sim.experiment.design import load_experiment
from sim.experiment.store import Store
from sim.experiment.sweep import run_sweep
from sim.experiment.sweep_report import write_report

# Three real parameters stand in for the inputs of the test functions, each mapped to [0, 1].
BOUNDS = {"attendance.momentum": (0.0, 1.0), "attendance.risk_sd": (0.0, 2.0), "attendance.recovery_below": (0.0, 0.5)}


def unit(params):
    out = []
    for name, (lo, hi) in BOUNDS.items():
        sec, key = name.split(".")
        out.append((params[sec][key] - lo) / (hi - lo))
    return out


def ishigami_runner(params, seed, scenario, full=False):
    """The Ishigami function (a = 7, b = 0.1) on [-pi, pi]^3."""
    x1, x2, x3 = (-math.pi + 2 * math.pi * u for u in unit(params))
    y = math.sin(x1) + 7 * math.sin(x2) ** 2 + 0.1 * x3 ** 4 * math.sin(x1)
    return {"seed": seed, "metrics": {"y": y}}


def linear_runner(params, seed, scenario, full=False):
    a, b, c = unit(params)
    return {"seed": seed, "metrics": {"y": 4 * a + 2 * b + 0 * c}}


def write(tmp_path, design, samples, name):
    ranges = "\n".join(f"{k} = {{ low = {lo}, high = {hi} }}" for k, (lo, hi) in BOUNDS.items())
    p = tmp_path / f"{name}.toml"
    p.write_text(f'[experiment]\ndesign = "{design}"\nsamples = {samples}\nseed = 3\nmetrics = ["y"]\n[vary]\n{ranges}\n')
    return load_experiment(p)


def test_sobol_recovers_the_ishigami_indices(tmp_path):
    exp = write(tmp_path, "sobol", 1024, "ishigami")
    res = run_sweep(exp, tmp_path / "o", workers=1, quiet=True, runner=ishigami_runner, batch=256)
    assert res.ran == 1024 * 5 and res.failed == 0
    rep = write_report(tmp_path / "o")
    si = pd.read_csv(rep / "sobol.csv").set_index("parameter")
    names = list(BOUNDS)
    # analytic values (Ishigami & Homma 1990; Saltelli et al. 2008)
    np.testing.assert_allclose(si.loc[names, "S1"], [0.3139, 0.4424, 0.0], atol=0.05)
    np.testing.assert_allclose(si.loc[names, "ST"], [0.5576, 0.4424, 0.2437], atol=0.05)
    assert (si["S1_conf"] > 0).all() and (si["ST_conf"] < 0.1).all()
    assert (rep / "sobol_baseline_y.png").stat().st_size > 0
    assert "Sobol" in (rep / "report.md").read_text()


def test_morris_recovers_the_effects_of_a_linear_function(tmp_path):
    exp = write(tmp_path, "morris", 20, "linear")
    run_sweep(exp, tmp_path / "o", workers=1, quiet=True, runner=linear_runner, batch=100)
    rep = write_report(tmp_path / "o")
    mi = pd.read_csv(rep / "morris.csv").set_index("parameter")
    np.testing.assert_allclose(mi.loc[list(BOUNDS), "mu_star"], [4.0, 2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(mi.loc[list(BOUNDS), "sigma"], [0.0, 0.0, 0.0], atol=1e-9)
    assert (rep / "morris_baseline_y.png").stat().st_size > 0


def test_report_of_a_factorial_sweep_with_a_failure(tmp_path):
    from .test_sweep_run import experiment, flaky_runner

    exp = load_experiment(experiment(tmp_path, reps=3))
    run_sweep(exp, tmp_path / "o", workers=1, quiet=True, runner=flaky_runner)
    r = subprocess.run([sys.executable, "-m", "sim.cli", "sweep-report", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rep = tmp_path / "o" / "report"
    by_point = pd.read_csv(rep / "by_point.csv")
    assert list(by_point["point"]) == [0, 1] and (by_point["runs"] == 3).all()
    resp = pd.read_csv(rep / "response.csv")
    w = resp[(resp.parameter == "staircase.window") & (resp.metric == "mean_daily_absence")]
    assert list(w["value"]) == [20.0, 40.0] and (w["lo"] <= w["mean"]).all() and (w["mean"] <= w["hi"]).all()
    assert (rep / "response_mean_daily_absence.png").stat().st_size > 0
    text = (rep / "report.md").read_text()
    assert "Failed runs" in text and "the model broke" in text
    with Store(tmp_path / "o") as s:
        assert len(an.runs_frame(s)) == 12
    r = subprocess.run([sys.executable, "-m", "sim.cli", "sweep-report", str(tmp_path / "nothing")], capture_output=True, text=True)
    assert r.returncode == 2 and "no sweep here" in r.stderr


def test_mean_ci_and_sampled_responses():
    m, lo, hi, n = an.mean_ci(np.array([1.0, 2.0, 3.0, np.nan]))
    assert (m, n) == (2.0, 3) and lo < 2.0 < hi
    df = pd.DataFrame({"status": "ok", "scenario": "baseline", "x": np.linspace(0, 1, 80), "y": np.linspace(0, 1, 80) * 2})
    resp = an.response(df, "x", "y", discrete=False, bins=8)
    assert len(resp) == 8 and resp["mean"].is_monotonic_increasing
    assert resp["value"].between(0, 1).all()


@pytest.mark.parametrize("metric, unit", [("days_to_detection_median", "calendar days"), ("mean_daily_absence", "fraction of school days"),
                                          ("share_absence_over_15pct", "fraction of pupils")])
def test_metric_units_label_the_axes(metric, unit):
    from sim.experiment.sweep_report import metric_unit

    assert metric_unit(metric) == unit
