"""The validation's report: a markdown file (``validation.md``) and a table on the terminal."""
from __future__ import annotations

import json
import math
import sys
from typing import Any

from ..grades import profile_markdown


def _num(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3f}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


SECTIONS = (
    ("calibration", "Calibration fit",
     "Targets the parameters were fitted to (targets/national.toml; `samsim calibrate`), figures that are inputs, patterns that "
     "hold by construction (verifications) and patterns re-tuned after they failed. Passing them shows the fit and that the "
     "code does what its inputs say; it is no evidence that the model is right."),
    ("validation", "Validation",
     "Figures and reported patterns that no parameter was fitted, set or re-tuned to. A failure here is a finding about the model."),
)


def _rows(result: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [r for r in result["patterns"] if r["role"] == role]


def to_markdown(result: dict[str, Any]) -> str:
    lines = [
        "# samsim validation",
        "",
        f"samsim {result['samsim_version']}; {result['replications']} replications per arm, root seed {result['seed']} "
        f"(replicate r uses `samsim run --seed {result['seed']}`'s seed r: common random numbers across arms); "
        f"{result['n_passed']} of {result['n_patterns']} patterns pass "
        f"(calibration fit {result['by_role']['calibration']['passed']} of {result['by_role']['calibration']['n']}, "
        f"validation {result['by_role']['validation']['passed']} of {result['by_role']['validation']['n']}).",
        "",
    ]
    if result["overrides"]:
        lines += [f"Overrides applied to every arm: `{json.dumps(result['overrides'])}`", ""]
    for role, title, text in SECTIONS:
        lines += [f"## {title}", "", text, "",
                  "| pattern | level | what | target | source | simulated (95 % CI) | tolerance | basis | negative control | result |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in _rows(result, role):
            lo, hi = r["ci95"]
            sim = f"{_num(r['mean'])} [{_num(lo)}, {_num(hi)}]" + (f" {r['unit']}" if r["unit"] else "")
            nc = r["negative_control"]
            control = "" if nc is None else f"`{json.dumps(nc['set'])}`: {nc['why']}"
            basis = ("**verification** - " if r["verification"] else "") + r["basis"]
            lines.append("| " + " | ".join(_cell(x) for x in (
                f"`{r['name']}`", r["level"], r["what"], r["target"], r["source"], sim, r["tolerance"], basis, control,
                "**PASS**" if r["passed"] else "**FAIL**")) + " |")
        lines.append("")
    if result.get("grade_profile"):
        lines += profile_markdown(result["grade_profile"]) + [""]
    lines += ["Every qualitative pattern has a negative control: a setting, applied to every arm, under which it must fail "
              "(tests/test_validate_controls.py shows that it does).", "", "Arms (scenario, overrides, params hash):", ""]
    for a, info in result["arms"].items():
        lines.append(f"- `{a}`: {info['scenario']} {json.dumps(info['overrides'])} `{info['params_hash']}`")
    lines.append("")
    return "\n".join(lines)


def print_table(result: dict[str, Any], file=None) -> None:
    file = file or sys.stdout
    print(f"samsim {result['samsim_version']} validation: {result['replications']} replications, root seed {result['seed']}", file=file)
    for role, title, _ in SECTIONS:
        rows = _rows(result, role)
        print(f"\n{title} ({sum(r['passed'] for r in rows)} of {len(rows)} pass)", file=file)
        print(f"{'pattern':36s} {'level':12s} {'simulated':>9s}   {'95 % CI':22s} {'target':28s} result", file=file)
        for r in rows:
            lo, hi = r["ci95"]
            target = r["target"] if len(r["target"]) <= 28 else r["target"][:25] + "..."
            mark = " (verification)" if r["verification"] else ""
            print(f"{r['name']:36s} {r['level']:12s} {_num(r['mean']):>9s}   [{_num(lo)}, {_num(hi)}]".ljust(86)
                  + f"{target:28s} {'PASS' if r['passed'] else 'FAIL'}{mark}", file=file)
    if result.get("grade_profile"):
        print("\n" + "\n".join(profile_markdown(result["grade_profile"])), file=file)
    print(f"\n{result['n_passed']} of {result['n_patterns']} patterns pass", file=file)

