"""School social workers (skolsocionomer, seed 003): social-services employees placed in the
schools, each in one school (the schools taken in turn).

On site they spot pupils, carry reports of concern (a report from a school with a school social
worker is filed sooner: ``sim/pathway.py``) and build trust: those placed in schools build
relationships with pupils and mentors (003 L1329-1340); off site they wait to be called in (003
L1336-1340). Once a week each is on site with probability ``ssw_on_site`` (less for a part-time
post) and meets two of the school's pupil-health team; how much less they do off site is an
assumption.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .joint_meeting import hold
from .meetings import MeetingLedger
from .population import Population

if TYPE_CHECKING:
    from .calendar import SchoolCalendar
    from .params import Coordination as CoordinationParams
    from .partners import Network
    from .scaling import Staffing

WEEK = 5  # school days between two of a school social worker's days with the team


class SchoolSocialWorkers:
    """The school social workers' posts and their days on site.

    Built with what it uses: the ``coordination`` section of the parameters, the yearly
    turnover of social workers (``turnover_rate``, for the first tenures), the pupils (``pop``:
    the schools they are placed in, in turn), the school ``calendar``, the professional
    ``network`` (where they are hired), the municipality's ``staff`` scaling, the meeting
    ``ledger`` and the coordination random stream ``rng`` (first tenures; who is on site).
    """

    def __init__(self, *, params: "CoordinationParams", turnover_rate: float, pop: Population,
                 calendar: "SchoolCalendar", network: "Network", staff: "Staffing", ledger: MeetingLedger,
                 rng: np.random.Generator) -> None:
        self.p = params
        self.calendar = calendar
        self.network = network
        self.ledger = ledger
        self.rng = rng
        n_schools = pop.n_schools
        name = "coordination.school_social_workers"
        self.post_share = staff.post_share(params.school_social_workers, name=name)
        for k in range(staff.staffing(params.school_social_workers, name=name)):
            network.hire("school_social_worker", unit=k % n_schools, day=0, tenure=rng.exponential(365.0 / max(turnover_rate, 0.05)))

    def daily(self, day: int, school_day: bool) -> None:
        """Once a school week: each school social worker on site meets two of her school's team."""
        if not school_day or self.calendar.school_day_number[day] % WEEK != 0:
            return
        net = self.network
        on_site = self.p.ssw_on_site * self.post_share  # a part-time post is on site less
        for ssw in net.active("school_social_worker"):
            if self.rng.random() < on_site:
                hold(self.ledger, net, "ssw_on_site", [ssw] + net.eht(ssw.unit)[:2], day, 0.5)
