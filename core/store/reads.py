"""Reads: what the dashboard, the exports and the command line ask of the store. The
filters are pushed down to SQL (`where_clause`); each read opens a short read-only
connection, so that an ingest in another process can write between them."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core.models import GRANULARITY_ORDER
from core.parse.themes import load_themes
from core.settings import FOCUS_ACTORS
from core.store.connection import Connection
from core.store.filters import PRECISIONS, Filters
from core.store.schema import EVENT_COLUMNS

LOGGER = logging.getLogger(__name__)

# the events' columns as the views read them: what the parse wrote (the schema's one
# list), whether an analyst pinned or corrected it, and its story (itself when no copy)
EVENT_VIEW_COLUMNS = ", ".join([*(c for c in EVENT_COLUMNS if c != "headline"), "pinned", "corrected", "headline",
                                "coalesce(story_id, article_id) AS story_id"])


@dataclass(frozen=True, slots=True)
class Facets:
    """What there is to filter on."""

    years: tuple[int, int] | None
    actor_counts: dict[str, int]
    people_counts: dict[str, int]   # people by name, most events first
    types: tuple[str, ...]
    languages: tuple[str, ...]
    articles: tuple[str, ...]
    n_events: int
    n_articles: int
    article_titles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # file -> title, published


# Per chosen event: its articles, its independent sources (one per story: copies of one
# story count once, core.store.copies), and whether its sources disagree: on the date when two
# of them give periods that do not overlap (a month and a day in it agree: the day is only
# more precise), on the actors when neither source's actors include the other's.
SOURCES_SQL = (
    "mentions AS (SELECT event_id, article_id, coalesce(story_id, article_id) AS story, date_start, date_end, "
    "actors FROM events WHERE NOT deleted AND event_id IN (SELECT event_id FROM chosen)), "
    "actor_sets AS (SELECT DISTINCT event_id, list_sort(actors) AS actors FROM mentions), "
    "sources AS (SELECT event_id, count(DISTINCT article_id) AS n_sources, count(DISTINCT story) AS n_independent, "
    "coalesce(max(date_start) > min(date_end), FALSE) AS dates_disagree, "
    "event_id IN (SELECT a.event_id FROM actor_sets a JOIN actor_sets b ON a.event_id = b.event_id "
    "AND NOT list_has_all(a.actors, b.actors) AND NOT list_has_all(b.actors, a.actors)) AS actors_disagree "
    "FROM mentions GROUP BY event_id)"
)


def where_clause(filters: Filters) -> tuple[str, list[Any]]:
    """The filters as a WHERE clause over the events table, and its parameters."""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if filters.years:
        # the year an event is filed under (its date's label; a span over years: its last year)
        clauses.append("date IS NOT NULL AND CAST(substr(date, 1, 4) AS INTEGER) BETWEEN ? AND ?")
        params += [int(filters.years[0]), int(filters.years[1])]
    if filters.actors and filters.people:  # one choice of actors: a state, an organisation or a person
        clauses.append("list_has_any(actors, ?::VARCHAR[]) OR list_has_any(people, ?::VARCHAR[])")
        params += [list(filters.actors), list(filters.people)]
    elif filters.actors:
        clauses.append("list_has_any(actors, ?::VARCHAR[])")
        params.append(list(filters.actors))
    elif filters.people:
        clauses.append("list_has_any(people, ?::VARCHAR[])")
        params.append(list(filters.people))
    if filters.together:  # the focus actors (settings.FOCUS_ACTORS) all among the actors
        clauses.append("list_has_all(actors, ?::VARCHAR[])")
        params.append(sorted(FOCUS_ACTORS))
    precisions = [g.value for g in GRANULARITY_ORDER]
    if filters.min_precision in PRECISIONS and filters.min_precision != "year":
        precisions = precisions[: precisions.index(filters.min_precision) + 1]
    else:
        precisions = []  # any precision
    for column, chosen in (("type", filters.types), ("language", filters.languages),
                           ("article_file", filters.articles), ("granularity", precisions)):
        if chosen:
            clauses.append(f"{column} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(chosen))
    if filters.search.strip():
        clauses.append("strpos(lower(sentence), lower(?)) > 0")
        params.append(filters.search.strip())
    return " AND ".join(f"({c})" for c in clauses), params


class Reads(Connection):
    """Reads of one open store."""

    def events_frame(self) -> pd.DataFrame:
        """Every event that is not deleted, oldest first."""
        return self._frame("SELECT * FROM events WHERE NOT deleted "
                                "ORDER BY date_start NULLS LAST, article_file, sentence_idx")

    def articles_frame(self) -> pd.DataFrame:
        """The articles whose file is still there."""
        return self._frame("SELECT * FROM articles WHERE NOT coalesce(removed, FALSE) "
                                "ORDER BY published_start NULLS LAST, file")

    def files_frame(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM files ORDER BY path")

    def counts(self) -> dict[str, int]:
        return {t: int(self._value(f"SELECT count(*) FROM {t}"))
                for t in ("articles", "events", "sentences", "files")}

    def snapshots_frame(self) -> pd.DataFrame:
        """The briefing snapshots, latest first."""
        return self._frame("SELECT name, created_at, n_events FROM snapshots ORDER BY created_at DESC")

    def snapshot_mentions(self, name: str) -> pd.DataFrame:
        """The mentions a snapshot kept."""
        return self._frame("SELECT * EXCLUDE (snapshot) FROM snapshot_mentions WHERE snapshot = ? "
                                "ORDER BY event_id, mention_key", [name])

    def current_mentions(self) -> pd.DataFrame:
        """Every mention as it stands now, in the snapshot's columns, with `deleted`,
        `corrected` and whether its article is removed."""
        return self._frame(
            "SELECT e.mention_key, e.event_id, e.article_id, e.article_file, coalesce(e.story_id, e.article_id) "
            "AS story_id, e.type, e.actors, e.modality, e.date, e.granularity, e.date_start, e.date_end, e.headline, "
            "e.deleted, coalesce(e.corrected, []) AS corrected FROM events e ORDER BY e.event_id, e.mention_key")

    def live_article_ids(self) -> set[str]:
        """The ids of the articles whose file is still there."""
        return {r[0] for r in self._rows("SELECT article_id FROM articles WHERE NOT coalesce(removed, FALSE)")}

    def known_files(self) -> dict[str, tuple[int, float, str]]:
        rows = self._rows("SELECT path, size, mtime, status FROM files")
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def stored_files_of(self, article_ids: list[str]) -> dict[str, str]:
        """article_id -> the file it was stored from, for those of the ids that are stored."""
        if not article_ids:
            return {}
        # a removed article (its file gone) is no original: its text coming back is stored again
        rows = self._rows("SELECT article_id, file FROM articles WHERE NOT coalesce(removed, FALSE) "
                          "AND article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])
        return {r[0]: r[1] for r in rows}


def events(db: Path, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The events that pass the filters, oldest first."""
    where, params = where_clause(filters)
    order = "date_start NULLS LAST, article_file, sentence_idx"
    cap = f" LIMIT {int(limit)}" if limit else ""
    # the sources are counted for the chosen events only, not for the whole store
    sql = (f"WITH chosen AS (SELECT {EVENT_VIEW_COLUMNS} FROM events WHERE NOT deleted AND {where} "
           f"ORDER BY {order}{cap}), "
           f"{SOURCES_SQL} "
           f"SELECT chosen.*, coalesce(n_sources, 1) AS n_sources, coalesce(n_independent, 1) AS n_independent, "
           f"coalesce(dates_disagree, FALSE) AS dates_disagree, coalesce(actors_disagree, FALSE) AS actors_disagree "
           f"FROM chosen LEFT JOIN sources USING (event_id) ORDER BY {order}")
    with Reads(db, read_only=True) as store:
        return store._frame(sql, params)


def summary(db: Path, filters: Filters) -> dict[str, Any]:
    """Headline figures of the filtered events, computed in the database."""
    where, params = where_clause(filters)
    with Reads(db, read_only=True) as store:
        row = store._one(
            f"SELECT count(*), count(DISTINCT article_id), min(date_start), max(date_end), "
            f"count(*) FILTER (WHERE list_has_all(actors, ?::VARCHAR[])) "
            f"FROM events WHERE NOT deleted AND {where}", [sorted(FOCUS_ACTORS), *params])
    assert row is not None
    return {"events": int(row[0]), "articles": int(row[1]), "first": row[2], "last": row[3], "together": int(row[4])}


def monthly_counts(db: Path, filters: Filters, lanes: str = "type", max_lanes: int = 14) -> pd.DataFrame:
    """Events per month and lane (theme, type, or actor), for timelines too dense to draw one by one."""
    if lanes == "theme":  # the types' counts, added up per theme
        by_type = monthly_counts(db, filters, "type", max_lanes)
        if not len(by_type):
            return by_type
        by_type = by_type.assign(lane=by_type["lane"].map(load_themes().theme_of),
                                 weighted=by_type["score"] * by_type["n"])
        frame = by_type.groupby(["month", "lane"], as_index=False).agg(n=("n", "sum"), weighted=("weighted", "sum"))
        return frame.assign(score=frame["weighted"] / frame["n"]).drop(columns="weighted")
    where, params = where_clause(filters)
    with Reads(db, read_only=True) as store:
        if lanes == "actor":
            frame = store._frame(
                f"SELECT date_trunc('month', date_start) AS month, lane, count(*) AS n, avg(score) AS score "
                f"FROM (SELECT date_start, score, unnest(actors) AS lane FROM events "
                f"WHERE NOT deleted AND date_start IS NOT NULL AND {where}) GROUP BY ALL", params)
            top = frame.groupby("lane")["n"].sum().sort_values(ascending=False).index[:max_lanes]
            return frame[frame["lane"].isin(top)].reset_index(drop=True)
        return store._frame(
            f"SELECT date_trunc('month', date_start) AS month, type AS lane, quad, count(*) AS n, avg(score) AS score "
            f"FROM events WHERE NOT deleted AND date_start IS NOT NULL AND {where} GROUP BY ALL", params)


def relations(db: Path, filters: Filters, pairs: list[tuple[str, str]], freq: str = "Q") -> pd.DataFrame:
    """Cooperation-conflict index per actor pair and period (computed in the database).

    `index` and `events` count only the events *between* the two: one acts on the other
    (A among the sources and B among the targets, or the reverse), or the event names the
    two of them and no one else ("China and Russia will cooperate more closely").
    Each independent source counts once: the copies of one story (core.store.copies) among an
    event's mentions are one.
    Joint action of both towards a third party ("China and Russia accused the West") is
    not conflict between them: it is its own series, `together_index` and
    `together_events`, and `together_towards` names the third parties it is aimed at
    most often (codes, most frequent first, the same on every row of a pair).
    """
    unit = "quarter" if freq == "Q" else "month"
    where, params = where_clause(filters)
    frames = []
    with Reads(db, read_only=True) as store:
        for first, second in pairs:
            base = (f"WITH codes AS (SELECT ?::VARCHAR AS x, ?::VARCHAR AS y), "
                    f"flagged AS (SELECT date_trunc('{unit}', date_start) AS period, score, actors, target_actors, "
                    f"((list_contains(source_actors, x) AND list_contains(target_actors, y)) "
                    f" OR (list_contains(source_actors, y) AND list_contains(target_actors, x)) "
                    f" OR list_has_all([x, y], actors)) AS between_them, "
                    f"(list_contains(source_actors, x) AND list_contains(source_actors, y)) AS both_act "
                    f"FROM (SELECT * FROM events WHERE NOT deleted AND {where} QUALIFY row_number() OVER "
                    f"(PARTITION BY event_id, coalesce(story_id, article_id) ORDER BY mention_id) = 1) AS events, "
                    f"codes WHERE date_start IS NOT NULL "
                    f"AND list_contains(actors, x) AND list_contains(actors, y)) ")
            frame = store._frame(
                base + "SELECT ? AS pair, period, "
                "round(avg(score) FILTER (WHERE between_them), 2) AS \"index\", "
                "count(*) FILTER (WHERE between_them) AS events, "
                "count(*) FILTER (WHERE between_them AND score > 0) AS cooperation, "
                "count(*) FILTER (WHERE between_them AND score < 0) AS conflict, "
                "round(avg(score) FILTER (WHERE both_act AND NOT between_them), 2) AS together_index, "
                "count(*) FILTER (WHERE both_act AND NOT between_them) AS together_events "
                "FROM flagged GROUP BY period HAVING count(*) FILTER (WHERE between_them OR both_act) > 0 "
                "ORDER BY period", [first, second, *params, f"{first}–{second}"])
            towards = store._rows(
                base + "SELECT third, count(*) AS n FROM (SELECT unnest(CASE WHEN len(target_actors) > 0 "
                "THEN target_actors ELSE actors END) AS third FROM flagged WHERE both_act AND NOT between_them), codes "
                "WHERE third NOT IN (x, y) GROUP BY third ORDER BY n DESC, third LIMIT 3",
                [first, second, *params])
            frame["together_towards"] = ",".join(code for code, _ in towards)
            frames.append(frame)
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=list(RELATION_COLUMNS))
    out = pd.concat(frames, ignore_index=True)[list(RELATION_COLUMNS)]
    out["period"] = pd.to_datetime(out["period"])
    return out


RELATION_COLUMNS = ("pair", "period", "index", "events", "cooperation", "conflict", "together_index",
                    "together_events", "together_towards")


def facets(db: Path) -> Facets:
    with Reads(db, read_only=True) as store:
        years = store._one("SELECT min(CAST(substr(date, 1, 4) AS INTEGER)), max(CAST(substr(date, 1, 4) AS INTEGER)) "
                           "FROM events WHERE date IS NOT NULL")
        actors = store._rows("SELECT a, count(*) FROM (SELECT unnest(actors) AS a FROM events) "
                             "GROUP BY a ORDER BY 2 DESC")
        people = store._rows("SELECT p, count(*) FROM (SELECT unnest(people) AS p FROM events WHERE NOT deleted) "
                             "GROUP BY p ORDER BY 2 DESC, 1")
        types = [r[0] for r in store._rows("SELECT DISTINCT type FROM events ORDER BY 1")]
        languages = [r[0] for r in store._rows("SELECT DISTINCT language FROM articles "
                                               "WHERE NOT coalesce(removed, FALSE) ORDER BY 1")]
        titled = store._rows("SELECT file, title, published FROM articles WHERE NOT coalesce(removed, FALSE) "
                             "ORDER BY file")
        files = [r[0] for r in titled]
        n_events = store._value("SELECT count(*) FROM events")
    return Facets(
        years=(int(years[0]), int(years[1])) if years and years[0] is not None else None,
        actor_counts={a: int(n) for a, n in actors}, people_counts={p: int(n) for p, n in people if p},
        types=tuple(types), languages=tuple(languages),
        articles=tuple(files), n_events=int(n_events), n_articles=len(files),
        article_titles={file: (title, published) for file, title, published in titled},
    )


def articles(db: Path) -> pd.DataFrame:
    with Reads(db, read_only=True) as store:
        return store._frame(
            "SELECT article_id, file, title, language, published, published_granularity, published_start, "
            "published_end, published_basis, published_text, source, url, n_events, warnings "
            "FROM articles WHERE NOT coalesce(removed, FALSE) ORDER BY published_start NULLS LAST, file")


def refused_files(db: Path) -> pd.DataFrame:
    """Files that could not be read, and files gone from their folder (status 'removed')."""
    with Reads(db, read_only=True) as store:
        return store._frame("SELECT path, status, reason, seen_at FROM files WHERE status IN ('refused', 'removed') "
                                 "ORDER BY status, path")


def known_events(db: Path) -> pd.DataFrame:
    """Known events with how often the articles report or name them (`mentions`)."""
    with Reads(db, read_only=True) as store:
        return store._frame(
            "SELECT k.id, k.name, k.date, k.type, k.actors, coalesce(m.n, 0) AS mentions FROM known_events k "
            "LEFT JOIN (SELECT known_event, count(*) AS n FROM (SELECT known_event FROM events WHERE NOT deleted "
            "AND known_event IS NOT NULL UNION ALL SELECT known_event FROM known_mentions) GROUP BY 1) m "
            "ON m.known_event = k.id ORDER BY k.date")


def article(db: Path, article_id: str) -> dict[str, Any] | None:
    with Reads(db, read_only=True) as store:
        frame = store._frame("SELECT * FROM articles WHERE article_id = ?", [article_id])
    return frame.iloc[0].to_dict() if len(frame) else None


def mentions_of(db: Path, event_id: str) -> pd.DataFrame:
    """Every source of one event (its mentions), oldest article first."""
    with Reads(db, read_only=True) as store:
        return store._frame(
            f"SELECT {EVENT_VIEW_COLUMNS} FROM events WHERE event_id = ? AND NOT deleted "
            f"ORDER BY date_start, article_file",
            [event_id])


def passing_mentions(db: Path, known_event: str) -> pd.DataFrame:
    """Sentences that name a known event in passing ("sinds de invasie")."""
    with Reads(db, read_only=True) as store:
        return store._frame(
            "SELECT a.file AS article_file, a.title, a.source, a.published, s.text AS sentence FROM known_mentions k "
            "JOIN articles a USING (article_id) JOIN sentences s ON s.article_id = k.article_id "
            "AND s.idx = k.sentence_idx WHERE k.known_event = ? ORDER BY a.file", [known_event])


def known_event_counts(db: Path) -> dict[str, int]:
    """How often each known event is reported or named in passing."""
    with Reads(db, read_only=True) as store:
        rows = store._rows(
            "SELECT known_event, count(*) FROM (SELECT known_event FROM events WHERE known_event IS NOT NULL "
            "AND NOT deleted UNION ALL SELECT known_event FROM known_mentions) GROUP BY known_event")
    return {k: int(n) for k, n in rows}


def snapshots(db: Path) -> pd.DataFrame:
    """The briefing snapshots (name, created_at, n_events), latest first."""
    with Reads(db, read_only=True) as store:
        return store.snapshots_frame()


def snapshot_and_now(db: Path, snapshot: str) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """What a briefing snapshot kept, every mention as it stands now, and the ids of the
    articles still there: what core.views.changes compares."""
    with Reads(db, read_only=True) as store:
        return store.snapshot_mentions(snapshot), store.current_mentions(), store.live_article_ids()


