"""Headlines: who did what to whom, with names and modality, from data per language."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.ingest import curation
from core.models import EventType
from core.parse.headlines import HeadlineFacts, headline
from core.parse.lexicon import HEADLINE_DIR, HEADLINE_FORMS, headline_languages, load_headline_phrases, read_yaml
from core.store import Store
from tests.conftest import SEEDS


@pytest.fixture
def seeded_db(fresh_db: Path) -> Path:
    from core.ingest.run import ingest

    ingest([SEEDS], fresh_db)
    return fresh_db


def facts(type_: str, source: list[str], target: list[str], modality: str = "actual",
          people: list[str] | None = None, known: str | None = None) -> HeadlineFacts:
    return HeadlineFacts(type=type_, modality=modality, actors=tuple(source + target), source_actors=tuple(source),
                         target_actors=tuple(target), people=tuple(people or ()), known_event=known)


def test_names_not_codes() -> None:
    assert headline(facts("SANCTION", ["EU"], ["CHN"])) == "EU sanctions China"
    assert headline(facts("SANCTION", ["EU"], ["CHN"]), "nl") == "EU straft China met sancties"


def test_an_official_is_named_for_his_state_and_a_dissident_is_not() -> None:
    assert headline(facts("CONSULT", ["CHN"], ["RUS"], people=["Wang Yi", "Sergey Lavrov"])) == "Wang meets Lavrov"
    assert headline(facts("SANCTION", ["RUS"], [], people=["Alexei Navalny"])).startswith("Russia")


def test_a_considered_act_reported_by_another_state_names_the_claimant() -> None:
    text = headline(facts("AID", ["USA", "CHN"], ["RUS"], "considered", people=["Antony Blinken"]))
    assert text == "China sends aid to Russia (considered, US claim)"


def test_a_linked_milestone_is_called_by_its_name() -> None:
    assert "partnership" in headline(facts("AGREE", ["RUS", "UKR"], [], known="no_limits_partnership_2022"))


def test_headlines_are_short() -> None:
    many = facts("ACCUSE", ["CHN", "RUS", "IRN", "PRK"], ["USA", "GBR", "EU", "NATO", "JPN"], "alleged")
    assert len(headline(many)) <= 60
    assert len(headline(many, max_chars=20)) <= 20


@pytest.mark.parametrize("code", headline_languages())
def test_every_language_phrases_every_type_and_modality(code: str) -> None:
    phrases = load_headline_phrases(code)
    assert set(phrases.types) == {t.value for t in EventType}
    assert set(phrases.modality_words) == {"planned", "considered", "alleged", "denied"}
    for forms in phrases.types.values():
        assert all("{source}" in forms[form] for form in HEADLINE_FORMS if form != "passive")
        assert "{target}" in forms["one"] and "{target}" in forms["many"]
        assert "{target}" in forms["passive"] and "{source}" not in forms["passive"]
    assert set(read_yaml(HEADLINE_DIR / f"{code}.yaml")) == set(read_yaml(HEADLINE_DIR / "en.yaml"))


def test_headline_is_stored_exported_and_editable(seeded_db: Path) -> None:
    with Store(seeded_db) as store:
        rows = store._con.execute("SELECT mention_key, headline, type FROM events").fetchall()
    assert rows and all(r[1] for r in rows)
    key = next(r[0] for r in rows if r[2] == "SANCTION")
    curation.correct(seeded_db, key, "headline", "EU sanctions Chinese officials")
    curation.correct(seeded_db, key, "type", "ACCUSE")  # the analyst's headline survives
    with Store(seeded_db) as store:
        assert store._con.execute("SELECT headline FROM events WHERE mention_key = ?", [key]).fetchone()[0] \
            == "EU sanctions Chinese officials"
    with pytest.raises(curation.CorrectionRefused):
        curation.correct(seeded_db, key, "headline", "x" * 61)


def test_the_headline_language_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    import core.parse.headlines as headlines

    row = {"type": "SANCTION", "modality": "actual", "actors": ["EU", "CHN"], "source_actors": ["EU"],
           "target_actors": ["CHN"], "people": [], "language": "nl"}
    assert headlines.headline_of(row) == "EU sanctions China"  # English by default, whatever the article's
    monkeypatch.setattr(headlines, "HEADLINE_LANGUAGE", "article")
    assert headlines.headline_of(row) == "EU straft China met sancties"
    assert headlines.headline_of({**row, "language": "fr"}) == "EU sanctions China", "no phrases: English"
