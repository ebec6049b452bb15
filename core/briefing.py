"""Exports for briefings: the timeline as PNG (2x), SVG and PDF (kaleido with the
system's Chromium), a self-contained HTML briefing, and the event table as CSV, XLSX
and JSONL."""
from __future__ import annotations

import functools
import html
import io
import logging
import shutil
import threading
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go

from core.export import EVENT_FIELDS, event_records, to_csv, to_jsonl

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
    """The event table as CSV, XLSX or JSONL, in the export format."""
    records = event_records(events)
    if fmt == "csv":
        return to_csv(records, EVENT_FIELDS).encode("utf-8")
    if fmt == "jsonl":
        return to_jsonl(records).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # control characters a sheet cannot hold

        frame = pd.DataFrame(records, columns=list(EVENT_FIELDS))
        for column in frame.columns:
            frame[column] = frame[column].apply(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
            # stripped, not refused: one "\x0b" in a sentence would make the whole export fail
            frame[column] = frame[column].apply(lambda v: ILLEGAL_CHARACTERS_RE.sub(" ", v) if isinstance(v, str) else v)
            frame[column] = frame[column].apply(
                lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v)
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False, sheet_name="events")
        return buffer.getvalue()
    raise ValueError(f"unknown table format {fmt!r}")


def html_briefing(fig: go.Figure, events: pd.DataFrame, title: str, subtitle: str, source_line: str) -> str:
    """A self-contained page: the interactive chart (plotly.js inline) and the events with
    their citations. Opens offline; every text from an article is escaped."""
    chart = fig.to_html(full_html=False, include_plotlyjs=True, config={"displaylogo": False})
    rows = []
    for row in events.itertuples():
        actors = ", ".join(row.actors) if row.actors is not None else ""
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(row.date or 'undated'))}</td>"
            f"<td>{html.escape(str(row.type).title())}</td>"
            f"<td>{html.escape(actors)}</td>"
            f"<td>“{html.escape(str(row.sentence))}”<br><small>{html.escape(str(row.article_file))}"
            f"{' · ' + html.escape(str(row.date_text)) if row.date_text else ''}</small></td>"
            "</tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{html.escape(title)}</title>
<style>
 body {{ font-family: Inter, 'Helvetica Neue', Arial, sans-serif; color: #1F2933; margin: 32px auto; max-width: 1200px; }}
 h1 {{ font-size: 24px; margin-bottom: 4px; }} .sub {{ color: #52606D; margin-top: 0; }}
 table {{ border-collapse: collapse; width: 100%; font-size: 13px; margin-top: 24px; }}
 th, td {{ border-bottom: 1px solid #E4E7EB; padding: 6px 8px; text-align: left; vertical-align: top; }}
 th {{ background: #F5F7FA; }} small {{ color: #7B8794; }} .source {{ color: #7B8794; font-size: 12px; }}
</style></head><body>
<h1>{html.escape(title)}</h1><p class="sub">{html.escape(subtitle)}</p>
{chart}
<p class="source">{html.escape(source_line)}</p>
<table><thead><tr><th>Date</th><th>Type</th><th>Actors</th><th>Source sentence</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
</body></html>"""
