"""Every regular expression that sees article text runs in linear time: each is fed
200,000 characters of its worst input (the slowest of a family of hostile inputs, found
on a short probe) and must finish within a generous budget. A pattern that backtracks
catastrophically (the old SENTENCE_END took 63 s on 60,000 dots) is far outside it."""
from __future__ import annotations

import re
import time

from tests.regex_inventory import text_patterns, worst_inputs

SIZE = 200_000
PROBE = 4_000
BUDGET_SECONDS = 2.0  # per pattern at SIZE characters; linear patterns take a few hundredths


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    started = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - started


def test_the_inventory_finds_the_patterns_of_every_stage() -> None:
    names = text_patterns()
    for expected in ("core.reader.HEADER_DATE", "core.clean.SENTENCE_END", "core.clean.DATELINE", "lexicon.nl",
                     "lexicon.en", "dates.nl", "actors", "known_events"):
        assert any(name.startswith(expected) for name in names), expected
    assert len(names) > 100


def test_every_pattern_is_linear_on_its_worst_input() -> None:
    slow = []
    for name, pattern in text_patterns().items():
        probes = worst_inputs(pattern, PROBE)
        worst = max(probes, key=lambda label: _seconds(pattern, probes[label]))
        seconds = _seconds(pattern, worst_inputs(pattern, SIZE)[worst])
        if seconds > BUDGET_SECONDS:
            slow.append(f"{name} on {worst}: {seconds:.1f} s ({pattern.pattern[:80]})")
    assert not slow, "\n".join(slow)
