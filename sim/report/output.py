"""What a comparison leaves on disk: ``runs.csv`` (one row per run), ``summary.json`` (seed,
version, each scenario's resolved parameters, the metrics, paired differences, benefit, costs,
uncertainty) and the HTML reports in English and Swedish."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .. import __version__
from ..experiment.comparison import Comparison
from ..experiment.costs_compare import acceptability, cost_effectiveness
from .benefit import benefit_differences, regained_differences, strict_json
from .html import write_report


def write_outputs(comp: Comparison, out: Path, lang: str = "en") -> Path:
    """Write ``comp``'s runs, summary and reports into ``out``; the path of the report in ``lang``."""
    out.mkdir(parents=True, exist_ok=True)
    names = comp.metric_names()
    with (out / "runs.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["scenario", "replicate", "seed", *names])
        for label in comp.labels:
            for r, run in enumerate(comp.runs[label]):
                w.writerow([label, r, run["seed"], *[run["metrics"][k] for k in names]])
    summary = {
        "version": __version__,
        "seed": comp.seed,
        "replications": comp.reps,
        "reference": comp.reference,
        "scenarios": {
            label: {"description": sc.description, "source": sc.source, "params_hash": sc.params_hash,
                    "params": sc.params.model_dump()}
            for label, sc in zip(comp.labels, comp.scenarios)
        },
        "metrics": {label: {k: comp.summary(label, k) for k in names} for label in comp.labels},
        "differences": {
            label: {k: {"mean": d.mean, "paired_ci95": list(d.paired), "unpaired_ci95": list(d.unpaired), "n": d.n}
                    for k in names for d in [comp.difference(label, k)]}
            for label in comp.labels[1:]
        },
        # benefit to the pupils in need, paired against the reference (sim/report/benefit.py)
        "benefit": benefit_differences(comp),
    }
    if comp.engine != "clock":
        summary["engine"] = comp.engine
    for label, regained in regained_differences(comp).items():
        summary["differences"][label].update(regained)
    if comp.municipality is not None:
        summary["municipality"] = comp.municipality.summary()
    summary["costs"] = cost_effectiveness(comp)  # cost per year, incremental cost and benefit (costs_compare.py)
    summary["cost_acceptability"] = acceptability(comp)
    if comp.uncertainty is not None:
        summary["uncertainty"] = comp.uncertainty
    (out / "summary.json").write_text(json.dumps(strict_json(summary), indent=1, allow_nan=False))
    for other in ("en", "sv"):
        if other != lang:
            write_report(comp, out / f"report.{other}.html", other)
    return write_report(comp, out / "report.html", lang)
