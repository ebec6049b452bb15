"""Ingest files and folders into the store: read, parse, write; report every refusal.

Idempotent (an article is keyed by its content hash), incremental (a file whose size
and modification time are unchanged is not read again) and transactional (each file is
written whole or not at all).
"""
from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from core.ingest.limits import FileMemoryExceeded, FileTimeout, memory_limit, time_limit
from core.models import Article, PublishedBasis, RawArticle
from core.parse import pipeline
from core.parse.pipeline import content_hash, parse_article
from core.parse.reader import Refused, read_file, shown_path
from core.settings import FILE_MEMORY_MB, FILE_SECONDS_BASE, FILE_SECONDS_PER_100KB, READ_EXTENSIONS
from core.store import FileRecord, Store, StoreError
from core.store.copies import signature

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
    """What one run did, for the progress line, the command line's report and the dashboard's toasts."""

    files_seen: int = 0       # files found in the folders given
    files_read: int = 0       # new or changed, so read and parsed
    files_unchanged: int = 0  # the same bytes as at the last run: skipped
    articles: int = 0         # stored (one JSON Lines file can hold many)
    duplicates: int = 0       # articles whose text was stored already
    events: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    merged: int = 0  # events reported by more than one article
    removed: list[str] = field(default_factory=list)  # files gone from their folder since the last run
    pruned: bool = False  # ... and deleted from the store (ingest --prune), not only hidden
    reattached: int = 0  # corrections moved to their event after an edit of its article
    orphaned: int = 0  # active corrections with nothing to apply to
    copies: int = 0  # articles that are copies of another article's story (core.store.copies)
    copy_seconds: float = 0.0  # the time grouping them into stories took (after the parse)

    def lines(self) -> list[str]:
        out = [
            f"files: {self.files_seen} seen, {self.files_read} read, {self.files_unchanged} unchanged, "
            f"{len(self.refused)} refused" + (f", {len(self.removed)} removed" if self.removed else ""),
            f"articles: {self.articles} new or changed, {self.duplicates} duplicates skipped; events: {self.events}",
            f"events reported by several articles: {self.merged}; copies of another article's story: "
            f"{self.copies} (found in {self.copy_seconds:.1f} s)",
        ]
        if self.reattached:
            out.append(f"corrections: {self.reattached} re-attached to their event after an edit")
        if self.orphaned:
            out.append(f"corrections: {self.orphaned} no longer apply (re-attach or drop them in the Events tab)")
        what = "deleted from the store" if self.pruned else "hidden (ingest --prune deletes them)"
        out += [f"removed {shown(path)}: the file is gone; its articles are {what}" for path in self.removed]
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
        if root.exists() and not root.is_dir():  # a FIFO or device named directly: refused when read
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
    name = shown_path(path.name)
    return f"{name}#{raw.part}" if raw.part else name


WARM_UP_TEXTS = (
    "De Chinese minister Wang Yi heeft gisteren in Peking zijn Russische collega Lavrov ontmoet.",
    "China and Russia signed a gas agreement in Moscow on Monday, the Kremlin said.",
)


@functools.lru_cache(maxsize=1)
def warm_up() -> None:
    """Load the lexicons, patterns and language detector once per process, before any
    file's time limit starts: a cold start takes seconds, and is no file's fault."""
    for text in WARM_UP_TEXTS:
        pipeline.parse_article(RawArticle(file="warm-up.txt", text=text, published="2021-03-23"))


def file_seconds(size: int, base: float = FILE_SECONDS_BASE) -> float:
    """How long one file may take to read and parse: a base and a share per 100 KB."""
    return base + FILE_SECONDS_PER_100KB * size / 100_000


def parse_file(path: Path, overrides: dict[str, str] | None = None,
               seconds: float | None = FILE_SECONDS_BASE, memory_mb: float | None = FILE_MEMORY_MB) -> FileResult:
    """Read and parse one file (in a worker process or in this one), in isolation: any
    error, the time limit (`seconds` plus a share per 100 KB; None: none), the memory
    limit (`memory_mb` added to the process; None: none) or running out of memory refuses
    this file with a plain reason, never the run."""
    try:
        stat = path.stat()
    except OSError as exc:
        return FileResult(shown_path(path), 0, 0.0, refused=f"cannot read: {exc.strerror or exc}")
    result = FileResult(shown_path(path), stat.st_size, stat.st_mtime)
    limit = file_seconds(stat.st_size, seconds) if seconds else None
    if limit:
        warm_up()
    try:
        with time_limit(limit), memory_limit(memory_mb):
            _read_and_parse(path, result, overrides)
    except FileTimeout:
        result.articles, result.article_ids = [], []
        result.refused = f"took longer than {limit:.0f} seconds to read (the limit for its size): not read"
    except FileMemoryExceeded:
        result.articles, result.article_ids = [], []
        result.refused = f"needs more memory than a file may take ({memory_mb:,.0f} MB): not read"
    except MemoryError:
        result.articles, result.article_ids = [], []
        result.refused = "needs more memory than there is: not read"
    except RecursionError:
        result.articles, result.article_ids = [], []
        result.refused = "nested too deeply to read"
    return result


def _read_and_parse(path: Path, result: FileResult, overrides: dict[str, str] | None) -> None:
    try:
        raws = read_file(path)
    except Refused as exc:
        result.refused = str(exc)
        return
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # a bug must not stop the run; it is reported for this file
        LOGGER.exception("reading %s", shown_path(path))
        result.refused = f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"
        return
    if shown_path(path.name) != path.name:  # bytes that are not UTF-8: the store keeps them as \xff
        for raw in raws:
            raw.warnings.append(f"the file name is not valid UTF-8: kept as {shown_path(path.name)}")
    for raw in raws:
        key = content_hash(raw)
        result.article_ids.append(key)
        label = label_for(path, raw)
        user_date = (overrides or {}).get(key) or (overrides or {}).get(f"{result.path}#{label}")
        if user_date:
            raw.published, raw.published_basis = user_date, PublishedBasis.USER
        try:
            article = parse_article(raw, label)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # as above: reported, and the other articles go on
            LOGGER.exception("parsing %s", shown_path(path))
            result.article_ids.pop()
            result.refused = f"could not be parsed ({type(exc).__name__}: {str(exc)[:200]})"
            continue
        article.content_hash = key
        article.minhash = signature(article.text) or []  # here, in the worker: the store only compares
        result.articles.append(article)


DASK_BATCH_FILES = 64  # files parsed per Dask task
POOL_WINDOW_FILES = 512  # files handed to the process pool at a time (bounds memory)


def parse_files(paths: list[Path], overrides: dict[str, str], seconds: float | None = FILE_SECONDS_BASE,
                memory_mb: float | None = FILE_MEMORY_MB) -> list[FileResult]:
    """Parse a batch of files (one Dask task)."""
    return [parse_file(path, overrides, seconds, memory_mb) for path in paths]


def _parse_with_dask(paths: list[Path], address: str, workers: int,
                     overrides: dict[str, str], seconds: float | None,
                     memory_mb: float | None) -> Iterator[FileResult]:
    """Parse on a dask.distributed cluster: 'local' starts a LocalCluster with `workers`
    processes; anything else is a scheduler address whose workers have this project
    installed. Results come back in the order of the files, so the store receives exactly
    what a single-process run gives it."""
    from dask.distributed import Client, LocalCluster

    os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        batches = [paths[i:i + DASK_BATCH_FILES] for i in range(0, len(paths), DASK_BATCH_FILES)]
        futures = client.map(parse_files, batches, overrides=overrides, seconds=seconds, memory_mb=memory_mb,
                             pure=False)
        for future in futures:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _parse_many(paths: list[Path], workers: int, overrides: dict[str, str],
                dask: str | None = None, seconds: float | None = FILE_SECONDS_BASE,
                memory_mb: float | None = FILE_MEMORY_MB) -> Iterator[FileResult]:
    if dask and paths:
        yield from _parse_with_dask(paths, dask, workers, overrides, seconds, memory_mb)
        return
    if workers <= 1 or len(paths) < 2:
        for path in paths:
            yield parse_file(path, overrides, seconds, memory_mb)
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        # a window at a time: results wait for the writer, not the other way round
        for start in range(0, len(paths), POOL_WINDOW_FILES):
            window = paths[start:start + POOL_WINDOW_FILES]
            futures = [pool.submit(parse_file, path, overrides, seconds, memory_mb) for path in window]
            for index, future in enumerate(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    # a worker died (killed, out of memory): every file not yet back is tried
                    # again, each in a process of its own, so that only the culprit is lost
                    pool.shutdown(wait=False, cancel_futures=True)
                    for path in window[index:]:
                        yield _parse_alone(path, overrides, seconds, memory_mb)
                    pool = ProcessPoolExecutor(max_workers=workers)
                    break
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_alone(path: Path, overrides: dict[str, str], seconds: float | None,
                 memory_mb: float | None) -> FileResult:
    """One file in a process of its own; refused when that process dies too."""
    with ProcessPoolExecutor(max_workers=1) as single:
        future: Future[FileResult] = single.submit(parse_file, path, overrides, seconds, memory_mb)
        try:
            return future.result()
        except BrokenProcessPool:
            try:
                stat = path.stat()
                size, mtime = stat.st_size, stat.st_mtime
            except OSError:
                size, mtime = 0, 0.0
            return FileResult(shown_path(path), size, mtime,
                              refused="the process reading it died twice (killed, or out of memory): not read")


BATCH_FILES = 500       # parsed files written together (one open, write, close of the store) ...
BATCH_SECONDS = 5.0     # ... or after this long, whichever comes first; readers get in between


def ingest(paths: Iterable[Path], db_path: Path, workers: int = 1, progress: Progress | None = None,
           force: bool = False, dask: str | None = None, prune: bool = False,
           file_seconds: float | None = FILE_SECONDS_BASE,
           file_memory_mb: float | None = FILE_MEMORY_MB) -> IngestSummary:
    """Ingest files and folders into the store at db_path; returns what happened.

    Files are parsed outside the database; what they gave is written in short batches
    (each file in its own transaction), so that the dashboard can read in between.
    Files gone from a folder since the last run are marked removed (their articles
    hidden, still listed), or deleted from the store with `prune`. `file_seconds` is the
    time limit of a file (plus a share per 100 KB; None: no limit), `file_memory_mb` the
    memory it may add to the process that parses it (None: no limit).
    """
    paths = list(paths)
    summary = IngestSummary()
    problems: list[tuple[str, str]] = []
    files = collect_files(paths, problems)
    summary.refused += [(shown_path(p), r) for p, r in problems]
    summary.files_seen = len(files) + len(problems)
    with Store(db_path) as store:
        known = store.known_files()
        overrides = store.published_overrides()
    gone = removed_files(paths, files, known, prune)
    todo: list[Path] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError as exc:
            summary.refused.append((shown_path(path), f"cannot read: {exc.strerror or exc}"))
            continue
        state = known.get(shown_path(path))
        if (not force and state and state[0] == stat.st_size and state[1] == stat.st_mtime
                and state[2] != "removed"):
            summary.files_unchanged += 1
            continue
        todo.append(path)
    seen_ids: dict[str, str] = {}  # content hash -> the file that gave it first
    batch: list[FileResult] = []
    last_write = time.monotonic()
    for done, result in enumerate(_parse_many(todo, workers, overrides, dask, file_seconds, file_memory_mb), 1):
        if progress:
            progress(done, len(todo), result.path)
        batch.append(result)
        if len(batch) >= BATCH_FILES or time.monotonic() - last_write >= BATCH_SECONDS:
            _write_batch(db_path, batch, summary, seen_ids)
            batch, last_write = [], time.monotonic()
    if batch:
        _write_batch(db_path, batch, summary, seen_ids)
    with Store(db_path) as store:
        if gone:
            store.remove_files(gone, prune)
            summary.removed, summary.pruned = gone, prune
        summary.merged = store.merge()
        started = time.perf_counter()
        summary.copies = store.find_copies()
        summary.copy_seconds = time.perf_counter() - started
        summary.merged = store.events_with_several_sources()  # copies joined to their original's events
        summary.orphaned = store.orphaned_corrections()
    return summary


def removed_files(roots: list[Path], found: list[Path], known: dict[str, tuple[int, float, str]],
                  prune: bool) -> list[str]:
    """Stored files under the folders given that are no longer there (only those: an
    ingest of one folder says nothing of the files of another). Already marked ones
    are listed again only to be pruned."""
    folders = [shown_path(os.path.abspath(r)) for r in roots if Path(r).is_dir()]
    if not folders:
        return []
    present = {shown_path(p) for p in found}
    gone = []
    for path, (_, _, status) in known.items():
        if path in present or not any(path.startswith(f.rstrip(os.sep) + os.sep) for f in folders):
            continue
        if status == "removed" and not prune:
            continue
        if not os.path.lexists(path):
            gone.append(path)
    return sorted(gone)


def _write_batch(db_path: Path, batch: list[FileResult], summary: IngestSummary, seen_ids: dict[str, str]) -> None:
    """Store what a batch of files gave, in one transaction (see Store.write_files).

    Should the batch not go in because of what one file holds, the files are written one
    by one and the one that cannot be stored is refused: it never takes the batch with it.
    """
    with Store(db_path) as store:
        records = _records(store, batch, summary, seen_ids)
        try:
            store.write_files(records)
        except StoreError:
            raise  # the storage itself fails (full, read-only): nothing to refuse a file for
        except Exception as exc:
            LOGGER.warning("a batch could not be stored (%s): writing its files one by one", type(exc).__name__)
            for record in records:
                try:
                    store.write_files([record])
                except StoreError:
                    raise
                except Exception as one:
                    reason = f"could not be stored ({type(one).__name__}: {str(one)[:200]})"
                    summary.refused.append((record.path, reason))
                    summary.files_read -= record.status == "ok"
                    summary.articles -= len(record.articles)
                    summary.events -= sum(len(a.events) for a in record.articles)
                    store.write_files([FileRecord(record.path, record.size, record.mtime, "refused", reason, [], [])])
        summary.reattached += store.take_reattached()


def _records(store: Store, batch: list[FileResult], summary: IngestSummary,
             seen_ids: dict[str, str]) -> list[FileRecord]:
    """The rows a batch of files gives, with duplicates and refusals counted."""
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
    return records


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
