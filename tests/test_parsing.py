"""Cleaning, actors, events and publication dates, on small texts in both languages."""
from __future__ import annotations

import pytest

from core.models import DateBasis, EventType, PublishedBasis, RawArticle
from core.parse.actors import find_names
from core.parse.clean import clean, split_sentences
from core.parse.lexicon import load_actors, load_lexicon
from core.parse.pipeline import parse_article
from core.parse.reader import read_file
from tests.conftest import SEEDS


def events_of(text: str, published: str | None = "2021-03-23", language: str | None = None):
    raw = RawArticle(file="t.txt", text=text, published=published,
                     published_basis=PublishedBasis.HEADER if published else PublishedBasis.UNKNOWN,
                     language=language)
    return parse_article(raw).events


# --------------------------------------------------------------------------- cleaning
def test_seed_003_keeps_the_article_and_drops_the_rest() -> None:
    [raw] = read_file(SEEDS / "003_cc52fa95362b068f.txt")
    lex = load_lexicon("nl")
    text = clean(raw.text, lex).text
    assert "Lavrov vindt de westerse alliantie" in text
    for noise in ("webmail", "ZeelandNet", "Meer uit Buitenland", "Melania", "Kansas", "uur geleden", "Babis"):
        assert noise not in text, noise
    assert text.count("China wil strategische samenwerking met Rusland opvoeren") == 1
    assert "BEIJING (ANP/AFP)" not in text


def test_share_bar_is_dropped() -> None:
    [raw] = read_file(SEEDS / "001_61e57e3379c17ff2.txt")
    assert "Share App Mail" not in clean(raw.text, load_lexicon("nl")).text


def test_photo_credit_is_dropped_but_not_a_sentence_about_a_photo() -> None:
    text = "Foto: ANP / Remko de Waal\n\nPoetin bedankte Xi voor de foto van hun ontmoeting in Peking."
    cleaned = clean(text, load_lexicon("nl")).text
    assert "ANP" not in cleaned and "Poetin bedankte Xi" in cleaned


def test_english_teasers_are_dropped() -> None:
    text = "Russia and China held talks in Beijing on Monday.\n\nShare this article\n\nRelated\n\nBiden warns Putin"
    cleaned = clean(text, load_lexicon("en")).text
    assert "Biden" not in cleaned and "Share" not in cleaned and "talks in Beijing" in cleaned


def test_headings_and_sentences() -> None:
    text = 'Kop zonder punt\n\nDr. Wang sprak met Lavrov. "Wij steunen Rusland." Daarna vertrok hij.'
    lex = load_lexicon("nl")
    sentences = split_sentences(clean(text, lex), lex)
    assert [s.heading for s in sentences] == [True, False, False, False]
    assert sentences[1].text == "Dr. Wang sprak met Lavrov."


# --------------------------------------------------------------------------- actors
def test_names_adjectives_capitals_and_people() -> None:
    text = "Poetin en de Chinese leider spraken in Peking; Moskou, het Kremlin, Washington en Brussel reageerden."
    codes = [m.code for m in find_names(text, load_actors(), None)]
    assert codes == ["RUS", "CHN", "CHN", "RUS", "RUS", "USA", "EU"]


def test_case_matters_for_short_names() -> None:
    assert [m.code for m in find_names("De VS reageerden.", load_actors(), None)] == ["USA"]
    assert find_names("China vs Rusland", load_actors(), None)[1].code == "RUS"
    assert len(find_names("China vs Rusland", load_actors(), None)) == 2


def test_pronoun_points_back_to_the_subject() -> None:
    events = events_of("De Chinese minister van Buitenlandse Zaken Wang sprak met de pers. "
                       "Bij aanvang van de ontmoeting met Lavrov zei hij de sancties te veroordelen.")
    accuse = [e for e in events if e.type is EventType.ACCUSE]
    assert accuse and "CHN" in accuse[0].actors and "Wang Yi" in accuse[0].people


def test_english_pronoun_and_group() -> None:
    events = events_of("Chinese President Xi Jinping arrived in Moscow on Monday. He praised the support of "
                       "the Kremlin. On Tuesday the two leaders signed a joint statement.", published="2023-03-22")
    types = [(e.type, tuple(sorted(e.actors))) for e in events]
    assert (EventType.SUPPORT, ("CHN", "RUS")) in types
    assert (EventType.AGREE, ("CHN", "RUS")) in types


# --------------------------------------------------------------------------- events
def test_type_score_and_quad() -> None:
    [event] = events_of("Gisteren stelde de Europese Unie sancties in tegen Chinese functionarissen.")
    assert (event.type, event.score, event.quad) == (EventType.SANCTION, -8.0, "material conflict")
    assert event.period.label == "2021-03-22" and event.date_basis is DateBasis.RELATIVE
    assert event.date_text == "Gisteren"
    assert set(event.actors) == {"EU", "CHN"} and event.source_actors == ["EU"]


def test_reference_year_is_not_the_date() -> None:
    [event] = events_of("Gisteren stelde de EU voor het eerst sinds 1989 sancties in tegen China.")
    assert event.period.label == "2021-03-22"


def test_negation_gives_no_event() -> None:
    assert not events_of("China heeft de invasie door Rusland nog niet veroordeeld.")
    assert not events_of("Russia did not condemn the Chinese proposal.", language="en")


def test_background_noun_is_no_event() -> None:
    assert not events_of("Dat zei de minister tegen de pers na een ontmoeting met zijn Chinese collega Wang Yi.")


def test_modality() -> None:
    [aid] = events_of("China overweegt wapens te leveren aan Rusland.")
    assert (aid.type, aid.modality) == (EventType.AID, "considered")
    [deny] = events_of("China ontkent dat het wapens wil leveren aan Rusland.")
    assert (deny.type, deny.modality) == (EventType.REJECT, "actual")
    [plan] = events_of("Russia will send troops to China next month for joint exercises.", language="en")
    assert (plan.type, plan.modality, plan.period.label) == (EventType.MOBILIZE, "planned", "2021-04")


def test_only_events_involving_china_or_russia() -> None:
    assert not events_of("De Verenigde Staten en Canada sloten een handelsakkoord.")


def test_inherited_date() -> None:
    events = events_of("Gisteren legde de EU sancties op aan Rusland. Op dezelfde dag legde de EU sancties op aan China.")
    assert [e.date_basis for e in events] == [DateBasis.RELATIVE, DateBasis.INHERITED]
    assert events[1].period.label == "2021-03-22"


def test_linked_known_event() -> None:
    [event] = events_of("Enkele dagen voor de Russische invasie van Oekraïne sloten ze een partnerschap "
                        "'zonder grenzen'. China en Rusland dus.", published="2024-04-09")
    assert event.known_event == "no_limits_partnership_2022"
    assert (event.period.label, event.date_basis) == ("2022-02-04", DateBasis.LINKED)


def test_passing_mention_of_a_known_event_is_no_event() -> None:
    events = events_of("Sinds de Russische invasie van Oekraïne is China voorzichtiger.", published="2024-01-01")
    assert not events


# --------------------------------------------------------------------------- publication dates
def test_seed_003_publication_date_is_inferred() -> None:
    [raw] = read_file(SEEDS / "003_cc52fa95362b068f.txt")
    article = parse_article(raw)
    assert article.published_basis is PublishedBasis.INFERRED
    assert article.published.label == "2024"
    assert any("inferred" in w for w in article.warnings)


def test_no_clue_means_unknown_never_today() -> None:
    raw = RawArticle(file="t.txt", text="China en Rusland spraken gisteren over handel en samenwerking in Azië.")
    article = parse_article(raw)
    assert article.published is None and article.published_basis is PublishedBasis.UNKNOWN
    assert article.events and article.events[0].period is None


def test_language_detection_and_metadata() -> None:
    english = RawArticle(file="e.txt", text="China and Russia held talks in Beijing about trade and energy.")
    declared = RawArticle(file="d.txt", text="China and Russia held talks in Beijing about trade.", language="nl")
    assert parse_article(english).language == "en"
    assert parse_article(declared).language == "nl"


def test_unsupported_language_is_said() -> None:
    raw = RawArticle(file="g.txt", text="China und Russland haben gestern in Peking über den Handel gesprochen und Verträge unterzeichnet.")
    article = parse_article(raw)
    assert article.language == "de" and not article.events
    assert any("not supported" in w for w in article.warnings)


def test_photo_captions_and_teaser_lines_are_dropped() -> None:
    text = ("Russia's President Vladimir Putin, right, and China's President Xi Jinping review an honour guard in Beijing.\n\n"
            "Putin met Xi in Beijing on Tuesday.\n\n"
            "Xi Jinping (left) shakes hands with Vladimir Putin during a ceremony.")
    cleaned = clean(text, load_lexicon("en")).text
    assert cleaned == "Putin met Xi in Beijing on Tuesday."
    cleaned = clean("Poetin ontmoette Xi.\n\n- Lees ook: Blijft China handelen met Rusland?\n\nDaarna sprak hij.",
                    load_lexicon("nl")).text
    assert "Lees ook" not in cleaned and "Daarna sprak hij." in cleaned


def test_a_line_cut_off_at_a_comma_is_no_heading() -> None:
    lex = load_lexicon("en")
    [sentence] = split_sentences(clean("Xi in turn praised the ties of China with Russia,", lex), lex)
    assert not sentence.heading


def test_a_last_paragraph_cut_off_mid_sentence_is_no_heading() -> None:
    lex = load_lexicon("en")
    text = "Russia and China signed energy deals.\n\nAnd Rosneft inked a framework agreement with Sinopec, re"
    sentences = split_sentences(clean(text, lex), lex)
    assert [s.heading for s in sentences] == [False, False]


def test_a_lead_sentence_repeating_the_headline_is_kept() -> None:
    lex = load_lexicon("en")
    text = "Lavrov held a meeting with Wang Yi\n\nLavrov held a meeting with Wang Yi.\n\nLavrov held a meeting with Wang Yi."
    sentences = split_sentences(clean(text, lex), lex)
    assert [(s.text, s.heading) for s in sentences] == [("Lavrov held a meeting with Wang Yi", True),
                                                         ("Lavrov held a meeting with Wang Yi.", False)]


def test_lines_wrapped_by_hand_are_one_paragraph() -> None:
    lex = load_lexicon("en")
    text = ("Russia closes its border with China\n\nPrime Minister Mikhail Mishustin has\n"
            "announced a suite of measures to include shutting down the far eastern\nland border with China.")
    sentences = split_sentences(clean(text, lex), lex)
    assert [s.heading for s in sentences] == [True, False]
    assert sentences[1].text.startswith("Prime Minister Mikhail Mishustin has announced")


def test_a_wire_photo_caption_and_a_double_dash_dateline_are_dropped() -> None:
    lex = load_lexicon("en")
    raw = ("Xi meets the Russian foreign minister in Beijing, capital of China, May 3, 2024. (Xinhua/Li Ming)\n\n"
           "BEIJING, May 3 (Xinhua) -- Chinese President Xi Jinping met Russian Foreign Minister Sergei Lavrov on Friday.")
    text = clean(raw, lex).text
    assert "capital of China" not in text
    assert text.startswith("Chinese President Xi Jinping met")
    raw = "Seoul, Nov. 4 (Yonhap)--Russian and Chinese warships have sailed past the Korean coast."
    assert clean(raw, lex).text.startswith("Russian and Chinese warships")


@pytest.mark.parametrize("line, kept", [
    ("Investing.com -- Chinese refiners paused their orders.", "Chinese refiners paused their orders."),
    ("June 3 (UPI) -- Russia and China signed a deal.", "Russia and China signed a deal."),
    ("MOSKOU — Het Kremlin zei dinsdag dat", "Het Kremlin zei dinsdag dat"),
    ("Xi — Putin's closest partner — said", "Xi — Putin's closest partner — said"),
    ("Poetin en Xi -- Zij spraken", "Poetin en Xi -- Zij spraken"),
])
def test_a_source_or_place_before_a_wire_dash_is_no_text(line: str, kept: str) -> None:
    from core.parse.clean import _without_dateline

    assert _without_dateline(line) == kept


def test_a_noun_told_again_with_a_date_of_its_own_is_news() -> None:
    """The first sentence has only the publication's date; "sinds maandag" dates the second:
    not the same exercise told again."""
    text = ("Het Chinese leger deed al drie keer mee aan grote Russische oefeningen. "
            "Sinds maandag loopt in Ningxia een vijfdaagse oefening van Moskou en Peking.")
    events = events_of(text, published="2021-08-11", language="nl")
    assert [e.trigger for e in events][-1] == "oefening" and len(events) == 2
    assert events[-1].period.label == "2021-08-09"


@pytest.mark.parametrize("text, language, published, label", [
    ("Xi said on Tuesday during the SCO summit in Astana that China wants peace.", "en", "2024-07-04", "2024-07-02"),
    ("Poetin hield gisteren tijdens de BRICS-top in Kazan een lange toespraak.", "nl", "2024-10-25", "2024-10-24"),
])
def test_a_date_right_before_a_backdrop_noun_dates_it(text: str, language: str, published: str, label: str) -> None:
    """"gisteren tijdens de top": the summit is news with a date of its own, not a backdrop."""
    [event] = events_of(text, published=published, language=language)
    assert (event.type.value, event.period.label) == ("CONSULT", label)
