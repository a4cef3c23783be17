"""The interactive app: a running municipality in the browser, in English or Swedish.

Start it with ``samsim app`` (or ``solara run sim.app``) and open the address it prints.
Choose a coordination model in the sidebar, move the sliders for the main knobs, press *Reset*
to build a new municipality with them, then *Step* (one step = the days chosen under "Days per
step") or *Play*. Next to the chosen model, the silo (``baseline``) runs on the same seed and
the same pupils, so the headline - how much of their school time the pupils in need miss - is
always read against what would have happened without the model.

The app model is :class:`AppModel`, a :class:`sim.model.SchoolModel` built from the app's
settings (a plain dict: scenario, knobs, seed, language) that also keeps a small daily record
for the charts (:class:`sim.viz.DailyRecord`) and steps its paired silo. The simulation itself
is untouched. The controls are the app's own (solara components): Mesa's developer controls
(threads, render interval without a value) are not shown, every control carries an accessible
name, and *Reset* always builds the model the sidebar shows - the scenario and every knob.
"""
from __future__ import annotations

import threading
import time
import warnings

warnings.filterwarnings("ignore", message=r".*found despite early return", category=UserWarning)

import solara  # noqa: E402
import solara.components.applayout as _applayout  # noqa: E402
import solara.lab  # noqa: E402

from .model import SchoolModel  # noqa: E402
from .report.names import NAMES  # noqa: E402  (one list of the models' names)
from .scenario import builtin_names, load  # noqa: E402
from .viz import DailyRecord, attendance_figure, draw_network, queues_figure, stages_figure, trust_figure  # noqa: E402

# The app shows the organisation from its first day, without the comparison's warm-up
# (calendar.warmup_years): a student watches trust, queues and caseloads build up. The
# comparison report (samsim compare) measures after the warm-up.
COLD_START = {"calendar.warmup_years": 0}

# keyword argument -> (parameter, English label, Swedish label, kind, min, max, step)
KNOBS: dict[str, tuple[str, str, str, str, float, float, float]] = {
    "feedback_rate": ("services.feedback_rate", "Feedback to the school (share of reports)",
                      "Återkoppling till skolan (andel av anmälningarna)", "float", 0.0, 1.0, 0.05),
    "caseworker_turnover": ("turnover.caseworker_rate", "Case-officer turnover (share leaving a year)",
                            "Personalomsättning bland socialsekreterare (andel som slutar per år)", "float", 0.0, 1.0, 0.02),
    "eht_interval_days": ("eht.interval_days", "Pupil-health team (EHT) meets every ... days",
                          "Elevhälsoteamet (EHT) möts var ... dag", "int", 1, 56, 1),
    "forum_interval_days": ("coordination.forum_interval_days", "Cross-sector forum meets every ... days (0 = none)",
                            "Det gemensamma forumet möts var ... dag (0 = inget forum)", "int", 0, 90, 1),
    "coordinators": ("coordination.coordinators", "Coordinators (posts)", "Samordnare (tjänster)", "int", 0, 10, 1),
    "bup_clinicians": ("bup.clinicians_first", "BUP clinicians for first assessments",
                       "Behandlare på BUP för första bedömningar", "int", 1, 12, 1),
}
SHORT = {  # the knobs in the readout of the run: short, in the domain's words ({} = the value)
    "feedback_rate": ("feedback {}", "återkoppling {}"), "caseworker_turnover": ("turnover {}", "personalomsättning {}"),
    "eht_interval_days": ("EHT every {} days", "EHT var {}:e dag"), "forum_interval_days": ("forum every {} days", "forum var {}:e dag"),
    "coordinators": ("coordinators {}", "samordnare {}"), "bup_clinicians": ("BUP clinicians {}", "BUP-behandlare {}"),
}
SCENARIO_NAMES = NAMES  # the built-in models as the report names them (en, sv)
DEFAULT_SCENARIO = "baseline"
REFERENCE = "baseline"   # the paired run the headline is read against
DAYS_PER_STEP = 7        # the Step button advances this many days (a slider, shown with its value)
PLAY_PAUSE_S = 0.15      # pause between steps while playing: two years in about 15 s, slow enough to watch (and to pause)
LANGS = {"en": "English", "sv": "Svenska"}

WORDS = {
    "en": {
        "title": "samsim: school absence and collaboration",
        "settings": "Model and knobs", "scenario": "Coordination model", "seed": "Random seed (whole number)",
        "language": "Language", "controls": "Run", "reset": "Reset", "step": "Step", "play": "Play", "pause": "Pause",
        "days_per_step": "Days per step", "days": "days",
        "help": "Choosing a model sets the knobs to its values. A moved knob or a new seed takes effect when you "
                "press Reset, which builds a new municipality with exactly what the sidebar shows. Step advances "
                "the days chosen above; Play runs on. The silo runs alongside on the same seed and pupils.",
        "readout": "{scenario} - day {day} of {n_days} ({date}): {absent}; {episodes} pupils in an absence episode",
        "absent": "{share} % absent", "no_school": "no school today",
        "this_run": "This run: {knobs}; seed {seed}",
        "headline": "Pupils in need (their absence needs more than the school): {n} so far. Since their absence became a "
                    "problem they missed {share} % of their school days with {scenario}, against {ref_share} % in the "
                    "silo on the same pupils and seed ({n_ref} in need there): {diff}.",
        "headline_wait": "Pupils in need (their absence needs more than the school): none yet - absence becomes a "
                         "problem a few weeks into the school year.",
        "headline_days": "Pupils in need (their absence needs more than the school): {n} so far. Since onset each has been "
                         "absent {days} school days on average with {scenario}, against {ref_days} in the silo on the same "
                         "pupils and seed ({n_ref} in need there); help that acts on absence has reached {helped}, {recovered} are "
                         "back under 15 %: {diff}.",
        "days_less": "{d} school days fewer each", "days_more": "{d} school days more each",
        "diff_less": "{pp} percentage points fewer days missed", "diff_more": "{pp} percentage points more days missed",
        "diff_same": "no difference yet", "same_model": "this is the silo itself",
        "stages_note": "Why so many on steps 3-5? About 15 % of Swedish pupils are absent more than 15 % of a term "
                       "(Skolverket), some 240 of 1,600: every one of them climbs the staircase, most for illness or a "
                       "short episode, and a pupil leaves it only when a review finds her under 10 %.",
        "queue_note": "The forum's queue: with a forum, every pupil at the entry step of the staircase is applied for "
                      "(in SKIFO step 4), but the forum decides on a few applications per meeting (coordination."
                      "forum_capacity, an assumption) and declines those that waited too long. In the first autumn "
                      "everyone already absent climbs at once, so the queue peaks (about 150 by day 80-120 in SKIFO) "
                      "and then settles at 50-80.",
    },
    "sv": {
        "title": "samsim: skolfrånvaro och samverkan",
        "settings": "Modell och inställningar", "scenario": "Samverkansmodell", "seed": "Slumptal, frö (heltal)",
        "language": "Språk", "controls": "Körning", "reset": "Börja om", "step": "Stega", "play": "Spela", "pause": "Pausa",
        "days_per_step": "Dagar per steg", "days": "dagar",
        "help": "När du väljer en modell får reglagen modellens värden. Ett ändrat reglage eller frö gäller när du "
                "trycker på Börja om, som bygger en ny kommun med precis det som står i sidopanelen. Stega går fram "
                "det antal dagar som valts ovan; Spela kör vidare. Nuläget (stuprör) körs samtidigt med samma frö och elever.",
        "readout": "{scenario} – dag {day} av {n_days} ({date}): {absent}; {episodes} elever i en frånvaroperiod",
        "absent": "{share} % frånvarande", "no_school": "ingen skoldag",
        "this_run": "Den här körningen: {knobs}; frö {seed}",
        "headline": "Elever i behov (frånvaron kräver mer än skolan): hittills {n}. Sedan frånvaron blev ett problem har "
                    "de missat {share} % av sina skoldagar med {scenario}, mot {ref_share} % i nuläget (stuprör) med samma "
                    "elever och frö ({n_ref} i behov där): {diff}.",
        "headline_wait": "Elever i behov (frånvaron kräver mer än skolan): inga ännu – frånvaron blir ett problem "
                         "några veckor in på läsåret.",
        "headline_days": "Elever i behov (frånvaron kräver mer än skolan): hittills {n}. Sedan frånvaron blev ett problem har "
                         "var och en i genomsnitt varit frånvarande {days} skoldagar med {scenario}, mot {ref_days} i nuläget "
                         "(stuprör) med samma elever och frö ({n_ref} i behov där). Hjälp som påverkar frånvaron har nått "
                         "{helped}, och {recovered} är under 15 % frånvaro igen: {diff}.",
        "days_less": "{d} skoldagar färre per elev", "days_more": "{d} skoldagar fler per elev",
        "diff_less": "{pp} procentenheter färre missade dagar", "diff_more": "{pp} procentenheter fler missade dagar",
        "diff_same": "ingen skillnad ännu", "same_model": "det här är nuläget självt",
        "stages_note": "Varför så många på steg 3–5? Omkring 15 % av eleverna i Sverige har mer än 15 % frånvaro under "
                       "en termin (Skolverket), ungefär 240 av 1 600: alla går uppför trappan, de flesta på grund av "
                       "sjukdom eller en kort period, och en elev lämnar trappan först när en uppföljning visar under 10 %.",
        "queue_note": "Forumets kö: med ett forum ansöker skolan för varje elev som når trappans ansökningssteg (steg 4 i "
                      "SKIFO), men forumet beslutar om några få ansökningar per möte (coordination.forum_capacity, ett "
                      "antagande) och avslår dem som väntat för länge. Första hösten går alla som redan är frånvarande "
                      "uppför trappan samtidigt, så kön toppar (omkring 150 vid dag 80–120 i SKIFO) och stannar sedan "
                      "på 50–80.",
    },
}


def _get(params, key: str):
    sec, name = key.split(".")
    return getattr(getattr(params, sec), name)


def scenario_knobs(scenario: str) -> dict[str, float]:
    """The knob values a scenario sets (the sliders start there)."""
    params = load(scenario).params
    return {kw: _get(params, spec[0]) for kw, spec in KNOBS.items()}


def scenario_title(scenario: str, lang: str = "en") -> str:
    """A model's name for people: the report's name, or the file's ``[scenario] name``/``name_sv``."""
    if scenario in SCENARIO_NAMES:
        return SCENARIO_NAMES[scenario][lang == "sv"]
    try:
        scen = load(scenario)
    except Exception:  # noqa: BLE001 - a name is only for show
        return scenario
    return (getattr(scen, "title_sv", "") if lang == "sv" else "") or getattr(scen, "title", "") or scenario.replace("_", " ")


def initial_settings(scenario: str = DEFAULT_SCENARIO) -> dict:
    return {"scenario": scenario, "knobs": scenario_knobs(scenario), "seed": "1", "lang": "en",
            "days_per_step": DAYS_PER_STEP}


class AppModel(SchoolModel):
    """A municipality built from a scenario name and the app's knobs; records a day for the charts.

    Knobs left at ``None`` keep the scenario's value. ``settings`` (the sidebar: a dict with
    ``scenario``, ``knobs``, ``seed``; or just the knobs) wins over the keyword arguments, so
    *Reset* builds exactly what the sidebar shows. With ``paired`` the silo runs alongside on the
    same seed and municipality (:attr:`reference`) and steps with this model.
    """

    def __init__(self, scenario: str = DEFAULT_SCENARIO, seed: int | str = 1, n_pupils: int | None = None,
                 feedback_rate: float | None = None, caseworker_turnover: float | None = None,
                 eht_interval_days: int | None = None, forum_interval_days: int | None = None,
                 coordinators: int | None = None, bup_clinicians: int | None = None, settings=None,
                 paired: bool = False):
        given = dict(feedback_rate=feedback_rate, caseworker_turnover=caseworker_turnover,
                     eht_interval_days=eht_interval_days, forum_interval_days=forum_interval_days,
                     coordinators=coordinators, bup_clinicians=bup_clinicians)
        settings = getattr(settings, "value", settings)
        if settings:
            if "knobs" in settings or "scenario" in settings:
                scenario = settings.get("scenario", scenario)
                seed = settings.get("seed", seed)
                given.update(settings.get("knobs", {}))
            else:
                given.update(settings)
        overrides = {**COLD_START, **{KNOBS[k][0]: (int(v) if KNOBS[k][3] == "int" else float(v)) for k, v in given.items() if v is not None}}
        if n_pupils is not None:
            overrides["municipality.n_pupils"] = int(n_pupils)
        scen = load(scenario, overrides, where="app")
        try:
            seed = int(seed)
        except (TypeError, ValueError):
            seed = 1
        SchoolModel.__init__(self, scen.params, seed=seed, scenario=scen.name)
        self.description = scen.description
        self.description_sv = scen.description_sv
        self.knobs = {kw: _get(scen.params, spec[0]) for kw, spec in KNOBS.items()}
        self.record = DailyRecord()
        self.lock = threading.RLock()  # Play steps in a thread: charts are drawn from a model at rest
        self.reference: SchoolModel | None = None
        self.reference_record: DailyRecord | None = None
        if paired:
            ref_over = {**COLD_START, **({"municipality.n_pupils": int(n_pupils)} if n_pupils is not None else {})}
            ref = load(REFERENCE, ref_over, where="app")
            self.reference = SchoolModel(ref.params, seed=seed, scenario=ref.name)
            self.reference_record = DailyRecord()

    def step(self) -> None:
        if self.day >= self.calendar.n_days:
            self.running = False
            return
        SchoolModel.step(self)
        self.record.observe(self)
        ref = self.reference
        if ref is not None and self.reference_record is not None and ref.day < ref.calendar.n_days:
            ref.step()
            self.reference_record.observe(ref)


# ----------------------------------------------------------------------------- components
_solara_app_icon = _applayout.AppIcon


@solara.component
def _named_app_icon(open=False, on_click=None, **kwargs):
    """Solara's button that shows or hides the sidebar, with an accessible name (it has none)."""
    return _solara_app_icon(open, on_click=on_click, attributes={"aria-label": "Show or hide the side panel / Visa eller dölj sidopanelen"},
                            **kwargs)


_applayout.AppIcon = _named_app_icon


def _fmt(kind: str, v, lang: str = "en") -> str:
    text = f"{v:.2f}" if kind == "float" else str(int(v))
    return text.replace(".", ",") if lang == "sv" else text


def _num(x: float, decimals: int, lang: str) -> str:
    text = f"{x:.{decimals}f}"
    if text.strip("-0.,") == "":
        text = text.lstrip("-")  # never "-0.0"
    return text.replace(".", ",") if lang == "sv" else text


def readout_text(model: AppModel, lang: str) -> tuple[str, str]:
    w = WORDS[lang]
    pupils = model.pop  # the population's arrays: who is in an episode now
    d = max(model.day - 1, 0)
    absent = model.record.absence[-1] if model.record.absence else float("nan")
    absent_txt = w["no_school"] if absent != absent else w["absent"].format(share=_num(100 * absent, 1, lang))
    knobs = ", ".join(SHORT[k][lang == "sv"].format(_fmt(KNOBS[k][3], v, lang)) for k, v in model.knobs.items())
    line = w["readout"].format(scenario=scenario_title(model.scenario, lang), day=model.day, n_days=model.calendar.n_days,
                               date=f"{model.calendar.date(d):%Y-%m-%d}", absent=absent_txt,
                               episodes=int(pupils.in_episode.sum()))
    return line, w["this_run"].format(knobs=knobs, seed=model.seed)


def _followup(m) -> dict | None:
    """The model's own cohort of pupils in need so far (``model.followup``, the outcome
    endpoints' follow-up), where the model has it."""
    fu = getattr(m, "followup", None)
    return fu.so_far(m.day) if fu is not None and hasattr(fu, "so_far") else None


def headline_text(model: AppModel, lang: str) -> str:
    """The outcome next to the paired silo: school days absent per pupil in need since onset
    (the outcome endpoint's follow-up where the model has one), else the share of school days
    missed by pupils in need since their absence became a problem."""
    w = WORDS[lang]
    same = model.scenario == REFERENCE and model.knobs == scenario_knobs(REFERENCE)
    mine = _followup(model)
    theirs = _followup(model.reference) if model.reference is not None else None
    if mine is not None and theirs is not None:
        if not mine["pupils_in_need"]:
            return w["headline_wait"]
        days, ref_days = mine["absence_days_per_pupil"], theirs["absence_days_per_pupil"]
        if same:
            diff = w["same_model"]
        elif ref_days != ref_days:
            diff = w["diff_same"]
        else:
            gain = ref_days - days
            diff = w["diff_same"] if abs(gain) < 0.05 else w["days_less" if gain > 0 else "days_more"].format(d=_num(abs(gain), 1, lang))
        return w["headline_days"].format(n=int(mine["pupils_in_need"]), days=_num(days, 1, lang), scenario=scenario_title(model.scenario, lang),
                                         ref_days=_num(ref_days, 1, lang) if ref_days == ref_days else "–",
                                         n_ref=int(theirs["pupils_in_need"]), helped=int(mine["effective_help"]),
                                         recovered=int(mine["recovered"]), diff=diff)
    rec, ref = model.record, model.reference_record
    share = rec.absence_in_need
    if share != share:
        return w["headline_wait"]
    ref_share = ref.absence_in_need if ref is not None else float("nan")
    if same:
        diff = w["same_model"]
    elif ref_share != ref_share:
        diff = w["diff_same"]
    else:
        pp = 100 * (ref_share - share)
        diff = w["diff_same"] if abs(pp) < 0.05 else w["diff_less" if pp > 0 else "diff_more"].format(pp=_num(abs(pp), 1, lang))
    return w["headline"].format(n=rec.n_in_need, share=_num(100 * share, 1, lang), scenario=scenario_title(model.scenario, lang),
                                ref_share=_num(100 * ref_share, 1, lang) if ref_share == ref_share else "–",
                                n_ref=ref.n_in_need if ref is not None else "–", diff=diff)


@solara.component
def Readout(model: AppModel, lang: str, day: int):
    """The lines the reader (and the browser test) can check: day, date, absence, the knobs, the headline."""
    with model.lock:
        line, knobs = readout_text(model, lang)
        headline = headline_text(model, lang)
    solara.Text(line, classes=["samsim-readout"], style={"font-weight": "bold", "font-size": "0.9em"})
    solara.Text(knobs, classes=["samsim-knobs"], style={"font-size": "0.75em", "color": "#555"})
    solara.Text(headline, classes=["samsim-headline"],
                style={"font-size": "0.9em", "background": "#eef4fb", "padding": "0.4em 0.6em", "border-left": "4px solid #0072B2",
                       "display": "block", "margin": "0.3em 0"})


def _chart(name: str, model: AppModel, make, lang: str, note: str | None = None):
    def draw():
        with model.lock:
            return make()

    fig = solara.use_memo(draw, [id(model), model.day, lang])
    with solara.Column(classes=["samsim-chart", f"samsim-{name}"], gap="0px") as col:
        solara.FigureMatplotlib(fig, dependencies=[id(model), model.day, lang], format="png", dpi=90)
        if note:
            solara.Text(WORDS[lang][note], classes=[f"samsim-note-{name}"], style={"font-size": "0.75em", "color": "#444"})
    return col


@solara.component
def Charts(model: AppModel, lang: str, tick: int):
    n = model.calendar.n_days
    network = model.network  # its weekly collaboration index, a declared statistic
    with solara.Column(classes=["samsim-charts"]):
        with solara.Div(classes=["samsim-attendance-box"]):
            Readout(model, lang, model.day)
        with solara.Columns([1, 1]):
            _chart("attendance", model, lambda: attendance_figure(model.record, n, figsize=(6.4, 3.3), lang=lang), lang)
            _chart("stages", model, lambda: stages_figure(model.record, n, figsize=(6.4, 4.0), lang=lang), lang, "stages_note")
        with solara.Columns([1, 1]):
            _chart("queues", model, lambda: queues_figure(model.record, n, figsize=(6.4, 3.8), lang=lang), lang, "queue_note")
            _chart("trust", model, lambda: trust_figure(model.record, network.index_series, n, figsize=(6.4, 3.8), lang=lang), lang)
        with solara.Columns([3, 2]):
            _chart("network", model, lambda: draw_network(model, figsize=(7.2, 6.6), lang=lang), lang)
            solara.Div()


CSS = """
.samsim-chart img { max-width: 100%; height: auto; }
.samsim-knob .v-input { margin-top: 0; padding-top: 0; }
.samsim-knob .v-input .v-label { display: none; }
.samsim-knob-label { font-size: 0.85em; }
"""


@solara.component
def KnobSliders(settings: solara.Reactive):
    """The main knobs, each with its value on show; they take effect at the next Reset."""
    lang = settings.value["lang"]
    for kw, (_key, label_en, label_sv, kind, lo, hi, step) in KNOBS.items():
        v = settings.value["knobs"][kw]
        label = label_sv if lang == "sv" else label_en

        def set_value(x, kw=kw):
            settings.set({**settings.value, "knobs": {**settings.value["knobs"], kw: x}})

        with solara.Column(classes=["samsim-knob", f"samsim-knob-{kw}"], gap="0px"):
            solara.Text(f"{label}: {_fmt(kind, v, lang)}", classes=["samsim-knob-label"])
            slider = solara.SliderFloat if kind == "float" else solara.SliderInt
            slider(label, value=v, min=lo, max=hi, step=step, on_value=set_value)


@solara.component
def Page():
    """The whole app: model, knobs, seed and language in the sidebar; the run's charts beside them."""
    settings = solara.use_reactive(initial_settings())
    model = solara.use_reactive(solara.use_memo(lambda: AppModel(settings=settings.value, paired=True), []))
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    # what the play loop obeys: a plain flag (read from the loop's thread), set with the button
    control = solara.use_memo(lambda: {"play": False, "run": 0}, [])
    lang = settings.value["lang"]
    w = WORDS[lang]

    def choose(name: str) -> None:
        settings.set({**settings.value, "scenario": name, "knobs": scenario_knobs(name)})

    def set_playing(on: bool) -> None:
        control["play"] = on
        control["run"] += 1  # a loop started before this press stops
        playing.set(on)

    def reset() -> None:
        set_playing(False)
        model.set(AppModel(settings=settings.value, paired=True))
        tick.set(tick.value + 1)

    def advance() -> None:
        m = model.value
        with m.lock:
            for _ in range(int(settings.value["days_per_step"])):
                if not m.running:
                    break
                m.step()
        tick.set(tick.value + 1)

    def play_loop():
        run = control["run"]
        while control["play"] and control["run"] == run and model.value.running:
            advance()
            time.sleep(PLAY_PAUSE_S)
        if control["run"] == run and control["play"] and not model.value.running:
            set_playing(False)

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    solara.Style(CSS)
    solara.Title(w["title"])
    with solara.AppBar():
        solara.AppBarTitle(w["title"])
    with solara.Sidebar():
        with solara.Card(w["language"]):
            solara.ToggleButtonsSingle(value=lang, on_value=lambda v: settings.set({**settings.value, "lang": v}),
                                       children=[solara.Button(LANGS[k], value=k, classes=[f"samsim-lang-{k}"]) for k in LANGS])
        with solara.Card(w["settings"]):
            titles = {scenario_title(n, lang): n for n in builtin_names()}  # people read names, not file names
            solara.Select(w["scenario"], values=list(titles), value=scenario_title(settings.value["scenario"], lang),
                          on_value=lambda t: choose(titles.get(t, t)), classes=["samsim-scenario"])
            desc_model = load(settings.value["scenario"])
            desc = desc_model.description_sv if lang == "sv" and desc_model.description_sv else desc_model.description
            solara.Text(desc, style={"font-size": "0.8em", "color": "#555"})
            KnobSliders(settings)
            solara.InputText(w["seed"], value=str(settings.value["seed"]),
                             on_value=lambda v: settings.set({**settings.value, "seed": v}), classes=["samsim-seed"])
        with solara.Card(w["controls"]):
            dps = int(settings.value["days_per_step"])
            solara.Text(f"{w['days_per_step']}: {dps}", classes=["samsim-knob-label"])
            with solara.Column(classes=["samsim-knob", "samsim-days-per-step"], gap="0px"):
                solara.SliderInt(w["days_per_step"], value=dps, min=1, max=28, step=1,
                                 on_value=lambda v: settings.set({**settings.value, "days_per_step": v}))
            with solara.Row(justify="space-between"):
                solara.Button(w["reset"], color="primary", on_click=reset, classes=["samsim-reset"])
                solara.Button(w["pause"] if playing.value else w["play"], color="primary",
                              on_click=lambda: set_playing(not control["play"]), classes=["samsim-play"])
                solara.Button(w["step"], color="primary", on_click=advance, disabled=playing.value or not model.value.running,
                              classes=["samsim-step"])
            solara.Text(w["help"], style={"font-size": "0.8em"})
    Charts(model.value, lang, tick.value)
