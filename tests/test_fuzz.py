"""Property tests: random bytes, text and dates never raise anything but the
documented refusal."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Period, PublishedBasis, RawArticle
from core.parse.dates import find_dates
from core.parse.lexicon import fold, load_lexicon
from core.parse.pipeline import parse_article
from core.parse.reader import Refused, read_bytes

pytestmark = pytest.mark.slow  # hundreds of random inputs per property

NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.htm"])
WORDS = st.sampled_from(["gisteren", "vorige", "maand", "week", "dinsdag", "2021", "24", "februari", "sinds",
                         "enkele", "dagen", "voor", "de", "invasie", "China", "Rusland", "yesterday", "last",
                         "two", "years", "ago", "early", "March", "weekend", "dit", "afgelopen", "zomer",
                         "Poetin", "sancties", "ontkent", "niet", "hij", ",", ".", '"', "$", "<b>", "1989"])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(name=NAMES, data=st.binary(max_size=3000))
def test_reader_on_random_bytes(name: str, data: bytes) -> None:
    try:
        articles = read_bytes(name, data)
    except Refused as exc:
        assert str(exc)
        return
    assert articles and all(isinstance(a.text, str) for a in articles)


@FAST
@given(name=NAMES, text=st.text(max_size=2000))
def test_reader_on_random_text(name: str, text: str) -> None:
    try:
        read_bytes(name, text.encode("utf-8", "surrogatepass"))
    except Refused:
        pass


def test_week_over_new_year_is_labelled_by_most_of_it() -> None:
    found = find_dates("dit week", "dit week", load_lexicon("nl"), Period.day(dt.date(2000, 1, 1)))
    # a week is labelled by the month that holds most of it (four of its seven days here)
    assert (found[0].period.start, found[0].period.label) == (dt.date(1999, 12, 27), "1999-12")
    assert found[0].period.granularity.value == "week"
    assert Period(dt.date(2018, 3, 1), dt.date(2021, 3, 1), Period.year(2021).granularity).label == "2021"


@FAST
@given(words=st.lists(WORDS, max_size=30), lang=st.sampled_from(["nl", "en"]),
       day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       granularity=st.sampled_from(["day", "month", "year", None]))
def test_date_resolver_on_random_phrases(words: list[str], lang: str, day: dt.date, granularity: str | None) -> None:
    text = " ".join(words)
    pub = None if granularity is None else Period.parse(day.isoformat()[: {"day": 10, "month": 7, "year": 4}[granularity]])
    for expr in find_dates(text, fold(text), load_lexicon(lang), pub):
        assert 0 <= expr.start <= expr.end <= len(text)
        if expr.period is not None:
            assert expr.period.start <= expr.period.end
            unit = Period.parse(expr.period.label)
            assert unit.start <= expr.period.end and expr.period.start <= unit.end, "the label overlaps the span"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDS, min_size=5, max_size=80), published=st.one_of(st.none(), st.dates(
    min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1))))
def test_parse_on_random_text(words: list[str], published: dt.date | None) -> None:
    raw = RawArticle(file="f.txt", text=" ".join(words), language="nl",
                     published=published.isoformat() if published else None,
                     published_basis=PublishedBasis.HEADER if published else PublishedBasis.UNKNOWN)
    article = parse_article(raw)
    for event in article.events:
        assert {"CHN", "RUS"} & set(event.actors)
        assert event.char_start <= event.char_end <= len(article.text)
