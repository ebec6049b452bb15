"""Keep the article, drop what is around it; split it in headings and sentences.

Markers (share bars, webmail choosers, "Meer uit ..." teaser lists, time stamps)
are language data in data/lexicon/<lang>.yaml, section `text`.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from core.models import Sentence
from core.parse.lexicon import (
    CLOSING_MARKS,
    IDEOGRAPHIC_MARKS,
    OPENING_MARKS,
    SENTENCE_MARKS,
    Lexicon,
    fold,
)
from core.settings import HEADING_MAX_WORDS, MAX_SENTENCE_CHARS

LOGGER = logging.getLogger(__name__)

# "BEIJING (ANP/AFP) - ", "MOSCOW (Reuters) — ", "МОСКВА (ТАСС) — ", "Seoul, Nov. 4 (Yonhap)--": a
# dateline in any script; its place is in capitals, or capitalised and followed by a date
# (`_without_dateline` checks: `re` has no class of capitals).
# The spaces around "when" are bounded: with "\s*" on both sides a line of spaces is quadratic.
DATELINE = re.compile(r"^(?P<place>[^\W\d_](?:[^\W\d_]|[ .'’/-]){1,40})(?P<when>,?\s{0,3}[\w .]{2,30})?"
                      r"\s{0,3}\((?:[^\W\d_]|[/ .&-]){2,40}\)\s{0,3}[-–—]+\s*")
DATELINE_CHARS = 120  # a dateline ends within this many characters of its line
# "Investing.com -- Chinese …", "MOSCOW — The …": a source or place before a wire dash, no agency
BARE_DATELINE = re.compile(r"^(?P<place>[^\W\d_][\w.&'’-]*(?:\s+[^\W\d_][\w.&'’-]*){0,2})\s+(?P<dash>--|—|–)\s+"
                           r"(?=[\"“‘']?[^\W\d_])")
TERMINAL = re.compile(rf"[{re.escape(SENTENCE_MARKS + IDEOGRAPHIC_MARKS)}:;][{re.escape(CLOSING_MARKS)}]*\s*$")
MAX_BOILERPLATE_WORDS = 40
MAX_MARKER_WORDS = 8
MAX_CAPTION_WORDS = 70
LAST_LINE_PROSE_WORDS = 8


@dataclass(slots=True)
class CleanText:
    text: str
    paragraphs: list[tuple[int, int, bool]]  # (start, end, is_heading) in text
    title: str | None
    dropped: int


def _is_heading(line: str) -> bool:
    """A short line without a full stop; one that ends in a comma or semicolon is a sentence cut off."""
    return not TERMINAL.search(line) and len(line.split()) <= HEADING_MAX_WORDS and not line.endswith((",", ";"))


def _without_dateline(line: str) -> str:
    head = line[:DATELINE_CHARS]
    dashes = "--" in head or "—" in head or "–" in head
    m = DATELINE.match(line) if "(" in head and (dashes or "-" in head) else None  # most lines have neither
    if m is None:
        bare = BARE_DATELINE.match(line) if dashes else None
        place = bare.group("place") if bare is not None else ""
        if bare is not None and line[bare.end()].isupper() and all(w[:1].isupper() for w in place.split()) and (
                bare.group("dash") == "--" or place.isupper() or "." in place):
            return line[bare.end():]
        return line
    place = m.group("place")
    return line[m.end():] if place.isupper() or (m.group("when") and place[0].isupper()) else line


SPACES = re.compile(r"[ \t\u00a0]+")
NON_WORDS = re.compile(r"\W+")
WRAPPED_END = re.compile(r"[.!?:;…\"”’')\]]\s*$")


def _join_wrapped(lines: list[str]) -> list[str]:
    """Lines of one paragraph wrapped by hand ("… Mishustin has" / "announced a suite …"):
    a line that goes on in lower case after a line without closing punctuation joins it."""
    joined: list[str] = []
    for line in lines:
        if joined and line[:1].islower() and not WRAPPED_END.search(joined[-1]):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return joined


def clean(raw: str, lex: Lexicon) -> CleanText:
    """Paragraphs of the article itself: boilerplate, teasers and repeats dropped."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = [SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    lines = _join_wrapped([line for line in lines if line])
    kept: list[str] = []
    seen: dict[str, bool] = {}
    dropped = 0
    timestamps = [i for i, line in enumerate(lines) if lex.timestamp and lex.timestamp.match(line)]
    cut = len(lines)
    if len(timestamps) >= 2:
        # A list of teasers, each "heading, summary, time stamp": cut before the first.
        first = timestamps[0]
        cut = first - 2 if first >= 2 and _is_heading(lines[first - 2]) else first - 1
        cut = max(cut, 1)
    for index, line in enumerate(lines[:cut]):
        folded = fold(line)
        words = len(line.split())
        if lex.timestamp and lex.timestamp.match(line):
            dropped += 1
            continue
        if words <= MAX_MARKER_WORDS and lex.end_of_article and lex.end_of_article.match(folded) and kept:
            dropped += len(lines[index:cut])
            break
        if words <= MAX_BOILERPLATE_WORDS and lex.drop_line and lex.drop_line.search(folded):
            dropped += 1
            continue
        if words <= MAX_CAPTION_WORDS and lex.caption and lex.caption.search(line):
            dropped += 1  # a photo caption: "Putin, right, and Xi review an honour guard"
            continue
        key = NON_WORDS.sub(" ", folded).strip()
        heading = _is_heading(line)
        earlier = seen.get(key)  # None, or whether the line seen before was a heading
        # a repeat goes, but a lead sentence repeating the headline stays: a headline is no sentence
        if earlier is not None and not (earlier and not heading):
            dropped += 1
            continue
        seen[key] = heading and earlier is None
        kept.append(_without_dateline(line))
    dropped += len(lines) - cut if cut < len(lines) else 0
    text_parts: list[str] = []
    paragraphs: list[tuple[int, int, bool]] = []
    offset = 0
    title = None
    for number, line in enumerate(kept):
        # the last paragraph is no heading but a sentence cut off (stored pages end mid-sentence)
        heading = _is_heading(line) and not (number == len(kept) - 1 and number > 0
                                             and len(line.split()) >= LAST_LINE_PROSE_WORDS)
        if heading and title is None and not paragraphs:
            title = line
        paragraphs.append((offset, offset + len(line), heading))
        text_parts.append(line)
        offset += len(line) + 2
    return CleanText("\n\n".join(text_parts), paragraphs, title, dropped)


def split_sentences(clean_text: CleanText, lex: Lexicon) -> list[Sentence]:
    """Sentences with their offsets in the clean text; headings are one sentence each.

    A sentence ends at a mark of `lex.sentences` followed by a word that does not begin
    in lower case, unless the mark is the full stop of an abbreviation or an initial."""
    rules = lex.sentences
    sentences: list[Sentence] = []
    for number, (start, end, heading) in enumerate(clean_text.paragraphs):
        paragraph = clean_text.text[start:end]
        if heading:
            sentences.append(Sentence(len(sentences), number, start, end, paragraph, heading=True))
            continue
        pieces: list[tuple[int, int]] = []
        last = 0
        for m in rules.end.finditer(paragraph):
            following = m.group("next")
            if following is not None and following.islower():
                continue  # "т. е. документ", "e.g. a treaty": the sentence goes on
            # only the word before the mark: skipped marks ("a. b. c.") must not make this quadratic
            before = paragraph[max(last, m.start() - 80):m.start()].split()
            word = before[-1].lower().strip(OPENING_MARKS) if before else ""
            if m.group().startswith(".") and (word in rules.abbreviations or re.fullmatch(r"\w", word)):
                continue
            pieces.append((last, m.end()))
            last = m.end()
        pieces.append((last, len(paragraph)))
        for a, b in pieces:
            while a < b and paragraph[a].isspace():
                a += 1
            while b > a and paragraph[b - 1].isspace():
                b -= 1
            for c in range(a, b, MAX_SENTENCE_CHARS):
                d = min(b, c + MAX_SENTENCE_CHARS)
                if d > c:
                    sentences.append(Sentence(len(sentences), number, start + c, start + d, paragraph[c:d]))
    return sentences
