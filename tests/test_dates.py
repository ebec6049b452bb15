"""Every date expression of the parser issue, in Dutch and English, with its value,
granularity and basis (publication: Tuesday 23 March 2021 unless said otherwise)."""
from __future__ import annotations

import datetime as dt

import pytest

from core.models import DateBasis, Period
from core.parse.dates import find_dates
from core.parse.lexicon import fold, load_lexicon

PUB = Period.day(dt.date(2021, 3, 23))
PUB_MONTH = Period.month(2021, 3)
PUB_2024 = Period.day(dt.date(2024, 4, 9))

R, E, A = DateBasis.RELATIVE, DateBasis.EXPLICIT, DateBasis.ANCHORED

# (language, text, publication, expected label, granularity, basis, expected start, end)
CASES = [
    # explicit days, months, years
    ("nl", "op 24 februari 2022", PUB, "2022-02-24", "day", E, None, None),
    ("en", "on February 24, 2022", PUB, "2022-02-24", "day", E, None, None),
    ("en", "on 24 February 2022", PUB, "2022-02-24", "day", E, None, None),
    ("nl", "in maart 2020", PUB, "2020-03", "month", E, None, None),
    ("en", "in March 2020", PUB, "2020-03", "month", E, None, None),
    ("nl", "in 2019", PUB, "2019", "year", E, None, None),
    ("en", "in 2019", PUB, "2019", "year", E, None, None),
    ("nl", "op 22 maart", PUB, "2021-03-22", "day", R, None, None),
    ("en", "on 22 March", PUB, "2021-03-22", "day", R, None, None),
    # days relative to publication
    ("nl", "gisteren", PUB, "2021-03-22", "day", R, None, None),
    ("nl", "eergisteren", PUB, "2021-03-21", "day", R, None, None),
    ("nl", "vandaag", PUB, "2021-03-23", "day", R, None, None),
    ("en", "yesterday", PUB, "2021-03-22", "day", R, None, None),
    ("en", "today", PUB, "2021-03-23", "day", R, None, None),
    ("en", "the day before yesterday", PUB, "2021-03-21", "day", R, None, None),
    # weeks, months, years before and after
    ("nl", "vorige week", PUB, "2021-03", "week", R, "2021-03-15", "2021-03-21"),
    ("nl", "afgelopen week", PUB, "2021-03", "week", R, "2021-03-15", "2021-03-21"),
    ("nl", "komende week", PUB, "2021-04", "week", R, "2021-03-29", "2021-04-04"),
    ("en", "last week", PUB, "2021-03", "week", R, "2021-03-15", "2021-03-21"),
    ("en", "next week", PUB, "2021-04", "week", R, "2021-03-29", "2021-04-04"),
    ("nl", "vorige maand", PUB, "2021-02", "month", R, None, None),
    ("nl", "afgelopen maand", PUB, "2021-02", "month", R, None, None),
    ("nl", "komende maand", PUB, "2021-04", "month", R, None, None),
    ("en", "last month", PUB, "2021-02", "month", R, None, None),
    ("en", "next month", PUB, "2021-04", "month", R, None, None),
    ("nl", "vorig jaar", PUB, "2020", "year", R, None, None),
    ("nl", "afgelopen jaar", PUB, "2020", "year", R, None, None),
    ("nl", "komend jaar", PUB, "2022", "year", R, None, None),
    ("en", "last year", PUB, "2020", "year", R, None, None),
    ("en", "next year", PUB, "2022", "year", R, None, None),
    # weekdays: the last such day on or before publication; "volgende" after it
    ("nl", "dinsdag", PUB, "2021-03-23", "day", R, None, None),
    ("nl", "maandag", PUB, "2021-03-22", "day", R, None, None),
    ("nl", "zondag", PUB, "2021-03-21", "day", R, None, None),
    ("nl", "afgelopen dinsdag", PUB, "2021-03-16", "day", R, None, None),
    ("nl", "volgende dinsdag", PUB, "2021-03-30", "day", R, None, None),
    ("en", "on Monday", PUB, "2021-03-22", "day", R, None, None),
    ("en", "last Tuesday", PUB, "2021-03-16", "day", R, None, None),
    ("en", "next Tuesday", PUB, "2021-03-30", "day", R, None, None),
    # weeks and weekends keep their granularity (their `date` is the month holding most of them)
    ("nl", "dit weekend", PUB, "2021-03", "week", R, "2021-03-20", "2021-03-21"),
    ("nl", "vorig weekend", PUB, "2021-03", "week", R, "2021-03-20", "2021-03-21"),
    ("en", "this weekend", PUB, "2021-03", "week", R, "2021-03-20", "2021-03-21"),
    ("en", "last weekend", PUB, "2021-03", "week", R, "2021-03-20", "2021-03-21"),
    # number words
    ("nl", "twee jaar geleden", PUB, "2019", "year", R, None, None),
    ("nl", "drie weken geleden", PUB, "2021-03", "week", R, "2021-03-01", "2021-03-07"),
    ("nl", "drie maanden geleden", PUB, "2020-12", "month", R, None, None),
    ("nl", "enkele dagen geleden", PUB, "2021-03", "month", R, "2021-03-14", "2021-03-21"),
    ("en", "two years ago", PUB, "2019", "year", R, None, None),
    ("en", "three weeks ago", PUB, "2021-03", "week", R, "2021-03-01", "2021-03-07"),
    ("en", "a few days ago", PUB, "2021-03", "month", R, "2021-03-19", "2021-03-21"),
    # begin / half / eind, early / mid / late
    ("nl", "begin maart", PUB, "2021-03", "month", R, "2021-03-01", "2021-03-10"),
    ("nl", "half februari", PUB, "2021-02", "month", R, "2021-02-11", "2021-02-20"),
    ("nl", "eind 2020", PUB, "2020", "year", E, "2020-09-01", "2020-12-31"),
    ("nl", "begin vorig jaar", PUB, "2020", "year", R, "2020-01-01", "2020-04-30"),
    ("en", "early March", PUB, "2021-03", "month", R, "2021-03-01", "2021-03-10"),
    ("en", "mid-February", PUB, "2021-02", "month", R, "2021-02-11", "2021-02-20"),
    ("en", "late 2020", PUB, "2020", "year", E, "2020-09-01", "2020-12-31"),
    # seasons keep theirs (their `date` is the year holding most of them)
    ("nl", "afgelopen zomer", PUB, "2020", "season", R, "2020-06-01", "2020-08-31"),
    ("nl", "vorige winter", PUB, "2021", "season", R, "2020-12-01", "2021-02-28"),
    ("en", "last summer", PUB, "2020", "season", R, "2020-06-01", "2020-08-31"),
    ("en", "in the summer of 2019", PUB, "2019", "season", E, "2019-06-01", "2019-08-31"),
    # granularity never finer than the evidence: a month-only publication date
    ("nl", "gisteren", PUB_MONTH, "2021-03", "month", R, None, None),
    ("en", "yesterday", PUB_MONTH, "2021-03", "month", R, None, None),
    ("nl", "vorige maand", PUB_MONTH, "2021-02", "month", R, None, None),
    ("nl", "dinsdag", PUB_MONTH, "2021-03", "month", R, None, None),
    # anchored to known events
    ("nl", "enkele dagen voor de Russische invasie van Oekraïne", PUB_2024, "2022-02", "month", A, "2022-02-15", "2022-02-22"),
    ("en", "weeks before the February 2022 invasion", PUB_2024, "2022-02", "month", A, "2022-02-10", "2022-02-23"),
    ("nl", "kort na de top in Samarkand", PUB_2024, "2022-09", "month", A, "2022-09-16", "2022-09-29"),
    ("en", "two weeks after the Samarkand summit", PUB_2024, "2022", "year", A, "2022-09-26", "2022-10-02"),
    # now: the publication date
    ("nl", "Rusland levert nu meer gas", PUB, "2021-03-23", "day", R, None, None),
    ("nl", "China koopt momenteel meer olie", PUB, "2021-03-23", "day", R, None, None),
    ("en", "Russia now sells more gas", PUB, "2021-03-23", "day", R, None, None),
    ("en", "China is currently buying oil", PUB_MONTH, "2021-03", "month", R, None, None),
    # months named without a year: "last May" the one before the publication month
    ("en", "last May", PUB, "2020-05", "month", R, None, None),
    ("nl", "afgelopen mei", PUB, "2020-05", "month", R, None, None),
    ("en", "last March", PUB, "2020-03", "month", R, None, None),
    ("en", "next May", PUB, "2021-05", "month", R, None, None),
    ("en", "the talks began in May", PUB, "2020-05", "month", R, None, None),
    ("nl", "de gesprekken begonnen in mei", PUB, "2020-05", "month", R, None, None),
    ("en", "the talks will resume in May", PUB, "2021-05", "month", R, None, None),
    ("nl", "de gesprekken zullen in mei hervat worden", PUB, "2021-05", "month", R, None, None),
    ("en", "in February last year", PUB, "2020-02", "month", R, None, None),
    ("nl", "in februari vorig jaar", PUB, "2020-02", "month", R, None, None),
    ("en", "late last July", PUB, "2020-07", "month", R, "2020-07-21", "2020-07-31"),
    # year ranges, decades and centuries: spans of years
    ("en", "in 2009-2010", PUB, "2010", "year", E, "2009-01-01", "2010-12-31"),
    ("nl", "in 1957-58", PUB, "1958", "year", E, "1957-01-01", "1958-12-31"),
    ("nl", "in de jaren negentig", PUB, "1999", "year", E, "1990-01-01", "1999-12-31"),
    ("nl", "in de jaren '80", PUB, "1989", "year", E, "1980-01-01", "1989-12-31"),
    ("en", "in the 1990s", PUB, "1999", "year", E, "1990-01-01", "1999-12-31"),
    ("en", "in the nineties", PUB, "1999", "year", E, "1990-01-01", "1999-12-31"),
    ("en", "in the 20th century", PUB, "1999", "year", E, "1900-01-01", "1999-12-31"),
    ("nl", "in de twintigste eeuw", PUB, "1999", "year", E, "1900-01-01", "1999-12-31"),
    ("nl", "in de 19e eeuw", PUB, "1899", "year", E, "1800-01-01", "1899-12-31"),
    # quarters and halves of a year: spans of months, labelled by their year
    ("nl", "in het eerste kwartaal van 2020", PUB, "2020", "year", E, "2020-01-01", "2020-03-31"),
    ("en", "in the fourth quarter", PUB, "2020", "year", R, "2020-10-01", "2020-12-31"),
    ("en", "in the second half of last year", PUB, "2020", "year", R, "2020-07-01", "2020-12-31"),
    ("nl", "in de tweede helft van het jaar", PUB, "2021", "year", R, "2021-07-01", "2021-12-31"),
    ("en", "sales fell in Q3 2019", PUB, "2019", "year", E, "2019-07-01", "2019-09-30"),
    ("en", "cuts in this fiscal year", PUB, "2021", "year", R, None, None),
    ("nl", "in het vorige fiscale jaar", PUB, "2020", "year", R, None, None),
    # weekdays follow the tense of their clause
    ("nl", "Vrijdag zal Poetin naar Peking reizen", PUB, "2021-03-26", "day", R, None, None),
    ("nl", "Poetin gaat vrijdag naar Peking", PUB, "2021-03-26", "day", R, None, None),
    ("nl", "Vrijdag staat het bezoek op het programma", PUB, "2021-03-26", "day", R, None, None),
    ("en", "Putin will travel to Beijing on Friday", PUB, "2021-03-26", "day", R, None, None),
    ("en", "Putin is due to arrive on Friday", PUB, "2021-03-26", "day", R, None, None),
    ("en", "Putin is to meet Xi on Friday", PUB, "2021-03-26", "day", R, None, None),
    ("en", "Putin travelled to Beijing on Friday", PUB, "2021-03-19", "day", R, None, None),
    # a scheduled start or end in the present tense lies ahead; one in the past tense behind
    ("nl", "De oefening begint vrijdag in de Oostzee", PUB, "2021-03-26", "day", R, None, None),
    ("en", "The drills begin on Friday in the Baltic", PUB, "2021-03-26", "day", R, None, None),
    ("en", "The drills began on Friday in the Baltic", PUB, "2021-03-19", "day", R, None, None),
    # a past perfect looks back, whatever modal follows ("hadden … willen")
    ("nl", "zij hadden in september de handel willen verhogen", PUB, "2020-09", "month", R, None, None),
    ("en", "Lavrov said on Monday that Xi will visit in May", PUB, "2021-03-22", "day", R, None, None),
    ("nl", "deze donderdag", PUB, "2021-03-25", "day", R, None, None),
    ("en", "Xi will visit Moscow on May 5", PUB, "2021-05-05", "day", R, None, None),
    ("en", "Xi visited Moscow on May 5", PUB, "2020-05-05", "day", R, None, None),
    ("nl", "Xi zal begin juni naar Moskou reizen", PUB, "2021-06", "month", R, "2021-06-01", "2021-06-10"),
    ("nl", "vrijdag", PUB_MONTH, "2021-03", "month", R, None, None),
    ("nl", "maandag zal hij vertrekken", PUB_MONTH, "2021-03", "month", R, None, None),
]


@pytest.mark.parametrize("lang,text,pub,label,granularity,basis,start,end", CASES,
                         ids=[f"{c[0]}:{c[1]}@{c[2].label}" for c in CASES])
def test_date_expression(lang: str, text: str, pub: Period, label: str, granularity: str,
                         basis: DateBasis, start: str | None, end: str | None) -> None:
    found = [d for d in find_dates(text, fold(text), load_lexicon(lang), pub) if not d.reference_only]
    assert found, f"no date in {text!r}"
    expr = found[0]
    assert expr.period is not None
    assert (expr.period.label, expr.period.granularity.value, expr.basis) == (label, granularity, basis)
    if start:
        assert (expr.period.start.isoformat(), expr.period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("lang,text", [
    ("nl", "voor het eerst sinds 1989"), ("nl", "sinds 1989"), ("en", "since 1989"),
    ("en", "for the first time since 1989"), ("nl", "meer dan twee jaar geleden"),
])
def test_reference_point_is_not_a_date(lang: str, text: str) -> None:
    """"sinds 1989" marks a reference point: never the event's date."""
    found = find_dates(text, fold(text), load_lexicon(lang), PUB)
    years = [d for d in found if d.period and d.period.label == "1989"]
    assert all(d.reference_only for d in years)
    if "sinds" in text or "since" in text:
        assert years, "the year itself is found, and marked as a reference"


def test_a_year_in_a_name_of_the_publication_year_is_no_date() -> None:
    """"Vostok 2022" in a 2022 article names the drills; the publication's day is sharper.
    "Joint Sea 2015" in a later article, or a year after a preposition, keeps its year."""
    pub = Period.day(dt.date(2022, 9, 5))

    def years(lang: str, text: str) -> list[tuple[str, bool]]:
        return [(d.period.label, d.reference_only) for d in find_dates(text, fold(text), load_lexicon(lang), pub)
                if d.period is not None]

    assert years("en", "The Vostok 2022 drills started with troops from China.") == [("2022", True)]
    assert years("nl", "De oefening Vostok 2022 begon met Chinese troepen.") == [("2022", True)]
    assert years("en", "Vostok 2022 drills began with Chinese troops.") == [("2022", True)]
    assert years("en", "They held the Joint Sea 2015 drills in the Mediterranean.") == [("2015", False)]
    assert years("en", "Throughout 2022, trade grew.") == [("2022", False)]
    assert years("nl", "Sinds januari 2022 groeit de handel.") == [("2022-01", True)]
    assert years("en", "Trade grew in 2022.") == [("2022", False)]


@pytest.mark.parametrize("lang,text,label", [
    ("nl", "Sinds maandag houden Rusland en China een oefening in Ningxia.", "2021-03-22"),
    ("en", "Since Monday, Russian and Chinese ships have patrolled the strait.", "2021-03-22"),
    ("en", "Since March 3, imports of Russian grain have been halted.", "2021-03-03"),
])
def test_since_a_day_is_when_an_ongoing_event_began(lang: str, text: str, label: str) -> None:
    """"Sinds maandag", "since March 3": the day something still going on began, its date;
    "sinds 1989" stays a reference point (above)."""
    [found] = [d for d in find_dates(text, fold(text), load_lexicon(lang), PUB) if d.period is not None]
    assert (found.period.label, found.reference_only) == (label, False)


@pytest.mark.parametrize("lang,text", [
    ("nl", "Op dezelfde dag legde de EU sancties op."), ("nl", "Die dag sprak hij met Lavrov."),
    ("nl", "Toen ging hij naar Moskou."), ("en", "That day he met Lavrov."),
    ("en", "On the same day the EU imposed sanctions."),
])
def test_continuation_inherits(lang: str, text: str) -> None:
    found = find_dates(text, fold(text), load_lexicon(lang), PUB)
    assert any(d.continuation and d.basis is DateBasis.INHERITED for d in found)


@pytest.mark.parametrize("lang,text", [("nl", "In 55 landen"), ("en", "more than 5,000 words"),
                                        ("en", "Zapad/Interaction-2021 drills"), ("nl", "D66-Kamerlid"),
                                        # durations and comparisons are not dates
                                        ("en", "the season started a month earlier than usual"),
                                        ("nl", "het seizoen begon een maand eerder dan normaal"),
                                        ("en", "a deal in 100 days"), ("en", "within two weeks"),
                                        ("nl", "een akkoord binnen 100 dagen"), ("en", "for two years"),
                                        ("nl", "twee jaar lang"), ("en", "May I ask"), ("en", "they may meet"),
                                        ("en", "the first half of the duo"),
                                        ("en", "a week before the start of summer time")])
def test_numbers_that_are_not_dates(lang: str, text: str) -> None:
    assert not [d for d in find_dates(text, fold(text), load_lexicon(lang), PUB) if not d.reference_only]


def test_no_publication_date_leaves_relative_dates_unresolved() -> None:
    found = find_dates("gisteren", "gisteren", load_lexicon("nl"), None)
    assert found and found[0].period is None


def test_anchor_later_than_the_article_is_ignored() -> None:
    """An article of 2021 cannot be dated by the 2022 invasion."""
    text = "enkele dagen voor de Russische invasie van Oekraïne"
    found = find_dates(text, fold(text), load_lexicon("nl"), PUB)
    assert not [d for d in found if d.basis is DateBasis.ANCHORED]


@pytest.mark.parametrize("lang,text", [
    ("en", "sanctions extended through June"), ("en", "the first trip since his March re-election"),
    ("nl", "sinds zijn maart-herverkiezing"),
    ("en", "more gas than in March"), ("nl", "meer gas dan in maart"),
])
def test_limits_and_reference_points_are_not_the_date(lang: str, text: str) -> None:
    found = find_dates(text, fold(text), load_lexicon(lang), PUB)
    months = [d for d in found if d.period and d.period.granularity.value == "month"]
    assert months and all(d.reference_only for d in months)


@pytest.mark.parametrize("lang,text,label", [
    ("en", "sanctions extended through June", "2021-06"), ("nl", "de sancties gelden tot juni", "2021-06"),
    ("en", "the ban holds until Friday", "2021-03-26"), ("en", "the sanctions of June", "2020-06"),
])
def test_a_limit_lies_ahead(lang: str, text: str, label: str) -> None:
    """"until June" in March: the coming June (a limit, so a reference point, not the event's date)."""
    [expr] = find_dates(text, fold(text), load_lexicon(lang), PUB)
    assert expr.period is not None and expr.period.label == label


@pytest.mark.parametrize("lang,text,value", [
    ("en", "this week", "2021-W12"), ("nl", "vorige week", "2021-W11"), ("en", "this weekend", "2021-W11-WE"),
    ("en", "last summer", "2020-SU"), ("nl", "afgelopen winter", "2020-WI"), ("en", "the 1990s", "199"),
    ("nl", "de twintigste eeuw", "19"), ("en", "now", "2021-03-23"), ("en", "May 2010", "2010-05"),
    ("en", "in 2019", "2019"), ("nl", "gisteren", "2021-03-22"), ("nl", "het derde kwartaal van 2020", "2020-Q3"),
    ("en", "the first half of 2020", "2020-H1"),
])
def test_timeml_values(lang: str, text: str, value: str) -> None:
    from core.parse.dates import timeml_value

    [expr] = [d for d in find_dates(text, fold(text), load_lexicon(lang), PUB) if d.period]
    assert timeml_value(expr.period) == value


def test_a_year_range_lists_both_years_where_expressions_are_listed() -> None:
    from core.parse.dates import document_dates, timeml_value

    text = "Between 1957-58 and in 2009–2010 the fleet grew.\n\nBy 2012 it had doubled."
    found = document_dates(text, load_lexicon("en"), PUB)
    assert [(text[d.start:d.end], timeml_value(d.period)) for d in found] == [
        ("1957", "1957"), ("58", "1958"), ("2009", "2009"), ("2010", "2010"), ("2012", "2012")]
    assert found[-1].reference_only  # "by 2012": a limit


def test_week_and_season_keep_their_granularity_with_a_parseable_date() -> None:
    """The export's `date` of a week is the month holding most of it, of a season the year."""
    week = find_dates("komende week", "komende week", load_lexicon("nl"), PUB)[0].period
    assert (week.granularity.value, week.label, week.start.isoformat(), week.end.isoformat()) == (
        "week", "2021-04", "2021-03-29", "2021-04-04")
    assert Period.parse(week.label).start <= week.end
    winter = find_dates("last winter", "last winter", load_lexicon("en"), PUB)[0].period
    assert (winter.granularity.value, winter.label) == ("season", "2021")


# --------------------------------------------------------------------------- an event's date
def _evidence(nearest=None, dates=(), known_event=None, narrative=None, paragraph=0, folded="x", published=PUB):
    from core.models import EventType
    from core.parse.event_date import DateEvidence, Narrative
    from core.parse.events import Trigger
    from core.parse.lexicon import load_known_events

    lex = load_lexicon("nl")
    return DateEvidence(folded, paragraph, Trigger(EventType.CONSULT, "verb", 0, 1, "x"), list(dates), nearest,
                        known_event, narrative or Narrative(), lex, load_known_events(), published,
                        None)


def _expr(text: str, pub: Period = PUB, lang: str = "nl"):
    return [d for d in find_dates(text, fold(text), load_lexicon(lang), pub) if not d.reference_only][0]


def test_each_step_of_the_cascade_on_its_own() -> None:
    from core.parse.event_date import Narrative, inherited_date, linked_date, own_date, publication_date, shifted_date

    yesterday = _expr("gisteren")
    assert linked_date(_evidence(nearest=yesterday)) is None
    linked = linked_date(_evidence(known_event="no_limits_partnership_2022", published=PUB_2024))
    assert linked is not None and (linked.period.label, linked.basis) == ("2022-02-04", DateBasis.LINKED)
    anchored = _expr("kort na de top in Samarkand", PUB_2024)
    assert shifted_date(_evidence(nearest=yesterday)) is None
    assert shifted_date(_evidence(nearest=anchored)).basis is DateBasis.ANCHORED
    account = Narrative(Period.day(dt.date(2021, 1, 10)), "10 januari", 0)  # not in the days before publication
    earlier = _expr("een dag eerder")
    shifted = shifted_date(_evidence(nearest=earlier, narrative=account))
    assert shifted is not None and shifted.period.label == "2021-01-09" and shifted.basis is DateBasis.INHERITED
    assert own_date(_evidence()) is None
    assert own_date(_evidence(nearest=yesterday)).period.label == "2021-03-22"
    assert inherited_date(_evidence()) is None
    assert inherited_date(_evidence(narrative=account, paragraph=0)).period.label == "2021-01-10"
    assert inherited_date(_evidence(narrative=account, paragraph=3)) is None  # another paragraph, not recent
    same_day = [d for d in find_dates("Op dezelfde dag", "op dezelfde dag", load_lexicon("nl"), PUB)]
    assert inherited_date(_evidence(narrative=account, paragraph=3, dates=same_day)).basis is DateBasis.INHERITED
    assert publication_date(_evidence()).period == PUB


def test_the_first_step_with_evidence_decides() -> None:
    from core.parse.event_date import Narrative, event_date

    account = Narrative(Period.day(dt.date(2021, 3, 10)), "10 maart", 0)
    assert event_date(_evidence(nearest=_expr("gisteren"), narrative=account)).basis is DateBasis.RELATIVE
    assert event_date(_evidence(narrative=account)).basis is DateBasis.INHERITED
    assert event_date(_evidence()).basis is DateBasis.PUBLICATION


def _events(text: str, published: str = "2021-03-23", language: str | None = None):
    from core.models import PublishedBasis, RawArticle
    from core.parse.pipeline import parse_article

    raw = RawArticle(file="t.txt", text=text, published=published, published_basis=PublishedBasis.HEADER,
                     language=language)
    return parse_article(raw).events


def test_a_weekday_with_a_month_only_publication_gives_the_month() -> None:
    [event] = _events("Vrijdag ontmoette Poetin Xi Jinping in Moskou.", published="2021-03")
    assert (event.period.label, event.period.granularity.value) == ("2021-03", "month")


def test_now_dates_its_own_clause_only() -> None:
    # ("Russia's veto was expected" names the veto again: no second event)
    events = _events("Russia on Friday vetoed a resolution against China. China abstained, but the "
                     "West will now take the effort to the assembly.", published="2022-10-01", language="en")
    assert [e.period.label for e in events][:2] == ["2022-09-30", "2022-09-30"]


def test_a_statement_takes_the_day_of_its_reporting_clause_a_delivery_does_not() -> None:
    accuse = _events("China accused Russia of interference, the ministry said on Monday.", language="en")
    assert accuse[0].period.label == "2021-03-22"
    deliver = _events("Russia delivered weapons to China last year, the ministry said on Monday.", language="en")
    assert deliver[0].period.label == "2020"


def test_the_next_sentence_carries_the_account_on() -> None:
    events = _events("Xi Jinping ontmoette Poetin op 10 maart in Moskou. Hij bedankte Poetin voor de steun.")
    assert [(e.period.label, e.date_basis) for e in events] == [("2021-03-10", DateBasis.RELATIVE),
                                                                ("2021-03-10", DateBasis.INHERITED)]


def test_a_flashback_does_not_move_the_account_on() -> None:
    events = _events("China protested on Tuesday against new EU sanctions. The EU had announced the sanctions "
                     "against Russia on Monday. China also urged Russia to keep trading.", language="en")
    assert [e.period.label for e in events] == ["2021-03-23", "2021-03-22", "2021-03-23"]


def test_a_date_behind_another_noun_dates_that_noun() -> None:
    [event, *_] = _events("Lavrov expressed support for an agreement China reached at a summit last month.",
                          language="en")
    assert event.period.label == "2021-03-23" and event.date_basis is DateBasis.PUBLICATION


def test_a_verb_in_the_present_tense_does_not_carry_on_an_earlier_date() -> None:
    nl = _events("Het parlement veroordeelde eind februari de behandeling van de Oeigoeren. "
                 "China ontkent elke schending van de mensenrechten.")
    assert [(e.period.label, e.date_basis) for e in nl][-1] == ("2021-03-23", DateBasis.PUBLICATION)
    past = _events("Het parlement veroordeelde eind februari de behandeling van de Oeigoeren. "
                   "China ontkende elke schending van de mensenrechten.")
    assert past[-1].period.label == "2021-02" and past[-1].date_basis is DateBasis.INHERITED
    en = _events("Parliament condemned China in late February. China denies any abuse of Russia.", language="en")
    assert en[-1].date_basis is DateBasis.PUBLICATION


def test_weeks_and_seasons_are_shown_as_their_span() -> None:
    from core.models import date_shown
    from core.views.charts import hover_text

    assert date_shown("2021-03", "week", "2021-03-15", "2021-03-21") == "2021-03-15 – 2021-03-21"
    assert date_shown("2021-03", "month", "2021-03-01", "2021-03-31") == "2021-03"
    row = {"type": "MOBILIZE", "date": "2020", "granularity": "season", "date_start": "2020-06-01",
           "date_end": "2020-08-31", "date_text": "afgelopen zomer", "date_basis": "relative", "actors": ["CHN"],
           "sentence": "x", "article_file": "a.txt"}
    assert "2020-06-01 – 2020-08-31" in hover_text(row)


def test_the_following_day_counts_from_the_account() -> None:
    events = _events("Poetin ontmoette Xi op 10 januari in Moskou. De volgende dag bezocht Poetin Peking.")
    assert [e.period.label for e in events] == ["2021-01-10", "2021-01-11"]
    en = _events("Putin met Xi on 10 January in Moscow. On the previous day Putin visited Beijing.", language="en")
    assert [e.period.label for e in en] == ["2021-01-10", "2021-01-09"]


def test_an_account_dated_by_a_period_holding_the_publication_day_gives_that_day() -> None:
    from core.models import PublishedBasis, RawArticle
    from core.parse.pipeline import parse_article

    text = ("Xi Jinping kwam deze week aan in Moskou voor een staatsbezoek.\n\n"
            "De Chinese president bedankte Poetin voor zijn steun aan China.")
    raw = RawArticle(file="t.txt", text=text, published="2023-03-22", published_basis=PublishedBasis.HEADER,
                     language="nl")
    events = parse_article(raw).events
    assert events[0].period.granularity.value == "week"
    assert str(events[-1].period.start) == str(events[-1].period.end) == "2023-03-22"


def test_a_date_in_the_possessive_does_not_move_the_account_on() -> None:
    from core.models import PublishedBasis, RawArticle
    from core.parse.pipeline import parse_article

    text = ("Russia vetoed a resolution on Crimea at a meeting of the council yesterday.\n\n"
            "The draft, which says today's referendum would have no validity, got 13 votes.\n\n"
            "But it was rejected when Russia used its veto.")
    raw = RawArticle(file="t.txt", text=text, published="2014-03-16", published_basis=PublishedBasis.HEADER,
                     language="en")
    assert [str(e.period.start) for e in parse_article(raw).events] == ["2014-03-15", "2014-03-15"]


def test_a_date_in_a_backdrop_clause_with_its_own_subject_is_that_clauses() -> None:
    from core.models import PublishedBasis, RawArticle
    from core.parse.pipeline import parse_article

    def dates_of(text: str, published: str) -> list[str]:
        raw = RawArticle(file="t.txt", text=text, published=published, published_basis=PublishedBasis.HEADER,
                         language="en")
        return [str(e.period.start) for e in parse_article(raw).events]

    assert dates_of("It is Putin's first visit to China since Xi took office last year.", "2014-05-20") == ["2014-05-20"]
    # "since the fall of …" is no clause: the date after it is the event's
    assert dates_of("Russia began its biggest war games since the fall of the Soviet Union on Tuesday.",
                    "2018-09-12") == ["2018-09-11"]


def test_a_date_a_figure_is_compared_with_is_a_reference_point() -> None:
    from core.models import Period
    from core.parse.dates import find_dates
    from core.parse.lexicon import fold, load_lexicon

    text = "Putin called for raising trade to 100 billion dollars, up from 88 billion dollars last year."
    [date] = [d for d in find_dates(text, fold(text), load_lexicon("en"), Period.parse("2014-05-20"))
              if d.text == "last year"]
    assert date.reference_only


def test_a_new_paragraph_that_reports_what_was_said_does_not_take_a_date_ahead() -> None:
    events = _events("Poetin en Xi spraken dinsdag per video met elkaar. \"We zullen elkaar in april in Peking bezoeken\", "
                     "zei Poetin tegen Xi.\n\nXi zei dat China en Rusland samen moeten optrekken tegen de VS.",
                     published="2021-03-23")
    assert events[-1].type.value == "COOPERATE" and events[-1].period.label == "2021-03-23"


def test_weekday_afternoons_and_nights_are_weekdays() -> None:
    [event] = _events("Donderdagmiddag ontmoette Poetin Xi Jinping in Moskou.", published="2021-03-23")
    assert event.period.label == "2021-03-18"


def test_a_date_inside_a_since_phrase_is_that_phrases() -> None:
    [event] = _events("Poetin ontmoette Xi dinsdag, voor het eerst sinds de uitbraak van de pandemie in 2020.")
    assert event.period.label == "2021-03-23"
    [event] = _events("Xi met Putin on Tuesday, the first time since the outbreak of the pandemic in 2020.",
                      language="en")
    assert event.period.label == "2021-03-23"


def test_two_weekdays_joined_are_dated_by_the_first() -> None:
    [event] = _events("Xi zal deze dinsdag en woensdag een top met Poetin bijwonen in Moskou.", published="2021-03-22")
    assert event.period.label == "2021-03-23"


def test_when_after_a_date_refers_to_that_date_not_to_the_account() -> None:
    events = _events("In 2019 bezocht Xi Moskou.\n\nXi reisde naar Samarkand, zijn eerste reis sinds eind 2019, "
                     "toen de pandemie begon. Hij ontmoette er Poetin.")
    assert [e.period.label for e in events] == ["2019", "2021-03-23", "2021-03-23"]


def test_a_date_after_a_closed_relative_clause_is_the_triggers_again() -> None:
    [event] = _events("Rusland maakte bekend dat de marinemanoeuvres met China, die vorig jaar bij Japan te "
                      "zien waren, op 2 april beginnen.", published="2021-03-23")
    assert event.period.label == "2021-04-02"


def test_a_statement_in_the_present_does_not_carry_on_a_planned_date() -> None:
    events = _events("Rusland maakte bekend dat de oefening op 2 april begint. In een verklaring schrijft het "
                     "Chinese leger de samenwerking met Rusland te willen verdiepen.", published="2021-03-23")
    assert [e.period.label for e in events] == ["2021-04-02", "2021-03-23"]


def test_a_past_year_sums_up_and_is_not_carried_on() -> None:
    events = _events("Vorig jaar kocht China meer Russisch gas dan ooit. Gazprom liet weten een nieuw contract "
                     "met het Chinese CNPC te hebben gesloten.", published="2022-02-04")
    assert [e.period.label for e in events] == ["2021", "2022-02-04"]
    # a year ahead is the plan the article goes on about
    events = _events("Xi zal volgend jaar Moskou bezoeken. Poetin sprak met Xi over dat bezoek.", published="2024-12-10")
    assert [e.period.label for e in events][-1] == "2025"


@pytest.mark.parametrize("lang,text", [
    ("nl", "Het handelsvolume van Moskou en Peking is gestegen van 80 miljard dollar in 2017 naar 190 miljard vorig jaar."),
    ("en", "Trade between China and Russia rose from 80 billion dollars in 2017 to 190 billion last year."),
])
def test_the_start_of_a_rise_is_a_point_of_comparison(lang: str, text: str) -> None:
    """"gestegen van … in 2017 naar … vorig jaar": 2017 is what the figure is compared with."""
    found = {d.text.lower(): d.reference_only for d in find_dates(text, fold(text), load_lexicon(lang), PUB)
             if d.period is not None}
    assert found["2017"] is True and not all(found.values())
