"""Date expressions in a sentence, resolved to periods (DESIGN.md, "Dates").

Candidates are found by patterns compiled once per language from the lexicon's
`dates` section; explicit dates are parsed by dateparser, what it lacks (number
words, "afgelopen", begin/eind, seasons, weekends, anchors on known events,
reference points such as "sinds 1989") is resolved here from that data.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

from core.models import DateBasis, DatedExpression, Granularity, Period
from core.parse.clean import CleanText, split_sentences
from core.parse.lexicon import (
    OPENING_MARKS,
    WORD,
    Lexicon,
    first_chars,
    fold,
    literal_atoms,
    load_known_events,
    phrase_regex,
    trie_alternation,
    word_set,
    words_of,
)

LOGGER = logging.getLogger(__name__)

SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}  # TimeML's season values, by first month
PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
ANCHOR_TOLERANCE_DAYS = {"day": 0, "week": 3, "weekend": 1, "month": 15, "year": 182}
UNIT_DAYS = {"day": 1, "week": 7, "weekend": 7, "month": 30, "quarter": 91, "year": 365, "century": 36500}
FLASHBACK_WORDS = 3  # "had announced", "had Xi ontmoet", "had vorige week sancties"
# what the tense moves ahead
TENSE_KINDS = frozenset({"weekday", "bare_month", "month_alone", "day_month", "month_day", "part"})
MAX_RANGE_YEARS = 50  # "1957-58", "2009-2010"; a wider "1945-2022" still reads as a range, a score does not
# Clause bounds for tense cues: punctuation, or a clause word ("said on Monday | that he will")
CLAUSE_BREAK = re.compile(r"[,;:()\"“”„«»]|\s[-–—]\s")
DIGIT = re.compile(r"\d")
SMALL_SHIFT_DAYS = 10  # a shift this small stays inside a month-precise publication date


def _words(words: list[str] | dict) -> frozenset[str]:
    """The words (\\w+) of some phrases, folded: a phrase can only match a text holding one of its words."""
    return frozenset(w for phrase in words for w in WORD.findall(fold(str(phrase))))


def _alt(words: list[str] | dict) -> str:
    items = sorted({fold(str(w)) for w in words}, key=len, reverse=True)
    items = [w for w in items if w]
    return trie_alternation([literal_atoms(w) for w in items]) if items else ""


@dataclass(slots=True)
class DatePatterns:
    """Regexes built from one lexicon's `dates` section."""

    lex: Lexicon
    months: dict[str, int]
    weekdays: dict[str, int]
    days: dict[str, int]
    units: dict[str, str]
    shifts: dict[str, int]
    numbers: dict[str, float]
    vague: dict[str, tuple[float, float]]
    parts: dict[str, str]
    seasons: dict[str, str]
    finders: list[tuple[str, re.Pattern[str]]]
    reference_before: re.Pattern[str]
    determiner_before: re.Pattern[str]
    continuation: re.Pattern[str] | None
    before_words: re.Pattern[str]
    anchor_prefix: re.Pattern[str]
    recent: re.Pattern[str] | None
    ongoing: re.Pattern[str] | None
    narrative_words: frozenset[str]
    future: re.Pattern[str] | None
    clause_openers: re.Pattern[str] | None
    comparative: re.Pattern[str] | None
    comparison: re.Pattern[str] | None
    ambiguous_months: frozenset[str]
    decade_tens: dict[str, int]
    ordinals: dict[str, int]
    flashback: re.Pattern[str] | None
    period_ordinals: dict[str, int]
    limit_before: re.Pattern[str] | None
    present_tense: tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]  # endings, except, auxiliaries
    # words that may stand before a year without making it part of a name ("in 2022", "Eind 2019")
    year_words: frozenset[str]
    # "sinds maandag", "since Tuesday": the day an ongoing event began, its date
    since_day: frozenset[str]
    # finders that can only match where something of theirs occurs (a century word, a decade):
    # that is looked for first, once per sentence
    needs: dict[str, re.Pattern[str]]
    # finders that can only match where one of some words occurs ("ago": a unit; most
    # sentences name no month), or a digit: a look-up in the sentence's words
    need_words: dict[str, frozenset[str]]
    need_digit: frozenset[str]


@functools.cache
def date_patterns(lex: Lexicon) -> DatePatterns:
    """Compile the date patterns of a lexicon (once per language and process)."""
    d = lex.section("dates")
    months = {fold(k): int(v) for k, v in d["months"].items()}
    # a month's longest name is its full name ("may", "mei" included); shorter ones abbreviate
    longest = {number: max((k for k, v in months.items() if v == number), key=len) for number in set(months.values())}
    full_months = {k: v for k, v in months.items() if k == longest[v] or len(k) > 4}
    weekdays = {fold(k): int(v) for k, v in d["weekdays"].items()}
    days = {fold(k): int(v) for k, v in d["days"].items()}
    units = {fold(k): str(v) for k, v in d["units"].items()}
    shifts = {fold(k): int(v) for k, v in d["shifts"].items()}
    numbers = {fold(k): float(v) for k, v in d["numbers"].items()}
    vague = {fold(k): (float(v[0]), float(v[1])) for k, v in d["vague_numbers"].items()}
    parts = {fold(k): str(v) for k, v in d["parts"].items()}
    seasons = {fold(k): str(v) for k, v in d["seasons"].items()}
    M, MF, W = _alt(months), _alt(full_months), _alt(weekdays)
    U, S, N = _alt(units), _alt(shifts), _alt(list(numbers) + list(vague))
    P, SE = _alt(parts), _alt(seasons)
    AGO = _alt(d["ago"]) or "(?!x)x"
    AHEAD = _alt(d["ahead"]) or "(?!x)x"
    AHEAD_BEFORE = _alt(d["ahead_before"]) or "(?!x)x"
    Y = r"(?:1[89]\d\d|2[01]\d\d)"
    tens = {fold(k): int(v) for k, v in d["decade_tens"].items()}
    ordinals = {fold(k): int(v) for k, v in d["ordinals"].items()}
    TENS, ORD = _alt(tens) or "(?!x)x", _alt(ordinals) or "(?!x)x"
    DW, DS, CW = _alt(d["decade_words"]), _alt(d["decade_suffixes"]), _alt(d["century_words"]) or "(?!x)x"
    DECADE = r"(?:1[5-9]\d0|20\d0)"
    period_ordinals = {fold(k): int(v) for k, v in d["period_ordinals"].items()}
    PO, HALF = _alt(period_ordinals) or "(?!x)x", _alt(d["half_words"]) or "(?!x)x"
    QUARTER = _alt([k for k, v in units.items() if v == "quarter"]) or "(?!x)x"
    YEAR_WORD = _alt([k for k, v in units.items() if v == "year"]) or "(?!x)x"
    YP = _alt(d["year_prepositions"])
    # the words between a date's parts: "21ste", "1st of March", "eind van het jaar"
    OS, OF = _alt(d["ordinal_suffixes"]) or "(?!x)x", _alt(d["connectors"]) or "(?!x)x"
    DET, YA = _alt(d["determiners"]) or "(?!x)x", _alt(d["year_articles"]) or "(?!x)x"
    b, e = r"(?<!\w)", r"(?!\w)"
    AND_W = rf"(?:\s+(?:{_alt(lex.section('events')['coordinators'])})\s+(?:{W}))?"

    def starts(*words: Any) -> str:
        """The look-ahead on the first characters a finder can match (see `guarded`)."""
        chars = first_chars([fold(str(w)) for group in words for w in group])
        return f"(?={chars})" if chars else ""

    digit = r"(?=\d)"
    digits = "0123456789"  # a count may be written in figures
    finders: list[tuple[str, re.Pattern[str]]] = [
        ("iso", re.compile(rf"{digit}{b}(?P<y>{Y})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d){e}")),
        ("numeric", re.compile(rf"{digit}{b}(?P<d>[0-3]?\d)[-/.](?P<m>[01]?\d)[-/.](?P<y>{Y}){e}")),
        ("day_month", re.compile(
            rf"{digit}{b}(?P<d>[0-3]?\d)(?:{OS})?\.?\s+(?:(?:{OF})\s+)?(?P<mon>{M})\.?(?:,?\s+(?P<y>{Y}))?{e}")),
        ("month_day", re.compile(
            rf"{starts(months)}{b}(?P<mon>{M})\.?\s+(?P<d>[0-3]?\d)(?:{OS})?(?:,?\s+(?P<y>{Y}))?{e}")),
        ("part", re.compile(
            rf"{starts(parts)}{b}(?P<part>{P})[\s-]*(?:(?:{OF}|{DET})\s+)*(?:(?P<shift>{S})\s+(?P<unit>{U})|(?:(?P<mshift>{S})\s+)?(?P<mon>{MF})(?:\s+(?P<y>{Y}))?|(?P<y2>{Y})){e}")),
        ("season", re.compile(
            rf"{starts(shifts, seasons)}{b}(?:(?P<shift>{S})\s+)?(?P<season>{SE})"
            rf"(?:\s+(?:(?:{OF})\s+)?(?P<y>{Y}))?{e}")),
        ("month_year", re.compile(rf"{starts(months)}{b}(?P<mon>{M})\.?\s+(?P<y>{Y}){e}")),
        # "1957-58", "2009-2010": TimeML has one value per year, the event the whole span
        ("year_range", re.compile(
            rf"(?=[12])(?<![\w/.,-])(?P<y>{Y})\s?[-–/]\s?(?P<y2>{Y}|\d\d)(?![\w/-])(?![.,]\d)")),
        ("century", re.compile(
            rf"{starts(ordinals, digits)}{b}(?:(?P<n>[12]?\d)(?:{OS})|(?P<ord>{ORD}))[\s-]+(?:{CW}){e}")),
        # "het eerste kwartaal van 2023", "the second half of last year", "Q1 2021"
        ("quarter", re.compile(
            rf"{starts(period_ordinals, 'qh')}{b}"
            rf"(?:(?P<ord>{PO})\s+(?:(?P<q>{QUARTER})|(?P<h>{HALF}))|(?P<code>[qh])(?P<n>[1-4]))"
            rf"(?:\s+(?:(?:{OF})\s+)?(?:(?:{YA})\s+)?(?:(?P<y>{Y})|(?P<shift>{S})\s+(?P<unit>{YEAR_WORD})|(?P<yw>{YEAR_WORD})))?{e}")),
        ("shift_month", re.compile(rf"{starts(shifts)}{b}(?P<shift>{S})\s+(?P<mon>{MF}){e}")),
        # "februari vorig jaar", "in March of last year", "May this year"
        ("month_shift_year", re.compile(
            rf"{starts(months)}{b}(?P<mon>{MF})\s+(?:(?:{OF})\s+)?(?P<shift>{S})\s+(?P<unit>{U}){e}")),
        ("bare_month", re.compile(rf"{starts(d['year_prepositions'])}{b}(?P<prep>{YP})\s+(?P<mon>{MF}){e}")),
        ("ago", re.compile(
            rf"{starts(numbers, vague, digits)}{b}(?P<n>\d+|{N})(?:\s+(?P<n2>{N}))?\s+(?P<unit>{U})"
            rf"\s+(?P<dir>{AGO}|{AHEAD}){e}")),
        ("ahead", re.compile(
            rf"{starts(d['ahead_before'])}{b}(?:{AHEAD_BEFORE})\s+(?P<n>\d+|{N})(?:\s+(?P<n2>{N}))?\s+(?P<unit>{U}){e}")),
        # "deze donderdag en vrijdag": two days, dated by the first
        ("shift_weekday", re.compile(rf"{starts(shifts)}{b}(?P<shift>{S})\s+(?P<wd>{W}){AND_W}{e}")),
        ("shift_unit", re.compile(
            rf"{starts(shifts)}{b}(?P<shift>{S})\s+"
            rf"(?:(?:{_alt(d['unit_modifiers']) or '(?!x)x'})\s+)?(?P<unit>{U}){e}")),
        ("weekday", re.compile(rf"{starts(weekdays)}{b}(?P<wd>{W}){AND_W}{e}")),
        ("day_word", re.compile(rf"{starts(days)}{b}(?P<word>{_alt(days)}){e}")),
        ("now", re.compile(rf"{starts(d['now'])}{b}(?:{_alt(d['now']) or '(?!x)x'}){e}")),
        ("month_alone", re.compile(rf"{starts(full_months)}{b}(?P<mon>{MF}){e}(?!\s*\d)")),
        ("year", re.compile(rf"(?=[12])(?<![\w/-])(?P<y>{Y})(?![\w/-])(?![.,]\d)")),
    ]
    # Decades: after a decade word ("de jaren negentig", "jaren '90"), with a suffix ("the
    # 1990s", "the '90s"), or, where the language has no decade word, a tens word ("the nineties").
    decades: list[tuple[str, re.Pattern[str]]] = []
    if DS:
        decades.append(("decade", re.compile(rf"(?=[12'’])(?<![\w'’])(?:(?P<y>{DECADE})|['’](?P<yy>\d0))(?:{DS}){e}")))
    if DW:
        decades.append(("decade", re.compile(
            rf"{starts(d['decade_words'])}{b}(?:{DW})\s+(?:(?P<y>{DECADE})|['’]?(?P<yy>\d0)|(?P<tens>{TENS})){e}")))
    elif tens:
        decades.append(("decade", re.compile(rf"{starts(tens)}{b}(?P<tens>{TENS}){e}")))
    finders[-1:-1] = decades
    needs: dict[str, re.Pattern[str]] = {}
    needs["decade"] = re.compile(rf"\d0['’]?(?:{DS or '(?!x)x'}){e}|{b}(?:{DW or '(?!x)x'}|{TENS}){e}")
    unit_words, weekday_words = _words(units), _words(weekdays)
    need_words = {"weekday": weekday_words, "shift_weekday": weekday_words, "day_word": _words(days),
                  "now": _words(d["now"]), "season": _words(seasons), "part": _words(parts),
                  "ago": unit_words, "ahead": unit_words, "shift_unit": unit_words,
                  "century": _words(d["century_words"]),
                  "quarter": (_words([k for k, v in units.items() if v == "quarter"]) | _words(d["half_words"])
                              | {f"{code}{n}" for code in "qh" for n in range(1, 5)})}
    # a month's name is a whole word in every finder that has one ("mei" in "in mei", never in "meinen")
    need_words |= dict.fromkeys(("day_month", "month_day", "month_year", "shift_month", "month_shift_year",
                                 "bare_month", "month_alone"), _words(months))
    need_digit = frozenset({"iso", "numeric", "day_month", "year_range", "year"})
    ref = _alt(d["reference"])
    before = _alt(d["before"])
    after = _alt(d["after"])
    close = _alt(d["close"])
    articles = rf"(?:(?:{DET})\s+)?"
    anchor_prefix = re.compile(
        rf"(?:{b}(?P<n>\d+|{N})(?:\s+(?P<n2>{N}))?\s+(?P<unit>{U})\s+|{b}(?P<close>{close})\s+)?"
        rf"{b}(?P<dir>{before}|{after})\s+{articles}$"
    )
    return DatePatterns(
        lex=lex, months=months, weekdays=weekdays, days=days, units=units, shifts=shifts,
        numbers=numbers, vague=vague, parts=parts, seasons=seasons, finders=finders,
        determiner_before=re.compile(rf"{b}(?:{_alt(d['determiners'])})\s+$"),
        since_day=frozenset(fold(w) for w in d["since_day"]),
        year_words=frozenset(fold(w) for group in (
            d["year_prepositions"], d["determiners"], d["possessives"], d["reference"], d["before"], d["after"],
            d["limits"], d["now"], d["future"], list(d["months"]), list(d["weekdays"]), list(d["shifts"]),
            list(d["seasons"]), list(d["parts"]), lex.section("text")["common_words"])
            for phrase in group for w in phrase.split()),
        # "sinds 1989", "since the end of 2019", "since his March re-election", "dan in 2020"
        reference_before=re.compile(
            rf"{b}(?:{ref})\s+(?:(?:{YP})\s+)?(?:(?:{_alt(d['determiners'] + d['possessives'])})\s+)?(?:(?:{P})\s+)?$"),
        continuation=phrase_regex(d["continuation"]),
        before_words=re.compile(rf"{b}(?:{before})$"),
        anchor_prefix=anchor_prefix,
        recent=phrase_regex(d["recent"]),
        ongoing=phrase_regex(d["ongoing"]),
        narrative_words=frozenset(fold(w) for w in d["narrative_relative"]),
        future=phrase_regex(d["future"]),
        # subordinate clauses bound a tense ("said on Monday | that he will"), "en"/"and" do not
        clause_openers=phrase_regex(lex.section("events")["relative_openers"]),
        comparative=re.compile(rf"\s*(?:{_alt(d['comparative'])}){e}") if d["comparative"] else None,
        comparison=phrase_regex(d["comparison"]),
        ambiguous_months=frozenset(fold(m) for m in d["ambiguous_months"]),
        decade_tens=tens, ordinals=ordinals, period_ordinals=period_ordinals, needs=needs,
        need_words=need_words, need_digit=need_digit,
        present_tense=(tuple(fold(w) for w in d["present_tense"]["endings"]),
                       tuple(fold(w) for w in d["present_tense"]["except_endings"]),
                       frozenset(fold(w) for w in d["present_tense"]["auxiliaries"])),
        limit_before=re.compile(rf"{b}(?:{_alt(d['limits'])})\s+$") if d["limits"] else None,
        flashback=re.compile(rf"{b}(?:{_alt(d['flashback'])})(?:\s+\w+){{0,{FLASHBACK_WORDS - 1}}}\s+$")
        if d["flashback"] else None,
    )


# --------------------------------------------------------------------------- helpers
def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=20000)
def _dateparser_day(text: str, language: str) -> tuple[dt.date, str] | None:
    """dateparser's reading of an explicit date phrase: (date, period)."""

    parser = _date_data_parser(language)
    data = parser.get_date_data(text, date_formats=None)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


@functools.cache
def _date_data_parser(language: str):  # -> DateDataParser (import kept local: it is slow)
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[language], settings={"PREFER_DAY_OF_MONTH": "first",
                                                          "PREFER_DATES_FROM": "past"})


def _amount(p: DatePatterns, n: str | None, n2: str | None) -> tuple[float, float] | None:
    """'twee' -> (2, 2); 'enkele' -> (2, 9); '3' -> (3, 3); 'een paar' via n2."""
    if n is None:
        return None
    words = fold(n) if n2 is None else fold(f"{n} {n2}")
    if words in p.vague:
        return p.vague[words]
    if n2 is not None and fold(n2) in p.vague:
        return p.vague[fold(n2)]
    if words.isdigit():
        return float(words), float(words)
    if words in p.numbers:
        return p.numbers[words], p.numbers[words]
    if n2 is not None and fold(n2) in p.numbers:
        return p.numbers[fold(n2)], p.numbers[fold(n2)]
    return None


def _weekend_on_or_before(day: dt.date) -> tuple[dt.date, dt.date]:
    saturday = day - dt.timedelta(days=(day.weekday() - 5) % 7)
    return saturday, saturday + dt.timedelta(days=1)


# --------------------------------------------------------------------------- resolution
class Resolver:
    """Resolves expressions against a publication period."""

    def __init__(self, p: DatePatterns, publication: Period | None):
        self.p = p
        self.pub = publication

    def shift(self, unit: str, amount: float) -> Period | None:
        """The period `amount` units away from publication (negative: before)."""
        pub = self.pub
        if pub is None:
            return None
        days = UNIT_DAYS.get(unit, 1) * abs(amount)
        if unit in ("day", "week", "weekend") and days < SMALL_SHIFT_DAYS and pub.granularity is not Granularity.DAY:
            return pub.coarsen(Granularity.MONTH) if pub.granularity is Granularity.MONTH else pub
        n = round(amount)
        if unit == "day":
            if pub.granularity is Granularity.DAY:
                return Period.day(pub.start + dt.timedelta(days=n))
            return Period.span(pub.start + dt.timedelta(days=n), pub.end + dt.timedelta(days=n))
        if unit == "week":
            if pub.granularity is Granularity.DAY:
                return Period.week(pub.start + dt.timedelta(weeks=n))
            return Period.span(pub.start + dt.timedelta(weeks=n), pub.end + dt.timedelta(weeks=n))
        if unit == "weekend":
            return self.weekend(n)
        if unit == "month":
            if pub.granularity is Granularity.YEAR:
                return Period.span(_add_months(pub.start, n), _add_months(pub.end, n))
            moved = _add_months(pub.start, n)
            return Period.month(moved.year, moved.month)
        if unit == "quarter":
            start = _add_months(pub.start.replace(day=1), 3 * n)
            q_start = start.replace(month=3 * ((start.month - 1) // 3) + 1)
            return Period.span(q_start, _add_months(q_start, 3) - dt.timedelta(days=1))
        if unit == "year":
            return Period.year(pub.start.year + n)
        if unit == "century":
            first = (pub.start.year // 100 + n) * 100
            return Period(dt.date(first, 1, 1), dt.date(first + 99, 12, 31), Granularity.YEAR)
        return None

    def weekend(self, shift: int) -> Period | None:
        if self.pub is None or self.pub.granularity is not Granularity.DAY:
            return self.pub  # no finer than the publication date
        day = self.pub.start
        if shift == 0:
            # "dit weekend": the one just past early in the week, the coming one late in it.
            if day.weekday() in (3, 4):
                sat = day + dt.timedelta(days=5 - day.weekday())
                return Period(sat, sat + dt.timedelta(days=1), Granularity.WEEK)
            sat, sun = _weekend_on_or_before(day)
            return Period(sat, sun, Granularity.WEEK)
        if shift < 0:
            sat, sun = _weekend_on_or_before(day - dt.timedelta(days=1))
            if day.weekday() >= 5:
                sat, sun = sat - dt.timedelta(days=7), sun - dt.timedelta(days=7)
            return Period(sat, sun, Granularity.WEEK)
        sat = day + dt.timedelta(days=(5 - day.weekday()) % 7 or 7)
        return Period(sat, sat + dt.timedelta(days=1), Granularity.WEEK)

    def weekday(self, weekday: int, shift: int | None, future: bool = False) -> Period | None:
        """'dinsdag': the last Tuesday on or before publication; 'volgende dinsdag' after it;
        in a clause in the future tense ("zal dinsdag"), the first on or after it."""
        if self.pub is None or self.pub.granularity is not Granularity.DAY:
            return self.pub  # no finer than the publication date
        day = self.pub.start
        if shift is not None and shift > 0:
            return Period.day(day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7))
        if shift is None and future:
            return Period.day(day + dt.timedelta(days=(weekday - day.weekday()) % 7))
        if shift == 0:  # "deze donderdag": the one of this week
            return Period.day(day + dt.timedelta(days=weekday - day.weekday()))
        back = (day.weekday() - weekday) % 7
        if shift is not None and shift < 0 and back == 0:
            back = 7
        return Period.day(day - dt.timedelta(days=back))

    def year_for_month(self, month: int, shift: int | None = None, future: bool = False) -> int | None:
        """The year of a month named without one: the latest not after publication (the
        month after it too: news announces); in the future tense the first not before it;
        "afgelopen mei" the last before the publication month, "volgende mei" the next after it."""
        if self.pub is None:
            return None
        if shift is not None or future:
            ref = self.pub.start if self.pub.granularity is not Granularity.YEAR else None
            if ref is None:
                return self.pub.start.year  # a year-only publication: the month may lie either side
            if shift is not None and shift < 0:
                return ref.year if month < ref.month else ref.year - 1
            if shift is not None and shift > 0:
                return ref.year if month > ref.month else ref.year + 1
            if shift == 0:
                return ref.year
            return ref.year if month >= ref.month else ref.year + 1
        pub = self.pub.end if self.pub.granularity is not Granularity.YEAR else self.pub.start
        if self.pub.granularity is Granularity.YEAR:
            return pub.year
        return pub.year if month <= pub.month + 1 else pub.year - 1

    def part(self, part: str, month: int | None, year: int | None) -> Period | None:
        if month is not None:
            year = year if year is not None else self.year_for_month(month)
            if year is None:
                return None
            first, last = PART_DAYS[part]
            last = min(last, calendar.monthrange(year, month)[1])
            return Period(dt.date(year, month, first), dt.date(year, month, last), Granularity.MONTH)
        if year is not None:
            first, last = PART_MONTHS[part]
            return Period(dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]),
                          Granularity.YEAR)
        return None

    def season(self, season: str, shift: int | None, year: int | None) -> Period | None:
        first, last = SEASON_MONTHS[season]
        if year is None:
            if self.pub is None:
                return None
            ref = self.pub.end
            year = ref.year
            start_month = first
            # the most recent such season that began before publication
            if dt.date(year, start_month, 1) > ref:
                year -= 1
            if shift is not None and shift < 0:
                end_year = year + (1 if first > last else 0)
                end = dt.date(end_year, last, calendar.monthrange(end_year, last)[1])
                if end >= ref:
                    year -= 1
            elif shift is not None and shift > 0:
                year += 1 if dt.date(year, first, 1) <= ref else 0
        end_year = year + (1 if first > last else 0)
        start = dt.date(year, first, 1)
        end = dt.date(end_year, last, calendar.monthrange(end_year, last)[1])
        return Period(start, end, Granularity.SEASON)


# --------------------------------------------------------------------------- finding
BACKDROP_WINDOW_CHARS = 60


COMPARISON_GAP_WORDS = 6  # "up from 88 billion dollars last year"


def _compared(folded: str, at: int, p: DatePatterns) -> bool:
    """The date is what a figure is compared with ("up from $88bn last year", "vergeleken met
    een jaar eerder"): a reference point, not when something happened."""
    if p.comparison is None:
        return False
    window = folded[max(0, at - 80):at]
    found = list(p.comparison.finditer(window))
    return (bool(found) and not CLAUSE_BREAK.search(window, found[-1].end())
            and len(window[found[-1].end():].split()) <= COMPARISON_GAP_WORDS)


def _backdrop_start(text: str, folded: str, at: int, lex: Lexicon, explicit: bool = False) -> int | None:
    """Where a backdrop clause holding the date at `at` starts: a conjunction both
    subordinate and background ("since", "nadat") followed by a subject of its own (a
    name, or a pronoun), with no punctuation before the date; None when there is none.
    An `explicit` date (a year, a month of a year) after such a word and a determiner is the
    date of that thing ("sinds de uitbraak van de pandemie in 2020"); a weekday there dates
    the sentence ("the first visit since the end of the Cold War on Tuesday")."""
    if lex.subordinate is None or lex.background is None:
        return None
    last = None
    for m in lex.subordinate.finditer(folded, max(0, at - BACKDROP_WINDOW_CHARS), at):
        if lex.background.fullmatch(m.group()):
            last = m
    if last is None or CLAUSE_BREAK.search(folded, last.end(), at):
        return None
    subject = text[last.end():at].split()[:1]
    if not subject:
        return None
    word = fold(subject[0])
    pronoun = any(rx is not None and rx.fullmatch(word) for rx in (lex.pronoun_person, lex.pronoun_group,
                                                                   lex.pronoun_state))
    # or a thing of its own, dated explicitly: "sinds het uitbreken van de pandemie in 2020"
    determiner = explicit and word in lex.section("dates")["determiners"] and not (
        lex.clause_openers is not None and lex.clause_openers.search(folded, last.end(), at))
    return last.start() if subject[0][:1].isupper() or pronoun or determiner else None


def find_dates(text: str, folded: str, lex: Lexicon, publication: Period | None,
               budget: list[int] | None = None,
               aliases: list[tuple[int, int, str]] | None = None) -> list[DatedExpression]:
    """Every date expression of one sentence, resolved, without overlaps.

    `budget` is a one-element list counting the candidates left for the article;
    when it runs out the rest of the article is not searched (said in its warnings).
    """
    p = date_patterns(lex)
    resolver = Resolver(p, publication)
    found: list[DatedExpression] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(expr: DatedExpression) -> None:
        if budget is not None:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        found.append(expr)
        taken.append((expr.start, expr.end))

    if aliases is None:
        aliases = load_known_events().matches(folded, lex.code)
    # Anchors first: "enkele dagen voor de Russische invasie van Oekraïne".
    for expr in _anchored(text, folded, p, publication, aliases):
        if free(expr.start, expr.end):
            add(expr)
    if p.continuation:
        for m in p.continuation.finditer(folded):
            if free(m.start(), m.end()):
                add(DatedExpression(m.start(), m.end(), text[m.start():m.end()], None,
                                    DateBasis.INHERITED, continuation=True))
    if p.ongoing:
        for m in p.ongoing.finditer(folded):
            if free(m.start(), m.end()) and publication is not None:
                span = Period(_add_months(publication.end, -36), publication.end, Granularity.YEAR)
                add(DatedExpression(m.start(), m.end(), text[m.start():m.end()], span, DateBasis.RELATIVE,
                                    ongoing=True))
    present: dict[int, bool] = {}
    words = words_of(folded)
    digit = DIGIT.search(folded) is not None
    for kind, rx in p.finders:
        if (not digit and kind in p.need_digit) or words.isdisjoint(p.need_words.get(kind, words)):
            continue
        need = p.needs.get(kind)
        if need is not None:
            if id(need) not in present:
                present[id(need)] = need.search(folded) is not None
            if not present[id(need)]:
                continue
        for m in rx.finditer(folded):
            a, b = m.start(), m.end()
            if kind == "bare_month":
                a = m.start("mon")  # the preposition frames the date, it is not part of it
            if not free(a, b) or not _plausible(kind, m, text, folded, p):
                continue
            ahead = kind in TENSE_KINDS and (
                _future(folded, a, b, p) or bool(p.limit_before and p.limit_before.search(folded, max(0, a - 20), a)))
            period, basis = _resolve(kind, m, p, resolver, lex.code, ahead)
            if period is None and basis is None:
                continue
            expr = DatedExpression(a, b, text[a:b], period, basis or DateBasis.EXPLICIT)
            if kind == "year_range":
                expr.parts = _range_ends(m, text, period)
            expr.now = kind == "now"
            if kind == "ago" and m.group("dir") in p.narrative_words:
                expr.narrative_shift = _shift_of(m, p)
            elif kind == "shift_unit" and p.units[m.group("unit")] == "day" and p.shifts[m.group("shift")]:
                # "de volgende dag", "the previous day": a day counted from the account's date
                # (from publication one says "morgen", "yesterday")
                sign = p.shifts[m.group("shift")]
                expr.narrative_shift = ("day", 1.0, 1.0, 1 if sign > 0 else -1)
            expr.backdrop_at = _backdrop_start(text, folded, a, p.lex, expr.basis is DateBasis.EXPLICIT)
            if (p.reference_before.search(folded[max(0, a - 40):a]) or _compared(folded, a, p)) \
                    and not _since_day(folded, a, period, p):
                expr.reference_only = True
            elif kind == "year" and p.determiner_before.search(folded[max(0, a - 10):a]):
                expr.reference_only = True  # "the 2001 friendship treaty"
            elif kind == "year" and publication is not None and text[a:b] == str(publication.start.year) \
                    and _named(text, a, b, p):
                # "the Vostok 2022 drills" in a 2022 article: the name's year says less than the
                # publication's day ("Joint Sea 2015" in a later article keeps its year)
                expr.reference_only = True
            add(expr)
    for expr in found:
        before = folded[:expr.start].rstrip()
        if not before.endswith(","):
            # "sinds de inval, twee maanden geleden" without the comma: right after an event's name, its date
            if any(end <= expr.start and len(folded[end:expr.start].split()) <= 1
                   and not CLAUSE_BREAK.search(folded, end, expr.start) for _, end, _ in aliases):
                expr.reference_only = True
            continue
        # "sinds de invasie (van Oekraïne), vijf weken geleden": the date of that event
        if any(len(before) - 1 - end >= 0 and len(folded[end:len(before) - 1].split()) <= 3 for _, end, _ in aliases):
            expr.reference_only = True
    # "sinds eind 2019, toen het virus uitbrak": that "toen" is the date before it, the
    # sentence does not carry on the account
    ends = {x.end for x in found if not x.continuation}
    found = [x for x in found if not (x.continuation and len(folded[:x.start].rstrip().rstrip(",").rstrip()) in ends)]
    found.sort(key=lambda x: x.start)
    return found


def _since_day(folded: str, start: int, period: Period | None, p: DatePatterns) -> bool:
    """"sinds maandag", "since March 3": a day right after "since" is when something still
    going on began, its date; "since 1989" stays a point of reference."""
    if period is None or period.granularity is not Granularity.DAY:
        return False
    words = folded[max(0, start - 20):start].split()
    return bool(words) and words[-1] in p.since_day


def _named(text: str, start: int, end: int, p: DatePatterns) -> bool:
    """A year that is part of a name ("Vostok 2022", "the Joint Sea 2015 drills"): right after
    a capitalised word that is no date word, preposition or common word. A capitalised word
    opening the sentence ("Throughout 2022, …") counts only where a lower-case word follows."""
    before = text[:start]
    if not before.endswith((" ", "\t")):
        return False
    words = before[-40:].split()
    word = words[-1].lstrip(OPENING_MARKS + "[") if words else ""
    if not word[:1].isalpha() or not word[:1].isupper() or fold(word).rstrip(".") in p.year_words:
        return False
    if not before[:before.rstrip().rindex(word)].strip():
        return text[end:].lstrip()[:1].islower()
    return True


def _plausible(kind: str, m: re.Match[str], text: str, folded: str, p: DatePatterns) -> bool:
    """Rules that tell a date from words that look like one."""
    if kind in ("ago", "ahead", "shift_unit") and p.comparative is not None and p.comparative.match(folded, m.end()):
        return False  # "a month earlier than usual": a comparison, not a date
    if kind == "ago" and p.before_words.search(m.group("dir")) and re.match(r"\s+\w", folded[m.end():]):
        return False  # "a week before the start of summer time": counted from that, not from now
    if kind in ("month_alone", "bare_month") and m.group("mon") in p.ambiguous_months:
        # "may", "march" are also verbs: a month only with a capital, not opening the sentence
        start = m.start("mon")
        return text[start].isupper() and bool(folded[:start].strip())
    if kind == "year_range":
        first, last = _range_years(m)
        return first < last <= first + MAX_RANGE_YEARS
    return True


def in_present_tense(word: str, before: str, lex: Lexicon) -> bool:
    """A one-word verb in the present tense ("ontkent", "denies"), no auxiliary before it."""
    endings, excepted, auxiliaries = date_patterns(lex).present_tense
    word = fold(word)
    if not word.isalpha() or not word.endswith(endings) or word.endswith(excepted):
        return False
    return not auxiliaries.intersection(fold(before).split()[-3:])


def in_flashback(folded: str, position: int, lex: Lexicon) -> bool:
    """A past-perfect auxiliary ("had") among the few words before a position."""
    rx = date_patterns(lex).flashback
    if rx is None or position < 0:
        return False
    before = folded[max(0, position - 60):position]
    cut = CLAUSE_BREAK.split(before)[-1]
    return bool(rx.search(cut if cut.endswith(" ") or not cut else cut + " "))


def _quarter(g: dict[str, Any], p: DatePatterns, r: Resolver, future: bool) -> tuple[Period | None, DateBasis | None]:
    """A quarter or a half of a year, as the span of its months."""
    if g.get("code"):
        size, number = (3 if g["code"] == "q" else 6), int(g["n"])
        if g["code"] == "h" and number > 2:
            return None, None
    else:
        size, number = (3 if g.get("q") else 6), p.period_ordinals[g["ord"]]
        if number > 12 // size or (size == 6 and not (g.get("y") or g.get("shift") or g.get("yw"))):
            return None, None  # "the first half" of what? Only of a year is it a date
    first_month = (number - 1) * size + 1
    if g.get("y"):
        year, basis = int(g["y"]), DateBasis.EXPLICIT
    elif g.get("shift") or g.get("yw"):  # "van vorig jaar"; "of the year" is this one
        if r.pub is None:
            return None, DateBasis.RELATIVE
        year, basis = r.pub.start.year + (p.shifts[g["shift"]] if g.get("shift") else 0), DateBasis.RELATIVE
    else:
        found = r.year_for_month(first_month, future=future)
        if found is None:
            return None, DateBasis.RELATIVE
        year, basis = found, DateBasis.RELATIVE
    last = dt.date(year, first_month + size - 1, calendar.monthrange(year, first_month + size - 1)[1])
    return Period(dt.date(year, first_month, 1), last, Granularity.YEAR), basis


def _range_years(m: re.Match[str]) -> tuple[int, int]:
    """"1957-58" -> (1957, 1958); "2009-2010" -> (2009, 2010)."""
    first, second = int(m.group("y")), m.group("y2")
    return first, int(second) if len(second) == 4 else first // 100 * 100 + int(second)


def _future(folded: str, start: int, end: int, p: DatePatterns) -> bool:
    """A tense cue ("zal", "will", "is due to") in the clause that holds the date."""
    if p.future is None:
        return False
    left = 0
    for m in CLAUSE_BREAK.finditer(folded, 0, start):
        left = m.end()
    if p.clause_openers is not None:
        for m in p.clause_openers.finditer(folded, left, start):
            left = m.end()
    right_break = CLAUSE_BREAK.search(folded, end)
    right = right_break.start() if right_break else len(folded)
    if p.clause_openers is not None:
        opener = p.clause_openers.search(folded, end, right)
        right = opener.start() if opener else right
    if word_set(p.lex, "dates", "flashback") & set(folded[left:right].split()):
        return False  # "hadden in februari … willen verhogen": a past perfect looks back
    return bool(p.future.search(folded, left, right))


def _range_ends(m: re.Match[str], text: str, period: Period | None) -> tuple[DatedExpression, ...]:
    """The two years of a range, each an expression of its own (as TimeML marks them)."""
    if period is None:
        return ()
    first, last = period.start.year, period.end.year
    return (DatedExpression(m.start("y"), m.end("y"), text[m.start("y"):m.end("y")], Period.year(first),
                            DateBasis.EXPLICIT),
            DatedExpression(m.start("y2"), m.end("y2"), text[m.start("y2"):m.end("y2")], Period.year(last),
                            DateBasis.EXPLICIT))


def _shift_of(m: re.Match[str], p: DatePatterns) -> tuple[str, float, float, int] | None:
    amount = _amount(p, m.group("n"), m.group("n2"))
    unit = p.units.get(m.group("unit"))
    if amount is None or unit is None:
        return None
    sign = 1 if m.group("dir") in _alt_set(p.lex, "ahead") else -1
    return unit, amount[0], amount[1], sign


def shift_from(period: Period, shift: tuple[str, float, float, int], lex: Lexicon) -> Period | None:
    """A narrative shift ("een dag eerder") applied to the date the account is at."""
    unit, low, high, sign = shift
    resolver = Resolver(date_patterns(lex), period)
    first, last = resolver.shift(unit, sign * low), resolver.shift(unit, sign * high)
    if first is None or last is None:
        return None
    return Period.span(min(first.start, last.start), max(first.end, last.end))


def _resolve(kind: str, m: re.Match[str], p: DatePatterns, r: Resolver,
             language: str, future: bool = False) -> tuple[Period | None, DateBasis | None]:
    g = m.groupdict()
    if kind == "year_range":
        first, last = _range_years(m)
        return Period(dt.date(first, 1, 1), dt.date(last, 12, 31), Granularity.YEAR), DateBasis.EXPLICIT
    if kind == "decade":
        if g.get("y"):
            first = int(g["y"])
        elif g.get("yy"):
            first = 1900 + int(g["yy"])  # "the '90s": the last century's, as news uses it
        else:
            first = 1900 + p.decade_tens[g["tens"]]
        return Period(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), Granularity.YEAR), DateBasis.EXPLICIT
    if kind == "century":
        number = int(g["n"]) if g.get("n") else p.ordinals[g["ord"]]
        if not 1 <= number <= 21:
            return None, None
        first = (number - 1) * 100
        return Period(dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31), Granularity.YEAR), DateBasis.EXPLICIT
    if kind == "now":
        return r.pub, DateBasis.RELATIVE
    if kind == "quarter":
        return _quarter(g, p, r, future)
    if kind == "month_shift_year":
        if p.units.get(g["unit"]) != "year" or r.pub is None:
            return None, None
        month = p.months[g["mon"]]
        return Period.month(r.pub.start.year + p.shifts[g["shift"]], month), DateBasis.RELATIVE
    if kind == "shift_month":
        month = p.months[g["mon"]]
        year = r.year_for_month(month, shift=p.shifts[g["shift"]])
        return (Period.month(year, month), DateBasis.RELATIVE) if year is not None else (None, DateBasis.RELATIVE)
    if kind in ("iso", "numeric"):
        day = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return (Period.day(day), DateBasis.EXPLICIT) if day else (None, None)
    if kind in ("day_month", "month_day"):
        month = p.months.get(g["mon"].rstrip("."), 0)
        if not month:
            return None, None
        year = int(g["y"]) if g.get("y") else r.year_for_month(month, future=future)
        if year is None:
            return None, None
        parsed = _dateparser_day(f"{int(g['d'])} {g['mon']} {year}", language)
        if parsed is None:
            day = _safe_date(year, month, int(g["d"]))
        else:
            day = parsed[0]
        if day is None:
            return None, None
        basis = DateBasis.EXPLICIT if g.get("y") else DateBasis.RELATIVE
        if r.pub is not None and not g.get("y") and r.pub.granularity is Granularity.YEAR:
            return Period.year(year), basis
        return Period.day(day), basis
    if kind == "month_year":
        month = p.months.get(g["mon"].rstrip("."), 0)
        return (Period.month(int(g["y"]), month), DateBasis.EXPLICIT) if month else (None, None)
    if kind in ("bare_month", "month_alone"):
        month = p.months[g["mon"]]
        year = r.year_for_month(month, future=future)
        if year is None:
            return None, None
        return Period.month(year, month), DateBasis.RELATIVE
    if kind == "year":
        return Period.year(int(g["y"])), DateBasis.EXPLICIT
    if kind == "part":
        part = p.parts.get(g["part"]) or p.parts.get(g["part"].rstrip("-").strip())
        if part is None:
            return None, None
        if g.get("unit"):
            unit = p.units[g["unit"]]
            base = r.shift(unit, p.shifts[g["shift"]])
            if base is None:
                return None, None
            if unit == "year":
                return r.part(part, None, base.start.year), DateBasis.RELATIVE
            if unit == "month" and base.granularity is Granularity.MONTH:
                return r.part(part, base.start.month, base.start.year), DateBasis.RELATIVE
            return base, DateBasis.RELATIVE
        if g.get("mon"):
            month = p.months[g["mon"]]
            year = int(g["y"]) if g.get("y") else None
            if year is None and g.get("mshift"):  # "late last July"
                year = r.year_for_month(month, shift=p.shifts[g["mshift"]])
            elif year is None and future:
                year = r.year_for_month(month, future=True)
            period = r.part(part, month, year)
            return period, (DateBasis.EXPLICIT if g.get("y") else DateBasis.RELATIVE)
        if g.get("y2"):
            return r.part(part, None, int(g["y2"])), DateBasis.EXPLICIT
        return None, None
    if kind == "season":
        season = p.seasons[g["season"]]
        shift = p.shifts[g["shift"]] if g.get("shift") else None
        year = int(g["y"]) if g.get("y") else None
        if shift is None and year is None:
            # a bare season word ("zomer") is too weak without "afgelopen" or a year
            return None, None
        return r.season(season, shift, year), (DateBasis.EXPLICIT if year else DateBasis.RELATIVE)
    if kind in ("ago", "ahead"):
        amount = _amount(p, g["n"], g.get("n2"))
        unit = p.units.get(g["unit"], "")
        if amount is None or not unit:
            return None, None
        sign = 1 if kind == "ahead" or (g.get("dir") and g["dir"] in _alt_set(p.lex, "ahead")) else -1
        low, high = amount
        a, b = r.shift(unit, sign * low), r.shift(unit, sign * high)
        if a is None or b is None:
            return None, DateBasis.RELATIVE
        if (a.start, a.end) == (b.start, b.end):
            return a, DateBasis.RELATIVE
        return Period.span(min(a.start, b.start), max(a.end, b.end)), DateBasis.RELATIVE
    if kind == "shift_weekday":
        return r.weekday(p.weekdays[g["wd"]], p.shifts[g["shift"]]), DateBasis.RELATIVE
    if kind == "shift_unit":
        unit = p.units[g["unit"]]
        shift = p.shifts[g["shift"]]
        return r.shift(unit, shift), DateBasis.RELATIVE
    if kind == "weekday":
        return r.weekday(p.weekdays[g["wd"]], None, future), DateBasis.RELATIVE
    if kind == "day_word":
        offset = p.days[g["word"]]
        return r.shift("day", offset), DateBasis.RELATIVE
    return None, None


def _alt_set(lex: Lexicon, key: str) -> frozenset[str]:
    return word_set(lex, "dates", key)


def _anchored(text: str, folded: str, p: DatePatterns, publication: Period | None,
              aliases: list[tuple[int, int, str]]) -> list[DatedExpression]:
    """Dates given relative to a known event ("kort na de top in Samarkand")."""
    table = load_known_events()
    out: list[DatedExpression] = []
    for start, end, event_id in aliases:
        m = p.anchor_prefix.search(folded[max(0, start - 60):start])
        if not m:
            continue
        event = table.events[event_id]
        if publication is not None and event.date > publication.end.isoformat():
            # an anchor cannot be later than the article; a namesake may fit
            continue
        anchor = Period.parse(event.date)
        a = start - (len(folded[max(0, start - 60):start]) - m.start())
        before = bool(p.before_words.search(m["dir"]))
        g = m.groupdict()
        amount = _amount(p, g.get("n"), g.get("n2"))
        if amount is None and not g.get("close"):
            # "voor de invasie" alone marks a reference point, not a date
            out.append(DatedExpression(a, end, text[a:end], None, DateBasis.ANCHORED,
                                       reference_only=True, known_event=event_id))
            continue
        if amount is None:
            low_days, high_days = 1.0, 14.0
        else:
            unit = p.units.get(g["unit"], "day")
            tolerance = ANCHOR_TOLERANCE_DAYS.get(unit, 0)
            low_days = amount[0] * UNIT_DAYS[unit] - tolerance
            high_days = amount[1] * UNIT_DAYS[unit] + tolerance
        low_days, high_days = max(0, int(low_days)), max(0, int(high_days))
        if before:
            first = anchor.start - dt.timedelta(days=high_days)
            last = anchor.start - dt.timedelta(days=max(low_days, 1 if amount is None else low_days))
        else:
            first = anchor.end + dt.timedelta(days=max(low_days, 1 if amount is None else low_days))
            last = anchor.end + dt.timedelta(days=high_days)
        out.append(DatedExpression(a, end, text[a:end], Period.span(first, last), DateBasis.ANCHORED,
                                   known_event=event_id))
    # Where two namesakes anchor the same words (re-elections), keep the latest fitting one.
    out.sort(key=lambda x: (x.start, -(x.period.start.toordinal() if x.period else 0)))
    unique: list[DatedExpression] = []
    for expr in out:
        if not unique or unique[-1].start != expr.start:
            unique.append(expr)
    return unique


# --------------------------------------------------------------------------- whole texts
def timeml_value(period: Period) -> str:
    """A period as a TimeML value: YYYY-MM-DD, YYYY-Www(-WE), YYYY-MM, YYYY-SU, YYYY, a
    decade (199) or a century (19)."""
    start, end = period.start, period.end
    if period.granularity is Granularity.DAY:
        return start.isoformat()
    if period.granularity is Granularity.WEEK:
        year, week, _ = (start + (end - start) / 2).isocalendar()
        weekend = start.weekday() == 5 and (end - start).days == 1
        return f"{year:04d}-W{week:02d}" + ("-WE" if weekend else "")
    if period.granularity is Granularity.SEASON:
        return f"{start.year:04d}-{SEASON_CODES.get(start.month, 'XX')}"
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start.day == 1 and end == Period.month(end.year, end.month).end and start.year == end.year:
        if months == 3 and start.month % 3 == 1:
            return f"{start.year:04d}-Q{start.month // 3 + 1}"
        if months == 6 and start.month in (1, 7):
            return f"{start.year:04d}-H{1 if start.month == 1 else 2}"
    if whole_years and end.year - start.year == 9 and start.year % 10 == 0:
        return f"{start.year // 10:03d}"
    if whole_years and end.year - start.year == 99 and start.year % 100 == 0:
        return f"{start.year // 100:02d}"
    return period.label


def document_dates(text: str, lex: Lexicon, publication: Period | None) -> list[DatedExpression]:
    """Every resolved date expression of a whole text, with offsets in that text (a range
    gives its two ends): what `python -m core dates` prints."""
    paragraphs = [(m.start(), m.end(), False) for m in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text)]
    sentences = split_sentences(CleanText(text, paragraphs, None, 0), lex)
    found: list[DatedExpression] = []
    for sentence in sentences:
        for expr in find_dates(sentence.text, fold(sentence.text), lex, publication):
            for one in expr.parts or (expr,):
                if one.period is None or one.continuation:
                    continue
                one.start, one.end = one.start + sentence.start, one.end + sentence.start
                found.append(one)
    return found
