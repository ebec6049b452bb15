"""An event's date, decided in one place (DESIGN.md, "Dates").

As htmldate's `find_date`, a cascade of named steps, each a small function that returns a
dated choice or None, tried in order of the strength of their evidence:

    linked       the trigger is part of a known event's name: that event's date
    shifted      counted from something else: a known event ("two days after the
                 summit") or the date the account has reached ("een dag eerder")
    own          the event's own date words, the nearest in its clause
    inherited    no date words: the running account's date ("op dezelfde dag", or a
                 sentence that carries on in the same paragraph or the days around publication)
    publication  no better evidence: the article's own date

`advance_narrative` keeps the running account's date up to date after each sentence.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from core.models import DateBasis, DatedExpression, Event, Period
from core.parse import events as event_rules
from core.parse.dates import in_flashback, in_present_tense, shift_from
from core.parse.lexicon import KnownEventTable, Lexicon, fold

LOGGER = logging.getLogger(__name__)

RECENT_NARRATIVE_DAYS = 14  # an account this close before publication is the article's own news
PLANNED_NARRATIVE_DAYS = 62  # and this far after it, what the article says is planned


@dataclass(slots=True)
class Narrative:
    """The date a running account is at: the last sentence that had one."""

    period: Period | None = None
    text: str = ""
    paragraph: int = -1


@dataclass(slots=True)
class DateChoice:
    period: Period | None
    basis: DateBasis
    text: str  # the words that gave the date ("gisteren", "op dezelfde dag → 22 maart")


@dataclass(slots=True)
class DateEvidence:
    """What one event's date is decided from."""

    folded: str  # the sentence, folded
    paragraph: int
    trigger: event_rules.Trigger
    dates: list[DatedExpression]  # every date expression of the sentence
    nearest: DatedExpression | None  # the event's own date words (see `event_rules.nearest_date`)
    known_event: str | None
    narrative: Narrative
    lex: Lexicon
    known: KnownEventTable
    published: Period | None
    present: re.Pattern[str] | None  # words that speak of the present ("nog steeds", "says")


# --------------------------------------------------------------------------- the steps
def linked_date(ev: DateEvidence) -> DateChoice | None:
    """A known event named by the trigger, unless the sentence dates it otherwise."""
    if ev.known_event is None:
        return None
    linked = Period.parse(ev.known.events[ev.known_event].date)
    nearest = ev.nearest
    if nearest is None or nearest.basis is DateBasis.ANCHORED or (
        nearest.period is not None and nearest.period.start <= linked.start <= nearest.period.end
    ):
        return DateChoice(linked, DateBasis.LINKED, nearest.text if nearest is not None else ev.trigger.text)
    return None


def shifted_date(ev: DateEvidence) -> DateChoice | None:
    """Counted from a known event ("kort na de top") or from the account's date ("een dag eerder")."""
    nearest = ev.nearest
    if nearest is None:
        return None
    if nearest.basis is DateBasis.ANCHORED:
        return DateChoice(nearest.period, DateBasis.ANCHORED, nearest.text)
    if nearest.narrative_shift and ev.narrative.period is not None:
        shifted = shift_from(ev.narrative.period, nearest.narrative_shift, ev.lex)
        if shifted is not None:
            return DateChoice(shifted, DateBasis.INHERITED, f"{nearest.text} → {ev.narrative.text}")
    return None


def own_date(ev: DateEvidence) -> DateChoice | None:
    """The event's own date words."""
    if ev.nearest is None:
        return None
    return DateChoice(ev.nearest.period, ev.nearest.basis, ev.nearest.text)


def inherited_date(ev: DateEvidence) -> DateChoice | None:
    """The running account's date, where the sentence carries it on."""
    narrative = ev.narrative
    if narrative.period is None:
        return None
    continuation = next((d for d in ev.dates if d.continuation), None)
    if continuation is not None:
        return DateChoice(narrative.period, DateBasis.INHERITED, f"{continuation.text} → {narrative.text}")
    if ev.present is not None and ev.present.search(ev.folded):
        return None  # "zegt", "nog steeds": the sentence speaks of the present
    trigger = ev.trigger
    if trigger.kind == "verb" and " " not in trigger.text and in_present_tense(
            trigger.text, ev.folded[max(0, trigger.start - 40):trigger.start], ev.lex):
        return None  # "China ontkent ...": so does a verb in the present tense
    published = ev.published
    if (narrative.period.granularity.value == "year" and published is not None
            and narrative.period.end < published.start):
        return None  # a past year sums up ("in het afgelopen jaar kocht China meer gas"); it tells no account
    if (narrative.paragraph != ev.paragraph and published is not None and narrative.period.start > published.end
            and ev.lex.speech is not None and ev.lex.speech.search(ev.folded)):
        return None  # the last paragraph spoke of what lies ahead; what a new one says was said already
    if narrative.paragraph == ev.paragraph or is_current(narrative.period, published):
        if (published is not None and narrative.period.granularity.value in ("week", "month", "season", "year")
                and narrative.period.start <= published.start and published.end <= narrative.period.end
                and published.end - published.start < narrative.period.end - narrative.period.start):
            return None  # "deze week" holds the publication day: that is the sharper date
        return DateChoice(narrative.period, DateBasis.INHERITED, f"→ {narrative.text}")
    return None


def publication_date(ev: DateEvidence) -> DateChoice:
    """No better evidence: the article's own date (None when it is unknown)."""
    return DateChoice(ev.published, DateBasis.PUBLICATION, "")


def event_date(ev: DateEvidence) -> DateChoice:
    """The date of one event: the first step that has evidence decides."""
    return (linked_date(ev) or shifted_date(ev) or own_date(ev) or inherited_date(ev)
            or publication_date(ev))


# --------------------------------------------------------------------------- the account
def is_current(period: Period, published: Period | None) -> bool:
    """A date in the days around publication: the account the article is telling
    (what just happened, or what is planned for the coming weeks)."""
    if published is None:
        return False
    return (published.start - dt.timedelta(days=RECENT_NARRATIVE_DAYS) <= period.start
            and period.end <= published.end + dt.timedelta(days=PLANNED_NARRATIVE_DAYS))


def advance_narrative(narrative: Narrative, paragraph: int, dates: list[DatedExpression],
                      events: list[Event], folded: str, lex: Lexicon) -> None:
    """The date a running account has reached after a sentence: its first event's own
    date ("momenteel" brings it back to the present) unless it tells what had happened
    before ("had announced on Monday"); else, in a sentence without events, its own date words."""
    dated = [e for e in events if e.date_basis not in (DateBasis.PUBLICATION, DateBasis.INHERITED)
             and not in_flashback(folded, folded.find(fold(e.trigger)), lex)]
    if dated:
        narrative.period, narrative.text = dated[0].period, dated[0].date_text
        narrative.paragraph = paragraph
        return
    # "now" alone speaks of the present ("… and will now take it to the Assembly"): the
    # account stays where it was
    own = [d for d in dates if not d.reference_only and not d.continuation and d.period is not None
           and not d.ongoing and not d.now and not event_rules.in_possessive(d, folded, lex) and d.backdrop_at is None]
    if own and not events:
        narrative.period, narrative.text, narrative.paragraph = own[0].period, own[0].text, paragraph
    elif any(d.continuation for d in dates) and narrative.period is not None:
        narrative.paragraph = paragraph
