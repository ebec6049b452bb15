"""Every compiled regular expression that sees article text, found by walking the
modules of the reading pipeline and the lexicons, date patterns, actor and known-event
tables they build (so a pattern added later is tested without being listed)."""
from __future__ import annotations

import dataclasses
import importlib
import re
from typing import Any, Iterator

MODULES = ("core.parse.reader", "core.parse.clean", "core.parse.language", "core.parse.dates", "core.parse.events", "core.parse.actors",
           "core.parse.pubdate", "core.parse.pipeline", "core.parse.lexicon", "core.store.merge")


def _walk(value: Any, seen: set[int], path: str, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
    """(where, pattern) for every pattern reachable from value."""
    if id(value) in seen or depth > 6:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield path, value
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, seen, f"{path}[{str(key)[:30]}]", depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for number, item in enumerate(value):
            yield from _walk(item, seen, f"{path}[{number}]", depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name, None), seen, f"{path}.{field.name}", depth + 1)
    elif hasattr(value, "__dict__") and type(value).__module__.startswith("core."):
        for key, item in vars(value).items():
            yield from _walk(item, seen, f"{path}.{key}", depth + 1)


def text_patterns() -> dict[str, re.Pattern[str]]:
    """name -> pattern, for every pattern of the reading pipeline."""
    from core.parse.dates import date_patterns
    from core.parse.lexicon import load_actors, load_known_events, load_lexicon, supported_languages

    found: dict[str, re.Pattern[str]] = {}
    seen: set[int] = set()
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            found.update(_walk(value, seen, f"{name}.{attribute}"))
    roots: dict[str, Any] = {"actors": load_actors(), "known_events": load_known_events()}
    for language in supported_languages():
        lex = load_lexicon(language)
        roots[f"lexicon.{language}"] = lex
        roots[f"dates.{language}"] = date_patterns(lex)
    for root, value in roots.items():
        found.update(_walk(value, seen, root))
    return found


def worst_inputs(pattern: re.Pattern[str], size: int) -> dict[str, str]:
    """Inputs that make backtracking patterns slow: long runs of what the pattern's
    repeated parts match (punctuation, spaces, digits, letters, words and the pattern's
    own literal words) that then fail at the end."""
    words = [w for w in re.findall(r"[a-zà-ž]{2,}", pattern.pattern.lower()) if w not in ("ufffd",)][:6]
    inputs = {
        "dots": "." * size, "marks": "!?…" * (size // 3), "spaces": " " * size, "tabs_newlines": " \t\n" * (size // 3),
        "digits": "1" * size, "dashes": "-" * size, "letters": "a" * size, "capitals": "A" * size,
        "short_words": "a " * (size // 2), "abbreviations": "A. b. " * (size // 6), "date_spaces": "date" + " " * size,
        "quotes": "\"'”’»)" * (size // 6), "mixed": "Xi, de (AFP) - 2021-03 maart. " * (size // 30),
    }
    for word in words:
        inputs[f"word:{word}"] = (word + " ") * (size // (len(word) + 1))
        inputs[f"word+dots:{word}"] = (word + ". ") * (size // (len(word) + 2))
    return {k: v[:size] + "\x00" for k, v in inputs.items()}


_TOKEN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|[^\W\d_]+|.", re.S)
_LITERAL = re.compile(r"[^\W\d_]+|\\[^\w\s]|[-' ]")  # letters, escaped punctuation, hyphen, apostrophe, space
_SIMPLER = (
    (re.compile(r"\(\?=\[w*\]\)"), ""),                            # first-character guards
    (re.compile(r"\(\?:w?(?:\|w?)*\)"), "w"),                       # a group of literals only: a literal
    (re.compile(r"w+"), "w"),                                         # literals in a row: one
    (re.compile(r"w(?:\|w)+"), "w"),                                 # literal alternatives: one
    (re.compile(r"w(?:\\W\+w)+"), r"w\\W+w"),                       # a phrase of any length: two words
    (re.compile(r"\(\?:(w|w\\W\+w)\)"), r"\1"),                      # a group around a word or phrase
)


def shape(pattern: re.Pattern[str]) -> tuple[str, int]:
    """A pattern with its literal words left out: what is left (quantifiers, classes,
    lookarounds) is what backtracks, so patterns of one shape backtrack alike. The
    lexicons make hundreds of patterns from a few templates: "w(?:\\W+\\w+){0,8}?\\W+w"
    stands for every "verb ... particle" trigger, whatever its words and however they
    are factored into a trie. Escapes such as \\s, \\d and \\W keep their meaning."""
    parts = []
    for token in _TOKEN.findall(pattern.pattern):
        if token.startswith("[") and len(token) > 1:
            parts.append(re.sub(r"[^\W\d_]+", "w", token))
        else:
            parts.append("w" if _LITERAL.fullmatch(token) else token)
    text, before = "".join(parts), ""
    while text != before:
        before = text
        for rule, replacement in _SIMPLER:
            text = rule.sub(replacement, text)
    return text, pattern.flags
