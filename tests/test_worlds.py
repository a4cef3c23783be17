"""Worlds and the answer to 'how sure are we?': toy responses with a known truth, and the CLI.

Statistical tests use a fixed seed (numpy default_rng), state their sample sizes and
tolerances, and each has a negative control where it could pass by accident.
"""
from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from sim import uncertainty as unc
from sim.cli import main
from sim.errors import InputError
from sim.experiment import robustness as rb
from sim.experiment.worlds import WorldSet, World, in_world, parse, prior_worlds, read_worlds, set_keys
from sim.scenario import load


# ----------------------------------------------------------------------------- worlds
def test_prior_worlds_are_seeded_distinct_and_inside_the_plausible_ranges():
    a, b, c = prior_worlds(16, seed=3), prior_worlds(16, seed=3), prior_worlds(16, seed=4)
    assert [w.values for w in a.worlds] == [w.values for w in b.worlds]
    assert [w.values for w in a.worlds] != [w.values for w in c.worlds]
    assert len({json.dumps(w.values, sort_keys=True) for w in a.worlds}) == 16
    assert set(a.names) == set(unc.varied())
    for w in a.worlds:
        for name, v in w.values.items():
            p = unc.plausible(name)
            assert p.lo - 1e-9 <= v <= p.hi + 1e-9, name
    # Latin hypercube: each of the 16 strata of every uncertainty holds exactly one world
    assert all(sorted(np.floor(a.unit[:, j] * 16).astype(int)) == list(range(16)) for j in range(a.unit.shape[1]))


def test_a_scenario_keeps_its_levers_and_what_it_sets_in_every_world():
    world = prior_worlds(1, seed=1).worlds[0]
    skifo = load("integrated_team")
    fixed = set_keys("integrated_team", {"municipality.n_pupils": 500})
    assert "coordination.coordinator_caseload" in fixed and "coordination.coordinators" in fixed
    p = in_world(skifo.params.model_dump(), world, fixed)
    assert p["coordination"]["coordinator_caseload"] == 10  # the scenario's claim, not the world's draw
    assert p["coordination"]["plan_strength"] == world.values["coordination.plan_strength"]
    assert p["attendance"]["help_delay_halflife"] == world.values["attendance.help_delay_halflife"]
    assert set_keys("baseline") == set()


def test_worlds_file_is_read_and_checked(tmp_path):
    f = tmp_path / "w.csv"
    f.write_text("world,weight,coordination.plan_strength,attendance.help_delay_halflife\na,1,0.5,60\nb,3,1.0,120\n")
    ws = read_worlds(f)
    assert [w.id for w in ws.worlds] == ["a", "b"] and list(ws.weights()) == [1.0, 3.0]
    assert ws.names == ["coordination.plan_strength", "attendance.help_delay_halflife"]
    for text, msg in [("x.y,weight\n1,1\n", "unknown column 'x.y'"),
                      ("coordination.plan_strength\n9\n", "coordination.plan_strength"),
                      ("coordination.plan_strength,weight\n0.5,-1\n", "weight must be a non-negative")]:
        f.write_text(text)
        with pytest.raises(InputError, match=msg):
            read_worlds(f)
    with pytest.raises(InputError, match="not understood"):
        parse("prior:abc", 1)
    with pytest.raises(InputError, match="no such file"):
        parse(str(tmp_path / "missing.csv"), 1)


# ----------------------------------------------------------------------------- prob_better
def _toy_world_set(n: int, k: int, seed: int) -> tuple[WorldSet, np.ndarray]:
    rng = np.random.default_rng(seed)
    u = rng.random((n, k))
    names = [f"toy.x{j}" for j in range(k)]
    worlds = [World(id=f"w{i}", values={nm: float(u[i, j]) for j, nm in enumerate(names)}) for i in range(n)]
    return WorldSet(worlds, "prior", f"toy:{n}", names, u), u


def test_prob_better_is_one_for_a_dominating_scenario_and_a_coin_toss_for_a_copy():
    """200 worlds x 3 replicates, seed 11. 'dominant' has 2 fewer absence days in every run;
    'copy' is the baseline with independent noise (sd 1) - no common random numbers - so it
    should win about half the worlds: 0.5 +- 0.1 (about 3 standard errors for 200 worlds)."""
    ws, _ = _toy_world_set(200, 4, seed=11)
    rng = np.random.default_rng(11)
    base = rng.normal(30, 5, (200, 1, 3))
    dominant = base - 2.0
    copy = base + rng.normal(0, 1, (200, 1, 3))
    values = {"absence_days_per_pupil_in_need": np.concatenate([base, dominant, copy], axis=1)}
    out = rb.summarise(["baseline", "dominant", "copy"], values, ws, seed=1, reps=3)
    assert out["dominant"]["prob_better"] == 1.0
    assert out["dominant"]["prob_better_by_margin"] == 1.0  # by 2 days > the default margin of 1
    assert out["dominant"][rb.PRIMARY]["median"] == pytest.approx(2.0)
    assert 0.4 <= out["copy"]["prob_better"] <= 0.6
    assert out["copy"]["prob_better_by_margin"] < 0.2  # a copy rarely beats by a margin that matters
    assert out["regret"]["dominant"]["max"] == pytest.approx(0.0, abs=1e-9) and out["regret"]["baseline"]["mean"] >= 2.0
    # an exact copy (common random numbers, no noise) ties everywhere: a coin toss, 0.5
    tie = rb.summarise(["baseline", "same"], {"absence_days_per_pupil_in_need": np.concatenate([base, base], axis=1)}, ws)
    assert tie["same"]["prob_better"] == 0.5 and tie["same"]["prob_better_by_margin"] == 0.0


def test_weights_count():
    d = np.array([1.0, -1.0, -1.0])
    assert rb.prob_better(d, np.array([1.0, 1.0, 1.0])) == pytest.approx(1 / 3)
    assert rb.prob_better(d, np.array([8.0, 1.0, 1.0])) == pytest.approx(0.8)
    assert rb.weighted_quantile(np.array([0.0, 10.0]), np.array([1.0, 0.0]), 0.9) == 0.0


# ----------------------------------------------------------------------------- toy response: what it hinges on
def _toy_response(n: int, k: int, seed: int, noise: float = 0.2):
    """The benefit depends on x2 only: it is lost (negative) when x2 < 0.3."""
    ws, u = _toy_world_set(n, k, seed)
    rng = np.random.default_rng(seed + 1)
    benefit = 3.0 * (u[:, 2] - 0.3) + rng.normal(0, noise, n)  # per world
    base = np.full((n, 1, 2), 40.0)
    scen = base - benefit[:, None, None]
    return ws, {"absence_days_per_pupil_in_need": np.concatenate([base, scen], axis=1)}


def test_sensitivity_ranking_and_scenario_discovery_recover_a_toy_response():
    """150 worlds, 20 uncertainties (so PRCC, not Spearman), seed 5: x2 must rank first with an
    interval clear of zero, the others' |PRCC| below 0.3; PRIM's box must limit x2 alone from
    above, near 0.3 (within 0.1), with coverage and density of at least 0.7."""
    ws, values = _toy_response(150, 20, seed=5)
    out = rb.summarise(["baseline", "toy"], values, ws, seed=5, reps=2)
    sens = out["toy"]["sensitivity"]
    assert sens["method"] == "prcc"
    top = sens["ranking"][0]
    assert top["name"] == "toy.x2" and top["value"] > 0.8 and top["ci95"][0] > 0.5
    assert all(abs(r["value"]) < 0.3 for r in sens["ranking"][1:])
    box = out["toy"]["discovery"]["box"]
    assert [lim["name"] for lim in box["limits"]] == ["toy.x2"]
    assert "min" not in box["limits"][0] and abs(box["limits"][0]["max"] - 0.3) < 0.1
    assert box["coverage"] >= 0.7 and box["density"] >= 0.7
    assert "toy does worse than baseline when toy.x2 is at most" in out["toy"]["discovery"]["text"]


def test_negative_control_pure_noise_gives_no_confident_ranking():
    """Same design, benefit pure noise: no uncertainty's 95 % interval should be far from zero
    (at most 2 of 20 may exclude zero by chance at this level)."""
    ws, u = _toy_world_set(150, 20, seed=9)
    rng = np.random.default_rng(10)
    base = np.full((150, 1, 2), 40.0)
    scen = base - rng.normal(0, 1, (150, 1, 1))
    out = rb.summarise(["baseline", "noise"], {"absence_days_per_pupil_in_need": np.concatenate([base, scen], axis=1)}, ws)
    ranking = out["noise"]["sensitivity"]["ranking"]
    assert sum(r["ci95"][0] > 0 or r["ci95"][1] < 0 for r in ranking) <= 2
    assert abs(ranking[0]["value"]) < 0.4


def test_few_worlds_fall_back_to_spearman():
    ws, values = _toy_response(25, 20, seed=2)
    out = rb.summarise(["baseline", "toy"], values, ws)
    assert out["toy"]["sensitivity"]["method"] == "spearman"
    assert out["toy"]["sensitivity"]["ranking"][0]["name"] == "toy.x2"


# ----------------------------------------------------------------------------- the command (done-when, scaled down)
def test_compare_with_worlds_writes_uncertainty_and_resumes(tmp_path, capsys):
    """`compare baseline skifo --worlds prior:4 --reps 2` on a small municipality: summary.json
    holds prob_better in [0, 1] over 4 distinct worlds; re-run, it runs nothing; with two runs
    removed from the store (an interruption), it runs exactly those two."""
    out = tmp_path / "cmp"
    args = ["compare", "baseline", "skifo", "--worlds", "prior:4", "--reps", "2", "--pupils", "300", "--years", "2",
            "--workers", "2", "--out", str(out)]
    assert main(args) == 0
    s = json.loads((out / "summary.json").read_text())
    u = s["uncertainty"]
    assert 0.0 <= u["skifo"]["prob_better"] <= 1.0
    assert u["worlds"]["n"] == 4 and u["worlds"]["distinct"] == 4
    assert u["runs"] == {**u["runs"], "total": 16, "ran": 16, "failed": 0}
    assert "ranking" in u["skifo"]["sensitivity"] and "discovery" in u["skifo"]
    html = (out / "report.html").read_text()
    assert "How sure are we?" in html and "Hur säkra är vi?" in (out / "report.sv.html").read_text()
    assert main(args) == 0
    u2 = json.loads((out / "summary.json").read_text())["uncertainty"]
    assert u2["runs"]["ran"] == 0 and u2["runs"]["already_stored"] == 16
    assert u2["skifo"]["prob_better"] == u["skifo"]["prob_better"]
    with sqlite3.connect(out / "results.sqlite") as db:
        db.execute("DELETE FROM runs WHERE run_key IN (SELECT run_key FROM runs LIMIT 2)")
    assert main(args) == 0
    u3 = json.loads((out / "summary.json").read_text())["uncertainty"]
    assert u3["runs"]["ran"] == 2 and u3["runs"]["already_stored"] == 14
    assert u3["skifo"][rb.PRIMARY] == u["skifo"][rb.PRIMARY]  # same seeds: the same answer
    assert "NaN" not in (out / "summary.json").read_text().split('"uncertainty"')[1]


def test_bad_worlds_argument_is_one_line_before_any_run(tmp_path, capsys):
    rc = main(["compare", "baseline", "skifo", "--worlds", "prior:x", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "--worlds" in err
    assert not (tmp_path / "o").exists()


def test_report_without_worlds_says_assumptions_were_held_fixed():
    from sim.experiment.compare import Comparison
    from sim.report.robustness import section

    comp = Comparison([load("baseline"), load("skifo")], ["baseline", "skifo"], seed=1, reps=1)
    en, sv = " ".join(section(comp, "en")), " ".join(section(comp, "sv"))
    assert "How sure are we?" in en and "held fixed" in en and "--worlds prior:100" in en
    assert "Hur säkra är vi?" in sv and "hölls fasta" in sv


def test_worlds_file_in_parquet(tmp_path):
    import pandas as pd

    f = tmp_path / "w.parquet"
    pd.DataFrame({"coordination.coordinator_caseload": [7, 20], "network.trust_start": [0.2, 0.6], "weight": [0.5, 0.5]}).to_parquet(f)
    ws = parse(str(f), seed=1)
    assert ws.design == "file" and ws.worlds[0].values["coordination.coordinator_caseload"] == 7
    assert isinstance(ws.worlds[0].values["coordination.coordinator_caseload"], int)


def test_describe_json_gives_role_and_plausible_range(capsys):
    assert main(["describe", "baseline", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)["params"]}
    assert rows["coordination.coordinators"]["role"] == "lever"
    assert rows["attendance.help_delay_halflife"]["role"] == "uncertainty"
    assert rows["attendance.help_delay_halflife"]["plausible"] == "loguniform 30..270"


def test_sobol_indices_on_a_saltelli_design_recover_the_toy_response():
    """Saltelli design, N = 256, 4 inputs (1,536 evaluations), seed 3: y = 5 x2 + 0.5 x0 + noise
    (sd 0.05); x2's total index must exceed 0.8 and the rest stay below 0.1."""
    from SALib.sample import sobol

    names = [f"toy.x{j}" for j in range(4)]
    u = sobol.sample({"num_vars": 4, "names": names, "bounds": [[0, 1]] * 4}, 256, calc_second_order=False, seed=3)
    y = 5 * u[:, 2] + 0.5 * u[:, 0] + np.random.default_rng(3).normal(0, 0.05, len(u))
    res = rb.sensitivity(u, y, names, design="saltelli", unit=u, seed=3)
    assert res["method"] == "sobol_total"
    top = res["ranking"][0]
    assert top["name"] == "toy.x2" and top["value"] > 0.8
    assert all(r["value"] < 0.1 for r in res["ranking"][1:])
    with pytest.raises(InputError, match="power of 2"):
        parse("saltelli:3", 1)
