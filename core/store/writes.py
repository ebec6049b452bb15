"""Writes: what a batch of files gave (articles with their sentences and events, in one
transaction, with bulk inserts from Arrow tables), files gone from their folder, the
headlines and signatures that later migrations fill, the known events, and briefing
snapshots. The corrections are applied after every write (core.store.corrections)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from core.models import Article, Event
from core.parse.headlines import headline_of
from core.parse.lexicon import load_known_events
from core.store.copies import signature
from core.store.corrections import HEADLINE_FACTS, Corrections
from core.store.schema import (
    ARTICLE_SCHEMA,
    EVENT_SCHEMA,
    FILE_SCHEMA,
    KNOWN_EVENT_SCHEMA,
    MENTION_SCHEMA,
    SENTENCE_SCHEMA,
    arrow_table,
)


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


def arrow_tables(articles: list[Article], paths: dict[str, str]) -> dict[str, pa.Table]:
    """The rows of a batch of articles, as Arrow tables for bulk inserts."""
    now = dt.datetime.now()
    article_rows: list[tuple[Any, ...]] = []
    sentence_rows: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    mention_rows: list[tuple[Any, ...]] = []
    for a in articles:
        pub = a.published
        article_rows.append((a.content_hash, a.file, paths[a.content_hash], a.title, a.language,
                             pub.label if pub else None, pub.granularity.value if pub else None,
                             pub.start if pub else None, pub.end if pub else None, a.published_basis.value,
                             a.published_text, a.source, a.url, a.text, a.warnings, len(a.events), now,
                             (a.minhash if a.minhash is not None else signature(a.text)) or None))
        sentence_rows += [(a.content_hash, s.index, s.paragraph, s.start, s.end, s.text, s.heading)
                          for s in a.sentences]
        events += event_rows(a)
        mention_rows += [(a.content_hash, *m) for m in a.known_mentions]
    return {"articles": arrow_table(article_rows, ARTICLE_SCHEMA),
            "sentences": arrow_table(sentence_rows, SENTENCE_SCHEMA),
            "events": arrow_table(events, EVENT_SCHEMA),
            "known_mentions": arrow_table(mention_rows, MENTION_SCHEMA)}


def event_rows(article: Article) -> list[tuple[Any, ...]]:
    """The events-table rows of an article's events."""
    rows: list[tuple[Any, ...]] = []
    per_sentence: dict[int, int] = {}
    for number, event in enumerate(article.events):
        k = per_sentence[event.char_start] = per_sentence.get(event.char_start, -1) + 1
        # stable across re-parses of the same text: the key user corrections refer to
        rows.append(event_row(article, number, event, f"{article.content_hash}:{event.char_start}:{k}"))
    return rows


def event_row(article: Article, number: int, event: Event, mention_key: str) -> tuple[Any, ...]:
    """One events-table row for an event of an article (in the order of EVENT_COLUMNS)."""
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


class Writes(Corrections):
    """Everything that changes the parsed rows."""

    reattached = 0  # corrections moved to their event after an edit, since last asked

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
                used_elsewhere = {r[0] for r in self._rows(
                    "SELECT DISTINCT unnest(article_ids) FROM files WHERE path NOT IN (SELECT unnest(?::VARCHAR[]))",
                    [paths])}
                gone -= used_elsewhere
            articles = [a for r in records for a in r.articles]
            replaced = sorted(gone | {a.content_hash for a in articles})
            if replaced:
                self._forget_articles(replaced, ("events", "sentences", "known_mentions", "articles"))
            tables = arrow_tables(articles, {a.content_hash: r.path for r in records for a in r.articles})
            seen = dt.datetime.now()
            tables["files"] = arrow_table([(r.path, r.size, r.mtime, r.status, r.reason, r.article_ids, seen)
                                           for r in records], FILE_SCHEMA)
            self._run("DELETE FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
            for name, table in tables.items():
                self._insert(name, table)
            if articles:
                self.reattached += self.apply_corrections([a.content_hash for a in articles]).reattached

    def _forget_articles(self, article_ids: list[str], tables: tuple[str, ...]) -> None:
        """Delete the rows of some articles; the events that lose a source are merged again."""
        self._run("INSERT INTO merge_pending SELECT DISTINCT event_id FROM events "
                  "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND event_id <> mention_id", [article_ids])
        for table in tables:
            self._run(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])

    def file_ids(self, paths: list[str]) -> dict[str, list[str]]:
        """path -> the article ids it gave last time."""
        if not paths:
            return {}
        rows = self._rows("SELECT path, article_ids FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
        return {r[0]: list(r[1] or []) for r in rows}

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
            ids = [r[0] for r in self._rows(
                "SELECT DISTINCT article_id FROM articles WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])]
            if ids:
                self._forget_articles(ids, ("events", "sentences", "known_mentions"))
            if prune:
                self._run("DELETE FROM articles WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
                self._run("DELETE FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
            else:
                self._run("UPDATE articles SET removed = TRUE, n_events = 0 "
                          "WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
                self._run("UPDATE files SET status = 'removed', reason = 'the file is gone', "
                          "article_ids = [] WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
        return len(ids)

    # ------------------------------------------------------------------ filled by migrations
    def fill_headlines(self, only_missing: bool = True) -> int:
        """Write the headline of every event that has none (or of all, to follow a new
        headline language); an analyst's headline is kept. Returns how many were written."""
        where = "headline IS NULL" if only_missing else "NOT list_contains(coalesce(corrected, []), 'headline')"
        rows = self._rows(f"SELECT mention_id, {', '.join(HEADLINE_FACTS)} FROM events WHERE {where}")
        if not rows:
            return 0
        table = pa.table({"mention_id": [r[0] for r in rows],
                          "headline": [headline_of(dict(zip(HEADLINE_FACTS, r[1:]))) for r in rows]})
        self._update_from("new_headlines", table, "UPDATE events SET headline = h.headline FROM new_headlines h "
                                                   "WHERE events.mention_id = h.mention_id")
        return len(rows)

    def fill_signatures(self) -> int:
        """The MinHash signature of every article stored without one (see core.store.copies)."""
        rows = self._rows("SELECT article_id, text FROM articles WHERE minhash IS NULL")
        if not rows:
            return 0
        table = pa.table({"article_id": [r[0] for r in rows],
                          "minhash": pa.array([signature(r[1] or "") for r in rows], type=pa.list_(pa.uint64()))})
        self._update_from("new_signatures", table, "UPDATE articles SET minhash = s.minhash FROM new_signatures s "
                                                    "WHERE articles.article_id = s.article_id")
        return len(rows)

    def sync_known_events(self) -> None:
        """The known_events table as data/known_events.yaml has it (rewritten when they differ)."""
        table = load_known_events()
        rows = sorted((e.id, e.name, e.date, e.type, list(e.actors)) for e in table.events.values())
        stored = [(r[0], r[1], r[2], r[3], list(r[4] or [])) for r in
                  self._rows("SELECT id, name, date, type, actors FROM known_events ORDER BY id")]
        if stored == rows:
            return
        with self.transaction():
            self._run("DELETE FROM known_events")
            self._insert("known_events", arrow_table(rows, KNOWN_EVENT_SCHEMA))

    # ------------------------------------------------------------------ briefing snapshots
    def save_snapshot(self, name: str) -> int:
        """Mark as briefed: keep every event as it stands now (its mentions: ids, dates,
        type, actors, modality, headline, article) under `name`; a snapshot of the same
        name is replaced. Returns the number of events kept."""
        with self.transaction():
            self._run("DELETE FROM snapshot_mentions WHERE snapshot = ?", [name])
            self._run("DELETE FROM snapshots WHERE name = ?", [name])
            self._run(
                "INSERT INTO snapshot_mentions SELECT ?, mention_key, event_id, article_id, article_file, "
                "coalesce(story_id, article_id), type, actors, modality, date, granularity, date_start, date_end, "
                "headline FROM events WHERE NOT deleted", [name])
            count = int(self._value("SELECT count(DISTINCT event_id) FROM snapshot_mentions WHERE snapshot = ?",
                                    [name]))
            self._run("INSERT INTO snapshots VALUES (?, ?, ?)", [name, dt.datetime.now(), count])
        return count
