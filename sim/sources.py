"""The bibliography every parameter's source points to (``docs/sources.md`` is written from it).

A parameter's ``source`` (``sim/params.py``) starts with its class - ``data`` (a published
statistic, study or law), ``calibrated`` (fitted to published figures by a named script),
``report`` (a number one of the five seed reports states) or ``assumption`` (the modellers'
judgement, ``[Judgement]``, often "after" a report passage that names the mechanism but gives no
number) - and names one or more entries by key in square brackets, e.g. ``[Orust-2023] L462-465``.
Line numbers (``L...``) locate a passage in the project's plain-text copy of a report (the copies
are not distributed; the report's own page numbers are not known); the report itself is found
from its entry below.

Older comments in the code cite the reports by file number: ``000`` = ``[Orust-2023]``, ``001`` =
``[Bergnehr-2015]``, ``002`` = ``[Sandviken-2025]``, ``003`` = ``[FaustHellstrom-2025]``,
``004`` = ``[Vastervik-2023]``.

    python -m sim.sources > docs/sources.md
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CLASSES = ("data", "calibrated", "report", "assumption")
KEY = re.compile(r"\[([A-Za-z][A-Za-z0-9:.\-]*)\]")

#: Seed file number (as in older code comments) -> key.
SEED_FILES = {"000": "Orust-2023", "001": "Bergnehr-2015", "002": "Sandviken-2025",
              "003": "FaustHellstrom-2025", "004": "Vastervik-2023"}


@dataclass(frozen=True)
class Entry:
    """One work a source can name: who, when, what, where it is published and its address."""

    key: str
    kind: str          # "report" | "statistic" | "study" | "law" | "model"
    who: str           # authors or organisation
    year: str
    title: str
    where: str         # where it is published (series, journal, publisher)
    address: str       # web address, or how to find it when none was retrieved
    used_for: str      # what the model takes from it

    def short(self) -> str:
        """One line for ``samsim describe``."""
        if self.kind == "model":
            return "the modellers' judgement (no source gives the value; docs/sources.md, docs/validation.md)"
        return f"{self.who} ({self.year}), {self.title}. {self.where}. {self.address}"


ENTRIES: tuple[Entry, ...] = (
    # ------------------------------------------------------------------ the five seed reports
    Entry("Orust-2023", "report", "Högskolan Väst, research environment Barn och unga, with Orust kommun (no author named)",
          "2023, not printed (the latest event it reports is spring 2023)",
          "Untitled in the text: a study of collaboration between school and social services around problematic school absence in the development project that became SKIFO Orust (skola och individ- och familjeomsorg)",
          "Research report, Högskolan Väst (series not printed in the text)",
          "Not printed in the text; look for SKIFO Orust under Högskolan Väst (Barn och unga) or Orust kommun",
          "the school attendance staircase (steps at 10 % and 15 %), the SKIFO working group, coordinator and routines, "
          "consent form, feedback on reports, turnover and consultants, trust"),
    Entry("Bergnehr-2015", "report", "Disa Bergnehr", "about 2015, not printed (the newest work it cites is from 2015)",
          "Barns hälsa och lärande - socialtjänst och skola (English title: Co-operation between the social services and schools in promoting children's health and learning - A literature review)",
          "Research review (publisher not printed in the text)",
          "Not printed in the text; look for the title and author",
          "feedback after reports of concern (SoL 14 kap. 1 b §), parents as coordinators, consent after an early invitation, cancelled meetings"),
    Entry("Sandviken-2025", "report", "Not named in the text (follow-along research in the project Samverkan för ökad skolnärvaro, Sandvikens kommun with Region Gävleborg)",
          "2025", "Samverkan för ökad skolnärvaro - Att bygga hållbara modeller för tvärsektoriellt arbete",
          "Arbetsrapport 2025:1 (issuing institution not printed in the text)",
          "Not printed in the text; the project (a social investment of Sandvikens kommun and Region Gävleborg): https://www.regiongavleborg.se/samverkanswebben/utveckling-samverkan/sociala-investeringar/samverkan-for-okad-skolnarvaro/",
          "consultation team, the collaboration index 3.2 -> 3.8 -> 4.1, coordination moved from guardians to professionals, turnover"),
    Entry("FaustHellstrom-2025", "report", "Jennifer Faust and Angelica Hellström (supervisor Lotta Agevall Gross)", "2025 (autumn term)",
          "Between the classroom and social services - A qualitative study of school social worker experiences of collaboration with social services and school staff",
          "Bachelor's thesis (C-uppsats), socionomprogrammet, Linnéuniversitetet, Växjö",
          "Not printed in the text; look for the title under Linnéuniversitetet's student theses",
          "school social workers on site, a year to learn the other sector, reports resting on a feeling, stigma"),
    Entry("Vastervik-2023", "report", "Klara Björkum, Campus Västervik FoU (author, as Campus Västervik's news item names her; no byline in the text), with Disa Bergnehr (Linnéuniversitetet) and Gerd Henriksson (Centrala barn- och elevhälsan, Västerviks kommun)",
          "2023", "Att motverka och förebygga problematisk skolfrånvaro - En tvärprofessionell forskningscirkel för att stärka samverkan",
          "Projektrapport 2023:2, Campus Västervik",
          "Campus Västervik's news item on the report (3 March 2023): https://www.vastervik.se/Campus-Vastervik/nyheter-vastervik.se-utbildning-forskola-och-campus/forskningscirkel-om-problematisk-skolfranvaro-ger-ringar-pa-vattnet/",
          "valid absence hiding problematic absence, early help breaking the trajectory, the research circle (seven sessions)"),
    # ------------------------------------------------------------------ Swedish statistics and studies
    Entry("Skolverket-2021", "statistic", "Skolverket", "2021",
          "Nationell kartläggning av elevfrånvaro i grundskolan och gymnasieskolan (autumn terms 2019 and 2020)",
          "Skolverket (read through secondary summaries; the report itself was not retrieved)",
          "https://prestationsprinsen.se/skolverkets-kartlaggning-av-elevfranvaro/ ; https://fullfoljdastudier.se/narvaroarbete/nationell-kartlaggning-av-elevfranvaro/",
          "about 156,000 pupils (1 in 7) over 15 % absence in autumn 2019; grade 9 in autumn 2020: 8 % at 30-49 %, 3.2 % at 50 % or more"),
    Entry("Skolinspektionen-2016", "statistic", "Skolinspektionen", "2016",
          "Omfattande ogiltig frånvaro i Sveriges grundskolor (Dnr 2015:2855)",
          "Skolinspektionen, kvalitetsgranskning",
          "https://www.skolinspektionen.se/beslut-rapporter-statistik/publikationer/kvalitetsgranskning/2016/omfattande-ogiltig-franvaro-i-sveriges-grundskolor/",
          "about 1,700 pupils with a month or more of continuous invalid absence; most common in grades 7-9, found in grades 1-6 too"),
    Entry("Prestationsprinsen-2016", "statistic", "Prestationsprinsen with TNS Sifo", "2016",
          "Skolans tomma stolar (survey of 487 school leaders in 186 municipalities, autumn 2015)",
          "Prestationsprinsen (an NGO survey; low precision)",
          "https://prestationsprinsen.se/hur-stor-ar-skolfranvaron-statistik-sverige/",
          "about 70,000 pupils over 10 % absence; in grade 9, 7.6-11.2 % estimated at 10-19 %"),
    Entry("Boras-2014", "statistic", "Borås Stad", "2014 (weeks 45-48)",
          "Tidiga insatser för ökad skolnärvaro (project plan)", "Borås Stad",
          "https://docplayer.se/amp/109818312-Tidiga-insatser-for-okad-skolnarvaro.html",
          "grades 1-3: 154 of about 3,500 pupils (4.4 %) over 20 % absence in four weeks (a validation check); the same plan says the reporting of absence in grades 1-3 was incomplete"),
    Entry("IVO-2015", "statistic", "Inspektionen för vård och omsorg (IVO)", "2015",
          "Socialtjänstens insatser för barn ska utredas snabbt (Halland and Västra Götaland)", "IVO, tillsynsrapport",
          "https://www.ivo.se/publicerat-material/nyheter/2015/tillsynsrapport-socialtjanstens-insatser-for-barn-ska-utredas-snabbt/",
          "24 % of preliminary assessments past 14 days; 86 % of investigations within 4 months"),
    Entry("Socialstyrelsen-2019", "statistic", "Socialstyrelsen", "2019",
          "Anmälningar om barn som far illa eller misstänks fara illa. Nationell kartläggning 2018", "Socialstyrelsen",
          "Address not retrieved in full; summarised by the Nationellt centrum för kvinnofrid (nck.uu.se, kunskapsbanken)",
          "331,000 reports about 180,000 children in 2018; 38 % opened an investigation"),
    Entry("Socialstyrelsen-2022", "statistic", "Socialstyrelsen", "2022",
          "Press release on the national mapping of reports of concern 2021", "Socialstyrelsen, pressrum",
          "https://www.hsan.se/om-socialstyrelsen/pressrum/press/orosanmalningarna-okar--beror-var-tionde-barn/",
          "about 422,000 reports in 2021, 192 per 1,000 children"),
    Entry("OJ-2019", "statistic", "Socialstyrelsen", "2019",
          "Öppna jämförelser 2019 - Social barn- och ungdomsvård", "Socialstyrelsen (via Kunskapsguiden)",
          "https://www.socialstyrelsen.se/statistik-och-data/oppna-jamforelser/socialtjanst/social-barn-och-ungdomsvard/",
          "25 % of child-investigation caseworkers with under a year of experience"),
    Entry("Ostberg-2010", "study", "Francesca Östberg", "2010",
          "Bedömningar och beslut. Från anmälan till insats i den sociala barnavården",
          "Doctoral thesis, Stockholms universitet",
          "Address not retrieved in full; look for the title at Stockholms universitet",
          "two thirds of reports screened out without investigation; about a fifth led to interventions"),
    Entry("SSR-2018", "statistic", "Akademikerförbundet SSR (figures from SCB)", "2018",
          "Dags att stoppa kompetensflykten i samhällsvetaryrken i kommunerna", "Akademikerförbundet SSR",
          "https://akademssr.se/post/dags-att-stoppa-kompetensflykten-i-samhallsvetaryrken-i-kommunerna",
          "34 % (2015-16) and 30 % (2016-17) of municipal social workers left their post within a year"),
    Entry("SOU-2019:40", "study", "Helena Holmlund, Anna Sjögren and Björn Öckert", "2019",
          "Jämlikhet i möjligheter och utfall i den svenska skolan, Bilaga 7 till Långtidsutredningen 2019",
          "SOU 2019:40, Finansdepartementet",
          "Look for SOU 2019:40 at regeringen.se",
          "16.7 % of compulsory-school teachers left their school within a year (2013-2015)"),
    Entry("Vantetider", "statistic", "Sveriges Kommuner och Regioner (SKR), vantetider.se", "snapshots read 2024-2025",
          "Väntetider i vården: barn- och ungdomspsykiatri (first assessments and in-depth assessment or treatment within 30 days)",
          "vantetider.se", "https://www.vantetider.se/Kontaktkort/Sveriges/BUPDetalj",
          "56-70 % of first assessments within 30 days; 60 % of in-depth assessments within 30 days in one snapshot"),
    Entry("Vardforetagarna-2024", "statistic", "Vårdföretagarna", "2024", "BUP-rapporten", "Vårdföretagarna (using SKR data)",
          "https://www.vardforetagarna.se/bup-rapporten/",
          "over half of the children queueing for a first visit had waited over 30 days; about 40,000 first visits a year"),
    Entry("Socialstyrelsen-SIP", "law", "Socialstyrelsen", "no date (FAQ page)",
          "Frågor och svar om samordnad individuell plan (SIP); SoL 2 kap. 7 § and HSL 16 kap. 4 §", "Socialstyrelsen",
          "https://www.socialstyrelsen.se/fragorochsvar/samordnadindividuellplan-sip",
          "SIP work starts without delay, first contact normally within a few days; consent is always required"),
    Entry("SKIFO-Stenungsund", "statistic", "habilitering.se (Funktion i fokus)", "no date (team running since 2011)",
          "Teamet som lyfter på alla stenar", "habilitering.se (self-reported figures, no control group)",
          "http://habilitering.se/funktion-i-fokus/teamet-som-lyfter-pa-alla-stenar",
          "a three-person school and social-services team, at most 20 active cases, 28 of 30 pupils back in school"),
    # ------------------------------------------------------------------ laws
    Entry("SoL-2001", "law", "Sveriges riksdag", "2001", "Socialtjänstlag (2001:453): 11 kap. 1 a § and 2 §, 14 kap. 1 b §",
          "Svensk författningssamling (replaced by SoL 2025:400 from 1 July 2025)", "https://lagen.nu/2001:453",
          "14 days for the preliminary assessment, 4 months for an investigation, feedback to the reporter on request"),
    Entry("Skollagen-2010", "law", "Sveriges riksdag", "2010", "Skollag (2010:800): 2 kap. 25 § (elevhälsa), 7 kap. 17 and 19 a §§ (absence)",
          "Svensk författningssamling", "https://lagen.nu/2010:800",
          "what the pupil-health team must cover; the duty to investigate repeated or long absence"),
    Entry("Skolforordningen-2011", "law", "Regeringen", "2011", "Skolförordning (2011:185): 3 kap. 2-3 §§",
          "Svensk författningssamling", "https://lagen.nu/2011:185", "at least 178 school days a year"),
    Entry("ATL-1982", "law", "Sveriges riksdag", "1982", "Arbetstidslag (1982:673): 5 §", "Svensk författningssamling",
          "https://lagen.nu/1982:673", "ordinary working time at most 40 hours a week"),
    # ------------------------------------------------------------------ other countries
    Entry("BUVM-2023", "statistic", "Børne- og Undervisningsministeriet (Denmark)", "2023",
          "Nye tal: elevfravær i folkeskolen er faldet", "Børne- og Undervisningsministeriet, via uni-c.dk",
          "https://www.uni-c.dk/aktuelt/nyheder/uvm/2023/nov/231109-nye-tal-elevfravaer-i-folkeskolen-er-faldet",
          "mean absence 5-6 % before covid, 7 % in 2022/23; 20 % of pupils over 10 %; parents contacted at 10 %, municipality at 15 %"),
    Entry("DfE-absence", "statistic", "Department for Education (England); Children's Commissioner for England", "2022-2024",
          "Pupil absence in schools in England (2021/22 to 2023/24)", "explore-education-statistics.service.gov.uk; childrenscommissioner.gov.uk",
          "https://www.childrenscommissioner.gov.uk/blog/new-attendance-figures-for-academic-year-2021-22/ ; "
          "https://explore-education-statistics.service.gov.uk/data-catalogue/data-set/e021823d-0141-4f84-8c2d-e4160679f8e8",
          "overall absence 4.8 % (2018/19) to 7.6 % (2021/22); 22.5 % persistently absent (10 % or more); 1.7 % severely absent (50 % or more), 0.5-1 % before covid"),
    Entry("Chen-2016", "study", "Chen, Culhane, Metraux, Park and Venable", "2016",
          "The heterogeneity of truancy among urban middle school students: a latent class growth analysis",
          "Journal of Child and Family Studies 25:1066-1075", "https://link.springer.com/article/10.1007/s10826-015-0295-3",
          "five truancy trajectories in grades 7-9: very low 37 %, low 43.4 %, declining 3.3 %, rising 12.8 %, chronic 3.6 %"),
    Entry("Brittain-2026", "study", "Brittain and Vaillancourt", "2026", "(absence across the transition to secondary school, Canada)",
          "Frontiers in Child and Adolescent Psychiatry", "https://tomesphere.com/paper/PMC12992258 (PMC12992258)",
          "absences rise significantly at the move to secondary school (magnitude not retrieved)"),
    Entry("Maynard-2018", "study", "Maynard, Heyne, Brendel, Bulanda, Thompson and Pigott", "2018",
          "Treatment for school refusal among children and adolescents: a systematic review and meta-analysis",
          "Research on Social Work Practice 28(1):56-67", "https://doi.org/10.1177/1049731515598619",
          "psychosocial treatment improves attendance, g = 0.54 (0.22-0.86; the g value via a secondary summary)"),
    Entry("King-1998", "study", "King, Tonge, Heyne et al.", "1998",
          "Cognitive-behavioral treatment of school-refusing children: a controlled evaluation",
          "Journal of the American Academy of Child and Adolescent Psychiatry 37:395-403", "https://pubmed.ncbi.nlm.nih.gov/9549960/",
          "a 4-week CBT programme improved attendance against a waiting list"),
    Entry("Heyne-2014", "study", "Heyne et al.", "2014", "(developmentally sensitive CBT for school refusal, @school)",
          "Clinical Child and Family Psychology Review 17:191-215", "No address retrieved; look for the journal issue",
          "modular CBT of about 16 sessions"),
    # ------------------------------------------------------------------ the model's own judgement
    Entry("Judgement", "model", "The samsim modellers", "-",
          "A value no source gives: the modellers' judgement, often after a report passage that names the mechanism",
          "sim/params.py and docs/validation.md (this repository)",
          "docs/validation.md lists every assumption; sweep them (samsim sweep) before trusting a result that rests on one",
          "every parameter classed assumption"),
)

BY_KEY: dict[str, Entry] = {e.key: e for e in ENTRIES}


def source_class(source: str) -> str:
    """The class a source states with its first word (data, calibrated, report, assumption)."""
    word = re.split(r"[\s:,(\[]", source.strip(), maxsplit=1)[0].lower()
    return word if word in CLASSES else "unknown"


def keys(text: str) -> list[str]:
    """The entry keys a text names, in order, each once."""
    return list(dict.fromkeys(KEY.findall(text)))


def unknown_keys(text: str) -> list[str]:
    return [k for k in keys(text) if k not in BY_KEY]


def has_locator(source: str) -> bool:
    """Whether a source says where in the work its figure is: with the keys and the script
    names taken out, a line, section, paragraph or a number is left."""
    rest = re.sub(r"experiments/\S+", "", KEY.sub("", source))
    return bool(re.search(r"\d", rest))


def resolve(source: str) -> str:
    """The source with the works it names written out (for ``samsim describe``)."""
    refs = [f"[{k}] {BY_KEY[k].short()}" for k in keys(source) if k in BY_KEY]
    return "; ".join(refs)


def markdown() -> str:
    """docs/sources.md."""
    out = ["# Sources", "",
           "Every parameter's `source` (`samsim describe`, `sim/params.py`) and every validation target names one or more "
           "of these works by key, e.g. `[Orust-2023] L462-465`. This file is written by `python -m sim.sources > "
           "docs/sources.md` from `sim/sources.py`; `tests/test_sources.py` checks that every key resolves, that every "
           "entry is cited, and that every number classed *data* or *calibrated* says where in its work it comes from.", "",
           "**Classes.** A source starts with its class: *data* (a published statistic, study or law), *calibrated* "
           "(fitted by the named script to the published figures it names), *report* (a number one of the five reports "
           "states), or *assumption* (the modellers' judgement, `[Judgement]`; \"after [X] L...\" names the passage that "
           "gives the mechanism but not the number).", "",
           "**Line numbers.** `L...` locates a passage in the project's plain-text copy of a report (the line of the text "
           "extracted from its PDF). The copies are not distributed with the repository, and the reports' page numbers are "
           "not known; find the report from its entry and the passage from the paraphrase beside the line numbers. Older "
           "comments in the code cite the reports by file number: " + ", ".join(f"`{n}` = [{k}]" for n, k in SEED_FILES.items()) + ".", "",
           "**Statistics** were read in excerpts of the pages given (some are secondary summaries of an official report, "
           "said so below); a figure marked derived in the model's docs is the modellers' arithmetic on them.", ""]
    titles = {"report": "The five reports", "statistic": "Statistics", "study": "Studies", "law": "Laws and rules",
              "model": "The model's own judgement"}
    for kind, title in titles.items():
        out += [f"## {title}", ""]
        for e in ENTRIES:
            if e.kind != kind:
                continue
            out += [f"### [{e.key}]", "",
                    f"- **Who:** {e.who}", f"- **Year:** {e.year}", f"- **Title:** {e.title}",
                    f"- **Published:** {e.where}", f"- **Address:** {e.address}", f"- **Used for:** {e.used_for}", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
