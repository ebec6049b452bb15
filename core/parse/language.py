"""Language of an article: metadata wins; else lingua, restricted to a few languages."""
from __future__ import annotations

import functools
import logging

from core.parse.lexicon import WORD, fold, load_lexicon, supported_languages
from core.settings import DEFAULT_LANGUAGE

LOGGER = logging.getLogger(__name__)

# Languages the detector tells apart: the supported ones, and the ones most often
# met among saved news pages, so that those are reported instead of misread.
OTHER_LANGUAGES = ("de", "fr", "es", "it", "ru", "zh", "pt", "pl", "uk")
SAMPLE_CHARS = 400  # enough to tell the languages apart; detection time grows with it
PROSE_MIN_WORDS = 8  # a paragraph this long is prose, not a ticker, menu or caption line
# A sample whose words are this often the commonest words of one supported language, and
# several times more often than those of any other, is in that language: no detector needed.
SURE_SHARE = 0.25
SURE_MARGIN = 3.0


def language_sample(text: str) -> str:
    """Up to SAMPLE_CHARS of the text's prose: paragraphs of PROSE_MIN_WORDS words or more,
    so that page noise before the article (share bars, stock tickers) does not decide."""
    sample = ""
    for paragraph in text.split("\n"):
        if len(paragraph.split()) >= PROSE_MIN_WORDS:
            sample += paragraph.strip() + " "
            if len(sample) >= SAMPLE_CHARS:
                break
    return sample[:SAMPLE_CHARS] if sample else text[:SAMPLE_CHARS]


@functools.lru_cache(maxsize=1)
def _detector():  # -> lingua.LanguageDetector (import is slow; done once)
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = dict.fromkeys(supported_languages() + OTHER_LANGUAGES)
    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            LOGGER.warning("lingua does not know language %s", code)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of the text's language; a declared language wins."""
    if declared:
        return declared.lower()[:2]
    sample = language_sample(text)
    if len(sample.split()) < 3:
        return DEFAULT_LANGUAGE
    sure = _by_common_words(sample)
    if sure is not None:
        return sure
    language = _detector().detect_language_of(sample)
    if language is None:
        return DEFAULT_LANGUAGE
    return language.iso_code_639_1.name.lower()


@functools.lru_cache(maxsize=1)
def _common_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(fold(w) for w in load_lexicon(code).section("text")["common_words"])
            for code in supported_languages()}


def _by_common_words(sample: str) -> str | None:
    """The supported language whose commonest words ("de", "het", "the", "of" …: lexicon
    data) make up much of the sample, far more than any other's; None when unsure."""
    words = WORD.findall(fold(sample))
    if not words:
        return None
    counts = sorted(((sum(w in common for w in words), code) for code, common in _common_words().items()),
                    reverse=True)
    best, code = counts[0]
    second = counts[1][0] if len(counts) > 1 else 0
    if best >= SURE_SHARE * len(words) and best >= SURE_MARGIN * max(second, 1):
        return code
    return None
