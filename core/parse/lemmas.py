"""Lemmas of a sentence, for trigger patterns written in dictionary forms.

"kondigden … aan", "ondertekende", "gesloten" and "vetoed" become "kondigen … aan",
"ondertekenen", "sluiten" and "veto" (simplemma: dictionary lemmatisation, no model
download, 50+ languages). Trigger patterns run on the folded sentence and on its lemma
text; a match in the lemma text is mapped back to the words of the sentence.
"""
from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass

LOGGER = logging.getLogger(__name__)

MEMO_WORDS = 300_000  # lemmas remembered per language and process
WORD = re.compile(r"\w+")


@functools.cache
def _supported(code: str) -> bool:
    import simplemma

    try:
        simplemma.lemmatize("a", lang=code)
    except ValueError:  # a language simplemma lacks: triggers run on word forms only
        LOGGER.info("no lemmas for language %r", code)
        return False
    return True


_MEMO: dict[str, dict[str, str]] = {}


def lemma(word: str, code: str) -> str:
    """The lemma of one folded word ("sloot" -> "sluiten"); the word itself when unknown."""
    memo = _MEMO.setdefault(code, {})
    found = memo.get(word)
    if found is None:
        if word.isdigit() or len(word) < 3 or not _supported(code):
            found = word
        else:
            import simplemma

            # separable verbs come as "toe_voegen": one word, as the infinitive is written
            found = simplemma.lemmatize(word, lang=code).lower().replace("_", "")
            if not WORD.fullmatch(found):
                found = word
        if len(memo) < MEMO_WORDS:
            memo[word] = found
    return found


@dataclass(slots=True)
class LemmaText:
    """A folded sentence with every word replaced by its lemma, and the way back."""

    text: str
    lemma_ends: list[int]              # end of each word in `text`
    spans: list[tuple[int, int]]       # each word's place in the sentence

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The sentence's span of the words that the lemma-text span [start, end) covers."""
        first = bisect.bisect_right(self.lemma_ends, start)
        last = max(first, bisect.bisect_left(self.lemma_ends, end))
        first, last = min(first, len(self.spans) - 1), min(last, len(self.spans) - 1)
        return self.spans[first][0], self.spans[last][1]


def lemma_text(folded: str, code: str, text: str | None = None,
               keep: frozenset[str] = frozenset()) -> LemmaText | None:
    """The lemma text of a folded sentence; None when no word changes (or no lemmas).

    With the sentence's `text`, a capitalised word after the first keeps its form: it
    belongs to a name ("United States" is no form of "unite"). Words in `keep` keep their
    form too: prepositions made of verbs ("according" is no "accord")."""
    if not _supported(code):
        return None
    memo = _MEMO.setdefault(code, {})
    spans = [m.span() for m in WORD.finditer(folded)]
    lemmas: list[str] = []
    changed = False
    for number, (start, end) in enumerate(spans):
        word = folded[start:end]
        # a capitalised word after the first, or one in capitals (a dateline): a name
        named = text is not None and text[start].isupper() and (number > 0 or text[start:end].isupper())
        if named or word in keep:
            lem = word
        else:
            lem = memo.get(word) or lemma(word, code)
            changed = changed or lem != word
        lemmas.append(lem)
    if not changed:
        return None
    pieces: list[str] = []
    ends: list[int] = []
    length = previous = 0
    for (start, end), lem in zip(spans, lemmas):
        pieces += (folded[previous:start], lem)
        length += start - previous + len(lem)
        ends.append(length)
        previous = end
    return LemmaText("".join(pieces), ends, spans)


def lemma_pattern(pattern: str, code: str) -> str:
    """A trigger pattern for the lemma text: each plain word after a gap also as its lemma
    ("relay ... regards" -> "relay ... regards|regard"), so a pattern that mixes a verb's
    lemma with a plural noun still matches. Words before the first gap keep their forms:
    "patrolled" must not become the noun "patrol"."""
    words: list[str] = []
    for word in pattern.split():
        if word == "..." or "..." not in words:
            words.append(word)
            continue
        alternatives = []
        for alt in word.split("|"):
            alternatives.append(alt)
            if alt and "*" not in alt:
                parts = [lemma(part.lower(), code) for part in alt.split("_")]
                alternatives.append("_".join(parts))
        words.append("|".join(dict.fromkeys(alternatives)))
    return " ".join(words)
