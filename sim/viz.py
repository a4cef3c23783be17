"""Matplotlib drawings shared by the interactive app (``sim/app.py``) and the notebooks.

Nothing here imports solara: a notebook can draw the professional network or the app's
day-by-day charts with plain matplotlib. :class:`DailyRecord` keeps the few numbers per day that
the charts need (attendance, open cases by stage, queue lengths, trust), read off a running
:class:`sim.model.SchoolModel` without changing it.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .population import BUP, COORDINATED, SOCIAL_SERVICES

if TYPE_CHECKING:
    from .model import SchoolModel

SECTOR_COLOURS = {"school": "#4C72B0", "social": "#DD8452", "bup": "#55A868", "coordination": "#C44E52"}
SECTOR_NAMES = {"school": "school", "social": "social services", "bup": "child psychiatry (BUP)", "coordination": "coordinator"}

# Swedish for every word the charts show (English is the key); ``words(text, lang)`` picks one.
SV = {
    "school": "skola", "social services": "socialtjänst", "child psychiatry (BUP)": "barn- och ungdomspsykiatri (BUP)",
    "coordinator": "samordnare", "coordinators": "samordnare",
    "staircase step 1-2\n(mentor)": "trappans steg 1–2\n(mentor)",
    "staircase step 3-5\n(pupil-health team)": "trappans steg 3–5\n(elevhälsoteamet)",
    "report open at\nsocial services": "orosanmälan öppen\nhos socialtjänsten",
    "referral open\nat BUP": "remiss öppen\nhos BUP",
    "receiving multi-\nagency help": "får insats från\nflera aktörer",
    "intake": "mottagning", "investigation": "utredning", "family therapy": "familjebehandling",
    "BUP first\nassessment": "BUP, första\nbedömning", "BUP treatment": "BUP, behandling",
    "forum\napplications": "ansökningar\ntill forumet",
    "day of the run": "dag i simuleringen", "one school day": "en skoldag",
    "mean of the last 20 school days": "medel för de senaste 20 skoldagarna",
    "no school day yet (summer holiday)": "ingen skoldag ännu (sommarlov)",
    "pupils absent (%)": "frånvarande elever (%)", "Attendance": "Frånvaro", "pupils": "elever",
    "Open cases by stage: at school (top), with the agencies (bottom)":
        "Pågående ärenden: i skolan (överst), hos socialtjänst och BUP (nederst)",
    "cases waiting": "ärenden i kö", "Queue lengths (incl. other children's cases)": "Köer (även andra barns ärenden)",
    "trust (0-1)": "tillit (0–1)", "Schools' trust in social services, and collaboration": "Skolornas tillit till socialtjänsten och samverkan",
    "index (1-5)": "samverkansindex (1–5)", "school {n}": "skola {n}", "BUP": "BUP",
    "started < 1 year ago": "anställd < 1 år", "trust of a tie": "tillit i relationen",
    "Professional network, day {day}: {people} people, {ties} ties with trust":
        "Yrkesnätverket, dag {day}: {people} personer, {ties} relationer med tillit",
}


def words(text: str, lang: str = "en") -> str:
    """``text`` in the chart's language (English, or Swedish from :data:`SV`)."""
    return SV.get(text, text) if lang == "sv" else text

STAGES = (
    ("step12", "staircase step 1-2\n(mentor)"),
    ("step35", "staircase step 3-5\n(pupil-health team)"),
    ("social", "report open at\nsocial services"),
    ("bup", "referral open\nat BUP"),
    ("helped", "receiving multi-\nagency help"),
)
QUEUES = (
    ("intake", "intake"),
    ("investigation", "investigation"),
    ("therapy", "family therapy"),
    ("bup_first", "BUP first\nassessment"),
    ("bup_treatment", "BUP treatment"),
    ("forum", "forum\napplications"),
)


# --------------------------------------------------------------------------- daily record
class DailyRecord:
    """Per-day numbers for live charts: call :meth:`observe` after each ``model.step()``."""

    def __init__(self) -> None:
        self.day: list[int] = []
        self.absence: list[float] = []        # share of pupils absent (NaN on days without school)
        self.trust: list[float] = []          # schools' mean (institutional) trust in social services
        self.stages: dict[str, list[int]] = {k: [] for k, _ in STAGES}
        self.queues: dict[str, list[int]] = {k: [] for k, _ in QUEUES}
        self._open_reports: set[int] = set()
        self._seen_reports = 0
        # pupils in need: from the day the absence of an episode that needs more than the school
        # reaches onset, every later school day of that pupil is counted (absent or not)
        self._need: np.ndarray | None = None        # per pupil slot: counted as a pupil in need
        self._need_days: np.ndarray | None = None   # school days counted since onset
        self._need_absent: np.ndarray | None = None  # of which absent
        self._cohort: np.ndarray | None = None      # to notice a slot taken by a new pupil
        self.n_in_need = 0

    def _observe_need(self, m: "SchoolModel", d: int) -> None:
        pop = m.pop
        if self._need is None or self._need.size != pop.n:
            self._need = np.zeros(pop.n, dtype=bool)
            self._need_days = np.zeros(pop.n, dtype=np.int64)
            self._need_absent = np.zeros(pop.n, dtype=np.int64)
            self._cohort = pop.cohort.copy()
        assert self._need_days is not None and self._need_absent is not None and self._cohort is not None
        new_pupil = pop.cohort != self._cohort  # a leaver's slot holds a new pupil: she starts uncounted
        if new_pupil.any():
            self._need[new_pupil] = False
            self._cohort = pop.cohort.copy()
        onset = pop.needs_help & pop.in_episode & (pop.onset_day >= 0) & (pop.onset_day <= d) & ~self._need
        if onset.any():
            self._need |= onset
            self.n_in_need += int(np.count_nonzero(onset))
        if m.calendar.is_school_day[d]:
            self._need_days[self._need] += 1
            self._need_absent[self._need & pop.absent] += 1

    @property
    def absence_in_need(self) -> float:
        """Share of school days missed by pupils in need since their absence became a problem
        (NaN before the first such school day)."""
        if self._need_days is None:
            return float("nan")
        days = int(self._need_days.sum())
        return float(self._need_absent.sum()) / days if days else float("nan")  # type: ignore[union-attr]

    def observe(self, m: "SchoolModel") -> None:
        d = m.day - 1  # the day just simulated
        self.day.append(d)
        self.absence.append(float(m.series["absence_rate"][d]))
        self.trust.append(float(m.network.school_trust.mean()))
        step = m.school.step
        self.stages["step12"].append(int(np.count_nonzero((step >= 1) & (step <= 2))))
        self.stages["step35"].append(int(np.count_nonzero(step >= 3)))
        # reports about this municipality's pupils still travelling through social services
        svc = m.services
        for rid in range(self._seen_reports, len(svc.reports)):
            if svc.reports[rid].pupil >= 0:
                self._open_reports.add(rid)
        self._seen_reports = len(svc.reports)
        self._open_reports = {r for r in self._open_reports if r not in svc.outcome}
        self.stages["social"].append(len(self._open_reports))
        self.stages["bup"].append(sum(1 for r in m.bup.referrals if r.pupil >= 0 and not r.finished()))
        support = m.pop.support_strength[[SOCIAL_SERVICES, BUP, COORDINATED]]
        self.stages["helped"].append(int(np.count_nonzero(support.max(axis=0) > 0)))
        q = self.queues
        q["intake"].append(len(svc.intake))
        q["investigation"].append(len(svc.investigation))
        q["therapy"].append(len(svc.therapy))
        q["bup_first"].append(len(m.bup.first))
        q["bup_treatment"].append(len(m.bup.treatment))
        q["forum"].append(len(m.coordination.applications))
        self._observe_need(m, d)


def benefit_line(m: "SchoolModel") -> str:
    """The pupils in need so far, in one line: how many, reached by help that acts on their
    absence, back in school, school days absent each (outcome, not process: sim/followup.py)."""
    s = m.followup.so_far(m.day)
    n = int(s["pupils_in_need"])
    if n == 0:
        return "Pupils in need (absence that needs more than the school): none yet"
    return (f"Pupils in need so far: {n}; help that acts on absence reached {int(s['effective_help'])}, "
            f"{int(s['recovered'])} back under 15 % absence; {s['absence_days_per_pupil']:.1f} school days absent each since onset")


# --------------------------------------------------------------------------- charts
def _x_axis(ax, n_days: int, last_day: int, lang: str = "en") -> None:
    ax.set_xlim(0, max(last_day + 1, min(n_days, 120)))
    ax.set_xlabel(words("day of the run", lang))
    ax.grid(True, alpha=0.3)


def attendance_figure(rec: DailyRecord, n_days: int, title: str = "Attendance", figsize=(6.4, 3.6), lang: str = "en") -> Figure:
    """Daily share of pupils absent (school days) with a four-week rolling mean."""
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.subplots()
    day = np.array(rec.day)
    y = 100 * np.array(rec.absence)
    school = ~np.isnan(y)
    if school.any():
        ax.plot(day[school], y[school], ".", ms=3, color="#9aa9c4", label=words("one school day", lang))
        roll = _rolling(y[school], 20)
        ax.plot(day[school], roll, "-", lw=2, color=SECTOR_COLOURS["school"], label=words("mean of the last 20 school days", lang))
        ax.set_ylim(0, max(12.0, float(np.nanmax(y)) * 1.15))
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    else:
        ax.set_ylim(0, 12)
        ax.text(0.5, 0.5, words("no school day yet (summer holiday)", lang), ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_ylabel(words("pupils absent (%)", lang))
    ax.set_title(words(title, lang), fontsize=11, loc="left")
    _x_axis(ax, n_days, int(day[-1]) if day.size else 0, lang)
    return fig


def _rolling(y: np.ndarray, k: int) -> np.ndarray:
    c = np.cumsum(np.insert(y, 0, 0.0))
    out = np.empty_like(y)
    for i in range(y.size):
        lo = max(0, i + 1 - k)
        out[i] = (c[i + 1] - c[lo]) / (i + 1 - lo)
    return out


def _lines(ax, day, series: dict[str, list[int]], labels, colours, lang: str = "en") -> None:
    for (key, label), colour in zip(labels, colours):
        ax.plot(day, series[key], lw=1.8, label=words(label, lang), color=colour)


def stages_figure(rec: DailyRecord, n_days: int, figsize=(6.4, 4.2), lang: str = "en") -> Figure:
    """Open cases by stage: how many pupils are where in the pathway today (a pupil may be in
    several at once: on the school's staircase and with social services)."""
    fig = Figure(figsize=figsize, layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    day = np.array(rec.day)
    _lines(top, day, rec.stages, STAGES[:2], ("#9aa9c4", SECTOR_COLOURS["school"]), lang)
    _lines(bottom, day, rec.stages, STAGES[2:], (SECTOR_COLOURS["social"], SECTOR_COLOURS["bup"], SECTOR_COLOURS["coordination"]), lang)
    for ax, keys in ((top, STAGES[:2]), (bottom, STAGES[2:])):
        peak = max((max(rec.stages[k]) for k, _ in keys if rec.stages[k]), default=0)
        ax.set_ylim(0, max(10, peak * 1.15))
        ax.set_ylabel(words("pupils", lang))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=7.5, frameon=False)
    top.set_title(words("Open cases by stage: at school (top), with the agencies (bottom)", lang), fontsize=11, loc="left")
    _x_axis(bottom, n_days, int(day[-1]) if day.size else 0, lang)
    return fig


def queues_figure(rec: DailyRecord, n_days: int, figsize=(6.4, 3.6), lang: str = "en") -> Figure:
    """Waiting lines: cases waiting for a free member of staff (or for the forum)."""
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.subplots()
    day = np.array(rec.day)
    colours = ("#f0b27a", SECTOR_COLOURS["social"], "#a04000", "#8fd19e", SECTOR_COLOURS["bup"], SECTOR_COLOURS["coordination"])
    _lines(ax, day, rec.queues, QUEUES, colours, lang)
    ax.set_ylim(0, max(5, max((max(v) for v in rec.queues.values() if v), default=0) * 1.15))
    ax.set_ylabel(words("cases waiting", lang))
    ax.set_title(words("Queue lengths (incl. other children's cases)", lang), fontsize=11, loc="left")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=7.5, frameon=False)
    _x_axis(ax, n_days, int(day[-1]) if day.size else 0, lang)
    return fig


def trust_figure(rec: DailyRecord, index_series: list[float], n_days: int, figsize=(6.4, 3.6), lang: str = "en") -> Figure:
    """Schools' trust in social services (0-1) and the collaboration index (1-5, weekly)."""
    fig = Figure(figsize=figsize, layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    day = np.array(rec.day)
    top.plot(day, rec.trust, color=SECTOR_COLOURS["social"], lw=2)
    top.set_ylim(0, 1)
    top.set_ylabel(words("trust (0-1)", lang))
    top.set_title(words("Schools' trust in social services, and collaboration", lang), fontsize=11, loc="left")
    top.grid(True, alpha=0.3)
    weeks = np.arange(len(index_series)) * 7
    bottom.plot(weeks, index_series, "o-", ms=3, color=SECTOR_COLOURS["coordination"], lw=1.5)
    bottom.set_ylim(1, 5)
    bottom.set_yticks([1, 2, 3, 4, 5])
    bottom.set_ylabel(words("index (1-5)", lang))
    _x_axis(bottom, n_days, int(day[-1]) if day.size else 0, lang)
    return fig


# --------------------------------------------------------------------------- the network
def network_layout(m: "SchoolModel") -> dict[int, tuple[float, float]]:
    """Fixed positions: schools around a ring (pupil-health team inside, mentors outside),
    social services on the left of the centre, BUP on the right, coordinators in the middle.

    Positions depend only on who holds which post, so the picture does not jump between days
    and a newcomer appears where the predecessor stood.
    """
    pos: dict[int, tuple[float, float]] = {}
    n_schools = m.pop.n_schools
    staff = m.network.staff

    def ring(ids, cx, cy, r, start=0.0, span=2 * math.pi):
        n = len(ids)
        for k, i in enumerate(ids):
            a = start + span * (k + 0.5) / max(n, 1)
            pos[i] = (cx + r * math.cos(a), cy + r * math.sin(a))

    for s in range(n_schools):
        a = math.pi / 2 - 2 * math.pi * s / n_schools
        cx, cy = math.cos(a), math.sin(a)
        eht = [p.unique_id for r in ("principal", "kurator", "nurse", "special_educator", "psychologist") for p in staff.get(r, []) if p.unit == s]
        ssw = [p.unique_id for p in staff.get("school_social_worker", []) if p.unit == s]
        mentors = [p.unique_id for p in staff.get("mentor", []) if p.unit == s]
        ring(eht + ssw, 0.8 * cx, 0.8 * cy, 0.09)
        ring(mentors, 1.05 * cx, 1.05 * cy, 0.13, start=a - math.pi / 2, span=math.pi)
    ring([p.unique_id for r in ("intake", "case_officer", "therapist") for p in staff.get(r, [])], -0.33, 0.0, 0.16)
    ring([p.unique_id for r in ("bup_first", "bup_treatment") for p in staff.get(r, [])], 0.33, 0.0, 0.14)
    ring([p.unique_id for p in staff.get("coordinator", [])], 0.0, 0.0, 0.05 if len(staff.get("coordinator", [])) > 1 else 0.0)
    return pos


def tie_trust(m: "SchoolModel", data: dict, day: int) -> float:
    """A tie's trust today: it decays towards zero without contact (network.trust_decay per day)."""
    return float(data["trust"]) * math.exp(-m.params.network.trust_decay * max(day - data["last"], 0))


def draw_network(m: "SchoolModel", ax=None, title: str | None = None, figsize=(7.0, 7.0), min_trust: float = 0.02, lang: str = "en"):
    """Draw the professional network: nodes coloured by sector, ties by today's trust.

    Hollow nodes are people who started less than a year ago (they have not yet learnt the
    other sector's language). Returns the figure.
    """
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        ax = fig.subplots()
    else:
        fig = ax.figure
    g = m.network.graph
    day = m.day
    pos = network_layout(m)
    cmap = colormaps["viridis_r"]
    segs, cols, widths = [], [], []
    for a, b, data in g.edges(data=True):
        if a not in pos or b not in pos:
            continue
        t = tie_trust(m, data, day)
        if t < min_trust:
            continue
        segs.append((pos[a], pos[b]))
        cols.append((*cmap(t)[:3], 0.25 + 0.6 * t))
        widths.append(0.4 + 2.6 * t)
    order = np.argsort([c[3] for c in cols]) if cols else []
    ax.add_collection(LineCollection([segs[i] for i in order], colors=[cols[i] for i in order],
                                     linewidths=[widths[i] for i in order], zorder=1))
    people = {p.unique_id: p for ps in m.network.staff.values() for p in ps}
    for sector, colour in SECTOR_COLOURS.items():
        ids = [i for i in pos if i in people and people[i].sector == sector]
        if not ids:
            continue
        size = np.array([14 if people[i].role == "mentor" else 46 for i in ids])
        new = np.array([people[i].tenure(day) < 365 for i in ids])
        xy = np.array([pos[i] for i in ids])
        ax.scatter(xy[~new, 0], xy[~new, 1], s=size[~new], c=colour, edgecolors="white", linewidths=0.5, zorder=3)
        ax.scatter(xy[new, 0], xy[new, 1], s=size[new], facecolors="white", edgecolors=colour, linewidths=1.4, zorder=3)
    for s in range(m.pop.n_schools):
        a = math.pi / 2 - 2 * math.pi * s / m.pop.n_schools
        ax.text(1.33 * math.cos(a), 1.33 * math.sin(a), words("school {n}", lang).format(n=s + 1), ha="center", va="center", fontsize=8, color="0.25")
    box = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)
    ax.text(-0.33, -0.2, words("social services", lang), ha="center", va="top", fontsize=8, color=SECTOR_COLOURS["social"], bbox=box, zorder=4)
    ax.text(0.33, -0.18, "BUP", ha="center", va="top", fontsize=8, color=SECTOR_COLOURS["bup"], bbox=box, zorder=4)
    if m.network.staff.get("coordinator"):
        ax.text(0.0, 0.09, words("coordinators", lang), ha="center", va="bottom", fontsize=8, color=SECTOR_COLOURS["coordination"], bbox=box, zorder=4)
    handles = [Line2D([], [], marker="o", ls="", color=c, label=words(SECTOR_NAMES[s], lang)) for s, c in SECTOR_COLOURS.items()]
    handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="0.3", label=words("started < 1 year ago", lang)))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, -0.02), fontsize=7.5, frameon=False, ncol=2)
    sm = ScalarMappable(cmap=cmap)
    sm.set_clim(0, 1)
    cb = fig.colorbar(sm, ax=ax, shrink=0.45, pad=0.01)
    cb.set_label(words("trust of a tie", lang), fontsize=8)
    cb.ax.tick_params(labelsize=7)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.62, 1.45)
    ax.set_aspect("equal")
    ax.axis("off")
    n_ties = len(segs)
    ax.set_title(title or words("Professional network, day {day}: {people} people, {ties} ties with trust", lang).format(
        day=day, people=g.number_of_nodes(), ties=n_ties),
                 fontsize=10, loc="left")
    return fig
