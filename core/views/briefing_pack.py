"""Every briefing export of one selection of events, written to a folder: the timeline as
PNG, SVG and PDF in each export size, the HTML briefing, and the chronology as Markdown
and DOCX (`python -m core briefing`; the dashboard offers the same files one by one)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.parse.lexicon import load_actors
from core.settings import DEFAULT_LANES
from core.store import reads
from core.store.filters import Filters
from core.views import briefing, chronology

LOGGER = logging.getLogger(__name__)

PARTS = ("images", "html", "chronology")


@dataclass(frozen=True, slots=True)
class Selection:
    """The events of a briefing with what is written around them."""

    events: pd.DataFrame
    articles: pd.DataFrame     # the articles the events cite
    known: pd.DataFrame
    text: briefing.BriefingText


def selection(db: Path, filters: Filters, lanes: str = DEFAULT_LANES, title: str | None = None,
              today: dt.date | None = None) -> Selection:
    events = reads.events(db, filters)
    articles = reads.articles(db)
    cited = articles[articles["file"].isin(set(events["article_file"]))] if len(events) else articles.iloc[:0]
    text = briefing.briefing_text(events, cited, filters.describe(load_actors().names), lanes, title, today)
    return Selection(events, cited, reads.known_events(db), text)


def chronology_of(chosen: Selection) -> chronology.Chronology:
    return chronology.chronology(chosen.events, chosen.articles, chosen.text.title,
                                 f"{chosen.text.subtitle} {chosen.text.source_line}", load_actors().names)


def write_briefing(chosen: Selection, folder: Path, parts: tuple[str, ...] = PARTS, lanes: str = DEFAULT_LANES,
                   colour: str = "quad") -> list[Path]:
    """Write the chosen parts to `folder`; returns the files written. Images need Chromium
    (briefing.BrowserMissing otherwise)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = load_actors().names
    written: list[Path] = []

    def write(name: str, data: bytes | str) -> None:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        written.append(path)

    if "chronology" in parts:
        chron = chronology_of(chosen)
        for doc in chronology.FORMATS.values():
            write(doc.file_name("chronology"), doc.write(chron))
    if "html" in parts:
        from core.views.charts import TimelineOptions, timeline_figure

        fig = timeline_figure(chosen.events, chosen.articles, chosen.known, TimelineOptions(lanes=lanes, colour=colour),
                              names)
        write("briefing.html", briefing.html_briefing(fig, chosen.events, chosen.text.title, chosen.text.subtitle,
                                                      chosen.text.source_line, chosen.articles, names))
    if "images" in parts:
        for size in briefing.EXPORT_SIZES:
            images = briefing.export_images(chosen.events, chosen.articles, chosen.known, chosen.text, size, lanes,
                                            colour, actor_names=names)
            for fmt, data in images.items():
                write(f"timeline-{size}.{fmt}", data)
    return written
