"""The sectors the staff belong to, and the roles in each (from :data:`sim.agents.SECTORS`).

The school works with three other sectors: social services (intake workers, case officers,
family therapists, school social workers), child psychiatry (BUP) and, where a scenario has
them, coordinators. Trust, the collaboration index and turnover read these groupings.
"""
from __future__ import annotations

from .agents import SECTORS

#: sector -> its roles, sectors in the order of :data:`sim.agents.SECTORS`
ROLES_IN: dict[str, tuple[str, ...]] = {sector: tuple(r for r, s in SECTORS.items() if s == sector)
                                        for sector in dict.fromkeys(SECTORS.values())}
SOCIAL_ROLES: tuple[str, ...] = ROLES_IN["social"]  # intake, case officer, therapist, school social worker
#: the sectors the school works with, and their roles
OTHER_SECTORS: dict[str, tuple[str, ...]] = {sector: roles for sector, roles in ROLES_IN.items() if sector != "school"}
OTHER_ROLES: tuple[str, ...] = tuple(role for roles in OTHER_SECTORS.values() for role in roles)
