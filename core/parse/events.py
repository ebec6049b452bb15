"""Events of one sentence: trigger words per PLOVER type (data/lexicon/<lang>.yaml),
the one that reports what happened, its actors, its date, its modality and its link
to a known event."""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from core.models import QUAD_AND_SCORE, ActorMention, DateBasis, DatedExpression, EventType, Period
from core.parse.lemmas import lemma_text
from core.parse.lexicon import (
    OPENING_MARKS,
    TRIGGER_KINDS,
    WORD,
    KnownEventTable,
    Lexicon,
    fold,
    is_participle,
    word_set,
    words_of,
)
from core.settings import BACKGROUND_WINDOW_WORDS

LOGGER = logging.getLogger(__name__)

CLAUSE_PUNCTUATION = re.compile(r"[,;:()\"“”„«»]|\s[-–—]\s")
MODALITY_ORDER = ("denied", "considered", "alleged", "planned")


@dataclass(slots=True)
class Trigger:
    type: EventType
    kind: str  # "verb" | "noun" | "light" (lexicon.TRIGGER_KINDS)
    start: int
    end: int
    text: str
    known_event: str | None = None
    says_not: bool = False  # the pattern holds a negation itself ("pose no threat")
    words: float = 1  # the words its pattern names: the more, the more specific (a wildcard counts less)


@dataclass(slots=True)
class Clause:
    """A part of a sentence that may report one event (", maar ..." starts another)."""

    start: int
    end: int


def split_parts(folded: str, lex: Lexicon) -> list[Clause]:
    """Where a sentence reports two things, the parts; else the whole sentence."""
    cuts = [0]
    for marker in lex.section("events")["split_before"]:
        marker = marker.lower()
        index = folded.find(marker)
        while index > 0:
            cuts.append(index)
            index = folded.find(marker, index + len(marker))
    cuts = sorted(set(cuts))
    bounds = [*cuts, len(folded)]
    return [Clause(bounds[i], bounds[i + 1]) for i in range(len(cuts)) if bounds[i + 1] > bounds[i]]


COORDINATED_NAME_WORDS = 3  # "…, and Trump urged China": a name may stand between


def split_coordinated(parts: list[Clause], triggers: list[Trigger], folded: str, lex: Lexicon,
                      text: str | None = None) -> list[Clause]:
    """"China ontkent … en beschuldigt …": a coordinator ("en", "and") right before a verb
    whose type differs from an earlier verb of the part starts a second report, by the same
    subject, by a name between ("…, and Trump urged China") or by a pronoun and an auxiliary
    ("…, and it has since praised the deal"), and a part of its own."""
    if lex.coordinators is None or len(triggers) < 2:
        return parts
    subjects = word_set(lex, "events", "coordinated_subjects")
    out: list[Clause] = []
    for part in parts:
        start = part.start
        verbs = [t for t in triggers if part.start <= t.start < part.end and t.kind == "verb"]
        for second in verbs:
            earlier = [t for t in verbs if start <= t.start and t.end <= second.start]
            if not earlier or all(t.type == second.type for t in earlier):
                continue
            before = folded[earlier[-1].end:second.start]
            joins = list(lex.coordinators.finditer(before))
            if not joins:
                continue
            cut, after = earlier[-1].end + joins[-1].start(), earlier[-1].end + joins[-1].end()
            between = folded[after:second.start].split()
            markers = lex.infinitive_markers
            if not between and markers is not None and markers.search(folded, earlier[0].end, second.start):
                continue  # "urged China to stop … and withdraw": one request, not two reports
            named = text is not None and len(between) <= COORDINATED_NAME_WORDS and all(
                w[:1].isupper() or fold(w) in subjects for w in text[after:second.start].split())
            if between and not named:
                continue  # the verb does not follow the coordinator at once, nor a name or pronoun
            out.append(Clause(start, cut))
            start = cut
        out.append(Clause(start, part.end))
    return out


DATED_JOIN_GAP_WORDS = 1  # ", and in November 2015, …": a preposition may stand before the date


def split_dated_coordination(parts: list[Clause], triggers: list[Trigger], dates: list[DatedExpression],
                             folded: str, lex: Lexicon) -> list[Clause]:
    """"… signed a contract in 2014, and in November 2015 the aide confirmed it": a comma and
    a coordinator right before a date of its own start a second report, whatever its type,
    where a trigger stands on both sides. One sentence, two dates: two events."""
    if lex.coordinators is None or len(triggers) < 2 or not dates:
        return parts
    out: list[Clause] = []
    for part in parts:
        start = part.start
        for join in lex.coordinators.finditer(folded, part.start, part.end):
            if not folded[start:join.start()].rstrip().endswith(","):
                continue
            date = next((d for d in dates if d.start >= join.end() and d.period is not None
                         and not d.reference_only), None)
            if date is None or date.start >= part.end or \
                    len(folded[join.end():date.start].split()) > DATED_JOIN_GAP_WORDS:
                continue
            before = any(start <= t.start and t.end <= join.start() and t.kind != "light" for t in triggers)
            after = any(date.end <= t.start < part.end and t.kind != "light" for t in triggers)
            if before and after:
                cut = folded.rindex(",", start, join.start())
                out.append(Clause(start, cut))
                start = cut
        out.append(Clause(start, part.end))
    return out


BACKDROP_VERB_GAP_WORDS = 4  # "sinds hij Oekraïne was binnengevallen": the verb follows soon


def split_backdrop(parts: list[Clause], triggers: list[Trigger], dates: list[DatedExpression], folded: str,
                   lex: Lexicon, dated_nouns: set[int]) -> list[Clause]:
    """"het eerste bezoek sinds hij Oekraïne binnenviel, in februari 2022": a backdrop clause
    ("sinds", "nadat", "since", "after": words both subordinate and background) with a verb
    of another type than the report before it, and a date of its own, is a report of its own;
    so is a backdrop noun with a date of its own (`dated_nouns`, from `dated_backdrops`:
    "… following talks in Vladivostok on Tuesday")."""
    if lex.subordinate is None or lex.background is None or len(triggers) < 2:
        return parts
    out: list[Clause] = []
    for part in parts:
        start = part.start
        for m, clause in _backdrop_openers(folded, part, lex):
            earlier = [t for t in triggers if start <= t.start and t.end <= m.start() and t.kind != "light"]
            later = [t for t in triggers if m.end() <= t.start < part.end and (
                (clause and t.kind == "verb" and len(folded[m.end():t.start].split()) <= BACKDROP_VERB_GAP_WORDS)
                or (t.start in dated_nouns and len(folded[m.end():t.start].split()) < BACKGROUND_WINDOW_WORDS))]
            own_date = any(m.end() <= d.start < part.end and d.period is not None for d in dates)
            if earlier and later and own_date and all(t.type != later[0].type for t in earlier):
                out.append(Clause(start, m.start()))
                start = m.start()
        out.append(Clause(start, part.end))
    return out


def dated_backdrops(triggers: list[Trigger], dates: list[DatedExpression], folded: str, lex: Lexicon) -> set[int]:
    """Where the backdrop nouns with a date of their own start ("… following talks in Beijing
    on Tuesday"): news of their own, not a backdrop."""
    found = set()
    for trig in triggers:
        if trig.kind != "noun" or not is_background(trig, folded, lex):
            continue
        if any(d.period is not None and (d.noun_at == trig.start
                                         or (d.noun_at is None and _dates_noun(d, trig, folded, lex)))
               for d in dates):
            found.add(trig.start)
    return found


BACKDROP_DATE_GAP_WORDS = 3  # "talks in Beijing on Tuesday"


def _dates_noun(date: DatedExpression, trig: Trigger, folded: str, lex: Lexicon) -> bool:
    """A date a few words after a noun, in its clause: "talks in Beijing on Tuesday"; or
    a few words before it: "zei gisteren tijdens de top"."""
    between = folded[trig.end:date.start] if trig.end <= date.start else folded[date.end:trig.start]
    return ((trig.end <= date.start or date.end <= trig.start) and len(between.split()) <= BACKDROP_DATE_GAP_WORDS
            and not CLAUSE_PUNCTUATION.search(between)
            and (lex.clause_openers is None or not lex.clause_openers.search(between)))


def _backdrop_openers(folded: str, part: Clause, lex: Lexicon) -> list[tuple[re.Match[str], bool]]:
    """Words opening a backdrop, and whether a clause follows: "since", "after" (subordinate
    and background), a relative word before a past perfect ("…, which had announced sanctions
    on Monday"); the other background words ("following", "during") before a noun."""
    if lex.background is None:
        return []
    subordinate = lex.subordinate
    found = [(m, subordinate is not None and subordinate.fullmatch(m.group()) is not None)
             for m in lex.background.finditer(folded, part.start, part.end)]
    if lex.relative_openers is not None:
        flashback = word_set(lex, "dates", "flashback")
        found += [(m, True) for m in lex.relative_openers.finditer(folded, part.start, part.end)
                  if (folded[m.end():part.end].split() or [""])[0] in flashback]
    return sorted(found, key=lambda found: found[0].start())


def find_triggers(folded: str, text: str, lex: Lexicon) -> list[Trigger]:
    """Trigger matches of every type, on the words and on their lemmas ("sloot" ->
    "sluiten")."""
    if lex.triggers is None or lex.lemma_triggers is None:
        return []
    lemmas = lemma_text(folded, lex.code, text, lex.keep_form)
    if lemmas is None:  # every word is its own lemma: one pass does
        spans = lex.lemma_triggers.finditer(folded)
    else:
        spans = lex.triggers.finditer(folded) + [(*lemmas.original(start, end), payload)
                                                 for start, end, payload in lex.lemma_triggers.finditer(lemmas.text)]
    found = [Trigger(EventType(etype), kind, start, end, text[start:end], says_not=says_not, words=words)
             for start, end, (etype, kind, says_not, words) in dict.fromkeys(spans)]
    if lex.not_events is not None and found:
        # "backed up by", "maintain close ties": words that look like a trigger and report nothing
        blocked = lex.not_events.finditer(folded) + ([(*lemmas.original(start, end), None) for start, end, _
                                                      in lex.not_events.finditer(lemmas.text)] if lemmas else [])
        found = [t for t in found if not any(start < t.end and t.start < end for start, end, _ in blocked)]
    for trig in found:
        if trig.kind == "verb" and " " not in trig.text and _after_determiner(trig, folded, lex):
            trig.kind = "noun"  # "the meeting", "Putin's visit": a noun, whatever its lemma
    # of overlapping ones the longest stays (of equally long ones, the pattern naming more
    # words), but a light verb only where nothing else matched; of two starting at one word,
    # the one naming more words ("spraken af … te" over "spraken … met", whose gap holds "af"),
    # or as many but reaching into fewer clauses ("sprak … tegen" over "sprak … tegen dat met")
    found.sort(key=lambda t: (t.kind == "light", -(t.end - t.start), -t.words, TRIGGER_KINDS.index(t.kind), t.start))
    kept: list[Trigger] = []
    for trig in found:
        clash = [k for k in kept if not (trig.end <= k.start or trig.start >= k.end)]
        if not clash:
            kept.append(trig)
        elif (len(clash) == 1 and clash[0].start == trig.start and trig.kind != "light" and clash[0].kind != "light"
              and (trig.words, -_crossings(trig, folded, lex)) > (clash[0].words, -_crossings(clash[0], folded, lex))):
            kept[kept.index(clash[0])] = trig
    kept.sort(key=lambda t: t.start)
    return kept


def _crossings(trig: Trigger, folded: str, lex: Lexicon) -> int:
    """How many clause breaks (punctuation, "dat", "that") a trigger's words reach across."""
    count = len(CLAUSE_PUNCTUATION.findall(folded, trig.start, trig.end))
    if lex.clause_openers is not None:
        count += len(lex.clause_openers.findall(folded, trig.start, trig.end))
    return count


def _after_determiner(trig: Trigger, folded: str, lex: Lexicon) -> bool:
    """One word right after an article or a possessive ("the", "his", "Putin's"): a noun."""
    before = folded[:trig.start].split()[-1:]
    if not before:
        return False
    word = before[0]
    return (word in word_set(lex, "dates", "determiners") or word in word_set(lex, "dates", "possessives")
            or word.endswith(tuple(word_set(lex, "dates", "possessive_suffixes"))))


@functools.lru_cache(maxsize=1024)  # asked again and again for the triggers of one sentence
def _clause_start(folded: str, position: int, lex: Lexicon, floor: int) -> int:
    """Where the clause holding `position` starts (a comma, quote or clause word)."""
    start = floor
    for m in CLAUSE_PUNCTUATION.finditer(folded, floor, position):
        start = m.end()
    if lex.clause_openers is not None:
        for m in lex.clause_openers.finditer(folded, start, position):
            start = m.end()
    return start


def _clause_end(folded: str, position: int, limit: int) -> int:
    m = CLAUSE_PUNCTUATION.search(folded, position, limit)
    return m.start() if m else limit


def is_negated(trig: Trigger, folded: str, lex: Lexicon, part: Clause) -> bool:
    """A negation word before the trigger in its clause, or closing its clause."""
    if lex.negation is None:
        return False
    start = _clause_start(folded, trig.start, lex, part.start)
    if lex.negation.search(folded, start, trig.start):
        return True
    if not trig.says_not and lex.negation.search(folded, trig.start, trig.end):
        return True  # "levert ook geen wapens": the "not" sits inside the pattern's gap
    if start > part.start and lex.clause_openers is not None:
        # "... niet willen dat er onderhandelingen komen": the whole clause is unwanted
        governing = " ".join(folded[part.start:start].split()[-3:-1])
        if governing and lex.negation.search(governing) and not lex.negation.search(folded, trig.start, trig.end):
            return True
    end = _clause_end(folded, trig.end, part.end)
    tail = folded[trig.end:end].strip(" .!?")
    last = tail.split()[-1:] if tail else []
    return bool(last) and bool(lex.negation.fullmatch(last[0]))


def is_background(trig: Trigger, folded: str, lex: Lexicon) -> bool:
    """A noun after "na", "tijdens", "vanwege" ...: a backdrop, not what happened."""
    if trig.kind != "noun" or lex.background is None:
        return False
    window = " ".join(folded[:trig.start].split()[-(BACKGROUND_WINDOW_WORDS + 4):])
    for m in lex.background.finditer(window):
        between = window[m.end():].split()
        # "na een ontmoeting", not "sinds 1989 sancties" (a date, then the noun)
        if len(between) < BACKGROUND_WINDOW_WORDS and not any(w[:1].isdigit() for w in between):
            return True
    return False


def in_relative_clause(trig: Trigger, folded: str, lex: Lexicon, part: Clause) -> bool:
    """After "which", "where", "die" ... that follow something else in the sentence."""
    if lex.relative_openers is None:
        return False
    # the relative clause runs to the next comma: "Seoul, who scrambled jets, accused ..."
    return any(m.start() > part.start + 1 and not CLAUSE_PUNCTUATION.search(folded, m.end(), trig.start)
               for m in lex.relative_openers.finditer(folded, part.start, trig.start))


def _clause_opener(trig: Trigger, folded: str, lex: Lexicon, part: Clause) -> str | None:
    """The word that opens the clause holding the trigger, if a clause word opens it."""
    start = _clause_start(folded, trig.start, lex, part.start)
    opener = folded[part.start:start].split()[-1:]
    return opener[0] if opener else None


def in_subordinate_clause(trig: Trigger, folded: str, lex: Lexicon, part: Clause) -> bool:
    """After "nadat", "omdat", "als", "after", "if" …: a backdrop or a condition, not the news."""
    if lex.subordinate is None:
        return False
    opener = _clause_opener(trig, folded, lex, part)
    return opener is not None and lex.subordinate.fullmatch(opener) is not None


def is_aim(trig: Trigger, folded: str, lex: Lexicon, part: Clause) -> bool:
    """"… with the aim of deepening ties", "part of efforts to boost trade": what follows
    such words is an aim, not an event. An aim that opens the part ("In a bid to …, X
    signed …") reaches to the end of its clause only."""
    if lex.purpose is None:
        return False
    for m in lex.purpose.finditer(folded, part.start, trig.start):
        if len(folded[part.start:m.start()].split()) > 1 or not CLAUSE_PUNCTUATION.search(folded, m.end(), trig.start):
            return True
    return False


def in_condition(trig: Trigger, folded: str, lex: Lexicon, part: Clause) -> bool:
    """"Als China een partnerschap aangaat, …", "If Washington imposes sanctions": what may
    happen, not what happened; so does a clause joined to a condition ("if Russia stopped
    … and withdrew its forces")."""
    if lex.conditional is None:
        return False
    position, floor = trig.start, part.start
    while position > 0:
        start = _clause_start(folded, position, lex, floor)
        opener = [w.lstrip(OPENING_MARKS) for w in folded[floor:start].split()[-1:]]  # “If China …
        if not opener:
            return False
        if lex.conditional.fullmatch(opener[0]) is not None:
            return not _as_not_if(folded, start, part, lex)
        if lex.coordinators is None or lex.coordinators.fullmatch(opener[0]) is None:
            return False
        # the clause before the coordinator, in this part or (split at the coordinator) the one before
        position, floor = start - len(opener[0]), 0
    return False


def _as_not_if(folded: str, start: int, part: Clause, lex: Lexicon) -> bool:
    """"Als bedankje sprak Rusland zijn veto uit": a word of condition that also means "as",
    opening the sentence with no comma after it to close a condition."""
    if lex.conditional_as is None or folded[:part.start].strip():
        return False
    opener = folded[:start].split()
    return len(opener) == 1 and lex.conditional_as.fullmatch(opener[0]) is not None and \
        CLAUSE_PUNCTUATION.search(folded, start, part.end) is None


def choose_trigger(candidates: list[Trigger], folded: str, lex: Lexicon, part: Clause) -> Trigger | None:
    """The trigger that reports what happened: main clause before relative or subordinate
    clause, verbs before nouns before light verbs, then the first."""
    if not candidates:
        return None
    return min(candidates, key=lambda t: (in_relative_clause(t, folded, lex, part)
                                          or in_subordinate_clause(t, folded, lex, part), TRIGGER_KINDS.index(t.kind),
                                          opens_sentence(t, folded, part), t.start))


def opens_sentence(trig: Trigger, folded: str, part: Clause) -> bool:
    """A noun that is the sentence's first or second word: its subject, named before."""
    return trig.kind == "noun" and len(folded[part.start:trig.start].split()) <= 1


def modality_of(folded: str, trig: Trigger, lex: Lexicon, part: Clause) -> str:
    """actual, planned, considered, alleged or denied, from cue words around the trigger."""
    hits: set[str] = set()
    window_start = max(_clause_start(folded, trig.start, lex, part.start), trig.start - 160)
    window_end = _clause_end(folded, trig.end, part.end)
    if lex.clause_openers is not None:
        opener = lex.clause_openers.search(folded, trig.end, window_end)
        window_end = opener.start() if opener else window_end
    window_end = max(window_end, trig.end)
    first_word = trig.start + len(folded[trig.start:trig.end].split()[0])
    for start, end, name in lex.modality.finditer(folded) if lex.modality else []:
        if start < window_start or end > window_end:
            continue
        if start >= trig.start and end <= first_word:
            continue  # the trigger itself ("ontkent") is what happened
        hits.add(name)
    for name in MODALITY_ORDER:
        if name in hits:
            return name
    return "actual"


COARSENESS_PENALTY = {"day": 0, "week": 15, "month": 30, "season": 45, "year": 60}  # in characters of distance


def nearest_date(dates: list[DatedExpression], trig: Trigger, folded: str, lex: Lexicon) -> DatedExpression | None:
    """The date of the trigger: the closest, sharpest resolved date in its clause."""
    usable = [d for d in dates if not d.reference_only and not d.continuation and d.period is not None]
    usable = [d for d in usable if not d.ongoing] or usable
    # "nu", "now" date only what their own clause says ("the veto ..., but they will now ...")
    usable = [d for d in usable if not d.now or _same_clause(d, trig, folded, lex)]
    # after the trigger, a date right behind another noun is that noun's
    usable = [d for d in usable if d.noun_at is None or d.noun_at == trig.start or d.start < trig.start]
    # "the first visit since Xi took office last year": that date is the backdrop clause's
    usable = [d for d in usable if d.backdrop_at is None or trig.start >= d.backdrop_at]
    # "today's referendum": a date in the possessive is the next noun's, not the event's
    usable = [d for d in usable if not in_possessive(d, folded, lex) or d.end <= trig.start <= d.end + 4]
    if lex.relative_openers is not None:
        # "prees het plan, dat Peking vorige maand presenteerde": that date is the plan's; one
        # after the relative clause has closed ("de oefening, die … werd gehouden, van 30
        # augustus tot …") is the trigger's again
        usable = [d for d in usable if d.start < trig.end or not any(
            not CLAUSE_PUNCTUATION.search(folded, m.end(), d.start)
            for m in lex.relative_openers.finditer(folded, trig.end, d.start))]
    if lex.speech is not None and QUAD_AND_SCORE[trig.type][0].startswith("material"):
        # ", meldde Gazprom maandag": the day of the report, not of the delivery; for a
        # statement (an accusation, a demand) the report is the event and its day is right
        usable = [d for d in usable if not _in_report_clause(d, trig, folded, lex)]
    if not usable:
        return None
    return min(usable, key=lambda d: min(abs(d.start - trig.end), abs(trig.start - d.end))
               + COARSENESS_PENALTY[d.period.granularity.value if d.period else "year"])


def in_possessive(date: DatedExpression, folded: str, lex: Lexicon) -> bool:
    """"today's referendum", "Monday's talks": the date belongs to the noun after it."""
    return any(folded.startswith(fold(suffix), date.end) for suffix in lex.section("dates")["possessive_suffixes"])


NOUN_DATE_GAP_WORDS = 2  # "a summit last month", "de top van vorige week"


def attach_to_nouns(dates: list[DatedExpression], triggers: list[Trigger], folded: str) -> None:
    """Mark each date that follows a trigger noun closely, with no punctuation between:
    it dates that noun ("support for an agreement reached at a summit last month")."""
    for date in dates:
        for trig in triggers:
            between = folded[trig.end:date.start]
            if (trig.kind == "noun" and trig.end <= date.start and not CLAUSE_PUNCTUATION.search(between)
                    and len(between.split()) <= NOUN_DATE_GAP_WORDS):
                date.noun_at = trig.start


def _same_clause(date: DatedExpression, trig: Trigger, folded: str, lex: Lexicon) -> bool:
    """No clause boundary (punctuation or a clause word) between a date and a trigger."""
    a, b = (date.end, trig.start) if date.end <= trig.start else (trig.end, date.start)
    if a >= b:
        return True
    if CLAUSE_PUNCTUATION.search(folded, a, b):
        return False
    return lex.clause_openers is None or not lex.clause_openers.search(folded, a, b)


def _in_report_clause(date: DatedExpression, trig: Trigger, folded: str, lex: Lexicon) -> bool:
    """", meldde Gazprom maandag" / ", data showed on Friday": the date of the report."""
    if date.start < trig.end:
        return False
    comma = folded.rfind(",", trig.end, date.start)
    if comma < 0:
        return False
    clause = folded[comma:date.start]
    return lex.speech is not None and bool(lex.speech.search(clause))


def link_known_event(trig: Trigger, aliases: list[tuple[int, int, str]], table: KnownEventTable,
                     published: Period | None) -> str | None:
    """The known event whose name the trigger is part of ("sloten een partnerschap zonder grenzen")."""
    best: str | None = None
    for start, end, event_id in aliases:
        if start < trig.end and end > trig.start:
            event = table.events[event_id]
            if published is not None and event.date > published.end.isoformat():
                continue
            if best is None or event.date > table.events[best].date:
                best = event_id
    return best


def bystanders(mentions: list[ActorMention], folded: str, dates: list[DatedExpression],
               aliases: list[tuple[int, int, str]], lex: Lexicon) -> list[ActorMention]:
    """The mentions that name no actor of the sentence's events: those in a date that is
    another event ("kort voor de Russische inval in Oekraïne", with the name of
    the known event it holds), and those a clause says took no part ("…, waar Rusland niet
    bij aanwezig was", "where Russia was not present", "with Russia absent")."""
    spans: list[tuple[int, int]] = []
    for d in dates:
        if d.basis is not DateBasis.ANCHORED:
            continue
        start, end = d.start, d.end
        for a_start, a_end, _ in aliases:
            if a_start < end and start < a_end:
                start, end = min(start, a_start), max(end, a_end)
        spans.append((start, end))
    absent: list[ActorMention] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for rx, negated in ((lex.presence, True), (lex.absence, False)):
        for m in rx.finditer(folded) if rx is not None else []:
            start = _clause_start(folded, m.start(), lex, 0)
            if negated and (lex.negation is None or not lex.negation.search(folded, start, m.start())):
                continue
            # who was not there: the last actor named before the word in its clause, and
            # those joined to it ("waar Rusland en Iran niet aanwezig waren": "en" opens
            # no clause here)
            named = [n for n in ordered if n.end <= m.start()]
            group = [n for n in named[-1:] if n.start >= start]
            for n in reversed(named[:-1] if group else []):
                if not _joined(folded, n, group[0], lex):
                    break
                group.insert(0, n)
            absent += group
    return [m for m in mentions if m in absent or any(start <= m.start and m.end <= end for start, end in spans)]


ROLE_PREPOSITION_WORDS = 3  # "aan twee Russische bestuurders", "met de Verenigde Staten"
INVERTED_SUBJECT_WORDS = 2  # "legde de EU sancties op": the subject right after the verb


def _after_word(rx: re.Pattern[str] | None, folded: str, floor: int, at: int) -> bool:
    """One of the words of `rx` among the last few words between `floor` and `at`."""
    if rx is None or at <= floor:
        return False
    window = " ".join(folded[floor:at].split()[-ROLE_PREPOSITION_WORDS:])
    return rx.search(window) is not None


def _joined(folded: str, previous: ActorMention | None, m: ActorMention, lex: Lexicon) -> bool:
    """A name joined to the one before it: by a coordinator or a comma ("met China en
    Rusland", "tegen de VS en hun bondgenoten"), or in the same words ("de twee landen")."""
    if previous is None:
        return False
    if m.start <= previous.end:
        return True  # one group word resolved to several actors, or names written as one
    between = folded[previous.end:m.start]
    skip = word_set(lex, "dates", "determiners") | word_set(lex, "dates", "possessives")
    words = " ".join(w for w in between.replace(",", " , ").split() if w not in skip)
    return words == "," or (lex.coordinators is not None and lex.coordinators.fullmatch(words.strip(" ,")) is not None)


def _governed(rx: re.Pattern[str] | None, mentions: list[ActorMention], floor: int, folded: str,
              lex: Lexicon) -> list[bool]:
    """For each mention (in order), whether a word of `rx` (a preposition, a word of
    opposition) governs it: "voor de Russische invasie", "bij Beijing". The words since
    the mention before count, or since `floor`; a name joined to the one before it shares
    its lot."""
    if rx is None or not mentions or rx.search(folded, floor, mentions[-1].start) is None:
        return [False] * len(mentions)  # no such word before the last of them
    out: list[bool] = []
    previous: ActorMention | None = None
    for m in mentions:
        since = max(floor, previous.end) if previous is not None else floor
        out.append(out[-1] if _joined(folded, previous, m, lex) else _after_word(rx, folded, since, m.start))
        previous = m
    return out


def _before_infinitive(after: list[ActorMention], source: list[str], trig: Trigger, folded: str,
                       lex: Lexicon) -> list[ActorMention]:
    """"urged Beijing to stop exports to Russia": the actors named before an infinitive
    marker are the ones asked; those after it tell what they are to do. When none stands
    before the marker but the source itself ("sent troops to Russia"), all of them."""
    marker = lex.infinitive_markers.search(folded, trig.end) if lex.infinitive_markers is not None else None
    if marker is None:
        return after
    asked = [m for m in after if m.end <= marker.start() and m.code not in source]
    return asked or after


@functools.cache
def _auxiliaries(lex: Lexicon) -> frozenset[str]:
    return frozenset(fold(w) for w in (lex.section("events")["passive"] or {}).get("auxiliaries") or [])


def passive_at(trig: Trigger, folded: str, lex: Lexicon) -> int | None:
    """Where the auxiliary of a passive trigger ends ("werden … op een sanctielijst
    geplaatst", "were sanctioned"): an auxiliary earlier in its clause, and a past
    participle among the trigger's own words. None for an active one."""
    if lex.passive_auxiliaries is None or words_of(folded).isdisjoint(_auxiliaries(lex)):
        return None
    if not any(is_participle(w, lex) for w in WORD.findall(folded, trig.start, trig.end)):
        return None
    start = _clause_start(folded, trig.start, lex, 0)
    found = None
    for m in lex.passive_auxiliaries.finditer(folded, start, trig.end):
        found = m.end()
    return found


def passive_roles(mentions: list[ActorMention], trig: Trigger, folded: str,
                  lex: Lexicon) -> tuple[list[str], list[str]] | None:
    """Of a passive trigger, the agent ("door de EU", "by Washington") acts; those named in
    the clause up to the trigger, not after a preposition, are whom it concerns. None for an
    active trigger, or a passive one that names no one so ("deals were signed")."""
    aux_end = passive_at(trig, folded, lex)
    if aux_end is None:
        return None
    start = _clause_start(folded, trig.start, lex, 0)
    in_clause = [m for m in mentions if m.start >= start and m.end <= trig.end]
    agents = [m for m, by in zip(mentions, _governed(lex.passive_agents, mentions, aux_end, folded, lex),
                                 strict=True) if by and m.start >= aux_end]
    governed = _governed(lex.prepositions, in_clause, start, folded, lex)
    concerned = [m for m, g in zip(in_clause, governed, strict=True) if not g and m not in agents]
    if not concerned:
        return None
    source = list(dict.fromkeys(m.code for m in agents))
    return source, [c for c in dict.fromkeys(m.code for m in concerned) if c not in source]


def split_roles(mentions: list[ActorMention], trig: Trigger, speakers: list[ActorMention],
                folded: str, lex: Lexicon) -> tuple[list[str], list[str]]:
    """Source actors and target actors of a trigger.

    The subject before the trigger is the source, the actors after it the target. A verb
    pattern may hold actors in its gap ("legde de EU sancties op", "dringen er bij Beijing
    op aan"): one after a preposition of an object there ("bij", "against") is the target,
    and the actors after the trigger then tell what was asked or done, not to whom; one
    after another preposition ("in Moskou", "volgens Russische media") has no role. The
    first bare one (and those joined to it) is the subject where no actor before the
    trigger is (only ones after a preposition) and it follows the verb at once ("Op
    dezelfde dag legde de EU …", the verb before its subject), or where a coordinator
    joins it to the subject before ("Russian bombers and Chinese bombers flew"); the
    others are objects. An actor after "samen met", "together with" acts beside the
    subject. With no source named, who spoke. In a cooperative
    event the actors after a word of opposition ("tegen", "against") are opponents, not
    partners: no target."""
    roles = passive_roles(mentions, trig, folded, lex)
    if roles is not None:
        return roles
    before = [m for m in mentions if m.end <= trig.start]
    after = [m for m in mentions if m.start >= trig.end]
    words = folded[trig.start:trig.end].split()
    verb_end = trig.start + len(words[0]) if words else trig.end
    inside = [m for m in mentions if verb_end <= m.start and m.end <= trig.end]
    beside = [m for m, together in zip(before + inside, _governed(lex.together, before + inside, 0, folded, lex),
                                       strict=True) if together]
    inside = [m for m in inside if m not in beside]
    governed = _governed(lex.prepositions, inside, verb_end, folded, lex)
    as_object = _governed(lex.object_prepositions, inside, verb_end, folded, lex)
    gap_objects = [m for m, g, o in zip(inside, governed, as_object, strict=True) if g and o]
    gap_bare = [m for m, g in zip(inside, governed, strict=True) if not g]
    subjects_before = [m for m, g in zip(before, _governed(lex.prepositions, before, 0, folded, lex), strict=True)
                       if not g and m not in beside]
    source_mentions = before + [m for m in beside if m not in before]
    lead = folded[verb_end:gap_bare[0].start] if gap_bare else ""
    coordinated = bool(subjects_before) and lex.coordinators is not None and lex.coordinators.search(lead) is not None
    inverted = (not subjects_before and len(lead.split()) <= INVERTED_SUBJECT_WORDS
                and not CLAUSE_PUNCTUATION.search(lead))
    if gap_bare and gap_bare[0] is inside[0] and (inverted or coordinated):
        # the verb before its subject ("legde de EU"), or a second subject joined to the
        # first ("Russian bombers and Chinese bombers flew"): the first bare actor, and
        # those joined to it
        subject = [gap_bare[0]]
        for m in gap_bare[1:]:
            if not _joined(folded, subject[-1], m, lex):
                break
            subject.append(m)
        source_mentions = (before if coordinated else []) + subject + beside
        gap_bare = gap_bare[len(subject):]
    source = list(dict.fromkeys(m.code for m in source_mentions)) or list(dict.fromkeys(m.code for m in speakers))
    in_gap = [m for m in gap_bare + gap_objects if m.code not in source]
    targets = in_gap or _before_infinitive(after, source, trig, folded, lex)
    if QUAD_AND_SCORE[trig.type][0].endswith("cooperation"):
        opposed = _governed(lex.opposing, targets, verb_end, folded, lex)
        targets = [m for m, against in zip(targets, opposed, strict=True) if not against]
    target = [c for c in dict.fromkeys(m.code for m in targets) if c not in source]
    return source, target
