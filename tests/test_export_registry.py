"""The one registry of table formats (core.views.export.TABLE_FORMATS): every format
round-trips a hostile record, spreadsheets never see a formula, and the command line
offers exactly the registered formats."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest

from core.cli.main import build_parser
from core.views import briefing, changes, chronology
from core.views.export import FORMULA_STARTS, TABLE_FORMATS, neutralise, table_bytes, table_format

FIELDS = ("sentence", "actors", "title", "score", "note")
HOSTILE = {
    "sentence": "=HYPERLINK(\"http://evil.example\",\"click\")",
    "actors": ["CHN", "=1+1"],
    "title": "<script>alert(1)</script> **bold** China\x0b en\x1b[31m Rusland",
    "score": -8.0,
    "note": "@SUM(A1:A9)",
}


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


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
    assert list(row) == list(FIELDS), "the columns in the order asked for"
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
