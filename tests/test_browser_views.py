"""The dashboard's views in Chromium: people in the actor filter, the view in the URL,
the source panel scrolled to its sentence, the layout by window size, the export
expander staying open."""
from __future__ import annotations

import re
import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from core.store import reads
from core.store.filters import Filters
from tests.browser_support import (
    EVENT_POINTS_JS,
    click_event,
    event_points,
    guarded_page,
    open_dashboard,
    serve_seeds,
    start_server,
    stop_server,
)
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_seeds(tmp_path_factory, "browser-views")


def url_params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def choose_lavrov(page) -> None:
    """Pick Sergey Lavrov in the actor filter, as a user types and chooses."""
    box = page.locator(".st-key-actors input")
    box.click()
    box.fill("Sergey Lav")
    page.get_by_role("option", name="Sergey Lavrov").first.click()
    page.keyboard.press("Escape")


def test_a_person_in_the_actor_filter(page, server) -> None:
    open_dashboard(page, server)
    expected = reads.events(server["db"], Filters(people=("Sergey Lavrov",)))
    expected_ids = sorted(expected[expected.date_start.notna()]["mention_id"])
    assert 0 < len(expected_ids) < len(event_points(page))
    choose_lavrov(page)
    page.wait_for_function(
        f"(() => {{ const p = ({EVENT_POINTS_JS})(); return p && p.length === {len(expected_ids)}; }})", timeout=30000)
    assert sorted(i for i, _ in event_points(page)) == expected_ids
    assert url_params(page).get("people") == "Sergey Lavrov"
    # the URL alone gives the same events
    page.goto(page.url)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60000)
    assert sorted(i for i, _ in event_points(page)) == expected_ids


def test_lanes_colour_and_tab_round_trip_through_the_url(page, server, browser) -> None:
    open_dashboard(page, server)
    page.locator(".st-key-lanes").get_by_text("Actor", exact=True).click()
    page.locator(".st-key-colour").get_by_text("Event type", exact=True).click()
    page.wait_for_function("() => location.search.includes('lanes=actor') && location.search.includes('colour=type')",
                           timeout=30000)
    page.get_by_role("tab", name="Relations").click()
    page.wait_for_function("() => location.search.includes('tab=relations')", timeout=30000)
    copied = page.url
    assert {"lanes": "actor", "colour": "type", "tab": "relations"}.items() <= url_params(page).items()

    context, fresh = guarded_page(browser)
    try:
        fresh.goto(copied, timeout=60000)
        fresh.wait_for_selector(".js-plotly-plot", timeout=90000)
        assert fresh.get_by_role("tab", name="Relations").get_attribute("aria-selected") == "true"
        assert fresh.locator(".st-key-lanes").get_by_role("radio", name="Actor").is_checked()
        assert fresh.locator(".st-key-colour").get_by_role("radio", name="Event type").is_checked()
        fresh.get_by_role("tab", name="Timeline").click()
        fresh.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60000)
        lanes = fresh.evaluate("() => document.querySelector('.js-plotly-plot').layout.yaxis.ticktext")
        assert "China" in lanes and "Russia" in lanes, lanes
        legend = fresh.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.name)")
        assert "Sanction" in legend, "coloured by type"
        assert not fresh.problems, fresh.problems
    finally:
        context.close()


def test_a_click_brings_the_marked_sentence_into_the_panel(page, server) -> None:
    open_dashboard(page, server)
    events = reads.events(server["db"], Filters())
    dated = events[events.date_start.notna()]
    target = dated.sort_values("char_start").iloc[-1]   # the sentence furthest into its article
    click_event(page, str(target["mention_id"]))
    mark = page.locator(".article-text mark", has_text=str(target["sentence"])[:30])
    mark.wait_for(timeout=30000)
    page.wait_for_function("""() => { const b = document.querySelector('.article-text');
                                      return b && b.dataset.scrolledTo; }""", timeout=10000)
    geometry = page.evaluate("""() => {
      const box = document.querySelector('.article-text'), mark = box.querySelector('mark');
      const b = box.getBoundingClientRect(), m = mark.getBoundingClientRect();
      return {boxTop: b.top, boxBottom: b.bottom, markTop: m.top, markBottom: m.bottom, window: innerHeight,
              scrollTop: box.scrollTop, scrollHeight: box.scrollHeight, clientHeight: box.clientHeight}; }""")
    assert geometry["scrollHeight"] > geometry["clientHeight"], "the article is longer than its panel"
    assert geometry["scrollTop"] > 0, "the panel scrolled"
    assert geometry["boxTop"] <= geometry["markTop"] and geometry["markBottom"] <= geometry["boxBottom"], geometry
    assert 0 <= geometry["markTop"] and geometry["markBottom"] <= geometry["window"], "and the window shows it"


PAGE_SCROLL_JS = """() => Math.max(0, ...[...document.querySelectorAll('*')]
    .filter(e => !e.closest('.article-text')).map(e => e.scrollTop))"""


def test_a_filter_change_leaves_the_page_where_it_is(page, server) -> None:
    """Only a click moves the page to the source panel, not the card a filter shows by default."""
    open_dashboard(page, server)
    page.wait_for_function("""() => { const b = document.querySelector('.article-text');
                                      return b && b.dataset.scrolledTo; }""", timeout=30000)
    assert page.evaluate(PAGE_SCROLL_JS) == 0
    before = len(event_points(page))
    choose_lavrov(page)
    page.wait_for_function(
        f"(() => {{ const p = ({EVENT_POINTS_JS})(); return p && p.length && p.length < {before}; }})", timeout=30000)
    page.wait_for_timeout(1500)  # the panel re-renders after the chart
    assert page.evaluate(PAGE_SCROLL_JS) == 0, "the page stayed at the top"


@pytest.mark.parametrize("width,beside", [(1920, True), (1440, False)])
def test_source_panel_beside_the_chart_only_on_wide_screens(browser, server, width: int, beside: bool) -> None:
    context, page = guarded_page(browser)
    try:
        page.set_viewport_size({"width": width, "height": 900})
        open_dashboard(page, server)
        page.wait_for_selector(".st-key-source_panel .article-text", timeout=30000)
        chart = page.locator(".st-key-timeline_row .js-plotly-plot").bounding_box()
        source = page.locator(".st-key-source_panel").bounding_box()
        main = page.locator(".st-key-timeline_row").bounding_box()
        text = page.locator(".st-key-source_panel .article-text").bounding_box()
        assert text["x"] >= source["x"] - 1 and text["x"] + text["width"] <= width, "the article is on the page"
        if beside:
            assert source["x"] >= chart["x"] + chart["width"] - 1
            card = page.locator(".st-key-source_panel .event-card").bounding_box()
            assert text["y"] >= card["y"] + card["height"] - 1, "in the narrow panel, the article under the card"
        else:
            assert source["y"] >= chart["y"] + chart["height"] - 1
            assert chart["width"] >= 0.95 * main["width"], "the chart takes the whole width"
        assert not page.problems, page.problems
    finally:
        context.close()


def test_export_expander_stays_open_after_prepare(browser, tmp_path) -> None:
    """On a first start (the seeds read while the page loads), pressing the prepare
    button keeps the expander open, and the download buttons appear in it."""
    from core.views import briefing

    if briefing.browser_path() is None:
        pytest.skip("no Chromium for the image export")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    first_start = start_server(tmp_path, corpus)
    context, page = guarded_page(browser)
    try:
        open_dashboard(page, first_start)
        page.get_by_text("Briefing export").click()
        prepare = page.get_by_role("button", name="Prepare PNG, SVG and PDF")
        prepare.click()
        png = page.get_by_role("button", name=re.compile(r"^PNG"))
        png.wait_for(timeout=90000)
        page.wait_for_timeout(1000)
        assert png.is_visible() and prepare.is_visible(), "the expander is still open"
        assert page.get_by_role("button", name=re.compile(r"^PDF")).is_visible()
        assert not page.problems, page.problems
    finally:
        context.close()
        stop_server(first_start)
