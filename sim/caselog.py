"""The case log: every event of every case, with its day. All metrics are derived from it."""
from __future__ import annotations

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
    """Append-only table of (day, pupil, case, event, info).

    The columns are arrays (grown by doubling when a run outgrows ``capacity``): the rows
    logged together (:meth:`add_many`: a day's pupils at step 1, the pupils the EHTs took up)
    are written into them as slices; single rows (:meth:`add`) gather as tuples and are written
    when the next group comes or the log is read. (A year of 20,000 pupils logs about 140,000
    rows in about 2,000 groups. Row by row into lists they cost about a tenth of the run; kept
    as one block of arrays per group, joining the blocks for reading cost 9 ms; written into
    columns, logging and reading cost 13 ms less.) :meth:`columns` gives the table as arrays;
    :meth:`column` gives one column as a list."""

    def __init__(self, capacity: int = 4096) -> None:
        self._day, self._pupil, self._case = (np.empty(capacity, dtype=np.int64) for _ in range(3))
        self._event = np.empty(capacity, dtype=np.int16)  # event numbers
        self._info = np.empty(capacity, dtype=object)
        self._written = 0  # rows in the arrays
        self._single: list[tuple[int, int, int, int, str]] = []  # rows not written yet (event as its number)
        self._number: dict[str, int] = {}  # event -> its number, in order of first use
        self._names: list[str] = []
        self._n = 0
        self._table: dict[str, np.ndarray] | None = None  # the columns, while no row is added

    def _number_of(self, event: str) -> int:
        number = self._number.get(event)
        if number is None:
            number = self._number[event] = len(self._names)
            self._names.append(event)
        return number

    def add(self, day: int, pupil: int, case: int, event: str, info: str = "") -> None:
        number = self._number.get(event)  # (the method call only for a new event: add is called often)
        self._single.append((day, pupil, case, self._number_of(event) if number is None else number, info))
        self._n += 1
        self._table = None

    def add_many(self, day: int, pupils: np.ndarray, cases: np.ndarray, event: str, info: str = "") -> None:
        n = len(pupils)
        if n == 0:
            return
        self._write_single()
        self._write(day, pupils, cases, self._number_of(event), info, n)
        self._n += n
        self._table = None

    def _write(self, day, pupils, cases, events, infos, n: int) -> None:
        """Rows into the columns (a value, or one per row, for each column)."""
        start = self._written
        end = self._written = start + n
        if end > self._day.size:
            size = max(end, 2 * self._day.size)
            for name in ("_day", "_pupil", "_case", "_event", "_info"):
                old = getattr(self, name)
                grown = np.empty(size, dtype=old.dtype)
                grown[:start] = old[:start]
                setattr(self, name, grown)
        self._day[start:end] = day
        self._pupil[start:end] = pupils
        self._case[start:end] = cases
        self._event[start:end] = events
        self._info[start:end] = infos

    def _write_single(self) -> None:
        single = self._single
        if single:
            self._write(*zip(*single), len(single))  # type: ignore[call-arg, arg-type]  # the five columns, and the count
            self._single = []

    def __len__(self) -> int:
        return self._n

    def columns(self) -> dict[str, np.ndarray]:
        """The log as a table: one array per column, in the order logged (``pandas.DataFrame``
        reads it); event and info are arrays of strings (object arrays). The arrays are
        read-only views: later rows go after them and never change them."""
        if self._table is None:
            self._write_single()
            n = self._n
            table = {"day": self._day[:n], "pupil": self._pupil[:n], "case": self._case[:n],
                     "event": np.array(self._names, dtype=object)[self._event[:n]], "info": self._info[:n]}
            for name, column in table.items():
                table[name] = column = column.view()
                column.flags.writeable = False
            self._table = table
        return dict(self._table)

    def event_numbers(self) -> tuple[dict[str, int], np.ndarray]:
        """The number of each event that occurs, and each row's event as its number."""
        self._write_single()
        events = self._event[:self._n].view()
        events.flags.writeable = False
        return dict(self._number), events

    def column(self, name: str) -> list:
        """One column (``day``, ``pupil``, ``case``, ``event`` or ``info``) as a list."""
        return self.columns()[name].tolist()

    def count(self, event: str) -> int:
        """How many rows have ``event``."""
        number = self._number.get(event)
        return 0 if number is None else int(np.count_nonzero(self.event_numbers()[1] == number))
