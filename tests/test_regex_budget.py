r"""Every regular expression that sees article text runs in linear time: the patterns are
grouped by shape (their literal words left out), each group's slowest member on its worst
input (the slowest of a family of hostile inputs, found on a short probe) is fed 200,000
characters of it and must finish within a generous budget. A pattern that backtracks
catastrophically (the old SENTENCE_END took 63 s on 60,000 dots; a dateline with "\s*" on
both sides of an optional part hung on a line of spaces) is far outside it."""
from __future__ import annotations

import re
import time

import pytest

from tests.regex_inventory import shape, text_patterns, worst_inputs

SIZE = 200_000
PROBE = 4_000
BUDGET_SECONDS = 2.0  # per pattern at SIZE characters; linear patterns take a few hundredths
# Patterns only ever used with .match at one position (never searched): timed that way.
# "\s*than" searched over 200,000 spaces is quadratic; matched where a date ends, it is not.
ANCHORED = {".comparative": "core/parse/dates.py: p.comparative.match(folded, m.end())"}


def _seconds(pattern: re.Pattern[str], text: str, anchored: bool = False) -> float:
    started = time.perf_counter()
    if anchored:
        pattern.match(text, 0)
    else:
        for _ in pattern.finditer(text):
            pass
    return time.perf_counter() - started


def test_the_inventory_finds_the_patterns_of_every_stage() -> None:
    names = text_patterns()
    for suffix in ANCHORED:
        assert any(name.endswith(suffix) for name in names), f"{suffix} is gone: drop it from ANCHORED"
    for expected in ("core.parse.reader.HEADER_DATE", "core.parse.lexicon.SENTENCE_END", "core.parse.clean.DATELINE", "lexicon.nl",
                     "lexicon.en", "dates.nl", "actors", "known_events"):
        assert any(name.startswith(expected) for name in names), expected
    assert len(names) > 100


def _kind(inputs: dict[str, str], label: str) -> str:
    """That kind of input made of this pattern's own words (a word input falls back to its first word)."""
    return inputs.get(label) or inputs[next((k for k in inputs if k.startswith(label.split(":")[0] + ":")), "short_words")]


@pytest.mark.slow  # one pattern per shape on 200,000 characters of its worst input
def test_every_pattern_is_linear_on_its_worst_input() -> None:
    """Patterns of one shape (tests.regex_inventory.shape: the same pattern with other
    words) backtrack alike. Per shape: the slowest kind of input, found with the first
    pattern on a short probe; every pattern of the shape on that kind of input, short;
    the slowest of them on 200,000 characters. Timing all 1,900 patterns at full length
    took twelve minutes and found nothing this does not."""
    families: dict[tuple[tuple[str, int], bool], list[re.Pattern[str]]] = {}
    for name, pattern in text_patterns().items():
        anchored = any(name.endswith(suffix) for suffix in ANCHORED)
        families.setdefault((shape(pattern), anchored), []).append(pattern)
    slow = []
    for (_, anchored), patterns in families.items():
        probes = worst_inputs(patterns[0], PROBE)
        worst = max(probes, key=lambda label: _seconds(patterns[0], probes[label], anchored))
        slowest = max(patterns, key=lambda p: _seconds(p, _kind(worst_inputs(p, PROBE), worst), anchored))
        seconds = _seconds(slowest, _kind(worst_inputs(slowest, SIZE), worst), anchored)
        if seconds > BUDGET_SECONDS:
            slow.append(f"{slowest.pattern[:80]} on {worst}: {seconds:.1f} s ({len(patterns)} patterns of its shape)")
    assert len(families) < len(text_patterns()) / 3  # the shapes do group the lexicons' patterns
    assert not slow, "\n".join(slow)
