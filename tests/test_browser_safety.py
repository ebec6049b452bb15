"""Hostile text, a concurrent ingest and several sessions, in Chromium.

An article carrying scripts, event handlers, javascript: and Markdown links, images
and $…$ must show as plain text; no dialog may open and no request may leave
127.0.0.1; the dashboard keeps answering while another process ingests.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.cli.bench import generate
from core.store import reads
from core.store.filters import Filters
from tests.browser_support import click_event, guarded_page, open_dashboard, serve_seeds
from tests.conftest import PROJECT

pytestmark = pytest.mark.browser

HOSTILE = """date: 2024-05-17
<script>alert('title')</script> Poetin in Peking

Gisteren tekenden China en Rusland een akkoord <script>alert(1)</script> over gas, <img src=x onerror="alert(2)"> meldt het Kremlin.

Poetin bedankte Xi voor zijn steun [klik hier](javascript:alert(3)) en ![foto](http://evil.test/pixel.png) de prijs was $5$ per eenheid $x^2$.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_seeds(tmp_path_factory, "safety", {"hostile <b>file & $x$.txt": HOSTILE})


@pytest.mark.parametrize("start", ["Gisteren tekenden China en Rusland", "Poetin bedankte Xi"])
def test_hostile_text_is_plain_text(page, server, start: str) -> None:
    open_dashboard(page, server)
    events = reads.events(server["db"], Filters())
    row = events[events.sentence.str.startswith(start)].iloc[0]
    click_event(page, row["mention_id"])
    mark = page.locator(".article-text mark").filter(has_text=start)
    mark.wait_for(timeout=30000)
    panel = page.locator(".article-text", has=page.locator("mark", has_text=start))
    text = panel.inner_text()
    assert "<script>alert(1)</script>" in text or "javascript:alert(3)" in text
    assert panel.locator("script, img, iframe, a, .katex, math").count() == 0
    card = page.locator(".event-card")
    assert card.locator("script, img, a, .katex").count() == 0
    # hover labels: Plotly's text, escaped
    hover = page.evaluate("""() => document.querySelector('.js-plotly-plot').data
        .flatMap(t => t.hovertext || []).join(' ')""")
    assert "<script>" not in hover and "&lt;script&gt;" in hover
    page.wait_for_timeout(500)  # give any script a chance to run: the fixture fails on a dialog


def test_dashboard_answers_during_an_ingest(page, server, tmp_path: Path) -> None:
    from tests.timings import TIMINGS
    open_dashboard(page, server)
    articles_before = len(reads.articles(server["db"]))
    many = tmp_path / "many"
    many.mkdir()
    for article in generate(300, seed=5):
        (many / article.name).write_bytes(article.data)
    proc = subprocess.Popen([sys.executable, "-m", "core", "ingest", str(many), "--db", str(server["db"])],
                            cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answers = 0
    try:
        while proc.poll() is None and answers < 6:
            started = time.perf_counter()
            page.reload()
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60000)
            TIMINGS[f"page during ingest ({answers + 1})"] = time.perf_counter() - started
            body = page.locator("body").inner_text()
            for failure in ("Could not set lock", "in use by another process", "IOException", "StoreBusy", "Traceback"):
                assert failure not in body, failure
            assert page.locator('[data-testid="stException"]').count() == 0
            answers += 1
    finally:
        proc.wait(timeout=300)
    assert proc.returncode == 0
    assert answers >= 1, "the dashboard answered while the ingest ran"
    page.reload()
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60000)
    metric = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    assert int(metric.split(" of ")[1]) == articles_before + 300, metric


def test_several_sessions_at_once(browser, server) -> None:
    pages = [guarded_page(browser) for _ in range(3)]
    try:
        for _, page in pages:
            page.goto(server["url"], timeout=60000)
        for _, page in pages:
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=90000)
            assert not page.problems
    finally:
        for context, _ in pages:
            context.close()
