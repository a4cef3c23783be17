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

``SchoolModel.staffing`` and ``SchoolModel.post_share`` apply this rule; nothing else scales.
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
