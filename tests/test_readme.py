"""The README's Commands table against the command line's parser (issue 20).

Every subcommand has a row, every option of the parser appears in its row (and no option the
parser does not have), every argument has help text, and a default written in the README or
the help is the parser's. A failure names the command and the option to add or fix.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sim.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Commands\n"):]
    section = section[:section.index("\n## ", 5)]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\| `samsim ([a-z-]+)([^`]*)`", line)
        if m:
            rows[m.group(1)] = m.group(2).replace("\\|", "|")
    return rows


def _options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in p._actions if a.option_strings and not isinstance(a, (argparse._HelpAction, argparse._VersionAction))]


def test_every_command_has_a_row():
    rows = _rows()
    missing = [f"`samsim {name} ...`" for name in _subcommands() if name not in rows]
    assert not missing, f"README.md, ## Commands: no row for {', '.join(missing)}; add one per command with all its options"
    extra = [name for name in rows if name not in _subcommands()]
    assert not extra, f"README.md, ## Commands: rows for commands the parser does not have: {extra}"


def test_every_option_is_in_its_row():
    rows = _rows()
    problems = []
    for name, p in _subcommands().items():
        row = rows.get(name, "")
        have = set(re.findall(r"--[a-z][a-z0-9-]*", row))
        for a in _options(p):
            long = max(a.option_strings, key=len)
            if long not in have:
                problems.append(f"`samsim {name}`: option {long} is missing from its README row "
                                f"(help: {a.help!r}); add `[{long}{'' if a.nargs == 0 else ' ' + (a.metavar or a.dest.upper())}]`")
        known = {s for a in _options(p) for s in a.option_strings}
        problems += [f"`samsim {name}`: the README row shows {opt}, which the parser does not have" for opt in sorted(have - known)]
    assert not problems, "README.md, ## Commands:\n  " + "\n  ".join(problems)


def test_defaults_in_the_readme_are_the_parsers():
    rows = _rows()
    problems = []
    for name, p in _subcommands().items():
        for a in _options(p):
            long = max(a.option_strings, key=len)
            m = re.search(re.escape(long) + r" ([0-9][0-9.]*|[a-z]+/[a-z/]+)\]", rows.get(name, ""))
            if m and str(a.default) != m.group(1):
                problems.append(f"`samsim {name} {long}`: README says {m.group(1)}, the default is {a.default}")
    assert not problems, "README.md, ## Commands:\n  " + "\n  ".join(problems)


def test_every_argument_has_help_stating_its_default():
    problems = []
    for name, p in _subcommands().items():
        for a in p._actions:
            if isinstance(a, (argparse._HelpAction, argparse._VersionAction)):
                continue
            label = max(a.option_strings, key=len) if a.option_strings else a.dest
            if not a.help:
                problems.append(f"`samsim {name}` {label}: no help text")
            elif a.option_strings and a.default not in (None, False, argparse.SUPPRESS) and "default" not in a.help:
                problems.append(f"`samsim {name}` {label}: the help does not state the default ({a.default})")
            elif a.option_strings and a.default not in (None, False, argparse.SUPPRESS) and str(a.default) not in a.help:
                problems.append(f"`samsim {name}` {label}: the help states a default other than {a.default}: {a.help!r}")
    assert not problems, "\n  ".join(["help texts:"] + problems)


def test_the_check_finds_a_missing_option(monkeypatch):
    """Negative control: an option added to the parser but not to the README is reported."""
    import sim.cli

    original = sim.cli.build_parser

    def with_extra():
        p = original()
        sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices["compare"].add_argument("--not-in-readme", help="an option nobody documented (default: none)")
        return p

    monkeypatch.setattr(sys.modules[__name__], "build_parser", with_extra)
    try:
        test_every_option_is_in_its_row()
    except AssertionError as exc:
        assert "`samsim compare`: option --not-in-readme is missing" in str(exc)
    else:
        raise AssertionError("the README check did not notice an option missing from the table")
