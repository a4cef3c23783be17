"""Staff turnover: departures, vacancies and who fills them.

Every role has a yearly rate; a departure removes the person and their ties; the post stays
empty for a while (capacity drops) or is filled at once by a consultant (social services,
000 L1653-1661), and the newcomer starts with no ties. It takes about a year to learn the other
sector's language (003 L1729, L1963-1971); losing a coordinator costs most (002 L614-616).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .agents import Professional
from .params import Turnover as TurnoverParams
from .sectors import SOCIAL_ROLES


class Turnover:
    """Who leaves each day, and the vacancies filled, over the staff of the network.

    Built with the network's roster (``staff``: role -> the people in post, the network's own
    dict), the turnover parameters, the random stream ``turnover`` and two actions of the
    network: ``leave(person, day)`` (the person goes, with their ties; the network tells those
    who listen) and ``fill(role, unit, day, consultant)`` (someone new starts in the post).

    Statistics (read by sim/outcomes.py through the network): ``departures`` (role -> count
    since the warm-up), :meth:`turnover_rate`, :meth:`share_under_1y`.
    """

    def __init__(self, staff: dict[str, list[Professional]], p: TurnoverParams, rng: np.random.Generator,
                 leave: Callable[[Professional, int], None], fill: Callable[[str, int, int, bool], Professional]):
        self.staff, self.p, self.rng = staff, p, rng
        self._leave, self._fill = leave, fill
        self.departures: dict[str, int] = {}
        self.vacancies: list[tuple[float, str, int]] = []  # (day the post is filled, role, unit)
        self._leave_probs: tuple[np.ndarray, np.ndarray] | None = None  # until asked for
        self.set_rates({})

    def set_rates(self, rates: dict[str, float]) -> None:
        """Yearly turnover rate per role (mentors change at the summer rollover instead)."""
        self._rates = rates
        self._person_days = np.zeros(len(rates))  # days worked by the staff of each role, in the order of ``rates``
        self._leave_probs = None  # until someone comes or goes
        self._daily_rates = np.array([rate / 365.0 for rate in rates.values()])

    def staff_changed(self) -> None:
        """Someone came or went: the chances to leave are worked out again when next needed."""
        self._leave_probs = None

    @property
    def headcount_days(self) -> dict[str, float]:
        """Person-days worked so far, per role with a turnover rate."""
        return {role: float(days) for role, days in zip(self._rates, self._person_days)}

    def daily(self, day: int) -> None:
        """Departures and filled vacancies."""
        if self._leave_probs is None:
            self._leave_probs = self._daily_leave_probs()
        headcount, leave = self._leave_probs
        self._person_days += headcount
        # a day without departures (most days) draws everyone's uniform at once: the same numbers
        # the role-by-role draws give, for a fraction of the calls
        state = self.rng.bit_generator.state
        if (self.rng.random(leave.size) < leave).any():
            # someone leaves: back to the day's first draw, and role by role, since filling a
            # vacancy draws too, between one role's draws and the next's
            self.rng.bit_generator.state = state
            self._departures(day)
        due = [v for v in self.vacancies if v[0] <= day]
        if due:
            self.vacancies = [v for v in self.vacancies if v[0] > day]
            for _, role, unit in due:
                self._fill(role, unit, day, False)

    def _daily_leave_probs(self) -> tuple[np.ndarray, np.ndarray]:
        """The headcount of each role with a rate, and the daily chance to leave of each of its
        people, role by role (the roles with no one or no turnover draw nothing)."""
        headcount = np.array([len(self.staff.get(role, ())) for role in self._rates], dtype=np.int64)
        return headcount, np.repeat(self._daily_rates, np.where(self._daily_rates > 0, headcount, 0))

    def _departures(self, day: int) -> None:
        """Role by role, each person leaves with the day's share of the role's yearly rate."""
        for role, rate in self._rates.items():
            people = self.staff.get(role, [])
            if rate <= 0 or not people:
                continue
            u = self.rng.random(len(people))
            for person in [people[k] for k in np.flatnonzero(u < rate / 365.0).tolist()]:
                self.departures[role] = self.departures.get(role, 0) + 1
                self._leave(person, day)
                self._fill_later(role, person.unit, day)

    def _fill_later(self, role: str, unit: int, day: int) -> None:
        t = self.p
        if role in SOCIAL_ROLES and self.rng.random() < t.consultant_share:
            self._fill(role, unit, day, True)
            return
        wait = self.rng.exponential(t.vacancy_days) if t.vacancy_days > 0 else 0.0
        self.vacancies.append((day + wait, role, unit))

    def reset_counts(self) -> None:
        """The end of the warm-up: departures and person-days are counted from here (the
        staff, their tenures and their ties run on)."""
        self.departures = {}
        self._person_days = np.zeros(len(self._person_days))

    def turnover_rate(self, roles: tuple[str, ...], days: int) -> float:
        """Departures per person-year over the run."""
        left = sum(self.departures.get(r, 0) for r in roles)
        person_years = sum(self.headcount_days.get(r, 0.0) for r in roles) / 365.0
        return left / person_years if person_years else float("nan")

    def share_under_1y(self, roles: tuple[str, ...], day: int) -> float:
        """The share of the staff in ``roles`` with under a year in post."""
        people = [p for r in roles for p in self.staff.get(r, [])]
        return float(np.mean([p.tenure(day) < 365 for p in people])) if people else float("nan")
