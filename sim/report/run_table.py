"""The table ``samsim run`` prints: each metric in words, with its unit and a sensible precision.

Labels and units come from the report's metric list (:data:`sim.report.i18n.METRICS`) where the
metric is there; otherwise from its name (``share_...`` in %, ``days_...`` in days, ...).
Counts over the whole run are shown per year. A statistic undefined in some runs (a median
never reached) says in how many runs it was defined; with fewer than two there is no interval.
"""
from __future__ import annotations

from typing import Any

from .i18n import METRICS, RUN_TOTALS, unit_text


LABELS = {  # run metrics the report does not show, in words
    "share_absence_over_10pct": "Pupils over 10 % absence in the school year",
    "share_absence_over_15pct": "Pupils over 15 % absence in the school year",
    "share_absence_over_20pct": "Pupils over 20 % absence in the school year",
    "cases_with_onset": "Absence episodes reaching onset (15 % over 20 school days)",
    "cases_needing_multiagency": "Of these, episodes that need more than the school",
    "days_to_detection_p90": "90th percentile, onset to detection",
    "share_censored_detection": "Episodes never detected by the end of the run",
    "days_to_school_measure_p90": "90th percentile, onset to a school measure",
    "share_censored_school_measure": "Episodes without a school measure by the end of the run",
    "days_to_multiagency_intervention_p90": "90th percentile, onset to multi-agency help",
    "share_censored_multiagency_intervention": "Pupils in need without multi-agency help by the end of the run",
    "reports_withheld": "Reports of concern the school held back",
    "share_school_reports_investigated": "School reports leading to an investigation",
    "share_preliminary_late": "Preliminary assessments over the 14-day limit",
    "share_investigations_late": "Investigations over the 120-day limit",
    "days_report_to_decision_mean": "Mean time from a school's report to the decision to investigate",
    "share_bup_first_assessment_within_30d": "BUP first assessments within 30 days",
    "bup_referrals": "Referrals to BUP", "bup_referrals_dropped": "Referrals to BUP dropped",
    "caseworker_turnover_rate": "Case officers leaving (share of posts a year)",
    "share_caseworkers_under_1y": "Case officers in post less than a year",
    "personal_trust": "Personal trust between school and social services (0-1)",
    "forum_decisions": "Forum decisions", "forum_wait_mean": "Mean wait for the forum",
    "sip_meetings": "SIP meetings", "info_shared": "Information shared between agencies (with consent)",
    "eht_meetings_held": "Pupil-health team meetings held", "eht_meetings_cancelled": "Pupil-health team meetings cancelled",
    "eht_agenda_wait_mean": "Mean wait on the pupil-health team's agenda",
}


def _generic(key: str) -> tuple[str, str, float, int]:
    """(label, unit, scale, decimals) read from a metric's name."""
    label = key.replace("_pct", " %").replace("_", " ")
    label = LABELS.get(key, label[0].upper() + label[1:])
    if key.startswith("share_") or key in ("mean_daily_absence",) or key.endswith("_rate"):
        return label, "%", 100.0, 1
    if "hours" in key:
        return label, "hours", 1.0, 0
    if "days" in key or key.endswith("_wait_mean"):
        return label, "days", 1.0, 1
    if "trust" in key or "index" in key:
        return label, "", 1.0, 2
    if key in RUN_TOTALS or key.startswith(("cases_", "bup_referrals", "reports_", "forum_decisions", "sip_", "eht_meetings")):
        return label, "count", 1.0, 1
    return label, "", 1.0, 2


def describe(key: str) -> tuple[str, str, float, int]:
    """(label with unit, unit, scale, decimals) of a run metric, in English."""
    if key in METRICS:
        en, _sv, unit, scale, _better, decimals = METRICS[key]
        label = en
    else:
        label, unit, scale, decimals = _generic(key)
    shown = unit_text(unit, "en") if unit else ""
    return (f"{label} ({shown})" if shown else label), unit, float(scale), int(decimals)


def _num(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")
    return text


def lines(result: dict[str, Any]) -> list[str]:
    """The rows of the run table (without the header lines about the scenario)."""
    years = max(1, int(result.get("params", {}).get("calendar", {}).get("years", 1) or 1))
    rows = []
    for key, m in result["metrics"].items():
        if "_grade" in key:
            continue
        label, unit, scale, decimals = describe(key)
        if unit == "count" or key in RUN_TOTALS:  # counted over the whole run
            scale /= years
        runs = m.get("runs", result.get("replications"))
        if m["mean"] is None:
            rows.append((label, "–", "", f"defined in 0 of {runs} runs"))
            continue
        mean = _num(scale * m["mean"], decimals)
        lo, hi = m["ci95"]
        ci = f"[{_num(scale * lo, decimals)}, {_num(scale * hi, decimals)}]" if lo is not None else ""
        note = f"defined in {m['n']} of {runs} runs" if runs is not None and m["n"] < runs else ""
        rows.append((label, mean, ci, note))
    width = max((len(r[0]) for r in rows), default=20)
    out = [f"{'metric':{width}s} {'mean':>10s}   95 % interval"]
    for label, mean, ci, note in rows:
        out.append(f"{label:{width}s} {mean:>10s}   {ci:24s} {note}".rstrip())
    return out
