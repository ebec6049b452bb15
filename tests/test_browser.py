"""The dashboard in Chromium (Playwright) against `streamlit run` on 127.0.0.1.

Without a browser these tests skip on a developer's machine and fail in CI
(CI=true or REQUIRE_BROWSER=1). Any dialog, and any request that leaves 127.0.0.1,
fails them.
"""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from core.store import reads
from core.store.filters import Filters
from tests.browser_support import ARTIFACTS, EVENT_POINTS_JS, click_event, event_points, open_dashboard, serve_seeds
from tests.timings import TIMINGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_seeds(tmp_path_factory, "browser")


def test_page_loads_with_one_marker_per_event(page, server) -> None:
    open_dashboard(page, server)
    TIMINGS.setdefault("cold start (server start, first ingest) to chart drawn", time.perf_counter() - server["started"])
    expected = reads.events(server["db"], Filters())
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
    expected = reads.events(server["db"], Filters(years=(2023, 2023)))
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
    events = reads.events(server["db"], Filters())
    target = events[events.sentence.str.startswith("De twee ministers spraken elkaar gisteren")].iloc[0]
    started = time.perf_counter()
    click_event(page, target["mention_id"])
    mark = page.locator(".article-text mark")
    mark.filter(has_text="De twee ministers spraken elkaar gisteren").wait_for(timeout=30000)
    TIMINGS["click to source shown"] = time.perf_counter() - started
    # the card of the event shown before is removed when the rerun ends
    expect(page.locator(".event-card")).to_have_count(1, timeout=30000)
    assert "meeting, visit or talks" in page.locator(".event-card").inner_text()  # a consultation, in plain words


def test_corrected_date_survives_reingest_and_moves_the_marker(page, server) -> None:
    """Correct an event's date in the dashboard, re-ingest: the correction stays, the marker moved."""
    import subprocess
    import sys

    from tests.conftest import PROJECT

    open_dashboard(page, server)
    events = reads.events(server["db"], Filters())
    target = events[events.sentence.str.startswith("Vorige maand werden een aantal")].iloc[0]
    mention = target["mention_id"]
    before = dict(event_points(page))[mention]
    click_event(page, mention)
    page.locator(".article-text mark", has_text="Vorige maand werden").wait_for(timeout=30000)
    page.get_by_text("Correct this event").click()
    date_input = page.get_by_label("Date (YYYY-MM-DD, YYYY-MM or YYYY)").first
    date_input.fill("2020-06-15")
    date_input.press("Tab")
    page.get_by_role("button", name="Save corrections").click()
    page.wait_for_function(
        f"(() => {{ const p = ({EVENT_POINTS_JS})(); return p && p.some(x => x[0] === '{mention}' && x[1].startsWith('2020-06-15')); }})",
        timeout=30000)
    corpus = server["db"].parent / "corpus"
    result = subprocess.run([sys.executable, "-m", "core", "ingest", str(corpus), "--db", str(server["db"]), "--force"],
                            cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page.reload()
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60000)
    after = dict(event_points(page))
    assert after[mention].startswith("2020-06-15") and not before.startswith("2020-06-15")
    stored = reads.events(server["db"], Filters())
    row = stored[stored.mention_id == mention].iloc[0]
    assert (row["date"], row["date_basis"]) == ("2020-06-15", "user")


def test_who_acts_is_corrected_in_the_form_and_shown_on_the_card(page, server) -> None:
    """Correct an event's source actor in the dashboard: stored, and the card says who acts."""
    open_dashboard(page, server)
    events = reads.events(server["db"], Filters())
    target = events[events.sentence.str.startswith("Gisteren stelde de Europese Unie")].iloc[0]
    assert (list(target["source_actors"]), list(target["target_actors"])) == (["EU"], ["CHN"])
    click_event(page, target["mention_id"])
    page.locator(".article-text mark", has_text="Gisteren stelde").wait_for(timeout=30000)
    page.get_by_text("Correct this event").click()
    acting = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Who acts (source actors)")
    acted_on = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Acted on (target actors)")
    acted_on.get_by_role("button", name="Remove").first.click()   # China is acted on no more…
    acting.locator("input").click()
    page.keyboard.type("China")
    page.keyboard.press("Enter")  # …and acts with the EU
    page.keyboard.press("Escape")
    expect(acting).to_contain_text("China")
    page.get_by_role("button", name="Save corrections").click()
    expect(page.get_by_text("Correct this event (corrected: who acts, acted on)")).to_be_visible(timeout=30000)
    card = page.locator(".event-card")
    expect(card).to_contain_text("European Union, China", timeout=30000)
    stored = reads.events(server["db"], Filters()).set_index("mention_id").loc[target["mention_id"]]
    assert (list(stored["source_actors"]), list(stored["target_actors"])) == (["EU", "CHN"], [])
