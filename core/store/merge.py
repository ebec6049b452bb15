"""One event, many articles: mentions of the same real event get one event_id.

Conservative by design: the same known event; or the same type, overlapping actors,
compatible dates and similar wording. Two meetings a week apart stay two. Mentions in
one article are never merged with each other. Which mentions are compared at all is
the candidate rule of core.store.candidates.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable

from core.parse.lexicon import fold, load_actors
from core.store.candidates import (
    MENTION_COLUMNS,
    SAME_DAY_TOLERANCE_DAYS,
    TOLERANCE,
    Mention,
    candidate_pairs,
    mention_of,
    partition,
    span,
)

LOGGER = logging.getLogger(__name__)

__all__ = ["MENTION_COLUMNS", "SAME_DAY_TOLERANCE_DAYS", "Mention", "cluster", "matching_pairs", "mention_of",
           "recluster", "same_event"]

MIN_SIMILARITY = 0.2          # word overlap (Jaccard) of two sentences in one language
MIN_WORD_CHARS = 5            # shorter words say little about which event it is
STEM_CHARS = 6                # "ontkende"/"ontkent", "supported"/"supports": compared by their start


@functools.lru_cache(maxsize=1)
def _actor_words() -> frozenset[str]:
    """Words of actor names: shared by every article on China and Russia, so no evidence."""
    table = load_actors()
    words: set[str] = set()
    for surface in list(table.exact_lookup) + list(table.loose_lookup):
        words.update(fold(w) for w in re.findall(r"\w+", surface))
    return frozenset(words)


def content_words(sentence: str) -> frozenset[str]:
    """The telling words of a sentence, cut to their first STEM_CHARS letters."""
    return frozenset(w[:STEM_CHARS] for w in re.findall(r"\w+", fold(sentence))
                     if len(w) >= MIN_WORD_CHARS and w not in _actor_words() and not w.isdigit())


def similarity(a: str, b: str) -> float:
    return _jaccard(content_words(a), content_words(b))


def _jaccard(wa: frozenset[str], wb: frozenset[str]) -> float:
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def same_event(a: Mention, b: Mention, words: dict[str, frozenset[str]] | None = None) -> bool:
    """Do two mentions, from two articles, report the same real event?"""
    return a.article_id != b.article_id and _alike(a, b, words)


def _alike(a: Mention, b: Mention, words: dict[str, frozenset[str]] | None = None) -> bool:
    """Everything same_event asks but that the articles differ."""
    if a.known_event or b.known_event:
        return a.known_event == b.known_event
    if a.type != b.type or a.start is None or b.start is None or a.end is None or b.end is None:
        return False
    if "year" in (a.granularity, b.granularity):
        return False  # a year says too little to tell two events apart
    if a.granularity == b.granularity == "day":
        if abs((a.start - b.start).days) > SAME_DAY_TOLERANCE_DAYS:
            return False
    elif a.end < b.start or b.end < a.start:
        return False
    shared = a.actors & b.actors
    if len(shared) < 2 and a.actors != b.actors:
        return False
    if a.language == b.language:
        if words is not None:
            return _jaccard(words[a.mention_id], words[b.mention_id]) >= MIN_SIMILARITY
        return similarity(a.sentence, b.sentence) >= MIN_SIMILARITY
    # across languages the words differ: only the same day and the same actors will do
    return a.granularity == b.granularity == "day" and a.start == b.start and a.actors == b.actors


class _Clusters:
    """Union-find over mention ids; the root of a cluster is its smallest id."""

    def __init__(self, items: Iterable[str]):
        self.parent = {i: i for i in items}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(mentions: list[Mention]) -> dict[str, str]:
    """mention_id -> event_id. Known events: 'k:<id>'; merged others: 'e:<hash>'."""
    clusters = _Clusters(m.mention_id for m in mentions)
    _link(mentions, clusters)
    return _event_ids(clusters, {m.mention_id: m.known_event for m in mentions})


def _words(mentions: Iterable[Mention]) -> dict[str, frozenset[str]]:
    """The content words of each mention, computed once per distinct sentence."""
    of_sentence: dict[str, frozenset[str]] = {}
    words: dict[str, frozenset[str]] = {}
    for m in mentions:
        found = of_sentence.get(m.sentence)
        if found is None:
            found = of_sentence[m.sentence] = content_words(m.sentence)
        words[m.mention_id] = found
    return words


def _link(mentions: list[Mention], clusters: _Clusters) -> None:
    """Join every two mentions that report the same event.

    Mentions that agree in everything same_event looks at (the same sentence in two
    papers, a wire story printed twice) are grouped first and compared as one: a corpus
    that repeats a sentence a thousand times costs one comparison, not half a million.
    """
    by_known, by_type = partition(mentions)
    for group in by_known.values():
        for other in group[1:]:
            clusters.union(group[0].mention_id, other.mention_id)
    words = _words(m for group in by_type.values() for m in group)
    for group in by_type.values():
        alike: dict[tuple, list[Mention]] = {}
        for m in group:
            alike.setdefault((m.actors, m.start, m.end, m.granularity, m.language, words[m.mention_id]), []).append(m)
        heads: list[tuple[Mention, frozenset[str]]] = []
        for members in alike.values():
            articles = frozenset(m.article_id for m in members)
            if len(articles) > 1 and _alike(members[0], members[0], words):
                # one event already: the group stands for all its members from here on
                for other in members[1:]:
                    clusters.union(members[0].mention_id, other.mention_id)
                heads.append((members[0], articles))
            else:
                heads += [(m, frozenset((m.article_id,))) for m in members]
        heads.sort(key=lambda h: span(h[0])[0])
        spans = [span(h[0]) for h in heads]
        for i, (a, articles_a) in enumerate(heads):  # a sweep: only periods that overlap are compared
            limit = spans[i][1] + TOLERANCE
            for j in range(i + 1, len(heads)):
                b, articles_b = heads[j]
                if spans[j][0] > limit:
                    break
                # a group spans two articles, or the two mentions come from two
                two_articles = len(articles_a) > 1 or len(articles_b) > 1 or articles_a != articles_b
                if two_articles and _alike(a, b, words):
                    clusters.union(a.mention_id, b.mention_id)


def _event_ids(clusters: _Clusters, known: dict[str, str | None]) -> dict[str, str]:
    """The event_id of every mention of the clusters: 'k:<id>' for a known event, the
    mention's own id when it stands alone, else a hash of the cluster's root."""
    members_of: dict[str, list[str]] = {}
    for mention_id in list(clusters.parent):
        members_of.setdefault(clusters.find(mention_id), []).append(mention_id)
    ids: dict[str, str] = {}
    for root, group in members_of.items():
        known_event = next((known[m] for m in group if known.get(m)), None)
        if known_event:
            event_id = f"k:{known_event}"
        elif len(group) == 1:
            event_id = group[0]
        else:
            event_id = "e:" + hashlib.sha1(root.encode()).hexdigest()[:16]
        for mention_id in group:
            ids[mention_id] = event_id
    return ids


def recluster(new: list[Mention], reopened: list[tuple[Mention, str]], candidates: list[tuple[Mention, str]],
              members_of: Callable[[set[str]], list[tuple[str, str, str | None]]]) -> dict[str, str]:
    """Event ids after some mentions came in or went: what `cluster` over every mention
    gives, for the mentions it changes.

    `new` are the new mentions; `reopened` the remaining mentions, with their event_id,
    of events that lost one (each such event is clustered again on its own: it may fall
    apart). `candidates` are the other stored mentions, with their event_id, that a new
    one could match (same type and dates within reach, or the same known event). A new
    mention that matches a candidate joins the candidate's whole event: `members_of(event
    ids)` gives (event_id, mention_id, known_event) of their mentions. Nothing else can
    change: two stored mentions that match were one event already.
    """
    clusters = _Clusters(m.mention_id for m in new)
    _link(new, clusters)
    by_event: dict[str, list[Mention]] = {}
    for m, event_id in reopened:
        by_event.setdefault(event_id, []).append(m)
    for members in by_event.values():
        for m in members:
            clusters.find(m.mention_id)  # registered, alone if nothing joins it
        _link(members, clusters)
    known = {m.mention_id: m.known_event for m in new}
    known.update((m.mention_id, m.known_event) for m, _ in reopened)
    event_of = {m.mention_id: event_id for m, event_id in candidates}
    joined: set[str] = set()
    for new_id, stored_id in matching_pairs(new, [m for m, _ in candidates] + [m for m, _ in reopened]):
        clusters.union(new_id, stored_id)
        if stored_id in event_of:
            joined.add(event_of[stored_id])
    first_of: dict[str, str] = {}
    for event_id, mention_id, known_event in members_of(joined):
        clusters.union(first_of.setdefault(event_id, mention_id), mention_id)
        known[mention_id] = known_event
    return _event_ids(clusters, known)


def matching_pairs(new: list[Mention], stored: list[Mention]) -> list[tuple[str, str]]:
    """(new id, stored id) of the pairs that report the same event: the candidates
    (core.store.candidates) that same_event joins."""
    words = _words(new + stored)
    return [(a.mention_id, b.mention_id) for a, b in candidate_pairs(new, stored) if same_event(a, b, words)]
