"""Exports for briefings: the timeline as PNG (2x), SVG and PDF (kaleido with the
system's Chromium), a self-contained HTML briefing, and the event table in every
registered table format (core.views.export)."""
from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import plotly
import plotly.graph_objects as go

from core.settings import DEFAULT_LANES, FOCUS_ACTORS
from core.views import export
from core.views.export import EVENT_FIELDS, event_records

LOGGER = logging.getLogger(__name__)

IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
_kaleido_lock = threading.Lock()


class BrowserMissing(RuntimeError):
    """No Chromium to render images with."""


def browser_path() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


@functools.lru_cache(maxsize=1)
def _start_kaleido() -> None:
    """Start kaleido's server once: MathJax off, plotly.js from the plotly package (offline)."""
    import kaleido

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    kaleido.start_sync_server(mathjax=False, plotlyjs=str(plotly_js), silence_warnings=True)


def figure_image(fig: go.Figure, fmt: str, width: int = 1400, height: int | None = None) -> bytes:
    """The figure as PNG (scale 2), SVG or PDF; raises BrowserMissing without Chromium."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    if browser_path() is None:
        raise BrowserMissing("Image export needs Chromium (apt-get install chromium); "
                             "the chart's own camera button still saves a PNG.")
    height = height or int(fig.layout.height or 600)
    with _kaleido_lock:
        _start_kaleido()
        return fig.to_image(format=fmt, width=width, height=height, scale=2 if fmt == "png" else 1)


def table_bytes(events: pd.DataFrame, fmt: str) -> bytes:
    """The event table in the export format, in a registered table format (CSV, XLSX, JSONL:
    core.views.export.TABLE_FORMATS)."""
    return export.table_bytes(event_records(events), EVENT_FIELDS, fmt)


# Sizes of the image exports in CSS pixels (96 per inch): a 16:9 slide (13.33 x 7.5 in,
# PowerPoint's default), A4 landscape and A4 portrait (297 x 210 mm).
EXPORT_SIZES: dict[str, tuple[int, int]] = {"slide": (1280, 720), "a4-landscape": (1123, 794),
                                            "a4-portrait": (794, 1123)}
EXPORT_SIZE_NAMES = {"slide": "16:9 slide", "a4-landscape": "A4 landscape", "a4-portrait": "A4 portrait"}


@dataclass(frozen=True, slots=True)
class BriefingText:
    """The words around a briefing's chart."""

    title: str
    subtitle: str
    source_line: str


def outlet(article: Mapping[str, Any]) -> str | None:
    """The outlet of an article: its `source`, else the host of its URL."""
    source = article.get("source")
    if isinstance(source, str) and source.strip():
        return " ".join(source.split())
    url = article.get("url")
    if isinstance(url, str) and url.strip():
        host = urlparse(url.strip()).hostname or ""
        return host.removeprefix("www.") or None
    return None


def source_line(events: pd.DataFrame, articles: pd.DataFrame, today: dt.date | None = None) -> str:
    """'Sources: NOS (2 articles), Reuters (1); 3 articles without a named outlet. 31 events.
    Exported 1 Dec 2026 with the China–Russia timeline.' Only the articles the events cite."""
    cited = set(events["article_file"]) if len(events) else set()
    shown = articles[articles["file"].isin(cited)] if len(articles) else articles
    counts: dict[str, int] = {}
    unnamed = 0
    for row in shown.to_dict("records"):
        name = outlet(row)
        if name is None:
            unnamed += 1
        else:
            counts[name] = counts.get(name, 0) + 1
    parts = [f"{name} ({n} article{'s' if n != 1 else ''})" for name, n in
             sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    if unnamed:
        parts.append(f"{unnamed} article{'s' if unnamed != 1 else ''} without a named outlet")
    day = (today or dt.date.today()).strftime("%-d %b %Y")
    listed = "; ".join(parts) if parts else "no articles"
    return (f"Sources: {listed}. {len(events):,} event{'s' if len(events) != 1 else ''} found in them by the "
            f"China–Russia timeline; exported {day}.")


def point_title(events: pd.DataFrame) -> str:
    """A title that states what the events show: the balance of cooperation and conflict
    between China and Russia, counted over the events that name only the two (the
    relations index's rule); other events (sanctions by the EU, a US accusation) do not
    tip it. A selection without such events gets a plain count."""
    if not len(events):
        return "China–Russia relations: no events match"
    focus = set(FOCUS_ACTORS)
    between = events[[set(a) == focus for a in events["actors"]]] if "actors" in events else events.iloc[:0]
    if not len(between):
        plural = "s" if len(events) != 1 else ""
        return f"China–Russia relations: {len(events):,} event{plural}, none between the two alone"
    scores = between["score"].astype(float)
    cooperation, conflict = int((scores > 0).sum()), int((scores < 0).sum())
    of = f"of {len(between):,} event{'s' if len(between) != 1 else ''} between the two"
    if conflict > cooperation:
        return f"China–Russia relations: more conflict than cooperation ({conflict:,} {of})"
    if cooperation > conflict:
        return f"China–Russia relations: more cooperation than conflict ({cooperation:,} {of})"
    return f"China–Russia relations: as much cooperation as conflict ({cooperation:,} each, {of})"


def briefing_text(events: pd.DataFrame, articles: pd.DataFrame, filters_text: str, lanes: str = DEFAULT_LANES,
                  title: str | None = None, today: dt.date | None = None) -> BriefingText:
    """Title (the point), subtitle (what is measured, the filters and the span), source line."""
    from core.views.charts import span_label

    lane_words = {"type": "by event type", "theme": "by theme", "actor": "by actor"}.get(lanes, f"by {lanes}")
    selected = "All events" if filters_text == "all events" else f"Selected: {filters_text}"
    subtitle = (f"Events reported in news articles, {lane_words}; colour: cooperation or conflict (PLOVER). "
                f"{selected}. {span_label(events)}.")
    return BriefingText(title or point_title(events), subtitle, source_line(events, articles, today))


def briefing_figure(events: pd.DataFrame, articles: pd.DataFrame | None, known: pd.DataFrame | None,
                    text: BriefingText, size: str = "slide", lanes: str = "type", colour: str = "quad",
                    show_known: bool = True, actor_names: dict[str, str] | None = None) -> go.Figure:
    """The timeline laid out for one export size, with its title, subtitle, labels, legend
    and source line."""
    from core.views.charts import TimelineOptions, timeline_figure

    width, height = EXPORT_SIZES[size]
    options = TimelineOptions(lanes=lanes, colour=colour, show_known=show_known, title=text.title,
                              subtitle=text.subtitle, source_line=text.source_line, width=width, height=height)
    return timeline_figure(events, articles, known, options, actor_names)


def export_images(events: pd.DataFrame, articles: pd.DataFrame | None, known: pd.DataFrame | None,
                  text: BriefingText, size: str, lanes: str = "type", colour: str = "quad", show_known: bool = True,
                  actor_names: dict[str, str] | None = None) -> dict[str, bytes]:
    """PNG, SVG and PDF of the timeline at one export size."""
    fig = briefing_figure(events, articles, known, text, size, lanes, colour, show_known, actor_names)
    width, height = EXPORT_SIZES[size]
    return {fmt: figure_image(fig, fmt, width, height) for fmt in IMAGE_FORMATS}


def by_date(events: pd.DataFrame) -> pd.DataFrame:
    """Events in the order of their dates as labelled: "2024" (even from a span over earlier
    years, "de afgelopen jaren") after every date in 2023; undated last."""
    if not len(events) or "date_start" not in events:
        return events
    from core.views.charts import unit_spans

    start, end = unit_spans(events)
    return (events.assign(_start=start, _end=end).sort_values(["_start", "_end"], na_position="last", kind="stable")
            .drop(columns=["_start", "_end"]))


# The HTML briefing runs its own inline scripts and styles and nothing from elsewhere.
BRIEFING_CSP = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
                "img-src data:; font-src data:")
QUOTES = "\"'“”„‘’‚«»「」"


def _quoted(sentence: str) -> str:
    """A sentence in quotation marks, unless it starts with its own ("We hebben…")."""
    text = " ".join(str(sentence).split())
    return text if text[:1] in QUOTES else f"“{text}”"


def html_briefing(fig: go.Figure, events: pd.DataFrame, title: str, subtitle: str, source_line: str,
                  articles: pd.DataFrame | None = None, actor_names: Mapping[str, str] | None = None) -> str:
    """A self-contained page: the title once, the interactive chart (plotly.js inline) and
    the events by date with their headlines, actors by name and their sources (article
    title and outlet). Opens offline; every text from an article is escaped."""
    chart = fig.to_html(full_html=False, include_plotlyjs=True, config={"displaylogo": False})
    names = actor_names or {}
    by_file = ({row["file"]: row for row in articles.to_dict("records")}
               if articles is not None and len(articles) else {})
    rows = []
    ordered = by_date(events)
    for row in ordered.to_dict("records"):
        actors = ", ".join(names.get(a, a) for a in (row.get("actors") if row.get("actors") is not None else []))
        article = by_file.get(row.get("article_file"), {})
        cited = article.get("title") or row.get("article_file")
        where = outlet(article) if article else None
        published = article.get("published") if article else None
        citation = " · ".join(str(p) for p in (cited, where, published) if p)
        date_text = row.get("date_text")
        headline = row.get("headline") if isinstance(row.get("headline"), str) else ""
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(row.get('date') or 'undated'))}</td>"
            f"<td><b>{html.escape(headline)}</b><br><small>{html.escape(str(row.get('type', '')).title())}</small></td>"
            f"<td>{html.escape(actors)}</td>"
            f"<td>{html.escape(_quoted(row.get('sentence', '')))}<br><small>{html.escape(citation)}"
            + (f" · date from “{html.escape(date_text)}”" if isinstance(date_text, str) and date_text else "") +
            "</small></td>"
            "</tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{BRIEFING_CSP}">
<title>{html.escape(title)}</title>
<style>
 body {{ font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; color: #1F2933; margin: 32px auto;
        max-width: 1200px; }}
 h1 {{ font-size: 24px; margin-bottom: 4px; }} .sub {{ color: #52606D; margin-top: 0; }}
 table {{ border-collapse: collapse; width: 100%; font-size: 13px; margin-top: 24px; }}
 th, td {{ border-bottom: 1px solid #E4E7EB; padding: 6px 8px; text-align: left; vertical-align: top; }}
 th {{ background: #F5F7FA; }} small {{ color: #7B8794; }} .source {{ color: #7B8794; font-size: 12px; }}
</style></head><body>
<h1>{html.escape(title)}</h1><p class="sub">{html.escape(subtitle)}</p>
{chart}
<p class="source">{html.escape(source_line)}</p>
<table><thead><tr><th>Date</th><th>Event</th><th>Actors</th><th>Source</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
</body></html>"""
