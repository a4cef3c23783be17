"""Errors a user can fix: a bad scenario, a value out of range, a missing file - and the helpers
every command uses to find them before any work starts.

The one error path: anything a user can fix raises :class:`InputError` (alias
:class:`UsageError`) with one line that names the thing (file, key, argument, address, port)
and what is allowed. ``samsim``'s ``main`` prints it as ``error: ...`` on a fresh line of
stderr (closing a progress bar that was drawing) and exits with code 2. Anything else is a bug:
one line saying so and pointing to ``--debug``, which shows the traceback.

Helpers for new commands and options:

- :func:`read_text`, :func:`read_toml`: a UTF-8 text or TOML file, or one line saying why not
  (missing, a directory, unreadable, not UTF-8, binary, not TOML);
- :func:`output_dir`, :func:`output_file`: check an output location before the simulations run;
- :func:`check_size`: a job's size against a stated limit (``--allow-large`` lifts it);
- :func:`cap_workers`: worker processes capped at the cores available, with a one-line note;
- :func:`seed_arg`, :func:`port_arg`: argparse types.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

EXIT_USAGE = 2      # bad input: one line on stderr, no traceback
EXIT_INTERNAL = 70  # a bug (EX_SOFTWARE): one line, the traceback with --debug
EXIT_INTERRUPTED = 130

MAX_SEED = 2**63 - 1
MAX_REPLICATIONS = 10_000  # a run's or comparison's replications without --allow-large
MAX_SWEEP_RUNS = 1_000_000  # a sweep's runs (design points x replications) without --allow-large


class InputError(Exception):
    """One line that names the file, the key and what is allowed; the CLI exits with code 2."""


UsageError = InputError


# ----------------------------------------------------------------------------- files
def _a(what: str) -> str:
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what}"


def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """The bytes of a file, or one line: missing, a directory, unreadable."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: is a directory, not {_a(what)}")
        if not p.exists():
            raise InputError(f"{path}: no such {what}")
        if not p.is_file():
            raise InputError(f"{path}: not a regular file ({_a(what)} must be one)")
        with p.open("rb") as fh:
            return fh.read(64 * 1024 * 1024 + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read this {what} ({exc.strerror or exc})") from None


def read_text(path: str | Path, what: str = "file") -> str:
    """A UTF-8 text file, or one line naming the file and what is wrong with it."""
    data = read_bytes(path, what)
    if len(data) > 64 * 1024 * 1024:
        raise InputError(f"{path}: larger than 64 MB; {_a(what)} is a small text file")
    if b"\x00" in data:
        raise InputError(f"{path}: a binary file, not {_a(what)} (UTF-8 text expected)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the {what} as UTF-8") from None


def read_toml(path: str | Path, what: str = "TOML file") -> dict[str, Any]:
    """A TOML file as a dict, or one line: missing, unreadable, not UTF-8, not TOML."""
    import tomllib

    text = read_text(path, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None


# ----------------------------------------------------------------------------- outputs
def output_dir(path: str | Path, arg: str = "--out") -> Path:
    """Check (and create) an output directory before any work: it must be a directory, or
    creatable, and writable. One line naming the argument and the path otherwise."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(f"{arg} {path}: is a file, not a directory; give a directory")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(f"{arg} {path}: a file is in the way (a part of the path is not a directory)") from None
    except OSError as exc:
        raise InputError(f"{arg} {path}: cannot create this directory ({exc.strerror or exc})") from None
    try:
        tempfile.TemporaryFile(dir=p).close()  # can a file be written there?
    except OSError as exc:
        raise InputError(f"{arg} {path}: cannot write in this directory ({exc.strerror or exc})") from None
    return p


def output_file(path: str | Path, arg: str = "--out") -> Path:
    """Check an output file's location before any work: not a directory, its folder writable."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{arg} {path}: is a directory; give a file name")
    output_dir(p.parent if str(p.parent) else Path("."), arg=f"{arg} {path}: folder")
    if p.exists() and not os.access(p, os.W_OK):
        raise InputError(f"{arg} {path}: cannot be overwritten (no write permission)")
    return p


# ----------------------------------------------------------------------------- sizes
def check_size(n: int, limit: int, what: str, allow_large: bool = False) -> None:
    """Refuse a job larger than ``limit`` unless ``--allow-large`` was given."""
    if n > limit and not allow_large:
        raise InputError(f"{what} = {n:,} is more than the limit of {limit:,}; "
                         f"give --allow-large to run it anyway")


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def cap_workers(n: int | None, arg: str = "--workers", quiet: bool = False) -> int | None:
    """``n`` worker processes, at most the cores available (a one-line note when capped)."""
    if n is None:
        return None
    cores = available_cores()
    if n > cores:
        if not quiet:
            print(f"note: {arg} {n} is more than the {cores} core(s) available; using {cores}", file=sys.stderr)
        return cores
    return n


# ----------------------------------------------------------------------------- argparse types
def seed_arg(text: str) -> int:
    """A root seed: a whole number from 0 to 2**63 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to {MAX_SEED}, got {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0 to {MAX_SEED}, got {value}")
    return value


def port_arg(text: str) -> int:
    """A TCP port: 1-65535, or 0 for any free port."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535 (or 0: any free port), got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535 (or 0: any free port), got {value}")
    return value


# ----------------------------------------------------------------------------- reporting
def close_progress_bars() -> None:
    """Close any progress bar still drawing, so that a message starts on a fresh line."""
    tqdm_mod = sys.modules.get("tqdm")
    if tqdm_mod is None:
        return
    for bar in list(getattr(tqdm_mod.tqdm, "_instances", ())):
        with contextlib.suppress(Exception):  # a bar that cannot close must not hide the error
            bar.leave = False
            bar.close()
    with contextlib.suppress(Exception):
        sys.stderr.flush()


def one_line(text: str) -> str:
    """A message on one line (a file's own error text may hold line breaks)."""
    return " ".join(str(text).split())


def report_usage(exc: BaseException) -> int:
    close_progress_bars()
    print(f"error: {one_line(str(exc))}", file=sys.stderr)
    return EXIT_USAGE


def report_internal(exc: BaseException, debug: bool, prog: str = "samsim") -> int:
    close_progress_bars()
    if debug:
        import traceback

        traceback.print_exception(exc)
    print(f"internal error (a bug in {prog}, not in your input): {type(exc).__name__}: {one_line(str(exc))[:300]}"
          f"{'' if debug else ' - run again with --debug to see the traceback, and please report it'}",
          file=sys.stderr)
    return EXIT_INTERNAL
