"""Synthetic stores for the dashboard benchmark (`python -m core bench --dashboard N`):
n events, ten per article, over 2014-2025, made in DuckDB so that a million takes seconds."""
from __future__ import annotations

from pathlib import Path

from core.models import QUAD_AND_SCORE
from core.store.database import Store
from core.store.schema import EVENT_COLUMNS

ACTOR_SETS = [["CHN", "RUS"], ["CHN", "USA"], ["RUS", "EU"], ["CHN", "RUS", "USA"], ["RUS", "UKR"],
              ["CHN", "EU"], ["RUS", "NATO"], ["CHN", "TWN"], ["RUS", "PRK"], ["CHN", "RUS", "IRN"]]


def synthetic_store(db: Path, n_events: int, seed: int = 7) -> None:
    """A store with n_events synthetic events (ten per article) over 2014-2025."""
    types = [t.value for t in QUAD_AND_SCORE]
    quads = [QUAD_AND_SCORE[t][0] for t in QUAD_AND_SCORE]
    scores = [QUAD_AND_SCORE[t][1] for t in QUAD_AND_SCORE]
    # each column of EVENT_COLUMNS as an expression over i (the event's number), t (its type),
    # s (its actor set) and d (its day); a column not named is NULL
    values = {
        "mention_id": "'m' || i", "event_id": "'m' || i", "article_id": "'a' || (i // 10)",
        "article_file": "'synthetic_' || (i // 10) || '.txt'", "sentence_idx": "i % 10", "char_start": "0",
        "char_end": "20", "sentence": "'Synthetic sentence number ' || i", "trigger": "''",
        "type": f"list_extract({types}, t)", "quad": f"list_extract({quads}, t)",
        "score": f"list_extract({scores}, t)", "actors": f"list_extract({ACTOR_SETS}, s)",
        "source_actors": "[]", "target_actors": "[]", "people": "[]", "modality": "'actual'",
        "date": "strftime(d, '%Y-%m-%d')", "granularity": "'day'", "date_start": "d", "date_end": "d",
        "date_text": "''", "date_basis": "'explicit'", "confidence": "0.8",
        "language": "CASE WHEN i % 2 = 0 THEN 'nl' ELSE 'en' END", "context": "[]",
        "mention_key": "'a' || (i // 10) || ':' || i",
    }
    columns = [c for c in EVENT_COLUMNS if c in values]
    with Store(db) as store, store.transaction():
        n_articles = max(1, n_events // 10)
        store._run(
            f"INSERT INTO articles (article_id, file, path, title, language, published, published_granularity, "
            f"published_start, published_end, published_basis, published_text, source, url, text, warnings, n_events, "
            f"ingested_at, removed) SELECT 'a' || i, 'synthetic_' || i || '.txt', 'synthetic_' || i || '.txt', "
            f"'Synthetic article ' || i, CASE WHEN i % 2 = 0 THEN 'nl' ELSE 'en' END, NULL, NULL, NULL, NULL, "
            f"'header', '', NULL, NULL, 'Synthetic text ' || i, [], 10, now(), FALSE FROM range({n_articles}) r(i)")
        store._run(
            f"INSERT INTO events ({', '.join(columns)}) SELECT {', '.join(values[c] for c in columns)} "
            f"FROM (SELECT i, 1 + (hash(i * {seed}) % {len(types)})::INT AS t, "
            f"1 + (hash(i + {seed}) % {len(ACTOR_SETS)})::INT AS s, "
            f"DATE '2014-01-01' + (hash(i * 31 + {seed}) % 4380)::INT AS d FROM range({n_events}) r(i))")
