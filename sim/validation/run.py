"""Running the validation: observe each arm at each replicate seed (a model run, sampled for
the network's ties), then judge every pattern over the replicates."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import __version__
from ..errors import InputError
from ..grades import profile
from ..network import ProfessionalNetwork
from ..sectors import OTHER_SECTORS
from .patterns import ARMS, NEGATIVE_CONTROLS, PATTERNS, Pattern, patterns_by_name

SAMPLE_EVERY = 7  # days between samples of the network (ties, understanding)


def eht_ties(network: ProfessionalNetwork, n_schools: int, day: int) -> tuple[float, float, float]:
    """Structure and understanding between each school's EHT and each other sector present.

    Returns (share of school x sector pairs with any tie, mean best decayed trust, mean best
    decayed understanding); a pair without a tie counts 0 in the means. The best ties are the
    network's one look-up (:func:`sim.best_tie.best_decayed`).
    """
    sectors = [sector for sector, roles in OTHER_SECTORS.items() if any(network.active(role) for role in roles)]
    pairs = tied = 0
    trust_sum = und_sum = 0.0
    for school in range(n_schools):
        for sector in sectors:
            pairs += 1
            tied += network.school_knows(school, sector)
            trust_sum += network.school_tie(school, sector, day)
            und_sum += network.school_understanding(school, sector, day)
    if not pairs:
        return 0.0, 0.0, 0.0
    return tied / pairs, trust_sum / pairs, und_sum / pairs


def observe(arm: str, params: dict[str, Any], seed: int) -> dict[str, Any]:
    """Run one model and keep what the patterns need (a small, picklable dict)."""
    from .. import caselog as ev
    from ..calibration.statistics import extra_statistics
    from ..independent import DailyAbsence, independent_statistics
    from ..model import SchoolModel
    from ..outcomes import summarise
    from ..params import Params

    model = SchoolModel(Params.model_validate(params), seed=seed, scenario=arm)
    calendar, network, pop = model.calendar, model.network, model.pop  # what is read of the parts
    n_schools = pop.n_schools
    n_days = calendar.n_days
    days, structure, trust, understanding = [], [], [], []
    daily = DailyAbsence()
    while model.day < n_days:
        model.step()
        d = model.day - 1
        daily.record(model, d)
        if d % SAMPLE_EVERY == 0 or model.day == n_days:
            s, t, u = eht_ties(network, n_schools, d)
            days.append(d)
            structure.append(s)
            trust.append(t)
            understanding.append(u)
    model.finish()
    metrics = summarise(model)
    svc, log = model.services, model.log
    since = int(getattr(model, "measure_from_day", 0))  # reports filed after the warm-up
    school_outcomes = [o for rid, o in svc.outcome.items() if not svc.reports[rid].background and svc.reports[rid].filed >= since]
    extra = extra_statistics(model)
    school_days = np.flatnonzero(calendar.is_school_day)
    opened = [r for r in svc.opened if r[0]]
    multi = [r[2] for r in opened if r[1]]
    alone = [r[2] for r in opened if not r[1]]
    index = list(network.index_series)
    return {
        "arm": arm,
        "seed": seed,
        "metrics": metrics,
        "school_reports_closed": len(school_outcomes),
        "share_reports_no_intervention": float(np.mean([o != "intervention" for o in school_outcomes])) if school_outcomes else math.nan,
        "share_school_reports_intervention": float(np.mean([o in ("intervention", "lvu") for o in school_outcomes])) if school_outcomes else math.nan,
        "share_reports_intervention": extra["share_reports_intervention"],
        "open_rate_multi": float(np.mean(multi)) if multi else math.nan,
        "open_rate_absence_only": float(np.mean(alone)) if alone else math.nan,
        "share_bup_treatment_within_30d": extra["share_bup_treatment_within_30d"],
        **independent_statistics(model, daily),
        "index_weekly": index,
        "days": days,
        "structure": structure,
        "trust": trust,
        "understanding": understanding,
        "n_days": n_days,
        "last_term_week": int(school_days[-1]) // 7,
        "detections": log.count(ev.DETECTION),
    }


def _observe_task(task: tuple) -> dict[str, Any]:
    return observe(*task)

def arm_params(overrides: dict[str, Any], arms: list[str]) -> dict[str, tuple[dict[str, Any], str]]:
    """Arm -> (resolved params, params hash); global overrides applied after the arm's own."""
    from ..scenario import load

    out = {}
    for arm in arms:
        scen_name, own = ARMS[arm]
        scen = load(scen_name, {**own, **overrides}, where="command line")
        out[arm] = (scen.params.model_dump(), scen.params_hash)
    return out


def run_arms(params: dict[str, tuple[dict[str, Any], str]], seeds: list[int], workers: int = 1,
             progress: Callable[[int], None] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Observe every arm at every seed; returns arm -> list of observations in seed order."""
    from ..experiment.replicate import run_many

    tasks = [(arm, p, s) for arm, (p, _) in params.items() for s in seeds]
    results = run_many(tasks, workers=workers, progress=progress, task=_observe_task)
    out: dict[str, list[dict[str, Any]]] = {arm: [] for arm in params}
    for r in results:
        out[r["arm"]].append(r)
    return out


def evaluate(obs: dict[str, list[dict[str, Any]]], patterns: tuple[Pattern, ...] = PATTERNS) -> list[dict[str, Any]]:
    """One row per pattern: value per replicate, mean, 95 % CI and pass / fail."""
    from ..experiment.intervals import mean_ci

    n = min(len(v) for v in obs.values()) if obs else 0
    rows = []
    for pat in patterns:
        values = []
        for r in range(n):
            try:
                v = float(pat.value({arm: obs[arm][r] for arm in pat.arms}))
            except (KeyError, IndexError, ZeroDivisionError):
                v = math.nan
            values.append(v)
        s = mean_ci(values)
        rows.append({
            "name": pat.name, "level": pat.level, "what": pat.what, "target": pat.target, "source": pat.source,
            "tolerance": pat.tolerance, "role": pat.role, "basis": pat.basis, "verification": pat.verification,
            "negative_control": ({"set": NEGATIVE_CONTROLS[pat.name][0], "why": NEGATIVE_CONTROLS[pat.name][1]}
                                 if pat.name in NEGATIVE_CONTROLS else None),
            "arms": list(pat.arms), "rule": pat.rule,
            "band": [None if math.isinf(pat.lo) else pat.lo, None if math.isinf(pat.hi) else pat.hi],
            "unit": pat.unit, "mean": s["mean"], "ci95": s["ci95"], "n": s["n"],
            "values": [None if math.isnan(v) else v for v in values],
            "passed": pat.judge(s["mean"], s["ci95"]),
        })
    return rows


def plan(overrides: dict[str, Any] | None = None, only: list[str] | None = None) -> tuple[tuple[Pattern, ...], dict[str, tuple[dict[str, Any], str]]]:
    """The chosen patterns and the resolved parameters of the arms they need (checks the input)."""
    by_name = patterns_by_name()
    if only:
        unknown = [n for n in only if n not in by_name]
        if unknown:
            raise InputError(f"--only {unknown[0]}: unknown pattern; known: {', '.join(by_name)}")
    patterns = tuple(by_name[n] for n in only) if only else PATTERNS
    arms = [a for a in ARMS if any(a in p.arms for p in patterns)]
    return patterns, arm_params(overrides or {}, arms)


def validate(reps: int = 20, seed: int = 2024, overrides: dict[str, Any] | None = None, workers: int = 1,
             only: list[str] | None = None, progress: Callable[[int], None] | None = None,
             planned: tuple | None = None) -> dict[str, Any]:
    """Run the arms the chosen patterns need and return the validation result (a plain dict)."""
    from ..experiment.replicate import replicate_seed

    patterns, params = planned or plan(overrides, only)
    seeds = [replicate_seed(seed, r) for r in range(reps)]
    obs = run_arms(params, seeds, workers=workers, progress=progress)
    rows = evaluate(obs, patterns)
    return {
        "samsim_version": __version__,
        "seed": seed,
        "replications": reps,
        "seeds": seeds,
        "overrides": overrides or {},
        "arms": {a: {"scenario": ARMS[a][0], "overrides": ARMS[a][1], "params_hash": params[a][1]} for a in params},
        "passed": all(r["passed"] for r in rows),
        "n_passed": sum(r["passed"] for r in rows),
        "n_patterns": len(rows),
        "by_role": {role: {"n": sum(r["role"] == role for r in rows), "passed": sum(r["passed"] for r in rows if r["role"] == role)}
                    for role in ("calibration", "validation")},
        "patterns": rows,
        "grade_profile": profile(obs["baseline"]) if "baseline" in obs else [],
    }

