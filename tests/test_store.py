"""The store: idempotent, incremental, transactional; corrections survive re-ingest."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.ingest.run import ingest
from core.store import Store
from tests.conftest import SEEDS


def copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def test_same_folder_twice_changes_nothing(tmp_path: Path, fresh_db: Path) -> None:
    folder = copy_seeds(tmp_path)
    first = ingest([folder], fresh_db)
    with Store(fresh_db) as store:
        before = (store.counts(), store.events_frame()["mention_id"].tolist())
    second = ingest([folder], fresh_db)
    with Store(fresh_db) as store:
        after = (store.counts(), store.events_frame()["mention_id"].tolist())
    assert first.articles == 3 and second.articles == 0 and second.files_unchanged == 3
    assert before == after


def test_changed_file_replaces_its_events(tmp_path: Path, fresh_db: Path) -> None:
    folder = copy_seeds(tmp_path)
    ingest([folder], fresh_db)
    path = folder / "001_61e57e3379c17ff2.txt"
    path.write_text(" date 2023-02 China en Rusland hebben gisteren een nieuw handelsakkoord gesloten.\n",
                    encoding="utf-8")
    ingest([folder], fresh_db)
    with Store(fresh_db) as store:
        events = store.events_frame()
        assert store.counts()["articles"] == 3
    mine = events[events.article_file == path.name]
    assert len(mine) == 1 and mine.iloc[0]["type"] == "AGREE"


def test_same_article_under_two_names_is_stored_once(tmp_path: Path, fresh_db: Path) -> None:
    folder = copy_seeds(tmp_path)
    shutil.copy(folder / "000_791442e738a00ce8.txt", folder / "copy of 000.txt")
    summary = ingest([folder], fresh_db)
    assert summary.duplicates == 1
    with Store(fresh_db) as store:
        assert store.counts()["articles"] == 3


def test_publication_correction_survives_reingest(tmp_path: Path, fresh_db: Path) -> None:
    folder = copy_seeds(tmp_path)
    ingest([folder], fresh_db)
    with Store(fresh_db) as store:
        articles = store.articles_frame()
        article_id = articles[articles.file == "003_cc52fa95362b068f.txt"].iloc[0]["article_id"]
        store.add_correction("article", article_id, "published", "2024-04-09")
    ingest([folder], fresh_db, force=True)
    with Store(fresh_db) as store:
        row = store.articles_frame().set_index("article_id").loc[article_id]
        events = store.events_frame()
    assert (row["published"], row["published_basis"]) == ("2024-04-09", "user")
    tuesday = events[(events.article_id == article_id) & (events.date_text == "dinsdag")]
    assert tuesday.iloc[0]["date"] == "2024-04-09", "relative dates follow the user's date"


def test_a_failed_write_leaves_the_database_as_it_was(tmp_path: Path, fresh_db: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_seeds(tmp_path)
    ingest([folder / "000_791442e738a00ce8.txt"], fresh_db)
    with Store(fresh_db) as store:
        before = store.counts()

    def broken(articles, paths):
        raise RuntimeError("disk full")

    import core.store.writes
    monkeypatch.setattr(core.store.writes, "arrow_tables", broken)
    with pytest.raises(RuntimeError):
        ingest([folder], fresh_db)
    monkeypatch.undo()
    with Store(fresh_db) as store:
        assert store.counts() == before


def test_refused_files_are_reported_and_the_rest_stored(tmp_path: Path, fresh_db: Path) -> None:
    folder = copy_seeds(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "notes.pdf").write_bytes(b"%PDF")
    summary = ingest([folder], fresh_db)
    reasons = dict(summary.refused)
    assert "empty file" in reasons[str(folder / "empty.txt")]
    assert "binary" in reasons[str(folder / "image.txt")]
    assert "not an article file" in reasons[str(folder / "notes.pdf")]
    assert summary.articles == 3


def test_a_failure_of_duckdb_leaves_the_store_as_a_store_error(fresh_db: Path) -> None:
    """Nothing above the store catches DuckDB's errors: they leave it as StoreError."""
    from core.store import StoreError
    from core.store.reads import Reads

    with Store(fresh_db):
        pass
    with pytest.raises(StoreError, match="cannot be read"), Reads(fresh_db, read_only=True) as store:
        store._rows("SELECT * FROM no_such_table")


def test_the_events_columns_are_listed_once_and_the_table_has_them(fresh_db: Path) -> None:
    from core.store.schema import EVENT_COLUMNS, EVENT_SCHEMA, event_table

    with Store(fresh_db) as store:
        columns = {r[0] for r in store._rows("SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = 'events'")}
    assert set(EVENT_COLUMNS) <= columns and EVENT_SCHEMA.names == list(EVENT_COLUMNS)
    with pytest.raises(ValueError, match="not columns"):
        event_table([{"mention_id": "m", "no_such_column": 1}])
