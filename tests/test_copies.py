"""Copies of one story (core.store.copies): constructed reprints of every sample article (other
page noise and headline, light edits) against distinct stories, several of one event.

The precision and recall of copy detection over pairs of articles are measured here at
COPY_THRESHOLD and around it (printed with -s); docs/benchmarks.md reports them.
"""
from __future__ import annotations

import itertools
import random
import tempfile
from pathlib import Path

import pytest

from core.models import RawArticle
from core.parse.pipeline import parse_article
from core.parse.reader import read_file
from core.store.copies import COPY_THRESHOLD, shingles, signature, similarity, story_of
from tests.conftest import GOLDEN, SEEDS

NOISE_BEFORE = ("Deel dit artikel: Share App Mail Tweet Pin\n\nWebmail\n\nKies je webmail\n\n",
                "Share this article\n\nSkip to main content\n\n")
NOISE_AFTER = ("\n\nMeer nieuws\n\nLees ook: Kabinet wil meer geld voor defensie\n",
               "\n\nMore news\n\nRead more: Markets rally as oil falls\n")

# Two distinct reports of one event (the EU's Xinjiang sanctions, 22 March 2021): the same
# facts and names in other words. Not copies.
SAME_EVENT = (
    "date 2021-03-23\nDe Europese Unie heeft maandag sancties ingesteld tegen vier Chinese functionarissen "
    "vanwege de onderdrukking van de Oeigoeren in Xinjiang. Het is voor het eerst sinds 1989 dat Brussel zulke "
    "strafmaatregelen tegen Peking neemt. China reageerde woedend en zette tien Europeanen op een sanctielijst, "
    "onder wie Europarlementariërs en onderzoekers. De Verenigde Staten, Canada en het Verenigd Koninkrijk "
    "sloten zich bij de Europese maatregelen aan.\n",
    "date 2021-03-22\nVoor het eerst in ruim dertig jaar straft Europa China. Vier Chinese ambtenaren en een "
    "organisatie uit Xinjiang mogen de EU niet meer in en hun tegoeden worden bevroren, besloten de ministers "
    "van Buitenlandse Zaken in Brussel. Peking sloeg binnen een uur terug met eigen sancties tegen "
    "Europese politici, diplomaten en denktanks. Washington, Ottawa en Londen kondigden dezelfde dag "
    "vergelijkbare stappen aan.\n",
)


def _text(raw: RawArticle) -> str:
    return parse_article(raw).text  # the cleaned text, as the store keeps it


def _raw_of_text(text: str, label: str, folder: Path | None = None) -> RawArticle:
    folder = folder or Path(tempfile.mkdtemp())
    path = folder / label
    path.write_text(text, encoding="utf-8")
    return read_file(path)[0]


def _lightly_edited(text: str, rng: random.Random) -> str:
    """About one word in 25 replaced, and the last sentence dropped (a sub-editor's pass)."""
    words = text.split(" ")
    for i in range(0, len(words), 25):
        j = min(len(words) - 1, i + rng.randint(0, 24))
        words[j] = rng.choice(["ook", "also", "nu", "now", "volgens", "reportedly"])
    edited = " ".join(words)
    cut = edited.rstrip().rfind(". ", 0, len(edited.rstrip()) - 2)
    return edited[:cut + 1] if cut > len(edited) // 2 else edited


def corpus() -> tuple[dict[str, str], dict[str, str]]:
    """article label -> cleaned text, and label -> the story it belongs to."""
    rng = random.Random(13)
    texts: dict[str, str] = {}
    truth: dict[str, str] = {}
    files = sorted(p for folder in (SEEDS, GOLDEN / "articles", GOLDEN / "holdout", GOLDEN / "blind2")
                   for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html", ".json", ".jsonl"))
    for path in files:
        raws = read_file(path)
        if not raws:
            continue
        raw = raws[0]
        story = path.name
        texts[story], truth[story] = _text(raw), story
        body = raw.text
        for number in range(3):
            headline = f"{['Breaking', 'Analyse', 'Update'][number]}: {rng.choice(['Moskou', 'Peking', 'Kremlin'])} " \
                       f"{rng.choice(['reageert', 'responds', 'kijkt toe'])}"
            copy = NOISE_BEFORE[number % 2] + headline + "\n\n" + body + NOISE_AFTER[number % 2]
            if number >= 1:
                copy = _lightly_edited(copy, rng)
            label = f"{story}~copy{number}"
            texts[label] = _text(_raw_of_text(copy, label + ".txt"))
            truth[label] = story
    for number, text in enumerate(SAME_EVENT):
        label = f"same_event_{number}"
        texts[label] = _text(_raw_of_text(text, label + ".txt"))
        truth[label] = label
    return texts, truth


@pytest.fixture(scope="module")
def constructed() -> tuple[dict[str, str], dict[str, str], dict[str, list[int] | None]]:
    texts, truth = corpus()
    return texts, truth, {label: signature(text) for label, text in texts.items()}


def pair_scores(found: dict[str, str], truth: dict[str, str]) -> tuple[float, float, int, int]:
    """Precision and recall of "these two are one story" over all pairs; and the counts."""
    labels = sorted(truth)
    tp = fp = fn = 0
    for a, b in itertools.combinations(labels, 2):
        same, said = truth[a] == truth[b], found.get(a, a) == found.get(b, b)
        tp += same and said
        fp += said and not same
        fn += same and not said
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn, fp


def test_copies_are_found_and_distinct_stories_kept_apart(constructed) -> None:
    texts, truth, signatures = constructed
    order = sorted(texts)
    for threshold in (0.1, 0.15, 0.2, COPY_THRESHOLD, 0.3, 0.4, 0.5, 0.6):
        precision, recall, positives, fp = pair_scores(story_of(signatures, order, threshold), truth)
        print(f"threshold {threshold:.2f}: precision {precision:.3f} recall {recall:.3f} "
              f"({positives} copy pairs, {fp} false pairs, {len(texts)} articles)")
    precision, recall, positives, _ = pair_scores(story_of(signatures, order), truth)
    assert positives >= 100
    assert precision >= 0.98
    assert recall >= 0.95


def test_two_reports_of_one_event_are_two_stories(constructed) -> None:
    texts, _, signatures = constructed
    first, second = signatures["same_event_0"], signatures["same_event_1"]
    assert first is not None and second is not None
    assert similarity(first, second) < COPY_THRESHOLD / 2
    found = story_of(signatures, sorted(texts))
    assert found["same_event_0"] == "same_event_0" and found["same_event_1"] == "same_event_1"


def test_the_earliest_is_the_original() -> None:
    text = ("De ministers van Buitenlandse Zaken van China en Rusland hebben op een gezamenlijke top hard "
            "uitgehaald naar het Westen en de Verenigde Staten.")
    sig = signature(text)
    assert sig is not None
    found = story_of({"b": sig, "a": sig, "c": None}, ["b", "a", "c"])
    assert found == {"b": "b", "a": "b", "c": "c"}


def test_short_texts_have_no_signature() -> None:
    assert signature("Poetin en Xi ontmoeten elkaar") is None
    assert shingles("een twee drie") == {b"een twee drie"}
