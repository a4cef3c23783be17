"""What a sweep on common random numbers can say pair by pair: paired contrasts against a
reference point, one-at-a-time effects, interaction plots, and whether a sensitivity design is
large enough for its indices to be stable.

On common random numbers (the default) replicate r of every design point uses the same seed,
so the difference between two points is measured run by run: the paired interval is the honest
one and is usually far narrower than comparing marginal means. A marginal band (a parameter's
response averaged over the other parameters) mixes in their effects; the one-at-a-time effects
here hold the other parameters at the reference point instead.
"""
from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..report.run_table import describe
from .comparison import paired_difference
from .design import unit_of


def _axis(name: str) -> str:
    unit = unit_of(name)
    return f"{name} ({unit})" if unit else name

SOBOL_MIN_N = 512      # base samples for stable first-order and total indices (Saltelli et al. 2010; SALib)
MORRIS_MIN_R = 20      # trajectories for a stable mu* ranking (Campolongo et al. 2007 use 10-20; more for many factors)
STABLE_HALF_WIDTH = 0.05  # a Sobol' index known to +-0.05 (95 %) is read as stable here


def reference_point(df: pd.DataFrame) -> int:
    """The first design point (first scenario, the first value of every varied parameter)."""
    ok = df[df["status"] == "ok"]
    return int(ok["point"].min())


def contrasts(df: pd.DataFrame, names: list[str], metrics: list[str], paired: bool = True) -> pd.DataFrame:
    """Every design point against the reference point: difference of each metric with its 95 %
    interval, paired replicate by replicate (common random numbers) and, for comparison, unpaired."""
    ok = df[df["status"] == "ok"]
    ref = reference_point(df)
    base = ok[ok["point"] == ref].set_index("replicate")
    rows = []
    for point, g in ok.groupby("point", sort=True):
        if point == ref:
            continue
        g = g.set_index("replicate")
        common = g.index.intersection(base.index)
        row: dict[str, Any] = {"point": int(point), "scenario": g["scenario"].iloc[0], **{n: g[n].iloc[0] for n in names}}
        for m in metrics:
            d = paired_difference(g.loc[common, m].astype(float).tolist(), base.loc[common, m].astype(float).tolist())
            lo, hi = d.paired if paired else d.unpaired
            row.update({f"{m}_diff": d.mean, f"{m}_lo": lo, f"{m}_hi": hi, f"{m}_unpaired_lo": d.unpaired[0],
                        f"{m}_unpaired_hi": d.unpaired[1], f"{m}_n": d.n})
        rows.append(row)
    return pd.DataFrame(rows)


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> None:
    fig.savefig(path, dpi=110, bbox_inches="tight", pad_inches=0.15)
    _plt().close(fig)


def plot_one_at_a_time(df: pd.DataFrame, con: pd.DataFrame, names: list[str], metric: str, path: Path) -> bool:
    """Each parameter moved alone from the reference point: the paired difference with its 95 %
    interval (the other parameters stay at the reference). Returns False if there is nothing to show."""
    from ..report.figures import COLOURS

    ref = df[df["point"] == reference_point(df)].iloc[0]
    label, _unit, scale, _ = describe(metric)
    panels = []
    for name in names:
        others = [n for n in names if n != name]
        part = con[(con["scenario"] == ref["scenario"])]
        for n in others:
            part = part[part[n] == ref[n]]
        if len(part):
            panels.append((name, part.sort_values(name)))
    if not panels:
        return False
    plt = _plt()
    fig = plt.figure(figsize=(4.4 * len(panels), 3.8), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    for ax, (name, part) in zip(axes, panels):
        x = np.concatenate([[float(ref[name])], part[name].astype(float).to_numpy()])
        y = scale * np.concatenate([[0.0], part[f"{metric}_diff"].to_numpy()])
        lo = scale * np.concatenate([[0.0], part[f"{metric}_lo"].to_numpy()])
        hi = scale * np.concatenate([[0.0], part[f"{metric}_hi"].to_numpy()])
        ax.errorbar(x, y, yerr=[y - lo, hi - y], fmt="o-", color=COLOURS[0], capsize=3)
        ax.axhline(0, color="0.3", lw=0.8)
        ax.set_xlabel(_axis(name))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("\n".join(_wrap(f"difference from the reference point: {label}", 48)))
    fig.suptitle(f"One parameter at a time, the others at the reference point (paired 95 % intervals): {ref['scenario']}",
                 x=0.01, ha="left", fontsize=10)
    _save(fig, path)
    return True


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_long_words=False)


def plot_interactions(df: pd.DataFrame, names: list[str], metric: str, path: Path) -> bool:
    """For each pair of parameters (a, b): the metric against a, one line per value of b, the
    other parameters at the reference point; parallel lines mean no interaction."""
    from ..report.figures import COLOURS, DASHES

    if len(names) < 2:
        return False
    ok = df[df["status"] == "ok"]
    ref = ok[ok["point"] == reference_point(df)].iloc[0]
    ok = ok[ok["scenario"] == ref["scenario"]]
    label, _unit, scale, _ = describe(metric)
    pairs = list(itertools.combinations(names, 2))
    plt = _plt()
    fig = plt.figure(figsize=(4.6 * len(pairs), 4.2), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(pairs)))
    for ax, (a, b) in zip(axes, pairs):
        part = ok
        for n in names:
            if n not in (a, b):
                part = part[part[n] == ref[n]]
        for k, (bv, g) in enumerate(part.groupby(b, sort=True)):
            stats = g.groupby(a, sort=True)[metric].agg(["mean", "std", "count"])
            half = 1.96 * stats["std"].fillna(0) / np.sqrt(stats["count"])
            ax.errorbar(stats.index.astype(float), scale * stats["mean"], yerr=scale * half, fmt="o", ls=DASHES[k % len(DASHES)],
                        color=COLOURS[k % len(COLOURS)], capsize=3, label=f"{b} = {bv:g}")
        ax.set_xlabel(_axis(a))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.18), ncol=2)
    axes[0].set_ylabel("\n".join(_wrap(label, 40)))
    fig.suptitle(f"Interactions (mean over replications, 95 % intervals; other parameters at the reference point): {ref['scenario']}",
                 x=0.01, ha="left", fontsize=10)
    _save(fig, path)
    return True


def next_power_of_two(n: float) -> int:
    return 1 << max(0, math.ceil(math.log2(max(n, 1))))


def design_size_warning(design: str, samples: int | None, n_vars: int, replications: int,
                        indices: pd.DataFrame | None = None) -> str | None:
    """A warning when a Sobol' or Morris design is too small for stable indices, with the size
    that would be (None when the design is large enough)."""
    if design == "sobol" and samples:
        widest = float(np.nanmax(indices[["S1_conf", "ST_conf"]].to_numpy())) if indices is not None and len(indices) else math.nan
        need = SOBOL_MIN_N
        if math.isfinite(widest) and widest > STABLE_HALF_WIDTH:
            need = max(need, next_power_of_two(samples * (widest / STABLE_HALF_WIDTH) ** 2))  # half-width ~ 1/sqrt(N)
        if samples >= need:
            return None
        shown = f"; its 95 % intervals reach ±{widest:.2f}" if math.isfinite(widest) else ""
        return (f"Sobol' design too small for stable indices: N = {samples} base samples{shown}. "
                f"Use N ≥ {need} (a power of 2): {need * (n_vars + 2):,} design points x {replications} replication(s) "
                f"= {need * (n_vars + 2) * replications:,} runs.")
    if design == "morris" and samples:
        if samples >= MORRIS_MIN_R:
            return None
        return (f"Morris design too small for a stable ranking: {samples} trajectories. Use at least {MORRIS_MIN_R}: "
                f"{MORRIS_MIN_R * (n_vars + 1):,} design points x {replications} replication(s) = "
                f"{MORRIS_MIN_R * (n_vars + 1) * replications:,} runs.")
    return None
