"""An analyst's corrections: an event's type, date, actors or modality; a deleted
event; an event added by hand with its citation; pinned key events.

Corrections live in their own table and are applied onto the parsed events after every
write, so they survive re-ingest; undoing one parses the article again and applies the
others. Every correction is listed in the audit (`audit`).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from core.headlines import headline_of
from core.models import QUAD_AND_SCORE, MODALITIES, EventType, Period
from core.settings import HEADLINE_MAX_CHARS
from core.store import Store

if TYPE_CHECKING:  # pandas is imported by DuckDB when a frame is asked for
    import pandas as pd

LOGGER = logging.getLogger(__name__)

EDITABLE = ("type", "date", "actors", "modality", "headline")
# corrections that change what the automatic headline says
HEADLINE_INPUTS = frozenset({"type", "actors", "modality"})
ACTIONS = EDITABLE + ("deleted", "pinned", "added")


class CorrectionRefused(ValueError):
    """A correction that is not stored, with the reason."""


def _validated(field: str, value: Any) -> Any:
    if field == "type":
        if value not in {t.value for t in EventType}:
            raise CorrectionRefused(f"{value!r} is not an event type")
        return value
    if field == "date":
        try:
            return Period.parse(str(value)).label
        except (ValueError, IndexError) as exc:
            raise CorrectionRefused(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from exc
    if field == "actors":
        actors = [str(a).strip().upper() for a in value if str(a).strip()]
        if not actors:
            raise CorrectionRefused("an event needs at least one actor")
        return actors
    if field == "modality":
        if value not in MODALITIES:
            raise CorrectionRefused(f"{value!r} is not a modality ({', '.join(MODALITIES)})")
        return value
    if field == "headline":
        text = " ".join(str(value).split())
        if not text:
            raise CorrectionRefused("a headline needs some words")
        if len(text) > HEADLINE_MAX_CHARS:
            raise CorrectionRefused(f"a headline has at most {HEADLINE_MAX_CHARS} characters (this one {len(text)})")
        return text
    if field in ("deleted", "pinned"):
        return bool(value)
    raise CorrectionRefused(f"{field!r} cannot be corrected")


def correct(db: Path, mention_key: str, field: str, value: Any) -> int:
    """Store one correction of an event and apply it; returns its id."""
    value = _validated(field, value)
    with Store(db) as store:
        if not store.con.execute("SELECT 1 FROM events WHERE mention_key = ?", [mention_key]).fetchone():
            raise CorrectionRefused("no such event")
        correction_id = store.add_correction("event", mention_key, field, value)
        apply_corrections(store.con, [mention_key.split(":")[0]])
        store.merge(full=True)
    return correction_id


def add_event(db: Path, article_id: str, sentence: str, type: str, date: str, actors: list[str],
              modality: str = "actual", headline: str | None = None) -> int:
    """An event the parser missed, with the sentence that reports it (and a headline,
    else the automatic one: the first actor acts on the others); returns its id."""
    record = {"article_id": article_id, "sentence": sentence.strip(), "type": _validated("type", type),
              "date": _validated("date", date), "actors": _validated("actors", actors),
              "modality": _validated("modality", modality),
              "headline": _validated("headline", headline) if headline and headline.strip() else None}
    if len(record["sentence"]) < 10:
        raise CorrectionRefused("cite the sentence that reports the event")
    with Store(db) as store:
        if not store.con.execute("SELECT 1 FROM articles WHERE article_id = ?", [article_id]).fetchone():
            raise CorrectionRefused("no such article")
        correction_id = store.add_correction("new", article_id, "added", record)
        apply_corrections(store.con, [article_id])
        store.merge(full=True)
    return correction_id


def undo(db: Path, correction_id: int) -> None:
    """Take a correction back: the article is parsed again and the other corrections applied."""
    from core.ingest import ingest

    with Store(db) as store:
        row = store.con.execute("SELECT target_id FROM corrections WHERE id = ?", [correction_id]).fetchone()
        if row is None:
            raise CorrectionRefused("no such correction")
        store.undo_correction(correction_id)
        article_id = row[0].split(":")[0]
        path = store.con.execute("SELECT path FROM articles WHERE article_id = ?", [article_id]).fetchone()
    if path:
        ingest([Path(path[0])], db, force=True)


def audit(db: Path) -> pd.DataFrame:
    """Every correction, newest first, with whether it was undone."""
    with Store(db, read_only=True) as store:
        return store.con.execute(
            "SELECT c.id, c.created_at, c.target, c.target_id, c.field, c.value, c.undone, "
            "coalesce(e.sentence, '') AS sentence FROM corrections c "
            "LEFT JOIN events e ON e.mention_key = c.target_id WHERE c.target IN ('event', 'new') "
            "ORDER BY c.id DESC").df()


def apply_corrections(con: duckdb.DuckDBPyConnection, article_ids: list[str] | None = None) -> int:
    """Apply the active corrections (of some articles, or all) onto the stored events."""
    sql = "SELECT id, target, target_id, field, value FROM corrections WHERE NOT undone AND target IN ('event', 'new')"
    rows = con.execute(sql + " ORDER BY id").fetchall()
    wanted = set(article_ids) if article_ids is not None else None
    applied = 0
    for correction_id, target, target_id, field, raw in rows:
        article_id = target_id.split(":")[0]
        if wanted is not None and article_id not in wanted:
            continue
        value = json.loads(raw)
        if target == "new":
            applied += _insert_added(con, correction_id, value)
            continue
        if field == "type":
            quad, score = QUAD_AND_SCORE[EventType(value)]
            con.execute("UPDATE events SET type = ?, quad = ?, score = ? WHERE mention_key = ?",
                        [value, quad, score, target_id])
        elif field == "date":
            period = Period.parse(value)
            con.execute("UPDATE events SET date = ?, granularity = ?, date_start = ?, date_end = ?, "
                        "date_basis = 'user', date_text = 'corrected by an analyst' WHERE mention_key = ?",
                        [period.label, period.granularity.value, period.start, period.end, target_id])
        elif field == "actors":
            con.execute("UPDATE events SET actors = ? WHERE mention_key = ?", [value, target_id])
        elif field in ("modality", "deleted", "pinned", "headline"):
            con.execute(f"UPDATE events SET {field} = ? WHERE mention_key = ?", [value, target_id])
        con.execute("UPDATE events SET corrected = list_distinct(list_append(coalesce(corrected, []), ?)) "
                    "WHERE mention_key = ?", [field, target_id])
        if field in HEADLINE_INPUTS:
            _refresh_headline(con, target_id)
        applied += 1
    return applied


def _refresh_headline(con: duckdb.DuckDBPyConnection, mention_key: str) -> None:
    """The automatic headline again after a correction of what it says; an analyst's own
    headline stays. A corrected actor list decides who acts: the parser's source and
    target actors are kept where they are still among the actors."""
    row = con.execute("SELECT type, modality, actors, source_actors, target_actors, people, known_event, language, "
                      "corrected FROM events WHERE mention_key = ?", [mention_key]).fetchone()
    if row is None or "headline" in (row[8] or []):
        return
    keys = ("type", "modality", "actors", "source_actors", "target_actors", "people", "known_event", "language")
    record = dict(zip(keys, row[:8]))
    actors = list(record["actors"] or [])
    record["source_actors"] = [a for a in record["source_actors"] or [] if a in actors] or actors[:1]
    record["target_actors"] = [a for a in record["target_actors"] or [] if a in actors]
    con.execute("UPDATE events SET headline = ? WHERE mention_key = ?", [headline_of(record), mention_key])


def _insert_added(con: duckdb.DuckDBPyConnection, correction_id: int, record: dict[str, Any]) -> int:
    article = con.execute("SELECT file, text, language FROM articles WHERE article_id = ?",
                          [record["article_id"]]).fetchone()
    if article is None:
        return 0
    key = f"{record['article_id']}:user:{correction_id}"
    con.execute("DELETE FROM events WHERE mention_key = ?", [key])
    start = (article[1] or "").find(record["sentence"])
    start, end = (start, start + len(record["sentence"])) if start >= 0 else (0, 0)
    period = Period.parse(record["date"])
    quad, score = QUAD_AND_SCORE[EventType(record["type"])]
    mention_id = f"user-{correction_id}"
    con.execute(
        "INSERT INTO events (mention_id, event_id, article_id, article_file, sentence_idx, char_start, char_end, "
        "sentence, trigger, type, quad, score, actors, source_actors, target_actors, people, modality, date, "
        "granularity, date_start, date_end, date_text, date_basis, confidence, known_event, language, context, "
        "mention_key, corrected, headline) VALUES (?, ?, ?, ?, -1, ?, ?, ?, '', ?, ?, ?, ?, ?, [], [], ?, ?, ?, ?, "
        "?, 'added by an analyst', 'user', 1.0, NULL, ?, [], ?, ['added'], ?)",
        [mention_id, mention_id, record["article_id"], article[0], start, end, record["sentence"], record["type"],
         quad, score, record["actors"], record["actors"][:1], record["modality"], period.label,
         period.granularity.value, period.start, period.end, article[2], key,
         record.get("headline") or headline_of({"type": record["type"], "modality": record["modality"],
                                                "actors": record["actors"], "source_actors": record["actors"][:1],
                                                "target_actors": record["actors"][1:], "language": article[2]})])
    return 1
