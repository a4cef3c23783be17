"""Scenarios as data: a TOML file sets only what differs from its parent (``baseline``).

A file may carry a ``[scenario]`` table with ``name`` and ``name_sv`` (what the report and the
app call the model; default: the file name), ``description`` and ``description_sv`` (one line in
English and Swedish) and ``inherits`` (default ``baseline``; the baseline itself inherits the
defaults in :mod:`sim.params`). None of them is inherited. Every other
table is a parameter section. Unknown keys and out-of-range values raise :class:`InputError`
with one line naming the file, the key and what is allowed.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import InputError, read_toml
from .params import Params, sections

SCENARIO_DIR = Path(os.environ.get("SAMSIM_SCENARIOS", Path(__file__).resolve().parent.parent / "scenarios"))


@dataclass(frozen=True)
class Scenario:
    """A named, fully resolved set of parameters."""

    name: str
    description: str
    params: Params
    source: str
    description_sv: str = ""
    title: str = ""       # [scenario] name: the model's name for people (the report, the app)
    title_sv: str = ""    # [scenario] name_sv: the same in Swedish

    @property
    def params_hash(self) -> str:
        text = json.dumps(self.params.model_dump(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def builtin_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def _locate(name_or_path: str) -> Path:
    if not isinstance(name_or_path, str) or not name_or_path.strip():
        raise InputError(f"scenario {name_or_path!r}: give a built-in scenario name or a path to a .toml file")
    p = Path(name_or_path)
    if p.suffix == ".toml" or os.sep in name_or_path or p.is_dir():
        if p.is_dir():
            raise InputError(f"{name_or_path}: is a directory, not a scenario file")
        if not p.exists():
            raise InputError(f"{name_or_path}: no such scenario file")
        return p
    p = SCENARIO_DIR / f"{name_or_path}.toml"
    if not p.is_file():
        known = ", ".join(builtin_names())
        raise InputError(f"unknown scenario '{name_or_path}'; known scenarios: {known} (or give a path to a .toml file)")
    return p


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, "scenario file")


def _merge(base: dict[str, Any], upper: dict[str, Any], path: Path) -> dict[str, Any]:
    known = sections()
    out = {k: dict(v) for k, v in base.items()}
    for sec, values in upper.items():
        if sec == "scenario":
            continue
        if sec not in known:
            raise InputError(f"{path}: unknown section [{sec}]; allowed sections: {', '.join(['scenario', *known])}")
        if not isinstance(values, dict):
            raise InputError(f"{path}: '{sec}' must be a table [{sec}]")
        out.setdefault(sec, {}).update(values)
    return out


def _validate(raw: dict[str, Any], where: str) -> Params:
    try:
        return Params.model_validate(raw)
    except ValidationError as exc:
        raise InputError(explain(exc, where)) from None


def explain(exc: ValidationError, where: str) -> str:
    """Turn pydantic's first error into one line: file, key, value, what is allowed."""
    err = exc.errors()[0]
    loc = [str(x) for x in err["loc"]]
    key = ".".join(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        sec_cls = sections().get(loc[0]) if len(loc) > 1 else None
        allowed = ", ".join(sec_cls.model_fields) if sec_cls else ", ".join(sections())
        return f"{where}: unknown key '{key}'; allowed in [{loc[0]}]: {allowed}"
    allowed = _allowed(loc)
    return f"{where}: {key} = {err.get('input')!r} is not allowed ({err['msg']}); allowed: {allowed}"


def _allowed(loc: list[str]) -> str:
    if len(loc) != 2 or loc[0] not in sections():
        return "see `samsim describe baseline`"
    f = sections()[loc[0]].model_fields.get(loc[1])
    if f is None:
        return "see `samsim describe baseline`"
    extra = f.json_schema_extra or {}
    if "lo" in extra:
        return f"{extra['lo']} to {extra['hi']} {extra['unit']}".strip()
    return " | ".join(repr(a) for a in getattr(f.annotation, "__args__", ()))


def _raw_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], dict[str, str]]:
    data = _read(path)
    meta = data.get("scenario", {})
    if not isinstance(meta, dict):
        raise InputError(f"{path}: 'scenario' must be a table [scenario]")
    bad = set(meta) - {"description", "description_sv", "inherits", "name", "name_sv"}
    if bad:
        raise InputError(f"{path}: unknown key 'scenario.{sorted(bad)[0]}'; allowed in [scenario]: description, description_sv, inherits, name, name_sv")
    parent = meta.get("inherits", None if path.stem == "baseline" else "baseline")
    base: dict[str, Any] = {}
    if parent is not None and (not isinstance(parent, str) or not parent):
        raise InputError(f"{path}: scenario.inherits = {parent!r}: give a built-in scenario name or a .toml path")
    if parent:
        try:
            ppath = _locate(parent)
        except InputError as exc:
            raise InputError(f"{path}: scenario.inherits: {exc}") from None
        if ppath.resolve() in seen:
            raise InputError(f"{path}: scenario.inherits = {parent!r} makes a cycle")
        base, _ = _raw_chain(ppath, (*seen, path.resolve()))
    merged = _merge(base, data, path)
    _validate(merged, str(path))  # each file in the chain is checked where it stands
    return merged, {"en": str(meta.get("description", "")), "sv": str(meta.get("description_sv", "")),
                    "name": str(meta.get("name", "")), "name_sv": str(meta.get("name_sv", ""))}


def set_dotted(raw: dict[str, Any], key: str, value: Any, where: str) -> None:
    if key.count(".") != 1:
        raise InputError(f"{where}: parameter '{key}' must be written section.name, e.g. staircase.window")
    sec, name = key.split(".")
    if sec not in sections():
        raise InputError(f"{where}: unknown section in '{key}'; allowed sections: {', '.join(sections())}")
    raw.setdefault(sec, {})[name] = value


def load(name_or_path: str, overrides: dict[str, Any] | None = None, where: str = "override") -> Scenario:
    """Resolve a built-in scenario name or a TOML path, then apply dotted overrides."""
    path = _locate(name_or_path)
    raw, description = _raw_chain(path)
    for key, value in (overrides or {}).items():
        set_dotted(raw, key, value, where)
    params = _validate(raw, where if overrides else str(path))
    return Scenario(name=path.stem, description=description["en"], params=params, source=str(path),
                    description_sv=description["sv"], title=description["name"], title_sv=description["name_sv"])
