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
from dataclasses import dataclass

from core.lexicon import WORD

LOGGER = logging.getLogger(__name__)

MEMO_WORDS = 300_000  # lemmas remembered per language and process


@functools.lru_cache(maxsize=None)
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


def lemma_text(folded: str, code: str, text: str | None = None) -> LemmaText | None:
    """The lemma text of a folded sentence; None when no word changes (or no lemmas).

    With the sentence's `text`, a capitalised word after the first keeps its form: it
    belongs to a name ("United States" is no form of "unite")."""
    if not _supported(code):
        return None
    pieces: list[str] = []
    ends: list[int] = []
    spans: list[tuple[int, int]] = []
    length = 0
    previous = 0
    changed = False
    for m in WORD.finditer(folded):
        gap = folded[previous:m.start()]
        word = m.group()
        named = text is not None and bool(spans) and text[m.start()].isupper()
        lem = word if named else lemma(word, code)
        changed = changed or lem != word
        pieces += (gap, lem)
        length += len(gap) + len(lem)
        ends.append(length)
        spans.append(m.span())
        previous = m.end()
    if not changed:
        return None
    return LemmaText("".join(pieces), ends, spans)
