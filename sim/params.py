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
    n_schools: int = knob(8, 1, 500, "schools", "assumption: Orust-like (000 L1-40)", "Compulsory schools in the municipality.")
    class_size: int = knob(22, 10, 35, "pupils", "DOMAIN.md §2 (~20-25 pupils per mentor)", "Pupils per class; each class has one mentor.")
    low_resource_share: float = knob(0.25, 0.0, 1.0, "fraction", "assumption (002 L513-516 names low-resource families without a figure)", "Share of families with low resources to coordinate help.")


class Calendar(Section):
    years: int = knob(1, 1, 10, "school years", "assumption", "School years simulated (each from 1 August to 31 July).")
    start_year: int = knob(2024, 2000, 2100, "year", "assumption", "Calendar year in which the first autumn term starts.")
    school_days_per_year: int = knob(178, 150, 190, "days", "skolförordningen; domain_facts §8 row 1", "School days per year.")
    sports_break_week: int = knob(9, 7, 10, "ISO week", "assumption: varies by region (weeks 7-10)", "Week of the sports break (sportlov).")


class Attendance(Section):
    illness_absence_mean: float = knob(0.034, 0.0, 0.2, "fraction of school days", "calibrated: with episodes gives mean daily absence 0.06 (domain_facts §8 row 4)", "Mean share of days a pupil is away with short, valid illness spells.")
    illness_heterogeneity: float = knob(1.0, 0.0, 2.0, "log-sd", "calibrated to share >15 % per term 0.15 (domain_facts §8 row 5)", "Spread between pupils of the illness-absence rate (lognormal sd).")
    illness_spell_days: float = knob(2.5, 1.0, 10.0, "school days", "assumption: an illness lasts a few days (DOMAIN.md §5.1)", "Mean length of a short illness spell.")
    grade_effect: float = knob(0.06, 0.0, 0.3, "log-rate per grade", "assumption: absence rises through the grades (domain_facts §8 rows 15-16)", "Rise in absence risk per grade above grade 4.")
    episode_rate: float = knob(0.65, 0.0, 1.0, "episodes per pupil-year", "calibrated (experiments/calibrate_attendance.py) to the shares >15 % per term and ≥50 % (domain_facts §8 rows 5, 9); episodes at any time ≈ rising+chronic trajectories 0.16 (Chen et al. 2016, row 14)", "Mean yearly rate of life-event shocks that start a problematic-absence episode.")
    risk_sd: float = knob(0.6, 0.0, 2.0, "log-rate", "calibrated (experiments/calibrate_attendance.py)", "Spread of each of the individual, family and school risk factors.")
    episode_start_absence: float = knob(0.32, 0.01, 0.9, "probability", "calibrated (experiments/calibrate_attendance.py)", "Daily absence probability at the start of an episode.")
    momentum: float = knob(0.05, 0.0, 1.0, "logit per day", "mechanism 004 L239-242; value calibrated (experiments/calibrate_attendance.py)", "Self-reinforcement: each absent day raises, each present day lowers, the logit of tomorrow's absence.")
    episode_drift: float = knob(0.003, -0.2, 0.2, "logit per school day", "calibrated to the share ≥50 % absent 0.015 (domain_facts §8 row 9)", "Daily worsening of an episode without help, scaled by the pupil's risk.")
    recovery_below: float = knob(0.03, 0.0, 0.5, "probability", "assumption", "An episode ends when daily absence probability falls below this.")
    episode_valid_share: float = knob(0.6, 0.0, 1.0, "fraction", "assumption: absence hides inside valid absence (004 L236-239)", "Share of episode absence the guardians report as valid (sick).")
    summer_relief: float = knob(0.5, 0.0, 1.0, "fraction", "assumption", "Share of an episode's severity (logit above start) lost over the summer break.")
    support_per_day: float = knob(0.045, 0.0, 1.0, "logit per school day", "calibrated: an effective measure halves absence within a term; CBT g≈0.54 (Maynard et al. 2018)", "Daily reduction of absence logit by a fully ramped-up support of strength 1.")
    help_delay_halflife: float = knob(90.0, 1.0, 1000.0, "calendar days", "assumption: early help breaks the trajectory (004 L226-228)", "The longer an episode lasted before help, the weaker the help: efficacy halves per this many days.")
    onset_window: int = knob(20, 5, 60, "school days", "definition (docs/ODD.md: absence onset)", "Trailing window for the absence-onset definition.")
    onset_threshold: float = knob(0.15, 0.05, 0.5, "fraction", "000 L459-489 (staircase step 2)", "Trailing absence share that marks the onset of problematic absence.")


class Staircase(Section):
    step1_threshold: float = knob(0.10, 0.01, 0.9, "fraction", "000 L459-489; Danish rule domain_facts §8 row 63", "Absence share at which the mentor contacts the guardians (step 1).")
    step2_threshold: float = knob(0.15, 0.01, 0.9, "fraction", "000 L459-489", "Absence share at which the mentor talks with the pupil and notifies the EHT (step 2).")
    window: int = knob(40, 5, 90, "school days", "assumption: the staircase gives no window (DOMAIN.md §3)", "Window over which the mentor measures the absence share.")
    counts: Literal["all", "invalid"] = choice("all", "-", "000 L459-489 counts all absence; 004 L236-239 warns of counting only invalid", "Which absence the staircase counts: all, or only invalid.")
    persist_days: int = knob(30, 5, 120, "school days", "assumption: 'persists' has no duration (DOMAIN.md §3)", "How long the absence must persist above step 2 before the EHT climbs to the next step.")
    mentor_review_interval: int = knob(5, 1, 40, "school days", "assumption: weekly follow-up", "How often a mentor reviews the class's absence.")
    mentor_notice_prob: float = knob(0.85, 0.0, 1.0, "probability", "assumption", "Chance that a mentor who knows the class acts on a rung at a review.")
    mentor_notice_prob_new: float = knob(0.45, 0.0, 1.0, "probability", "assumption: a new mentor knows the pupils less (DOMAIN.md §2)", "Same, for a mentor new to the class.")
    mentor_familiarity_days: int = knob(60, 0, 178, "school days", "assumption", "School days until a new mentor knows the class.")
    staff_spot_prob: float = knob(0.01, 0.0, 1.0, "probability per school day", "assumption: special educator, nurse (000 L962-1011)", "Daily chance that other staff spot a pupil with high absence outside the staircase.")
    staff_spot_threshold: float = knob(0.30, 0.0, 1.0, "fraction", "assumption", "Absence share over the window above which other staff may spot the pupil.")


class EHT(Section):
    interval_days: int = knob(7, 1, 56, "calendar days", "assumption: weekly EHT (DOMAIN.md §2)", "How often each school's pupil-health team (elevhälsoteam) meets.")
    cancel_prob: float = knob(0.10, 0.0, 1.0, "probability", "assumption: illness and holidays cancel meetings (001 L1511-1513)", "Chance that a scheduled EHT meeting is cancelled.")
    cases_per_meeting: int = knob(6, 1, 50, "cases", "assumption", "Agenda items the EHT can handle in one meeting; the rest wait.")
    meeting_hours: float = knob(1.5, 0.25, 8.0, "hours", "assumption", "Length of an EHT meeting.")
    members: int = knob(5, 2, 10, "staff", "DOMAIN.md §2 (principal, kurator, nurse, special educator, psychologist)", "Members of each EHT.")
    adaptation_strength: float = knob(0.5, 0.0, 3.0, "support units", "assumption", "Strength of extra adaptations (extra anpassningar) decided at step 3.")
    special_support_strength: float = knob(1.0, 0.0, 3.0, "support units", "assumption", "Strength of special support with an action programme (step 4).")
    measure_ramp_days: int = knob(21, 1, 120, "calendar days", "assumption: effects ramp up over weeks", "Days for a school measure to reach full effect.")
    report_prob_step3: float = knob(0.25, 0.0, 1.0, "probability", "000 L459-489 (report 'if needed' at step 3); assumption for the value", "Chance the EHT files a report of concern at step 3.")


class Turnover(Section):
    teacher_rate: float = knob(0.167, 0.0, 1.0, "per year", "SOU 2019:40; domain_facts §8 row 49", "Yearly share of mentors who leave their school.")


class Params(BaseModel):
    """The fully resolved parameters of one scenario."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    municipality: Municipality = Field(default_factory=Municipality)
    calendar: Calendar = Field(default_factory=Calendar)
    attendance: Attendance = Field(default_factory=Attendance)
    staircase: Staircase = Field(default_factory=Staircase)
    eht: EHT = Field(default_factory=EHT)
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
                }
            )
    return rows


def flat(params: Params) -> dict[str, Any]:
    """Dotted name -> value."""
    return {f"{s}.{k}": v for s, d in params.model_dump().items() for k, v in d.items()}
