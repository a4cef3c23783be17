"""Classify every parameter as data, calibrated, report or assumption, from its source in sim/params.py.

Each source states its class with its first word (see ``sim/sources.py``): *data* cites a
published statistic, study or law; *calibrated* names the script that fitted it and the figures
it was fitted to; *report* is a number one of the five seed reports states; *assumption* is the
modellers' judgement (``[Judgement]``), often "after" a report passage that names the mechanism
but gives no number - for sensitivity these are the knobs to sweep. Prints a Markdown table (and
counts) for docs/validation.md, so the document stays in step with the code:

    python experiments/parameter_table.py > /tmp/params.md
"""
from __future__ import annotations

from collections import Counter

from sim.params import Params, describe_rows
from sim.sources import source_class


def classify(source: str) -> str:
    return source_class(source)


def rows() -> list[dict]:
    return [{**r, "class": classify(r["source"])} for r in describe_rows(Params())]


def markdown() -> str:
    rs = rows()
    n = Counter(r["class"] for r in rs)
    out = [f"{len(rs)} parameters: {n['data']} data, {n['calibrated']} calibrated, {n['report']} stated in a seed report, "
           f"{n['assumption']} assumptions (the modellers' judgement, most of them after a report passage that names the "
           "mechanism but gives no number). Keys in square brackets are entries of docs/sources.md.", "",
           "| parameter | default | unit | class | source |", "|---|---|---|---|---|"]
    for r in rs:
        src = str(r["source"]).replace("|", "\\|")
        out.append(f"| `{r['name']}` | {r['default']} | {r['unit']} | {r['class']} | {src} |")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown())
