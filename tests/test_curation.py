"""Curation: corrections stored apart, applied on every write, marked, undoable."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.ingest import curation
from core.ingest.run import ingest
from core.store import Store, reads
from core.store.filters import Filters
from core.views import charts
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
