"""`samsim app`'s lifecycle (issue 19): --port 0 prints the real address, the server answers
there, SIGTERM or Ctrl-C stops it and every process it started (nobody listens afterwards),
and nothing is written to stderr (no warnings at start)."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("solara")

ROOT = Path(__file__).resolve().parent.parent


def _group(pgid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_app_on_port_0_answers_and_stops_with_every_child(how):
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "app", "--port", "0"], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m and m.group(1) != "0", line
        port = int(m.group(1))
        t0 = time.time()
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                break
            except OSError:
                assert time.time() - t0 < 120 and proc.poll() is None, "the app did not come up"
                time.sleep(0.5)
        servers = _children(proc.pid)
        assert servers, "the server runs as a child of samsim app"
        groups = {s: _group(s) for s in servers}  # the server's own process group and what it started
        if how == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal: samsim's foreground group
        else:
            proc.send_signal(how)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert err.strip() == "", err  # no warning noise, no traceback
    time.sleep(0.5)
    assert not _listening(port)
    for pid in [p for group in groups.values() for p in group] + servers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower(), pid


def test_a_port_in_use_is_one_line_naming_it_and_suggesting_another():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "sim.cli", "app", "--port", str(port)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"--port {port}" in lines[0] and "in use" in lines[0]
    other = int(re.search(r"try --port (\d+)", lines[0]).group(1))
    assert other != port and 1 <= other <= 65535
