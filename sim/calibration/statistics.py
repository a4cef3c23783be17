"""What one simulated municipality shows, as the statistics a targets file can name.

Every run metric of ``samsim run --json`` (see :func:`sim.outcomes.summarise`) is a statistic,
plus three shares that are computed from the case records of social services and BUP (as
``samsim validate`` does). :data:`INFORMS` says which parameters each statistic is used to fit:
the default set of fitted parameters is the union over the targets a file names.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

#: statistic -> parameters it informs (the knobs set by hand from it before: experiments/calibrate_*.py)
INFORMS: dict[str, tuple[str, ...]] = {
    "mean_daily_absence": ("attendance.illness_absence_mean", "attendance.episode_rate", "attendance.episode_start_absence"),
    "share_absence_over_15pct_term": ("attendance.illness_heterogeneity", "attendance.episode_rate", "attendance.momentum"),
    "share_absence_over_10pct": ("attendance.illness_heterogeneity", "attendance.illness_absence_mean"),
    # the share at 50 % or more also moves with how fast help loses its effect: 0.010 at a half-life
    # of 1,000 days, 0.029 at 30 days (docs/validation.md)
    "share_absence_over_50pct": ("attendance.episode_drift", "attendance.momentum", "attendance.episode_rate",
                                 "attendance.help_delay_halflife"),
    "share_reports_investigated": ("services.open_prob_multi", "services.background_open_prob"),
    "share_preliminary_late": ("services.preliminary_days",),
    "share_investigations_late": ("services.investigation_days",),
    "share_reports_intervention": ("services.offer_prob",),
    "share_bup_first_assessment_within_30d": ("bup.booking_days",),
    "share_bup_treatment_within_30d": ("bup.treatment_booking_days",),
}

#: statistics computed here from the case records (not in the run metrics)
EXTRA = ("share_reports_intervention", "share_school_reports_intervention", "share_bup_treatment_within_30d")


def known_statistics() -> list[str]:
    """Names a targets file may use: the run metrics and :data:`EXTRA`."""
    names = list(_metric_names())
    return names + [e for e in EXTRA if e not in names]


def _metric_names() -> list[str]:
    global _NAMES
    if _NAMES is None:
        from ..model import SchoolModel
        from ..outcomes import summarise
        from ..scenario import load

        model = SchoolModel(load("baseline", {"municipality.n_pupils": 100, "calendar.years": 1,
                                              "calendar.burn_in_days": 0}).params, seed=1)
        model.run()
        model.finish()
        _NAMES = list(summarise(model))
    return _NAMES


_NAMES: list[str] | None = None


def extra_statistics(model) -> dict[str, float]:
    """Shares of closed reports that led to an intervention, and of BUP treatments within 30 days."""
    svc, bup = model.services, model.bup
    school = [o for rid, o in svc.outcome.items() if not svc.reports[rid].background]
    every = list(svc.outcome.values())
    treat = [w for _, w in bup.treatment_waits]
    return {
        "share_reports_intervention": float(np.mean([o in ("intervention", "lvu") for o in every])) if every else math.nan,
        "share_school_reports_intervention": float(np.mean([o in ("intervention", "lvu") for o in school])) if school else math.nan,
        "share_bup_treatment_within_30d": float(np.mean([w <= 30 for w in treat])) if treat else math.nan,
    }


def simulate(params: dict[str, Any], seed: int, wanted: list[str]) -> dict[str, float]:
    """Run one municipality to the end and return the ``wanted`` statistics (NaN when undefined)."""
    from ..model import SchoolModel
    from ..outcomes import summarise
    from ..params import Params

    model = SchoolModel(Params.model_validate(params), seed=seed, scenario="calibration")
    model.run()
    model.finish()
    stats: dict[str, Any] = dict(summarise(model))
    if any(w in EXTRA for w in wanted):
        stats.update(extra_statistics(model))
    out = {}
    for w in wanted:
        v = stats.get(w, math.nan)
        out[w] = math.nan if v is None else float(v)
    return out
