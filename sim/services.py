"""Social services (socialtjänsten, IFO): reports of concern as processes on the agencies' clock
(:mod:`sim.casework`).

A report of concern (orosanmälan) waits for an intake worker, who makes the preliminary
assessment (förhandsbedömning, legal limit 14 days) and decides whether to open an
investigation: absence-only cases are opened less often than multi-problem cases (an
assumption after 000 L1248-1257: absence alone was seen as the school's problem), and an early report resting on worry less often than one documenting persistent
absence (003 L1769-1775). The school is told the decision with probability ``feedback_rate``
(more often when it asks: the law allows it, 001 L244-252; how much more is an assumption), or hears nothing. An opened investigation waits for a
case officer's free slot and lasts about ``investigation_days`` (legal limit 4 months); if the
officer leaves, the case waits for reassignment. An offered intervention is voluntary: the family
may decline (stigma, low trust; 000 L1308-1339, 003 L1417-1472); a declined severe case may go to
compulsory care (LVU). An accepted intervention waits for a family therapist and then acts on the
pupil's absence with a ramp-up.

Reports about other children (``background_reports``) share the same staff and go through the
same process (:class:`Report`), without the steps that concern a pupil of ours. Every report
ends in exactly one outcome (``not_opened``, ``merged``, ``no_intervention``, ``declined``,
``lvu``, ``intervention``) or is still open when the run ends. All durations come
from the ``services`` stream handed in; nothing here touches a global random generator.
"""
from __future__ import annotations

from heapq import heapify, heappop, heappush, heapreplace
from typing import TYPE_CHECKING, Any

import numpy as np

from . import caselog as ev
from .caselog import CaseLog
from .casework import Case, Clock
from .population import SOCIAL_SERVICES, Population
from .rng import ScalarDraws

if TYPE_CHECKING:
    from .handovers import HandOvers
    from .network import ProfessionalNetwork
    from .params import Params
    from .scaling import Staffing

OUTCOMES = ("not_opened", "merged", "no_intervention", "declined", "lvu", "intervention")


class Report(Case):
    """One report of concern travelling through intake, investigation and intervention: about a
    pupil of this municipality's schools (:meth:`SocialServices.file`), or about another child
    (:meth:`SocialServices.other_child_report`).

    One process for both: they take the same staff's time and draw the same numbers at the same
    steps. What differs is data: a report about another child has ``background`` set and
    ``pupil``, ``case`` and ``school`` -1 (source ``other``, documented, not coordinated, no
    feedback asked), and it skips the steps that concern a pupil of ours - the hand-over from the
    school (trust shortening intake), feedback to the school, one investigation per case, a
    referral to BUP, the family's own decision (trust, stigma, compulsory care) and its delay in
    getting help going, the case log and the pupil's support."""

    officer: Any = None  # the case officer investigating

    def __init__(self, svc: "SocialServices", rid: int, pupil: int, case: int, school: int, source: str,
                 documented: bool, multi: bool, coordinated: bool, asked: bool, filed: float,
                 background: bool = False) -> None:
        self.svc, self.rid, self.pupil, self.case, self.school = svc, rid, pupil, case, school
        self.source, self.documented, self.multi = source, documented, multi
        self.coordinated, self.asked = coordinated, asked
        self.filed = filed  # the process starts when the report is filed
        self.background = background  # about another child, not a pupil of ours

    def process(self):
        svc, clock, p = self.svc, self.clock, self.svc.p
        ours = not self.background
        yield svc.intake
        assessor = svc.pick("intake")
        yield svc.duration(p.preliminary_days * svc.handover_factor(self), "social", shape=1.0)
        svc.intake.release()
        svc.preliminary.append((ours, clock.now - self.filed))
        opened = svc.decide_open(self, assessor)
        if ours:
            svc.tell_school(self, opened)
        if not opened:
            return svc.close(self, "not_opened")
        if ours:
            if self.case >= 0 and svc.investigating.get(self.case, 0) > 0:
                return svc.close(self, "merged")  # a repeat report joins the open investigation of the pupil's case
            svc.investigating[self.case] = svc.investigating.get(self.case, 0) + 1
            svc.log(self, ev.INVESTIGATION_OPENED)
        yield from self.investigation()
        if ours:
            svc.investigating[self.case] -= 1
            if svc.pathway.bup_needed(self.pupil):
                svc.pathway.refer_bup(self.pupil, int(clock.now), "social_services", self.coordinated)
        if svc.rng.random() >= p.offer_prob:
            return svc.close(self, "no_intervention")
        if svc.rng.random() >= svc.accept_prob(self):
            if ours and svc.severe(self.pupil) and svc.rng.random() < p.lvu_prob:
                svc.close(self, "lvu")
                return svc.start_help(self, strength=2.0 * p.intervention_strength, info="lvu")
            return svc.close(self, "declined")
        if ours:
            yield svc.family_start_delay(self)
        yield svc.therapy
        svc.close(self, "intervention")
        if ours:
            svc.start_help(self, p.intervention_strength, "social_services")
        yield svc.duration(p.intervention_days, "social")
        svc.therapy.release()
        if ours:
            svc.pop.stop_support(self.pupil, SOCIAL_SERVICES)

    def investigation(self):
        """Wait for a place with a case officer; the least loaded officer investigates (a
        newcomer takes longer)."""
        svc, clock = self.svc, self.clock
        start = clock.now
        yield svc.investigation
        self.officer = svc.assign(self)
        slow = svc.net.slowness(self.officer, int(clock.now))
        yield svc.duration(svc.p.investigation_days * slow, "social")
        svc.investigation.release()
        svc.unassign(self)
        svc.investigations.append((not self.background, clock.now - start))


class Arrivals(Case):
    """A Poisson stream of cases about other children that share the same staff, ``per_day`` a
    day on average: ``arrive(delay)`` starts one ``delay`` days from now.

    The stream steps once a day and starts the day's cases at their times (exponential gaps,
    carried over from one day to the next): one step a day instead of one per case, which
    saved about 5 ms of a 20,000-pupil year."""

    def __init__(self, rng: ScalarDraws, per_day: float, arrive) -> None:
        self.rng, self.per_day, self.arrive = rng, per_day, arrive

    def process(self):
        mean_gap = 1.0 / self.per_day
        next_case = self.rng.exponential(mean_gap)  # days from now
        while True:
            while next_case < 1.0:
                self.arrive(next_case)
                next_case += self.rng.exponential(mean_gap)
            next_case -= 1.0
            yield 1.0


class SocialServices:
    """Intake, investigation and family-therapy capacity, and the record of every report.

    Built with what it uses: ``params`` (its own section ``services``; the turnover of
    caseworkers, the hand-over gain of trust, a consultant's shift in opening, the delay of
    low-resource families), the pupils (``pop``), the case ``log``, the agencies' ``clock``, the
    professional ``network`` (it hires its staff there), the scaling of staff (``staff``), its
    random stream ``rng`` (the model's ``services`` stream) and the guardians' ``consent``. The
    case's pathway comes after, by :meth:`connect`.

    Statistics (read by sim/outcomes.py): ``opened`` (school report?, multi-problem, opened),
    ``preliminary`` and ``investigations`` (school report?, days), ``repeat_reports``,
    ``feedback`` (heard?), ``info_shared`` (with consent), ``reported_cases`` (case -> reports).
    Also used by the coordination: :meth:`pick`, :meth:`file`, ``reported_cases``; by the
    pathway: :meth:`file`, ``investigating`` (a pupil's case -> its open investigations) and
    ``unanswered`` (case -> the school's last report about it was met with silence)."""

    def __init__(self, *, params: "Params", pop: Population, log: CaseLog, clock: Clock,
                 network: "ProfessionalNetwork", staff: "Staffing", rng: np.random.Generator,
                 consent: np.ndarray) -> None:
        self.params, self.pop, self.caselog, self.clock, self.consent = params, pop, log, clock, consent
        self.p = params.services
        self.rng = ScalarDraws(rng)
        self.net = net = network
        years = params.turnover.caseworker_rate
        for role, n, name in (("intake", self.p.intake_workers, "services.intake_workers"),
                              ("case_officer", self.p.case_officers, "services.case_officers"),
                              ("therapist", self.p.therapists, "services.therapists")):
            for _ in range(staff.staffing(n, name=name)):  # steady-state tenure: exponential with the turnover rate
                net.hire(role, day=0, tenure=self.rng.exponential(365.0 / max(years, 0.05)))
        # each person works this share of a full post: the places scale exactly with the pupils
        self.share = {role: staff.post_share(n, name=name) for role, n, name in (
            ("intake", self.p.intake_workers, "services.intake_workers"),
            ("case_officer", self.p.case_officers, "services.case_officers"),
            ("therapist", self.p.therapists, "services.therapists"))}
        self.intake = clock.waiting_list("intake")
        self.investigation = clock.waiting_list("investigation")
        self.therapy = clock.waiting_list("therapy")
        self._officers: list | None = None
        self.staff_changed()
        self.reports: dict[int, Report] = {}
        self.outcome: dict[int, str] = {}
        self.preliminary: list[tuple[bool, float]] = []  # (school report?, days)
        self.investigations: list[tuple[bool, float]] = []
        self.opened: list[tuple[bool, bool, bool]] = []  # (school report?, multi-problem, opened)
        self.feedback: list[bool] = []
        self.repeat_reports = 0
        self.reported_cases: dict[int, int] = {}
        self.unanswered: dict[int, bool] = {}  # case -> last report met with silence
        self.investigating: dict[int, int] = {}  # a pupil's case -> its open investigations
        self.info_shared = 0
        rate = self.p.background_reports * pop.n / 1000.0 / 365.0
        if rate > 0:
            clock.start(Arrivals(self.rng, rate, self.other_child_report))

    # ------------------------------------------------------------------ intake
    def new_report(self, pupil: int, case: int, school: int, source: str, documented: bool, multi: bool,
                   coordinated: bool, asked: bool, delay: float = 0.0) -> int:
        rid = len(self.reports)
        report = Report(self, rid, pupil, case, school, source, documented, multi, coordinated, asked, self.clock.now + delay)
        self.reports[rid] = report
        self.clock.start(report, delay)
        return rid

    def other_child_report(self, delay: float) -> None:
        """A report about another child comes in ``delay`` days from now (multi-problem or not,
        even odds)."""
        rid = len(self.reports)
        report = Report(self, rid, -1, -1, -1, "other", True, self.rng.random() < 0.5, False, False,
                        self.clock.now + delay, background=True)
        self.reports[rid] = report
        self.clock.start(report, delay)

    def file(self, pupil: int, case: int, school: int, source: str, day: int, coordinated: bool = False, delay: float = 0.0) -> None:
        """The school (or the coordinator) files a report about a pupil."""
        if case >= 0 and case in self.reported_cases:
            self.repeat_reports += 1
            source = "repeat"
        self.reported_cases[case] = self.reported_cases.get(case, 0) + 1
        documented = source not in ("eht_step3",)
        multi = self.pathway.multi_problem(pupil)
        asked = coordinated or self.rng.random() < self.p.school_asks_feedback
        self.caselog.add(day, pupil, case, ev.REPORT_OF_CONCERN, source)
        self.new_report(pupil, case, school, source, documented, multi, coordinated, asked, delay)

    def handover_factor(self, report: Report) -> float:
        """Personal trust between the school and intake shortens the hand-over (1 for a report
        about another child: no school hands it over)."""
        if report.background:
            return 1.0
        tie = self.net.eht_tie(report.school, ("intake", "school_social_worker"), int(self.clock.now))
        return 1.0 - self.params.network.trust_handover_gain * tie

    def decide_open(self, report: Report, assessor) -> bool:
        p = self.p
        if report.background:
            prob = p.background_open_prob
        else:
            prob = p.open_prob_multi if report.multi else p.open_prob_absence_only
            if not report.documented:
                prob *= p.feeling_penalty
        if assessor is not None and assessor.consultant:
            prob += self.params.turnover.consultant_open_shift
        opened = self.rng.random() < prob  # (a uniform on [0, 1) decides as if prob were clipped to [0, 1])
        self.opened.append((not report.background, report.multi, opened))
        return opened

    def tell_school(self, report: Report, opened: bool) -> None:
        """Feedback (återkoppling): the school hears the decision, or nothing."""
        p, net = self.p, self.net
        chance = p.feedback_when_asked if report.asked else p.feedback_rate
        tie = net.eht_tie(report.school, ("intake",), int(self.clock.now))
        chance += (1 - chance) * 0.5 * tie
        heard = self.rng.random() < chance
        self.feedback.append(heard)
        net.feedback(report.school, heard)
        self.unanswered[report.case] = not heard
        self.log(report, ev.FEEDBACK if heard else ev.NO_FEEDBACK, "opened" if opened else "not_opened")

    # ------------------------------------------------------------ investigation
    def pick(self, role: str):
        people = self.net.active(role)
        return people[self.rng.integers(len(people))] if people else None

    def assign(self, report: Report):
        """The least loaded case officer takes the investigation (the first hired, of equals)."""
        by_load, officers = self._by_load, self._officers
        while by_load:
            load, order = by_load[0]
            officer = officers[order]  # type: ignore[index]  # set with the heap
            if len(officer.cases) == load:
                break
            heappop(by_load)  # an officer's load before a change (her present load is further down)
        else:
            return None
        heapreplace(by_load, (load + 1, order))
        officer.cases.add(report.rid)
        return officer

    def unassign(self, report: Report) -> None:
        """The investigation is done: the officer has room for another."""
        officer = report.officer
        if officer is not None:
            officer.cases.discard(report.rid)
            heappush(self._by_load, (len(officer.cases), self._order[officer]))

    def _officers_changed(self) -> None:
        # (load, place in hiring order) of every case officer, a heap: finding the least loaded
        # among dozens of officers for every investigation cost more than the rest of assigning it
        officers = self.net.active("case_officer")
        if officers == self._officers:
            return  # someone in another role came or went: the heap still holds every officer's load
        self._officers = list(officers)
        self._order = {officer: k for k, officer in enumerate(self._officers)}
        self._by_load = [(len(officer.cases), k) for k, officer in enumerate(self._officers)]
        heapify(self._by_load)

    def officer_left(self, person) -> None:
        """A departing case officer's cases wait for reassignment."""
        for rid in list(person.cases):
            rep = self.reports[rid]
            self.clock.postpone(rep, self.p.reassign_days)
            rep.officer = None
        person.cases.clear()

    def duration(self, mean: float, sector: str, shape: float = 2.0) -> float:
        """A gamma-distributed working time, longer when meetings eat the sector's hours."""
        return self.rng.gamma(shape, mean / shape) / (1.0 - self.pathway.meeting_load(sector))

    def accept_prob(self, report: Report) -> float:
        """The chance that a pupil's family accepts the offered intervention: higher with trust,
        lower with stigma (about another child it is ``accept_prob``)."""
        p = self.p
        if report.background:
            return p.accept_prob
        trust = self.net.trust_in_services(report.school, int(self.clock.now))
        if report.coordinated:
            trust = max(trust, 0.75)
        stigma = 0.1 if self.pop.low_resource.item(report.pupil) else 0.0
        return min(max(p.accept_prob + p.accept_trust_gain * (trust - 0.5) - stigma, 0.0), 1.0)

    def family_start_delay(self, report: Report) -> float:
        """Without a coordinator the family must get the intervention going (001 L1933-1939)."""
        if report.coordinated or self.pathway.coordinated(report.pupil):
            return 0.0
        low = self.pop.low_resource.item(report.pupil)
        factor = self.params.municipality.low_resource_delay_factor if low else 1.0
        return self.rng.exponential(self.p.family_start_days * factor) if self.p.family_start_days else 0.0

    def severe(self, pupil: int) -> bool:
        return self.pop.share_of(pupil) > 0.5

    def start_help(self, report: Report, strength: float, info: str) -> None:
        day = int(self.clock.now)
        self.pathway.start_multiagency(report.pupil, SOCIAL_SERVICES, strength, self.p.intervention_ramp_days, day, info)
        if self.consent.item(report.pupil) == 1:
            self.info_shared += 1  # with consent, services tell the school what they do (000 L603-609)
            self.caselog.add(day, report.pupil, report.case, ev.INFO_SHARED, "social_services")

    def close(self, report: Report, outcome: str) -> None:
        assert report.rid not in self.outcome, "a report ends in exactly one outcome"
        self.outcome[report.rid] = outcome
        if not report.background:
            self.log(report, ev.REPORT_OUTCOME, outcome)

    def log(self, report: Report, event: str, info: str = "") -> None:
        self.caselog.add(int(self.clock.now), report.pupil, report.case, event, info or report.source)

    # ------------------------------------------------------------------ capacity
    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def reset_counts(self) -> None:
        """The end of the warm-up: reports, investigations, openings, feedback, repeat reports
        and shared information are counted from here (the cases themselves run on)."""
        for record in (self.preliminary, self.investigations, self.opened, self.feedback):
            record.clear()
        self.repeat_reports = self.info_shared = 0

    def staff_changed(self) -> None:
        self._officers_changed()
        net = self.net
        share = self.share  # (part-time posts: places in proportion to the share of a post)
        self.intake.set_capacity(round(len(net.active("intake")) * self.p.intake_caseload * share["intake"]))
        self.investigation.set_capacity(round(len(net.active("case_officer")) * self.p.caseload * share["case_officer"]))
        self.therapy.set_capacity(round(len(net.active("therapist")) * self.p.therapist_caseload * share["therapist"]))
