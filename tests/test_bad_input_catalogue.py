"""A catalogue of malformed and edge-case inputs (issue 19): every command, every file kind,
every store. Each must be answered with exit code 2 and exactly one line on stderr that names
the offending thing (file, key, argument, address, port) - no traceback, no simulation run.

Most cases run in this process through ``sim.cli.main`` (they fail before any simulation); a
few run as real subprocesses, to check what a user's terminal sees. ``simulate`` is patched to
fail the test if any case starts a model: every one of these inputs is refused before work.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sim import cli
from sim.experiment.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOOD_EXP = """
[experiment]
replications = 1
seed = 1
[fixed]
municipality.n_pupils = 100
[vary]
eht.interval_days = [7, 14]
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Malformed files of every kind, made once."""
    d = tmp_path_factory.mktemp("bad")
    f: dict[str, Path] = {}

    def put(name: str, content: str | bytes) -> Path:
        p = d / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        f[name] = p
        return p

    put("binary.toml", bytes(range(256)) * 4)
    put("latin1.toml", "[scenario]\ndescription = \"skolk\xe5\"\n".encode("latin-1"))
    put("broken.toml", "[eht\ninterval_days = 7\n")
    put("unknown_section.toml", "[nosuch]\nx = 1\n")
    put("inherits_nope.toml", '[scenario]\ninherits = "nope"\n')
    put("inherits_number.toml", "[scenario]\ninherits = 5\n")
    put("inherits_latin1.toml", f'[scenario]\ninherits = "{d / "latin1.toml"}"\n')
    put("cycle_a.toml", f'[scenario]\ninherits = "{d / "cycle_b.toml"}"\n')
    put("cycle_b.toml", f'[scenario]\ninherits = "{d / "cycle_a.toml"}"\n')
    put("scenario_key.toml", '[scenario]\ncolour = "red"\n')
    put("out_of_range.toml", "[eht]\ninterval_days = 400\n")
    put("not_a_table.toml", "eht = 5\n")
    put("true_number.toml", "[eht]\ninterval_days = true\n")
    put("wrong_type.toml", '[eht]\ninterval_days = "weekly"\n')
    put("empty_name.toml", "")
    (d / "a_directory.toml").mkdir()
    f["a_directory.toml"] = d / "a_directory.toml"
    put("a_file", "not a directory\n")
    # experiment files
    put("exp_binary.toml", b"\x00\x01\x02" * 100)
    put("exp_latin1.toml", "[experiment]\ndescription = \"fr\xe5nvaro\"\n".encode("latin-1"))
    put("exp_broken.toml", "[experiment\n")
    put("exp_unknown_table.toml", GOOD_EXP + "\n[extra]\nx = 1\n")
    put("exp_empty_scenarios.toml", GOOD_EXP.replace("seed = 1", "seed = 1\nscenario = []"))
    put("exp_twice.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\nscenario = ["baseline", "baseline"]'))
    put("exp_unknown_key.toml", GOOD_EXP.replace("seed = 1", "seed = 1\nreplicates = 3"))
    put("exp_negative_seed.toml", GOOD_EXP.replace("seed = 1", "seed = -1"))
    put("exp_zero_reps.toml", GOOD_EXP.replace("replications = 1", "replications = 0"))
    put("exp_unknown_param.toml", GOOD_EXP.replace("eht.interval_days = [7, 14]", "eht.intervall = [7, 14]"))
    put("exp_out_of_range.toml", GOOD_EXP.replace("[7, 14]", "[7, 400]"))
    put("exp_not_list.toml", GOOD_EXP.replace("[7, 14]", "7"))
    put("exp_repeat.toml", GOOD_EXP.replace("[7, 14]", "[7, 7]"))
    put("exp_lhs_no_samples.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\ndesign = "lhs"').replace("[7, 14]", "{ low = 7, high = 14 }"))
    put("exp_sobol_samples.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\ndesign = "sobol"\nsamples = 100')
        .replace("eht.interval_days = [7, 14]", "eht.interval_days = { low = 7, high = 14 }\nstaircase.window = { low = 20, high = 40 }"))
    put("exp_range_backwards.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\ndesign = "lhs"\nsamples = 4').replace("[7, 14]", "{ low = 14, high = 7 }"))
    put("exp_huge.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\ndesign = "sobol"\nsamples = 8388608').replace("replications = 1", "replications = 1000")
        .replace("eht.interval_days = [7, 14]", "eht.interval_days = { low = 7, high = 14 }\nstaircase.window = { low = 20, high = 40 }"))
    put("exp_bad_name.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\nname = "../elsewhere"'))
    put("exp_no_scenario.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\nscenario = "nosuch"'))
    put("exp_fixed_and_varied.toml", GOOD_EXP.replace("municipality.n_pupils = 100", "municipality.n_pupils = 100\neht.interval_days = 7"))
    put("exp_nothing_varied.toml", "[experiment]\nreplications = 1\n")
    put("exp_choice_range.toml", GOOD_EXP.replace("seed = 1", 'seed = 1\ndesign = "lhs"\nsamples = 4')
        .replace("eht.interval_days = [7, 14]", 'staircase.counts = { low = 0, high = 1 }'))
    put("exp_good.toml", GOOD_EXP)
    put("exp_other.toml", GOOD_EXP.replace("[7, 14]", "[7, 21]"))
    # stores
    for name in ("store_corrupt", "store_truncated", "store_foreign", "store_wrong_columns", "store_no_meta",
                 "store_other_experiment", "store_is_a_directory"):
        (d / name).mkdir()
        f[name] = d / name
    (d / "store_corrupt" / "results.sqlite").write_bytes(b"this is not a database" * 100)
    with Store(d / "store_truncated") as s:
        s.set_meta(name="x")
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = (d / "store_truncated" / "results.sqlite").read_bytes()
    for extra in ("-wal", "-shm"):
        (d / "store_truncated" / f"results.sqlite{extra}").unlink(missing_ok=True)
    (d / "store_truncated" / "results.sqlite").write_bytes(raw[: len(raw) // 3 + 7])
    with sqlite3.connect(d / "store_foreign" / "results.sqlite") as db:
        db.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    with sqlite3.connect(d / "store_wrong_columns" / "results.sqlite") as db:
        db.execute("CREATE TABLE runs (run_key TEXT, point INTEGER)")
    Store(d / "store_no_meta").close()
    with Store(d / "store_other_experiment") as s:  # a sweep of another experiment, one run stored
        s.claim("0123456789abcdef", {"name": "other"}, [])
        s.add_results([{"run_key": "k", "point": 0, "replicate": 0, "seed": 1, "scenario": "baseline", "params": {},
                        "status": "ok", "metrics": {"m": 1.0}}])
    (d / "store_is_a_directory" / "results.sqlite").mkdir()
    return f


@pytest.fixture(autouse=True)
def no_simulation(monkeypatch):
    """Every input here is refused before work: a model that starts fails the test."""
    from sim import model

    def refuse(*a, **k):
        raise AssertionError("a simulation started for a bad input")

    monkeypatch.setattr(model.SchoolModel, "__init__", refuse)


def P(name: str) -> str:
    return f"{{{name}}}"  # replaced by the file's path


# (id, arguments, what the line must name)
CATALOGUE: list[tuple[str, list[str], str]] = [
    # ------------------------------------------------------------------ run: arguments
    ("run-unknown-scenario", ["run", "nosuch"], "nosuch"),
    ("run-missing-file", ["run", "/tmp/does/not/exist.toml"], "/tmp/does/not/exist.toml"),
    ("run-empty-name", ["run", ""], "scenario"),
    ("run-negative-seed", ["run", "baseline", "--seed", "-1"], "--seed"),
    ("run-text-seed", ["run", "baseline", "--seed", "abc"], "--seed"),
    ("run-huge-seed", ["run", "baseline", "--seed", str(2**64)], "--seed"),
    ("run-zero-reps", ["run", "baseline", "--reps", "0"], "--reps"),
    ("run-text-reps", ["run", "baseline", "--reps", "zero"], "--reps"),
    ("run-huge-reps", ["run", "baseline", "--reps", "99999999999"], "--reps"),
    ("run-float-reps", ["run", "baseline", "--reps", "2.5"], "--reps"),
    ("run-too-few-pupils", ["run", "baseline", "--pupils", "50"], "municipality.n_pupils"),
    ("run-zero-years", ["run", "baseline", "--years", "0"], "--years"),
    ("run-too-many-years", ["run", "baseline", "--years", "11"], "calendar.years"),
    ("run-zero-workers", ["run", "baseline", "--workers", "0"], "--workers"),
    ("run-set-out-of-range", ["run", "baseline", "--set", "eht.interval_days=0"], "eht.interval_days"),
    ("run-set-unknown-key", ["run", "baseline", "--set", "eht.bogus=1"], "eht.bogus"),
    ("run-set-unknown-section", ["run", "baseline", "--set", "nosection.x=1"], "nosection"),
    ("run-set-no-equals", ["run", "baseline", "--set", "novalue"], "novalue"),
    ("run-set-three-parts", ["run", "baseline", "--set", "a.b.c=1"], "a.b.c"),
    ("run-set-true-for-number", ["run", "baseline", "--set", "eht.interval_days=true"], "eht.interval_days"),
    ("run-set-nan", ["run", "baseline", "--set", "eht.meeting_hours=nan"], "eht.meeting_hours"),
    ("run-set-inf", ["run", "baseline", "--set", "services.investigation_days=inf"], "services.investigation_days"),
    ("run-set-fraction-for-int", ["run", "baseline", "--set", "eht.interval_days=7.5"], "eht.interval_days"),
    ("run-set-bad-choice", ["run", "baseline", "--set", "staircase.counts=sometimes"], "staircase.counts"),
    ("run-set-text-for-number", ["run", "baseline", "--set", "eht.cancel_prob=often"], "eht.cancel_prob"),
    ("run-set-narrowed-referrals", ["run", "baseline", "--set", "bup.background_referrals=500"], "bup.background_referrals"),
    ("run-set-narrowed-region", ["run", "baseline", "--set", "bup.region_pupils=1000000"], "bup.region_pupils"),
    ("run-out-is-a-file", ["run", "baseline", "--out", P("a_file")], "--out"),
    ("run-out-unwritable", ["run", "baseline", "--out", "/sys/samsim-x"], "--out /sys/samsim-x"),
    ("run-many-workers-and-bad-out", ["run", "baseline", "--workers", "999", "--out", P("a_file")], "--out"),
    ("run-out-under-a-file", ["run", "baseline", "--out", P("a_file") + "/sub"], "--out"),
    ("run-unknown-option", ["run", "baseline", "--frobnicate"], "--frobnicate"),
    ("run-no-scenario", ["run"], "scenario"),
    ("unknown-command", ["frobnicate"], "frobnicate"),
    ("no-command", [], "command"),
    # ------------------------------------------------------------------ run: scenario files
    ("run-binary-file", ["run", P("binary.toml")], "binary.toml"),
    ("run-not-utf8", ["run", P("latin1.toml")], "latin1.toml"),
    ("run-not-toml", ["run", P("broken.toml")], "broken.toml"),
    ("run-unknown-section", ["run", P("unknown_section.toml")], "[nosuch]"),
    ("run-inherits-unknown", ["run", P("inherits_nope.toml")], "scenario.inherits"),
    ("run-inherits-number", ["run", P("inherits_number.toml")], "scenario.inherits"),
    ("run-inherits-not-utf8", ["run", P("inherits_latin1.toml")], "latin1.toml"),
    ("run-inherits-cycle", ["run", P("cycle_a.toml")], "cycle"),
    ("run-scenario-unknown-key", ["run", P("scenario_key.toml")], "scenario.colour"),
    ("run-file-out-of-range", ["run", P("out_of_range.toml")], "eht.interval_days"),
    ("run-section-not-a-table", ["run", P("not_a_table.toml")], "'eht'"),
    ("run-file-true-for-number", ["run", P("true_number.toml")], "eht.interval_days"),
    ("run-file-text-for-number", ["run", P("wrong_type.toml")], "eht.interval_days"),
    ("run-directory", ["run", P("a_directory.toml")], "a_directory.toml"),
    ("run-device-file", ["run", "/proc/self/mem"], "/proc/self/mem"),
    # ------------------------------------------------------------------ describe, scenarios
    ("describe-unknown", ["describe", "nosuch"], "nosuch"),
    ("describe-set-out-of-range", ["describe", "baseline", "--set", "eht.members=99"], "eht.members"),
    ("describe-binary", ["describe", P("binary.toml")], "binary.toml"),
    # ------------------------------------------------------------------ compare
    ("compare-unknown-second", ["compare", "baseline", "nosuch"], "nosuch"),
    ("compare-binary-second", ["compare", "baseline", P("binary.toml")], "binary.toml"),
    ("compare-not-utf8", ["compare", "baseline", P("latin1.toml")], "latin1.toml"),
    ("compare-negative-seed", ["compare", "baseline", "--seed", "-5"], "--seed"),
    ("compare-out-unwritable", ["compare", "baseline", "skifo", "--out", "/sys/samsim-x"], "--out /sys/samsim-x"),
    ("compare-out-is-a-file", ["compare", "baseline", "skifo", "--out", P("a_file")], "--out"),
    ("compare-bad-lang", ["compare", "baseline", "--lang", "fr"], "--lang"),
    ("compare-zero-reps", ["compare", "baseline", "--reps", "0"], "--reps"),
    ("compare-too-many-runs", ["compare", "baseline", "skifo", "--reps", "6000"], "--reps"),
    ("compare-set-unknown", ["compare", "baseline", "--set", "eht.nope=1"], "eht.nope"),
    # ------------------------------------------------------------------ validate
    ("validate-negative-seed", ["validate", "--seed", "-1"], "--seed"),
    ("validate-out-is-a-file", ["validate", "--out", P("a_file")], "--out"),
    ("validate-unknown-pattern", ["validate", "--only", "nosuch", "--out", "{tmp}/v"], "nosuch"),
    ("validate-zero-reps", ["validate", "--reps", "0"], "--reps"),
    ("validate-too-many-reps", ["validate", "--reps", "20000", "--out", "{tmp}/v"], "--reps"),
    ("validate-set-out-of-range", ["validate", "--set", "eht.cancel_prob=2", "--out", "{tmp}/v"], "eht.cancel_prob"),
    # ------------------------------------------------------------------ sweep: experiment files
    ("sweep-missing-file", ["sweep", "/tmp/does/not/exist.toml"], "/tmp/does/not/exist.toml"),
    ("sweep-binary", ["sweep", P("exp_binary.toml")], "exp_binary.toml"),
    ("sweep-not-utf8", ["sweep", P("exp_latin1.toml")], "exp_latin1.toml"),
    ("sweep-device-file", ["sweep", "/proc/self/mem"], "/proc/self/mem"),
    ("sweep-directory", ["sweep", P("a_directory.toml")], "a_directory.toml"),
    ("sweep-not-toml", ["sweep", P("exp_broken.toml")], "exp_broken.toml"),
    ("sweep-unknown-table", ["sweep", P("exp_unknown_table.toml")], "[extra]"),
    ("sweep-empty-scenario-list", ["sweep", P("exp_empty_scenarios.toml")], "experiment.scenario"),
    ("sweep-scenario-twice", ["sweep", P("exp_twice.toml")], "experiment.scenario"),
    ("sweep-unknown-key", ["sweep", P("exp_unknown_key.toml")], "experiment.replicates"),
    ("sweep-negative-seed", ["sweep", P("exp_negative_seed.toml")], "experiment.seed"),
    ("sweep-zero-replications", ["sweep", P("exp_zero_reps.toml")], "experiment.replications"),
    ("sweep-unknown-parameter", ["sweep", P("exp_unknown_param.toml")], "eht.intervall"),
    ("sweep-value-out-of-range", ["sweep", P("exp_out_of_range.toml")], "eht.interval_days"),
    ("sweep-factorial-not-a-list", ["sweep", P("exp_not_list.toml")], "vary.eht.interval_days"),
    ("sweep-repeated-values", ["sweep", P("exp_repeat.toml")], "vary.eht.interval_days"),
    ("sweep-lhs-without-samples", ["sweep", P("exp_lhs_no_samples.toml")], "experiment.samples"),
    ("sweep-sobol-not-power-of-2", ["sweep", P("exp_sobol_samples.toml")], "experiment.samples"),
    ("sweep-range-backwards", ["sweep", P("exp_range_backwards.toml")], "vary.eht.interval_days"),
    ("sweep-design-too-large", ["sweep", P("exp_huge.toml")], "exp_huge.toml"),
    ("sweep-name-with-path", ["sweep", P("exp_bad_name.toml")], "experiment.name"),
    ("sweep-unknown-scenario", ["sweep", P("exp_no_scenario.toml")], "nosuch"),
    ("sweep-fixed-and-varied", ["sweep", P("exp_fixed_and_varied.toml")], "eht.interval_days"),
    ("sweep-nothing-varied", ["sweep", P("exp_nothing_varied.toml")], "vary"),
    ("sweep-choice-as-range", ["sweep", P("exp_choice_range.toml")], "staircase.counts"),
    # ------------------------------------------------------------------ sweep: arguments, stores
    ("sweep-bad-scheduler", ["sweep", P("exp_good.toml"), "--scheduler", "not-an-address"], "--scheduler not-an-address"),
    ("sweep-scheduler-bad-port", ["sweep", P("exp_good.toml"), "--scheduler", "tcp://localhost:99999"], "--scheduler"),
    ("sweep-zero-workers", ["sweep", P("exp_good.toml"), "--workers", "0"], "--workers"),
    ("sweep-zero-dask-workers", ["sweep", P("exp_good.toml"), "--dask-local", "0"], "--dask-local"),
    ("sweep-workers-and-scheduler", ["sweep", P("exp_good.toml"), "--workers", "2", "--scheduler", "tcp://h:1"], "--scheduler"),
    ("sweep-out-is-a-file", ["sweep", P("exp_good.toml"), "--out", P("a_file")], "--out"),
    ("sweep-out-unwritable", ["sweep", P("exp_good.toml"), "--out", "/sys/samsim-x"], "--out /sys/samsim-x"),
    ("sweep-resume-nothing", ["sweep", P("exp_good.toml"), "--resume", "--out", "{tmp}/nothing-here"], "--resume"),
    ("sweep-store-of-another-experiment", ["sweep", P("exp_good.toml"), "--out", P("store_other_experiment")], "store_other_experiment"),
    ("sweep-store-corrupt", ["sweep", P("exp_good.toml"), "--out", P("store_corrupt")], "store_corrupt"),
    ("sweep-store-foreign", ["sweep", P("exp_good.toml"), "--out", P("store_foreign")], "store_foreign"),
    ("sweep-store-wrong-columns", ["sweep", P("exp_good.toml"), "--out", P("store_wrong_columns")], "store_wrong_columns"),
    ("sweep-store-is-a-directory", ["sweep", P("exp_good.toml"), "--out", P("store_is_a_directory")], "store_is_a_directory"),
    ("sweep-report-no-store", ["sweep-report", "{tmp}/nothing-here"], "nothing-here"),
    ("sweep-report-corrupt", ["sweep-report", P("store_corrupt")], "store_corrupt"),
    ("sweep-report-truncated", ["sweep-report", P("store_truncated")], "store_truncated"),
    ("sweep-report-foreign", ["sweep-report", P("store_foreign")], "store_foreign"),
    ("sweep-report-wrong-columns", ["sweep-report", P("store_wrong_columns")], "store_wrong_columns"),
    ("sweep-report-no-experiment", ["sweep-report", P("store_no_meta")], "store_no_meta"),
    ("sweep-report-a-file", ["sweep-report", P("a_file")], "a_file"),
    # ------------------------------------------------------------------ app
    ("app-port-too-large", ["app", "--port", "70000"], "--port"),
    ("app-port-negative", ["app", "--port", "-1"], "--port"),
    ("app-port-huge", ["app", "--port", "99999999999999999999"], "--port"),
    ("app-port-text", ["app", "--port", "http"], "--port"),
    ("app-unknown-host", ["app", "--host", "nosuch.invalid"], "--host nosuch.invalid"),
    ("app-foreign-address", ["app", "--host", "192.0.2.1"], "--host 192.0.2.1"),
]


def _expand(args: list[str], files: dict[str, Path], tmp: Path) -> list[str]:
    out = []
    for a in args:
        for name, path in files.items():
            a = a.replace(f"{{{name}}}", str(path))
        out.append(a.replace("{tmp}", str(tmp)))
    return out


def _check(code: int, err: str, needle: str) -> None:
    assert code == 2, f"exit code {code}, stderr: {err!r}"
    assert "Traceback" not in err, err
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, f"{len(lines)} lines on stderr: {err!r}"
    assert needle in lines[0], f"{needle!r} not named in: {lines[0]!r}"


def test_the_catalogue_is_large_and_its_cases_distinct():
    assert len(CATALOGUE) >= 60
    assert len({c[0] for c in CATALOGUE}) == len(CATALOGUE)
    assert len({tuple(c[1]) for c in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("args, needle", [c[1:] for c in CATALOGUE], ids=[c[0] for c in CATALOGUE])
def test_bad_input_in_process(args, needle, files, tmp_path, capsys):
    argv = _expand(args, files, tmp_path)
    needle = _expand([needle], files, tmp_path)[0]
    code = cli.main(argv)
    out = capsys.readouterr()
    _check(code, out.err, needle)


def test_a_port_in_use(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code = cli.main(["app", "--port", str(port)])
    _check(code, capsys.readouterr().err, f"--port {port}")


def test_a_store_claimed_by_a_live_sweep_of_another_experiment(files, tmp_path, capsys):
    with Store(tmp_path / "o") as s:
        s.claim("fedcba9876543210", {"name": "racing"}, [])  # stays claimed: this process is alive
        code = cli.main(["sweep", str(files["exp_good.toml"]), "--out", str(tmp_path / "o")])
    _check(code, capsys.readouterr().err, "is writing this store")


def test_a_bug_is_one_line_and_debug_shows_the_traceback(monkeypatch, capsys):
    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "cmd_scenarios", broken)
    assert cli.main(["scenarios"]) == 70
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "internal error" in err and "--debug" in err and "Traceback" not in err
    assert cli.main(["scenarios", "--debug"]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_an_error_while_a_progress_bar_draws_starts_on_a_fresh_line(monkeypatch, capsys):
    from tqdm import tqdm

    from sim.errors import InputError

    def drawing(args):
        bar = tqdm(total=10, desc="compare", file=sys.stderr, leave=False, mininterval=0)
        bar.update(3)
        raise InputError("--out x: cannot write in this directory")

    monkeypatch.setattr(cli, "cmd_scenarios", drawing)
    assert cli.main(["scenarios"]) == 2
    err = capsys.readouterr().err
    lines = [ln for ln in err.split("\n") if ln.strip()]
    assert len(lines) == 1  # the bar's frames end in carriage returns: the terminal shows the last one
    assert lines[0].split("\r")[-1].startswith("error: --out x")
    assert not lines[0].split("\r")[-2].strip() if "\r" in lines[0] else True  # the bar was wiped first


# ---------------------------------------------------------------------- as a user's terminal sees it
SUBPROCESS = ["run-negative-seed", "run-binary-file", "compare-out-unwritable", "sweep-report-corrupt",
              "sweep-bad-scheduler", "app-port-too-large", "run-set-true-for-number"]


@pytest.mark.parametrize("case", SUBPROCESS)
def test_bad_input_in_a_subprocess(case, files, tmp_path):
    _, args, needle = next(c for c in CATALOGUE if c[0] == case)
    r = subprocess.run([sys.executable, "-m", "sim.cli", *_expand(args, files, tmp_path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    _check(r.returncode, r.stderr, _expand([needle], files, tmp_path)[0])
    assert r.stdout == ""


def test_summary_json_and_result_json_are_strict(tmp_path):
    """Strict JSON: a value that is not defined is null, never a bare NaN."""
    from sim import strict_json

    text = strict_json.dumps({"a": float("nan"), "b": [1.0, float("inf")], "c": {"d": -float("inf")}})
    assert json.loads(text) == {"a": None, "b": [1.0, None], "c": {"d": None}}
    assert "NaN" not in text and "Infinity" not in text
    import numpy as np

    assert json.loads(strict_json.dumps({"x": np.float64("nan"), "y": np.array([1.5, np.nan])})) == {"x": None, "y": [1.5, None]}
