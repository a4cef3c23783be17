"""What each coordination model does for the pupils who need more than the school.

The comparison leads with *benefit*: school days regained by the pupils in need (the same
children in every model, on common random numbers: ``sim/followup.py``), how many more are
back in school within a year, and how much sooner help that acts on their absence comes.
How soon and how often the agencies meet a pupil (a plan, a SIP meeting, a first
intervention) is *process*: it follows, labelled as such, and never makes a model "better"
on its own - a plan that changes nothing for the child is still a plan (issue 15; 001 L667-675).

``benefit_differences`` gives the numbers (``summary.json``, the command line's summary);
``sentences`` gives the report's opening paragraphs in English and Swedish.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..population import SUPPORT_KINDS as KINDS  # noqa: F401  (the kinds of help, for the split by kind)

if TYPE_CHECKING:
    from ..experiment.comparison import Comparison

ABSENCE = "absence_days_per_pupil_in_need"
IN_NEED = "pupils_in_need_per_year"
RECOVERED = "share_in_need_recovered_365d"
HELP_SHARE = "share_effective_help_365d"
HELP_MEDIAN = "days_to_effective_help_median"


def _num(x: Any) -> float | None:
    """A number for strict JSON: NaN and infinities become None."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _interval(values: np.ndarray) -> dict[str, Any]:
    """Mean and 95 % t-interval of paired per-replicate values (NaNs dropped)."""
    from scipy import stats

    x = values[~np.isnan(values)]
    n = int(x.size)
    if n == 0:
        return {"mean": None, "ci95": [None, None], "n": 0}
    m = float(x.mean())
    if n < 2:
        return {"mean": m, "ci95": [None, None], "n": n}
    half = float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return {"mean": _num(m), "ci95": [_num(m - half), _num(m + half)], "n": n}


def _paired(comp: "Comparison", label: str, metric: str, scale: np.ndarray | float = 1.0, reverse: bool = False) -> dict[str, Any]:
    """Per replicate (scenario - reference), or (reference - scenario) if ``reverse``, times ``scale``."""
    x = np.asarray(comp.values(label, metric), dtype=float)
    ref = np.asarray(comp.values(comp.reference, metric), dtype=float)
    d = (ref - x) if reverse else (x - ref)
    return _interval(d * scale)


def benefit_differences(comp: "Comparison") -> dict[str, dict[str, Any]]:
    """For every scenario against the reference, paired over replicates (mean, 95 % interval, n):

    * ``school_days_regained_per_pupil_in_need``: the reference's absence days per pupil in
      need minus the scenario's (positive: fewer days absent);
    * ``school_days_regained_per_year``: that times the reference's pupils in need per year
      (replicate by replicate): the municipality's school days a year;
    * ``more_back_in_school_within_year_per_year``: pupils in need a year more (or fewer) whose
      absence is back under 15 % within a year of onset;
    * ``share_effective_help_365d_difference`` (percentage points /100) and
      ``days_sooner_effective_help_median`` (reference's median minus the scenario's; missing
      where a median was not reached)."""
    ref_need = np.asarray(comp.values(comp.reference, IN_NEED), dtype=float)
    out: dict[str, dict[str, Any]] = {}
    for label in comp.labels[1:]:
        out[label] = {
            "school_days_regained_per_pupil_in_need": _paired(comp, label, ABSENCE, reverse=True),
            "school_days_regained_per_year": _paired(comp, label, ABSENCE, ref_need, reverse=True),
            "more_back_in_school_within_year_per_year": _paired(comp, label, RECOVERED, ref_need),
            "share_effective_help_365d_difference": _paired(comp, label, HELP_SHARE),
            "days_sooner_effective_help_median": _paired(comp, label, HELP_MEDIAN, reverse=True),
        }
    return out


def regained_differences(comp: "Comparison") -> dict[str, dict[str, Any]]:
    """``school_days_regained_per_pupil_in_need`` and ``school_days_regained_per_year`` per
    scenario in the shape of ``summary.json``'s ``differences`` (mean, paired and unpaired 95 %
    intervals, n): reference minus scenario, so positive means fewer days absent."""
    from ..experiment.comparison import paired_difference

    ref = np.asarray(comp.values(comp.reference, ABSENCE), dtype=float)
    need = np.asarray(comp.values(comp.reference, IN_NEED), dtype=float)
    out: dict[str, dict[str, Any]] = {}
    for label in comp.labels[1:]:
        x = np.asarray(comp.values(label, ABSENCE), dtype=float)
        out[label] = {}
        for key, a, b in (("school_days_regained_per_pupil_in_need", ref, x),
                          ("school_days_regained_per_year", ref * need, x * need)):
            d = paired_difference(list(a), list(b))
            out[label][key] = {"mean": _num(d.mean), "paired_ci95": [_num(v) for v in d.paired],
                               "unpaired_ci95": [_num(v) for v in d.unpaired], "n": d.n}
    return out


def strict_json(obj: Any) -> Any:
    """``obj`` with every NaN or infinity replaced by None (strict JSON) and numpy numbers as
    Python numbers."""
    if isinstance(obj, dict):
        return {k: strict_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict_json(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return _num(obj)
    return obj


def verdict(d: dict[str, Any]) -> str:
    """``"gain"`` or ``"loss"`` when the 95 % interval lies above or below zero, ``"tie"`` when
    it contains zero, ``"unknown"`` without an interval."""
    lo, hi = d["ci95"]
    if lo is None or hi is None:
        return "unknown"
    if lo > 0:
        return "gain"
    if hi < 0:
        return "loss"
    return "tie"


TEXT = {
    "en": {
        "need": "About <b>{need} pupils a year</b> in this municipality have absence that needs more than the school "
                "(an episode that worsens on its own; the same pupils in every model). Followed for a year from the onset of their absence, "
                "each of them misses {absent} school days with {ref}.",
        "gain": "<b>{name}</b>: each pupil in need <b>regains {days} school days</b> in that year compared with {ref} (95 % CI {lo} to {hi}), "
                "about {total} school days a year for the municipality.",
        "loss": "<b>{name}</b>: each pupil in need <b>loses {days} school days</b> in that year compared with {ref} (95 % CI {lo} to {hi}), "
                "about {total} school days a year for the municipality.",
        "tie": "<b>{name}</b>: no difference in school days from {ref} that is larger than the simulation's own noise "
               "({sign}{days} days per pupil in need, 95 % CI {lo} to {hi}).",
        "unknown": "<b>{name}</b>: too few runs to compare school days with {ref}.",
        "recovered": " {n} {more} pupils a year are back in school within a year of onset ({sign}{pp} percentage points).",
        "more": "more", "fewer": "fewer",
        "help": " Help that acts on absence reaches {share} % of them within a year ({ref}: {ref_share} %)",
        "help_sooner": ", {days} days {direction} at the median.",
        "help_nomedian": ".",
        "sooner": "sooner", "later": "later",
        "best": "Most school days for pupils in need: <b>{name}</b>.",
        "best_tied": "Most school days for pupils in need: <b>{names}</b> and <b>{last}</b>, which the simulation cannot tell apart.",
        "ref_best": "No model gives pupils in need more school days than <b>{ref}</b>.",
        "all_tie": "No model differs from <b>{ref}</b> in school days for pupils in need by more than the simulation's own noise.",
        "short": "The simulated years are too short to follow pupils in need for a whole year after onset "
                 "(run at least two school years after any warm-up): school days regained cannot be given.",
        "process": "<b>Process, not benefit.</b> The measures below count how soon and how often the agencies act "
                   "(a plan, a SIP meeting, an intervention), whatever that does for the child; "
                   "a model is not better for a pupil because its process is faster.",
    },
    "sv": {
        "need": "Ungefär <b>{need} elever om året</b> i kommunen har en frånvaro som kräver mer än skolan "
                "(en period som förvärras av sig själv; samma elever i varje modell). Under året efter att frånvaron blev problematisk "
                "missar var och en {absent} skoldagar med {ref}.",
        "gain": "<b>{name}</b>: varje elev i behov <b>vinner {days} skoldagar</b> det året jämfört med {ref} (95 % KI {lo} till {hi}), "
                "ungefär {total} skoldagar om året för kommunen.",
        "loss": "<b>{name}</b>: varje elev i behov <b>förlorar {days} skoldagar</b> det året jämfört med {ref} (95 % KI {lo} till {hi}), "
                "ungefär {total} skoldagar om året för kommunen.",
        "tie": "<b>{name}</b>: ingen skillnad i skoldagar mot {ref} som är större än slumpvariationen i simuleringen "
               "({sign}{days} dagar per elev i behov, 95 % KI {lo} till {hi}).",
        "unknown": "<b>{name}</b>: för få körningar för att jämföra skoldagar med {ref}.",
        "recovered": " {n} {more} elever om året är tillbaka i skolan inom ett år efter starten ({sign}{pp} procentenheter).",
        "more": "fler", "fewer": "färre",
        "help": " Hjälp som verkar på frånvaron når {share} % av dem inom ett år ({ref}: {ref_share} %)",
        "help_sooner": ", i median {days} dagar {direction}.",
        "help_nomedian": ".",
        "sooner": "tidigare", "later": "senare",
        "best": "Flest skoldagar för elever i behov: <b>{name}</b>.",
        "best_tied": "Flest skoldagar för elever i behov: <b>{names}</b> och <b>{last}</b>, som simuleringen inte kan skilja åt.",
        "ref_best": "Ingen modell ger elever i behov fler skoldagar än <b>{ref}</b>.",
        "all_tie": "Ingen modell skiljer sig från <b>{ref}</b> i skoldagar för elever i behov med mer än slumpvariationen i simuleringen.",
        "short": "De simulerade åren räcker inte för att följa elever i behov ett helt år efter starten "
                 "(kör minst två läsår efter en eventuell uppvärmning): vunna skoldagar kan inte anges.",
        "process": "<b>Process, inte nytta.</b> Måtten nedan räknar hur snabbt och hur ofta aktörerna agerar "
                   "(en plan, ett SIP-möte, en insats), oavsett vad det gör för barnet; "
                   "en modell är inte bättre för en elev för att dess process är snabbare.",
    },
}


def _fmt(x: float | None, decimals: int, lang: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}".replace(",", "\u2009")
    text = text.replace(".", ",") if lang == "sv" else text
    return text.replace("-", "−")


def _indistinguishable(comp: "Comparison", a: str, b: str) -> bool:
    """Whether the paired 95 % interval of the school days of ``a`` minus ``b`` contains 0."""
    x = np.asarray(comp.values(a, ABSENCE), dtype=float) - np.asarray(comp.values(b, ABSENCE), dtype=float)
    return verdict(_interval(x)) in ("tie", "unknown")


def sentences(comp: "Comparison", lang: str, name) -> list[str]:
    """The report's opening paragraphs: the benefit to the pupils in need, model by model
    against the reference, then a line that introduces what follows as process. ``name``
    turns a label into the (escaped) name to show."""
    tx = TEXT[lang]
    f = lambda x, d=0: _fmt(x, d, lang)  # noqa: E731
    ref = comp.reference
    need = comp.summary(ref, IN_NEED)["mean"]
    absent = comp.summary(ref, ABSENCE)["mean"]
    if absent is None:
        return [tx["short"], tx["process"]]
    out = [tx["need"].format(need=f(need), absent=f(absent), ref=name(ref))]
    diffs = benefit_differences(comp)
    items = []
    kinds = {}
    ref_share = comp.summary(ref, HELP_SHARE)["mean"]
    for label in comp.labels[1:]:
        d = diffs[label]
        per = d["school_days_regained_per_pupil_in_need"]
        kind = kinds[label] = verdict(per)
        mean = per["mean"]
        text = tx[kind].format(name=name(label), ref=name(ref), days=f(abs(mean) if mean is not None else None, 1),
                               lo=f(per["ci95"][0], 1), hi=f(per["ci95"][1], 1),
                               total=f(abs(d["school_days_regained_per_year"]["mean"] or 0.0)),
                               sign="+" if (mean or 0) >= 0 else "−")
        rec = d["more_back_in_school_within_year_per_year"]
        if rec["mean"] is not None and verdict(rec) in ("gain", "loss"):
            more = rec["mean"]
            share_pp = comp.summary(label, RECOVERED)["mean"] - comp.summary(ref, RECOVERED)["mean"]
            text += tx["recovered"].format(n=f(abs(more), 1), more=tx["more"] if more > 0 else tx["fewer"],
                                           sign="+" if share_pp >= 0 else "−", pp=f(abs(100 * share_pp), 1))
        share = comp.summary(label, HELP_SHARE)["mean"]
        if share is not None and ref_share is not None:
            text += tx["help"].format(share=f(100 * share), ref=name(ref), ref_share=f(100 * ref_share))
            sooner = d["days_sooner_effective_help_median"]
            if sooner["mean"] is not None and sooner["n"] >= max(2, comp.reps // 2) and verdict(sooner) in ("gain", "loss"):
                text += tx["help_sooner"].format(days=f(abs(sooner["mean"])),
                                                 direction=tx["sooner"] if sooner["mean"] > 0 else tx["later"])
            else:
                text += tx["help_nomedian"]
        items.append(text)
    if items:
        out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        gains = [lbl for lbl, k in kinds.items() if k == "gain"]
        if gains:
            best = max(gains, key=lambda lbl: diffs[lbl]["school_days_regained_per_pupil_in_need"]["mean"])
            level = [lbl for lbl in gains if lbl != best and _indistinguishable(comp, best, lbl)]
            if level:
                names = ", ".join(name(lbl) for lbl in [best, *level][:-1])
                out.append(tx["best_tied"].format(names=names, last=name(([best, *level])[-1])))
            else:
                out.append(tx["best"].format(name=name(best)))
        elif all(k == "loss" for k in kinds.values()):
            out.append(tx["ref_best"].format(ref=name(ref)))
        elif all(k in ("tie", "unknown") for k in kinds.values()):
            out.append(tx["all_tie"].format(ref=name(ref)))
        else:  # losses and ties: none beats the reference
            out.append(tx["ref_best"].format(ref=name(ref)))
    out.append(tx["process"])
    return out


def printed_summary(comp: "Comparison") -> list[str]:
    """The command line's summary, benefit first: school days regained per pupil in need."""
    ref = comp.reference
    diffs = benefit_differences(comp)
    lines = []
    need = comp.summary(ref, IN_NEED)["mean"]
    absent = comp.summary(ref, ABSENCE)["mean"]
    if absent is None:
        lines.append("  (run too short to follow pupils in need a year after onset: no school days regained)")
        return lines
    lines.append(f"  pupils in need a year: {need:.1f}; school days absent per pupil in need in the year after onset "
                 f"with {ref}: {absent:.1f}")
    lines.append("  school days regained per pupil in need (paired 95 % CI) | a year, municipality | effective help within a year")
    share = comp.summary(ref, HELP_SHARE)["mean"]
    lines.append(f"  {ref:24s} {'(reference)':>28s} {'':>22s} {100 * (share or 0):6.0f} %")
    for label in comp.labels[1:]:
        per, year = diffs[label]["school_days_regained_per_pupil_in_need"], diffs[label]["school_days_regained_per_year"]
        share = comp.summary(label, HELP_SHARE)["mean"]
        if per["mean"] is None or per["ci95"][0] is None:
            lines.append(f"  {label:24s} n/a")
            continue
        lines.append(f"  {label:24s} {per['mean']:+6.1f} [{per['ci95'][0]:+6.1f}, {per['ci95'][1]:+6.1f}]   "
                     f"{year['mean']:+8.0f} days/year      {100 * (share or 0):6.0f} %")
    return lines
