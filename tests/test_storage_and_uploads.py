"""Uploads never overwrite and always fit the file system; storage that cannot be used
(damaged, read-only, full, busy) is said plainly with its fix, on the command line and in
the dashboard, and `ingest --rebuild` starts afresh keeping the corrections (issue 14)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core.ingest import curation
from core.ingest.run import ingest
from core.ingest.workspace import MAX_NAME_BYTES, save_pasted, save_upload
from core.store import StoreBusy, StoreCorrupt, StoreFull, StoreReadOnly, reads, storage_error
from core.store.filters import Filters
from tests.conftest import PROJECT, SEEDS

TEXT = b"China en Rusland spraken gisteren in Moskou over handel en energie, meldde het Kremlin."


def test_uploads_of_one_name_are_all_kept(tmp_path: Path) -> None:
    saved = [save_upload("same.txt", TEXT + bytes(f" Versie {n}.", "ascii"), tmp_path) for n in range(3)]
    assert sorted(p.name for p in saved) == ["same-2.txt", "same-3.txt", "same.txt"]
    assert len({p.read_bytes() for p in saved}) == 3
    assert save_upload("same.txt", TEXT + b" Versie 0.", tmp_path).name == "same.txt", "the same file is not copied"
    assert len(list(tmp_path.iterdir())) == 3


def test_a_name_of_200_emoji_fits_the_file_system(tmp_path: Path) -> None:
    saved = save_upload("🐉" * 200 + ".txt", TEXT, tmp_path)
    assert saved.exists() and saved.suffix == ".txt"
    assert len(saved.name.encode("utf-8")) <= MAX_NAME_BYTES


def test_a_pasted_article_with_a_long_title_is_kept(tmp_path: Path) -> None:
    saved = save_pasted(TEXT.decode() * 2, title="🐉 Een heel lange titel " * 40, date="2021-03-01", folder=tmp_path)
    assert saved.exists() and "Een heel lange titel" in saved.read_text(encoding="utf-8")


@pytest.mark.parametrize("message,kind,fix", [
    ('IO Error: The file "x" exists, but it is not a valid DuckDB database file!', StoreCorrupt, "--rebuild"),
    ("Corrupt database file: computed checksum 1 does not match stored checksum 2", StoreCorrupt, "--rebuild"),
    ("IO Error: Could not write file \"x\": No space left on device", StoreFull, "free disk space"),
    ("IO Error: Cannot open file \"x\": Permission denied", StoreReadOnly, "permissions"),
    ("IO Error: Cannot open database in read-only mode: Read-only file system", StoreReadOnly, "permissions"),
    ('IO Error: Could not set lock on file "x": Conflicting lock is held', StoreBusy, "another process"),
])
def test_each_storage_failure_has_its_own_message(message: str, kind: type, fix: str) -> None:
    error = storage_error(duckdb.IOException(message), "t.duckdb")
    assert isinstance(error, kind) and fix in str(error)


def test_bad_data_is_not_taken_for_a_storage_failure() -> None:
    assert storage_error(duckdb.ConversionException("Could not convert string 'x' to INT32"), "t.duckdb") is None


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=PROJECT, capture_output=True, text=True)


@pytest.fixture
def corrected_db(tmp_path: Path) -> Path:
    """The seeds, with one correction."""
    db = tmp_path / "t.duckdb"
    ingest([SEEDS], db)
    events = reads.events(db, Filters())
    key = events[events.sentence.str.startswith("Gisteren stelde")].iloc[0]["mention_key"]
    curation.correct(db, key, "type", "ACCUSE")
    return db


@pytest.mark.slow  # a rebuild in a new process
def test_a_damaged_database_is_said_without_a_traceback_and_rebuilt(corrected_db: Path, tmp_path: Path) -> None:
    db = corrected_db
    data = bytearray(db.read_bytes())
    data[:16] = os.urandom(16)  # the header: DuckDB no longer knows the file
    db.write_bytes(bytes(data))
    done = cli("ingest", str(SEEDS), "--db", str(db))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "damaged" in done.stderr and "--rebuild" in done.stderr
    exported = cli("export", "--db", str(db), "--what", "events", "--format", "jsonl")
    assert exported.returncode == 2 and "Traceback" not in exported.stderr
    rebuilt = cli("ingest", str(SEEDS), "--db", str(db), "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "kept as" in rebuilt.stdout and list(tmp_path.glob("t.duckdb.old-*"))


@pytest.mark.slow  # a rebuild in a new process
def test_rebuild_keeps_the_corrections_it_can_read(corrected_db: Path) -> None:
    db = corrected_db
    rebuilt = cli("ingest", str(SEEDS), "--db", str(db), "--rebuild")
    assert "1 correction(s) kept" in rebuilt.stdout
    again = reads.events(db, Filters())
    assert again[again.sentence.str.startswith("Gisteren stelde")].iloc[0]["type"] == "ACCUSE"


@pytest.mark.slow  # runs the whole page (AppTest)
def test_the_dashboard_says_a_damaged_database_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.duckdb"
    db.write_bytes(os.urandom(20_000))
    monkeypatch.setenv("TIMELINE_DB", str(db))
    monkeypatch.setenv("TIMELINE_CORPUS", str(tmp_path / "none"))
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    messages = " ".join(e.value for e in at.error)
    assert "damaged" in messages and "rebuild" in messages and "in use by another process" not in messages


@pytest.mark.slow  # runs the whole page (AppTest)
def test_pasted_text_stays_in_the_form_when_it_cannot_be_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "t.duckdb"))
    monkeypatch.setenv("TIMELINE_CORPUS", str(corpus))
    monkeypatch.setenv("TIMELINE_ARTICLES", str(tmp_path / "articles"))
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=120).run()
    at.text_area(key="paste_text").set_value("Te kort.")
    at.text_input(key="paste_date").set_value("gisteren")
    at.button[[b.label for b in at.button].index("Add")].click().run()
    assert any("too short" in e.value for e in at.error)
    assert at.text_area(key="paste_text").value == "Te kort.", "the text is kept"
    text = TEXT.decode() + " Dit is een geplakt artikel."
    at.text_area(key="paste_text").set_value(text)
    at.text_input(key="paste_date").set_value("2021-03-01")
    at.button[[b.label for b in at.button].index("Add")].click().run()
    assert not at.exception
    assert at.text_area(key="paste_text").value == "", "emptied once saved"
    assert any("Saved as" in s.value for s in at.success)
    assert len(list((tmp_path / "articles").glob("*.md"))) == 1


@pytest.mark.slow  # runs the whole page (AppTest)
def test_the_dashboard_reads_what_is_stored_when_new_files_cannot_be(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from core.ingest import workspace
    from core.store import StoreFull

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "t.duckdb"
    ingest([corpus], db)
    (corpus / "new.txt").write_text("date: 2021-03-01\n" + TEXT.decode(), encoding="utf-8")  # newer than the store
    monkeypatch.setenv("TIMELINE_DB", str(db))
    monkeypatch.setenv("TIMELINE_CORPUS", str(corpus))

    def full(*args, **kwargs):
        raise StoreFull(f"the disk holding {db} is full: free disk space, then run again")

    monkeypatch.setattr(workspace, "refresh", full)
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    assert any("free disk space" in w.value for w in at.warning)
    assert next(m.value for m in at.metric if m.label == "Articles") == "3 of 3", "the stored articles are shown"
