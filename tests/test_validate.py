"""`samsim validate`: the table's structure, and that breaking a mechanism fails the right pattern."""
import json
import subprocess
import sys

from sim.validation import ARMS, PATTERNS, validate

SAMSIM = [sys.executable, "-m", "sim.cli"]
FIELDS = {"name", "level", "what", "target", "source", "tolerance", "role", "arms", "rule", "band", "unit",
          "mean", "ci95", "n", "values", "passed"}


def test_patterns_are_complete_data():
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names))
    for p in PATTERNS:
        assert p.level in ("quantitative", "qualitative")
        assert p.what and p.target and p.source and p.tolerance and p.role
        assert p.arms and all(a in ARMS for a in p.arms)
        assert p.rule in ("mean", "ci")
    required = {"mean_daily_absence", "share_over_15pct_term", "share_over_50pct", "share_reports_investigated",
                "share_preliminary_late", "share_investigations_late", "share_bup_first_within_30d", "caseworker_turnover",
                "feedback_repeat_reports", "turnover_lowers_trust", "turnover_slows_handovers",
                "structure_before_understanding", "sandviken_index_rises_early", "sandviken_index_rises_late",
                "most_reports_no_intervention", "absence_only_opened_less", "coordinator_narrows_equity_gap"}
    assert required <= set(names)


def test_validate_writes_the_table(tmp_path):
    out = tmp_path / "v"
    r = subprocess.run([*SAMSIM, "validate", "--reps", "2", "--pupils", "300", "--workers", "2", "--out", str(out), "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    res = json.loads((out / "validation.json").read_text())
    for key in ("samsim_version", "seed", "replications", "seeds", "arms", "passed", "patterns", "overrides"):
        assert key in res
    assert res["seed"] == 2024 and res["replications"] == 2 and res["overrides"] == {"municipality.n_pupils": 300}
    assert set(res["arms"]) == set(ARMS) and all(len(a["params_hash"]) == 16 for a in res["arms"].values())
    assert [row["name"] for row in res["patterns"]] == [p.name for p in PATTERNS]
    for row in res["patterns"]:
        assert FIELDS <= set(row)
        assert len(row["values"]) == 2 and len(row["ci95"]) == 2
    assert r.returncode == (0 if res["passed"] else 1)
    md = (out / "validation.md").read_text()
    assert md.count("**PASS**") + md.count("**FAIL**") == len(PATTERNS)
    for p in PATTERNS:
        assert f"`{p.name}`" in md and p.source in md
    assert "patterns pass" in r.stdout


def test_unknown_pattern_is_an_input_error():
    r = subprocess.run([*SAMSIM, "validate", "--only", "no_such_pattern"], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.startswith("error:") and r.stderr.count("\n") == 1


def test_absence_only_pattern_fails_when_absence_only_cases_open_more():
    only = ["absence_only_opened_less"]  # the default municipality: 3 replications resolve the difference
    good = validate(reps=3, workers=2, only=only)
    bad = validate(reps=3, overrides={"services.open_prob_absence_only": 0.9}, workers=2, only=only)
    assert good["patterns"][0]["passed"] and good["passed"]
    assert not bad["patterns"][0]["passed"] and not bad["passed"]
    assert bad["patterns"][0]["mean"] < 0


def test_feedback_pattern_fails_when_everyone_gets_feedback():
    """--set services.feedback_rate=1 overrides both feedback arms: no difference, no pattern."""
    bad = validate(reps=2, overrides={"municipality.n_pupils": 400, "services.feedback_rate": 1.0}, workers=2, only=["feedback_repeat_reports"])
    row = bad["patterns"][0]
    assert row["mean"] == 0 and not row["passed"]
