"""The report's words, in English and Swedish, and the metrics it shows.

A metric: key -> (English label, Swedish label, unit, scale, which way is better, decimals).
``scale`` turns the stored value into the shown one (0.06 -> 6 %). The label carries no unit:
:func:`metric_label` adds it once, in the report's language (:data:`UNITS`). Metrics counted
over the whole run (:data:`RUN_TOTALS`) are shown per year.
"""
from __future__ import annotations

METRICS = {
    # benefit to the pupils in need (sim/followup.py), first
    "pupils_in_need_per_year": ("Pupils in need a year (absence that needs more than the school)", "Elever i behov per år (frånvaro som kräver mer än skolans egna insatser)", "count", 1, None, 1),
    "absence_days_per_pupil_in_need": ("School days absent per pupil in need in the year after onset", "Frånvarodagar per elev i behov under året efter frånvarons början", "days", 1, "lower", 1),
    "share_in_need_recovered_365d": ("Pupils in need back in school (under 15 % absence) within a year", "Elever i behov tillbaka i skolan (under 15 % frånvaro) inom ett år", "%", 100, "higher", 0),
    "share_effective_help_365d": ("Pupils in need reached by help that acts on absence within a year", "Elever i behov som inom ett år fått hjälp som påverkar frånvaron", "%", 100, "higher", 0),
    "days_to_effective_help_median": ("Median time from onset to help that acts on absence", "Mediantid från frånvarons början till hjälp som påverkar frånvaron", "days", 1, "lower", 0),
    # process: how soon the agencies act, whatever it does for the pupil (no arrow: never 'better' on process alone)
    "days_without_multiagency_contact_first_year": ("Process: time without multi-agency contact in the first year after onset (mean)", "Process: tid utan kontakt med flera aktörer under första året efter frånvarons början (medelvärde)", "days", 1, None, 0),
    "share_multiagency_contact_within_365d": ("Process: pupils in need with multi-agency contact within a year", "Process: elever i behov som haft kontakt med flera aktörer inom ett år", "%", 100, None, 0),
    "days_to_first_multiagency_contact_median": ("Process: median time from onset to multi-agency contact", "Process: mediantid från frånvarons början till kontakt med flera aktörer", "days", 1, None, 0),
    "days_to_detection_median": ("Process: median time from onset to detection", "Process: mediantid från frånvarons början till upptäckt", "days", 1, None, 0),
    "days_to_school_measure_median": ("Process: median time from onset to a school measure", "Process: mediantid från frånvarons början till skolans åtgärd", "days", 1, None, 0),
    "mean_daily_absence": ("Mean daily absence", "Genomsnittlig frånvaro per dag", "%", 100, "lower", 2),
    "share_absence_over_15pct_term": ("Pupils over 15 % absence in a term", "Elever med mer än 15 % frånvaro under en termin", "%", 100, "lower", 1),
    "share_absence_over_50pct": ("Pupils absent half the school year or more", "Elever som är frånvarande halva läsåret eller mer", "%", 100, "lower", 2),
    "share_fell_between_chairs": ("Process: detected cases never in contact with several agencies (still absent)", "Process: upptäckta ärenden som aldrig haft kontakt med flera aktörer (eleven är fortfarande frånvarande)", "%", 100, None, 0),
    "reports_of_concern": ("Reports of concern", "Orosanmälningar", "count", 1, None, 0),
    "repeat_reports": ("Repeat reports about the same pupil", "Upprepade orosanmälningar om samma elev", "count", 1, None, 0),
    "share_reports_with_feedback": ("Reports the school heard back on", "Orosanmälningar där skolan fick återkoppling", "%", 100, None, 0),
    "share_reports_investigated": ("Reports leading to an investigation", "Orosanmälningar som ledde till utredning", "%", 100, None, 0),
    "bup_days_to_first_assessment_median": ("Median wait for BUP's first assessment", "Mediantid i kö till BUP:s första bedömning", "days", 1, None, 0),
    "collaboration_index": ("Collaboration index", "Samverkansindex", "1-5", 1, None, 2),
    "school_trust": ("Schools' trust in social services", "Skolornas tillit till socialtjänsten", "0-1", 1, None, 2),
    "staff_meeting_hours": ("Staff time in meetings", "Personalens tid i möten", "hours", 1, None, 0),
    "equity_gap_days": ("Process: equity gap, extra days without multi-agency contact, families with few vs many resources", "Process: ojämlikhet, fler dagar utan kontakt med flera aktörer för elever i familjer med små resurser än för övriga", "days", 1, None, 0),
}

# units as the table shows them, per language; "count" is a number over the run, shown per year
UNITS = {
    "en": {"days": "days", "%": "%", "hours": "hours per year", "1-5": "1–5", "0-1": "0–1", "count": "per year",
           "school days": "school days", "SEK": "SEK", "SEK per year": "SEK per year", "pupils": "pupils",
           "pupils per year": "pupils per year"},
    "sv": {"days": "dagar", "%": "%", "hours": "timmar per år", "1-5": "1–5", "0-1": "0–1", "count": "per år",
           "school days": "skoldagar", "SEK": "kr", "SEK per year": "kr per år", "pupils": "elever",
           "pupils per year": "elever per år"},
}
# run metrics that count events over the whole run (all its years): the report divides them by the years
RUN_TOTALS = {"reports_of_concern", "repeat_reports", "reports_withheld", "bup_referrals", "bup_referrals_dropped",
              "forum_decisions", "sip_meetings", "info_shared", "eht_meetings_held", "eht_meetings_cancelled"}

TEXT = {
    "en": {
        "title": "Comparing coordination models around problematic school absence",
        "subtitle": "samsim {version} · {reps} simulated replications of each model on the same pupils (random seed {seed}) · {date}",
        "summary": "Summary",
        "soonest": "Process: in <b>{best}</b> the agencies reach pupils soonest: among pupils whose absence needs more than the school, {best_share} % had contact with several agencies (a plan, a SIP meeting or an intervention) within a year of the start of their absence, against {ref_share} % in <b>{ref}</b>.",
        "rank_intro": "Process: days a pupil in need went without multi-agency contact during the first year after her absence began, fewest first:",
        "rank_ref": "<b>{name}</b>: {days} days (the reference)",
        "rank_item": "<b>{name}</b>: {days} days {direction} than {ref} (95 % CI {lo} to {hi}); {certainty}",
        "attendance_all": "No model changes mean absence by more than {pp} percentage points (about {days} school days per pupil and year): collaboration helps the minority of pupils whose absence needs more than the school, and help that starts late is weak.",
        "median_sentence": "Process: with {name} the median time from problematic absence to a first multi-agency contact was <b>{days} days {direction}</b> (95 % CI {lo}–{hi}).",
        "median_missing": "A median time to multi-agency contact cannot be given for {names}: fewer than half of the pupils in need had one within the simulated years.",
        "attendance_sentence": "Mean absence was {diff} percentage points {direction} with {name} than with {ref} (95 % CI {lo} to {hi}), about {days} school days per pupil per year.",
        "sure": "the interval excludes zero: the difference is not simulation noise.",
        "unsure": "the interval includes zero: the simulation cannot tell the two apart.",
        "shorter": "fewer", "longer": "more", "lower": "lower", "higher": "higher",
        "how_sure": "How sure are we? Every model was run {reps} times on the same simulated pupils and life events, so each difference is measured pair by pair. The intervals are 95 % confidence intervals over those replications: they say whether a difference is larger than the simulation's own noise, nothing about whether its assumptions are right (that is in the validation report that comes with samsim).",
        "pairing": "Pairing narrows the intervals most where the same pupils drive the result: the paired 95 % interval of the difference in mean absence {name} − {ref} is ±{paired} percentage points, against ±{unpaired} had the runs been independent. For the first-year days without multi-agency contact (process) it is ±{hpaired} against ±{hunpaired} days: there the paths of the two organisations part early, so pairing helps less.",
        "not_reached": "defined in {n} of {reps} runs",
        "scenarios": "The models compared",
        "table": "Key results",
        "table_note": "Mean over replications with its 95 % CI below; for each model the difference (Δ) from {ref} with its paired 95 % CI, in the metric's unit (for % rows: percentage points). Bold, with ▲ better or ▼ worse for the pupils, only when the interval excludes zero (benefit and attendance only: process measures get no arrow). Counts are per year ({years} simulated school years per run); times are calendar days.",
        "metric": "Metric", "difference": "Difference from", "figures": "Figures",
        "km_title": "Time from the start of problematic absence to ...",
        "km_panels": ["detection by the school", "a school measure", "multi-agency contact (pupils in need; process)"],
        "km_x": "days since onset", "km_y": "share still waiting",
        "km_guide": "Each curve shows the share of cases still waiting; a curve that falls faster means help comes sooner. Cases still waiting at the end are counted until then (Kaplan–Meier).",
        "abs_title": "Distribution of absence over the school year",
        "abs_x": "absence over the school year (%)", "abs_y": "share of pupils with more absence (%)",
        "abs_guide": "Read at 15 %: the height is the share of pupils absent more than 15 % of the year; lower curves mean more attendance.",
        "trust_title": "Trust and collaboration over time",
        "trust_y": ["schools' trust in social services (0-1)", "collaboration index (1-5)"], "weeks": "weeks since the start",
        "trust_guide": "Means over replications. Trust rises with feedback and meetings and falls with silence and turnover; the index combines trust with personal ties between sectors.",
        "queue_title": "Waiting in each queue (median per run)",
        "queue_names": ["preliminary assessment", "investigation", "BUP first assessment", "BUP treatment"],
        "queue_y": "days", "queue_guide": "Bars are the mean over replications of each run's median; lines show the 95 % CI. Legal limits: 14 days (preliminary), 120 (investigation); BUP target 30 days.",
        "hours_title": "Staff time in meetings, by kind of meeting",
        "hours_y": "staff hours per year", "hours_guide": "Meetings take time from the same people who do the casework; too many can slow help.",
        "meeting_kinds": {"eht": "pupil-health team (EHT)", "coordinator_eht": "coordinator at the EHT", "intake_eht": "intake unit at the EHT",
                          "forum": "cross-sector forum", "joint_professional": "joint meeting of professionals", "sip": "SIP (coordinated plan)",
                          "ssw_on_site": "school social worker on site", "training": "joint training"},
        "queue_limit": "legal limit or target",
        "equity_title": "Equity (process): days without multi-agency contact in the first year",
        "equity_labels": ["low-resource families", "other families"], "equity_y": "days (mean)",
        "equity_guide": "A smaller gap between the bars means coordination reaches families with few resources as well as others.",
        "params": "Parameters and reproducibility",
        "params_text": "All resolved parameters of every model, the seeds and the package version are in summary.json; each run is a row of runs.csv with its seed. Re-running the same command gives the same numbers.",
        "caveat": "This is a simulation: its numbers follow from documented assumptions (the model description and the validation report that come with samsim) and are meant for comparing ways of organising, not for forecasting a particular municipality.",
        "overload_why": "It does worse than the silo: its coordinator is past her caseload and the forum meets rarely; schools send cases early and then wait for the forum instead of climbing the staircase, so collaboration delays help (once a process has started, professionals worry less although nothing has changed for the child: Bergnehr, literature review on co-operation between social services and schools, about 2015).",
    },
    "sv": {
        "title": "Jämförelse av samverkansmodeller kring problematisk skolfrånvaro",
        "subtitle": "samsim {version} · {reps} simuleringar av varje modell med samma elever (slumptalsfrö {seed}) · {date}",
        "summary": "Sammanfattning",
        "soonest": "Process: med <b>{best}</b> når aktörerna eleverna snabbast: av de elever vars frånvaro kräver mer än skolans egna insatser hade {best_share} % kontakt med flera aktörer (en plan, ett SIP-möte eller en insats) inom ett år från det att frånvaron började, mot {ref_share} % med <b>{ref}</b>.",
        "rank_intro": "Process: antal dagar som en elev i behov var utan kontakt med flera aktörer under det första året efter att frånvaron började, färst först:",
        "rank_ref": "<b>{name}</b>: {days} dagar (jämförelsealternativ)",
        "rank_item": "<b>{name}</b>: {days} dagar {direction} än {ref} (95 % KI {lo} till {hi}); {certainty}",
        "attendance_all": "Ingen modell ändrar den genomsnittliga frånvaron med mer än {pp} procentenheter (ungefär {days} skoldagar per elev och år). Samverkan hjälper den minoritet av eleverna vars frånvaro kräver mer än skolans egna insatser, och hjälp som kommer sent har liten effekt.",
        "median_sentence": "Process: med {name} var mediantiden från att den problematiska frånvaron började till första kontakt med flera aktörer <b>{days} dagar {direction}</b> (95 % KI {lo}–{hi}).",
        "median_missing": "En mediantid till kontakt med flera aktörer kan inte anges för {names}: färre än hälften av eleverna i behov hade kontakt under de simulerade åren, och det är i sig ett resultat.",
        "attendance_sentence": "Frånvaron var i genomsnitt {diff} procentenheter {direction} med {name} än med {ref} (95 % KI {lo} till {hi}), vilket motsvarar ungefär {days} skoldagar per elev och år.",
        "sure": "intervallet innehåller inte noll, så skillnaden beror inte på slumpvariationen i simuleringen.",
        "unsure": "intervallet innehåller noll, så simuleringen kan inte skilja de två åt.",
        "shorter": "färre", "longer": "fler", "lower": "lägre", "higher": "högre",
        "how_sure": "Hur säkra är resultaten? Varje modell kördes {reps} gånger med samma simulerade elever och livshändelser, så att varje skillnad kan mätas parvis. Intervallen är 95 % konfidensintervall över dessa körningar. De visar om en skillnad är större än simuleringens egen slumpvariation, men inget om huruvida antagandena stämmer (det redovisas i valideringsrapporten som följer med samsim).",
        "pairing": "Parade jämförelser ger smalast intervall när resultatet till största delen beror på samma elever: det parade 95 %-intervallet för skillnaden i frånvaro mellan {name} och {ref} är ±{paired} procentenheter, mot ±{unpaired} om körningarna hade varit oberoende av varandra. För dagar utan kontakt med flera aktörer under det första året (process) är det ±{hpaired} mot ±{hunpaired} dagar. Där skiljer sig de två organisationernas förlopp åt tidigt, så den parade jämförelsen ger mindre vinst.",
        "not_reached": "kunde beräknas i {n} av {reps} körningar",
        "scenarios": "Modellerna som jämförs",
        "table": "Viktiga resultat",
        "table_note": "Medelvärde över körningarna med 95 % KI under; för varje modell skillnaden (Δ) mot {ref} med parat 95 % KI, i måttets enhet (för rader i %: procentenheter). Fetstil, med ▲ bättre eller ▼ sämre för eleverna, bara när intervallet inte innehåller noll (bara nytta och närvaro: processmått får ingen pil). Antal anges per år ({years} simulerade läsår per körning); tider anges i kalenderdagar.",
        "metric": "Mått", "difference": "Skillnad mot", "figures": "Diagram",
        "km_title": "Tid från att den problematiska frånvaron började till …",
        "km_panels": ["upptäckt i skolan", "en åtgärd i skolan", "kontakt med flera aktörer (elever i behov; process)"],
        "km_x": "dagar sedan frånvaron började", "km_y": "andel som fortfarande väntar",
        "km_guide": "Varje kurva visar andelen ärenden som fortfarande väntar. En kurva som faller snabbare betyder att hjälpen kommer tidigare. Ärenden som fortfarande väntar när simuleringen slutar räknas fram till dess (Kaplan–Meier).",
        "abs_title": "Fördelning av frånvaro under läsåret",
        "abs_x": "frånvaro under läsåret (%)", "abs_y": "andel elever med mer frånvaro (%)",
        "abs_guide": "Läs av vid 15 %: höjden är andelen elever som var frånvarande mer än 15 % av läsåret. En lägre kurva betyder högre närvaro.",
        "trust_title": "Tillit och samverkan över tid",
        "trust_y": ["skolornas tillit till socialtjänsten (0–1)", "samverkansindex (1–5)"], "weeks": "veckor sedan simuleringens början",
        "trust_guide": "Medelvärde över körningarna. Tilliten växer med återkoppling och möten och minskar när skolan inte får besked och när personal slutar. Indexet väger samman tillit och personliga kontakter mellan verksamheterna.",
        "queue_title": "Väntetid i varje kö (median per körning)",
        "queue_names": ["förhandsbedömning", "utredning", "BUP, första bedömning", "BUP, behandling"],
        "queue_y": "dagar", "queue_guide": "Staplarna är medelvärdet över körningarna av varje körnings median, strecken visar 95 % KI. Lagstadgade tidsgränser: 14 dagar för förhandsbedömning och 120 dagar för utredning; BUP:s mål är 30 dagar.",
        "hours_title": "Personalens tid i möten, efter typ av möte",
        "hours_y": "personaltimmar per år", "hours_guide": "Möten tar tid från samma personer som handlägger ärendena. För många möten kan fördröja hjälpen.",
        "meeting_kinds": {"eht": "elevhälsoteam (EHT)", "coordinator_eht": "samordnare i EHT", "intake_eht": "mottagningen i EHT",
                          "forum": "gemensamt forum", "joint_professional": "möte mellan professionella", "sip": "SIP (samordnad individuell plan)",
                          "ssw_on_site": "skolsocionom på plats", "training": "gemensam utbildning"},
        "queue_limit": "lagstadgad gräns eller mål",
        "equity_title": "Jämlikhet (process): dagar utan kontakt med flera aktörer under det första året",
        "equity_labels": ["familjer med små resurser", "övriga familjer"], "equity_y": "dagar (medelvärde)",
        "equity_guide": "Ju mindre skillnad mellan staplarna, desto bättre når samverkan familjer med små resurser jämfört med andra familjer.",
        "params": "Parametrar och reproducerbarhet",
        "params_text": "Alla parametrar för varje modell, slumptalsfröna och programversionen finns i filen summary.json. Varje körning är en rad i runs.csv med sitt slumptalsfrö. Samma kommando ger samma siffror igen.",
        "caveat": "Detta är en simulering. Siffrorna följer av dokumenterade antaganden (i modellbeskrivningen och valideringsrapporten som följer med samsim) och är avsedda för att jämföra olika sätt att organisera samverkan, inte för att förutsäga utfallet i en viss kommun.",
        "overload_why": "Modellen ger sämre resultat än nuläget: samordnaren har fler ärenden än hon hinner med och forumet träffas sällan. Skolorna skickar ärenden tidigt och väntar sedan på forumet i stället för att gå vidare i trappan, så samverkan fördröjer hjälpen (när en process väl har startat oroar sig de professionella mindre, trots att inget har förändrats för barnet: Bergnehr, litteraturöversikt om samverkan mellan socialtjänst och skola, omkring 2015).",
    },
}


def unit_text(unit: str, lang: str) -> str:
    """A unit as the report shows it in ``lang`` (unknown units pass through)."""
    return UNITS.get(lang, UNITS["en"]).get(unit, unit)


def metric_label(key: str, lang: str) -> str:
    """The metric's name with its unit, once, in the report's language."""
    en, sv, unit, *_ = METRICS[key]
    label = sv if lang == "sv" else en
    shown = unit_text(unit, lang)
    return f"{label} ({shown})" if shown and f"({shown})" not in label else label
