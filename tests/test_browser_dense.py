"""The dense timeline in Chromium: above 20,000 matching events the timeline shows counts
per month and lane, and a click on a circle opens that year and lane event by event."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from core.settings import MAX_TIMELINE_MARKERS
from core.store import reads
from core.store.filters import Filters
from tests.browser_support import click_point, start_synthetic_server, stop_server

pytestmark = pytest.mark.browser

N_EVENTS = 30_000

# what the chart shows: the points of its marker traces, as [trace, point, customdata]
POINTS_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  if (!plot || !plot.data) return null;
  const out = [];
  plot.data.forEach((t, i) => { if (t.mode === 'markers' && t.customdata)
    t.customdata.forEach((c, j) => out.push([i, j, c])); });
  return out;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_synthetic_server(tmp_path_factory.mktemp("dense"), N_EVENTS)
    yield running
    stop_server(running)


def test_a_click_on_a_circle_opens_its_year_and_lane(page, server) -> None:
    page.goto(server["url"], timeout=60000)
    page.wait_for_function(f"(() => {{ const p = ({POINTS_JS})(); return p && p.length > 0; }})()", timeout=90000)
    assert "counts per month" in page.locator(".js-plotly-plot").inner_text()
    circles = page.evaluate(POINTS_JS)
    assert all(isinstance(c, list) and len(c) == 2 for _, _, c in circles), "circles carry [year, lane]"
    trace, point, (year, lane) = max(circles, key=lambda c: c[2][0])  # a circle of the latest year
    # the default lanes are themes: a circle stands for a year and a theme (its types)
    expected = reads.summary(server["db"], Filters().zoomed(year, lane, "theme"))["events"]
    assert 0 < expected <= MAX_TIMELINE_MARKERS
    click_point(page, trace, point)
    # the chart now shows single events (their mention ids), all of that year and lane
    page.wait_for_function(
        f"(() => {{ const p = ({POINTS_JS})(); return p && p.length > 0 "
        f"&& p.every(x => typeof x[2] === 'string'); }})()", timeout=60000)
    shown = {c for _, _, c in page.evaluate(POINTS_JS) if not str(c).startswith("article:")}
    filters = Filters().zoomed(year, lane, "theme")
    zoomed = reads.events(server["db"], filters)
    assert shown == set(zoomed["mention_id"])
    params = parse_qs(urlparse(page.url).query)
    assert params["years"] == [f"{year}-{year}"] and set(params["types"][0].split(",")) == set(filters.types)
