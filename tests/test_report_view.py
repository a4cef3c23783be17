"""What the official reads: the report's figures, table cells, numbers and words (issue 20).

One small comparison (4 replications, 400 pupils, seed 3) of every built-in model and the
overloaded variant is run once for the module; the checks read its figures and table.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest

from sim.experiment.compare import Comparison, compare
from sim.experiment.replicate import mean_ci, metric_bounds
from sim.report import figures
from sim.report.html import _fmt, display_name, render, table_cell
from sim.report.i18n import METRICS, TEXT, metric_label
from sim.scenario import load

ALL = ["baseline", "skifo", "consultation_team", "research_circle", "school_social_worker", "integrated_team",
       "experiments/coordination_overload.toml"]


@pytest.fixture(scope="module")
def comp() -> Comparison:
    return compare(ALL, reps=4, seed=3, workers=1, overrides={"municipality.n_pupils": 400})


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_no_legend_covers_data_labels_or_titles(comp, lang):
    names = {lbl: display_name(lbl, lang) for lbl in comp.labels}
    for key, build in figures.BUILDERS.items():
        fig = build(comp, names, lang)
        assert figures.overlaps(fig) == [], f"figure {key} ({lang})"


def test_overlap_check_finds_a_legend_on_the_data():
    """Negative control: a legend placed over the curves is reported."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 3), layout="constrained")
    ax, other = fig.subplots(1, 2)
    for i in range(8):
        ax.plot([0, 1], [i, i], label=f"model {i}")
        other.plot([0, 1], [i, i])
    fig.legend(*ax.get_legend_handles_labels(), loc="center")
    assert any("data area" in x for x in figures.overlaps(fig))
    plt.close(fig)


def test_palette_is_distinct_for_eight_models():
    rgb = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in figures.COLOURS]
    assert len(set(figures.COLOURS)) == 8
    # the old palette had two near-identical greens; no pair here is that close
    dist = min(math.dist(a, b) for k, a in enumerate(rgb) for b in rgb[k + 1:])
    assert dist > 60


def test_numbers_never_show_negative_zero_or_break():
    for x in (-0.0, -0.2, -0.4999, 0.0):
        assert _fmt(x, 0) == "0"
    assert _fmt(-0.04, 1, "sv") == "0,0"
    assert _fmt(-3.0, 0) == "\u22123"
    assert _fmt(2206.4, 0) == "2\u202f206" and " " not in _fmt(1234567.0, 0)


def test_table_cells(comp):
    for lang in ("en", "sv"):
        for label in comp.labels:
            for key in METRICS:
                if key not in comp.runs[comp.reference][0]["metrics"]:
                    continue
                cell = table_cell(comp, label, key, lang)
                text = re.sub(r"<[^>]+>", " ", cell)
                assert "-0" not in text and "\u22120 " not in text and "\u22120]" not in text, cell
                # coloured only when the shown interval lies on one side of zero
                m = re.search(r"Δ\s+(\S+)\s+\[([^,]+), ([^\]]+)\]", text)
                if ("good" in cell or "bad" in cell) and m:
                    lo, hi = (float(v.replace("\u2212", "-").replace("\u202f", "").replace(",", ".")) for v in m.groups()[1:])
                    assert not (lo <= 0 <= hi), cell


def test_units_once_and_translated():
    for key in METRICS:
        for lang in ("en", "sv"):
            label = metric_label(key, lang)
            assert label.count("(1–5)") + label.count("(1-5)") <= 1, label
        sv = metric_label(key, "sv")
        assert "(days)" not in sv and "(hours" not in sv and "per run" not in sv, sv
    assert metric_label("reports_of_concern", "en").endswith("(per year)")
    assert metric_label("reports_of_concern", "sv") == "Orosanmälningar (per år)"


BANNED_SV = ["inte slumpen", "Den gör det sämre än stuprören", "startfrö", "lönar sig där samma elever",
             "Median dagar", "Orosanmälningar (per körning)", "L667", "docs/validation.md", "docs/ODD.md"]
BANNED_EN = ["not chance", "L667", "docs/validation.md", "docs/ODD.md", "(per run)"]


def test_words(comp):
    sv = render(comp, "sv")
    en = render(comp, "en")
    for phrase in BANNED_SV:
        assert phrase not in sv, phrase
    for phrase in BANNED_EN:
        assert phrase not in en, phrase
    from sim.report import benefit, costs_section, robustness

    for module, texts in (("i18n", TEXT), ("benefit", benefit.TEXT), ("robustness", robustness.TEXT), ("costs", costs_section.TEXT)):
        for lang, tx in texts.items():
            for key, text in tx.items():
                # an interval over replications says a difference is not simulation noise, nothing more
                assert "chance" not in str(text) and "slumpen" not in str(text), (module, lang, key)


def test_scenario_names_from_the_file(tmp_path):
    f = tmp_path / "weekly_eht.toml"
    f.write_text('[scenario]\nname = "Weekly pupil-health team"\nname_sv = "Elevhälsoteam varje vecka"\n'
                 'description = "EHT every week"\ndescription_sv = "EHT varje vecka"\n\n[eht]\ninterval_days = 7\n')
    c = compare(["baseline", str(f)], reps=2, seed=1, workers=1, overrides={"municipality.n_pupils": 200,
                                                                              "calendar.years": 1})
    assert load(str(f)).title == "Weekly pupil-health team"
    assert "Weekly pupil-health team" in render(c, "en") and "weekly eht" not in render(c, "en")
    assert "Elevhälsoteam varje vecka" in render(c, "sv") and "EHT varje vecka" in render(c, "sv")


def test_intervals_of_shares_stay_within_zero_and_one():
    """A share measured in few runs, near a bound: the t-interval would leave [0, 1]."""
    values = [0.0, 0.0, 1.0, 0.0]
    t = mean_ci(values)  # no bounds: the plain t-interval, as before
    assert t["ci95"][0] < 0
    s = mean_ci(values, metric_bounds("share_caseworkers_under_1y"))
    assert 0.0 <= s["ci95"][0] <= s["mean"] <= s["ci95"][1] <= 1.0 and s["method"] == "bootstrap"
    c = mean_ci([0.0, 1.0, 30.0, 2.0], metric_bounds("repeat_reports"))
    assert c["ci95"][0] >= 0.0
    # inside the range the t-interval stays (negative control: the method switches only when needed)
    assert mean_ci([0.4, 0.5, 0.45, 0.5], metric_bounds("share_x"))["method"] == "t"
    # same values, same interval (fixed bootstrap seed)
    assert mean_ci(values, (0.0, 1.0)) == s


def test_undefined_statistic_is_missing_with_its_count():
    s = mean_ci([float("nan"), 388.0, None, float("nan")], metric_bounds("days_to_multiagency_intervention_median"))
    assert s["mean"] == 388.0 and s["ci95"] == [None, None] and s["n"] == 1 and s["runs"] == 4


def test_run_shares_stay_in_range(comp):
    for label in comp.labels:
        for key in comp.metric_names():
            lo, hi = metric_bounds(key)
            s = comp.summary(label, key)
            if s["ci95"][0] is not None:
                assert lo - 1e-12 <= s["ci95"][0] and s["ci95"][1] <= hi + 1e-12, (label, key, s)


def test_run_table_words_units_and_undefined():
    from sim.report.run_table import lines

    result = {"replications": 3, "params": {"calendar": {"years": 2}}, "metrics": {
        "mean_daily_absence": mean_ci([0.06, 0.07, 0.065], metric_bounds("mean_daily_absence")),
        "reports_of_concern": mean_ci([100.0, 110.0, 90.0], metric_bounds("reports_of_concern")),
        "days_to_multiagency_intervention_median": mean_ci([float("nan"), 388.0, float("nan")]),
        "equity_gap_days": mean_ci([-0.2, 0.1, 0.05]),
    }}
    text = "\n".join(lines(result))
    assert "Mean daily absence (%)" in text and "6.50" in text
    assert "Reports of concern (per year)" in text and " 50 " in text  # 300 over 2 years and 3 runs
    assert "defined in 1 of 3 runs" in text and "[388" not in text
    assert "mean_daily_absence" not in text and "-0 " not in text and "-0]" not in text
