"""Corrections survive edits of their article (issue 14): correct, delete, pin, add and
set a publication date; edit words of the article; ingest again. Each correction still
applies, or is reported as orphaned; none is lost silently. A file that is gone is
marked removed (or pruned), and said so."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.ingest import curation, workspace
from core.ingest.run import ingest
from core.store import Store, reads
from core.store.filters import Filters
from tests.conftest import SEEDS

ARTICLE = SEEDS / "000_791442e738a00ce8.txt"
ADDED = "Het Verenigd Koninkrijk, Canada en de VS sloten zich daarbij aan."


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / "article.txt")
    db = tmp_path / "t.duckdb"
    ingest([folder], db)
    return {"folder": folder, "db": db, "file": folder / "article.txt"}


def event(db: Path, start: str, deleted_too: bool = False):
    with Store(db, read_only=True) as store:
        frame = store._con.execute("SELECT * FROM events").df()
    if not deleted_too:
        frame = frame[~frame["deleted"]]
    rows = frame[frame["sentence"].str.startswith(start)]
    return rows.iloc[0] if len(rows) else None


def article_id(db: Path) -> str:
    return str(reads.articles(db).iloc[0]["article_id"])


def correct_everything(db: Path) -> None:
    curation.correct(db, event(db, "Gisteren stelde")["mention_key"], "type", "ACCUSE")
    curation.correct(db, event(db, "Daarmee heeft Brussel")["mention_key"], "date", "2021-03-20")
    curation.correct(db, event(db, "Op dezelfde dag")["mention_key"], "deleted", True)
    curation.correct(db, event(db, "China en Rusland zeggen")["mention_key"], "pinned", True)
    curation.add_event(db, article_id(db), ADDED, "SANCTION", "2021-03-22", ["GBR", "CAN", "USA"])
    workspace.set_publication_date(db, article_id(db), "2021-03-23")


def edit(path: Path, *changes: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_every_correction_follows_an_edit_of_its_article(corpus) -> None:
    db = corpus["db"]
    correct_everything(db)
    before_id = article_id(db)
    # one word before every corrected sentence (all offsets move), one inside a corrected
    # sentence, one inside the sentence the hand-added event cites
    edit(corpus["file"], ("hard uitgehaald", "flink uitgehaald"), ("vanwege het schenden", "wegens het schenden"),
         ("sloten zich daarbij aan", "sloten zich daar bij aan"))
    summary = ingest([corpus["folder"]], db)
    assert article_id(db) != before_id, "the edit changed the article's key"
    assert (summary.reattached, summary.orphaned) == (6, 0), summary.lines()
    assert event(db, "Gisteren stelde")["type"] == "ACCUSE"
    assert event(db, "Daarmee heeft Brussel")["date"] == "2021-03-20"
    assert event(db, "Op dezelfde dag") is None and event(db, "Op dezelfde dag", deleted_too=True) is not None
    assert bool(event(db, "China en Rusland zeggen")["pinned"])
    added = event(db, "Het Verenigd Koninkrijk")
    assert added is not None and list(added["corrected"]) == ["added"]
    assert added["sentence"] == ADDED.replace("daarbij", "daar bij")  # the citation as the article reads now
    article = reads.articles(db).iloc[0]
    assert (article["published"], article["published_basis"]) == ("2021-03-23", "user")
    assert set(curation.audit(db)["status"]) == {"applied"}


def test_a_correction_with_nothing_left_is_orphaned_said_and_can_be_reattached_or_dropped(corpus) -> None:
    db = corpus["db"]
    correct_everything(db)
    sentence = event(db, "Daarmee heeft Brussel")["sentence"]
    edit(corpus["file"], (sentence, "Het weer in Moskou was die week opvallend zacht voor de tijd van het jaar."))
    summary = ingest([corpus["folder"]], db)
    assert summary.orphaned == 1
    assert any("1 no longer apply" in line for line in summary.lines())
    audit = curation.audit(db).set_index("id")
    [orphan] = audit.index[audit["status"] == "orphaned"]
    assert audit.loc[orphan, "field"] == "date"
    assert (audit["status"] == "applied").sum() == 5

    target = event(db, "\"We hebben geen relatie")["mention_key"]
    curation.reattach(db, int(orphan), target)
    assert event(db, "\"We hebben geen relatie")["date"] == "2021-03-20"
    assert curation.audit(db).set_index("id").loc[orphan, "status"] == "applied"

    pinned = curation.audit(db)
    pin_id = int(pinned[pinned["field"] == "pinned"]["id"].iloc[0])
    edit(corpus["file"], ("China en Rusland zeggen nauwer te gaan samenwerken", "Over het klimaat zwegen beide"))
    assert ingest([corpus["folder"]], db).orphaned == 1
    curation.drop(db, pin_id)
    audit = curation.audit(db).set_index("id")
    assert audit.loc[pin_id, "status"] == "dropped"
    with pytest.raises(curation.CorrectionRefused, match="nothing changed"):
        curation.drop(db, pin_id)


def test_a_file_that_is_gone_is_marked_removed_then_pruned(corpus) -> None:
    db = corpus["db"]
    correct_everything(db)
    gone_id = article_id(db)
    corpus["file"].unlink()
    summary = ingest([corpus["folder"]], db)
    assert [Path(p).name for p in summary.removed] == ["article.txt"] and not summary.pruned
    assert any("the file is gone" in line for line in summary.lines())
    assert len(reads.articles(db)) == 0 and len(reads.events(db, Filters())) == 0
    refused = reads.refused_files(db)
    assert list(refused["status"]) == ["removed"]
    assert summary.orphaned == 6, "its corrections say they no longer apply"
    with pytest.raises(workspace.UploadRefused, match="gone"):
        workspace.set_publication_date(db, gone_id, "2021-03-01")
    again = ingest([corpus["folder"]], db)
    assert again.removed == [], "said once"
    pruned = ingest([corpus["folder"]], db, prune=True)
    assert len(pruned.removed) == 1 and pruned.pruned
    with Store(db, read_only=True) as store:
        assert store._con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        assert store._con.execute("SELECT count(*) FROM files").fetchone()[0] == 0


def test_a_file_that_comes_back_is_read_again(corpus) -> None:
    db = corpus["db"]
    kept = corpus["file"].read_bytes()
    corpus["file"].unlink()
    ingest([corpus["folder"]], db)
    corpus["file"].write_bytes(kept)
    summary = ingest([corpus["folder"]], db)
    assert summary.articles == 1 and len(reads.articles(db)) == 1


def test_curation_says_when_nothing_changed(corpus) -> None:
    db = corpus["db"]
    key = event(db, "Gisteren stelde")["mention_key"]
    with pytest.raises(curation.CorrectionRefused, match="nothing changed"):
        curation.correct(db, key, "type", "SANCTION")
    correction = curation.correct(db, key, "type", "ACCUSE")
    curation.undo(db, correction)
    with pytest.raises(curation.CorrectionRefused, match="already undone"):
        curation.undo(db, correction)
    workspace.set_publication_date(db, article_id(db), "2021-03-23")
    with pytest.raises(workspace.UploadRefused, match="nothing changed"):
        workspace.set_publication_date(db, article_id(db), "2021-03-23")
