"""``samsim app``: start the interactive app (sim/app.py) with solara on localhost.

Kept apart from ``sim/app.py`` so that the command line does not import solara until asked.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import InputError

APP = "sim.app"  # solara imports the module (the package is installed), so relative imports work


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


def cmd_app(args: argparse.Namespace) -> int:
    try:
        import mesa.visualization  # noqa: F401
        import solara  # noqa: F401
    except ImportError as exc:
        raise InputError(f"the app needs solara and Mesa's visualisation ({exc.name} is missing); "
                         "install them with: pip install 'mesa[viz]'") from None
    if args.municipality:  # checked now (one line, exit 2); the app's models are built in it
        from .municipality import load as load_profile

        args.municipality = load_profile(args.municipality).source
    url = f"http://{args.host}:{args.port}/"
    print(f"samsim app: open {url} in a browser (Ctrl-C stops it)", flush=True)
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "Agg")
    if args.municipality:
        env["SAMSIM_MUNICIPALITY"] = args.municipality
    # Mesa 3.3's ComponentsView trips solara's rules-of-hooks check; the cookie notice is for https
    env.setdefault("PYTHONWARNINGS", "ignore::UserWarning:solara.validate_hooks,ignore::UserWarning:solara.server.starlette")
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")  # no calls home: the app works offline
    proc = subprocess.Popen(solara_command(args.host, args.port), env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 130


def add_commands(sub) -> None:
    a = sub.add_parser("app", help="start the interactive app (Mesa SolaraViz) in the browser")
    a.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    a.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    a.add_argument("--municipality", metavar="NAME|FILE", help="build the app's municipality from this profile (municipalities/*.toml)")
    a.set_defaults(func=cmd_app)
