"""Who acts and who is acted on: the source and target actors of an event, and the
actors a sentence names that take no part in it."""
from __future__ import annotations

import pytest

from core.models import EventType
from tests.test_parsing import events_of


def one_event(text: str, kind: EventType, language: str, published: str = "2024-05-14"):
    found = [e for e in events_of(text, published=published, language=language) if e.type is kind]
    assert len(found) == 1, [(e.type, e.sentence) for e in events_of(text, published=published, language=language)]
    return found[0]


# --------------------------------------------------------------------------- the subject after the verb
def test_subject_after_the_verb_is_the_source_not_the_topic_before() -> None:
    text = ("China protesteerde maandag bij de Japanse ambassadeur. "
            "Dezelfde middag legde Japan strafmaatregelen op aan drie Russische banken.")
    event = one_event(text, EventType.SANCTION, "nl")
    assert event.source_actors == ["JPN"]
    assert event.target_actors == ["RUS"]
    assert "CHN" not in event.actors  # named in the sentence before only


def test_second_of_two_bare_names_after_the_verb_is_the_object() -> None:
    event = one_event("Eind mei riep de EU India nog op de olie-import uit Rusland te beperken.",
                      EventType.REQUEST, "nl")
    assert event.source_actors == ["EU"]
    assert event.target_actors == ["IND"]


def test_group_word_after_the_verb_is_the_source() -> None:
    text = ("China en Rusland zijn nauwe partners. "
            "Een week na de Russische invasie van Oekraïne tekenden de twee landen een akkoord over graan.")
    event = one_event(text, EventType.AGREE, "nl")
    assert sorted(event.source_actors) == ["CHN", "RUS"]
    assert "UKR" not in event.actors  # named only in the date, another event


def test_actors_of_the_event_a_date_refers_to_take_no_part() -> None:
    event = one_event("Days before the Russian invasion of Ukraine, India and China signed a grain deal.",
                      EventType.AGREE, "en")
    assert sorted(event.source_actors) == ["CHN", "IND"]
    assert "UKR" not in event.actors


# --------------------------------------------------------------------------- the one asked
def test_who_is_urged_in_the_gap_of_the_verb_is_the_target() -> None:
    event = one_event("Europese landen dringen er bij Peking op aan de export van chips naar Rusland te stoppen.",
                      EventType.REQUEST, "nl")
    assert event.source_actors == ["EU"]
    assert event.target_actors == ["CHN"]  # Russia is named in what is asked, not asked


def test_who_is_urged_before_the_infinitive_is_the_target() -> None:
    event = one_event("Japan urged Beijing on Wednesday to stop chip exports to Russia.", EventType.REQUEST, "en")
    assert event.source_actors == ["JPN"]
    assert event.target_actors == ["CHN"]


def test_with_no_one_before_the_infinitive_all_named_after_are_targets() -> None:
    event = one_event("Russia sold more oil to India and Turkey last month.", EventType.COOPERATE, "en")
    assert event.source_actors == ["RUS"]
    assert sorted(event.target_actors) == ["IND", "TUR"]


def test_a_place_in_the_gap_is_no_target() -> None:
    event = one_event("Volgens Japanse media riep Tokio Peking in Osaka op de spanningen met Rusland te verminderen.",
                      EventType.REQUEST, "nl")
    assert event.source_actors == ["JPN"]
    assert event.target_actors == ["CHN"]


def test_actor_together_with_the_subject_is_a_source() -> None:
    event = one_event("Woensdag riep Xi samen met Poetin Japan op de dialoog te hervatten.",
                      EventType.REQUEST, "nl")
    assert sorted(event.source_actors) == ["CHN", "RUS"]
    assert event.target_actors == ["JPN"]


# --------------------------------------------------------------------------- against
def test_actors_opposed_in_a_cooperation_are_not_its_partners() -> None:
    event = one_event("Volgens Poetin moeten Moskou en Peking samen een vuist maken tegen Japan en de NAVO.",
                      EventType.COOPERATE, "nl")
    assert sorted(event.source_actors) == ["CHN", "RUS"]
    assert event.target_actors == []
    assert {"JPN", "NATO"} <= set(event.actors)  # still named: the event is about them


def test_actors_opposed_in_english_are_not_partners_either() -> None:
    event = one_event("Moscow and Beijing will work together against NATO, Lavrov said on Monday.",
                      EventType.COOPERATE, "en")
    assert sorted(event.source_actors) == ["CHN", "RUS"]
    assert "NATO" not in event.target_actors


def test_against_is_a_target_outside_cooperation() -> None:
    event = one_event("Japan kondigde dinsdag nieuwe sancties tegen Rusland aan.", EventType.SANCTION, "nl")
    assert event.source_actors == ["JPN"]
    assert event.target_actors == ["RUS"]


# --------------------------------------------------------------------------- who was not there
def test_actor_said_not_to_be_present_takes_no_part() -> None:
    event = one_event("Xi en Poetin troffen elkaar dinsdag op een top in Astana, waar India niet aanwezig was.",
                      EventType.CONSULT, "nl")
    assert "IND" not in event.actors
    assert sorted(event.source_actors) == ["CHN", "RUS"]


def test_actor_who_did_not_attend_takes_no_part_in_english() -> None:
    event = one_event("Xi and Putin met on Tuesday at a summit that India did not attend.", EventType.CONSULT, "en")
    assert "IND" not in event.actors


def test_actor_present_stays() -> None:
    event = one_event("Xi en Poetin troffen elkaar dinsdag op een top, waar ook India aanwezig was.",
                      EventType.CONSULT, "nl")
    assert "IND" in event.actors


def test_actor_said_to_be_absent_takes_no_part() -> None:
    event = one_event("Xi and Putin held talks in Astana on Tuesday at a summit India stayed away from.",
                      EventType.CONSULT, "en")
    assert "IND" not in event.actors
    assert {"CHN", "RUS"} <= set(event.source_actors)  # only the one who stayed away is left out


def test_actors_joined_in_absence_are_all_left_out() -> None:
    event = one_event("Xi en Poetin troffen elkaar dinsdag in Astana, waar India en Japan niet aanwezig waren.",
                      EventType.CONSULT, "nl")
    assert not {"IND", "JPN"} & set(event.actors)
    assert sorted(event.source_actors) == ["CHN", "RUS"]


def test_absence_with_no_one_named_in_its_clause_leaves_everyone_in() -> None:
    event = one_event("Xi and Putin met in Astana on Tuesday, but the Indian delegation, which was not present, "
                      "objected.", EventType.CONSULT, "en")
    assert sorted(event.source_actors) == ["CHN", "RUS"]


# --------------------------------------------------------------------------- a known event's parties
def test_known_event_named_with_no_agent_takes_its_parties() -> None:
    event = one_event("In early February 2022 they declared a partnership with no limits.", EventType.AGREE, "en")
    assert event.known_event == "no_limits_partnership_2022"
    assert sorted(event.actors) == ["CHN", "RUS"]
    assert sorted(event.source_actors) == ["CHN", "RUS"]


def test_known_event_dated_by_another_takes_its_own_parties() -> None:
    event = one_event("Shortly before the Russian invasion of Ukraine they had declared a partnership with no limits.",
                      EventType.AGREE, "en")
    assert event.known_event == "no_limits_partnership_2022"
    assert sorted(event.actors) == ["CHN", "RUS"]  # not Ukraine, named in the date only
    assert sorted(event.source_actors) == ["CHN", "RUS"]


@pytest.mark.parametrize("text, language, source, target", [
    ("Vorige week werden twee Russische generaals door de EU op een sanctielijst geplaatst.", "nl", ["EU"], ["RUS"]),
    ("Vorige week werden twee Russische generaals op een sanctielijst geplaatst.", "nl", [], ["RUS"]),
    ("Three Chinese firms were blacklisted by Washington on Monday.", "en", ["USA"], ["CHN"]),
    ("Xi werd dinsdag in Moskou ontvangen door Poetin.", "nl", ["RUS"], ["CHN"]),
])
def test_the_passive_turns_the_roles(text: str, language: str, source: list[str], target: list[str]) -> None:
    [event] = events_of(text, published="2024-03-15", language=language)
    assert (event.source_actors, event.target_actors) == (source, target)


def test_a_passive_without_an_agent_names_whom_it_concerns() -> None:
    from core.parse.headlines import headline_of

    [event] = events_of("Vorige week werden twee Russische generaals op een sanctielijst geplaatst.",
                        published="2024-03-15", language="nl")
    assert headline_of(event, "en") == "Sanctions on Russia"
    assert headline_of(event, "nl") == "Sancties tegen Rusland"
