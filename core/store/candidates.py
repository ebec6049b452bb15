"""Merge candidates: which stored mentions a mention could be the same event as. The
rule, defined here once and read both in Python (`candidate_pairs`, for the clustering
in core.store.merge) and in SQL (`CANDIDATES_SQL`, which fetches from the store only
the mentions that the new ones could join):

- two mentions of the same known event are candidates;
- otherwise, a mention can merge only when it has a date finer than a year
  (`mergeable`), and two such mentions are candidates when they have the same type and
  their periods overlap, give or take SAME_DAY_TOLERANCE_DAYS (`within_reach`).

Whether two candidates are one event is decided by core.store.merge.same_event.
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

SAME_DAY_TOLERANCE_DAYS = 1   # "gisteren" in one paper, "vandaag" in a paper of the next day
TOLERANCE = dt.timedelta(days=SAME_DAY_TOLERANCE_DAYS)
TOO_COARSE = "year"           # a year says too little to tell two events apart


@dataclass(frozen=True, slots=True)
class Mention:
    """What merging looks at of one mention."""

    mention_id: str
    article_id: str
    type: str
    actors: frozenset[str]
    start: dt.date | None
    end: dt.date | None
    granularity: str | None
    sentence: str
    language: str
    known_event: str | None = None


MENTION_COLUMNS = ("mention_id", "article_id", "type", "actors", "date_start", "date_end", "granularity",
                   "sentence", "language", "known_event")


def mention_of(row: Sequence[Any]) -> Mention:
    """A Mention from a row of MENTION_COLUMNS."""
    return Mention(row[0], row[1], row[2], frozenset(row[3] or ()), row[4], row[5], row[6], row[7] or "",
                   row[8] or "", row[9])


def mergeable(m: Mention) -> bool:
    """Can a mention without a known event merge at all: it has a date finer than a year."""
    return m.start is not None and m.end is not None and m.granularity != TOO_COARSE


def span(m: Mention) -> tuple[dt.date, dt.date]:
    """The first and last day of a mergeable mention."""
    assert m.start is not None and m.end is not None, f"{m.mention_id} has no date"
    return m.start, m.end


def within_reach(a: Mention, b: Mention) -> bool:
    """Two mergeable mentions of one type whose periods overlap, give or take the tolerance."""
    (a_start, a_end), (b_start, b_end) = span(a), span(b)
    return a.type == b.type and a_start <= b_end + TOLERANCE and b_start <= a_end + TOLERANCE


def partition(mentions: Sequence[Mention]) -> tuple[dict[str, list[Mention]], dict[str, list[Mention]]]:
    """Mentions of known events by event; the other mergeable ones by type."""
    by_known: dict[str, list[Mention]] = {}
    by_type: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.known_event:
            by_known.setdefault(m.known_event, []).append(m)
        elif mergeable(m):
            by_type.setdefault(m.type, []).append(m)
    return by_known, by_type


def candidate_pairs(new: Sequence[Mention], stored: Sequence[Mention]) -> Iterator[tuple[Mention, Mention]]:
    """(new, stored) pairs that are candidates, from other articles for known events;
    a sweep over the stored mentions sorted by start finds those within reach."""
    by_known, by_type = partition(stored)
    reach: dict[str, dt.timedelta] = {}
    starts: dict[str, list[dt.date]] = {}
    for kind, group in by_type.items():
        group.sort(key=lambda m: span(m)[0])
        reach[kind] = max(end - start for start, end in map(span, group)) + TOLERANCE
        starts[kind] = [span(m)[0] for m in group]
    for a in new:
        if a.known_event:
            yield from ((a, b) for b in by_known.get(a.known_event, ()) if b.article_id != a.article_id)
            continue
        if a.type not in by_type or not mergeable(a):
            continue
        start, end = span(a)
        first = bisect.bisect_left(starts[a.type], start - reach[a.type])
        for b in by_type[a.type][first:bisect.bisect_right(starts[a.type], end + TOLERANCE)]:
            if within_reach(a, b):
                yield a, b


# The same rule over the events table: the ids of the stored mentions that are
# candidates of some mention not merged yet (`events.merged` is false).
CANDIDATES_SQL = f"""
    WITH fresh AS (SELECT DISTINCT type, granularity, date_start, date_end, known_event FROM events
                   WHERE NOT merged AND NOT deleted)
    SELECT e.mention_id FROM events e JOIN fresh f ON e.known_event = f.known_event
    UNION
    SELECT e.mention_id FROM events e JOIN fresh f ON e.type = f.type AND e.known_event IS NULL
        AND f.known_event IS NULL
        AND e.date_start <= f.date_end + {SAME_DAY_TOLERANCE_DAYS}
        AND f.date_start <= e.date_end + {SAME_DAY_TOLERANCE_DAYS}
        AND e.granularity <> '{TOO_COARSE}' AND f.granularity <> '{TOO_COARSE}'"""
