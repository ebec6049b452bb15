"""TempEval-3 style scoring of the date resolver on TimeML documents
(`python -m core evaluate --timeml DIR`).

A TimeML file holds the document creation time in `<DCT>` and the text in `<TEXT>`, with
each time expression marked `<TIMEX3 type="DATE" value="2013-03-22">Friday</TIMEX3>`.
Only DATE expressions are scored (durations, times and sets are not what this project
dates). As in TempEval-3: strict and relaxed (overlapping) span precision, recall and F1;
value accuracy over the relaxed matches; value F1 = relaxed F1 x value accuracy.
TimeML's PRESENT_REF ("now") is compared as the document creation time on both sides:
the project gives "now" the publication date (DESIGN.md, "Dates").
"""
from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.models import Period

LOGGER = logging.getLogger(__name__)

TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
PRESENT_REF = "PRESENT_REF"


class TimeMLError(ValueError):
    """A file that is not a TimeML document with a DCT and a TEXT."""


@dataclass(frozen=True, slots=True)
class Timex:
    """One DATE expression: its span in the document's plain text and its value."""

    start: int
    end: int
    text: str
    value: str


@dataclass(slots=True)
class TimeMLDocument:
    name: str
    dct: str  # the document creation time, YYYY-MM-DD
    text: str  # the <TEXT> with every tag removed
    dates: list[Timex]


def read_timeml(path: Path) -> TimeMLDocument:
    """The plain text, creation time and DATE expressions of a TimeML file."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if dct is None or body is None:
        raise TimeMLError(f"{path.name}: no <DCT> or <TEXT>")
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    dates: list[Timex] = []
    position = 0
    source = body.group(1)
    for m in TAG.finditer(source):
        piece = html.unescape(source[position:m.start()])
        parts.append(piece)
        length += len(piece)
        position = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(ATTRIBUTE.findall(m.group(3))))
        elif open_timex is not None:
            start, attributes = open_timex
            if attributes.get("type") == "DATE":
                dates.append(Timex(start, length, "".join(parts)[start:length], attributes.get("value", "")))
            open_timex = None
    parts.append(html.unescape(source[position:]))
    return TimeMLDocument(path.stem, dct.group(1)[:10], "".join(parts), dates)


def read_folder(folder: Path) -> list[TimeMLDocument]:
    """Every *.tml file of a folder, by name."""
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise TimeMLError(f"no .tml files in {folder}")
    return [read_timeml(p) for p in files]


def project_dates(doc: TimeMLDocument, language: str = "en") -> list[Timex]:
    """The project's date expressions of a document, as TimeML values."""
    from core.parse.dates import document_dates, timeml_value
    from core.parse.lexicon import load_lexicon

    found = document_dates(doc.text, load_lexicon(language), Period.parse(doc.dct))
    return [Timex(e.start, e.end, doc.text[e.start:e.end], timeml_value(e.period))
            for e in found if e.period is not None]


def _normal_value(value: str, dct: str) -> str:
    return dct if value == PRESENT_REF else value


@dataclass(slots=True)
class TimexScore:
    """Counts over a set of documents, and the misses to look at."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_right: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(matched: int, system: int, gold: int) -> tuple[float, float, float]:
        p = matched / system if system else 0.0
        r = matched / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self._f1(self.strict, self.system, self.gold)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self._f1(self.relaxed, self.system, self.gold)

    @property
    def value_accuracy(self) -> float:
        return self.value_right / self.relaxed if self.relaxed else 0.0

    @property
    def value_f1(self) -> float:
        return self.relaxed_prf[2] * self.value_accuracy

    def report(self, name: str = "project", verbose: bool = False) -> str:
        sp, sr, sf = self.strict_prf
        rp, rr, rf = self.relaxed_prf
        lines = [
            f"{name}: {self.gold} gold DATE expressions, {self.system} found, {self.seconds:.2f} s",
            f"  strict span   P {100 * sp:5.1f}  R {100 * sr:5.1f}  F1 {100 * sf:5.1f}",
            f"  relaxed span  P {100 * rp:5.1f}  R {100 * rr:5.1f}  F1 {100 * rf:5.1f}",
            f"  value accuracy {100 * self.value_accuracy:5.1f} ({self.value_right}/{self.relaxed})",
            f"  value F1 {100 * self.value_f1:5.1f}",
        ]
        if verbose:
            lines += [f"    {e}" for e in self.errors]
        return "\n".join(lines)


def score_document(doc: TimeMLDocument, system: Iterable[Timex], total: TimexScore) -> None:
    """Add one document's matches to `total`: each gold expression matches at most one
    found one (the first that overlaps it)."""
    found = sorted(system, key=lambda t: t.start)
    total.gold += len(doc.dates)
    total.system += len(found)
    used: set[int] = set()
    for gold in doc.dates:
        match = next((i for i, t in enumerate(found)
                      if i not in used and t.start < gold.end and gold.start < t.end), None)
        if match is None:
            total.errors.append(f"{doc.name}: MISSED {gold.text!r} {gold.value}")
            continue
        used.add(match)
        got = found[match]
        total.relaxed += 1
        total.strict += (got.start, got.end) == (gold.start, gold.end)
        if _normal_value(got.value, doc.dct) == _normal_value(gold.value, doc.dct):
            total.value_right += 1
        else:
            total.errors.append(f"{doc.name}: VALUE {gold.text!r} gold {gold.value}, found {got.text!r} {got.value}")
    for i, t in enumerate(found):
        if i not in used:
            total.errors.append(f"{doc.name}: EXTRA {t.text!r} {t.value}")


def evaluate(docs: list[TimeMLDocument], tagger: Callable[[TimeMLDocument], list[Timex]]) -> TimexScore:
    """Score a tagger (a document in, its DATE expressions out) on TimeML documents,
    timing only the tagger."""
    total = TimexScore()
    for doc in docs:
        began = time.perf_counter()
        found = tagger(doc)
        total.seconds += time.perf_counter() - began
        score_document(doc, found, total)
    return total
