"""The briefing exports as a reader sees them: the SVG export rendered in Chromium, every
text and marker measured, and no two overlapping, none outside the canvas; the HTML
briefing's table; the placement of labels on its own."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pandas as pd
import pytest

from core.ingest.run import ingest
from core.parse.lexicon import load_actors
from core.store import reads
from core.store.filters import Filters
from core.views import briefing, charts
from core.views.labels import Box, LabelRequest, place_labels, text_width
from tests.browser_support import CHROMIUM
from tests.conftest import SEEDS, require_browser

pytestmark = pytest.mark.slow  # every export size rendered, in Chromium where there is one

DENSE_EVENTS = 1_500  # dense, yet drawn as SVG markers (WebGL starts at 2,000)
FILTERS = {"unfiltered": Filters(), "filtered": Filters(years=(2021, 2023), types=("ACCUSE", "SANCTION", "REJECT",
                                                                                    "REQUEST", "AID", "CONSULT"))}


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    from core.store.synthetic import synthetic_store

    folder = tmp_path_factory.mktemp("stores")
    seeds = folder / "seeds.duckdb"
    ingest([SEEDS], seeds)
    dense = folder / "dense.duckdb"
    synthetic_store(dense, DENSE_EVENTS)
    return {"seeds": seeds, "dense": dense}


@pytest.fixture(scope="module")
def svg_page(browser):
    if CHROMIUM is None or briefing.browser_path() is None:
        if require_browser():
            pytest.fail("Chromium is required for the export tests")
        pytest.skip("no Chromium on this machine")
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    yield page
    context.close()


# Every drawn text (titles, labels, lane names, ticks, legend, source line) and every
# marker of the SVG, with its box in the SVG's pixels.
BOXES_JS = """(svgText) => {
  document.body.style.margin = '0';
  document.body.innerHTML = svgText;
  const svg = document.querySelector('svg');
  const root = svg.getBoundingClientRect();
  const box = (el) => { const r = el.getBoundingClientRect();
    return [r.left - root.left, r.top - root.top, r.right - root.left, r.bottom - root.top]; };
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => ({kind: 'text', what: t.textContent.trim(), cls: (t.getAttribute('class') || '') + ' ' +
                (t.parentElement.getAttribute('class') || ''), box: box(t)}));
  const points = [...svg.querySelectorAll('path.point, path.scatterpts')]
    .filter(p => p.getAttribute('d') && p.getAttribute('d') !== 'M0,0Z')
    .map(p => ({kind: 'marker', what: 'marker', cls: '', box: box(p)}));
  return {width: root.width, height: root.height, items: texts.concat(points)};
}"""


def overlap(a: list[float], b: list[float], tolerance: float = 0.5) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > tolerance) and (min(a[3], b[3]) - max(a[1], b[1]) > tolerance)


def layout_problems(measured: dict) -> list[str]:
    """Every overlap of two texts or of a text and a marker, and every box outside the canvas."""
    width, height, items = measured["width"], measured["height"], measured["items"]
    problems = []
    for item in items:
        x0, y0, x1, y1 = item["box"]
        if x0 < -0.5 or y0 < -0.5 or x1 > width + 0.5 or y1 > height + 0.5:
            problems.append(f"outside the canvas: {item['what']!r} {item['box']}")
    texts = [i for i in items if i["kind"] == "text"]
    markers = [i for i in items if i["kind"] == "marker"]
    for n, first in enumerate(texts):
        for second in texts[n + 1:]:
            if overlap(first["box"], second["box"]):
                problems.append(f"{first['what']!r} overlaps {second['what']!r}")
        for marker in markers:
            if overlap(first["box"], marker["box"]):
                problems.append(f"{first['what']!r} covers a marker at {marker['box']}")
    return problems


def export_svg(db: Path, filters: Filters, size: str) -> tuple[bytes, briefing.BriefingText, pd.DataFrame]:
    events = reads.events(db, filters)
    articles = reads.articles(db)
    articles = articles[articles["file"].isin(set(events["article_file"]))]
    text = briefing.briefing_text(events, articles, filters.describe(load_actors().names))
    fig = briefing.briefing_figure(events, articles, reads.known_events(db), text, size,
                                   actor_names=load_actors().names)
    width, height = briefing.EXPORT_SIZES[size]
    return briefing.figure_image(fig, "svg", width, height), text, events


@pytest.mark.parametrize("size", list(briefing.EXPORT_SIZES))
@pytest.mark.parametrize("filtered", list(FILTERS))
@pytest.mark.parametrize("corpus", ["seeds", "dense"])
def test_svg_export_has_no_overlap_and_nothing_outside(stores: dict[str, Path], svg_page, corpus: str,
                                                        filtered: str, size: str) -> None:
    svg, text, events = export_svg(stores[corpus], FILTERS[filtered], size)
    measured = svg_page.evaluate(BOXES_JS, svg.decode("utf-8"))
    width, height = briefing.EXPORT_SIZES[size]
    assert (round(measured["width"]), round(measured["height"])) == (width, height)
    assert layout_problems(measured) == []
    drawn = [i["what"] for i in measured["items"] if i["kind"] == "text"]
    flat = re.sub(r"\s", "", text.title)  # a wrapped title is one text of several lines
    title_lines = [i for i in measured["items"] if i["kind"] == "text" and re.sub(r"\s", "", i["what"]) == flat]
    assert title_lines and min(i["box"][1] for i in title_lines) >= 8, "the title keeps off the top edge"
    assert any(line.startswith("Sources:") and "article" in line for line in drawn), "a source line"
    assert any("Verbal conflict" == t or "Material conflict" == t for t in drawn), "a legend"
    headlines = {charts.pin_label(row) for _, row in events.iterrows()}  # stored, or made (synthetic events)
    assert sum(t in headlines for t in drawn) >= 3, "key events are labelled"
    assert len([i for i in measured["items"] if i["kind"] == "marker"]) >= min(len(events), 20)


def test_the_overlap_check_sees_an_overlap(svg_page) -> None:
    """The check itself: two texts on top of each other, and a text off the canvas, are found."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
           '<text x="10" y="20" font-size="12">Sanctions</text><text x="14" y="22" font-size="12">Talks</text>'
           '<text x="180" y="50" font-size="12">cut off</text></svg>')
    problems = layout_problems(svg_page.evaluate(BOXES_JS, svg))
    assert any("overlaps" in p for p in problems) and any("outside" in p for p in problems)


# --------------------------------------------------------------------------- placement, pure
def test_placed_labels_never_overlap_and_stay_inside() -> None:
    area = Box(0, 0, 400, 200)
    markers = [Box(x - 5, 100 - 5, x + 5, 100 + 5) for x in range(20, 400, 30)]
    requests = [LabelRequest(f"e{i}", f"Event number {i} happened", m.x0 + 5, 100.0, 5.0) for i, m in enumerate(markers)]
    placed = place_labels(requests, area, markers)
    assert 2 <= len(placed) < len(requests), "as many as fit, not all"
    for n, label in enumerate(placed):
        assert label.box.inside(area)
        assert not any(label.box.overlaps(m) for m in markers)
        assert not any(label.box.overlaps(other.box) for other in placed[n + 1:])
    assert placed[0].key == "e0", "the first asked is placed first"


def test_a_label_near_the_edge_turns_inwards() -> None:
    area = Box(0, 0, 300, 100)
    placed = place_labels([LabelRequest("right", "A long label by the right edge", 295.0, 50.0, 4.0)], area)
    assert placed and placed[0].box.x1 <= 300 and placed[0].box.x0 < 295


def test_text_width_is_arial() -> None:
    assert 60 < text_width("Sanctions", 13) < 66  # Arial: 58.7 px, with the margin for other fonts
    assert text_width("Oekraïne", 12) == pytest.approx(text_width("Oekraine", 12))


def test_a_year_is_drawn_over_its_year(stores: dict[str, Path]) -> None:
    events = reads.events(stores["seeds"], Filters())
    start, end = charts.unit_spans(events[events["granularity"] == "year"])
    assert (start.dt.strftime("%m-%d") == "01-01").all() and (end.dt.strftime("%m-%d") == "12-31").all()
    month = events[events["granularity"] == "month"]
    start, end = charts.unit_spans(month)
    assert (start.dt.day == 1).all() and ((end + pd.Timedelta(days=1)).dt.day == 1).all()


# --------------------------------------------------------------------------- HTML briefing
def test_html_briefing_reads_as_a_briefing(stores: dict[str, Path]) -> None:
    db = stores["seeds"]
    events = reads.events(db, Filters())
    articles = reads.articles(db)
    text = briefing.briefing_text(events, articles, "all events", today=dt.date(2026, 12, 1))
    fig = charts.timeline_figure(events, articles, reads.known_events(db), actor_names=load_actors().names)
    page = briefing.html_briefing(fig, events, text.title, text.subtitle, text.source_line, articles,
                                  load_actors().names)
    body = page.split("<body>", 1)[1]
    assert body.count(html.escape(text.title)) == 1, "one title"
    assert "000_791442e738a00ce8.txt" not in body.split("<tbody>", 1)[1], "sources by title, not file name"
    assert "VS: ‘China overweegt wapens te leveren aan Rusland’" in html.unescape(body)
    rows = body.split("<tbody>", 1)[1].split("<tr>")[1:]
    dates = [re.match(r"<td>([^<]*)</td>", row).group(1) for row in rows]
    assert dates == sorted(dates), "rows by date"
    assert "European Union" in body and "<td>EU, CHN" not in body, "actor names, not codes"
    assert "“&quot;" not in body and "“\"" not in html.unescape(body), "quotes not doubled"


def test_the_point_title_counts_only_events_between_the_two() -> None:
    from core.views.briefing import point_title

    rows = [  # (actors, score): two cooperative events of the pair, three conflicts of others
        (["CHN", "RUS"], 4.0), (["RUS", "CHN"], 2.0), (["EU", "CHN"], -5.0), (["USA", "RUS"], -4.0),
        (["CHN", "RUS", "USA"], -3.0),
    ]
    events = pd.DataFrame({"actors": [r[0] for r in rows], "score": [r[1] for r in rows]})
    assert point_title(events) == "China–Russia relations: more cooperation than conflict (2 of 2 events between the two)"
    assert point_title(events.iloc[2:]) == "China–Russia relations: 3 events, none between the two alone"
    assert point_title(events.iloc[:0]) == "China–Russia relations: no events match"
