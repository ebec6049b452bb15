"""The dashboard's workspace: which database and folders, keeping the database up to
date with them, and adding articles by upload or paste (safely, under data/articles/)."""
from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

import yaml

from core.ingest.run import IngestSummary, Progress, ingest
from core.parse.reader import normalise_date
from core.settings import ARTICLES_DIR, DEFAULT_DB, READ_EXTENSIONS, SEEDS_DIR
from core.store import Store

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 200  # below the usual 255-byte limit of a file name, with room for "-2" on a collision


class UploadRefused(ValueError):
    """An upload that is not stored, with the reason."""


def db_path() -> Path:
    """The database: $TIMELINE_DB, else data/timeline.duckdb."""
    return Path(os.environ.get("TIMELINE_DB") or DEFAULT_DB)


def articles_dir() -> Path:
    """Where uploaded and pasted articles go: $TIMELINE_ARTICLES, else data/articles/."""
    return Path(os.environ.get("TIMELINE_ARTICLES") or ARTICLES_DIR)


def corpus_paths() -> list[Path]:
    """The folders the dashboard keeps ingested: $TIMELINE_CORPUS (separated by the
    system's path separator), else seeds/ and data/articles/."""
    configured = os.environ.get("TIMELINE_CORPUS")
    if configured:
        return [Path(p) for p in configured.split(os.pathsep) if p]
    return [SEEDS_DIR, articles_dir()]


def _newest_file(paths: list[Path]) -> float:
    newest = 0.0
    for root in paths:
        if root.is_file():
            newest = max(newest, root.stat().st_mtime)
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.suffix.lower() in READ_EXTENSIONS and path.is_file():
                    newest = max(newest, path.stat().st_mtime, path.parent.stat().st_mtime)
            newest = max(newest, root.stat().st_mtime)
    return newest


def needs_ingest(db: Path, paths: list[Path]) -> bool:
    """The database is missing, or a folder holds a file newer than it."""
    return not db.exists() or _newest_file(paths) > db.stat().st_mtime


def refresh(db: Path, paths: list[Path], progress: Progress | None = None) -> IngestSummary:
    """Bring the database up to date with the folders (incremental)."""
    existing = [p for p in paths if p.exists()]
    summary = ingest(existing, db, progress=progress)
    if db.exists():
        os.utime(db)  # the database is now as new as the folders, even when nothing changed
    return summary


def safe_name(name: str) -> str:
    """A file name that stays inside its folder: no path, no control characters or
    lone surrogates, no leading dot, at most MAX_NAME_CHARS characters and MAX_NAME_BYTES
    bytes of UTF-8 (the file system's limit is in bytes: 200 emoji are 800), the
    extension kept."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '<>:"|?*' and not 0xD800 <= ord(c) <= 0xDFFF)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext[:16]
    stem = stem[: MAX_NAME_CHARS - len(ext) - 1]
    room = MAX_NAME_BYTES - len(ext.encode("utf-8")) - 1
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").strip() or "article"
    return f"{stem}.{ext}" if ext else stem


def _unique_target(folder: Path, clean: str, data: bytes) -> Path | None:
    """Where an upload goes: its own name, else name-2, name-3 … (never over another
    file); None when the same content is already there under its name."""
    stem, suffix = Path(clean).stem, Path(clean).suffix
    for number in range(1, 10_000):
        candidate = folder / (clean if number == 1 else f"{stem}-{number}{suffix}")
        try:
            with open(candidate, "xb") as handle:  # exclusive: two sessions cannot take one name
                handle.write(data)
            return candidate
        except FileExistsError:
            try:
                if candidate.read_bytes() == data:
                    return None
            except OSError:
                continue
    raise UploadRefused(f"{clean}: too many files of this name")


def save_upload(name: str, data: bytes, folder: Path | None = None) -> Path:
    """Store an uploaded file under the articles folder; refuses wrong types and sizes."""
    folder = folder or articles_dir()
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in READ_EXTENSIONS:
        raise UploadRefused(f"{name}: only {' '.join(READ_EXTENSIONS)} files can be added")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"{name}: {len(data) / 1e6:.1f} MB is over the {MAX_UPLOAD_BYTES / 1e6:.0f} MB limit")
    if not data.strip():
        raise UploadRefused(f"{name}: the file is empty")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = (folder / clean).resolve()
        if target.parent != folder.resolve():
            raise UploadRefused(f"{name}: not a plain file name")
        saved = _unique_target(folder.resolve(), clean, data)
    except OSError as exc:
        raise UploadRefused(f"{name}: could not be saved ({exc.strerror or exc})") from exc
    return saved or target


def save_pasted(text: str, title: str = "", date: str = "", folder: Path | None = None) -> Path:
    """Store pasted text as a Markdown article with front matter."""
    if len(text.strip()) < 40:
        raise UploadRefused("the pasted text is too short for an article")
    meta: dict[str, str] = {}
    if title.strip():
        meta["title"] = title.strip()[:300]
    if date.strip():
        normalised = normalise_date(date.strip())
        if not normalised:
            raise UploadRefused(f"{date!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        meta["date"] = normalised
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^\w]+", "-", (title or "pasted").lower()[:200]).strip("-")[:60] or "pasted"
    front = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" if meta else ""
    body = front + text.strip() + "\n"
    return save_upload(f"{stamp}-{slug}.md", body.encode("utf-8"), folder)


def set_publication_date(db: Path, article_id: str, date: str) -> str:
    """The user's publication date for an article: stored apart, then the article is
    parsed again so that its relative dates follow. Returns the normalised date."""
    normalised = normalise_date(date.strip())
    if not normalised:
        raise UploadRefused(f"{date!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    with Store(db) as store:
        row = store.article_publication(article_id)
        if row is None:
            raise UploadRefused("no such article")
        if row[1] or not Path(row[0]).is_file():
            raise UploadRefused(f"the file of this article is gone ({Path(row[0]).name}): nothing changed")
        if row[2] == normalised and row[3] == "user":
            raise UploadRefused(f"the publication date already is {normalised}: nothing changed")
        correction_id = store.add_correction("article", article_id, "published", normalised)
    summary = ingest([Path(row[0])], db, force=True)
    with Store(db) as store:
        if not store.has_user_publication(row[0], normalised):  # said, and taken back: a date that did not take
            store.undo_correction(correction_id)                # is no correction
            reasons = "; ".join(r for _, r in summary.refused) or "the article was not read again"
            raise UploadRefused(f"the publication date could not be set ({reasons}): nothing changed")
    return normalised
