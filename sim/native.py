"""The agencies' and the school's Python compiled to C with mypyc: the same source, about a
fifth less time for a whole run (``benchmarks/results.md``), the same results to the last bit.

The agencies' work is many small steps in plain Python (a case waits, a worker decides, a
draw, a log row), about a microsecond each; mypyc compiles these modules, as written, into C
extension modules. Nothing else changes: the compiled modules run the same operations on the
same numbers in the same order, so a run gives byte-identical results with or without them
(``tests/test_native.py`` checks this).

``python -m sim.compile`` builds them into ``sim/_native/`` (``make`` does it for ``make demo``,
``make test`` and ``make bench``); it needs a C compiler and ``mypy`` (the ``native`` extra).
:func:`activate` (called when ``sim`` is imported) puts the build first on the package's path
if it was built from the sources as they are now, for this interpreter. Otherwise the pure
Python modules run: when there is no build, when a source changed since it was built (then
with a warning to rebuild), or when the environment variable ``SAMSIM_PURE`` is set.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import warnings
from pathlib import Path

# the modules compiled: the agencies' cases and queues, the hand-overs between them and the
# school, the school, the professional network, the pupils' arrays, the case log, the draws
MODULES = ("casework", "services", "bup", "pathway", "consent", "meeting_load", "episodes", "school", "eht",
           "coordination", "coordinator", "forum", "family_meeting", "sip", "visits", "training", "school_social_worker", "joint_meeting",
           "meetings", "network", "ties", "best_tie", "trust", "turnover", "collaboration_index", "network_graph", "sectors",
           "population", "caselog", "rng")
PACKAGE = Path(__file__).resolve().parent
BUILD = PACKAGE / "_native"
MANIFEST = "manifest.json"


def _fingerprint() -> dict[str, str]:
    """What a build must match: the interpreter's extension suffix and each source's hash."""
    sources = {m: hashlib.sha256((PACKAGE / f"{m}.py").read_bytes()).hexdigest() for m in MODULES}
    return {"ext_suffix": sysconfig.get_config_var("EXT_SUFFIX") or "", **sources}


def _stale() -> str | None:
    """Why the build cannot be used (None: it can)."""
    try:
        built = json.loads((BUILD / MANIFEST).read_text())
    except (OSError, ValueError):
        return "not built"
    if "failed" in built:
        return "not built"  # (the last try failed: no C compiler or no mypy)
    now = _fingerprint()
    if built.get("ext_suffix") != now["ext_suffix"]:
        return "built for another interpreter"
    changed = [m for m in MODULES if built.get(m) != now[m]]
    return f"{', '.join(changed)} changed since the build" if changed else None


def activate(package_path: list[str]) -> bool:
    """Put the compiled modules first on ``package_path`` (``sim.__path__``) if they are usable."""
    if os.environ.get("SAMSIM_PURE"):
        return False
    why = _stale()
    if why is not None:
        rebuilding = "sim.compile" in getattr(sys, "orig_argv", ())  # (python -m sim.compile)
        if why != "not built" and not rebuilding:
            warnings.warn(f"samsim: the compiled modules are not used ({why}); rebuild with `python -m sim.compile`",
                          RuntimeWarning, stacklevel=3)
        return False
    package_path.insert(0, str(BUILD))
    if str(BUILD) not in sys.path:
        sys.path.append(str(BUILD))  # mypyc's shared library is a top-level module
    return True


def active() -> bool:
    """Whether this process runs the compiled modules."""
    from . import casework

    return not casework.__file__.endswith(".py")


def build(quiet: bool = True) -> None:
    """Compile :data:`MODULES` with mypyc into ``sim/_native`` (in a scratch copy of the package)."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(PACKAGE, Path(tmp) / "sim", ignore=shutil.ignore_patterns("_native", "__pycache__", "*.so"))
        cmd = [sys.executable, "-m", "mypyc", "--ignore-missing-imports", *[f"sim/{m}.py" for m in MODULES]]
        out = subprocess.run(cmd, cwd=tmp, capture_output=quiet, text=True, env={**os.environ, "SAMSIM_PURE": "1"})
        if out.returncode != 0:
            said = [line for line in f"{out.stdout or ''}\n{out.stderr or ''}".splitlines() if line.strip()]
            raise RuntimeError(f"mypyc failed: {said[-1].strip() if said else f'exit code {out.returncode}'}")
        built = [p for p in Path(tmp).glob("*.so")] + [p for p in (Path(tmp) / "sim").glob("*.so")]
        if BUILD.exists():
            shutil.rmtree(BUILD)
        BUILD.mkdir()
        for path in built:
            shutil.copy2(path, BUILD / path.name)
    (BUILD / MANIFEST).write_text(json.dumps(_fingerprint(), indent=1))


def main() -> int:
    try:
        build()
    except (RuntimeError, OSError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        print(f"samsim: could not compile the native modules ({first}); the pure Python modules will run", file=sys.stderr)
        # a manifest that says so: make does not try again until the sources change
        BUILD.mkdir(exist_ok=True)
        (BUILD / MANIFEST).write_text(json.dumps({"failed": first, **_fingerprint()}, indent=1))
        return 1
    print(f"samsim: compiled {', '.join(MODULES)} into {BUILD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
