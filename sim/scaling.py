"""How a municipality's capacities follow its size: the one scaling rule of the model.

Staff counts and other sizes in the parameters (case officers, clinicians, coordinators,
schools, the forum's cases per meeting, ...) are given for the default municipality of
``DEFAULT_PUPILS`` pupils. A municipality of ``n`` pupils has ``count * n / DEFAULT_PUPILS`` of
each - a fractional number. It is staffed by whole people: ``posts`` rounds up, and each of
them works ``share`` of a full post (a part-time post), so that the capacity - places on a
waiting list, a coordinator's caseload, the forum's cases per meeting - is exactly
proportional to the pupils. Rounding to whole posts without the share (as before issue 15)
gave 2 case officers for 2.5 at 800 pupils and one coordinator for half a post at 400: the
per-pupil results then depended on the size.

:class:`Staffing` applies this rule for one municipality (the model's ``staffing`` attribute,
handed to every part that hires people); nothing else scales.
"""
from __future__ import annotations

import math

DEFAULT_PUPILS = 1600  # staff counts in the parameters are for a municipality of this size


def scaled(count: float, n_pupils: int) -> float:
    """``count`` given for ``DEFAULT_PUPILS`` pupils, for a municipality of ``n_pupils``."""
    return count * n_pupils / DEFAULT_PUPILS


def posts(count: float, n_pupils: int, minimum: int = 1) -> int:
    """Whole people for ``count`` (given for the default municipality); a post that exists
    keeps at least ``minimum``; none when ``count`` is 0."""
    if count <= 0:
        return 0
    return max(minimum, math.ceil(scaled(count, n_pupils) - 1e-9))


def post_share(count: float, n_pupils: int, minimum: int = 1) -> float:
    """The share of a full post each of ``posts(count)`` people works (1 when the scaled count
    is whole, less for a part-time post; 0 when there is no post)."""
    k = posts(count, n_pupils, minimum)
    return min(1.0, scaled(count, n_pupils) / k) if k else 0.0


class Staffing:
    """The scaling rule for one municipality of ``n_pupils`` pupils: how many whole people a
    count given for the default municipality makes, and what share of a post each works.
    Counts the municipality gives as absolute numbers (``given``: dotted parameter names, from
    ``municipality.staff_as_given``, a municipality profile) are used as given, full posts."""

    def __init__(self, n_pupils: int, given: "list[str] | tuple[str, ...] | set[str]" = ()) -> None:
        self.n_pupils = int(n_pupils)
        self.given = frozenset(given)

    def staffing(self, count: float, minimum: int = 1, name: str | None = None) -> int:
        """The whole people needed for ``count`` (rounded up; each works :meth:`post_share` of a
        full post); a post that exists keeps at least ``minimum``."""
        if name is not None and name in self.given:
            return max(0, round(count))
        return posts(count, self.n_pupils, minimum)

    def post_share(self, count: float, minimum: int = 1, name: str | None = None) -> float:
        """The share of a full post each of the ``staffing(count)`` people works, so that a
        capacity is exactly proportional to the pupils (2.5 case officers at 800 pupils: three
        people at 5/6 of a post each). Staff a municipality gives (``name``) work full posts."""
        if name is not None and name in self.given:
            return 1.0 if round(count) > 0 else 0.0
        return post_share(count, self.n_pupils, minimum)

    def scaled(self, count: float) -> float:
        """``count`` given for the default municipality, for this one (a fraction, not rounded)."""
        return scaled(count, self.n_pupils)
