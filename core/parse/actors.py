"""Actors in a sentence: names from data/actors.yaml, and pronouns or roles
("hij", "de minister", "the two countries") resolved to who was named before."""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass, field

from core.models import ActorMention
from core.parse.lexicon import ActorTable, Lexicon, first_words, fold, phrase_regex, words_of

LOGGER = logging.getLogger(__name__)

PREPOSITION_WINDOW_WORDS = 4


@dataclass(slots=True)
class Discourse:
    """What an article has named so far, for pronouns and roles."""

    subject_people: list[ActorMention] = field(default_factory=list)  # last sentence's subject
    subject_codes: list[str] = field(default_factory=list)
    people: list[ActorMention] = field(default_factory=list)  # most recent last
    states: list[str] = field(default_factory=list)  # most recent last
    state_counts: dict[str, int] = field(default_factory=dict)
    person_counts: dict[str, int] = field(default_factory=dict)

    def most_named_states(self, n: int) -> list[str]:
        """The n states named most often so far (ties: the most recent first)."""
        recency = {code: i for i, code in enumerate(self.states)}
        ranked = sorted(self.state_counts, key=lambda c: (-self.state_counts[c], -recency.get(c, -1)))
        return ranked[:n]

    def most_named_people(self, n: int) -> list[ActorMention]:
        recency = {p.person: i for i, p in enumerate(self.people)}
        ranked = sorted(self.people, key=lambda p: (-self.person_counts.get(p.person or "", 0), -recency[p.person]))
        return ranked[:n]


def find_names(text: str, table: ActorTable, day: dt.date | None) -> list[ActorMention]:
    """Every actor name in a text, longest match first, without overlaps."""
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []
    candidates: list[tuple[int, int, str, str | None]] = []
    folded_case = fold(text, lower=False)
    if table.places is not None:
        taken += [m.span() for m in table.places.finditer(folded_case)]  # "the East China Sea" is no China
    if table.exact is not None:
        for m in table.exact.finditer(folded_case):
            code, pid = table.exact_lookup[m.group()]
            candidates.append((m.start(), m.end(), code, pid))
    if table.loose is not None:
        folded = fold(text)
        for m in table.loose.finditer(folded):
            code, pid = table.loose_lookup[m.group()]
            candidates.append((m.start(), m.end(), code, pid))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    for start, end, code, pid in candidates:
        if any(start < e and end > s for s, e in taken):
            continue
        if pid is not None:
            code = table.people[pid].actor_on(day)
        found.append(ActorMention(start, end, text[start:end], code, person=pid))
        taken.append((start, end))
    return found


def _preceded_by_preposition(folded: str, start: int, lex: Lexicon) -> bool:
    window = folded[:start].split()[-PREPOSITION_WINDOW_WORDS:]
    if not window or lex.prepositions is None:
        return False
    tail = " ".join(window)
    speech = lex.speech
    for m in lex.prepositions.finditer(tail):
        if speech is not None and speech.fullmatch(m.group()):
            continue
        return True
    return False


def _distinct(codes: list[str]) -> list[str]:
    out: list[str] = []
    for code in codes:
        if code not in out:
            out.append(code)
    return out


def resolve_references(text: str, folded: str, names: list[ActorMention], lex: Lexicon,
                       discourse: Discourse) -> list[ActorMention]:
    """Mentions for the pronouns and roles of a sentence, pointing back in `discourse`."""
    resolved: list[ActorMention] = []
    taken = [(m.start, m.end) for m in names]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def person_antecedent() -> ActorMention | None:
        if discourse.subject_people:
            return discourse.subject_people[0]  # of a plural subject, the first named
        return discourse.people[-1] if discourse.people else None

    def named_here(at: int) -> ActorMention | None:
        """"Die steun lijkt onder Trump minder zeker, maar hij zei ...": one person named in an
        earlier part of the same sentence (see events.split_before) is the antecedent."""
        before = [n for n in names if n.person and n.end <= at]
        if not before or len({n.person for n in before}) != 1:
            return None
        markers = lex.section("events")["split_before"]
        return before[-1] if any(folded.find(m.lower(), before[-1].end, at) >= 0 for m in markers) else None

    def counterpart(at: int) -> ActorMention | None:
        """"Lavrov nodigde zijn ambtsgenoot uit": the last named person, else state, of another
        state than the speaker's (named before in the sentence, else the last subject)."""
        own = {m.code for m in names + resolved if m.end <= at} or set(discourse.subject_codes[:1])
        if not own:
            return None
        person = next((p for p in reversed(discourse.people) if p.code not in own), None)
        if person is not None:
            return person
        state = next((c for c in reversed(discourse.states) if c not in own), None)
        return ActorMention(at, at, "", state, None) if state else None

    plural_subject = len(discourse.subject_codes) >= 2 and len(discourse.subject_people) != 1
    words_here = words_of(folded)

    for rx, kind in ((lex.pronoun_counterpart, "counterpart"), (lex.pronoun_group, "group"), (lex.roles, "role"),
                     (lex.pronoun_own_state, "own"),
                     (lex.pronoun_state, "state"), (lex.pronoun_person_or_group, "person_or_group"),
                     (lex.pronoun_person, "person")):
        need = lex.reference_words.get(kind)
        if rx is None or (need is not None and words_here.isdisjoint(need)):
            continue
        for m in rx.finditer(folded):
            a, b = m.start(), m.end()
            if not free(a, b):
                continue
            words = text[a:b]
            if kind == "counterpart":
                other = counterpart(a)
                if other is not None:
                    resolved.append(ActorMention(a, b, words, other.code, other.person, resolved_from=words))
            elif kind == "role":
                # "de minister Lavrov" names the person itself
                if any(0 <= n.start - b <= 3 for n in names):
                    continue
                who = person_antecedent()
                if who is not None:
                    resolved.append(ActorMention(a, b, words, who.code, who.person, resolved_from=words))
            elif kind == "person_or_group" and plural_subject:
                for code in discourse.subject_codes[:3]:
                    resolved.append(ActorMention(a, b, words, code, None, resolved_from=words))
            elif kind in ("person", "person_or_group"):
                who = named_here(a) or person_antecedent()
                if who is not None:
                    resolved.append(ActorMention(a, b, words, who.code, who.person, resolved_from=words))
            elif kind == "own":
                who = person_antecedent()
                if who is not None:
                    resolved.append(ActorMention(a, b, words, who.code, None, resolved_from=words))
            elif kind == "state":
                if discourse.states:
                    resolved.append(ActorMention(a, b, words, discourse.states[-1], None, resolved_from=words))
            else:
                folded_words = fold(words)
                tokens = set(folded_words.split())
                pronouns = lex.section("events")["pronouns"]
                size = 3 if tokens & set(pronouns["group_three"]) or folded_words in pronouns["group_three"] else 2
                persons_word = bool(tokens & set(pronouns["group_people"]))
                if persons_word:
                    people = discourse.most_named_people(size)
                    for who in people:
                        resolved.append(ActorMention(a, b, words, who.code, who.person, resolved_from=words))
                    # fewer leaders named than the phrase counts: their states stand in
                    covered = {who.code for who in people}
                    extra = [c for c in discourse.most_named_states(size + 1) if c not in covered]
                    for code in extra[:size - len(people)]:
                        resolved.append(ActorMention(a, b, words, code, None, resolved_from=words))
                    continue
                if len(discourse.subject_codes) >= 2 and folded_words in pronouns["plural"]:
                    pool = discourse.subject_codes
                else:
                    pool = discourse.most_named_states(size)
                for code in pool[:size]:
                    resolved.append(ActorMention(a, b, words, code, None, resolved_from=words))
            taken.append((a, b))
    return resolved


def _mask_titles(folded: str, table: ActorTable) -> str:
    """Office titles blanked out: "minister van Buitenlandse Zaken Wang" has no preposition."""
    rx = _title_regex(table)
    need = _title_words(table)
    if rx is None or (need is not None and words_of(folded).isdisjoint(need)):
        return folded
    return rx.sub(lambda m: " " * len(m.group()), folded)


@functools.cache
def _title_words(table: ActorTable) -> frozenset[str] | None:
    return first_words([w for titles in table.office_words.values() for w in titles if " " in w])


@functools.cache
def _title_regex(table: ActorTable) -> re.Pattern[str] | None:
    words = [w for titles in table.office_words.values() for w in titles if " " in w]
    return phrase_regex(words)


def update_discourse(discourse: Discourse, folded: str, mentions: list[ActorMention],
                     lex: Lexicon, table: ActorTable) -> None:
    """Remember who a sentence named, and who was its subject."""
    folded = _mask_titles(folded, table)
    ordered = sorted(mentions, key=lambda m: m.start)
    subjects = [m for m in ordered if not _preceded_by_preposition(folded, m.start, lex)]
    people = [m for m in subjects if m.person]
    if people:
        distinct_people = list(dict.fromkeys(m.person for m in people))
        discourse.subject_people = people[:1] if len(distinct_people) == 1 else people
    codes = _distinct([m.code for m in subjects if table.kinds.get(m.code) == "state"])
    if codes:
        discourse.subject_codes = codes
    for m in ordered:
        if m.person:
            discourse.people = [p for p in discourse.people if p.person != m.person] + [m]
            if m.resolved_from is None:
                discourse.person_counts[m.person] = discourse.person_counts.get(m.person, 0) + 1
        if table.kinds.get(m.code) == "state":
            discourse.states = [s for s in discourse.states if s != m.code] + [m.code]
            if m.resolved_from is None:
                discourse.state_counts[m.code] = discourse.state_counts.get(m.code, 0) + 1
