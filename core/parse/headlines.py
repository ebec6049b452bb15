"""Headlines of events: a short readable phrase of who did what to whom.

"EU sanctions China", "Lavrov rejects EU", "China sends aid to Russia (considered,
US claim)". The phrases per type and modality are data (data/headlines/<lang>.yaml,
read by core.parse.lexicon); this module only chooses who is named and how briefly. A
headline is made with every event, stored with it (core.store) and editable in curation
(core.ingest.curation); it lives here, below the store, because the store writes it.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.parse.lexicon import HeadlinePhrases, UnknownLanguage, load_actors, load_headline_phrases, load_known_events
from core.settings import HEADLINE_LANGUAGE, HEADLINE_MAX_CHARS

LOGGER = logging.getLogger(__name__)

FALLBACK_LANGUAGE = "en"
# modalities whose event another party reports: that party is named as the claimant
CLAIMED_MODALITIES = frozenset({"considered", "alleged"})
# office titles of data/actors.yaml (English, shared by all languages) that do not act for a state
NON_STATE_OFFICES = frozenset({"opposition leader", "member of parliament", "first lady"})


@dataclass(frozen=True, slots=True)
class HeadlineFacts:
    """What a headline is made of: an event's type, modality and parties."""

    type: str
    modality: str
    actors: tuple[str, ...]
    source_actors: tuple[str, ...]
    target_actors: tuple[str, ...]
    people: tuple[str, ...]
    known_event: str | None = None

    @classmethod
    def of(cls, row: Mapping[str, Any] | Any) -> HeadlineFacts:
        """From an Event, a record or a DataFrame row (lists may be arrays or None)."""
        get = row.get if isinstance(row, Mapping) or hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)

        def codes(key: str) -> tuple[str, ...]:
            value = get(key, None)
            return tuple(str(v) for v in value) if value is not None and not isinstance(value, float) else ()

        raw_type = get("type", "")
        known = get("known_event", None)
        return cls(type=str(getattr(raw_type, "value", raw_type)), modality=str(get("modality", "actual") or "actual"),
                   actors=codes("actors"), source_actors=codes("source_actors"), target_actors=codes("target_actors"),
                   people=codes("people"), known_event=known if isinstance(known, str) and known else None)


def headline_language(article_language: str | None) -> str:
    """The language headlines are written in: the setting, or the article's own when the
    setting says "article" and there are phrases for it."""
    wanted = article_language if HEADLINE_LANGUAGE == "article" else HEADLINE_LANGUAGE
    return wanted if wanted in _languages() else FALLBACK_LANGUAGE


@functools.lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    from core.parse.lexicon import headline_languages

    return frozenset(headline_languages())


@functools.cache
def _people() -> dict[str, tuple[str, str]]:
    """A person's display name -> (actor code, the short name a headline uses): the last
    word of the name where it is one of the person's names ("Lavrov"), else the shortest
    one-word name ("Wang" for Wang Yi, "Xi" for Xi Jinping), else the whole name.
    Only those whose offices speak for their state (data/actors.yaml's office titles,
    less NON_STATE_OFFICES): an opposition leader is named in an event without acting
    for the state in it."""
    out: dict[str, tuple[str, str]] = {}
    for person in load_actors().people.values():
        if not any(o.title not in NON_STATE_OFFICES for o in person.offices):
            continue
        single = sorted((n for n in person.names if " " not in n), key=len)
        last = person.name.split()[-1]
        short = last if last in person.names else (single[0] if single else person.name)
        out[person.name] = (person.actor, short)
    return out


def actor_name(code: str, phrases: HeadlinePhrases) -> str:
    return phrases.names.get(code) or load_actors().names.get(code, code)


def _joined(names: Sequence[str], phrases: HeadlinePhrases) -> str:
    if len(names) <= 1:
        return "".join(names)
    return phrases.separator.join(names[:-1]) + phrases.conjunction + names[-1]


def _phrase(facts: HeadlineFacts, phrases: HeadlinePhrases, subjects: Sequence[str], targets: Sequence[str],
            claimant: str | None) -> str:
    forms = phrases.types.get(facts.type)
    if facts.known_event and facts.known_event in load_known_events().events:
        text = load_known_events().events[facts.known_event].name
    elif forms is None:
        text = f"{_joined(subjects, phrases)}: {facts.type.lower()}"
    else:
        number = "one" if len(subjects) == 1 else "many"
        template = forms[number] if targets else forms[f"alone_{number}"]
        text = template.format(source=_joined(subjects, phrases), target=_joined(targets, phrases))
    if facts.modality in phrases.modality_words:
        word = phrases.modality_words[facts.modality]
        template = phrases.modality_claimed if claimant else phrases.modality_plain
        text = template.format(headline=text, modality=word, claimant=claimant or "")
    return text[:1].upper() + text[1:]


def _phrase_passive(facts: HeadlineFacts, phrases: HeadlinePhrases, template: str, targets: Sequence[str]) -> str:
    text = template.format(target=_joined(targets, phrases))
    if facts.modality in phrases.modality_words:
        text = phrases.modality_plain.format(headline=text, modality=phrases.modality_words[facts.modality])
    return text[:1].upper() + text[1:]


def headline(facts: HeadlineFacts, language: str = FALLBACK_LANGUAGE, max_chars: int = HEADLINE_MAX_CHARS) -> str:
    """The headline of an event, at most `max_chars` characters: the fullest phrase that
    fits (a person's name, two targets), then shorter ones, then a cut one."""
    try:
        phrases = load_headline_phrases(language)
    except UnknownLanguage:
        phrases = load_headline_phrases(FALLBACK_LANGUAGE)
    people = _people()
    forms = phrases.types.get(facts.type)
    if not facts.source_actors and facts.target_actors and forms is not None and not facts.known_event:
        # "Russian officials were put on a sanctions list": whom it concerns, not who acts
        names = [actor_name(a, phrases) for a in dict.fromkeys(facts.target_actors)]
        for count in (len(names), 2, 1):
            text = _phrase_passive(facts, phrases, forms["passive"], names[:count])
            if len(text) <= max_chars:
                return text
        return text[: max_chars - 1].rstrip() + "…"
    sources = ([a for a in facts.source_actors if a in facts.actors] or list(facts.source_actors)
               or list(facts.actors[:1]))
    claimant_code = None
    if facts.modality in CLAIMED_MODALITIES and len(sources) > 1:
        # "the US says China considers…": the party whose own official speaks is the claimant
        speakers = [people[p][0] for p in facts.people if p in people and people[p][0] in sources]
        if speakers:
            claimant_code = speakers[0]
            sources = [a for a in sources if a != claimant_code]
    own_people = [people[p][1] for p in facts.people
                  if p in people and len(sources) == 1 and people[p][0] == sources[0]]
    targets = [a for a in dict.fromkeys(facts.target_actors) if a not in sources and a != claimant_code]
    target_people = [people[p][1] for p in facts.people
                     if p in people and len(targets) == 1 and people[p][0] == targets[0]]
    source_names = [actor_name(a, phrases) for a in sources[:3]]
    target_names = [actor_name(a, phrases) for a in targets]
    if len(own_people) == 1 and len(target_people) == 1:
        target_names = target_people  # "Wang meets Lavrov": people with people
    claimant = actor_name(claimant_code, phrases) if claimant_code else None
    attempts: list[tuple[list[str], list[str]]] = []
    if len(own_people) == 1:
        attempts.append(([own_people[0]], target_names[:2]))
    attempts += [(source_names, target_names[:2]), (source_names, target_names[:1]),
                 (source_names[:1], target_names[:1]), (source_names[:1], [])]
    text = ""
    for subjects, objects in attempts:
        text = _phrase(facts, phrases, subjects or ["?"], objects, claimant)
        if len(text) <= max_chars:
            return text
    return text[: max_chars - 1].rstrip() + "…"


def headline_of(row: Mapping[str, Any] | Any, language: str | None = None) -> str:
    """The headline of an Event, a record or a DataFrame row, in the configured language."""
    lang = language or headline_language(getattr(row, "language", None) if not hasattr(row, "get")
                                         else row.get("language"))
    return headline(HeadlineFacts.of(row), lang)


def headlines_of(rows: Iterable[Mapping[str, Any]], language: str | None = None) -> list[str]:
    return [headline_of(row, language) for row in rows]
