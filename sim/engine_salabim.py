"""The reference engine: the agencies' cases, as written in :mod:`sim.services` and :mod:`sim.bup`,
run unchanged on salabim (``samsim run --engine salabim``).

The model's own engine is :class:`sim.casework.Clock`, a lean clock written for speed. This
module runs the very same case processes - the generators that ``yield`` a number of days or a
waiting list - on salabim, the discrete-event library the project's design names for the
agencies' queues, so that a student can check the clock against it and use salabim's tools:

* each case runs on a salabim :class:`~salabim.Component`; a component whose case has ended
  goes back to a pool and runs the next case, so salabim's cost of making a component (it
  inspects signatures and numbers names) is paid once per case *running at the same time*,
  not once per case;
* each waiting list is a salabim :class:`~salabim.Resource` (``clock.resources[name]``), with
  salabim's monitors: ``model.clock.print_statistics()``, ``model.clock.print_histograms()``,
  or for one queue ``model.clock.resources["investigation"].requesters().length_of_stay``
  (the waits) and ``.length`` (the waiting list over time).

A yielded number becomes ``hold(days)``, a yielded waiting list ``request(resource)``, and the
case's ``waiting_list.release()`` salabim's ``release(resource)`` by the case's component.
The actions booked for a later day (``clock.call_at``: family and SIP meetings, late reports)
are not salabim events: :meth:`sim.casework.Clock.run` runs them at the start of their day and
salabim's environment runs the cases between those starts, so they happen at the same moment of
the model's day on both engines.
salabim's event ordering differs from the clock's in three rules about events at the same
moment (docs/ODD.md, "The reference engine"); the case processes never depend on that order,
so the two engines give the same results in distribution but not draw for draw
(``tests/test_engine_salabim.py`` checks the distributions).
"""
from __future__ import annotations

from typing import Iterator

import salabim as sim

from .casework import Case, Clock, WaitingList


def new_environment() -> sim.Environment:
    """A salabim environment in salabim's default (yieldless, greenlet) mode that never seeds or
    draws from Python's or numpy's global random generators (every draw is the model's)."""
    return sim.Environment(trace=False, random_seed="", set_numpy_random_seed=False, yieldless=True)


class CaseComponent(sim.Component):
    """A salabim component that runs one case's process; when the case ends, it waits in its
    clock's pool for the next case."""

    case: Case | None = None
    engine: "SalabimClock"

    def process(self) -> None:
        case, clock, env = self.case, self.engine, self.env
        assert case is not None and case._steps is not None
        steps: Iterator = case._steps
        case._booking = 0
        clock.now = env._now
        for what in steps:  # each step of the case's generator runs here, in this component
            if isinstance(what, WaitingList):
                if not isinstance(what, SalabimWaitingList):
                    raise TypeError(f"waiting list {what.name!r} was not made by the salabim clock (use clock.waiting_list)")
                what.take(self)
            else:
                case._at = env._now + what
                case._booking = 1
                self.hold(what)
                case._booking = 0
            clock.now = env._now
        case._steps = None  # the process has run to its end
        del clock._working[case]
        self.case = None
        clock._pool.append(self)  # (salabim makes it a data component as this returns)


class SalabimWaitingList(WaitingList):
    """A waiting list kept by a salabim Resource: its places are the resource's capacity, its
    waiting list the resource's requesters (first come first served), its cases in work the
    claimers. ``arrivals``, ``busy`` and ``waits`` are kept as on the clock's waiting list."""

    def __init__(self, name: str, clock: "SalabimClock", capacity: int = 0) -> None:
        super().__init__(name, clock, capacity)
        self.engine = clock
        self.resource = sim.Resource(name, capacity=int(capacity), env=clock.env)

    def take(self, component: CaseComponent) -> None:
        """``component`` asks for a place and waits until it has one (salabim's request)."""
        now = self.engine.env._now
        self.arrivals += 1
        component.request(self.resource)
        self.busy += 1
        self.waits.append(self.engine.env._now - now)

    def request(self, case: Case) -> bool:
        """``case`` waits for a place, in its own component; True if it waited no time."""
        waited = len(self.waits)
        self.take(self.engine._working[case])
        return self.waits[waited] == 0.0

    def release(self) -> None:
        """The case running now leaves its place; salabim gives it to the first requester."""
        self.busy -= 1
        self.engine.env.current_component().release(self.resource)

    def set_capacity(self, capacity: int) -> None:
        """Staff came or went. Fewer places never interrupt work in progress (salabim's rule too)."""
        self.capacity = int(capacity)
        self.resource.set_capacity(self.capacity)

    def __len__(self) -> int:
        return len(self.resource.requesters())

    def mean_waiting(self) -> float:
        """Time-weighted mean number of cases on the waiting list so far (salabim's monitor)."""
        return float(self.resource.requesters().length.mean())

    def mean_busy(self) -> float:
        """Time-weighted mean number of places in use so far (salabim's monitor)."""
        return float(self.resource.claimed_quantity.mean())


class SalabimClock(Clock):
    """The agencies' time kept by a salabim :class:`~salabim.Environment` (``env``); the model
    advances it to the end of each day as it does the clock."""

    def __init__(self, now: float = 0.0) -> None:
        super().__init__(0.0)
        self.env = new_environment()
        self.resources: dict[str, sim.Resource] = {}
        self._pool: list[CaseComponent] = []  # components whose case has ended
        self._working: dict[Case, CaseComponent] = {}  # case -> the component running it
        if now > 0:
            self.run(now)

    def waiting_list(self, name: str, capacity: int = 0) -> WaitingList:
        wl = SalabimWaitingList(name, self, capacity)
        self.resources[name] = wl.resource
        return wl

    def start(self, case: Case, delay: float = 0.0) -> Case:
        """Start ``case``'s process ``delay`` days from now (salabim schedules it behind the
        events already booked for that moment, also when ``delay`` is 0)."""
        case.clock = self
        case._steps = case.process()
        if self._pool:
            component = self._pool.pop()
        else:
            component = CaseComponent(name="case.", process="", env=self.env)
            component.engine = self
            component.status.monitor(False)  # a case's own status history is not needed; the queues keep theirs
            component.mode.monitor(False)
        component.case = case
        self._working[case] = component
        case._at = self.env._now + max(delay, 0.0)
        case._booking = 1
        component.activate(delay=max(delay, 0.0))
        return case

    def postpone(self, case: Case, days: float) -> None:
        """Move a holding case's next step ``days`` later (salabim: activate it at the new time)."""
        if case._booking:
            case._at += days
            self._working[case].activate(at=case._at)

    def _run_steps(self, till: float) -> None:
        """Run salabim to ``till`` (salabim runs the events at exactly ``till`` too). The actions
        booked with :meth:`call_at` stay the clock's: :meth:`Clock.run` runs them at the start of
        their day, between salabim's runs, as on the clock."""
        self.env.run(till=till)
        self.now = float(till)

    # ------------------------------------------------------------------ for students
    def print_statistics(self, as_str: bool = False) -> str | None:
        """salabim's statistics of every waiting list: its length and length of stay (the
        waits), the places claimed and the capacity over time."""
        text = "\n".join(r.print_statistics(as_str=True) for r in self.resources.values())
        if as_str:
            return text
        print(text)
        return None

    def print_histograms(self, as_str: bool = False) -> str | None:
        """salabim's histograms of the waits (length of stay among the requesters) of every
        waiting list."""
        text = "\n".join(r.requesters().length_of_stay.print_histogram(as_str=True) for r in self.resources.values())
        if as_str:
            return text
        print(text)
        return None
