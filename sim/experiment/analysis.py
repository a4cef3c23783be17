"""What a sweep says: tables of runs, responses with confidence bands, Sobol' and Morris indices.

Everything here reads only the sweep's store, so a report can be made at any time - also of
a sweep that is still running or was interrupted (its design points without runs are left
out, and Sobol'/Morris wait until every point has a value).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .store import Store

RUN_COLUMNS = ["run_key", "point", "replicate", "seed", "scenario", "status", "error", "duration_s"]


def runs_frame(store: Store) -> pd.DataFrame:
    """One row per stored run: identity, status, one column per varied parameter and per metric."""
    names = store.get_meta("names", [])
    rows = []
    for r in store.runs():
        row = {k: r[k] for k in RUN_COLUMNS}
        row.update({n: r["params"].get(n) for n in names})
        row.update(r["metrics"])
        rows.append(row)
    df = pd.DataFrame(rows, columns=None if rows else RUN_COLUMNS + names)
    return df.sort_values(["point", "replicate"], kind="stable").reset_index(drop=True)


def metric_names(store: Store, df: pd.DataFrame) -> list[str]:
    fixed = set(RUN_COLUMNS) | set(store.get_meta("names", []))
    return [c for c in df.columns if c not in fixed]


def series_frame(store: Store) -> pd.DataFrame:
    """Kept daily series in long form: run, point, replicate, series, day, value."""
    rows = []
    for r in store.runs():
        for name, values in (r["series"] or {}).items():
            for day, v in enumerate(values):
                rows.append((r["run_key"], r["point"], r["replicate"], name, day, v))
    return pd.DataFrame(rows, columns=["run_key", "point", "replicate", "series", "day", "value"])


def export(directory: str | Path) -> list[Path]:
    """Write ``runs.csv`` and ``runs.parquet`` (and ``series.parquet`` if series were kept)."""
    d = Path(directory)
    with Store(d) as store:
        df = runs_frame(store)
        series = series_frame(store)
    written = [d / "runs.csv", d / "runs.parquet"]
    df.to_csv(written[0], index=False)
    df.to_parquet(written[1], index=False)
    if len(series):
        written.append(d / "series.parquet")
        series.to_parquet(written[-1], index=False)
    return written


# ----------------------------------------------------------------------------- summaries
def mean_ci(x: np.ndarray) -> tuple[float, float, float, int]:
    """Mean and 95 % t-interval of the finite values of ``x``."""
    from scipy import stats

    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    m = float(x.mean())
    if n < 2:
        return m, m, m, 1
    half = float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return m, m - half, m + half, n


def by_point(df: pd.DataFrame, names: list[str], metrics: list[str]) -> pd.DataFrame:
    """Mean, 95 % CI and count of each metric at each design point (successful runs)."""
    ok = df[df["status"] == "ok"]
    rows = []
    for point, g in ok.groupby("point", sort=True):
        row: dict[str, Any] = {"point": point, "scenario": g["scenario"].iloc[0], **{n: g[n].iloc[0] for n in names}, "runs": len(g)}
        for m in metrics:
            mean, lo, hi, n = mean_ci(g[m].to_numpy())
            row.update({f"{m}_mean": mean, f"{m}_lo": lo, f"{m}_hi": hi, f"{m}_n": n})
        rows.append(row)
    return pd.DataFrame(rows)


def response(df: pd.DataFrame, name: str, metric: str, discrete: bool, bins: int = 8) -> pd.DataFrame:
    """A metric's response to one parameter, over every run and scenario: mean and 95 % CI
    at each value (factorial), or in quantile bins of the parameter (sampled designs)."""
    ok = df[df["status"] == "ok"]
    rows = []
    for scen, g in ok.groupby("scenario", sort=False):
        x = g[name].astype(float)
        if discrete or x.nunique() <= bins:
            groups = g.groupby(x, sort=True)
            for value, h in groups:
                mean, lo, hi, n = mean_ci(h[metric].to_numpy())
                rows.append({"scenario": scen, "parameter": name, "value": float(value), "metric": metric,
                             "mean": mean, "lo": lo, "hi": hi, "n": n})
        else:
            cut = pd.qcut(x, bins, duplicates="drop")
            for interval, h in g.groupby(cut, observed=True, sort=True):
                mean, lo, hi, n = mean_ci(h[metric].to_numpy())
                rows.append({"scenario": scen, "parameter": name, "value": float(h[name].astype(float).mean()),
                             "metric": metric, "mean": mean, "lo": lo, "hi": hi, "n": n})
    return pd.DataFrame(rows, columns=["scenario", "parameter", "value", "metric", "mean", "lo", "hi", "n"])


def design_outputs(store: Store, df: pd.DataFrame, metric: str, scenario: str) -> tuple[np.ndarray, np.ndarray, str]:
    """The design matrix X and the per-point mean output Y of one scenario, in design order.

    Returns an empty Y and a reason when a point has no value yet (unfinished, failed, or a
    median never reached in any replicate)."""
    pts = [p for p in store.points() if p["scenario"] == scenario]
    X = np.array([p["x"] for p in pts], dtype=float)
    ok = df[(df["status"] == "ok") & (df["scenario"] == scenario)]
    means = ok.groupby("point")[metric].mean() if len(ok) else pd.Series(dtype=float)
    Y = np.array([means.get(p["point"], math.nan) for p in pts], dtype=float)
    missing = int((~np.isfinite(Y)).sum())
    if missing:
        return X, np.array([]), f"{missing} of {len(Y)} design points have no value of {metric} (not run, failed, or never reached)"
    return X, Y, ""


def sobol_indices(problem: dict[str, Any], Y: np.ndarray, second_order: bool = False, seed: int = 1) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol' indices with 95 % bootstrap half-widths."""
    from SALib.analyze import sobol

    with np.errstate(all="ignore"):
        si = sobol.analyze(problem, Y, calc_second_order=second_order, seed=seed, print_to_console=False)
    return pd.DataFrame({"parameter": problem["names"], "S1": si["S1"], "S1_conf": si["S1_conf"],
                         "ST": si["ST"], "ST_conf": si["ST_conf"]})


def morris_indices(problem: dict[str, Any], X: np.ndarray, Y: np.ndarray, levels: int = 4, seed: int = 1) -> pd.DataFrame:
    """Morris elementary effects: mu, mu* (with 95 % half-width) and sigma per parameter."""
    from SALib.analyze import morris

    si = morris.analyze(problem, X, Y, num_levels=levels, seed=seed, print_to_console=False)
    return pd.DataFrame({"parameter": problem["names"], "mu": si["mu"], "mu_star": si["mu_star"],
                         "mu_star_conf": si["mu_star_conf"], "sigma": si["sigma"]})


def problem_from_meta(store: Store) -> dict[str, Any]:
    exp = store.get_meta("experiment")
    names = store.get_meta("names")
    bounds = [[float(exp["vary"][n]["low"]), float(exp["vary"][n]["high"])] for n in names]
    return {"num_vars": len(names), "names": names, "bounds": bounds}
