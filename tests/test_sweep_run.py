"""Sweeps: one row per run, resumable after a kill, identical on every executor, failures recorded."""
import math
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

from sim.errors import InputError
from sim.experiment.design import load_experiment
from sim.experiment.store import Store
from sim.experiment.sweep import run_sweep

SAMSIM = [sys.executable, "-m", "sim.cli"]

SMALL = """
[experiment]
replications = {reps}
seed = 5
metrics = ["mean_daily_absence", "days_to_detection_median", "days_to_school_measure_median"]
[fixed]
municipality.n_pupils = {pupils}
[vary]
eht.interval_days = [7, 21]
staircase.window = [20, 40]
"""


def experiment(tmp_path, reps=2, pupils=300, name="small.toml"):
    p = tmp_path / name
    p.write_text(SMALL.format(reps=reps, pupils=pupils))
    return p


def table(directory) -> pd.DataFrame:
    """The result table without what legitimately differs between sweeps (timings)."""
    with Store(directory) as s:
        rows = s.runs()
    df = pd.DataFrame([{**{k: r[k] for k in ("run_key", "point", "replicate", "seed", "scenario", "status", "error")},
                        "params": repr(sorted(r["params"].items())), **r["metrics"]} for r in rows])
    return df.sort_values("run_key").reset_index(drop=True)


def db_rows(path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    except sqlite3.Error:
        return 0


def cheap_runner(params, seed, scenario, full=False):
    """A stand-in for the model where only the sweep's bookkeeping is under test."""
    return {"seed": seed, "metrics": {"mean_daily_absence": (seed % 1000) / 1000 + params["eht"]["interval_days"] / 1e4,
                                      "days_to_detection_median": float(params["staircase"]["window"]),
                                      "days_to_school_measure_median": math.nan}}


# ----------------------------------------------------------------------------- store and resume
def test_one_row_per_run_and_a_rerun_runs_nothing(tmp_path):
    exp = load_experiment(experiment(tmp_path))
    first = run_sweep(exp, tmp_path / "o", workers=1, quiet=True, runner=cheap_runner)
    assert (first.total, first.ran, first.skipped, first.failed) == (8, 8, 0, 0)
    again = run_sweep(exp, tmp_path / "o", workers=1, quiet=True, resume=True, runner=cheap_runner)
    assert (again.ran, again.skipped) == (0, 8)
    df = table(tmp_path / "o")
    assert len(df) == 8 and df["run_key"].is_unique and (df["status"] == "ok").all()
    assert sorted(zip(df["point"], df["replicate"])) == [(p, r) for p in range(4) for r in range(2)]
    # common random numbers: replicate r has the same seed at every point
    assert df.groupby("replicate")["seed"].nunique().eq(1).all()
    assert df["mean_daily_absence"].between(0, 1).all()
    with Store(tmp_path / "o") as s:
        assert s.get_meta("name") == "small" and len(s.points()) == 4
        assert all(r["duration_s"] > 0 for r in s.runs())


def test_a_sweep_point_is_the_same_run_as_samsim_run(tmp_path):
    exp = load_experiment(experiment(tmp_path, reps=1))
    run_sweep(exp, tmp_path / "o", workers=1, quiet=True)
    row = table(tmp_path / "o").query("point == 1").iloc[0]
    out = subprocess.run([*SAMSIM, "run", "baseline", "--seed", "5", "--pupils", "300", "--set", "staircase.window=40",
                          "--json"], capture_output=True, text=True, check=True).stdout
    import json

    assert json.loads(out)["metrics"]["mean_daily_absence"]["mean"] == row["mean_daily_absence"]


def test_another_experiment_in_the_same_directory_is_refused(tmp_path):
    run_sweep(load_experiment(experiment(tmp_path)), tmp_path / "o", workers=1, quiet=True, runner=cheap_runner)
    other = load_experiment(experiment(tmp_path, reps=3, name="other.toml"))
    with pytest.raises(InputError, match="another experiment"):
        run_sweep(other, tmp_path / "o", workers=1, quiet=True, runner=cheap_runner)
    with pytest.raises(InputError, match="no sweep to resume"):
        run_sweep(other, tmp_path / "fresh", workers=1, quiet=True, resume=True, runner=cheap_runner)


# ----------------------------------------------------------------------------- failing runs
def flaky_runner(params, seed, scenario, full=False):
    """A stand-in model that fails at the fortnightly EHT and is cheap everywhere else."""
    if params["eht"]["interval_days"] == 21:
        raise RuntimeError("the model broke")
    return {"seed": seed, "metrics": {"mean_daily_absence": params["staircase"]["window"] / 1000 + seed % 7 / 1e6,
                                      "days_to_detection_median": math.nan, "days_to_school_measure_median": 1.0}}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tmp_path, workers):
    exp = load_experiment(experiment(tmp_path))
    res = run_sweep(exp, tmp_path / "o", workers=workers, quiet=True, runner=flaky_runner)
    assert (res.ran, res.failed) == (8, 4)
    df = table(tmp_path / "o")
    bad = df[df["status"] == "error"]
    assert len(bad) == 4 and set(bad["point"]) == {2, 3}
    assert bad["error"].str.contains("RuntimeError: the model broke").all()
    good = df[df["status"] == "ok"]
    assert len(good) == 4 and good["days_to_detection_median"].isna().all()  # NaN survives the store
    # a re-run skips the failed runs too, unless asked to try them again (then they fail again)
    assert run_sweep(exp, tmp_path / "o", workers=1, quiet=True, runner=flaky_runner).ran == 0
    again = run_sweep(exp, tmp_path / "o", workers=1, quiet=True, runner=flaky_runner, retry_failed=True)
    assert (again.ran, again.failed) == (4, 4) and len(table(tmp_path / "o")) == 8


def test_an_unknown_metric_is_an_input_error(tmp_path):
    p = tmp_path / "m.toml"
    p.write_text(SMALL.format(reps=1, pupils=300).replace('"days_to_detection_median"', '"no_such_metric"'))
    with pytest.raises(InputError, match=r"experiment.metrics: the model has no metric 'no_such_metric'"):
        run_sweep(load_experiment(p), tmp_path / "o", workers=1, quiet=True)
    assert Store.exists(tmp_path / "o")
    with Store(tmp_path / "o") as s:
        assert s.counts() == {"ok": 0, "error": 0}


# ----------------------------------------------------------------------------- executors and kills
def sweep_cli(exp, out, *args, check=True):
    return subprocess.run([*SAMSIM, "sweep", str(exp), "--out", str(out), *args], capture_output=True, text=True, check=check)


def test_same_table_sequentially_on_processes_and_on_a_local_dask_cluster(tmp_path):
    exp = experiment(tmp_path, reps=2, pupils=100)
    sweep_cli(exp, tmp_path / "seq", "--workers", "1")
    sweep_cli(exp, tmp_path / "proc", "--workers", "2", "--batch", "1")
    r = sweep_cli(exp, tmp_path / "dask", "--dask-local", "2", "--batch", "2")
    assert "local Dask cluster of 2 workers" in r.stdout
    seq = table(tmp_path / "seq")
    assert len(seq) == 8 and (seq["status"] == "ok").all()
    pd.testing.assert_frame_equal(seq, table(tmp_path / "proc"))
    pd.testing.assert_frame_equal(seq, table(tmp_path / "dask"))
    for d in ("seq", "proc", "dask"):
        csv = pd.read_csv(tmp_path / d / "runs.csv")
        assert len(csv) == 8 and {"eht.interval_days", "mean_daily_absence", "seed", "status"} <= set(csv.columns)
        assert len(pd.read_parquet(tmp_path / d / "runs.parquet")) == 8


def kill_halfway(cmd, db, at_least, total):
    """Start a sweep, SIGKILL it once ``at_least`` runs are stored; return how many were."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while db_rows(db) < at_least and time.time() < deadline and proc.poll() is None:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = db_rows(db)
    assert at_least <= stored < total, f"the sweep was not killed halfway ({stored} of {total} stored)"
    return stored


def test_a_sweep_killed_halfway_resumes_to_the_same_table(tmp_path):
    exp = experiment(tmp_path, reps=3, pupils=100)  # 12 runs of the model
    out = tmp_path / "killed"
    stored = kill_halfway([*SAMSIM, "sweep", str(exp), "--out", str(out), "--workers", "2", "--batch", "1", "--quiet"],
                          out / "results.sqlite", 3, 12)
    r = sweep_cli(exp, out, "--workers", "2", "--resume")
    assert f"{stored} already stored" in r.stdout
    run_sweep(load_experiment(exp), tmp_path / "whole", workers=1, quiet=True)
    whole = table(tmp_path / "whole")
    assert len(whole) == 12 and whole["run_key"].is_unique
    pd.testing.assert_frame_equal(table(out), whole)


def slow_runner(params, seed, scenario, full=False):
    """The stand-in, slow enough to be killed in the middle of a sweep."""
    time.sleep(0.02)
    return cheap_runner(params, seed, scenario, full)


@pytest.mark.parametrize("workers", [1, 2])
def test_kills_at_any_moment_lose_and_duplicate_nothing(tmp_path, workers):
    exp = experiment(tmp_path, reps=25)  # 100 runs of the stand-in
    out = tmp_path / "killed"
    code = ("import sys; from tests.test_sweep_run import slow_runner; from sim.experiment.design import load_experiment; "
            "from sim.experiment.sweep import run_sweep; "
            f"run_sweep(load_experiment(sys.argv[1]), sys.argv[2], workers={workers}, batch=3, quiet=True, runner=slow_runner)")
    cmd = [sys.executable, "-c", code, str(exp), str(out)]
    first = kill_halfway(cmd, out / "results.sqlite", 10, 100)
    second = kill_halfway(cmd, out / "results.sqlite", first + 10, 100)  # killed twice
    res = run_sweep(load_experiment(exp), out, workers=workers, quiet=True, runner=slow_runner, resume=True)
    assert res.skipped == second and res.ran == 100 - second
    run_sweep(load_experiment(exp), tmp_path / "whole", workers=1, batch=50, quiet=True, runner=slow_runner)
    whole = table(tmp_path / "whole")
    assert len(whole) == 100 and whole["run_key"].is_unique
    pd.testing.assert_frame_equal(table(out), whole)


def test_a_corrected_file_can_reuse_a_directory_where_nothing_ran(tmp_path):
    p = tmp_path / "m.toml"
    p.write_text(SMALL.format(reps=1, pupils=300).replace('"days_to_detection_median"', '"no_such_metric"'))
    with pytest.raises(InputError):
        run_sweep(load_experiment(p), tmp_path / "o", workers=1, quiet=True, runner=cheap_runner)
    p.write_text(SMALL.format(reps=1, pupils=300))
    assert run_sweep(load_experiment(p), tmp_path / "o", workers=1, quiet=True, runner=cheap_runner).ran == 4
