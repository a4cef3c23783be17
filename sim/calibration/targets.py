"""A targets file: the statistics a municipality (or the nation) wants the model to reproduce.

TOML, one ``[[target]]`` table per statistic::

    name = "national"
    description = "Swedish national statistics"

    [model]                      # the municipality simulated while fitting (optional)
    scenario = "baseline"        # a built-in scenario or a .toml path
    set = { "municipality.n_pupils" = 1600 }

    [[target]]
    statistic = "mean_daily_absence"   # a run metric (samsim run --json) or a share in statistics.EXTRA
    value = 0.065
    tolerance = 0.01                   # or: se = 0.005 (a tolerance is taken as 2 standard errors)
    source = "DK BUVM 2023; England DfE; domain_facts §8 row 4"

    [fit]                        # optional: which parameters to fit (default: those the targets inform)
    parameters = ["attendance.illness_absence_mean", "..."]
    carry = ["attendance.help_delay_halflife"]   # drawn from the prior, fitted to nothing: its
                                                 # uncertainty reaches the worlds unchanged
    priors = "plausible"         # or "wide": from the wide search ranges instead of the plausible
                                 # ranges of sim.uncertainty (which the hand calibration narrowed)

Every error names the file and the key and exits with code 2 before any simulation runs.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError


@dataclass(frozen=True)
class Target:
    """One statistic to reproduce: its value, how far off still fits, and where it comes from."""

    statistic: str
    value: float
    tolerance: float            # the half-width of the band the fit is judged by (2 se when se is given)
    source: str
    note: str = ""

    @property
    def band(self) -> tuple[float, float]:
        return self.value - self.tolerance, self.value + self.tolerance


@dataclass(frozen=True)
class Targets:
    """A parsed targets file."""

    path: str
    name: str
    description: str
    targets: tuple[Target, ...]
    scenario: str = "baseline"
    overrides: dict[str, Any] = field(default_factory=dict)
    fit: tuple[str, ...] = ()       # fitted parameters, in order
    carry: tuple[str, ...] = ()     # parameters drawn from the prior but informed by no target
    priors: str = "plausible"       # "plausible" (sim.uncertainty) or "wide" (sim.calibration.priors.FALLBACK)
    municipality: str | None = None  # a municipality profile (--municipality): its size and staff, under [model]

    @property
    def parameters(self) -> tuple[str, ...]:
        return self.fit + tuple(c for c in self.carry if c not in self.fit)


def _number(where: str, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise InputError(f"{where}: expected a finite number, got {raw!r}")
    return float(raw)


def _names(where: str, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise InputError(f"{where}: expected a list of dotted parameter names, e.g. [\"services.offer_prob\"]")
    return tuple(raw)


def load_targets(path: str | Path) -> Targets:
    """Read and check a targets file (statistic names, numbers, parameter names, scenario)."""
    from ..scenario import load
    from .priors import check_fittable
    from .statistics import INFORMS, known_statistics

    p = Path(path)
    if not p.is_file():
        raise InputError(f"--targets {path}: no such file")
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    allowed_top = {"name", "description", "model", "target", "fit"}
    for key in raw:
        if key not in allowed_top:
            raise InputError(f"{path}: unknown key '{key}'; allowed: {', '.join(sorted(allowed_top))}")
    items = raw.get("target")
    if not isinstance(items, list) or not items:
        raise InputError(f"{path}: no [[target]] tables; write at least one with statistic, value, tolerance (or se) and source")
    known = set(known_statistics())
    targets = []
    seen = set()
    for i, t in enumerate(items):
        where = f"{path}: target {i + 1}"
        if not isinstance(t, dict):
            raise InputError(f"{where}: expected a table")
        extra = set(t) - {"statistic", "value", "tolerance", "se", "source", "note"}
        if extra:
            raise InputError(f"{where}: unknown key '{sorted(extra)[0]}'; allowed: statistic, value, tolerance, se, source, note")
        stat = t.get("statistic")
        if not isinstance(stat, str) or stat not in known:
            raise InputError(f"{where}: statistic {stat!r} is not a statistic of the model; known: {', '.join(sorted(known))}")
        if stat in seen:
            raise InputError(f"{where}: statistic '{stat}' given twice")
        seen.add(stat)
        if "value" not in t:
            raise InputError(f"{where} ({stat}): 'value' is missing")
        value = _number(f"{where} ({stat}).value", t["value"])
        if ("tolerance" in t) == ("se" in t):
            raise InputError(f"{where} ({stat}): give exactly one of 'tolerance' and 'se'")
        tol = _number(f"{where} ({stat}).tolerance", t["tolerance"]) if "tolerance" in t else 2 * _number(f"{where} ({stat}).se", t["se"])
        if tol <= 0:
            raise InputError(f"{where} ({stat}): the tolerance (or se) must be > 0")
        source = t.get("source")
        if not isinstance(source, str) or not source.strip():
            raise InputError(f"{where} ({stat}): 'source' is missing; say where the value comes from")
        targets.append(Target(stat, value, tol, source.strip(), str(t.get("note", ""))))
    model = raw.get("model", {})
    if not isinstance(model, dict) or set(model) - {"scenario", "set"}:
        raise InputError(f"{path}: [model] takes 'scenario' and 'set' only")
    scenario = model.get("scenario", "baseline")
    overrides = model.get("set", {})
    if not isinstance(overrides, dict):
        raise InputError(f"{path}: [model].set must be a table of dotted names, e.g. {{ \"municipality.n_pupils\" = 1600 }}")
    load(scenario, overrides, where=f"{path}: [model]")  # checks the scenario and the overrides
    fit_raw = raw.get("fit", {})
    if not isinstance(fit_raw, dict) or set(fit_raw) - {"parameters", "carry", "priors"}:
        raise InputError(f"{path}: [fit] takes 'parameters', 'carry' and 'priors' only")
    from .priors import SOURCES, use

    priors = fit_raw.get("priors", "plausible")
    if priors not in SOURCES:
        raise InputError(f"{path}: [fit].priors = {priors!r}; allowed: {', '.join(SOURCES)}")
    use(priors)
    if "parameters" in fit_raw:
        fit = _names(f"{path}: [fit].parameters", fit_raw["parameters"])
    else:
        fit = tuple(dict.fromkeys(n for t in targets for n in INFORMS.get(t.statistic, ())))
    carry = _names(f"{path}: [fit].carry", fit_raw.get("carry", []))
    if not fit:
        raise InputError(f"{path}: no parameter to fit; name them in [fit].parameters")
    for name in fit + carry:
        check_fittable(name, f"{path}: [fit]")
    return Targets(str(p), str(raw.get("name", p.stem)), str(raw.get("description", "")), tuple(targets),
                   scenario, overrides, fit, carry, priors)
