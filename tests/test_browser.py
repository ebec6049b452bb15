"""The dashboard in Chromium (Playwright) against `streamlit run` on 127.0.0.1.

Without a browser these tests skip on a developer's machine and fail in CI
(CI=true or REQUIRE_BROWSER=1). Any dialog, and any request that leaves 127.0.0.1,
fails them.
"""
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

from core import queries
from core.filters import Filters
from tests.conftest import PROJECT, SEEDS, TESTS, require_browser
from tests.timings import TIMINGS

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = TESTS / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
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
    folder = tmp_path_factory.mktemp("browser")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = folder / "timeline.duckdb"
    port = free_port()
    env = dict(os.environ, TIMELINE_DB=str(db), TIMELINE_CORPUS=str(corpus), TIMELINE_ARTICLES=str(folder / "articles"))
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(PROJECT / "dashboard.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true"], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read().decode(errors="replace"))
            time.sleep(0.25)
    yield {"url": url, "db": db, "started": started}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
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
    yield page
    context.close()
    assert not problems, problems


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


def open_dashboard(page, server) -> None:
    page.goto(server["url"], timeout=60000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=90000)


def test_page_loads_with_one_marker_per_event(page, server) -> None:
    open_dashboard(page, server)
    TIMINGS.setdefault("cold start (server start, first ingest) to chart drawn", time.perf_counter() - server["started"])
    expected = queries.events(server["db"], Filters())
    expected = sorted(expected[expected.date_start.notna()]["mention_id"])
    assert sorted(i for i, _ in event_points(page)) == expected
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "timeline.png"))


def test_year_range_2023_leaves_only_2023(page, server) -> None:
    open_dashboard(page, server)
    before = event_points(page)
    thumbs = page.locator('[data-testid="stSlider"] input[type="range"]')
    low = int(thumbs.nth(0).get_attribute("value"))
    high = int(thumbs.nth(1).get_attribute("value"))
    started = time.perf_counter()
    thumbs.nth(0).focus()
    for _ in range(2023 - low):
        page.keyboard.press("ArrowRight")
    thumbs.nth(1).focus()
    for _ in range(high - 2023):
        page.keyboard.press("ArrowLeft")
    expected = queries.events(server["db"], Filters(years=(2023, 2023)))
    expected_ids = sorted(expected[expected.date_start.notna()]["mention_id"])
    assert 0 < len(expected_ids) < len(before)
    # the two thumbs move one after the other: wait for the chart of the final range
    page.wait_for_function(
        f"(() => {{ const p = ({EVENT_POINTS_JS})(); return p && p.length === {len(expected_ids)} "
        f"&& p.every(x => x[1].startsWith('2023')); }})", timeout=30000)
    TIMINGS["filter change to chart redrawn"] = time.perf_counter() - started
    points = event_points(page)
    assert sorted(i for i, _ in points) == expected_ids
    assert all(x.startswith("2023") for _, x in points), points


def test_click_shows_the_sentence_highlighted(page, server) -> None:
    open_dashboard(page, server)
    events = queries.events(server["db"], Filters())
    target = events[events.sentence.str.startswith("De twee ministers spraken elkaar gisteren")].iloc[0]
    index = page.evaluate("""(id) => {
      const plot = document.querySelector('.js-plotly-plot');
      let n = 0;
      for (const t of plot.data) {
        if (t.mode !== 'markers' || !t.customdata) continue;
        const i = t.customdata.indexOf(id);
        if (i >= 0) return [plot.data.indexOf(t), i];
      }
      return null;
    }""", target["mention_id"])
    assert index is not None
    trace, point = index
    box = page.locator(".js-plotly-plot .scatterlayer .trace").nth(trace).locator(".point").nth(point).bounding_box()
    started = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    mark = page.locator(".article-text mark")
    mark.filter(has_text="De twee ministers spraken elkaar gisteren").wait_for(timeout=30000)
    TIMINGS["click to source shown"] = time.perf_counter() - started
    assert "Consult" in page.locator(".event-card").inner_text()
