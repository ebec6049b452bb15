"""Exports in the fixed format of DESIGN.md ("Export format"): JSONL or CSV rows."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

EVENT_FIELDS = (
    "event_id", "article_file", "sentence", "char_start", "char_end", "type", "quad", "score", "actors",
    "source_actors", "target_actors", "people", "modality", "date", "granularity", "date_start",
    "date_end", "date_text", "date_basis", "confidence", "known_event", "language", "sources",
    "corrected", "pinned", "headline", "independent_sources",
)
ARTICLE_FIELDS = (
    "article_file", "title", "language", "published", "published_granularity", "published_basis",
    "events", "warnings",
)


def _plain(value: Any) -> Any:
    """A JSON-ready value: lists for arrays, ISO strings for dates, None for missing."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple, str)) and not hasattr(value, "tolist") and pd.isna(value):
        return None
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.date().isoformat() if isinstance(value, (dt.datetime, pd.Timestamp)) else value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def event_records(events: pd.DataFrame) -> list[dict[str, Any]]:
    """One record per mention; mentions of one event share its id and its sources."""
    if events.empty:
        return []
    sources = events.groupby("event_id")["article_file"].agg(lambda s: sorted(set(s))).to_dict()
    independent = independent_sources(events)
    records = []
    for row in events.to_dict("records"):
        row["sources"] = sources.get(row["event_id"], [row["article_file"]])
        row["independent_sources"] = independent.get(row["event_id"], row["sources"])
        records.append({key: _plain(row.get(key)) for key in EVENT_FIELDS})
    return records


def independent_sources(events: pd.DataFrame) -> dict[str, list[str]]:
    """event_id -> the articles that count, one per story: the story's original where it
    reports the event, else its first copy that does (by file name)."""
    if events.empty:
        return {}
    story = events["story_id"].fillna(events["article_id"]) if "story_id" in events else events["article_id"]
    frame = pd.DataFrame({"event_id": events["event_id"], "file": events["article_file"], "story": story,
                          "original": (events["article_id"] == story) if "article_id" in events else True})
    frame = frame.drop_duplicates().sort_values(["event_id", "story", "original", "file"],
                                                ascending=[True, True, False, True])
    firsts = frame.drop_duplicates(["event_id", "story"])
    return firsts.groupby("event_id")["file"].agg(lambda s: sorted(set(s))).to_dict()


def article_records(articles: pd.DataFrame) -> list[dict[str, Any]]:
    records = []
    for row in articles.to_dict("records"):
        row["article_file"] = row["file"]
        row["events"] = row.get("n_events")
        records.append({key: _plain(row.get(key)) for key in ARTICLE_FIELDS})
    return records


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_csv(records: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """CSV with list fields joined by ';'. Cells that a spreadsheet would run as a
    formula (=, +, -, @ first) are prefixed with a quote."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = {}
        for key in fields:
            value = record.get(key)
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                value = "'" + value
            row[key] = value
        writer.writerow(row)
    return buffer.getvalue()
