"""Municipality profiles: one municipality's size, staff, local statistics and wage levels.

A profile (``municipalities/NAME.toml``, chosen with ``--municipality NAME|FILE``) describes
the municipality a scenario runs in; the scenario stays what it is - the levers of a
coordination model on top of it. The rule:

* what a profile gives is used **as given**: its pupils, schools and class size, and its staff
  as absolute numbers (intake workers, case officers, family therapists, BUP clinicians for its
  share of the region, the region's pupils, EHT members per school ...);
* what it leaves out is **scaled** from the default staffing (given for 1,600 pupils) with its
  pupils / 1,600, as without a profile (``sim.scaling.Staffing`` decides, nowhere else);
* the posts a coordination model adds (coordinators, school social workers) are the scenario's:
  a profile that gives them says how many this municipality would staff *when a model has
  them*; a model without them (the silo) still has none;
* ``[costs]`` sets local wage levels and prices, ``[parameters]`` any other local value
  (dotted names, e.g. ``services.background_reports`` from local statistics), and ``targets``
  names a file of local statistics for ``samsim calibrate``.

Order: scenario, then profile, then ``--set`` / ``--pupils`` on the command line (which win).
A count given by the profile stays absolute whatever ``--pupils`` says.

``load(name_or_path) -> Profile`` reads and checks a profile; ``apply(profile, raw)`` writes it
into a scenario's parameters (a plain dict); ``resolve(scenario, overrides, municipality)``
does both for a scenario name and returns the :class:`~sim.scenario.Scenario` to run.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .params import Costs, Municipality, Params, scaled_knobs, sections
from .scenario import Scenario, _validate, load as load_scenario, set_dotted

MUNICIPALITY_DIR = Path(os.environ.get("SAMSIM_MUNICIPALITIES", Path(__file__).resolve().parent.parent / "municipalities"))
DEFAULT_PUPILS = 1600  # as in sim.model: the size the default staffing is given for
LEVER_POSTS = ("coordination.coordinators", "coordination.school_social_workers")  # the scenario's posts
SIZE_KEYS = {"pupils": "municipality.n_pupils", "schools": "municipality.n_schools", "class_size": "municipality.class_size",
             "low_resource_share": "municipality.low_resource_share"}
META_KEYS = ("name", "description", "description_sv", "basis", "targets")
MINIMUM = {"bup.initial_waiting": 0}  # staffing()'s minimum where it is not 1


def staff_keys() -> dict[str, str]:
    """Short name -> dotted name of every count a profile may give under ``[staff]``."""
    keys = {name.split(".")[1]: name for name in scaled_knobs() if name != "municipality.n_schools"}
    keys["eht_members"] = "eht.members"  # per school, never scaled
    return keys


@dataclass(frozen=True)
class Profile:
    """A municipality as a profile file describes it."""

    name: str
    source: str
    description: str = ""
    description_sv: str = ""
    basis: str = ""
    targets: Path | None = None  # local statistics (a targets file for calibration)
    values: dict[str, Any] = field(default_factory=dict)  # dotted name -> value, as given
    given: tuple[str, ...] = ()  # the counts given as absolute numbers (dotted names)

    def summary(self) -> dict[str, Any]:
        """What outputs record about the municipality."""
        return {"name": self.name, "source": self.source, "basis": self.basis,
                "targets": str(self.targets) if self.targets else None, "values": self.values}


def names() -> list[str]:
    return sorted(p.stem for p in MUNICIPALITY_DIR.glob("*.toml"))


def _locate(name_or_path: str) -> Path:
    p = Path(name_or_path)
    if p.suffix == ".toml" or os.sep in name_or_path:
        if not p.is_file():
            raise InputError(f"--municipality {name_or_path}: no such profile file")
        return p
    p = MUNICIPALITY_DIR / f"{name_or_path}.toml"
    if not p.is_file():
        raise InputError(f"--municipality: unknown municipality '{name_or_path}'; known: {', '.join(names())} (or give a path to a .toml file)")
    return p


def load(name_or_path: str) -> Profile:
    """Read and check a profile; any fault is one line naming the file and the key."""
    path = _locate(name_or_path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    tables = ("municipality", "staff", "costs", "parameters")
    for key, value in data.items():
        if key not in tables or not isinstance(value, dict):
            raise InputError(f"{path}: unknown key '{key}'; a profile has the tables [{'], ['.join(tables)}]")
    meta = data.get("municipality", {})
    values: dict[str, Any] = {}
    given: list[str] = []
    for key, value in meta.items():
        if key in SIZE_KEYS:
            values[SIZE_KEYS[key]] = value
            if key == "schools":
                given.append(SIZE_KEYS[key])
        elif key not in META_KEYS:
            raise InputError(f"{path}: unknown key 'municipality.{key}'; allowed: {', '.join([*META_KEYS, *SIZE_KEYS])}")
    if "pupils" not in meta:
        raise InputError(f"{path}: municipality.pupils is missing; a profile gives the pupils in compulsory school")
    short = staff_keys()
    dotted = set(short.values())
    for key, value in data.get("staff", {}).items():
        name = short.get(key, key if key in dotted else None)
        if name is None:
            raise InputError(f"{path}: unknown key 'staff.{key}'; allowed: {', '.join(short)}")
        values[name] = value
        if name in scaled_knobs():
            given.append(name)
    for key, value in data.get("costs", {}).items():
        if key not in Costs.model_fields:
            raise InputError(f"{path}: unknown key 'costs.{key}'; allowed: {', '.join(Costs.model_fields)}")
        values[f"costs.{key}"] = value
    for key, value in data.get("parameters", {}).items():
        sec = key.split(".")[0]
        if key.count(".") != 1 or sec not in sections() or key.split(".")[1] not in sections()[sec].model_fields:
            raise InputError(f"{path}: unknown parameter 'parameters.{key}'; write section.name as in `samsim describe baseline`")
        if key in dotted or key in SIZE_KEYS.values() or key == "municipality.staff_as_given":
            raise InputError(f"{path}: parameters.{key}: give sizes under [municipality] and staff under [staff]")
        values[key] = value
    targets = None
    if "targets" in meta:
        targets = (path.parent / str(meta["targets"])).resolve()
        if not targets.is_file():
            raise InputError(f"{path}: municipality.targets = {meta['targets']!r}: no such file (relative to the profile)")
    profile = Profile(name=str(meta.get("name", path.stem)), source=str(path), description=str(meta.get("description", "")),
                      description_sv=str(meta.get("description_sv", "")), basis=str(meta.get("basis", "")),
                      targets=targets, values=values, given=tuple(given))
    apply(profile, Params().model_dump())  # every value checked against its allowed range, now
    return profile


def apply(profile: Profile, raw: dict[str, Any]) -> dict[str, Any]:
    """A scenario's parameters (``Params.model_dump()``) with the municipality written in; checked.

    A post the scenario does not have (``coordination.coordinators = 0``) stays at 0 whatever
    the profile gives: the profile says how many this municipality staffs *when* a model has it."""
    out = {sec: dict(values) for sec, values in raw.items()}
    for name, value in profile.values.items():
        sec, key = name.split(".")
        if name in LEVER_POSTS and not out[sec][key]:
            continue
        out[sec][key] = value
    given = [name for name in profile.given if not (name in LEVER_POSTS and not out[name.split(".")[0]][name.split(".")[1]])]
    out["municipality"]["staff_as_given"] = sorted(set(out["municipality"].get("staff_as_given", [])) | set(given))
    _validate(out, profile.source)
    return out


def _canonical(raw: dict[str, Any]) -> dict[str, Any]:
    """At the default size, a count given as absolute and the same count scaled are the same
    number: drop the marks, so that the default profile resolves to exactly the parameters
    (and results) of no profile."""
    if raw["municipality"]["n_pupils"] == DEFAULT_PUPILS:
        raw["municipality"]["staff_as_given"] = []
    return raw


def resolve(scenario: str, overrides: dict[str, Any] | None = None, municipality: str | Profile | None = None,
            where: str = "command line") -> Scenario:
    """The scenario ``scenario`` in ``municipality`` (a name, a file or a loaded profile; None:
    the default municipality, scaled), then ``overrides`` (dotted names; they win)."""
    if municipality is None:
        return load_scenario(scenario, overrides, where=where)
    profile = load(municipality) if isinstance(municipality, str) else municipality
    scen = load_scenario(scenario)
    raw = apply(profile, scen.params.model_dump())
    for key, value in (overrides or {}).items():
        set_dotted(raw, key, value, where)
    params = _validate(_canonical(raw), where)
    return Scenario(name=scen.name, description=scen.description, params=params, source=scen.source,
                    description_sv=scen.description_sv)


def staffing_table(params: Params, profile: Profile | None = None) -> list[dict[str, Any]]:
    """Every count that scales with the municipality: its value, whether it was given (by the
    profile) or scaled from the default, and the number the model builds - from
    ``sim.scaling.Staffing`` itself (and the population, for schools)."""
    from .population import Population
    from .scaling import Staffing
    import numpy as np

    m = params.municipality
    given = set(m.staff_as_given) | (set(profile.given) if profile else set())
    marked = params.model_copy(update={"municipality": m.model_copy(update={"staff_as_given": sorted(given)})})
    staff = Staffing(m.n_pupils, marked.municipality.staff_as_given)
    rows = []
    for name in scaled_knobs():
        sec, key = name.split(".")
        value = getattr(getattr(params, sec), key)
        if name == "municipality.n_schools":
            built = Population(marked, np.random.default_rng(0)).n_schools
        else:
            built = staff.staffing(value, MINIMUM.get(name, 1), name)
        lever = name in LEVER_POSTS
        if lever and not value:
            how = "not in this model (a scenario lever)"
        elif name in given:
            how = "given"
        else:
            how = "scenario lever, scaled" if lever else "scaled"
        rows.append({"name": name, "value": value, "built": built, "how": how})
    if profile and "eht.members" in profile.values:
        rows.append({"name": "eht.members", "value": params.eht.members, "built": params.eht.members, "how": "given (per school)"})
    return rows


def describe_lines(params: Params, profile: Profile | None) -> list[str]:
    """The lines ``samsim describe --municipality`` prints before the parameters."""
    n = params.municipality.n_pupils
    if profile is None:
        head = [f"municipality: the default ({n:,} pupils); every count below scales with pupils / {DEFAULT_PUPILS:,}"]
    else:
        head = [f"municipality '{profile.name}' ({profile.source}): {profile.description}"]
        if profile.basis:
            head.append(f"  basis: {profile.basis}")
        if profile.targets:
            head.append(f"  local statistics (calibration targets): {profile.targets}")
        local = [k for k in profile.values if k.startswith("costs.") or (k not in profile.given and k not in SIZE_KEYS.values()
                                                                          and k not in staff_keys().values())]
        if local:
            head.append(f"  local values: {', '.join(f'{k} = {profile.values[k]}' for k in local)}")
    head.append(f"  {'count':36s} {'value':>8s} {'built':>7s}  how (given: used as given; scaled: value x {n:,} / {DEFAULT_PUPILS:,})")
    for row in staffing_table(params, profile):
        head.append(f"  {row['name']:36s} {row['value']!s:>8} {row['built']!s:>7}  {row['how']}")
    return head
