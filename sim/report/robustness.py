"""The report's section "How sure are we?": each model across plausible worlds (English and Swedish).

It shows, for each model against the reference, the chance that it beats the reference across
plausible worlds (draws of the uncertain assumptions, :mod:`sim.uncertainty`), the range of its
benefit, a figure of the distribution of the difference per model, a bar chart of what the
difference hinges on, and the conditions under which the model does worse, in plain words.
Without ``--worlds`` it says in one line that the assumptions were held fixed, and how to vary
them.
"""
from __future__ import annotations

import base64
import math
from html import escape
from typing import TYPE_CHECKING, Any

from ..experiment.robustness import HELP, PRIMARY

from .names import display_name

if TYPE_CHECKING:
    from ..experiment.comparison import Comparison

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "How sure are we?",
        "fixed": "The assumptions were held fixed at their defaults: the intervals in this report describe only the simulation's own randomness (an interval that excludes zero says a difference is not simulation noise, nothing more). To see how the ranking holds across plausible values of the uncertain assumptions, run the comparison with <code>--worlds prior:100</code> (or <code>--worlds FILE</code> with calibrated worlds).",
        "intro": "Nobody knows exactly how much a coordinated plan helps, how fast trust grows or how quickly help loses its effect when it comes late. Each model was therefore run in <b>{n} plausible worlds</b> ({design}): each world draws the {k} uncertain assumptions from their plausible ranges (<code>samsim describe</code> lists them with their reasons), while each model keeps what the municipality decides. In each world the models ran {reps} time(s) on the same pupils.{weighted}",
        "weighted": " The worlds carry weights (a calibrated posterior), used in every share below.",
        "stand_in": " <i>Note: the model does not yet give {metric}; {src} stands in for it.</i>",
        "head": ["Model", "Chance it beats {ref}", "… by at least {margin} school day(s) per pupil in need", "School days regained per pupil in need: median [5–95 % of worlds]", "Effective help within a year, points: median [5–95 %]", "Regret: mean [worst 5 %]"],
        "table_note": "School days regained: {ref}'s absence days per pupil in need minus the model's, paired within world and replicate (positive: fewer days absent). Regret: how many school days per pupil in need a model falls short of the best model of the same world ({ref} included). A share of about 50 % can mean the result depends on the world or that there is nothing to tell apart: the median simulation noise within a world is shown as ± after the model's name.",
        "sentence": "<b>{name}</b> regains more school days than {ref} in <b>{p} %</b> of plausible worlds (by at least {margin} day(s) per pupil in need in {pm} %); across the worlds its benefit ranges from {lo} to {hi} school days per pupil in need (median {med}).",
        "fig_dist": "School days regained per pupil in need against {ref}, one dot per plausible world; the box spans the middle half and the whiskers 5–95 %. Right of the dashed line, the model beats {ref} in that world.",
        "fig_sens": "What the difference hinges on: for each model, the uncertain assumptions whose value moves its school days regained most ({method}; bars show the 95 % bootstrap interval). Positive: the higher the assumption, the more the model gains.",
        "conditions": "When does a model do worse than {ref}?",
        "none_worse": "<b>{name}</b> did worse than {ref} in none of the worlds.",
        "few_worse": "<b>{name}</b> does worse than {ref} in {share} % of the worlds: too few to describe a condition.",
        "box": "<b>{name}</b> does worse than {ref} in {share} % of the worlds. Most of them ({cov} %) are worlds where {conds}; in such worlds it does worse {dens} % of the time.",
        "caution": " (Found in only {n} worlds: a hint, not a finding.)",
        "no_box": "<b>{name}</b> does worse than {ref} in {share} % of the worlds, without a simple condition that singles them out.",
        "between": "{what} is between {lo} and {hi}", "atleast": "{what} is at least {lo}", "atmost": "{what} is at most {hi}",
        "and": " and ",
        "method": {"prcc": "partial rank correlation", "spearman": "rank correlation", "sobol_total": "total Sobol' index"},
        "x": "school days regained per pupil in need", "sens_x": "influence on the school days regained",
    },
    "sv": {
        "title": "Hur säkra är vi?",
        "fixed": "Antagandena hölls fasta på sina standardvärden: intervallen i rapporten beskriver bara simuleringens egen slumpvariation (ett intervall som inte innehåller noll säger att en skillnad inte är simuleringsbrus, inget mer). Kör jämförelsen med <code>--worlds prior:100</code> (eller <code>--worlds FIL</code> med kalibrerade världar) för att se om rangordningen håller över rimliga värden på de osäkra antagandena.",
        "intro": "Ingen vet exakt hur mycket en samordnad plan hjälper, hur snabbt tillit växer eller hur fort en insats tappar verkan när den kommer sent. Varje modell kördes därför i <b>{n} rimliga världar</b> ({design}): varje värld drar de {k} osäkra antagandena ur sina rimliga intervall (<code>samsim describe</code> visar dem med skäl), medan varje modell behåller det kommunen beslutar. I varje värld kördes modellerna {reps} gång(er) på samma elever.{weighted}",
        "weighted": " Världarna har vikter (en kalibrerad posterior) som används i alla andelar nedan.",
        "stand_in": " <i>Obs: modellen ger ännu inte {metric}; {src} används i stället.</i>",
        "head": ["Modell", "Chans att slå {ref}", "… med minst {margin} skoldag(ar) per elev i behov", "Återvunna skoldagar per elev i behov: median [5–95 % av världarna]", "Verksam hjälp inom ett år, procentenheter: median [5–95 %]", "Ånger (regret): medel [värsta 5 %]"],
        "table_note": "Återvunna skoldagar: {ref}s frånvarodagar per elev i behov minus modellens, parvis inom värld och replikat (positivt: färre frånvarodagar). Ånger: hur många skoldagar per elev i behov en modell ligger efter den bästa modellen i samma värld ({ref} medräknad). En andel kring 50 % kan betyda att resultatet beror på världen eller att det inte finns något att skilja åt: medianbruset inom en värld visas som ± efter modellens namn.",
        "sentence": "<b>{name}</b> återvinner fler skoldagar än {ref} i <b>{p} %</b> av de rimliga världarna (med minst {margin} dag(ar) per elev i behov i {pm} %); över världarna ligger vinsten mellan {lo} och {hi} skoldagar per elev i behov (median {med}).",
        "fig_dist": "Återvunna skoldagar per elev i behov jämfört med {ref}, en punkt per rimlig värld; lådan täcker mittenhälften och morrhåren 5–95 %. Till höger om den streckade linjen slår modellen {ref} i den världen.",
        "fig_sens": "Vad skillnaden hänger på: för varje modell de osäkra antaganden vars värde flyttar de återvunna skoldagarna mest ({method}; strecken visar 95 % bootstrapintervall). Positivt: ju högre antagande, desto mer vinner modellen.",
        "conditions": "När gör en modell det sämre än {ref}?",
        "none_worse": "<b>{name}</b> gjorde det sämre än {ref} i ingen av världarna.",
        "few_worse": "<b>{name}</b> gör det sämre än {ref} i {share} % av världarna: för få för att beskriva ett villkor.",
        "box": "<b>{name}</b> gör det sämre än {ref} i {share} % av världarna. De flesta av dem ({cov} %) är världar där {conds}; i sådana världar gör den det sämre i {dens} % av fallen.",
        "caution": " (Bygger på bara {n} världar: en antydan, inte ett resultat.)",
        "no_box": "<b>{name}</b> gör det sämre än {ref} i {share} % av världarna, utan något enkelt villkor som pekar ut dem.",
        "between": "{what} ligger mellan {lo} och {hi}", "atleast": "{what} är minst {lo}", "atmost": "{what} är högst {hi}",
        "and": " och ",
        "method": {"prcc": "partiell rangkorrelation", "spearman": "rangkorrelation", "sobol_total": "totalt Sobol'-index"},
        "x": "återvunna skoldagar per elev i behov", "sens_x": "inverkan på återvunna skoldagar",
    },
}


def _num(x: Any, lang: str, d: int = 1) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    text = f"{x:+.{d}f}" if d else f"{x:.0f}"
    return text.replace(".", ",").replace("-", "−") if lang == "sv" else text.replace("-", "−")


def _short(v: float) -> str:
    return f"{v:.3g}"


def _what(name: str) -> str:
    """A parameter in words: its description's first clause, with the dotted name."""
    from ..params import sections

    sec, _, key = name.partition(".")
    cls = sections().get(sec)
    f = cls.model_fields.get(key) if cls else None
    unit = (f.json_schema_extra or {}).get("unit", "") if f else ""
    desc = (f.description or "").rstrip(".") if f else ""
    if desc:
        desc = desc[0].lower() + desc[1:]
        return f"{escape(desc)} (<code>{escape(name)}</code>{', ' + escape(str(unit)) if unit and unit != '-' else ''})"
    return f"<code>{escape(name)}</code>"


def _box_words(box: dict[str, Any], tx: dict[str, Any]) -> str:
    parts = []
    for lim in box["limits"]:
        what = _what(lim["name"])
        if "min" in lim and "max" in lim:
            parts.append(tx["between"].format(what=what, lo=_short(lim["min"]), hi=_short(lim["max"])))
        elif "min" in lim:
            parts.append(tx["atleast"].format(what=what, lo=_short(lim["min"])))
        else:
            parts.append(tx["atmost"].format(what=what, hi=_short(lim["max"])))
    return tx["and"].join(parts)


def section(comp: "Comparison", lang: str) -> list[str]:
    """HTML parts of the section (a heading and paragraphs, a table and two figures)."""

    tx = TEXT[lang]
    unc = getattr(comp, "uncertainty", None)
    out = [f"<h2>{escape(tx['title'])}</h2>"]
    if not unc:
        return out + [f"<p>{tx['fixed']}</p>"]
    ref = comp.reference
    labels = [lbl for lbl in comp.labels[1:] if lbl in unc]
    name = lambda lbl: escape(display_name(lbl, lang))  # noqa: E731
    wd = unc["worlds"]
    out.append("<p>" + tx["intro"].format(n=wd["n"], design=escape(wd["spec"]), k=len(wd["varied"]), reps=wd["replications"],
                                          weighted=tx["weighted"] if wd.get("weighted") else ""))
    for outcome, meta in unc.get("outcomes", {}).items():
        if meta.get("stand_in"):
            out[-1] += tx["stand_in"].format(metric=escape(outcome), src=escape(meta["from_metric"]))
    out[-1] += "</p>"
    margin = unc["margins"][PRIMARY]
    for lbl in labels:
        d = unc[lbl].get(PRIMARY)
        if not d or unc[lbl].get("prob_better") is None:
            continue
        out.append("<p>" + tx["sentence"].format(
            name=name(lbl), ref=name(ref), p=f"{100 * unc[lbl]['prob_better']:.0f}", margin=_short(margin),
            pm=f"{100 * unc[lbl]['prob_better_by_margin']:.0f}", lo=_num(d["p05"], lang), hi=_num(d["p95"], lang),
            med=_num(d["median"], lang)) + "</p>")
    # table
    head = [h.format(ref=name(ref), margin=_short(margin)) for h in tx["head"]]
    rows = []
    for lbl in comp.labels:
        e = unc.get(lbl, {}) if lbl != ref else {}
        d, h = e.get(PRIMARY) or {}, e.get(HELP) or {}
        reg = (unc.get("regret") or {}).get(lbl, {})
        noise = d.get("noise_se")
        nm = name(lbl) + (f" <span class='ci'>±{_num(noise, lang).lstrip('+')}</span>" if noise is not None else "")
        pb = f"{100 * e['prob_better']:.0f} %" if e.get("prob_better") is not None else "–"
        pm = f"{100 * e['prob_better_by_margin']:.0f} %" if e.get("prob_better_by_margin") is not None else "–"
        days = f"{_num(d.get('median'), lang)} [{_num(d.get('p05'), lang)}, {_num(d.get('p95'), lang)}]" if d else "–"
        helped = (f"{_num(100 * h['median'], lang)} [{_num(100 * h['p05'], lang)}, {_num(100 * h['p95'], lang)}]"
                  if h and h.get("median") is not None else "–")
        regret = f"{_num(reg.get('mean'), lang).lstrip('+')} [{_num(reg.get('p95'), lang).lstrip('+')}]" if reg else "–"
        rows.append(f"<tr><td>{nm}</td><td>{pb}</td><td>{pm}</td><td>{days}</td><td>{helped}</td><td>{regret}</td></tr>")
    out.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>")
    out.append(f"<p class='note'>{tx['table_note'].format(ref=name(ref))}</p>")
    # figures
    names = {lbl: display_name(lbl, lang) for lbl in comp.labels}
    per_world = {lbl: (unc[lbl].get(PRIMARY) or {}).get("per_world") or [] for lbl in labels}
    if any(per_world.values()):
        png = distribution_figure(per_world, labels, names, tx)
        out.append(_figure(png, tx["fig_dist"].format(ref=display_name(ref, lang))))
    methods = {unc[lbl].get("sensitivity", {}).get("method") for lbl in labels} - {None}
    if methods:
        png = sensitivity_figure(unc, labels, names, tx)
        method = ", ".join(tx["method"].get(m, m) for m in sorted(methods))
        out.append(_figure(png, tx["fig_sens"].format(method=method)))
    # conditions
    out.append(f"<h3>{escape(tx['conditions'].format(ref=display_name(ref, lang)))}</h3><ul>")
    for lbl in labels:
        disc = unc[lbl].get("discovery") or {}
        share = disc.get("share_worse")
        box = disc.get("box")
        if not share or share <= 0:
            out.append("<li>" + tx["none_worse"].format(name=name(lbl), ref=name(ref)) + "</li>")
        elif box is None:
            out.append("<li>" + tx["few_worse"].format(name=name(lbl), ref=name(ref), share=f"{100 * share:.0f}") + "</li>")
        elif box.get("limits"):
            out.append("<li>" + tx["box"].format(name=name(lbl), ref=name(ref), share=f"{100 * share:.0f}",
                                                 cov=f"{100 * box['coverage']:.0f}", conds=_box_words(box, tx),
                                                 dens=f"{100 * box['density']:.0f}")
                       + (tx["caution"].format(n=wd["n"]) if box.get("caution") else "") + "</li>")
        else:
            out.append("<li>" + tx["no_box"].format(name=name(lbl), ref=name(ref), share=f"{100 * share:.0f}") + "</li>")
    out.append("</ul>")
    return out


def _figure(png: bytes, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f"<figure><img alt='' src='data:image/png;base64,{data}'><figcaption>{escape(caption)}</figcaption></figure>"


def distribution_figure(per_world: dict[str, list[float]], labels: list[str], names: dict[str, str], tx: dict[str, Any]) -> bytes:
    """One row per model: the difference in each world (dots), a box of the middle half, 5-95 % whiskers."""
    import numpy as np

    from .figures import COLOURS, _png, plt

    fig, ax = plt.subplots(figsize=(9, 0.7 + 0.55 * max(1, len(labels))))
    rng = np.random.default_rng(0)
    for i, lbl in enumerate(labels):
        y = np.asarray([v for v in per_world.get(lbl, []) if v is not None and math.isfinite(v)], float)
        if y.size == 0:
            continue
        row = len(labels) - 1 - i
        colour = COLOURS[(i + 1) % len(COLOURS)]
        ax.scatter(y, row + rng.uniform(-0.18, 0.18, y.size), s=9, alpha=0.45, color=colour, linewidths=0)
        ax.boxplot([y], positions=[row], orientation="horizontal", widths=0.5, whis=(5, 95), showfliers=False,
                   medianprops={"color": "black"}, boxprops={"color": colour}, whiskerprops={"color": colour},
                   capprops={"color": colour})
    ax.axvline(0, color="#7f8c8d", linestyle="--", linewidth=1)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels([names[lbl] for lbl in reversed(labels)])
    ax.set_xlabel(tx["x"])
    return _png(fig)


def sensitivity_figure(unc: dict[str, Any], labels: list[str], names: dict[str, str], tx: dict[str, Any], top: int = 6) -> bytes:
    """One panel per model: the ``top`` uncertainties that move its difference most, with intervals."""
    from .figures import COLOURS, _png, plt

    panels = [lbl for lbl in labels if (unc[lbl].get("sensitivity") or {}).get("ranking")]
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 2.6 * rows), squeeze=False)
    for ax in axes.flat[len(panels):]:
        ax.axis("off")
    for i, (ax, lbl) in enumerate(zip(axes.flat, panels)):
        rank = unc[lbl]["sensitivity"]["ranking"][:top][::-1]
        vals = [r["value"] or 0.0 for r in rank]
        lo = [max(0.0, v - (r["ci95"][0] if r["ci95"][0] is not None else v)) for v, r in zip(vals, rank)]
        hi = [max(0.0, (r["ci95"][1] if r["ci95"][1] is not None else v) - v) for v, r in zip(vals, rank)]
        ax.barh(range(len(rank)), vals, xerr=[lo, hi], color=COLOURS[(labels.index(lbl) + 1) % len(COLOURS)], alpha=0.8,
                error_kw={"elinewidth": 0.8, "ecolor": "#566573"})
        ax.set_yticks(range(len(rank)))
        ax.set_yticklabels([r["name"] for r in rank], fontsize=7)
        ax.axvline(0, color="#7f8c8d", linewidth=0.8)
        ax.set_title(names[lbl], fontsize=9)
        ax.set_xlabel(tx["sens_x"], fontsize=8)
    fig.tight_layout()
    return _png(fig)
