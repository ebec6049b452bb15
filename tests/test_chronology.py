"""The chronology for a briefing note, and `python -m core briefing`."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from core.cli.main import main
from core.ingest.run import ingest
from core.store.filters import Filters
from core.views import chronology
from core.views.briefing_pack import chronology_of, selection
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("chron") / "t.duckdb"
    ingest([SEEDS], db)
    return db


def test_dates_are_no_more_precise_than_the_text() -> None:
    assert [chronology.date_words(d) for d in ("2021-03-22", "2021-03", "2024", None)] == \
        ["22 Mar 2021", "Mar 2021", "2024", "undated"]


def test_entries_by_date_with_headline_actors_and_source(seeds_db: Path) -> None:
    chosen = selection(seeds_db, Filters())
    chron = chronology_of(chosen)
    n_events = chosen.events["event_id"].nunique()
    assert len(chron.entries) == min(n_events, chronology.MAX_ENTRIES) and len(chron.entries) + chron.left_out == n_events
    years = [e.date[-4:] for e in chron.entries]
    assert years == sorted(years), "by date: the 2024 events come last"
    sanction = next(e for e in chron.entries if e.headline == "EU sanctions China")
    assert sanction.date == "Mar 2021" and "European Union" in sanction.actors
    assert sanction.sources[0].startswith("De ministers van Buitenlandse Zaken") and "2021-03" in sanction.sources[0]
    assert not any(".txt" in s for e in chron.entries for s in e.sources), "titles, not file names"


def test_many_events_keep_the_key_ones(seeds_db: Path) -> None:
    events = selection(seeds_db, Filters()).events
    short = chronology.chronology(events, None, "t", "s", max_entries=5)
    assert len(short.entries) == 5 and short.left_out == events["event_id"].nunique() - 5
    assert '"No limits" partnership declared in Beijing' in [e.headline for e in short.entries], "milestones first"


def test_markdown_shows_article_text_as_text() -> None:
    events = pd.DataFrame([{"event_id": "e1", "mention_id": "e1", "article_file": "a.txt", "date": "2021-03",
                            "date_start": "2021-03-01", "date_end": "2021-03-31", "granularity": "month", "headline": "[x](javascript:alert(1)) <b>",
                            "actors": ["CHN"], "type": "ACCUSE", "score": -2.0}])
    articles = pd.DataFrame([{"file": "a.txt", "title": "**bold** `code`", "source": None, "url": None,
                              "published": "2021-03"}])
    text = chronology.to_markdown(chronology.chronology(events, articles, "T", "S", {"CHN": "China"}))
    assert "\\[x\\](javascript:alert(1)) \\<b\\>" in text and "\\*\\*bold\\*\\* \\`code\\`" in text


def test_docx_has_a_row_per_event(seeds_db: Path) -> None:
    from docx import Document

    chron = chronology_of(selection(seeds_db, Filters(types=("SANCTION",))))
    document = Document(io.BytesIO(chronology.to_docx(chron)))
    table = document.tables[0]
    assert len(table.rows) == len(chron.entries) + 1
    assert table.rows[1].cells[1].paragraphs[0].text == chron.entries[0].headline
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_briefing_command_writes_the_chronology_and_html(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["briefing", "--db", str(seeds_db), "--filter", "years=2023-2024", "--only", "chronology",
                 "--only", "html", "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == {"chronology.md", "chronology.docx", "briefing.html"}
    markdown = (out / "chronology.md").read_text(encoding="utf-8")
    assert "2021" not in markdown.split("\n", 3)[3], "only the filtered years"
