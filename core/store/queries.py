"""Read models for the dashboard: filters pushed down to DuckDB, short read-only
connections (so that an ingest in another process can write between them)."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from core.store import Store
from core.store.filters import Filters
from core.views.themes import load_themes

LOGGER = logging.getLogger(__name__)

EVENT_VIEW_COLUMNS = (
    "mention_id, event_id, article_id, article_file, sentence_idx, char_start, char_end, sentence, trigger, "
    "type, quad, score, actors, source_actors, target_actors, people, modality, date, granularity, "
    "date_start, date_end, date_text, date_basis, confidence, known_event, language, context, "
    "mention_key, pinned, corrected, headline, coalesce(story_id, article_id) AS story_id"
)


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


def events(db: Path, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The events that pass the filters, oldest first."""
    where, params = filters.where()
    order = "date_start NULLS LAST, article_file, sentence_idx"
    cap = f" LIMIT {int(limit)}" if limit else ""
    # the sources are counted for the chosen events only, not for the whole store
    sql = (f"WITH chosen AS (SELECT {EVENT_VIEW_COLUMNS} FROM events WHERE NOT deleted AND {where} "
           f"ORDER BY {order}{cap}), "
           f"{SOURCES_SQL} "
           f"SELECT chosen.*, coalesce(n_sources, 1) AS n_sources, coalesce(n_independent, 1) AS n_independent, "
           f"coalesce(dates_disagree, FALSE) AS dates_disagree, coalesce(actors_disagree, FALSE) AS actors_disagree "
           f"FROM chosen LEFT JOIN sources USING (event_id) ORDER BY {order}")
    with Store(db, read_only=True) as store:
        return store.con.execute(sql, params).df()


def summary(db: Path, filters: Filters) -> dict[str, Any]:
    """Headline figures of the filtered events, computed in the database."""
    where, params = filters.where()
    with Store(db, read_only=True) as store:
        row = store.con.execute(
            f"SELECT count(*), count(DISTINCT article_id), min(date_start), max(date_end), "
            f"count(*) FILTER (WHERE list_contains(actors, 'CHN') AND list_contains(actors, 'RUS')) "
            f"FROM events WHERE NOT deleted AND {where}", params).fetchone()
    return {"events": int(row[0]), "articles": int(row[1]), "first": row[2], "last": row[3], "together": int(row[4])}


def monthly_counts(db: Path, filters: Filters, lanes: str = "type", max_lanes: int = 14) -> pd.DataFrame:
    """Events per month and lane (theme, type, or actor), for timelines too dense to draw one by one."""
    if lanes == "theme":  # the types' counts, added up per theme
        by_type = monthly_counts(db, filters, "type", max_lanes)
        if not len(by_type):
            return by_type
        by_type = by_type.assign(lane=by_type["lane"].map(load_themes().theme_of), weighted=by_type["score"] * by_type["n"])
        frame = by_type.groupby(["month", "lane"], as_index=False).agg(n=("n", "sum"), weighted=("weighted", "sum"))
        return frame.assign(score=frame["weighted"] / frame["n"]).drop(columns="weighted")
    where, params = filters.where()
    with Store(db, read_only=True) as store:
        if lanes == "actor":
            frame = store.con.execute(
                f"SELECT date_trunc('month', date_start) AS month, lane, count(*) AS n, avg(score) AS score "
                f"FROM (SELECT date_start, score, unnest(actors) AS lane FROM events "
                f"WHERE NOT deleted AND date_start IS NOT NULL AND {where}) GROUP BY ALL", params).df()
            top = frame.groupby("lane")["n"].sum().sort_values(ascending=False).index[:max_lanes]
            return frame[frame["lane"].isin(top)].reset_index(drop=True)
        return store.con.execute(
            f"SELECT date_trunc('month', date_start) AS month, type AS lane, quad, count(*) AS n, avg(score) AS score "
            f"FROM events WHERE NOT deleted AND date_start IS NOT NULL AND {where} GROUP BY ALL", params).df()


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
    where, params = filters.where()
    frames = []
    with Store(db, read_only=True) as store:
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
            frame = store.con.execute(
                base + "SELECT ? AS pair, period, "
                "round(avg(score) FILTER (WHERE between_them), 2) AS \"index\", "
                "count(*) FILTER (WHERE between_them) AS events, "
                "count(*) FILTER (WHERE between_them AND score > 0) AS cooperation, "
                "count(*) FILTER (WHERE between_them AND score < 0) AS conflict, "
                "round(avg(score) FILTER (WHERE both_act AND NOT between_them), 2) AS together_index, "
                "count(*) FILTER (WHERE both_act AND NOT between_them) AS together_events "
                "FROM flagged GROUP BY period HAVING count(*) FILTER (WHERE between_them OR both_act) > 0 "
                "ORDER BY period", [first, second, *params, f"{first}–{second}"]).df()
            towards = store.con.execute(
                base + "SELECT third, count(*) AS n FROM (SELECT unnest(CASE WHEN len(target_actors) > 0 "
                "THEN target_actors ELSE actors END) AS third FROM flagged WHERE both_act AND NOT between_them), codes "
                "WHERE third NOT IN (x, y) GROUP BY third ORDER BY n DESC, third LIMIT 3",
                [first, second, *params]).fetchall()
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
    with Store(db, read_only=True) as store:
        con = store.con
        years = con.execute("SELECT min(CAST(substr(date, 1, 4) AS INTEGER)), max(CAST(substr(date, 1, 4) AS INTEGER)) "
                            "FROM events WHERE date IS NOT NULL").fetchone()
        actors = con.execute("SELECT a, count(*) FROM (SELECT unnest(actors) AS a FROM events) "
                             "GROUP BY a ORDER BY 2 DESC").fetchall()
        people = con.execute("SELECT p, count(*) FROM (SELECT unnest(people) AS p FROM events WHERE NOT deleted) "
                             "GROUP BY p ORDER BY 2 DESC, 1").fetchall()
        types = [r[0] for r in con.execute("SELECT DISTINCT type FROM events ORDER BY 1").fetchall()]
        languages = [r[0] for r in con.execute("SELECT DISTINCT language FROM articles "
                                               "WHERE NOT coalesce(removed, FALSE) ORDER BY 1").fetchall()]
        files = [r[0] for r in con.execute("SELECT file FROM articles WHERE NOT coalesce(removed, FALSE) "
                                           "ORDER BY file").fetchall()]
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    return Facets(
        years=(int(years[0]), int(years[1])) if years and years[0] is not None else None,
        actor_counts={a: int(n) for a, n in actors}, people_counts={p: int(n) for p, n in people if p}, types=tuple(types), languages=tuple(languages),
        articles=tuple(files), n_events=int(n_events), n_articles=len(files),
    )


def articles(db: Path) -> pd.DataFrame:
    with Store(db, read_only=True) as store:
        return store.con.execute(
            "SELECT article_id, file, title, language, published, published_granularity, published_start, "
            "published_end, published_basis, published_text, source, url, n_events, warnings "
            "FROM articles WHERE NOT coalesce(removed, FALSE) ORDER BY published_start NULLS LAST, file").df()


def find_articles(articles: pd.DataFrame, text: str) -> pd.DataFrame:
    """The articles whose file name or title holds `text` (case ignored); all for no text."""
    needle = text.strip().lower()
    if not needle:
        return articles
    held = articles["file"].str.lower().str.contains(needle, regex=False)
    held |= articles["title"].fillna("").str.lower().str.contains(needle, regex=False)
    return articles[held]


def refused_files(db: Path) -> pd.DataFrame:
    """Files that could not be read, and files gone from their folder (status 'removed')."""
    with Store(db, read_only=True) as store:
        return store.con.execute("SELECT path, status, reason, seen_at FROM files WHERE status IN ('refused', 'removed') "
                                 "ORDER BY status, path").df()


def known_events(db: Path) -> pd.DataFrame:
    """Known events with how often the articles report or name them (`mentions`)."""
    with Store(db, read_only=True) as store:
        return store.con.execute(
            "SELECT k.id, k.name, k.date, k.type, k.actors, coalesce(m.n, 0) AS mentions FROM known_events k "
            "LEFT JOIN (SELECT known_event, count(*) AS n FROM (SELECT known_event FROM events WHERE NOT deleted "
            "AND known_event IS NOT NULL UNION ALL SELECT known_event FROM known_mentions) GROUP BY 1) m "
            "ON m.known_event = k.id ORDER BY k.date").df()


def article(db: Path, article_id: str) -> dict[str, Any] | None:
    with Store(db, read_only=True) as store:
        frame = store.con.execute("SELECT * FROM articles WHERE article_id = ?", [article_id]).df()
    return frame.iloc[0].to_dict() if len(frame) else None


def mentions_of(db: Path, event_id: str) -> pd.DataFrame:
    """Every source of one event (its mentions), oldest article first."""
    with Store(db, read_only=True) as store:
        return store.con.execute(
            f"SELECT {EVENT_VIEW_COLUMNS} FROM events WHERE event_id = ? AND NOT deleted "
            f"ORDER BY date_start, article_file",
            [event_id]).df()


# Characters that Markdown (and Streamlit's math) would read as syntax: written as entities
# so that an article's "[x](javascript:…)", "![img](…)" or "$…$" stays plain text.
_MARKDOWN_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|$~<>&\"':@"}


# GitHub-style autolinks ("www.x.org", "https://x.org", "a@x.org") are found in the text
# after entities are decoded, so entities do not stop them: an invisible word joiner
# (U+2060) inside "www.", before "://" and after "@" does.
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=[a-z])(?=://)|(?<=@)")
_WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text from an article or a file name, safe in anything Streamlit renders as
    Markdown: st.markdown(..., unsafe_allow_html=True), messages (st.error, st.toast),
    progress texts and the options of st.radio. No HTML, no Markdown link, image or
    autolink ("https:" and "www." are broken by the entities), no math, no ":red[…]"
    directive; the entities show as the characters they stand for."""
    return _AUTOLINK.sub(_WORD_JOINER, str(text)).translate(_MARKDOWN_ENTITIES)


def passing_mentions(db: Path, known_event: str) -> pd.DataFrame:
    """Sentences that name a known event in passing ("sinds de invasie")."""
    with Store(db, read_only=True) as store:
        return store.con.execute(
            "SELECT a.file AS article_file, a.title, a.source, a.published, s.text AS sentence FROM known_mentions k "
            "JOIN articles a USING (article_id) JOIN sentences s ON s.article_id = k.article_id "
            "AND s.idx = k.sentence_idx WHERE k.known_event = ? ORDER BY a.file", [known_event]).df()


def known_event_counts(db: Path) -> dict[str, int]:
    """How often each known event is reported or named in passing."""
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT known_event, count(*) FROM (SELECT known_event FROM events WHERE known_event IS NOT NULL "
            "AND NOT deleted UNION ALL SELECT known_event FROM known_mentions) GROUP BY known_event").fetchall()
    return {k: int(n) for k, n in rows}


def highlighted_html(text: str, start: int, end: int) -> str:
    """An article's text, escaped, with one sentence in <mark>, paragraphs kept."""
    start, end = max(0, int(start)), min(len(text), int(end))
    pieces = [plain(text[:start]), "<mark>", plain(text[start:end]), "</mark>", plain(text[end:])]
    body = "".join(pieces)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)


def snapshots(db: Path) -> pd.DataFrame:
    """The briefing snapshots (name, created_at, n_events), latest first."""
    with Store(db, read_only=True) as store:
        return store.snapshots_frame()


def changes_since(db: Path, snapshot: str) -> pd.DataFrame:
    """What changed since a briefing snapshot (core.views.changes.compare)."""
    from core.views.changes import compare  # changes are computed in Python from two reads

    with Store(db, read_only=True) as store:
        return compare(store.snapshot_mentions(snapshot), store.current_mentions(), store.live_article_ids())
