"""Which engine keeps the agencies' time: ``clock`` (the model's own, :class:`sim.casework.Clock`,
the default) or ``salabim`` (the reference engine, :mod:`sim.engine_salabim`: the same case
processes on salabim, slower, with salabim's monitors)."""
from __future__ import annotations

from .casework import Clock
from .errors import InputError

ENGINES = ("clock", "salabim")


def new_clock(engine: str = "clock") -> Clock:
    """A new clock for the agencies' cases on ``engine``."""
    if engine == "clock":
        return Clock()
    if engine == "salabim":
        from .engine_salabim import SalabimClock  # (salabim is imported only when asked for)

        return SalabimClock()
    raise InputError(f"engine {engine!r}: allowed are {', '.join(ENGINES)}")
