"""The compiled modules (sim/native.py) give the same results as the pure Python ones, to the bit."""
import json
import os
import subprocess
import sys

import pytest

from sim import native

RUN = """
import hashlib, json, sys
from sim import native
from sim.scenario import load
from sim.model import SchoolModel
out = {"native": native.active()}
for name in ("baseline", "skifo", "consultation_team", "integrated_team"):
    p = load(name).params.model_copy(deep=True)
    p.municipality.n_pupils = 2000
    r = SchoolModel(p, seed=5, scenario=name).run().results()
    text = json.dumps(r, sort_keys=True, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))
    out[name] = hashlib.sha256(text.encode()).hexdigest()
print(json.dumps(out))
"""


def _run(pure: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SAMSIM_PURE"}
    if pure:
        env["SAMSIM_PURE"] = "1"
    out = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def test_ci_runs_the_compiled_modules():
    """CI has a C compiler: there a build that fails (a type error in a compiled module, say)
    must fail the run, not fall back to pure Python unnoticed."""
    if not os.environ.get("SAMSIM_REQUIRE_NATIVE"):
        pytest.skip("only where SAMSIM_REQUIRE_NATIVE is set (.ci/run)")
    built = json.loads((native.BUILD / native.MANIFEST).read_text()) if (native.BUILD / native.MANIFEST).exists() else {}
    assert native._stale() is None, built.get("failed") or native._stale()


@pytest.mark.skipif(native._stale() == "not built", reason="the compiled modules are not built (no C compiler?)")
def test_compiled_and_pure_python_give_byte_identical_results():
    compiled, pure = _run(pure=False), _run(pure=True)
    assert compiled.pop("native") is True, "a build that matches the sources must be used"
    assert pure.pop("native") is False
    assert compiled == pure


def test_a_build_from_other_sources_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setattr(native, "BUILD", tmp_path)
    monkeypatch.delenv("SAMSIM_PURE", raising=False)
    assert native._stale() == "not built"
    manifest = native._fingerprint()
    (tmp_path / native.MANIFEST).write_text(json.dumps(manifest))
    assert native._stale() is None
    manifest["services"] = "0" * 64  # services.py changed since the build
    (tmp_path / native.MANIFEST).write_text(json.dumps(manifest))
    assert native._stale() == "services changed since the build"
    path: list[str] = []
    with pytest.warns(RuntimeWarning, match="services changed"):
        assert native.activate(path) is False
    assert path == []
    manifest = {**native._fingerprint(), "ext_suffix": ".cpython-99.so"}
    (tmp_path / native.MANIFEST).write_text(json.dumps(manifest))
    assert native._stale() == "built for another interpreter"
    (tmp_path / native.MANIFEST).write_text(json.dumps({"failed": "no compiler", **native._fingerprint()}))
    assert native._stale() == "not built"  # a failed build: the pure Python modules, without a warning


def test_without_mypy_the_build_fails_cleanly_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(native, "BUILD", tmp_path / "_native")
    no_mypyc = subprocess.CompletedProcess([], 1, "", "/usr/bin/python: No module named mypyc")
    monkeypatch.setattr(native.subprocess, "run", lambda *a, **k: no_mypyc)
    assert native.main() == 1
    assert "No module named mypyc" in capsys.readouterr().err
    assert native._stale() == "not built"  # and make does not try again until the sources change
