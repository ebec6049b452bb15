"""A chronology for a briefing note: the selected events in date order, one line each
(the date as precisely as the text gives it, the headline, the actors, the sources with
outlet and date), as Markdown or as a one-page Word document (python-docx).

Text from articles (headlines built from them, article titles) is escaped in Markdown:
it is never read as Markdown or HTML.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from core.models import Period
from core.parse.headlines import headline_of
from core.views.briefing import by_date, outlet
from core.views.export import DOCX_MIME, DocumentFormat, xml_safe

LOGGER = logging.getLogger(__name__)

# one page of A4 at 8-9 pt (checked rendered); more events: the key ones (core.views.charts.label_priority)
MAX_ENTRIES = 24
CITED_TITLE_CHARS = 60    # a source's title in a citation
# what Markdown (and its HTML) would read as syntax inside a line; "-", "." and "(" only
# matter at a line's start, and every line here starts with our own "- **"
_MARKDOWN_SPECIAL = {ord(c): "\\" + c for c in "\\`*_{}[]#!|<>~$&"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One event of the chronology."""

    date: str          # "22 Mar 2021", "Mar 2021", "2021", "undated"
    headline: str
    actors: str
    sources: list[str]  # "Title (Outlet, 2021-03-23)"


@dataclass(frozen=True, slots=True)
class Chronology:
    title: str
    subtitle: str
    entries: list[Entry]
    left_out: int       # events beyond MAX_ENTRIES
    since: str = ""     # the briefing snapshot the changes are counted from ("" : no changes section)
    changes: tuple[str, ...] = ()  # one line per change since it (core.views.changes)


def date_words(date: object) -> str:
    """A stored date label as words, no more precise than it is: '22 Mar 2021', 'Mar 2021', '2021'."""
    if not isinstance(date, str) or not date:
        return "undated"
    try:
        period = Period.parse(date)
    except (ValueError, IndexError):
        return date
    start = period.start
    return {"day": f"{start.day} {start:%b %Y}", "month": f"{start:%b %Y}"}.get(period.granularity.value,
                                                                              f"{start.year}")


def chronology(events: pd.DataFrame, articles: pd.DataFrame | None, title: str, subtitle: str,
               actor_names: Mapping[str, str] | None = None, max_entries: int = MAX_ENTRIES) -> Chronology:
    """The events (one entry per event, its mentions' articles as its sources) by date."""
    from core.views.charts import label_priority

    names = actor_names or {}
    if not len(events):
        return Chronology(title, subtitle, [], 0)
    by_file = ({row["file"]: row for row in articles.to_dict("records")}
               if articles is not None and len(articles) else {})
    key = "event_id" if "event_id" in events else "mention_id"
    files = events.groupby(key)["article_file"].agg(lambda s: list(dict.fromkeys(s))).to_dict()
    unique = events.drop_duplicates(key)
    left_out = max(0, len(unique) - max_entries)
    if left_out:
        unique = unique[unique[key].isin(set(label_priority(unique).head(max_entries)[key]))]
    entries = []
    for row in by_date(unique).to_dict("records"):
        given = row.get("headline")
        headline = given if isinstance(given, str) and given else headline_of(row)
        actors = row.get("actors")
        sources = []
        for file in files.get(row[key], [row.get("article_file")]):
            article = by_file.get(file, {})
            cited = _short(article.get("title") or file)
            details = ", ".join(str(p) for p in (outlet(article) if article else None,
                                                 article.get("published") if article else None) if p)
            sources.append(f"{cited} ({details})" if details else str(cited))
        entries.append(Entry(date_words(row.get("date")), str(headline),
                             ", ".join(names.get(a, a) for a in (actors if actors is not None else [])), sources))
    return Chronology(title, subtitle, entries, left_out)


def _short(title: object) -> str:
    """A title for a citation: at most CITED_TITLE_CHARS, cut at a word."""
    text = str(title).strip()
    if len(text) <= CITED_TITLE_CHARS:
        return text
    return text[:CITED_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


CHANGE_WORDS = {"new": "New", "changed": "Changed", "gone": "Gone", "more sources": "More sources"}


def change_lines(changes: pd.DataFrame) -> tuple[str, ...]:
    """The changes since a briefing, one plain line each: kind, date, headline, what changed."""
    lines = []
    for row in changes.to_dict("records"):
        what = CHANGE_WORDS.get(str(row["change"]), str(row["change"]))
        line = f"{what}: {date_words(row.get('date'))} — {row.get('headline') or row.get('event_id')}"
        if row["change"] == "changed":
            line += f": {row['field']} {row['old']} → {row['new']} ({row['reason']})"
        elif row["change"] == "gone":
            line += f" ({row['reason']})"
        elif row["change"] == "more sources":
            line += f" (now also {', '.join(row['new_sources'])})"
        lines.append(line)
    return tuple(lines)


def with_changes(chron: Chronology, since: str, changes: pd.DataFrame) -> Chronology:
    """The chronology with a section of what changed since the briefing `since`."""
    return replace(chron, since=since, changes=change_lines(changes))


def markdown_text(text: object) -> str:
    """Text from an article, escaped so that Markdown shows it as it is."""
    return " ".join(str(text).split()).translate(_MARKDOWN_SPECIAL)


def to_markdown(chron: Chronology) -> str:
    lines = [f"# {markdown_text(chron.title)}", "", f"_{markdown_text(chron.subtitle)}_", ""]
    for entry in chron.entries:
        lines.append(f"- **{markdown_text(entry.date)}** — {markdown_text(entry.headline)}"
                     + (f" ({markdown_text(entry.actors)})" if entry.actors else ""))
        lines.append(f"  Source: {'; '.join(markdown_text(s) for s in entry.sources)}")
    if chron.left_out:
        lines += ["", f"_{chron.left_out} further events are in the events export._"]
    if chron.since:
        lines += ["", f"## Since the briefing “{markdown_text(chron.since)}”", ""]
        lines += [f"- {markdown_text(line)}" for line in chron.changes] or ["_Nothing changed._"]
    return "\n".join(lines) + "\n"


def _xml_safe(chron: Chronology) -> Chronology:
    entries = [Entry(xml_safe(e.date), xml_safe(e.headline), xml_safe(e.actors), [xml_safe(s) for s in e.sources])
               for e in chron.entries]
    return replace(chron, title=xml_safe(chron.title), subtitle=xml_safe(chron.subtitle), entries=entries,
                   since=xml_safe(chron.since), changes=tuple(xml_safe(c) for c in chron.changes))


def to_docx(chron: Chronology) -> bytes:
    """A Word document: A4, narrow margins, a three-column table (date, event, source).
    Control characters from articles become spaces (a Word document cannot hold them)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor

    chron = _xml_safe(chron)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.6))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)
    heading = document.add_paragraph()
    run = heading.add_run(chron.title)
    run.bold, run.font.size = True, Pt(14)
    sub = document.add_paragraph().add_run(chron.subtitle)
    sub.font.size, sub.font.color.rgb = Pt(9), RGBColor(0x52, 0x60, 0x6D)
    table = document.add_table(rows=1, cols=3)
    table.style = "Light List"
    widths = (Cm(2.4), Cm(7.6), Cm(7.8))
    for cell, text, width in zip(table.rows[0].cells, ("Date", "Event", "Source"), widths):
        cell.width = width
        cell.paragraphs[0].add_run(text).bold = True
    for entry in chron.entries:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        cells[0].paragraphs[0].add_run(entry.date)
        cells[1].paragraphs[0].add_run(entry.headline).bold = True
        if entry.actors:
            actors = cells[1].add_paragraph().add_run(entry.actors)
            actors.font.size, actors.font.color.rgb = Pt(8), RGBColor(0x52, 0x60, 0x6D)
        source = cells[2].paragraphs[0].add_run("; ".join(entry.sources))
        source.font.size = Pt(8)
    if chron.left_out:
        note = document.add_paragraph().add_run(f"{chron.left_out} further events are in the events export.")
        note.italic, note.font.size = True, Pt(8)
    if chron.since:
        since = document.add_paragraph().add_run(f"Since the briefing “{chron.since}”")
        since.bold, since.font.size = True, Pt(11)
        for line in chron.changes or ("Nothing changed.",):
            document.add_paragraph(line, style="List Bullet").runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FORMATS: dict[str, DocumentFormat[Chronology]] = {fmt.name: fmt for fmt in (
    DocumentFormat("docx", "docx", DOCX_MIME, "DOCX", to_docx),
    DocumentFormat("md", "md", "text/markdown", "Markdown", lambda chron: to_markdown(chron).encode("utf-8")),
)}


def today_words(today: dt.date | None = None) -> str:
    day = today or dt.date.today()
    return f"{day.day} {day:%b %Y}"
