"""Municipality profiles: what a profile gives is used as given, the rest scales with pupils / 1,600."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim import municipality
from sim.cli import main
from sim.errors import InputError
from sim.model import SchoolModel
from sim.scenario import builtin_names, load

PROFILE = """
[municipality]
name = "test_town"
description = "A test town"
basis = "test"
pupils = 4800

[staff]
case_officers = 12
coordinators = 3
"""


@pytest.fixture()
def town(tmp_path: Path) -> Path:
    path = tmp_path / "town.toml"
    path.write_text(PROFILE)
    return path


def built(params, role: str) -> int:
    return len(SchoolModel(params, seed=1).network.active(role))


def test_profile_gives_case_officers_as_absolute_numbers(town):
    scen = municipality.resolve("baseline", None, str(town))
    assert scen.params.municipality.n_pupils == 4800
    assert built(scen.params, "case_officer") == 12
    # what the profile leaves out scales from the default: 2 intake workers per 1,600 pupils -> 6
    assert built(scen.params, "intake") == 6
    # negative control: the same count without a profile is read as per 1,600 pupils (36, the complaint)
    plain = load("baseline", {"municipality.n_pupils": 4800, "services.case_officers": 12}).params
    assert built(plain, "case_officer") == 36


def test_lever_posts_only_in_models_that_have_them(town):
    base = municipality.resolve("baseline", None, str(town)).params
    skifo = municipality.resolve("skifo", None, str(town)).params
    assert base.coordination.coordinators == 0 and "coordination.coordinators" not in base.municipality.staff_as_given
    assert built(skifo, "coordinator") == 3  # the profile's number, not 2 x 4,800 / 1,600 = 6


def test_command_line_wins_and_given_counts_stay_absolute(town):
    scen = municipality.resolve("baseline", {"services.case_officers": 20, "municipality.n_pupils": 2400}, str(town))
    assert scen.params.services.case_officers == 20
    assert built(scen.params, "case_officer") == 20


def test_default_profile_resolves_to_exactly_no_profile():
    for name in builtin_names():
        with_profile = municipality.resolve(name, None, "default")
        assert with_profile.params == load(name).params, name
        assert with_profile.params_hash == load(name).params_hash


def test_default_profile_run_is_byte_identical(capsys):
    args = ["run", "baseline", "--years", "1", "--reps", "1", "--workers", "1", "--json"]
    assert main(args) == 0
    plain = capsys.readouterr().out
    assert main(args + ["--municipality", "default"]) == 0
    assert capsys.readouterr().out == plain


def test_describe_says_given_and_scaled(town, capsys):
    assert main(["describe", "baseline", "--municipality", str(town)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("services.case_officers"))
    assert line.split()[1:4] == ["12", "12", "given"]
    line = next(x for x in out.splitlines() if x.strip().startswith("services.intake_workers"))
    assert line.split()[1:4] == ["2", "6", "scaled"]
    assert main(["describe", "skifo", "--municipality", str(town), "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)["staffing"]}
    assert rows["coordination.coordinators"]["built"] == 3 and rows["coordination.coordinators"]["how"] == "given"


def test_shipped_profiles_load():
    assert {"default", "sandviken_sized"} <= set(municipality.names())
    big = municipality.load("sandviken_sized")
    assert big.values["municipality.n_pupils"] > 1600 and big.basis
    scen = municipality.resolve("skifo", None, big)
    assert scen.params.costs.wage_mentor == 36300  # local wage level


@pytest.mark.parametrize("text, fragment", [
    ("[municipality]\npupils = 4800\n[staff]\ncase_oficers = 12\n", "staff.case_oficers"),
    ("[municipality]\npupils = 4800\n[staff]\ncase_officers = 0\n", "services.case_officers"),
    ("[municipality]\npupils = 4800\n[wages]\nx = 1\n", "'wages'"),
    ("[staff]\ncase_officers = 3\n", "municipality.pupils is missing"),
    ("[municipality]\npupils = 4800\n[costs]\nwage_pilot = 1\n", "costs.wage_pilot"),
    ("[municipality]\npupils = 4800\ntargets = 'nowhere.csv'\n", "municipality.targets"),
    ("[municipality\n", "not valid TOML"),
])
def test_bad_profile_is_one_line_and_exit_2(tmp_path, capsys, text, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert main(["run", "baseline", "--municipality", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err and str(path) in err
    with pytest.raises(InputError):
        municipality.load(str(path))


def test_unknown_municipality_name(capsys):
    assert main(["describe", "baseline", "--municipality", "atlantis"]) == 2
    assert "known: default" in capsys.readouterr().err


def test_sweep_runs_in_a_profile(town, tmp_path):
    from sim.experiment.design import load_experiment
    from sim.experiment.sweep import _bases

    exp_file = tmp_path / "exp.toml"
    exp_file.write_text(f'[experiment]\nscenario = "baseline"\nmunicipality = "{town}"\n[vary]\neht.interval_days = [7, 14]\n')
    exp = load_experiment(str(exp_file))
    base = _bases(exp, True)["baseline"]
    assert base["municipality"]["n_pupils"] == 4800 and base["services"]["case_officers"] == 12
    assert "services.case_officers" in base["municipality"]["staff_as_given"]
