"""`samsim calibrate`: the targets file is checked before any work, and a tiny ABC-SMC run
writes a worlds file in the contract's format, resumes, and fits what it can."""
import csv
import json
import subprocess
import sys

import pytest

from sim.calibration.abc import Budget, Distance, run_abc
from sim.calibration.diagnostics import write_all
from sim.calibration.priors import FALLBACK, check_fittable
from sim.calibration.targets import load_targets
from sim.errors import InputError

SAMSIM = [sys.executable, "-m", "sim.cli"]

TINY = """
name = "tiny"
[model]
scenario = "baseline"
set = { "municipality.n_pupils" = 300, "calendar.years" = 1 }
[fit]
parameters = ["services.preliminary_days", "attendance.illness_absence_mean"]
carry = ["attendance.help_delay_halflife"]
[[target]]
statistic = "share_preliminary_late"
value = 0.24
tolerance = 0.1
source = "IVO 2015"
[[target]]
statistic = "mean_daily_absence"
value = 0.065
se = 0.0075
source = "domain_facts §8 row 4"
"""


def test_national_targets_load():
    t = load_targets("targets/national.toml")
    assert len(t.targets) >= 10 and all(x.source for x in t.targets)
    assert "attendance.help_delay_halflife" in t.parameters
    for n in t.parameters:
        check_fittable(n, "test")


@pytest.mark.parametrize("body, words", [
    ('[[target]]\nstatistic = "no_such"\nvalue = 1\ntolerance = 1\nsource = "x"\n', "not a statistic"),
    ('[[target]]\nstatistic = "mean_daily_absence"\nvalue = 1\nsource = "x"\n', "exactly one of"),
    ('[[target]]\nstatistic = "mean_daily_absence"\nvalue = 1\ntolerance = 1\n', "source"),
    ('[[target]]\nstatistic = "mean_daily_absence"\nvalue = 1\ntolerance = 0\nsource = "x"\n', "> 0"),
    ('[fit]\nparameters = ["services.case_officers"]\n[[target]]\nstatistic = "mean_daily_absence"\nvalue = 1\ntolerance = 1\nsource = "x"\n', "continuous"),
    ('bogus = 1\n', "unknown key"),
])
def test_bad_targets_file_is_an_input_error(tmp_path, body, words):
    f = tmp_path / "t.toml"
    f.write_text(body)
    with pytest.raises(InputError, match=words):
        load_targets(f)


def test_bad_targets_file_is_one_line_exit_2_before_any_work(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text('[[target]]\nstatistic = "no_such"\nvalue = 1\ntolerance = 1\nsource = "x"\n')
    r = subprocess.run([*SAMSIM, "calibrate", "--targets", str(f), "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.startswith("error:") and r.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()
    r = subprocess.run([*SAMSIM, "calibrate", "--targets", str(tmp_path / "missing.toml"), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stderr


def test_distance_counts_misses_in_tolerances():
    d = Distance({"a": 0.1, "b": 2.0})
    assert d({"a": 0.3, "b": 4.0}, {"a": 0.1, "b": 0.0}) == pytest.approx((2 ** 2 + 2 ** 2) ** 0.5)
    assert d({"a": float("nan"), "b": 0.0}, {"a": 0.1, "b": 0.0}) == pytest.approx(1000.0)


def test_tiny_calibration_writes_worlds_and_resumes(tmp_path):
    f = tmp_path / "tiny.toml"
    f.write_text(TINY)
    t = load_targets(f)
    out = tmp_path / "cal"
    lines = []
    h = run_abc(t, Budget("test", 24, 2, 400, 0.0, "test"), out, seed=3, workers=1, say=lines.append)
    assert h.max_t == 1 and any("generation 2/2 done" in x for x in lines)
    s = write_all(h, t, {"samsim_version": "x", "targets_file": str(f), "budget": {"name": "test", "note": ""},
                         "seed": 3, "hash": "h", "name": "tiny"}, out, {"seconds": 1})
    with (out / "posterior.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 24
    assert list(rows[0]) == ["world", "services.preliminary_days", "attendance.illness_absence_mean",
                             "attendance.help_delay_halflife", "weight"]
    assert sum(float(r["weight"]) for r in rows) == pytest.approx(1.0)
    for r in rows:
        p = FALLBACK["services.preliminary_days"]
        assert p.lo <= float(r["services.preliminary_days"]) <= p.hi
    from sim.experiment.worlds import read_worlds  # what samsim compare --worlds reads

    worlds = read_worlds(out / "posterior.csv")
    assert len(worlds.worlds) == 24 and worlds.weights().sum() == pytest.approx(1.0)
    d = json.loads((out / "diagnostics.json").read_text())
    assert [g["generation"] for g in d["generations"]] == [0, 1] and d["worlds"] == 24
    assert {x["statistic"] for x in d["targets"]} == {"share_preliminary_late", "mean_daily_absence"}
    assert (out / "posterior_vs_prior.png").stat().st_size > 0 and (out / "target_fit.png").stat().st_size > 0
    # the same call again finds both generations done: nothing is simulated
    again = []
    h2 = run_abc(t, Budget("test", 24, 2, 400, 0.0, "test"), out, seed=3, workers=1, say=again.append)
    assert h2.max_t == 1 and any("resuming" in x for x in again)
    # another seed in the same directory is refused
    with pytest.raises(InputError, match="other targets"):
        run_abc(t, Budget("test", 24, 2, 400, 0.0, "test"), out, seed=4, workers=1, say=again.append)


def test_a_municipality_profile_is_the_municipality_fitted():
    """--municipality: the profile's size and the staff it gives are the base of every
    simulation, and two calibrations of different municipalities are not the same run."""
    from dataclasses import replace

    from sim.calibration.abc import BUDGETS, base_params, fingerprint
    from sim.calibration.targets import load_targets
    from sim.municipality import load as load_profile

    national = load_targets("targets/national.toml")
    profile = load_profile("sandviken_sized")
    local = replace(national, municipality=profile.source)
    base, here = base_params(national), base_params(local)
    assert base["municipality"]["n_pupils"] == 1600 and base["municipality"]["staff_as_given"] == []
    assert here["municipality"]["n_pupils"] == profile.values["municipality.n_pupils"]
    assert set(here["municipality"]["staff_as_given"]) and set(here["municipality"]["staff_as_given"]) <= set(profile.given)
    small = BUDGETS["small"]
    assert fingerprint(national, small, 1)["hash"] != fingerprint(local, small, 1)["hash"]
