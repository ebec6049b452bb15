"""Running the dashboard under `streamlit run` and driving it with Playwright and
Chromium: shared by the browser tests."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import PROJECT, TESTS, require_browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = TESTS / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, corpus: Path):
    """Start `streamlit run dashboard.py` on a free port of 127.0.0.1 over a corpus folder."""
    if CHROMIUM is None:
        if require_browser():
            pytest.fail("Chromium is required for the browser tests (apt-get install chromium)")
        pytest.skip("no Chromium on this machine")
    try:
        import playwright  # noqa: F401
    except ImportError:
        if require_browser():
            pytest.fail("playwright is required for the browser tests")
        pytest.skip("playwright is not installed")
    db = folder / "timeline.duckdb"
    port = free_port()
    env = dict(os.environ, TIMELINE_DB=str(db), TIMELINE_CORPUS=str(corpus), TIMELINE_ARTICLES=str(folder / "articles"))
    started = time.perf_counter()
    log = folder / "server.log"  # a file, not a pipe: a full pipe would stall the server
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(PROJECT / "dashboard.py"),
                                 "--server.port", str(port), "--server.address", "127.0.0.1",
                                 "--server.headless", "true"], cwd=PROJECT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(log.read_text(errors="replace"))
            time.sleep(0.25)
    return {"url": url, "db": db, "started": started, "process": proc}


def start_synthetic_server(folder: Path, n_events: int):
    """The dashboard over a store of n_events synthetic events (core.cli.bench) and no articles."""
    from core.store.synthetic import synthetic_store

    corpus = folder / "empty-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    db = folder / "timeline.duckdb"
    if db.exists():
        db.unlink()
    synthetic_store(db, n_events)
    os.utime(db)  # newer than the empty corpus folder: nothing to ingest
    return start_server(folder, corpus)


def serve_seeds(tmp_path_factory, name: str, extra: dict[str, str] | None = None):
    """A dashboard on a copy of the seeds (and `extra` files: name -> text), for a module's
    tests; a generator to `yield from` in a fixture (stops the server afterwards)."""
    from tests.conftest import SEEDS

    folder = tmp_path_factory.mktemp(name)
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    for file_name, text in (extra or {}).items():
        (corpus / file_name).write_text(text, encoding="utf-8")
    running = start_server(folder, corpus)
    running["folder"] = folder
    yield running
    stop_server(running)


def stop_server(server: dict) -> None:
    proc = server["process"]
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (import this fixture into the module)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def guarded_page(browser):
    """A page at 1440x900 that records dialogs and requests leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))

    def guard(route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            problems.append(f"request left 127.0.0.1: {route.request.url}")
            route.abort()

    page.route("**/*", guard)
    page.problems = problems
    return context, page


EVENT_POINTS_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  if (!plot || !plot.data) return null;
  const out = [];
  for (const t of plot.data) {
    if (t.mode !== 'markers' || !t.customdata) continue;
    t.customdata.forEach((c, i) => { if (!String(c).startsWith('article:')) out.push([String(c), String(t.x[i])]); });
  }
  return out;
}"""


def event_points(page) -> list[tuple[str, str]]:
    page.wait_for_function(f"({EVENT_POINTS_JS})() !== null", timeout=60000)
    return page.evaluate(EVENT_POINTS_JS)


@pytest.fixture
def page(browser, server):
    """A guarded page; the test fails on any dialog or request leaving 127.0.0.1.
    (Needs a module fixture `server`.)"""
    context, page = guarded_page(browser)
    yield page
    context.close()
    assert not page.problems, page.problems


def click_event(page, mention_id: str) -> None:
    """Click the marker of one event on the timeline."""
    where = page.evaluate("""(id) => {
      const plot = document.querySelector('.js-plotly-plot');
      for (const t of plot.data) {
        if (t.mode !== 'markers' || !t.customdata) continue;
        const i = t.customdata.indexOf(id);
        if (i >= 0) return [plot.data.indexOf(t), i];
      } return null; }""", mention_id)
    assert where is not None, f"no marker for {mention_id}"
    point = page.locator(".js-plotly-plot .scatterlayer .trace").nth(where[0]).locator(".point").nth(where[1])
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def click_point(page, trace: int, point: int) -> None:
    """Click one point of a chart by its data coordinates (SVG and WebGL traces alike)."""
    where = page.evaluate("""([i, j]) => {
      const plot = document.querySelector('.js-plotly-plot');
      const t = plot._fullData[i], xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
      const box = plot.querySelector('.main-svg').getBoundingClientRect();
      return [box.left + xa._offset + xa.l2p(xa.d2l(t.x[j])), box.top + ya._offset + ya.l2p(ya.d2l(t.y[j]))];
    }""", [trace, point])
    page.mouse.click(where[0], where[1])


def open_dashboard(page, server) -> None:
    page.goto(server["url"], timeout=60000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=90000)


