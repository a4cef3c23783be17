"""The meeting load of each sector: meetings take the same staff's time as the work on cases
(DOMAIN §5.7), so a sector whose people sit in many meetings works its cases more slowly, and
the EHT takes fewer cases per meeting (001 L667-675: collaboration has costs).

The hours are booked on the meeting ledger (:class:`sim.meetings.MeetingLedger`) by whoever holds
a meeting; the load of a sector is its meeting hours over the last four weeks against its
people's working hours, as it stands when first asked on a day (kept for the rest of the day:
every case worked that day sees the same load).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .meetings import MeetingLedger
    from .network import ProfessionalNetwork
    from .params import Params


class MeetingLoad:
    """The share of each sector's working time taken by meetings, day by day; and the hours of
    the EHT meetings, booked to the people in them.

    Built with the meeting ``ledger``, the professional ``network`` (who works in each sector, the
    members of each EHT) and ``params`` (the hours of an EHT meeting)."""

    def __init__(self, *, ledger: "MeetingLedger", network: "ProfessionalNetwork", params: "Params") -> None:
        self.ledger, self.network, self.params = ledger, network, params
        self._cache: dict[str, float] = {}  # sector -> meeting load, on day _day
        self._day = -1

    def share(self, sector: str, day: int) -> float:
        """Share of ``sector``'s working time spent in meetings over the four weeks before
        ``day``, as it stands when first asked on ``day``."""
        if self._day != day:
            self._day, self._cache = day, {}
        load = self._cache.get(sector)
        if load is None:
            load = self._cache[sector] = self.ledger.load(sector, day, self.network.headcount(sector))
        return load

    def held(self, kind: str, places: list[int], day: int) -> None:
        """Meetings of ``kind`` took place at ``places`` (schools), one after the other: the
        hours of the EHT meetings are booked to the members of each team."""
        if kind == "eht" and places:
            self.ledger.record_many(kind, day, self.network.eht_teams(places), self.params.eht.meeting_hours)
