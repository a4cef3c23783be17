"""The comparison report's figures (matplotlib), as PNG bytes to embed in the HTML.

Every figure is built by a ``*_figure`` function that returns the matplotlib figure (so a test
can check its layout) and drawn to PNG by the function of the same name without the suffix.
Legends sit outside the data area, in a row of their own (``constrained`` layout reserves the
room), so they never cover a curve, a bar or an axis label; long model names are wrapped
instead of rotated. Colours are the Okabe-Ito palette (distinct under the common forms of
colour blindness), one per model, up to eight; the lines also differ in dash pattern.
"""
from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ..experiment.comparison import ABSENCE_BINS, QUEUES  # noqa: E402
from ..outcomes import kaplan_meier, rmst  # noqa: E402
from .i18n import TEXT  # noqa: E402

if TYPE_CHECKING:
    from ..experiment.comparison import Comparison

# Okabe & Ito (2008), "Color Universal Design": eight colours told apart with any common colour vision
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
DASHES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2))]
plt.rcParams.update({"font.size": 10, "axes.titlesize": 11, "axes.spines.top": False, "axes.spines.right": False})


def colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return buf.getvalue()


def _figure(figsize) -> Figure:
    return plt.figure(figsize=figsize, layout="constrained")


def _wrap(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _legend_below(fig: Figure, handles, labels, ncol: int | None = None) -> None:
    """A legend in a row of its own under the panels; constrained layout makes room for it."""
    n = len(labels)
    fig.legend(handles, labels, loc="outside lower center", ncol=ncol or min(n, 4), fontsize=9, frameon=False)


def _pooled(comp: "Comparison", label: str, curve: str) -> tuple[np.ndarray, np.ndarray]:
    t = np.concatenate([np.asarray(r["curves"][curve]["t"], float) for r in comp.runs[label]])
    o = np.concatenate([np.asarray(r["curves"][curve]["o"], bool) for r in comp.runs[label]])
    return t, o


def kaplan_meier_figure(comp: "Comparison", names: dict[str, str], lang: str) -> Figure:
    tx = TEXT[lang]
    fig = _figure((13, 4.6))
    axes = fig.subplots(1, 3, sharey=True)
    for ax, curve, title in zip(axes, ("detection", "school_measure", "multiagency_intervention"), tx["km_panels"]):
        for i, label in enumerate(comp.labels):
            t, o = _pooled(comp, label, curve)
            et, s = kaplan_meier(t, o)
            keep = et <= 365
            xs = np.concatenate([[0.0], et[keep], [365.0]])
            ys = np.concatenate([[1.0], s[keep], [s[keep][-1] if keep.any() else 1.0]])
            ax.step(xs, ys, where="post", color=colour(i), ls=DASHES[i % len(DASHES)], label=names[label], lw=1.8)
        ax.set_xlim(0, 365)
        ax.set_ylim(0, 1.02)
        ax.set_title(title)
        ax.set_xlabel(tx["km_x"])
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(tx["km_y"])
    handles, labels = axes[0].get_legend_handles_labels()
    _legend_below(fig, handles, labels)
    fig.suptitle(tx["km_title"], x=0.01, ha="left", fontsize=12)
    return fig


def absence_distribution_figure(comp: "Comparison", names: dict[str, str], lang: str) -> Figure:
    tx = TEXT[lang]
    fig = _figure((8, 5))
    ax = fig.subplots()
    x = ABSENCE_BINS[:-1] * 100
    for i, label in enumerate(comp.labels):
        hist = np.sum([r["absence_hist"] for r in comp.runs[label]], axis=0)
        above = 100 * (1 - np.cumsum(hist) / hist.sum()) if hist.sum() else np.zeros_like(x)
        ax.plot(x + 2, above, color=colour(i), ls=DASHES[i % len(DASHES)], label=names[label], lw=1.8)
    ax.set_xlim(0, 60)
    ax.set_yscale("log")
    ax.set_ylim(0.1, 100)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: (f"{v:g}".replace(".", ",") if lang == "sv" else f"{v:g}")))
    ax.axvline(15, color="grey", ls=":", lw=1)
    ax.set_xlabel(tx["abs_x"])
    ax.set_ylabel(tx["abs_y"])
    ax.set_title(tx["abs_title"], loc="left")
    ax.grid(alpha=0.3, which="both")
    handles, labels = ax.get_legend_handles_labels()
    _legend_below(fig, handles, labels, ncol=min(len(labels), 3))
    return fig


def trust_over_time_figure(comp: "Comparison", names: dict[str, str], lang: str) -> Figure:
    tx = TEXT[lang]
    fig = _figure((12, 4.6))
    axes = fig.subplots(1, 2)
    for ax, key, ylabel in zip(axes, ("school_trust", "collaboration_index"), tx["trust_y"]):
        for i, label in enumerate(comp.labels):
            series = [r["weekly"][key] for r in comp.runs[label]]
            n = min(len(s) for s in series)
            arr = np.array([s[:n] for s in series])
            mean = arr.mean(axis=0)
            lo, hi = np.percentile(arr, [10, 90], axis=0)
            weeks = np.arange(n)
            ax.plot(weeks, mean, color=colour(i), ls=DASHES[i % len(DASHES)], label=names[label], lw=1.8)
            ax.fill_between(weeks, lo, hi, color=colour(i), alpha=0.12)
        ax.set_xlabel(tx["weeks"])
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    axes[0].set_ylim(0, 1)
    axes[1].set_ylim(1, 5)
    handles, labels = axes[0].get_legend_handles_labels()
    _legend_below(fig, handles, labels)
    fig.suptitle(tx["trust_title"], x=0.01, ha="left", fontsize=12)
    return fig


def _bars(ax, groups: list[str], series: dict[str, tuple[list[float], list[float]]], names: dict[str, str]) -> None:
    width = 0.8 / max(len(series), 1)
    x = np.arange(len(groups))
    for i, (label, (means, halves)) in enumerate(series.items()):
        ax.bar(x + i * width - 0.4 + width / 2, means, width, yerr=halves, capsize=2, color=colour(i),
               label=names.get(label, label), error_kw={"lw": 0.8})
    ax.set_xticks(x)
    ax.set_xticklabels([_wrap(g, 18) for g in groups])
    ax.grid(alpha=0.3, axis="y")


def _mean_half(values: list[float]) -> tuple[float, float]:
    v = np.array([x for x in values if not np.isnan(x)])
    if v.size == 0:
        return 0.0, 0.0
    return float(v.mean()), float(1.96 * v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else 0.0


def queue_waits_figure(comp: "Comparison", names: dict[str, str], lang: str) -> Figure:
    tx = TEXT[lang]
    fig = _figure((10, 4.8))
    ax = fig.subplots()
    series = {}
    for label in comp.labels:
        stats = [_mean_half([r["queues"][q]["median"] for r in comp.runs[label]]) for q in QUEUES]
        series[label] = ([s[0] for s in stats], [s[1] for s in stats])
    _bars(ax, tx["queue_names"], series, names)
    ax.set_ylabel(tx["queue_y"])
    ax.set_ylim(0, None)
    ax.set_title(tx["queue_title"], loc="left")
    handles, labels = ax.get_legend_handles_labels()
    _legend_below(fig, handles, labels)
    return fig


def meeting_hours_figure(comp: "Comparison", names: dict[str, str], lang: str) -> Figure:
    tx = TEXT[lang]
    kinds = sorted({k for label in comp.labels for r in comp.runs[label] for k in r["meeting_hours"]})
    fig = _figure((10, 5.2))
    ax = fig.subplots()
    bottom = np.zeros(len(comp.labels))
    x = np.arange(len(comp.labels))
    for i, kind in enumerate(kinds):
        vals = np.array([np.mean([r["meeting_hours"].get(kind, 0.0) for r in comp.runs[label]]) for label in comp.labels])
        ax.bar(x, vals, 0.7, bottom=bottom, color=colour(i), label=tx["meeting_kinds"].get(kind, kind.replace("_", " ")),
               edgecolor="white", linewidth=0.5)
        bottom += vals
    ax.set_xticks(x)
    ax.set_xticklabels([_wrap(names[lbl], 14) for lbl in comp.labels])
    ax.set_ylabel(tx["hours_y"])
    ax.set_title(tx["hours_title"], loc="left")
    ax.grid(alpha=0.3, axis="y")
    handles, labels = ax.get_legend_handles_labels()
    _legend_below(fig, handles, labels)
    return fig


def equity_figure(comp: "Comparison", names: dict[str, str], lang: str) -> Figure:
    tx = TEXT[lang]
    fig = _figure((10, 4.8))
    ax = fig.subplots()
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
    ax.bar(x - 0.2, low_means, 0.4, yerr=low_h, capsize=2, color=COLOURS[1], label=tx["equity_labels"][0])
    ax.bar(x + 0.2, high_means, 0.4, yerr=high_h, capsize=2, color=COLOURS[0], label=tx["equity_labels"][1])
    ax.set_xticks(x)
    ax.set_xticklabels([_wrap(names[lbl], 14) for lbl in comp.labels])
    ax.set_ylabel(tx["equity_y"])
    ax.set_ylim(0, 380)
    ax.set_title(tx["equity_title"], loc="left")
    handles, labels = ax.get_legend_handles_labels()
    _legend_below(fig, handles, labels)
    ax.grid(alpha=0.3, axis="y")
    return fig


def _as_png(build):
    def make(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
        return _png(build(comp, names, lang))
    make.__name__ = build.__name__.removesuffix("_figure")
    make.__doc__ = build.__doc__
    return make


kaplan_meier_curves = _as_png(kaplan_meier_figure)
absence_distribution = _as_png(absence_distribution_figure)
trust_over_time = _as_png(trust_over_time_figure)
queue_waits = _as_png(queue_waits_figure)
meeting_hours = _as_png(meeting_hours_figure)
equity = _as_png(equity_figure)

BUILDERS = {
    "km": kaplan_meier_figure, "absence": absence_distribution_figure, "trust": trust_over_time_figure,
    "queues": queue_waits_figure, "hours": meeting_hours_figure, "equity": equity_figure,
}
ALL = [
    ("km", kaplan_meier_curves, "km_guide"),
    ("absence", absence_distribution, "abs_guide"),
    ("trust", trust_over_time, "trust_guide"),
    ("queues", queue_waits, "queue_guide"),
    ("hours", meeting_hours, "hours_guide"),
    ("equity", equity, "equity_guide"),
]


def _shown_ticks(ax, which: str = "xy") -> list:
    """The tick labels drawn: visible, with text, at a position inside the axis' limits."""
    out = []
    for name in which:
        axis = ax.xaxis if name == "x" else ax.yaxis
        lo, hi = sorted(ax.get_xlim() if name == "x" else ax.get_ylim())
        for tick in axis.get_major_ticks():
            label = tick.label1
            if label.get_visible() and label.get_text() and lo <= tick.get_loc() <= hi:
                out.append(label)
    return out


def overlaps(fig: Figure) -> list[str]:
    """What a legend covers in a drawn figure: any axes' data area, tick label, axis label or
    title (by their bounding boxes on the canvas). Empty when nothing is covered."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    found = []
    for leg in legends:
        box = leg.get_window_extent(renderer)
        for k, ax in enumerate(fig.axes):
            if ax.get_legend() is leg:
                continue  # a legend inside its own axes would be judged by what it covers: not used here
            parts = [("data area", ax.get_window_extent(renderer)), ("title", ax.title.get_window_extent(renderer)),
                     ("x label", ax.xaxis.label.get_window_extent(renderer)), ("y label", ax.yaxis.label.get_window_extent(renderer))]
            parts += [(f"tick label {t.get_text()!r}", t.get_window_extent(renderer)) for t in _shown_ticks(ax)]
            for what, bb in parts:
                if bb.width > 0 and bb.height > 0 and box.overlaps(bb):
                    found.append(f"legend over {what} of axes {k}")
    # labels of one axis must not overlap each other either (crowded model names)
    for k, ax in enumerate(fig.axes):
        ticks = [t.get_window_extent(renderer) for t in _shown_ticks(ax, "x")]
        for a, b in zip(ticks, ticks[1:]):
            if a.overlaps(b):
                found.append(f"x tick labels overlap in axes {k}")
    return found
