"""``samsim app``: start the interactive app (sim/app.py) with solara on localhost.

Kept apart from ``sim/app.py`` so that the command line does not import solara until asked.

Lifecycle: the host and port are checked before the server starts (a port is 1-65535; one in
use is refused in one line that suggests a free one; ``--port 0`` picks a free port and the
real address is printed). The server runs in a process group of its own; Ctrl-C or SIGTERM to
``samsim app`` stops that group - the server and every process it started - and waits for it
(on Linux the server is also told to stop if ``samsim app`` itself is killed). Solara's
rules-of-hooks check, which Mesa's own components trip, is off: no warnings at start.
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

from .errors import InputError, port_arg

APP = "sim.app"  # solara imports the module (the package is installed), so relative imports work
STOP_SECONDS = 10  # how long the server may take to stop before it is killed


def solara_command(host: str, port: int) -> list[str]:
    """The solara executable next to this Python (the venv's bin), or ``python -m solara``."""
    exe = Path(sys.executable).with_name("solara")
    if exe.exists():
        cmd = [str(exe)]
    elif shutil.which("solara"):
        cmd = [shutil.which("solara")]
    else:
        cmd = [sys.executable, "-m", "solara"]
    return [*cmd, "run", APP, "--host", host, "--port", str(port), "--no-open", "--production", "--no-check-version"]


def _family(host: str) -> socket.AddressFamily:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InputError(f"--host {host}: not a known host name or address; e.g. --host 127.0.0.1") from None
    return infos[0][0]


def _bind(host: str, port: int) -> int:
    """Bind (host, port) as the server would, and give back the port bound (``port`` 0: a free one)."""
    fam = _family(host)
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a port in TIME_WAIT is free
        s.bind((host, port))
        return s.getsockname()[1]


def free_port(host: str) -> int:
    return _bind(host, 0)


def check_address(host: str, port: int) -> int:
    """The port the server will listen on: ``port``, or a free one for 0. One line if it cannot."""
    try:
        return _bind(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            try:
                other = f"; try --port {free_port(host)} (free now) or --port 0"
            except OSError:
                other = "; try --port 0 (any free port)"
            raise InputError(f"--port {port}: already in use on {host}{other}") from None
        if exc.errno == errno.EACCES:
            raise InputError(f"--port {port}: needs administrator rights (ports below 1024); "
                             f"use a port from 1024 to 65535, e.g. --port 8765") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise InputError(f"--host {host}: not an address of this machine; e.g. --host 127.0.0.1") from None
        raise InputError(f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc})") from None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """(Linux) The server gets SIGTERM when ``samsim app`` dies, even by SIGKILL."""
    with contextlib.suppress(Exception):  # best effort: other systems rely on the signal handlers
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class _Stop(Exception):
    """SIGTERM (or SIGHUP) to samsim app."""


def _raise_stop(signum, frame) -> None:
    raise _Stop(signum)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after STOP_SECONDS."""
    for sig, wait in ((signal.SIGTERM, STOP_SECONDS), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            with contextlib.suppress(ProcessLookupError, PermissionError):  # the server ended: end what it left in its group
                os.killpg(proc.pid, signal.SIGKILL)
            return
        except subprocess.TimeoutExpired:
            continue


def cmd_app(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    for module in ("solara", "mesa.visualization"):  # found, not imported: the server imports them
        try:
            found = find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            raise InputError(f"the app needs solara and Mesa's visualisation ({module} is missing); "
                             "install them with: pip install 'mesa[viz]'")
    if args.municipality:  # checked now (one line, exit 2); the app's models are built in it
        from .municipality import load as load_profile

        args.municipality = load_profile(args.municipality).source
    port = check_address(args.host, args.port)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{port}/"
    print(f"samsim app: open {url} in a browser (Ctrl-C stops it)", flush=True)
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "Agg")
    if args.municipality:
        env["SAMSIM_MUNICIPALITY"] = args.municipality
    env.setdefault("SOLARA_CHECK_HOOKS", "off")  # Mesa 3.3's ComponentsView trips solara's rules-of-hooks check
    # the cookie notice is for https
    env.setdefault("PYTHONWARNINGS", "ignore::UserWarning:solara.validate_hooks,ignore::UserWarning:solara.server.starlette")
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")  # no calls home: the app works offline
    handled = (signal.SIGTERM, signal.SIGHUP)
    old = {s: signal.signal(s, _raise_stop) for s in handled}
    proc = None
    try:
        proc = subprocess.Popen(solara_command(args.host, port), env=env, start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        code = proc.wait()
        if code != 0:
            raise InputError(f"the app's server ended with exit code {code} (see its message above)")
        return 0
    except (KeyboardInterrupt, _Stop):
        if proc is not None:
            stop_group(proc)
        print("samsim app: stopped", flush=True)
        return 0
    finally:
        if proc is not None and proc.poll() is None:
            stop_group(proc)
        for s, h in old.items():
            signal.signal(s, h)


def add_commands(sub) -> None:
    a = sub.add_parser("app", help="start the interactive app (Mesa SolaraViz) in the browser")
    a.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    a.add_argument("--port", type=port_arg, default=8765, help="port, 1-65535 (default 8765; 0: any free port)")
    a.add_argument("--municipality", metavar="NAME|FILE", help="build the app's municipality from this profile (municipalities/*.toml)")
    a.set_defaults(func=cmd_app)
