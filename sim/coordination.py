"""Coordination: coordinators, the cross-sector forum, consent, SIP, visits and joint training.

- A **coordinator** (samordnare; SKIFO Orust had 1, later 2 posts, 000) takes cases up to a
  caseload cap: books the family meeting (where an early invitation raises consent, 001
  L1824-1826) and a joint professional meeting, carries the BUP referral instead of the family
  (002 L513-516), asks social services for feedback, and starts a coordinated plan.
- The **forum** (SKIFO's working group, Sandviken's consultation team) meets every
  ``forum_interval_days`` and decides on at most ``forum_capacity`` applications; the school
  applies at ``forum_entry_step`` of the staircase (step 4 in SKIFO; earlier in a consultation
  team). Cases wait for the next meeting, and for a coordinator with room.
- **Consent** (samtycke) from the guardians lifts secrecy: the agencies tell each other what they
  do (000 L603-609) and their support works better together; without it information only flows
  school -> social services.
- A **SIP** meeting (coordinated individual plan) is held once two agencies act on a pupil and the
  guardians consent; social services attend with probability ``social_services_at_sip``.
- **Visits**: the coordinator meets every EHT (monthly in SKIFO) and picks up cases early; intake
  visits every EHT (each term in SKIFO; every 6th week earlier, 000 L1642): ties that speed
  hand-overs and feedback.
- **Joint training days** build mutual understanding across sectors (002; 004).
- **School social workers** (003): placed in schools, they spot pupils, carry reports and build
  trust while on site (those on site build relationships with pupils and mentors, 003
  L1329-1340; how much less they do off site is an assumption).

Every meeting costs hours of the people in it (``meetings.py``): too many forums slow casework,
and cases wait for the next meeting - coordination can make things slower (001 L667-675,
L1964-1989).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev
from .population import COORDINATED

if TYPE_CHECKING:
    from .handovers import HandOvers
    from .agents import Professional
    from .model import SchoolModel


def _forum_order(severity: np.ndarray, applied: np.ndarray, pupils: np.ndarray, among: np.ndarray,
                 limit: int | None = None) -> np.ndarray:
    """The applications ``among`` in the forum's order - most severe absence (lowest ``severity``)
    first, then the earliest, then by pupil - or only the first ``limit`` of them."""
    if limit is not None and limit <= 0:
        return among[:0]
    if limit is not None and limit < len(among):  # only those as severe as the limit-th can come first
        among = among[severity[among] <= np.partition(severity[among], limit - 1)[limit - 1]]
    return among[np.lexsort((pupils[among], applied[among], severity[among]))][:limit]


class Coordination:
    """Coordinators, the forum and the routines between the sectors."""

    def __init__(self, model: "SchoolModel"):
        self.model = model
        self.p = model.params.coordination
        self.rng = model.streams["coordination"]
        net = model.network
        rate = model.params.turnover.coordinator_rate
        self.posts = model.staffing(self.p.coordinators, name="coordination.coordinators")
        self.post_share = model.post_share(self.p.coordinators, name="coordination.coordinators")  # part-time posts carry fewer cases
        for _ in range(self.posts):
            net.hire("coordinator", day=0, tenure=self.rng.exponential(365.0 / max(rate, 0.05)))
        n_schools = model.pop.n_schools
        self.ssw_share = model.post_share(self.p.school_social_workers, name="coordination.school_social_workers")
        for k in range(model.staffing(self.p.school_social_workers, name="coordination.school_social_workers")):
            net.hire("school_social_worker", unit=k % n_schools, day=0, tenure=self.rng.exponential(365.0 / max(model.params.turnover.caseworker_rate, 0.05)))
        self._queue = (np.zeros(0, dtype=np.int64),) * 3  # pupil, case, day applied: waiting since the last forum ...
        self._new: list[tuple[int, int, int]] = []       # ... and applied since
        self.applied: set[int] = set()       # cases applied or accepted
        self.waiting: set[int] = set()       # cases applied and not yet decided
        self.coordinated: dict[int, "Professional | None"] = {}  # pupil -> coordinator (None: forum plan only)
        self.forum_waits: list[int] = []
        self.sip_held: set[int] = set()
        self.orphans: set[int] = set()  # coordinated pupils whose coordinator left
        self.since: dict[int, int] = {}  # pupil -> day the forum took the case
        school_days = model.calendar.school_days()
        first = int(school_days[0])
        self.next_forum = first if self.p.forum_interval_days > 0 else None
        # The forum scales with the municipality: its cases per meeting in proportion to the
        # pupils (a fraction carried to the next meeting), in one sitting per 1,600 pupils, each
        # for a district of schools with its own members and hours (sim/scaling.py)
        self.forum_per_meeting = model.scaled(self.p.forum_capacity)
        self._forum_credit = 0.0
        self.sittings = model.staffing(1)
        self.sitting_hours = self.p.forum_hours * model.post_share(1)
        self.next_coord_visit = np.full(n_schools, first + 2) if self.p.coordinator_eht_interval_days > 0 else None
        self.next_intake_visit = np.full(n_schools, first + 3) if self.p.intake_eht_interval_days > 0 else None
        self._school_pupils = [np.flatnonzero(model.pop.school == s) for s in range(n_schools)] if self.next_coord_visit is not None else None
        self.training_days = self._training_days()

    def _training_days(self) -> set[int]:
        k = self.p.training_days_per_year
        if k == 0:
            return set()
        cal = self.model.calendar
        out: set[int] = set()
        for y in range(int(cal.year.max()) + 1):
            days = cal.school_days(y)
            out |= {int(days[int((i + 0.5) * len(days) / k)]) for i in range(k)}
        return out

    @property
    def applications(self) -> list[tuple[int, int, int]]:
        """The applications waiting for the forum: (pupil, case, day applied)."""
        return [*zip(*(column.tolist() for column in self._queue)), *self._new]

    @property
    def active(self) -> bool:
        return self.p.coordinators > 0 or self.p.forum_interval_days > 0

    # ------------------------------------------------------------ applications
    def on_step(self, pupil: int, step: int, day: int) -> None:
        """The school reached a staircase step with a pupil: apply to the forum at the entry step."""
        if step == self.p.forum_entry_step:
            self.apply(pupil, day)

    def apply(self, pupil: int, day: int) -> None:
        model = self.model
        if self.active and model.pop.in_episode[pupil]:
            self._apply(pupil, int(model.pop.episode_id[pupil]), day)

    def _apply(self, pupil: int, case: int, day: int) -> None:
        if case in self.applied:
            return
        self.applied.add(case)
        self.waiting.add(case)
        self._new.append((pupil, case, day))
        self.model.log.add(day, pupil, case, ev.FORUM_APPLICATION)

    def pending(self, pupils: np.ndarray) -> np.ndarray:
        """Per pupil: whether her current case waits for the forum (applied, not yet decided)."""
        waiting = self.waiting
        return np.array([c in waiting for c in self.model.pop.episode_id[pupils].tolist()], dtype=bool)

    def capacity_left(self, day: int) -> list["Professional"]:
        """Coordinators with room for another case (meetings shrink the room)."""
        load = self.pathway.meeting_load("coordination")
        cap = self.p.coordinator_caseload * self.post_share * (1.0 - load)
        return [c for c in self.model.network.active("coordinator") if len(c.cases) < cap]

    def decide(self, day: int, limit: int) -> None:
        """Decide on the applications, most severe absence first, while there is room.

        Applications that have waited ``forum_max_wait_days`` are declined with advice to the
        school (000 L753-759); the rest wait for the next meeting.
        """
        pop = self.model.pop
        pupils, cases, applied = self._queue
        if self._new:
            new = np.array(self._new, dtype=np.int64).T
            pupils, cases, applied = (np.concatenate((old, more)) for old, more in zip(self._queue, new))
            self._new = []
        live = pop.in_episode[pupils] & (pop.episode_id[pupils] == cases)
        self.waiting.difference_update(cases[~live].tolist())  # ``waiting`` holds the queue's cases
        pupils, cases, applied = pupils[live], cases[live], applied[live]
        severity = -pop.stair_share()[pupils]
        first = _forum_order(severity, applied, pupils, np.arange(len(cases)), limit)
        handled = 0
        coordinators = self.capacity_left(day)  # room changes only when a case is accepted
        while handled < len(first) and (self.p.coordinators <= 0 or coordinators):
            k = first[handled]
            self.waiting.discard(int(cases[k]))
            coord = min(coordinators, key=lambda c: (len(c.cases), c.unique_id)) if coordinators else None
            self.accept(int(pupils[k]), int(cases[k]), coord, day, int(applied[k]))
            coordinators = self.capacity_left(day)
            handled += 1
        left = np.ones(len(cases), dtype=bool)
        left[first[:handled]] = False
        expired = left & (day - applied >= self.p.forum_max_wait_days)  # no room this time, and waited too long
        declined = _forum_order(severity, applied, pupils, np.flatnonzero(expired))
        self.waiting.difference_update(cases[declined].tolist())
        self.model.log.add_many(day, pupils[declined], cases[declined], ev.FORUM_DECLINED)
        left &= ~expired
        self._queue = pupils[left], cases[left], applied[left]

    def accept(self, pupil: int, case: int, coord, day: int, applied: int) -> None:
        model = self.model
        self.forum_waits.append(day - applied)
        self.coordinated[pupil] = coord
        self.since[pupil] = day
        if coord is not None:
            coord.cases.add(pupil)
        model.log.add(day, pupil, case, ev.FORUM_DECISION, "coordinator" if coord else "forum")
        model.schedule(day + self.rng.exponential(self.p.family_meeting_days) if self.p.family_meeting_days else day,
                       lambda d: self.family_meeting(pupil, case, d))

    def family_meeting(self, pupil: int, case: int, day: int) -> None:
        """The first meeting with the family, then the joint plan."""
        model = self.model
        if model.pop.episode_id[pupil] != case or not model.pop.in_episode[pupil]:
            return self.release(pupil)
        coord = self.coordinated.get(pupil)
        school = int(model.pop.school[pupil])
        if model.consent[pupil] != 1:
            prob = self.p.consent_prob_invited if coord is not None else self.p.consent_prob
            self.pathway.ask_consent(pupil, prob, day)
        people = model.network.eht(school)[:2] + [x for x in (coord, model.services.pick("case_officer")) if x is not None]
        self.meeting("joint_professional", people, day, 1.5)
        self.pathway.start_multiagency(pupil, COORDINATED, self.p.plan_strength, self.p.plan_ramp_days, day, "coordinated_plan")
        if self.pathway.bup_needed(pupil):
            self.pathway.refer_bup(pupil, day, "coordinator" if coord else "forum", coordinated=coord is not None)
        if case not in model.services.reported_cases and self.pathway.multi_problem(pupil):
            model.services.file(pupil, case, school, "coordinator", day, coordinated=True)

    def connect(self, pathway: "HandOvers") -> None:
        """Hand over the case's pathway (built after the parts it connects)."""
        self.pathway = pathway

    def reset_counts(self) -> None:
        """The end of the warm-up: the forum's waits are counted from here."""
        self.forum_waits.clear()

    def release(self, pupil: int) -> None:
        self.orphans.discard(pupil)
        self.since.pop(pupil, None)
        coord = self.coordinated.pop(pupil, None)
        if coord is not None:
            coord.cases.discard(pupil)

    def coordinator_left(self, person) -> None:
        """A departing coordinator's cases wait for a successor (losing a coordinator costs
        most, 002 L614-616): a colleague takes them over on top of her own, or the next
        coordinator to start inherits them."""
        others = [c for c in self.model.network.active("coordinator") if c is not person]
        for pupil in list(person.cases):
            heir = min(others, key=lambda c: len(c.cases)) if others else None
            self.coordinated[pupil] = heir
            if heir is not None:
                heir.cases.add(pupil)
            else:
                self.orphans.add(pupil)
        person.cases.clear()

    def coordinator_joined(self, person) -> None:
        for pupil in list(self.orphans):
            if pupil in self.coordinated:
                self.coordinated[pupil] = person
                person.cases.add(pupil)
        self.orphans.clear()

    # ------------------------------------------------------------------ meetings
    def meeting(self, kind: str, people: list, day: int, hours: float, weight: float = 1.0) -> None:
        people = [p for p in people if p is not None]
        self.model.ledger.record(kind, day, people, hours)
        self.model.network.meet(people, day, weight)

    def daily(self, day: int, school_day: bool) -> None:
        model = self.model
        if self.since:
            pupils = np.fromiter(self.since, dtype=np.int64, count=len(self.since))
            since = np.fromiter(self.since.values(), dtype=np.int64, count=len(self.since))
            for pupil in pupils[~model.pop.in_episode[pupils] | (day - since >= self.p.case_days)].tolist():
                self.release(pupil)  # the episode is over, or the plan runs on without a case manager
        if not school_day:
            return
        net = model.network
        if self.next_forum is not None and day >= self.next_forum:
            self.next_forum = day + self.p.forum_interval_days
            self.forum_meeting(day)
        elif self.next_forum is None and self.p.coordinators > 0:
            self.decide(day, 10**6)  # no forum: the coordinator takes cases directly
        if self.next_coord_visit is not None and self.next_coord_visit.min() <= day:
            schools = self._visit("coordinator_eht", self.next_coord_visit, self.p.coordinator_eht_interval_days,
                                  net.active("coordinator")[:1], 1.0, day)
            self._identify_early(schools, day)
        if self.next_intake_visit is not None and self.next_intake_visit.min() <= day:
            self._visit("intake_eht", self.next_intake_visit, self.p.intake_eht_interval_days, net.active("intake")[:1], 1.5, day)
        if day in self.training_days:
            self.training_day(day)
        if self.p.school_social_workers and model.calendar.school_day_number[day] % 5 == 0:
            on_site = self.p.ssw_on_site * self.ssw_share  # a part-time post is on site less
            for ssw in net.active("school_social_worker"):
                if self.rng.random() < on_site:
                    self.meeting("ssw_on_site", [ssw] + net.eht(ssw.unit)[:2], day, 0.5)

    def forum_meeting(self, day: int) -> None:
        """The forum meets, in one sitting per district, and decides on as many applications
        as its capacity for this meeting allows (``forum_capacity`` per 1,600 pupils)."""
        net, k = self.model.network, self.sittings
        coordinators, officers, clinicians = net.active("coordinator"), net.active("case_officer"), net.active("bup_first")
        for s in range(k):
            members = coordinators[s::k] + self._principals(s, k) + officers[s:s + 1] + clinicians[s:s + 1]
            self.meeting("forum", members[: self.p.forum_members], day, self.sitting_hours)
        self._forum_credit += self.forum_per_meeting
        limit = int(self._forum_credit + 1e-9)
        self._forum_credit -= limit
        self.decide(day, limit)

    def training_day(self, day: int) -> None:
        """A joint training day: everyone spends the hours; ties form at mixed tables of eight."""
        net = self.model.network
        everyone = [p for s in range(self.model.pop.n_schools) for p in net.eht(s)] + net.social_staff() \
            + net.active("bup_first") + net.active("bup_treatment") + net.active("coordinator")
        self.model.ledger.record("training", day, everyone, self.p.training_hours)
        order = self.rng.permutation(len(everyone))
        for start in range(0, len(order), 8):
            net.meet([everyone[i] for i in order[start:start + 8]], day, weight=2.0)

    def _principals(self, sitting: int = 0, sittings: int = 1) -> list:
        """The first two principals of a sitting's district (schools ``sitting``,
        ``sitting + sittings``, ...), school by school."""
        net, principals = self.model.network, []
        for s in range(sitting, self.model.pop.n_schools, sittings):
            principals += net.active("principal", s)
            if len(principals) >= 2:
                break
        return principals[:2]

    def _visit(self, kind: str, next_visit: np.ndarray, interval: int, visitors: list, hours: float, day: int) -> np.ndarray:
        """The visitors meet every EHT whose visit is due today; the next visit is booked.
        Returns the schools visited."""
        schools = np.flatnonzero(next_visit <= day)
        next_visit[schools] = day + interval
        net = self.model.network
        meetings = [visitors + team for team in net.eht_teams(schools.tolist())]
        self.model.ledger.record_many(kind, day, meetings, hours)  # all the hours at once, not school by school
        for people in meetings:
            net.meet(people, day)
        return schools

    def _identify_early(self, schools: np.ndarray, day: int) -> None:
        """At the coordinator's visits, the schools' pupils at step 3 or above apply to the forum,
        school by school."""
        if not self.active:
            return
        pop = self.model.pop
        pupils = np.concatenate([self._school_pupils[s] for s in schools])  # type: ignore[index]  # set when there are visits
        pupils = pupils[(self.model.school.step[pupils] >= 3) & pop.in_episode[pupils]]
        for pupil, case in zip(pupils.tolist(), pop.episode_id[pupils].tolist()):
            self._apply(pupil, case, day)

    # ------------------------------------------------------------------ SIP
    def maybe_sip(self, pupil: int, day: int) -> None:
        """Two agencies act on the pupil: hold a SIP meeting if the guardians consent."""
        model = self.model
        case = model.pop.episode_id.item(pupil)  # (.item(): Python numbers, quicker than numpy scalars)
        if case in self.sip_held or not model.pop.in_episode.item(pupil):
            return
        if model.consent.item(pupil) == -1:
            self.pathway.ask_consent(pupil, self.p.consent_prob, day)
        if model.consent.item(pupil) != 1:
            return
        self.sip_held.add(case)
        model.schedule(day + self.p.sip_delay_days, lambda d: self.sip_meeting(pupil, case, d))

    def sip_meeting(self, pupil: int, case: int, day: int) -> None:
        model = self.model
        if model.pop.episode_id[pupil] != case or not model.pop.in_episode[pupil]:
            return
        net = model.network
        school = int(model.pop.school[pupil])
        social = self.rng.random() < self.p.social_services_at_sip
        people = net.eht(school)[:2] + [model.mentors[model.pop.klass[pupil]]]
        if social:
            people += [model.services.pick("case_officer")]
        if self.pathway.bup_involved(pupil):
            people += [model.bup.pick()]
        people += [self.coordinated.get(pupil)]
        self.meeting("sip", people[: self.p.sip_attendees + 1], day, self.p.sip_hours)
        model.log.add(day, pupil, case, ev.SIP_MEETING, "with_social_services" if social else "without_social_services")
        strength = self.p.plan_strength * (1.0 if social else 0.5)
        self.pathway.start_multiagency(pupil, COORDINATED, strength, self.p.plan_ramp_days, day, "sip_plan")
