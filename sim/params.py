"""Every knob of the model: name, unit, default, allowed range and where the default comes from.

Each ``source`` starts with its class - ``data``, ``calibrated``, ``report`` or ``assumption`` -
and names the works it rests on by key in square brackets (``[Orust-2023] L462-465``), each an
entry of the bibliography ``docs/sources.md`` (written from ``sim/sources.py``;
``tests/test_sources.py`` checks that every key resolves). A default that no source gives is an
"assumption [Judgement]": those are the knobs a researcher should sweep.

Parameters are grouped in sections that mirror the TOML scenario files: ``[attendance]``,
``[staircase]`` and so on. Dotted names (``staircase.step2_threshold``) address one knob.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


def knob(default: Any, lo: Any, hi: Any, unit: str, source: str, doc: str) -> Any:
    """A model parameter with its unit, bounds and source (shown by ``samsim describe``)."""
    return Field(
        default,
        ge=lo,
        le=hi,
        description=doc,
        json_schema_extra={"unit": unit, "source": source, "lo": lo, "hi": hi},
    )


def choice(default: str, unit: str, source: str, doc: str) -> Any:
    """A categorical parameter (allowed values come from its ``Literal`` type)."""
    return Field(default, description=doc, json_schema_extra={"unit": unit, "source": source})


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_true_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        """``true``/``false`` are not numbers (pydantic would take them as 1 and 0)."""
        if isinstance(value, bool) and info.field_name and cls.model_fields[info.field_name].annotation is not bool:
            raise ValueError("true/false is not a number")
        return value


class Municipality(Section):
    n_pupils: int = knob(1600, 100, 100_000, "pupils", "assumption [Judgement]: a municipality the size of Orust; the reports give no pupil count ([Orust-2023])", "Pupils in compulsory school (preschool class to grade 9).")
    n_schools: int = knob(8, 1, 500, "schools", "assumption [Judgement]: a small municipality's schools ([Orust-2023] gives no count)", "Compulsory schools in the municipality. Given for 1,600 pupils; scales with the number of pupils.")
    class_size: int = knob(22, 10, 35, "pupils", "assumption [Judgement]: a usual Swedish class of 20-25 pupils", "Pupils per class; each class has one mentor.")
    low_resource_share: float = knob(0.25, 0.0, 1.0, "fraction", "assumption [Judgement], after [Sandviken-2025] L513-516 (families who carried the coordination; no figure)", "Share of families with low resources to coordinate help.")
    low_resource_delay_factor: float = knob(2.5, 1.0, 10.0, "factor", "assumption [Judgement], after [Bergnehr-2015] L1933-1939 (parents acting as coordinator spend much time and energy) and [Sandviken-2025] L513-516 (moving coordination to professionals made the process fairer)", "How much longer a low-resource family takes over each hand-over it must make happen itself.")
    staff_as_given: list[str] = Field([], description="Staff counts and sizes (dotted names) this municipality gives as absolute numbers: used as given, not scaled with pupils / 1,600. Set by a municipality profile (--municipality).", json_schema_extra={"unit": "dotted names", "source": "assumption [Judgement]: none in the default municipality, where every count scales with pupils / 1,600; a profile (municipalities/*.toml) lists the counts it gives as absolute numbers, each with its basis"})

    @field_validator("staff_as_given")
    @classmethod
    def _known_staff(cls, names: list[str]) -> list[str]:
        allowed = scaled_knobs()
        for name in names:
            if name not in allowed:
                raise ValueError(f"'{name}' is not a count that scales with the municipality; allowed: {', '.join(allowed)}")
        return names


class Calendar(Section):
    years: int = knob(2, 1, 10, "school years", "assumption [Judgement]: two years let trust, turnover and slow pathways play out ([Sandviken-2025] L560-564 followed two years)", "School years simulated (each from 1 August to 31 July).")
    start_year: int = knob(2024, 2000, 2100, "year", "assumption [Judgement]", "Calendar year in which the first autumn term starts.")
    school_days_per_year: int = knob(178, 150, 190, "days", "data: [Skolforordningen-2011] 3 kap. 2-3 §§ (at least 178 school days)", "School days per year.")
    warmup_years: int = knob(2, 0, 5, "school years", "assumption [Judgement], checked: trust, queues and caseloads stop drifting within two years (experiments/warmup.py; docs/ODD.md 'Warm-up')", "School years the organisation (trust, waiting lists, caseloads, turnover, coordination) runs with the scenario before its outcomes are measured; they come before calendar.years, which are measured. Only onsets on or after the first measured day count.")
    burn_in_days: int = knob(89, 0, 720, "school days", "assumption [Judgement]: the run starts with the episodes a year of school leaves behind", "School days of pupil attendance simulated before the run starts (no school response), so it does not start with nobody absent.")
    sports_break_week: int = knob(9, 7, 10, "ISO week", "assumption [Judgement]: the sports break varies by region (weeks 7-10)", "Week of the sports break (sportlov).")


class Attendance(Section):
    illness_absence_mean: float = knob(0.027, 0.0, 0.2, "fraction of school days", "calibrated (experiments/calibrate_attendance.py) to mean daily absence 0.065 (0.05-0.08: [BUVM-2023] 5-7 %; [DfE-absence] 4.8-7.6 %)", "Mean share of days a pupil is away with short, valid illness spells.")
    illness_heterogeneity: float = knob(1.18, 0.0, 2.0, "log-sd", "calibrated (experiments/calibrate_attendance.py) to the share over 15 % absence in a term, 0.15 ([Skolverket-2021], autumn 2019, about 1 in 7)", "Spread between pupils of the illness-absence rate (lognormal sd).")
    illness_spell_days: float = knob(2.5, 1.0, 10.0, "school days", "assumption [Judgement]: an illness lasts a few days", "Mean length of a short illness spell.")
    grade_effect: float = knob(0.06, 0.0, 0.3, "log-rate per grade", "assumption [Judgement]: illness absence rises a little after grade 4 (no source gives illness by grade)", "Rise in absence risk per grade above grade 4.")
    upper_grade_step: float = knob(1.5, 1.0, 4.0, "factor", "assumption [Judgement], after [Skolinspektionen-2016] (long invalid absence most common in grades 7-9), [Brittain-2026] (absence rises at the move to a new school) and [Prestationsprinsen-2016] (grade 9 at about twice the average share of high absence)", "Rate of life events that start an episode from grade 7 (the move to högstadiet) relative to preschool class-grade 6 (docs/ODD.md 7.1a; the profile keeps episode_rate as the mean over grades).")
    upper_grade_rise: float = knob(0.25, 0.0, 1.0, "log-rate per grade", "assumption [Judgement], after [Skolinspektionen-2016] (a steep rise across grades 7-9) and [Chen-2016] (12.8 % rising and 3.6 % chronic trajectories in grades 7-9)", "Rise of that rate for each grade after grade 7.")
    episode_rate: float = knob(0.68, 0.0, 1.0, "episodes per pupil-year", "calibrated (experiments/calibrate_attendance.py) to the shares over 15 % in a term, 0.15 ([Skolverket-2021]), and at 50 % or more in a year, 0.015 ([DfE-absence] 0.5-1.7 %); episodes going on at any time about the rising plus chronic trajectories, 0.16 ([Chen-2016])", "Mean yearly rate of life-event shocks that start a problematic-absence episode.")
    risk_sd: float = knob(0.6, 0.0, 2.0, "log-rate", "calibrated (experiments/calibrate_attendance.py) to the four absence figures: mean 0.065 ([BUVM-2023]; [DfE-absence]), over 15 % in a term 0.15 ([Skolverket-2021]), over 10 % in a year 0.20 ([BUVM-2023] 20-21.6 %; [DfE-absence] 22.5 %), at 50 % or more 0.015 ([DfE-absence])", "Spread of each of the individual, family and school risk factors.")
    episode_start_absence: float = knob(0.36, 0.01, 0.9, "probability", "calibrated (experiments/calibrate_attendance.py) to the four absence figures: mean 0.065 ([BUVM-2023]; [DfE-absence]), over 15 % in a term 0.15 ([Skolverket-2021]), over 10 % in a year 0.20 ([BUVM-2023] 20-21.6 %; [DfE-absence] 22.5 %), at 50 % or more 0.015 ([DfE-absence])", "Daily absence probability at the start of an episode.")
    momentum: float = knob(0.045, 0.0, 1.0, "logit per day", "calibrated (experiments/calibrate_attendance.py) to the four absence figures: mean 0.065 ([BUVM-2023]; [DfE-absence]), over 15 % in a term 0.15 ([Skolverket-2021]), over 10 % in a year 0.20 ([BUVM-2023] 20-21.6 %; [DfE-absence] 22.5 %), at 50 % or more 0.015 ([DfE-absence]); the self-reinforcing loop is our reading of [Vastervik-2023] L239-242 (the absent pupil falls behind and loses contact with teachers and classmates)", "Self-reinforcement: each absent day raises, each present day lowers, the logit of tomorrow's absence.")
    episode_drift: float = knob(0.03, 0.0, 0.2, "logit per school day per risk sd", "calibrated (experiments/calibrate_attendance.py) to the share at 50 % absence or more in a year, 0.015 ([DfE-absence] 0.5-1.7 %; [Skolverket-2021] grade 9, 3.2 % in the pandemic autumn 2020)", "Daily worsening of an episode per sd of the pupil's risk above need_risk (below it the episode fades).")
    recovery_below: float = knob(0.03, 0.0, 0.5, "probability", "assumption [Judgement]", "An episode ends when daily absence probability falls below this.")
    episode_valid_share: float = knob(0.6, 0.0, 1.0, "fraction", "assumption [Judgement], after [Vastervik-2023] L236-239 (much problematic absence hides inside valid absence)", "Share of episode absence the guardians report as valid (sick).")
    summer_relief: float = knob(0.8, 0.0, 1.0, "fraction", "assumption [Judgement]", "Share of an episode's severity (logit above start) lost over the summer break.")
    support_per_day: float = knob(0.045, 0.0, 1.0, "logit per school day", "assumption [Judgement], after [Maynard-2018] (g = 0.54 on attendance): set so that an effective measure halves absence within a term", "Daily reduction of absence logit by a fully ramped-up support of strength 1.")
    help_delay_halflife: float = knob(90.0, 1.0, 1000.0, "calendar days", "assumption [Judgement], after [Vastervik-2023] L226-228 (early structured help can break the trajectory)", "The longer an episode lasted before help, the weaker the help: efficacy halves per this many days.")
    need_risk: float = knob(0.8, -3.0, 3.0, "risk sd", "assumption [Judgement], after [Chen-2016] (rising and chronic trajectories 16.4 % of pupils in grades 7-9)", "Risk (sd) above which an episode worsens without help: such a case needs more than the school (multi-agency help).")
    onset_window: int = knob(20, 5, 60, "school days", "assumption [Judgement]: this model's definition of absence onset (docs/ODD.md)", "Trailing window for the absence-onset definition.")
    onset_threshold: float = knob(0.15, 0.05, 0.5, "fraction", "report: [Orust-2023] L462-465 (staircase step 2 at 15 % absence)", "Trailing absence share that marks the onset of problematic absence.")


class Staircase(Section):
    step1_threshold: float = knob(0.10, 0.01, 0.9, "fraction", "report: [Orust-2023] L459-461 (step 1 at 10 % absence: the mentor contacts the guardians); the Danish rule contacts parents at 10 % too ([BUVM-2023])", "Absence share at which the mentor contacts the guardians (step 1).")
    step2_threshold: float = knob(0.15, 0.01, 0.9, "fraction", "report: [Orust-2023] L462-465 (step 2 at 15 %: the mentor talks with the pupil and tells the EHT)", "Absence share at which the mentor talks with the pupil and notifies the EHT (step 2).")
    window: int = knob(40, 5, 90, "school days", "assumption [Judgement]: the staircase gives no window ([Orust-2023] L459-489)", "Window over which the mentor measures the absence share.")
    counts: Literal["all", "invalid"] = choice("all", "-", "assumption [Judgement], after [Orust-2023] L459-489 (the staircase gives absence shares, not valid or invalid) and [Vastervik-2023] L236-239 (count valid absence too)", "Which absence the staircase counts: all, or only invalid.")
    persist_days: int = knob(20, 5, 120, "school days", "assumption [Judgement]: 'persists' has no duration in the staircase ([Orust-2023] L466-489)", "How long absence must persist before the next step: from the EHT notice (step 2) to the step-3 meeting, and between EHT reviews.")
    mentor_review_interval: int = knob(5, 1, 40, "school days", "assumption [Judgement]: weekly follow-up", "How often a mentor reviews the class's absence.")
    mentor_notice_prob: float = knob(0.85, 0.0, 1.0, "probability", "assumption [Judgement]", "Chance that a mentor who knows the class acts on a rung at a review.")
    mentor_notice_prob_new: float = knob(0.45, 0.0, 1.0, "probability", "assumption [Judgement]: a new mentor knows the pupils less", "Same, for a mentor new to the class.")
    mentor_familiarity_days: int = knob(60, 0, 178, "school days", "assumption [Judgement]", "School days until a new mentor knows the class.")
    staff_spot_prob: float = knob(0.01, 0.0, 1.0, "probability per school day", "assumption [Judgement], after [Orust-2023] L962-966 (a school nurse's observation brought in the EHT)", "Daily chance that other staff spot a pupil with high absence outside the staircase.")
    staff_spot_threshold: float = knob(0.30, 0.0, 1.0, "fraction", "assumption [Judgement]", "Absence share over the window above which other staff may spot the pupil.")


class EHT(Section):
    interval_days: int = knob(7, 1, 56, "calendar days", "assumption [Judgement]: a weekly pupil-health team meeting", "How often each school's pupil-health team (elevhälsoteam) meets.")
    cancel_prob: float = knob(0.10, 0.0, 1.0, "probability", "assumption [Judgement], after [Bergnehr-2015] L1511-1513 (holidays and illness cancel meetings)", "Chance that a scheduled EHT meeting is cancelled.")
    cases_per_meeting: int = knob(10, 1, 50, "cases", "assumption [Judgement]", "Agenda items the EHT can handle in one meeting; the rest wait.")
    meeting_hours: float = knob(1.5, 0.25, 8.0, "hours", "assumption [Judgement]", "Length of an EHT meeting.")
    members: int = knob(5, 2, 10, "staff", "assumption [Judgement], after [Skollagen-2010] 2 kap. 25 § (medical, psychological, psychosocial and special-educational competence): principal, school counsellor, nurse, special educator, psychologist", "Members of each EHT.")
    adaptation_strength: float = knob(0.5, 0.0, 3.0, "support units", "assumption [Judgement]", "Strength of extra adaptations (extra anpassningar) decided at step 3.")
    special_support_strength: float = knob(1.0, 0.0, 3.0, "support units", "assumption [Judgement]", "Strength of special support with an action programme (step 4).")
    measure_ramp_days: int = knob(21, 1, 120, "calendar days", "assumption [Judgement]: effects ramp up over weeks", "Days for a school measure to reach full effect.")
    report_prob_step3: float = knob(0.1, 0.0, 1.0, "probability", "assumption [Judgement], after [Orust-2023] L466-469 (at step 3 a report is made 'if needed')", "Chance the EHT files a report of concern at step 3.")


class Services(Section):
    intake_workers: int = knob(2, 1, 50, "staff", "assumption [Judgement]: a small municipality's intake unit", "Intake workers making preliminary assessments (förhandsbedömning). Given for 1,600 pupils; scales with the number of pupils.")
    intake_caseload: int = knob(8, 1, 40, "reports per worker", "assumption [Judgement]", "Preliminary assessments one intake worker has going at once.")
    preliminary_days: float = knob(8.0, 0.5, 60.0, "calendar days", "calibrated (experiments/calibrate_services.py) to 24 % of preliminary assessments past the 14-day limit ([IVO-2015])", "Mean working time of one preliminary assessment.")
    preliminary_limit: int = knob(14, 1, 60, "calendar days", "data: [SoL-2001] 11 kap. 1 a § (14 days)", "Legal limit for the preliminary assessment.")
    background_reports: float = knob(120.0, 0.0, 1000.0, "reports per 1,000 pupils per year", "assumption [Judgement], after [Socialstyrelsen-2022] (192 reports per 1,000 children in 2021, all sources); at most 1,000 (five times that: every report is simulated and kept)", "Reports of concern from other sources that load the same intake unit and case officers.")
    background_open_prob: float = knob(0.40, 0.0, 1.0, "probability", "data: [Socialstyrelsen-2019] (0.38 of all reports opened an investigation in 2018)", "Chance that a report about another child opens an investigation.")
    open_prob_multi: float = knob(0.45, 0.0, 1.0, "probability", "assumption [Judgement], after [Socialstyrelsen-2019] (0.38 of all reports open an investigation)", "Chance that a report about a multi-problem case (absence plus family problems) opens an investigation.")
    open_prob_absence_only: float = knob(0.25, 0.0, 1.0, "probability", "assumption [Judgement], after [Orust-2023] L1248-1257 (absence was not taken seriously and seen as the school's problem; harder to collaborate when absence is the main problem)", "Chance that a report about absence alone opens an investigation.")
    feeling_penalty: float = knob(0.5, 0.0, 1.0, "factor", "assumption [Judgement], after [FaustHellstrom-2025] L1769-1773 (a report resting on 'a feeling' is not taken seriously; an incident is needed)", "Multiplier on the opening chance for an early report resting on worry rather than documented persistent absence.")
    multi_problem_risk: float = knob(0.6, -3.0, 3.0, "risk sd", "assumption [Judgement]", "Family risk (in sd) above which a case counts as multi-problem.")
    feedback_rate: float = knob(0.3, 0.0, 1.0, "probability", "assumption [Judgement], after [Bergnehr-2015] L1485-1489 (lack of feedback is the commonest criticism) and [Orust-2023] L1109-1121 (the school ticked the box and heard nothing)", "Chance that intake tells the reporting school whether an investigation was opened.")
    feedback_when_asked: float = knob(0.9, 0.0, 1.0, "probability", "assumption [Judgement], after [Bergnehr-2015] L244-252 (the law lets social services tell a reporter who asks, [SoL-2001] 14 kap. 1 b §); [Orust-2023] L1109-1113 is a school that asked and heard nothing", "Chance of feedback when the reporter asks for it.")
    school_asks_feedback: float = knob(0.2, 0.0, 1.0, "probability", "assumption [Judgement]", "Chance that the school asks for feedback on a report.")
    case_officers: int = knob(5, 1, 100, "staff", "assumption [Judgement]: the children's unit of a small municipality", "Case officers (handläggare) investigating. Given for 1,600 pupils; scales with the number of pupils.")
    caseload: int = knob(8, 1, 40, "cases per officer", "assumption [Judgement]", "Investigations one case officer carries at once; more wait for a free slot.")
    investigation_days: float = knob(70.0, 5.0, 365.0, "calendar days", "calibrated (experiments/calibrate_services.py) to 14 % of investigations past 4 months ([IVO-2015])", "Mean duration of an investigation.")
    investigation_limit: int = knob(120, 30, 365, "calendar days", "data: [SoL-2001] 11 kap. 2 § (4 months)", "Legal limit for an investigation.")
    reassign_days: float = knob(21.0, 0.0, 180.0, "calendar days", "assumption [Judgement]: a departing officer's cases wait for reassignment", "Extra time a case waits when its case officer leaves.")
    offer_prob: float = knob(0.8, 0.0, 1.0, "probability", "calibrated (experiments/calibrate_services.py) to about 0.2 of reports leading to an intervention ([Ostberg-2010], two agencies)", "Chance that an investigation ends with an offered intervention.")
    accept_prob: float = knob(0.7, 0.0, 1.0, "probability", "assumption [Judgement], after [Orust-2023] L1308-1335 (help is voluntary; families can say no) and [FaustHellstrom-2025] L1417-1428 (social services are seen as control)", "Chance that the family accepts offered help when trust is neutral.")
    accept_trust_gain: float = knob(0.4, 0.0, 1.0, "probability per trust unit", "assumption [Judgement], after [Bergnehr-2015] L1824-1826 (an early invitation to the family raised consent)", "How much trust between the people around the family raises acceptance.")
    therapists: int = knob(5, 1, 100, "staff", "assumption [Judgement]", "Family therapists (behandlare) delivering interventions. Given for 1,600 pupils; scales with the number of pupils.")
    therapist_caseload: int = knob(6, 1, 40, "families", "assumption [Judgement]", "Families one therapist works with at once.")
    family_start_days: float = knob(14.0, 0.0, 180.0, "calendar days", "assumption [Judgement], after [Bergnehr-2015] L1933-1939 (without a coordinator the parents coordinate)", "Mean time for a family without a coordinator to get an accepted intervention going (longer for low-resource families).")
    intervention_days: float = knob(120.0, 14.0, 730.0, "calendar days", "assumption [Judgement]: a term of family work", "Mean duration of a social-services intervention.")
    intervention_strength: float = knob(1.0, 0.0, 3.0, "support units", "assumption [Judgement]", "Strength of a social-services intervention on the pupil's absence.")
    intervention_ramp_days: int = knob(30, 1, 180, "calendar days", "assumption [Judgement]", "Days for an intervention to reach full effect.")
    lvu_prob: float = knob(0.02, 0.0, 1.0, "probability", "assumption [Judgement], after [Orust-2023] L1331-1335 (compulsory care has fairly high criteria)", "Chance that a declined, severe case is taken into compulsory care.")
    repeat_report_prob: float = knob(0.5, 0.0, 1.0, "probability", "assumption [Judgement], after [Orust-2023] L1117-1121 (knowing nothing, the school sends another report)", "Chance per EHT review that a school that heard nothing and distrusts social services reports the same pupil again.")


class BUP(Section):
    referral_prob: float = knob(0.5, 0.0, 1.0, "probability", "assumption [Judgement]", "Chance that an episode of a pupil with individual (mental-health) risk needs BUP (0.3 times this without); the EHT at step 4, the forum or an investigation finds the need.")
    family_follow_through: float = knob(0.7, 0.0, 1.0, "probability", "assumption [Judgement], after [Bergnehr-2015] L1933-1939 (the parents coordinate)", "Chance that a family with ordinary resources makes the referral happen.")
    low_resource_follow_through: float = knob(0.4, 0.0, 1.0, "probability", "assumption [Judgement], after [Sandviken-2025] L513-516 (coordination left to guardians is unfair to some)", "Same, for a low-resource family.")
    family_delay_days: float = knob(14.0, 0.0, 180.0, "calendar days", "assumption [Judgement]", "Mean time for a family to get the referral made.")
    region_pupils: int = knob(5000, 100, 100_000, "pupils", "assumption [Judgement]: a BUP clinic serves several municipalities; at most 100,000 (60 times this municipality: above that the region's referrals, each simulated, swamp the run)", "Children of compulsory-school age served by the BUP clinic that this municipality shares. Given for 1,600 pupils; scales with the number of pupils.")
    booking_days: float = knob(28.0, 0.0, 365.0, "calendar days", "calibrated (experiments/calibrate_services.py) to 50-70 % of first assessments within 30 days ([Vantetider]; [Vardforetagarna-2024])", "Mean wait on the region's list for a first-assessment slot, before the clinic's own queue.")
    treatment_booking_days: float = knob(50.0, 0.0, 365.0, "calendar days", "calibrated (experiments/calibrate_services.py) to about 40 % of in-depth assessments or treatments within 30 days ([Vantetider] 60 % in one snapshot; [Vardforetagarna-2024] about 80 % of the queue past 30 days)", "Mean wait on the region's list for in-depth assessment or treatment.")
    clinicians_first: int = knob(3, 1, 500, "staff", "assumption [Judgement]", "Clinicians doing first assessments at the clinic (with its whole region's referrals). Given for 1,600 pupils; scales with the number of pupils.")
    first_assessment_days: float = knob(4.0, 0.5, 60.0, "calendar days", "assumption [Judgement]", "Mean clinician time per first assessment.")
    background_referrals: float = knob(30.0, 0.0, 150.0, "referrals per 1,000 children per year", "assumption [Judgement], after [Vardforetagarna-2024] (about 40,000 first visits a year, some 18 per 1,000 children, before other referrals); at most 150 (above it the clinic's waiting list only grows, each waiting referral held in memory)", "Referrals from the rest of the clinic's region, sharing the same clinicians.")
    initial_waiting: int = knob(10, 0, 1000, "referrals", "assumption [Judgement]: the waiting list is never empty ([Vardforetagarna-2024]); at most 1,000 (a hundred times the default: each waiting referral is simulated)", "Referrals already waiting for a first assessment when the run starts. Given for 1,600 pupils; scales with the number of pupils.")
    treatment_prob: float = knob(0.6, 0.0, 1.0, "probability", "assumption [Judgement]", "Chance that the first assessment leads to in-depth assessment or treatment.")
    clinicians_treatment: int = knob(5, 1, 1000, "staff", "assumption [Judgement]", "Clinicians for in-depth assessment and treatment. Given for 1,600 pupils; scales with the number of pupils.")
    treatment_caseload: int = knob(8, 1, 40, "patients", "assumption [Judgement]", "Patients one treating clinician carries at once.")
    treatment_days: float = knob(112.0, 14.0, 730.0, "calendar days", "data: [King-1998] (4 weeks of treatment) to [Heyne-2014] (about 16 sessions; weekly, 112 days)", "Mean duration of treatment.")
    treatment_strength: float = knob(1.2, 0.0, 3.0, "support units", "assumption [Judgement]: the mapping from [Maynard-2018] (g = 0.54 on attendance) to support units is ours (docs/ODD.md 7.10)", "Strength of BUP treatment on the pupil's absence.")
    treatment_ramp_days: int = knob(28, 1, 180, "calendar days", "assumption [Judgement]", "Days for treatment to reach full effect.")
    disagreement_prob: float = knob(0.0, 0.0, 1.0, "probability", "assumption [Judgement]: off by default; the mechanism is from [Orust-2023] L1266-1295 (BUP took the family's side and the school could no longer work with the pupil)", "Chance that BUP and school disagree on a case (BUP sides with the family).")
    disagreement_penalty: float = knob(0.5, 0.0, 1.0, "fraction", "assumption [Judgement], after [Orust-2023] L1266-1295", "Share of the school's and BUP's joint effect lost when they disagree.")


class Coordination(Section):
    coordinators: int = knob(0, 0, 10, "posts", "assumption [Judgement]: the baseline has none; SKIFO Orust had one post, two from spring 2023 ([Orust-2023] L15-18), set in scenarios/skifo.toml", "Coordinators (samordnare) who manage cases across sectors. Given for 1,600 pupils; scales with the number of pupils.")
    coordinator_caseload: int = knob(15, 1, 100, "cases per post", "assumption [Judgement]: the only figure is a three-person team that treats as well as coordinates, capped at 20 active cases, about 7 each ([SKIFO-Stenungsund]); a coordinator who hands the work to the services can carry more", "Cases one coordinator can carry; more wait.")
    forum_interval_days: int = knob(0, 0, 90, "calendar days (0 = no forum)", "assumption [Judgement]: the baseline has no forum; the SKIFO working group met about weekly, later fortnightly ([Orust-2023] L590-592), set in scenarios/skifo.toml", "How often the cross-sector forum (working group or consultation team) meets.")
    forum_capacity: float = knob(6.0, 0.5, 50.0, "cases per meeting", "assumption [Judgement]", "Applications the forum decides on per meeting. Given for 1,600 pupils; scales with the number of pupils (a fraction carries over to the next meeting; one sitting per 1,600 pupils).")
    forum_max_wait_days: int = knob(90, 1, 730, "calendar days", "assumption [Judgement], after [Orust-2023] L753-759 (the working group answers the applicant, with other suggestions when it says no)", "Longest an application waits for room before the forum declines it.")
    case_days: int = knob(120, 7, 730, "calendar days", "assumption [Judgement]: the coordinator hands a working plan over to the regular services", "How long a coordinator manages a case.")
    forum_members: int = knob(5, 2, 15, "staff", "report: [Orust-2023] L579-583 (the coordinator, two principals, a senior social worker and a manager)", "Members of the forum.")
    forum_hours: float = knob(2.0, 0.25, 8.0, "hours", "assumption [Judgement]", "Length of a forum meeting.")
    forum_entry_step: int = knob(4, 2, 5, "staircase step", "report: [Orust-2023] L471-474 (at step 4 the school applies to SKIFO Orust)", "Staircase step at which the school brings a case to the forum.")
    family_meeting_days: float = knob(10.0, 0.0, 90.0, "calendar days", "assumption [Judgement], after [Orust-2023] L686-688 (the intake unit invites the coordinator to the first meeting with the guardians)", "Days from the forum decision to the family meeting.")
    consent_prob: float = knob(0.5, 0.0, 1.0, "probability", "assumption [Judgement], after [Orust-2023] L603-606 (guardians sign consent that lifts secrecy)", "Chance the guardians sign consent that lifts secrecy, without a coordinator's invitation.")
    consent_prob_invited: float = knob(0.85, 0.0, 1.0, "probability", "assumption [Judgement], after [Bergnehr-2015] L1824-1826 (an early invitation to the family raised consent)", "Same, when a coordinator invites the family early.")
    plan_strength: float = knob(0.8, 0.0, 3.0, "support units", "assumption [Judgement]", "Strength of a coordinated plan (school, family and services acting together).")
    plan_ramp_days: int = knob(21, 1, 180, "calendar days", "assumption [Judgement]", "Days for a coordinated plan to reach full effect.")
    consent_effect: float = knob(0.25, 0.0, 1.0, "fraction", "assumption [Judgement], after [Orust-2023] L603-609 (consent lets the agencies talk with each other in a new way)", "Extra efficacy of all support for a pupil whose guardians consented.")
    sip_hours: float = knob(1.5, 0.25, 8.0, "hours", "assumption [Judgement]", "Length of a SIP meeting (coordinated individual plan).")
    sip_attendees: int = knob(5, 2, 12, "staff", "assumption [Judgement]", "Professionals at a SIP meeting.")
    sip_delay_days: float = knob(14.0, 1.0, 90.0, "calendar days", "assumption [Judgement], after [Socialstyrelsen-SIP] (SIP work starts without delay, first contact normally within a few days; the meeting itself takes longer to convene)", "Days until the SIP meeting once two agencies are involved.")
    social_services_at_sip: float = knob(0.5, 0.0, 1.0, "probability", "assumption [Judgement]: without a routine; in SKIFO Orust social services always attend ([Orust-2023] L676-681)", "Chance social services attend a SIP meeting.")
    coordinator_eht_interval_days: int = knob(0, 0, 180, "calendar days (0 = never)", "assumption [Judgement]: the baseline has no coordinator; in SKIFO Orust a coordinator meets every EHT once a month ([Orust-2023] L693-694)", "How often the coordinator visits each EHT.")
    intake_eht_interval_days: int = knob(0, 0, 365, "calendar days (0 = never)", "assumption [Judgement]: the baseline has no visits; in SKIFO Orust intake visits every EHT each term ([Orust-2023] L690-691), earlier every sixth week (L1642-1643)", "How often social-services intake visits each EHT.")
    training_days_per_year: int = knob(0, 0, 12, "days", "assumption [Judgement]: the baseline has none; joint training days in [Sandviken-2025] L84 and a research circle of seven sessions in [Vastervik-2023] L268", "Joint training days for school, social-services and BUP staff.")
    training_hours: float = knob(6.0, 1.0, 8.0, "hours", "assumption [Judgement]", "Length of a joint training day.")
    school_social_workers: int = knob(0, 0, 50, "staff", "assumption [Judgement]: the baseline has none; school social workers are described in [FaustHellstrom-2025]", "School social workers (skolsocionomer), each covering schools on site. Given for 1,600 pupils; scales with the number of pupils.")
    ssw_on_site: float = knob(0.6, 0.0, 1.0, "fraction", "assumption [Judgement], after [FaustHellstrom-2025] L1329-1340 (those placed in the schools build relationships with pupils and mentors more easily)", "Share of time a school social worker is on site.")
    consent_form: bool = Field(False, description="Whether the EHT asks the guardians at step 3 to sign consent that lifts secrecy between the agencies.", json_schema_extra={"unit": "-", "source": "assumption [Judgement]: off in the baseline; the SKIFO consent form is described in [Orust-2023] L603-609"})
    working_hours_per_week: float = knob(40.0, 20.0, 45.0, "hours", "data: [ATL-1982] 5 § (40 hours a week)", "Working time against which meeting hours are counted.")


class Network(Section):
    trust_start: float = knob(0.4, 0.0, 1.0, "0-1", "assumption [Judgement], after [Orust-2023] L1520-1521 (before the project it was social services and school against each other)", "A school's starting trust in social services.")
    meeting_trust_gain: float = knob(0.08, 0.0, 1.0, "per meeting", "assumption [Judgement], after [Orust-2023] L1465-1538 (regular meetings build trust)", "Trust gained between two people per joint meeting (a share of the gap to 1).")
    meeting_understanding_gain: float = knob(0.05, 0.0, 1.0, "per meeting", "assumption [Judgement], after [Orust-2023] L1465-1538 and [Sandviken-2025] L670-673 (shared views lag behind clear routines)", "Mutual understanding gained per joint meeting.")
    feedback_trust_gain: float = knob(0.06, 0.0, 1.0, "per feedback", "assumption [Judgement], after [Orust-2023] L1125-1127 (sometimes it is enough to know an investigation was opened)", "School trust gained when it hears back.")
    silence_trust_loss: float = knob(0.05, 0.0, 1.0, "per report", "assumption [Judgement], after [Bergnehr-2015] L1485-1489 (missing feedback can lower the willingness to report)", "School trust lost when a report is met with silence.")
    trust_decay: float = knob(0.002, 0.0, 0.1, "per day", "assumption [Judgement]: ties fade without contact; [Orust-2023] L1642-1646 (visits every sixth week gave quite another communication)", "Daily decay of a personal tie's trust and understanding towards zero without contact.")
    learning_days: float = knob(365.0, 1.0, 1000.0, "calendar days", "report: [FaustHellstrom-2025] L1729 (it took one school social worker a year to learn the school's language)", "Time for a newcomer to learn the other sector.")
    newcomer_slowdown: float = knob(0.5, 0.0, 3.0, "fraction", "assumption [Judgement], after [FaustHellstrom-2025] L1729 (a year to learn the other sector's language)", "Extra time a newly started case officer or coordinator needs for a case (falls to 0 over learning_days).")
    low_trust_report_delay: float = knob(30.0, 0.0, 180.0, "calendar days", "assumption [Judgement], after [Bergnehr-2015] L1485-1489", "Extra delay of a report when the school's trust is 0 (scaled by 1 - trust).")
    low_trust_skip: float = knob(0.3, 0.0, 1.0, "probability", "assumption [Judgement], after [Bergnehr-2015] L1485-1489 (fewer reports when they seem to lead nowhere)", "Chance a report that should be made is not made when trust is 0 (scaled by 1 - trust).")
    trust_handover_gain: float = knob(0.5, 0.0, 1.0, "fraction", "assumption [Judgement], after [Orust-2023] L1465-1538 and L1682-1690 (it is easier when you know who you are dealing with)", "Share of hand-over delays removed at full personal trust.")


class Turnover(Section):
    teacher_rate: float = knob(0.167, 0.0, 1.0, "per year", "data: [SOU-2019:40] Bilaga 7 (16.7 % of teachers left their school within a year, 2013-2015)", "Yearly share of mentors who leave their school.")
    caseworker_rate: float = knob(0.32, 0.0, 1.0, "per year", "data: [SSR-2018] (34 % and 30 % of social workers left their post within a year, 2015-2017, SCB figures)", "Yearly turnover of intake workers and case officers.")
    eht_rate: float = knob(0.12, 0.0, 1.0, "per year", "assumption [Judgement]", "Yearly turnover of EHT members.")
    therapist_rate: float = knob(0.2, 0.0, 1.0, "per year", "assumption [Judgement]", "Yearly turnover of family therapists.")
    bup_rate: float = knob(0.15, 0.0, 1.0, "per year", "assumption [Judgement]", "Yearly turnover of BUP clinicians.")
    coordinator_rate: float = knob(0.15, 0.0, 1.0, "per year", "assumption [Judgement], after [Sandviken-2025] L614-616 (high turnover threatens a model that rests on its coordinators)", "Yearly turnover of coordinators.")
    vacancy_days: float = knob(60.0, 0.0, 365.0, "calendar days", "assumption [Judgement]", "Mean time a post stays empty before someone new starts.")
    consultant_share: float = knob(0.0, 0.0, 1.0, "probability", "assumption [Judgement]: no consultants in the baseline; [Orust-2023] L1653-1658 describes a period with consultants", "Chance that a vacancy in social services is filled at once by a consultant.")
    consultant_open_shift: float = knob(-0.1, -1.0, 1.0, "probability", "assumption [Judgement], after [Orust-2023] L1653-1658 (under consultants, reports the school saw as obvious were not opened)", "Change in the chance a consultant opens an investigation.")


class Costs(Section):
    """Prices of staff time and of the agencies' work, in SEK (sim/costs.py; sources in
    docs/sources.md, plausible ranges in sim/costs.py PRICE_RANGES). They change no run, only its bill."""

    hours_per_fte: float = knob(1700.0, 1000.0, 2200.0, "hours per year", "data: [Inera-2023] 142 h a month = 1,704 h a year (real range 1,600-1,800), rounded to 1,700; [Tillvaxtverket-2021] 1,720 h net", "Hours a full-time employee works in a year (net of holidays).")
    oncost_municipality: float = knob(0.445, 0.0, 1.0, "fraction of salary", "data: [SKR-PO-2023] municipalities 2023: 31.42 % contributions + 0.13 % insurances + 12.98 % pensions = 44.53 % (sum derived)", "Employer on-costs (PO) on municipal salaries.")
    oncost_region: float = knob(0.523, 0.0, 1.0, "fraction of salary", "data: [SKR-PO-2023] regions 2023: 31.42 % + 0.13 % + 20.73 % pensions = 52.28 % (sum derived)", "Employer on-costs (PO) on regional (BUP) salaries.")
    overhead: float = knob(0.15, 0.0, 1.0, "fraction of staff cost", "assumption [Judgement], after [Tillvaxtverket-2014] (the EU-project rule: 15 % of staff cost); range 0-47 %, the top from [Jordbruksverket-2022]", "Premises, administration and supervision on top of staff cost.")
    wage_mentor: float = knob(39000.0, 0.0, 500000.0, "SEK per month", "data: [Statsskuld-2024] compulsory-school teacher 39,000 (latest SCB year); [SCB-larare-2020] 36,200 (2020); [Lararforbundet-2020] municipal 36,782-38,784 (2020)", "Monthly salary of a compulsory-school teacher (mentor).")
    wage_principal: float = knob(56700.0, 0.0, 500000.0, "SEK per month", "data: [SverigesSkolledare-2024] school leaders 56,700 (2023 salaries); [SCB-kommun-2020] rektor, municipal 52,700 (2020)", "Monthly salary of a principal (rektor).")
    wage_kurator: float = knob(40000.0, 0.0, 500000.0, "SEK per month", "assumption [Judgement]: no national figure found; after [Facket-2023] Stockholm counsellors 40,500 (2023) and [Allastudier-2023] socialsekreterare 38,800", "Monthly salary of a school counsellor (kurator).")
    wage_nurse: float = knob(44900.0, 0.0, 500000.0, "SEK per month", "data: [Arbetslivsinstitutet-2024] school nurse 44,900 (2024; 43,300 in 2023)", "Monthly salary of a school nurse.")
    wage_special_educator: float = knob(45000.0, 0.0, 500000.0, "SEK per month", "data: [Arbetslivsinstitutet-2024] special educator 44,000 (2023) and 45,750 (2024), 45,000 between them; [Lararforbundet-2020] 41,983 (2020)", "Monthly salary of a special educator (specialpedagog).")
    wage_psychologist: float = knob(49200.0, 0.0, 500000.0, "SEK per month", "data: [Psykologforbundet-2023] mean 49,200 in the school and preschool field (2023)", "Monthly salary of a school psychologist.")
    wage_intake: float = knob(38800.0, 0.0, 500000.0, "SEK per month", "data: [Allastudier-2023] socialsekreterare, mean 38,800 (SCB 2023, all sectors); [SKL-Socialsekreterare-2017] municipal median 32,500 (2017)", "Monthly salary of an intake worker (socialsekreterare).")
    wage_case_officer: float = knob(38800.0, 0.0, 500000.0, "SEK per month", "data: [Allastudier-2023] socialsekreterare, mean 38,800 (SCB 2023, all sectors); [SKL-Socialsekreterare-2017] municipal median 32,500 (2017)", "Monthly salary of a case officer (socialsekreterare).")
    wage_therapist: float = knob(36000.0, 0.0, 500000.0, "SEK per month", "assumption [Judgement]: no municipal figure found; after [Seko-2023] SiS 28,347-37,926 (2023) and [Statsskuld-2024] behandlingssamordnare 36,100 (2024)", "Monthly salary of a family therapist (familjebehandlare).")
    wage_school_social_worker: float = knob(40000.0, 0.0, 500000.0, "SEK per month", "assumption [Judgement]: between socialsekreterare ([Allastudier-2023] 38,800) and counsellor ([Facket-2023] 40,500)", "Monthly salary of a school social worker (skolsocionom).")
    wage_coordinator: float = knob(40000.0, 0.0, 500000.0, "SEK per month", "assumption [Judgement]: socialsekreterare to special-educator level; after [SKIFO-Stenungsund] (a special educator, a social pedagogue and a family therapist) and [Folkbladet-Norrkoping] (process supporters about 0.5 MSEK a year each; a 40,000 post costs 0.80 MSEK with on-costs and overhead)", "Monthly salary of a coordinator (samordnare).")
    wage_bup_first: float = knob(45550.0, 0.0, 500000.0, "SEK per month", "data: [Psykologforbundet-2023] mean 45,550 in the BUP field (2023; median 43,650)", "Monthly salary of a BUP clinician doing first assessments (psychologist).")
    wage_bup_treatment: float = knob(45550.0, 0.0, 500000.0, "SEK per month", "assumption [Judgement]: a team mostly of psychologists and therapists at [Psykologforbundet-2023] BUP field 45,550 (2023); a child psychiatrist costs more ([SCB-region-2019] specialist physicians 80,700, 2019)", "Monthly salary of a BUP clinician in assessment and treatment.")
    price_preliminary_assessment: float = knob(2000.0, 0.0, 100000.0, "SEK per report", "data: [SKL-Insatskostnader-2015] förhandsbedömning 1,543 (price level c. 2015), uprated at 3.41 % a year ([Arbetslivsinstitutet-2024]) to about 2,000", "Cost of the preliminary assessment (förhandsbedömning) of a report of concern.")
    price_investigation: float = knob(40000.0, 0.0, 1000000.0, "SEK per investigation", "data: [SKL-Insatskostnader-2015] investigation (BBIC) 30,561 (price level c. 2015), uprated at 3.41 % a year ([Arbetslivsinstitutet-2024]) to 41,300 in 2024, rounded down to 40,000", "Cost of a child-welfare investigation (BBIC, SoL 11:1).")
    price_placement_day: float = knob(5000.0, 0.0, 100000.0, "SEK per day", "data: [SiS-2020] fee for treatment on an open ward 3,528 a day, 28 % subsidised, so about 4,900 unsubsidised (derived), rounded to 5,000; SiS's own cost is over 13,000 a day ([Riksrevisionen-2024] 2023)", "Cost to the municipality of a day in compulsory care (LVU).")
    lvu_placement_days: float = knob(180.0, 0.0, 1000.0, "days", "assumption [Judgement]: no source gives the length of an LVU placement; range 90-365 days", "Days of placement that follow a decision on compulsory care (LVU).")


class Params(BaseModel):
    """The fully resolved parameters of one scenario."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    municipality: Municipality = Field(default_factory=Municipality)
    calendar: Calendar = Field(default_factory=Calendar)
    attendance: Attendance = Field(default_factory=Attendance)
    staircase: Staircase = Field(default_factory=Staircase)
    eht: EHT = Field(default_factory=EHT)
    services: Services = Field(default_factory=Services)
    bup: BUP = Field(default_factory=BUP)
    coordination: Coordination = Field(default_factory=Coordination)
    network: Network = Field(default_factory=Network)
    turnover: Turnover = Field(default_factory=Turnover)
    costs: Costs = Field(default_factory=Costs)


SCALES = "scales with the number of pupils"  # the phrase that marks a count given for 1,600 pupils


def scaled_knobs() -> list[str]:
    """The counts and sizes given for the default municipality of 1,600 pupils that scale with
    its pupils (``sim.scaling.Staffing``): the ones a municipality profile may give as absolute numbers."""
    return [f"{sec}.{name}" for sec, cls in sections().items() for name, f in cls.model_fields.items()
            if SCALES in (f.description or "")]


def sections() -> dict[str, type[Section]]:
    """Section name -> schema class, in the order of ``Params``."""
    return {name: f.annotation for name, f in Params.model_fields.items()}


def flat(params: Params) -> dict[str, Any]:
    """Dotted name -> value."""
    return {f"{s}.{k}": v for s, d in params.model_dump().items() for k, v in d.items()}
