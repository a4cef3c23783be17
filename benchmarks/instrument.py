"""Time the phases of a full model run from the outside, without touching ``sim/``.

:class:`TimedSchoolModel` is a :class:`sim.model.SchoolModel` whose parts are wrapped after
construction, and a :class:`PhaseClock` attributes every second of a run to exactly one phase
(*exclusive* time: while a wrapped call runs inside another, the outer phase's clock stops):

``setup``        building the model (pupils, agents, schools, agencies)
``pupil_step``   the attendance draws (stream ``attendance``) and ``pop.attend``
``school``       ``school.school_day``: mentor reviews, staff spotting, staircase, EHT meetings
``services``     social services and BUP: any method defined in ``sim`` of the objects at
                 ``model.services``/``model.bup``/``model.clock`` (the cases' processes run inside
                 ``clock.run``)
``coordination`` the same for ``model.coordination``
``network``      the same for ``model.network``
``other``        the rest of ``model.step`` (case log, daily series, year rollover)
``results``      ``model.results()`` (metrics from the case log)

Parts are found with ``getattr``, so the same harness works before and after the agencies
land; a part that does not exist simply reports 0. To time a part under another attribute
name, add it to :data:`PARTS`.
"""
from __future__ import annotations

import functools
import inspect
import time
from collections import defaultdict
from typing import Any, Callable

from sim.model import SchoolModel

# phase -> model attributes whose sim-defined methods are timed as that phase
PARTS: dict[str, tuple[str, ...]] = {
    "services": ("services", "bup", "clock"),
    "coordination": ("coordination", "coordinators", "forums"),
    "network": ("network", "professional_network"),
}
DRAW_STREAMS = ("attendance",)
PHASES = ("setup", "pupil_step", "school", "services", "coordination", "network", "other", "results")
_SKIP = {"process"}  # generators: the time they take is counted where they are resumed


class PhaseClock:
    """Exclusive wall time per phase, with a stack for nested wrapped calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[str] = []
        self._t = 0.0

    def enter(self, phase: str) -> None:
        now = time.perf_counter()
        if self._stack:
            self.seconds[self._stack[-1]] += now - self._t
        self._stack.append(phase)
        self.calls[phase] += 1
        self._t = now

    def exit(self) -> None:
        now = time.perf_counter()
        if self._stack:
            self.seconds[self._stack.pop()] += now - self._t
        self._t = now

    def wrap(self, fn: Callable, phase: str) -> Callable:
        enter, exit_ = self.enter, self.exit

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            enter(phase)
            try:
                return fn(*args, **kwargs)
            finally:
                exit_()

        return timed


class _TimedGenerator:
    """A numpy Generator whose draws count as one phase."""

    def __init__(self, gen: Any, clock: PhaseClock, phase: str):
        self._gen, self._clock, self._phase = gen, clock, phase

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._gen, name)
        if callable(attr):
            attr = self._clock.wrap(attr, self._phase)
            setattr(self, name, attr)  # cache the wrapper
        return attr


def wrap_part(obj: Any, clock: PhaseClock, phase: str) -> list[str]:
    """Wrap the sim-defined public methods of ``obj``."""
    if obj is None or isinstance(obj, (int, float, str, bytes, list, tuple, dict)):
        return []
    wrapped = []
    names: set[str] = set()
    for cls in type(obj).__mro__:
        if cls.__module__.split(".")[0] == "sim":
            names |= {n for n, v in vars(cls).items() if inspect.isfunction(v) and not n.startswith("_") and n not in _SKIP}
    for name in sorted(names):
        try:
            setattr(obj, name, clock.wrap(getattr(obj, name), phase))
            wrapped.append(name)
        except (AttributeError, TypeError):
            pass
    return wrapped


class TimedSchoolModel(SchoolModel):
    """A SchoolModel that records where its time goes (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        clock = PhaseClock()
        t0 = time.perf_counter()
        super().__init__(*args, **kwargs)
        clock.seconds["setup"] += time.perf_counter() - t0
        self.bench_clock = clock
        self.bench_wrapped: dict[str, list[str]] = {}
        # the pupil step: the day's draws and the attendance kernel
        for name in DRAW_STREAMS:
            gen = self.streams[name]
            self.streams._streams[name] = _TimedGenerator(gen, clock, "pupil_step")
        self.pop.attend = clock.wrap(self.pop.attend, "pupil_step")
        self.school.school_day = clock.wrap(self.school.school_day, "school")
        seen: set[int] = set()
        for phase, attrs in PARTS.items():
            for attr in attrs:
                obj = getattr(self, attr, None)
                if obj is None or id(obj) in seen:
                    continue
                seen.add(id(obj))
                names = wrap_part(obj, clock, phase)
                if names:
                    self.bench_wrapped[f"{phase}:{attr}"] = names

    def step(self) -> None:
        self.bench_clock.enter("other")
        try:
            super().step()
        finally:
            self.bench_clock.exit()

    def results(self) -> dict[str, Any]:
        self.bench_clock.enter("results")
        try:
            return super().results()
        finally:
            self.bench_clock.exit()

    def phase_seconds(self) -> dict[str, float]:
        return {p: float(self.bench_clock.seconds.get(p, 0.0)) for p in PHASES}
