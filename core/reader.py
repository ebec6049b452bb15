"""Read a file into raw articles: decode, header or front matter, HTML to text, JSON.

`read_file` returns the articles a file holds or raises `Refused` with a reason a
user can act on; it never lets a bad file stop a run.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from core.models import PublishedBasis, RawArticle
from core.settings import MAX_FILE_BYTES, MIN_ARTICLE_CHARS, READ_EXTENSIONS

LOGGER = logging.getLogger(__name__)


class Refused(Exception):
    """A file that holds no article, with the reason."""


TEXT_FIELDS = ("text", "body", "content", "article", "fulltext")
DATE_FIELDS = ("date", "published", "publication_date", "published_at", "pubdate", "datetime")
HEADER_DATE = re.compile(
    r"\A\s*(?:date|datum|published|gepubliceerd)\s*[:=]?\s*"
    r"(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:[T ][\d:.+Z-]*)?\b[ \t]*\n?",
    re.I,
)
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


# --------------------------------------------------------------------------- decoding
def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text: BOMs, UTF-8, UTF-16 without BOM, then cp1252; refuses binary."""
    warnings: list[str] = []
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), warnings
            except UnicodeDecodeError as exc:
                raise Refused(f"starts with a {codec} byte-order mark but is not {codec}: {exc.reason}") from exc
    if _looks_utf16(data):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            text = data.decode(codec)
            warnings.append(f"read as {codec} (no byte-order mark)")
            return text, warnings
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise Refused("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            text = data[: exc.start].decode("utf-8")
            warnings.append("truncated UTF-8 at the end: the last character was dropped")
        else:
            text = data.decode("cp1252", errors="replace")
            warnings.append("not UTF-8: read as Windows-1252")
    if _control_ratio(text) > 0.05:
        raise Refused("binary content (control characters), not text")
    return text, warnings


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    return max(even_nul, odd_nul) > 0.4 and min(even_nul, odd_nul) < 0.05


CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")  # not tab, newline, form feed, return


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(CONTROL_CHARS.findall(sample)) / len(sample)


# --------------------------------------------------------------------------- dates in files
def normalise_date(value: Any) -> str | None:
    """A metadata date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', or None when unusable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?$", text)
    if m:
        year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        try:
            if day:
                return dt.date(year, month, day).isoformat()
            if month:
                dt.date(year, month, 1)
                return f"{year:04d}-{month:02d}"
            return f"{year:04d}"
        except ValueError:
            return None
    import dateparser  # local: only free-form metadata dates need it

    parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["year"], "STRICT_PARSING": False})
    return parsed.date().isoformat() if parsed else None


def plausible_publication(date: str | None, warnings: list[str]) -> str | None:
    """Drops a publication date before 1900 or more than a day in the future."""
    if not date:
        return None
    year = int(date[:4])
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    if year < 1900:
        warnings.append(f"publication date {date} is before 1900: ignored")
        return None
    if date > tomorrow.isoformat()[: len(date)]:
        warnings.append(f"publication date {date} is in the future: ignored")
        return None
    return date


# --------------------------------------------------------------------------- formats
def read_file(path: Path) -> list[RawArticle]:
    """The articles in one file; raises Refused with a reason."""
    suffix = path.suffix.lower()
    if suffix not in READ_EXTENSIONS:
        raise Refused(f"unsupported file type {suffix or '(none)'}; expected one of {' '.join(READ_EXTENSIONS)}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Refused(f"file is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror or exc}") from exc
    return read_bytes(path.name, data)


def read_bytes(name: str, data: bytes) -> list[RawArticle]:
    """The articles in a file's content (name gives the format)."""
    if not data.strip():
        raise Refused("empty file")
    text, warnings = decode(data)
    if not text.strip():
        raise Refused("only whitespace")
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        articles = [read_html(name, text)]
    elif suffix == ".json":
        articles = [read_json(name, text)]
    elif suffix == ".jsonl":
        articles = read_jsonl(name, text)
    elif suffix == ".md":
        articles = [read_markdown(name, text)]
    else:
        articles = [read_plain(name, text)]
    for article in articles:
        article.warnings[:0] = warnings
        article.published = plausible_publication(article.published, article.warnings)
        if article.published is None and article.published_basis is not PublishedBasis.UNKNOWN:
            article.published_basis = PublishedBasis.UNKNOWN
        if len(article.text.strip()) < MIN_ARTICLE_CHARS:
            raise Refused(f"too little text for an article ({len(article.text.strip())} characters)")
    return articles


def read_plain(name: str, text: str) -> RawArticle:
    """Plain text, with an optional `date 2021-03` / `date: 2021-03-22` header."""
    article = RawArticle(file=name, text=text)
    m = HEADER_DATE.match(text)
    if m:
        article.published = normalise_date(m[1])
        article.published_basis = PublishedBasis.HEADER
        article.text = text[m.end():]
    return article


def read_markdown(name: str, text: str) -> RawArticle:
    """Markdown with optional YAML front matter (date, title, source/url, language)."""
    m = FRONT_MATTER.match(text)
    if not m:
        return read_plain(name, text)
    article = RawArticle(file=name, text=text[m.end():])
    try:
        meta = yaml.safe_load(m[1]) or {}
    except yaml.YAMLError as exc:
        article.warnings.append(f"front matter is not valid YAML ({str(exc).splitlines()[0]}): ignored")
        return article
    if not isinstance(meta, dict):
        article.warnings.append("front matter is not a mapping: ignored")
        return article
    _apply_metadata(article, meta)
    article.text = re.sub(r"^#{1,6}\s+", "", article.text, flags=re.M)
    return article


def _apply_metadata(article: RawArticle, meta: dict[str, Any]) -> None:
    raw_date = next((meta[k] for k in DATE_FIELDS if meta.get(k) not in (None, "")), None)
    if raw_date is not None:
        date = normalise_date(raw_date)
        if date:
            article.published = date
            article.published_basis = PublishedBasis.METADATA
        else:
            article.warnings.append(f"publication date {str(raw_date)[:40]!r} not understood: ignored")
    for key in ("title", "source", "url", "language"):
        value = meta.get(key)
        if value is not None and not isinstance(value, (str, int, float)):
            article.warnings.append(f"field {key!r} is not text: ignored")
            continue
        if value not in (None, ""):
            setattr(article, key, str(value).strip()[:500])
    if article.language:
        article.language = article.language.lower()[:2]
    if not article.source and meta.get("url"):
        article.source = str(meta["url"])[:500]


def read_json(name: str, text: str) -> RawArticle:
    """One article as a JSON object."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    return _article_from_object(name, obj, 0)


def read_jsonl(name: str, text: str) -> list[RawArticle]:
    """One article per line; bad lines are reported, the others kept."""
    articles: list[RawArticle] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            articles.append(_article_from_object(name, json.loads(line), number))
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not valid JSON ({exc.msg})")
        except Refused as exc:
            problems.append(f"line {number}: {exc}")
    if not articles:
        raise Refused("no article in any line: " + "; ".join(problems[:5]) if problems else "no lines")
    for article in articles:
        article.warnings += problems
    return articles


def _article_from_object(name: str, obj: Any, part: int) -> RawArticle:
    if not isinstance(obj, dict):
        raise Refused(f"JSON holds a {_kind(obj)}, not an article object")
    body = next((obj[k] for k in TEXT_FIELDS if k in obj), None)
    if body is None:
        raise Refused(f"JSON object has no text field (one of {', '.join(TEXT_FIELDS)})")
    if not isinstance(body, str):
        raise Refused(f"the text field holds a {_kind(body)}, not text")
    article = RawArticle(file=name, text=body, part=part)
    if re.search(r"<(p|div|br|article|html|body)\b", body[:2000], re.I):
        article.text = html_to_text(body) or body
    _apply_metadata(article, obj)
    return article


def _kind(value: Any) -> str:
    return {"list": "list", "dict": "mapping", "int": "number", "float": "number", "bool": "true/false",
            "NoneType": "null"}.get(type(value).__name__, type(value).__name__)


def html_to_text(html: str) -> str:
    """Main text of an HTML page (trafilatura), paragraphs on their own lines."""
    import trafilatura

    # deduplicate=False: trafilatura's de-duplication remembers text across calls, so the
    # same page read twice in one process (a re-ingest) would come back empty
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=False)
    return text or _plain_html_text(html)


class _VisibleText(HTMLParser):
    """Text outside script, style, template and frames; no limit on nesting depth."""

    HIDDEN = {"script", "style", "template", "iframe", "noscript", "head", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.blocks.append(" ".join(data.split()))


def _plain_html_text(html: str) -> str:
    """All visible text of a page that trafilatura could not read (odd or very deep markup)."""
    parser = _VisibleText()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # the standard parser is lenient; still, a page is no reason to stop
        LOGGER.debug("plain text of a page: %s", exc)
    return "\n".join(b for b in parser.blocks if len(b) > 1)


def read_html(name: str, text: str) -> RawArticle:
    """An HTML page: main text, title, language and publication date from metadata."""
    import trafilatura
    from htmldate import find_date

    body = html_to_text(text)
    if not body.strip():
        raise Refused("HTML page without article text")
    article = RawArticle(file=name, text=body)
    try:
        meta = trafilatura.extract_metadata(text)
    except Exception as exc:  # malformed pages make the metadata extractor raise
        LOGGER.debug("metadata of %s: %s", name, exc)
        meta = None
    if meta is not None:
        article.title = (meta.title or "")[:500] or None
        article.url = meta.url or None
        article.source = meta.sitename or meta.hostname or None
    date = None
    try:
        date = find_date(text, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate raises on odd markup; a missing date is not fatal
        LOGGER.debug("htmldate on %s: %s", name, exc)
    if date:
        article.published = date
        article.published_basis = PublishedBasis.METADATA
    lang = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", text[:5000])
    if lang:
        article.language = lang[1].lower()
    return article
