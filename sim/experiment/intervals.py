"""A metric's mean over replications and its 95 % interval (Student's t, or the percentile
bootstrap where t would leave what the metric can take), and what values each metric can take."""
from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np

UNBOUNDED = ("gap", "regained", "difference", "diff_", "change")  # metrics that can be negative


def metric_bounds(name: str) -> tuple[float, float]:
    """What values a run metric can take: shares lie in [0, 1], the collaboration index in
    [1, 5], counts, days, hours and costs are never negative; gaps and differences can be."""
    if any(word in name for word in UNBOUNDED):
        return (-math.inf, math.inf)
    if name.startswith("share_") or name in ("mean_daily_absence", "school_trust") or name.endswith("_share"):
        return (0.0, 1.0)
    if name == "collaboration_index":
        return (1.0, 5.0)
    return (0.0, math.inf)


BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 20_240_801  # fixed: the same runs always give the same interval


def bootstrap_ci(x: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean over replications (it lies within the values'
    range, so it cannot leave what is possible)."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    means = x[rng.integers(0, x.size, size=(BOOTSTRAP_RESAMPLES, x.size))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def mean_ci(values: Iterable[float], bounds: tuple[float, float] | None = None) -> dict[str, Any]:
    """Mean and 95 % interval over replications.

    A statistic that is undefined in a run (a median never reached: None or NaN) is left out;
    ``n`` says in how many of the ``runs`` it was defined. With fewer than two defined values
    there is no interval (``[None, None]``). The interval is Student's t; when ``bounds`` (what
    the metric can take, e.g. ``(0, 1)`` for a share) are given and the t-interval would leave
    them, the percentile bootstrap interval (``BOOTSTRAP_RESAMPLES`` resamples, fixed seed) is
    given instead (``method`` says which).
    """
    from scipy import stats

    raw = list(values)
    x = np.array([v for v in raw if v is not None and not math.isnan(v)], dtype=float)
    if x.size == 0:
        return {"mean": None, "ci95": [None, None], "n": 0, "runs": len(raw), "method": None}
    m = float(x.mean())
    if x.size < 2:
        return {"mean": m, "ci95": [None, None], "n": int(x.size), "runs": len(raw), "method": None}
    half = float(stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    lo, hi, method = m - half, m + half, "t"
    if bounds is not None and (lo < bounds[0] or hi > bounds[1]):
        (lo, hi), method = bootstrap_ci(x), "bootstrap"
    return {"mean": m, "ci95": [lo, hi], "n": int(x.size), "runs": len(raw), "method": method}
