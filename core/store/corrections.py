"""Corrections in the store: kept in their own table, applied onto the parsed events
after every write (so they survive a re-ingest), moved to their event when its article
was edited, and listed in the audit. What a user may correct, and how a correction is
checked, is core.ingest.curation's; this module only stores and applies.

A correction names its event by the article's content hash, which an edit of the
article changes; so it also keeps an anchor (the file, the sentence, where it started,
its trigger). When the hash no longer matches, the correction is moved to the event of
the new text whose sentence is most like the anchor's (difflib), or, with nothing close
enough, marked orphaned: said in the ingest summary and the audit, to be re-attached or
dropped by the user, never lost silently.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.models import QUAD_AND_SCORE, EventType, Period
from core.parse.headlines import headline_of
from core.store.connection import Connection
from core.store.schema import event_table

if TYPE_CHECKING:  # pandas is imported by DuckDB when a frame is asked for
    import pandas as pd

# corrections that change what the automatic headline says
HEADLINE_INPUTS = frozenset({"type", "actors", "source_actors", "target_actors", "modality"})
REANCHOR_MIN_SIMILARITY = 0.75  # a sentence this alike (difflib ratio, 0-1) is the same sentence edited
EVENT_STATE = ("type", "date", "actors", "source_actors", "target_actors", "modality", "deleted", "pinned",
               "headline")
HEADLINE_FACTS = ("type", "modality", "actors", "source_actors", "target_actors", "people", "known_event", "language")


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


class Corrections(Connection):
    """The corrections table and its application onto the events."""

    # ------------------------------------------------------------------ what curation asks
    def event_state(self, mention_key: str) -> dict[str, Any] | None:
        """An event's correctable fields as they stand (EVENT_STATE), or None when it is gone."""
        row = self._one(f"SELECT {', '.join(EVENT_STATE)} FROM events WHERE mention_key = ?", [mention_key])
        return dict(zip(EVENT_STATE, row)) if row else None

    def has_article(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE article_id = ?", [article_id]) is not None

    def live_article_path(self, article_id: str) -> str | None:
        """The file of an article that is still there."""
        return self._value("SELECT path FROM articles WHERE article_id = ? AND NOT coalesce(removed, FALSE)",
                           [article_id])

    def correction(self, correction_id: int) -> tuple[str, str, bool] | None:
        """(target, target_id, undone) of a correction."""
        row = self._one("SELECT target, target_id, undone FROM corrections WHERE id = ?", [correction_id])
        return (row[0], row[1], bool(row[2])) if row else None

    def article_publication(self, article_id: str) -> tuple[str, bool, str | None, str | None] | None:
        """(path, removed, published, published_basis) of an article."""
        row = self._one("SELECT path, coalesce(removed, FALSE), published, published_basis FROM articles "
                        "WHERE article_id = ?", [article_id])
        return (row[0], bool(row[1]), row[2], row[3]) if row else None

    def has_user_publication(self, path: str, date: str) -> bool:
        """Whether the article of a file has the publication date a user set."""
        return bool(self._value("SELECT count(*) FROM articles WHERE path = ? AND published = ? "
                                "AND published_basis = 'user'", [path, date]))

    # ------------------------------------------------------------------ storing
    def add_correction(self, target: str, target_id: str, field: str, value: Any) -> int:
        """Store a correction with its anchor: the file, the article's label, and for an
        event its sentence, where it starts and its trigger (what survives an edit)."""
        anchor: tuple[Any, ...] = (None, None, None, None, None)
        if target == "event":
            row = self._one("SELECT a.path, a.file, e.sentence, e.char_start, e.trigger FROM events e "
                            "JOIN articles a ON a.article_id = e.article_id WHERE e.mention_key = ?", [target_id])
            anchor = tuple(row) if row else anchor
        else:
            row = self._one("SELECT path, file FROM articles WHERE article_id = ?", [target_id])
            sentence = value.get("sentence") if isinstance(value, dict) else None
            anchor = (row[0], row[1], sentence, None, None) if row else anchor
        return int(self._value(
            "INSERT INTO corrections (target, target_id, field, value, created_at, anchor_path, anchor_file, "
            "anchor_sentence, anchor_start, anchor_trigger, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied') "
            "RETURNING id", [target, target_id, field, json.dumps(value), dt.datetime.now(), *anchor]))

    def undo_correction(self, correction_id: int) -> None:
        self._run("UPDATE corrections SET undone = TRUE WHERE id = ?", [correction_id])

    def drop_correction(self, correction_id: int) -> None:
        """Give up a correction: it stays in the audit as dropped."""
        self._run("UPDATE corrections SET undone = TRUE, status = 'dropped' WHERE id = ?", [correction_id])

    def move_correction(self, correction_id: int, mention_key: str) -> bool:
        """Anchor an event's correction on another event (the user's choice) and apply it;
        False when there is no such event."""
        event = self._one("SELECT e.sentence, e.char_start, e.trigger, a.path, a.file FROM events e JOIN "
                          "articles a ON a.article_id = e.article_id WHERE e.mention_key = ?", [mention_key])
        if event is None:
            return False
        self._run("UPDATE corrections SET target_id = ?, anchor_sentence = ?, anchor_start = ?, anchor_trigger = ?, "
                  "anchor_path = ?, anchor_file = ?, status = 'applied' WHERE id = ?",
                  [mention_key, *event, correction_id])
        self.apply_corrections([mention_key.split(":")[0]])
        return True

    def published_overrides(self) -> dict[str, str]:
        """The publication dates users set: by article_id, and by "path#article label"
        (so that the date still applies after an edit changes the article's id)."""
        rows = self._rows("SELECT target_id, value, anchor_path, anchor_file FROM corrections WHERE NOT undone "
                          "AND target = 'article' AND field = 'published' ORDER BY id")
        out: dict[str, str] = {}
        for target_id, value, path, file in rows:
            out[target_id] = json.loads(value)
            if path and file:
                out[f"{path}#{file}"] = json.loads(value)
        return out

    def orphaned_corrections(self) -> int:
        """Marks every active correction as applied or orphaned (its event or article is not
        in the store any more); returns how many are orphaned."""
        with self.transaction():
            self._run("""
                UPDATE corrections SET status = CASE
                    WHEN target = 'event' AND target_id IN (SELECT mention_key FROM events) THEN 'applied'
                    WHEN target IN ('new', 'article') AND target_id IN
                        (SELECT article_id FROM articles WHERE NOT coalesce(removed, FALSE)) THEN 'applied'
                    ELSE 'orphaned' END
                WHERE NOT undone AND coalesce(status, 'applied') <> 'dropped'""")
        return int(self._value("SELECT count(*) FROM corrections WHERE NOT undone AND status = 'orphaned'"))

    def audit(self) -> pd.DataFrame:
        """Every correction, newest first, with whether it was undone and whether it still
        applies (`status`: applied, orphaned, dropped, undone)."""
        return self._frame(
            "SELECT c.id, c.created_at, c.target, c.target_id, c.field, c.value, c.undone, "
            "CASE WHEN c.undone AND coalesce(c.status, '') <> 'dropped' THEN 'undone' "
            "ELSE coalesce(c.status, 'applied') END AS status, "
            "coalesce(e.sentence, c.anchor_sentence, '') AS sentence, coalesce(c.anchor_file, '') AS article "
            "FROM corrections c LEFT JOIN events e ON e.mention_key = c.target_id "
            "WHERE c.target IN ('event', 'new', 'article') ORDER BY c.id DESC")

    # ------------------------------------------------------------------ applying
    def apply_corrections(self, article_ids: list[str] | None = None) -> Applied:
        """Apply the active corrections (of some articles, or all) onto the stored events;
        a correction whose article was edited is first moved to its event in the new text."""
        rows = self._rows("SELECT id, target, target_id, field, value, anchor_path, anchor_file, anchor_sentence, "
                          "anchor_start, anchor_trigger FROM corrections WHERE NOT undone "
                          "AND target IN ('event', 'new', 'article') ORDER BY id")
        wanted = set(article_ids) if article_ids is not None else None
        by_anchor: dict[tuple[str, str], str] = {}
        if wanted:
            by_anchor = {(r[0], r[1]): r[2] for r in self._rows(
                "SELECT path, file, article_id FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [sorted(wanted)])}
        done = Applied()
        for correction_id, target, target_id, field, raw, path, file, sentence, start, trigger in rows:
            article_id = target_id.split(":")[0]
            value = json.loads(raw)
            if wanted is not None and article_id not in wanted:
                edited = by_anchor.get((path, file))
                if edited is None or self._exists(target, target_id):
                    continue
                # the article at this correction's file was edited: find its target in the new text
                if target == "event":
                    new_key = self._reanchored_event(edited, target_id, sentence, start, trigger)
                    if new_key is None:
                        continue  # orphaned (orphaned_corrections says so)
                    target_id, article_id = new_key, edited
                elif target == "new":
                    cited = self._reanchored_sentence(edited, value["sentence"])
                    if cited is None:
                        continue
                    value = {**value, "article_id": edited, "sentence": cited}
                    target_id, article_id = edited, edited
                else:
                    target_id, article_id = edited, edited
                self._run("UPDATE corrections SET target_id = ?, value = ?, status = 'applied' WHERE id = ?",
                          [target_id, json.dumps(value), correction_id])
                done.reattached += 1
            if target == "article":
                continue  # a publication date is applied before the parse (core.ingest.run)
            if target == "new":
                done.applied += self._insert_added(correction_id, value)
                continue
            self._apply_to_event(target_id, field, value)
            done.applied += 1
        return done

    def _apply_to_event(self, mention_key: str, field: str, value: Any) -> None:
        if field == "type":
            quad, score = QUAD_AND_SCORE[EventType(value)]
            self._run("UPDATE events SET type = ?, quad = ?, score = ? WHERE mention_key = ?",
                      [value, quad, score, mention_key])
        elif field == "date":
            period = Period.parse(value)
            self._run("UPDATE events SET date = ?, granularity = ?, date_start = ?, date_end = ?, "
                      "date_basis = 'user', date_text = 'corrected by an analyst' WHERE mention_key = ?",
                      [period.label, period.granularity.value, period.start, period.end, mention_key])
        elif field == "actors":  # who acts and on whom: those still among the actors
            roles = self._one("SELECT source_actors, target_actors FROM events WHERE mention_key = ?", [mention_key])
            source, target = ([a for a in role or [] if a in value] for role in (roles or ([], [])))
            self._run("UPDATE events SET actors = ?, source_actors = ?, target_actors = ? WHERE mention_key = ?",
                      [value, source, target, mention_key])
        elif field in ("source_actors", "target_actors", "modality", "deleted", "pinned", "headline"):
            self._run(f"UPDATE events SET {field} = ? WHERE mention_key = ?", [value, mention_key])
        self._run("UPDATE events SET corrected = list_distinct(list_append(coalesce(corrected, []), ?)) "
                  "WHERE mention_key = ?", [field, mention_key])
        if field in HEADLINE_INPUTS:
            self._refresh_headline(mention_key)

    def _exists(self, target: str, target_id: str) -> bool:
        if target == "event":
            return self._one("SELECT 1 FROM events WHERE mention_key = ?", [target_id]) is not None
        return self._one("SELECT 1 FROM articles WHERE article_id = ? AND NOT coalesce(removed, FALSE)",
                         [target_id]) is not None

    def _reanchored_event(self, article_id: str, target_id: str, sentence: str | None, start: int | None,
                          trigger: str | None) -> str | None:
        """The mention_key, in the edited article, of the event a correction was made on."""
        parts = target_id.split(":")
        if len(parts) == 3 and parts[1] == "user":  # an event added by hand: it keeps its correction's number
            key = f"{article_id}:user:{parts[2]}"
            return key if self._one("SELECT 1 FROM events WHERE mention_key = ?", [key]) else None
        anchor = _normalised(sentence)
        best: tuple[float, int, int] | None = None
        chosen = None
        for key, text, char_start, event_trigger in self._rows(
                "SELECT mention_key, sentence, char_start, trigger FROM events WHERE article_id = ? "
                "AND mention_key NOT LIKE '%:user:%'", [article_id]):
            ratio = _similarity(anchor, _normalised(text))
            if ratio < REANCHOR_MIN_SIMILARITY:
                continue
            # the most alike sentence; among its events, the same trigger, then the nearest place
            rank = (ratio, int(event_trigger == trigger), -abs((char_start or 0) - (start or 0)))
            if best is None or rank > best:
                best, chosen = rank, key
        return chosen

    def _reanchored_sentence(self, article_id: str, sentence: str) -> str | None:
        """The sentence of the edited article that a hand-added event cites (as it reads now)."""
        text = self._value("SELECT text FROM articles WHERE article_id = ?", [article_id])
        if text and sentence in text:
            return sentence
        anchor = _normalised(sentence)
        scored = [(_similarity(anchor, _normalised(s)), s) for (s,) in
                  self._rows("SELECT text FROM sentences WHERE article_id = ?", [article_id])]
        ratio, best = max(scored, default=(0.0, None))
        return best if ratio >= REANCHOR_MIN_SIMILARITY else None

    def _refresh_headline(self, mention_key: str) -> None:
        """The automatic headline again after a correction of what it says; an analyst's own
        headline stays. A corrected actor list decides who acts: the parser's source and
        target actors are kept where they are still among the actors."""
        row = self._one(f"SELECT {', '.join(HEADLINE_FACTS)}, corrected FROM events WHERE mention_key = ?",
                        [mention_key])
        if row is None or "headline" in (row[-1] or []):
            return
        record = dict(zip(HEADLINE_FACTS, row[:-1]))
        actors = list(record["actors"] or [])
        record["source_actors"] = [a for a in record["source_actors"] or [] if a in actors] or actors[:1]
        record["target_actors"] = [a for a in record["target_actors"] or [] if a in actors]
        self._run("UPDATE events SET headline = ? WHERE mention_key = ?", [headline_of(record), mention_key])

    def _insert_added(self, correction_id: int, record: dict[str, Any]) -> int:
        """The event of an 'added' correction, written again (its key keeps the correction's number)."""
        article = self._one("SELECT file, text, language FROM articles WHERE article_id = ?", [record["article_id"]])
        if article is None:
            return 0
        file, text, language = article
        key = f"{record['article_id']}:user:{correction_id}"
        self._run("DELETE FROM events WHERE mention_key = ?", [key])
        start = (text or "").find(record["sentence"])
        start, end = (start, start + len(record["sentence"])) if start >= 0 else (0, 0)
        period = Period.parse(record["date"])
        quad, score = QUAD_AND_SCORE[EventType(record["type"])]
        mention_id = f"user-{correction_id}"
        actors = list(record["actors"])
        event = {"mention_id": mention_id, "event_id": mention_id, "article_id": record["article_id"],
                 "article_file": file, "sentence_idx": -1, "char_start": start, "char_end": end,
                 "sentence": record["sentence"], "trigger": "", "type": record["type"], "quad": quad, "score": score,
                 "actors": actors, "source_actors": actors[:1], "target_actors": [], "people": [],
                 "modality": record["modality"], "date": period.label, "granularity": period.granularity.value,
                 "date_start": period.start, "date_end": period.end, "date_text": "added by an analyst",
                 "date_basis": "user", "confidence": 1.0, "known_event": None, "language": language, "context": [],
                 "mention_key": key}
        event["headline"] = record.get("headline") or headline_of(
            {**event, "source_actors": actors[:1], "target_actors": actors[1:]})
        self._insert("events", event_table([event]))
        self._run("UPDATE events SET corrected = ['added'] WHERE mention_key = ?", [key])
        return 1
