"""Levers and uncertainties: what a municipality decides, and what nobody knows exactly.

Robust decision making (Lempert et al. 2003; the XLRM frame of the EMA Workbench) separates
*levers* - what the municipality decides: coordinator posts, how often the forum meets, the
consent routine, school social workers, the staircase rule, EHT cadence - from *uncertainties*
- what nobody controls or knows exactly: risks, how much help helps, how trust grows,
turnover, delays. A scenario is a setting of the levers; a *world* is one draw of the
uncertainties. A policy is judged by how it does across many plausible worlds.

Every parameter of :mod:`sim.params` has a role here. Every uncertainty has a *plausible range*
(a distribution), distinct from its allowed range: narrow where data or a calibration pins the
value, wide where the value is an assumption, with the reason beside it. The plausible ranges
are the priors of the calibration (``samsim calibrate``) and the ranges that ``--worlds prior:N``
draws from.

Three kinds of entries use ``dist = "fixed"`` (the value is never varied): legal limits and
definitions of what is measured (a world does not change the law or the yardstick).
Settings of the study (municipality size, years simulated, warm-up) are tagged as levers:
whoever runs the model chooses them, and worlds never vary them.

When a scenario's TOML sets an uncertainty (e.g. ``integrated_team`` caps the coordinator
caseload at 10, several scenarios raise the families' follow-through), the scenario's value
replaces the world's: the scenario's claim is taken as given in every world.
"""
from __future__ import annotations

from typing import Literal

from .plausible import Plausible

Role = Literal["lever", "uncertainty"]

# reasons, reused
CAL = "calibrated (experiments/calibrate_attendance.py): narrow, the targets pin it to about ±15 %"
DATA = "a public statistic: narrow, varies between municipalities and years by about this much"
ASSUME = "assumption: no source gives a value; wide"
LAW = "law or ordinance: not uncertain"
DEF = "definition of what is measured: a world does not change the yardstick"

SETTING = "setting of the study (the place and the run), chosen by whoever runs the model; never varied over worlds"


def U(lo: float, hi: float, reason: str) -> Plausible:
    return Plausible("uniform", float(lo), float(hi), reason)


def LU(lo: float, hi: float, reason: str) -> Plausible:
    return Plausible("loguniform", float(lo), float(hi), reason)


def FIX(value: float, reason: str) -> Plausible:
    return Plausible("fixed", float(value), float(value), reason)


LEVERS: dict[str, str] = {
    # settings of the place and the study
    "municipality.n_pupils": SETTING + " (--pupils or a municipality profile)",
    "municipality.n_schools": SETTING + " (a given of the municipality)",
    "calendar.years": SETTING + " (--years)",
    "calendar.start_year": SETTING,
    "calendar.burn_in_days": SETTING + " (attendance warm-up before the run)",
    "calendar.warmup_years": SETTING + " (the organisation's warm-up before a policy is measured)",
    "municipality.staff_as_given": SETTING + " (which staff counts a municipality profile gives)",
    "bup.region_pupils": SETTING + " (the clinic's catchment, a given of the region)",
    "bup.clinicians_first": SETTING + " (the region's clinic staffing, given by a municipality profile)",
    "bup.clinicians_treatment": SETTING + " (the region's clinic staffing, given by a municipality profile)",
    # the school's organisation and routines
    "municipality.class_size": "the school organiser decides class sizes",
    "calendar.sports_break_week": "the municipality sets the sports-break week",
    "staircase.step1_threshold": "the municipality's staircase rule (SKIFO step 1)",
    "staircase.step2_threshold": "the municipality's staircase rule (SKIFO step 2)",
    "staircase.window": "the staircase rule: over how long absence is measured",
    "staircase.counts": "the staircase rule: which absence counts",
    "staircase.persist_days": "the staircase rule: how long before the next step",
    "staircase.mentor_review_interval": "the school's routine for mentors' absence follow-up",
    "eht.interval_days": "EHT cadence, decided by each principal",
    "eht.meeting_hours": "length of EHT meetings, decided by the school",
    "eht.members": "composition of the EHT, decided by the school organiser",
    # social services' staffing and routines
    "services.intake_workers": "social-services staffing (posts funded by the municipality)",
    "services.case_officers": "social-services staffing (posts funded by the municipality)",
    "services.therapists": "social-services staffing (posts funded by the municipality)",
    "services.school_asks_feedback": "a routine: the report form can ask for feedback (SKIFO)",
    "turnover.consultant_share": "a staffing choice: whether vacancies are filled by consultants",
    # coordination: the models compared
    "coordination.coordinators": "coordinator posts funded",
    "coordination.forum_interval_days": "forum cadence",
    "coordination.forum_capacity": "how many applications the forum takes per meeting",
    "coordination.forum_max_wait_days": "the forum's rule for declining applications that wait",
    "coordination.case_days": "how long a coordinator keeps a case before handing over (routine)",
    "coordination.forum_members": "forum composition",
    "coordination.forum_hours": "forum meeting length",
    "coordination.forum_entry_step": "at which staircase step the school may apply to the forum",
    "coordination.family_meeting_days": "routine: how soon the coordinator books the family meeting",
    "coordination.sip_hours": "SIP meeting length (routine)",
    "coordination.sip_attendees": "who is invited to SIP (routine)",
    "coordination.social_services_at_sip": "routine: whether social services always attend SIP",
    "coordination.coordinator_eht_interval_days": "how often the coordinator visits each EHT",
    "coordination.intake_eht_interval_days": "how often social-services intake visits each EHT",
    "coordination.training_days_per_year": "joint training days funded",
    "coordination.training_hours": "length of a joint training day",
    "coordination.school_social_workers": "school social worker posts funded",
    "coordination.ssw_on_site": "how the school social worker's post is organised (time on site)",
    "coordination.consent_form": "the consent routine (SKIFO consent form at step 3)",
}


UNCERTAINTIES: dict[str, Plausible] = {
    # ---------------------------------------------------------------- municipality
    "municipality.low_resource_share": U(0.15, 0.35, "assumption (002 names low-resource families without a figure); about the share of families with low income or weak Swedish in a small municipality"),
    "municipality.low_resource_delay_factor": U(1.5, 4.0, "direction from 001 L1933-1939 and 002 L513-516; the factor is an assumption: wide"),
    # ---------------------------------------------------------------- calendar
    "calendar.school_days_per_year": FIX(178, LAW + " (skolförordningen)"),
    # ---------------------------------------------------------------- attendance
    "attendance.illness_absence_mean": U(0.023, 0.031, CAL),
    "attendance.illness_heterogeneity": U(1.0, 1.35, CAL),
    "attendance.illness_spell_days": U(1.5, 4.0, ASSUME + " (an illness lasts a few days)"),
    "attendance.grade_effect": U(0.02, 0.10, "assumption; the direction is data (domain_facts §8 rows 15-16), the size not"),
    "attendance.episode_rate": U(0.58, 0.78, CAL),
    "attendance.risk_sd": U(0.5, 0.7, CAL),
    "attendance.episode_start_absence": U(0.31, 0.41, CAL),
    "attendance.momentum": U(0.038, 0.052, CAL),
    "attendance.episode_drift": U(0.025, 0.035, CAL),
    "attendance.recovery_below": LU(0.015, 0.06, ASSUME + " (a factor of two either way)"),
    "attendance.episode_valid_share": U(0.4, 0.8, "assumption (004 L236-239 says absence hides in valid absence, not how much): wide"),
    "attendance.summer_relief": U(0.5, 0.95, ASSUME),
    "attendance.support_per_day": U(0.03, 0.06, "calibrated to a judgement (an effective measure halves absence within a term; CBT g≈0.54, Maynard et al. 2018), so wider than a data calibration"),
    "attendance.help_delay_halflife": LU(30.0, 270.0, "assumption (004 L226-228 says early help breaks the trajectory, not how fast efficacy falls): a factor of three either way; baseline absence moves 2-4 times more with it than with any scenario"),
    "attendance.need_risk": U(0.6, 1.0, "assumption anchored on rising and chronic trajectories ≈16 % (Chen et al. 2016): the share needing more than the school moves within about 12-20 %"),
    "attendance.onset_window": FIX(20, DEF + " (absence onset)"),
    "attendance.onset_threshold": FIX(0.15, DEF + " (15 %, the staircase's step 2)"),
    # ---------------------------------------------------------------- staircase
    "staircase.mentor_notice_prob": U(0.7, 0.95, ASSUME + " (how reliably a mentor acts on a rung)"),
    "staircase.mentor_notice_prob_new": U(0.25, 0.65, ASSUME + " (a new mentor knows the pupils less, DOMAIN.md §2)"),
    "staircase.mentor_familiarity_days": U(30, 120, ASSUME),
    "staircase.staff_spot_prob": LU(0.005, 0.02, ASSUME + " (a factor of two either way)"),
    "staircase.staff_spot_threshold": U(0.2, 0.4, ASSUME),
    # ---------------------------------------------------------------- EHT
    "eht.cancel_prob": U(0.05, 0.2, "assumption: illness and holidays cancel meetings (001 L1511-1513), how often not stated"),
    "eht.cases_per_meeting": U(6, 15, ASSUME + " (agenda capacity of an EHT)"),
    "eht.adaptation_strength": U(0.25, 1.0, ASSUME + " (effect of extra adaptations): a factor of two either way"),
    "eht.special_support_strength": U(0.5, 1.5, ASSUME + " (effect of special support)"),
    "eht.measure_ramp_days": U(10, 42, ASSUME + " (effects ramp up over weeks)"),
    "eht.report_prob_step3": U(0.05, 0.2, "000 L459-489 says 'if needed'; the value is an assumption"),
    # ---------------------------------------------------------------- services
    "services.intake_caseload": U(5, 12, ASSUME + " (practice varies between units)"),
    "services.preliminary_days": U(6.5, 9.5, "calibrated to 24 % past the 14-day limit (IVO 2015): narrow"),
    "services.preliminary_limit": FIX(14, LAW + " (SoL 11:1 a)"),
    "services.background_reports": U(80, 200, "anchored on 192 reports per 1,000 children (2021, domain_facts §8 row 30), of which a share loads this unit: assumption, wide"),
    "services.background_open_prob": U(0.34, 0.44, DATA + " (0.38 of all reports, domain_facts §8 row 32)"),
    "services.open_prob_multi": U(0.35, 0.6, "assumption around 0.38 overall (Socialstyrelsen 2018)"),
    "services.open_prob_absence_only": U(0.15, 0.35, "000 L1251-1257 says absence-only cases are opened less; the value is an assumption"),
    "services.feeling_penalty": U(0.3, 0.8, "003 L1769-1775 gives the direction; the factor is an assumption"),
    "services.multi_problem_risk": U(0.3, 0.9, ASSUME),
    "services.feedback_rate": U(0.15, 0.5, "assumption: 'we report but nothing happens' (003 L1749-1768); how often is not stated"),
    "services.feedback_when_asked": U(0.8, 1.0, "the law requires feedback on request since 2013 (001 L244-252); compliance not measured"),
    "services.caseload": U(6, 12, ASSUME + " (investigations per officer at once)"),
    "services.investigation_days": U(60.0, 80.0, "calibrated to 14 % past 4 months (IVO 2015): narrow"),
    "services.investigation_limit": FIX(120, LAW + " (SoL 11:2, four months)"),
    "services.reassign_days": U(7, 42, ASSUME + " (a departing officer's cases wait, DOMAIN §5.6)"),
    "services.offer_prob": U(0.7, 0.9, "calibrated to ≈0.2 of reports leading to an intervention (Östberg 2010)"),
    "services.accept_prob": U(0.5, 0.85, "assumption: help is voluntary (000 L1308-1339), stigma (003 L1417-1472)"),
    "services.accept_trust_gain": U(0.1, 0.6, "assumption: direction from 001 L1824-1826, size unknown: wide"),
    "services.therapist_caseload": U(4, 10, ASSUME),
    "services.family_start_days": U(7, 28, "001 L1933-1939 gives the mechanism; the days are an assumption"),
    "services.intervention_days": U(60, 180, ASSUME + " (a term of family work)"),
    "services.intervention_strength": U(0.5, 1.5, ASSUME + " (the effect of a social-services intervention on absence is not measured)"),
    "services.intervention_ramp_days": U(14, 60, ASSUME),
    "services.lvu_prob": LU(0.005, 0.05, "assumption: LVU has high criteria (000 L1308-1339)"),
    "services.repeat_report_prob": U(0.3, 0.7, "000 L1119-1121 gives the mechanism; the chance is an assumption"),
    # ---------------------------------------------------------------- BUP
    "bup.referral_prob": U(0.3, 0.7, ASSUME + " (how many episodes with individual risk need BUP)"),
    "bup.family_follow_through": U(0.55, 0.85, "001 L1933-1939 gives the mechanism; the share is an assumption"),
    "bup.low_resource_follow_through": U(0.25, 0.55, "002 L513-516 gives the direction; the share is an assumption"),
    "bup.family_delay_days": U(7, 28, ASSUME),
    "bup.booking_days": U(22, 34, "calibrated to 50-70 % of first assessments within 30 days (domain_facts §8 row 41): the target itself is a range"),
    "bup.treatment_booking_days": U(40, 60, "calibrated to about 40 % within 30 days (domain_facts §8 row 42)"),
    "bup.first_assessment_days": LU(2.0, 8.0, ASSUME),
    "bup.background_referrals": U(20, 45, "anchored on BUP seeing about 5 % of children a year (domain_facts §3)"),
    "bup.initial_waiting": U(0, 30, "assumption: the waiting list is never empty; it settles during the run"),
    "bup.treatment_prob": U(0.4, 0.75, ASSUME),
    "bup.treatment_caseload": U(6, 12, ASSUME),
    "bup.treatment_days": U(84, 140, "King 1998 to Heyne 2014: 4 weeks to ≈16 sessions (domain_facts §8 row 57)"),
    "bup.treatment_strength": U(0.8, 1.6, "mapped from g≈0.54 (Maynard et al. 2018) whose interval is wide; the mapping is a judgement"),
    "bup.treatment_ramp_days": U(14, 56, ASSUME),
    "bup.disagreement_prob": U(0.0, 0.15, "000 L1266-1295 describes disagreements; how often is unknown (off in the default)"),
    "bup.disagreement_penalty": U(0.25, 0.75, ASSUME),
    # ---------------------------------------------------------------- coordination (effects, not choices)
    "coordination.coordinator_caseload": U(7, 20, "SKIFO Stenungsund caps 20 cases per 3 staff (≈7 each, domain_facts §8 row 61); 15 for one post is an assumption: wide"),
    "coordination.consent_prob": U(0.35, 0.65, "assumption: consent must be given (000 L603-609); how often guardians sign is not stated"),
    "coordination.consent_prob_invited": U(0.65, 0.95, "001 L1824-1826 gives the direction; the share is an assumption"),
    "coordination.plan_strength": U(0.3, 1.3, "assumption: the effect of a coordinated plan on absence is not measured anywhere: wide"),
    "coordination.plan_ramp_days": U(10, 42, ASSUME),
    "coordination.consent_effect": U(0.05, 0.45, "000 L603-609 gives the mechanism (agencies can tell each other); its size is an assumption: wide"),
    "coordination.sip_delay_days": U(7, 30, "the law says 'without delay' (domain_facts §8 row 37); practice is not measured"),
    "coordination.working_hours_per_week": FIX(40, "Swedish full-time week: a convention, not uncertain"),
    # ---------------------------------------------------------------- network
    "network.trust_start": U(0.2, 0.6, "assumption: 'against each other' (000 L1520-1521) describes a low start, not a number"),
    "network.meeting_trust_gain": LU(0.03, 0.15, "000 L1465-1538 gives the mechanism; the rate is an assumption (a factor of two either way)"),
    "network.meeting_understanding_gain": LU(0.02, 0.1, "000 L1465-1538, 002 L670-673 give the mechanism; the rate is an assumption"),
    "network.feedback_trust_gain": LU(0.03, 0.12, "000 L1125-1127 gives the mechanism; the rate is an assumption"),
    "network.silence_trust_loss": LU(0.025, 0.1, "001 L1485-1489 gives the mechanism; the rate is an assumption"),
    "network.trust_decay": LU(0.001, 0.004, ASSUME + " (how fast an unused tie fades)"),
    "network.learning_days": U(180, 540, "003 L1729, L1963-1971: 'about a year'"),
    "network.newcomer_slowdown": U(0.25, 1.0, ASSUME),
    "network.low_trust_report_delay": U(10, 60, "001 L1485-1489 gives the mechanism; the days are an assumption"),
    "network.low_trust_skip": U(0.1, 0.5, "001 L1485-1489 gives the mechanism; the chance is an assumption"),
    "network.trust_handover_gain": U(0.25, 0.75, "000 L1465-1538 gives the mechanism; the share is an assumption"),
    "attendance.upper_grade_step": U(1.0, 2.5, "judgement after Skolinspektionen 2016 and the transition studies (docs/sources.md): a step at grade 7 of unknown size; 1 = none"),
    "attendance.upper_grade_rise": U(0.0, 0.5, "judgement after Skolinspektionen 2016: absence rises across grades 7-9; the slope is not given"),
    # ---------------------------------------------------------------- turnover
    "turnover.teacher_rate": U(0.14, 0.2, DATA + " (SOU 2019:40)"),
    "turnover.caseworker_rate": U(0.25, 0.4, DATA + " (SCB via Akademikerförbundet SSR)"),
    "turnover.eht_rate": U(0.06, 0.2, ASSUME),
    "turnover.therapist_rate": U(0.1, 0.3, ASSUME),
    "turnover.bup_rate": U(0.08, 0.25, ASSUME),
    "turnover.coordinator_rate": U(0.05, 0.3, "assumption; 002 L614-616 says losing a coordinator costs most, not how often it happens"),
    "turnover.vacancy_days": U(30, 120, ASSUME),
    "turnover.consultant_open_shift": U(-0.2, 0.0, "000 L1653-1661: consultants assess differently; the size is an assumption"),
}


def _prices() -> dict[str, Plausible]:
    """Wages and prices vary over worlds too (they change a run's bill, not the run): their
    ranges live beside their sources in :mod:`sim.costs`."""
    from .costs import price_uncertainties

    return price_uncertainties()


UNCERTAINTIES.update(_prices())


def role(name: str) -> Role:
    """``"lever"`` or ``"uncertainty"`` for a dotted parameter name; KeyError if unknown."""
    if name in LEVERS:
        return "lever"
    if name in UNCERTAINTIES:
        return "uncertainty"
    raise KeyError(f"parameter '{name}' has no role in sim/uncertainty.py (add it to LEVERS or UNCERTAINTIES)")


def plausible(name: str) -> Plausible:
    """The plausible range of an uncertainty; KeyError for a lever or an unknown name."""
    try:
        return UNCERTAINTIES[name]
    except KeyError:
        raise KeyError(f"'{name}' is not an uncertainty (role: {'lever' if name in LEVERS else 'unknown'})") from None


def varied() -> dict[str, Plausible]:
    """The uncertainties a world draws (every one whose range is not fixed), in a stable order."""
    return {k: p for k, p in UNCERTAINTIES.items() if p.dist != "fixed" and p.hi > p.lo}
