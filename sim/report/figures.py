"""The comparison report's figures (matplotlib), as PNG bytes to embed in the HTML."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..experiment.compare import ABSENCE_BINS, QUEUES  # noqa: E402
from ..outcomes import kaplan_meier, rmst  # noqa: E402
from .i18n import TEXT  # noqa: E402

if TYPE_CHECKING:
    from ..experiment.compare import Comparison

COLOURS = ["#1b4f72", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#7f8c8d", "#2e4053"]
plt.rcParams.update({"font.size": 10, "axes.titlesize": 11, "axes.spines.top": False, "axes.spines.right": False})


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _pooled(comp: "Comparison", label: str, curve: str) -> tuple[np.ndarray, np.ndarray]:
    t = np.concatenate([np.asarray(r["curves"][curve]["t"], float) for r in comp.runs[label]])
    o = np.concatenate([np.asarray(r["curves"][curve]["o"], bool) for r in comp.runs[label]])
    return t, o


def kaplan_meier_curves(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
    tx = TEXT[lang]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), sharey=True)
    for ax, curve, title in zip(axes, ("detection", "school_measure", "multiagency_intervention"), tx["km_panels"]):
        for i, label in enumerate(comp.labels):
            t, o = _pooled(comp, label, curve)
            et, s = kaplan_meier(t, o)
            keep = et <= 365
            xs = np.concatenate([[0.0], et[keep], [365.0]])
            ys = np.concatenate([[1.0], s[keep], [s[keep][-1] if keep.any() else 1.0]])
            ax.step(xs, ys, where="post", color=COLOURS[i % len(COLOURS)], label=names[label], lw=1.8)
        ax.set_xlim(0, 365)
        ax.set_ylim(0, 1.02)
        ax.set_title(title)
        ax.set_xlabel(tx["km_x"])
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(tx["km_y"])
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 4), fontsize=9, frameon=False, bbox_to_anchor=(0.5, -0.08))
    fig.suptitle(tx["km_title"], x=0.01, ha="left", fontsize=12)
    return _png(fig)


def absence_distribution(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
    tx = TEXT[lang]
    fig, ax = plt.subplots(figsize=(7.5, 4))
    x = ABSENCE_BINS[:-1] * 100
    for i, label in enumerate(comp.labels):
        hist = np.sum([r["absence_hist"] for r in comp.runs[label]], axis=0)
        above = 100 * (1 - np.cumsum(hist) / hist.sum()) if hist.sum() else np.zeros_like(x)
        ax.plot(x + 2, above, color=COLOURS[i % len(COLOURS)], label=names[label], lw=1.8)
    ax.set_xlim(0, 60)
    ax.set_yscale("log")
    ax.set_ylim(0.1, 100)
    ax.axvline(15, color="grey", ls=":", lw=1)
    ax.set_xlabel(tx["abs_x"])
    ax.set_ylabel(tx["abs_y"])
    ax.set_title(tx["abs_title"])
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8, frameon=False)
    return _png(fig)


def trust_over_time(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
    tx = TEXT[lang]
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
    for ax, key, ylabel in zip(axes, ("school_trust", "collaboration_index"), tx["trust_y"]):
        for i, label in enumerate(comp.labels):
            series = [r["weekly"][key] for r in comp.runs[label]]
            n = min(len(s) for s in series)
            arr = np.array([s[:n] for s in series])
            mean = arr.mean(axis=0)
            lo, hi = np.percentile(arr, [10, 90], axis=0)
            weeks = np.arange(n)
            colour = COLOURS[i % len(COLOURS)]
            ax.plot(weeks, mean, color=colour, label=names[label], lw=1.8)
            ax.fill_between(weeks, lo, hi, color=colour, alpha=0.12)
        ax.set_xlabel(tx["weeks"])
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    axes[0].set_ylim(0, 1)
    axes[1].set_ylim(1, 5)
    axes[1].legend(fontsize=8, frameon=False, loc="upper left")
    fig.suptitle(tx["trust_title"], x=0.01, ha="left", fontsize=12)
    return _png(fig)


def _bars(ax, groups: list[str], series: dict[str, tuple[list[float], list[float]]], names: dict[str, str]) -> None:
    width = 0.8 / max(len(series), 1)
    x = np.arange(len(groups))
    for i, (label, (means, halves)) in enumerate(series.items()):
        ax.bar(x + i * width - 0.4 + width / 2, means, width, yerr=halves, capsize=2, color=COLOURS[i % len(COLOURS)],
               label=names.get(label, label), error_kw={"lw": 0.8})
    ax.set_xticks(x)
    ax.set_xticklabels(groups)
    ax.grid(alpha=0.3, axis="y")


def _mean_half(values: list[float]) -> tuple[float, float]:
    v = np.array([x for x in values if not np.isnan(x)])
    if v.size == 0:
        return 0.0, 0.0
    return float(v.mean()), float(1.96 * v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else 0.0


def queue_waits(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
    tx = TEXT[lang]
    fig, ax = plt.subplots(figsize=(9, 4))
    series = {}
    for label in comp.labels:
        stats = [_mean_half([r["queues"][q]["median"] for r in comp.runs[label]]) for q in QUEUES]
        series[label] = ([s[0] for s in stats], [s[1] for s in stats])
    _bars(ax, tx["queue_names"], series, names)
    ax.set_ylabel(tx["queue_y"])
    ax.set_title(tx["queue_title"])
    ax.legend(fontsize=8, frameon=False)
    return _png(fig)


def meeting_hours(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
    tx = TEXT[lang]
    kinds = sorted({k for label in comp.labels for r in comp.runs[label] for k in r["meeting_hours"]})
    fig, ax = plt.subplots(figsize=(9, 4))
    bottom = np.zeros(len(comp.labels))
    for i, kind in enumerate(kinds):
        vals = np.array([np.mean([r["meeting_hours"].get(kind, 0.0) for r in comp.runs[label]]) for label in comp.labels])
        ax.bar([names[lbl] for lbl in comp.labels], vals, bottom=bottom, color=COLOURS[i % len(COLOURS)], label=kind.replace("_", " "))
        bottom += vals
    ax.set_ylabel(tx["hours_y"])
    ax.set_title(tx["hours_title"])
    ax.tick_params(axis="x", labelrotation=15)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


def equity(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
    tx = TEXT[lang]
    fig, ax = plt.subplots(figsize=(9, 4))
    low_means, high_means, low_h, high_h = [], [], [], []
    for label in comp.labels:
        lows, highs = [], []
        for r in comp.runs[label]:
            c = r["curves"]["multiagency_intervention"]
            t, o, low = (np.asarray(c[k]) for k in ("t", "o", "low"))
            if low.size:
                low = low.astype(bool)
                lows.append(rmst(t[low].astype(float), o[low].astype(bool), 365.0))
                highs.append(rmst(t[~low].astype(float), o[~low].astype(bool), 365.0))
        (lm, lh), (hm, hh) = _mean_half(lows), _mean_half(highs)
        low_means.append(lm), high_means.append(hm), low_h.append(lh), high_h.append(hh)
    x = np.arange(len(comp.labels))
    ax.bar(x - 0.2, low_means, 0.4, yerr=low_h, capsize=2, color="#c0392b", label=tx["equity_labels"][0])
    ax.bar(x + 0.2, high_means, 0.4, yerr=high_h, capsize=2, color="#1b4f72", label=tx["equity_labels"][1])
    ax.set_xticks(x)
    ax.set_xticklabels([names[lbl] for lbl in comp.labels], rotation=15)
    ax.set_ylabel(tx["equity_y"])
    ax.set_ylim(0, 380)
    ax.set_title(tx["equity_title"])
    ax.legend(fontsize=8, frameon=False)
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


ALL = [
    ("km", kaplan_meier_curves, "km_guide"),
    ("absence", absence_distribution, "abs_guide"),
    ("trust", trust_over_time, "trust_guide"),
    ("queues", queue_waits, "queue_guide"),
    ("hours", meeting_hours, "hours_guide"),
    ("equity", equity, "equity_guide"),
]
