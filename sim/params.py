"""Every knob of the model: name, unit, default, allowed range and where the default comes from.

Sources cite a seed report by file and line (``000`` = ``000_c8a0c396f6103de5.txt`` etc., see
``docs/ODD.md``) or a public statistic from ``research/domain_facts.md`` (§ and row). A default
that no source gives is marked "assumption": those are the knobs a researcher should sweep.

Parameters are grouped in sections that mirror the TOML scenario files: ``[attendance]``,
``[staircase]`` and so on. Dotted names (``staircase.step2_threshold``) address one knob.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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


class Municipality(Section):
    n_pupils: int = knob(1600, 100, 100_000, "pupils", "assumption: an Orust-sized municipality (≈15,000 inhabitants, 000 L1-40)", "Pupils in compulsory school (preschool class to grade 9).")
    n_schools: int = knob(8, 1, 500, "schools", "assumption: Orust-like (000 L1-40)", "Compulsory schools in the municipality. Given for 1,600 pupils; scales with the number of pupils.")
    class_size: int = knob(22, 10, 35, "pupils", "DOMAIN.md §2 (~20-25 pupils per mentor)", "Pupils per class; each class has one mentor.")
    low_resource_share: float = knob(0.25, 0.0, 1.0, "fraction", "assumption (002 L513-516 names low-resource families without a figure)", "Share of families with low resources to coordinate help.")
    low_resource_delay_factor: float = knob(2.5, 1.0, 10.0, "factor", "001 L1933-1939; 002 L513-516: coordination costs most for families with few resources", "How much longer a low-resource family takes over each hand-over it must make happen itself.")


class Calendar(Section):
    years: int = knob(2, 1, 10, "school years", "assumption: two years let trust, turnover and slow pathways play out (Sandviken followed two years, 002 L560-564)", "School years simulated (each from 1 August to 31 July).")
    start_year: int = knob(2024, 2000, 2100, "year", "assumption", "Calendar year in which the first autumn term starts.")
    school_days_per_year: int = knob(178, 150, 190, "days", "skolförordningen; domain_facts §8 row 1", "School days per year.")
    burn_in_days: int = knob(89, 0, 720, "school days", "assumption: the run starts with the episodes a year of school leaves behind", "School days of pupil attendance simulated before the run starts (no school response), so it does not start with nobody absent.")
    sports_break_week: int = knob(9, 7, 10, "ISO week", "assumption: varies by region (weeks 7-10)", "Week of the sports break (sportlov).")


class Attendance(Section):
    illness_absence_mean: float = knob(0.027, 0.0, 0.2, "fraction of school days", "calibrated (experiments/calibrate_attendance.py) to mean daily absence 0.065 (domain_facts §8 row 4)", "Mean share of days a pupil is away with short, valid illness spells.")
    illness_heterogeneity: float = knob(1.18, 0.0, 2.0, "log-sd", "calibrated (experiments/calibrate_attendance.py) to share >15 % per term 0.15 (domain_facts §8 row 5)", "Spread between pupils of the illness-absence rate (lognormal sd).")
    illness_spell_days: float = knob(2.5, 1.0, 10.0, "school days", "assumption: an illness lasts a few days (DOMAIN.md §5.1)", "Mean length of a short illness spell.")
    grade_effect: float = knob(0.06, 0.0, 0.3, "log-rate per grade", "assumption: absence rises through the grades (domain_facts §8 rows 15-16)", "Rise in absence risk per grade above grade 4.")
    episode_rate: float = knob(0.68, 0.0, 1.0, "episodes per pupil-year", "calibrated (experiments/calibrate_attendance.py) to the shares >15 % per term and ≥50 % (domain_facts §8 rows 5, 9); episodes at any time ≈ rising+chronic trajectories 0.16 (Chen et al. 2016, row 14)", "Mean yearly rate of life-event shocks that start a problematic-absence episode.")
    risk_sd: float = knob(0.6, 0.0, 2.0, "log-rate", "calibrated (experiments/calibrate_attendance.py)", "Spread of each of the individual, family and school risk factors.")
    episode_start_absence: float = knob(0.36, 0.01, 0.9, "probability", "calibrated (experiments/calibrate_attendance.py)", "Daily absence probability at the start of an episode.")
    momentum: float = knob(0.045, 0.0, 1.0, "logit per day", "mechanism 004 L239-242; value calibrated (experiments/calibrate_attendance.py)", "Self-reinforcement: each absent day raises, each present day lowers, the logit of tomorrow's absence.")
    episode_drift: float = knob(0.03, 0.0, 0.2, "logit per school day per risk sd", "calibrated (experiments/calibrate_attendance.py) to the share ≥50 % absent 0.015 (domain_facts §8 row 9)", "Daily worsening of an episode per sd of the pupil's risk above need_risk (below it the episode fades).")
    recovery_below: float = knob(0.03, 0.0, 0.5, "probability", "assumption", "An episode ends when daily absence probability falls below this.")
    episode_valid_share: float = knob(0.6, 0.0, 1.0, "fraction", "assumption: absence hides inside valid absence (004 L236-239)", "Share of episode absence the guardians report as valid (sick).")
    summer_relief: float = knob(0.8, 0.0, 1.0, "fraction", "assumption", "Share of an episode's severity (logit above start) lost over the summer break.")
    support_per_day: float = knob(0.045, 0.0, 1.0, "logit per school day", "calibrated: an effective measure halves absence within a term; CBT g≈0.54 (Maynard et al. 2018)", "Daily reduction of absence logit by a fully ramped-up support of strength 1.")
    help_delay_halflife: float = knob(90.0, 1.0, 1000.0, "calendar days", "assumption: early help breaks the trajectory (004 L226-228)", "The longer an episode lasted before help, the weaker the help: efficacy halves per this many days.")
    need_risk: float = knob(0.8, -3.0, 3.0, "risk sd", "assumption: rising and chronic trajectories ≈ 16 % of pupils (Chen et al. 2016; domain_facts §8 row 14)", "Risk (sd) above which an episode worsens without help: such a case needs more than the school (multi-agency help).")
    onset_window: int = knob(20, 5, 60, "school days", "definition (docs/ODD.md: absence onset)", "Trailing window for the absence-onset definition.")
    onset_threshold: float = knob(0.15, 0.05, 0.5, "fraction", "000 L459-489 (staircase step 2)", "Trailing absence share that marks the onset of problematic absence.")


class Staircase(Section):
    step1_threshold: float = knob(0.10, 0.01, 0.9, "fraction", "000 L459-489; Danish rule domain_facts §8 row 63", "Absence share at which the mentor contacts the guardians (step 1).")
    step2_threshold: float = knob(0.15, 0.01, 0.9, "fraction", "000 L459-489", "Absence share at which the mentor talks with the pupil and notifies the EHT (step 2).")
    window: int = knob(40, 5, 90, "school days", "assumption: the staircase gives no window (DOMAIN.md §3)", "Window over which the mentor measures the absence share.")
    counts: Literal["all", "invalid"] = choice("all", "-", "000 L459-489 counts all absence; 004 L236-239 warns of counting only invalid", "Which absence the staircase counts: all, or only invalid.")
    persist_days: int = knob(20, 5, 120, "school days", "assumption: 'persists' has no duration (DOMAIN.md §3)", "How long absence must persist before the next step: from the EHT notice (step 2) to the step-3 meeting, and between EHT reviews.")
    mentor_review_interval: int = knob(5, 1, 40, "school days", "assumption: weekly follow-up", "How often a mentor reviews the class's absence.")
    mentor_notice_prob: float = knob(0.85, 0.0, 1.0, "probability", "assumption", "Chance that a mentor who knows the class acts on a rung at a review.")
    mentor_notice_prob_new: float = knob(0.45, 0.0, 1.0, "probability", "assumption: a new mentor knows the pupils less (DOMAIN.md §2)", "Same, for a mentor new to the class.")
    mentor_familiarity_days: int = knob(60, 0, 178, "school days", "assumption", "School days until a new mentor knows the class.")
    staff_spot_prob: float = knob(0.01, 0.0, 1.0, "probability per school day", "assumption: special educator, nurse (000 L962-1011)", "Daily chance that other staff spot a pupil with high absence outside the staircase.")
    staff_spot_threshold: float = knob(0.30, 0.0, 1.0, "fraction", "assumption", "Absence share over the window above which other staff may spot the pupil.")


class EHT(Section):
    interval_days: int = knob(7, 1, 56, "calendar days", "assumption: weekly EHT (DOMAIN.md §2)", "How often each school's pupil-health team (elevhälsoteam) meets.")
    cancel_prob: float = knob(0.10, 0.0, 1.0, "probability", "assumption: illness and holidays cancel meetings (001 L1511-1513)", "Chance that a scheduled EHT meeting is cancelled.")
    cases_per_meeting: int = knob(10, 1, 50, "cases", "assumption", "Agenda items the EHT can handle in one meeting; the rest wait.")
    meeting_hours: float = knob(1.5, 0.25, 8.0, "hours", "assumption", "Length of an EHT meeting.")
    members: int = knob(5, 2, 10, "staff", "DOMAIN.md §2 (principal, kurator, nurse, special educator, psychologist)", "Members of each EHT.")
    adaptation_strength: float = knob(0.5, 0.0, 3.0, "support units", "assumption", "Strength of extra adaptations (extra anpassningar) decided at step 3.")
    special_support_strength: float = knob(1.0, 0.0, 3.0, "support units", "assumption", "Strength of special support with an action programme (step 4).")
    measure_ramp_days: int = knob(21, 1, 120, "calendar days", "assumption: effects ramp up over weeks", "Days for a school measure to reach full effect.")
    report_prob_step3: float = knob(0.1, 0.0, 1.0, "probability", "000 L459-489 (report 'if needed' at step 3); assumption for the value", "Chance the EHT files a report of concern at step 3.")


class Services(Section):
    intake_workers: int = knob(2, 1, 50, "staff", "assumption: a small municipality's intake unit (mottagning)", "Intake workers making preliminary assessments (förhandsbedömning). Given for 1,600 pupils; scales with the number of pupils.")
    intake_caseload: int = knob(8, 1, 40, "reports per worker", "assumption", "Preliminary assessments one intake worker has going at once.")
    preliminary_days: float = knob(8.0, 0.5, 60.0, "calendar days", "calibrated: 24 % past the 14-day limit (IVO 2015; domain_facts §8 row 26)", "Mean working time of one preliminary assessment.")
    preliminary_limit: int = knob(14, 1, 60, "calendar days", "SoL 11:1 a; domain_facts §8 row 25", "Legal limit for the preliminary assessment.")
    background_reports: float = knob(120.0, 0.0, 5000.0, "reports per 1,000 pupils per year", "assumption: reports about other children share the unit (192 per 1,000 children in 2021, domain_facts §8 row 30)", "Reports of concern from other sources that load the same intake unit and case officers.")
    background_open_prob: float = knob(0.40, 0.0, 1.0, "probability", "domain_facts §8 row 32 (0.38 of all reports)", "Chance that a report about another child opens an investigation.")
    open_prob_multi: float = knob(0.45, 0.0, 1.0, "probability", "assumption; 0.38 overall (Socialstyrelsen 2018, domain_facts §8 row 32)", "Chance that a report about a multi-problem case (absence plus family problems) opens an investigation.")
    open_prob_absence_only: float = knob(0.25, 0.0, 1.0, "probability", "000 L1251-1257: absence-only cases are harder to get opened", "Chance that a report about absence alone opens an investigation.")
    feeling_penalty: float = knob(0.5, 0.0, 1.0, "factor", "003 L1769-1775: 'a feeling' counts for less than an incident", "Multiplier on the opening chance for an early report resting on worry rather than documented persistent absence.")
    multi_problem_risk: float = knob(0.6, -3.0, 3.0, "risk sd", "assumption", "Family risk (in sd) above which a case counts as multi-problem.")
    feedback_rate: float = knob(0.3, 0.0, 1.0, "probability", "assumption: 'we report but nothing happens' (003 L1749-1768; 001 L1485-1489)", "Chance that intake tells the reporting school whether an investigation was opened.")
    feedback_when_asked: float = knob(0.9, 0.0, 1.0, "probability", "law since 2013, on request (001 L244-252)", "Chance of feedback when the reporter asks for it.")
    school_asks_feedback: float = knob(0.2, 0.0, 1.0, "probability", "assumption", "Chance that the school asks for feedback on a report.")
    case_officers: int = knob(5, 1, 100, "staff", "assumption: children's unit of a small municipality", "Case officers (handläggare) investigating. Given for 1,600 pupils; scales with the number of pupils.")
    caseload: int = knob(8, 1, 40, "cases per officer", "assumption", "Investigations one case officer carries at once; more wait for a free slot.")
    investigation_days: float = knob(70.0, 5.0, 365.0, "calendar days", "calibrated: 14 % past 4 months (IVO 2015; domain_facts §8 row 28)", "Mean duration of an investigation.")
    investigation_limit: int = knob(120, 30, 365, "calendar days", "SoL 11:2 (4 months); domain_facts §8 row 27", "Legal limit for an investigation.")
    reassign_days: float = knob(21.0, 0.0, 180.0, "calendar days", "assumption: a departing officer's cases wait for reassignment (DOMAIN §5.6)", "Extra time a case waits when its case officer leaves.")
    offer_prob: float = knob(0.8, 0.0, 1.0, "probability", "calibrated: ≈0.2 of reports lead to an intervention (Östberg 2010; domain_facts §8 row 33)", "Chance that an investigation ends with an offered intervention.")
    accept_prob: float = knob(0.7, 0.0, 1.0, "probability", "assumption: help is voluntary (000 L1308-1339); stigma (003 L1417-1472)", "Chance that the family accepts offered help when trust is neutral.")
    accept_trust_gain: float = knob(0.4, 0.0, 1.0, "probability per trust unit", "assumption: early family invitation raises consent (001 L1824-1826)", "How much trust between the people around the family raises acceptance.")
    therapists: int = knob(5, 1, 100, "staff", "assumption", "Family therapists (behandlare) delivering interventions. Given for 1,600 pupils; scales with the number of pupils.")
    therapist_caseload: int = knob(6, 1, 40, "families", "assumption", "Families one therapist works with at once.")
    family_start_days: float = knob(14.0, 0.0, 180.0, "calendar days", "001 L1933-1939: without a coordinator the guardians coordinate", "Mean time for a family without a coordinator to get an accepted intervention going (longer for low-resource families).")
    intervention_days: float = knob(120.0, 14.0, 730.0, "calendar days", "assumption: a term of family work", "Mean duration of a social-services intervention.")
    intervention_strength: float = knob(1.0, 0.0, 3.0, "support units", "assumption", "Strength of a social-services intervention on the pupil's absence.")
    intervention_ramp_days: int = knob(30, 1, 180, "calendar days", "assumption", "Days for an intervention to reach full effect.")
    lvu_prob: float = knob(0.02, 0.0, 1.0, "probability", "assumption: LVU has high criteria (000 L1308-1339)", "Chance that a declined, severe case is taken into compulsory care.")
    repeat_report_prob: float = knob(0.5, 0.0, 1.0, "probability", "000 L1119-1121: without feedback the school files another report", "Chance per EHT review that a school that heard nothing and distrusts social services reports the same pupil again.")


class BUP(Section):
    referral_prob: float = knob(0.5, 0.0, 1.0, "probability", "assumption", "Chance that an episode of a pupil with individual (mental-health) risk needs BUP (0.3 times this without); the EHT at step 4, the forum or an investigation finds the need.")
    family_follow_through: float = knob(0.7, 0.0, 1.0, "probability", "001 L1933-1939: the guardians coordinate", "Chance that a family with ordinary resources makes the referral happen.")
    low_resource_follow_through: float = knob(0.4, 0.0, 1.0, "probability", "002 L513-516: the cost falls hardest on families with few resources", "Same, for a low-resource family.")
    family_delay_days: float = knob(14.0, 0.0, 180.0, "calendar days", "assumption", "Mean time for a family to get the referral made.")
    region_pupils: int = knob(5000, 100, 1_000_000, "pupils", "assumption: a BUP clinic serves several municipalities", "Children of compulsory-school age served by the BUP clinic that this municipality shares. Given for 1,600 pupils; scales with the number of pupils.")
    booking_days: float = knob(28.0, 0.0, 365.0, "calendar days", "calibrated: 50-70 % of first assessments within 30 days (domain_facts §8 row 41)", "Mean wait on the region's list for a first-assessment slot, before the clinic's own queue.")
    treatment_booking_days: float = knob(50.0, 0.0, 365.0, "calendar days", "calibrated: about 40 % of in-depth assessments or treatments within 30 days (domain_facts §8 row 42)", "Mean wait on the region's list for in-depth assessment or treatment.")
    clinicians_first: int = knob(3, 1, 500, "staff", "assumption", "Clinicians doing first assessments at the clinic (with its whole region's referrals). Given for 1,600 pupils; scales with the number of pupils.")
    first_assessment_days: float = knob(4.0, 0.5, 60.0, "calendar days", "assumption", "Mean clinician time per first assessment.")
    background_referrals: float = knob(30.0, 0.0, 500.0, "referrals per 1,000 children per year", "assumption: BUP sees about 5 % of children a year (domain_facts §3)", "Referrals from the rest of the clinic's region, sharing the same clinicians.")
    initial_waiting: int = knob(10, 0, 5000, "referrals", "assumption: the waiting list is never empty (domain_facts §3)", "Referrals already waiting for a first assessment when the run starts. Given for 1,600 pupils; scales with the number of pupils.")
    treatment_prob: float = knob(0.6, 0.0, 1.0, "probability", "assumption", "Chance that the first assessment leads to in-depth assessment or treatment.")
    clinicians_treatment: int = knob(5, 1, 1000, "staff", "assumption", "Clinicians for in-depth assessment and treatment. Given for 1,600 pupils; scales with the number of pupils.")
    treatment_caseload: int = knob(8, 1, 40, "patients", "assumption", "Patients one treating clinician carries at once.")
    treatment_days: float = knob(112.0, 14.0, 730.0, "calendar days", "King 1998 to Heyne 2014: 4 weeks to ≈16 sessions (domain_facts §8 row 57)", "Mean duration of treatment.")
    treatment_strength: float = knob(1.2, 0.0, 3.0, "support units", "mapped from g ≈ 0.54 (Maynard et al. 2018; docs/ODD.md 7.10)", "Strength of BUP treatment on the pupil's absence.")
    treatment_ramp_days: int = knob(28, 1, 180, "calendar days", "assumption", "Days for treatment to reach full effect.")
    disagreement_prob: float = knob(0.0, 0.0, 1.0, "probability", "000 L1266-1295 (optional mechanism)", "Chance that BUP and school disagree on a case (BUP sides with the family).")
    disagreement_penalty: float = knob(0.5, 0.0, 1.0, "fraction", "000 L1266-1295", "Share of the school's and BUP's joint effect lost when they disagree.")


class Coordination(Section):
    coordinators: int = knob(0, 0, 10, "posts", "000: SKIFO Orust had 1, later 2 posts", "Coordinators (samordnare) who manage cases across sectors. Given for 1,600 pupils; scales with the number of pupils.")
    coordinator_caseload: int = knob(15, 1, 100, "cases per post", "domain_facts §8 row 61 (SKIFO team cap 20 cases per 3 staff); assumption for one post", "Cases one coordinator can carry; more wait.")
    forum_interval_days: int = knob(0, 0, 90, "calendar days (0 = no forum)", "000: SKIFO working group weekly, later fortnightly", "How often the cross-sector forum (working group or consultation team) meets.")
    forum_capacity: int = knob(6, 1, 50, "cases", "assumption", "Applications the forum decides on per meeting.")
    forum_max_wait_days: int = knob(90, 1, 730, "calendar days", "000 L753-759: the working group answers applicants, with suggestions if it says no", "Longest an application waits for room before the forum declines it.")
    case_days: int = knob(120, 7, 730, "calendar days", "assumption: the coordinator hands a working plan over to the regular services", "How long a coordinator manages a case.")
    forum_members: int = knob(5, 2, 15, "staff", "000: coordinator, 2 principals, a senior social worker, a manager", "Members of the forum.")
    forum_hours: float = knob(2.0, 0.25, 8.0, "hours", "assumption", "Length of a forum meeting.")
    forum_entry_step: int = knob(4, 2, 5, "staircase step", "000 L459-489 (application at step 4); 002: consultation teams act early", "Staircase step at which the school brings a case to the forum.")
    family_meeting_days: float = knob(10.0, 0.0, 90.0, "calendar days", "000: coordinator invited to the first guardian meeting", "Days from the forum decision to the family meeting.")
    consent_prob: float = knob(0.5, 0.0, 1.0, "probability", "assumption: consent must be given (000 L603-609)", "Chance the guardians sign consent that lifts secrecy, without a coordinator's invitation.")
    consent_prob_invited: float = knob(0.85, 0.0, 1.0, "probability", "001 L1824-1826: an early family invitation raises consent", "Same, when a coordinator invites the family early.")
    plan_strength: float = knob(0.8, 0.0, 3.0, "support units", "assumption", "Strength of a coordinated plan (school, family and services acting together).")
    plan_ramp_days: int = knob(21, 1, 180, "calendar days", "assumption", "Days for a coordinated plan to reach full effect.")
    consent_effect: float = knob(0.25, 0.0, 1.0, "fraction", "000 L603-609: consent lets the agencies tell each other what they do", "Extra efficacy of all support for a pupil whose guardians consented.")
    sip_hours: float = knob(1.5, 0.25, 8.0, "hours", "assumption", "Length of a SIP meeting (coordinated individual plan).")
    sip_attendees: int = knob(5, 2, 12, "staff", "assumption", "Professionals at a SIP meeting.")
    sip_delay_days: float = knob(14.0, 1.0, 90.0, "calendar days", "domain_facts §8 row 37 ('without delay')", "Days until the SIP meeting once two agencies are involved.")
    social_services_at_sip: float = knob(0.5, 0.0, 1.0, "probability", "000: in SKIFO social services always attend SIP", "Chance social services attend a SIP meeting.")
    coordinator_eht_interval_days: int = knob(0, 0, 180, "calendar days (0 = never)", "000: the coordinator meets every EHT monthly", "How often the coordinator visits each EHT.")
    intake_eht_interval_days: int = knob(0, 0, 365, "calendar days (0 = never)", "000: intake visits every EHT each term; earlier every 6th week (000 L1642)", "How often social-services intake visits each EHT.")
    training_days_per_year: int = knob(0, 0, 12, "days", "002: joint training days; 004: research circle, 7 sessions a year", "Joint training days for school, social-services and BUP staff.")
    training_hours: float = knob(6.0, 1.0, 8.0, "hours", "assumption", "Length of a joint training day.")
    school_social_workers: int = knob(0, 0, 50, "staff", "003: a social worker placed in schools", "School social workers (skolsocionomer), each covering schools on site. Given for 1,600 pupils; scales with the number of pupils.")
    ssw_on_site: float = knob(0.6, 0.0, 1.0, "fraction", "003 L1336-1340: off site they wait to be called in", "Share of time a school social worker is on site.")
    consent_form: bool = Field(False, description="Whether the EHT asks the guardians at step 3 to sign consent that lifts secrecy between the agencies.", json_schema_extra={"unit": "-", "source": "000 L603-609 (SKIFO consent form)"})
    working_hours_per_week: float = knob(40.0, 20.0, 45.0, "hours", "Swedish full-time week", "Working time against which meeting hours are counted.")


class Network(Section):
    trust_start: float = knob(0.4, 0.0, 1.0, "0-1", "assumption: silo, 'against each other' (000 L1520-1521)", "A school's starting trust in social services.")
    meeting_trust_gain: float = knob(0.08, 0.0, 1.0, "per meeting", "000 L1465-1538: regular meetings build trust", "Trust gained between two people per joint meeting (a share of the gap to 1).")
    meeting_understanding_gain: float = knob(0.05, 0.0, 1.0, "per meeting", "000 L1465-1538; 002 L670-673: understanding grows slower than structure", "Mutual understanding gained per joint meeting.")
    feedback_trust_gain: float = knob(0.06, 0.0, 1.0, "per feedback", "000 L1125-1127: minimal feedback is often enough", "School trust gained when it hears back.")
    silence_trust_loss: float = knob(0.05, 0.0, 1.0, "per report", "001 L1485-1489: missing feedback lowers willingness to report", "School trust lost when a report is met with silence.")
    trust_decay: float = knob(0.002, 0.0, 0.1, "per day", "000 L1675-1677: trust is built in the relationship", "Daily decay of a personal tie's trust and understanding towards zero without contact.")
    learning_days: float = knob(365.0, 1.0, 1000.0, "calendar days", "003 L1729, L1963-1971: about a year to learn the other sector's language", "Time for a newcomer to learn the other sector.")
    newcomer_slowdown: float = knob(0.5, 0.0, 3.0, "fraction", "003 L1729, L1963-1971: about a year to learn the other sector", "Extra time a newly started case officer or coordinator needs for a case (falls to 0 over learning_days).")
    low_trust_report_delay: float = knob(30.0, 0.0, 180.0, "calendar days", "001 L1485-1489", "Extra delay of a report when the school's trust is 0 (scaled by 1 - trust).")
    low_trust_skip: float = knob(0.3, 0.0, 1.0, "probability", "001 L1485-1489: fewer reports", "Chance a report that should be made is not made when trust is 0 (scaled by 1 - trust).")
    trust_handover_gain: float = knob(0.5, 0.0, 1.0, "fraction", "000 L1465-1538: trust shortens paths", "Share of hand-over delays removed at full personal trust.")


class Turnover(Section):
    teacher_rate: float = knob(0.167, 0.0, 1.0, "per year", "SOU 2019:40; domain_facts §8 row 49", "Yearly share of mentors who leave their school.")
    caseworker_rate: float = knob(0.32, 0.0, 1.0, "per year", "SCB via Akademikerförbundet SSR; domain_facts §8 row 45", "Yearly turnover of intake workers and case officers.")
    eht_rate: float = knob(0.12, 0.0, 1.0, "per year", "assumption", "Yearly turnover of EHT members.")
    therapist_rate: float = knob(0.2, 0.0, 1.0, "per year", "assumption", "Yearly turnover of family therapists.")
    bup_rate: float = knob(0.15, 0.0, 1.0, "per year", "assumption", "Yearly turnover of BUP clinicians.")
    coordinator_rate: float = knob(0.15, 0.0, 1.0, "per year", "assumption; 002 L614-616: losing a coordinator costs most", "Yearly turnover of coordinators.")
    vacancy_days: float = knob(60.0, 0.0, 365.0, "calendar days", "assumption", "Mean time a post stays empty before someone new starts.")
    consultant_share: float = knob(0.0, 0.0, 1.0, "probability", "000 L1653-1661: consultant periods", "Chance that a vacancy in social services is filled at once by a consultant.")
    consultant_open_shift: float = knob(-0.1, -1.0, 1.0, "probability", "000 L1653-1661: consultants assess differently", "Change in the chance a consultant opens an investigation.")


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


def sections() -> dict[str, type[Section]]:
    """Section name -> schema class, in the order of ``Params``."""
    return {name: f.annotation for name, f in Params.model_fields.items()}


def describe_rows(params: Params) -> list[dict[str, Any]]:
    """One row per knob: dotted name, value, unit, range, source and meaning."""
    rows = []
    for sec_name, sec_cls in sections().items():
        sec = getattr(params, sec_name)
        for name, f in sec_cls.model_fields.items():
            extra = f.json_schema_extra or {}
            if "lo" in extra:
                allowed = f"{extra['lo']}..{extra['hi']}"
            elif f.annotation is bool:
                allowed = "true | false"
            else:
                allowed = " | ".join(getattr(f.annotation, "__args__", ()))
            rows.append(
                {
                    "name": f"{sec_name}.{name}",
                    "value": getattr(sec, name),
                    "default": f.default,
                    "unit": extra.get("unit", ""),
                    "allowed": allowed,
                    "source": extra.get("source", ""),
                    "description": f.description or "",
                    **_role_columns(f"{sec_name}.{name}"),
                }
            )
    return rows


def _role_columns(name: str) -> dict[str, Any]:
    """Lever or uncertainty, and the plausible range of an uncertainty (see :mod:`sim.uncertainty`)."""
    from .uncertainty import LEVERS, UNCERTAINTIES

    if name in UNCERTAINTIES:
        p = UNCERTAINTIES[name]
        return {"role": "uncertainty", "plausible": p.text(), "plausible_reason": p.reason}
    return {"role": "lever" if name in LEVERS else "unclassified", "plausible": None,
            "plausible_reason": LEVERS.get(name, "not yet in sim/uncertainty.py")}


def flat(params: Params) -> dict[str, Any]:
    """Dotted name -> value."""
    return {f"{s}.{k}": v for s, d in params.model_dump().items() for k, v in d.items()}
