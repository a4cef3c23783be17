"""The parameter table ``samsim describe`` prints: each knob's value, unit, allowed range, source
and meaning (from the schema, :mod:`sim.params`), and whether it is a lever or an uncertainty
with its plausible range (:mod:`sim.uncertainty`)."""
from __future__ import annotations

from typing import Any

from .params import Params, scaled_knobs, sections
from .uncertainty import LEVERS, UNCERTAINTIES


def describe_rows(params: Params) -> list[dict[str, Any]]:
    """One row per knob: dotted name, value, unit, range, source and meaning."""
    rows = []
    for sec_name, sec_cls in sections().items():
        sec = getattr(params, sec_name)
        for name, f in sec_cls.model_fields.items():
            extra = f.json_schema_extra or {}
            if "lo" in extra:
                allowed = f"{extra['lo']}..{extra['hi']}"
            elif f.annotation is bool:
                allowed = "true | false"
            elif f.annotation == list[str]:
                allowed = "a list of: " + ", ".join(scaled_knobs())
            else:
                allowed = " | ".join(getattr(f.annotation, "__args__", ()))
            rows.append(
                {
                    "name": f"{sec_name}.{name}",
                    "value": getattr(sec, name),
                    "default": f.default,
                    "unit": extra.get("unit", ""),
                    "allowed": allowed,
                    "source": extra.get("source", ""),
                    "description": f.description or "",
                    **_role_columns(f"{sec_name}.{name}"),
                }
            )
    return rows


def _role_columns(name: str) -> dict[str, Any]:
    """Lever or uncertainty, and the plausible range of an uncertainty (see :mod:`sim.uncertainty`)."""
    if name in UNCERTAINTIES:
        p = UNCERTAINTIES[name]
        return {"role": "uncertainty", "plausible": p.text(), "plausible_reason": p.reason}
    return {"role": "lever" if name in LEVERS else "unclassified", "plausible": None,
            "plausible_reason": LEVERS.get(name, "not yet in sim/uncertainty.py")}
