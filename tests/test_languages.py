"""A new language is new data: sentences split in any script, and the words between a
date's parts (ordinal suffixes, connectors, articles) come from the lexicon."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from core.models import Period
from core.parse.clean import CleanText, clean, split_sentences
from core.parse.dates import find_dates, timeml_value
from core.parse.lexicon import DataFileError, Lexicon, fold, load_lexicon, sentence_rules

# The sentence rules of two languages without a lexicon file, written as a lexicon file
# would hold them: abbreviations in `text`, marks of the language's own in `sentences`.
RUSSIAN = yaml.safe_load("""
text:
  abbreviations: [проф, им, т.е, г, млрд, тыс]
sentences:
  end_marks: []
""")
GREEK = yaml.safe_load("""
text:
  abbreviations: [καθ, κ, π.χ, δισ, εκατ]
sentences:
  end_marks: [";", "\u037e"]
  question_marks: [";", "\u037e"]
""")


def _lexicon(code: str, data: dict) -> Lexicon:
    return Lexicon(code=code, name=code, data=data, sentences=sentence_rules(data))


def _split(text: str, lex: Lexicon) -> list[str]:
    return [s.text for s in split_sentences(CleanText(text, [(0, len(text), False)], None, 0), lex)]


def test_russian_sentences_are_split() -> None:
    text = ("Президент России В. В. Путин прибыл в Пекин. «Мы договорились обо всём», — сказал он. "
            "Переговоры прошли при участии проф. Иванова, т. е. эксперта по Китаю. "
            "16 мая стороны подписали совместное заявление. «Это новая эпоха!» "
            "Товарооборот вырос до 240,1 млрд. долларов.")
    assert _split(text, _lexicon("ru", RUSSIAN)) == [
        "Президент России В. В. Путин прибыл в Пекин.",  # initials end no sentence
        "«Мы договорились обо всём», — сказал он.",  # the next one opens with a quote
        "Переговоры прошли при участии проф. Иванова, т. е. эксперта по Китаю.",  # an abbreviation
        "16 мая стороны подписали совместное заявление.",  # one that begins with a figure
        "«Это новая эпоха!»",  # a quote closes after its mark
        "Товарооборот вырос до 240,1 млрд. долларов.",  # a lower-case word goes on with the sentence
    ]


def test_greek_sentences_are_split() -> None:
    text = ("Ο καθ. Παπαδόπουλος μίλησε στην Αθήνα. Τι συμφώνησαν οι δύο ηγέτες; "
            "«Μια νέα εποχή αρχίζει», είπε ο Σι. 240 δισ. δολάρια ήταν το εμπόριο το 2023. Τέλος.")
    assert _split(text, _lexicon("el", GREEK)) == [
        "Ο καθ. Παπαδόπουλος μίλησε στην Αθήνα.",  # an abbreviation before a capitalised name
        "Τι συμφώνησαν οι δύο ηγέτες;",  # ";" is the Greek question mark: the language's own
        "«Μια νέα εποχή αρχίζει», είπε ο Σι.",
        "240 δισ. δολάρια ήταν το εμπόριο το 2023.",
        "Τέλος.",
    ]


def test_a_mark_of_one_language_ends_no_sentence_in_another() -> None:
    text = "Wang Yi sprak met Lavrov; Xi was er niet bij."
    assert _split(text, load_lexicon("nl")) == [text]
    assert len(_split(text, _lexicon("el", GREEK))) == 2


def test_ideographic_full_stops_end_sentences_without_a_space() -> None:
    assert _split("习近平抵达莫斯科。普京表示欢迎！双方签署了声明。", _lexicon("zh", {})) == [
        "习近平抵达莫斯科。", "普京表示欢迎！", "双方签署了声明。"]


def test_end_marks_are_single_marks() -> None:
    with pytest.raises(DataFileError, match="not single marks"):
        sentence_rules({"sentences": {"end_marks": ["?!", "x"]}})


# --------------------------------------------------------------------------- dates
PUB = Period.day(dt.date(2021, 3, 23))


def _labels(text: str, lex: Lexicon) -> list[str]:
    return [timeml_value(e.period) for e in find_dates(text, fold(text), lex, PUB) if e.period is not None]


def _with_dates(code: str, **words: list[str]) -> Lexicon:
    """A copy of a lexicon with some of its `dates` words replaced."""
    data = copy.deepcopy(load_lexicon(code).data)
    data["dates"].update(words)
    return Lexicon(code=code, name="test", data=data, sentences=sentence_rules(data))


@pytest.mark.parametrize(("code", "text", "label"), [
    ("en", "on the 1st of March 2020", "2020-03-01"),
    ("nl", "op 1ste maart 2020", "2020-03-01"),
    ("en", "in the 19th century", "18"),
    ("nl", "in de 19de eeuw", "18"),
    ("en", "in the second quarter of the year", "2021-Q2"),
    ("nl", "in het tweede kwartaal van het jaar", "2021-Q2"),
])
def test_words_between_date_parts_come_from_the_lexicon(code: str, text: str, label: str) -> None:
    assert label in _labels(text, load_lexicon(code))


def test_a_language_reads_only_its_own_date_words() -> None:
    """Before the words moved to data, Dutch suffixes were read in English text and back."""
    assert "2020-03-01" not in _labels("op 1st maart 2020", load_lexicon("nl"))
    assert "2020-03-01" not in _labels("on 1ste March 2020", load_lexicon("en"))


def test_changing_the_data_changes_the_patterns() -> None:
    en = load_lexicon("en")
    assert "2020-03-01" in _labels("on the 1st of March 2020", en)
    changed = _with_dates("en", ordinal_suffixes=["er"], connectors=["de"])
    assert "2020-03-01" in _labels("on the 1er de March 2020", changed)
    assert "2020-03-01" not in _labels("on the 1st of March 2020", changed)


@pytest.mark.parametrize(("line", "rest"), [
    ("МОСКВА (ТАСС) — Путин встретился с Си.", "Путин встретился с Си."),
    ("ΑΘΗΝΑ (ΑΠΕ) - Ο πρωθυπουργός μίλησε.", "Ο πρωθυπουργός μίλησε."),
    ("BEIJING (Reuters) — Xi met Putin.", "Xi met Putin."),
    ("Moskou (ANP) - Poetin sprak.", "Moskou (ANP) - Poetin sprak."),  # a place in capitals only
])
def test_a_dateline_in_any_script_is_dropped(line: str, rest: str) -> None:
    assert clean(line, load_lexicon("en")).text == rest


def test_a_question_is_known_by_the_marks_of_every_script_and_of_the_language() -> None:
    greek, russian = _lexicon("el", GREEK), _lexicon("ru", RUSSIAN)
    assert greek.sentences.question.search("Θα στηρίξει η Κίνα τη Ρωσία;")
    assert not russian.sentences.question.search("Китай поддержит Россию;")  # no question mark in Russian
    assert russian.sentences.question.search("Поддержит ли Китай Россию?»")
    assert greek.sentences.question.search("هل ستدعم الصين روسيا؟")  # the marks of every script stay
    assert not greek.sentences.question.search("Η Κίνα στηρίζει τη Ρωσία.")
