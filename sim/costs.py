"""What a run costs, in Swedish kronor a year: the bill for the organisation a model builds.

The prices are parameters (section ``[costs]`` of :mod:`sim.params`: monthly salaries, employer
on-costs, working hours, unit prices), so ``samsim describe`` shows them with their sources, a
scenario, a municipality profile or ``--set`` can change them, and a sweep or the worlds of
``compare --worlds`` can vary them (:data:`PRICE_RANGES` gives the plausible range of each, from
the sources in ``docs/sources.md``). Prices never change what happens in a run, only its bill.

The bill has four parts, each per year of the measured period (from the model's
``measure_from_day``, the end of any warm-up, to the end of the run):

``cost_posts_sek``
    the posts a model adds: coordinators and school social workers, whole posts at their annual
    employer cost (salary x 12 x (1 + on-costs) x (1 + overhead)), whether busy or not. Their
    meetings and casework are inside the post and are not counted again.
``cost_meetings_sek``
    the hours the other staff spend in meetings - EHT meetings, the forum, SIP meetings, visits
    and joint training days (``sim/meetings.py``) - at each profession's hourly cost (annual
    employer cost / hours worked a year).
``cost_casework_sek``
    the agencies' work on this municipality's pupils with problematic absence (reports and cases
    about other children are not counted; they are the same in every model): a preliminary
    assessment per report of concern and an investigation per opened investigation at unit
    prices, and the therapist's and BUP clinicians' time per intervention, first assessment and
    treatment (the model's mean duration shared by the caseload one clinician carries, at the
    hourly cost).
``cost_placements_sek``
    compulsory care (LVU): placement days at the daily fee.

``cost_sek_per_year`` is their sum. ``cost_borne_by_region_sek`` is the part BUP pays (its meetings
and casework; the rest falls on the municipality) - a share of the total, not a further part.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from . import caselog as ev
from .plausible import Plausible

if TYPE_CHECKING:
    from .logtable import LogTable
    from .meetings import MeetingLedger
    from .params import Coordination, Costs, Params
    from .scaling import Staffing

PARTS = ("cost_posts_sek", "cost_meetings_sek", "cost_casework_sek", "cost_placements_sek")
TOTAL = "cost_sek_per_year"
REGION_ROLES = ("bup_first", "bup_treatment")  # employed by the region (regional on-costs)
POST_ROLES = ("coordinator", "school_social_worker")  # whole posts: their hours are inside the post


@dataclass(frozen=True)
class PriceRange:
    """The plausible range of a price: what the sources span (``dist`` as in the worlds'
    ``sim.plausible.Plausible``: "uniform" or "loguniform")."""

    dist: Literal["uniform", "loguniform"]
    lo: float
    hi: float
    reason: str


# Every price with the range its sources span (docs/sources.md); a worlds file or a sweep
# may draw from these. Ranges marked "assumption" have no source for their width.
PRICE_RANGES: dict[str, PriceRange] = {
    "costs.hours_per_fte": PriceRange("uniform", 1600.0, 1800.0, "Inera: 1,600-1,800 h in Sweden; Tillväxtverket 1,720; Jordbruksverket 1,680"),
    "costs.oncost_municipality": PriceRange("uniform", 0.40, 0.47, "SKR: 40.15 % (2021) to 44.53 % (2023), higher pension part in 2024"),
    "costs.oncost_region": PriceRange("uniform", 0.46, 0.55, "SKR: 46.15 % (2021) to 52.28 % (2023)"),
    "costs.overhead": PriceRange("uniform", 0.0, 0.47, "0 (premises excluded, SKL list) to 47 % (Jordbruksverket); 15 % Tillväxtverket rule"),
    "costs.wage_mentor": PriceRange("uniform", 36200.0, 41700.0, "SCB 2020 to 2023 uprated 3.41 %/yr"),
    "costs.wage_principal": PriceRange("uniform", 52700.0, 58600.0, "SCB 2020; Sveriges Skolledare 2023-24 uprated"),
    "costs.wage_kurator": PriceRange("uniform", 38800.0, 43300.0, "assumption around Stockholm 2023 (40,500) and socialsekreterare"),
    "costs.wage_nurse": PriceRange("uniform", 43300.0, 46400.0, "SCB-based 2023-24, uprated"),
    "costs.wage_special_educator": PriceRange("uniform", 41000.0, 47300.0, "SCB-based 2023-24; partsgemensam 2020"),
    "costs.wage_psychologist": PriceRange("uniform", 47050.0, 52600.0, "Psykologförbundet 2023, uprated"),
    "costs.wage_intake": PriceRange("uniform", 36800.0, 41500.0, "SCB 2023 socialsekreterare, uprated"),
    "costs.wage_case_officer": PriceRange("uniform", 36800.0, 41500.0, "SCB 2023 socialsekreterare, uprated"),
    "costs.wage_therapist": PriceRange("uniform", 28300.0, 40600.0, "assumption: SiS 2023 and aggregator 2024, uprated"),
    "costs.wage_school_social_worker": PriceRange("uniform", 36800.0, 43300.0, "assumption: socialsekreterare to kurator"),
    "costs.wage_coordinator": PriceRange("uniform", 36000.0, 47300.0, "assumption: family therapist to special educator"),
    "costs.wage_bup_first": PriceRange("uniform", 43650.0, 48700.0, "Psykologförbundet 2023, BUP median to uprated mean"),
    "costs.wage_bup_treatment": PriceRange("uniform", 43650.0, 60000.0, "assumption: psychologists up to a team with a child psychiatrist"),
    "costs.price_preliminary_assessment": PriceRange("uniform", 1500.0, 2100.0, "SKL 2015 (1,543), uprated"),
    "costs.price_investigation": PriceRange("uniform", 30600.0, 41300.0, "SKL 2015 (30,561), uprated to 2024"),
    "costs.price_placement_day": PriceRange("loguniform", 4900.0, 13000.0, "SiS fee 2020 unsubsidised (4,900) to SiS's own cost 2023 (>13,000, Riksrevisionen)"),
    "costs.lvu_placement_days": PriceRange("uniform", 90.0, 365.0, "assumption"),
}


def price_uncertainties() -> dict:
    """The prices' plausible ranges in the form of the worlds' uncertainties
    (``sim.plausible.Plausible``, issue 16): ``UNCERTAINTIES.update(price_uncertainties())``
    lets ``compare --worlds`` draw wages and prices with everything else."""
    return {name: Plausible(r.dist, r.lo, r.hi, r.reason) for name, r in PRICE_RANGES.items()}


def annual_cost(prices: "Costs", role: str) -> float:
    """What one full-time post of ``role`` costs its employer in a year (SEK)."""
    oncost = prices.oncost_region if role in REGION_ROLES else prices.oncost_municipality
    return getattr(prices, f"wage_{role}") * 12.0 * (1.0 + oncost) * (1.0 + prices.overhead)


def hourly_cost(prices: "Costs", role: str) -> float:
    """What an hour of ``role``'s working time costs (SEK)."""
    return annual_cost(prices, role) / prices.hours_per_fte


def casework_units(params: "Params") -> dict[str, tuple[str, float]]:
    """Per kind of casework: the role whose hours it takes and the hours one case takes (the
    mean duration in calendar days, shared by the caseload one person carries, times the hours
    a full-time person works per calendar day)."""
    per_day = params.costs.hours_per_fte / 365.0
    s, b = params.services, params.bup
    return {
        "intervention": ("therapist", s.intervention_days / s.therapist_caseload * per_day),
        "bup_first_assessment": ("bup_first", b.first_assessment_days * per_day),
        "bup_treatment": ("bup_treatment", b.treatment_days / b.treatment_caseload * per_day),
    }


def counts(table: "LogTable", since: int) -> dict[str, int]:
    """How many of each kind of work the agencies did on this municipality's pupils from ``since``
    on (read off the case log, ``table``)."""
    def n(event: str, info: str | None = None) -> int:
        rows = table.rows({event})
        rows = rows[table.day[rows] >= since]
        if info is not None:
            return int(np.count_nonzero(table.info[rows] == info))
        return int(rows.size)

    return {
        "preliminary_assessment": n(ev.REPORT_OF_CONCERN),
        "investigation": n(ev.INVESTIGATION_OPENED),
        "intervention": n(ev.MULTIAGENCY, "social_services"),
        "bup_first_assessment": n(ev.BUP_FIRST_ASSESSMENT),
        "bup_treatment": n(ev.MULTIAGENCY, "bup_treatment"),
        "lvu": n(ev.MULTIAGENCY, "lvu"),
    }


def posts(coordination: "Coordination", staff: "Staffing") -> dict[str, int]:
    """The posts a model adds (its ``coordination`` parameters), as budgeted for this
    municipality (``staff``: the scaling rule, :class:`sim.scaling.Staffing`). A vacant post is
    still paid for: it is advertised."""
    c = coordination
    return {"coordinator": staff.staffing(c.coordinators, name="coordination.coordinators"),
            "school_social_worker": staff.staffing(c.school_social_workers, name="coordination.school_social_workers")}


def bill(params: "Params", n_posts: dict[str, int], meeting_hours: dict[str, float], work: dict[str, int],
         years: float) -> dict[str, float]:
    """The yearly cost and its parts from what was used: posts, meeting hours by role (over
    ``years``) and counts of casework (over ``years``)."""
    prices = params.costs
    years = max(years, 1e-9)
    posts_sek = sum(n * annual_cost(prices, role) for role, n in n_posts.items())
    meeting = {role: h * hourly_cost(prices, role) for role, h in meeting_hours.items() if role not in POST_ROLES}
    units = casework_units(params)
    casework = {
        "preliminary_assessment": work["preliminary_assessment"] * prices.price_preliminary_assessment,
        "investigation": work["investigation"] * prices.price_investigation,
        **{kind: work[kind] * hours * hourly_cost(prices, role) for kind, (role, hours) in units.items()},
    }
    placements = work["lvu"] * prices.lvu_placement_days * prices.price_placement_day
    out = {
        "cost_posts_sek": posts_sek,
        "cost_meetings_sek": sum(meeting.values()) / years,
        "cost_casework_sek": sum(casework.values()) / years,
        "cost_placements_sek": placements / years,
    }
    out[TOTAL] = sum(out[k] for k in PARTS)
    region = sum(v for role, v in meeting.items() if role in REGION_ROLES) \
        + casework["bup_first_assessment"] + casework["bup_treatment"]
    out["cost_borne_by_region_sek"] = region / years
    return out


def cost_metrics(table: "LogTable", *, params: "Params", staff: "Staffing", ledger: "MeetingLedger", day: int,
                 since: int) -> dict[str, float]:
    """The yearly cost and its parts (see the module's docstring) of a run measured from day
    ``since`` to ``day``: the posts its parameters budget (scaled by ``staff``), the meeting hours
    of the ``ledger`` and the casework read off the case log (``table``)."""
    since = int(since)
    years = (day - since) / 365.0
    return bill(params, posts(params.coordination, staff), ledger.role_hours(since), counts(table, since), years)
