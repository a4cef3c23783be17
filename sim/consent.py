"""Consent: the guardians lift secrecy between the agencies, or refuse.

Without consent information flows essentially one way, school -> social services; a signed
consent lets the people around a pupil tell each other what they do (000 L603-609), and their
joint help acts more strongly (``coordination.consent_effect``, an assumption). SKIFO asks for it
with a consent form at step 3 of the staircase; the coordinator asks at the first family
meeting, and a SIP needs it. A consent holds until the pupil leaves the school.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import caselog as ev
from .caselog import CaseLog
from .population import Population
from .rng import ScalarDraws

if TYPE_CHECKING:
    from .params import Params


class GuardianConsent:
    """The guardians' answers when asked to lift secrecy.

    Built with ``consent`` (one entry per pupil: -1 not asked, 0 refused, 1 given; the model's
    array, read by the agencies), the pupils (``pop``: their joint help), the case ``log``, the
    ``decisions`` drawn (the school's and the guardians' choices, a stream shared with the
    pathway) and ``params`` (the effect of consent on joint help)."""

    def __init__(self, *, consent: np.ndarray, pop: Population, log: CaseLog, decisions: ScalarDraws,
                 params: "Params") -> None:
        self.consent, self.pop, self.log, self.decisions, self.params = consent, pop, log, decisions, params

    def ask(self, pupil: int, case: int, prob: float, day: int) -> None:
        """The guardians of ``pupil`` (``case``, -1 if none) sign consent with probability
        ``prob``, or refuse."""
        given = self.decisions.random() < prob
        self.consent[pupil] = 1 if given else 0
        self.pop.joint[pupil] = 1.0 + (self.params.coordination.consent_effect if given else 0.0)
        self.log.add(day, pupil, case, ev.CONSENT, "given" if given else "refused")

    def ask_many(self, pupils: np.ndarray, prob: float, day: int) -> None:
        """:meth:`ask` for a group of pupils (the same draws as one by one, in order)."""
        if pupils.size == 0:
            return
        given = self.decisions.random(pupils.size) < prob
        self.consent[pupils] = given
        self.pop.joint[pupils] = np.where(given, 1.0 + self.params.coordination.consent_effect, 1.0)
        cases = np.where(self.pop.in_episode[pupils], self.pop.episode_id[pupils], -1)
        self.log.add_many(day, pupils[given], cases[given], ev.CONSENT, "given")
        self.log.add_many(day, pupils[~given], cases[~given], ev.CONSENT, "refused")

    def not_asked(self, pupils: np.ndarray) -> np.ndarray:
        """Those of ``pupils`` whose guardians have not been asked yet."""
        return pupils[self.consent[pupils] == -1]
