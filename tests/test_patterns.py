"""Factored alternations (`trie_alternation`) match exactly what the plain ones match,
and pattern sets find what their patterns find, however their word memo is filled."""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.parse.lexicon import (
    PatternSet,
    compile_patterns,
    first_chars,
    fold,
    guarded,
    literal_atoms,
    load_lexicon,
    pattern_regex,
    phrase_regex,
    trie_alternation,
)

WORDS = st.lists(st.text(alphabet="abe -", min_size=1, max_size=6).map(str.strip).filter(bool), min_size=1,
                 max_size=12, unique=True)
TEXT = st.text(alphabet="abe -.", max_size=40)


def _plain(ordered: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)")


@settings(max_examples=300, deadline=None)
@given(words=WORDS, text=TEXT)
def test_factored_words_match_as_the_plain_list(words: list[str], text: str) -> None:
    ordered = sorted(words, key=len, reverse=True)
    factored = re.compile(r"(?<!\w)(?:" + trie_alternation([literal_atoms(w) for w in ordered]) + r")(?!\w)")
    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in _plain(ordered).finditer(text)]


@settings(max_examples=300, deadline=None)
@given(words=WORDS, text=TEXT)
def test_order_decides_as_before_without_a_word_end(words: list[str], text: str) -> None:
    """No word end after the list: which alternative wins shows in the span, in any order given."""
    factored = re.compile(trie_alternation([literal_atoms(w) for w in words]))
    plain = re.compile("|".join(re.escape(w) for w in words))
    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(words=WORDS, text=TEXT, fragments=st.lists(st.sampled_from([r"\w*", r"\W+", r"(?:e|b)"]), max_size=3))
def test_fragments_keep_their_place(words: list[str], text: str, fragments: list[str]) -> None:
    alternatives = [literal_atoms(w) for w in words]
    for number, fragment in enumerate(fragments):  # "*a" words and phrases among plain ones
        alternatives.insert(number * 2, [(False, fragment)] + literal_atoms(words[number % len(words)]))
    factored = re.compile(trie_alternation(alternatives))
    plain = re.compile("|".join("".join(re.escape(t) if lit else t for lit, t in alt) for alt in alternatives))
    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_shared_beginnings_are_factored() -> None:
    assert trie_alternation([literal_atoms(w) for w in ("der", "den", "da")]) == "d(?:e(?:r|n)|a)"
    assert re.compile(trie_alternation([])).search("anything") is None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_lexicons_pattern_lists_match_as_plain_alternations(language: str) -> None:
    """Every list compiled from the data, factored and plain, on text made of its own words."""
    lex = load_lexicon(language)
    rng = random.Random(3)
    for section in ("events", "text"):
        for key, patterns in lex.section(section).items():
            if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
                continue
            try:
                factored = compile_patterns(patterns)
            except (re.error, ValueError):
                continue  # not a pattern list (regular expressions of their own)
            ordered = sorted(patterns, key=lambda p: (len(p.split()), len(p)), reverse=True)
            plain = re.compile(guarded("|".join(f"(?:{pattern_regex(p)})" for p in ordered),
                                       first_chars(a for p in ordered for a in _first_word(p))))
            words = [w for p in patterns for w in re.findall(r"\w+", fold(p.replace("_", " ")))] + ["de", "the", ","]
            for _ in range(40):
                text = " ".join(rng.choice(words) for _ in range(12))
                assert factored is not None
                assert [m.span() for m in factored.finditer(text)] == [m.span() for m in plain.finditer(text)], \
                    (language, key, text)


def _first_word(pattern: str) -> list[str]:
    words = [w for w in pattern.split() if w != "..."]
    return [fold(a) if not a.startswith("*") else a for a in words[0].split("|")] if words else [""]


def test_phrase_regex_is_made_once_per_list() -> None:
    assert phrase_regex(["nu", "momenteel"]) is phrase_regex(["nu", "momenteel"])
    assert phrase_regex([]) is None


def test_a_full_word_memo_still_finds_every_pattern() -> None:
    items = [("impose ... sanction*", "a"), ("*akkoord", "b"), ("talks", "c")]
    remembering, forgetting = PatternSet(items), PatternSet(items)
    forgetting.MEMO_WORDS = 0
    for text in ("they impose new sanctions", "een handelsakkoord", "talks began", "nothing here"):
        assert forgetting.finditer(text) == remembering.finditer(text)
        assert forgetting.finditer(text + " ") == remembering.finditer(text + " ")  # a new string: looked up again
    assert [p for _, _, p in remembering.finditer("they impose new sanctions after talks")] == ["a", "c"]


def test_a_pattern_runs_only_where_its_rarest_word_occurs() -> None:
    assert PatternSet._positions("de-escalatie") == [frozenset({("=", "escalatie")})]
    assert PatternSet._positions("de-escal*") == [frozenset({("^", "escal")})]
    assert PatternSet._positions("*akkoord|sanctie*") == [frozenset({("$", "akkoord"), ("^", "sanctie")})]
    assert PatternSet._positions("*in*") == []
    patterns = PatternSet([("op ... leggen", "a"), ("de-escalatie", "b")])
    assert patterns.candidates("de man zit op de stoel") == [], "function words alone run nothing"
    assert [p for _, _, p in patterns.finditer("de eu legt sancties op")] == []
    assert sorted(p for _, _, p in patterns.finditer("op dat punt de-escalatie, dan leggen ze")) == ["a", "b"]


def test_first_words_tell_where_a_list_cannot_match() -> None:
    from core.parse.lexicon import first_words

    assert first_words(["de twee", "beide|alle landen", "ze"]) == frozenset({"de", "beide", "alle", "ze"})
    assert first_words(["the two_sides ... agree"]) == frozenset({"the"})
    assert first_words(["sanctie*"]) is None and first_words(["... zei"]) is None
    lex = load_lexicon("nl")
    for kind, words in lex.reference_words.items():
        rx = {"role": lex.roles, "group": lex.pronoun_group, "person": lex.pronoun_person}.get(kind)
        if rx is None or words is None:
            continue
        for text in ("de minister zei het", "beide presidenten kwamen", "hij ging", "niets hier"):
            if rx.search(fold(text)):
                assert not words.isdisjoint(re.findall(r"\w+", fold(text))), (kind, text)
