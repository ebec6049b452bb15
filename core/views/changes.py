"""What changed since a briefing: the events as a snapshot kept them against the events now.

A snapshot keeps every mention (the event as one article reports it) under its stable
`mention_key`. An event of the snapshot is followed through its mentions: where they are
now tells whether it is still there (and what changed), merged into another event, or
gone, and why. Pure: two frames in (`Store.snapshot_mentions`, `Store.current_mentions`),
one frame out, one row per change.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from core.store.reads import snapshot_and_now
from core.views import export

CHANGE_COLUMNS = ("change", "event_id", "headline", "date", "type", "actors", "field", "old", "new", "reason",
                  "sources", "new_sources", "mention_key")
KINDS = ("new", "changed", "gone", "more sources")
COMPARED = ("date", "type", "actors", "modality")  # what a re-parse or a correction may change


@dataclass(frozen=True, slots=True)
class ChangeCounts:
    """How many events are new, changed, gone or have gained sources."""

    new: int
    changed: int
    gone: int
    more_sources: int


def _value(value: Any) -> str:
    """A field's value in words for the list: actors joined, missing as '–'."""
    if value is None or (not isinstance(value, (list, tuple)) and not hasattr(value, "tolist") and pd.isna(value)):
        return "–"
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return ", ".join(sorted(str(v) for v in value)) or "–"
    return str(value)


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records") if len(frame) else []


def compare(before: pd.DataFrame, now: pd.DataFrame, live_articles: Iterable[str]) -> pd.DataFrame:
    """The changes between a snapshot's mentions (`before`) and the mentions now (`now`,
    with `deleted` and `corrected`); `live_articles` are the ids of the articles still there.

    - new: an event none of whose mentions the snapshot knew (or knew as another event's);
    - changed: one row per field of date, type, actors, modality that differs, old → new,
      with "correction" or "re-parse" as the reason;
    - gone: with the reason: deleted by hand, article removed, merged into another event,
      or no longer found when its article was read again;
    - more sources: the articles that report it now and did not then.
    """
    live = set(live_articles)
    old_rows = _rows(before)
    now_rows = _rows(now)
    by_key = {r["mention_key"]: r for r in now_rows}
    present = [r for r in now_rows if not r.get("deleted")]
    now_events: dict[str, list[dict[str, Any]]] = {}
    for row in present:
        now_events.setdefault(str(row["event_id"]), []).append(row)
    old_events: dict[str, list[dict[str, Any]]] = {}
    for row in old_rows:
        old_events.setdefault(str(row["event_id"]), []).append(row)
    # each event now belongs to the snapshot event with most of its mentions (ties: the first)
    votes: dict[str, dict[str, int]] = {}
    for old_id, members in old_events.items():
        for row in members:
            now_row = by_key.get(row["mention_key"])
            if now_row is not None and not now_row.get("deleted"):
                tally = votes.setdefault(str(now_row["event_id"]), {})
                tally[old_id] = tally.get(old_id, 0) + 1
    owner = {now_id: sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for now_id, tally in votes.items()}
    owned: dict[str, str] = {}
    for now_id, old_id in owner.items():
        owned.setdefault(old_id, now_id)
    out: list[dict[str, Any]] = []
    for now_id, members in now_events.items():
        if now_id not in owner:
            out.append(_row("new", members[0], sources=_files(members)))
    for old_id, members in old_events.items():
        first = members[0]
        if old_id not in owned:
            out.append(_row("gone", first, reason=_gone_reason(members, by_key, live, owner, now_events),
                            sources=_files(members)))
            continue
        current = now_events[owned[old_id]]
        kept = next((by_key[r["mention_key"]] for r in members if r["mention_key"] in by_key
                     and not by_key[r["mention_key"]].get("deleted")), current[0])
        was = next(r for r in members if r["mention_key"] == kept["mention_key"]) \
            if any(r["mention_key"] == kept["mention_key"] for r in members) else first
        fixed = kept.get("corrected")  # an array: no truth value
        corrected = set(fixed) if fixed is not None else set()
        for field in COMPARED:
            old, new = _value(was.get(field)), _value(kept.get(field))
            if old != new:
                out.append(_row("changed", kept, field=field, old=old, new=new,
                                reason="correction" if field in corrected else "re-parse",
                                sources=_files(current)))
        gained = sorted(set(_files(current)) - set(_files(members)))
        if gained:
            out.append(_row("more sources", kept, sources=_files(current), new_sources=gained))
    frame = pd.DataFrame(out, columns=list(CHANGE_COLUMNS))
    order = {kind: number for number, kind in enumerate(KINDS)}
    return frame.assign(_o=frame["change"].map(order)).sort_values(["_o", "date", "event_id"], kind="stable") \
        .drop(columns="_o").reset_index(drop=True)


def _files(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({str(r["article_file"]) for r in rows})


def _gone_reason(members: list[dict[str, Any]], by_key: Mapping[str, dict[str, Any]], live: set[str],
                 owner: Mapping[str, str], now_events: Mapping[str, list[dict[str, Any]]]) -> str:
    """Why an event of the snapshot is not there any more."""
    currents = [by_key.get(r["mention_key"]) for r in members]
    merged_into = [c["event_id"] for c in currents if c is not None and not c.get("deleted")]
    if merged_into:
        target = now_events.get(str(merged_into[0]), [{}])[0]
        return f"merged into “{target.get('headline') or merged_into[0]}”"
    if any(c is not None and c.get("deleted") for c in currents):
        return "deleted by hand"
    if all(str(r["article_id"]) not in live for r in members):
        return "article removed"
    return "no longer found when its article was read again"


def _row(change: str, source: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"change": change, "event_id": source.get("event_id"), "headline": source.get("headline"),
           "date": _value(source.get("date")), "type": source.get("type"), "actors": _value(source.get("actors")),
           "field": None, "old": None, "new": None, "reason": None, "sources": [], "new_sources": [],
           "mention_key": source.get("mention_key")}
    row.update(extra)
    return row


def counts(changes: pd.DataFrame) -> ChangeCounts:
    """Events per kind of change (an event with several changed fields counts once)."""
    def n(kind: str) -> int:
        return int(changes.loc[changes["change"] == kind, "event_id"].nunique()) if len(changes) else 0

    return ChangeCounts(n("new"), n("changed"), n("gone"), n("more sources"))


def filtered(changes: pd.DataFrame, shown_events: Iterable[str], gone_kept: bool = True) -> pd.DataFrame:
    """The changes of the events the timeline's filters let through (`shown_events`);
    events gone are kept (they pass no filter now: there is nothing left to filter)."""
    ids = set(shown_events)
    keep = changes["event_id"].isin(ids) | ((changes["change"] == "gone") & gone_kept)
    return changes[keep].reset_index(drop=True)


def new_event_ids(changes: pd.DataFrame) -> frozenset[str]:
    """The events that are new since the snapshot (ringed on the timeline)."""
    return frozenset(changes.loc[changes["change"] == "new", "event_id"].astype(str))


def change_records(changes: pd.DataFrame) -> list[dict[str, Any]]:
    """The changes as export records (lists kept as lists)."""
    return [{k: (v if not isinstance(v, float) or v == v else None) for k, v in r.items()} for r in _rows(changes)]


def table(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes as the Changes tab shows them: plain columns, lists joined."""
    shown = changes.assign(
        change=changes["change"].str.capitalize(),
        sources=changes["sources"].map(lambda v: ", ".join(v) if isinstance(v, list) else ""),
        new_sources=changes["new_sources"].map(lambda v: ", ".join(v) if isinstance(v, list) else ""))
    columns = ["change", "date", "headline", "field", "old", "new", "reason", "new_sources", "sources"]
    return shown[columns].fillna("").rename(columns=lambda c: c.replace("_", " ").capitalize())


def changes_since(db: Path, snapshot: str) -> pd.DataFrame:
    """What changed since a briefing snapshot (`compare` over the store's two reads)."""
    return compare(*snapshot_and_now(db, snapshot))


def table_bytes(changes: pd.DataFrame, fmt: str = "csv") -> bytes:
    """The changes in a registered table format (core.views.export.TABLE_FORMATS)."""
    return export.table_bytes(change_records(changes), CHANGE_COLUMNS, fmt)
