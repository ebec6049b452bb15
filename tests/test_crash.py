"""Crash safety: a SIGKILL in the middle of an ingest leaves only whole articles, and a
second run ends with exactly what an uninterrupted run gives."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.cli.bench import generate
from core.store import Store, StoreBusy
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # ingests of 1,200 articles, killed and resumed

N_ARTICLES = 1200  # more than one batch of writes (core.ingest.run.BATCH_FILES)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    for article in generate(N_ARTICLES, seed=11):
        (folder / article.name).write_bytes(article.data)
    return folder


def ingest_process(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "core", "ingest", str(folder), "--db", str(db)],
                            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored_articles(db: Path) -> int | None:
    try:
        with Store(db, read_only=True) as store:
            return int(store._con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except (StoreBusy, FileNotFoundError, Exception):
        return None


def export(db: Path) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "core", "export", "--db", str(db), "--what", "events",
                          "--format", "jsonl"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout
    return sorted(out.splitlines())


def test_kill_in_the_middle_then_resume(folder: Path, tmp_path: Path) -> None:
    killed_db, clean_db = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    proc = ingest_process(folder, killed_db)
    deadline = time.monotonic() + 120
    count = None
    while time.monotonic() < deadline:
        count = stored_articles(killed_db)
        if count is not None and count >= 40:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after_kill = stored_articles(killed_db)
    assert after_kill is not None, "the database opens after the kill"
    assert 0 < after_kill < N_ARTICLES, f"killed in the middle ({after_kill} stored)"
    with Store(killed_db, read_only=True) as store:
        con = store._con
        mismatched = con.execute(
            "SELECT count(*) FROM articles a WHERE n_events <> (SELECT count(*) FROM events e "
            "WHERE e.article_id = a.article_id)").fetchone()[0]
        orphans = con.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)"
                              ).fetchone()[0]
        unrecorded = con.execute("SELECT count(*) FROM articles WHERE path NOT IN (SELECT path FROM files)"
                                 ).fetchone()[0]
    assert (mismatched, orphans, unrecorded) == (0, 0, 0), "only whole articles"

    resumed = subprocess.run([sys.executable, "-m", "core", "ingest", str(folder), "--db", str(killed_db)],
                             cwd=PROJECT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{after_kill} unchanged" in resumed.stdout, "what was stored is not parsed again"
    clean = subprocess.run([sys.executable, "-m", "core", "ingest", str(folder), "--db", str(clean_db)],
                           cwd=PROJECT, capture_output=True, text=True)
    assert clean.returncode == 0
    assert stored_articles(killed_db) == stored_articles(clean_db) == N_ARTICLES
    assert export(killed_db) == export(clean_db)
    print(f"\nkill test: {after_kill} of {N_ARTICLES} articles stored at the kill; "
          f"after the second run {stored_articles(killed_db)}, identical to an uninterrupted run")
