"""The policymaker's report: one self-contained HTML file (figures embedded, opens offline).

It answers first, in plain words, "what does each model do for the pupils whose absence needs
more than the school - school days regained, back in school within a year, effective help sooner -
and how sure are we?" (``sim/report/benefit.py``); then how soon the agencies act, labelled as
process; then gives the table of key metrics with paired differences, then the
figures, each with a title, labelled axes and a one-line reading guide.
"""
from __future__ import annotations

import base64
import math
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from . import benefit, costs_section, figures, robustness
from .i18n import METRICS, RUN_TOTALS, TEXT, metric_label
from .names import NAMES, display_name, use_scenario_names  # noqa: F401  (the models' names, one list)

if TYPE_CHECKING:
    from ..experiment.comparison import Comparison

HEADLINE = "days_without_multiagency_contact_first_year"
STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1c2833;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.8em;border-bottom:2px solid #d5dbdb;padding-bottom:.2em}
.sub{color:#566573;font-size:.9em} .summary p{font-size:1.05em}
table{border-collapse:collapse;font-size:.85em;width:100%} th,td{border-bottom:1px solid #e5e8e8;padding:.35em .5em;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left} th{background:#f4f6f6} .ci{color:#7f8c8d;font-size:.85em;display:block}
.good{color:#1e8449} .bad{color:#b03a2e} .nb{white-space:nowrap} figure{margin:1.5em 0} figure img{max-width:100%} figcaption{color:#424949;font-size:.9em;font-style:italic}
.note{color:#566573;font-size:.85em} dl dt{font-weight:600;margin-top:.5em} dl dd{margin-left:1em;color:#424949}
"""


NBSP = "\u202f"  # narrow no-break space: groups thousands and never breaks a number


def _fmt(x: float, decimals: int = 0, lang: str = "en") -> str:
    """A number for the report: thousands grouped, no negative zero, decimal comma in Swedish."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if text.lstrip("-").replace("0", "").replace(".", "").replace(",", "") == "":
        text = text.lstrip("-")  # -0.0 and -0 are shown as 0
    text = text.replace(",", NBSP)
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return text.replace(".", ",") if lang == "sv" else text


def _interval(lo: float, hi: float, decimals: int, lang: str) -> str:
    return f"<span class='nb'>[{_fmt(lo, decimals, lang)}, {_fmt(hi, decimals, lang)}]</span>"


def _shown_excludes_zero(lo: float, hi: float, decimals: int) -> bool:
    """Whether the interval, as shown (rounded), lies wholly on one side of zero."""
    rl, rh = round(lo, decimals), round(hi, decimals)
    return not (math.isnan(rl) or math.isnan(rh) or rl <= 0 <= rh)


def _summary(comp: "Comparison", lang: str) -> list[str]:
    """Plain-language answer first: the benefit to pupils in need; then the process (who is
    soonest, by how much, how sure), labelled as process; then attendance over all pupils."""
    tx, ref = TEXT[lang], comp.reference
    name = lambda lbl: escape(display_name(lbl, lang))  # noqa: E731
    f = lambda x, d=0: _fmt(x, d, lang)  # noqa: E731
    lead = benefit.sentences(comp, lang, name)
    shares = {lbl: comp.summary(lbl, "share_multiagency_contact_within_365d")["mean"] or 0.0 for lbl in comp.labels}
    days = {lbl: comp.summary(lbl, HEADLINE)["mean"] for lbl in comp.labels}
    ranked = sorted(comp.labels, key=lambda lbl: days[lbl] if days[lbl] is not None else math.inf)
    best = ranked[0]
    out = lead + [tx["soonest"].format(best=name(best), best_share=f(100 * shares[best]), ref=name(ref), ref_share=f(100 * shares[ref]))]
    items = []
    for label in ranked:
        if label == ref:
            items.append(tx["rank_ref"].format(name=name(label), days=f(days[label])))
            continue
        d = comp.difference(label, HEADLINE)
        if d.n == 0:
            continue
        why = f" {tx['overload_why']}" if "overload" in label and d.mean > 0 and d.excludes_zero else ""
        items.append(tx["rank_item"].format(
            name=name(label), days=f(abs(d.mean)), direction=tx["shorter"] if d.mean < 0 else tx["longer"], ref=name(ref),
            lo=f(d.paired[0]), hi=f(d.paired[1]), certainty=tx["sure"] if d.excludes_zero else tx["unsure"]) + why)
    out.append(tx["rank_intro"] + "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>")
    medians = {lbl: comp.summary(lbl, "days_to_first_multiagency_contact_median") for lbl in comp.labels}
    enough = lambda lbl: medians[lbl]["n"] >= max(2, comp.reps // 2)  # noqa: E731
    if enough(ref):
        for label in comp.labels[1:]:
            d = comp.difference(label, "days_to_first_multiagency_contact_median")
            if enough(label) and d.n >= 2:
                out.append(tx["median_sentence"].format(name=name(label), days=f(abs(d.mean)),
                                                        direction=tx["shorter"] if d.mean < 0 else tx["longer"],
                                                        lo=f(d.paired[0]), hi=f(d.paired[1])))
    missing = [lbl for lbl in comp.labels if not enough(lbl)]
    if missing:
        out.append(tx["median_missing"].format(names=", ".join(name(lbl) for lbl in missing)))
    if len(comp.labels) > 1:
        other = best if best != ref else comp.labels[1]
        d = comp.difference(other, "mean_daily_absence")
        if d.n:
            out.append(tx["attendance_sentence"].format(
                diff=f(abs(100 * d.mean), 2), direction=tx["lower"] if d.mean < 0 else tx["higher"], name=name(other),
                ref=name(ref), lo=f(100 * d.paired[0], 2), hi=f(100 * d.paired[1], 2), days=f(abs(d.mean) * 178, 1)))
            widest = max(abs(comp.difference(lbl, "mean_daily_absence").mean) for lbl in comp.labels[1:])
            out.append(tx["attendance_all"].format(pp=f(100 * widest, 2), days=f(widest * 178, 1)))
    out.append(tx["how_sure"].format(reps=comp.reps))
    if len(comp.labels) > 1:
        d = comp.difference(other, "mean_daily_absence")
        h = comp.difference(other, HEADLINE)
        if d.n >= 2 and h.n >= 2:
            out.append(tx["pairing"].format(
                name=name(other), ref=name(ref), paired=f(50 * (d.paired[1] - d.paired[0]), 3),
                unpaired=f(50 * (d.unpaired[1] - d.unpaired[0]), 3), hpaired=f((h.paired[1] - h.paired[0]) / 2, 1),
                hunpaired=f((h.unpaired[1] - h.unpaired[0]) / 2, 1)))
    out.append(tx["caveat"])
    return out


def _years(comp: "Comparison") -> int:
    return int(comp.scenarios[0].params.calendar.years) if comp.scenarios else 1


def table_cell(comp: "Comparison", label: str, key: str, lang: str) -> str:
    """One cell of the key-results table: the mean, its interval, and the difference from the
    reference with its paired interval; coloured only when that interval, as shown, excludes zero."""
    tx = TEXT[lang]
    _, _, unit, scale, better, decimals = METRICS[key]
    if key in RUN_TOTALS:
        scale = scale / _years(comp)
    s = comp.summary(label, key)
    if s["mean"] is None or s["n"] < max(2, comp.reps / 2):
        return f"<td>–<span class='ci'>{tx['not_reached'].format(n=s['n'], reps=comp.reps)}</span></td>"
    text = f"<span class='nb'>{_fmt(scale * s['mean'], decimals, lang)}</span>"
    if s["ci95"][0] is not None:
        text += f"<span class='ci'>{_interval(scale * s['ci95'][0], scale * s['ci95'][1], decimals, lang)}</span>"
    if s["n"] < comp.reps:
        text += f"<span class='ci'>{tx['not_reached'].format(n=s['n'], reps=comp.reps)}</span>"
    if label != comp.reference:
        d = comp.difference(label, key)
        if d.n >= 2:
            lo, hi = scale * d.paired[0], scale * d.paired[1]
            clear = d.excludes_zero and _shown_excludes_zero(lo, hi, decimals)
            arrow, cls = "", ""
            if better and clear:
                good = (d.mean < 0) == (better == "lower")
                arrow, cls = ("▲ ", "good") if good else ("▼ ", "bad")
            mean = _fmt(scale * d.mean, decimals, lang)
            zero = mean.replace(NBSP, "").strip("0.,") == ""
            sign = "" if mean.startswith("\u2212") or zero else "+"
            diff = f"<span class='nb'>{sign}{mean}</span> {_interval(lo, hi, decimals, lang)}"
            diff = f"<b>{diff}</b>" if clear else diff
            text += f"<span class='ci {cls}'>{arrow}Δ {diff}</span>"
    return f"<td>{text}</td>"


def _table(comp: "Comparison", lang: str) -> str:
    tx = TEXT[lang]
    head = "".join(f"<th>{escape(display_name(lbl, lang))}</th>" for lbl in comp.labels)
    rows = []
    for key in METRICS:
        if key not in comp.runs[comp.reference][0]["metrics"]:
            continue
        cells = "".join(table_cell(comp, label, key, lang) for label in comp.labels)
        rows.append(f"<tr><td>{escape(metric_label(key, lang))}</td>{cells}</tr>")
    return (f"<table><tr><th>{tx['metric']}</th>{head}</tr>{''.join(rows)}</table>"
            f"<p class='note'>{tx['table_note'].format(ref=escape(display_name(comp.reference, lang)), years=_years(comp))}</p>")


def render(comp: "Comparison", lang: str = "en") -> str:
    if lang not in TEXT:
        raise ValueError(f"language must be one of {sorted(TEXT)}")
    tx = TEXT[lang]
    use_scenario_names(comp)
    names = {lbl: display_name(lbl, lang) for lbl in comp.labels}
    parts = [f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{escape(tx['title'])}</title>",
             f"<style>{STYLE}</style></head><body>",
             f"<h1>{escape(tx['title'])}</h1>",
             f"<p class='sub'>{escape(tx['subtitle'].format(version=__version__, reps=comp.reps, seed=comp.seed, date=date.today().isoformat()))}</p>",
             f"<h2>{tx['summary']}</h2><div class='summary'>", *[f"<p>{p}</p>" for p in _summary(comp, lang)], "</div>",
             *robustness.section(comp, lang),
             f"<h2>{tx['scenarios']}</h2><dl>"]
    for label, sc in zip(comp.labels, comp.scenarios):
        desc = sc.description_sv if lang == "sv" and sc.description_sv else sc.description
        parts.append(f"<dt>{escape(names[label])}</dt><dd>{escape(desc)} <span class='note'>({escape(Path(sc.source).name)})</span></dd>")
    parts += ["</dl>", f"<h2>{tx['table']}</h2>", _table(comp, lang), f"<h2>{tx['figures']}</h2>"]
    for _, make, guide in figures.ALL:
        data = base64.b64encode(make(comp, names, lang)).decode("ascii")
        parts.append(f"<figure><img alt='' src='data:image/png;base64,{data}'><figcaption>{escape(tx[guide])}</figcaption></figure>")
    parts.append(costs_section.section(comp, lang))  # "What it costs" (sim/report/costs_section.py)
    parts += [f"<h2>{tx['params']}</h2><p>{tx['params_text']}</p>", "</body></html>"]
    return "\n".join(parts)


def write_report(comp: "Comparison", path: Path, lang: str = "en") -> Path:
    path.write_text(render(comp, lang), encoding="utf-8")
    return path
