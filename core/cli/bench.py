"""Benchmark: the parse against dateparser's date search alone, on generated articles.

    python -m core bench [--articles N]

Articles are made, deterministically, by recombining the sentences of the seeds and
the golden sets under new publication dates. The same texts go through our whole
parse and through `dateparser.search_dates(text, languages=[lang])`; the ratio of the
two times is the figure to watch (below 1: the whole parse is faster than dateparser's
search alone).
"""
from __future__ import annotations

import datetime as dt
import random
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from core.parse.clean import clean, split_sentences
from core.parse.lexicon import load_lexicon
from core.parse.pipeline import parse_article
from core.parse.reader import read_file
from core.settings import PROJECT_DIR, SEEDS_DIR

CORPORA = (SEEDS_DIR, PROJECT_DIR / "tests" / "golden" / "articles", PROJECT_DIR / "tests" / "golden" / "holdout",
           PROJECT_DIR / "tests" / "golden" / "blind2")


@dataclass(slots=True)
class GeneratedArticle:
    name: str
    language: str
    data: bytes
    text: str


def sentence_pool() -> dict[str, list[list[str]]]:
    """Paragraphs (lists of sentences) per language, from the sample corpora."""
    pool: dict[str, list[list[str]]] = {}
    for folder in CORPORA:
        for path in sorted(folder.glob("*")):
            if path.suffix not in (".txt", ".md", ".html", ".json", ".jsonl"):
                continue
            for raw in read_file(path):
                article = parse_article(raw)
                lex = load_lexicon(article.language)
                sentences = split_sentences(clean(raw.text, lex), lex)
                by_paragraph: dict[int, list[str]] = {}
                for s in sentences:
                    if not s.heading:
                        by_paragraph.setdefault(s.paragraph, []).append(s.text)
                pool.setdefault(article.language, []).extend(by_paragraph.values())
    return pool


def generate(n: int, seed: int = 7) -> list[GeneratedArticle]:
    """n articles, alternately Dutch and English, each 4 to 8 paragraphs."""
    rng = random.Random(seed)
    pool = sentence_pool()
    languages = sorted(pool)
    out = []
    for i in range(n):
        lang = languages[i % len(languages)]
        paragraphs = rng.sample(pool[lang], k=min(len(pool[lang]), rng.randint(4, 8)))
        published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3800))
        header = f"date: {published.isoformat()}" if rng.random() < 0.8 else f"date: {published:%Y-%m}"
        body = "\n\n".join(" ".join(p) for p in paragraphs)
        text = f"{header}\n{body}\n"
        out.append(GeneratedArticle(f"bench_{i:06d}.txt", lang, text.encode("utf-8"), body))
    return out


def write_corpus(n: int, folder: Path, seed: int = 7, per_folder: int = 1000) -> int:
    """Write n generated articles as files, a thousand per sub-folder (deterministic)."""
    for number, article in enumerate(generate(n, seed)):
        sub = folder / f"{number // per_folder:04d}"
        if number % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / article.name).write_bytes(article.data)
    return n


def time_parse(articles: list[GeneratedArticle]) -> tuple[float, int]:
    from core.parse.reader import read_bytes

    sentences = 0
    start = time.perf_counter()
    for article in articles:
        for raw in read_bytes(article.name, article.data):
            sentences += len(parse_article(raw).sentences)
    return time.perf_counter() - start, sentences


def time_dateparser(articles: list[GeneratedArticle]) -> float:
    from dateparser.search import search_dates

    start = time.perf_counter()
    for article in articles:
        search_dates(article.text, languages=[article.language])
    return time.perf_counter() - start


def run(n: int, seed: int = 7) -> dict[str, float]:
    """Generate, warm up, time both, print the figures; returns them."""
    t0 = time.perf_counter()
    articles = generate(n, seed)
    t_generate = time.perf_counter() - t0
    warm = articles[: min(20, len(articles))]
    time_parse(warm)          # lexicons, patterns, detector: built once per process
    time_dateparser(warm)     # dateparser's own start-up, likewise
    parse_s, sentences = time_parse(articles)
    search_s = time_dateparser(articles)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ingest_s = time_ingest_process(articles)
    ingest2_s = time_ingest_process(articles, workers=2)
    figures = {
        "articles": n, "sentences": sentences, "parse_s": parse_s, "search_s": search_s,
        "articles_per_s": n / parse_s, "sentences_per_s": sentences / parse_s,
        "ratio": parse_s / search_s, "peak_rss_mb": rss_mb,
        "ingest_s": ingest_s, "ingest_ratio": ingest_s / search_s,
        "ingest_2_workers_s": ingest2_s, "ingest_2_workers_ratio": ingest2_s / search_s,
    }
    print(f"generated {n} articles ({sentences} sentences) in {t_generate:.1f} s")
    print(f"parse (read, clean, language, dates, actors, events): {parse_s:.2f} s  "
          f"{figures['articles_per_s']:.1f} articles/s  {figures['sentences_per_s']:.0f} sentences/s (1 core)")
    print(f"dateparser.search_dates alone over the same texts:   {search_s:.2f} s  "
          f"{n / search_s:.1f} articles/s")
    print(f"ratio parse / search_dates: {figures['ratio']:.2f}  (below 1.00: the whole parse is faster)")
    print(f"whole ingest in a new process (start-up, files, store, merge): {ingest_s:.2f} s  "
          f"ratio to search_dates {figures['ingest_ratio']:.2f}")
    print(f"the same with --workers 2: {ingest2_s:.2f} s  "
          f"ratio to search_dates {figures['ingest_2_workers_ratio']:.2f}")
    print(f"peak memory of the parse: {rss_mb:.0f} MB")
    return figures


def time_ingest_process(articles: list[GeneratedArticle], workers: int = 1) -> float:
    """`python -m core ingest` of the articles as files into a new store, start-up included."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for article in articles:
            (folder / article.name).write_bytes(article.data)
        return timed_ingest(folder, Path(tmp) / "bench.duckdb", workers)[0]


# --------------------------------------------------------------------------- dashboard at scale
def dashboard_bench(n_events: int, folder: Path) -> dict[str, float]:
    """What one dashboard run of the Timeline tab costs at n_events (the other tabs run
    only when opened): the first view and a filter change."""
    from core.settings import MAX_TIMELINE_MARKERS
    from core.store import reads
    from core.store.filters import Filters
    from core.store.synthetic import synthetic_store
    from core.views import charts

    db = folder / f"dashboard_{n_events}.duckdb"
    if db.exists():
        db.unlink()
    started = time.perf_counter()
    synthetic_store(db, n_events)
    build_s = time.perf_counter() - started

    def one_view(filters: Filters, first: bool = False) -> float:
        start = time.perf_counter()
        summary = reads.summary(db, filters)
        if first:
            reads.facets(db)  # the dashboard caches them: they do not depend on the filters
        if summary["events"] > MAX_TIMELINE_MARKERS:
            counts = reads.monthly_counts(db, filters)
            charts.density_figure(counts, summary["events"], MAX_TIMELINE_MARKERS).to_json()
        else:
            events = reads.events(db, filters)
            charts.timeline_figure(events, None, reads.known_events(db)).to_json()
        return time.perf_counter() - start

    first = one_view(Filters(), first=True)
    changes = [one_view(Filters(years=(2022, 2022))), one_view(Filters(types=("SANCTION",), together=True)),
               one_view(Filters(actors=("USA",), min_precision="day"))]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {"events": n_events, "build_s": build_s, "first_view_s": first,
               "filter_change_s": sum(changes) / len(changes), "peak_rss_mb": rss_mb}
    print(f"{n_events:,} events: store built in {build_s:.1f} s; first view {first:.2f} s; "
          f"filter change {figures['filter_change_s']:.2f} s (mean of 3); peak RSS {rss_mb:.0f} MB")
    return figures


# --------------------------------------------------------------------------- ingest at scale
def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # the process ended meanwhile
    return total / 1024


def timed_ingest(folder: Path, db: Path, workers: int) -> tuple[float, float, str]:
    """`python -m core ingest` in a new process: wall time, peak memory of its process tree
    (sampled ten times a second) and the summary it printed."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:  # a file: a full pipe would stall the ingest
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "core", "ingest", str(folder), "--db", str(db),
                                  "--workers", str(workers)], cwd=PROJECT_DIR, stdout=out, stderr=subprocess.DEVNULL)
        peak = 0.0
        while child.poll() is None:
            peak = max(peak, tree_rss_mb(child.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        out.seek(0)
        output = out.read()
    if child.returncode:
        raise RuntimeError(f"ingest failed ({child.returncode}): {output[-500:]}")
    return seconds, peak, "\n".join(output.splitlines()[:3])


def change_files(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """Give n of the folder's articles a new publication date (deterministic): changed files."""
    files = sorted(folder.rglob("*.txt"))
    chosen = random.Random(seed).sample(files, k=min(n, len(files)))
    for number, path in enumerate(chosen):
        body = path.read_text(encoding="utf-8").split("\n", 1)[1]
        published = dt.date(2016, 1, 1) + dt.timedelta(days=37 * number % 3000)
        path.write_text(f"date: {published.isoformat()}\n{body}", encoding="utf-8")
    return chosen


def ingest_bench(folder: Path, db: Path, workers: int, changed: int) -> dict[str, float]:
    """A whole ingest of a folder into a new store, then a re-ingest with `changed` files changed."""
    for old in (db, db.with_name(db.name + ".wal")):
        if old.exists():
            old.unlink()
    files = sum(1 for _ in folder.rglob("*.txt"))
    seconds, peak, summary = timed_ingest(folder, db, workers)
    print(f"ingest of {files:,} files with {workers} worker(s): {seconds:.1f} s  {files / seconds:.0f} files/s  "
          f"peak memory (all processes) {peak:.0f} MB  store {db.stat().st_size / 2**20:.0f} MB")
    print(summary)
    figures = {"files": files, "workers": workers, "ingest_s": seconds, "peak_mb": peak}
    if changed:
        change_files(folder, changed)
        again, peak_again, summary = timed_ingest(folder, db, workers)
        print(f"re-ingest with {changed} files changed: {again:.1f} s  peak memory {peak_again:.0f} MB")
        print(summary)
        figures.update(reingest_s=again, reingest_peak_mb=peak_again)
    return figures
