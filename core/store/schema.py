"""The schema: the tables, their named migrations, and the one list of the events'
columns with their types (the Arrow schemas of bulk writes are made from it).

Tables: articles, files (what was read from where, for incremental ingest), sentences,
events, known_events, known_mentions, corrections (stored apart: they survive a
re-parse), merge_pending, snapshots and snapshot_mentions (briefings), migrations.
A change of the schema is a new entry at the end of MIGRATIONS; code that runs with a
migration (filling a new column) is named in `core.store.database.Store.migrate`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

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
    # the headline of each event (core.parse.headlines); rows stored before it get theirs in `migrate`
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

_LIST = pa.list_(pa.string())

# The events' columns that a parse writes, in order, with their Arrow types (strings
# unless said). The table also has `pinned`, `deleted`, `corrected`, `merged` and
# `story_id`, which curation, merging and copy detection set later.
EVENT_TYPES: dict[str, pa.DataType] = {
    "sentence_idx": pa.int32(), "char_start": pa.int32(), "char_end": pa.int32(), "score": pa.float64(),
    "confidence": pa.float64(), "actors": _LIST, "source_actors": _LIST, "target_actors": _LIST, "people": _LIST,
    "context": _LIST, "date_start": pa.date32(), "date_end": pa.date32(),
}
EVENT_COLUMNS = (
    "mention_id", "event_id", "article_id", "article_file", "sentence_idx", "char_start", "char_end",
    "sentence", "trigger", "type", "quad", "score", "actors", "source_actors", "target_actors", "people",
    "modality", "date", "granularity", "date_start", "date_end", "date_text", "date_basis", "confidence",
    "known_event", "language", "context", "mention_key", "headline",
)
EVENT_SCHEMA = pa.schema([(c, EVENT_TYPES.get(c, pa.string())) for c in EVENT_COLUMNS])

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
MENTION_SCHEMA = pa.schema([("article_id", pa.string()), ("sentence_idx", pa.int32()), ("char_start", pa.int32()),
                            ("char_end", pa.int32()), ("known_event", pa.string())])
FILE_SCHEMA = pa.schema([("path", pa.string()), ("size", pa.int64()), ("mtime", pa.float64()), ("status", pa.string()),
                         ("reason", pa.string()), ("article_ids", _LIST), ("seen_at", pa.timestamp("us"))])
KNOWN_EVENT_SCHEMA = pa.schema([("id", pa.string()), ("name", pa.string()), ("date", pa.string()),
                                ("type", pa.string()), ("actors", _LIST)])

# what a rebuild carries over from the old file
CORRECTION_COLUMNS = ("target", "target_id", "field", "value", "created_at", "undone", "anchor_path", "anchor_file",
                      "anchor_sentence", "anchor_start", "anchor_trigger", "status")


def arrow_table(rows: Sequence[Sequence[Any]], schema: pa.Schema) -> pa.Table:
    """Rows (tuples in the schema's order) as an Arrow table of that schema."""
    columns: Iterable[Sequence[Any]] = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(col), type=f.type) for col, f in zip(columns, schema)], schema=schema)


def event_table(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Events given as records by column name (a column left out is NULL) as an Arrow
    table of EVENT_SCHEMA; a name that is no column is refused."""
    unknown = {k for r in records for k in r} - set(EVENT_COLUMNS)
    if unknown:
        raise ValueError(f"not columns of events: {sorted(unknown)}")
    return arrow_table([tuple(r.get(c) for c in EVENT_COLUMNS) for r in records], EVENT_SCHEMA)
