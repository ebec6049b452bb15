"""The one loader of language and reference data (data/*.yaml).

Every language is one file, data/lexicon/<code>.yaml, with the same keys; actors and
known events are shared by all languages. Files are read once per process and their
patterns compiled once (see `pattern_regex` for the pattern syntax).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.parse.lemmas import lemma, lemma_pattern
from core.settings import DATA_DIR, PATTERN_GAP_WORDS

LOGGER = logging.getLogger(__name__)

LEXICON_DIR = DATA_DIR / "lexicon"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: a process starts faster


class UnknownLanguage(ValueError):
    """Asked for languages that have no lexicon file."""


class DataFileError(ValueError):
    """A data file is missing a key or holds a malformed entry."""


# --------------------------------------------------------------------------- folding
def _fold_char(char: str, lower: bool) -> str:
    base = unicodedata.normalize("NFD", char)[0] if not char.isascii() else char
    if not base.isascii() and char.isalpha():
        base = char
    if lower:
        low = base.lower()
        base = low if len(low) == 1 else base
    return base


_ACCENTS: dict[int, str] = {}


def fold(text: str, lower: bool = True) -> str:
    """Lower-case and strip accents, keeping every character at its place.

    The result has the length of `text`, so a match in the folded text has the same
    offsets in the original ("Oekraïne" -> "oekraine").
    """
    if text.isascii():
        return text.lower() if lower else text
    if lower:
        low = text.lower()
        text = low if len(low) == len(text) else "".join(_fold_char(c, True) for c in text)
    for char in set(text):
        code = ord(char)
        if code > 127 and code not in _ACCENTS:
            _ACCENTS[code] = _fold_char(char, False)
    return text.translate(_ACCENTS)


# --------------------------------------------------------------------------- patterns
_GAP = rf"(?:\W+\w+){{0,{PATTERN_GAP_WORDS}}}?\W+"


Atom = tuple[bool, str]  # (a literal character?, the character or a regex fragment)


def literal_atoms(text: str) -> list[Atom]:
    return [(True, c) for c in text]


def _word_alternatives(word: str) -> list[list[Atom]]:
    """One word of a pattern: `a|b`, `pre*`, `*suf`, `*in*`; `a_b` is the phrase "a b"
    as one alternative ("export_ban|embargo"). Longest first."""
    alternatives = []
    for alt in word.split("|"):
        if not alt:
            continue
        head = [(False, r"\w*")] if alt.startswith("*") else []
        tail = [(False, r"\w*")] if alt.endswith("*") and len(alt) > 1 else []
        atoms: list[Atom] = head
        for number, part in enumerate(alt.strip("*").split("_")):
            atoms = atoms + ([(False, r"\W+")] if number else []) + literal_atoms(fold(part))
        alternatives.append(atoms + tail)
    alternatives.sort(key=lambda atoms: len(_emit(atoms)), reverse=True)  # stable: ties keep their order
    return alternatives


def _word_regex(word: str) -> str:
    return "(?:" + trie_alternation(_word_alternatives(word)) + ")"


def trie_alternation(alternatives: list[list[Atom]]) -> str:
    """One regex for alternatives tried in the given order, their shared beginnings
    factored out ("da|den|der" -> "d(?:a|e(?:n|r))").

    Python's `re` tries the alternatives of a group one by one at every place it looks,
    so a list of some hundred words costs some hundred tries there; factored, it costs
    a walk down one branch. What matches, and which alternative wins, stays the same:
    only alternatives that start with different literal characters change places, and
    those never match at the same place. A fragment (not a literal character) keeps its
    place among the others. No alternatives: a regex that matches nothing."""
    if not alternatives:
        return "(?!)"
    parts = _alternatives(alternatives)
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _alternatives(alternatives: list[list[Atom]]) -> list[str]:
    out: list[str] = []
    run: dict[str, list[list[Atom]]] = {}  # literal-first alternatives by their first character

    def flush() -> None:
        for char, rests in run.items():
            out.append(re.escape(char) + (trie_alternation(rests) if len(rests) > 1 else _emit(rests[0])))
        run.clear()

    for alt in alternatives:
        if alt and alt[0][0]:
            run.setdefault(alt[0][1], []).append(alt[1:])
        else:
            flush()
            out.append(_emit(alt))
    flush()
    return out


def _emit(atoms: list[Atom]) -> str:
    return "".join(re.escape(text) if literal else text for literal, text in atoms)


def first_chars(alternatives) -> str | None:
    """A character class of the first characters of some alternatives (folded words or
    pattern words); None when one can start with anything (a `*suf` word, an empty one)."""
    chars: set[str] = set()
    for alt in alternatives:
        if not alt or alt.startswith("*") or alt == "...":
            return None
        chars.add(alt[0])
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else None


def guarded(body: str, chars: str | None) -> str:
    """`body`, whose every alternative starts a word, behind a look-behind for a word start
    and a look-ahead on its first characters: Python's `re` then rejects most positions of
    a text at once (inside a word, or at a letter no alternative starts with) instead of
    trying every alternative there (a list of whole words is found about four times faster)."""
    return rf"(?<!\w)(?={chars})(?:{body})" if chars else rf"(?<!\w)(?:{body})"


def _leading_alternatives(pattern: str) -> list[str]:
    """The alternatives of a pattern's first word, folded as `_word_regex` folds them."""
    words = [w for w in pattern.split() if w != "..."]
    return [fold(a) if not a.startswith("*") else a for a in words[0].split("|")] if words else [""]


def pattern_regex(pattern: str) -> str:
    """Translate the data files' pattern syntax to a regular expression.

    Words are separated by spaces and matched whole (a leading `~` marks a lemma: see
    `Lexicon.lemma_triggers`); `a|b` is either word (`a_b` a
    phrase among the alternatives: "export_ban|embargo"); a `*` at
    either end of a word matches the rest of a compound; `...` allows up to
    PATTERN_GAP_WORDS words in between. Matching is done on `fold`ed text.
    """
    return r"(?<!\w)" + _words_regex(pattern.split(), previous_gap=True) + r"(?!\w)"


def _words_regex(words: list[str], previous_gap: bool) -> str:
    parts: list[str] = []
    for word in words:
        if word == "...":
            parts.append(_GAP)
            previous_gap = True
            continue
        if not previous_gap:
            parts.append(r"\W+")
        parts.append(_word_regex(word))
        previous_gap = False
    return "".join(parts)


def _pattern_alternatives(pattern: str) -> list[list[Atom]]:
    """A pattern as alternatives of its first word, each followed by the rest of the
    pattern ("(?:a|b)rest" is "arest|brest"): in one list with other patterns' they can
    share their beginnings (see `trie_alternation`). Without the look-behind for a word
    start, which `guarded` puts before the whole."""
    words = pattern.split()
    if not words or words[0] == "...":
        return [[(False, pattern_regex(pattern))]]
    rest: Atom = (False, _words_regex(words[1:], previous_gap=False) + r"(?!\w)")
    return [[*alt, rest] for alt in _word_alternatives(words[0])]


def is_participle(word: str, lex: Lexicon) -> bool:
    """A past participle of the language ("geplaatst", "opgelegd", "sanctioned", "sent")."""
    prefixes, particles, endings, words = lex.participle
    if word in words:
        return True
    if not endings or not word.endswith(endings) or len(word) < 4:
        return False
    stems = [word] + [word[len(p):] for p in particles if word.startswith(p)]
    return any(stem.startswith(prefixes) and len(stem) > len(max(prefixes, key=len, default="")) + 1 for stem in stems)


def first_words(patterns: list[str]) -> frozenset[str] | None:
    """The words one of which every match of the patterns holds: a word each of their
    first words' alternatives begins with (matched whole). None where one is a word's part
    ("sanctie*") or a pattern opens with a gap."""
    found: set[str] = set()
    for pattern in patterns:
        words = pattern.split()
        if not words or words[0] == "...":
            return None
        for alt in words[0].split("|"):
            tokens = WORD.findall(fold(alt.replace("_", " ")))
            if "*" in alt or not tokens:
                return None
            found.add(tokens[0])
    return frozenset(found)


def compile_patterns(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex for a list of patterns, longest first; None for an empty list."""
    if not patterns:
        return None
    ordered = sorted(patterns, key=lambda p: (len(p.split()), len(p)), reverse=True)
    body = trie_alternation([alt for p in ordered for alt in _pattern_alternatives(p)])
    return re.compile(guarded(body, first_chars(a for p in ordered for a in _leading_alternatives(p))))


WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=8)  # a sentence is looked up by several pattern sets in a row
def words_of(folded: str) -> frozenset[str]:
    return frozenset(WORD.findall(folded))


class PatternSet:
    """Many patterns, each tried only on text that holds its words.

    Every word of a pattern whose alternatives are all plain words, word beginnings
    ("sanctie*") or word ends ("*akkoord") is a required word; a pattern runs only on a text that holds one
    alternative of each. Patterns are indexed by their rarest-looking required word, and each
    word of a text is looked up once per process. Patterns with no such word always run.
    """

    MEMO_WORDS = 200_000  # words remembered per pattern set

    def __init__(self, items: list[tuple[str, Any]]):
        self.single: dict[tuple[str, str], list[int]] = {}  # patterns of one required word, by its keys
        self.index: dict[tuple[str, str], list[int]] = {}   # the others, by the keys of their first
        self.required: list[tuple[frozenset[tuple[str, str]], ...]] = []
        self.always: list[int] = []
        self.items: list[tuple[re.Pattern[str], Any]] = []
        keys: set[tuple[str, str]] = set()
        for number, (pattern, payload) in enumerate(items):
            regex = guarded(pattern_regex(pattern), first_chars(_leading_alternatives(pattern)))
            self.items.append((re.compile(regex), payload))
            positions = self._positions(pattern)
            if not positions:
                self.required.append(())
                self.always.append(number)
                continue
            # indexed by the word least likely to occur: the one of longest keys ("op ... leggen" by
            # "leggen"; every Dutch sentence has an "op" or an "in")
            first = max(range(len(positions)), key=lambda i: min(len(k) for _, k in positions[i]))
            self.required.append(tuple(positions[:first] + positions[first + 1:]))
            for key in positions[first]:
                (self.index if len(positions) > 1 else self.single).setdefault(key, []).append(number)
            keys.update(*positions)
        self.exact_keys = {k for kind, k in keys if kind == "="}
        self.prefix_keys = {k for kind, k in keys if kind == "^"}
        self.prefix_lengths = sorted({len(k) for k in self.prefix_keys})
        self.suffix_keys = {k for kind, k in keys if kind == "$"}
        self.suffix_lengths = sorted({len(k) for k in self.suffix_keys})
        self._seen: set[str] = set()  # words looked up (up to MEMO_WORDS)
        self._keyed: dict[str, tuple[tuple[str, str], ...]] = {}  # of those, the ones with keys: their keys
        self._last: tuple[str | None, tuple[tuple[int, int, Any], ...]] = (None, ())

    @staticmethod
    def _positions(pattern: str) -> list[frozenset[tuple[str, str]]]:
        """For each required word of a pattern, the keys that satisfy it: "=" a word, "^" a
        word's beginning ("sanctie*"), "$" its end ("*overeenkomst"). An alternative of
        several words ("de-escalatie", "trade_deal") is known by its longest one: "de" is
        in every Dutch sentence, "escalatie" is not."""
        positions = []
        for word in pattern.split():
            if word == "...":
                continue
            keys: set[tuple[str, str]] = set()
            for alt in word.split("|"):
                parts = WORD.findall(fold(alt.strip("*")).replace("_", " "))
                head, tail = alt.startswith("*"), alt.endswith("*") and len(alt) > 1
                whole = parts[1 if head else 0:len(parts) - 1 if tail else len(parts)]
                choices = [("=", w) for w in whole] + ([("$", parts[0])] if head and parts and not
                                                        (tail and len(parts) == 1) else [])
                choices += [("^", parts[-1])] if tail and parts and not (head and len(parts) == 1) else []
                if not choices:  # "*in*": any word may hold it
                    keys = set()
                    break
                keys.add(max(choices, key=lambda choice: len(choice[1])))
            if keys:
                positions.append(frozenset(keys))
        return positions

    def _keys_of(self, word: str) -> tuple[tuple[str, str], ...]:
        keys = [("=", word)] if word in self.exact_keys else []
        keys += [("^", word[:n]) for n in self.prefix_lengths if len(word) >= n and word[:n] in self.prefix_keys]
        keys += [("$", word[-n:]) for n in self.suffix_lengths if len(word) >= n and word[-n:] in self.suffix_keys]
        return tuple(keys)

    def candidates(self, folded: str) -> list[int]:
        words = words_of(folded)
        keyed = self._keyed
        present: set[tuple[str, str]] = set()
        new = words - self._seen
        for word in new:
            keys = self._keys_of(word)
            if len(self._seen) < self.MEMO_WORDS:
                self._seen.add(word)
                if keys:
                    keyed[word] = keys
            elif keys:
                present.update(keys)  # the memo is full: looked up each time
        for word in keyed.keys() & words:
            present.update(keyed[word])
        if not present:
            return list(self.always)
        chosen: set[int] = set(self.always)
        single = self.single
        for key in present:
            numbers = single.get(key)
            if numbers:
                chosen.update(numbers)
        required = self.required
        for key in present:
            for number in self.index.get(key, ()):
                if number not in chosen and all(not need.isdisjoint(present) for need in required[number]):
                    chosen.add(number)
        return sorted(chosen)

    def finditer(self, folded: str) -> list[tuple[int, int, Any]]:
        """(start, end, payload) of every match of every pattern that can match."""
        last = self._last  # one tuple: read and written whole, so threads may share the set
        if last[0] is folded:  # the same sentence again (modality, context: once per event)
            return list(last[1])
        found = []
        for number in self.candidates(folded):
            rx, payload = self.items[number]
            found += [(m.start(), m.end(), payload) for m in rx.finditer(folded)]
        self._last = (folded, tuple(found))
        return found


@functools.cache
def _folded_words(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def word_set(lex: Lexicon, section: str, key: str) -> frozenset[str]:
    """A word list of the lexicon, folded, as a set (made once per list)."""
    return _folded_words(tuple(lex.section(section)[key]))


def phrase_regex(phrases: list[str]) -> re.Pattern[str] | None:
    """Whole-word regex for literal phrases (folded), longest first (made once per list)."""
    return _phrase_regex(tuple(phrases))


@functools.lru_cache(maxsize=512)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted({fold(p) for p in phrases}, key=len, reverse=True)
    body = trie_alternation([literal_atoms(p) for p in ordered])
    return re.compile(guarded(rf"(?<!\w)(?:{body})(?!\w)", first_chars(ordered)))


def reversed_patterns(patterns: list[str]) -> list[str]:
    """"A ... B" as "B ... A", for languages that put the verb at the end of a clause."""
    out = []
    for pattern in patterns:
        parts = pattern.split(" ... ")
        if len(parts) == 2:
            out.append(f"{parts[1]} ... {parts[0]}")
    return out


# --------------------------------------------------------------------------- sentences
# The marks that end a sentence in any script, before a space and a word that does not
# begin in lower case (a capital, a figure, or a letter of a script without case): the
# Latin, Cyrillic and Greek full stop and marks, the Arabic question mark, the Devanagari
# danda. A language adds its own in its lexicon (`sentences.end_marks`: Greek ";").
SENTENCE_MARKS = ".!?…؟।"
IDEOGRAPHIC_MARKS = "。！？"  # Chinese and Japanese: a sentence ends there, with or without a space after
QUESTION_MARKS = "?؟？"  # a sentence ending in one asks and reports nothing; a language adds its own
CLOSING_MARKS = "\"'”’»)"  # quotes and brackets that close a sentence after its mark
OPENING_QUOTES = "\"'“„‘«"  # a sentence opening with one of these opens a quotation
OPENING_MARKS = OPENING_QUOTES + "("  # what may open the next sentence


@functools.cache
def sentence_end_regex(extra_marks: str = "") -> re.Pattern[str]:
    """A sentence's end: its marks and closing quotes, where a word follows after a space
    (or anything after an ideographic mark). The look-behind starts a match only at the
    first mark of a run: without it, each of 60,000 dots would start a match that runs to
    the end of the run (quadratic)."""
    marks = re.escape(SENTENCE_MARKS + "".join(sorted(set(extra_marks) - set(SENTENCE_MARKS))))
    ideographic, closing, opening = (re.escape(m) for m in (IDEOGRAPHIC_MARKS, CLOSING_MARKS, OPENING_MARKS))
    return re.compile(rf"(?<![{marks}{ideographic}])(?:[{marks}]+[{closing}]*(?=\s+[{opening}]?(?P<next>[^\W_]))"
                      rf"|[{ideographic}]+[{closing}」』）]*(?=\s*\S))")


SENTENCE_END = sentence_end_regex()  # the marks of every script, none of a language's own


@functools.cache
def question_regex(extra_marks: str = "") -> re.Pattern[str]:
    """A question mark at the end of a sentence, closing quotes and brackets after it."""
    marks = re.escape(QUESTION_MARKS + extra_marks)
    return re.compile(rf"[{marks}][{re.escape(CLOSING_MARKS)}\]\s]*$")


QUESTION = question_regex()  # the question marks of every script, none of a language's own


@dataclass(frozen=True, slots=True)
class SentenceRules:
    """Where one language's sentences end (core/parse/clean.py, split_sentences)."""

    end: re.Pattern[str] = SENTENCE_END  # group "next": the first letter or figure of the next sentence
    abbreviations: frozenset[str] = frozenset()  # lower case, without their stop: "dr", "e.g", "проф"
    question: re.Pattern[str] = QUESTION  # a sentence that asks: it ends in a question mark


def _marks(data: dict[str, Any], key: str) -> str:
    marks = [str(m) for m in (data.get("sentences") or {}).get(key) or []]
    wrong = [m for m in marks if len(m) != 1 or m.isalnum() or m.isspace()]
    if wrong:
        raise DataFileError(f"sentences.{key}: {wrong} are not single marks")
    return "".join(marks)


def sentence_rules(data: dict[str, Any]) -> SentenceRules:
    """The sentence rules of a lexicon document: `sentences.end_marks` and
    `sentences.question_marks` (marks of its own, one character each: Greek ";") and
    `text.abbreviations` (words whose full stop ends no sentence)."""
    abbreviations = (data.get("text") or {}).get("abbreviations") or []
    return SentenceRules(sentence_end_regex(_marks(data, "end_marks")),
                         frozenset(str(a).lower().rstrip(".") for a in abbreviations),
                         question_regex(_marks(data, "question_marks")))


# --------------------------------------------------------------------------- lexicon
# Trigger kinds, strongest first: a verb reports what happened; a noun often only names
# it; a light verb ("spraken over", "relations are at their best") yields to both.
TRIGGER_KINDS: tuple[str, ...] = ("verb", "noun", "light")
LEXICON_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("abbreviations", "common_words", "drop_line", "end_of_article", "timestamp", "caption"),
    "dates": (
        "months", "weekdays", "days", "units", "shifts", "ago", "ahead", "narrative_relative", "ahead_before",
        "numbers", "vague_numbers", "parts", "seasons", "reference", "continuation",
        "before", "after", "close", "recent", "ongoing", "present", "determiners", "year_prepositions",
        "now", "future", "ambiguous_months", "comparative", "decade_words", "decade_suffixes", "decade_tens",
        "century_words", "ordinals", "possessives", "possessive_suffixes", "comparison", "flashback", "limits",
        "present_tense", "period_ordinals", "half_words", "unit_modifiers",
        "ordinal_suffixes", "connectors", "year_articles", "since_day",
    ),
    "events": (
        "triggers", "reverse_verb_patterns", "lemma_pattern_words", "keep_form", "coordinators", "infinitive_markers",
        "subordinate", "conditional", "conditional_as", "comment_openers", "purpose", "not_events", "back_references",
        "background", "definite", "coordinated_subjects", "passive", "prepositions", "object_prepositions", "together",
        "opposing", "presence", "absence", "negation",
        "clause_openers", "relative_openers",
        "split_before", "speech", "modality", "pronouns", "roles",
    ),
    "context": (),
    "sentences": ("end_marks", "question_marks"),
}


@dataclass(slots=True, eq=False)  # hashed by identity: one per language and process
class Lexicon:
    """One language's data, with its patterns compiled."""

    code: str
    name: str
    data: dict[str, Any]
    # payload: (event type, kind, says "not", words); on word forms (see _lemma_stable)
    triggers: PatternSet | None = None
    lemma_triggers: PatternSet | None = None  # the same and the lemma-only ones, on lemma text
    drop_line: re.Pattern[str] | None = None
    end_of_article: re.Pattern[str] | None = None
    timestamp: re.Pattern[str] | None = None
    caption: re.Pattern[str] | None = None
    background: re.Pattern[str] | None = None
    prepositions: re.Pattern[str] | None = None
    object_prepositions: re.Pattern[str] | None = None  # "bij", "against": who follows is a target
    together: re.Pattern[str] | None = None  # "samen met": who follows acts beside the subject
    opposing: re.Pattern[str] | None = None  # "against": who follows is opposed, not a partner
    presence: re.Pattern[str] | None = None  # "present", "attended": with a negation, who took no part
    absence: re.Pattern[str] | None = None  # "absent": who took no part
    negation: re.Pattern[str] | None = None
    clause_openers: re.Pattern[str] | None = None
    relative_openers: re.Pattern[str] | None = None
    coordinators: re.Pattern[str] | None = None
    subordinate: re.Pattern[str] | None = None
    conditional: re.Pattern[str] | None = None
    # condition words that also mean "as" ("Als bedankje sprak Rusland …"): at the start of a
    # sentence, a condition only where a comma closes it
    conditional_as: re.Pattern[str] | None = None
    comment_openers: re.Pattern[str] | None = None
    purpose: re.Pattern[str] | None = None  # "with the aim of": what follows is an aim, not an event
    not_events: PatternSet | None = None  # "backed up by": words that look like a trigger and are none
    back_references: re.Pattern[str] | None = None  # "The move came on Tuesday": the lead event again
    infinitive_markers: re.Pattern[str] | None = None
    keep_form: frozenset[str] = frozenset()  # words the lemma text leaves as they are
    speech: re.Pattern[str] | None = None
    modality: PatternSet | None = None  # payload: the modality a cue word signals
    pronoun_person: re.Pattern[str] | None = None
    pronoun_person_or_group: re.Pattern[str] | None = None
    pronoun_state: re.Pattern[str] | None = None
    pronoun_group: re.Pattern[str] | None = None
    pronoun_own_state: re.Pattern[str] | None = None
    pronoun_counterpart: re.Pattern[str] | None = None
    passive_auxiliaries: re.Pattern[str] | None = None  # "werden", "were"
    passive_agents: re.Pattern[str] | None = None       # "door", "by"
    # a past participle: (particle +) prefix ... ending, or one of the words ("geplaatst", "opgelegd", "sent")
    participle: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], frozenset[str]] = ((), (), (), frozenset())
    # per kind of reference ("person", "group", "role" …), the words one of which each of its
    # matches holds (see `first_words`): a sentence without any is not searched
    reference_words: dict[str, frozenset[str] | None] = field(default_factory=dict)
    roles: re.Pattern[str] | None = None
    context: PatternSet | None = None  # payload: the context tag
    sentences: SentenceRules = SentenceRules()

    def section(self, name: str) -> dict[str, Any]:
        return self.data[name]


def _lemma_stable(pattern: str, code: str) -> bool:
    """What the pattern matches in a sentence, it matches in the sentence's lemma text too:
    its words are plain (no wildcard), and each word's lemma is among its alternatives
    ("ontmoet|ontmoette|ontmoeten": all three are "ontmoeten" in the lemma text)."""
    for word in pattern.split():
        if word == "...":
            continue
        alternatives = {fold(alt) for alt in word.split("|")}
        for alt in alternatives:
            if "*" in alt or "~" in alt:
                return False
            lemmas = "_".join(lemma(part, code) for part in alt.split("_"))
            if lemmas != alt and lemmas not in alternatives:
                return False
    return True


@functools.cache
def supported_languages() -> tuple[str, ...]:
    """Language codes that have a lexicon file (looked up once per process, as the files are read)."""
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.yaml")))


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=YAML_LOADER)


def missing_keys(data: dict[str, Any]) -> list[str]:
    """Keys of LEXICON_KEYS absent from a lexicon document."""
    missing = [key for key in ("language", "name") if key not in data]
    for section, keys in LEXICON_KEYS.items():
        if not isinstance(data.get(section), dict):
            missing.append(section)
            continue
        missing += [f"{section}.{key}" for key in keys if key not in data[section]]
    return missing


@functools.cache
def load_lexicon(code: str) -> Lexicon:
    """The lexicon of one language, compiled; raises UnknownLanguage."""
    return load_lexicons((code,))[code]


def load_lexicons(codes: tuple[str, ...]) -> dict[str, Lexicon]:
    """Several lexicons; every unknown code is reported in one error."""
    unknown = [c for c in codes if not (LEXICON_DIR / f"{c}.yaml").is_file()]
    if unknown:
        raise UnknownLanguage(
            f"no lexicon for {', '.join(unknown)}; known: {', '.join(supported_languages())}"
        )
    return {c: _compile_lexicon(c) for c in codes}


@functools.cache
def _compile_lexicon(code: str) -> Lexicon:
    data = read_yaml(LEXICON_DIR / f"{code}.yaml")
    missing = missing_keys(data)
    if missing:
        raise DataFileError(f"data/lexicon/{code}.yaml lacks {', '.join(missing)}")
    text, events = data["text"], data["events"]
    lex = Lexicon(code=code, name=data["name"], data=data)
    negations = {fold(w) for w in events["negation"]}
    widen = bool(events["lemma_pattern_words"])
    surface_items: list[tuple[str, Any]] = []
    lemma_items: list[tuple[str, Any]] = []
    for etype, kinds in events["triggers"].items():
        for kind in TRIGGER_KINDS:
            for pattern in kinds.get(f"{kind}s") or []:
                # payload: type, kind, and whether the pattern itself says "not" ("pose no threat")
                # and how many words it names: of two equally long matches the more specific wins,
                # and of two naming as many, the one without a wildcard ("tegenvoorstel" over "*voorstel")
                payload = (etype, kind, bool(negations.intersection(re.split(r"[\s|_]+", fold(pattern)))),
                           sum(word != "..." for word in pattern.split()) + (0 if "*" in pattern else 0.5))
                # "~word": a form of that lemma only ("~prijzen" is "prees", not the noun
                # "prijzen"), so such a pattern runs on the lemma text alone
                lemma_form = pattern.replace("~", "")
                lemma_form = lemma_pattern(lemma_form, code) if widen else lemma_form
                forms = [(pattern, lemma_form)]
                if kind != "noun" and events["reverse_verb_patterns"]:
                    # reversed after widening: the object keeps its lemmas wherever it stands
                    forms += list(zip(reversed_patterns([pattern]), reversed_patterns([lemma_form])))
                surface_items += [(p, payload) for p, _ in forms if "~" not in p]
                lemma_items += [(q, payload) for _, q in forms]
    # On the words themselves only the patterns the lemma text could miss: those with a
    # word form that is no lemma ("sloot") or a wildcard; the rest match the lemma text.
    lex.triggers = PatternSet([(p, payload) for p, payload in surface_items if not _lemma_stable(p, code)])
    lex.lemma_triggers = PatternSet(lemma_items)
    lex.drop_line = compile_patterns(text["drop_line"])
    lex.end_of_article = compile_patterns(text["end_of_article"])
    lex.timestamp = re.compile(r"^\s*(?:" + "|".join(text["timestamp"]) + r")\s*$", re.I) if text["timestamp"] else None
    lex.caption = re.compile("|".join(f"(?:{c})" for c in text["caption"]), re.I) if text["caption"] else None
    lex.background = compile_patterns(events["background"])
    lex.prepositions = compile_patterns(events["prepositions"])
    lex.object_prepositions = compile_patterns(events["object_prepositions"])
    lex.together = compile_patterns(events["together"])
    lex.opposing = compile_patterns(events["opposing"])
    lex.presence = compile_patterns(events["presence"])
    lex.absence = compile_patterns(events["absence"])
    lex.negation = compile_patterns(events["negation"])
    lex.clause_openers = compile_patterns(events["clause_openers"])
    lex.relative_openers = compile_patterns(events["relative_openers"])
    lex.coordinators = compile_patterns(events["coordinators"])
    lex.subordinate = compile_patterns(events["subordinate"])
    lex.conditional = compile_patterns(events["conditional"])
    lex.conditional_as = compile_patterns(events["conditional_as"])
    lex.comment_openers = compile_patterns(events["comment_openers"])
    lex.purpose = compile_patterns(events["purpose"])
    lex.not_events = PatternSet([(p, None) for p in events["not_events"] or []] +
                                [(lemma_pattern(p, code) if widen else p, None) for p in events["not_events"] or []])
    lex.back_references = compile_patterns(events["back_references"])
    lex.infinitive_markers = compile_patterns(events["infinitive_markers"])
    lex.keep_form = frozenset(fold(w) for w in events["keep_form"])
    lex.speech = compile_patterns(events["speech"])
    lex.modality = PatternSet([(word, name) for name, words in events["modality"].items() for word in words or []])
    pronouns = events["pronouns"]
    lex.pronoun_person = compile_patterns(pronouns.get("person") or [])
    lex.pronoun_person_or_group = compile_patterns(pronouns.get("person_or_group") or [])
    lex.pronoun_state = compile_patterns(pronouns.get("state") or [])
    lex.pronoun_group = compile_patterns(pronouns.get("group") or [])
    lex.pronoun_own_state = compile_patterns(pronouns.get("own_state") or [])
    lex.pronoun_counterpart = compile_patterns(pronouns.get("counterpart") or [])
    passive = events["passive"] or {}
    lex.passive_auxiliaries = compile_patterns(passive.get("auxiliaries") or [])
    lex.passive_agents = compile_patterns(passive.get("agents") or [])
    lex.participle = (tuple(fold(w) for w in passive.get("prefixes") or []),
                      tuple(fold(w) for w in passive.get("particles") or []),
                      tuple(fold(w) for w in passive.get("endings") or []),
                      frozenset(fold(w) for w in passive.get("words") or []))
    lex.roles = compile_patterns(events["roles"])
    lex.reference_words = {kind: first_words(patterns or []) for kind, patterns in (
        ("person", pronouns.get("person")), ("person_or_group", pronouns.get("person_or_group")),
        ("state", pronouns.get("state")), ("group", pronouns.get("group")), ("own", pronouns.get("own_state")),
        ("counterpart", pronouns.get("counterpart")), ("role", events["roles"]))}
    lex.context = PatternSet([(word, name) for name, words in (data.get("context") or {}).items()
                              for word in words])
    lex.sentences = sentence_rules(data)
    return lex


# --------------------------------------------------------------------------- actors
@dataclass(frozen=True, slots=True)
class Office:
    title: str
    start: dt.date | None
    end: dt.date | None
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    actor: str
    names: tuple[str, ...]
    offices: tuple[Office, ...]

    def actor_on(self, day: dt.date | None) -> str:
        """The person's actor code on a day (an office may name another actor)."""
        if day is not None:
            for office in self.offices:
                if office.actor and (office.start is None or office.start <= day) and (
                    office.end is None or day <= office.end
                ):
                    return office.actor
        return self.actor


@dataclass(slots=True, eq=False)  # hashed by identity: one per process
class ActorTable:
    """Names of states, organisations and people, compiled for matching."""

    names: dict[str, str]  # code -> display name
    kinds: dict[str, str]  # code -> "state" | "organisation"
    people: dict[str, Person]
    office_words: dict[str, list[str]]
    # names with capitals match with their case, the others in any case
    exact: re.Pattern[str] | None = None
    exact_lookup: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    loose: re.Pattern[str] | None = None
    loose_lookup: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    places: re.Pattern[str] | None = None  # "Sea of Japan": a name holding a state's name, no actor


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


@functools.cache
def load_actors() -> ActorTable:
    """data/actors.yaml, compiled."""
    data = read_yaml(DATA_DIR / "actors.yaml")
    table = ActorTable(names={}, kinds={}, people={}, office_words=data.get("office_words") or {})
    entries: list[tuple[str, str, str | None]] = []  # (surface, code, person id)
    for kind, section in (("state", "states"), ("organisation", "organisations")):
        for code, entry in data[section].items():
            table.names[code] = entry["name"]
            table.kinds[code] = kind
            for names in entry["names"].values():
                entries += [(str(n), code, None) for n in names]
    for entry in data["people"]:
        person = Person(
            id=entry["id"], name=entry["name"], actor=entry["actor"],
            names=tuple(entry["names"]),
            offices=tuple(Office(o["title"], _as_date(o.get("from")), _as_date(o.get("to")), o.get("actor"))
                          for o in entry.get("offices") or []),
        )
        table.people[person.id] = person
        entries += [(str(n), person.actor, person.id) for n in person.names]
    exact = [(fold(s, lower=False), code, pid) for s, code, pid in entries if s != s.lower()]
    loose = [(fold(s), code, pid) for s, code, pid in entries if s == s.lower()]
    table.exact_lookup = {s: (code, pid) for s, code, pid in exact}
    table.loose_lookup = {s: (code, pid) for s, code, pid in loose}
    if exact:
        body = trie_alternation([literal_atoms(s) for s in sorted(table.exact_lookup, key=len, reverse=True)])
        table.exact = re.compile(guarded(rf"(?<!\w)(?:{body})(?!\w)", first_chars(table.exact_lookup)))
    if loose:
        body = trie_alternation([literal_atoms(s) for s in sorted(table.loose_lookup, key=len, reverse=True)])
        table.loose = re.compile(guarded(rf"(?<!\w)(?:{body})(?!\w)", first_chars(table.loose_lookup)))
    places = sorted({fold(str(n), lower=False) for names in (data.get("places") or {}).values() for n in names},
                    key=len, reverse=True)
    if places:
        table.places = re.compile(rf"(?<!\w)(?:{trie_alternation([literal_atoms(p) for p in places])})(?!\w)")
    return table


# --------------------------------------------------------------------------- known events
@dataclass(frozen=True, slots=True)
class KnownEvent:
    """An event of data/known_events.yaml: a date that other events can be anchored to."""

    id: str      # the key, e.g. "invasion_ukraine_2022"
    name: str    # the name shown on the timeline
    date: str    # "2022-02-24", "2022-02" or "2022"
    type: str    # its PLOVER type
    actors: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]


@dataclass(slots=True, eq=False)
class KnownEventTable:
    events: dict[str, KnownEvent]
    aliases: PatternSet | None = None  # payload: the ids of the events an alias names

    def matches(self, folded: str, language: str | None = None) -> list[tuple[int, int, str]]:
        """(start, end, event id) of every alias in a folded text (any language's aliases:
        a Dutch article may name an event in English). Namesakes give one row each."""
        if self.aliases is None:
            return []
        return sorted((start, end, event_id) for start, end, ids in self.aliases.finditer(folded)
                      for event_id in ids)


@functools.cache
def load_known_events() -> KnownEventTable:
    """data/known_events.yaml, compiled."""
    rows = read_yaml(DATA_DIR / "known_events.yaml")
    table = KnownEventTable(events={})
    by_pattern: dict[str, list[str]] = {}
    for row in rows:
        event = KnownEvent(
            id=row["id"], name=row["name"], date=str(row["date"]), type=row["type"],
            actors=tuple(row.get("actors") or ()),
            aliases={lang: tuple(a) for lang, a in (row.get("aliases") or {}).items()},
        )
        table.events[event.id] = event
        for aliases in event.aliases.values():
            for alias in aliases:
                by_pattern.setdefault(alias, []).append(event.id)
    table.aliases = PatternSet([(alias, tuple(dict.fromkeys(ids))) for alias, ids in by_pattern.items()])
    return table


# --------------------------------------------------------------------------- headlines
HEADLINE_DIR = DATA_DIR / "headlines"
HEADLINE_KEYS = ("language", "and", "list", "names", "types", "modality")
HEADLINE_FORMS = ("one", "many", "alone_one", "alone_many", "passive")


@dataclass(frozen=True, slots=True)
class HeadlinePhrases:
    """One language's phrases for event headlines (data/headlines/<code>.yaml)."""

    code: str
    conjunction: str
    separator: str
    names: dict[str, str]
    types: dict[str, dict[str, str]]
    modality_words: dict[str, str]
    modality_plain: str
    modality_claimed: str


def headline_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in HEADLINE_DIR.glob("*.yaml")))


@functools.cache
def load_headline_phrases(code: str) -> HeadlinePhrases:
    """The headline phrases of one language; raises UnknownLanguage or DataFileError."""
    path = HEADLINE_DIR / f"{code}.yaml"
    if not path.is_file():
        raise UnknownLanguage(f"no headline phrases for {code}; known: {', '.join(headline_languages())}")
    data = read_yaml(path)
    missing = [key for key in HEADLINE_KEYS if key not in data]
    missing += [f"types.{t}.{form}" for t, forms in (data.get("types") or {}).items() for form in HEADLINE_FORMS
                if form not in (forms or {})]
    if missing:
        raise DataFileError(f"data/headlines/{code}.yaml lacks {', '.join(missing)}")
    modality = data["modality"]
    return HeadlinePhrases(code=code, conjunction=data["and"], separator=data["list"],
                           names={str(k): str(v) for k, v in (data["names"] or {}).items()},
                           types={str(k): dict(v) for k, v in data["types"].items()},
                           modality_words=dict(modality["words"]), modality_plain=modality["plain"],
                           modality_claimed=modality["claimed"])
