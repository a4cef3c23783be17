"""``samsim sweep-report DIR``: summary tables and figures of a stored sweep.

Writes to ``DIR/report/``:

- ``by_point.csv`` - each design point's metrics: mean, 95 % CI, runs;
- ``response.csv`` and ``response_<metric>.png`` - each metric against each varied
  parameter, one line per scenario, with 95 % confidence bands;
- for a Sobol' design ``sobol.csv`` and ``sobol_<scenario>_<metric>.png`` (first-order and
  total indices with 95 % intervals); for a Morris design ``morris.csv`` and
  ``morris_<scenario>_<metric>.png`` (mu* against sigma);
- ``report.md`` listing all of it, with failed runs and anything that could not be computed.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, output_dir
from . import analysis as an
from .design import unit_of
from .store import Store


def metric_unit(metric: str) -> str:
    if metric.startswith("days_"):
        return "calendar days"
    if metric.startswith(("share_", "mean_daily_absence")):
        return "fraction of pupils" if metric.startswith("share_") else "fraction of school days"
    if metric.endswith("_index"):
        return "index"
    return "count" if metric.startswith(("cases_", "reports", "repeat_", "eht_meetings")) else ""


def _label(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit else name


def _figure(n: int):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.6 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return plt, fig, axes.flat


def plot_response(resp: pd.DataFrame, metric: str, names: list[str], discrete: bool, path: Path) -> None:
    plt, fig, axes = _figure(len(names))
    for ax, name in zip(axes, names):
        part = resp[(resp["parameter"] == name) & (resp["metric"] == metric)]
        for scen, g in part.groupby("scenario", sort=False):
            ax.plot(g["value"], g["mean"], marker="o" if discrete else ".", label=scen)
            ax.fill_between(g["value"], g["lo"], g["hi"], alpha=0.25)
        ax.set_xlabel(_label(name, unit_of(name)))
        ax.set_ylabel(_label(metric, metric_unit(metric)))
        ax.set_title(f"{metric}\nagainst {name}", fontsize=9)
        ax.grid(alpha=0.3)
        if part["scenario"].nunique() > 1:
            ax.legend(fontsize=8)
    fig.suptitle(f"Response of {metric} (mean over runs, 95 % confidence band)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_sobol(si: pd.DataFrame, metric: str, path: Path) -> None:
    plt, fig, axes = _figure(1)
    ax = axes[0]
    fig.set_size_inches(max(5.0, 0.9 * len(si) + 2), 4.0)
    x = np.arange(len(si))
    ax.bar(x - 0.2, si["S1"], 0.4, yerr=si["S1_conf"], capsize=3, label="first order S1")
    ax.bar(x + 0.2, si["ST"], 0.4, yerr=si["ST_conf"], capsize=3, label="total ST")
    ax.set_xticks(x, si["parameter"], rotation=35, ha="right", fontsize=8)
    ax.set_ylabel("Sobol' index (share of output variance)")
    ax.set_xlabel("parameter")
    ax.set_title(f"Sobol' indices of {metric} (95 % bootstrap intervals)", fontsize=10)
    ax.axhline(0, color="black", lw=0.6)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_morris(mi: pd.DataFrame, metric: str, path: Path) -> None:
    plt, fig, axes = _figure(1)
    ax = axes[0]
    ax.errorbar(mi["mu_star"], mi["sigma"], xerr=mi["mu_star_conf"], fmt="o", capsize=3)
    for _, r in mi.iterrows():
        ax.annotate(r["parameter"], (r["mu_star"], r["sigma"]), fontsize=7, xytext=(3, 3), textcoords="offset points")
    unit = metric_unit(metric)
    ax.set_xlabel(_label("mu* (mean |elementary effect|)", unit + " per parameter range" if unit else ""))
    ax.set_ylabel(_label("sigma (sd of elementary effects)", unit + " per parameter range" if unit else ""))
    ax.set_title(f"Morris screening of {metric}", fontsize=10)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _md_table(df: pd.DataFrame, digits: int = 4) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        cells = [f"{v:.{digits}g}" if isinstance(v, (float, np.floating)) else str(v) for v in r]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(directory: str | Path) -> Path:
    """Write the report of the sweep in ``directory``; return the report folder."""
    d = Path(directory)
    if not Store.exists(d):
        raise InputError(f"{d}: no sweep here (no {d}/results.sqlite); run `samsim sweep EXPERIMENT --out {d}` first")
    with Store(d) as store:
        exp = store.get_meta("experiment")
        if not isinstance(exp, dict) or not isinstance(exp.get("settings"), dict) or not isinstance(exp.get("vary"), dict):
            raise InputError(f"{d / 'results.sqlite'}: holds no experiment (meta.experiment is missing or malformed); "
                             f"not a store written by `samsim sweep`")
    an.export(d)
    rep = output_dir(d / "report", arg="sweep-report")
    with Store(d) as store:
        exp = store.get_meta("experiment")
        names = store.get_meta("names", [])
        title = store.get_meta("name", d.name)
        desc = store.get_meta("description", "")
        df = an.runs_frame(store)
        metrics = an.metric_names(store, df)
        design = exp["settings"]["design"]
        discrete = design == "factorial"
        counts = store.counts()
        n_points = len(store.points())
        md = [f"# Sweep report: {title}", "", desc, "",
              f"Design **{design}**, {n_points} design points x {exp['settings']['replications']} replication(s); "
              f"root seed {exp['settings']['seed']}. Runs stored: {counts['ok']} ok, {counts['error']} failed.", ""]
        if df.empty:
            (rep / "report.md").write_text("\n".join(md + ["No runs stored yet."]) + "\n")
            return rep
        an.by_point(df, names, metrics).to_csv(rep / "by_point.csv", index=False)
        md += ["Tables: `by_point.csv` (each point's metrics, mean and 95 % CI), `response.csv`; "
               "all runs: `../runs.csv`, `../runs.parquet`.", ""]
        resp = pd.concat([an.response(df, n, m, discrete) for m in metrics for n in names], ignore_index=True)
        resp.to_csv(rep / "response.csv", index=False)
        md += ["## Responses", ""]
        for m in metrics:
            f = rep / f"response_{m}.png"
            plot_response(resp, m, names, discrete, f)
            md.append(f"![{m}]({f.name})")
        md.append("")
        if design in ("sobol", "morris"):
            md += _indices(store, df, exp, metrics, rep, design)
        failed = df[df["status"] == "error"]
        if len(failed):
            md += ["## Failed runs", "", _md_table(failed[["point", "replicate", "seed", "error"]].head(50)), ""]
    (rep / "report.md").write_text("\n".join(md) + "\n")
    return rep


def _indices(store: Store, df: pd.DataFrame, exp: dict, metrics: list[str], rep: Path, design: str) -> list[str]:
    s = exp["settings"]
    problem = an.problem_from_meta(store)
    tables, md = [], [f"## {'Sobol' if design == 'sobol' else 'Morris'} indices", ""]
    for scen in df["scenario"].unique():
        for m in metrics:
            X, Y, why = an.design_outputs(store, df, m, scen)
            if why:
                md.append(f"- {scen} / {m}: not computed: {why}.")
                continue
            if design == "sobol":
                t = an.sobol_indices(problem, Y, s["second_order"], seed=s["seed"])
                plot_sobol(t, m, rep / f"sobol_{scen}_{m}.png")
            else:
                t = an.morris_indices(problem, X, Y, s["levels"], seed=s["seed"])
                plot_morris(t, m, rep / f"morris_{scen}_{m}.png")
            t.insert(0, "metric", m)
            t.insert(0, "scenario", scen)
            tables.append(t)
            md += [f"### {scen}: {m}", "", _md_table(t.drop(columns=["scenario", "metric"])), "",
                   f"![{m}]({design}_{scen}_{m}.png)", ""]
    if tables:
        pd.concat(tables, ignore_index=True).to_csv(rep / f"{design}.csv", index=False)
    return md
