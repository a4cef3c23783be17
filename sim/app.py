"""The interactive app: Mesa's SolaraViz around a running municipality.

Start it with ``samsim app`` (or ``solara run sim.app``) and open the address it prints.
Choose a scenario in the sidebar, move the sliders for the main knobs, press *Reset* to build a
new municipality with them, then *Step* (one step = "Render Interval" days) or play. The charts
show attendance, open cases by stage, queue lengths, trust and the collaboration index, and the
professional network coloured by sector and trust.

The app model is a thin :class:`AppModel` (a :class:`sim.model.SchoolModel` built from keyword
arguments, as SolaraViz needs) that also keeps a small daily record for the charts
(:class:`sim.viz.DailyRecord`); the simulation itself is untouched.
"""
from __future__ import annotations

import os
import warnings

# Mesa 3.3's ComponentsView trips solara's rules-of-hooks check (a harmless early return)
warnings.filterwarnings("ignore", message=r".*found despite early return", category=UserWarning)

import solara  # noqa: E402
from mesa.visualization import SolaraViz, solara_viz  # noqa: E402

from .model import SchoolModel  # noqa: E402
from .scenario import builtin_names, load  # noqa: E402
from .viz import DailyRecord, attendance_figure, benefit_line, draw_network, queues_figure, stages_figure, trust_figure  # noqa: E402

# keyword argument -> (parameter, label, kind, min, max, step)
KNOBS: dict[str, tuple[str, str, str, float, float, float]] = {
    "feedback_rate": ("services.feedback_rate", "Feedback to the school (share of reports)", "float", 0.0, 1.0, 0.05),
    "caseworker_turnover": ("turnover.caseworker_rate", "Case-officer turnover (share leaving a year)", "float", 0.0, 1.0, 0.02),
    "eht_interval_days": ("eht.interval_days", "Pupil-health team (EHT) meets every ... days", "int", 1, 56, 1),
    "forum_interval_days": ("coordination.forum_interval_days", "Cross-sector forum meets every ... days (0 = none)", "int", 0, 90, 1),
    "coordinators": ("coordination.coordinators", "Coordinators (posts)", "int", 0, 10, 1),
    "bup_clinicians": ("bup.clinicians_first", "BUP clinicians for first assessments", "int", 1, 12, 1),
}
DEFAULT_SCENARIO = "baseline"
DAYS_PER_STEP = 7  # SolaraViz's "Render Interval": the Step button advances this many days


def _get(params, key: str):
    sec, name = key.split(".")
    return getattr(getattr(params, sec), name)


def scenario_knobs(scenario: str) -> dict[str, float]:
    """The knob values a scenario sets (the sliders start there)."""
    params = load(scenario).params
    return {kw: _get(params, spec[0]) for kw, spec in KNOBS.items()}


class AppModel(SchoolModel):
    """A municipality built from a scenario name and the app's knobs; records a day for the charts.

    Knobs left at ``None`` keep the scenario's value. ``settings`` (the app's sliders, a solara
    reactive dict) is read when the model is built, so *Reset* builds with the sliders' values.
    """

    def __init__(self, scenario: str = DEFAULT_SCENARIO, seed: int | str = 1, n_pupils: int | None = None,
                 feedback_rate: float | None = None, caseworker_turnover: float | None = None,
                 eht_interval_days: int | None = None, forum_interval_days: int | None = None,
                 coordinators: int | None = None, bup_clinicians: int | None = None, settings=None):
        given = dict(feedback_rate=feedback_rate, caseworker_turnover=caseworker_turnover,
                     eht_interval_days=eht_interval_days, forum_interval_days=forum_interval_days,
                     coordinators=coordinators, bup_clinicians=bup_clinicians)
        if settings is not None:
            given.update(getattr(settings, "value", settings))
        overrides = {KNOBS[k][0]: (int(v) if KNOBS[k][2] == "int" else float(v)) for k, v in given.items() if v is not None}
        if n_pupils is not None:
            overrides["municipality.n_pupils"] = int(n_pupils)
        from .municipality import resolve  # the municipality profile of `samsim app --municipality`, if any

        scen = resolve(scenario, overrides, os.environ.get("SAMSIM_MUNICIPALITY") or None, where="app")
        try:
            seed = int(seed)
        except (TypeError, ValueError):
            seed = 1
        SchoolModel.__init__(self, scen.params, seed=seed, scenario=scen.name)
        self.description = scen.description
        self.knobs = {kw: _get(scen.params, spec[0]) for kw, spec in KNOBS.items()}
        self.record = DailyRecord()

    def step(self) -> None:
        if self.day >= self.calendar.n_days:
            self.running = False
            return
        SchoolModel.step(self)
        self.record.observe(self)


# ----------------------------------------------------------------------------- components
def _memo_key(model: AppModel) -> list:
    return [id(model), model.day]


def Readout(model: AppModel):
    """One line the reader (and the browser test) can check: day, date, absence today."""
    d = max(model.day - 1, 0)
    absent = model.record.absence[-1] if model.record.absence else float("nan")
    absent_txt = "no school" if absent != absent else f"{100 * absent:.1f} % absent"
    knobs = ", ".join(f"{k}={v}" for k, v in model.knobs.items())
    solara.Text(f"{model.scenario} - day {model.day} of {model.calendar.n_days} ({model.calendar.date(d):%d %b %Y}): "
                f"{absent_txt}; {int(model.pop.in_episode.sum())} pupils in an absence episode",
                classes=["samsim-readout"], style={"font-weight": "bold", "font-size": "0.9em"})
    solara.Text(benefit_line(model), classes=["samsim-benefit"], style={"font-size": "0.85em"})
    solara.Text(f"This run: {knobs}", classes=["samsim-knobs"], style={"font-size": "0.75em", "color": "#555"})


def _chart(name: str, model: AppModel, make):
    fig = solara.use_memo(make, _memo_key(model))
    with solara.Column(classes=["samsim-chart", f"samsim-{name}"], gap="0px") as col:
        if name == "attendance":
            Readout(model)
        solara.FigureMatplotlib(fig, dependencies=_memo_key(model), format="png", dpi=90)
    return col


def AttendanceChart(model: AppModel):
    return _chart("attendance", model, lambda: attendance_figure(model.record, model.calendar.n_days, figsize=(6.4, 3.3)))


def StagesChart(model: AppModel):
    return _chart("stages", model, lambda: stages_figure(model.record, model.calendar.n_days, figsize=(6.4, 4.0)))


def QueuesChart(model: AppModel):
    return _chart("queues", model, lambda: queues_figure(model.record, model.calendar.n_days, figsize=(6.4, 3.8)))


def TrustChart(model: AppModel):
    return _chart("trust", model, lambda: trust_figure(model.record, model.network.index_series, model.calendar.n_days, figsize=(6.4, 3.8)))


def NetworkView(model: AppModel):
    return _chart("network", model, lambda: draw_network(model, figsize=(7.2, 6.6)))


COMPONENTS = [(AttendanceChart, 0), (StagesChart, 0), (QueuesChart, 0), (TrustChart, 0), (NetworkView, 0)]
# grid cells (12 columns; a row is about 40 px): charts side by side, the network below, taller
LAYOUT = [
    {"i": 0, "x": 0, "y": 0, "w": 6, "h": 10, "moved": False},
    {"i": 1, "x": 6, "y": 0, "w": 6, "h": 10, "moved": False},
    {"i": 2, "x": 0, "y": 10, "w": 6, "h": 9, "moved": False},
    {"i": 3, "x": 6, "y": 10, "w": 6, "h": 9, "moved": False},
    {"i": 4, "x": 0, "y": 19, "w": 7, "h": 16, "moved": False},
]


def _grid_layout(n: int) -> list[dict]:
    return [dict(cell) for cell in LAYOUT[:n]] if n == len(LAYOUT) else _mesa_grid_layout(n)


# SolaraViz gives every component the same 6 x 10 cell; the network needs a taller one.
_mesa_grid_layout = solara_viz.make_initial_grid_layout
solara_viz.make_initial_grid_layout = _grid_layout

CSS = """
.samsim-chart img { max-width: 100%; height: auto; }
.samsim-knob .v-input { margin-top: 0; padding-top: 0; }
.samsim-knob-label { font-size: 0.85em; }
"""


def _fmt(kind: str, v) -> str:
    return f"{v:.2f}" if kind == "float" else str(int(v))


@solara.component
def KnobSliders(settings: solara.Reactive):
    """The main knobs, each with its value on show; they take effect at the next Reset."""
    for kw, (_key, label, kind, lo, hi, step) in KNOBS.items():
        v = settings.value[kw]

        def set_value(x, kw=kw):
            settings.set({**settings.value, kw: x})

        with solara.Column(classes=["samsim-knob", f"samsim-knob-{kw}"], gap="0px"):
            solara.Text(f"{label}: {_fmt(kind, v)}", classes=["samsim-knob-label"])
            slider = solara.SliderFloat if kind == "float" else solara.SliderInt
            slider("", value=v, min=lo, max=hi, step=step, on_value=set_value)


@solara.component
def Page():
    """The whole app: a scenario picker and the knobs, around Mesa's SolaraViz (controls, charts)."""
    scenario = solara.use_reactive(DEFAULT_SCENARIO)
    settings = solara.use_reactive(scenario_knobs(DEFAULT_SCENARIO))

    def choose(name: str) -> None:
        settings.set(scenario_knobs(name))
        scenario.set(name)

    solara.Style(CSS)
    with solara.Sidebar():
        with solara.Card("Scenario and knobs"):
            solara.Select("Scenario", values=builtin_names(), value=scenario.value, on_value=choose)
            solara.Text(load(scenario.value).description, style={"font-size": "0.8em", "color": "#555"})
            KnobSliders(settings)
            solara.Text("Choosing a scenario builds a new municipality and sets the knobs to its values. "
                        "A moved knob takes effect when you press RESET. STEP advances 'Render Interval' days "
                        "(a week to start with); the play button runs on.", style={"font-size": "0.8em"})
    model = solara.use_memo(lambda: AppModel(scenario=scenario.value, settings=settings.value), [scenario.value])
    params = {"scenario": scenario.value, "settings": settings,
              "seed": {"type": "InputText", "value": "1", "label": "Random seed"}}
    SolaraViz(model, components=COMPONENTS, model_params=params, name="samsim: school absence and collaboration",
              play_interval=50, render_interval=DAYS_PER_STEP).key(f"viz-{scenario.value}")
