"""A joint meeting of professionals from several sectors: it costs each of them the hours
(``sim/meetings.py``: too many meetings slow casework, 001 L1964-1989, L667-675) and every
cross-sector pair in the room gets to know the other a little better (regular face-to-face
meetings build trust, 000 L1465-1538). Coordination's family meetings, SIP meetings, the forum
and the school social workers' days on site are such meetings.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from .agents import Professional
    from .meetings import MeetingLedger
    from .partners import Network


def hold(ledger: "MeetingLedger", network: "Network", kind: str, people: "Sequence[Professional | None]", day: int,
         hours: float, weight: float = 1.0) -> None:
    """A meeting of ``kind`` among ``people`` (a place nobody filled, ``None``, is left out)."""
    present = [p for p in people if p is not None]
    ledger.record(kind, day, present, hours)
    network.meet(present, day, weight)
