"""The case log: every event of every case, with its day. All metrics are derived from it."""
from __future__ import annotations

from array import array
from collections import defaultdict
from itertools import chain

import numpy as np

# Event names. A case is one problematic-absence episode of one pupil (case id = episode id);
# events that concern a pupil outside any episode carry case -1.
EPISODE_START = "episode_start"      # a life event starts an episode (latent, not seen by the school)
ONSET = "onset"                      # absence onset: trailing share reaches the onset threshold
NEEDS_HELP = "needs_multiagency_help"  # at onset: the case needs more than the school (latent)
EPISODE_END = "episode_end"          # the episode is over (absence back to normal)
STEP1 = "step1"                      # mentor contacts the guardians
STEP2 = "step2"                      # mentor talks with the pupil and notifies the EHT
SPOTTED = "spotted"                  # other staff notice the pupil and tell the EHT
DETECTION = "detection"              # the EHT knows of the pupil's absence (step 2 or spotted)
EHT_MEETING = "eht_meeting"          # the EHT discusses the pupil
STEP3 = "step3"
STEP4 = "step4"
STEP5 = "step5"
STAIR_RESET = "stair_reset"          # absence back under step 1 at an EHT review
SCHOOL_MEASURE = "school_measure"    # extra adaptations or special support start
REPORT_OF_CONCERN = "report_of_concern"
FORUM_APPLICATION = "forum_application"
ORGANISER_NOTICE = "organiser_notice"
REPORT_WITHHELD = "report_withheld"  # low trust: the school does not report (001 L1485-1489)
REPORT_NOT_NEEDED = "report_not_needed"  # step 5, but the school knows social services already act
INVESTIGATION_OPENED = "investigation_opened"
FEEDBACK = "feedback"                # the school hears whether an investigation was opened
NO_FEEDBACK = "no_feedback"          # ... or hears nothing
REPORT_OUTCOME = "report_outcome"    # info: not_opened, merged, no_intervention, declined, lvu, intervention
INFO_SHARED = "info_shared"          # with consent, services tell the school what they do
BUP_REFERRAL = "bup_referral"
BUP_REFERRAL_DROPPED = "bup_referral_dropped"  # the family did not get the referral made
BUP_FIRST_ASSESSMENT = "bup_first_assessment"
FORUM_DECISION = "forum_decision"
FORUM_DECLINED = "forum_declined"
WAITING_FOR_FORUM = "waiting_for_forum"  # the EHT holds back while an application is pending    # no room within forum_max_wait_days: advice to the school
SIP_MEETING = "sip_meeting"
CONSENT = "consent"                  # info: given / refused
MULTIAGENCY = "multiagency_intervention"  # info: social_services, lvu, bup_treatment, coordinated_plan, sip_plan


class CaseLog:
    """Append-only table of (day, pupil, case, event, info)."""

    def __init__(self) -> None:
        self.day: list[int] = []
        self.pupil: list[int] = []
        self.case: list[int] = []
        self.event: list[str] = []
        self.info: list[str] = []
        self._rows_of_event: defaultdict[str, list[int]] = defaultdict(list)  # built when asked
        # each row's event as a small number (events numbered in order of first use): the results
        # read the log event by event, and numbers are quicker to sort than names
        self._number: dict[str, int] = {}
        self._numbers = array("h")

    def _number_of(self, event: str) -> int:
        number = self._number.get(event)
        if number is None:
            number = self._number[event] = len(self._number)
        return number

    def add(self, day: int, pupil: int, case: int, event: str, info: str = "") -> None:
        self.day.append(int(day))
        self.pupil.append(int(pupil))
        self.case.append(int(case))
        self.event.append(event)
        self.info.append(info)
        number = self._number.get(event)  # (the method call only for a new event: add is called often)
        self._numbers.append(self._number_of(event) if number is None else number)

    def add_many(self, day: int, pupils: np.ndarray, cases: np.ndarray, event: str, info: str = "") -> None:
        n = len(pupils)
        if n == 0:
            return
        self.day.extend([int(day)] * n)
        self.pupil.extend(pupils.tolist())
        self.case.extend(cases.tolist())
        self.event.extend([event] * n)
        self.info.extend([info] * n)
        self._numbers.extend(array("h", [self._number_of(event)]) * n)

    def __len__(self) -> int:
        return len(self.day)

    def columns(self) -> dict[str, list]:
        """The log as a table: one list per column (``pandas.DataFrame(columns)`` reads it)."""
        return {"day": list(self.day), "pupil": list(self.pupil), "case": list(self.case),
                "event": list(self.event), "info": list(self.info)}

    def event_numbers(self) -> tuple[dict[str, int], np.ndarray]:
        """The number of each event that occurs, and each row's event as its number."""
        return dict(self._number), np.array(self._numbers, dtype=np.int16)

    def rows_of(self, event: str) -> list[int]:
        """Row numbers of ``event``, in log order (the index catches up with the log when asked)."""
        index = self._rows_of_event
        done = sum(map(len, index.values()))
        for i, e in enumerate(self.event[done:], done):
            index[e].append(i)
        return index.get(event, [])

    def first_day(self, events: set[str]) -> dict[int, int]:
        """Case id -> first day of any of ``events`` (cases >= 0 only)."""
        out: dict[int, int] = {}
        day, case = self.day, self.case
        for i in sorted(chain.from_iterable(map(self.rows_of, events))):
            c = case[i]
            if c >= 0 and day[i] < out.get(c, 1 << 60):
                out[c] = day[i]
        return out

    def count(self, event: str) -> int:
        return len(self.rows_of(event))
