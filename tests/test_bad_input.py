"""Bad input: every file gets a clear outcome, the run goes on, nothing stored is lost.

The corpus is generated here (one fixture); the expectations are per file: refused
with a reason, or read (perhaps in part) with a warning.
"""
from __future__ import annotations

import json
import os
import random
import time
import zipfile
from pathlib import Path

import pytest

from core.ingest.run import ingest
from core.store import Store
from tests.conftest import SEEDS

GOOD = ("De Chinese minister Wang Yi heeft gisteren in Peking zijn Russische collega Lavrov ontmoet. "
        "Beide landen beloofden de samenwerking te versterken.")


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, object]:
    """The bad-input corpus, with what each file must give."""
    folder = tmp_path_factory.mktemp("bad")
    rng = random.Random(1)
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2000))
    buffer = folder / "tmp.zip"
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("a.txt", GOOD * 20)
    zip_bytes = buffer.read_bytes()
    buffer.unlink()
    expect: dict[str, tuple[str, str]] = {}  # name -> ("refused" | "read", words in the reason/warning)

    def add(name: str, data: bytes | str, outcome: str, words: str = "") -> None:
        write(folder, name, data)
        expect[name] = (outcome, words)

    def good(name: str) -> str:
        """A good text of its own (the same text twice would be one article)."""
        return f"{GOOD} Dit is het bericht {name!r}."

    add("empty.txt", b"", "refused", "empty file")
    add("whitespace.txt", "  \n\t\n   ", "refused", "empty")
    add("random.txt", bytes(rng.randrange(256) for _ in range(5000)), "refused", "binary")
    add("picture.txt", png, "refused", "binary")
    add("archive.txt", zip_bytes, "refused", "binary")
    add("huge.txt", "date: 2022-03-01\n" + (GOOD + "\n\n") * (20_000_000 // (len(GOOD) + 2)), "read", "text cut")
    add("one_line.txt", "date: 2022-03-01\n" + (GOOD + " ") * (1_000_000 // (len(GOOD) + 1)), "read", "text cut")
    add("utf16.txt", ("date: 2022-03-01\n" + good("utf16")).encode("utf-16-le"), "read", "utf-16")
    add("cp1252.txt", ("date: 2022-03-01\nRusland en Oekraïne: België en Frankrijk reageren. " + GOOD).encode("cp1252"),
        "read", "Windows-1252")
    add("truncated.txt", ("date: 2022-03-01\n" + good("truncated") + " Oekraï").encode("utf-8")[:-1], "read", "truncated")
    add("malformed.html", "<html><body><p>" + GOOD + "<div><p><b>unclosed <i>tags " * 50, "read", "")
    add("nested.html", "<html><body>" + "<div>" * 5000 + f"<p>{good('nested')}</p>" + "</div>" * 10, "read", "")
    add("scripts.html", f"""<html><head><script>alert(1)</script></head><body>
        <iframe src="http://evil.test/"></iframe><article><p onclick="alert(2)">{GOOD}</p>
        <p>Meer tekst <img src=x onerror="alert(3)"> over China en Rusland en hun samenwerking.</p></article>
        <script>document.location='http://evil.test'</script></body></html>""", "read", "")
    add("array.json", "[1, 2, 3]", "refused", "holds a list, not an article")
    add("types.json", json.dumps({"text": 42, "date": "2021-01-01"}), "refused", "holds a number, not text")
    add("broken.json", '{"text": "abc', "refused", "not valid JSON")
    add("mixed.jsonl", "\n".join([json.dumps({"text": GOOD, "date": "2021-05-01"}), "{not json",
                                  json.dumps({"text": GOOD.replace("gisteren", "vandaag"), "date": "2021-05-02"})]),
        "read", "line 2")
    add("bad_date.md", f"---\ntitle: x\ndate: not-a-date\n---\n{GOOD}", "read", "not understood")
    add("future.txt", f"date: 2999-01-01\n{good('future')}", "read", "future")
    add("ancient.txt", f"date: 1850-01-01\n{good('ancient')}", "read", "before 1900")
    add("many_dates.txt", "date: 2022-03-01\n" + " ".join(f"Op {d % 28 + 1} maart 2021 sprak China met Rusland."
                                                            for d in range(10_000)), "read", "date expressions")
    add("name with spaces.txt", f"date: 2022-03-01\n{GOOD}", "read", "")
    add("naam-ünïcødé-中文.txt", f"date: 2022-03-02\n{GOOD} Ook Poetin sprak.", "read", "")
    add("line\nbreak.txt", f"date: 2022-03-03\n{GOOD} Xi sprak ook.", "read", "")
    add("empty\nname.txt", b"", "refused", "empty file")
    add("copy a.txt", f"date: 2022-04-01\n{GOOD} Een kopie.", "read", "")
    add("copy b.txt", f"date: 2022-04-01\n{GOOD} Een kopie.", "duplicate", "same article as copy a.txt")
    add("german.txt", "date: 2022-03-01\nChina und Russland haben gestern in Peking über Handel gesprochen "
                      "und mehrere Verträge unterzeichnet. Die Beziehungen seien sehr gut.", "read", "not supported")
    add("unreadable.txt", f"date: 2022-03-01\n{good('unreadable')}", "refused", "cannot read")
    os.chmod(folder / "unreadable.txt", 0)
    loop = folder / "loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    expect["dangling.txt"] = ("refused", "broken link")
    return {"folder": folder, "expect": expect}


@pytest.fixture(scope="module")
def outcome(corpus, tmp_path_factory):
    """Seeds stored first; then one run over the bad corpus, timed."""
    db = tmp_path_factory.mktemp("db") / "t.duckdb"
    ingest([SEEDS], db)
    with Store(db) as store:
        before = store.events_frame()
    unreadable = corpus["folder"] / "unreadable.txt"
    original_open = os.open

    def os_open(path, flags, *args, **kwargs):  # root reads files without permission: refuse as a user would be
        if os.fspath(path).endswith(unreadable.name):
            raise PermissionError(13, "Permission denied")
        return original_open(path, flags, *args, **kwargs)

    os.open = os_open  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        summary = ingest([corpus["folder"]], db)
        seconds = time.perf_counter() - started
    finally:
        os.open = original_open  # type: ignore[assignment]
    with Store(db) as store:
        after = store.events_frame()
        articles = store.articles_frame()
        files = store.files_frame()
    return {"summary": summary, "before": before, "after": after, "articles": articles, "files": files,
            "seconds": seconds, "db": db}


def reasons_for(outcome, name: str) -> list[str]:
    summary = outcome["summary"]
    texts = [r for p, r in summary.refused if Path(p).name == name]
    texts += [w for p, w in summary.warnings if Path(p).name.split("#")[0] == name]
    return texts


@pytest.mark.parametrize("name", [
    "empty.txt", "whitespace.txt", "random.txt", "picture.txt", "archive.txt", "huge.txt", "one_line.txt",
    "utf16.txt", "cp1252.txt", "truncated.txt", "malformed.html", "nested.html", "scripts.html", "array.json",
    "types.json", "broken.json", "mixed.jsonl", "bad_date.md", "future.txt", "ancient.txt", "many_dates.txt",
    "name with spaces.txt", "naam-ünïcødé-中文.txt", "line\nbreak.txt", "empty\nname.txt", "copy a.txt", "copy b.txt", "german.txt",
    "unreadable.txt", "dangling.txt",
])
def test_each_bad_file_has_a_clear_outcome(corpus, outcome, name: str) -> None:
    kind, words = corpus["expect"][name]
    refused = {Path(p).name for p, _ in outcome["summary"].refused}
    stored = set(outcome["articles"]["file"].str.split("#").str[0])
    if kind == "refused":
        assert name in refused and name not in stored
    elif kind == "read":
        assert name in stored, reasons_for(outcome, name)
    elif kind == "duplicate":
        assert name not in stored and name not in refused
    else:
        assert name in refused or name in stored
    if words:
        assert any(words.lower() in r.lower() for r in reasons_for(outcome, name)), reasons_for(outcome, name)


def test_nothing_stored_before_is_lost(outcome) -> None:
    before, after = outcome["before"], outcome["after"]
    assert set(before["mention_id"]) <= set(after["mention_id"])


def test_refusals_are_stored_for_the_articles_tab(outcome) -> None:
    files = outcome["files"]
    refused = files[files.status == "refused"]
    assert {"empty.txt", "random.txt", "array.json"} <= {Path(p).name for p in refused.path}
    assert refused.reason.str.len().min() > 5


def test_symlink_loop_and_hidden_files_do_not_hang(outcome) -> None:
    assert outcome["seconds"] < 120, "the run is bounded"


def test_hostile_html_is_stored_as_text(outcome) -> None:
    text = " ".join(outcome["articles"]["text"])
    assert "<script" not in text and "onerror" not in text and "evil.test" not in text


def test_caps_are_said(outcome) -> None:
    warnings = [w for _, w in outcome["summary"].warnings]
    assert any("text cut at" in w for w in warnings)
    assert any("date expressions" in w for w in warnings)


def test_summary_lines_stay_one_line_each(outcome) -> None:
    lines = outcome["summary"].lines()
    assert any("empty\\nname.txt: empty file" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_hostile_text_is_inert_in_every_export(tmp_path) -> None:
    from core.store import reads
    from core.store.filters import Filters
    from core.views import briefing, charts
    article = tmp_path / "hostile.txt"
    article.write_text("date: 2024-05-17\nGisteren tekenden China en Rusland een akkoord <script>alert(1)</script> "
                       "=HYPERLINK(\"http://evil.test\") [x](javascript:alert(2)) $x$.\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    ingest([article], db)
    events = reads.events(db, Filters())
    assert len(events) == 1
    page = briefing.html_briefing(charts.timeline_figure(events), events, "t", "s", "src")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    csv = briefing.table_bytes(events, "csv").decode()
    assert "<script>alert(1)</script>" in csv  # data stays data; a spreadsheet formula would not
    import io

    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(briefing.table_bytes(events, "xlsx"))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(c.startswith("=") for c in cells)
    assert "<script>" not in charts.hover_text(events.iloc[0])
