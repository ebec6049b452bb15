"""Curation: corrections stored apart, applied on every write, marked, undoable."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.ingest import curation
from core.ingest.run import ingest
from core.store import Store, reads
from core.store.filters import Filters
from core.views import charts, panel
from core.views.export import event_records
from tests.conftest import SEEDS


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "t.duckdb"
    ingest([SEEDS], db)
    return db


def event(db: Path, start: str):
    events = reads.events(db, Filters())
    return events[events.sentence.str.startswith(start)].iloc[0]


def test_corrections_apply_survive_reingest_and_are_marked(db: Path) -> None:
    row = event(db, "Gisteren stelde de Europese Unie")
    key = row["mention_key"]
    curation.correct(db, key, "date", "2021-03-21")
    curation.correct(db, key, "type", "ACCUSE")
    curation.correct(db, key, "actors", ["EU", "CHN", "GBR"])
    curation.correct(db, key, "modality", "alleged")
    ingest([SEEDS], db, force=True)
    fixed = event(db, "Gisteren stelde de Europese Unie")
    assert (fixed["date"], fixed["date_basis"], fixed["type"], fixed["score"], fixed["modality"]) == (
        "2021-03-21", "user", "ACCUSE", -2.0, "alleged")
    assert list(fixed["actors"]) == ["EU", "CHN", "GBR"]
    assert set(fixed["corrected"]) == {"date", "type", "actors", "modality"}
    with Store(db, read_only=True) as store:
        [record] = [r for r in event_records(store.events_frame()) if r["sentence"].startswith("Gisteren stelde")]
    assert set(record["corrected"]) == {"date", "type", "actors", "modality"}


def test_undo_restores_the_parse(db: Path) -> None:
    row = event(db, "Gisteren stelde de Europese Unie")
    correction_id = curation.correct(db, row["mention_key"], "type", "ACCUSE")
    curation.undo(db, correction_id)
    again = event(db, "Gisteren stelde de Europese Unie")
    assert again["type"] == "SANCTION" and not list(again["corrected"])
    audit = curation.audit(db)
    assert audit.set_index("id").loc[correction_id, "undone"]


def test_delete_hides_the_event_everywhere(db: Path) -> None:
    row = event(db, "Gisteren stelde de Europese Unie")
    before = len(reads.events(db, Filters()))
    curation.correct(db, row["mention_key"], "deleted", True)
    ingest([SEEDS], db, force=True)
    assert len(reads.events(db, Filters())) == before - 1
    with Store(db, read_only=True) as store:
        assert not store.events_frame().sentence.str.startswith("Gisteren stelde de Europese Unie").any()


def test_added_event_with_its_citation(db: Path) -> None:
    articles = reads.articles(db)
    article_id = articles[articles.file == "000_791442e738a00ce8.txt"].iloc[0]["article_id"]
    sentence = "Met name Spoetnik gaat snel de wereld over: inmiddels hebben 55 landen het middel goedgekeurd."
    curation.add_event(db, article_id, sentence, "COOPERATE", "2021-03", ["RUS"])
    ingest([SEEDS], db, force=True)
    added = event(db, "Met name Spoetnik")
    assert (added["type"], added["date"], list(added["corrected"])) == ("COOPERATE", "2021-03", ["added"])
    article = reads.article(db, article_id)
    assert article["text"][int(added["char_start"]):int(added["char_end"])] == sentence


def test_pinned_event_is_labelled_on_the_timeline(db: Path) -> None:
    row = event(db, "Gisteren stelde de Europese Unie")
    curation.correct(db, row["mention_key"], "pinned", True)
    events = reads.events(db, Filters())
    fig = charts.timeline_figure(events, None, reads.known_events(db))
    assert any((a.text or "") == "EU sanctions China" for a in fig.layout.annotations)  # its headline


@pytest.mark.parametrize("field,value", [("type", "PARTY"), ("date", "gisteren"), ("actors", []),
                                         ("modality", "maybe"), ("trigger", "x")])
def test_bad_corrections_are_refused(db: Path, field: str, value) -> None:
    row = event(db, "Gisteren stelde de Europese Unie")
    with pytest.raises(curation.CorrectionRefused):
        curation.correct(db, row["mention_key"], field, value)


def test_known_event_lines_count_mentions(db: Path) -> None:
    known = reads.known_events(db)
    assert known.set_index("id").loc["no_limits_partnership_2022", "mentions"] >= 1


def roles(db: Path, start: str) -> tuple[list[str], list[str], list[str]]:
    row = event(db, start)
    return list(row["actors"]), list(row["source_actors"]), list(row["target_actors"])


SANCTIONS = "Gisteren stelde de Europese Unie"


def test_who_acts_and_on_whom_can_be_corrected_and_undone(db: Path) -> None:
    row = event(db, SANCTIONS)
    assert roles(db, SANCTIONS) == (["EU", "CHN"], ["EU"], ["CHN"]) and row["headline"] == "EU sanctions China"
    # source and target swap in one correction (each alone would put CHN on both sides)
    ids = curation.correct_event(db, row["mention_key"], {"source_actors": ["chn"], "target_actors": ["EU"]})
    assert len(ids) == 2
    fixed = event(db, SANCTIONS)
    assert roles(db, SANCTIONS) == (["EU", "CHN"], ["CHN"], ["EU"])
    assert fixed["headline"] == "China sanctions EU", "the automatic headline follows who acts"
    assert {"source_actors", "target_actors"} <= set(fixed["corrected"])
    # shown after the correction: the card says who acts on whom; exported as corrected
    card = panel.event_card(fixed.to_dict(), {"EU": "EU", "CHN": "China"}, {})
    assert "China → EU" in card
    with Store(db, read_only=True) as store:
        [record] = [r for r in event_records(store.events_frame()) if r["sentence"].startswith(SANCTIONS)]
    assert (record["source_actors"], record["target_actors"]) == (["CHN"], ["EU"])
    # kept across a re-read of the article
    ingest([SEEDS], db, force=True)
    assert roles(db, SANCTIONS) == (["EU", "CHN"], ["CHN"], ["EU"])
    audit = curation.audit(db).set_index("id")
    assert set(audit.loc[ids, "field"]) == {"source_actors", "target_actors"}
    # undone: the parse comes back
    curation.undo(db, ids[1])
    assert roles(db, SANCTIONS)[2] == ["CHN"]
    curation.undo(db, ids[0])
    again = event(db, SANCTIONS)
    assert roles(db, SANCTIONS) == (["EU", "CHN"], ["EU"], ["CHN"]) and again["headline"] == "EU sanctions China"
    assert not {"source_actors", "target_actors"} & set(again["corrected"])


def test_a_new_actor_acts_once_it_is_among_the_actors(db: Path) -> None:
    key = event(db, SANCTIONS)["mention_key"]
    with pytest.raises(curation.CorrectionRefused, match="among the event's actors"):
        curation.correct(db, key, "target_actors", ["CHN", "GBR"])
    curation.correct_event(db, key, {"actors": ["EU", "CHN", "GBR"], "target_actors": ["CHN", "GBR"]})
    assert roles(db, SANCTIONS) == (["EU", "CHN", "GBR"], ["EU"], ["CHN", "GBR"])
    # an actor taken out of the actors acts no more
    curation.correct(db, key, "actors", ["EU", "GBR"])
    assert roles(db, SANCTIONS) == (["EU", "GBR"], ["EU"], ["GBR"])


@pytest.mark.parametrize("changes,said", [
    ({"source_actors": []}, "at least one source actor"),
    ({"source_actors": "EU"}, "list of actor codes"),
    ({"target_actors": ["EU"]}, "cannot both act and be acted on"),
    ({"source_actors": ["USA"]}, "USA is not"),
    ({"source_actors": ["EU"], "target_actors": ["CHN"]}, "nothing changed"),
    ({"actors": ["EU", "CHN"], "source_actors": ["EU"]}, "nothing changed"),
    ({"people": ["Xi"]}, "cannot be corrected"),
])
def test_bad_role_corrections_are_refused(db: Path, changes: dict, said: str) -> None:
    key = event(db, SANCTIONS)["mention_key"]
    with pytest.raises(curation.CorrectionRefused, match=said):
        curation.correct_event(db, key, changes)
    assert roles(db, SANCTIONS) == (["EU", "CHN"], ["EU"], ["CHN"])
    assert not len(curation.audit(db)), "nothing stored"
