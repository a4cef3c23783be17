"""The report's "What it costs" section (English and Swedish): cost per year of each model,
what it buys, the price of a regained school day and of a pupil back in school, the
cost-effectiveness plane and acceptability curve, and every price with its source or marked as
an assumption. Numbers come from ``summary.json``'s ``costs`` (sim/experiment/costs_compare.py).
"""
from __future__ import annotations

import base64
import math
import re
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np

from ..costs import PARTS, TOTAL
from ..experiment.costs_compare import acceptability, benefits, cost_effectiveness
from ..experiment.intervals import mean_ci
from ..params import Costs
from ..sources import BY_KEY, CLASSES, KEY, keys, source_class

from .names import display_name

if TYPE_CHECKING:
    from ..experiment.comparison import Comparison

TEXT = {
    "en": {
        "title": "What it costs",
        "intro": "What a year of each model costs the municipality and the region, in kronor: the posts a model adds, "
                 "the hours staff spend in meetings, visits and training (at each profession's hourly cost), and the agencies' "
                 "work on these pupils (preliminary assessments, investigations, family interventions, BUP assessments and "
                 "treatment, placements). Mean over {reps} replications, 95 % interval in brackets.",
        "muni": "Municipality: {name} ({pupils} pupils).",
        "cost_item": "<b>{name}</b>: {total} a year [{lo}, {hi}] - posts {posts}, meetings {meetings}, casework {casework}, placements {placements}; of it BUP (the region) {region}.",
        "vs": "<b>{name}</b> costs {cost} a year {more_less} than {ref} [{lo}, {hi}]. {benefit} {price}",
        "more": "more", "less": "less",
        "benefit": "It regains {days} school days a year for the pupils in need [{dlo}, {dhi}] and brings {pupils} more of them back under 15 % absence within a year [{plo}, {phi}].",
        "price_day": "A regained school day costs {value} [{lo}, {hi}].",
        "price_day_open": "A regained school day costs {value} (the interval is unbounded: the benefit is close to zero in some resamples).",
        "price_pupil": "A pupil back in school costs {value} [{lo}, {hi}].",
        "no_price": "Its benefit cannot be told from zero, so there is no meaningful price per school day regained.",
        "dominant": "It is cheaper <i>and</i> regains school days: it dominates {ref}.",
        "dominated": "It costs more and regains fewer school days: {ref} dominates it.",
        "saves": "It saves money but loses school days ({value} saved per school day lost).",
        "plane_caption": "Cost-effectiveness plane: each dot is one replication of a model against {ref} (school days regained a year across, "
                         "extra cost a year up); the cross is the mean with its 95 % intervals. Right and low is better; a model right and "
                         "above the zero line buys school days at the slope from the origin.",
        "ceac_caption": "Cost-effectiveness acceptability curve: the probability that each model gives the most net benefit "
                        "(what the municipality would pay per school day regained x days regained - extra cost), over paired "
                        "bootstrap resamples of the replications. Assumptions and prices were held fixed at their values in the "
                        "default world; compare --worlds varies them.",
        "ceac_caption_worlds": "Cost-effectiveness acceptability curve over {n} plausible worlds: the (weighted) share of worlds in "
                               "which each model gives the most net benefit (what the municipality would pay per school day "
                               "regained x days regained - extra cost, each averaged over the world's replications). The worlds "
                               "vary wages, prices and every other uncertainty of the model.",
        "plane_x": "school days regained a year", "plane_y": "extra cost a year (MSEK)",
        "ceac_x": "willingness to pay per school day regained (SEK)", "ceac_y": "probability of best value",
        "prices": "Prices used (section [costs] of the parameters; the works cited are listed below the table and in docs/sources.md)",
        "cited": "Works cited (key in square brackets; their addresses are in docs/sources.md)",
        "classes": {"data": "data", "calibrated": "calibrated", "report": "report", "assumption": "assumption"},
        "price": "price", "value": "value", "unit": "unit", "source": "source",
        "basis": "Benefit measured on: {basis}.",
        "not_costed": "Not costed: the school's own measures (adaptations, special support: teachers' time, in every model), "
                      "the pupils' and families' time, and what regained schooling is worth later in life. Prices change no "
                      "run, only its bill; a resource value of a school day is about 660 SEK (Skolverket's cost per pupil / 178 "
                      "days) - an average, not a saving.",
        "msek": "MSEK", "sek": "SEK",
    },
    "sv": {
        "title": "Vad det kostar",
        "intro": "Vad ett år med varje modell kostar kommunen och regionen, i kronor: tjänsterna en modell lägger till, "
                 "personalens timmar i möten, besök och utbildning (till varje yrkes timkostnad) och myndigheternas arbete "
                 "med dessa elever (förhandsbedömningar, utredningar, familjebehandling, BUP:s bedömningar och behandling, "
                 "placeringar). Medelvärde över {reps} replikeringar, 95 %-intervall inom hakparentes.",
        "muni": "Kommun: {name} ({pupils} elever).",
        "cost_item": "<b>{name}</b>: {total} per år [{lo}, {hi}] – tjänster {posts}, möten {meetings}, ärendearbete {casework}, placeringar {placements}; varav BUP (regionen) {region}.",
        "vs": "<b>{name}</b> kostar {cost} {more_less} per år än {ref} [{lo}, {hi}]. {benefit} {price}",
        "more": "mer", "less": "mindre",
        "benefit": "Modellen ger eleverna med behov {days} skoldagar tillbaka per år [{dlo}, {dhi}] och får {pupils} fler av dem under 15 % frånvaro inom ett år [{plo}, {phi}].",
        "price_day": "En återvunnen skoldag kostar {value} [{lo}, {hi}].",
        "price_day_open": "En återvunnen skoldag kostar {value} (intervallet är obegränsat: nyttan ligger nära noll i en del omdragningar).",
        "price_pupil": "En elev tillbaka i skolan kostar {value} [{lo}, {hi}].",
        "no_price": "Nyttan kan inte skiljas från noll, så det finns inget meningsfullt pris per återvunnen skoldag.",
        "dominant": "Den är billigare <i>och</i> ger skoldagar tillbaka: den dominerar {ref}.",
        "dominated": "Den kostar mer och ger färre skoldagar: {ref} dominerar den.",
        "saves": "Den sparar pengar men förlorar skoldagar ({value} sparat per förlorad skoldag).",
        "plane_caption": "Kostnadseffektivitetsplanet: varje punkt är en replikering av en modell mot {ref} (återvunna skoldagar per år "
                         "vågrätt, merkostnad per år lodrätt); krysset är medelvärdet med 95 %-intervall. Längre till höger och lägre är "
                         "bättre; en modell till höger över nollinjen köper skoldagar till lutningen från origo.",
        "ceac_caption": "Acceptanskurva: sannolikheten att varje modell ger mest nettonytta (vad kommunen vill betala per återvunnen "
                        "skoldag x återvunna dagar – merkostnad), över parvisa bootstrap-omdragningar av replikeringarna. Antaganden och "
                        "priser hölls fasta på sina värden i standardvärlden; compare --worlds varierar dem.",
        "ceac_caption_worlds": "Acceptanskurva över {n} rimliga världar: den (viktade) andelen världar där varje modell ger mest "
                               "nettonytta (vad kommunen vill betala per återvunnen skoldag x återvunna dagar – merkostnad, "
                               "var och en ett medelvärde över världens replikeringar). Världarna varierar löner, priser och "
                               "varje annan osäkerhet i modellen.",
        "plane_x": "återvunna skoldagar per år", "plane_y": "merkostnad per år (mnkr)",
        "ceac_x": "betalningsvilja per återvunnen skoldag (kr)", "ceac_y": "sannolikhet att ge mest för pengarna",
        "prices": "Priser som används (avsnittet [costs] i parametrarna; källorna listas under tabellen och i docs/sources.md)",
        "cited": "Källor (nyckel inom hakparentes; adresserna finns i docs/sources.md)",
        "classes": {"data": "data", "calibrated": "kalibrerad", "report": "rapport", "assumption": "antagande"},
        "price": "pris", "value": "värde", "unit": "enhet", "source": "källa",
        "basis": "Nyttan mäts på: {basis}.",
        "not_costed": "Inte kostnadsberäknat: skolans egna åtgärder (anpassningar, särskilt stöd: lärarnas tid, i alla modeller), "
                      "elevernas och familjernas tid och vad skolgången är värd senare i livet. Priserna ändrar inget i en körning, "
                      "bara notan; en skoldags resursvärde är omkring 660 kr (Skolverkets kostnad per elev / 178 dagar) – ett "
                      "genomsnitt, inte en besparing.",
        "msek": "mnkr", "sek": "kr",
    },
}


def _num(x: float | None, decimals: int, lang: str) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    text = f"{x:,.{decimals}f}".replace(",", "\u2009")
    return text.replace(".", ",") if lang == "sv" else text


def _sek(x: float | None, lang: str) -> str:
    """An amount: millions as MSEK / mnkr, smaller amounts in whole kronor."""
    tx = TEXT[lang]
    if x is None or not math.isfinite(x):
        return "–"
    if abs(x) >= 1e6:
        return f"{_num(x / 1e6, 2, lang)} {tx['msek']}"
    return f"{_num(x, 0, lang)} {tx['sek']}"


def _png_b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def plane_figure(comp: "Comparison", names: dict[str, str], lang: str) -> bytes:
    """Cost-effectiveness plane: per replicate (days regained a year, extra cost a year)."""
    from .figures import COLOURS, _png, plt

    tx = TEXT[lang]
    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    ref_cost = np.array(comp.values(comp.reference, TOTAL), float)
    for i, label in enumerate(comp.labels[1:], start=1):
        days, _, _ = benefits(comp, label)
        cost = (np.array(comp.values(label, TOTAL), float) - ref_cost) / 1e6
        colour = COLOURS[i % len(COLOURS)]
        ax.scatter(days, cost, s=14, alpha=0.45, color=colour)
        ok = ~(np.isnan(days) | np.isnan(cost))
        if ok.sum() >= 2:
            d, c = mean_ci(days[ok].tolist()), mean_ci(cost[ok].tolist())
            ax.errorbar(d["mean"], c["mean"], xerr=[[d["mean"] - d["ci95"][0]], [d["ci95"][1] - d["mean"]]],
                        yerr=[[c["mean"] - c["ci95"][0]], [c["ci95"][1] - c["mean"]]], color=colour, lw=2, capsize=4,
                        marker="X", ms=9, label=names[label])
    ax.axhline(0, color="#555", lw=0.8)
    ax.axvline(0, color="#555", lw=0.8)
    ax.set_xlabel(tx["plane_x"])
    ax.set_ylabel(tx["plane_y"])
    ax.grid(alpha=0.3)
    if len(comp.labels) > 1 and ax.get_legend_handles_labels()[0]:  # no means to label with one replication
        ax.legend(fontsize=8, frameon=False, loc="best")
    return _png(fig)


def ceac_figure(curve: dict[str, Any], names: dict[str, str], lang: str) -> bytes:
    from .figures import COLOURS, _png, plt

    tx = TEXT[lang]
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    x = curve["sek_per_school_day"]
    for i, (label, p) in enumerate(curve["probability_best"].items()):
        ax.plot(x, p, color=COLOURS[i % len(COLOURS)], lw=1.8, label=names[label])
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(tx["ceac_x"])
    ax.set_ylabel(tx["ceac_y"])
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, frameon=False, loc="best")
    return _png(fig)


def _cited(source: str, lang: str) -> str:
    """A parameter's source for the report: its class in words, then the text with every key
    linked to its entry in the list of works cited (the modellers' own ``[Judgement]`` is said by
    the class and left out)."""
    tx = TEXT[lang]
    cls = source_class(source)
    rest = re.sub(r"^\s*(%s)\b\s*:?\s*" % "|".join(CLASSES), "", source.strip(), flags=re.I)
    rest = rest.replace("[Judgement]", "").strip().lstrip(":,").strip()
    text = KEY.sub(lambda m: f"[<a href='#src-{m.group(1)}'>{m.group(1)}</a>]" if m.group(1) in BY_KEY else m.group(0),
                   escape(rest))
    label = tx["classes"].get(cls, cls)
    return f"<i>{label}</i>" + (f": {text}" if text else "")


def _works_cited(sources: list[str], lang: str) -> str:
    """Every work the sources name (except the modellers' judgement): who, year, title and where
    published. The web addresses are in docs/sources.md, not here: the report opens offline and
    links to nothing outside itself."""
    items = []
    for key in dict.fromkeys(k for s in sources for k in keys(s)):
        e = BY_KEY.get(key)
        if e is None or e.kind == "model":
            continue
        items.append(f"<li id='src-{key}'>[{key}] {escape(e.who)}, {escape(e.year)}: <i>{escape(e.title)}</i>. "
                     f"{escape(e.where)}.</li>")
    return f"<p class='note'>{TEXT[lang]['cited']}:</p><ul class='note'>" + "".join(items) + "</ul>" if items else ""


def price_table(used: Costs, lang: str) -> str:
    """Every price of section [costs] with its value, unit and source, the works cited below."""
    tx = TEXT[lang]
    rows, sources = [], []
    for name, f in Costs.model_fields.items():
        extra = f.json_schema_extra or {}
        source = str(extra.get("source", ""))
        sources.append(source)
        value = getattr(used, name)
        rows.append(f"<tr><td>{escape(f.description or name)} <span class='note'>costs.{name}</span></td>"
                    f"<td>{_num(value, 3 if value < 1 else 0, lang)}</td>"
                    f"<td>{escape(str(extra.get('unit', '')))}</td><td style='text-align:left'>{_cited(source, lang)}</td></tr>")
    return (f"<table><tr><th>{tx['price']}</th><th>{tx['value']}</th><th>{tx['unit']}</th><th>{tx['source']}</th></tr>"
            + "".join(rows) + "</table>" + _works_cited(sources, lang))


def _price_table(comp: "Comparison", lang: str) -> str:
    return price_table(comp.scenarios[0].params.costs, lang)


def section(comp: "Comparison", lang: str = "en") -> str:
    """The whole section as HTML (empty when the runs carry no costs)."""

    costs = cost_effectiveness(comp)
    if not costs:
        return ""
    tx = TEXT[lang]
    names = {lbl: display_name(lbl, lang) for lbl in comp.labels}
    ref = escape(names[comp.reference])
    out = [f"<h2 id='costs'>{tx['title']}</h2>", f"<p>{tx['intro'].format(reps=comp.reps)}</p>"]
    profile = getattr(comp, "municipality", None)
    pupils = comp.scenarios[0].params.municipality.n_pupils
    if profile is not None:
        out.append(f"<p>{tx['muni'].format(name=escape(profile.name), pupils=_num(pupils, 0, lang))}</p>")
    items = []
    for label in comp.labels:
        c = costs[label]
        total, parts = c["cost_sek_per_year"], c["parts"]
        items.append(tx["cost_item"].format(
            name=escape(names[label]), total=_sek(total["mean"], lang), lo=_sek(total["ci95"][0], lang), hi=_sek(total["ci95"][1], lang),
            posts=_sek(parts["cost_posts_sek"], lang), meetings=_sek(parts["cost_meetings_sek"], lang),
            casework=_sek(parts["cost_casework_sek"], lang), placements=_sek(parts["cost_placements_sek"], lang),
            region=_sek(c.get("cost_borne_by_region_sek"), lang)))
    out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    items = []
    basis = ""
    for label in comp.labels[1:]:
        c = costs[label]
        basis = c["benefit_basis"]
        inc, days, pupils = c["incremental_cost_sek"], c["school_days_regained_per_year"], c["pupils_recovered_per_year"]
        if inc["mean"] is None:
            continue
        benefit = tx["benefit"].format(days=_num(days["mean"], 0, lang), dlo=_num(days["ci95"][0], 0, lang), dhi=_num(days["ci95"][1], 0, lang),
                                       pupils=_num(pupils["mean"], 1, lang), plo=_num(pupils["ci95"][0], 1, lang), phi=_num(pupils["ci95"][1], 1, lang))
        r_day, r_pupil = c["sek_per_school_day_regained"], c["sek_per_pupil_recovered"]
        quadrant = r_day.get("quadrant")
        if r_day["value"] is None:
            price = tx["no_price"]
        elif quadrant == "dominant":
            price = tx["dominant"].format(ref=ref)
        elif quadrant == "dominated":
            price = tx["dominated"].format(ref=ref)
        elif quadrant == "saves_for_less":
            price = tx["saves"].format(value=_sek(r_day["value"], lang))
        elif r_day["ci95"][0] is None:
            price = tx["price_day_open"].format(value=_sek(r_day["value"], lang))
        else:
            price = tx["price_day"].format(value=_sek(r_day["value"], lang), lo=_sek(r_day["ci95"][0], lang), hi=_sek(r_day["ci95"][1], lang))
        if r_pupil["value"] is not None and r_pupil.get("quadrant") == "costs_more_for_more" and r_pupil["ci95"][0] is not None:
            price += " " + tx["price_pupil"].format(value=_sek(r_pupil["value"], lang), lo=_sek(r_pupil["ci95"][0], lang), hi=_sek(r_pupil["ci95"][1], lang))
        items.append(tx["vs"].format(name=escape(names[label]), cost=_sek(abs(inc["mean"]), lang),
                                     more_less=tx["more"] if inc["mean"] >= 0 else tx["less"], ref=ref,
                                     lo=_sek(inc["ci95"][0], lang), hi=_sek(inc["ci95"][1], lang), benefit=benefit, price=price))
    if items:
        out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        out.append(f"<p class='note'>{tx['basis'].format(basis=escape(basis))} {escape(costs[comp.labels[1]]['interval_method'])}.</p>")
        if any(np.isfinite(benefits(comp, lbl)[0]).any() for lbl in comp.labels[1:]):  # none in a run shorter than the follow-up
            out.append(f"<figure><img alt='' src='data:image/png;base64,{_png_b64(plane_figure(comp, names, lang))}'>"
                       f"<figcaption>{escape(tx['plane_caption'].format(ref=names[comp.reference]))}</figcaption></figure>")
        curve = (getattr(comp, "uncertainty", None) or {}).get("cost_acceptability")  # over worlds, with --worlds
        caption = tx["ceac_caption_worlds"].format(n=curve.get("n_worlds", "")) if curve else tx["ceac_caption"]
        curve = curve or acceptability(comp)
        if curve:
            out.append(f"<figure><img alt='' src='data:image/png;base64,{_png_b64(ceac_figure(curve, names, lang))}'>"
                       f"<figcaption>{escape(caption)}</figcaption></figure>")
    out.append(f"<p class='note'>{tx['not_costed']}</p>")
    out.append(f"<h3>{tx['prices']}</h3>")
    out.append(_price_table(comp, lang))
    return "\n".join(out)


def printed_costs(comp: "Comparison") -> list[str]:
    """Lines for the terminal after ``samsim compare``: cost per year, extra cost and the price
    of a regained school day, per scenario."""
    costs = cost_effectiveness(comp)
    if not costs:
        return []
    m = lambda x: "n/a" if x is None else f"{x / 1e6:.2f}"  # noqa: E731
    out = ["what it costs (MSEK a year; extra against the reference, paired 95 % CI) | SEK per school day regained"]
    for label, c in costs.items():
        t = c["cost_sek_per_year"]
        line = f"  {label:24s} {m(t['mean']):>6s}"
        if "incremental_cost_sek" in c:
            i, r = c["incremental_cost_sek"], c["sek_per_school_day_regained"]
            line += f"   {'+' if (i['mean'] or 0) >= 0 else ''}{m(i['mean'])} [{m(i['ci95'][0])}, {m(i['ci95'][1])}]"
            if r["value"] is None:
                line += "   undefined (benefit not distinguishable from zero)"
            else:
                lo, hi = r["ci95"]
                line += f"   {r['value']:,.0f}" + (f" [{lo:,.0f}, {hi:,.0f}]" if lo is not None else " [unbounded]") + f" ({r['quadrant']})"
        else:
            line += "   (reference)"
        out.append(line)
    return out


__all__ = ["section", "plane_figure", "ceac_figure", "printed_costs", "PARTS"]
