"""``samsim sweep-report DIR``: summary tables and figures of a stored sweep.

Writes to ``DIR/report/``:

- ``by_point.csv`` - each design point's metrics: mean, 95 % CI, runs;
- ``contrasts.csv`` - every design point against the reference point (the first), each
  metric's difference with its paired 95 % interval (common random numbers: replicate by
  replicate) and the unpaired one for comparison;
- for a factorial design ``effects_<metric>.png`` (each parameter moved alone from the
  reference point, paired intervals) and ``interactions_<metric>.png`` (each pair of
  parameters, the others at the reference point);
- ``response.csv`` and ``response_<metric>.png`` - each metric against each varied
  parameter, averaged over the other parameters (marginal: it mixes in their effects), one line
  per scenario, with 95 % confidence bands;
- for a Sobol' design ``sobol.csv`` and ``sobol_<scenario>_<metric>.png`` (first-order and
  total indices with 95 % intervals); for a Morris design ``morris.csv`` and
  ``morris_<scenario>_<metric>.png`` (mu* against sigma);
- ``report.md`` listing all of it, with failed runs and anything that could not be computed,
  and a warning (also on the terminal) when a Sobol' or Morris design is too small for stable
  indices, with the size that would be.

Metrics are labelled in words with the comparison report's units (absence in %, times in days).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, output_dir
from ..report.run_table import describe
from . import analysis as an
from . import contrasts as ct
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
    from ..report.figures import COLOURS

    plt, fig, axes = _figure(len(names))
    label, _unit, scale, _ = describe(metric)
    for ax, name in zip(axes, names):
        part = resp[(resp["parameter"] == name) & (resp["metric"] == metric)]
        for k, (scen, g) in enumerate(part.groupby("scenario", sort=False)):
            ax.plot(g["value"], scale * g["mean"], marker="o" if discrete else ".", label=scen, color=COLOURS[k % len(COLOURS)])
            ax.fill_between(g["value"], scale * g["lo"], scale * g["hi"], alpha=0.25, color=COLOURS[k % len(COLOURS)])
        ax.set_xlabel(_label(name, unit_of(name)))
        ax.set_ylabel("\n".join(ct._wrap(label, 40)))
        ax.grid(alpha=0.3)
        if part["scenario"].nunique() > 1:
            ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.2))
    fig.suptitle("\n".join(ct._wrap(f"{label}: mean over runs and over the other parameters (marginal), 95 % band", 90)),
                 fontsize=10, x=0.01, ha="left")
    fig.set_layout_engine("constrained")
    fig.savefig(path, dpi=110, bbox_inches="tight", pad_inches=0.15)
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
    ax.set_title("\n".join(ct._wrap(f"Sobol' indices of {describe(metric)[0]} (95 % bootstrap intervals)", 70)), fontsize=10, loc="left")
    ax.axhline(0, color="black", lw=0.6)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight", pad_inches=0.15)
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
    ax.set_title("\n".join(ct._wrap(f"Morris screening of {describe(metric)[0]}", 60)), fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)


def _md_table(df: pd.DataFrame, digits: int = 4) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        cells = [f"{v:.{digits}g}" if isinstance(v, (float, np.floating)) else str(v) for v in r]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(directory: str | Path, warn=None) -> Path:
    """Write the report of the sweep in ``directory``; return the report folder. ``warn`` (a
    function of one line) also receives the report's warnings, e.g. to print them."""
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
        crn = bool(exp["settings"].get("common_random_numbers", True))
        md += _contrasts(df, names, metrics, rep, discrete, crn)
        resp = pd.concat([an.response(df, n, m, discrete) for m in metrics for n in names], ignore_index=True)
        resp.to_csv(rep / "response.csv", index=False)
        md += ["## Responses (marginal)", "", "Each metric against each parameter, averaged over the other parameters: "
               "the band mixes in their effects. On common random numbers the paired contrasts above are the sharper reading.", ""]
        for m in metrics:
            f = rep / f"response_{m}.png"
            plot_response(resp, m, names, discrete, f)
            md.append(f"![{m}]({f.name})")
        md.append("")
        if design in ("sobol", "morris"):
            md += _indices(store, df, exp, metrics, rep, design, warn)
        failed = df[df["status"] == "error"]
        if len(failed):
            md += ["## Failed runs", "", _md_table(failed[["point", "replicate", "seed", "error"]].head(50)), ""]
    (rep / "report.md").write_text("\n".join(md) + "\n")
    return rep


def _contrasts(df: pd.DataFrame, names: list[str], metrics: list[str], rep: Path, discrete: bool, crn: bool) -> list[str]:
    """Paired contrasts against the reference point; for factorial designs the one-at-a-time
    effects and the interaction plots."""
    ok = df[df["status"] == "ok"]
    if ok["point"].nunique() < 2:
        return []
    con = ct.contrasts(df, names, metrics, paired=crn)
    con.to_csv(rep / "contrasts.csv", index=False)
    ref = ok[ok["point"] == ct.reference_point(df)].iloc[0]
    at = ", ".join(f"{n} = {ref[n]:g}" for n in names)
    md = ["## Paired contrasts against the reference point", "",
          f"Reference point: {ref['scenario']}, {at}. `contrasts.csv` gives every point's difference from it, "
          + ("paired replicate by replicate (common random numbers), with the unpaired interval for comparison." if crn else
             "unpaired (this sweep did not use common random numbers)."), ""]
    if discrete:
        for m in metrics:
            label = describe(m)[0]
            for kind, plot in (("effects", lambda p, m=m: ct.plot_one_at_a_time(df, con, names, m, p)),
                               ("interactions", lambda p, m=m: ct.plot_interactions(df, names, m, p))):
                f = rep / f"{kind}_{m}.png"
                if plot(f):
                    md.append(f"![{kind}: {label}]({f.name})")
        md.append("")
    return md


def _indices(store: Store, df: pd.DataFrame, exp: dict, metrics: list[str], rep: Path, design: str, warn=None) -> list[str]:
    s = exp["settings"]
    problem = an.problem_from_meta(store)
    tables, md = [], [f"## {'Sobol' if design == 'sobol' else 'Morris'} indices", ""]
    warned = ct.design_size_warning(design, s.get("samples"), problem["num_vars"], s["replications"])
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
            size = ct.design_size_warning(design, s.get("samples"), problem["num_vars"], s["replications"], t if design == "sobol" else None)
            if size and size != warned:
                warned = size
            t.insert(0, "metric", m)
            t.insert(0, "scenario", scen)
            tables.append(t)
            md += [f"### {scen}: {m}", "", _md_table(t.drop(columns=["scenario", "metric"])), "",
                   f"![{m}]({design}_{scen}_{m}.png)", ""]
    if tables:
        pd.concat(tables, ignore_index=True).to_csv(rep / f"{design}.csv", index=False)
    if warned:
        md[2:2] = [f"**Warning.** {warned}", ""]
        if warn:
            warn(f"warning: {warned}")
    return md
