"""The dashboard's views without Streamlit: themes, people as actors, the relations
index on a constructed store, the URL state of the view."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from core.models import EventType
from core.parse.themes import load_themes
from core.store import Store, reads
from core.store.filters import Filters, View
from core.views import charts

SCORES = {"ACCUSE": -2.0, "CONSULT": 1.0, "COOPERATE": 6.0, "SANCTION": -8.0, "AGREE": 4.0}


def constructed_store(db: Path, rows: list[dict]) -> Path:
    """A store holding exactly `rows` (type, date, actors, source, target, people)."""
    with Store(db) as store:
        store._con.execute("INSERT INTO articles (article_id, file, title, language, published_basis, text, n_events) "
                          "VALUES ('a1', 'a1.txt', 'Constructed', 'en', 'header', 'Text.', ?)", [len(rows)])
        for number, row in enumerate(rows):
            date = pd.Timestamp(row["date"]).date()
            store._con.execute(
                "INSERT INTO events (mention_id, event_id, article_id, article_file, sentence_idx, char_start, char_end, "
                "sentence, trigger, type, quad, score, actors, source_actors, target_actors, people, modality, date, "
                "granularity, date_start, date_end, date_text, date_basis, confidence, known_event, language, context, "
                "mention_key) VALUES (?, ?, 'a1', 'a1.txt', ?, 0, 5, ?, '', ?, 'q', ?, ?, ?, ?, ?, 'actual', ?, 'day', "
                "?, ?, '', 'explicit', 0.8, NULL, 'en', [], ?)",
                [f"m{number}", f"m{number}", number, f"Sentence {number}.", row["type"], SCORES[row["type"]],
                 sorted(set(row["source"]) | set(row["target"]) | set(row.get("others", ()))), row["source"],
                 row["target"], row.get("people", []), str(date), date, date, f"a1:{number}"])
    return db


RELATION_ROWS = [
    # Q1 2021: China and Russia together accuse the West, twice: not conflict between them
    dict(type="ACCUSE", date="2021-03-20", source=["CHN", "RUS"], target=["WST"]),
    dict(type="ACCUSE", date="2021-03-22", source=["CHN", "RUS"], target=["WST", "USA"]),
    # Q1 2021: China meets Russia (one acts on the other)
    dict(type="CONSULT", date="2021-02-10", source=["CHN"], target=["RUS"]),
    # Q2 2021: nothing at all (a gap)
    # Q3 2021: Russia sanctions China; the two alone agree
    dict(type="SANCTION", date="2021-08-01", source=["RUS"], target=["CHN"]),
    dict(type="AGREE", date="2021-09-01", source=["CHN", "RUS"], target=[]),
    # an event of China and the USA alone: not about this pair
    dict(type="SANCTION", date="2021-05-05", source=["USA"], target=["CHN"]),
]


def test_relations_count_only_what_one_side_does_to_the_other(fresh_db: Path) -> None:
    db = constructed_store(fresh_db, RELATION_ROWS)
    frame = reads.relations(db, Filters(), [("CHN", "RUS")], "Q").set_index("period")
    q1, q3 = frame.loc[pd.Timestamp("2021-01-01")], frame.loc[pd.Timestamp("2021-07-01")]
    assert (q1["events"], q1["index"]) == (1, 1.0), "only the meeting: the joint accusations are not between them"
    assert (q1["together_events"], q1["together_index"]) == (2, -2.0)
    assert q1["together_towards"].split(",")[0] == "WST"
    assert (q3["events"], q3["index"]) == (2, -2.0), "the sanction (−8) and the agreement of the two alone (+4)"
    assert q3["together_events"] == 0
    assert pd.Timestamp("2021-04-01") not in frame.index


def test_relations_figure_gaps_ticks_and_axis_titles(fresh_db: Path) -> None:
    db = constructed_store(fresh_db, RELATION_ROWS)
    frame = reads.relations(db, Filters(), [("CHN", "RUS")], "Q")
    fig = charts.relations_figure(frame, freq="Q", actor_names={"CHN": "China", "RUS": "Russia", "WST": "the West"})
    index = next(t for t in fig.data if t.name == "China ↔ Russia: index")
    xs = [pd.Timestamp(x) for x in index.x]
    assert xs == [pd.Timestamp("2021-01-01"), pd.Timestamp("2021-04-01"), pd.Timestamp("2021-07-01")]
    assert index.y[0] == 1.0 and math.isnan(index.y[1]) and index.y[2] == -2.0, "Q2 is a gap"
    assert index.connectgaps is False
    together = next(t for t in fig.data if "together towards" in t.name)
    assert together.name.startswith("China and Russia together towards the West")
    assert together.y[0] == -2.0 and math.isnan(together.y[2])
    bars = next(t for t in fig.data if t.type == "bar")
    assert list(bars.y) == [1, 0, 2]
    # counts: whole-number ticks; the index: +10 reads "cooperation" at the top
    assert fig.layout.yaxis2.dtick == 1 and fig.layout.yaxis2.tickformat == "d"
    assert float(fig.layout.yaxis2.dtick).is_integer()
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    assert "cooperation" in ticks[10] and "conflict" in ticks[-10]
    assert not fig.layout.yaxis.title.text and not fig.layout.yaxis2.title.text, "no rotated titles"
    titles = {a.text for a in fig.layout.annotations if a.name == "axis title"}
    assert titles == {"Index (mean score)", "Events"}
    assert fig.layout.legend.y > 1, "the legend sits on top"


@pytest.mark.parametrize("largest,step,top", [(0, 1, 1), (4.21, 1, 5), (5, 1, 5), (6, 2, 6), (11, 5, 15),
                                              (23, 5, 25), (120, 50, 150)])
def test_count_ticks_are_whole_numbers(largest: float, step: int, top: int) -> None:
    assert charts.count_ticks(largest) == (step, top)


def test_every_type_has_one_theme_with_a_name_and_a_label() -> None:
    themes = load_themes()
    assert set(themes.theme_of) == {t.value for t in EventType}
    assert all(t.name("en") and t.name("nl") for t in themes.themes)
    assert themes.by_id("military").name("fr") == "Military", "English when a language has no name"
    assert all(themes.type_label(t.value) != t.value.title() for t in EventType)


def test_people_are_actors_with_counts(fresh_db: Path) -> None:
    db = constructed_store(fresh_db, [
        dict(type="CONSULT", date="2021-02-10", source=["CHN"], target=["RUS"], people=["Wang Yi", "Sergey Lavrov"]),
        # "de minister" resolved to Lavrov: the parser stores him among the people
        dict(type="ACCUSE", date="2021-03-10", source=["RUS"], target=["EU"], people=["Sergey Lavrov"]),
        dict(type="SANCTION", date="2021-03-11", source=["EU"], target=["CHN"]),
    ])
    facets = reads.facets(db)
    assert facets.people_counts == {"Sergey Lavrov": 2, "Wang Yi": 1}
    lavrov = reads.events(db, Filters(people=("Sergey Lavrov",)))
    assert sorted(lavrov["type"]) == ["ACCUSE", "CONSULT"]
    either = reads.events(db, Filters(actors=("EU",), people=("Wang Yi",)))
    assert sorted(either["type"]) == ["ACCUSE", "CONSULT", "SANCTION"], "a state or a person: either matches"
    chosen = Filters().with_actor_choices(["EU", "person:Wang Yi"])
    assert (chosen.actors, chosen.people) == (("EU",), ("Wang Yi",))
    assert chosen.actor_choices == ("EU", "person:Wang Yi")
    assert Filters.from_query(chosen.to_query()) == chosen
    assert "Wang Yi" in chosen.describe()


def test_view_round_trips_through_the_url() -> None:
    view = View(lanes="actor", colour="type", show_known=False, tab="Relations", pairs=("CHN-RUS", "EU-RUS"),
                period="M", event="a45741886d0e4132-0007")
    assert View.from_query(view.to_query()) == view
    assert View().to_query() == {}, "the default view adds nothing to the URL"
    assert View.from_query({"lanes": "bogus", "tab": "<script>", "colour": "TYPE", "pairs": "CHN-RUS,x,,A-B-C"}) == \
        View(colour="type", pairs=("CHN-RUS",))
    assert View.from_query({"pairs": "none"}).pairs == ()
    assert View.from_query({"event": "x<script>"}).event is None


def test_theme_circle_zooms_into_its_types() -> None:
    zoomed = Filters().zoomed(2022, "sanctions_pressure", "theme")
    assert zoomed.years == (2022, 2022) and set(zoomed.types) == set(load_themes().by_id("sanctions_pressure").types)


def test_relations_table_reads_as_words(fresh_db: Path) -> None:
    db = constructed_store(fresh_db, RELATION_ROWS)
    frame = reads.relations(db, Filters(), [("CHN", "RUS")], "Q")
    table = charts.relations_table(frame, "Q", {"CHN": "China", "RUS": "Russia", "WST": "the West"})
    assert list(table["period"]) == ["2021 Q1", "2021 Q3"]
    assert table["pair"].iloc[0] == "China ↔ Russia" and table["together towards"].iloc[0].startswith("the West")


def test_source_panel_html_is_plain_and_escaped() -> None:
    from core.views import panel

    hostile = '<script>alert(1)</script> [klik](javascript:alert(2)) $x^2$ **vet**'
    row = {"type": "CONSULT", "quad": "verbal cooperation", "score": 1.0, "sentence": hostile, "date": "2021-03-22",
           "date_text": "gisteren", "date_basis": "relative", "granularity": "day", "actors": ["CHN", "RUS", "UKR"],
           "source_actors": ["CHN"], "target_actors": ["RUS"], "people": ["Wang Yi"], "modality": "planned",
           "confidence": 0.55, "known_event": "no_limits_partnership_2022", "event_id": "e1", "article_file": "x.txt"}
    card = panel.event_card_html(row, {"CHN": "China", "RUS": "Russia", "UKR": "Ukraine"},
                                 {"no_limits_partnership_2022": "“No limits” partnership"}, "#123456")
    for raw in ("<script>", "](javascript", "$x", "**vet"):
        assert raw not in card
    assert "China → Russia" in card and "Ukraine" in card and "Wang Yi" in card
    assert "22 Mar 2021" in card and "gisteren" in card and "planned" in card
    assert "“No limits” partnership" in card and "no_limits" not in card
    for jargon in ("CONSULT", "verbal cooperation", "0.55", "confidence", "relative"):
        assert jargon not in card, jargon
    details = panel.event_details_html(row)
    assert "CONSULT" in details and "0&#46;55" in details and "x&#46;txt" in details
    head = panel.article_header_html({"title": "<b>Titel</b>", "source": "NOS", "published": "2021-03",
                                      "published_basis": "inferred", "file": "x.txt"})
    assert "<b>" not in head and "NOS" in head and "March 2021" in head and "x.txt" not in head


def test_timeline_for_the_screen_has_its_legend_on_top_and_no_empty_band() -> None:
    events = pd.DataFrame({
        "mention_id": ["m1", "m2"], "event_id": ["m1", "m2"], "type": ["CONSULT", "SANCTION"],
        "quad": ["verbal cooperation", "material conflict"], "granularity": ["day", "month"],
        "date": ["2021-03-22", "2022-02"], "date_start": pd.to_datetime(["2021-03-22", "2022-02-01"]),
        "date_end": pd.to_datetime(["2021-03-22", "2022-02-28"]), "actors": [["CHN", "RUS"], ["EU", "RUS"]],
        "known_event": [None, "invasion"], "n_sources": [1, 1], "sentence": ["a", "b"], "article_file": ["x", "y"]})
    before = charts.timeline_figure(events, options=charts.TimelineOptions(lanes="theme"))
    below = before.layout.legend.y
    plot_height = before.layout.height - before.layout.margin.t - before.layout.margin.b
    plain = charts.legend_on_top(before)
    assert list(plain.layout.yaxis.ticktext) == ["Diplomacy", "Sanctions and pressure"], "theme lanes"
    assert below < 0 < 1 < plain.layout.legend.y, "from under the plot to above it"
    assert plain.layout.height - plain.layout.margin.t - plain.layout.margin.b == plot_height
    assert plain.layout.margin.t <= 40, "no empty band: the top holds the legend only"
    assert plain.layout.margin.b <= 40, "and nothing is left under the date ticks"
    known = pd.DataFrame({"id": ["invasion"], "name": ["Invasion of Ukraine"], "date": ["2022-02-24"], "mentions": [1]})
    labelled = charts.legend_on_top(charts.timeline_figure(events, known=known, options=charts.TimelineOptions(lanes="theme")))
    label = next(a for a in labelled.layout.annotations if "Invasion" in a.text)
    assert labelled.layout.legend.y > label.y, "the legend above the known events' labels"
    assert labelled.layout.margin.t > plain.layout.margin.t


def test_card_shows_the_headline_and_a_week_as_its_span() -> None:
    from core.views import panel

    row = {"type": "CONSULT", "sentence": "s", "date": "2021-W11", "granularity": "week",
           "date_start": pd.Timestamp("2021-03-15"), "date_end": pd.Timestamp("2021-03-21"), "date_basis": "explicit",
           "actors": ["CHN", "RUS"], "source_actors": ["CHN"], "target_actors": ["RUS"],
           "headline": "China and Russia meet"}
    card = panel.event_card_html(row, {}, {}, "#000")
    assert "15 Mar 2021 – 21 Mar 2021" in card and "China and Russia meet" in card


def test_screen_legend_names_the_colours_only() -> None:
    fig = charts.legend_on_top(charts.timeline_figure(
        pd.DataFrame({"mention_id": ["m1"], "event_id": ["m1"], "type": ["CONSULT"], "quad": ["verbal cooperation"],
                      "granularity": ["day"], "date": ["2021-03-22"], "date_start": pd.to_datetime(["2021-03-22"]),
                      "date_end": pd.to_datetime(["2021-03-22"]), "actors": [["CHN", "RUS"]], "known_event": [None],
                      "n_sources": [1], "sentence": ["a"], "article_file": ["x"], "article_id": ["a1"]}),
        pd.DataFrame({"article_id": ["a1"], "file": ["x"], "title": ["T"], "published": ["2021-03-23"],
                      "published_granularity": ["day"], "published_start": pd.to_datetime(["2021-03-23"]),
                      "published_end": pd.to_datetime(["2021-03-23"]), "published_basis": ["header"]})))
    shown = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert "Article" not in shown and any("cooperation" in n.lower() for n in shown)
    assert "Articles" in list(fig.layout.yaxis.ticktext), "the articles' lane is still drawn"
