"""Typed records that flow through the pipeline (DESIGN.md, "The flow of one article")."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Granularity(str, Enum):
    DAY = "day"
    WEEK = "week"  # a calendar week (Monday to Sunday) or a weekend in it
    MONTH = "month"
    SEASON = "season"  # spring, summer, autumn, winter: three months
    YEAR = "year"


# From finest to coarsest: what `Period.coarsen` and the precision filter order by.
GRANULARITY_ORDER = (Granularity.DAY, Granularity.WEEK, Granularity.MONTH, Granularity.SEASON, Granularity.YEAR)


class DateBasis(str, Enum):
    EXPLICIT = "explicit"
    RELATIVE = "relative"
    ANCHORED = "anchored"
    INHERITED = "inherited"
    PUBLICATION = "publication"
    LINKED = "linked"


class PublishedBasis(str, Enum):
    HEADER = "header"
    METADATA = "metadata"
    INFERRED = "inferred"
    USER = "user"
    UNKNOWN = "unknown"


class EventType(str, Enum):
    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


# PLOVER quad class and Goldstein-style score per type (DESIGN.md, "Event types").
QUAD_AND_SCORE: dict[EventType, tuple[str, float]] = {
    EventType.AGREE: ("verbal cooperation", 4.0),
    EventType.CONSULT: ("verbal cooperation", 1.0),
    EventType.SUPPORT: ("verbal cooperation", 3.0),
    EventType.CONCEDE: ("verbal cooperation", 5.0),
    EventType.COOPERATE: ("material cooperation", 6.0),
    EventType.AID: ("material cooperation", 7.0),
    EventType.RETREAT: ("material cooperation", 5.0),
    EventType.REQUEST: ("verbal conflict", 0.0),
    EventType.ACCUSE: ("verbal conflict", -2.0),
    EventType.REJECT: ("verbal conflict", -4.0),
    EventType.THREATEN: ("verbal conflict", -6.0),
    EventType.PROTEST: ("material conflict", -6.5),
    EventType.SANCTION: ("material conflict", -8.0),
    EventType.MOBILIZE: ("material conflict", -7.2),
    EventType.COERCE: ("material conflict", -7.0),
    EventType.ASSAULT: ("material conflict", -9.0),
}

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
MODALITIES = ("actual", "planned", "considered", "alleged", "denied")


@dataclass(frozen=True, slots=True)
class Period:
    """A date as precise as its evidence: a day, a month or a year, with its span.

    `start`/`end` may be narrower than the labelled unit (a week lies inside a month,
    "begin maart" is 1-10 March). A span that crosses New Year is labelled by the year
    that holds most of it, or, over several years ("de afgelopen jaren"), by its last
    year: the label's unit always overlaps the span.
    """

    start: dt.date
    end: dt.date
    granularity: Granularity

    @property
    def label(self) -> str:
        if self.granularity is Granularity.DAY:
            return self.start.isoformat()
        if self.granularity is Granularity.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.granularity is Granularity.WEEK:
            # the month that holds most of the week (ISO: its Thursday's), so that `date`
            # stays a month that a reader of YYYY-MM understands and that overlaps the span
            middle = self.start + (self.end - self.start) / 2
            return f"{middle.year:04d}-{middle.month:02d}"
        if self.start.year == self.end.year:
            return f"{self.start.year:04d}"
        if (self.end - self.start).days < 366:
            new_year = dt.date(self.end.year, 1, 1)
            return f"{(self.start.year if new_year - self.start > self.end - new_year else self.end.year):04d}"
        return f"{self.end.year:04d}"  # several years ("de afgelopen jaren"): the last

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(day, day, Granularity.DAY)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), Granularity.MONTH)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), Granularity.YEAR)

    @classmethod
    def week(cls, day: dt.date) -> Period:
        """The calendar week (Monday to Sunday) that holds `day`."""
        monday = day - dt.timedelta(days=day.weekday())
        return cls(monday, monday + dt.timedelta(days=6), Granularity.WEEK)

    @classmethod
    def span(cls, start: dt.date, end: dt.date) -> Period:
        """The finest unit (day, month, year) that holds start..end, keeping the span."""
        if end < start:
            start, end = end, start
        if start == end:
            return cls(start, end, Granularity.DAY)
        if (start.year, start.month) == (end.year, end.month):
            return cls(start, end, Granularity.MONTH)
        if start.year == end.year:
            return cls(start, end, Granularity.YEAR)
        return cls(start, end, Granularity.YEAR)  # wider than a year: see `label`

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2021', '2021-03' or '2021-03-22' (a time part is ignored)."""
        text = str(text).strip()[:10]
        parts = text.split("-")
        year = int(parts[0])
        if len(parts) == 1:
            return cls.year(year)
        if len(parts) == 2:
            return cls.month(year, int(parts[1]))
        return cls.day(dt.date(year, int(parts[1]), int(parts[2])))

    def coarsen(self, granularity: Granularity) -> Period:
        """The same period, no finer than `granularity`."""
        order = GRANULARITY_ORDER
        if order.index(self.granularity) >= order.index(granularity):
            return self
        if granularity is Granularity.MONTH:
            return Period.month(self.start.year, self.start.month)
        if granularity in (Granularity.WEEK, Granularity.SEASON):
            return self  # no calendar unit to round a day to that a reader would expect
        return Period.year(self.start.year)


SHOWN_AS_SPAN = ("week", "season")  # their `date` is only the month or year that holds them


def date_shown(date: object, granularity: object, start: object, end: object) -> str:
    """An event's date as a reader should see it: a week or a season as its span
    ("2021-03-15 – 2021-03-21"), any other date as it is."""
    if granularity in SHOWN_AS_SPAN and start is not None and end is not None and str(start) != "NaT":
        return f"{str(start)[:10]} – {str(end)[:10]}"
    return str(date) if date is not None else "undated"


@dataclass(slots=True)
class RawArticle:
    """What a reader got from a file, before any cleaning."""

    file: str
    text: str
    title: str | None = None
    published: str | None = None
    published_basis: PublishedBasis = PublishedBasis.UNKNOWN
    language: str | None = None
    source: str | None = None
    url: str | None = None
    part: int = 0  # the line of a .jsonl file, 0 otherwise
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    heading: bool = False


@dataclass(slots=True)
class DatedExpression:
    """A date phrase found in a sentence, resolved or marked as a reference point."""

    start: int
    end: int
    text: str
    period: Period | None
    basis: DateBasis
    reference_only: bool = False
    continuation: bool = False
    known_event: str | None = None
    ongoing: bool = False  # "de afgelopen jaren": used only when nothing sharper is said
    now: bool = False  # "nu", "now": the publication date, for its own clause only
    # the start of a trigger noun right before the date ("at a summit last month"): its date
    noun_at: int | None = None
    # "een dag eerder": (unit, least, most, sign), counted from the account's date
    narrative_shift: tuple[str, float, float, int] | None = None
    # a range ("2009-2010"): its two ends, each a date of its own where they are listed
    parts: tuple[DatedExpression, ...] = ()
    # where a backdrop clause with a subject of its own starts ("since Xi took office last
    # year"): the date is that clause's, not a report's before it
    backdrop_at: int | None = None


@dataclass(slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    code: str
    person: str | None = None
    resolved_from: str | None = None  # a pronoun or role that pointed back


@dataclass(slots=True)
class Event:
    """One event as one article reports it (one mention)."""

    article_file: str
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int
    type: EventType
    trigger: str
    actors: list[str]
    source_actors: list[str]
    target_actors: list[str]
    people: list[str]
    modality: str
    period: Period | None
    date_text: str
    date_basis: DateBasis
    confidence: float
    known_event: str | None
    language: str
    context: list[str] = field(default_factory=list)
    event_id: str = ""
    sources: list[str] = field(default_factory=list)

    @property
    def quad(self) -> str:
        return QUAD_AND_SCORE[self.type][0]

    @property
    def score(self) -> float:
        return QUAD_AND_SCORE[self.type][1]


@dataclass(slots=True)
class Article:
    """A parsed article with its events."""

    file: str
    content_hash: str
    title: str
    text: str
    language: str
    published: Period | None
    published_basis: PublishedBasis
    sentences: list[Sentence]
    events: list[Event]
    source: str | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)
    published_text: str = ""
    # known events named in passing: (sentence index, start, end, known event id)
    known_mentions: list[tuple[int, int, int, str]] = field(default_factory=list)
    # the MinHash signature of its text (core.store.copies), made where it is parsed; [] when too short
    minhash: list[int] | None = None
