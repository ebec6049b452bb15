"""Briefing snapshots and what changed since (core.views.changes, Store.save_snapshot), the
sources of one event (core.views.sources) and their export (independent_sources)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from core.cli.main import main
from core.ingest import curation
from core.ingest.run import ingest
from core.store import Store, reads
from core.store.filters import Filters
from core.views import chronology
from core.views.changes import changes_since, compare, counts, new_event_ids
from core.views.export import event_records
from core.views.sources import actor_versions, date_versions, source_groups, sources_words
from tests.conftest import SEEDS

ORIGINAL = "000_791442e738a00ce8.txt"


def mention(key: str, event: str, article: str = "a1", **fields: object) -> dict[str, object]:
    row: dict[str, object] = {"mention_key": key, "event_id": event, "article_id": article, "article_file": f"{article}.txt",
                              "story_id": article, "type": "SANCTION", "actors": ["EU", "CHN"], "modality": "actual",
                              "date": "2021-03-22", "granularity": "day", "date_start": dt.date(2021, 3, 22),
                              "date_end": dt.date(2021, 3, 22), "headline": f"headline {event}", "deleted": False,
                              "corrected": []}
    row.update(fields)
    return row


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_compare_lists_every_kind_of_change_with_its_reason() -> None:
    before = frame(mention("k1", "e1"), mention("k2", "e2", type="ACCUSE"), mention("k3", "e3", article="a2"),
                   mention("k4", "e4"), mention("k5", "e5"), mention("k6", "e6", article="a3"))
    now = frame(
        mention("k1", "e1", date="2021-03-23", date_start=dt.date(2021, 3, 23), date_end=dt.date(2021, 3, 23)),
        mention("k2", "e2", type="SANCTION", corrected=["type"]),
        # k3's article is gone; k4 deleted by hand; k5 now part of e1 (merged); k6 not found any more
        mention("k4", "e4", deleted=True),
        mention("k5", "e1"),
        mention("k7", "e7", article="a4", headline="brand new"),
        mention("k8", "e2", article="a5"),
    )
    changes = compare(before, now, live_articles={"a1", "a3", "a4", "a5"})
    by_kind = {kind: changes[changes["change"] == kind] for kind in ("new", "changed", "gone", "more sources")}
    assert list(by_kind["new"]["event_id"]) == ["e7"]
    changed = {(r.event_id, r.field): (r.old, r.new, r.reason) for r in by_kind["changed"].itertuples()}
    assert changed == {("e1", "date"): ("2021-03-22", "2021-03-23", "re-parse"),
                       ("e2", "type"): ("ACCUSE", "SANCTION", "correction")}
    gone = dict(zip(by_kind["gone"]["event_id"], by_kind["gone"]["reason"]))
    assert gone == {"e3": "article removed", "e4": "deleted by hand", "e5": "merged into “headline e1”",
                    "e6": "no longer found when its article was read again"}
    assert list(by_kind["more sources"]["event_id"]) == ["e2"]
    assert list(by_kind["more sources"]["new_sources"]) == [["a5.txt"]]
    tally = counts(changes)
    assert (tally.new, tally.changed, tally.gone, tally.more_sources) == (1, 2, 4, 1)
    assert new_event_ids(changes) == frozenset({"e7"})


def test_nothing_changed_gives_no_rows() -> None:
    rows = frame(mention("k1", "e1"), mention("k2", "e1", article="a2"))
    assert compare(rows, rows.assign(deleted=False), {"a1", "a2"}).empty


def test_snapshot_survives_reingest_and_sees_a_reprint(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "t.duckdb"
    ingest([corpus], db)
    assert main(["snapshot", "monday", "--db", str(db)]) == 0
    with Store(db) as store:
        kept = store.snapshot_mentions("monday")
        n_events = store._con.execute("SELECT count(DISTINCT event_id) FROM events WHERE NOT deleted").fetchone()[0]
    assert kept["event_id"].nunique() == n_events > 20
    body = (SEEDS / ORIGINAL).read_text(encoding="utf-8").split("\n", 1)[1]
    (corpus / "reprint.txt").write_text("date 2021-04-02\nOvergenomen van het ANP\n\n" + body, encoding="utf-8")
    summary = ingest([corpus], db, force=True)  # everything read again: the snapshot stays
    assert summary.copies == 1
    changes = changes_since(db, "monday")
    assert set(changes["change"]) == {"more sources"}
    assert all(r == ["reprint.txt"] for r in changes["new_sources"])
    events = reads.events(db, Filters())
    reprinted = events[events["article_file"] == "reprint.txt"]
    assert len(reprinted) >= 5 and (reprinted["n_sources"] == 2).all() and (reprinted["n_independent"] == 1).all()
    assert reprinted["dates_disagree"].any()  # "gisteren" of 2 April is not in March
    records = [r for r in event_records(events) if r["article_file"] == "reprint.txt"]
    assert records and all(r["sources"] == sorted([ORIGINAL, "reprint.txt"]) for r in records)
    assert all(r["independent_sources"] == [ORIGINAL] for r in records)  # the original counts, not its copy
    # deleting an event by hand shows as gone, with that reason
    first = reprinted.iloc[0]
    others = events[(events["event_id"] == first["event_id"])]
    for key in others["mention_key"]:
        curation.correct(db, str(key), "deleted", True)
    again = changes_since(db, "monday")
    gone = again[again["change"] == "gone"]
    assert list(gone["reason"]) == ["deleted by hand"]  # the event of the briefing, under its id then
    assert gone.iloc[0]["mention_key"] in set(others["mention_key"])
    chron = chronology.with_changes(chronology.chronology(events, None, "T", "S"), "monday", again)
    text = chronology.to_markdown(chron)
    assert "## Since the briefing “monday”" in text and "Gone:" in text and "deleted by hand" in text


def test_an_unknown_snapshot_is_refused(tmp_path: Path, capsys) -> None:
    db = tmp_path / "t.duckdb"
    ingest([SEEDS], db)
    assert main(["changes", "--since", "nope", "--db", str(db)]) == 2
    assert "no snapshot named 'nope'" in capsys.readouterr().err


def test_sources_grouped_and_disagreements() -> None:
    mentions = pd.DataFrame({
        "article_id": ["b", "a", "c"], "story_id": ["a", "a", "c"],
        "date": ["2021-03-23", "2021-03-22", "2021-03"],
        "date_start": [dt.date(2021, 3, 23), dt.date(2021, 3, 22), dt.date(2021, 3, 1)],
        "date_end": [dt.date(2021, 3, 23), dt.date(2021, 3, 22), dt.date(2021, 3, 31)],
        "actors": [["EU", "CHN"], ["EU", "CHN"], ["EU", "CHN", "USA"]]})
    groups = source_groups(mentions)
    assert [(g.original, g.copies) for g in groups] == [(1, (0,)), (2, ())]
    assert [(v.value, v.rows) for v in date_versions(mentions)] == [("2021-03-23", (0,)), ("2021-03-22", (1,)),
                                                                    ("2021-03", (2,))]
    assert actor_versions(mentions) == []  # one source naming one actor more is no disagreement
    same_month = mentions.iloc[[1, 2]]
    assert date_versions(same_month) == []  # a day in the month: only more precise
    other = mentions.assign(actors=[["EU", "CHN"], ["EU", "CHN"], ["EU", "RUS"]])
    assert [v.rows for v in actor_versions(other)] == [(0, 1), (2,)]
    assert sources_words(5, 2) == "5 articles, 2 independent sources"
    assert sources_words(1, 1) == "1 article"


def test_timeline_rings_new_events_and_marks_disagreement() -> None:
    from core.views.charts import TimelineOptions, marker_sizes, timeline_figure

    events = pd.DataFrame({
        "mention_id": ["m1", "m2", "m3"], "event_id": ["e1", "e1", "e2"], "article_id": ["a", "b", "c"],
        "article_file": ["a.txt", "b.txt", "c.txt"], "type": ["SANCTION"] * 3, "quad": ["material conflict"] * 3,
        "score": [-8.0] * 3, "actors": [["EU", "CHN"]] * 3, "source_actors": [["EU"]] * 3,
        "target_actors": [["CHN"]] * 3, "people": [[]] * 3, "modality": ["actual"] * 3,
        "date": ["2021-03-22", "2021-03-23", "2021-05-01"], "granularity": ["day"] * 3,
        "date_start": pd.to_datetime(["2021-03-22", "2021-03-23", "2021-05-01"]),
        "date_end": pd.to_datetime(["2021-03-22", "2021-03-23", "2021-05-01"]), "date_text": [""] * 3,
        "date_basis": ["explicit"] * 3, "known_event": [None] * 3, "sentence": ["s"] * 3, "headline": ["h"] * 3,
        "pinned": [False] * 3, "n_sources": [2, 2, 1], "n_independent": [1, 1, 1],
        "dates_disagree": [True, True, False], "actors_disagree": [False] * 3})
    fig = timeline_figure(events, None, None, TimelineOptions(ringed=frozenset({"e2"})))
    traces = {t.name: len(t.x) for t in fig.data if t.name in ("New since the briefing", "Sources disagree")}
    assert traces == {"New since the briefing": 1, "Sources disagree": 1}  # one mark per event
    assert list(marker_sizes(events)) == [9.0, 9.0, 9.0]  # two articles, one story: the size of one source
    assert list(marker_sizes(events.assign(n_independent=[2, 2, 1]))) == [12.0, 12.0, 9.0]


def test_relations_count_one_story_once(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (SEEDS / ORIGINAL).read_text(encoding="utf-8")
    (corpus / "original.txt").write_text(text, encoding="utf-8")
    ingest([corpus], db)
    alone = reads.relations(db, Filters(), [("CHN", "RUS")])
    (corpus / "reprint.txt").write_text(text.replace("\n", "\nOvergenomen van het ANP\n", 1), encoding="utf-8")
    ingest([corpus], db)
    with_copy = reads.relations(db, Filters(), [("CHN", "RUS")])
    both = reads.events(db, Filters())
    assert both["n_sources"].max() == 2 and both["n_independent"].max() == 1  # the reprint is there, as a copy
    assert len(alone) and alone[["index", "events"]].equals(with_copy[["index", "events"]])


def test_snapshots_survive_a_rebuild(tmp_path: Path) -> None:
    from core.store import rebuild

    db = tmp_path / "t.duckdb"
    ingest([SEEDS], db)
    with Store(db) as store:
        count = store.save_snapshot("before the rebuild")
    rebuild(db)
    with Store(db) as store:
        assert list(store.snapshots_frame()["n_events"]) == [count]
        assert store.snapshot_mentions("before the rebuild")["event_id"].nunique() == count
