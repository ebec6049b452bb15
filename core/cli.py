"""The command line (DESIGN.md, "The command line": a fixed interface).

    python -m core ingest PATH... [--db FILE] [--workers N] [--dask ADDRESS|local]
    python -m core export [--db FILE] --what events|articles --format jsonl|csv [-o FILE]
    python -m core evaluate --gold FILE [--db FILE] [-v]
    python -m core bench [--articles N] [--generate N --out DIR] [--ingest DIR --workers N] [--dashboard N]
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from core.settings import DEFAULT_DB, FILE_MEMORY_MB, FILE_SECONDS_BASE, FILE_SECONDS_PER_100KB

LOGGER = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core",
        description="China-Russia relations timeline: ingest news articles, export their events.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = sub.add_parser("ingest", help="read files or folders of articles into the database",
                            description="Read article files (.txt .md .html .json .jsonl) or folders of them "
                                        "into the database. Prints a progress bar and a summary; exits non-zero "
                                        "only when nothing could be read.")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    ingest.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database file (default {DEFAULT_DB.name} in data/)")
    ingest.add_argument("--workers", type=int, default=1, help="parallel parsing processes (default 1)")
    ingest.add_argument("--force", action="store_true", help="parse unchanged files again")
    ingest.add_argument("--prune", action="store_true",
                        help="delete the articles of files gone from the folders given (without it they are "
                             "hidden and listed as removed)")
    ingest.add_argument("--rebuild", action="store_true",
                        help="start the database afresh (a damaged one is kept aside as FILE.old-DATE); "
                             "the corrections are kept where they can still be read")
    ingest.add_argument("--file-seconds", type=float, default=FILE_SECONDS_BASE, metavar="S",
                        help=f"time limit of one file: S seconds plus {FILE_SECONDS_PER_100KB:g} per 100 KB "
                             f"(default {FILE_SECONDS_BASE:g}; 0: no limit); a file over it is refused")
    ingest.add_argument("--file-memory", type=float, default=FILE_MEMORY_MB, metavar="MB",
                        help=f"memory one file may add to the process parsing it (default {FILE_MEMORY_MB:g} MB; "
                             f"0: no limit; Linux); a file over it is refused")
    ingest.add_argument("--dask", metavar="ADDRESS",
                        help="parse on a dask.distributed cluster: a scheduler address (tcp://host:8786), "
                             "or 'local' to start a LocalCluster with --workers processes")

    export = sub.add_parser("export", help="write events or articles as JSONL or CSV",
                            description="Write the stored events (one row per mention) or articles.")
    export.add_argument("--db", type=Path, default=DEFAULT_DB, help="database file")
    export.add_argument("--what", choices=("events", "articles"), required=True)
    export.add_argument("--format", choices=("jsonl", "csv"), required=True)
    export.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")

    evaluate = sub.add_parser("evaluate", help="score the stored events against a gold annotation",
                              description="Precision, recall and F1 of the stored events against a gold file "
                                          "(the matching rules of the gold file's header).")
    evaluate.add_argument("--gold", type=Path, required=True, help="gold YAML file")
    evaluate.add_argument("--db", type=Path, default=DEFAULT_DB, help="database file")
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list every hit, miss and extra")

    bench = sub.add_parser("bench", help="measure parsing speed against dateparser's search alone",
                           description="Generate articles from the seeds and golden sets, parse them, and "
                                       "time dateparser.search_dates over the same texts.")
    bench.add_argument("--articles", type=int, default=1000, help="how many articles (default 1000)")
    bench.add_argument("--seed", type=int, default=7, help="random seed of the generator")
    bench.add_argument("--generate", type=int, metavar="N",
                       help="only write N generated articles as files (to --out) and stop")
    bench.add_argument("--out", type=Path, default=Path("bench-out"), help="folder for --generate and --dashboard")
    bench.add_argument("--dashboard", type=int, metavar="EVENTS",
                       help="time the dashboard's queries and figures on a store of EVENTS synthetic events")
    bench.add_argument("--ingest", type=Path, metavar="FOLDER",
                       help="time 'ingest FOLDER' into a new store (--db) in a new process, its peak memory, "
                            "then a re-ingest after --change files were changed (the folder is modified)")
    bench.add_argument("--db", type=Path, default=Path("bench-out/ingest.duckdb"), help="store for --ingest")
    bench.add_argument("--workers", type=int, default=1, help="worker processes for --ingest")
    bench.add_argument("--change", type=int, default=100, help="files changed before the re-ingest (0: none)")
    return parser


def run_ingest(args: argparse.Namespace) -> int:
    from core.ingest import ingest, tqdm_progress

    if args.rebuild:
        from core.store import rebuild

        kept, aside = rebuild(args.db)
        where = f"; the old file is kept as {aside}" if aside else ""
        print(f"rebuilding {args.db}: {kept} correction(s) kept{where}")
    summary = ingest(args.paths, args.db, workers=max(1, args.workers), progress=tqdm_progress(), force=args.force,
                     dask=args.dask, prune=args.prune, file_seconds=args.file_seconds or None,
                     file_memory_mb=args.file_memory or None)
    for line in summary.lines():
        print(line)
    nothing = summary.files_read == 0 and summary.files_unchanged == 0
    return 1 if nothing else 0


def run_export(args: argparse.Namespace) -> int:
    from core.export import ARTICLE_FIELDS, EVENT_FIELDS, article_records, event_records, to_csv, to_jsonl
    from core.store import Store

    if not args.db.exists():
        print(f"no database at {args.db}: run 'python -m core ingest' first", file=sys.stderr)
        return 2
    with Store(args.db, read_only=True) as store:
        if args.what == "events":
            records, fields = event_records(store.events_frame()), EVENT_FIELDS
        else:
            records, fields = article_records(store.articles_frame()), ARTICLE_FIELDS
    text = to_jsonl(records) if args.format == "jsonl" else to_csv(records, fields)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from core.evaluate import load_gold, score
    from core.export import article_records, event_records
    from core.store import Store

    if not args.db.exists():
        print(f"no database at {args.db}: run 'python -m core ingest' first", file=sys.stderr)
        return 2
    with Store(args.db, read_only=True) as store:
        events, articles = event_records(store.events_frame()), article_records(store.articles_frame())
    print(score(load_gold(args.gold), events, articles).report(args.verbose))
    return 0


def run_bench(args: argparse.Namespace) -> int:
    from core.bench import run, write_corpus

    if args.dashboard:
        from core.bench import dashboard_bench

        args.out.mkdir(parents=True, exist_ok=True)
        dashboard_bench(args.dashboard, args.out)
        return 0
    if args.ingest:
        from core.bench import ingest_bench

        args.db.parent.mkdir(parents=True, exist_ok=True)
        ingest_bench(args.ingest, args.db, args.workers, args.change)
        return 0
    if args.generate:
        written = write_corpus(args.generate, args.out, args.seed)
        print(f"wrote {written} articles to {args.out}")
        return 0
    run(args.articles, args.seed)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    handler = {"ingest": run_ingest, "export": run_export, "evaluate": run_evaluate, "bench": run_bench}
    import duckdb

    from core.store import REBUILD_HINT, StoreError, storage_error

    try:
        return handler[args.command](args)
    except StoreError as exc:  # the storage, not the program: a plain message with the fix, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:  # damage found while reading (a checksum that does not match)
        db = getattr(args, "db", DEFAULT_DB)
        error = storage_error(exc, db)
        print(f"error: {error or f'{db} cannot be read ({str(exc)[:200]}); if it is damaged, {REBUILD_HINT}'}",
              file=sys.stderr)
        return 2
