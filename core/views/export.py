"""Exports in the fixed format of DESIGN.md ("Export format"), and the one registry of
table formats: CSV, XLSX and JSONL, each with its MIME type, extension and writer (the
chronology's document formats, DOCX and Markdown, use `DocumentFormat`).

The command line (`export`, `changes`), the dashboard's download buttons and the
briefing's `table_bytes` all write through `TABLE_FORMATS`: adding a format is one entry
there. Every spreadsheet cell goes through `neutralise`: a cell a spreadsheet would run as
a formula is written as text.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # pandas is imported where a frame is made: the command line starts without it
    import pandas as pd

EVENT_FIELDS = (
    "event_id", "article_file", "sentence", "char_start", "char_end", "type", "quad", "score", "actors",
    "source_actors", "target_actors", "people", "modality", "date", "granularity", "date_start",
    "date_end", "date_text", "date_basis", "confidence", "known_event", "language", "sources",
    "corrected", "pinned", "headline", "independent_sources",
)
ARTICLE_FIELDS = (
    "article_file", "title", "language", "published", "published_granularity", "published_basis",
    "events", "warnings",
)


def _plain(value: Any) -> Any:
    """A JSON-ready value: lists for arrays, ISO strings for dates, None for missing."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple, str)) and not hasattr(value, "tolist") and _missing(value):
        return None
    if isinstance(value, dt.date):  # a pandas Timestamp is a datetime
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _missing(value: Any) -> bool:
    """NaN, NaT and pandas' NA (which refuses to be a truth value)."""
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


def event_records(events: pd.DataFrame) -> list[dict[str, Any]]:
    """One record per mention; mentions of one event share its id and its sources."""
    if events.empty:
        return []
    sources = events.groupby("event_id")["article_file"].agg(lambda s: sorted(set(s))).to_dict()
    independent = independent_sources(events)
    records = []
    for row in events.to_dict("records"):
        row["sources"] = sources.get(row["event_id"], [row["article_file"]])
        row["independent_sources"] = independent.get(row["event_id"], row["sources"])
        records.append({key: _plain(row.get(key)) for key in EVENT_FIELDS})
    return records


def independent_sources(events: pd.DataFrame) -> dict[str, list[str]]:
    """event_id -> the articles that count, one per story: the story's original where it
    reports the event, else its first copy that does (by file name)."""
    import pandas as pd

    if events.empty:
        return {}
    story = events["story_id"].fillna(events["article_id"]) if "story_id" in events else events["article_id"]
    frame = pd.DataFrame({"event_id": events["event_id"], "file": events["article_file"], "story": story,
                          "original": (events["article_id"] == story) if "article_id" in events else True})
    frame = frame.drop_duplicates().sort_values(["event_id", "story", "original", "file"],
                                                ascending=[True, True, False, True])
    firsts = frame.drop_duplicates(["event_id", "story"])
    return firsts.groupby("event_id")["file"].agg(lambda s: sorted(set(s))).to_dict()


def article_records(articles: pd.DataFrame) -> list[dict[str, Any]]:
    records = []
    for row in articles.to_dict("records"):
        row["article_file"] = row["file"]
        row["events"] = row.get("n_events")
        records.append({key: _plain(row.get(key)) for key in ARTICLE_FIELDS})
    return records


Record = Mapping[str, Any]

# What a spreadsheet (Excel, LibreOffice, Google Sheets) reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 cannot hold, so neither a spreadsheet nor a Word document
# (those of openpyxl's ILLEGAL_CHARACTERS_RE).
XML_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def xml_safe(text: str) -> str:
    """Text an XML document can hold: its control characters replaced by spaces (stripped,
    not refused: one "\\x0b" in a sentence would make the whole export fail)."""
    return XML_ILLEGAL.sub(" ", text)


def neutralise(value: str) -> str:
    """A cell's text that a spreadsheet shows as text, never runs: a leading quote before
    a formula's first character (= + - @, a tab or a carriage return)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: Any, joiner: str) -> Any:
    """A record's value as one spreadsheet cell: lists joined, text neutralised."""
    if isinstance(value, (list, tuple)):
        value = joiner.join(str(v) for v in value)
    return neutralise(value) if isinstance(value, str) else value


def to_jsonl(records: Iterable[Record]) -> str:
    return "".join(json.dumps(dict(r), ensure_ascii=False) + "\n" for r in records)


def to_csv(records: Iterable[Record], fields: Sequence[str]) -> str:
    """CSV with list fields joined by ';'; cells neutralised (`neutralise`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(record.get(key), ";") for key in fields})
    return buffer.getvalue()


def to_xlsx(records: Iterable[Record], fields: Sequence[str], sheet: str = "events") -> bytes:
    """One sheet with list fields joined by '; '; cells neutralised and `xml_safe`."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.append(list(fields))
    for record in records:
        row = []
        for key in fields:
            value = _cell(record.get(key), "; ")
            row.append(xml_safe(value) if isinstance(value, str) else value)
        page.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class TableFormat:
    """A way to write rows of records: its name (the command line's --format), file
    extension, MIME type and writer (records, fields -> bytes)."""

    name: str
    extension: str
    mime: str
    write: Callable[[Sequence[Record], Sequence[str]], bytes]
    binary: bool = False  # not text: written to a file, or to standard output as bytes

    @property
    def label(self) -> str:
        return self.name.upper()

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.extension}"


TABLE_FORMATS: dict[str, TableFormat] = {
    fmt.name: fmt for fmt in (
        TableFormat("csv", "csv", "text/csv", lambda records, fields: to_csv(records, fields).encode("utf-8")),
        TableFormat("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    to_xlsx, binary=True),
        TableFormat("jsonl", "jsonl", "application/jsonl",
                    lambda records, fields: to_jsonl({k: r.get(k) for k in fields} for r in records).encode("utf-8")),
    )
}


Doc = TypeVar("Doc")


@dataclass(frozen=True, slots=True)
class DocumentFormat(Generic[Doc]):
    """A way to write one document (the chronology: core.views.chronology.FORMATS, beside
    its writers): its name, extension, MIME type, label and writer (document -> bytes)."""

    name: str
    extension: str
    mime: str
    label: str
    write: Callable[[Doc], bytes]

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.extension}"


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def table_format(name: str) -> TableFormat:
    """The registered format of that name; ValueError for any other."""
    try:
        return TABLE_FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown table format {name!r}") from None


def table_bytes(records: Sequence[Record], fields: Sequence[str], fmt: str) -> bytes:
    """Records in one registered table format."""
    return table_format(fmt).write(records, fields)
