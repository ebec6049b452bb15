"""Figures and filters, without Streamlit."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from core.ingest.run import ingest
from core.store import reads
from core.store.filters import Filters
from core.views import charts, shown
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("db") / "t.duckdb"
    ingest([SEEDS], db)
    return db


def markers(fig) -> list:
    return [t for t in fig.data if t.mode == "markers" and t.customdata is not None
            and not str(t.customdata[0]).startswith("article:")]


def test_one_marker_per_dated_event(seeds_db: Path) -> None:
    events = reads.events(seeds_db, Filters())
    fig = charts.timeline_figure(events, reads.articles(seeds_db), reads.known_events(seeds_db))
    ids = [i for t in markers(fig) for i in t.customdata]
    assert sorted(ids) == sorted(events[events.date_start.notna()]["mention_id"])


def test_precision_is_visible(seeds_db: Path) -> None:
    events = reads.events(seeds_db, Filters())
    fig = charts.timeline_figure(events)
    symbols = {t.marker.symbol for t in markers(fig)}
    assert {"diamond", "square"} <= symbols  # month- and year-precise events
    spans = [t for t in fig.data if t.mode == "lines"]
    n_spans = sum(len([x for x in t.x if x is None]) for t in spans)
    assert n_spans == int((events.granularity != "day").sum())


def test_articles_lane_and_known_events(seeds_db: Path) -> None:
    events = reads.events(seeds_db, Filters())
    fig = charts.timeline_figure(events, reads.articles(seeds_db), reads.known_events(seeds_db))
    assert "Articles" in fig.layout.yaxis.ticktext
    assert any("No limits" in (a.text or "") for a in fig.layout.annotations)
    off = charts.timeline_figure(events, None, reads.known_events(seeds_db), charts.TimelineOptions(show_known=False))
    assert not any(shape.line.dash == "dot" for shape in off.layout.shapes), "no reference line"


def test_same_type_same_colour(seeds_db: Path) -> None:
    events = reads.events(seeds_db, Filters())
    fig = charts.timeline_figure(events, options=charts.TimelineOptions(colour="type"))
    for trace in markers(fig):
        assert trace.marker.color == charts.TYPE_COLOURS[trace.legendgroup]


def test_actor_lanes(seeds_db: Path) -> None:
    events = reads.events(seeds_db, Filters())
    fig = charts.timeline_figure(events, options=charts.TimelineOptions(lanes="actor"), actor_names={"CHN": "China", "RUS": "Russia"})
    assert list(fig.layout.yaxis.ticktext)[:2] == ["China", "Russia"]


def test_hover_text_is_escaped() -> None:
    row = pd.Series({"type": "ACCUSE", "date": "2021-03-22", "date_text": "<b>gisteren</b>", "date_basis": "relative",
                     "actors": ["CHN"], "sentence": "<script>alert(1)</script> $x$ [link](javascript:alert(1))",
                     "article_file": "<img src=x onerror=alert(1)>.txt", "modality": "actual", "n_sources": 1})
    text = charts.hover_text(row)
    assert "<script>" not in text and "&lt;script&gt;" in text and "<img" not in text
    assert "gisteren" in text and "→ 2021-03-22" in text


def test_empty_figure_says_so() -> None:
    empty = pd.DataFrame(columns=["date_start", "date_end", "type", "quad", "granularity", "mention_id", "actors"])
    fig = charts.timeline_figure(empty)
    assert any("No events" in a.text for a in fig.layout.annotations)


def test_relations_index(seeds_db: Path) -> None:
    """The index counts the events between the two (worked out here in pandas); the two
    accusing the West together in March 2021 are the separate series."""
    events = reads.events(seeds_db, Filters())
    frame = reads.relations(seeds_db, Filters(), [("CHN", "RUS"), ("CHN", "USA")], "Q")
    dated = events[events.date_start.notna()]

    def between(row) -> bool:
        s, t, a = set(row.source_actors), set(row.target_actors), set(row.actors)
        return ("CHN" in s and "RUS" in t) or ("RUS" in s and "CHN" in t) or a == {"CHN", "RUS"}

    both = dated[dated.actors.apply(lambda a: "CHN" in a and "RUS" in a)]
    mask = both.apply(between, axis=1)
    chn_rus = frame[frame.pair == "CHN–RUS"]
    assert chn_rus["events"].sum() == int(mask.sum()) < len(both)
    expected = both[mask].groupby(pd.to_datetime(both[mask].date_start).dt.to_period("Q"))["score"].mean()
    assert abs(chn_rus["index"].dropna().mean() - expected.mean()) < 0.01
    joint = both[~mask & both.source_actors.apply(lambda s: "CHN" in s and "RUS" in s)]
    assert chn_rus["together_events"].sum() == len(joint) > 0
    assert (joint.type == "ACCUSE").any(), "the joint accusation of the West is in the together series"
    assert frame["index"].dropna().between(-10, 10).all()
    assert {t.type for t in charts.relations_figure(frame).data} == {"bar", "scatter"}


def test_dense_view_counts_every_event(seeds_db: Path) -> None:
    summary = reads.summary(seeds_db, Filters())
    counts = reads.monthly_counts(seeds_db, Filters())
    assert counts["n"].sum() == summary["events"] - int(reads.events(seeds_db, Filters()).date_start.isna().sum())
    fig = charts.density_figure(counts, summary["events"], 10)
    assert fig.data[0].type == "scattergl" and "counts per month" in fig.layout.annotations[0].text


# --------------------------------------------------------------------------- filters
@pytest.mark.parametrize("filters,check", [
    (Filters(years=(2023, 2023)), lambda e: e.date.str.startswith("2023").all()),
    (Filters(actors=("USA",)), lambda e: e.actors.apply(lambda a: "USA" in a).all()),
    (Filters(together=True), lambda e: e.actors.apply(lambda a: "CHN" in a and "RUS" in a).all()),
    (Filters(types=("SANCTION",)), lambda e: (e.type == "SANCTION").all()),
    (Filters(min_precision="day"), lambda e: (e.granularity == "day").all()),
    (Filters(min_precision="month"), lambda e: e.granularity.isin(["day", "month"]).all()),
    (Filters(search="sanctie"), lambda e: e.sentence.str.lower().str.contains("sanctie").all()),
    (Filters(articles=("001_61e57e3379c17ff2.txt",)), lambda e: (e.article_file == "001_61e57e3379c17ff2.txt").all()),
])
def test_each_filter_narrows(seeds_db: Path, filters: Filters, check) -> None:
    everything = reads.events(seeds_db, Filters())
    some = reads.events(seeds_db, filters)
    assert 0 < len(some) < len(everything)
    assert check(some)


def test_filters_round_trip_through_the_url() -> None:
    filters = Filters(years=(2021, 2023), actors=("CHN", "EU"), together=True, types=("AGREE", "SANCTION"),
                      languages=("nl",), min_precision="month", search="sancties")
    assert Filters.from_query(filters.to_query()) == filters
    assert Filters.from_query({"years": "x-y", "types": "BOGUS,AGREE", "precision": "hour"}) == Filters(types=("AGREE",))
    assert "2021–2023" in filters.describe({"CHN": "China"}) and "China" in filters.describe({"CHN": "China"})


def test_a_dense_circle_zooms_into_its_year_and_lane(seeds_db: Path) -> None:
    summary = reads.summary(seeds_db, Filters())
    counts = reads.monthly_counts(seeds_db, Filters())
    fig = charts.density_figure(counts, summary["events"], 10)
    year, lane = fig.data[0].customdata[0]
    zoomed = Filters(actors=("USA",)).zoomed(year, lane, "type")
    assert zoomed.years == (year, year) and zoomed.types == (lane,) and zoomed.actors == ("USA",)
    in_circle = reads.summary(seeds_db, Filters().zoomed(year, lane, "type"))["events"]
    assert 0 < in_circle < summary["events"]
    by_actor = Filters(actors=("USA",)).zoomed(2022, "RUS", "actor")
    assert by_actor.actors == ("USA", "RUS") and by_actor.types == ()


def test_find_articles_by_file_or_title(seeds_db: Path) -> None:
    articles = reads.articles(seeds_db)
    assert len(shown.find_articles(articles, "  ")) == len(articles)
    by_file = shown.find_articles(articles, "001_61E57")
    assert list(by_file["file"]) == ["001_61e57e3379c17ff2.txt"]
    title = str(articles["title"].iloc[0])
    assert str(articles["file"].iloc[0]) in set(shown.find_articles(articles, title[:12].upper())["file"])
    assert shown.find_articles(articles, "no such words at all").empty
