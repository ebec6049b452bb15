"""Triggers on lemmas: inflected, irregular and separable verb forms, support-verb
constructions, phrase alternatives, and two reports joined by a coordinator."""
from __future__ import annotations

import pytest

from core.models import EventType
from core.parse.language import detect_language, language_sample
from core.parse.lemmas import lemma, lemma_pattern, lemma_text
from core.parse.lexicon import PatternSet, fold, load_lexicon
from tests.test_parsing import events_of


def types_of(text: str, **kwargs) -> list[EventType]:
    return [e.type for e in events_of(text, **kwargs)]


def test_lemmas_of_irregular_and_separable_forms() -> None:
    assert lemma("sloot", "nl") == "sluiten"
    assert lemma("toegevoegd", "nl") == "toevoegen"  # simplemma's "toe_voegen", as one word
    assert lemma("vetoed", "en") == "veto"
    assert lemma("zzqx", "en") == "zzqx"            # unknown words stay
    assert lemma("sloot", "xx") == "sloot"          # so do the words of a language without lemmas


def test_lemma_text_maps_back_to_the_sentence() -> None:
    text = "Rusland sloot gisteren een akkoord."
    found = lemma_text(fold(text), "nl", text)
    assert found is not None and "sluiten" in found.text
    start = found.text.index("sluiten")
    assert text[slice(*found.original(start, start + len("sluiten")))] == "sloot"


def test_names_and_datelines_keep_their_form() -> None:
    text = "UNITED NATIONS -- The United States criticised the plan."
    found = lemma_text(fold(text), "en", text)
    assert found is not None and "unite " not in found.text and "criticise" in found.text


def test_pattern_words_after_a_gap_are_widened_to_their_lemma() -> None:
    assert lemma_pattern("relay ... regards", "en") == "relay ... regards|regard"
    assert lemma_pattern("patrolled", "en") == "patrolled"  # a verb form stays: the noun is "patrol"


def test_phrase_alternatives() -> None:
    patterns = PatternSet([("impose ... export_controls|tariffs", "x")])
    assert patterns.finditer("they impose new export controls") == [(5, 31, "x")]
    assert patterns.finditer("they impose new export rules") == []


@pytest.mark.parametrize("text, expected", [
    ("Rusland en China sloten gisteren een akkoord over gas.", EventType.AGREE),          # irregular past
    ("De EU voegde vorige week Chinese bedrijven toe aan de sanctielijst.", EventType.SANCTION),  # separable verb
    ("China kondigde gisteren een partnerschap met Rusland aan.", EventType.AGREE),
    ("Peking wees de beschuldigingen van Washington gisteren af.", EventType.REJECT),
    ("Moskou deed de Amerikaanse berichten over China af als leugens.", EventType.REJECT),
    ("China kant zich tegen de nieuwe sancties tegen Rusland.", EventType.REJECT),
    ("China stuurde gisteren gezanten naar Moskou voor overleg.", EventType.CONSULT),
    ("Rusland exporteerde vorig jaar meer olie naar China.", EventType.COOPERATE),
    ("India kocht gevechtsvliegtuigen van Rusland.", EventType.AID),
    ("Xi bracht gisteren een staatsbezoek aan Moskou.", EventType.CONSULT),
])
def test_dutch_constructions(text: str, expected: EventType) -> None:
    assert types_of(text, language="nl")[:1] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Russia vetoed a resolution on Ukraine at the UN on Friday.", EventType.REJECT),
    ("Russian troops are massing across the border with Ukraine.", EventType.MOBILIZE),
    ("Moscow and Beijing trumpeted a new gas deal on Tuesday.", EventType.AGREE),
    ("Russia sent troops into Ukraine in February.", EventType.ASSAULT),
    ("The United States added 42 entities in China to its export blacklist.", EventType.SANCTION),
    ("Mr Lavrov relayed Putin's warmest regards to Xi.", EventType.SUPPORT),
    ("China and Russia took part in joint drills on Monday.", EventType.MOBILIZE),
])
def test_english_constructions(text: str, expected: EventType) -> None:
    assert types_of(text, language="en")[:1] == [expected]


def test_a_lemma_only_word_does_not_match_its_homograph() -> None:
    assert types_of("Poetin prees de samenwerking met China.", language="nl") == [EventType.SUPPORT]
    assert EventType.SUPPORT not in types_of('"China wil lage prijzen", zegt een Russische expert.', language="nl")


def test_two_verbs_of_one_subject_are_two_reports() -> None:
    text = "China ontkende gisteren de beschuldigingen en beschuldigde de VS van inmenging."
    events = events_of(text, language="nl")
    assert [e.type for e in events] == [EventType.REJECT, EventType.ACCUSE]
    assert all("CHN" in e.source_actors for e in events)
    assert events[1].period == events[0].period  # the sentence's date holds for both
    # "Rusland en China": a coordinator between names is no second report
    assert types_of("Rusland en China ondertekenden gisteren een verdrag.", language="nl") == [EventType.AGREE]


def test_language_is_read_from_prose_not_page_noise() -> None:
    noise = "\n".join(["Nikkei", "+107.41 (+0.39%)", "Hang Seng", "-308.05 (-1.40%)", "FTSE Bursa Malaysia"] * 8)
    text = noise + "\n\nPresident Vladimir Putin met China's president on Tuesday in a diplomatic boost for Russia."
    assert language_sample(text).startswith("President Vladimir Putin")
    assert detect_language(text) == "en"


def test_every_trigger_pattern_compiles_and_the_lexicons_are_broad() -> None:
    for code in ("nl", "en"):
        lex = load_lexicon(code)
        assert lex.lemma_triggers is not None and len(lex.lemma_triggers.items) >= 300


def test_a_light_verb_yields_to_the_noun_it_talks_about() -> None:
    # "sprak over een partnerschap": the partnership is the news, not a conversation
    assert types_of("Poetin sprak gisteren met Xi over een nieuw partnerschap.", language="nl")[:1] == [EventType.CONSULT]
    assert types_of("Poetin sprak gisteren over een nieuw partnerschap van China en Rusland.",
                    language="nl") == [EventType.AGREE]
    # "relations are excellent" yields to a real verb in the same clause
    assert types_of("Price zei dat de nauwe relatie tussen China en Rusland de veiligheid ondermijnt.",
                    language="nl") == [EventType.ACCUSE]


def test_a_negation_inside_a_pattern_gap_negates_it() -> None:
    assert EventType.AID not in types_of("China levert ook geen wapens aan Rusland.", language="nl")
    # a pattern that says "no" itself still counts
    assert types_of("Russia said US sanctions pose no threat to its arms contracts with China.",
                    language="en")[:1] == [EventType.REJECT]


def test_prepositions_made_of_verbs_keep_their_form() -> None:
    text = "Chinese banks tightened checks on payments from Russia, according to importers."
    assert EventType.AGREE not in types_of(text, language="en")  # "according" is no "accord"


def test_a_verb_in_a_subordinate_clause_yields_to_the_main_verb() -> None:
    text = "Nadat de resolutie was geblokkeerd, riepen Rusland en China op tot een staakt-het-vuren."
    assert types_of(text, language="nl")[:1] == [EventType.REQUEST]
    text = "If Washington imposes sanctions, Beijing will retaliate, China warned on Monday."
    assert types_of(text, language="en")[:1] == [EventType.THREATEN]


def test_a_backdrop_clause_with_its_own_verb_is_a_report_of_its_own() -> None:
    events = events_of("It is the first visit of Putin to China since Russia invaded Ukraine in February 2022.",
                       published="2023-10-17", language="en")
    assert [e.type for e in events] == [EventType.CONSULT, EventType.ASSAULT]
    assert str(events[1].period.start)[:7] == "2022-02" and str(events[0].period.start) == "2023-10-17"


def test_coordinated_infinitives_of_one_request_are_one_report() -> None:
    text = "The G7 on Saturday urged China to press Russia to stop its aggression and withdraw its troops."
    assert types_of(text, published="2023-05-20", language="en") == [EventType.REQUEST]


def test_the_commonest_words_tell_dutch_from_english_without_the_detector() -> None:
    from core.parse.language import _by_common_words

    assert _by_common_words("De minister heeft gisteren in Peking zijn collega ontmoet en het was een goed gesprek.") == "nl"
    assert _by_common_words("The minister met his counterpart in Beijing on Tuesday and it was a good meeting.") == "en"
    # German or French: not sure, the detector decides (and says so)
    assert _by_common_words("Der Minister hat am Dienstag seinen Amtskollegen in Peking getroffen.") is None
    assert detect_language("Le ministre a rencontré mardi son homologue à Pékin pour parler de la coopération.") == "fr"


def test_a_name_between_the_coordinator_and_the_verb_starts_a_report_of_its_own() -> None:
    text = "The talks were to discuss North Korea, and Trump urged China to end the nonsense."
    assert types_of(text, published="2017-07-04", language="en") == [EventType.CONSULT, EventType.REQUEST]


def test_a_comma_coordinator_and_a_date_of_its_own_start_a_second_report() -> None:
    text = ("In March 2019 Moscow and Beijing agreed on a new pipeline, and in May 2021 the state firms "
            "signed the supply contract.")
    events = events_of(text, published="2021-06-01", language="en")
    assert [(e.type, str(e.period.start)[:7]) for e in events] == [(EventType.AGREE, "2019-03"),
                                                                  (EventType.AGREE, "2021-05")]
    text = "In 2016 sloten Rusland en China een wapencontract, en in 2018 leverde Moskou de eerste raketten."
    events = events_of(text, published="2019-01-10", language="nl")
    assert [(e.type, str(e.period.start)[:4]) for e in events] == [(EventType.AGREE, "2016"), (EventType.AID, "2018")]
    # without the comma, or without a trigger after the date, one report
    text = "Moscow and Beijing agreed on a pipeline in March 2019 and in May 2021."
    assert len(events_of(text, published="2021-06-01", language="en")) == 1


def test_a_pronoun_and_auxiliary_after_the_coordinator_start_a_second_report() -> None:
    # the denial needs a word of speech ("insisted") and its speaker; the defence is a report of its own
    text = "China insisted that it does not supply arms to Moscow, and it has praised its trade with Russia."
    events = events_of(text, published="2024-10-17", language="en")
    assert [e.type for e in events] == [EventType.REJECT, EventType.SUPPORT]
    assert events[0].source_actors == ["CHN"]


def test_an_adverb_after_the_coordinator_may_open_a_second_report() -> None:
    text = "Moskou en Pyongyang hebben de banden aangehaald en naar verluidt levert Noord-Korea granaten aan Rusland."
    events = events_of(text, published="2024-05-15", language="nl")
    assert [(e.type, e.modality) for e in events] == [(EventType.COOPERATE, "actual"), (EventType.AID, "alleged")]


def test_a_sentence_opening_als_is_a_condition_only_where_a_comma_closes_it() -> None:
    assert types_of("Als tegenprestatie leverde Rusland in mei nieuwe raketten aan Iran.", published="2022-08-01",
                    language="nl") == [EventType.AID]
    assert types_of("Als Rusland nieuwe raketten aan Iran levert, zal Japan reageren.", published="2022-08-01",
                    language="nl") == []
    # a condition opening a quote
    assert types_of("“If China sells arms to Russia, we will not accept it,” Baerbock said.", published="2022-08-01",
                    language="en") == []


def test_of_two_triggers_at_one_word_the_one_naming_more_words_wins() -> None:
    # "spraken … met" would reach over the particle to a later "met": "spraken af … te" says more
    text = "Lavrov en Wang spraken af hun samenwerking te versterken en met een stem te spreken."
    assert types_of(text, published="2022-03-31", language="nl")[:1] == [EventType.AGREE]
    # as many words, but "sprak … met" reaches over "dat" into the next clause
    text = "Moskou sprak dinsdag nadrukkelijk tegen dat met Iran wordt onderhandeld over wapens."
    assert types_of(text, published="2022-03-31", language="nl")[:1] == [EventType.REJECT]


def test_a_date_in_the_possessive_is_the_next_nouns() -> None:
    text = "Russia vetoed a resolution condemning today's referendum in Crimea at a meeting of the council yesterday."
    [event] = events_of(text, published="2014-03-16", language="en")
    assert event.type is EventType.REJECT and str(event.period.start) == "2014-03-15"


# One sentence per PLOVER type and construction, in both languages (written for these tests).
TYPE_CASES = [
    ("en", "Russia and China held joint naval drills in the Sea of Japan on Monday.", "MOBILIZE"),
    ("en", "Beijing slapped sanctions on two US defence firms over arms sales to Taiwan.", "SANCTION"),
    ("en", "Moscow expelled two Chinese diplomats on Friday.", "SANCTION"),
    ("en", "China condemned the new US tariffs on Russian steel.", "ACCUSE"),
    ("en", "Putin hosted Xi at the Kremlin for two days of talks.", "CONSULT"),
    ("en", "Xi received Lavrov in Beijing on Tuesday.", "CONSULT"),
    ("en", "Russia pledged to boost gas supplies to China.", "AGREE"),
    ("en", "The EU imposed its 14th sanctions package on Russia, targeting Chinese firms.", "SANCTION"),
    ("en", "Russia accused Washington of stoking tensions in Asia.", "ACCUSE"),
    ("en", "China denied supplying weapons to Russia.", "REJECT"),
    ("en", "China's foreign ministry rejected the accusation as groundless.", "REJECT"),
    ("en", "Russian troops seized a Chinese fishing boat off Sakhalin.", "COERCE"),
    ("en", "Chinese and Russian warships sailed together near Alaska.", "MOBILIZE"),
    ("en", "Putin thanked Xi for his balanced position on Ukraine.", "SUPPORT"),
    ("en", "China called on Russia and Ukraine to resume peace talks.", "REQUEST"),
    ("en", "The US warned China of consequences if it arms Russia.", "THREATEN"),
    ("en", "Kazakhstan joined the Chinese-Russian exercise.", "MOBILIZE"),
    ("en", "Russia and China vetoed a UN resolution on Myanmar.", "REJECT"),
    ("en", "Beijing and Moscow launched a joint lunar research station project.", "COOPERATE"),
    ("en", "Chinese exports to Russia surged 60 percent last year.", "COOPERATE"),
    ("en", "Russia shipped record volumes of LNG to China in March.", "COOPERATE"),
    ("en", "North Korea sent troops to Russia, according to Seoul.", "MOBILIZE"),
    ("en", "China and Russia signed a roadmap for military cooperation.", "AGREE"),
    ("en", "Lavrov praised China's peace plan.", "SUPPORT"),
    ("nl", "Rusland en China hielden maandag een gezamenlijke marineoefening in de Japanse Zee.", "MOBILIZE"),
    ("nl", "Peking legde sancties op aan twee Amerikaanse defensiebedrijven.", "SANCTION"),
    ("nl", "Moskou wees vrijdag twee Chinese diplomaten uit.", "SANCTION"),
    ("nl", "China veroordeelde de nieuwe Amerikaanse heffingen op Russisch staal.", "ACCUSE"),
    ("nl", "Poetin ontving Xi in het Kremlin voor twee dagen overleg.", "CONSULT"),
    ("nl", "Rusland beloofde meer gas aan China te leveren.", "AGREE"),
    ("nl", "China ontkende wapens aan Rusland te leveren.", "REJECT"),
    ("nl", "Chinese en Russische oorlogsschepen voeren samen nabij Alaska.", "MOBILIZE"),
    ("nl", "Poetin bedankte Xi voor zijn evenwichtige houding over Oekraïne.", "SUPPORT"),
    ("nl", "China riep Rusland en Oekraïne op de vredesbesprekingen te hervatten.", "REQUEST"),
    ("nl", "De VS waarschuwden China voor gevolgen als het Rusland bewapent.", "THREATEN"),
    ("nl", "Rusland en China spraken hun veto uit over een VN-resolutie.", "REJECT"),
    ("nl", "De Chinese export naar Rusland steeg vorig jaar met 60 procent.", "COOPERATE"),
    ("nl", "Noord-Korea stuurde troepen naar Rusland, volgens Seoul.", "MOBILIZE"),
    ("nl", "China en Rusland ondertekenden een routekaart voor militaire samenwerking.", "AGREE"),
    ("nl", "Lavrov prees het Chinese vredesplan.", "SUPPORT"),
    ("nl", "Rusland beschuldigde Washington van het aanwakkeren van spanningen in Azië.", "ACCUSE"),
    ("nl", "China wees de beschuldiging af als ongegrond.", "REJECT"),
    ("nl", "Russische militairen namen een Chinese vissersboot in beslag.", "COERCE"),
    ("nl", "Kazachstan sloot zich aan bij de Chinees-Russische oefening.", "MOBILIZE"),
    ("nl", "Xi ontving Lavrov dinsdag in Peking.", "CONSULT"),
    ("nl", "Peking en Moskou lanceerden een gezamenlijk maanonderzoeksproject.", "COOPERATE"),
    ("en", "Russia and China clinched a major gas deal on Wednesday.", "AGREE"),
    ("en", "Beijing lambasted Washington over its new sanctions on Russia.", "ACCUSE"),
    ("en", "China hit out at NATO for its remarks on Russia.", "ACCUSE"),
    ("en", "Moscow brushed aside Western criticism of its ties with Beijing.", "REJECT"),
    ("en", "Xi vowed to deepen the partnership with Russia.", "AGREE"),
    ("en", "China is weighing sending lethal aid to Russia, Blinken said.", "AID"),
    ("en", "Japan summoned the Chinese ambassador over the joint bomber flight.", "ACCUSE"),
    ("en", "Russia detained a Chinese national on spying charges.", "COERCE"),
    ("en", "Japanese jets intercepted Chinese and Russian bombers over the Sea of Japan.", "MOBILIZE"),
    ("en", "China suspended imports of Russian wheat.", "SANCTION"),
    ("en", "The Kremlin welcomed China's peace proposal.", "SUPPORT"),
    ("en", "Putin and Xi spoke by phone on Friday.", "CONSULT"),
    ("en", "China offered to mediate between Russia and Ukraine.", "AGREE"),
    ("en", "The US blacklisted dozens of Chinese companies for helping Russia's military.", "SANCTION"),
    ("en", "Russian bombers and Chinese warplanes buzzed South Korea's air defence zone.", "MOBILIZE"),
    ("en", "Beijing dismissed the report as fake news.", "REJECT"),
    ("en", "China urged restraint from all sides.", "REQUEST"),
    ("en", "Russia threatened to retaliate against Japan.", "THREATEN"),
    ("en", "Thousands protested in Moscow against the war.", "PROTEST"),
    ("nl", "Biden liet weten niet tevreden te zijn over het Russische optreden.", "ACCUSE"),
    ("nl", "Peking verweet Washington zich te bemoeien met de Russische verkiezingen.", "ACCUSE"),
    ("nl", "De G7 noemde China de grootste mogelijkmaker van de Russische oorlog.", "ACCUSE"),
    ("nl", "Polen spreekt van doelbewuste sabotage door Rusland.", "ACCUSE"),
    ("nl", "\"Onze Russische vrienden kunnen op ons rekenen\", aldus Wang.", "SUPPORT"),
    ("nl", "Lavrov zei dat de relatie met Peking bestand is tegen elke druk van buitenaf.", "SUPPORT"),
    ("nl", "Xi en Poetin hebben elkaar vaak als beste vrienden bestempeld.", "SUPPORT"),
    ("nl", "Lavrov was in april voor het laatst in Peking.", "CONSULT"),
    ("nl", "China en Rusland dienden vrijdag een eigen ontwerpresolutie in over Jemen.", "REQUEST"),
    ("nl", "Daarop volgde een Russisch tegenvoorstel voor een eigen onderzoek.", "REJECT"),
    ("nl", "Poetin zei samen met China een nieuwe wereldorde te willen bouwen.", "COOPERATE"),
    ("nl", "Wang noemde Moskou en Peking onmisbaar voor de veiligheid in Azië.", "SUPPORT"),
    ("nl", "De handel tussen Rusland en China bereikte vorig jaar een recordhoogte.", "COOPERATE"),
    ("nl", "Moskou verdedigde het Chinese standpunt over Taiwan.", "SUPPORT"),
    ("nl", "Doordat de VS sancties oplegden, zocht China toenadering tot Rusland.", "COOPERATE"),
    ("nl", "Rusland en China bezegelden woensdag een grote gasdeal.", "AGREE"),
    ("nl", "Peking haalde fel uit naar Washington om de nieuwe sancties.", "ACCUSE"),
    ("nl", "Moskou wuifde de westerse kritiek op de banden met Peking weg.", "REJECT"),
    ("nl", "Xi zegde Poetin steun toe in het conflict.", "SUPPORT"),
    ("nl", "Japan ontbood de Chinese ambassadeur vanwege de gezamenlijke vlucht.", "ACCUSE"),
    ("nl", "Rusland hield een Chinese staatsburger aan op verdenking van spionage.", "COERCE"),
    ("nl", "China schortte de invoer van Russisch graan op.", "SANCTION"),
    ("nl", "Het Kremlin verwelkomde het Chinese vredesplan.", "SUPPORT"),
    ("nl", "Poetin en Xi spraken vrijdag telefonisch met elkaar.", "CONSULT"),
    ("nl", "China bood aan te bemiddelen tussen Rusland en Oekraïne.", "AGREE"),
    ("nl", "De VS zetten tientallen Chinese bedrijven op de zwarte lijst.", "SANCTION"),
    ("nl", "Peking deed het bericht af als nepnieuws.", "REJECT"),
    ("nl", "China drong aan op terughoudendheid van alle partijen.", "REQUEST"),
    ("nl", "Rusland dreigde met vergelding tegen Japan.", "THREATEN"),
    ("nl", "Duizenden mensen demonstreerden in Moskou tegen de oorlog.", "PROTEST"),
    ("nl", "Japanse straaljagers onderschepten Chinese en Russische bommenwerpers.", "MOBILIZE"),
    ("nl", "China overweegt dodelijke wapens aan Rusland te leveren, zei Blinken.", "AID"),
    ("nl", "Rusland en China voerden gezamenlijke luchtpatrouilles uit boven de Japanse Zee.", "MOBILIZE"),
    ("nl", "Rusland verdubbelde de olie-export naar China.", "COOPERATE"),
    ("nl", "China kondigde strafmaatregelen aan tegen Amerikaanse wapenfabrikanten.", "SANCTION"),
    ("en", "Chinese Defence Minister Dong Jun met his Russian counterpart Andrei Belousov in Beijing.", "CONSULT"),
    ("en", "Russia and China agreed to settle more trade in yuan and roubles.", "AGREE"),
    ("en", "Beijing has stepped up purchases of Russian crude since the invasion.", "COOPERATE"),
    ("en", "The Pentagon said Chinese firms shipped drone parts to Russia.", "AID"),
    ("en", "China warned the Philippines against provoking tensions.", "THREATEN"),
    ("en", "Moscow recognised the independence of the two breakaway regions.", "SUPPORT"),
    ("en", "Russian forces shelled Kharkiv overnight.", "ASSAULT"),
    ("en", "Xi and Putin issued a joint statement criticising the US.", "AGREE"),
    ("en", "Britain sanctioned three Chinese entities over support for Russia.", "SANCTION"),
    ("en", "China abstained in the vote on the resolution.", "REJECT"),
    ("en", "Chinese and Russian coast guards conducted their first joint patrol in the Arctic.", "MOBILIZE"),
    ("en", "Russia's parliament ratified the treaty with North Korea.", "AGREE"),
    ("en", "Beijing criticised the G7 statement as interference in its internal affairs.", "ACCUSE"),
    ("nl", "De Chinese minister van Defensie Dong Jun ontmoette zijn Russische ambtgenoot in Peking.", "CONSULT"),
    ("nl", "Rusland en China kwamen overeen meer handel in yuan en roebels af te rekenen.", "AGREE"),
    ("nl", "Het Pentagon zei dat Chinese bedrijven dronecomponenten naar Rusland verscheepten.", "AID"),
    ("nl", "China waarschuwde de Filipijnen geen spanningen uit te lokken.", "THREATEN"),
    ("nl", "Russische troepen beschoten 's nachts Charkiv.", "ASSAULT"),
    ("nl", "Xi en Poetin brachten een gezamenlijke verklaring uit waarin zij de VS bekritiseren.", "AGREE"),
    ("nl", "Groot-Brittannië legde drie Chinese bedrijven sancties op vanwege steun aan Rusland.", "SANCTION"),
    ("nl", "China onthield zich bij de stemming over de resolutie.", "REJECT"),
    ("nl", "Het Russische parlement ratificeerde het verdrag met Noord-Korea.", "AGREE"),
    ("nl", "Peking bekritiseerde de G7-verklaring als inmenging in binnenlandse aangelegenheden.", "ACCUSE"),
    ("nl", "Rusland erkende de onafhankelijkheid van de twee afgescheiden regio's.", "SUPPORT"),
    ("en", "Sanctions were imposed on five Chinese companies by the US Treasury on Friday.", "SANCTION"),
    ("en", "A supply deal was signed between Rosneft and CNPC in Beijing.", "AGREE"),
    ("en", "Talks were held in Moscow between Lavrov and Wang Yi on Monday.", "CONSULT"),
    ("en", "The Chinese and Russian navies began a week-long exercise near Vladivostok.", "MOBILIZE"),
    ("en", "Moscow and Beijing have pledged to cooperate in the Arctic.", "AGREE"),
    ("en", "China has been accused by the US of helping Russia evade sanctions.", "ACCUSE"),
    ("en", "Putin is expected to visit Beijing in May.", "CONSULT"),
    ("en", "Chinese envoy Li Hui travelled to Moscow for consultations on Ukraine.", "CONSULT"),
    ("en", "The G7 condemned China's support for Russia's war machine.", "ACCUSE"),
    ("en", "Beijing vowed countermeasures after Washington added Chinese firms to its export blacklist.", "THREATEN"),
    ("en", "Russia handed over two captured Chinese fighters to Beijing.", "CONCEDE"),
    ("nl", "Er werden vrijdag sancties opgelegd aan vijf Chinese bedrijven.", "SANCTION"),
    ("nl", "Er werd in Peking een leveringscontract getekend tussen Rosneft en CNPC.", "AGREE"),
    ("nl", "In Moskou werd maandag overlegd tussen Lavrov en Wang Yi.", "CONSULT"),
    ("nl", "De Chinese en Russische marine begonnen een week durende oefening bij Vladivostok.", "MOBILIZE"),
    ("nl", "Moskou en Peking hebben toegezegd samen te werken in het noordpoolgebied.", "AGREE"),
    ("nl", "China wordt door de VS ervan beschuldigd Rusland te helpen sancties te omzeilen.", "ACCUSE"),
    ("nl", "Het Russische verzoek om Chinese drones werd door Peking afgewezen.", "REJECT"),
    ("nl", "Poetin zal naar verwachting in mei Peking bezoeken.", "CONSULT"),
    ("nl", "De Chinese gezant Li Hui reisde naar Moskou voor overleg over Oekraïne.", "CONSULT"),
    ("nl", "De G7 veroordeelde de Chinese steun aan de Russische oorlogsmachine.", "ACCUSE"),
    ("nl", "Brussel vermoedt dat Chinese firma's het Russische leger aan chips helpen.", "ACCUSE"),
    ("nl", "Rusland draaide vorige week de gaskraan naar Polen dicht.", "COERCE"),
    ("nl", "Rusland vuurde dinsdag raketten af op Kyiv.", "ASSAULT"),
    ("nl", "China en Rusland willen samen de Arctische zeeroute ontwikkelen.", "COOPERATE"),
    ("nl", "Chinese soldaten marcheerden mee in de parade op het Rode Plein.", "MOBILIZE"),
    ("nl", "Russische bommenwerpers schonden het luchtruim van Japan.", "MOBILIZE"),
    ("nl", "Zuid-Korea loste waarschuwingsschoten op het Russische toestel.", "THREATEN"),
    ("nl", "Peking verscheepte onderdelen naar Moskou.", "AID"),
    ("nl", "Noord-Korea stuurde artilleriegranaten naar Rusland.", "AID"),
    ("nl", "China en Rusland breidden vorig jaar de handel uit.", "COOPERATE"),
    ("nl", "Rusland voerde meer olie uit naar China.", "COOPERATE"),
    ("nl", "Het Chinese ministerie noemde het Amerikaanse rapport bevooroordeeld.", "ACCUSE"),
    ("nl", "Kyiv vroeg China zijn invloed op Moskou te gebruiken.", "REQUEST"),
    ("nl", "Rusland verzamelde troepen bij de grens met Oekraïne.", "MOBILIZE"),
    ("nl", "China hield een Russische zakenman vast.", "COERCE"),
    ("nl", "Een Russische drone trof een raffinaderij in Oekraïne.", "ASSAULT"),
    ("en", "Lavrov said the new sanctions were illegal.", "ACCUSE"),
    ("en", "The Kremlin said reports of a visit by Xi were untrue.", "REJECT"),
    ("en", "The Chinese embassy declined to comment on the report.", "REJECT"),
    ("en", "China became the top buyer of Russian crude last year.", "COOPERATE"),
    ("en", "Russia moved nuclear weapons to Belarus.", "MOBILIZE"),
    ("en", "China put its troops on high alert.", "MOBILIZE"),
    ("en", "China vowed to retaliate against the US sanctions.", "THREATEN"),
    ("en", "Russian troops killed civilians in Bucha.", "ASSAULT"),
    ("nl", "Het Chinese ministerie wilde niet reageren op het bericht over Rusland.", "REJECT"),
    ("nl", "Het Kremlin noemde het bericht over een bezoek van Xi onwaar.", "REJECT"),
    ("nl", "China werd vorig jaar de grootste afnemer van Russische olie.", "COOPERATE"),
    ("nl", "Rusland verplaatste kernwapens naar Wit-Rusland.", "MOBILIZE"),
    ("nl", "Peking zwoer terug te slaan tegen de Amerikaanse sancties.", "THREATEN"),
    ("nl", "Russische soldaten doodden burgers in Boetsja.", "ASSAULT"),
    ("nl", "Op de top hebben de lidstaten zich hard uitgesproken over de Chinese steun aan Rusland.", "ACCUSE"),
    ("nl", "Trump zei dat Xi en Poetin samenzweren tegen Amerika.", "ACCUSE"),
    ("nl", "De ministers van China en Rusland spraken af hun samenwerking te versterken.", "AGREE"),
    ("en", "The US president said Washington was ready to use force if China attacked the island.", "THREATEN"),
    ("en", "Xi told Putin that China stood alongside Russia.", "SUPPORT"),
    ("en", "Beijing proposed joint efforts with Moscow in the Arctic.", "COOPERATE"),
    ("en", "Chinese and Russian officials agreed ties could grow further this year.", "AGREE"),
    ("en", "The US envoy said Russia's abuse of the veto was shameful.", "ACCUSE"),
    ("en", "The Russian and Chinese navies will practise joint anti-submarine operations.", "MOBILIZE"),
    ("en", "Xi welcomed his Russian counterpart at the airport.", "CONSULT"),
    ("nl", "China maant Rusland en Oekraïne tot kalmte.", "REQUEST"),
    ("nl", "China zei de uitslag van het referendum in de Donbas niet te erkennen.", "REJECT"),
    ("nl", "Peking erkent de annexatie door Rusland niet.", "REJECT"),
    ("nl", "Xi verwelkomde zondag zijn Russische ambtgenoot in Tianjin.", "CONSULT"),
    ("en", "Chinese refiners halted purchases of Russian crude after the new sanctions.", "RETREAT"),
    ("en", "Moscow quit the joint space project in January.", "RETREAT"),
    ("en", "Putin brought in troops from North Korea to fight in Kursk.", "MOBILIZE"),
    ("en", "Beijing called the American plan an attempt at interference.", "ACCUSE"),
    ("en", "Zelensky condemned what he called the silence of China on the attacks.", "ACCUSE"),
    ("nl", "Chinese raffinaderijen stopten de aankoop van Russische olie.", "RETREAT"),
    ("nl", "De Commissie wil zeven Chinese bedrijven sanctioneren.", "SANCTION"),
    ("nl", "Het Pentagon sloeg dinsdag alarm over de Chinese steun aan Rusland.", "ACCUSE"),
    ("en", "The Pentagon sounded the alarm over Chinese help to Russia.", "ACCUSE"),
    ("en", "Russia cut off gas supplies to Europe.", "COERCE"),
    ("en", "Russia launched missiles at Kyiv on Monday.", "ASSAULT"),
    ("en", "North Korea provided artillery shells to Russia.", "AID"),
    ("en", "China and Russia will jointly develop the Arctic shipping route.", "COOPERATE"),
    ("en", "Chinese troops marched in the Moscow parade.", "MOBILIZE"),
    ("nl", "Peking kondigde tegenmaatregelen aan nadat Washington Chinese bedrijven op de zwarte lijst zette.", "THREATEN"),
    ("nl", "Rusland droeg twee gevangengenomen Chinese strijders over aan Peking.", "CONCEDE"),
    ("nl", "Poetin en Xi hebben dinsdag met elkaar gebeld.", "CONSULT"),
    ("nl", "China heeft Rusland gesteund in de VN-Veiligheidsraad.", "SUPPORT"),
    ("nl", "Nederland heeft de Russische ambassadeur ontboden.", "ACCUSE"),
    ("nl", "De Russische ambassadeur werd op het matje geroepen door Nederland.", "ACCUSE"),
    ("nl", "Peking reageerde woedend op de Amerikaanse sancties tegen Chinese bedrijven.", "ACCUSE"),
    ("nl", "Rusland sprak zijn steun uit voor het Chinese standpunt over Taiwan.", "SUPPORT"),
    ("nl", "China stemde in met een grotere levering van Russisch gas.", "AGREE"),
    ("nl", "De EU verlengde de sancties tegen Rusland met zes maanden.", "SANCTION"),
    ("nl", "Rusland en China gaan samen een maanbasis bouwen.", "COOPERATE"),
    ("nl", "China nam deel aan de militaire oefening Vostok in Rusland.", "MOBILIZE"),
    ("nl", "De VS legden visumbeperkingen op aan Chinese functionarissen.", "SANCTION"),
    ("nl", "Peking hekelde de uitbreiding van de NAVO richting Rusland.", "ACCUSE"),
    ("nl", "Rusland hield grootschalige militaire manoeuvres bij de grens met China.", "MOBILIZE"),
    ("nl", "Xi ontving Poetin met alle egards in Peking.", "CONSULT"),
    ("nl", "Rusland zegde China extra olieleveringen toe.", "AGREE"),
    ("nl", "China stuurde een gezant naar Kyiv en Moskou.", "CONSULT"),
    ("nl", "De Russische minister Lavrov bracht een bezoek aan Noord-Korea.", "CONSULT"),
    ("nl", "China blokkeerde samen met Rusland een resolutie over Noord-Korea.", "REJECT"),
    ("en", "Putin and Xi talked by phone on Tuesday.", "CONSULT"),
    ("en", "China backed Russia at the UN Security Council.", "SUPPORT"),
    ("en", "The Netherlands summoned the Russian ambassador.", "ACCUSE"),
    ("en", "Beijing reacted angrily to the new US sanctions on Chinese firms.", "ACCUSE"),
    ("en", "Russia voiced support for China's position on Taiwan.", "SUPPORT"),
    ("en", "The EU extended its sanctions on Russia by six months.", "SANCTION"),
    ("en", "Russia and China will build a lunar base together.", "COOPERATE"),
    ("en", "China took part in the Vostok military exercise in Russia.", "MOBILIZE"),
    ("en", "The US imposed visa restrictions on Chinese officials.", "SANCTION"),
    ("en", "Beijing decried NATO's expansion towards Russia.", "ACCUSE"),
    ("en", "China sent an envoy to Kyiv and Moscow.", "CONSULT"),
    ("en", "Lavrov paid a visit to North Korea.", "CONSULT"),
    # added with the fourth round of real-news rules (sentences written for these tests)
    ("en", "Washington said Beijing should have known who bought the chips.", "ACCUSE"),
    ("en", "Kyiv says Chinese firms are implicated in the drone attacks.", "ACCUSE"),
    ("en", "The EU says it has evidence that a Chinese plant builds drones for Russia.", "ACCUSE"),
    ("en", "Beijing said it was not aware of any such shipments to Russia.", "REJECT"),
    ("en", "The Kremlin said it is not true that Xi turned down Putin's invitation.", "REJECT"),
    ("en", "The Treasury also targeted twelve firms in Hong Kong that shipped chips to Russia.", "SANCTION"),
    ("en", "Brussels sought clarification from Beijing about the drone factory.", "REQUEST"),
    ("en", "Putin expressed his gratitude to Xi for the support.", "SUPPORT"),
    ("en", "Russian gas began flowing to China through the new pipeline.", "COOPERATE"),
    ("en", "Moscow warned that Tokyo can expect a firm response.", "THREATEN"),
    ("nl", "Washington vindt dat Peking had moeten weten waar de chips terechtkwamen.", "ACCUSE"),
    ("nl", "Brussel meent aanwijzingen te hebben dat Chinese fabrieken drones voor Rusland bouwen.", "ACCUSE"),
    ("nl", "Peking zei niet bekend te zijn met de leveringen aan Rusland.", "REJECT"),
    ("nl", "Moskou noemt het niet waar dat Peking een bezoek van Lavrov heeft afgezegd.", "REJECT"),
    ("nl", "De EU gaat vragen stellen aan China over de dronefabriek.", "REQUEST"),
    ("nl", "Den Haag eist opheldering van Moskou over de cyberaanval.", "REQUEST"),
    ("nl", "De Chinese minister trok vorige week naar Moskou.", "CONSULT"),
    ("nl", "Rusland zet in Oekraïne ook raketten uit Noord-Korea in.", "ASSAULT"),
    ("nl", "Sinds december stroomt Russisch gas via de nieuwe leiding naar China.", "COOPERATE"),
    ("nl", "Drie Russische bommenwerpers betraden de Japanse identificatiezone.", "MOBILIZE"),
    ("nl", "Moskou liet weten dat Tokio een krachtig antwoord mag verwachten.", "THREATEN"),
    ("nl", "Als tegenprestatie sprak Rusland zijn veto uit over de resolutie van Japan.", "REJECT"),
    ("nl", "Volgens de NAVO levert China machines en andere middelen aan Russische fabrieken.", "AID"),
    ("nl", "Kyiv zegt dat Chinees geld ervoor zorgt dat Rusland de oorlog kan volhouden.", "ACCUSE"),
    ("en", "Chinese firms supplied machinery and other goods to Russian arms plants.", "AID"),
    ("en", "Beijing told reporters it did not know the details of any arms shipments to Russia.", "REJECT"),
    ("nl", "Brussel zegt dat er gevolgen aan verbonden zullen worden als China wapens aan Rusland levert.", "THREATEN"),
    ("en", "Moscow said new sanctions against Pyongyang would be counterproductive.", "REJECT"),
    ("nl", "Den Haag zegt signalen te hebben ontvangen dat China drones aan Rusland levert.", "ACCUSE"),
    ("en", "The Treasury targeted networks of suppliers that ship chips to Russia.", "SANCTION"),
    ("nl", "Peking reageerde koel op het Oekraïense vredesplan.", "REJECT"),
    ("nl", "Rusland kneep vorig jaar de gastoevoer naar Moldavië af.", "COERCE"),
    ("en", "Tokyo stated it would respond by closing its ports to Russian ships.", "THREATEN"),
    ("nl", "Volgens de NAVO verspreidt Moskou leugens over de oorlog.", "ACCUSE"),
    ("nl", "Het Kremlin meldde dat Xi maandagmiddag in Moskou aankwam.", "CONSULT"),
    # a warning that something poses a danger is criticism; one of consequences a threat
    ("en", "The minister warned that Beijing's help to Moscow is posing a danger to Europe.", "ACCUSE"),
    ("en", "Washington warned Beijing that it would face consequences if it armed Russia.", "THREATEN"),
    ("nl", "Stoltenberg waarschuwde dat de Chinese steun aan Rusland een gevaar vormt voor Europa.", "ACCUSE"),
    ("en", "The Commerce Department added eleven Chinese companies to its export blacklist.", "SANCTION"),
    ("en", "Beijing said it would react firmly if Washington sent more arms to Taiwan.", "THREATEN"),
    ("nl", "Peking werd in 2023 voor Moskou de grootste afnemer van olie, en is zo de belangrijkste handelspartner geworden.", "COOPERATE"),
    ("nl", "Lavrov en Wang hebben gisteren urenlang gepraat over de oorlog.", "CONSULT"),
    ("nl", "Xi ging vorige maand bij Poetin langs in Moskou.", "CONSULT"),
    ("nl", "Moskou en Peking hebben hun handelsakkoord met tien jaar verlengd.", "AGREE"),
    ("nl", "Lavrov en Wang zijn het dinsdag eens geworden over een nieuwe route.", "AGREE"),
    ("nl", "Oekraïense troepen vochten in Donetsk tegen Russische soldaten.", "ASSAULT"),
    ("nl", "Kyiv maakte de gevangenneming van twee Chinese strijders bekend.", "COERCE"),
    ("nl", "Het Chinese plan wil sancties tegengaan die de VN niet hebben goedgekeurd.", "REJECT"),
    ("nl", "Drie Chinese bedrijven krijgen sancties van de EU vanwege leveringen aan Rusland.", "SANCTION"),
    ("en", "Two Chinese shipping firms are facing new EU sanctions over deliveries to Russia.", "SANCTION"),
    ("en", "Sinopec has suspended negotiations with Gazprom on a new plant.", "REJECT"),
    ("en", "Beijing summoned executives of its oil majors to discuss their Russian business.", "CONSULT"),
    ("en", "Ukrainian forces captured two Chinese nationals fighting for Russia.", "COERCE"),
    ("en", "Xi and Putin had a long phone call on Friday.", "CONSULT"),
]


@pytest.mark.parametrize("language, text, expected", TYPE_CASES)
def test_each_type_in_both_languages(language: str, text: str, expected: str) -> None:
    assert [t.value for t in types_of(text, published="2024-03-15", language=language)][:1] == [expected]


@pytest.mark.parametrize("language, text", [
    ("en", "China is Russia's largest trading partner."),
    ("en", "The Kremlin is located in the centre of Moscow."),
    ("nl", "China is de grootste handelspartner van Rusland."),
    ("nl", "Het Kremlin ligt in het centrum van Moskou."),
    ("nl", "Het was de eerste buitenlandse reis van de Chinese president in drie jaar."),
    ("en", "The Russian draft received four votes in favor at the Security Council on Friday."),
    ("en", "Beijing wants to promote dialogue between the two sides."),
    ("en", "Russia charges Chinese customers less for its gas."),
    ("nl", "China wil vredesgesprekken tussen Rusland en Oekraïne bevorderen."),
    ("nl", "Washington wil meer steun van Europa in de rivaliteit met China."),
    ("nl", "Rusland heeft door de sancties weinig andere wegen voor het drijven van handel met China."),
    ("nl", "Japan moet zichzelf beter kunnen verdedigen tegen China."),
])
def test_a_background_fact_is_no_event(language: str, text: str) -> None:
    assert types_of(text, published="2024-03-15", language=language) == []


def test_a_remark_on_an_event_already_reported_is_no_new_event() -> None:
    text = ("Russian and Chinese bombers carried out a joint patrol near Alaska on Wednesday. "
            "This was the first time that Russian and Chinese aircraft were intercepted together.")
    assert types_of(text, published="2024-07-25", language="en") == [EventType.MOBILIZE]


def test_the_statement_speaks_for_those_who_issued_it() -> None:
    text = ("Xi and Putin issued a joint statement in Shanghai on Tuesday. "
            "The statement also called on all nations to give up unilateral sanctions.")
    events = events_of(text, published="2014-05-20", language="en")
    assert events[-1].type is EventType.REQUEST and {"CHN", "RUS"} <= set(events[-1].actors)


def test_an_event_needs_china_or_russia_in_its_own_sentence() -> None:
    text = ("Rusland sprak dinsdag zijn veto uit over een Britse resolutie. "
            "Het ontwerp eiste een onmiddellijke wapenstilstand. Zeven landen stemden tegen.")
    assert types_of(text, published="2024-03-15", language="nl") == [EventType.REJECT]


def test_a_sentence_repeated_by_a_summary_reports_its_event_once() -> None:
    text = ("- Japan legde vrijdag sancties op aan drie Chinese bedrijven die Rusland helpen.\n"
            "Japan legde vrijdag sancties op aan drie Chinese bedrijven die Rusland helpen, meldt de regering.")
    assert types_of(text, published="2024-03-15", language="nl") == [EventType.SANCTION]


def test_a_known_event_that_dates_another_is_no_report_of_its_own() -> None:
    text = "Vlak voor de Russische invasie begon, bezocht Poetin de Spelen in Peking."
    assert types_of(text, published="2023-10-17", language="nl") == [EventType.CONSULT]
    # a verb whose words reach across the anchor still reports
    text = "Peking gaf vlak voor de Russische invasie nog zijn goedkeuring aan een gasdeal met Moskou."
    assert types_of(text, published="2022-03-10", language="nl") == [EventType.AGREE]


def test_a_known_event_named_where_the_account_has_reached_its_month_is_reported() -> None:
    text = ("In februari 2022 reisde Poetin naar Peking voor de Spelen. "
            "Xi en hij hadden het in die dagen over een partnerschap zonder grenzen.")
    assert types_of(text, published="2023-10-17", language="nl") == [EventType.CONSULT, EventType.AGREE]
    # a passing mention in an account of another time stays one
    text = ("In maart 2023 reisde Xi naar Moskou. "
            "Xi en Poetin hadden het daar over het partnerschap zonder grenzen.")
    assert types_of(text, published="2023-10-17", language="nl") == [EventType.CONSULT]


def test_a_pronoun_after_a_clause_break_points_to_the_person_named_before_it_in_the_sentence() -> None:
    text = ("Xi sprak maandag met Poetin. De Amerikaanse steun aan Kyiv lijkt onder Donald Trump minder zeker, "
            "maar gisteren liet hij weten ontevreden te zijn over Moskou.")
    events = events_of(text, published="2025-07-10", language="nl")
    assert events[-1].type is EventType.ACCUSE and {"USA", "RUS"} <= set(events[-1].actors)


def test_a_pronoun_for_someone_we_do_not_know_carries_the_topic_on() -> None:
    text = "China's envoy Zhang Ming met Ukrainian officials in Kyiv on Monday. He urged every side to show restraint."
    events = events_of(text, published="2024-03-15", language="en")
    assert events[-1].type is EventType.REQUEST and "CHN" in events[-1].actors


def test_the_presidents_point_back_to_the_two_named_before() -> None:
    text = "Poetin en Xi ontmoetten elkaar op 4 februari in Peking. De presidenten gingen toen een nieuw partnerschap aan."
    events = events_of(text, published="2024-03-15", language="nl")
    assert events[-1].type is EventType.AGREE and {"RUS", "CHN"} <= set(events[-1].actors)


@pytest.mark.parametrize("text", [
    "The new railway line is part of Russian efforts to deepen ties with China.",  # an aim
    "Russian officials hoped to sign a gas contract with China this week.",  # a hope
    "A Russian early warning plane accompanied the Chinese bombers.",  # a trigger word in a name
    "Moscow maintains close ties with Beijing.",  # a state, not an event
    "Following the meeting, the two ministers left Moscow.",  # "the meeting": a noun, a backdrop
    "China didn’t send weapons to Russia.",  # a curly apostrophe negates too
    "Washington says the war could end if Russia halted its attacks and pulled back its troops.",  # a condition
    "Would China ever back such a resolution against Russia?",  # a question
    "The results of this cooperation are impressive, the Russian minister said.",  # cooperation of whom with whom?
    "Japanese and American warships held drills in the South China Sea.",  # a sea, not China
    "A possible agreement between Moscow and Beijing was raised again.",  # what may come
    "As the Chinese customs service assured, the documents will reach Moscow soon.",  # "as X assured": a source
    "Putin was in Moscow on Tuesday.",  # at home: no visit
    "Xi avoided criticising Russia during the summit.",  # avoided: not done
    "Beijing stopped short of endorsing the Russian plan.",
])
def test_english_sentences_that_report_no_event(text: str) -> None:
    assert types_of(text, published="2024-03-15", language="en") == []


def test_an_aim_after_the_report_leaves_the_report() -> None:
    text = "Lavrov travelled to Beijing in a bid to strengthen ties with China."
    assert types_of(text, published="2024-03-15", language="en") == [EventType.CONSULT]


def test_their_second_meeting_is_a_remark_on_the_meeting_reported() -> None:
    text = "Xi met Putin in Moscow on Monday. It was their second meeting this year."
    assert types_of(text, published="2024-03-15", language="en") == [EventType.CONSULT]


def test_now_in_a_sentence_without_events_leaves_the_account_where_it_was() -> None:
    text = ("Russia vetoed the resolution in the Security Council on Friday. Western states will now take "
            "the issue to the General Assembly. Russia's envoy complained about the vote.")
    events = events_of(text, published="2024-03-17", language="en")
    assert [e.type for e in events] == [EventType.REJECT, EventType.ACCUSE]
    assert str(events[1].period.start) == "2024-03-15"


@pytest.mark.parametrize("text, expected", [
    ("Kyiv says Russian drone production depends on a steady flow of Chinese components.", EventType.AID),
    ("Tokyo regards the Chinese and Russian flights as a provocative act against Japan.", EventType.ACCUSE),
    ("China expressed its firm opposition to the new EU sanctions on Russia.", EventType.REJECT),
    ("A similar measure against Chinese fruit imports came into effect in Russia on Monday.", EventType.SANCTION),
    ("Lavrov said Moscow welcomes the summit between the two Koreas.", EventType.SUPPORT),  # welcoming, not hosting
    ("Russia expressed interest in selling more wheat to China.", EventType.REQUEST),
    ("Xi told Putin that China was ready to work with Russia on security.", EventType.AGREE),
    ("China's defence minister held a video call with his Russian counterpart on Thursday.", EventType.CONSULT),
    ("The G7 called again on China to stop supplying Russia.", EventType.REQUEST),
    ("The EU added three Chinese firms to its list of companies that help Russia's army.", EventType.SANCTION),
    ("China sold most of the microelectronics Russia bought last year.", EventType.AID),
    ("North Korean soldiers are fighting alongside Russian troops, Kyiv said.", EventType.MOBILIZE),
])
def test_english_constructions_of_real_reports(text: str, expected: EventType) -> None:
    assert types_of(text, published="2024-03-15", language="en")[:1] == [expected]


def test_a_subject_naming_the_reported_event_again_is_no_new_event() -> None:
    text = "Lavrov held talks with Wang Yi in Beijing on Monday. The talks also discussed the war in Ukraine."
    assert types_of(text, published="2024-03-15", language="en") == [EventType.CONSULT]


def test_a_relative_clause_in_the_past_perfect_with_its_own_date_is_a_report_of_its_own() -> None:
    text = "China protested to Britain, which had imposed sanctions on Chinese firms on Monday."
    events = events_of(text, published="2024-03-15", language="en")
    assert [e.type for e in events] == [EventType.ACCUSE, EventType.SANCTION]
    assert "GBR" in events[1].source_actors and events[1].period.label == "2024-03-11"


def test_a_sentence_naming_the_lead_event_again_dates_it() -> None:
    text = ("The United States has blacklisted ten Chinese firms for helping Russia's army. "
            "The move, effective Wednesday, is the first of its kind.")
    [event] = events_of(text, published="2024-03-15", language="en")
    assert event.type is EventType.SANCTION and event.period.label == "2024-03-13"
    # the lead's own date stays
    text = "Russia closed its border with China on Tuesday. The decision was announced on Monday."
    [event] = events_of(text, published="2024-03-15", language="en")
    assert event.period.label == "2024-03-12"


def test_a_backdrop_with_a_date_of_its_own_is_news_too() -> None:
    text = "China and Russia sealed an energy accord on Wednesday following talks in Vladivostok on Tuesday between Putin and Xi."
    events = events_of(text, published="2025-09-03", language="en")
    assert [(e.type, e.period.label) for e in events] == [(EventType.AGREE, "2025-09-03"),
                                                          (EventType.CONSULT, "2025-09-02")]
    # without a date of its own, the backdrop stays a backdrop
    text = "China and Russia sealed an energy accord on Wednesday following talks between Putin and Xi."
    assert types_of(text, published="2025-09-03", language="en") == [EventType.AGREE]


def test_the_backdrop_of_a_sentence_naming_the_lead_event_again_is_news() -> None:
    text = ("Xi and Putin issued a joint statement on Monday on their friendship treaty. "
            "The announcement came during talks of the two leaders in the Kremlin.")
    assert types_of(text, published="2021-06-29", language="en") == [EventType.AGREE, EventType.CONSULT]


def test_a_quote_telling_the_reported_event_again_is_no_new_event() -> None:
    text = ('Russian and Chinese bombers held a joint patrol over the Pacific on Tuesday. '
            '"The bombers carried out the patrol over neutral waters," the ministry said.')
    assert types_of(text, published="2024-03-15", language="en") == [EventType.MOBILIZE]


def test_a_later_account_of_the_undated_lead_event_dates_it() -> None:
    text = ("Russian and Chinese warships have held joint drills off Taiwan, the defence ministry reported. "
            "The ministry said the Chinese and Russian warships sailed together through the Taiwan Strait on Tuesday.")
    events = events_of(text, published="2025-12-10", language="en")
    assert [(e.type, e.period.label) for e in events][0] == (EventType.MOBILIZE, "2025-12-09")


def test_presence_abroad_is_a_visit() -> None:
    [event] = events_of("Putin was in Beijing on Thursday.", published="2024-05-17", language="en")
    assert event.type is EventType.CONSULT and {"RUS", "CHN"} <= set(event.actors)
    assert event.period.label == "2024-05-16"


def test_would_in_reported_speech_puts_a_month_ahead() -> None:
    [event] = events_of("The Kremlin said Putin would travel to China in October.", published="2024-05-17", language="en")
    assert event.type is EventType.CONSULT and event.period.label == "2024-10"


def test_an_undated_deed_takes_the_day_of_another_account_but_a_statement_does_not() -> None:
    text = ("The two countries said on Wednesday that the joint drills by Chinese and Russian warships were no threat. "
            "Chinese and Russian warships held joint drills off Hokkaido, the ministry said.")
    events = events_of(text, published="2024-07-25", language="en")
    assert [(e.type, e.period.label) for e in events][-1] == (EventType.MOBILIZE, "2024-07-24")
    text = ("China has criticised Japan over its naval plans, officials said. "
            "Separately, China criticised the US on Tuesday over its arms sales.")
    events = events_of(text, published="2024-07-25", language="en")
    assert [e.period.label for e in events] == ["2024-07-25", "2024-07-23"]


@pytest.mark.parametrize("text, language, expected", [
    ("Minister Wang Yi landde maandag in Moskou. Wang nodigde zijn ambtsgenoot uit voor een top in Peking.",
     "nl", {"CHN", "RUS"}),
    ("Poetin sprak dinsdag over de handel met Xi. De Russische president bedankte zijn evenknie voor de steun.",
     "nl", {"RUS", "CHN"}),
    ("Lavrov flew to Beijing on Sunday. On Monday Lavrov met his counterpart for talks on energy.", "en", {"RUS", "CHN"}),
])
def test_a_counterpart_is_the_other_side(text: str, language: str, expected: set[str]) -> None:
    """"his counterpart", "zijn ambtsgenoot": the last named of another state than the speaker's."""
    events = events_of(text, published="2024-04-09", language=language)
    assert expected <= set(events[-1].actors)


def test_a_counterpart_without_another_side_named_stays_unknown() -> None:
    events = events_of("Lavrov invited his counterpart to Moscow on Monday.", published="2024-04-09", language="en")
    assert all(set(e.actors) == {"RUS"} for e in events)


@pytest.mark.parametrize("text, language", [
    ("China en Rusland houden deze week grote manoeuvres in de Oostzee. Ook Iran neemt deel aan de manoeuvres.", "nl"),
    ("Russia and China began naval drills on Monday. Iran also joined the drills on Tuesday.", "en"),
])
def test_a_newcomer_joins_the_event_named_before(text: str, language: str) -> None:
    events = events_of(text, published="2024-04-09", language=language)
    assert len(events) == 2 and events[1].type is EventType.MOBILIZE
    assert {"IRN", "CHN", "RUS"} <= set(events[1].actors) and events[1].source_actors == ["IRN"]


def test_an_event_of_its_own_without_china_or_russia_is_no_news() -> None:
    text = "China en Rusland houden deze week een grote oefening. Iran houdt volgende maand een eigen oefening."
    assert len(events_of(text, published="2024-04-09", language="nl")) == 1


def test_a_definite_noun_for_the_aircraft_points_back_to_their_states() -> None:
    text = ("Chinese and Russian bombers flew over the Sea of Japan on Tuesday. "
            "Japan scrambled jets after the bombers approached its airspace.")
    events = events_of(text, published="2024-03-15", language="en")
    assert events[-1].type is EventType.MOBILIZE and {"JPN", "CHN", "RUS"} <= set(events[-1].actors)


def test_europe_is_the_eu() -> None:
    events = events_of("China waarschuwde Europa dinsdag voor nieuwe sancties.", published="2024-03-15", language="nl")
    assert "EU" in events[0].actors


@pytest.mark.parametrize("text, language", [
    ("Volgens Peking levert China geen wapens aan Rusland.", "nl"),
    ("Beijing said it had not supplied weapons to Russia.", "en"),
])
def test_an_actor_saying_a_thing_did_not_happen_denies_it(text: str, language: str) -> None:
    [event] = events_of(text, published="2024-03-15", language=language)
    assert event.type is EventType.REJECT and event.source_actors == ["CHN"]


@pytest.mark.parametrize("text, language", [
    ("Lavrov zei dat hij gelooft dat sommige landen niet willen dat er vredesonderhandelingen met China komen.", "nl"),
    ("China did not supply weapons to Russia, the report found.", "en"),
])
def test_a_negation_without_a_speaker_denying_is_no_event(text: str, language: str) -> None:
    assert events_of(text, published="2024-03-15", language=language) == []


def test_a_date_right_after_an_events_name_dates_that_event() -> None:
    text = "Lavrov, in Peking sinds de invasie twee maanden geleden, voerde overleg met Wang Yi."
    [event] = events_of(text, published="2022-04-22", language="nl")
    assert event.type is EventType.CONSULT and event.period.label == "2022-04-22", "the publication date, not 2022-02"


def test_the_two_are_the_two_states_named_most() -> None:
    text = ("Xi received Putin in Beijing on Friday. The two then watched as ministers signed new accords. "
            "Xi pledged that the two would deepen their coordination.")
    events = events_of(text, published="2018-06-08", language="en")
    assert len(events) == 3 and all({"CHN", "RUS"} <= set(e.actors) for e in events)
