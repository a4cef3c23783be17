"""Classify every parameter as data, calibrated or assumption, from its source text in sim/params.py.

A source that says "calibrated" is *calibrated*; one that starts with "assumption" is an
*assumption*; one that cites a statistic, a law or a published study (domain_facts rows, SoL,
IVO, SCB, ...) is *data*; one that cites only a seed report's lines (or DOMAIN.md) is
*report* - the report names the mechanism or the setting, but the number is a judgement, so
for sensitivity these count with the assumptions. Prints a Markdown table (and counts) for
docs/validation.md, so the document stays in step with the code:

    python experiments/parameter_table.py > /tmp/params.md
"""
from __future__ import annotations

import re
from collections import Counter

from sim.params import Params, describe_rows


DATA = re.compile(r"domain_facts|row \d|sol \d|skolförordningen|sou \d|scb|ivo|socialstyrelsen|maynard|king 1998|"
                  r"skr |full-time|definition|vantetider|chen et al", re.I)


def classify(source: str) -> str:
    s = source.strip().lower()
    if "calibrated" in s:
        return "calibrated"
    if s.startswith("assumption"):
        return "assumption"
    if DATA.search(s):
        return "data"
    return "report"


def rows() -> list[dict]:
    return [{**r, "class": classify(r["source"])} for r in describe_rows(Params())]


def markdown() -> str:
    rs = rows()
    n = Counter(r["class"] for r in rs)
    out = [f"{len(rs)} parameters: {n['data']} data, {n['calibrated']} calibrated, {n['report']} from a seed report "
           f"(the report's own rule, or a judged value for a mechanism it names), {n['assumption']} assumptions.", "",
           "| parameter | default | unit | class | source |", "|---|---|---|---|---|"]
    for r in rs:
        src = str(r["source"]).replace("|", "\\|")
        out.append(f"| `{r['name']}` | {r['default']} | {r['unit']} | {r['class']} | {src} |")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown())
