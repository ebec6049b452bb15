"""The source panel's HTML (core.views.panel), built by pure functions: article text is
shown as text, never read as HTML, Markdown, a link or math."""
from __future__ import annotations

import html

import pandas as pd
import pytest

from core.views import panel
from core.views.charts import TYPE_COLOURS
from core.views.sources import SourceGroup

HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(2)> [klik](javascript:alert(3)) '
           '![x](https://evil.example/p.png) $x^2$ **vet** :red[rood] www.evil.example')
LIVE = ("<script", "<img", "](javascript", "![x](", "$x", "**vet", ":red[", "www.evil", "https://")


def assert_inert(markup: str) -> None:
    """Nothing of the hostile text is live; all of it reads as it was written."""
    for raw in LIVE:
        assert raw not in markup, raw
    shown = html.unescape(markup).replace("\u2060", "")
    assert "<script>alert(1)</script>" in shown and "**vet**" in shown and "www.evil.example" in shown


def hostile_row(**extra: object) -> dict[str, object]:
    return {"type": "SANCTION", "sentence": HOSTILE, "headline": HOSTILE, "date": "2021-03-22", "granularity": "day",
            "date_text": HOSTILE, "date_basis": "explicit", "actors": ["CHN", "EVL"], "source_actors": ["CHN"],
            "target_actors": [], "people": [HOSTILE], "modality": "alleged", "known_event": "k1", "event_id": "e1",
            "trigger": HOSTILE, "article_file": HOSTILE, **extra}


def test_the_card_escapes_every_text_and_takes_the_colour_of_its_type() -> None:
    names = {"CHN": "China", "EVL": HOSTILE}
    card = panel.event_card(hostile_row(n_sources=3, n_independent=2), names, {"k1": HOSTILE})
    assert_inert(card)
    assert f"background:{TYPE_COLOURS['SANCTION']}" in card
    assert "3 articles" in card and "2 independent" in card
    assert card.count("<div") == card.count("</div>"), "the card's own markup is whole"


def test_the_card_of_an_unknown_type_is_grey_and_counts_one_source() -> None:
    card = panel.event_card({"type": "<b>NEW</b>", "sentence": "s", "n_sources": float("nan")}, {}, {})
    assert "background:#666" in card and "<b>NEW" not in card and "Reported by" not in card


def test_details_and_header_escape_article_text() -> None:
    assert_inert(panel.event_details_html(hostile_row()))
    assert_inert(panel.article_header_html({"title": HOSTILE, "source": HOSTILE, "published": "2021-03",
                                            "published_basis": "header"}))


def test_a_mention_in_passing_is_escaped_under_its_source() -> None:
    markup = panel.passing_html(HOSTILE, "NOS", "2021-03-22", HOSTILE)
    assert_inert(markup)
    assert "NOS" in markup and "22 Mar 2021" in markup and markup.startswith("<small>")


def test_the_quoted_sentence_and_the_quiet_line_are_escaped() -> None:
    quote = panel.quote_html(HOSTILE)
    assert_inert(quote)
    assert quote.startswith("<blockquote") and quote.endswith("</blockquote>")
    quiet = panel.quiet_html(HOSTILE, "Sources: NOS (1 article).")
    assert_inert(quiet)
    assert quiet.startswith("<span") and "Sources: NOS (1 article)" in html.unescape(quiet)


@pytest.mark.parametrize(("start", "end", "marked"), [(0, 9, "Paragraaf"), (None, None, "")])
def test_the_article_text_is_escaped_with_its_sentence_marked(start: int | None, end: int | None,
                                                              marked: str) -> None:
    text = f"Paragraaf een.\n\n{HOSTILE}\nregel twee"
    markup = panel.article_text_html(text, start, end)
    assert_inert(markup)
    assert markup.startswith("<div class='article-text'>") and markup.count("<p>") == 2
    assert f"<mark>{marked}</mark>" in html.unescape(markup).replace("\u2060", "")
    assert "<br>regel twee" in markup


def test_the_sources_of_an_event_are_labelled_plainly_copies_under_their_original() -> None:
    mentions = pd.DataFrame({"article_id": ["a1", "a2", "gone"], "article_file": ["a.txt", "b.txt", "c.txt"],
                             "date": ["2021-03", "2021-03-22", None]})
    articles = pd.DataFrame({"article_id": ["a1", "a2"], "title": [HOSTILE, None], "source": ["NOS", "Reuters"]}
                            ).set_index("article_id")
    titles = panel.source_titles(mentions, articles)
    assert titles[0].startswith(HOSTILE) and titles[0].endswith("NOS · March 2021")
    assert titles[1] == "b.txt · Reuters · 22 Mar 2021", "the file name stands in for a missing title"
    assert titles[2] == "c.txt · undated", "an article that is gone"
    choices = panel.source_choices([SourceGroup(original=1, copies=(0,)), SourceGroup(original=2, copies=())], titles)
    assert list(choices) == [1, 0, 2], "each original, then its copies"
    assert choices[0].startswith("↳ copy: ")
    assert_inert(choices[0])


@pytest.mark.parametrize(("lanes", "words"), [("theme", "by theme"), ("type", "by event type"), ("actor", "by actor")])
def test_the_briefing_subtitle_names_the_lanes_shown(lanes: str, words: str) -> None:
    from core.views.briefing import briefing_text

    text = briefing_text(pd.DataFrame(), pd.DataFrame(columns=["file"]), "all events", lanes)
    assert f"Events reported in news articles, {words};" in text.subtitle


def test_the_focus_actors_are_named_in_words() -> None:
    assert panel.focus_words({"CHN": "China", "RUS": "Russia"}) == "China and Russia"
    assert panel.focus_words({}) == "CHN and RUS", "codes where no name is known"


def test_corrected_fields_in_words_in_the_forms_order() -> None:
    assert panel.corrected_words(["target_actors", "type", "source_actors"]) == "type, who acts, acted on"
    assert panel.corrected_words(None) == "" and panel.corrected_words(["headline", "headline"]) == "headline"


def test_articles_are_labelled_by_title_and_date_not_by_file_name() -> None:
    import pandas as pd

    frame = pd.DataFrame({
        "article_id": ["a", "b", "c", "d", "e"],
        "file": ["001_61e57e3379c17ff2.txt", "002_aa.txt", "003_bb.txt", "004_cc.txt", "005_dd.txt"],
        "title": ["VS: ‘China overweegt wapens te leveren’", "Xi in Moskou", "Xi in Moskou", None, "  "],
        "published": ["2023-02", "2023-03-22", "2023-03-22", "2021-03-22", None],
    })
    labels = panel.article_labels(frame)
    assert labels["a"] == "VS: ‘China overweegt wapens te leveren’ · February 2023", "no hash in sight"
    # two articles that read alike: told apart by their files
    assert (labels["b"], labels["c"]) == ("Xi in Moskou · 22 Mar 2023 · 002_aa.txt", "Xi in Moskou · 22 Mar 2023 · 003_bb.txt")
    assert labels["d"] == "004_cc.txt · 22 Mar 2021", "no title: its file name"
    assert labels["e"] == "005_dd.txt · undated"
    assert panel.article_labels(frame.iloc[:0]) == {}
    by_file = panel.labels_by_file({"001_61e57e3379c17ff2.txt": ("VS: wapens", "2023-02"), "x.txt": (None, None)})
    assert by_file == {"001_61e57e3379c17ff2.txt": "VS: wapens · February 2023", "x.txt": "x.txt · undated"}


def test_the_details_name_who_acts_and_on_whom() -> None:
    from html import unescape

    html = panel.event_details_html({"type": "SANCTION", "source_actors": ["EU"], "target_actors": ["CHN"],
                                     "article_file": "001_61e57e3379c17ff2.txt"})
    assert "<th>Source actors</th><td>EU</td>" in html and "<th>Target actors</th><td>CHN</td>" in html
    assert "001_61e57e3379c17ff2.txt" in unescape(html), "the file name stays in the details"
