"""The prior of each fitted parameter: its plausible range.

The plausible ranges belong to :mod:`sim.uncertainty` (``plausible(name)``; the levers and
uncertainties of the parameter schema). Until that module is in the tree, :data:`FALLBACK` gives
the ranges here: for the knobs set by hand before, the ranges ``experiments/calibrate_*.py``
searched, widened so the hand-set value lies inside; for ``help_delay_halflife`` (an assumption
no statistic informs) the whole span from a month to the allowed maximum, on a log scale.
:func:`prior` is the one switch between the two sources.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class Prior:
    """A prior as the uncertainty schema states a plausible range."""

    dist: str      # "uniform" | "loguniform"
    lo: float
    hi: float
    reason: str


_CAL = "searched range of experiments/calibrate_attendance.py, widened to hold the hand-set value"
_SVC = "about half to double the hand-set value of experiments/calibrate_services.py"
FALLBACK: dict[str, Prior] = {
    "attendance.illness_absence_mean": Prior("uniform", 0.015, 0.04, _CAL),
    "attendance.illness_heterogeneity": Prior("uniform", 0.6, 1.6, _CAL),
    "attendance.episode_rate": Prior("uniform", 0.2, 1.0, _CAL + " (1.0 is the allowed maximum)"),
    "attendance.momentum": Prior("uniform", 0.02, 0.08, _CAL),
    "attendance.episode_drift": Prior("uniform", 0.0, 0.06, _CAL),
    "attendance.episode_start_absence": Prior("uniform", 0.2, 0.5, _CAL),
    "services.open_prob_multi": Prior("uniform", 0.3, 0.7, "around 0.38 of all reports opened (Socialstyrelsen 2018)"),
    "services.background_open_prob": Prior("uniform", 0.25, 0.55, "around 0.38 of all reports opened (Socialstyrelsen 2018)"),
    "services.preliminary_days": Prior("uniform", 4.0, 16.0, _SVC),
    "services.investigation_days": Prior("uniform", 40.0, 110.0, _SVC),
    "services.offer_prob": Prior("uniform", 0.4, 1.0, "any chance that makes 0.1-0.3 of reports end in an intervention"),
    "bup.booking_days": Prior("uniform", 10.0, 50.0, _SVC),
    "bup.treatment_booking_days": Prior("uniform", 20.0, 100.0, _SVC),
    "attendance.help_delay_halflife": Prior("loguniform", 15.0, 1000.0, "assumption (004 L226-228 gives no number): from a month to the allowed maximum"),
}


def _from_uncertainty(name: str) -> Prior | None:
    try:
        from .. import uncertainty  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        p = uncertainty.plausible(name)
    except (KeyError, ValueError):
        return None
    return Prior(p.dist, float(p.lo), float(p.hi), p.reason)


#: where priors come from: "plausible" (sim.uncertainty, FALLBACK where it has none) or "wide" (FALLBACK)
SOURCES = ("plausible", "wide")
_source = "plausible"


def use(source: str) -> None:
    """Switch the source of priors for this process (a targets file's ``[fit] priors``)."""
    global _source
    if source not in SOURCES:
        raise ValueError(source)
    _source = source


def prior(name: str) -> Prior:
    """The prior of ``name``: its plausible range from :mod:`sim.uncertainty` (``use("plausible")``,
    the default) or the wide search range of :data:`FALLBACK` (``use("wide")``).

    The plausible ranges of the knobs set by hand before are narrow *because* the hand calibration
    pinned them to these targets: fitting from them is a refinement, not a calibration from
    scratch. ``[fit] priors = "wide"`` in a targets file fits from the wide ranges instead."""
    got = _from_uncertainty(name) if _source == "plausible" else None
    if got is None:
        got = FALLBACK.get(name)
    if got is None:
        raise KeyError(name)
    return got


def check_fittable(name: str, where: str) -> Prior:
    """The prior of ``name``, or a one-line error: unknown, not a number, fixed, or outside its allowed range."""
    from ..params import Params

    sec, _, key = name.partition(".")
    fields = Params.model_fields
    if sec not in fields or key not in fields[sec].annotation.model_fields:
        raise InputError(f"{where}: '{name}' is not a parameter (write section.name; see samsim describe baseline)")
    f = fields[sec].annotation.model_fields[key]
    if f.annotation is not float:
        raise InputError(f"{where}: '{name}' is not a continuous parameter; only float parameters can be fitted")
    try:
        p = prior(name)
    except KeyError:
        raise InputError(f"{where}: '{name}' has no plausible range to fit from; fittable: {', '.join(FALLBACK)}") from None
    if p.dist not in ("uniform", "loguniform"):
        raise InputError(f"{where}: '{name}' has a {p.dist} plausible range; only uniform and loguniform ranges can be fitted")
    extra = f.json_schema_extra or {}
    lo, hi = extra.get("lo"), extra.get("hi")
    if not (p.lo < p.hi) or (lo is not None and p.lo < lo) or (hi is not None and p.hi > hi):
        raise InputError(f"{where}: the plausible range of '{name}' [{p.lo}, {p.hi}] is not inside its allowed range [{lo}, {hi}]")
    if p.dist == "loguniform" and p.lo <= 0:
        raise InputError(f"{where}: the log-uniform range of '{name}' must start above 0")
    return p
