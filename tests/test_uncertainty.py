"""Levers and uncertainties: every parameter has a role, every uncertainty a plausible range."""
from __future__ import annotations

import pytest

from sim import uncertainty as unc
from sim.describe import describe_rows
from sim.params import Params, sections


def _fields():
    for sec_name, sec_cls in sections().items():
        for name, f in sec_cls.model_fields.items():
            yield f"{sec_name}.{name}", f


def test_every_parameter_has_exactly_one_role():
    names = [n for n, _ in _fields()]
    missing = [n for n in names if n not in unc.LEVERS and n not in unc.UNCERTAINTIES]
    assert not missing, f"no role in sim/uncertainty.py: {missing}"
    both = set(unc.LEVERS) & set(unc.UNCERTAINTIES)
    assert not both
    unknown = (set(unc.LEVERS) | set(unc.UNCERTAINTIES)) - set(names)
    assert not unknown, f"roles for parameters that do not exist: {sorted(unknown)}"
    assert {unc.role(n) for n in names} == {"lever", "uncertainty"}
    with pytest.raises(KeyError):
        unc.role("staircase.nonexistent")


def test_every_uncertainty_has_a_plausible_range_inside_its_allowed_range_around_its_default():
    fields = dict(_fields())
    for name, p in unc.UNCERTAINTIES.items():
        assert p.dist in ("uniform", "loguniform", "fixed")
        assert p.reason.strip(), name
        f = fields[name]
        extra = f.json_schema_extra or {}
        assert "lo" in extra, f"{name}: an uncertainty must be numeric"
        assert extra["lo"] <= p.lo <= p.hi <= extra["hi"], name
        assert p.lo <= f.default <= p.hi, f"{name}: default {f.default} outside plausible {p.lo}..{p.hi}"
        if p.dist == "loguniform":
            assert p.lo > 0, name
        if p.dist == "fixed":
            assert p.lo == p.hi
        else:
            assert p.hi > p.lo, name
        assert unc.plausible(name) is p
    with pytest.raises(KeyError):
        unc.plausible("coordination.coordinators")  # a lever has no plausible range


def test_calibrated_ranges_are_narrower_than_assumed_ones():
    """Relative width (hi-lo)/default: data and calibration pin a value more than an assumption does."""
    fields = dict(_fields())

    def width(name):
        p = unc.UNCERTAINTIES[name]
        return (p.hi - p.lo) / abs(fields[name].default)

    calibrated = [n for n, p in unc.UNCERTAINTIES.items() if p.reason.startswith("calibrated")]
    assumed = [n for n, p in unc.UNCERTAINTIES.items() if p.reason.startswith("assumption") and fields[n].default]
    assert len(calibrated) >= 8 and len(assumed) >= 20
    assert max(width(n) for n in calibrated) < sorted(width(n) for n in assumed)[len(assumed) // 2]


def test_the_structural_switches_of_the_models_are_levers():
    """What the compared models change by design is what a municipality decides."""
    for name in ("coordination.coordinators", "coordination.forum_interval_days", "coordination.consent_form",
                 "coordination.school_social_workers", "eht.interval_days", "staircase.step2_threshold"):
        assert unc.role(name) == "lever"


def test_ppf_maps_the_unit_interval_onto_the_range():
    p = unc.LU(1.0, 100.0, "x")
    assert p.ppf(0.0) == pytest.approx(1.0) and p.ppf(0.5) == pytest.approx(10.0) and p.ppf(1.0) == pytest.approx(100.0)
    q = unc.U(2.0, 4.0, "x")
    assert q.ppf(0.25) == pytest.approx(2.5)
    assert unc.FIX(3, "x").ppf(0.9) == 3.0


def test_describe_rows_show_role_and_plausible_range():
    rows = describe_rows(Params())
    assert len(rows) == len(list(_fields()))
    for r in rows:
        assert r["role"] in ("lever", "uncertainty")
        if r["role"] == "uncertainty":
            assert r["plausible"] and r["plausible_reason"]
        else:
            assert r["plausible"] is None
