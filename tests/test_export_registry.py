"""The one registry of table formats (core.views.export.TABLE_FORMATS): every format
round-trips a hostile record, spreadsheets never see a formula, and the command line
offers exactly the registered formats."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest

from core.cli.main import build_parser
from core.views import briefing, changes, chronology, export
from core.views.export import FORMULA_STARTS, TABLE_FORMATS, neutralise, table_bytes, table_format, xlsx_columns

FIELDS = ("sentence", "actors", "title", "score", "note")
HOSTILE = {
    "sentence": "=HYPERLINK(\"http://evil.example\",\"click\")",
    "actors": ["CHN", "=1+1"],
    "title": "<script>alert(1)</script> **bold** China\x0b en\x1b[31m Rusland",
    "score": -8.0,
    "note": "@SUM(A1:A9)",
}


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row), "a cell was stored as a formula"
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return [dict(zip(header, row)) for row in rows]


def read_jsonl(data: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


# A reader per registered format: a new format needs one here (the test below says so).
READERS: dict[str, Callable[[bytes], list[dict]]] = {"csv": read_csv, "xlsx": read_xlsx, "jsonl": read_jsonl}
SPREADSHEETS = {"csv": ";", "xlsx": "; "}  # format -> how a list is joined in one cell


def test_every_registered_format_has_a_reader_here() -> None:
    assert set(TABLE_FORMATS) == set(READERS)


@pytest.mark.parametrize("name", sorted(TABLE_FORMATS))
def test_a_hostile_record_round_trips(name: str) -> None:
    fmt = TABLE_FORMATS[name]
    assert fmt.name == name and fmt.extension and "/" in fmt.mime and fmt.file_name("events").endswith(fmt.extension)
    data = fmt.write([HOSTILE], FIELDS)
    assert isinstance(data, bytes)
    (row,) = READERS[name](data)
    order = xlsx_columns(FIELDS) if name == "xlsx" else list(FIELDS)
    assert list(row) == order, "the columns in the order asked for (a spreadsheet's reading order)"
    if name not in SPREADSHEETS:  # a data format keeps every value as it is
        assert row == HOSTILE
        return
    joined = SPREADSHEETS[name]
    assert row["sentence"] == "'" + HOSTILE["sentence"]
    assert row["note"] == "'@SUM(A1:A9)"
    assert row["actors"] == f"CHN{joined}=1+1", "only a cell's start makes a formula"
    assert float(str(row["score"])) == -8.0, "numbers stay numbers, even negative ones"
    title = str(row["title"])
    assert "<script>alert(1)</script> **bold** China" in title, "markup is text"
    if name == "xlsx":  # a sheet cannot hold control characters: spaces instead
        assert title.endswith("China  en [31m Rusland")
    else:
        assert title.endswith("China\x0b en\x1b[31m Rusland")
    for key, value in row.items():
        assert key == "score" or not str(value).startswith(FORMULA_STARTS)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_one_neutraliser(start: str) -> None:
    assert neutralise(f"{start}cmd") == f"'{start}cmd"
    assert neutralise(f"a{start}cmd") == f"a{start}cmd"
    assert neutralise("") == ""


@pytest.mark.parametrize("name", sorted(TABLE_FORMATS))
def test_the_tables_of_the_views_use_the_registry(name: str) -> None:
    events = pd.DataFrame([{"event_id": "e1", "article_id": "a1", "article_file": "=a.txt", "sentence": "+x",
                            "actors": ["CHN"]}])
    assert briefing.table_bytes(events, name) == table_bytes(
        [dict.fromkeys(briefing.EVENT_FIELDS) | {"event_id": "e1", "article_file": "=a.txt", "sentence": "+x",
                                                 "actors": ["CHN"], "sources": ["=a.txt"],
                                                 "independent_sources": ["=a.txt"]}],
        briefing.EVENT_FIELDS, name)
    frame = pd.DataFrame([dict.fromkeys(changes.CHANGE_COLUMNS) | {"change": "new", "headline": "-x", "sources": []}])
    assert READERS[name](changes.table_bytes(frame, name))[0]["change"] == "new"


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown table format"):
        table_format("docx")
    with pytest.raises(ValueError, match="unknown table format"):
        briefing.table_bytes(pd.DataFrame(), "pdf")


def test_the_command_line_offers_the_registered_formats() -> None:
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    for command in ("export", "changes"):
        option = next(a for a in subcommands[command]._actions if a.dest == "format")
        assert tuple(option.choices) == tuple(TABLE_FORMATS), command


def hostile_chronology() -> chronology.Chronology:
    entry = chronology.Entry(date="22 Mar 2021", headline=HOSTILE["title"], actors="China, =1+1",
                             sources=[str(HOSTILE["sentence"])])
    return chronology.Chronology(title="<b>Title</b> **x**", subtitle="sub\x0b", entries=[entry], left_out=0)


@pytest.mark.parametrize("name", sorted(chronology.FORMATS))
def test_every_document_format_of_the_chronology_writes_a_hostile_entry(name: str) -> None:
    doc = chronology.FORMATS[name]
    assert doc.name == name and "/" in doc.mime and doc.file_name("chronology") == f"chronology.{doc.extension}"
    data = doc.write(hostile_chronology())
    assert isinstance(data, bytes) and data
    if name == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        cells = [c.text for t in docx.Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells]
        assert "<b>Title</b> **x**" in text, "text, as written"
        assert any("<script>alert(1)</script>" in c for c in cells)
    else:
        markdown = data.decode("utf-8")
        assert "<script>" not in markdown and "**bold**" not in markdown, "escaped for Markdown"


ACCENTED = {"sentence": "Oekraïne – “vrede” en Peking’s plan", "actors": ["CHN", "UKR"], "title": "Zelensky à Kyiv",
            "score": 1.0, "note": "=1+1"}


def test_csv_is_utf8_with_a_byte_order_mark_and_reads_back_unchanged(tmp_path) -> None:
    data = table_bytes([ACCENTED], FIELDS, "csv")
    assert data[:3] == b"\xef\xbb\xbf" and data[3:3 + len(FIELDS[0])] == FIELDS[0].encode()
    assert "Oekraïne –".encode() in data
    (path := tmp_path / "events.csv").write_bytes(data)
    frame = pd.read_csv(path)  # pandas reads the mark away
    assert list(frame.columns) == list(FIELDS)
    assert frame.loc[0, "sentence"] == ACCENTED["sentence"] and frame.loc[0, "title"] == ACCENTED["title"]
    assert frame.loc[0, "actors"] == "CHN;UKR" and frame.loc[0, "note"] == "'=1+1"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["sentence"] == ACCENTED["sentence"] and list(row) == list(FIELDS)


def test_the_command_line_csv_has_the_mark_too(seeds_store, tmp_path) -> None:
    from core.cli.main import main

    out = tmp_path / "events.csv"
    assert main(["export", "--db", str(seeds_store), "--what", "events", "--format", "csv", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfevent_id,article_file,")
    frame = pd.read_csv(out)
    assert frame.columns[0] == "event_id" and len(frame) > 10
    assert frame["sentence"].str.contains("Oekraïne").any(), "accents survive the round trip"


def events_sheet(seeds_store):
    from core.store import reads
    from core.store.filters import Filters

    events = reads.events(seeds_store, Filters())
    book = openpyxl.load_workbook(io.BytesIO(briefing.table_bytes(events, "xlsx")))
    return events, book.active


def test_xlsx_reads_well_as_it_is(seeds_store) -> None:
    events, sheet = events_sheet(seeds_store)
    header = [c.value for c in sheet[1]]
    assert header[:10] == ["date", "type", "actors", "source_actors", "target_actors", "people", "modality",
                           "headline", "sentence", "article_file"], "what a reader looks at first"
    assert header.index("event_id") > header.index("article_file") and header.index("char_start") > 10
    assert sorted(header) == sorted(export.EVENT_FIELDS), "every field, once"
    assert sheet.freeze_panes == "A2", "the header stays in view"
    assert all(c.font.b for c in sheet[1]) and not sheet.cell(2, 1).font.b
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(events) + 1}"
    width = {name: sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width for i, name in enumerate(header)}
    assert width["sentence"] == export.XLSX_MAX_WIDTH, "long text: capped"
    assert export.XLSX_MIN_WIDTH <= width["type"] < 15 and width["granularity"] < width["headline"]
    assert all(export.XLSX_MIN_WIDTH <= w <= export.XLSX_MAX_WIDTH for w in width.values())
    column = {name: [sheet.cell(r, i + 1) for r in range(2, sheet.max_row + 1)] for i, name in enumerate(header)}
    assert all(c.alignment.wrap_text for c in column["sentence"] if len(str(c.value)) > export.XLSX_MAX_WIDTH)
    assert not any(c.alignment.wrap_text for c in column["type"])
    for name in ("date_start", "date_end"):  # full dates: real dates, shown as such
        assert all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in column[name])
    first = events.sort_values("date_start").iloc[0]
    assert min(c.value for c in column["date_start"]).date() == pd.Timestamp(first["date_start"]).date()
    # a period's label stays text: "2021-03" is not the first of March
    assert all(isinstance(c.value, str) for c in column["date"]) and any(len(c.value) < 10 for c in column["date"])


def test_xlsx_columns_order() -> None:
    assert export.xlsx_columns(("event_id", "sentence", "zeta", "date", "type")) == \
        ["date", "type", "sentence", "event_id", "zeta"]
    assert export.xlsx_columns(export.ARTICLE_FIELDS)[:3] == ["title", "article_file", "published"]
