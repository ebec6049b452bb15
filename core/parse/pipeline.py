"""One article from raw text to dated, typed, coded events (DESIGN.md, "The flow").

    parse_article: language -> clean -> sentences -> publication date
                   -> per sentence: actors, dates, triggers -> events
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field, replace

from core.models import (
    ActorMention,
    Article,
    DateBasis,
    DatedExpression,
    Event,
    EventType,
    Period,
    PublishedBasis,
    RawArticle,
    Sentence,
)
from core.parse import actors as actor_rules
from core.parse import events as event_rules
from core.parse.clean import clean, split_sentences
from core.parse.dates import find_dates
from core.parse.event_date import DateEvidence, Narrative, advance_narrative, event_date
from core.parse.language import detect_language
from core.parse.lexicon import (
    OPENING_QUOTES,
    ActorTable,
    KnownEventTable,
    Lexicon,
    fold,
    load_actors,
    load_known_events,
    load_lexicon,
    phrase_regex,
    supported_languages,
    word_set,
)
from core.parse.pubdate import infer_publication
from core.settings import DEFAULT_LANGUAGE, FOCUS_ACTORS, MAX_ARTICLE_CHARS, MAX_DATE_CANDIDATES

LOGGER = logging.getLogger(__name__)

SPEAKER_WINDOW_WORDS = 4
WORDS = re.compile(r"\w+")
TWO_SIDED = frozenset({EventType.COOPERATE})  # a noun of these types (and a light verb) names two parties, or no event


@dataclass(slots=True)
class ArticleContext:
    file: str
    language: str
    lex: Lexicon
    actors: ActorTable
    known: KnownEventTable
    published: Period | None
    present: re.Pattern[str] | None
    warnings: list[str] = field(default_factory=list)
    known_mentions: list[tuple[int, int, int, str]] = field(default_factory=list)


def content_hash(raw: RawArticle) -> str:
    """The key of an article: its text and what the file says of it."""
    digest = hashlib.sha256()
    for part in (raw.text, raw.published or "", raw.title or "", raw.language or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def publication_date(raw: RawArticle, text: str, lex: Lexicon, actors: ActorTable,
                     known: KnownEventTable, warnings: list[str]) -> tuple[Period | None, PublishedBasis, str]:
    """From the file or its metadata; else inferred from the text; else unknown."""
    if raw.published:
        try:
            return Period.parse(raw.published), raw.published_basis, raw.published
        except ValueError:
            warnings.append(f"publication date {raw.published!r} not understood")
    inference = infer_publication(text, lex, actors, known)
    if inference.period is not None:
        warnings.append(f"publication date inferred from the text: {inference.evidence}")
        return inference.period, PublishedBasis.INFERRED, inference.evidence
    hint = f" ({inference.evidence})" if inference.evidence else ""
    warnings.append(f"no publication date: set it in the Articles tab{hint}")
    return None, PublishedBasis.UNKNOWN, ""


def parse_article(raw: RawArticle, file_label: str | None = None) -> Article:
    """Parse one raw article into an Article with its events.

    Never raises on odd text: what could not be done is said in `warnings`.
    """
    warnings = list(raw.warnings)
    text = raw.text
    if len(text) > MAX_ARTICLE_CHARS:
        warnings.append(f"text cut at {MAX_ARTICLE_CHARS:,} characters (it had {len(text):,})")
        text = text[:MAX_ARTICLE_CHARS]
    language = detect_language(text, raw.language)
    supported = language in supported_languages()
    lex = load_lexicon(language if supported else DEFAULT_LANGUAGE)
    if not supported:
        warnings.append(f"language '{language}' is not supported yet: no events extracted")
    cleaned = clean(text, lex)
    sentences = split_sentences(cleaned, lex)
    actors, known = load_actors(), load_known_events()
    published, basis, published_text = publication_date(raw, cleaned.text, lex, actors, known, warnings)
    title = raw.title or cleaned.title or (sentences[0].text[:120] if sentences else raw.file)
    ctx = ArticleContext(file_label or raw.file, language, lex, actors, known, published,
                         phrase_regex(lex.section("dates").get("present") or []), warnings)
    events = extract_events(sentences, ctx) if supported else []
    return Article(known_mentions=ctx.known_mentions,
        file=ctx.file, content_hash=content_hash(raw), title=title, text=cleaned.text,
        language=language, published=published, published_basis=basis, sentences=sentences,
        events=events, source=raw.source, url=raw.url, warnings=warnings, published_text=published_text,
    )


def _speakers(folded: str, mentions: list[ActorMention], lex: Lexicon) -> list[ActorMention]:
    """Who a sentence quotes: "aldus Wang", "zegt Lavrov", "volgens Blinken"."""
    if lex.speech is None:
        return []
    out = []
    for m in mentions:
        before = " ".join(folded[:m.start].split()[-SPEAKER_WINDOW_WORDS:])
        if lex.speech.search(before):
            out.append(m)
    return out


def extract_events(sentences: list[Sentence], ctx: ArticleContext) -> list[Event]:
    """Events of an article's sentences, with actors resolved across sentences."""
    lex, actors, known = ctx.lex, ctx.actors, ctx.known
    day = ctx.published.start if ctx.published else None
    discourse = actor_rules.Discourse()
    narrative = Narrative()
    budget = [MAX_DATE_CANDIDATES]
    budget_said = False
    events: list[Event] = []
    seen: dict[tuple[str, ...], list[str]] = {}  # sentences by their first words
    for sentence in sentences:
        folded = fold(sentence.text)
        names = actor_rules.find_names(sentence.text, actors, day)
        refs = actor_rules.resolve_references(sentence.text, folded, names, lex, discourse)
        mentions = sorted(names + refs, key=lambda m: m.start)
        if sentence.heading or lex.sentences.question.search(sentence.text):
            # a heading, or a question ("Do you expect Russia to support such a draft?"): no report
            actor_rules.update_discourse(discourse, folded, mentions, lex, actors)
            continue
        aliases = known.matches(folded, ctx.language)
        dates = find_dates(sentence.text, folded, lex, ctx.published, budget, aliases)
        if budget[0] <= 0 and not budget_said:
            budget_said = True
            ctx.warnings.append(f"more than {MAX_DATE_CANDIDATES:,} date expressions: the rest were not read")
        triggers = event_rules.find_triggers(folded, sentence.text, lex) if not _said_before(folded, seen) else []
        lead_again = _names_lead_event(folded, lex)
        if lead_again:
            triggers = [t for t in triggers if t.start >= lead_again]  # "The move": no event of its own
        event_rules.attach_to_nouns(dates, triggers, folded)
        # "following talks in Vladivostok on Tuesday": a backdrop with a date of its own is news too;
        # so is the backdrop of a sentence naming the lead event again ("The announcement came during talks")
        dated_nouns = event_rules.dated_backdrops(triggers, dates, folded, lex)
        first_subject: list[ActorMention] = []
        sentence_events: list[Event] = []
        parts: list[event_rules.Clause] = []  # no trigger: no event, no clause to look at
        if triggers:
            speakers = _speakers(folded, mentions, lex)
            # the names of an event the date refers to, and of who took no part, name no actor here
            left_out = event_rules.bystanders(mentions, folded, dates, aliases, lex)
            actors_here = [m for m in mentions if m not in left_out]
            parts = event_rules.split_parts(folded, lex)
            parts = event_rules.split_coordinated(parts, triggers, folded, lex, sentence.text)
            parts = event_rules.split_dated_coordination(parts, triggers, dates, folded, lex)
            parts = event_rules.split_backdrop(parts, triggers, dates, folded, lex, dated_nouns)
        for number, part in enumerate(parts):
            in_part = [t for t in triggers if part.start <= t.start < part.end]
            candidates = [
                t for t in in_part
                if not event_rules.is_negated(t, folded, lex, part)
                and (t.start in dated_nouns or bool(lead_again) or not event_rules.is_background(t, folded, lex))
                and not _passing_mention(t, aliases, ctx, narrative)
                and not _in_anchor(t, dates)
            ]
            candidates = [t for t in candidates if not event_rules.in_condition(t, folded, lex, part)
                          and not event_rules.is_aim(t, folded, lex, part)]
            trigger = event_rules.choose_trigger(candidates, folded, lex, part)
            if trigger is None and in_part:
                trigger = _denial(in_part, folded, lex, part, actors_here)
            part_mentions = [m for m in actors_here if part.start <= m.start < part.end]
            if number == 0:
                first_subject = [m for m in part_mentions if trigger is None or m.end <= trigger.start]
            elif trigger is not None and not any(m.end <= trigger.start for m in part_mentions):
                # "…, which had announced sanctions": the relative word stands for the name before it
                before = [m for m in actors_here if m.end <= part.start]
                relative = lex.relative_openers is not None and lex.relative_openers.match(folded, part.start)
                part_mentions = (before[-1:] if relative and before else first_subject) + part_mentions
            if trigger is None:
                continue
            event = _build_event(sentence, folded, part, number, trigger, part_mentions, speakers,
                                 dates, aliases, narrative, ctx, discourse.subject_codes, [m.code for m in actors_here])
            if event is not None and not _repeats(event, events, trigger, in_part, folded, part) \
                    and not _comments_on(event, events, folded, lex):
                events.append(event)
                sentence_events.append(event)
        if lead_again:
            _date_lead_event(events, dates, lead_again)
        advance_narrative(narrative, sentence.paragraph, dates, sentence_events, folded, lex)
        linked_here = {e.known_event for e in sentence_events}
        named_spans: set[tuple[int, int]] = set()
        # of namesakes (Putin's re-elections) sharing the words, the latest that fits
        for start, end, event_id in sorted(aliases, key=lambda a: ctx.known.events[a[2]].date, reverse=True):
            if event_id in linked_here or (start, end) in named_spans or not _fits(event_id, ctx):
                continue
            ctx.known_mentions.append((sentence.index, sentence.start + start, sentence.start + end, event_id))
            linked_here.add(event_id)
            named_spans.add((start, end))
        actor_rules.update_discourse(discourse, folded, mentions, lex, actors)
    _date_by_other_accounts(events)
    return events


REPEAT_WORDS = 6  # a sentence that begins with this many words of an earlier one, and goes on as it did


def _said_before(folded: str, seen: dict[tuple[str, ...], list[str]]) -> bool:
    """The same sentence again, or one cut short or carried on (a summary above the text
    repeats a sentence of it): its events are reported once. Remembers the sentence."""
    words = WORDS.findall(folded)
    if len(words) < REPEAT_WORDS:
        return False
    text = " ".join(words)
    earlier = seen.setdefault(tuple(words[:REPEAT_WORDS]), [])
    repeated = any(text.startswith(e) or e.startswith(text) for e in earlier)
    earlier.append(text)
    return repeated


def _names_lead_event(folded: str, lex: Lexicon) -> int:
    """Where "The move", "The decision" … that open a sentence end (they name the article's
    lead event again); 0 when the sentence opens otherwise."""
    if lex.back_references is None:
        return 0
    m = lex.back_references.match(folded, len(folded) - len(folded.lstrip(" " + OPENING_QUOTES)))
    return m.end() if m else 0


def _date_lead_event(events: list[Event], dates: list[DatedExpression], after: int) -> None:
    """"The move, effective Tuesday, …": the day of a sentence naming the lead event again
    dates that event, when the lead sentence gave it no date of its own."""
    if not events or events[0].date_basis is not DateBasis.PUBLICATION:
        return
    own = [d for d in dates if d.start >= after and d.period is not None and d.noun_at is None
           and not (d.reference_only or d.continuation or d.ongoing or d.now)
           and d.basis in (DateBasis.EXPLICIT, DateBasis.RELATIVE) and d.period.granularity.value == "day"]
    if own:
        lead = events[0]
        lead.period, lead.date_basis, lead.date_text = own[0].period, own[0].basis, own[0].text


def _date_by_other_accounts(events: list[Event]) -> None:
    """"Russian and Chinese warships have held joint drills … The navy said the ships sailed
    together on Tuesday": an undated deed (a material event: statements on two days are two
    statements) takes the day of the nearest other account of that type by the same focus
    actors, when that day is not after the report's own."""
    dated = [e for e in events if e.date_basis not in (DateBasis.PUBLICATION, DateBasis.LINKED)
             and e.period is not None and e.period.granularity.value == "day"]
    for event in events:
        if event.date_basis is not DateBasis.PUBLICATION or not event.quad.startswith("material"):
            continue
        focus = FOCUS_ACTORS.intersection(event.actors)
        others = [e for e in dated if e.type == event.type and FOCUS_ACTORS.intersection(e.actors) == focus
                  and e.period is not None and (event.period is None or e.period.end <= event.period.end)]
        if others:
            other = min(others, key=lambda e: abs(e.sentence_index - event.sentence_index))
            event.period, event.date_basis, event.date_text = other.period, other.date_basis, other.date_text


FRESH_NEWS_DAYS = 14  # an article this soon after a known event reports it as news


def _passing_mention(trigger: event_rules.Trigger, aliases: list[tuple[int, int, str]],
                     ctx: ArticleContext, narrative: Narrative | None = None) -> bool:
    """A noun inside a known event's name ("sinds de Russische invasie") only mentions it,
    unless the article appeared in the days after that event, or its account has reached
    the month of that event ("Poetin was toen in Peking. De twee spraken over een
    partnerschap zonder grenzen")."""
    if trigger.kind != "noun":
        return False
    account = narrative.period if narrative is not None else None
    # the month (or day) the account has reached: a week counts as the month holding it
    reached = (Period.parse(account.label) if account is not None
               and account.granularity.value in ("day", "week", "month") else None)
    for start, end, event_id in aliases:
        if start <= trigger.start and trigger.end <= end:
            happened = Period.parse(ctx.known.events[event_id].date).start
            published = ctx.published
            fresh = published is not None and published.granularity.value == "day" and (
                0 <= (published.start - happened).days <= FRESH_NEWS_DAYS)
            told = reached is not None and reached.start <= happened <= reached.end
            if not fresh and not told:
                return True
    return False


def _in_anchor(trigger: event_rules.Trigger, dates: list[DatedExpression]) -> bool:
    """"Kort voordat de invasie begon, …": an event that dates another is a
    reference point, not a report."""
    return any(d.basis is DateBasis.ANCHORED and d.start <= trigger.start < d.end for d in dates)


DENIAL_NEGATION_WORDS = 3  # "had not supplied", "levert geen wapens": the "not" at the trigger itself


def _denial(triggers: list[event_rules.Trigger], folded: str, lex: Lexicon, part: event_rules.Clause,
            mentions: list[ActorMention]) -> event_rules.Trigger | None:
    """"Volgens Peking levert het land geen wapens aan Moskou", "Beijing said it had not
    supplied arms": an actor says a thing did not happen: a denial (REJECT) by them. The
    speaker is named right before a word of speech ("Beijing said") or right after it
    ("volgens China"); the "not" stands at the trigger, not in a clause above it ("zei dat
    sommigen niet willen dat er onderhandelingen komen" denies nothing)."""
    if lex.speech is None or lex.negation is None:
        return None
    for trig in triggers:
        if trig.kind == "light" or not event_rules.is_negated(trig, folded, lex, part):
            continue
        near = " ".join(folded[part.start:trig.start].split()[-DENIAL_NEGATION_WORDS:])
        if not lex.negation.search(near) and not lex.negation.search(folded, trig.start, trig.end):
            continue
        for speech in lex.speech.finditer(folded, part.start, trig.start):
            if any((m.end <= speech.start() and len(folded[m.end:speech.start()].split()) <= 1)
                   or (m.start >= speech.end() and not folded[speech.end():m.start].strip())
                   for m in mentions):
                return replace(trig, type=EventType.REJECT, kind="verb", says_not=True)
    return None


def _joins_earlier(trigger: event_rules.Trigger, lex: Lexicon) -> bool:
    """A trigger of several words whose noun is definite ("neemt deel aan de manoeuvres", "joined
    the drills"): an event named before, joined by someone else."""
    words = fold(trigger.text).split()
    return len(words) > 1 and not word_set(lex, "events", "definite").isdisjoint(words[1:])


def _points_back(folded: str, part: event_rules.Clause, lex: Lexicon) -> bool:
    """A pronoun in the part ("he", "zij", "ze"), though it named no one we know: it
    continues the topic, as a sentence with no actor at all does not."""
    return any(rx is not None and rx.search(folded, part.start, part.end) is not None
               for rx in (lex.pronoun_person, lex.pronoun_person_or_group, lex.pronoun_group))


def _fits(event_id: str, ctx: ArticleContext) -> bool:
    """A known event the article can name: not later than the article itself."""
    return ctx.published is None or ctx.known.events[event_id].date <= ctx.published.end.isoformat()


SUBJECT_PREDICATE_WORDS = 4  # "The tariffs were raised under …": the trigger follows its subject soon


def _repeats(event: Event, earlier: list[Event], trigger: event_rules.Trigger, triggers: list[event_rules.Trigger],
             folded: str, part: event_rules.Clause) -> bool:
    """A sentence naming again what an earlier one reported: one whose subject is a noun of
    that type ("The drills, called …", "The sanctions were introduced under …"), or a noun
    ("the patrol") with the same actors and date, where it adds no date of its own."""
    same = [e for e in earlier if e.type == event.type]
    if not same:
        return False
    if any(t.type == event.type and event_rules.opens_sentence(t, folded, part)
           and len(folded[t.end:trigger.start].split()) <= SUBJECT_PREDICATE_WORDS for t in triggers):
        return True
    # a noun ("the patrol"), or a quote telling it again, with the same actors and date
    told_again = trigger.kind == "noun" or folded.lstrip().startswith(tuple(OPENING_QUOTES))
    # …unless this one has a date of its own where the earlier had only the publication's
    own = event.date_basis in (DateBasis.EXPLICIT, DateBasis.RELATIVE)
    return told_again and any(set(event.actors) <= set(e.actors) and _within(e.period, event.period)
                              and not (own and e.date_basis is DateBasis.PUBLICATION) for e in same)


def _comments_on(event: Event, earlier: list[Event], folded: str, lex: Lexicon) -> bool:
    """"It was the first time that …", "Het is de vijfde keer dat …": a remark on an event
    of that type already reported, not a new one."""
    return (lex.comment_openers is not None and lex.comment_openers.match(folded) is not None
            and any(e.type == event.type for e in earlier))


def _within(earlier: Period | None, period: Period | None) -> bool:
    """The earlier event's date lies in this one ("their third meeting this year")."""
    if earlier is None or period is None:
        return earlier == period
    return period.start <= earlier.start and earlier.end <= period.end


def _event_date(sentence: Sentence, folded: str, part: event_rules.Clause, trigger: event_rules.Trigger,
                dates: list[DatedExpression], known_event: str | None, narrative: Narrative,
                ctx: ArticleContext) -> tuple[Period | None, DateBasis, str]:
    """The event's date, by the cascade of core/parse/event_date.py."""
    nearest = event_rules.nearest_date([d for d in dates if part.start <= d.start < part.end],
                                       trigger, folded, ctx.lex)
    if nearest is None and part.start > 0:
        # "noemde de sancties woensdag … en riep de EU op": the sentence's earlier date holds
        nearest = event_rules.nearest_date([d for d in dates if d.start < part.start], trigger, folded, ctx.lex)
    choice = event_date(DateEvidence(folded, sentence.paragraph, trigger, dates, nearest, known_event, narrative,
                                     ctx.lex, ctx.known, ctx.published, ctx.present))
    return choice.period, choice.basis, choice.text


def _build_event(sentence: Sentence, folded: str, part: event_rules.Clause, number: int,
                 trigger: event_rules.Trigger, mentions: list[ActorMention], speakers: list[ActorMention],
                 dates: list, aliases: list[tuple[int, int, str]], narrative: Narrative,
                 ctx: ArticleContext, topic: list[str], sentence_codes: list[str]) -> Event | None:
    codes = list(dict.fromkeys([m.code for m in mentions] + [m.code for m in speakers]))
    known_event = event_rules.link_known_event(trigger, aliases, ctx.known, ctx.published)
    parties = list(ctx.known.events[known_event].actors) if known_event else []
    joins = (bool(codes) and not FOCUS_ACTORS.intersection(codes + sentence_codes + parties)
             and bool(FOCUS_ACTORS.intersection(topic)) and _joins_earlier(trigger, ctx.lex))
    if not (FOCUS_ACTORS.intersection(codes) or FOCUS_ACTORS.intersection(sentence_codes) or joins
            or (FOCUS_ACTORS.intersection(topic) and _points_back(folded, part, ctx.lex))
            or FOCUS_ACTORS.intersection(parties)):
        # China or Russia named in the sentence, a pronoun there that points to the topic, or a known event's party
        return None
    if joins:  # "Ook Iran neemt deel aan de manoeuvres": theirs, named before, with a newcomer
        codes += [c for c in topic if c in FOCUS_ACTORS and c not in codes]
    period, basis, date_text = _event_date(sentence, folded, part, trigger, dates, known_event, narrative, ctx)
    source, target = event_rules.split_roles(mentions, trigger, speakers, folded, ctx.lex)
    if not source and parties:
        # "sloten ze een partnerschap 'zonder grenzen'": no agent named, the parties of the
        # known event it names (data/known_events.yaml)
        source = [c for c in parties if c not in target]
        codes = list(dict.fromkeys(codes + source))
    if (not source and trigger.kind != "noun" and topic
            and event_rules.passive_roles(mentions, trigger, folded, ctx.lex) is None):
        # "The paper urged both sides ...": no agent named, the topic carries on
        source = [c for c in topic if c not in target][:2]
        codes = list(dict.fromkeys(codes + source))
    people = list(dict.fromkeys(ctx.actors.people[m.person].name for m in mentions + speakers if m.person))
    modality = event_rules.modality_of(folded, trigger, ctx.lex, part)
    if part.start > 0 or part.end < len(folded):
        # a part of a sentence about China or Russia ("… after a Russian plane entered its
        # airspace"): the sentence's focus actors stand beside the part's own
        codes += [c for c in dict.fromkeys(sentence_codes) if c in FOCUS_ACTORS and c not in codes]
    if not FOCUS_ACTORS.intersection(codes):
        return None
    if (trigger.kind == "light" or (trigger.kind == "noun" and trigger.type in TWO_SIDED)) and len(set(codes)) < 2:
        # "the outcomes of pragmatic cooperation are fruitful": cooperation of whom with whom?
        # "Putin was in Moscow": no visit
        return None
    context = sorted({name for _, _, name in ctx.lex.context.finditer(folded)}) if ctx.lex.context else []
    confidence = 0.45 + {"verb": 0.2, "light": 0.1}.get(trigger.kind, 0.0)
    confidence += 0.15 if basis not in (DateBasis.PUBLICATION, DateBasis.INHERITED) else 0.0
    confidence += 0.1 if source and target else 0.0
    confidence += 0.05 if known_event else 0.0
    confidence -= 0.1 if modality != "actual" else 0.0
    return Event(
        article_file=ctx.file, sentence_index=sentence.index, sentence=sentence.text,
        char_start=sentence.start, char_end=sentence.end, type=trigger.type, trigger=trigger.text,
        actors=codes, source_actors=source, target_actors=target, people=people, modality=modality,
        period=period, date_text=date_text, date_basis=basis, confidence=round(min(confidence, 0.95), 2),
        known_event=known_event, language=ctx.language, context=context,
        event_id=f"k:{known_event}" if known_event else "",
    )
