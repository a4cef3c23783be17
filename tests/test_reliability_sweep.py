"""Sweeps under hostile conditions (issue 19): a worker killed mid-sweep, two experiments racing
for one directory, two sweeps of one experiment sharing it, damaged stores."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.errors import InputError
from sim.experiment.design import load_experiment
from sim.experiment.store import Store
from sim.experiment.sweep import run_sweep
from tests.test_sweep_run import SAMSIM, cheap_runner, experiment, table

KILL_FLAG = "SAMSIM_TEST_KILL_FLAG"


def killing_runner(params, seed, scenario, full=False):
    """The cheap stand-in, except that the first run of point (21, 40) kills its own worker
    process with SIGKILL - as the kernel's out-of-memory killer would."""
    flag = Path(os.environ[KILL_FLAG])
    if params["eht"]["interval_days"] == 21 and params["staircase"]["window"] == 40 and not flag.exists():
        flag.write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return cheap_runner(params, seed, scenario, full)


def test_a_killed_worker_fails_its_runs_the_sweep_goes_on_and_retry_completes_them(tmp_path, monkeypatch):
    monkeypatch.setenv(KILL_FLAG, str(tmp_path / "killed"))
    exp = load_experiment(experiment(tmp_path, reps=3))
    res = run_sweep(exp, tmp_path / "k", workers=2, batch=1, quiet=True, runner=killing_runner)
    assert (tmp_path / "killed").exists(), "the worker was not killed: the test would pass by accident"
    # the killed run fails; a run in flight on the other worker when the pool broke may fail with
    # it (a broken process pool does not say which worker died) - at most one more
    assert res.total == 12 and 1 <= res.failed <= 2
    with Store(tmp_path / "k") as s:
        runs = s.runs()
        assert s.owners() == []  # the sweep let go of the store
    bad = [r for r in runs if r["status"] == "error"]
    assert len(runs) == 12 and len(bad) == res.failed
    assert all("SIGKILL" in r["error"] for r in bad)
    assert {"eht.interval_days": 21, "staircase.window": 40} in [r["params"] for r in bad]
    again = run_sweep(exp, tmp_path / "k", workers=2, batch=1, quiet=True, retry_failed=True, runner=killing_runner)
    assert (again.ran, again.failed) == (res.failed, 0)
    ref = run_sweep(exp, tmp_path / "ref", workers=1, quiet=True, runner=cheap_runner)
    assert ref.failed == 0
    assert table(tmp_path / "k").equals(table(tmp_path / "ref"))


def test_a_store_claimed_by_a_live_sweep_of_another_experiment_is_refused(tmp_path):
    """The race the old check lost: the first sweep has claimed the store but stored no run yet."""
    first = Store(tmp_path / "o")
    first.claim("aaaa", {"name": "a"}, [])
    with Store(tmp_path / "o") as second:
        with pytest.raises(InputError, match="another experiment .* is writing this store"):
            second.claim("bbbb", {"name": "b"}, [])
        second.claim("aaaa", {"name": "a"}, [])  # the same experiment shares the store
    first.close()
    with Store(tmp_path / "o") as s:
        assert s.owners() == [] and s.get_meta("name") == "a"


def test_a_dead_owner_is_stale(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    with Store(tmp_path / "o") as s:
        s.claim("aaaa", {"name": "a"}, [])
        s.db.execute("UPDATE owners SET pid = ?", (proc.pid,))  # its owner is gone (killed, say)
        s.token = None
    with Store(tmp_path / "o") as s:
        s.claim("bbbb", {"name": "b"}, [])  # nothing stored and the owner dead: the store is free
        assert s.get_meta("name") == "b" and len(s.owners()) == 1


def _sweep(path, out):
    return subprocess.Popen([*SAMSIM, "sweep", str(path), "--out", str(out), "--workers", "1", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_experiments_started_at_once_into_one_directory(tmp_path):
    a = experiment(tmp_path, reps=1, pupils=100, name="a.toml")
    b = tmp_path / "b.toml"
    b.write_text(a.read_text().replace("[7, 21]", "[7, 14]"))
    procs = [_sweep(a, tmp_path / "o"), _sweep(b, tmp_path / "o")]
    outs = [p.communicate(timeout=600) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 2], outs
    loser = outs[[p.returncode for p in procs].index(2)][1]
    assert len(loser.strip().splitlines()) == 1 and "Traceback" not in loser and str(tmp_path / "o") in loser
    winner = ["a", "b"][[p.returncode for p in procs].index(0)]
    with Store(tmp_path / "o") as s:
        assert s.get_meta("name") == winner
        runs = s.runs()
        assert s.owners() == []
    assert len(runs) == 4 and len({r["run_key"] for r in runs}) == 4


def test_two_sweeps_of_one_experiment_share_the_store_without_duplicates(tmp_path):
    a = experiment(tmp_path, reps=1, pupils=100)
    procs = [_sweep(a, tmp_path / "o"), _sweep(a, tmp_path / "o")]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with sqlite3.connect(tmp_path / "o" / "results.sqlite") as db:
        n, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT point || '-' || replicate) FROM runs").fetchone()
    assert n == distinct == 4


def test_the_store_is_strict_json_and_reads_null_back_as_nan(tmp_path):
    exp = load_experiment(experiment(tmp_path, reps=1))
    run_sweep(exp, tmp_path / "o", workers=1, quiet=True, runner=cheap_runner)  # one metric is NaN in every run
    with sqlite3.connect(tmp_path / "o" / "results.sqlite") as db:
        texts = [r[0] for r in db.execute("SELECT metrics FROM runs")]
    assert texts and all("NaN" not in t and '"days_to_school_measure_median": null' in t for t in texts)
    df = table(tmp_path / "o")
    assert df["days_to_school_measure_median"].isna().all() and df["mean_daily_absence"].notna().all()


def test_workers_above_the_cores_are_capped_with_a_one_line_note(capsys):
    from sim.errors import available_cores, cap_workers

    assert cap_workers(available_cores() + 10) == available_cores()
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert cap_workers(1) == 1 and cap_workers(None) is None
    assert capsys.readouterr().err == ""


def test_ctrl_c_under_dask_ends_in_two_lines(tmp_path):
    """Ctrl-C (SIGINT to the terminal's process group) during a sweep on a local Dask cluster:
    the sweep says where its runs are and stops - two lines, no worker tracebacks."""
    pytest.importorskip("distributed")
    # 240 runs: with the compiled modules 24 runs took under 3 s, so the sweep had ended (and the
    # process was shutting down) when the SIGINT came; this many are still running after 3 s
    exp = experiment(tmp_path, reps=60, pupils=300)
    proc = subprocess.Popen([*SAMSIM, "sweep", str(exp), "--out", str(tmp_path / "o"), "--dask-local", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    db = tmp_path / "o" / "results.sqlite"
    t0 = time.time()
    while not (db.exists() and _stored(db) >= 1):  # the first run (in the driving process) is stored
        assert proc.poll() is None and time.time() - t0 < 300, proc.communicate()
        time.sleep(0.5)
    time.sleep(3)  # the cluster is up and working
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    lines = [ln for ln in err.replace("\r", "\n").splitlines() if ln.strip() and "run/s" not in ln and "s/run" not in ln
             and "?run" not in ln]
    assert proc.returncode == 130, err
    assert len(lines) == 2, lines
    assert "stopped" in lines[0] and lines[1] == "interrupted" and "Traceback" not in err


def _stored(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            return c.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    except sqlite3.Error:
        return 0
