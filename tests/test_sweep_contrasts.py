"""The sweep report on common random numbers: paired contrasts, interaction plots, and the
warning for Sobol'/Morris designs too small for stable indices (issue 20)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiment import contrasts as ct


def _frame(effect: float, noise: np.ndarray) -> pd.DataFrame:
    """Two points on the same replicates: a shared per-replicate noise (common random numbers)
    plus an effect of moving ``a`` from 0 to 1."""
    rows = []
    for point, a in enumerate((0.0, 1.0)):
        for r, e in enumerate(noise):
            rows.append({"point": point, "replicate": r, "scenario": "baseline", "status": "ok", "a": a,
                         "m": 10.0 + effect * a + e})
    return pd.DataFrame(rows)


def test_paired_contrast_is_sharper_than_unpaired():
    noise = np.random.default_rng(4).normal(0, 3.0, 10)
    con = ct.contrasts(_frame(1.0, noise), ["a"], ["m"])
    row = con.iloc[0]
    assert abs(row["m_diff"] - 1.0) < 1e-9  # the shared noise cancels pair by pair
    assert row["m_hi"] - row["m_lo"] < 1e-6 < row["m_unpaired_hi"] - row["m_unpaired_lo"]
    # negative control: without an effect the paired difference is zero
    assert abs(ct.contrasts(_frame(0.0, noise), ["a"], ["m"]).iloc[0]["m_diff"]) < 1e-9


def test_small_sobol_and_morris_designs_are_flagged():
    si = pd.DataFrame({"parameter": ["x", "y"], "S1": [1.35, 0.1], "S1_conf": [1.16, 0.3], "ST": [0.9, 0.2], "ST_conf": [0.8, 0.2]})
    w = ct.design_size_warning("sobol", 8, 8, 1, si)
    assert w and "N = 8" in w and "±1.16" in w
    need = int(w.split("N ≥ ")[1].split(" ")[0])
    assert need >= ct.SOBOL_MIN_N and need & (need - 1) == 0
    assert ct.design_size_warning("sobol", 4096, 8, 1, si.assign(S1_conf=0.01, ST_conf=0.02)) is None
    assert "20" in ct.design_size_warning("morris", 4, 6, 2)
    assert ct.design_size_warning("morris", 40, 6, 2) is None
    assert ct.design_size_warning("factorial", None, 2, 3) is None


def test_interaction_plot_and_labels(tmp_path):
    rows = []
    for point, (a, b) in enumerate([(7, 20), (7, 40), (28, 20), (28, 40)]):
        for r in range(3):
            rows.append({"point": point, "replicate": r, "scenario": "baseline", "status": "ok",
                         "eht.interval_days": a, "staircase.window": b, "mean_daily_absence": 0.05 + 0.001 * a + 0.0001 * b + 0.001 * r})
    df = pd.DataFrame(rows)
    assert ct.plot_interactions(df, ["eht.interval_days", "staircase.window"], "mean_daily_absence", tmp_path / "i.png")
    con = ct.contrasts(df, ["eht.interval_days", "staircase.window"], ["mean_daily_absence"])
    assert ct.plot_one_at_a_time(df, con, ["eht.interval_days", "staircase.window"], "mean_daily_absence", tmp_path / "e.png")
    assert (tmp_path / "i.png").stat().st_size > 5000 and (tmp_path / "e.png").stat().st_size > 5000
