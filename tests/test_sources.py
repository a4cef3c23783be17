"""Every source resolves to an entry of the bibliography (docs/sources.md, from sim/sources.py).

* every parameter's source states its class (data, calibrated, report, assumption) and names at
  least one entry by key, and every key it names is an entry;
* every number classed data or calibrated says where in its work it comes from (a locator: a
  line, section, paragraph or the figure itself), and every calibrated one names its script;
* every validation pattern's source names only entries, and the quantitative ones name one;
* no entry is orphaned: each is cited by a parameter, a validation pattern or the docs;
* docs/sources.md is the one ``python -m sim.sources`` writes (in step with the code).

Negative controls: a source with an unknown key, a data source without a locator and a source
without a class are each caught by the same checks.
"""
from pathlib import Path

import pytest

from sim.describe import describe_rows
from sim.params import Params
from sim.sources import BY_KEY, ENTRIES, has_locator, keys, markdown, source_class, unknown_keys
from sim.validation import PATTERNS

ROOT = Path(__file__).resolve().parent.parent
ROWS = describe_rows(Params())


def problems(source: str) -> list[str]:
    """What is wrong with one parameter source (empty when it is fine)."""
    out = []
    cls = source_class(source)
    if cls == "unknown":
        out.append("no class")
    if not keys(source):
        out.append("names no entry")
    if unknown_keys(source):
        out.append(f"unknown keys {unknown_keys(source)}")
    if cls in ("data", "calibrated") and not has_locator(source):
        out.append("no locator")
    if cls == "calibrated" and "experiments/" not in source:
        out.append("calibrated without its script")
    return out


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_every_parameter_source_resolves(row):
    assert problems(row["source"]) == [], row["source"]


def test_the_checks_catch_bad_sources():
    assert problems("data: [No-Such-Work] p. 3") == ["unknown keys ['No-Such-Work']"]
    assert problems("data: [SoL-2001]") == ["no locator"]
    assert problems("[Orust-2023] L459-461") == ["no class"]
    assert problems("calibrated to 0.24 [IVO-2015]") == ["calibrated without its script"]
    assert problems("assumption") == ["names no entry"]


def test_every_class_is_used_and_judgements_are_assumptions():
    classes = {source_class(r["source"]) for r in ROWS}
    assert classes == {"data", "calibrated", "report", "assumption"}
    for r in ROWS:
        if "[Judgement]" in r["source"]:
            assert source_class(r["source"]) == "assumption", r["name"]


def test_the_fixed_classifications():
    """Issue 17: these were classed data but the cited row does not give the value."""
    by = {r["name"]: r["source"] for r in ROWS}
    for name in ("coordination.coordinator_caseload", "coordination.sip_delay_days", "bup.treatment_strength"):
        assert source_class(by[name]) == "assumption", name


def test_validation_sources_resolve():
    for p in PATTERNS:
        assert not unknown_keys(p.source), (p.name, p.source)
        if p.level == "quantitative":
            assert keys(p.source), (p.name, p.source)


def cited_keys() -> set[str]:
    cited = {k for r in ROWS for k in keys(r["source"])} | {k for p in PATTERNS for k in keys(p.source)}
    for path in [*ROOT.glob("docs/*.md"), *ROOT.glob("sim/*.py"), *ROOT.glob("scenarios/*.toml"),
                 *ROOT.glob("targets/*.toml"), *ROOT.glob("experiments/*.py")]:
        if path.name in ("sources.md", "sources.py"):
            continue
        cited |= set(keys(path.read_text(encoding="utf-8")))
    return cited


def test_no_entry_is_orphaned():
    orphans = [e.key for e in ENTRIES if e.key not in cited_keys()]
    assert orphans == []


def test_entries_are_complete():
    for e in ENTRIES:
        assert e.who and e.year and e.title and e.where and e.address and e.used_for, e.key
    assert len(BY_KEY) == len(ENTRIES)


def test_docs_sources_md_is_in_step_with_the_code():
    assert (ROOT / "docs" / "sources.md").read_text(encoding="utf-8") == markdown()
