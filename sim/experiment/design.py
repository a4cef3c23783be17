"""Experiment files: which scenario, which knobs to turn, how, and what to keep.

An experiment file (``experiments/*.toml``) has up to four tables::

    [experiment]
    scenario = "baseline"          # or a list: ["baseline", "skifo"] - a factor of its own
    design = "factorial"           # factorial | lhs | sobol | morris
    replications = 2               # runs per design point, each with its own seed
    seed = 1                       # root seed: every run's seed derives from it
    samples = 64                   # lhs: points; sobol: base sample N (a power of 2); morris: trajectories
    metrics = ["mean_daily_absence"]   # metrics to keep (empty: all)
    series = []                    # daily series to keep (e.g. "absence_rate")

    [fixed]                        # set for every run
    municipality.n_pupils = 400

    [vary]                         # factorial: lists of values; lhs/sobol/morris: ranges
    eht.interval_days = [7, 14, 28]
    # eht.interval_days = { low = 7, high = 28 }

    [problem]                      # optional, sobol/morris/lhs: a SALib problem instead of [vary]
    names = ["eht.interval_days"]
    bounds = [[7, 28]]

The design is a list of *points* (parameter values), each run ``replications`` times. A
design is a pure function of the file (and the root seed), so it can be rebuilt at any time:
that is what makes a sweep resumable. Parameters are checked against the scenario's schema
when the file is loaded, so a typo fails before the first run, with one line naming the file
and the key.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, read_toml

DESIGNS = ("factorial", "lhs", "sobol", "morris")
TABLES = ("experiment", "fixed", "vary", "problem")


class Settings(BaseModel):
    """The ``[experiment]`` table."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str = ""
    scenario: str | list[str] = "baseline"
    design: Literal["factorial", "lhs", "sobol", "morris"] = "factorial"
    replications: int = Field(1, ge=1, le=100_000)
    seed: int = Field(1, ge=0)
    samples: int | None = Field(None, ge=1, le=10_000_000)
    levels: int = Field(4, ge=2, le=100)
    second_order: bool = False
    common_random_numbers: bool = True
    metrics: list[str] = Field(default_factory=list)
    series: list[str] = Field(default_factory=list)
    municipality: str | None = None  # a municipality profile (name or file) the scenarios run in


@dataclass(frozen=True)
class Range:
    low: float
    high: float


@dataclass
class Experiment:
    """A parsed experiment file: settings, fixed overrides and the knobs to vary."""

    path: str
    settings: Settings
    fixed: dict[str, Any]
    vary: dict[str, list[Any] | Range]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def name(self) -> str:
        return self.settings.name or Path(self.path).stem

    @property
    def scenarios(self) -> list[str]:
        s = self.settings.scenario
        return [s] if isinstance(s, str) else list(s)

    @property
    def names(self) -> list[str]:
        """The varied parameters, in file order."""
        return list(self.vary)

    def problem(self) -> dict[str, Any]:
        """The SALib problem of a sampled design."""
        bounds = [[float(r.low), float(r.high)] for r in self.vary.values()]  # type: ignore[union-attr]
        return {"num_vars": len(self.vary), "names": self.names, "bounds": bounds}

    def canonical(self) -> dict[str, Any]:
        """Everything that decides which runs the experiment makes (for its fingerprint)."""
        s = self.settings.model_dump(exclude={"name", "description"} | ({"municipality"} if self.settings.municipality is None else set()))
        vary = {k: (v if isinstance(v, list) else {"low": v.low, "high": v.high}) for k, v in self.vary.items()}
        return {"settings": s, "fixed": self.fixed, "vary": vary}


# ----------------------------------------------------------------------------- parsing
def _flatten(table: dict[str, Any], prefix: str = "", leaf=lambda v: not isinstance(v, dict)) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if leaf(v):
            out[key] = v
        else:
            out.update(_flatten(v, f"{key}.", leaf))
    return out


def _is_range(v: Any) -> bool:
    return isinstance(v, dict) and bool(v) and set(v) <= {"low", "high"}


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def parse(path: str | Path) -> Experiment:
    """Read an experiment file and check its structure (not yet its parameters)."""
    where = str(path)
    raw = read_toml(path, "experiment file")
    for key, value in raw.items():
        if key not in TABLES:
            raise InputError(f"{where}: unknown table [{key}]; allowed: {', '.join(TABLES)}")
        if not isinstance(value, dict):
            raise InputError(f"{where}: '{key}' must be a table [{key}]")
    try:
        settings = Settings.model_validate(raw.get("experiment", {}))
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"] if not str(x).startswith(("str", "list[")))
        if err["type"] == "extra_forbidden":
            raise InputError(f"{where}: unknown key 'experiment.{key}'; allowed in [experiment]: {', '.join(Settings.model_fields)}") from None
        raise InputError(f"{where}: experiment.{key} = {err.get('input')!r}: {err['msg']}") from None

    if settings.name is not None and (not settings.name.strip() or Path(settings.name).name != settings.name
                                      or settings.name in (".", "..")):
        raise InputError(f"{where}: experiment.name = {settings.name!r}: a plain name (it names the sweep's directory)")
    if isinstance(settings.scenario, list) and not settings.scenario:
        raise InputError(f"{where}: experiment.scenario = []: give a scenario name or a non-empty list of them")
    scen_list = [settings.scenario] if isinstance(settings.scenario, str) else settings.scenario
    if len(set(scen_list)) != len(scen_list):
        raise InputError(f"{where}: experiment.scenario: a scenario is listed twice in {scen_list!r}")
    fixed = _flatten(raw.get("fixed", {}))
    vary = _flatten(raw.get("vary", {}), leaf=lambda v: not isinstance(v, dict) or _is_range(v))
    if "problem" in raw:
        vary.update(_problem_to_vary(raw["problem"], where))
    if not vary:
        raise InputError(f"{where}: vary: nothing to vary; give at least one parameter under [vary]")

    design = settings.design
    parsed: dict[str, list[Any] | Range] = {}
    for key, v in vary.items():
        label = f"{where}: vary.{key}"
        if design == "factorial":
            if not isinstance(v, list) or not v:
                raise InputError(f"{label}: a factorial design needs a non-empty list of values, e.g. [7, 14, 28]")
            if len({json.dumps(x) for x in v}) != len(v):
                raise InputError(f"{label}: values repeat in {v!r}")
            parsed[key] = list(v)
        else:
            if not _is_range(v) or set(v) != {"low", "high"}:
                raise InputError(f"{label}: a {design} design needs a range {{ low = .., high = .. }}, got {v!r}")
            if not (_number(v["low"]) and _number(v["high"])) or not v["low"] < v["high"]:
                raise InputError(f"{label}: low must be a number below high, got low = {v['low']!r}, high = {v['high']!r}")
            parsed[key] = Range(float(v["low"]), float(v["high"]))
    overlap = sorted(set(parsed) & set(fixed))
    if overlap:
        raise InputError(f"{where}: vary.{overlap[0]}: also set under [fixed]; give it in one place")

    if design != "factorial" and settings.samples is None:
        raise InputError(f"{where}: experiment.samples: a {design} design needs a number of samples")
    if design == "sobol":
        n = settings.samples or 0
        if n & (n - 1):
            raise InputError(f"{where}: experiment.samples = {n}: Sobol' sampling needs a power of 2 (e.g. 64, 128, 256)")
        if len(parsed) < 2:
            raise InputError(f"{where}: vary: Sobol' indices need at least two parameters")
    if design == "morris" and settings.levels % 2:
        raise InputError(f"{where}: experiment.levels = {settings.levels}: Morris needs an even number of levels")
    exp = Experiment(path=where, settings=settings, fixed=fixed, vary=parsed, raw=raw)
    return exp


def design_size(exp: Experiment) -> int:
    """Design points x replications, computed from the file (before the design is built)."""
    s, d = exp.settings, len(exp.vary)
    if s.design == "factorial":
        per = 1
        for v in exp.vary.values():
            per *= len(v)  # type: ignore[arg-type]
    elif s.design == "lhs":
        per = s.samples or 0
    elif s.design == "sobol":
        per = (s.samples or 0) * (2 * d + 2 if s.second_order else d + 2)
    else:
        per = (s.samples or 0) * (d + 1)
    return per * len(exp.scenarios) * s.replications


def _problem_to_vary(problem: dict[str, Any], where: str) -> dict[str, Any]:
    extra = set(problem) - {"names", "bounds", "num_vars"}
    if extra:
        raise InputError(f"{where}: unknown key 'problem.{sorted(extra)[0]}'; allowed in [problem]: names, bounds, num_vars")
    names, bounds = problem.get("names"), problem.get("bounds")
    if not isinstance(names, list) or not isinstance(bounds, list) or len(names) != len(bounds):
        raise InputError(f"{where}: problem: give names = [...] and bounds = [[low, high], ...] of the same length")
    out = {}
    for name, b in zip(names, bounds):
        if not isinstance(b, list) or len(b) != 2:
            raise InputError(f"{where}: problem.bounds for '{name}': write [low, high], got {b!r}")
        out[str(name)] = {"low": b[0], "high": b[1]}
    return out


# ----------------------------------------------------------------------------- checking
def kind_of(name: str) -> str:
    """'int', 'float', 'choice' or 'unknown' for a dotted parameter name."""
    from ..params import sections

    if name.count(".") != 1:
        return "unknown"
    sec, key = name.split(".")
    f = sections().get(sec).model_fields.get(key) if sec in sections() else None
    if f is None:
        return "unknown"
    if f.annotation is int:
        return "int"
    if f.annotation is float:
        return "float"
    return "choice"


def unit_of(name: str) -> str:
    from ..params import sections

    try:
        sec, key = name.split(".")
        extra = sections()[sec].model_fields[key].json_schema_extra or {}
        return str(extra.get("unit", ""))
    except (KeyError, ValueError):
        return ""


def check(exp: Experiment) -> None:
    """Check every scenario, fixed value and varied value against the parameter schema."""
    from ..scenario import load

    for scen in exp.scenarios:
        try:
            load(scen)
        except InputError as exc:
            raise InputError(f"{exp.path}: experiment.scenario: {exc}") from None
        load(scen, exp.fixed, where=f"{exp.path}: fixed")
        for key, v in exp.vary.items():
            where = f"{exp.path}: vary.{key}"
            if isinstance(v, Range):
                if kind_of(key) == "choice":
                    raise InputError(f"{where}: a choice cannot take a range; use a factorial design with a list of values")
                values = [int(round(v.low)) if kind_of(key) == "int" else v.low,
                          int(round(v.high)) if kind_of(key) == "int" else v.high]
            else:
                values = v
            for value in values:
                load(scen, {**exp.fixed, key: value}, where=where)


def load_experiment(path: str | Path, allow_large: bool = False) -> Experiment:
    """Parse an experiment file, check its size (``MAX_SWEEP_RUNS`` runs unless ``allow_large``)
    and check it against the parameter schema."""
    from ..errors import MAX_SWEEP_RUNS, check_size

    exp = parse(path)
    check_size(design_size(exp), MAX_SWEEP_RUNS, f"{exp.path}: the design's runs (points x replications)", allow_large)
    check(exp)
    return exp


# ----------------------------------------------------------------------------- designs
@dataclass(frozen=True)
class Point:
    """One design point: a scenario and a value for every varied parameter."""

    index: int
    scenario: str
    values: dict[str, Any]
    x: tuple[float, ...] = ()  # the sampled, unrounded coordinates (sampled designs)

    @property
    def key(self) -> str:
        """A stable text of the point's identity (used in run seeds and run keys)."""
        return json.dumps({"scenario": self.scenario, **self.values}, sort_keys=True)


def _coerce(name: str, x: float) -> Any:
    return int(round(float(x))) if kind_of(name) == "int" else float(x)


def sample_matrix(exp: Experiment) -> np.ndarray:
    """The SALib sample of a sampled design (rows: points, columns: varied parameters)."""
    from SALib.sample import latin, morris, sobol

    s = exp.settings
    problem = exp.problem()
    if s.design == "lhs":
        return latin.sample(problem, s.samples, seed=s.seed)
    if s.design == "sobol":
        return sobol.sample(problem, s.samples, calc_second_order=s.second_order, scramble=True, seed=s.seed)
    return morris.sample(problem, s.samples, num_levels=s.levels, seed=s.seed)


def points(exp: Experiment) -> list[Point]:
    """Every design point, scenario by scenario, in a fixed order."""
    out: list[Point] = []
    names = exp.names
    if exp.settings.design == "factorial":
        combos = [(dict(zip(names, c)), ()) for c in itertools.product(*(exp.vary[n] for n in names))]
    else:
        X = sample_matrix(exp)
        combos = [({n: _coerce(n, row[j]) for j, n in enumerate(names)}, tuple(float(v) for v in row)) for row in X]
    for scen in exp.scenarios:
        for values, x in combos:
            out.append(Point(index=len(out), scenario=scen, values=values, x=x))
    return out


def fingerprint(exp: Experiment, base_hashes: dict[str, str]) -> str:
    """A short hash of what decides the runs: the design and the resolved base scenarios."""
    text = json.dumps({"experiment": exp.canonical(), "bases": base_hashes}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
