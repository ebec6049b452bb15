"""Read a file into raw articles: decode, header or front matter, HTML to text, JSON.

`read_file` returns the articles a file holds or raises `Refused` with a reason a
user can act on; it never lets a bad file stop a run.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from core.models import PublishedBasis, RawArticle
from core.settings import (
    MAX_DATE_FIELD_CHARS,
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_FRONT_MATTER_BYTES,
    MAX_LINE_PROBLEMS,
    MIN_ARTICLE_CHARS,
    READ_EXTENSIONS,
)

LOGGER = logging.getLogger(__name__)


class Refused(Exception):
    """A file that holds no article, with the reason."""


TEXT_FIELDS = ("text", "body", "content", "article", "fulltext")
DATE_FIELDS = ("date", "published", "publication_date", "published_at", "pubdate", "datetime")
# "[ \t]*(?:[:=][ \t]*)?" rather than "\s*[:=]?\s*": two optional runs of spaces side by
# side are tried in every split, quadratic on "date" followed by 100 KB of spaces.
HEADER_DATE = re.compile(
    r"\A\s*(?:date|datum|published|gepubliceerd)[ \t]*(?:[:=][ \t]*)?"
    r"(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:[T ][\d:.+Z-]*)?\b[ \t]*\n?",
    re.I,
)
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?", re.I)


# --------------------------------------------------------------------------- text that cannot be stored
# Lone surrogates (a JSON "\\udfff", a file name with bytes that are not UTF-8) cannot be
# encoded as UTF-8, so the store would refuse the whole batch: they are replaced here.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Control characters other than tab and line breaks: spreadsheets refuse them, terminals act on them.
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def repaired(text: str) -> tuple[str, int]:
    """Text the store can hold: lone surrogates become U+FFFD and stray control characters
    spaces; returns the text and how many characters were replaced."""
    fixed, surrogates = _SURROGATE.subn("\ufffd", text)
    fixed, controls = _STRAY_CONTROLS.subn(" ", fixed)
    return fixed, surrogates + controls


def shown_path(path: Path | str) -> str:
    """A path as the store keeps it: bytes that are not UTF-8 written as \\xff (it cannot
    hold them raw), everything else as it is."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _repair_article(article: RawArticle) -> None:
    """Every text field of an article made storable; the replacement is said once."""
    replaced = 0
    for name in ("file", "text", "title", "published", "language", "source", "url"):
        value = getattr(article, name)
        if isinstance(value, str):
            value, count = repaired(value)
            setattr(article, name, value)
            replaced += count
    article.warnings = [repaired(w)[0] for w in article.warnings]
    if replaced:
        article.warnings.append(f"{replaced} character(s) that are not valid text (lone surrogates or control "
                                f"characters) replaced")


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
    elif isinstance(value, str):
        text = value[:MAX_DATE_FIELD_CHARS].strip()  # dateparser is slow on long text: a date is short
    else:
        text = repr(value)[:MAX_DATE_FIELD_CHARS]
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?$", text)
    if m:
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)  # 0: not given
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

    if len(text) > MAX_DATE_FIELD_CHARS - 1 or not re.search(r"\d", text):
        return None  # a date has a number in it, and fits in a few words
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
    data = read_regular_file(path)
    return read_bytes(shown_path(path.name), data)


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file (a link is followed to one), at most `limit`; a FIFO,
    device or socket is refused before it is opened (reading one hangs or never ends)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"not a regular file ({_file_kind(info.st_mode)})")
        if info.st_size > limit:
            raise Refused(f"file is {info.st_size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB")
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise Refused("not a regular file")
            data = handle.read(limit + 1)  # bounded: the file may grow while it is read
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise Refused(f"file is over the {limit / 1e6:.0f} MB limit")
    return data


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a plain file"


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
        _repair_article(article)
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
    if len(m[1]) > MAX_FRONT_MATTER_BYTES:
        article.warnings.append(f"front matter over {MAX_FRONT_MATTER_BYTES // 1024} KB: ignored")
        return article
    try:
        meta = _safe_front_matter(m[1])
    except Refused as exc:
        article.warnings.append(f"front matter {exc}: ignored")
        return article
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        article.warnings.append(f"front matter is not valid YAML ({str(exc).splitlines()[0]}): ignored")
        return article
    if not isinstance(meta, dict):
        article.warnings.append("front matter is not a mapping: ignored")
        return article
    _apply_metadata(article, meta)
    article.text = re.sub(r"^#{1,6}\s+", "", article.text, flags=re.M)
    return article


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_front_matter(text: str) -> Any:
    """Front matter as data; refuses aliases (a few hundred bytes of nested aliases
    expand to gigabytes once turned into text)."""
    for event in yaml.parse(text, Loader=YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise Refused("uses YAML aliases (*name)")
    return yaml.load(text, Loader=YAML_LOADER) or {}


def _field_text(value: Any) -> str | None:
    """A metadata field as short text, capped before it is converted (a huge number or
    string is not copied whole); None for what is not text or a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value[: MAX_FIELD_CHARS * 2].strip()[:MAX_FIELD_CHARS]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None  # NaN and Infinity: JSON allows them, no field means them
    if isinstance(value, (int, float)):
        try:
            return str(value)[:MAX_FIELD_CHARS]
        except ValueError:  # an integer too long to print
            return None
    return None


def _apply_metadata(article: RawArticle, meta: dict[str, Any]) -> None:
    raw_date = next((meta[k] for k in DATE_FIELDS if meta.get(k) not in (None, "")), None)
    if raw_date is not None:
        date = normalise_date(raw_date)
        if date:
            article.published = date
            article.published_basis = PublishedBasis.METADATA
        else:
            shown = raw_date[:40] if isinstance(raw_date, str) else type(raw_date).__name__
            article.warnings.append(f"publication date {shown!r} not understood: ignored")
    for key in ("title", "source", "url", "language"):
        value = meta.get(key)
        if value is None or value == "":
            continue
        text = _field_text(value)
        if text is None:
            article.warnings.append(f"field {key!r} is not text: ignored")
            continue
        if text:
            setattr(article, key, text)
    if article.language:
        if LANGUAGE_CODE.fullmatch(article.language):
            article.language = article.language.lower()[:2]
        else:  # "Infinity", "12": not a language code; the text decides
            article.warnings.append(f"language {article.language[:20]!r} is not a language code: ignored")
            article.language = None
    if not article.source and article.url:
        article.source = article.url


def read_json(name: str, text: str) -> RawArticle:
    """One article as a JSON object."""
    return _article_from_object(name, _json_value(text), 0)


def _json_value(text: str) -> Any:
    """JSON text as data; refuses it with a reason, also for numbers too long to convert
    and nesting too deep to follow (json raises ValueError and RecursionError for those)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError as exc:
        raise Refused("JSON nested too deeply") from exc
    except ValueError as exc:
        raise Refused(f"JSON with a value that cannot be read ({str(exc)[:80]})") from exc


def read_jsonl(name: str, text: str) -> list[RawArticle]:
    """One article per line; bad lines are reported, the others kept."""
    articles: list[RawArticle] = []
    problems: list[str] = []
    bad = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            articles.append(_article_from_object(name, _json_value(line), number))
        except Refused as exc:
            bad += 1
            if len(problems) < MAX_LINE_PROBLEMS:  # a count for the rest: 2,000 bad lines are one warning
                problems.append(f"line {number}: {exc}")
    if bad > len(problems):
        problems.append(f"and {bad - len(problems)} more bad line(s)")
    if not articles:
        raise Refused("no article in any line: " + "; ".join(problems[:5]) if problems else "no lines")
    # said once, with the file's first article: not copied onto every article of the file
    articles[0].warnings += problems
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

    HIDDEN = frozenset({"script", "style", "template", "iframe", "noscript", "head", "svg"})

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


def _month_only(html: str, date: str) -> str:
    """htmldate pads a month to its first day: where the page's date metadata names only
    that month (content="2023-10"), the publication date is the month."""
    if date.endswith("-01") and re.search(rf"""content=["']?{re.escape(date[:7])}["'\s>]""", html[:20000]):
        return date[:7]
    return date


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
        article.title = (meta.title or "")[:MAX_FIELD_CHARS] or None
        article.url = (meta.url or "")[:MAX_FIELD_CHARS] or None
        article.source = (meta.sitename or meta.hostname or "")[:MAX_FIELD_CHARS] or None
    date = None
    try:
        date = find_date(text, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate raises on odd markup; a missing date is not fatal
        LOGGER.debug("htmldate on %s: %s", name, exc)
    if date:
        article.published = _month_only(text, date)
        article.published_basis = PublishedBasis.METADATA
    lang = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", text[:5000])
    if lang:
        article.language = lang[1].lower()
    return article
