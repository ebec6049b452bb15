"""An analyst's corrections: an event's type, date, actors (all of them, who acts and on
whom), modality or headline; a
deleted event; an event added by hand with its citation; pinned key events; and taking
them back. This module checks what the user asks and calls the store, which keeps the
corrections apart and applies them after every write (core.store.corrections), so
they survive re-ingest. Undoing one parses its article again (core.ingest.run), which
is why curation sits with ingest, above the store: it uses both.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.ingest.run import ingest
from core.models import MODALITIES, EventType, Period
from core.settings import HEADLINE_MAX_CHARS
from core.store import Store

if TYPE_CHECKING:
    import pandas as pd

LOGGER = logging.getLogger(__name__)

EDITABLE = ("type", "date", "actors", "source_actors", "target_actors", "modality", "headline")
ROLES = ("source_actors", "target_actors")  # who acts, and on whom: among the event's actors
ROLE_WORDS = {"source_actors": "source actors (who acts)", "target_actors": "target actors (acted on)"}


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
    if field in ROLES:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise CorrectionRefused(f"the {ROLE_WORDS[field]} are a list of actor codes, not {value!r}")
        codes = list(dict.fromkeys(str(a).strip().upper() for a in value if str(a).strip()))
        if field == "source_actors" and not codes:
            raise CorrectionRefused("an event needs at least one source actor (who acts)")
        return codes
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


def _same(field: str, now: Any, value: Any) -> bool:
    if field == "actors" or field in ROLES:
        return list(now or []) == list(value)
    return bool(now == value)


def _check_roles(now: dict[str, Any], changes: dict[str, Any]) -> None:
    """Who acts and on whom, as they will be: among the event's actors, and no actor on
    both sides. Roles not corrected keep what is left of them among the actors (as the
    store keeps them)."""
    actors = list(changes.get("actors", now.get("actors")) or [])
    roles = {role: changes[role] if role in changes else [a for a in now.get(role) or [] if a in actors]
             for role in ROLES}
    for role in ROLES:
        if role not in changes:
            continue
        outside = [a for a in changes[role] if a not in actors]
        if outside:
            raise CorrectionRefused(f"the {ROLE_WORDS[role]} must be among the event's actors "
                                    f"({', '.join(outside)} is not): add them to the actors")
    both = [a for a in roles["source_actors"] if a in roles["target_actors"]]
    if both and any(role in changes for role in ROLES):
        raise CorrectionRefused(f"{', '.join(both)} cannot both act and be acted on")


def correct_event(db: Path, mention_key: str, changes: dict[str, Any]) -> list[int]:
    """Store the corrections of one event that change something, checked together (so
    that, say, source and target may swap), and apply them; returns their ids, in the
    order applied (actors before who acts). Refused when the event is gone or nothing
    would change."""
    unknown = [field for field in changes if field not in EDITABLE]
    if unknown:
        raise CorrectionRefused(f"{unknown[0]!r} cannot be corrected")
    with Store(db) as store:
        now = store.event_state(mention_key)
        if now is None:
            raise CorrectionRefused("no such event (its article may have changed or been removed)")
        changed = {}
        for field in EDITABLE:  # a field left as it is need not be valid (an event without a date)
            if field in changes and not _same(field, now.get(field), changes[field]):
                value = _validated(field, changes[field])
                if not _same(field, now.get(field), value):
                    changed[field] = value
        if not changed:
            raise CorrectionRefused("nothing changed")
        _check_roles(now, changed)
        ids = [store.add_correction("event", mention_key, field, value) for field, value in changed.items()]
        store.apply_corrections([mention_key.split(":")[0]])
        store.merge(full=True)
    return ids


def correct(db: Path, mention_key: str, field: str, value: Any) -> int:
    """Store one correction of an event and apply it; returns its id. Refused when the
    event is gone, or when it already is as asked (nothing would change)."""
    value = _validated(field, value)
    with Store(db) as store:
        now = store.event_state(mention_key)
        if now is None:
            raise CorrectionRefused("no such event (its article may have changed or been removed)")
        if field in now and _same(field, now[field], value):
            raise CorrectionRefused(f"the event's {field} already is {value!r}: nothing changed")
        if field in ROLES:
            _check_roles(now, {field: value})
        correction_id = store.add_correction("event", mention_key, field, value)
        store.apply_corrections([mention_key.split(":")[0]])
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
        if not store.has_article(article_id):
            raise CorrectionRefused("no such article")
        correction_id = store.add_correction("new", article_id, "added", record)
        store.apply_corrections([article_id])
        store.merge(full=True)
    return correction_id


def _active(store: Store, correction_id: int) -> tuple[str, str]:
    """(target, target_id) of a correction still in force; refused otherwise, since
    acting on it would change nothing."""
    row = store.correction(correction_id)
    if row is None:
        raise CorrectionRefused("no such correction")
    if row[2]:
        raise CorrectionRefused(f"correction #{correction_id} is already undone or dropped: nothing changed")
    return row[0], row[1]


def undo(db: Path, correction_id: int) -> None:
    """Take a correction back: the article is parsed again and the other corrections applied."""
    with Store(db) as store:
        _, target_id = _active(store, correction_id)
        store.undo_correction(correction_id)
        path = store.live_article_path(target_id.split(":")[0])
    if path:
        ingest([Path(path)], db, force=True)
    else:
        with Store(db) as store:
            store.orphaned_corrections()


def drop(db: Path, correction_id: int) -> None:
    """Give up an orphaned correction (it stays in the audit as dropped)."""
    with Store(db) as store:
        _active(store, correction_id)
        store.drop_correction(correction_id)


def reattach(db: Path, correction_id: int, mention_key: str) -> None:
    """Attach an orphaned event correction to an event the user chose, and apply it."""
    with Store(db) as store:
        if _active(store, correction_id)[0] != "event":
            raise CorrectionRefused("only a correction of an event can be attached to another event")
        if not store.move_correction(correction_id, mention_key):
            raise CorrectionRefused("no such event")
        store.merge(full=True)
        store.orphaned_corrections()


def audit(db: Path) -> pd.DataFrame:
    """Every correction, newest first, with whether it was undone and whether it still
    applies (`status`: applied, orphaned, dropped, undone)."""
    with Store(db, read_only=True) as store:
        return store.audit()
