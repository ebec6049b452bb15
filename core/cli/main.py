"""The command line (DESIGN.md, "The command line": a fixed interface).

    python -m core ingest PATH... [--db FILE] [--workers N] [--dask ADDRESS|local]
    python -m core export [--db FILE] --what events|articles --format jsonl|csv|xlsx [-o FILE]
    python -m core evaluate --gold FILE [--db FILE] [-v]
    python -m core evaluate --timeml DIR [-v]
    python -m core dates [FILE|-] --published DATE [--language nl|en]
    python -m core bench [--articles N] [--generate N --out DIR] [--ingest DIR --workers N] [--dashboard N]
    python -m core briefing [--db FILE] [--filter KEY=VALUE]... [--only PART]... [--title TEXT] --out DIR
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from core.settings import DEFAULT_DB, DEFAULT_LANES, FILE_MEMORY_MB, FILE_SECONDS_BASE, FILE_SECONDS_PER_100KB, LANES
from core.views.export import TABLE_FORMATS

LOGGER = logging.getLogger(__name__)
FORMAT_NAMES = ", ".join(f.label for f in TABLE_FORMATS.values())  # the table formats, for the help


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
    ingest.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help=f"database file (default {DEFAULT_DB.name} in data/)")
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

    export = sub.add_parser("export", help=f"write events or articles as {FORMAT_NAMES}",
                            description="Write the stored events (one row per mention) or articles.")
    export.add_argument("--what", choices=("events", "articles"), required=True)
    _table_output(export, default=None)

    snapshot = sub.add_parser("snapshot", help="mark as briefed: keep the events as they stand now under NAME",
                              description="Save a named, dated snapshot of the event set (ids, dates, types, "
                                          "actors, modality, headlines, sources per event) in the database. It "
                                          "survives re-ingest; a snapshot of the same name is replaced. The "
                                          "dashboard's Changes tab (and `changes --since NAME`) compares with it.")
    snapshot.add_argument("name", metavar="NAME", help="the snapshot's name (say, the briefing's date)")
    snapshot.add_argument("--db", type=Path, default=DEFAULT_DB, help="database file")

    changes = sub.add_parser("changes", help=f"what changed since a snapshot, as {FORMAT_NAMES}",
                             description="New events, changed fields (old -> new), events gone (with the "
                                         "reason) and events with new sources since the snapshot NAME.")
    changes.add_argument("--since", required=True, metavar="NAME", help="a snapshot's name")
    _table_output(changes, default="csv")

    evaluate = sub.add_parser("evaluate", help="score the stored events against a gold annotation",
                              description="Precision, recall and F1 of the stored events against a gold file "
                                          "(the matching rules of the gold file's header); or, with --timeml, "
                                          "the date resolver against TimeML documents (TempEval-3 style: strict "
                                          "and relaxed span F1, value accuracy and value F1 of DATE expressions).")
    goal = evaluate.add_mutually_exclusive_group(required=True)
    goal.add_argument("--gold", type=Path, help="gold YAML file")
    goal.add_argument("--timeml", type=Path, metavar="DIR", help="folder of TimeML (.tml) files")
    evaluate.add_argument("--db", type=Path, default=DEFAULT_DB, help="database file")
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list every hit, miss and extra")

    dates = sub.add_parser("dates", help="print the date expressions of a text as JSON lines",
                           description="Every date expression of a text, resolved against its publication date: "
                                       "one JSON object a line with start, end, text, value (TimeML: YYYY[-MM[-DD]], "
                                       "YYYY-Www, YYYY-SU/SP/FA/WI, decade 199, century 19), granularity, basis and "
                                       "reference_only.")
    dates.add_argument("file", nargs="?", default="-", metavar="FILE", help="a text file, or - for standard input")
    dates.add_argument("--published", required=True, metavar="DATE",
                       help="publication date: YYYY, YYYY-MM or YYYY-MM-DD")
    dates.add_argument("--language", default="nl", help="language of the text (a lexicon code: nl, en; default nl)")

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
    add_briefing_parser(sub)
    return parser


def _table_output(parser: argparse.ArgumentParser, default: str | None) -> None:
    """--db, --format (the registered table formats) and -o, shared by the table commands."""
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="database file")
    parser.add_argument("--format", choices=tuple(TABLE_FORMATS), required=default is None, default=default)
    parser.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")


def add_briefing_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    briefing = sub.add_parser(
        "briefing", help="write the briefing exports of a selection: timeline images, HTML, chronology",
        description="Writes timeline-{slide,a4-landscape,a4-portrait}.{png,svg,pdf}, briefing.html, "
                    "chronology.md and chronology.docx for the events the filters select.")
    briefing.add_argument("--db", type=Path, default=DEFAULT_DB, help="database file")
    briefing.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                          help="a filter as in the dashboard's URL: years=2021-2023, actors=CHN,RUS, "
                               "types=SANCTION, together=1, precision=month, q=WORDS (repeatable)")
    briefing.add_argument("--only", action="append", choices=("images", "html", "chronology"),
                          help="write only these parts (repeatable)")
    briefing.add_argument("--lanes", choices=LANES, default=DEFAULT_LANES,
                          help=f"the timeline's lanes: one per theme, event type or actor (default: "
                               f"{DEFAULT_LANES}, as in the dashboard)")
    briefing.add_argument("--title", help="the title (default: what the events show)")
    briefing.add_argument("--out", type=Path, required=True, help="folder for the files")


def run_briefing(args: argparse.Namespace) -> int:
    from core.parse.lexicon import load_actors
    from core.store.filters import Filters
    from core.views.briefing import BrowserMissing
    from core.views.briefing_pack import PARTS, selection, write_briefing

    if not args.db.exists():
        print(f"no database at {args.db}: run 'python -m core ingest' first", file=sys.stderr)
        return 2
    query = dict(item.split("=", 1) for item in args.filter if "=" in item)
    problems = [f"--filter {item!r}: write KEY=VALUE" for item in args.filter if "=" not in item]
    problems += Filters.problems(query)
    codes = load_actors().names
    problems += [f"actors: unknown code {a!r} (codes such as CHN, RUS, USA, EU: data/actors.yaml)"
                 for a in Filters.from_query(query).actors if a not in codes]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    chosen = selection(args.db, Filters.from_query(query), args.lanes, args.title)
    try:
        written = write_briefing(chosen, args.out, tuple(args.only or PARTS), args.lanes)
    except BrowserMissing as exc:
        print(f"{exc} (--only chronology --only html need no browser)", file=sys.stderr)
        return 1
    print(f"{len(chosen.events)} events; wrote " + ", ".join(str(p) for p in written))
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from core.ingest.run import ingest, tqdm_progress

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
    from core.store import Store
    from core.views.export import ARTICLE_FIELDS, EVENT_FIELDS, article_records, event_records

    if not args.db.exists():
        print(f"no database at {args.db}: run 'python -m core ingest' first", file=sys.stderr)
        return 2
    fields: tuple[str, ...]
    with Store(args.db, read_only=True) as store:
        if args.what == "events":
            records, fields = event_records(store.events_frame()), EVENT_FIELDS
        else:
            records, fields = article_records(store.articles_frame()), ARTICLE_FIELDS
    return _write(records, fields, args.format, args.output)


def _write(records: list[dict[str, Any]], fields: tuple[str, ...], fmt: str, output: Path | None) -> int:
    """Records in a registered table format, to their file or to standard output."""
    chosen = TABLE_FORMATS[fmt]
    data = chosen.write(records, fields)
    if output:
        output.write_bytes(data)
    elif chosen.binary:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _no_database(db: Path) -> bool:
    """Says so when there is no database yet."""
    if db.exists():
        return False
    print(f"no database at {db}: run 'python -m core ingest' first", file=sys.stderr)
    return True


def run_snapshot(args: argparse.Namespace) -> int:
    from core.store import Store

    if _no_database(args.db):
        return 2
    with Store(args.db) as store:
        count = store.save_snapshot(args.name)
    print(f"snapshot {args.name!r}: {count} events kept")
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from core.store.reads import snapshots
    from core.views.changes import CHANGE_COLUMNS, change_records, changes_since

    if _no_database(args.db):
        return 2
    if args.since not in set(snapshots(args.db)["name"]):
        print(f"no snapshot named {args.since!r} in {args.db}: make one with 'python -m core snapshot NAME'",
              file=sys.stderr)
        return 2
    records = change_records(changes_since(args.db, args.since))
    return _write(records, CHANGE_COLUMNS, args.format, args.output)


def run_dates(args: argparse.Namespace) -> int:
    import json

    from core.models import Period
    from core.parse.dates import document_dates, timeml_value
    from core.parse.lexicon import UnknownLanguage, load_lexicon

    try:
        published = Period.parse(args.published)
        lex = load_lexicon(args.language)
    except (ValueError, UnknownLanguage) as error:
        print(f"dates: {error}", file=sys.stderr)
        return 2
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"dates: {error}", file=sys.stderr)
        return 2
    for expr in document_dates(text, lex, published):
        assert expr.period is not None  # document_dates keeps resolved expressions only
        print(json.dumps({"start": expr.start, "end": expr.end, "text": expr.text,
                          "value": timeml_value(expr.period), "granularity": expr.period.granularity.value,
                          "basis": expr.basis.value, "reference_only": expr.reference_only}, ensure_ascii=False))
    return 0


def run_timeml(args: argparse.Namespace) -> int:
    from core.cli.timeml import TimeMLError, evaluate, project_dates, read_folder

    try:
        docs = read_folder(args.timeml)
    except (TimeMLError, OSError) as error:
        print(f"evaluate: {error}", file=sys.stderr)
        return 2
    print(evaluate(docs, project_dates).report(verbose=args.verbose))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from core.cli.evaluate import load_gold, score

    if args.timeml:
        return run_timeml(args)
    from core.store import Store
    from core.views.export import article_records, event_records

    if not args.db.exists():
        print(f"no database at {args.db}: run 'python -m core ingest' first", file=sys.stderr)
        return 2
    with Store(args.db, read_only=True) as store:
        events, articles = event_records(store.events_frame()), article_records(store.articles_frame())
    print(score(load_gold(args.gold), events, articles).report(args.verbose))
    return 0


def run_bench(args: argparse.Namespace) -> int:
    from core.cli.bench import run, write_corpus

    if args.dashboard:
        from core.cli.bench import dashboard_bench

        args.out.mkdir(parents=True, exist_ok=True)
        dashboard_bench(args.dashboard, args.out)
        return 0
    if args.ingest:
        from core.cli.bench import ingest_bench

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
    handler = {"ingest": run_ingest, "export": run_export, "evaluate": run_evaluate, "dates": run_dates,
               "bench": run_bench, "briefing": run_briefing, "snapshot": run_snapshot, "changes": run_changes}
    from core.store import StoreError

    try:
        return handler[args.command](args)
    except StoreError as exc:  # the storage, not the program: a plain message with the fix, no traceback
        print(f"error: {exc}", file=sys.stderr)  # damage found while reading included
        return 2
