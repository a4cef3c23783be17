"""Strict JSON for everything samsim writes: ``null`` where a number is not defined.

Python's ``json`` writes ``NaN`` and ``Infinity`` by default, which are not JSON (RFC 8259):
browsers, ``jq`` and most other readers reject them. A median never reached, a share of an empty
group, a difference without pairs are not defined: they are written as ``null``.
"""
from __future__ import annotations

import json
import math
from typing import Any


def clean(x: Any) -> Any:
    """``x`` with every NaN or infinite float (also numpy's) replaced by None, recursively."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if hasattr(x, "dtype") and hasattr(x, "tolist"):  # numpy scalars and arrays
        return clean(x.tolist())
    return x


def dumps(x: Any, **kwargs: Any) -> str:
    """``json.dumps`` that writes ``null`` for an undefined number and never a bare NaN."""
    default = kwargs.pop("default", None)

    def fallback(o: Any) -> Any:
        if hasattr(o, "tolist"):
            return clean(o.tolist())
        if default is not None:
            return clean(default(o))
        raise TypeError(f"{type(o).__name__} is not JSON serialisable")

    return json.dumps(clean(x), allow_nan=False, default=fallback, **kwargs)


def loads(text: str) -> Any:
    """Read JSON (also an old file with bare NaN: read as NaN, as Python's json does)."""
    return json.loads(text)
