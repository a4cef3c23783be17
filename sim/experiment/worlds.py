"""Worlds: plausible draws of what nobody knows, in which every scenario is run.

A *world* sets every uncertainty of :mod:`sim.uncertainty` to one value. ``prior:N`` draws N
worlds from the plausible ranges by Latin hypercube sampling (SALib, seeded by the root seed);
``saltelli:N`` draws Saltelli's design for Sobol' indices (N (k + 2) worlds for k uncertainties);
a file (CSV or Parquet: one row per world, one column per dotted parameter name, an optional
``weight`` and ``world`` column) brings worlds from elsewhere - a calibrated posterior, say.

In a world, a scenario's *levers* - what its TOML file (and the command line) sets - are applied
on top of the world: the world gives what nobody knows, the scenario what the municipality
decides. Every scenario runs in every world on the same seeds (common random numbers: replicate
``r`` has the same seed in every world and scenario), so a difference between two scenarios in
one world and replicate is due to the organisation alone.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..params import Params, sections
from .. import uncertainty as unc

SPEC_HELP = "prior:N (Latin hypercube over the plausible ranges), saltelli:N (Sobol' design) or a .csv/.parquet file"


@dataclass(frozen=True)
class World:
    """One draw of the uncertainties: dotted name -> value, an id and a weight."""

    id: str
    values: dict[str, Any]
    weight: float = 1.0


@dataclass
class WorldSet:
    """The worlds of a comparison and how they were made (``design`` in prior | saltelli | file)."""

    worlds: list[World]
    design: str
    spec: str
    names: list[str] = field(default_factory=list)  # the uncertainties that vary between worlds
    unit: np.ndarray | None = None  # prior designs: the unit-cube coordinates, one row per world

    def matrix(self) -> np.ndarray:
        """The varied values, one row per world and one column per name in ``names``."""
        return np.array([[float(w.values[n]) for n in self.names] for w in self.worlds], float).reshape(len(self.worlds), len(self.names))

    def weights(self) -> np.ndarray:
        return np.array([w.weight for w in self.worlds], float)

    def fingerprint(self) -> str:
        text = json.dumps([[w.id, w.weight, w.values] for w in self.worlds], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _field_types() -> dict[str, Any]:
    return {f"{s}.{n}": f.annotation for s, cls in sections().items() for n, f in cls.model_fields.items()}


def _cast(name: str, value: float, types: dict[str, Any]) -> Any:
    return int(round(value)) if types.get(name) is int else float(value)


def prior_worlds(n: int, seed: int, design: str = "prior") -> WorldSet:
    """N worlds from the plausible ranges: Latin hypercube (``prior``) or Saltelli (``saltelli``)."""
    from SALib.sample import latin, sobol

    dists = unc.varied()
    names = list(dists)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    if design == "saltelli":
        if n < 2 or n & (n - 1):
            raise InputError(f"--worlds saltelli:{n}: N must be a power of 2 (it gives N x (k + 2) = {n * (len(names) + 2)} worlds)")
        u = sobol.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
    else:
        u = latin.sample(problem, n, seed=seed)
    types = _field_types()
    worlds = []
    for i, row in enumerate(u):
        values = {name: _cast(name, dists[name].ppf(float(x)), types) for name, x in zip(names, row)}
        worlds.append(World(id=f"w{i:04d}", values=values))
    return WorldSet(worlds, design, f"{design}:{n}", names, np.asarray(u))


def _read_table(path: Path):
    import pandas as pd

    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path)
        return pd.read_csv(path)
    except FileNotFoundError:
        raise InputError(f"--worlds {path}: no such file") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise InputError(f"--worlds {path}: cannot read it as {'Parquet' if path.suffix.lower() in ('.parquet', '.pq') else 'CSV'} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from None


def read_worlds(path: str | Path) -> WorldSet:
    """Worlds from a CSV or Parquet file; every cell checked against its parameter's allowed range."""
    path = Path(path)
    df = _read_table(path)
    types = _field_types()
    cols = [str(c) for c in df.columns]
    for c in cols:
        if c not in types and c not in ("weight", "world"):
            raise InputError(f"--worlds {path}: unknown column '{c}'; columns are dotted parameter names "
                             f"(see `samsim describe baseline`), 'weight' and 'world'")
    names = [c for c in cols if c in types]
    if not names:
        raise InputError(f"--worlds {path}: no parameter columns (expected dotted names such as coordination.plan_strength)")
    if len(df) == 0:
        raise InputError(f"--worlds {path}: no rows (one row per world)")
    weights = np.ones(len(df))
    if "weight" in cols:
        w = pd_numeric(df["weight"])
        bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
        if bad.size:
            raise InputError(f"--worlds {path}: row {bad[0] + 2}: weight must be a non-negative number, got {df['weight'].iloc[bad[0]]!r}")
        if w.sum() <= 0:
            raise InputError(f"--worlds {path}: the weights sum to zero")
        weights = w
    ids = [str(x) for x in df["world"]] if "world" in cols else [f"w{i:04d}" for i in range(len(df))]
    if len(set(ids)) != len(ids):
        raise InputError(f"--worlds {path}: column 'world' has repeated ids (each world needs its own)")
    base = Params().model_dump()
    worlds = []
    for i in range(len(df)):
        values = {}
        for n in names:
            v = df[n].iloc[i]
            if isinstance(v, (np.bool_, bool)):
                v = bool(v)
            elif isinstance(v, (np.integer, np.floating)):
                v = v.item()
            if isinstance(v, float) and math.isnan(v):
                raise InputError(f"--worlds {path}: row {i + 2}, column '{n}': empty cell")
            if types[n] is int and isinstance(v, float) and v.is_integer():
                v = int(v)
            values[n] = v
        _check(base, values, f"--worlds {path}: row {i + 2}")
        worlds.append(World(id=ids[i], values=values, weight=float(weights[i])))
    varying = [n for n in names if len({repr(w.values[n]) for w in worlds}) > 1]
    return WorldSet(worlds, "file", str(path), varying or names)


def pd_numeric(col) -> np.ndarray:
    import pandas as pd

    return pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)


def _check(base: dict[str, Any], values: dict[str, Any], where: str) -> None:
    from pydantic import ValidationError

    from ..scenario import explain

    raw = json.loads(json.dumps(base))
    for k, v in values.items():
        sec, name = k.split(".")
        raw[sec][name] = v
    try:
        Params.model_validate(raw)
    except ValidationError as exc:
        raise InputError(explain(exc, where)) from None


def parse(spec: str, seed: int) -> WorldSet:
    """``prior:N``, ``saltelli:N`` or a file path -> the worlds (checked before any run)."""
    m = re.fullmatch(r"(prior|lhs|saltelli|sobol):(\d+)", spec.strip())
    if m:
        n = int(m.group(2))
        if n < 1:
            raise InputError(f"--worlds {spec}: N must be at least 1")
        design = "saltelli" if m.group(1) in ("saltelli", "sobol") else "prior"
        return prior_worlds(n, seed, design)
    if ":" in spec and not Path(spec).exists() and not spec.lower().endswith((".csv", ".parquet", ".pq")):
        raise InputError(f"--worlds {spec}: not understood; use {SPEC_HELP}")
    return read_worlds(spec)


def set_keys(name_or_path: str, overrides: dict[str, Any] | None = None) -> set[str]:
    """The dotted names a scenario decides: set in its TOML chain or on the command line."""
    from ..scenario import _locate, _raw_chain

    raw, _ = _raw_chain(_locate(name_or_path))
    keys = {f"{sec}.{k}" for sec, vals in raw.items() for k in vals}
    return keys | set(overrides or {})


def in_world(params: dict[str, Any], world: World, fixed: set[str]) -> dict[str, Any]:
    """A scenario's resolved parameters in a world: the world's values, except what the scenario sets."""
    raw = json.loads(json.dumps(params))
    for k, v in world.values.items():
        if k in fixed:
            continue
        sec, name = k.split(".")
        raw[sec][name] = v
    return raw
