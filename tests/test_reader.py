"""Reading files: formats, headers, metadata, encodings, refusals."""
from __future__ import annotations

import json

import pytest

from core.models import PublishedBasis
from core.parse.reader import Refused, decode, read_bytes

BODY = "De Chinese minister Wang Yi ontmoette gisteren zijn Russische collega Lavrov in Peking."


def test_seed_header_inline() -> None:
    [article] = read_bytes("a.txt", f" date 2021-03 {BODY}".encode())
    assert (article.published, article.published_basis) == ("2021-03", PublishedBasis.HEADER)
    assert article.text.startswith("De Chinese minister")


def test_date_first_line() -> None:
    [article] = read_bytes("a.txt", f"date: 2021-03-22\n{BODY}".encode())
    assert article.published == "2021-03-22"
    assert "date:" not in article.text


def test_markdown_front_matter() -> None:
    text = f"---\ntitle: Wang in Moskou\ndate: 2024-05-17\nsource: Krant\nlanguage: nl\n---\n# Kop\n\n{BODY}\n"
    [article] = read_bytes("a.md", text.encode())
    assert (article.title, article.published, article.source, article.language) == (
        "Wang in Moskou", "2024-05-17", "Krant", "nl")
    assert article.published_basis is PublishedBasis.METADATA
    assert "#" not in article.text


def test_markdown_bad_front_matter_is_a_warning() -> None:
    text = f"---\ntitle: [unclosed\ndate: 2024-05-17\n---\n{BODY}\n"
    [article] = read_bytes("a.md", text.encode())
    assert any("front matter" in w for w in article.warnings)
    assert article.published is None


def test_html_main_text_and_metadata() -> None:
    html = f"""<html lang="nl"><head><title>Titel</title>
    <meta property="article:published_time" content="2022-09-16T08:30:00+02:00"></head>
    <body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
    <article><h1>Xi en Poetin</h1><p>{BODY}</p><p>{BODY.replace('gisteren', 'vandaag')}</p></article>
    <footer>Cookie-instellingen</footer></body></html>"""
    [article] = read_bytes("a.html", html.encode())
    assert article.published == "2022-09-16"
    assert article.language == "nl"
    assert "Wang Yi" in article.text and "Sport" not in article.text


def test_html_metadata_naming_only_a_month_gives_the_month() -> None:
    html = f"""<html lang="nl"><head><title>Titel</title>
    <meta property="article:published_time" content="2023-10"></head>
    <body><article><h1>Xi en Poetin</h1><p>{BODY}</p></article></body></html>"""
    [article] = read_bytes("a.html", html.encode())
    assert article.published == "2023-10"


def test_the_same_page_twice_gives_the_same_text() -> None:
    html = f"<html><body><article><p>{BODY}</p><p>{BODY.replace('gisteren', 'vandaag')}</p></article></body></html>"
    first = read_bytes("a.html", html.encode())[0].text
    second = read_bytes("a.html", html.encode())[0].text
    assert first == second and "Wang Yi" in second


def test_json_article_fields() -> None:
    obj = {"body": BODY, "published": "2023-02-19T10:00:00Z", "title": "T", "url": "https://x.test/a"}
    [article] = read_bytes("a.json", json.dumps(obj).encode())
    assert (article.published, article.title, article.url) == ("2023-02-19", "T", "https://x.test/a")


@pytest.mark.parametrize("payload,reason", [
    ("[1, 2, 3]", "list"), ('{"title": "x"}', "no text field"), ('{"text": 5}', "not text"),
    ('{"text": "a"', "not valid JSON"),
])
def test_json_that_is_not_an_article(payload: str, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        read_bytes("a.json", payload.encode())


def test_jsonl_bad_line_among_good_ones() -> None:
    lines = [json.dumps({"text": BODY, "date": "2022-03-31"}), "{broken", json.dumps({"text": BODY + " Twee."})]
    articles = read_bytes("a.jsonl", "\n".join(lines).encode())
    assert [a.part for a in articles] == [1, 3]
    # said once per file (with its first article), not copied onto every article
    assert [sum("line 2" in w for w in a.warnings) for a in articles] == [1, 0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings(encoding: str) -> None:
    text = "Rusland en Oekraïne: Poetin zegt dat België en Frankrijk één lijn trekken."
    decoded, warnings = decode(text.encode(encoding))
    assert decoded == text
    assert (encoding == "cp1252") == any("Windows-1252" in w for w in warnings)


def test_truncated_utf8_keeps_the_rest() -> None:
    data = ("Oekraïne " * 20 + "ï").encode()[:-1]
    text, warnings = decode(data)
    assert text.startswith("Oekraïne") and warnings


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"), (b"   \n\t ", "empty"), (bytes(range(256)) * 4, "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"), (b"PK\x03\x04" + bytes(range(256)), "binary"),
    (b"kort", "too little text"),
])
def test_refusals(data: bytes, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        read_bytes("x.txt", data)


def test_future_and_ancient_dates_are_ignored() -> None:
    [future] = read_bytes("a.txt", f"date: 2999-01-01\n{BODY}".encode())
    [old] = read_bytes("b.txt", f"date: 1850-01-01\n{BODY}".encode())
    assert future.published is None and any("future" in w for w in future.warnings)
    assert old.published is None and any("1900" in w for w in old.warnings)


def test_unknown_extension_is_refused(tmp_path) -> None:
    from core.parse.reader import read_file
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(Refused, match="unsupported file type"):
        read_file(path)
