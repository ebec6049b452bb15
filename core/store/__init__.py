"""The DuckDB store: all SQL lives here.

Tables: articles, files (what was read from where, for incremental ingest), sentences,
events, known_events, corrections (stored apart: they survive a re-parse), migrations.
Every article is written in one transaction with its sentences and events.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from core.models import Article, Event
from core.parse.lexicon import load_known_events
from core.store.copies import signature
from core.store.merge import MENTION_COLUMNS, SAME_DAY_TOLERANCE_DAYS, cluster, mention_of, recluster
from core.views.headlines import headline_of

if TYPE_CHECKING:  # pandas is imported by DuckDB when a frame is asked for
    import pandas as pd

LOGGER = logging.getLogger(__name__)


MERGE_ALL_SHARE = 0.3  # more new mentions than this share: cluster them all at once


class StoreError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


class StoreBusy(StoreError):
    """Another process holds the database for writing."""


class StoreCorrupt(StoreError):
    """The database file is damaged or not a database."""


class StoreReadOnly(StoreError):
    """The database (or its folder) cannot be written."""


class StoreFull(StoreError):
    """The disk holding the database is full."""


REBUILD_HINT = "rebuild it with `python -m core ingest --rebuild PATH...` (readable corrections are kept)"


def storage_error(exc: BaseException, path: Path | str) -> StoreError | None:
    """The named error for a failure of the storage itself, with the fix; None when the
    failure is not the storage's (bad data in a row, a programmer's error)."""
    text = str(exc)
    lower = text.lower()
    short = text.splitlines()[0][:200] if text else type(exc).__name__
    if "lock" in lower and ("conflicting" in lower or "could not set" in lower):
        return StoreBusy(f"{path} is in use by another process: wait for it to finish ({short})")
    if "no space left" in lower or "disk full" in lower or "not enough space" in lower:
        return StoreFull(f"the disk holding {path} is full: free disk space, then run again ({short})")
    if "read-only" in lower or "read only file" in lower or "permission denied" in lower:
        return StoreReadOnly(f"{path} cannot be written (read-only or no permission): check its permissions "
                             f"and its folder's, or use --db with another file ({short})")
    if any(w in lower for w in ("not a valid duckdb", "corrupt", "checksum", "could not read enough bytes",
                                "serializ", "invalid block", "internal error")):
        return StoreCorrupt(f"{path} is damaged ({short}): {REBUILD_HINT}")
    return None


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
    ("003_incremental_merge", """
        ALTER TABLE events ADD COLUMN IF NOT EXISTS merged BOOLEAN DEFAULT FALSE;
        CREATE TABLE IF NOT EXISTS merge_pending (event_id VARCHAR);
    """),
    # the headline of each event (core.views.headlines); rows stored before it get theirs in `migrate`
    ("004_headline", """
        ALTER TABLE events ADD COLUMN IF NOT EXISTS headline VARCHAR;
    """),
    # A correction is anchored by what survives an edit of its article: the file, the
    # sentence and where it stood; `status` says whether it still finds its target.
    ("005_correction_anchors_and_removed_files", """
        ALTER TABLE corrections ADD COLUMN IF NOT EXISTS anchor_path VARCHAR;
        ALTER TABLE corrections ADD COLUMN IF NOT EXISTS anchor_file VARCHAR;
        ALTER TABLE corrections ADD COLUMN IF NOT EXISTS anchor_sentence VARCHAR;
        ALTER TABLE corrections ADD COLUMN IF NOT EXISTS anchor_start INTEGER;
        ALTER TABLE corrections ADD COLUMN IF NOT EXISTS anchor_trigger VARCHAR;
        ALTER TABLE corrections ADD COLUMN IF NOT EXISTS status VARCHAR DEFAULT 'applied';
        ALTER TABLE articles ADD COLUMN IF NOT EXISTS removed BOOLEAN DEFAULT FALSE;
        UPDATE corrections SET anchor_sentence = e.sentence, anchor_start = e.char_start,
            anchor_trigger = e.trigger, anchor_path = a.path, anchor_file = a.file
            FROM events e JOIN articles a ON a.article_id = e.article_id
            WHERE corrections.target = 'event' AND e.mention_key = corrections.target_id;
        UPDATE corrections SET anchor_path = a.path, anchor_file = a.file FROM articles a
            WHERE corrections.target IN ('new', 'article') AND a.article_id = corrections.target_id;
    """),
    # Copies of one story (core.store.copies): each article's MinHash signature and the original of
    # its story, copied onto its events; briefing snapshots, kept apart from what a re-ingest
    # rewrites (one row per mention as it stood when the briefing was marked).
    ("006_stories_and_snapshots", """
        ALTER TABLE articles ADD COLUMN IF NOT EXISTS minhash UBIGINT[];
        ALTER TABLE articles ADD COLUMN IF NOT EXISTS story_id VARCHAR;
        ALTER TABLE events ADD COLUMN IF NOT EXISTS story_id VARCHAR;
        CREATE TABLE IF NOT EXISTS snapshots (
            name VARCHAR PRIMARY KEY,
            created_at TIMESTAMP,
            n_events INTEGER
        );
        CREATE TABLE IF NOT EXISTS snapshot_mentions (
            snapshot VARCHAR,
            mention_key VARCHAR,
            event_id VARCHAR,
            article_id VARCHAR,
            article_file VARCHAR,
            story_id VARCHAR,
            type VARCHAR,
            actors VARCHAR[],
            modality VARCHAR,
            date VARCHAR,
            granularity VARCHAR,
            date_start DATE,
            date_end DATE,
            headline VARCHAR
        );
    """),
]

EVENT_COLUMNS = (
    "mention_id", "event_id", "article_id", "article_file", "sentence_idx", "char_start", "char_end",
    "sentence", "trigger", "type", "quad", "score", "actors", "source_actors", "target_actors", "people",
    "modality", "date", "granularity", "date_start", "date_end", "date_text", "date_basis", "confidence",
    "known_event", "language", "context", "mention_key", "headline",
)


def connect(path: Path | str, read_only: bool = False, retries: int = 20) -> duckdb.DuckDBPyConnection:
    """A connection; waits a little while another process writes, then raises StoreBusy."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, path) or StoreReadOnly(f"cannot create the folder of {path}: {exc}") from exc
    delay = 0.05
    for attempt in range(retries):
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            error = storage_error(exc, path) or StoreError(f"{path} cannot be opened ({str(exc)[:200]}); "
                                                           f"if it is damaged, {REBUILD_HINT}")
            if not isinstance(error, StoreBusy) or attempt == retries - 1:
                raise error from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise StoreBusy(str(path))


class Store:
    """The database of one timeline."""

    def __init__(self, path: Path | str, read_only: bool = False):
        self.path = Path(path)
        self.con = connect(self.path, read_only=read_only)
        self.reattached = 0  # corrections moved to their event after an edit (see core.store.curation)
        if not read_only:
            try:
                self.migrate()
            except duckdb.Error as exc:
                self.con.close()
                raise storage_error(exc, self.path) or exc

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
                if name == "004_headline":
                    self.fill_headlines()
                if name == "006_stories_and_snapshots":
                    self.fill_signatures()
        self.sync_known_events()

    def fill_headlines(self, only_missing: bool = True) -> int:
        """Write the headline of every event that has none (or of all, to follow a new
        headline language); an analyst's headline is kept. Returns how many were written."""
        from core.views.headlines import headline_of  # headlines read the data files, not the store

        where = "headline IS NULL" if only_missing else "NOT list_contains(coalesce(corrected, []), 'headline')"
        rows = self.con.execute(f"SELECT mention_id, type, modality, actors, source_actors, target_actors, people, "
                                f"known_event, language FROM events WHERE {where}").fetchall()
        if not rows:
            return 0
        keys = ("type", "modality", "actors", "source_actors", "target_actors", "people", "known_event", "language")
        table = pa.table({"mention_id": [r[0] for r in rows],
                          "headline": [headline_of(dict(zip(keys, r[1:]))) for r in rows]})
        self._update_from("new_headlines", table, "UPDATE events SET headline = h.headline FROM new_headlines h "
                                                   "WHERE events.mention_id = h.mention_id")
        return len(rows)

    def _update_from(self, name: str, table: pa.Table, sql: str) -> None:
        """Run an UPDATE that reads the Arrow `table` under `name`."""
        self.con.register(name, table)
        try:
            self.con.execute(sql)
        finally:
            self.con.unregister(name)

    def fill_signatures(self) -> int:
        """The MinHash signature of every article stored without one (see core.store.copies)."""
        from core.store.copies import signature

        rows = self.con.execute("SELECT article_id, text FROM articles WHERE minhash IS NULL").fetchall()
        if not rows:
            return 0
        table = pa.table({"article_id": [r[0] for r in rows],
                          "minhash": pa.array([signature(r[1] or "") for r in rows], type=pa.list_(pa.uint64()))})
        self._update_from("new_signatures", table, "UPDATE articles SET minhash = s.minhash FROM new_signatures s "
                                                    "WHERE articles.article_id = s.article_id")
        return len(rows)

    def find_copies(self) -> int:
        """Group the stored articles into stories (core.store.copies.story_of): each article's
        `story_id` is its story's original (itself when it has no copy), earliest first;
        its events carry it too. Returns how many articles are copies of another."""
        from core.store.copies import NUM_PERM, story_of

        with self.transaction():
            table = self.con.sql(
                "SELECT article_id, minhash FROM articles WHERE NOT coalesce(removed, FALSE) "
                f"AND len(minhash) = {NUM_PERM} ORDER BY published_start NULLS LAST, file, article_id"
            ).to_arrow_table()
            ids = table.column("article_id").to_pylist()
            values = (table.column("minhash").combine_chunks().flatten().to_numpy().reshape(-1, NUM_PERM)
                      if ids else [])
            story = story_of(dict(zip(ids, values)), ids)
            self.con.register("stories", pa.table({"article_id": list(story), "story_id": list(story.values())}))
            try:
                self.con.execute("UPDATE articles SET story_id = coalesce(s.story_id, articles.article_id) "
                                 "FROM articles a LEFT JOIN stories s ON s.article_id = a.article_id "
                                 "WHERE articles.article_id = a.article_id "
                                 "AND articles.story_id IS DISTINCT FROM coalesce(s.story_id, a.article_id)")
            finally:
                self.con.unregister("stories")
            self.con.execute("UPDATE events SET story_id = a.story_id FROM articles a "
                             "WHERE events.article_id = a.article_id AND events.story_id IS DISTINCT FROM a.story_id")
            self.link_copies()
            return int(self.con.execute("SELECT count(*) FROM articles WHERE NOT coalesce(removed, FALSE) "
                                        "AND story_id <> article_id").fetchone()[0])

    # ------------------------------------------------------------------ briefing snapshots
    def save_snapshot(self, name: str) -> int:
        """Mark as briefed: keep every event as it stands now (its mentions: ids, dates,
        type, actors, modality, headline, article) under `name`; a snapshot of the same
        name is replaced. Returns the number of events kept."""
        with self.transaction():
            self.con.execute("DELETE FROM snapshot_mentions WHERE snapshot = ?", [name])
            self.con.execute("DELETE FROM snapshots WHERE name = ?", [name])
            self.con.execute(
                "INSERT INTO snapshot_mentions SELECT ?, mention_key, event_id, article_id, article_file, "
                "coalesce(story_id, article_id), type, actors, modality, date, granularity, date_start, date_end, "
                "headline FROM events WHERE NOT deleted", [name])
            count = int(self.con.execute("SELECT count(DISTINCT event_id) FROM snapshot_mentions WHERE snapshot = ?",
                                         [name]).fetchone()[0])
            self.con.execute("INSERT INTO snapshots VALUES (?, ?, ?)", [name, dt.datetime.now(), count])
        return count

    def snapshots_frame(self) -> pd.DataFrame:
        """The briefing snapshots, latest first."""
        return self.con.execute("SELECT name, created_at, n_events FROM snapshots ORDER BY created_at DESC").df()

    def snapshot_mentions(self, name: str) -> pd.DataFrame:
        """The mentions a snapshot kept."""
        return self.con.execute("SELECT * EXCLUDE (snapshot) FROM snapshot_mentions WHERE snapshot = ? "
                                "ORDER BY event_id, mention_key", [name]).df()

    def current_mentions(self) -> pd.DataFrame:
        """Every mention as it stands now, in the snapshot's columns, with `deleted`,
        `corrected` and whether its article is removed."""
        return self.con.execute(
            "SELECT e.mention_key, e.event_id, e.article_id, e.article_file, coalesce(e.story_id, e.article_id) "
            "AS story_id, e.type, e.actors, e.modality, e.date, e.granularity, e.date_start, e.date_end, e.headline, "
            "e.deleted, coalesce(e.corrected, []) AS corrected FROM events e ORDER BY e.event_id, e.mention_key").df()

    def live_article_ids(self) -> set[str]:
        """The ids of the articles whose file is still there."""
        return {r[0] for r in self.con.execute("SELECT article_id FROM articles WHERE NOT coalesce(removed, FALSE)"
                                               ).fetchall()}

    def sync_known_events(self) -> None:
        """The known_events table as data/known_events.yaml has it (rewritten when they differ)."""
        table = load_known_events()
        rows = sorted((e.id, e.name, e.date, e.type, list(e.actors)) for e in table.events.values())
        stored = [(r[0], r[1], r[2], r[3], list(r[4] or [])) for r in
                  self.con.execute("SELECT id, name, date, type, actors FROM known_events ORDER BY id").fetchall()]
        if stored == rows:
            return
        with self.transaction():
            self.con.execute("DELETE FROM known_events")
            self._insert("known_events", _table(rows, KNOWN_EVENT_SCHEMA))

    def _insert(self, name: str, table: pa.Table) -> None:
        """Append an Arrow table's rows to a table (columns by name)."""
        if not table.num_rows:
            return
        self.con.register("batch_rows", table)
        try:
            self.con.execute(f"INSERT INTO {name} ({', '.join(table.column_names)}) SELECT * FROM batch_rows")
        finally:
            self.con.unregister("batch_rows")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; a failure of the storage (disk full, damaged file) raises its
        named StoreError, anything else as it was raised."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException as exc:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                LOGGER.debug("rollback after %s failed", type(exc).__name__)
            if isinstance(exc, duckdb.Error):
                raise storage_error(exc, self.path) or exc
            raise
        try:
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            raise storage_error(exc, self.path) or exc

    # ------------------------------------------------------------------ files
    def known_files(self) -> dict[str, tuple[int, float, str]]:
        rows = self.con.execute("SELECT path, size, mtime, status FROM files").fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def stored_files_of(self, article_ids: list[str]) -> dict[str, str]:
        """article_id -> the file it was stored from, for those of the ids that are stored."""
        if not article_ids:
            return {}
        # a removed article (its file gone) is no original: its text coming back is stored again
        rows = self.con.execute("SELECT article_id, file FROM articles WHERE NOT coalesce(removed, FALSE) "
                                "AND article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids]).fetchall()
        return {r[0]: r[1] for r in rows}

    def file_ids(self, paths: list[str]) -> dict[str, list[str]]:
        """path -> the article ids it gave last time."""
        if not paths:
            return {}
        rows = self.con.execute("SELECT path, article_ids FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))",
                                [paths]).fetchall()
        return {r[0]: list(r[1] or []) for r in rows}

    def write_files(self, records: list[FileRecord]) -> None:
        """Store what a batch of files gave, in one transaction, with bulk inserts:
        a crash leaves the batch out whole; every article goes in with all its rows."""
        if not records:
            return
        paths = [r.path for r in records]
        with self.transaction():
            previous = self.file_ids(paths)
            now = {i for r in records for i in r.article_ids}
            gone = {i for ids in previous.values() for i in ids} - now
            if gone:
                used_elsewhere = {r[0] for r in self.con.execute(
                    "SELECT DISTINCT unnest(article_ids) FROM files WHERE path NOT IN (SELECT unnest(?::VARCHAR[]))",
                    [paths]).fetchall()}
                gone -= used_elsewhere
            articles = [a for r in records for a in r.articles]
            replaced = sorted(gone | {a.content_hash for a in articles})
            if replaced:
                # events that lose a source are merged again (see merge)
                self.con.execute("INSERT INTO merge_pending SELECT DISTINCT event_id FROM events "
                                 "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND event_id <> mention_id",
                                 [replaced])
                for table in ("events", "sentences", "known_mentions", "articles"):
                    self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                                     [replaced])
            tables = arrow_tables(articles, {a.content_hash: r.path for r in records for a in r.articles})
            now = dt.datetime.now()
            tables["files"] = _table([(r.path, r.size, r.mtime, r.status, r.reason, r.article_ids, now)
                                      for r in records], FILE_SCHEMA)
            self.con.execute("DELETE FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
            for name, table in tables.items():
                self._insert(name, table)
            if articles:
                from core.store.curation import apply_corrections  # curation builds on the store

                self.reattached += apply_corrections(self.con, [a.content_hash for a in articles]).reattached

    def take_reattached(self) -> int:
        """How many corrections were moved to their event since last asked."""
        count, self.reattached = self.reattached, 0
        return count

    def remove_files(self, paths: list[str], prune: bool = False) -> int:
        """Files gone from their folder: their articles are marked removed (kept and listed,
        their events hidden), or with `prune` deleted with the files' records. Returns the
        number of articles affected."""
        if not paths:
            return 0
        with self.transaction():
            ids = [r[0] for r in self.con.execute(
                "SELECT DISTINCT article_id FROM articles WHERE path IN (SELECT unnest(?::VARCHAR[]))",
                [paths]).fetchall()]
            if ids:
                self.con.execute("INSERT INTO merge_pending SELECT DISTINCT event_id FROM events "
                                 "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND event_id <> mention_id", [ids])
                for table in ("events", "sentences", "known_mentions"):
                    self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            if prune:
                self.con.execute("DELETE FROM articles WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
                self.con.execute("DELETE FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
            else:
                self.con.execute("UPDATE articles SET removed = TRUE, n_events = 0 "
                                 "WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
                self.con.execute("UPDATE files SET status = 'removed', reason = 'the file is gone', "
                                 "article_ids = [] WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
        return len(ids)

    def orphaned_corrections(self) -> int:
        """Marks every active correction as applied or orphaned (its event or article is not
        in the store any more); returns how many are orphaned."""
        with self.transaction():
            self.con.execute("""
                UPDATE corrections SET status = CASE
                    WHEN target = 'event' AND target_id IN (SELECT mention_key FROM events) THEN 'applied'
                    WHEN target IN ('new', 'article') AND target_id IN
                        (SELECT article_id FROM articles WHERE NOT coalesce(removed, FALSE)) THEN 'applied'
                    ELSE 'orphaned' END
                WHERE NOT undone AND coalesce(status, 'applied') <> 'dropped'""")
        return int(self.con.execute("SELECT count(*) FROM corrections WHERE NOT undone AND status = 'orphaned'"
                                    ).fetchone()[0])

    # ------------------------------------------------------------------ corrections
    def add_correction(self, target: str, target_id: str, field: str, value: Any) -> int:
        """Store a correction with its anchor: the file, the article's label, and for an
        event its sentence, where it starts and its trigger (what survives an edit)."""
        anchor: tuple[Any, ...] = (None, None, None, None, None)
        if target == "event":
            row = self.con.execute(
                "SELECT a.path, a.file, e.sentence, e.char_start, e.trigger FROM events e "
                "JOIN articles a ON a.article_id = e.article_id WHERE e.mention_key = ?", [target_id]).fetchone()
            anchor = tuple(row) if row else anchor
        else:
            row = self.con.execute("SELECT path, file FROM articles WHERE article_id = ?", [target_id]).fetchone()
            sentence = value.get("sentence") if isinstance(value, dict) else None
            anchor = (row[0], row[1], sentence, None, None) if row else anchor
        row = self.con.execute(
            "INSERT INTO corrections (target, target_id, field, value, created_at, anchor_path, anchor_file, "
            "anchor_sentence, anchor_start, anchor_trigger, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied') "
            "RETURNING id",
            [target, target_id, field, json.dumps(value), dt.datetime.now(), *anchor],
        ).fetchone()
        return int(row[0])

    def undo_correction(self, correction_id: int) -> None:
        self.con.execute("UPDATE corrections SET undone = TRUE WHERE id = ?", [correction_id])

    def published_overrides(self) -> dict[str, str]:
        """The publication dates users set: by article_id, and by "path#article label"
        (so that the date still applies after an edit changes the article's id)."""
        rows = self.con.execute("SELECT target_id, value, anchor_path, anchor_file FROM corrections WHERE NOT undone "
                                "AND target = 'article' AND field = 'published' ORDER BY id").fetchall()
        out: dict[str, str] = {}
        for target_id, value, path, file in rows:
            out[target_id] = json.loads(value)
            if path and file:
                out[f"{path}#{file}"] = json.loads(value)
        return out

    # ------------------------------------------------------------------ reading
    def events_frame(self) -> pd.DataFrame:
        """Every event that is not deleted, oldest first."""
        return self.con.execute("SELECT * FROM events WHERE NOT deleted "
                                "ORDER BY date_start NULLS LAST, article_file, sentence_idx").df()

    def merge(self, full: bool = False) -> int:
        """Give mentions of the same real event one event_id (see core.store.merge); returns how
        many events have several sources.

        Incremental: the new mentions and the rest of the events that lost a mention are
        clustered again, and compared with the stored mentions of their type whose dates
        come within reach (`core.store.merge.recluster`); this gives what clustering everything
        gives. Everything is clustered when asked, or when most mentions are new.
        """
        columns = ", ".join(MENTION_COLUMNS)
        tolerance = SAME_DAY_TOLERANCE_DAYS
        with self.transaction():
            fresh, total = self.con.execute("SELECT count(*) FILTER (WHERE NOT merged), count(*) FROM events "
                                            "WHERE NOT deleted").fetchone()
            pending = self.con.execute("SELECT count(*) FROM merge_pending").fetchone()[0]
            if full or fresh > MERGE_ALL_SHARE * total:
                ids = cluster([mention_of(r) for r in
                               self.con.execute(f"SELECT {columns} FROM events WHERE NOT deleted").fetchall()])
            elif fresh or pending:
                open_rows = self.con.execute(
                    f"SELECT {columns}, merged, event_id FROM events WHERE NOT deleted AND "
                    f"(NOT merged OR event_id IN (SELECT event_id FROM merge_pending))").fetchall()
                open_ids = pa.table({"mention_id": [r[0] for r in open_rows]})
                self.con.register("open_ids", open_ids)
                candidates = self.con.execute(f"""
                    WITH f AS (SELECT DISTINCT type, granularity, date_start, date_end, known_event FROM events
                               WHERE NOT merged AND NOT deleted),
                    reach AS (
                        SELECT e.mention_id FROM events e JOIN f ON e.known_event = f.known_event
                        UNION SELECT e.mention_id FROM events e JOIN f ON e.type = f.type
                            AND e.date_start <= f.date_end + {tolerance} AND f.date_start <= e.date_end + {tolerance}
                            AND e.granularity <> 'year' AND f.granularity <> 'year')
                    SELECT {columns}, event_id FROM events
                    WHERE NOT deleted AND mention_id IN (SELECT mention_id FROM reach)
                    AND mention_id NOT IN (SELECT mention_id FROM open_ids)""").fetchall()
                self.con.unregister("open_ids")

                def members_of(event_ids: set[str]) -> list[tuple[str, str, str | None]]:
                    if not event_ids:
                        return []
                    return self.con.execute(
                        "SELECT event_id, mention_id, known_event FROM events WHERE NOT deleted "
                        "AND event_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(event_ids)]).fetchall()

                ids = recluster([mention_of(r) for r in open_rows if not r[-2]],
                                [(mention_of(r), r[-1]) for r in open_rows if r[-2]],
                                [(mention_of(r), r[-1]) for r in candidates], members_of)
            else:
                ids = {}
            if ids:
                self.con.register("merged_ids", pa.table({"mention_id": list(ids), "event_id": list(ids.values())}))
                self.con.execute("UPDATE events SET event_id = m.event_id, merged = TRUE FROM merged_ids m "
                                 "WHERE events.mention_id = m.mention_id "
                                 "AND (events.event_id <> m.event_id OR NOT events.merged)")
                self.con.unregister("merged_ids")
            self.con.execute("DELETE FROM merge_pending")
            self.link_copies()
            return self.events_with_several_sources()

    def link_copies(self) -> None:
        """A copy reports what its original reports, whatever date its own publication date
        gives it: the same sentence with the same trigger and type is the original's event
        (the merge, which needs compatible dates, would keep a reprint of a later day apart;
        the event then shows that its sources disagree on the date). The events so joined
        become one, named by what they hold (a known event's id, else a hash of their first
        mention), so that merging incrementally and merging everything give the same ids.
        Run after every merge."""
        pairs = self.con.execute("""
            SELECT c.event_id, arg_min(o.event_id, abs(o.char_start - c.char_start))
            FROM events c JOIN events o ON o.article_id = c.story_id AND o.sentence = c.sentence
                AND o.type = c.type AND o.trigger IS NOT DISTINCT FROM c.trigger
            WHERE c.story_id <> c.article_id AND NOT c.deleted AND NOT o.deleted
            GROUP BY c.mention_id, c.event_id""").fetchall()
        if not pairs:
            return
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for first, second in pairs:
            a, b = root(first), root(second)
            if a != b:
                parent[max(a, b)] = min(a, b)
        rows = self.con.execute("SELECT event_id, min(mention_id) FROM events WHERE NOT deleted "
                                "AND event_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY event_id",
                                [sorted(parent)]).fetchall()
        groups: dict[str, list[tuple[str, str]]] = {}
        for event_id, first_mention in rows:
            groups.setdefault(root(event_id), []).append((event_id, first_mention))
        renamed: dict[str, str] = {}
        for members in groups.values():
            known = sorted(e for e, _ in members if e.startswith("k:"))
            name = known[0] if known else "c:" + hashlib.sha1(min(m for _, m in members).encode()).hexdigest()[:16]
            renamed.update((e, name) for e, _ in members if e != name)
        if renamed:
            self.con.register("renamed", pa.table({"old": list(renamed), "new": list(renamed.values())}))
            try:
                self.con.execute("UPDATE events SET event_id = r.new FROM renamed r WHERE events.event_id = r.old")
            finally:
                self.con.unregister("renamed")

    def events_with_several_sources(self) -> int:
        """How many events more than one mention reports."""
        return int(self.con.execute("SELECT count(*) FROM (SELECT event_id FROM events WHERE NOT deleted "
                                    "GROUP BY event_id HAVING count(*) > 1)").fetchone()[0])

    def articles_frame(self) -> pd.DataFrame:
        """The articles whose file is still there."""
        return self.con.execute("SELECT * FROM articles WHERE NOT coalesce(removed, FALSE) "
                                "ORDER BY published_start NULLS LAST, file").df()

    def files_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM files ORDER BY path").df()

    def counts(self) -> dict[str, int]:
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("articles", "events", "sentences", "files")}


CORRECTION_COLUMNS = ("target", "target_id", "field", "value", "created_at", "undone", "anchor_path", "anchor_file",
                      "anchor_sentence", "anchor_start", "anchor_trigger", "status")


def rebuild(path: Path) -> tuple[int, Path | None]:
    """Start the database afresh (for `ingest --rebuild`): the corrections are read from
    the old file where it can still be read (and the briefing snapshots), the old file is
    kept aside (renamed), and a new one is made with those corrections. Returns (corrections kept, where the old file went)."""
    path = Path(path)
    kept: list[tuple] = []
    snapshots: dict[str, pa.Table] = {}
    if path.exists():
        try:
            con = duckdb.connect(str(path), read_only=True)
            try:
                have = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                                  "WHERE table_name = 'corrections'").fetchall()}
                columns = [c if c in have else f"NULL AS {c}" for c in CORRECTION_COLUMNS]
                kept = con.execute(f"SELECT {', '.join(columns)} FROM corrections ORDER BY id").fetchall()
                tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
                if {"snapshots", "snapshot_mentions"} <= tables:  # the briefings are kept too
                    snapshots = {name: con.sql(f"SELECT * FROM {name}").to_arrow_table()
                                 for name in ("snapshots", "snapshot_mentions")}
            finally:
                con.close()
        except (duckdb.Error, OSError) as exc:  # damaged past reading: the corrections are in the kept file
            LOGGER.warning("corrections of %s could not be read: %s", path, exc)
    aside = None
    if path.exists():
        aside = path.with_name(f"{path.name}.old-{dt.datetime.now():%Y%m%d-%H%M%S}")
        try:
            path.rename(aside)
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                wal.rename(aside.with_name(aside.name + ".wal"))
        except OSError as exc:
            raise storage_error(exc, path) or StoreReadOnly(f"{path} cannot be moved aside: {exc}") from exc
    with Store(path) as store:
        if kept:
            with store.transaction():
                store.con.executemany(
                    f"INSERT INTO corrections ({', '.join(CORRECTION_COLUMNS)}) VALUES "
                    f"({', '.join('?' for _ in CORRECTION_COLUMNS)})", [list(r) for r in kept])
        if snapshots:
            with store.transaction():
                for name, table in snapshots.items():
                    store._insert(name, table)
    return len(kept), aside


@dataclass(slots=True)
class FileRecord:
    """What one file gave, ready to be stored."""

    path: str
    size: int
    mtime: float
    status: str
    reason: str
    articles: list[Article]
    article_ids: list[str]


_LIST = pa.list_(pa.string())
ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("file", pa.string()), ("path", pa.string()), ("title", pa.string()),
    ("language", pa.string()), ("published", pa.string()), ("published_granularity", pa.string()),
    ("published_start", pa.date32()), ("published_end", pa.date32()), ("published_basis", pa.string()),
    ("published_text", pa.string()), ("source", pa.string()), ("url", pa.string()), ("text", pa.string()),
    ("warnings", _LIST), ("n_events", pa.int32()), ("ingested_at", pa.timestamp("us")),
    ("minhash", pa.list_(pa.uint64())),
])
SENTENCE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("paragraph", pa.int32()), ("char_start", pa.int32()),
    ("char_end", pa.int32()), ("text", pa.string()), ("heading", pa.bool_()),
])
EVENT_TYPES = {"sentence_idx": pa.int32(), "char_start": pa.int32(), "char_end": pa.int32(), "score": pa.float64(),
               "confidence": pa.float64(), "actors": _LIST, "source_actors": _LIST, "target_actors": _LIST,
               "people": _LIST, "context": _LIST, "date_start": pa.date32(), "date_end": pa.date32()}
EVENT_SCHEMA = pa.schema([(c, EVENT_TYPES.get(c, pa.string())) for c in EVENT_COLUMNS])
MENTION_SCHEMA = pa.schema([("article_id", pa.string()), ("sentence_idx", pa.int32()), ("char_start", pa.int32()),
                            ("char_end", pa.int32()), ("known_event", pa.string())])


FILE_SCHEMA = pa.schema([("path", pa.string()), ("size", pa.int64()), ("mtime", pa.float64()), ("status", pa.string()),
                         ("reason", pa.string()), ("article_ids", _LIST), ("seen_at", pa.timestamp("us"))])
KNOWN_EVENT_SCHEMA = pa.schema([("id", pa.string()), ("name", pa.string()), ("date", pa.string()),
                                ("type", pa.string()), ("actors", _LIST)])


def _table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(col), type=f.type) for col, f in zip(columns, schema)], schema=schema)


def arrow_tables(articles: list[Article], paths: dict[str, str]) -> dict[str, pa.Table]:
    """The rows of a batch of articles, as Arrow tables for bulk inserts."""
    now = dt.datetime.now()
    article_rows, sentence_rows, event_rows_, mention_rows = [], [], [], []
    for a in articles:
        pub = a.published
        article_rows.append((a.content_hash, a.file, paths[a.content_hash], a.title, a.language,
                             pub.label if pub else None, pub.granularity.value if pub else None,
                             pub.start if pub else None, pub.end if pub else None, a.published_basis.value,
                             a.published_text, a.source, a.url, a.text, a.warnings, len(a.events), now,
                             (a.minhash if a.minhash is not None else signature(a.text)) or None))
        sentence_rows += [(a.content_hash, s.index, s.paragraph, s.start, s.end, s.text, s.heading) for s in a.sentences]
        event_rows_ += event_rows(a)
        mention_rows += [(a.content_hash, *m) for m in a.known_mentions]
    return {"articles": _table(article_rows, ARTICLE_SCHEMA), "sentences": _table(sentence_rows, SENTENCE_SCHEMA),
            "events": _table(event_rows_, EVENT_SCHEMA), "known_mentions": _table(mention_rows, MENTION_SCHEMA)}


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
        headline_of(event),
    )
