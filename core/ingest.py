"""Ingest files and folders into the store: read, parse, write; report every refusal.

Idempotent (an article is keyed by its content hash), incremental (a file whose size
and modification time are unchanged is not read again) and transactional (each file is
written whole or not at all).
"""
from __future__ import annotations

import logging
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from core.models import Article, PublishedBasis, RawArticle
from core.pipeline import content_hash, parse_article
from core.reader import Refused, read_file
from core.settings import READ_EXTENSIONS
from core.store import FileRecord, Store

LOGGER = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class FileResult:
    path: str
    size: int
    mtime: float
    articles: list[Article] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    refused: str | None = None
    duplicates: int = 0


@dataclass(slots=True)
class IngestSummary:
    files_seen: int = 0
    files_read: int = 0
    files_unchanged: int = 0
    articles: int = 0
    duplicates: int = 0
    events: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    merged: int = 0  # events reported by more than one article

    def lines(self) -> list[str]:
        out = [
            f"files: {self.files_seen} seen, {self.files_read} read, {self.files_unchanged} unchanged, "
            f"{len(self.refused)} refused",
            f"articles: {self.articles} new or changed, {self.duplicates} duplicates skipped; events: {self.events}",
            f"events reported by several articles: {self.merged}",
        ]
        out += [f"refused {shown(path)}: {shown(reason)}" for path, reason in self.refused]
        out += [f"warning {shown(path)}: {shown(text)}" for path, text in self.warnings]
        return out


def shown(text: str) -> str:
    """A path or reason on one line: control characters (a newline in a file name) escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


def collect_files(paths: Iterable[Path], problems: list[tuple[str, str]]) -> list[Path]:
    """Article files under the given files and folders, sorted, each once.

    Symbolic links to folders are not followed (no loops); hidden files are skipped;
    a folder that cannot be read is reported.
    """
    found: dict[str, str] = {}  # the real path -> the path as it will be shown
    for root in paths:
        root = Path(root)
        if root.is_file():
            found.setdefault(str(root.resolve()), os.path.abspath(root))
            continue
        if not root.exists():
            problems.append((str(root), "no such file or folder"))
            continue

        def on_error(exc: OSError) -> None:
            problems.append((str(exc.filename), f"cannot read folder: {exc.strerror}"))

        shown_root, real_root = os.path.abspath(root), os.path.realpath(root)
        for folder, dirs, files in os.walk(real_root, onerror=on_error, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            shown_folder = shown_root + folder[len(real_root):]
            for name in sorted(files):
                if name.startswith("."):
                    continue
                shown = os.path.join(shown_folder, name)
                if os.path.splitext(name)[1].lower() not in READ_EXTENSIONS:
                    problems.append((shown, f"not an article file (expected {' '.join(READ_EXTENSIONS)})"))
                    continue
                key = os.path.join(folder, name)  # real already, but for a link to a file
                if os.path.islink(key):
                    try:
                        key = str(Path(key).resolve(strict=True))
                    except (OSError, RuntimeError) as exc:
                        problems.append((shown, f"broken link: {exc}"))
                        continue
                found.setdefault(key, shown)
    return [Path(p) for p in sorted(found.values())]


def label_for(path: Path, raw: RawArticle) -> str:
    """The article_file of an export: the base name, with the line for .jsonl parts."""
    return f"{path.name}#{raw.part}" if raw.part else path.name


def parse_file(path: Path, overrides: dict[str, str] | None = None) -> FileResult:
    """Read and parse one file (in a worker process or in this one)."""
    try:
        stat = path.stat()
    except OSError as exc:
        return FileResult(str(path), 0, 0.0, refused=f"cannot read: {exc.strerror or exc}")
    result = FileResult(str(path), stat.st_size, stat.st_mtime)
    try:
        raws = read_file(path)
    except Refused as exc:
        result.refused = str(exc)
        return result
    except Exception as exc:  # a bug must not stop the run; it is reported for this file
        LOGGER.exception("reading %s", path)
        result.refused = f"could not be read ({type(exc).__name__}: {exc})"
        return result
    for raw in raws:
        key = content_hash(raw)
        result.article_ids.append(key)
        if overrides and key in overrides:
            raw.published, raw.published_basis = overrides[key], PublishedBasis.USER
        try:
            article = parse_article(raw, label_for(path, raw))
        except Exception as exc:  # as above: reported, and the other articles go on
            LOGGER.exception("parsing %s", path)
            result.article_ids.pop()
            result.refused = f"could not be parsed ({type(exc).__name__}: {exc})"
            continue
        article.content_hash = key
        result.articles.append(article)
    return result


DASK_BATCH_FILES = 64  # files parsed per Dask task
POOL_WINDOW_FILES = 512  # files handed to the process pool at a time (bounds memory)


def parse_files(paths: list[Path], overrides: dict[str, str]) -> list[FileResult]:
    """Parse a batch of files (one Dask task)."""
    return [parse_file(path, overrides) for path in paths]


def _parse_with_dask(paths: list[Path], address: str, workers: int,
                     overrides: dict[str, str]) -> Iterator[FileResult]:
    """Parse on a dask.distributed cluster: 'local' starts a LocalCluster with `workers`
    processes; anything else is a scheduler address whose workers have this project
    installed. Results come back in the order of the files, so the store receives exactly
    what a single-process run gives it."""
    from dask.distributed import Client, LocalCluster

    os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        batches = [paths[i:i + DASK_BATCH_FILES] for i in range(0, len(paths), DASK_BATCH_FILES)]
        futures = client.map(parse_files, batches, overrides=overrides, pure=False)
        for future in futures:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _parse_many(paths: list[Path], workers: int, overrides: dict[str, str],
                dask: str | None = None) -> Iterator[FileResult]:
    if dask and paths:
        yield from _parse_with_dask(paths, dask, workers, overrides)
        return
    if workers <= 1 or len(paths) < 2:
        for path in paths:
            yield parse_file(path, overrides)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # a window at a time: results wait for the writer, not the other way round
        for start in range(0, len(paths), POOL_WINDOW_FILES):
            window = paths[start:start + POOL_WINDOW_FILES]
            yield from pool.map(parse_file, window, [overrides] * len(window), chunksize=8)


BATCH_FILES = 500       # parsed files written together (one open, write, close of the store) ...
BATCH_SECONDS = 5.0     # ... or after this long, whichever comes first; readers get in between


def ingest(paths: Iterable[Path], db_path: Path, workers: int = 1, progress: Progress | None = None,
           force: bool = False, dask: str | None = None) -> IngestSummary:
    """Ingest files and folders into the store at db_path; returns what happened.

    Files are parsed outside the database; what they gave is written in short batches
    (each file in its own transaction), so that the dashboard can read in between.
    """
    summary = IngestSummary()
    problems: list[tuple[str, str]] = []
    files = collect_files(paths, problems)
    summary.refused += problems
    summary.files_seen = len(files) + len(problems)
    with Store(db_path) as store:
        known = store.known_files()
        overrides = store.published_overrides()
    todo: list[Path] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError as exc:
            summary.refused.append((str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        state = known.get(str(path))
        if not force and state and state[0] == stat.st_size and state[1] == stat.st_mtime:
            summary.files_unchanged += 1
            continue
        todo.append(path)
    seen_ids: dict[str, str] = {}  # content hash -> the file that gave it first
    batch: list[FileResult] = []
    last_write = time.monotonic()
    for done, result in enumerate(_parse_many(todo, workers, overrides, dask), 1):
        if progress:
            progress(done, len(todo), result.path)
        batch.append(result)
        if len(batch) >= BATCH_FILES or time.monotonic() - last_write >= BATCH_SECONDS:
            _write_batch(db_path, batch, summary, seen_ids)
            batch, last_write = [], time.monotonic()
    if batch:
        _write_batch(db_path, batch, summary, seen_ids)
    with Store(db_path) as store:
        summary.merged = store.merge()
    return summary


def _write_batch(db_path: Path, batch: list[FileResult], summary: IngestSummary, seen_ids: dict[str, str]) -> None:
    """Store what a batch of files gave, in one transaction (see Store.write_files)."""
    with Store(db_path) as store:
        previous = store.file_ids([r.path for r in batch])
        stored = store.stored_files_of([a.content_hash for r in batch for a in r.articles])
        records: list[FileRecord] = []
        for result in batch:
            if result.refused and not result.articles:
                summary.refused.append((result.path, result.refused))
                records.append(FileRecord(result.path, result.size, result.mtime, "refused", result.refused, [], []))
                continue
            summary.files_read += 1
            fresh: list[Article] = []
            own = set(previous.get(result.path, []))
            for article in result.articles:
                original = seen_ids.get(article.content_hash) or (
                    stored.get(article.content_hash) if article.content_hash not in own else None)
                if original:
                    summary.duplicates += 1
                    summary.warnings.append((result.path, f"same article as {original}: stored once"))
                    continue
                seen_ids[article.content_hash] = article.file
                fresh.append(article)
                summary.articles += 1
                summary.events += len(article.events)
                summary.warnings += [(article.file, w) for w in article.warnings]
            if result.refused:
                summary.warnings.append((result.path, result.refused))
            records.append(FileRecord(result.path, result.size, result.mtime, "ok", result.refused or "",
                                      fresh, result.article_ids))
        store.write_files(records)


def tqdm_progress() -> Progress:
    """A progress bar on standard error."""
    from tqdm import tqdm

    bar: dict[str, object] = {}

    def update(done: int, total: int, path: str) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True,
                              disable=None, desc="ingest")
        progress_bar = bar["bar"]
        progress_bar.update(1)  # type: ignore[attr-defined]
        if done == total:
            progress_bar.close()  # type: ignore[attr-defined]

    return update
