"""The language and reference data: every lexicon has every key; actors and known
events are well formed and numerous enough."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from core.models import EventType
from core.parse.lexicon import (
    LEXICON_DIR,
    UnknownLanguage,
    compile_patterns,
    load_actors,
    load_known_events,
    load_lexicons,
    missing_keys,
    read_yaml,
    sentence_rules,
    supported_languages,
)
from core.settings import DATA_DIR

LANGUAGES = supported_languages()


def test_dutch_and_english_are_supported() -> None:
    assert {"nl", "en"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_lexicon_has_every_key(code: str) -> None:
    assert missing_keys(read_yaml(LEXICON_DIR / f"{code}.yaml")) == []


def test_lexicons_have_identical_keys() -> None:
    def keys(doc: dict, prefix: str = "") -> set[str]:
        out = set()
        for key, value in doc.items():
            out.add(prefix + str(key))
            if isinstance(value, dict) and key not in ("months", "weekdays", "days", "units", "shifts", "numbers",
                                                       "vague_numbers", "parts", "seasons", "decade_tens", "ordinals", "period_ordinals"):
                out |= keys(value, f"{prefix}{key}.")
        return out
    all_keys = {code: keys(read_yaml(LEXICON_DIR / f"{code}.yaml")) for code in LANGUAGES}
    first = all_keys[LANGUAGES[0]]
    for code, found in all_keys.items():
        assert found == first, f"{code}: {sorted(found ^ first)}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_lexicon_values_are_text(code: str) -> None:
    """YAML reads `no`, `on`, `yes` as booleans: every list entry must stay text."""
    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for v in value:
                assert not isinstance(v, bool), f"{code}{path}: {v!r} is a boolean"
                walk(v, path)
    walk(read_yaml(LEXICON_DIR / f"{code}.yaml"), "")


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_event_type_has_triggers(code: str) -> None:
    triggers = read_yaml(LEXICON_DIR / f"{code}.yaml")["events"]["triggers"]
    assert set(triggers) == {t.value for t in EventType}
    for etype, kinds in triggers.items():
        assert kinds.get("verbs") or kinds.get("nouns"), etype
        for pattern in (kinds.get("verbs") or []) + (kinds.get("nouns") or []):
            assert compile_patterns([pattern]) is not None
            assert not pattern.startswith("...") and not pattern.endswith("..."), pattern


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_phrase_alternatives_in_patterns(code: str) -> None:
    """`a ... b|c ... b` reads as a sequence, not as two phrases: a word that comes back
    in one pattern gives such a mistake away (write two patterns instead)."""
    doc = read_yaml(LEXICON_DIR / f"{code}.yaml")
    patterns = [p for kinds in doc["events"]["triggers"].values() for v in kinds.values() for p in v or []]
    for pattern in patterns:
        words = [alt for word in pattern.split() if word != "..." for alt in word.split("|")]
        assert len(words) == len(set(words)), pattern


def test_unknown_languages_are_reported_together() -> None:
    with pytest.raises(UnknownLanguage, match="xx, yy"):
        load_lexicons(("nl", "xx", "yy"))


def test_actors_are_well_formed_and_many() -> None:
    data = read_yaml(DATA_DIR / "actors.yaml")
    table = load_actors()
    states, orgs = data["states"], data["organisations"]
    assert len(states) + len(orgs) >= 40
    assert len(data["people"]) >= 40
    for code in states:
        assert re.fullmatch(r"[A-Z]{3}", code), code
    assert {"EU", "NATO", "UN", "SCO", "BRICS", "WST"} <= set(orgs)
    for code, entry in {**states, **orgs}.items():
        assert {"nl", "en"} <= set(entry["names"]), code
    ids = set()
    for person in data["people"]:
        assert person["id"] not in ids
        ids.add(person["id"])
        assert person["actor"] in table.names, person["id"]
        assert person["offices"], person["id"]
        for office in person["offices"]:
            start = office["from"]
            end = office["to"]
            assert isinstance(start, dt.date)
            assert end is None or (isinstance(end, dt.date) and start <= end), person["id"]
            assert office.get("actor", person["actor"]) in table.names


def test_known_events_are_well_formed_and_many() -> None:
    rows = read_yaml(DATA_DIR / "known_events.yaml")
    table = load_actors()
    assert len(rows) >= 40
    years = set()
    for row in rows:
        date = row["date"]
        assert isinstance(date, dt.date), row["id"]
        assert dt.date(1996, 1, 1) <= date <= dt.date(2025, 12, 31), row["id"]
        years.add(date.year)
        assert row["type"] in {t.value for t in EventType}
        assert set(row["actors"]) <= set(table.names), row["id"]
        assert {"nl", "en"} <= set(row["aliases"]), row["id"]
    assert min(years) == 1996 and max(years) == 2025
    assert len({r["id"] for r in rows}) == len(rows)
    assert load_known_events().events["no_limits_partnership_2022"].date == "2022-02-04"


@pytest.mark.parametrize("code", LANGUAGES)
def test_words_between_date_parts_are_plain_words(code: str) -> None:
    """The ordinal suffixes, connectors and articles that dates.date_patterns puts between
    a date's parts: words (no pattern syntax), each list non-empty."""
    dates = read_yaml(LEXICON_DIR / f"{code}.yaml")["dates"]
    for key in ("ordinal_suffixes", "connectors", "year_articles", "determiners"):
        assert dates[key], f"{code}: dates.{key} is empty"
        for word in dates[key]:
            assert isinstance(word, str) and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", word), f"{code}: {key}: {word!r}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_sentence_end_marks_are_single_marks(code: str) -> None:
    data = read_yaml(LEXICON_DIR / f"{code}.yaml")
    for mark in (data["sentences"]["end_marks"] or []) + (data["sentences"]["question_marks"] or []):
        assert isinstance(mark, str) and len(mark) == 1 and not mark.isalnum() and not mark.isspace(), mark
    for abbreviation in data["text"]["abbreviations"]:
        assert isinstance(abbreviation, str) and abbreviation == abbreviation.lower(), abbreviation
    assert sentence_rules(data).abbreviations
