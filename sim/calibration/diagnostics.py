"""What a calibration wrote: the posterior worlds, the fit of each target, and how the run went.

- ``posterior.csv``: one row per world of the last generation, one column per fitted parameter
  (dotted name), ``weight`` (importance weight, sums to 1) and ``world`` (an id): the worlds file
  that ``samsim compare --worlds`` reads.
- ``diagnostics.json`` / ``calibration.md``: per generation the tolerance epsilon, proposals,
  acceptance and effective sample size (ESS = (sum w)^2 / sum w^2); per parameter the prior and the
  posterior (weighted median and 90 % range) and how much the calibration narrowed it; per
  target the value and band against the simulated statistic in the prior worlds (generation 0)
  and in the posterior worlds (weighted mean and 90 % range). A target *fits* when the
  posterior's weighted mean lies inside its band.
- ``posterior_vs_prior.png``, ``target_fit.png``: the same as figures.
"""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from .priors import prior
from .targets import Targets


def wquantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    """Weighted quantile (the inverse of the weighted empirical distribution, midpoint rule)."""
    ok = np.isfinite(x)
    x, w = x[ok], w[ok]
    if not x.size or w.sum() <= 0:
        return math.nan
    order = np.argsort(x)
    x, w = x[order], w[order]
    cum = (np.cumsum(w) - 0.5 * w) / w.sum()
    return float(np.interp(q, cum, x))


def _num(v: float) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


def prior_quantile(name: str, q: float) -> float:
    p = prior(name)
    if p.dist == "uniform":
        return p.lo + q * (p.hi - p.lo)
    return float(math.exp(math.log(p.lo) + q * (math.log(p.hi) - math.log(p.lo))))


def summarise(history, targets: Targets) -> dict[str, Any]:
    """Everything the diagnostics say, as plain data (strict JSON)."""
    t_last = history.max_t
    df, w = history.get_distribution(m=0, t=t_last)
    w = np.asarray(w, dtype=float)
    w = w / w.sum()
    pops = history.get_all_populations()
    generations = []
    for _, row in pops[pops.t >= 0].iterrows():
        _, wt = history.get_distribution(m=0, t=int(row.t))
        wt = np.asarray(wt, dtype=float)
        n = len(wt)
        generations.append({
            "generation": int(row.t), "epsilon": _num(float(row.epsilon)), "proposals": int(row.samples),
            "accepted": n, "acceptance": n / max(int(row.samples), 1), "ess": float(wt.sum() ** 2 / (wt ** 2).sum()),
        })
    params = {}
    for name in targets.parameters:
        x = df[name].to_numpy(dtype=float)
        p = prior(name)
        pw = prior_quantile(name, 0.95) - prior_quantile(name, 0.05)
        q05, q50, q95 = (wquantile(x, w, q) for q in (0.05, 0.5, 0.95))
        params[name] = {
            "role": "fitted" if name in targets.fit else "carried (informed by no target)",
            "prior": {"dist": p.dist, "lo": p.lo, "hi": p.hi, "reason": p.reason,
                      "median": prior_quantile(name, 0.5), "q05": prior_quantile(name, 0.05), "q95": prior_quantile(name, 0.95)},
            "posterior": {"median": q50, "q05": q05, "q95": q95, "mean": float(np.sum(w * x))},
            "width_ratio": (q95 - q05) / pw if pw > 0 else None,
        }
    w_post, ss_post = history.get_weighted_sum_stats(t=t_last)
    w_post = np.asarray(w_post, dtype=float)
    w_post = w_post / w_post.sum()
    w_prior, ss_prior = history.get_weighted_sum_stats(t=0)
    w_prior = np.asarray(w_prior, dtype=float)
    w_prior = w_prior / w_prior.sum()
    fit = []
    for tg in targets.targets:
        post = np.array([s.get(tg.statistic, math.nan) for s in ss_post], dtype=float)
        pri = np.array([s.get(tg.statistic, math.nan) for s in ss_prior], dtype=float)
        ok = np.isfinite(post)
        mean = float(np.sum(w_post[ok] * post[ok]) / w_post[ok].sum()) if ok.any() else math.nan
        lo, hi = tg.band
        fit.append({
            "statistic": tg.statistic, "value": tg.value, "tolerance": tg.tolerance, "band": [lo, hi], "source": tg.source,
            "posterior_mean": _num(mean), "posterior_q05": _num(wquantile(post, w_post, 0.05)),
            "posterior_q95": _num(wquantile(post, w_post, 0.95)),
            "prior_q05": _num(wquantile(pri, w_prior, 0.05)), "prior_q95": _num(wquantile(pri, w_prior, 0.95)),
            "share_worlds_in_band": _num(float(np.sum(w_post[ok & (post >= lo) & (post <= hi)]))),
            "fits": bool(math.isfinite(mean) and lo <= mean <= hi),
        })
    return {
        "generations": generations,
        "final_generation": int(t_last),
        "worlds": int(len(df)),
        "ess": generations[-1]["ess"],
        "total_simulations": int(sum(g["proposals"] for g in generations)),
        "parameters": params,
        "targets": fit,
        "all_targets_fit": all(f["fits"] for f in fit),
    }


def write_posterior(history, targets: Targets, path: Path) -> int:
    """The worlds file: ``world``, one column per parameter, ``weight`` (sums to 1)."""
    df, w = history.get_distribution(m=0, t=history.max_t)
    w = np.asarray(w, dtype=float)
    w = w / w.sum()
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["world", *targets.parameters, "weight"])
        for i, (_, row) in enumerate(df.iterrows()):
            out.writerow([i, *(repr(float(row[n])) for n in targets.parameters), repr(float(w[i]))])
    return len(df)


def figures(history, targets: Targets, summary: dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    df, w = history.get_distribution(m=0, t=history.max_t)
    w = np.asarray(w, dtype=float)
    names = list(targets.parameters)
    cols = 4
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        p = prior(name)
        x = df[name].to_numpy(dtype=float)
        log = p.dist == "loguniform"
        edges = np.geomspace(p.lo, p.hi, 21) if log else np.linspace(p.lo, p.hi, 21)
        ax.hist(x, bins=edges, weights=w / w.sum(), color="#3b6ea5", alpha=0.8, label="posterior")
        # the prior's mass per bin (uniform in its own scale: equal mass per bin)
        ax.hlines(1 / 20, p.lo, p.hi, colors="#c0392b", linestyles="--", label="prior")
        if log:
            from matplotlib.ticker import NullFormatter

            ax.set_xscale("log")
            ax.xaxis.set_minor_formatter(NullFormatter())
            ticks = np.geomspace(p.lo, p.hi, 4)
            ax.set_xticks(ticks, [f"{t:.3g}" for t in ticks])
        ax.set_title(name, fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.suptitle(f"Posterior (bars, generation {history.max_t + 1}) against prior (dashed): share of worlds per bin", fontsize=9)
    fig.tight_layout()
    fig.savefig(out / "posterior_vs_prior.png", dpi=110)
    plt.close(fig)

    fit = summary["targets"]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(fit) + 1.2))
    for i, f in enumerate(fit):
        tol = f["tolerance"]

        def z(v):
            return None if v is None else (v - f["value"]) / tol
        ax.axhspan(i - 0.35, i + 0.35, xmin=0, xmax=0, color="none")
        ax.plot([-1, 1], [i, i], color="#2e7d32", lw=6, alpha=0.3, solid_capstyle="butt")
        if f["prior_q05"] is not None:
            ax.plot([z(f["prior_q05"]), z(f["prior_q95"])], [i + 0.15] * 2, color="#999999", lw=1.5)
        if f["posterior_q05"] is not None:
            ax.plot([z(f["posterior_q05"]), z(f["posterior_q95"])], [i - 0.1] * 2, color="#3b6ea5", lw=2)
        if f["posterior_mean"] is not None:
            ax.plot([z(f["posterior_mean"])], [i - 0.1], "o", color="#3b6ea5")
    ax.set_yticks(range(len(fit)), [f["statistic"] for f in fit], fontsize=8)
    ax.set_xlim(-6, 6)
    ax.axvline(0, color="k", lw=0.5)
    ax.set_xlabel("miss in tolerances (0 = the target)", fontsize=8)
    ax.set_title("green: the band; grey: prior worlds, 90 %; blue: posterior worlds, 90 % and mean", fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "target_fit.png", dpi=110)
    plt.close(fig)


def to_markdown(summary: dict[str, Any], spec: dict[str, Any], timing: dict[str, Any]) -> str:
    def f(v):
        if v is None:
            return "n/a"
        return f"{v:.3g}"
    lines = [
        f"# samsim calibration: {spec.get('name', '')}", "",
        f"samsim {spec['samsim_version']}; targets `{spec['targets_file']}`; budget `{spec['budget']['name']}` "
        f"({spec['budget']['note']}); seed {spec['seed']}; run hash `{spec['hash']}`.",
        f"{summary['worlds']} weighted worlds in generation {summary['final_generation'] + 1}; ESS {summary['ess']:.0f}; "
        f"{summary['total_simulations']} simulated municipalities; {timing.get('seconds', 0):.0f} s this call.", "",
        "## Fit of each target", "",
        "| statistic | target | band | prior worlds 90 % | posterior mean | posterior 90 % | worlds in band | fits | source |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in summary["targets"]:
        lines.append(f"| `{t['statistic']}` | {f(t['value'])} | {f(t['band'][0])}-{f(t['band'][1])} | "
                     f"{f(t['prior_q05'])}-{f(t['prior_q95'])} | {f(t['posterior_mean'])} | "
                     f"{f(t['posterior_q05'])}-{f(t['posterior_q95'])} | {f(t['share_worlds_in_band'])} | "
                     f"{'yes' if t['fits'] else '**no**'} | {t['source']} |")
    lines += ["", "## Generations", "", "| generation | epsilon | proposals | accepted | acceptance | ESS |", "|---|---|---|---|---|---|"]
    for g in summary["generations"]:
        lines.append(f"| {g['generation'] + 1} | {f(g['epsilon'])} | {g['proposals']} | {g['accepted']} | {g['acceptance']:.3f} | {g['ess']:.0f} |")
    lines += ["", "## Parameters (prior -> posterior)", "",
              "| parameter | role | prior | prior 90 % | posterior median | posterior 90 % | width / prior width |", "|---|---|---|---|---|---|---|"]
    for n, p in summary["parameters"].items():
        pr, po = p["prior"], p["posterior"]
        lines.append(f"| `{n}` | {p['role']} | {pr['dist']} {f(pr['lo'])}-{f(pr['hi'])} | {f(pr['q05'])}-{f(pr['q95'])} | "
                     f"{f(po['median'])} | {f(po['q05'])}-{f(po['q95'])} | {f(p['width_ratio'])} |")
    lines += ["", "A width ratio near 1 means the targets do not inform the parameter: its uncertainty stays as wide as "
              "the plausible range and reaches the worlds unchanged.", ""]
    return "\n".join(lines)


def write_all(history, targets: Targets, spec: dict[str, Any], out: Path, timing: dict[str, Any]) -> dict[str, Any]:
    n = write_posterior(history, targets, out / "posterior.csv")
    summary = summarise(history, targets)
    summary["timing"] = timing
    summary["spec"] = spec
    (out / "diagnostics.json").write_text(json.dumps(summary, indent=1, allow_nan=False, default=str))
    (out / "calibration.md").write_text(to_markdown(summary, spec, timing))
    figures(history, targets, summary, out)
    assert n == summary["worlds"]
    return summary
