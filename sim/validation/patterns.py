"""The validation's data: the arms (a scenario with a few overrides, run on the same seeds) and
the patterns (what, target and source, tolerance, basis, the arms needed and a function from
one replicate's observations to a number), each qualitative one with its negative control."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


#: arm name -> (scenario, overrides). Each arm runs once per replicate seed.
ARMS: dict[str, tuple[str, dict[str, Any]]] = {
    "baseline": ("baseline", {}),
    "feedback_none": ("baseline", {"services.feedback_rate": 0.0}),
    "feedback_all": ("baseline", {"services.feedback_rate": 1.0}),
    "skifo_turnover_low": ("skifo", {"turnover.caseworker_rate": 0.05}),
    "skifo_turnover_high": ("skifo", {"turnover.caseworker_rate": 0.6}),
    # Sandviken's survey followed the consultation team from its start: the arm's two years are
    # its first two, with no warm-up (calendar.warmup_years would run the team for two years first)
    "consultation_team": ("consultation_team", {"calendar.warmup_years": 0}),
    "skifo": ("skifo", {}),
}


# ----------------------------------------------------------------------------- patterns
Obs = dict[str, dict[str, Any]]  # arm -> observation of one replicate


@dataclass(frozen=True)
class Pattern:
    """One validation pattern: what, target and source, tolerance, how to compute it."""

    name: str
    level: str                  # "quantitative" | "qualitative"
    what: str
    target: str                 # the published figure or the reported pattern
    source: str                 # keys of docs/sources.md, with row, figure or line
    tolerance: str              # the band or rule, and why
    basis: str                  # why the pattern is or is not evidence: "calibration target ...", "input ...",
                                # "re-tuned after failing ...", "by construction ...", "independent ..."
    arms: tuple[str, ...]
    value: Callable[[Obs], float]
    lo: float = -math.inf
    hi: float = math.inf
    rule: str = "mean"          # "mean": mean in [lo, hi]; "ci": whole 95 % CI in (lo, hi)
    unit: str = ""

    @property
    def role(self) -> str:
        """"validation" when no parameter was fitted, set or re-tuned to it; "calibration" otherwise."""
        return "validation" if self.basis.startswith("independent") else "calibration"

    @property
    def verification(self) -> bool:
        """Holds by construction: it checks that the code does what its inputs say, not the model."""
        return self.basis.startswith(("by construction", "input"))

    def judge(self, mean: float | None, ci: list[float | None]) -> bool:
        if mean is None or (isinstance(mean, float) and math.isnan(mean)):
            return False
        if self.rule == "mean":
            return self.lo <= mean <= self.hi
        lo, hi = ci
        if lo is None or hi is None:
            return False
        return lo > self.lo and hi < self.hi


def _m(arm: str, name: str) -> Callable[[Obs], float]:
    return lambda o: o[arm]["metrics"][name]


def _x(arm: str, name: str) -> Callable[[Obs], float]:
    return lambda o: o[arm][name]


def _diff(f: Callable[[Obs], float], g: Callable[[Obs], float]) -> Callable[[Obs], float]:
    return lambda o: f(o) - g(o)


def _week(o: dict[str, Any], week: int | str) -> int:
    return o["last_term_week"] if week == "end" else int(week)


def _at(o: dict[str, Any], week: int | str) -> float:
    series = o["index_weekly"]
    return float(series[min(_week(o, week), len(series) - 1)])


def _index_rise(arm: str, w0: int | str, w1: int | str) -> Callable[[Obs], float]:
    return lambda o: _at(o[arm], w1) - _at(o[arm], w0)


def _index_at(arm: str, week: int | str) -> Callable[[Obs], float]:
    return lambda o: _at(o[arm], week)


def _frac_of_top(o: dict[str, Any], key: str, day: int) -> float:
    """Level of a network series at ``day`` as a share of its highest level in the run (the
    end of the run falls in the summer break, when ties decay without meetings)."""
    days = np.asarray(o["days"])
    series = np.asarray(o[key])
    top = series.max()
    if top <= 0:
        return math.nan
    i = int(np.searchsorted(days, day, side="right") - 1)
    return float(series[max(i, 0)] / top)


def _structure_lead(arm: str, day: int) -> Callable[[Obs], float]:
    """Share of its highest level that structure (ties in place) has reached at ``day``, minus
    the share that shared understanding has reached."""
    return lambda o: _frac_of_top(o[arm], "structure", day) - _frac_of_top(o[arm], "understanding", day)


# Sandviken surveyed at project start (spring 2022), after ~1.5 years (autumn 2023) and after
# ~2 years (spring 2024), each in term time. The model starts on 1 August: the points are the
# first week, week 78 (1.5 years) and the last week of term of the second year (~1.85 years;
# two full years would fall in the summer break).
W_START, W_MID, W_END = 1, 78, "end"

PATTERNS: tuple[Pattern, ...] = (
    # --------------------------------------------------------------- quantitative (published figures)
    Pattern("mean_daily_absence", "quantitative", "Mean daily absence, all reasons (baseline)",
            "0.06 (0.05-0.08)", "[BUVM-2023] 5-7 %; [DfE-absence] 4.8-7.6 %",
            "targets/national.toml: 0.065 ± 0.015", "calibration target", ("baseline",),
            _m("baseline", "mean_daily_absence"), 0.05, 0.08),
    Pattern("share_over_15pct_term", "quantitative", "Share of pupils over 15 % absence in a term",
            "0.15 (0.14-0.17)", "[Skolverket-2021], autumn 2019 (about 1 in 7)",
            "targets/national.toml: 0.15 ± 0.02 (published range widened for the term-to-term spread)", "calibration target", ("baseline",),
            _m("baseline", "share_absence_over_15pct_term"), 0.13, 0.17),
    Pattern("share_over_50pct", "quantitative", "Share of pupils at 50 % absence or more over a school year",
            "0.015 (0.005-0.032)", "[DfE-absence] 2021/22; [Skolverket-2021] grade 9, autumn 2020",
            "targets/national.toml: 0.015 ± 0.01", "calibration target", ("baseline",),
            _m("baseline", "share_absence_over_50pct"), 0.005, 0.025),
    Pattern("share_reports_investigated", "quantitative", "Share of reports of concern that open an investigation (all reports at the unit)",
            "0.38 (0.33-0.38)", "[Socialstyrelsen-2019] 0.38 in 2018; [Ostberg-2010]",
            "targets/national.toml: 0.38 ± 0.07, a municipality of this size varies from year to year", "calibration target", ("baseline",),
            _m("baseline", "share_reports_investigated"), 0.31, 0.45),
    Pattern("share_preliminary_late", "quantitative", "Share of preliminary assessments past the 14-day limit",
            "0.24", "[IVO-2015] 24 %; [SoL-2001] 11 kap. 1 a §",
            "targets/national.toml: 0.24 ± 0.1 (IVO's range across units is 0-0.81)", "calibration target", ("baseline",),
            _m("baseline", "share_preliminary_late"), 0.14, 0.34),
    Pattern("share_investigations_late", "quantitative", "Share of investigations past the 4-month limit",
            "0.14", "[IVO-2015] 86 % within 4 months; [SoL-2001] 11 kap. 2 §",
            "targets/national.toml: 0.14 ± 0.08 (IVO's range across units is 0-0.83)", "calibration target", ("baseline",),
            _m("baseline", "share_investigations_late"), 0.06, 0.22),
    Pattern("share_bup_first_within_30d", "quantitative", "Share of BUP first assessments within 30 days",
            "0.6 (0.5-0.7)", "[Vantetider] 56-70 %; [Vardforetagarna-2024]",
            "targets/national.toml: 0.6 ± 0.1", "calibration target", ("baseline",),
            _m("baseline", "share_bup_first_assessment_within_30d"), 0.50, 0.70),
    Pattern("caseworker_turnover", "quantitative", "Annual turnover of intake workers and case officers",
            "0.32 (0.30-0.34)", "[SSR-2018] 30-34 %",
            "0.24-0.40: a staff of 7 gives ~14 person-years a run, so the sampling sd over 10 replicates is ~0.05",
            "input (turnover.caseworker_rate is set to this figure)", ("baseline",), _m("baseline", "caseworker_turnover_rate"), 0.24, 0.40),
    # --------------------------------------------------------------- quantitative, further figures
    Pattern("share_over_10pct", "quantitative", "Share of pupils over 10 % absence over a school year",
            "0.20 (0.13-0.26)", "[BUVM-2023] 20-21.6 %; [DfE-absence] 22.5 % (2021/22)",
            "targets/national.toml: 0.20 ± 0.06", "calibration target", ("baseline",),
            _m("baseline", "share_absence_over_10pct"), 0.14, 0.26),
    Pattern("share_reports_intervention", "quantitative", "Share of all reports of concern at the unit (school's and others') that lead to an intervention (closed reports)",
            "0.20", "[Ostberg-2010] about a fifth (two agencies)",
            "targets/national.toml: 0.20 ± 0.1 (a low-quality figure from two agencies)", "calibration target (services.offer_prob)", ("baseline",),
            _x("baseline", "share_reports_intervention"), 0.10, 0.30),
    Pattern("share_caseworkers_under_1y", "quantitative", "Share of intake workers and case officers with under a year in post",
            "0.25", "[OJ-2019] 25 %",
            "0.15-0.35: 7 staff at the end of a run, ±0.1", "input: follows from the turnover input (1 - e^-0.32 = 0.27), not evidence", ("baseline",),
            _m("baseline", "share_caseworkers_under_1y"), 0.15, 0.35),
    Pattern("share_bup_treatment_within_30d", "quantitative", "Share of BUP in-depth assessments or treatments started within 30 days of the first assessment",
            "0.4 (0.2-0.6)", "[Vantetider] 60 % in one snapshot; [Vardforetagarna-2024] about 80 % of the queue past 30 days",
            "targets/national.toml: 0.4 ± 0.2", "calibration target (bup.treatment_booking_days)", ("baseline",),
            _x("baseline", "share_bup_treatment_within_30d"), 0.20, 0.60),
    Pattern("absence_rises_with_grade", "qualitative", "Share over 15 % per term, grade 9 minus grade 2",
            "absence rises through the grades, steeply in grades 7-9", "[Skolinspektionen-2016] (most common in grades 7-9); [Prestationsprinsen-2016] (grade 9)",
            "paired 95 % CI above 0", "input: upper_grade_step, upper_grade_rise and grade_effect are set from the same sources", ("baseline",),
            _diff(_m("baseline", "share_absence_over_15pct_term_grade9"), _m("baseline", "share_absence_over_15pct_term_grade2")),
            0.0, rule="ci"),
    Pattern("absence_steps_up_at_grade7", "qualitative", "Mean term absence: the rise from grade 6 to 7 minus the rise from grade 5 to 6",
            "absence rises at the move to a new school (grade 7, högstadiet)", "[Brittain-2026] (a rise at the move to a new school)",
            "paired 95 % CI above 0", "input: upper_grade_step is set from the same sources", ("baseline",),
            lambda o: (o["baseline"]["metrics"]["mean_absence_term_grade7"] - 2 * o["baseline"]["metrics"]["mean_absence_term_grade6"]
                       + o["baseline"]["metrics"]["mean_absence_term_grade5"]), 0.0, rule="ci"),
    Pattern("grade9_50pct_term", "quantitative", "Share of pupils in grade 9 at 50 % absence or more in a term",
            "0.032 in the pandemic autumn of 2020; 0.005-0.017 severe absence in England (all grades)", "[Skolverket-2021] grade 9, autumn 2020; [DfE-absence] 0.5-1.7 %",
            "0.005-0.032: the pandemic figure is an upper bound for an ordinary year", "independent: no parameter is fitted to grade 9 or to a term's severe absence", ("baseline",),
            _m("baseline", "share_absence_over_50pct_term_grade9"), 0.005, 0.032),
    # --------------------------------------------------------------- qualitative, from the reports
    Pattern("feedback_repeat_reports", "qualitative", "Repeat reports without feedback minus with full feedback (feedback_rate 0 vs 1, baseline)",
            "missing feedback leads to repeat reports", "[Orust-2023] L1117-1121; [Bergnehr-2015] L1485-1489",
            "paired 95 % CI above 0", "by construction: a repeat report fires only after silence (repeat_report_prob)", ("feedback_none", "feedback_all"),
            _diff(_m("feedback_none", "repeat_reports"), _m("feedback_all", "repeat_reports")), 0.0, rule="ci", unit="reports"),
    Pattern("feedback_withheld_reports", "qualitative", "Reports withheld (not made) without feedback minus with full feedback",
            "missing feedback lowers the willingness to report", "[Bergnehr-2015] L1485-1489",
            "paired 95 % CI above 0", "by construction: a report is withheld with chance low_trust_skip x (1 - trust), and silence lowers trust", ("feedback_none", "feedback_all"),
            _diff(_m("feedback_none", "reports_withheld"), _m("feedback_all", "reports_withheld")), 0.0, rule="ci", unit="reports"),
    Pattern("turnover_lowers_trust", "qualitative", "Personal trust between each school's EHT and social-services staff at the end (best tie), caseworker turnover 0.05 minus 0.6 (SKIFO)",
            "turnover lowers trust", "[Orust-2023] L1666-1668, L1675-1677",
            "paired 95 % CI above 0", "re-tuned after failing: turnover did not lower trust until effective trust was rebuilt from personal ties (docs/validation.md §1)", ("skifo_turnover_low", "skifo_turnover_high"),
            _diff(_m("skifo_turnover_low", "personal_trust"), _m("skifo_turnover_high", "personal_trust")), 0.0, rule="ci", unit="0-1"),
    Pattern("turnover_slows_handovers", "qualitative", "Mean days from a school's report of concern to the intake decision, turnover 0.6 minus 0.05 (SKIFO)",
            "turnover slows hand-overs", "[Orust-2023] L1653-1677; [Sandviken-2025] L614-616",
            "paired 95 % CI above 0", "re-tuned after failing: the measure was moved from time to first help to the hand-over after the first failed (docs/validation.md §1)", ("skifo_turnover_low", "skifo_turnover_high"),
            _diff(_m("skifo_turnover_high", "days_report_to_decision_mean"), _m("skifo_turnover_low", "days_report_to_decision_mean")),
            0.0, rule="ci", unit="days"),
    Pattern("turnover_delays_investigations", "qualitative", "Share of investigations past 4 months, turnover 0.6 minus 0.05 (SKIFO)",
            "turnover and vacancies slow casework", "[Orust-2023] L1653-1661, L1666-1677",
            "paired 95 % CI above 0", "independent: emerges from vacancies and reassignment; no parameter set from it", ("skifo_turnover_low", "skifo_turnover_high"),
            _diff(_m("skifo_turnover_high", "share_investigations_late"), _m("skifo_turnover_low", "share_investigations_late")),
            0.0, rule="ci"),
    Pattern("structure_before_understanding", "qualitative", "Consultation team: share of its two-year level reached after half a year, ties in place minus shared understanding",
            "structure (routines, forums) improves faster than shared understanding", "[Sandviken-2025] L670-673",
            "paired 95 % CI above 0", "input: meeting_understanding_gain < meeting_trust_gain is set from the same report (002 L670-673)", ("consultation_team",),
            _structure_lead("consultation_team", 182), 0.0, rule="ci"),
    Pattern("sandviken_index_rises_early", "qualitative", "Consultation team: collaboration index after 1.5 years minus at the start",
            "3.2 (spring 2022) -> 3.8 (autumn 2023): +0.6", "[Sandviken-2025] L560-564",
            "paired 95 % CI above 0 (rises)", "re-tuned after failing: the consultation team's gains were set again after the Sandviken rise failed", ("consultation_team",),
            _index_rise("consultation_team", W_START, W_MID), 0.0, rule="ci", unit="index"),
    Pattern("sandviken_index_rises_late", "qualitative", "Consultation team: collaboration index after 2 years minus after 1.5 years",
            "3.8 (autumn 2023) -> 4.1 (spring 2024): +0.3", "[Sandviken-2025] L560-564",
            "paired 95 % CI above 0 (still rises)", "re-tuned after failing: the consultation team's gains were set again after the Sandviken rise failed", ("consultation_team",),
            _index_rise("consultation_team", W_MID, W_END), 0.0, rule="ci", unit="index"),
    Pattern("sandviken_index_total_rise", "quantitative", "Consultation team: collaboration index at the end of year 2 minus at the start",
            "+0.9 (3.2 -> 4.1)", "[Sandviken-2025] L560-564",
            "+0.6 to +1.2 (±0.3, a third of the rise: survey means of a small, changing group, given to 0.1)",
            "re-tuned after failing: the consultation team's gains were set again after the Sandviken rise failed", ("consultation_team",), _index_rise("consultation_team", W_START, W_END), 0.6, 1.2, unit="index"),
    Pattern("most_reports_no_intervention", "qualitative", "Share of the school's closed reports of concern that lead to no intervention",
            "most reports never lead to an intervention", "[Bergnehr-2015] L151-157",
            "95 % CI above 0.5", "calibration target in other words: 0.2 of all reports end in an intervention (row 33, offer_prob fitted to it)", ("baseline",),
            _x("baseline", "share_reports_no_intervention"), 0.5, 1.0, rule="ci"),
    Pattern("absence_only_opened_less", "qualitative", "Opening rate of the school's reports, multi-problem minus absence-only",
            "absence-only cases are opened less often than multi-problem cases", "[Orust-2023] L1248-1257 (absence seen as the school's problem)",
            "paired 95 % CI above 0", "input: open_prob_absence_only 0.25 < open_prob_multi 0.45 are set from the same report", ("baseline",),
            _diff(_x("baseline", "open_rate_multi"), _x("baseline", "open_rate_absence_only")), 0.0, rule="ci"),
    Pattern("coordinator_narrows_equity_gap", "qualitative", "Equity gap in days without help (low- minus high-resource families), baseline minus SKIFO (two coordinators)",
            "a coordinator narrows the gap between low- and high-resource families", "[Sandviken-2025] L513-516; [Bergnehr-2015] L1933-1939",
            "paired 95 % CI above 0", "re-tuned after failing: the arms were changed (consultation team -> SKIFO) and the replications raised after it failed (docs/validation.md §1)", ("baseline", "skifo"),
            _diff(_m("baseline", "equity_gap_days"), _m("skifo", "equity_gap_days")), 0.0, rule="ci", unit="days"),
    # --------------------------------------------------------------- independent figures (sim/independent.py)
    Pattern("boras_grades1_3_over_20pct", "quantitative", "Grades 1-3, ISO weeks 45-48 of the first autumn: share of pupils absent more than 20 % of those days",
            "0.044 (154 of ≈3,500 pupils)", "[Boras-2014] weeks 45-48",
            "0.02-0.08: one municipality, one month (about half to twice the figure)",
            "independent: no parameter is fitted to absence by grade or by month", ("baseline",),
            _x("baseline", "boras_over_20pct"), 0.02, 0.08),
    Pattern("grade9_30_49pct_term", "quantitative", "Grade 9, per term: share of pupils absent 30-49 %",
            "0.08 in the pandemic autumn 2020 (0.03-0.08)", "[Skolverket-2021] grade 9, per term",
            "0.02-0.08: the pandemic autumn is an upper bound for ordinary years; lower end widened by 0.01 for ~160 pupils in grade 9",
            "independent: no parameter is fitted to grade 9 or to the 30-49 % band", ("baseline",),
            _x("baseline", "grade9_30_49pct_term"), 0.02, 0.08),
    Pattern("month_continuous_absence", "quantitative", "Share of pupils a school year absent 20 school days or more in a row (any reason)",
            "0.0017 (≈1,650-1,700 pupils with a month or more of continuous invalid absence)",
            "[Skolverket-2010]; [Skolinspektionen-2016]",
            "0.0017-0.006: the figure counts invalid absence only, so it is a lower bound; a month of continuous valid absence (long illness) is rare, so at most about three times it",
            "independent: no parameter is fitted to continuous absence", ("baseline",),
            _x("baseline", "month_continuous"), 0.0017, 0.006),
    Pattern("regular_attendance_after_treatment", "quantitative", "Pupils whose BUP treatment started: share absent under 20 % over the 20 school days from 6 months after the start",
            "≈0.60 regular attenders at 6 months (0.58-0.61, treatment and usual care alike)", "[Reissner-2015]",
            "0.45-0.75: a German clinic sample, and 'regular' (under 20 % absence) is this model's reading; ±0.15",
            "independent: bup.treatment_strength and support_per_day are set from effect sizes (Maynard 2018), not from this", ("baseline",),
            _x("baseline", "regular_after_treatment"), 0.45, 0.75),
    Pattern("high_absence_no_service_contact", "quantitative", "Pupils over 15 % absence in a term: share with no report of concern, BUP referral, forum, SIP or multi-agency help that school year",
            "0.40 of high-absence pupils had no contact with any service", "[Askeland-2015] (Norway, ages 16-18)",
            "0.25-0.55: another country and older pupils, and 'any service' there includes school health services the model does not count; ±0.15",
            "independent: no parameter is set from contact rates", ("baseline",),
            _x("baseline", "high_absence_no_contact"), 0.25, 0.55),
    Pattern("skifo_cases_recovered", "quantitative", "SKIFO: cases given a coordinated plan in the first year whose absence episode is over within a year",
            "28 of 30 long-term absent pupils back in school (0.93), self-reported", "[SKIFO-Stenungsund] (self-reported)",
            "0.5-0.95: the team's own count is an optimistic upper bound (domain_facts §6); under half would contradict it",
            "independent: no parameter is set from SKIFO's outcome", ("skifo",),
            _x("skifo", "coordinated_recovered_365d"), 0.5, 0.95),
    Pattern("absence_stabilises_after_grade3", "qualitative", "Correlation of a pupil's yearly absence between two years, grades 4-8 minus preschool class to grade 2",
            "individual absence patterns stabilise after grade 3", "ECLS-K latent classes (US); domain_facts §8 row 15",
            "paired 95 % CI above 0", "independent: no parameter is set from year-to-year persistence", ("baseline",),
            _x("baseline", "stability_gain_after_grade3"), 0.0, rule="ci"),
)

#: qualitative pattern -> (a parameter setting, applied to every arm, under which it must fail; why)
NEGATIVE_CONTROLS: dict[str, tuple[dict[str, Any], str]] = {
    "absence_rises_with_grade": ({"attendance.grade_effect": 0.0, "attendance.upper_grade_step": 1.0, "attendance.upper_grade_rise": 0.0},
                                 "mechanism off: no rise of risk with the grade, no step at grade 7"),
    "absence_steps_up_at_grade7": ({"attendance.grade_effect": 0.0, "attendance.upper_grade_step": 1.0, "attendance.upper_grade_rise": 0.0},
                                   "mechanism off: no step at grade 7 and no rise after it"),
    "feedback_repeat_reports": ({"services.repeat_report_prob": 0.0}, "mechanism off: silence never brings a repeat report"),
    "feedback_withheld_reports": ({"network.low_trust_skip": 0.0}, "mechanism off: low trust never keeps a report back"),
    "turnover_lowers_trust": ({"turnover.caseworker_rate": 0.3}, "no contrast: both arms get the same turnover"),
    "turnover_slows_handovers": ({"turnover.caseworker_rate": 0.3}, "no contrast: both arms get the same turnover"),
    "turnover_delays_investigations": ({"turnover.caseworker_rate": 0.3}, "no contrast: both arms get the same turnover"),
    "structure_before_understanding": ({"network.meeting_understanding_gain": 0.5, "network.trust_decay": 0.0},
                                       "understanding grows faster than trust per meeting and never fades: it keeps pace with the ties"),
    "sandviken_index_rises_early": ({"network.meeting_trust_gain": 0.0, "network.meeting_understanding_gain": 0.0, "network.feedback_trust_gain": 0.0},
                                    "mechanism off: meetings and feedback build nothing"),
    "sandviken_index_rises_late": ({"network.meeting_trust_gain": 0.0, "network.meeting_understanding_gain": 0.0, "network.feedback_trust_gain": 0.0},
                                   "mechanism off: meetings and feedback build nothing"),
    "most_reports_no_intervention": ({"services.open_prob_multi": 1.0, "services.open_prob_absence_only": 1.0, "services.feeling_penalty": 1.0,
                                      "services.offer_prob": 1.0, "services.accept_prob": 1.0},
                                     "every report opened, every investigation offers help, every family accepts"),
    "absence_only_opened_less": ({"services.open_prob_absence_only": 0.9}, "absence-only reports opened more often than multi-problem ones"),
    "coordinator_narrows_equity_gap": ({"municipality.low_resource_delay_factor": 1.0, "bup.low_resource_follow_through": 0.7},
                                       "no gap to narrow: low-resource families are as quick and follow through as often as others"),
    "absence_stabilises_after_grade3": ({"attendance.illness_heterogeneity": 0.0, "attendance.risk_sd": 0.0},
                                        "no lasting differences between pupils: nothing to be stable"),
}


def patterns_by_name() -> dict[str, Pattern]:
    return {p.name: p for p in PATTERNS}

