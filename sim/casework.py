"""The agencies' working time: cases as processes, staff as places on waiting lists.

A case (a report of concern, a BUP referral) is a generator that reads like the work it models::

    yield self.svc.investigation     # wait for a free place with a case officer, first come first served
    yield days                       # the investigation takes this long
    self.svc.investigation.release() # the place goes to the next case on the waiting list

A :class:`Clock` runs every case's next step in time order; a :class:`WaitingList` has a number
of places (staff present x cases each), serves its waiting list first come first served, and
keeps its statistics (time-weighted length of the waiting list and of the places in use, and
every completed wait). The clock is the model's one mechanism for what happens later: an action
booked for a later day (:meth:`Clock.call_at`: a family meeting, a SIP meeting, a report filed
late) runs at the start of that day, before the cases' steps of the day.

Why not salabim: the first versions ran these processes as salabim 26 components. On the
benchmark machine one salabim component with a single request-hold-release cost about 50 us, and
the 7,400 cases a year of a 20,000-pupil municipality took 1.4 of its 2.4 s
(``benchmarks/results.md`` at commit 15af6ef). The same processes on this clock cost a few
microseconds each. salabim is still the reference: ``--engine salabim`` runs these very
processes on it (:mod:`sim.engine_salabim`), and ``tests/test_engine_salabim.py`` checks that
the two engines give the same results in distribution.

What the two share: events at the same time run in the order they were booked, a released
place goes to the first waiter at the same moment, a lowered capacity never interrupts work in
progress, and the actions booked with ``call_at`` are the clock's on both (run by
:meth:`Clock.run` at the start of their day, before the case steps the engine runs from then
on). Where they differ (salabim 26's source read, docs/ODD.md 7.18), all about events at
the same moment:

1. a request for a free place continues the case at once; salabim puts the case behind every
   event already booked for that moment;
2. ``run(till)`` runs the events before ``till`` and leaves those at exactly ``till`` for the
   next call; salabim's ``run(till=...)`` runs them too (so on salabim a case step at exactly
   the start of day d comes before day d's booked actions, on the clock after them);
3. a case started without delay runs at once, up to its first wait, inside the call that
   started it; salabim books it for now, behind the events already booked for now.

So on the same seed the two engines take the draws of the same streams in a different order:
their runs are equal in distribution, not draw for draw.
"""
from __future__ import annotations

from collections import defaultdict, deque
from heapq import heapify, heappop, heappush
from math import ceil, floor
from typing import Callable, Iterator

from mypy_extensions import mypyc_attr


@mypyc_attr(allow_interpreted_subclasses=True)  # (a compiled class: see sim/native.py)
class Case:
    """Something the agencies work on; subclasses define :meth:`process` as a generator that
    yields a number of days (work or waiting that takes that long) or a :class:`WaitingList`
    (wait for a place on it)."""

    clock: "Clock"
    _at = 0.0  # when the next step comes, while the case holds
    _booking = 0  # the booking of that step (0: not holding)
    _steps: Iterator | None = None

    def process(self) -> Iterator:
        """The work, as a generator: each kind of case defines its own. A case with no work
        (this one) ends as soon as it starts."""
        return iter(())

    def finished(self) -> bool:
        """Whether the process has run to its end."""
        return self._steps is None

    def due(self) -> float | None:
        """When the case's next step comes, while it holds (None while it waits for a place)."""
        return self._at if self._booking else None


@mypyc_attr(allow_interpreted_subclasses=True)  # (the reference engine on salabim subclasses it: sim/engine_salabim.py)
class Clock:
    """The agencies' time in days, advanced by the model to the end of each day.

    Two kinds of things happen on it, and at the start of each whole day in this order:

    1. *actions booked for that day* (:meth:`call_at`: a family meeting, a SIP meeting, a report
       of concern a doubting school files late), in order of the day they were booked for, ties
       in booking order; each is called with the day. An action booked for a day whose start
       has passed (from inside a case's step, say) runs at the start of the next day;
    2. *the cases' steps* (:meth:`start`), in time order, ties in booking order.

    Steps booked before the end of the day being run wait in a heap, in time order; later ones
    wait in a list for their day, and join the heap when the clock reaches that day (a heap of
    one day's steps is cheaper to keep in order than one of every case's next step)."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = float(now)
        self._events: list[tuple[float, int, Case]] = []  # (when, booking, case), before _horizon
        self._later: defaultdict[int, list[tuple[float, int, Case]]] = defaultdict(list)  # day -> its steps
        self._horizon = floor(self.now)  # a whole day: steps before it are in _events
        self._booked = 0
        self._calls: list[tuple[int, int, Callable[[int], None]]] = []  # (day, booking, action), a heap
        self._called = 0  # bookings of actions so far
        self._opened = ceil(self.now) - 1  # the last whole day whose start has passed (its actions ran)

    def waiting_list(self, name: str, capacity: int = 0) -> "WaitingList":
        """A new waiting list on this clock (an agency makes its waiting lists here, so that the
        reference engine can make them salabim Resources)."""
        return WaitingList(name, self, capacity)

    def start(self, case: Case, delay: float = 0.0) -> Case:
        """Start ``case``'s process ``delay`` days from now (at once, up to its first wait, if 0)."""
        case.clock = self
        case._steps = case.process()
        if delay > 0:
            self._book(case, self.now + delay)
        else:
            self._advance(case)
        return case

    def postpone(self, case: Case, days: float) -> None:
        """Move a holding case's next step ``days`` later (its officer left: it waits for reassignment)."""
        if case._booking:
            self._book(case, case._at + days)

    def _book(self, case: Case, at: float) -> None:
        booking = self._booked = self._booked + 1
        case._at = at
        case._booking = booking
        if at < self._horizon:
            heappush(self._events, (at, booking, case))
        else:
            self._later[floor(at)].append((at, booking, case))

    def call_at(self, day: float, action: Callable[[int], None]) -> None:
        """Book ``action(d)`` for the start of day ``d = ceil(day)``, before that day's case steps
        (for the start of the next day if day ``d``'s start has passed)."""
        booking = self._called = self._called + 1
        heappush(self._calls, (ceil(day), booking, action))

    def run(self, till: float) -> None:
        """Run everything booked before ``till`` in time order: at the start of each whole day
        the actions booked for it (:meth:`call_at`), then the case steps (ties in booking order)."""
        calls = self._calls
        while calls:
            day = max(calls[0][0], self._opened + 1)  # the next day that starts with booked actions
            if day >= till:
                break
            if day > self.now:
                self._run_steps(day)
            self._start_day(day)
        self._opened = max(self._opened, ceil(till) - 1)
        self._run_steps(till)

    def _start_day(self, day: int) -> None:
        """The start of ``day``: the actions booked for it or before, including those they book."""
        calls = self._calls
        self._opened = day
        self.now = float(day)
        while calls and calls[0][0] <= day:
            action = heappop(calls)[2]
            action(day)

    def _run_steps(self, till: float) -> None:
        """Run every case step booked before ``till``, in time order (ties in booking order)."""
        events, later = self._events, self._later
        days: range | list[int] = range(self._horizon, ceil(till))
        if len(days) > len(later):
            days = sorted(day for day in later if day < till)  # a long jump: only the days with bookings
        for day in days:
            events.extend(later.pop(day, ()))
        heapify(events)
        self._horizon = max(self._horizon, ceil(till))
        advance = self._advance
        while events and events[0][0] < till:
            at, booking, case = heappop(events)
            if case._booking != booking:
                continue  # a booking that was moved
            case._booking = 0
            self.now = at
            advance(case)
        self.now = float(till)

    def _advance(self, case: Case) -> None:
        """Run ``case`` now, up to its next wait."""
        for what in case._steps:  # type: ignore[union-attr]  # advanced only while it runs
            if what.__class__ is WaitingList:
                if what.request(case):
                    continue  # a place at once
                return
            self._book(case, self.now + what)
            return
        case._steps = None  # the process has run to its end


@mypyc_attr(allow_interpreted_subclasses=True)  # (on salabim a waiting list is a Resource: sim/engine_salabim.py)
class WaitingList:
    """Places with a team (staff present x cases each) and the cases waiting for one.

    Statistics: ``arrivals``; ``waits`` (days each admitted case waited, zero included);
    :meth:`mean_waiting` and :meth:`mean_busy`, time-weighted over the run so far."""

    def __init__(self, name: str, clock: Clock, capacity: int = 0) -> None:
        self.name, self.clock = name, clock
        self.capacity = int(capacity)
        self.busy = 0
        self.queue: deque[tuple[Case, float]] = deque()
        self.arrivals = 0
        self.waits: list[float] = []
        self._start = self._t = clock.now
        self._area_waiting = 0.0
        self._area_busy = 0.0

    def __len__(self) -> int:
        """Cases waiting for a place now."""
        return len(self.queue)

    def _tally(self, now: float) -> None:
        dt = now - self._t
        if dt > 0:
            self._area_waiting += dt * len(self.queue)
            self._area_busy += dt * self.busy
            self._t = now

    def request(self, case: Case) -> bool:
        """A case asks for a place: True if it gets one at once, else it joins the waiting list."""
        now = self.clock.now
        self._tally(now)
        self.arrivals += 1
        if self.busy < self.capacity and not self.queue:
            self.busy += 1
            self.waits.append(0.0)
            return True
        self.queue.append((case, now))
        return False

    def release(self) -> None:
        """A case leaves its place; the first waiter takes it."""
        self._tally(self.clock.now)
        self.busy -= 1
        if self.queue:
            self._admit()

    def set_capacity(self, capacity: int) -> None:
        """Staff came or went. Fewer places never interrupt work in progress."""
        self._tally(self.clock.now)
        self.capacity = int(capacity)
        self._admit()

    def _admit(self) -> None:
        clock, queue = self.clock, self.queue
        while queue and self.busy < self.capacity:
            case, since = queue.popleft()
            self.busy += 1
            self.waits.append(clock.now - since)
            clock._book(case, clock.now)

    def mean_waiting(self) -> float:
        """Time-weighted mean number of cases on the waiting list so far."""
        self._tally(self.clock.now)
        span = self.clock.now - self._start
        return self._area_waiting / span if span > 0 else 0.0

    def mean_busy(self) -> float:
        """Time-weighted mean number of places in use so far."""
        self._tally(self.clock.now)
        span = self.clock.now - self._start
        return self._area_busy / span if span > 0 else 0.0
