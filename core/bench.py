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

from core.clean import clean, split_sentences
from core.lexicon import load_lexicon
from core.pipeline import parse_article
from core.reader import read_file
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


def time_parse(articles: list[GeneratedArticle]) -> tuple[float, int]:
    from core.reader import read_bytes

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
    figures = {
        "articles": n, "sentences": sentences, "parse_s": parse_s, "search_s": search_s,
        "articles_per_s": n / parse_s, "sentences_per_s": sentences / parse_s,
        "ratio": parse_s / search_s, "peak_rss_mb": rss_mb,
    }
    print(f"generated {n} articles ({sentences} sentences) in {t_generate:.1f} s")
    print(f"parse (read, clean, language, dates, actors, events): {parse_s:.2f} s  "
          f"{figures['articles_per_s']:.1f} articles/s  {figures['sentences_per_s']:.0f} sentences/s (1 core)")
    print(f"dateparser.search_dates alone over the same texts:   {search_s:.2f} s  "
          f"{n / search_s:.1f} articles/s")
    print(f"ratio parse / search_dates: {figures['ratio']:.2f}  (below 1.00: the whole parse is faster)")
    print(f"peak memory: {rss_mb:.0f} MB")
    return figures
