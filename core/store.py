"""The DuckDB store: all SQL lives here.

Tables: articles, files (what was read from where, for incremental ingest), sentences,
events, known_events, corrections (stored apart: they survive a re-parse), migrations.
Every article is written in one transaction with its sentences and events.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd

from core.lexicon import load_known_events
from core.models import Article, Event

LOGGER = logging.getLogger(__name__)


class StoreBusy(RuntimeError):
    """Another process holds the database for writing."""


MIGRATIONS: list[tuple[str, str]] = [
    ("001_initial", """
        CREATE TABLE IF NOT EXISTS articles (
            article_id VARCHAR PRIMARY KEY,
            file VARCHAR NOT NULL,
            path VARCHAR,
            title VARCHAR,
            language VARCHAR,
            published VARCHAR,
            published_granularity VARCHAR,
            published_start DATE,
            published_end DATE,
            published_basis VARCHAR,
            published_text VARCHAR,
            source VARCHAR,
            url VARCHAR,
            text VARCHAR,
            warnings VARCHAR[],
            n_events INTEGER,
            ingested_at TIMESTAMP
        );
        CREATE TABLE IF NOT EXISTS files (
            path VARCHAR PRIMARY KEY,
            size BIGINT,
            mtime DOUBLE,
            status VARCHAR,
            reason VARCHAR,
            article_ids VARCHAR[],
            seen_at TIMESTAMP
        );
        CREATE TABLE IF NOT EXISTS sentences (
            article_id VARCHAR,
            idx INTEGER,
            paragraph INTEGER,
            char_start INTEGER,
            char_end INTEGER,
            text VARCHAR,
            heading BOOLEAN
        );
        CREATE TABLE IF NOT EXISTS events (
            mention_id VARCHAR PRIMARY KEY,
            event_id VARCHAR,
            article_id VARCHAR,
            article_file VARCHAR,
            sentence_idx INTEGER,
            char_start INTEGER,
            char_end INTEGER,
            sentence VARCHAR,
            trigger VARCHAR,
            type VARCHAR,
            quad VARCHAR,
            score DOUBLE,
            actors VARCHAR[],
            source_actors VARCHAR[],
            target_actors VARCHAR[],
            people VARCHAR[],
            modality VARCHAR,
            date VARCHAR,
            granularity VARCHAR,
            date_start DATE,
            date_end DATE,
            date_text VARCHAR,
            date_basis VARCHAR,
            confidence DOUBLE,
            known_event VARCHAR,
            language VARCHAR,
            context VARCHAR[]
        );
        CREATE TABLE IF NOT EXISTS known_events (
            id VARCHAR PRIMARY KEY,
            name VARCHAR,
            date VARCHAR,
            type VARCHAR,
            actors VARCHAR[]
        );
        CREATE SEQUENCE IF NOT EXISTS correction_ids;
        CREATE TABLE IF NOT EXISTS corrections (
            id BIGINT PRIMARY KEY DEFAULT nextval('correction_ids'),
            target VARCHAR NOT NULL,
            target_id VARCHAR NOT NULL,
            field VARCHAR NOT NULL,
            value VARCHAR,
            created_at TIMESTAMP,
            undone BOOLEAN DEFAULT FALSE
        );
        CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
        CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id);
    """),
    ("002_merging_and_curation", """
        ALTER TABLE events ADD COLUMN IF NOT EXISTS mention_key VARCHAR;
        ALTER TABLE events ADD COLUMN IF NOT EXISTS pinned BOOLEAN DEFAULT FALSE;
        ALTER TABLE events ADD COLUMN IF NOT EXISTS deleted BOOLEAN DEFAULT FALSE;
        ALTER TABLE events ADD COLUMN IF NOT EXISTS corrected VARCHAR[] DEFAULT [];
        CREATE TABLE IF NOT EXISTS known_mentions (
            article_id VARCHAR,
            sentence_idx INTEGER,
            char_start INTEGER,
            char_end INTEGER,
            known_event VARCHAR
        );
    """),
]

EVENT_COLUMNS = (
    "mention_id", "event_id", "article_id", "article_file", "sentence_idx", "char_start", "char_end",
    "sentence", "trigger", "type", "quad", "score", "actors", "source_actors", "target_actors", "people",
    "modality", "date", "granularity", "date_start", "date_end", "date_text", "date_basis", "confidence",
    "known_event", "language", "context", "mention_key",
)


def connect(path: Path | str, read_only: bool = False, retries: int = 20) -> duckdb.DuckDBPyConnection:
    """A connection; waits a little while another process writes, then raises StoreBusy."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    delay = 0.05
    for attempt in range(retries):
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == retries - 1:
                raise StoreBusy(f"{path} is in use by another process: {exc}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise StoreBusy(str(path))


class Store:
    """The database of one timeline."""

    def __init__(self, path: Path | str, read_only: bool = False):
        self.path = Path(path)
        self.con = connect(self.path, read_only=read_only)
        if not read_only:
            self.migrate()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ schema
    def migrate(self) -> None:
        """Apply the named migrations not yet applied."""
        self.con.execute("CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        done = {r[0] for r in self.con.execute("SELECT name FROM migrations").fetchall()}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO migrations VALUES (?, ?)", [name, dt.datetime.now()])
        self.sync_known_events()

    def sync_known_events(self) -> None:
        table = load_known_events()
        rows = [(e.id, e.name, e.date, e.type, list(e.actors)) for e in table.events.values()]
        with self.transaction():
            self.con.execute("DELETE FROM known_events")
            self.con.executemany("INSERT INTO known_events VALUES (?, ?, ?, ?, ?)", rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # ------------------------------------------------------------------ files
    def file_state(self, path: str) -> tuple[int, float, str, list[str]] | None:
        row = self.con.execute("SELECT size, mtime, status, article_ids FROM files WHERE path = ?", [path]).fetchone()
        return (row[0], row[1], row[2], list(row[3] or [])) if row else None

    def known_files(self) -> dict[str, tuple[int, float, str]]:
        rows = self.con.execute("SELECT path, size, mtime, status FROM files").fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def article_file(self, article_id: str) -> str | None:
        """The file an article was stored from, or None when it is not stored."""
        row = self.con.execute("SELECT file FROM articles WHERE article_id = ?", [article_id]).fetchone()
        return str(row[0]) if row else None

    def record_file(self, path: str, size: int, mtime: float, status: str, reason: str,
                    articles: list[Article], article_ids: list[str]) -> None:
        """Store what one file gave, replacing what it gave before, in one transaction."""
        with self.transaction():
            old = self.con.execute("SELECT article_ids FROM files WHERE path = ?", [path]).fetchone()
            old_ids = set(old[0] or []) if old else set()
            gone = old_ids - set(article_ids)
            for article_id in gone:
                still_used = self.con.execute(
                    "SELECT count(*) FROM files WHERE path <> ? AND list_contains(article_ids, ?)",
                    [path, article_id]).fetchone()[0]
                if not still_used:
                    self._delete_article(article_id)
            for article in articles:
                self._delete_article(article.content_hash)
                self._insert_article(article, path)
            if articles:
                from core.curation import apply_corrections  # curation builds on the store

                apply_corrections(self.con, [a.content_hash for a in articles])
            self.con.execute("DELETE FROM files WHERE path = ?", [path])
            self.con.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [path, size, mtime, status, reason, article_ids, dt.datetime.now()])

    def _delete_article(self, article_id: str) -> None:
        for table in ("events", "sentences", "known_mentions", "articles"):
            self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])

    def _insert_article(self, article: Article, path: str) -> None:
        pub = article.published
        self.con.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article.content_hash, article.file, path, article.title, article.language,
             pub.label if pub else None, pub.granularity.value if pub else None,
             pub.start if pub else None, pub.end if pub else None, article.published_basis.value,
             article.published_text, article.source, article.url, article.text, article.warnings,
             len(article.events), dt.datetime.now()],
        )
        if article.sentences:
            self.con.executemany(
                "INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(article.content_hash, s.index, s.paragraph, s.start, s.end, s.text, s.heading)
                 for s in article.sentences],
            )
        if article.events:
            self.con.executemany(
                f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
                event_rows(article),
            )
        if article.known_mentions:
            self.con.executemany("INSERT INTO known_mentions VALUES (?, ?, ?, ?, ?)",
                                 [(article.content_hash, *m) for m in article.known_mentions])

    # ------------------------------------------------------------------ corrections
    def add_correction(self, target: str, target_id: str, field: str, value: Any) -> int:
        row = self.con.execute(
            "INSERT INTO corrections (target, target_id, field, value, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [target, target_id, field, json.dumps(value), dt.datetime.now()],
        ).fetchone()
        return int(row[0])

    def undo_correction(self, correction_id: int) -> None:
        self.con.execute("UPDATE corrections SET undone = TRUE WHERE id = ?", [correction_id])

    def corrections(self, target: str | None = None) -> pd.DataFrame:
        sql = "SELECT * FROM corrections WHERE NOT undone"
        params: list[Any] = []
        if target:
            sql += " AND target = ?"
            params.append(target)
        return self.con.execute(sql + " ORDER BY id", params).df()

    def publication_override(self, article_id: str) -> str | None:
        """The user's publication date for an article, if set (the latest wins)."""
        row = self.con.execute(
            "SELECT value FROM corrections WHERE target = 'article' AND target_id = ? AND field = 'published' "
            "AND NOT undone ORDER BY id DESC LIMIT 1", [article_id]).fetchone()
        return json.loads(row[0]) if row else None

    # ------------------------------------------------------------------ reading
    def events_frame(self) -> pd.DataFrame:
        """Every event that is not deleted, oldest first."""
        return self.con.execute("SELECT * FROM events WHERE NOT deleted "
                                "ORDER BY date_start NULLS LAST, article_file, sentence_idx").df()

    def merge(self) -> int:
        """Give mentions of the same real event one event_id (see core.merge)."""
        from core.merge import merge_events

        with self.transaction():
            return merge_events(self.con)

    def articles_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM articles ORDER BY published_start NULLS LAST, file").df()

    def files_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM files ORDER BY path").df()

    def counts(self) -> dict[str, int]:
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("articles", "events", "sentences", "files")}


def event_rows(article: Article) -> list[tuple]:
    """The events-table rows of an article's events."""
    rows, per_sentence = [], {}
    for number, event in enumerate(article.events):
        k = per_sentence[event.char_start] = per_sentence.get(event.char_start, -1) + 1
        # stable across re-parses of the same text: the key user corrections refer to
        rows.append(event_row(article, number, event, f"{article.content_hash}:{event.char_start}:{k}"))
    return rows


def event_row(article: Article, number: int, event: Event, mention_key: str) -> tuple:
    """One events-table row for an event of an article."""
    mention_id = f"{article.content_hash[:16]}-{number:04d}"
    period = event.period
    return (
        mention_id, event.event_id or mention_id, article.content_hash, article.file, event.sentence_index,
        event.char_start, event.char_end, event.sentence, event.trigger, event.type.value, event.quad,
        event.score, event.actors, event.source_actors, event.target_actors, event.people, event.modality,
        period.label if period else None, period.granularity.value if period else None,
        period.start if period else None, period.end if period else None, event.date_text,
        event.date_basis.value, event.confidence, event.known_event, event.language, event.context, mention_key,
    )
