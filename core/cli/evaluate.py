"""Score exported events against a gold annotation (the rules in the header of
shared/gold/seeds.yaml): the project's own implementation, used by
`python -m core evaluate` and by the golden tests.

An event matches a gold event when it comes from the same article, its sentence holds
the gold evidence (or, split differently, is at least half of it), its type is one of
the gold types, the gold actors are among its actors, and its date is right: no coarser
than `accept`, and inside the gold date (finer) or holding it (coarser). Gold events are
matched in order, required ones first, each to at most one event.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.models import Granularity, Period

RANK = {"day": 0, "month": 1, "year": 2}


def normalise(text: str) -> str:
    """Accents stripped, quotes and dashes unified, white space folded, lower case."""
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = re.sub(r"[‘’‚‛′`']", "'", text)
    text = re.sub(r"[“”„‟«»\"]", '"', text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return " ".join(text.split()).lower()


def event_period(date: Any, granularity: Any) -> Period | None:
    """The period an exported event claims: its date, cut to its granularity."""
    if not date:
        return None
    period = Period.parse(str(date))  # a week's or season's date is the month or year holding it
    if granularity in ("month", "year") and period.granularity.value != granularity:
        period = period.coarsen(Granularity(granularity))
    return Period.parse(period.label)


def date_matches(date: Any, granularity: Any, gold_date: str, accept: str | None) -> bool:
    got = event_period(date, granularity)
    if got is None:
        return False
    gold = Period.parse(gold_date)
    if RANK[got.granularity.value] > RANK[accept or gold.granularity.value]:
        return False
    inside = gold.start <= got.start and got.end <= gold.end
    holds = got.start <= gold.start and gold.end <= got.end
    return inside or holds


def same_sentence(evidence: str, sentence: str) -> bool:
    e, s = normalise(evidence), normalise(sentence)
    return bool(s) and (e in s or (s in e and 2 * len(s) >= len(e)))


def reasons(event: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    """Why an event from the right sentence does not match a gold event (empty: it does)."""
    out = []
    types = {str(t).upper() for t in gold["type"]}
    if "ANY" not in types and str(event.get("type", "")).upper() not in types:
        out.append(f"type {event.get('type')} not in {sorted(types)}")
    have = {str(a).upper() for k in ("actors", "source_actors", "target_actors") for a in event.get(k) or []}
    need = {str(a).upper() for a in gold.get("actors") or []}
    if not need <= have:
        out.append(f"actors {sorted(have)} lack {sorted(need - have)}")
    if str(gold["date"]).upper() != "ANY":
        date = event.get("date") or event.get("date_start")
        if not date_matches(date, event.get("granularity"), str(gold["date"]), gold.get("accept")):
            accept = gold.get("accept") or "as given"
            out.append(f"date {date} ({event.get('granularity')}) vs {gold['date']} (accept {accept})")
    return out


@dataclass(slots=True)
class ArticleScore:
    file: str
    hits: int = 0
    misses: int = 0
    extras: int = 0
    exported: int = 0
    published_ok: bool | None = None
    published: str | None = None
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Score:
    articles: list[ArticleScore]

    @property
    def tp(self) -> int:
        return sum(a.hits for a in self.articles)

    @property
    def fn(self) -> int:
        return sum(a.misses for a in self.articles)

    @property
    def fp(self) -> int:
        return sum(a.extras for a in self.articles)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def report(self, verbose: bool = False) -> str:
        out = []
        checked = [a for a in self.articles if a.published_ok is not None]
        for a in self.articles:
            pub = ""
            if a.published_ok is not None:
                pub = f" published {a.published!s:<10} {'ok' if a.published_ok else 'WRONG'}"
            out.append(f"{a.file}: found {a.hits} of {a.hits + a.misses} required, "
                       f"{a.extras} unmatched of {a.exported} exported{pub}")
            if verbose:
                out += a.lines
        if checked:
            out.append(f"publication dates right: {sum(bool(a.published_ok) for a in checked)}/{len(checked)}")
        out.append(f"precision {self.precision:.3f} ({self.tp}/{self.tp + self.fp})  "
                   f"recall {self.recall:.3f} ({self.tp}/{self.tp + self.fn})")
        out.append(f"F1 {self.f1:.3f}")
        return "\n".join(out)


def base_name(value: Any) -> str:
    return Path(str(value or "")).name


def score(gold: dict[str, Any], events: list[dict[str, Any]], articles: list[dict[str, Any]] | None) -> Score:
    """Compare exported event and article records with a gold document."""
    by_file: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_file.setdefault(base_name(event.get("article_file")), []).append(event)
    published = {base_name(a.get("article_file")): a for a in articles or []}
    results = []
    for entry in gold["articles"]:
        result = ArticleScore(entry["file"])
        found = by_file.get(entry["file"], [])
        result.exported = len(found)
        used: set[int] = set()
        for g in sorted(entry.get("events") or [], key=lambda g: bool(g.get("optional"))):
            here = [i for i, e in enumerate(found)
                    if i not in used and same_sentence(g["evidence"], e.get("sentence", ""))]
            match = next((i for i in here if not reasons(found[i], g)), None)
            if match is not None:
                used.add(match)
                result.hits += 0 if g.get("optional") else 1
                result.lines.append(f"  ok    {g['evidence'][:70]}")
            elif not g.get("optional"):
                result.misses += 1
                why = "; ".join(reasons(found[here[0]], g)) if here else "no event from this sentence"
                result.lines.append(f"  MISS  {g['evidence'][:70]}\n        {why}")
        forbidden = [normalise(f) for f in entry.get("forbidden") or []]
        for i, e in enumerate(found):
            if i in used:
                continue
            result.extras += 1
            tag = "FORBIDDEN" if any(f in normalise(e.get("sentence", "")) for f in forbidden) else "extra"
            sentence = e.get("sentence", "")[:90]
            result.lines.append(f"  {tag:<9} {e.get('type')} {e.get('date')} {e.get('actors')}: {sentence!r}")
        if articles is not None and "published" in entry:
            got = published.get(entry["file"], {})
            want = entry["published"]
            result.published = got.get("published")
            result.published_ok = bool(got.get("published")) and date_matches(
                got.get("published"), got.get("published_granularity"), str(want["date"]), want.get("accept"))
        results.append(result)
    return Score(results)


def load_gold(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
