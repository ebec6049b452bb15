"""An analyst's corrections: an event's type, date, actors or modality; a deleted
event; an event added by hand with its citation; pinned key events.

Corrections live in their own table and are applied onto the parsed events after every
write, so they survive re-ingest; undoing one parses the article again and applies the
others. Every correction is listed in the audit (`audit`).

A correction names its event by the article's content hash, which an edit of the
article changes; so it also keeps an anchor (the file, the sentence, where it started,
its trigger). When the hash no longer matches, the correction is moved to the event of
the new text whose sentence is most like the anchor's (difflib), or, with nothing close
enough, marked orphaned: said in the ingest summary and the audit, to be re-attached or
dropped by the user, never lost silently.
"""
from __future__ import annotations

import difflib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from core.models import MODALITIES, QUAD_AND_SCORE, EventType, Period
from core.settings import HEADLINE_MAX_CHARS
from core.store import Store
from core.views.headlines import headline_of

if TYPE_CHECKING:  # pandas is imported by DuckDB when a frame is asked for
    import pandas as pd

LOGGER = logging.getLogger(__name__)

EDITABLE = ("type", "date", "actors", "modality", "headline")
# corrections that change what the automatic headline says
HEADLINE_INPUTS = frozenset({"type", "actors", "modality"})
ACTIONS = EDITABLE + ("deleted", "pinned", "added")
REANCHOR_MIN_SIMILARITY = 0.75  # a sentence this alike (difflib ratio, 0-1) is the same sentence edited


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
    """Store one correction of an event and apply it; returns its id. Refused when the
    event is gone, or when it already is as asked (nothing would change)."""
    value = _validated(field, value)
    with Store(db) as store:
        current = store.con.execute("SELECT type, date, actors, modality, deleted, pinned, headline FROM events "
                                    "WHERE mention_key = ?", [mention_key]).fetchone()
        if current is None:
            raise CorrectionRefused("no such event (its article may have changed or been removed)")
        now = dict(zip(("type", "date", "actors", "modality", "deleted", "pinned", "headline"), current))
        if field in now and (list(now[field]) if field == "actors" else now[field]) == value:
            raise CorrectionRefused(f"the event's {field} already is {value!r}: nothing changed")
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


def _active(store: Store, correction_id: int) -> tuple[str, str]:
    """(target, target_id) of a correction still in force; refused otherwise, since
    acting on it would change nothing."""
    row = store.con.execute("SELECT target, target_id, undone FROM corrections WHERE id = ?",
                            [correction_id]).fetchone()
    if row is None:
        raise CorrectionRefused("no such correction")
    if row[2]:
        raise CorrectionRefused(f"correction #{correction_id} is already undone or dropped: nothing changed")
    return row[0], row[1]


def undo(db: Path, correction_id: int) -> None:
    """Take a correction back: the article is parsed again and the other corrections applied."""
    from core.ingest.run import ingest

    with Store(db) as store:
        _, target_id = _active(store, correction_id)
        store.undo_correction(correction_id)
        article_id = target_id.split(":")[0]
        path = store.con.execute("SELECT path FROM articles WHERE article_id = ? AND NOT coalesce(removed, FALSE)",
                                 [article_id]).fetchone()
    if path:
        ingest([Path(path[0])], db, force=True)
    else:
        with Store(db) as store:
            store.orphaned_corrections()


def drop(db: Path, correction_id: int) -> None:
    """Give up an orphaned correction (it stays in the audit as dropped)."""
    with Store(db) as store:
        _active(store, correction_id)
        store.con.execute("UPDATE corrections SET undone = TRUE, status = 'dropped' WHERE id = ?", [correction_id])


def reattach(db: Path, correction_id: int, mention_key: str) -> None:
    """Attach an orphaned event correction to an event the user chose, and apply it."""
    with Store(db) as store:
        if _active(store, correction_id)[0] != "event":
            raise CorrectionRefused("only a correction of an event can be attached to another event")
        event = store.con.execute("SELECT e.sentence, e.char_start, e.trigger, a.path, a.file FROM events e JOIN "
                                  "articles a ON a.article_id = e.article_id WHERE e.mention_key = ?",
                                  [mention_key]).fetchone()
        if event is None:
            raise CorrectionRefused("no such event")
        store.con.execute("UPDATE corrections SET target_id = ?, anchor_sentence = ?, anchor_start = ?, "
                          "anchor_trigger = ?, anchor_path = ?, anchor_file = ?, status = 'applied' WHERE id = ?",
                          [mention_key, *event, correction_id])
        apply_corrections(store.con, [mention_key.split(":")[0]])
        store.merge(full=True)
        store.orphaned_corrections()


def audit(db: Path) -> pd.DataFrame:
    """Every correction, newest first, with whether it was undone and whether it still
    applies (`status`: applied, orphaned, dropped)."""
    with Store(db, read_only=True) as store:
        return store.con.execute(
            "SELECT c.id, c.created_at, c.target, c.target_id, c.field, c.value, c.undone, "
            "CASE WHEN c.undone AND coalesce(c.status, '') <> 'dropped' THEN 'undone' "
            "ELSE coalesce(c.status, 'applied') END AS status, "
            "coalesce(e.sentence, c.anchor_sentence, '') AS sentence, coalesce(c.anchor_file, '') AS article "
            "FROM corrections c LEFT JOIN events e ON e.mention_key = c.target_id "
            "WHERE c.target IN ('event', 'new', 'article') ORDER BY c.id DESC").df()


@dataclass(slots=True)
class Applied:
    """What applying the corrections did."""

    applied: int = 0
    reattached: int = 0


def _normalised(sentence: str | None) -> str:
    return re.sub(r"\s+", " ", (sentence or "").casefold()).strip()


def _similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < REANCHOR_MIN_SIMILARITY or matcher.quick_ratio() < REANCHOR_MIN_SIMILARITY:
        return 0.0
    return matcher.ratio()


def _reanchored_event(con: duckdb.DuckDBPyConnection, article_id: str, target_id: str,
                      sentence: str | None, start: int | None, trigger: str | None) -> str | None:
    """The mention_key, in the edited article, of the event a correction was made on."""
    parts = target_id.split(":")
    if len(parts) == 3 and parts[1] == "user":  # an event added by hand: it keeps its correction's number
        key = f"{article_id}:user:{parts[2]}"
        return key if con.execute("SELECT 1 FROM events WHERE mention_key = ?", [key]).fetchone() else None
    anchor = _normalised(sentence)
    best: tuple[float, int, int] | None = None
    chosen = None
    for key, text, char_start, event_trigger in con.execute(
            "SELECT mention_key, sentence, char_start, trigger FROM events WHERE article_id = ? "
            "AND mention_key NOT LIKE '%:user:%'", [article_id]).fetchall():
        ratio = _similarity(anchor, _normalised(text))
        if ratio < REANCHOR_MIN_SIMILARITY:
            continue
        # the most alike sentence; among its events, the same trigger, then the nearest place
        rank = (ratio, int(event_trigger == trigger), -abs((char_start or 0) - (start or 0)))
        if best is None or rank > best:
            best, chosen = rank, key
    return chosen


def _reanchored_sentence(con: duckdb.DuckDBPyConnection, article_id: str, sentence: str) -> str | None:
    """The sentence of the edited article that a hand-added event cites (as it reads now)."""
    text = con.execute("SELECT text FROM articles WHERE article_id = ?", [article_id]).fetchone()
    if text and sentence in (text[0] or ""):
        return sentence
    anchor = _normalised(sentence)
    scored = [(_similarity(anchor, _normalised(s)), s) for (s,) in
              con.execute("SELECT text FROM sentences WHERE article_id = ?", [article_id]).fetchall()]
    ratio, best = max(scored, default=(0.0, None))
    return best if ratio >= REANCHOR_MIN_SIMILARITY else None


def _exists(con: duckdb.DuckDBPyConnection, target: str, target_id: str) -> bool:
    if target == "event":
        return con.execute("SELECT 1 FROM events WHERE mention_key = ?", [target_id]).fetchone() is not None
    return con.execute("SELECT 1 FROM articles WHERE article_id = ? AND NOT coalesce(removed, FALSE)",
                       [target_id]).fetchone() is not None


def apply_corrections(con: duckdb.DuckDBPyConnection, article_ids: list[str] | None = None) -> Applied:
    """Apply the active corrections (of some articles, or all) onto the stored events;
    a correction whose article was edited is first moved to its event in the new text."""
    sql = ("SELECT id, target, target_id, field, value, anchor_path, anchor_file, anchor_sentence, anchor_start, "
           "anchor_trigger FROM corrections WHERE NOT undone AND target IN ('event', 'new', 'article')")
    rows = con.execute(sql + " ORDER BY id").fetchall()
    wanted = set(article_ids) if article_ids is not None else None
    by_anchor: dict[tuple[str, str], str] = {}
    if wanted:
        by_anchor = {(r[0], r[1]): r[2] for r in con.execute(
            "SELECT path, file, article_id FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(wanted)]).fetchall()}
    done = Applied()
    for correction_id, target, target_id, field, raw, path, file, sentence, start, trigger in rows:
        article_id = target_id.split(":")[0]
        value = json.loads(raw)
        if wanted is not None and article_id not in wanted:
            edited = by_anchor.get((path, file))
            if edited is None or _exists(con, target, target_id):
                continue
            # the article at this correction's file was edited: find its target in the new text
            if target == "event":
                new_key = _reanchored_event(con, edited, target_id, sentence, start, trigger)
                if new_key is None:
                    continue  # orphaned (Store.orphaned_corrections says so)
                target_id, article_id = new_key, edited
            elif target == "new":
                cited = _reanchored_sentence(con, edited, value["sentence"])
                if cited is None:
                    continue
                value = {**value, "article_id": edited, "sentence": cited}
                target_id, article_id = edited, edited
            else:
                target_id, article_id = edited, edited
            con.execute("UPDATE corrections SET target_id = ?, value = ?, status = 'applied' WHERE id = ?",
                        [target_id, json.dumps(value), correction_id])
            done.reattached += 1
        if target == "article":
            continue  # a publication date is applied before the parse (core.ingest.run)
        if target == "new":
            done.applied += _insert_added(con, correction_id, value)
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
        done.applied += 1
    return done


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
