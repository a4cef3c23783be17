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
    kind: str          # "report" | "statistic" | "study" | "law" | "cost" | "model"
    who: str           # authors or organisation
    year: str
    title: str
    where: str         # where it is published (series, journal, publisher)
    address: str       # web address, or how to find it when none was retrieved
    used_for: str      # what the model takes from it
    quality: str = ""  # prices only: H official, M union / employer body / secondary, L aggregator (docs/sources.md)

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
    Entry("Skolverket-2010", "statistic", "Skolverket", "2010",
          "Skolfrånvaro och vägen tillbaka. Långvarig ogiltig frånvaro i grundskolan ur elev-, förälder- och skolperspektiv (Rapport 341)", "Skolverket, rapport 341",
          "http://www.skolverket.se/statistik-och-utvardering/utvarderingar/ekonomi-och-organisation/skolfranvaro-och-vagen-tillbaka-1.98940",
          "end of 2008/09: about 1,650 pupils with complete invalid absence for a month or more (a validation check)"),
    Entry("Reissner-2015", "study", "Reissner V, Jost D, Krahn U, Knollmann M, Weschenfelder A, Neumann A, Wasem J, Hebebrand J", "2015",
          "The treatment of school avoidance in children and adolescents with psychiatric illness: a randomized controlled trial",
          "Deutsches Ärzteblatt International 112(39):655-62, doi:10.3238/arztebl.2015.0655", "https://www.aerzteblatt.de/int/archive/article/172222",
          "about 60 % attending regularly 6 months after clinical treatment, in both arms (a validation check)"),
    Entry("Askeland-2015", "study", "Askeland KG et al.", "2015",
          "Adolescent school absenteeism and service use in a population-based study", "BMC Public Health 15:626",
          "https://bmcpublichealth.biomedcentral.com/articles/10.1186/s12889-015-1978-9",
          "Norway, ages 16-18: 40 % of high-absence students had no contact with any service (a validation check)"),
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
    # ------------------------------------------------------------------ wages, on-costs and prices (section [costs])
    Entry("SKR-PO-2023", "cost", "Sveriges Kommuner och Regioner (SKR)", "2023 (also the 2021 version)",
          "Arbetsgivaravgifter och PO-pålägg", "SKR, ekonomi: budget och planering",
          "https://skr.se/skr/ekonomijuridik/ekonomi/budgetochplanering/arbetsgivaravgifterochpopalagg.1290.html",
          "employer on-costs (PO) 2023: contributions 31.42 %, insurances 0.13 %, pensions 12.98 % (municipalities) and 20.73 % "
          "(regions), summing to 44.53 % and 52.28 % (the sums derived); 40.15 % and 46.15 % in 2021",
          "H (the sums derived)"),
    Entry("Tillvaxtverket-2021", "cost", "Tillväxtverket", "2021-2027 rules",
          "Handbok för EU-projekt 2021-2027: kostnader som är stödberättigande för alla typer av projekt", "Tillväxtverket",
          "https://eu.tillvaxtverket.se/vara-tjanster/guider-och-vagledningar/handbok-for-eu-projekt-2021-2027/planera/planera-er-budget/det-har-kan-ni-fa-stod-for/kostnader-som-ar-stodberattigande-for-alla-typer-av-projekt.html",
          "1,720 hours worked a year by a full-time employee, net of holidays", "H"),
    Entry("Tillvaxtverket-2014", "cost", "Tillväxtverket", "2014-2020 rules", "Handbok för EU-projekt 2014-2020: redovisningsalternativ",
          "Tillväxtverket", "https://tillvaxtverket.se/tillvaxtverket/sokfinansiering/handbocker/handbokforeuprojekt20142020/planera/redovisningsalternativ.2280.html",
          "the simplified rule for indirect costs: 15 % of staff cost", "M"),
    Entry("Inera-2023", "cost", "Inera (owned by SKR, regions and municipalities)", "about 2023",
          "Benefit-calculation guidance (wiki page; hours worked and hourly cost of public-sector staff)", "Inera's wiki (Confluence)",
          "https://inera.atlassian.net/wiki/pages/diffpagesbyversion.action?pageId=2195064148&selectedPageVersions=42&selectedPageVersions=43",
          "142 hours worked a month (1,704 a year, derived); the real range in Sweden 1,600-1,800 hours", "M"),
    Entry("Jordbruksverket-2022", "cost", "Jordbruksverket", "2022", "Kontrollavgifter och beräkningsunderlag", "Jordbruksverket (a state agency)",
          "https://jordbruksverket.se/kontroller-och-tillsyn/kontrollavgifter-och-berakningsunderlag",
          "the upper end of overhead: 47 % administrative overhead on staff cost (and 1,680 hours a year)", "M"),
    Entry("SCB-larare-2020", "cost", "Statistiska centralbyrån (SCB)", "2020", "Sverige i siffror: lönestatistik, lärare",
          "SCB, lönestrukturstatistik", "http://www.sverigeisiffror.scb.se/lonestatistik/larare/",
          "compulsory-school teachers' mean salary 36,200 SEK a month (Stockholm 39,400, Norra Mellansverige 33,600)", "H"),
    Entry("Lararforbundet-2020", "cost", "Lärarförbundet and SKR (partsgemensam statistik), reported by Vi Lärare", "2020 (published 2021)",
          "Lärarlöner 2021", "Vi Lärare, lönestatistik", "https://www.vilarare.se/nyheter/lonestatistik/lararloner-2021/",
          "municipal teachers' mean salaries 36,782 (F-3), 37,478 (4-6), 38,784 (7-9) SEK a month; special teacher 41,136, "
          "special educator 41,983, principal 52,159", "M-H"),
    Entry("Statsskuld-2024", "cost", "statsskuld.se (an aggregator of SCB salary statistics)", "latest SCB year (2023-2024)",
          "Lönestatistik: lärare grundskola; behandlingssamordnare", "statsskuld.se",
          "https://statsskuld.se/lonestatistik/larare-grundskola ; https://statsskuld.se/lonestatistik/behandlingssamordnare",
          "compulsory-school teacher 39,000 SEK a month (previous year 37,700); behandlingssamordnare 36,100 (2024; 34,800 in 2023)", "L"),
    Entry("SCB-kommun-2020", "cost", "Statistiska centralbyrån (SCB)", "2020",
          "Lönestrukturstatistik, kommunal sektor: genomsnittlig månadslön efter yrke", "SCB",
          "https://www.scb.se/hitta-statistik/statistik-efter-amne/arbetsmarknad/loner-och-arbetskostnader/lonestrukturstatistik-kommuner/pong/tabell-och-diagram/genomsnittlig-manadslon-efter-yrke/",
          "principals (rektor, SSYK 1412) in municipalities 52,700 SEK a month; all municipal employees 32,200", "H"),
    Entry("SverigesSkolledare-2024", "cost", "Sveriges Skolledare", "2024 (salaries of 2023)", "Din lön 2024",
          "Sveriges Skolledare, lönestatistik (a survey of more than 8,000 school leaders)",
          "https://www.sverigesskolledare.se/din-lon/lonestatistik/din-lon-2024/",
          "school leaders' mean salary 56,700 SEK a month (57,600 in the 2023 edition, a narrower population)", "M"),
    Entry("Facket-2023", "cost", "facket.net (an aggregator of SCB salary statistics)", "2023", "Lön kuratorer, Stockholm",
          "facket.net", "https://facket.net/stockholm/lon-kuratorer/",
          "counsellors (kuratorer) in Stockholm 40,500 SEK a month; no national figure for school counsellors was found", "L-M"),
    Entry("Arbetslivsinstitutet-2024", "cost", "arbetslivsinstitutet.se (salary series built on SCB)", "2014-2024 series",
          "Yrke: skolsköterska (118); speciallärare och specialpedagog (87)", "arbetslivsinstitutet.se",
          "https://www.arbetslivsinstitutet.se/yrke/skolskoterska/118 ; https://www.arbetslivsinstitutet.se/yrke/speciallarare-och-specialpedagog/87",
          "school nurse 43,300 (2023) and 44,900 (2024) SEK a month; special educator 44,000 (2023) and 45,750 (2024); "
          "the historical salary growth of 3.41 % a year used to uprate older prices", "M"),
    Entry("Psykologforbundet-2023", "cost", "Sveriges Psykologförbund", "2023", "Lönestatistik för legitimerade psykologer",
          "Psykologförbundet (managers and PTP psychologists excluded)",
          "https://www.psykologforbundet.se/lon/lonb/karriar/leg.-psykolog/",
          "psychologists' mean salary by field: school and preschool 49,200, BUP 45,550 (median 43,650, P10 39,000, P90 54,200) SEK a month", "M-H"),
    Entry("Allastudier-2023", "cost", "allastudier.se (citing SCB 2023)", "2023", "Socialsekreterare: jobb och lön", "allastudier.se",
          "https://allastudier.se/jobb-o-lön/301-socialsekreterare",
          "socialsekreterare, mean salary all sectors 38,800 SEK a month (SCB 2023)", "M"),
    Entry("SKL-Socialsekreterare-2017", "cost", "Sveriges Kommuner och Landsting (SKL), partsgemensam statistik", "November 2017",
          "Fakta och statistik: socialsekreterare", "SKL",
          "https://skl.se/arbetsgivarekollektivavtal/kollektivavtal/faktaochstatistik/faktaomloner/faktaochstatistikkollektivavtal/socialsekreterare.13141.html",
          "socialsekreterare in municipalities, median basic salary 32,500 SEK a month (P90 37,800); about 19,000 in municipalities", "H (old)"),
    Entry("Seko-2023", "cost", "Sekotidningen (Seko)", "March 2023", "Lön: hur mycket tjänar man på Statens institutionsstyrelse (SiS)?",
          "Sekotidningen", "https://sekotidningen.se/vard/lon-hur-mycket-tjanar-man-pa-statens-institutionsstyrelse-sis/",
          "treatment assistants 28,347 and treatment secretaries 37,926 SEK a month at SiS; no municipal family-therapist figure found", "M"),
    Entry("Folkbladet-Norrkoping", "cost", "Folkbladet (Norrköping)", "not shown (Norrköping's social investment fund exists since 2012)",
          "Norrköping's school-attendance social investment (news item)", "Folkbladet",
          "https://www.folkbladet.se/nyheter/norrkoping/?articleid=5884250",
          "eight process supporters cost 4 MSEK a year, about 0.5 MSEK each (derived); a two-person team 1.2 MSEK a year", "M"),
    Entry("SCB-region-2019", "cost", "Statistiska centralbyrån (SCB)", "2019",
          "Lönestrukturstatistik, landstingskommunal sektor: genomsnittlig månadslön efter yrke", "SCB",
          "https://www.scb.se/hitta-statistik/statistik-efter-amne/arbetsmarknad/loner-och-arbetskostnader/lonestrukturstatistik-landstingskommunal-sektor/pong/tabell-och-diagram/genomsnittlig-manadslon-efter-yrke/",
          "specialist physicians in the regions 80,700 SEK a month (child psychiatrists not shown apart)", "H"),
    Entry("SKL-Insatskostnader-2015", "cost", "SKL, Uppdrag Psykisk Hälsa (Nygren et al. 2015, Kostnadsberäkningar av 20 barnavårdsärenden)",
          "about 2015 (price level)", "Insatskostnader - sociala investeringar",
          "SKL / Psynk price list (professions' time at SCB salaries with employer contributions, premises excluded)",
          "https://abcdocz.com/doc/4153731/insatskostnader-%E2%80%93-sociala-investeringar",
          "preliminary assessment (förhandsbedömning) 1,543 SEK; child-welfare investigation (BBIC) 30,561 SEK", "M"),
    Entry("SiS-2020", "cost", "Statens institutionsstyrelse (SiS)", "2020 (July-December)", "Kraftigt sänkt avgift i SiS ungdomsvård (press release)",
          "SiS, pressmeddelanden", "https://www.stat-inst.se/press/pressmeddelanden-nyheter/2020/kraftigt-sankt-avgift-i-sis-ungdomsvard/",
          "daily fees to municipalities for LVU youth homes, 28 % subsidised: treatment open ward 3,528, lockable 5,400 SEK; "
          "unsubsidised 4,900 and 7,500 (fee / 0.72, derived)", "H"),
    Entry("Riksrevisionen-2024", "cost", "Riksrevisionen", "2024", "SiS särskilda ungdomshem - brister i statens tvångsvård av barn och unga (RiR 2024)",
          "Riksrevisionen, granskningsrapport",
          "http://www.riksrevisionen.se/rapporter/granskningsrapporter/2024/sis-sarskilda-ungdomshem---brister-i-statens-tvangsvard-av-barn-och-unga/1.-inledning.html",
          "SiS's own cost is over 13,000 SEK a day (2023); about two thirds of SiS's funding are municipal fees", "H"),
    Entry("Nacka-2024", "cost", "Nacka kommun", "2024", "Familjebehandling: för dig som är anordnare (checkbelopp)", "Nacka kommun, kundval",
          "https://www.nacka.se/underwebbar/anordnare-och-utforare-av-socialtjanst/familjebehandling/for-dig-som-ar-anordnare/",
          "a cross-check, not used: family treatment 819 (municipal) and 868 (private) SEK per therapist-hour", "M-H"),
    Entry("SFS-2018:2067", "cost", "Regeringen", "2018 (the fee from 2019)",
          "Förordning (2018:2067) om ändring i förordningen (1994:1121) om läkarvårdsersättning (nationella taxan)",
          "Svensk författningssamling",
          "https://www.lagboken.se/Lagboken/start/sfs/sfs/2018/2000-2099/d_3478842-sfs-2018_2067-forordning-om-andring-i-forordningen-1994_1121-om-lakarvardsersattning",
          "a cross-check, not used: a psychiatric specialist visit 1,494 SEK; no BUP unit cost was found", "H"),
    Entry("Skolverket-costs-2020", "cost", "Skolverket (cost per pupil, via secondary reports)", "2018-2020",
          "Kostnader per elev i kommunal grundskola", "Skolverket's cost statistics, read through Expressen (2018, Kolada) and a blog (2020)",
          "https://www.expressen.se/nyheter/sa-mycket-kostar-en-elev-att-utbilda-per-ar/ ; https://pluraword.blogspot.com/2021/09/skolan-kostar-lite-mer-2020.html",
          "not costed: 113,700 (2018) and 118,200 (2020) SEK per pupil-year, about 660 SEK per school day (/ 178, derived) - an average, not a saving", "L-M"),
    Entry("HokSanandaji-2017", "cost", "Hök and Sanandaji (Skandia, Idéer för livet)", "2017",
          "Höga samhällskostnader för unga som inte klarar skolan", "Skandia (press release and a GP debate article)",
          "https://news.cision.com/se/skandia/r/hoga-samhallskostnader-for-unga-som-inte-klarar-skolan,c3327030 ; https://www.gp.se/debatt/dyr-nota-nar-unga-inte-klarar-skolan.4a36f4d1-82ed-4a8a-aad4-1df0e9adf030",
          "not costed: 53,000 MSEK for a cohort of 14,746 24-year-olds without upper-secondary school, about 3.6 MSEK each "
          "(1.8 MSEK public revenue; derived)", "M"),
    Entry("NilssonWadeskog", "cost", "Ingvar Nilsson and Anders Wadeskog", "about 2008-2009 (year not shown)",
          "Är du lönsam lille vän? (and Nilsson's 2009 calculation for Skolverket)", "SEE AB (model-based, not peer-reviewed)",
          "http://docplayer.se/173502-Ar-du-lonsam-lille-van.html ; https://www.svd.se/skolkare-dyra-for-samhallet",
          "not costed: 10-15 MSEK over a lifetime per young person in lasting exclusion (12-15 MSEK per lost pupil)", "L-M"),
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
              "cost": "Wages, on-costs and prices (costs in SEK)", "model": "The model's own judgement"}
    for kind, title in titles.items():
        out += [f"## {title}", ""]
        if kind == "cost":
            out += prices_markdown()
        for e in ENTRIES:
            if e.kind != kind:
                continue
            out += [f"### [{e.key}]", "",
                    f"- **Who:** {e.who}", f"- **Year:** {e.year}", f"- **Title:** {e.title}",
                    f"- **Published:** {e.where}", f"- **Address:** {e.address}", f"- **Used for:** {e.used_for}"]
            out += [f"- **Quality:** {e.quality}"] if e.quality else []
            out += [""]
    return "\n".join(out)


def prices_markdown() -> list[str]:
    """The introduction to the price entries: how a price becomes a cost, and every price of section
    ``[costs]`` with its plausible range (``sim/costs.py``) and source (written from the code)."""
    from .costs import PRICE_RANGES, casework_units
    from .describe import describe_rows
    from .params import Params

    params = Params()
    out = ["The prices of the model's cost view: section `[costs]` of the parameters (`sim/params.py`), billed by "
           "`sim/costs.py` after a run (ODD 7.17). Prices change no run, only its bill. The figures were gathered from "
           "public pages (read in excerpts). **Quality** marks each entry: **H** an official statistic or authority read "
           "directly, **M** a union, employer body, municipality or reputable secondary source quoting official data, "
           "**L** an aggregator or an unclear year. An older price is uprated with the 3.41 % a year historical salary "
           "growth of [Arbetslivsinstitutet-2024] (said so in its source). A price no source gives is classed "
           "*assumption*; its range is what sweeps and the worlds of `compare --worlds` draw from (`sim/costs.py`, "
           "`PRICE_RANGES`).", "",
           "**How a price becomes a cost.** Annual employer cost of a post = monthly salary x 12 x (1 + on-costs: "
           "municipal, or regional for BUP) x (1 + overhead). Hourly cost = annual employer cost / hours worked a year "
           "(`costs.hours_per_fte`). Casework per case = the model's mean duration in calendar days / the caseload one "
           "person carries x hours worked per calendar day (`hours_per_fte / 365`); with the defaults:", ""]
    for kind, (role, hours) in casework_units(params).items():
        label = {"intervention": "family intervention", "bup_first_assessment": "BUP first assessment",
                 "bup_treatment": "BUP in-depth assessment or treatment"}.get(kind, kind.replace("_", " "))
        out.append(f"- {label}: {hours:.0f} h at `wage_{role}`")
    out += ["", "| parameter | value | unit | plausible range | class | source |", "|---|---|---|---|---|---|"]
    for r in describe_rows(params):
        if not r["name"].startswith("costs."):
            continue
        rng = PRICE_RANGES.get(r["name"])
        span = f"{rng.lo:g}-{rng.hi:g} ({rng.dist})" if rng else "-"
        src = str(r["source"]).replace("|", "\\|")
        out.append(f"| `{r['name']}` | {r['default']:g} | {r['unit']} | {span} | {source_class(src)} | {src} |")
    out += ["", "**Not costed** (cited for scale, not used): the school's own measures (teachers' and special "
            "educators' time outside meetings), the families' time, reports and cases about other children (the same in "
            "every model), and the long-run value of regained schooling ([HokSanandaji-2017], [NilssonWadeskog]); a "
            "resource value of a school day of about 660 SEK ([Skolverket-costs-2020]) is an average, not a saving. "
            "Cross-checks, not used: a family-treatment voucher ([Nacka-2024]) and a psychiatric specialist visit "
            "([SFS-2018:2067]); no BUP unit cost was found.", ""]
    return out


if __name__ == "__main__":
    print(markdown(), end="")
