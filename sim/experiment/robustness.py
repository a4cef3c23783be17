"""How sure are we? Each scenario against the first, across plausible worlds.

For every world ``w`` and replicate ``r`` (the same seed in every scenario: common random
numbers) the *school days regained per pupil in need* are the reference's absence days per
pupil in need minus the scenario's; averaged over the replicates of a world they give one
difference per world. Over the worlds (weighted, when the worlds carry weights):

- the distribution of the difference: median and the 5-95 % range;
- ``prob_better``: the weighted share of worlds where the scenario is better (a tie counts
  half, so a scenario identical to the reference scores 0.5, a coin toss);
- ``prob_better_by_margin``: the share where it is better by more than a margin that matters
  (default: one school day per pupil in need a year - see ``DEFAULT_MARGINS``);
- the *regret* of each scenario: in each world, how far it falls short of the best scenario
  of that world (Savage's regret, the yardstick of robust decision making: a scenario with a
  small regret in every world is a safe choice even where it is not the best);
- what the difference hinges on: a global sensitivity of the difference to each uncertainty
  (Sobol' indices with SALib when the worlds follow Saltelli's design; otherwise partial rank
  correlation, PRCC, or - with fewer worlds than about the number of uncertainties plus ten -
  Spearman's rank correlation, which for the near-independent inputs of a Latin hypercube
  measures the same monotone influence; 95 % intervals by bootstrap over worlds);
- scenario discovery: the conditions (a box: a few uncertainties within limits) under which
  the scenario does worse than the reference, found by PRIM (Friedman and Fisher 1999, as in
  the EMA Workbench), with its *coverage* (share of the losing worlds inside the box) and
  *density* (share of the worlds inside the box that lose).

Weights (of a calibrated posterior) enter the shares, ranges and regrets; the sensitivity and
PRIM treat the worlds as equally likely.

The differences within a world carry the simulation's own noise (replications), so a share of
worlds near 0.5 may mean "it depends on the world" or "there is nothing to see": ``noise_se``
(the median over worlds of the replicate standard error) tells which.
"""
from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

PRIMARY = "school_days_regained_per_pupil_in_need"
HELP = "share_effective_help_365d"
# per-run metrics the two outcomes are computed from (contract names), with stand-ins for a model
# that does not yet give them (the outcome endpoints of issue 15)
SOURCES = {
    PRIMARY: ("absence_days_per_pupil_in_need", "mean_daily_absence"),
    HELP: ("share_effective_help_365d", "share_multiagency_within_365d"),
}
# A margin that matters. One school day per pupil in need over the year after onset is about
# 1 % of the 178 school days, a quarter of what a pupil misses in a typical illness spell week,
# and well inside what a term-long measure delivers (an effective measure halves absence within
# a term: tens of days for a pupil absent a third of the time); smaller gains a municipality
# could not see in its own attendance data. For effective help within a year: 5 percentage
# points, one pupil in twenty of those in need.
DEFAULT_MARGINS = {PRIMARY: 1.0, HELP: 0.05}


def _clean(x: Any) -> Any:
    """Strict JSON: NaN and inf become null; numpy scalars become Python numbers."""
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return x if math.isfinite(x) else None
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Quantile ``q`` of ``values`` under ``weights`` (interpolated between mid-points)."""
    v, w = np.asarray(values, float), np.asarray(weights, float)
    ok = np.isfinite(v) & (w > 0)
    v, w = v[ok], w[ok]
    if v.size == 0:
        return float("nan")
    order = np.argsort(v)
    v, w = v[order], w[order]
    cum = (np.cumsum(w) - 0.5 * w) / w.sum()
    return float(np.interp(q, cum, v))


def prob_better(diff: np.ndarray, weights: np.ndarray, margin: float = 0.0) -> float:
    """Weighted share of worlds where ``diff`` > margin (a tie at the margin counts half)."""
    d, w = np.asarray(diff, float), np.asarray(weights, float)
    ok = np.isfinite(d) & (w > 0)
    d, w = d[ok], w[ok]
    if d.size == 0:
        return float("nan")
    score = np.where(d > margin, 1.0, np.where(d == margin, 0.5, 0.0))
    return float((score * w).sum() / w.sum())


def distribution(diff: np.ndarray, weights: np.ndarray) -> dict[str, float]:
    d, w = np.asarray(diff, float), np.asarray(weights, float)
    ok = np.isfinite(d) & (w > 0)
    mean = float((d[ok] * w[ok]).sum() / w[ok].sum()) if ok.any() else float("nan")
    return {"median": weighted_quantile(d, w, 0.5), "p05": weighted_quantile(d, w, 0.05),
            "p95": weighted_quantile(d, w, 0.95), "mean": mean, "n_worlds": int(ok.sum())}


# ----------------------------------------------------------------------------- sensitivity
def _rank(a: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return np.apply_along_axis(rankdata, 0, a)


def _spearman(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    rx, ry = _rank(X), _rank(y[:, None])[:, 0]
    rx = rx - rx.mean(0)
    ry = ry - ry.mean()
    den = np.sqrt((rx**2).sum(0) * (ry**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (rx * ry[:, None]).sum(0) / den, np.nan)


def _prcc(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Partial rank correlation of y with each column of X, the others held (via the precision matrix)."""
    R = _rank(np.column_stack([X, y]))
    C = np.corrcoef(R, rowvar=False)
    P = np.linalg.pinv(C)
    k = X.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return -P[:k, k] / np.sqrt(P.diagonal()[:k] * P[k, k])


def sensitivity(X: np.ndarray, y: np.ndarray, names: list[str], *, design: str = "prior", unit: np.ndarray | None = None,
                seed: int = 1, n_boot: int = 200, top: int = 12) -> dict[str, Any]:
    """What the difference ``y`` (one value per world) hinges on: a ranked list of uncertainties."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    ok = np.isfinite(y)
    if design == "saltelli" and ok.all() and unit is not None:
        from SALib.analyze import sobol

        problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
        res = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
        rows = [{"name": n, "value": float(res["ST"][i]), "first_order": float(res["S1"][i]),
                 "ci95": [float(res["ST"][i] - res["ST_conf"][i]), float(res["ST"][i] + res["ST_conf"][i])]}
                for i, n in enumerate(names)]
        rows.sort(key=lambda r: -(r["value"] if math.isfinite(r["value"]) else -1))
        return _clean({"method": "sobol_total", "n_worlds": int(y.size), "ranking": rows[:top]})
    X, y = X[ok], y[ok]
    n, k = X.shape
    if n == 0:
        return {"method": None, "n_worlds": 0, "ranking": [], "note": "no world gave a value"}
    keep = [j for j in range(k) if np.ptp(X[:, j]) > 0]
    X, names = X[:, keep], [names[j] for j in keep]
    k = len(names)
    if n < 5 or k == 0 or np.ptp(y) == 0:
        return {"method": None, "n_worlds": int(n), "ranking": [], "note": "too few worlds, or no variation, to rank what the difference hinges on"}
    method = "prcc" if n >= k + 10 else "spearman"
    f = _prcc if method == "prcc" else _spearman
    est = f(X, y)
    rng = np.random.default_rng(seed)
    boot = np.full((n_boot, k), np.nan)
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        if np.ptp(y[idx]) == 0:
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            boot[b] = f(X[idx], y[idx])
    lo = np.nanpercentile(boot, 2.5, axis=0)
    hi = np.nanpercentile(boot, 97.5, axis=0)
    order = np.argsort(-np.nan_to_num(np.abs(est), nan=-1))
    rows = [{"name": names[j], "value": float(est[j]), "ci95": [float(lo[j]), float(hi[j])]} for j in order[:top]]
    return _clean({"method": method, "n_worlds": int(n), "ranking": rows})


# ----------------------------------------------------------------------------- scenario discovery
def prim(X: np.ndarray, bad: np.ndarray, names: list[str], *, alpha: float = 0.05, min_mass: float = 0.05,
         min_coverage: float = 0.5, max_dims: int = 3, min_bad: int = 5) -> dict[str, Any] | None:
    """PRIM: peel the space of worlds towards where ``bad`` is concentrated; return one readable box.

    Peeling removes, each step, the ``alpha`` share of the remaining worlds at one end of one
    uncertainty, choosing the peel that raises the box's density most; it stops when fewer than
    ``min_mass`` of the worlds remain. With fewer than ``min_bad`` losing worlds there is no box:
    any box would describe the noise of a handful of worlds. From that trajectory the box with the highest density whose
    coverage is at least ``min_coverage`` is kept, then restrictions that barely matter are
    dropped (at most ``max_dims`` remain, the ones whose removal would lower the density most).
    """
    X = np.asarray(X, float)
    bad = np.asarray(bad, bool)
    n, k = X.shape
    if n == 0 or k == 0:
        return None
    total_bad = int(bad.sum())
    if total_bad < min_bad or total_bad == n:
        return None
    lo, hi = X.min(0).copy(), X.max(0).copy()
    inside = np.ones(n, bool)
    min_n = max(3, int(math.ceil(min_mass * n)))
    traj = [(lo.copy(), hi.copy(), inside.copy())]
    while inside.sum() > min_n:
        best = None
        for j in range(k):
            xs = X[inside, j]
            if np.ptp(xs) == 0:
                continue
            for side in ("lo", "hi"):
                if side == "lo":
                    cut = np.quantile(xs, alpha, method="higher")
                    new = inside & (X[:, j] >= cut)
                    if new.sum() == inside.sum():
                        new = inside & (X[:, j] > xs.min())
                        cut = X[new, j].min() if new.any() else cut
                else:
                    cut = np.quantile(xs, 1 - alpha, method="lower")
                    new = inside & (X[:, j] <= cut)
                    if new.sum() == inside.sum():
                        new = inside & (X[:, j] < xs.max())
                        cut = X[new, j].max() if new.any() else cut
                m = int(new.sum())
                if m < min_n or m == inside.sum():
                    continue
                dens = bad[new].mean()
                if best is None or (dens, m) > (best[0], best[1]):
                    best = (dens, m, j, side, cut, new)
        if best is None:
            break
        _, _, j, side, cut, new = best
        if side == "lo":
            lo[j] = cut
        else:
            hi[j] = cut
        inside = new
        traj.append((lo.copy(), hi.copy(), inside.copy()))

    def stats(mask: np.ndarray) -> tuple[float, float]:
        return float(bad[mask].sum() / total_bad), float(bad[mask].mean()) if mask.any() else 0.0

    cands = [(stats(t[2]), t) for t in traj]
    cands = [c for c in cands if c[0][0] >= min_coverage] or cands[:1]
    # the best balance of coverage and density (their harmonic mean): deeper peels buy density
    # with coverage, and on a few hundred worlds mostly fit noise
    (cov, dens), (blo, bhi, _) = max(cands, key=lambda c: (2 * c[0][0] * c[0][1] / max(c[0][0] + c[0][1], 1e-12), c[0][0]))
    full_lo, full_hi = X.min(0), X.max(0)
    dims = [j for j in range(k) if blo[j] > full_lo[j] or bhi[j] < full_hi[j]]

    def mask_of(ds: list[int]) -> np.ndarray:
        m = np.ones(n, bool)
        for j in ds:
            m &= (X[:, j] >= blo[j]) & (X[:, j] <= bhi[j])
        return m

    # drop restrictions whose removal costs little density (the "inspect and prune" step)
    while dims:
        base_d = stats(mask_of(dims))[1]
        drops = [(base_d - stats(mask_of([d for d in dims if d != j]))[1], j) for j in dims]
        drop, j = min(drops)
        if len(dims) > max_dims or drop < 0.05:
            dims.remove(j)
        else:
            break
    mask = mask_of(dims)
    cov, dens = stats(mask)
    limits = []
    for j in dims:
        lim: dict[str, Any] = {"name": names[j]}
        if blo[j] > full_lo[j]:
            lim["min"] = float(blo[j])
        if bhi[j] < full_hi[j]:
            lim["max"] = float(bhi[j])
        limits.append(lim)
    return _clean({"limits": limits, "coverage": cov, "density": dens, "n_worlds": int(mask.sum()),
                   "base_rate": total_bad / n})


def describe_box(box: dict[str, Any] | None, scenario: str, reference: str) -> str:
    """A box in plain words: 'skifo does worse than baseline when a < 0.5 and b > 2 (coverage ..., density ...)'."""
    if not box or not box.get("limits"):
        return ""
    parts = []
    for lim in box["limits"]:
        if "min" in lim and "max" in lim:
            parts.append(f"{lim['name']} is between {lim['min']:.3g} and {lim['max']:.3g}")
        elif "min" in lim:
            parts.append(f"{lim['name']} is at least {lim['min']:.3g}")
        else:
            parts.append(f"{lim['name']} is at most {lim['max']:.3g}")
    return (f"{scenario} does worse than {reference} when " + " and ".join(parts)
            + f" (coverage {100 * box['coverage']:.0f} %: that share of the worlds where it does worse are in this box; "
              f"density {100 * box['density']:.0f} %: that share of the worlds in the box are ones where it does worse)")


# ----------------------------------------------------------------------------- the whole summary
def _source(metrics_available: set[str], outcome: str) -> str:
    for name in SOURCES[outcome]:
        if name in metrics_available:
            return name
    return SOURCES[outcome][0]


def summarise(labels: list[str], values: dict[str, np.ndarray], worlds, *, margins: dict[str, float] | None = None,
              seed: int = 1, reps: int = 1) -> dict[str, Any]:
    """The ``uncertainty`` object of ``summary.json``.

    ``values[metric]`` is an array [world, scenario, replicate] of per-run metrics (NaN where a
    run failed); ``worlds`` a :class:`sim.experiment.worlds.WorldSet`.
    """
    margins = {**DEFAULT_MARGINS, **(margins or {})}
    ref = labels[0]
    w = worlds.weights()
    X = worlds.matrix()
    unit = worlds.unit
    out: dict[str, Any] = {
        "worlds": {"design": worlds.design, "spec": worlds.spec, "n": len(worlds.worlds), "replications": reps,
                   "seed": seed, "weighted": bool(np.ptp(w) > 0), "varied": worlds.names,
                   "distinct": len({tuple(sorted((k, repr(v)) for k, v in wd.values.items())) for wd in worlds.worlds})},
        "reference": ref,
        "world_ids": [wd.id for wd in worlds.worlds],
        "margins": dict(margins),
        "outcomes": {},
    }
    per_world: dict[str, np.ndarray] = {}
    for outcome in (PRIMARY, HELP):
        src = _source(set(values), outcome)
        if src not in values:
            continue
        Y = np.asarray(values[src], float)  # [w, s, r]
        if outcome == PRIMARY:
            scale = 1.0
            if src == "mean_daily_absence":  # stand-in: absence days per pupil a year, all pupils
                scale = 178.0
            D = (Y[:, :1, :] - Y) * scale  # reference minus scenario: positive = fewer days absent
        else:
            D = Y - Y[:, :1, :]  # more effective help is better
        with np.errstate(invalid="ignore"):
            mean_w = np.nanmean(D, axis=2)  # [w, s]
            nrep = np.sum(np.isfinite(D), axis=2)
            se_w = np.nanstd(D, axis=2, ddof=1) / np.sqrt(np.maximum(nrep, 1)) if D.shape[2] > 1 else np.full(mean_w.shape, np.nan)
        per_world[outcome] = mean_w
        out["outcomes"][outcome] = {"from_metric": src, "stand_in": src != SOURCES[outcome][0], "margin": margins[outcome]}
        for s, label in enumerate(labels[1:], start=1):
            entry = out.setdefault(label, {})
            dist = distribution(mean_w[:, s], w)
            dist["prob_better"] = prob_better(mean_w[:, s], w)
            dist["prob_better_by_margin"] = prob_better(mean_w[:, s], w, margins[outcome])
            dist["prob_worse_by_margin"] = 1.0 - prob_better(mean_w[:, s], w, -margins[outcome])
            dist["noise_se"] = float(np.nanmedian(se_w[:, s])) if np.isfinite(se_w[:, s]).any() else None
            dist["per_world"] = mean_w[:, s].tolist()  # in the order of worlds.ids
            entry[outcome] = dist
            if outcome == PRIMARY:
                entry["prob_better"] = dist["prob_better"]
                entry["prob_better_by_margin"] = dist["prob_better_by_margin"]
    if PRIMARY in per_world:
        m = per_world[PRIMARY]
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a world where every run failed stays NaN
            best = np.nanmax(m, axis=1)
        regret = best[:, None] - m
        out["regret"] = {}
        for s, label in enumerate(labels):
            r = regret[:, s]
            out["regret"][label] = {"mean": distribution(r, w)["mean"], "median": weighted_quantile(r, w, 0.5),
                                    "p95": weighted_quantile(r, w, 0.95), "max": float(np.nanmax(r)) if np.isfinite(r).any() else None,
                                    "share_best": float(((r <= 0) * w).sum() / w.sum())}
            if s > 0:
                out[label]["regret"] = out["regret"][label]
        for s, label in enumerate(labels[1:], start=1):
            y = m[:, s]
            out[label]["sensitivity"] = sensitivity(X, y, list(worlds.names), design=worlds.design, unit=unit, seed=seed)
            ok = np.isfinite(y)
            box = prim(X[ok], y[ok] < 0, list(worlds.names)) if X.shape[1] else None
            out[label]["discovery"] = {
                "question": f"when does {label} regain fewer school days than {ref} (difference below 0)?",
                "share_worse": float(((y[ok] < 0) * w[ok]).sum() / w[ok].sum()) if ok.any() else None,
                "box": box,
                "text": describe_box(box, label, ref) or (f"{label} does worse than {ref} in no world, or in too few to describe"
                                                          if box is None else ""),
            }
    return _clean(out)
