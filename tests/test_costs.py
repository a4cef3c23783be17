"""Costs in SEK a year: the parts add up, prices scale their part and change nothing else,
and a model identical to the reference has no incremental cost or benefit."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from sim import costs
from sim.report.output import write_outputs
from sim.experiment.compare import compare
from sim.experiment.costs_compare import cost_effectiveness, ratio
from sim.experiment.replicate import run_one
from sim.model import SchoolModel
from sim.outcomes import LogTable
from sim.params import Costs
from sim.scenario import load

SMALL = {"municipality.n_pupils": 400, "calendar.years": 1}
MEETING_WAGES = [f"wage_{r}" for r in ("mentor", "principal", "kurator", "nurse", "special_educator", "psychologist",
                                       "intake", "case_officer", "therapist", "bup_first", "bup_treatment")]


@pytest.fixture(scope="module")
def skifo_run():
    model = SchoolModel(load("skifo", SMALL).params, seed=4)
    model.run()
    model.finish()
    return model


def _bill(model, **prices):
    params = model.params.model_copy(update={"costs": Costs(**prices)})  # the default prices, changed as given
    return costs.cost_metrics(LogTable(model.log), params=params, staff=model.staff, ledger=model.ledger, day=model.day,
                              since=model.measure_from_day)


def test_parts_sum_to_total(skifo_run):
    bill = _bill(skifo_run)
    assert set(costs.PARTS) | {costs.TOTAL} <= set(bill)
    assert math.isclose(sum(bill[k] for k in costs.PARTS), bill[costs.TOTAL], rel_tol=1e-12)
    assert all(bill[k] >= 0 for k in costs.PARTS)
    # SKIFO at 400 pupils: one coordinator post (2 x 400 / 1,600 = 0.5, at least one)
    assert bill["cost_posts_sek"] == pytest.approx(costs.annual_cost(skifo_run.params.costs, "coordinator"))
    assert bill["cost_meetings_sek"] > 0 and bill["cost_casework_sek"] > 0
    assert 0 < bill["cost_borne_by_region_sek"] < bill[costs.TOTAL]


def test_doubling_a_wage_doubles_its_part(skifo_run):
    base = _bill(skifo_run)
    posts = _bill(skifo_run, wage_coordinator=2 * Costs().wage_coordinator)
    assert posts["cost_posts_sek"] == 2 * base["cost_posts_sek"]
    assert posts["cost_meetings_sek"] == base["cost_meetings_sek"]  # the coordinator's meetings are inside her post
    meetings = _bill(skifo_run, **{w: 2 * getattr(Costs(), w) for w in MEETING_WAGES})
    assert meetings["cost_meetings_sek"] == pytest.approx(2 * base["cost_meetings_sek"], rel=1e-12)
    assert meetings["cost_posts_sek"] == base["cost_posts_sek"]
    investigation = _bill(skifo_run, price_investigation=2 * Costs().price_investigation)
    since = skifo_run.measure_from_day  # the bill covers the measured period, after the warm-up
    n = costs.counts(LogTable(skifo_run.log), since)["investigation"]
    assert n > 0
    years = (skifo_run.day - since) / 365.0
    assert investigation["cost_casework_sek"] - base["cost_casework_sek"] == pytest.approx(n * Costs().price_investigation / years)


def test_prices_change_the_bill_not_the_run():
    params = load("skifo", SMALL).params.model_dump()
    dearer = load("skifo", {**SMALL, "costs.wage_coordinator": 80000.0, "costs.overhead": 0.3}).params.model_dump()
    a, b = run_one(params, 7)["metrics"], run_one(dearer, 7)["metrics"]
    for key in a:
        if not key.startswith("cost_"):
            assert a[key] == b[key] or (isinstance(a[key], float) and math.isnan(a[key]) and math.isnan(b[key])), key
    assert b["cost_posts_sek"] == pytest.approx(a["cost_posts_sek"] * 2 * 1.3 / 1.15)


def test_silo_has_no_posts():
    """Negative control: the silo adds no posts, whatever a coordinator costs."""
    m = run_one(load("baseline", {**SMALL, "costs.wage_coordinator": 99000.0}).params.model_dump(), 3)["metrics"]
    assert m["cost_posts_sek"] == 0.0 and m[costs.TOTAL] > 0


def test_ratio_is_undefined_when_the_benefit_may_be_zero():
    rng = np.random.default_rng(0)
    cost = np.array([100.0, 120.0, 110.0, 90.0])
    r = ratio(cost, np.array([-1.0, 2.0, 0.5, -0.5]), [-1.5, 2.0], rng)
    assert r["value"] is None and r["ci95"] == [None, None] and "undefined" in r["status"]
    r = ratio(cost, np.array([10.0, 12.0, 11.0, 9.0]), [8.0, 13.0], rng)
    assert r["value"] == pytest.approx(420 / 42) and r["ci95"][0] <= r["value"] <= r["ci95"][1]
    assert r["quadrant"] == "costs_more_for_more"
    r = ratio(-cost, np.array([10.0, 12.0, 11.0, 9.0]), [8.0, 13.0], rng)
    assert r["quadrant"] == "dominant"


def test_identical_scenario_has_no_incremental_cost_or_benefit(tmp_path):
    """3 replications, root seed 5, 400 pupils, two years (the outcomes follow a pupil a year): baseline against itself gives paired
    differences of exactly zero (intervals contain 0, the ratios undefined); against SKIFO the
    extra cost is clearly above zero (negative control: the test can tell a difference)."""
    comp = compare(["baseline", "baseline", "skifo"], reps=3, seed=5, workers=1,
                   overrides={"municipality.n_pupils": 400})
    ce = cost_effectiveness(comp)
    same = ce["baseline'"]
    for key in ("incremental_cost_sek", "school_days_regained_per_year", "pupils_recovered_per_year"):
        lo, hi = same[key]["ci95"]
        assert lo <= 0 <= hi, key
    assert same["sek_per_school_day_regained"]["value"] is None
    assert same["sek_per_pupil_recovered"]["value"] is None
    lo, hi = ce["skifo"]["incremental_cost_sek"]["ci95"]
    assert lo > 0
    from sim.report.costs_section import printed_costs
    lines = printed_costs(comp)
    assert len(lines) == 4 and "undefined" in next(x for x in lines if x.strip().startswith("baseline'"))
    write_outputs(comp, tmp_path, lang="en")
    summary = json.loads((tmp_path / "summary.json").read_text(), parse_constant=lambda c: pytest.fail(f"non-strict JSON: {c}"))
    entry = summary["costs"]["skifo"]
    for key in ("cost_sek_per_year", "incremental_cost_sek", "sek_per_school_day_regained", "sek_per_pupil_recovered"):
        assert key in entry
    assert set(summary["cost_acceptability"]["probability_best"]) == {"baseline", "baseline'", "skifo"}
    for k in range(len(summary["cost_acceptability"]["sek_per_school_day"])):
        assert sum(p[k] for p in summary["cost_acceptability"]["probability_best"].values()) == pytest.approx(1.0)
    for lang, path in (("en", "report.html"), ("sv", "report.sv.html")):
        html = (tmp_path / path).read_text()
        assert ("What it costs" if lang == "en" else "Vad det kostar") in html
        assert "costs.price_investigation" in html
        assert ("Assumptions and prices were held fixed" if lang == "en" else "Antaganden och priser hölls fasta") in html


def test_every_price_has_a_plausible_range_inside_its_allowed_range():
    """The worlds of compare --worlds may draw every price (sim/costs.py PRICE_RANGES)."""
    assert {k.split(".")[1] for k in costs.PRICE_RANGES} == set(Costs.model_fields)
    for name, r in costs.PRICE_RANGES.items():
        extra = Costs.model_fields[name.split(".")[1]].json_schema_extra
        assert extra["lo"] <= r.lo < r.hi <= extra["hi"], name
        assert r.lo <= getattr(Costs(), name.split(".")[1]) <= r.hi, name  # the default lies in its range
        assert r.dist in ("uniform", "loguniform") and r.reason


def test_the_report_cites_the_price_sources_by_key():
    """The report's price table names each price's class in words and links every key its source
    names to an entry of the works cited below it (the bibliography of docs/sources.md)."""
    import re

    from sim.report.costs_section import _cited, price_table
    from sim.sources import BY_KEY, keys

    html = price_table(Costs(), "en")
    sources = [str((f.json_schema_extra or {})["source"]) for f in Costs.model_fields.values()]
    cited = {k for s in sources for k in keys(s)} - {"Judgement"}
    assert cited and cited <= set(BY_KEY)
    assert set(re.findall(r"href='#src-([^']+)'", html)) == cited
    assert set(re.findall(r"<li id='src-([^']+)'>", html)) == cited
    assert html.count("<i>data</i>") + html.count("<i>assumption</i>") == len(sources)
    assert "antagande" in price_table(Costs(), "sv")
    assert "http" not in html  # the report opens offline; the addresses are in docs/sources.md
    # negative control: a key that is not an entry is left as text, not linked
    assert "href" not in _cited("data: [No-Such-Work] p. 3", "en")


def test_acceptability_over_worlds_toy():
    """A toy of 40 worlds x 3 scenarios x 2 replicates (numpy seed 11): 'better' regains 2 days
    per pupil in need for 1 MSEK more in every world, 'worse' loses days and costs more, 'noisy'
    is the reference up to noise. Shares lie in [0, 1] and sum to 1 at every willingness to pay;
    'better' wins every world above its price and none below it, 'worse' none; a scenario that
    dominates by construction wins at every willingness to pay. Weights count: all the weight on
    one world makes that world's winner take share 1."""
    from sim.experiment.costs_compare import acceptability_worlds

    rng = np.random.default_rng(11)
    n_w, reps = 40, 2
    need = np.full((n_w, 4, reps), 50.0)
    absent = 20 + rng.normal(0, 3, (n_w, 1, 1)) + np.zeros((n_w, 4, reps))
    cost = 1e7 + rng.normal(0, 1e6, (n_w, 1, 1)) + np.zeros((n_w, 4, reps))
    absent[:, 1] -= 2.0            # better: 100 school days a year regained in every world...
    cost[:, 1] += 1e6              # ...for 1 MSEK more: 10,000 SEK a day
    absent[:, 2] += 1.0            # worse: loses days...
    cost[:, 2] += 2e5              # ...and costs more
    absent[:, 3] += rng.normal(0, 0.2, (n_w, reps))  # noisy: the reference up to noise
    cost[:, 3] += rng.normal(0, 1e5, (n_w, reps))
    TOTAL = costs.TOTAL
    values = {TOTAL: cost, "absence_days_per_pupil_in_need": absent, "pupils_in_need_per_year": need}
    labels = ["ref", "better", "worse", "noisy"]
    grid = [0.0, 5000.0, 9000.0, 20000.0, 50000.0]
    out = acceptability_worlds(labels, values, np.ones(n_w), grid)
    assert out["n_worlds"] == n_w and out["sek_per_school_day"] == grid
    p = out["probability_best"]
    for k in range(len(grid)):
        shares = [p[lbl][k] for lbl in labels]
        assert all(0.0 <= x <= 1.0 for x in shares) and sum(shares) == pytest.approx(1.0)
    assert p["worse"] == [0.0] * len(grid)  # dominated in every world
    assert p["better"][:3] == [0.0, 0.0, 0.0] and p["better"][3:] == [1.0, 1.0]  # above its price it wins everywhere
    assert 0.2 < p["noisy"][0] < 0.8  # negative control: a coin toss against the reference, not 0 or 1

    # a scenario that dominates by construction (fewer days absent and cheaper) wins at every WTP > 0
    dom = {k: v.copy() for k, v in values.items()}
    dom["absence_days_per_pupil_in_need"][:, 1] = absent[:, 0] - 1.0
    dom[TOTAL][:, 1] = cost[:, 0] - 1e6
    assert acceptability_worlds(labels, dom, np.ones(n_w), grid)["probability_best"]["better"] == [1.0] * len(grid)

    # weights: all the weight on one world where 'noisy' wins at WTP 0
    net0 = -(cost[:, 3] - cost[:, 0]).mean(axis=1)
    j = int(np.argmax(net0))
    w = np.zeros(n_w)
    w[j] = 1.0
    assert acceptability_worlds(labels, values, w, [0.0])["probability_best"]["noisy"] == [1.0]
    assert acceptability_worlds(labels, {k: v for k, v in values.items() if k != TOTAL}, np.ones(n_w)) == {}
