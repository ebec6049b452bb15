"""The sources of one event: its stories (copies grouped under their original) and where
they disagree (dates beyond their precision, actors).

Pure functions over the mentions of one event (`core.store.reads.mentions_of`): one row per
article that reports it, with `article_id`, `story_id`, `date`, `date_start`,
`date_end`, `actors`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd


def count_of(value: object) -> int:
    """A count from a frame's cell (1 where missing)."""
    return int(value) if value is not None and value == value else 1  # type: ignore[call-overload]


def sources_words(n_sources: object, n_independent: object = None) -> str:
    """"5 articles, 2 independent sources"; "1 article" alone."""
    articles, independent = count_of(n_sources), count_of(n_independent if n_independent is not None else n_sources)
    words = f"{articles} article{'s' if articles != 1 else ''}"
    if articles > 1:
        words += f", {independent} independent source{'s' if independent != 1 else ''}"
    return words


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """One story among an event's sources: the row of its original, then its copies' rows."""

    original: int
    copies: tuple[int, ...]


def source_groups(mentions: pd.DataFrame) -> list[SourceGroup]:
    """The event's sources by story, in the mentions' order of their first article; within
    a story the original (the article whose id is the story's) first."""
    if mentions.empty:
        return []
    story = (mentions["story_id"].fillna(mentions["article_id"]) if "story_id" in mentions
             else mentions["article_id"])
    groups: dict[str, list[int]] = {}
    for position, (article, key) in enumerate(zip(mentions["article_id"], story)):
        members = groups.setdefault(str(key), [])
        if str(article) == str(key):
            members.insert(0, position)
        else:
            members.append(position)
    return [SourceGroup(members[0], tuple(members[1:])) for members in groups.values()]


@dataclass(frozen=True, slots=True)
class Version:
    """One account of a disputed field: its value in words and the rows that give it."""

    value: str
    rows: tuple[int, ...]


def _periods_disjoint(starts: Sequence[object], ends: Sequence[object]) -> bool:
    spans = [(pd.Timestamp(s), pd.Timestamp(e)) for s, e in zip(starts, ends) if pd.notna(s) and pd.notna(e)]
    return bool(spans) and max(s for s, _ in spans) > min(e for _, e in spans)


def date_versions(mentions: pd.DataFrame) -> list[Version]:
    """The dates the sources give, when two of them do not overlap (a month and a day in
    it agree: the day is only more precise); else nothing."""
    if len(mentions) < 2 or not _periods_disjoint(list(mentions["date_start"]), list(mentions["date_end"])):
        return []
    return _versions([d if isinstance(d, str) and d else "undated" for d in mentions["date"]])


def actor_versions(mentions: pd.DataFrame) -> list[Version]:
    """The actors the sources name, when two sources name sets neither of which holds the
    other (one naming more actors than another is no disagreement); else nothing."""
    sets = [frozenset(a) if a is not None else frozenset() for a in mentions["actors"]]
    if not any(not (a <= b or b <= a) for i, a in enumerate(sets) for b in sets[i + 1:]):
        return []
    return _versions([", ".join(sorted(s)) or "none named" for s in sets])


def _versions(values: Sequence[str]) -> list[Version]:
    seen: dict[str, list[int]] = {}
    for row, value in enumerate(values):
        seen.setdefault(value, []).append(row)
    return [Version(value, tuple(rows)) for value, rows in seen.items()]
