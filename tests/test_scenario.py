import pytest

from sim.errors import InputError
from sim.scenario import builtin_names, load


def test_baseline_resolves_to_defaults():
    s = load("baseline")
    assert s.params.staircase.step1_threshold == 0.10
    assert s.params.calendar.school_days_per_year == 178
    assert "baseline" in builtin_names()


def write(tmp_path, text, name="s.toml"):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_scenario_sets_only_differences(tmp_path):
    s = load(write(tmp_path, '[scenario]\ndescription="x"\n[eht]\ninterval_days = 14\n'))
    assert s.params.eht.interval_days == 14
    assert s.params.eht.cases_per_meeting == load("baseline").params.eht.cases_per_meeting
    assert s.description == "x"


def test_unknown_key_names_file_key_and_allowed(tmp_path):
    path = write(tmp_path, "[eht]\nintervall_days = 14\n")
    with pytest.raises(InputError) as e:
        load(path)
    msg = str(e.value)
    assert path in msg and "eht.intervall_days" in msg and "interval_days" in msg
    assert "\n" not in msg


def test_out_of_range_names_allowed_range(tmp_path):
    path = write(tmp_path, "[staircase]\nstep1_threshold = 1.5\n")
    with pytest.raises(InputError, match=r"staircase.step1_threshold = 1.5.*0.01 to 0.9"):
        load(path)


def test_unknown_section_and_bad_choice(tmp_path):
    with pytest.raises(InputError, match="unknown section"):
        load(write(tmp_path, "[schools]\nn = 3\n"))
    with pytest.raises(InputError, match="'all' \\| 'invalid'"):
        load(write(tmp_path, '[staircase]\ncounts = "some"\n', "b.toml"))


def test_missing_file_and_unknown_name():
    with pytest.raises(InputError, match="no such scenario file"):
        load("/nonexistent/x.toml")
    with pytest.raises(InputError, match="known scenarios: .*baseline"):
        load("nosuch")


def test_overrides_are_validated():
    assert load("baseline", {"municipality.n_pupils": 500}).params.municipality.n_pupils == 500
    with pytest.raises(InputError, match="municipality.n_pupils"):
        load("baseline", {"municipality.n_pupils": 50})


def test_every_knob_has_unit_range_and_source():
    from sim.describe import describe_rows
    from sim.params import Params

    for row in describe_rows(Params()):
        assert row["source"], row["name"]
        assert row["unit"], row["name"]
        assert row["allowed"], row["name"]
        assert row["description"], row["name"]
