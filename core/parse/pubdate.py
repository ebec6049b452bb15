"""A missing publication date inferred from the text (basis `inferred`).

Clues, each a set of intervals the article must fall in:
- a known event it mentions happened before it ("sinds de invasie" -> after 24 Feb 2022);
- a "recent" one happened shortly before it ("na de recente herverkiezing van Poetin");
- a person named with an office held it then ("minister van Buitenlandse Zaken Wang Yi").
Namesakes (Putin's re-elections) are tried in turn; the latest that fits wins.
"""
from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import dataclass

from core.models import Period
from core.parse.actors import find_names
from core.parse.lexicon import ActorTable, KnownEventTable, Lexicon, fold, phrase_regex
from core.settings import RECENT_WINDOW_DAYS

LOGGER = logging.getLogger(__name__)

Interval = tuple[dt.date, dt.date]
OFFICE_WINDOW_WORDS = 6
RECENT_WINDOW_WORDS = 3


@dataclass(slots=True)
class Inference:
    period: Period | None
    evidence: str
    bounds: Interval | None


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for (s1, e1), (s2, e2) in itertools.product(a, b):
        s, e = max(s1, s2), min(e1, e2)
        if s <= e:
            out.append((s, e))
    return out


def _office_constraints(text: str, folded: str, actors: ActorTable, today: dt.date) -> list[tuple[list[Interval], str]]:
    constraints: list[tuple[list[Interval], str]] = []
    seen: set[tuple[str, str]] = set()
    for mention in find_names(text, actors, None):
        if not mention.person:
            continue
        person = actors.people[mention.person]
        before = " ".join(folded[:mention.start].split()[-OFFICE_WINDOW_WORDS:])
        for title in {o.title for o in person.offices}:
            words = actors.office_words.get(title) or []
            rx = phrase_regex(words)
            if rx is None or not rx.search(before) or (person.id, title) in seen:
                continue
            seen.add((person.id, title))
            spans = [(o.start or dt.date(1900, 1, 1), o.end or today) for o in person.offices if o.title == title]
            constraints.append((spans, f"{title} {person.name}"))
    return constraints


def infer_publication(text: str, lex: Lexicon, actors: ActorTable, known: KnownEventTable,
                      today: dt.date | None = None) -> Inference:
    """The publication period the text points to, or None with what was found."""
    today = today or dt.date.today()
    folded = fold(text)
    recent = phrase_regex(lex.section("dates")["recent"])
    # Every alias occurrence; namesakes share the same span.
    by_span: dict[tuple[int, int], list[str]] = {}
    for at, until, event_id in known.matches(folded, lex.code):
        by_span.setdefault((at, until), []).append(event_id)
    groups: list[tuple[list[str], bool, str]] = []
    for (at, until), ids in sorted(by_span.items()):
        before = " ".join(folded[:at].split()[-RECENT_WINDOW_WORDS:])
        is_recent = bool(recent and recent.search(before))
        groups.append((sorted(set(ids), key=lambda i: known.events[i].date, reverse=True), is_recent,
                       text[at:until]))
    offices = _office_constraints(text, folded, actors, today)
    if not groups and not offices:
        return Inference(None, "", None)
    base: list[Interval] = [(dt.date(1900, 1, 1), today)]
    notes: list[str] = []
    for spans, note in offices:
        narrowed = _intersect(base, spans)
        if narrowed:
            base = narrowed
            notes.append(note)
    # Try namesakes from the latest down; keep the first combination that fits.
    choices = [ids for ids, _, _ in groups]
    best: tuple[list[Interval], list[str]] | None = None
    for combo in itertools.islice(itertools.product(*choices), 200):
        current = base
        used: list[str] = []
        for (_ids, is_recent, _words), event_id in zip(groups, combo):
            day = Period.parse(known.events[event_id].date).start
            upper = day + dt.timedelta(days=RECENT_WINDOW_DAYS) if is_recent else today
            current = _intersect(current, [(day, upper)])
            used.append(f"{'recent ' if is_recent else ''}{known.events[event_id].name} ({day.isoformat()})")
            if not current:
                break
        if current:
            best = (current, used)
            break
    if best is None:
        return Inference(None, "clues in the text disagree", None)
    intervals, used = best
    start = min(s for s, _ in intervals)
    end = max(e for _, e in intervals)
    evidence = "; ".join(used + notes)
    if end < today and end - start <= dt.timedelta(days=366):
        if start.year != end.year:
            # a window over New Year: the year that holds most of it
            new_year = dt.date(end.year, 1, 1)
            start, end = (start, new_year - dt.timedelta(days=1)) if new_year - start >= end - new_year \
                else (new_year, end)
        return Inference(Period.span(start, end), evidence, (start, end))
    return Inference(None, f"after {start.isoformat()}: {evidence}", (start, end))
