"""The interactive app in a real browser: start `samsim app`, drive headless Chromium with
Playwright, move a slider, reset, step and play, and check that the charts changed.

Needs Debian's Chromium and the Playwright Python package (its own browser download is not
used); without them the test is skipped with a message saying how to get them. A screenshot is
saved to out/test-artifacts/app.png.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "out" / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions"]
HOW = "install with: apt-get install chromium && .venv/bin/pip install playwright (no 'playwright install' needed)"


def _chromium() -> str | None:
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    pytest.importorskip("solara", reason="the app needs solara: pip install 'mesa[viz]'")
    port = _free_port()
    log = (ARTIFACTS / "app-server.log")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "app", "--port", str(port)], cwd=ROOT,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"samsim app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail(f"samsim app did not answer on {url} within 90 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _readout(page) -> str:
    return page.inner_text(".samsim-readout")


def _wait_day(page, day: int, timeout: float = 60_000) -> None:
    page.wait_for_function(
        "n => { const e = document.querySelector('.samsim-readout'); return e && e.innerText.includes('day ' + n + ' of'); }",
        arg=str(day), timeout=timeout)


def test_app_in_chromium(app_url):
    browser_path = _chromium()
    if browser_path is None:
        pytest.skip(f"no Chromium found; {HOW}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(f"the playwright Python package is missing; {HOW}")

    outside, failed = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 2000})
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((app_url, "data:", "blob:")) else None)
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(app_url, wait_until="domcontentloaded")
            page.wait_for_selector(".samsim-readout", timeout=90_000)
            assert "baseline - day 0 of 730" in _readout(page)
            assert "feedback_rate=0.3," in page.inner_text(".samsim-knobs")

            # move the feedback slider to 80 % of its track, then rebuild the municipality with it
            knob = page.locator(".samsim-knob-feedback_rate")
            track = knob.locator(".v-slider").first.bounding_box()
            page.mouse.click(track["x"] + 0.8 * track["width"], track["y"] + track["height"] / 2)
            page.wait_for_function("() => document.querySelector('.samsim-knob-feedback_rate').innerText.includes(': 0.80')")
            page.get_by_role("button", name="Reset").click()
            page.wait_for_function("() => document.querySelector('.samsim-knobs').innerText.includes('feedback_rate=0.8,')")

            charts = {name: page.locator(f".samsim-{name} img").first.screenshot()
                      for name in ("attendance", "stages", "queues", "trust", "network")}
            # one Step is a week (the render interval): step into the school term
            t0 = time.perf_counter()
            for week in range(1, 7):
                page.get_by_role("button", name="Step").click()
                _wait_day(page, 7 * week)
            seconds_per_step = (time.perf_counter() - t0) / 6
            text = _readout(page)
            assert "day 42 of 730" in text and "% absent" in text, text
            page.wait_for_timeout(500)
            for name in ("attendance", "stages", "queues"):
                assert page.locator(f".samsim-{name} img").first.screenshot() != charts[name], f"the {name} chart did not change"

            # play runs on by itself; pause again
            page.get_by_role("button", name="▶").click()
            page.wait_for_function(
                "() => { const m = document.querySelector('.samsim-readout').innerText.match(/day (\\d+) of/); return m && +m[1] >= 84; }",
                timeout=90_000)
            page.get_by_role("button", name="❚❚").click()
            page.wait_for_timeout(1500)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "app.png"), full_page=True)
            page.locator(".samsim-network").first.screenshot(path=str(ARTIFACTS / "app-network.png"))
        finally:
            browser.close()
    assert seconds_per_step < 10, f"a step of a week took {seconds_per_step:.1f} s: the app is not responsive"
    assert not outside, f"the page fetched from outside localhost (it must work offline): {outside[:5]}"
    assert not failed, f"requests failed (missing assets?): {failed[:5]}"
    assert (ARTIFACTS / "app.png").stat().st_size > 10_000


def test_app_model_takes_the_knobs():
    """Without a browser: the app's model maps the sliders to parameters and records each day."""
    pytest.importorskip("solara", reason="the app needs solara: pip install 'mesa[viz]'")
    from sim.app import KNOBS, AppModel, scenario_knobs

    knobs = scenario_knobs("skifo")
    assert knobs["coordinators"] == 2 and knobs["forum_interval_days"] == 14
    settings = {**knobs, "feedback_rate": 0.8, "bup_clinicians": 5}
    m = AppModel(scenario="skifo", seed="3", n_pupils=300, settings=settings)
    assert m.params.services.feedback_rate == 0.8 and m.params.bup.clinicians_first == 5
    assert m.params.coordination.coordinators == 2 and m.seed == 3
    assert set(m.knobs) == set(KNOBS)
    for _ in range(40):
        m.step()
    assert m.day == 40 and m.steps == 40 and len(m.record.day) == 40
    assert any(x == x for x in m.record.absence)  # school has started: some days are not NaN
    assert len(m.record.queues["forum"]) == 40
