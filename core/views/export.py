"""Exports in the fixed format of DESIGN.md ("Export format"), and the one registry of
table formats: CSV, XLSX and JSONL, each with its MIME type, extension and writer (the
chronology's document formats, DOCX and Markdown, use `DocumentFormat`).

The command line (`export`, `changes`), the dashboard's download buttons and the
briefing's `table_bytes` all write through `TABLE_FORMATS`: adding a format is one entry
there. Every spreadsheet cell goes through `neutralise`: a cell a spreadsheet would run as
a formula is written as text.

CSV is UTF-8 with a byte-order mark: without one, Excel reads the file in the system's
code page and shows "OekraÃ¯ne" for "Oekraïne". XLSX is laid out for reading as it is
(`xlsx_columns`, `to_xlsx`): the columns a reader looks at first (date, type, actors,
headline, sentence, article), then the technical ones; widths fitted to the content, long
text wrapped, a bold header row that stays in view, and full dates as dates.
"""
from __future__ import annotations

import copy
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
    """CSV with list fields joined by ';'; cells neutralised (`neutralise`). Text: `csv_bytes`
    adds the byte-order mark."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(record.get(key), ";") for key in fields})
    return buffer.getvalue()


UTF8_BOM = "\ufeff"


def csv_bytes(records: Iterable[Record], fields: Sequence[str]) -> bytes:
    """The CSV a spreadsheet opens as it is: UTF-8 with a byte-order mark (Excel reads a
    CSV without one in the system's code page). pandas reads it as it is; Python's csv
    module with encoding="utf-8-sig"."""
    return (UTF8_BOM + to_csv(records, fields)).encode("utf-8")


# The columns a reader of a spreadsheet looks at first, in this order; the others (ids,
# offsets, scores, how a date was found) follow in the order they were asked for.
READING_ORDER = ("change", "date", "type", "actors", "source_actors", "target_actors", "people", "modality",
                 "headline", "title", "sentence", "article_file", "published", "sources", "field", "old", "new",
                 "reason", "new_sources")
# Columns holding the label of a period ("2021", "2021-03" or "2021-03-22"): text, never a
# day that the label does not give.
PERIOD_LABELS = frozenset({"date", "published", "old", "new"})
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 6, 60       # column widths in characters
XLSX_WIDTH_SAMPLE = 2_000                    # rows looked at to fit a column's width
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def xlsx_columns(fields: Sequence[str]) -> list[str]:
    """The fields in a spreadsheet's order: READING_ORDER first, then the rest as asked."""
    first = [f for f in READING_ORDER if f in fields]
    return first + [f for f in fields if f not in first]


def _date_columns(rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> set[int]:
    """The columns (by index) whose every filled cell is a full date: written as dates."""
    out = set()
    for index, name in enumerate(columns):
        if name in PERIOD_LABELS:
            continue
        values = [row[index] for row in rows if row[index] not in (None, "")]
        if values and all(isinstance(v, dt.date) or (isinstance(v, str) and _FULL_DATE.fullmatch(v))
                          for v in values):
            out.add(index)
    return out


def _as_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return value


def _width(value: Any) -> int:
    """A cell's width in characters: its longest line (a date takes ten)."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def to_xlsx(records: Iterable[Record], fields: Sequence[str], sheet: str = "events") -> bytes:
    """One sheet, laid out for reading: the columns in `xlsx_columns` order, list fields
    joined by '; ', cells neutralised and `xml_safe`; each column as wide as its content
    (XLSX_MIN_WIDTH to XLSX_MAX_WIDTH characters), longer text wrapped; the header bold and
    frozen, with a filter; columns of full dates as dates (yyyy-mm-dd)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = xlsx_columns(fields)
    rows: list[list[Any]] = []
    for record in records:
        row = []
        for key in columns:
            value = _cell(record.get(key), "; ")
            row.append(xml_safe(value) if isinstance(value, str) else value)
        rows.append(row)
    dates = _date_columns(rows, columns)
    for row in rows:
        for index in dates:
            row[index] = _as_date(row[index])
    sample = rows[:XLSX_WIDTH_SAMPLE]
    widths = [min(XLSX_MAX_WIDTH, max(XLSX_MIN_WIDTH, len(name) + 2, *(_width(r[i]) + 1 for r in sample)))
              for i, name in enumerate(columns)]

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        page.column_dimensions[get_column_letter(index)].width = width
    if columns:
        page.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    header = []
    for name in columns:
        cell = WriteOnlyCell(page, value=name)
        cell.font, cell.alignment = Font(bold=True), Alignment(vertical="top")
        header.append(cell)
    page.append(header)
    # each cell's style is one of three, made once and copied (styling cell by cell is slow)
    styles = {}
    for kind, alignment, number_format in (("top", Alignment(vertical="top"), "General"),
                                           ("wrapped", Alignment(wrap_text=True, vertical="top"), "General"),
                                           ("date", Alignment(vertical="top"), "yyyy-mm-dd")):
        template = WriteOnlyCell(page)
        template.alignment, template.number_format = alignment, number_format
        styles[kind] = template._style
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(page, value=value)
            if index in dates and value is not None:
                kind = "date"
            elif isinstance(value, str) and (_width(value) >= widths[index] or "\n" in value):
                kind = "wrapped"
            else:
                kind = "top"
            cell._style = copy.copy(styles[kind])
            cells.append(cell)
        page.append(cells)
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
        TableFormat("csv", "csv", "text/csv; charset=utf-8", csv_bytes),
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
