"""The names of the compared models in the report and the app, in English and Swedish: as the
scenario file names it (``[scenario] name``/``name_sv``), else as :data:`NAMES` does, else by
its file name."""
from __future__ import annotations

from typing import Any

NAMES = {
    "baseline": ("Silo (baseline)", "Nuläge (stuprör)"),
    "skifo": ("SKIFO Orust", "SKIFO Orust"),
    "consultation_team": ("Consultation team (Sandviken)", "Konsultationsteam (Sandviken)"),
    "research_circle": ("Research circle (Västervik)", "Forskningscirkel (Västervik)"),
    "school_social_worker": ("School social worker", "Skolsocionom"),
    "integrated_team": ("Integrated team", "Integrerat team"),
    "coordination_overload": ("Overloaded coordination", "Överbelastad samordning"),
}


_TITLES: dict[str, tuple[str, str]] = {}  # label -> names given in the scenario file ([scenario] name, name_sv)


def use_scenario_names(comp: Any) -> None:
    """Name each compared model as its file does (``[scenario] name``/``name_sv``), else as
    :data:`NAMES` does, else by its file name."""
    _TITLES.clear()
    for label, sc in zip(comp.labels, comp.scenarios):
        title = getattr(sc, "title", "")
        if title:
            _TITLES[label] = (title, getattr(sc, "title_sv", "") or title)


def display_name(label: str, lang: str) -> str:
    if label in _TITLES:
        return _TITLES[label][lang == "sv"]
    base = label.rstrip("'")
    en, sv = NAMES.get(base, (base.replace("_", " "), base.replace("_", " ")))
    return (sv if lang == "sv" else en) + label[len(base):]
