"""The dashboard's reads, cached per database state (core.store.reads does the reading),
and the first ingest of the corpus folders."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from core.ingest import workspace
from core.parse.lexicon import load_actors
from core.settings import FOLDER_CHECK_SECONDS, MAX_ARTICLE_OPTIONS
from core.store import StoreError, reads
from core.store.filters import Filters
from core.views import changes, panel
from core.views.shown import plain

Query = tuple[tuple[str, str], ...]  # a Filters' URL query, sorted: hashable, a cache key


def db_stamp(db: Path) -> float:
    """Changes whenever the database is written: the key of every cached query."""
    return db.stat().st_mtime if db.exists() else 0.0


@st.cache_data(show_spinner=False, max_entries=64)
def cached_events(db: str, stamp: float, query: Query, limit: int | None = None) -> pd.DataFrame:
    return reads.events(Path(db), Filters.from_query(dict(query)), limit)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_summary(db: str, stamp: float, query: Query) -> dict[str, Any]:
    return reads.summary(Path(db), Filters.from_query(dict(query)))


@st.cache_data(show_spinner=False, max_entries=32)
def cached_counts(db: str, stamp: float, query: Query, lanes: str) -> pd.DataFrame:
    return reads.monthly_counts(Path(db), Filters.from_query(dict(query)), lanes)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_relations(db: str, stamp: float, query: Query, pairs: tuple[str, ...],
                     freq: str) -> pd.DataFrame:
    chosen = [(a, b) for a, _, b in (p.partition("–") for p in pairs)]
    return reads.relations(Path(db), Filters.from_query(dict(query)), chosen, freq)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_facets(db: str, stamp: float) -> reads.Facets:
    return reads.facets(Path(db))


@st.cache_data(show_spinner=False, max_entries=8)
def cached_changes(db: str, stamp: float, since: str) -> pd.DataFrame:
    return changes.changes_since(Path(db), since)


@st.cache_data(show_spinner=False, max_entries=4)
def cached_snapshots(db: str, stamp: float) -> pd.DataFrame:
    return reads.snapshots(Path(db))


def chosen_snapshot(db: Path, stamp: float) -> str | None:
    """The briefing the changes are counted from: the one chosen in the Changes tab, else the latest."""
    names = list(cached_snapshots(str(db), stamp)["name"])
    wanted = st.session_state.get("changes_since_kept")  # the Changes tab's choice (its widget is gone elsewhere)
    return wanted if wanted in names else (names[0] if names else None)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_articles(db: str, stamp: float) -> pd.DataFrame:
    """Every article, shared by the sessions and never changed in place (a hundred
    thousand rows: copying them on every run, as cache_data does, takes a second)."""
    return reads.articles(Path(db))


@st.cache_data(show_spinner=False, max_entries=4)
def cached_article_titles(db: str, stamp: float) -> dict[str, str]:
    """article_id -> 'Title · date' of every article, for the tables."""
    return panel.article_labels(cached_articles(db, stamp))


@st.cache_data(show_spinner=False, max_entries=8)
def cached_known(db: str, stamp: float) -> pd.DataFrame:
    return reads.known_events(Path(db))


@st.cache_resource(show_spinner=False)
def actor_names() -> dict[str, str]:
    return dict(load_actors().names)


def ensure_database(db: Path) -> None:
    """Ingest the seeds and data/articles/ first when the database is missing or older.
    The folders are looked at when a session starts and then every FOLDER_CHECK_SECONDS
    (with a hundred thousand files, a look takes a while)."""
    now = time.monotonic()
    if db.exists() and now - st.session_state.get("folders_checked", -FOLDER_CHECK_SECONDS) < FOLDER_CHECK_SECONDS:
        return
    st.session_state["folders_checked"] = now
    paths = workspace.corpus_paths()
    if not workspace.needs_ingest(db, paths):
        return
    bar = st.progress(0.0, text="Reading articles…")

    def progress(done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"Reading articles… {done}/{total}: {plain(Path(path).name)}")

    try:
        summary = workspace.refresh(db, paths, progress)
    except StoreError as exc:  # new files cannot be stored (full, read-only): what is stored can still be read
        bar.empty()
        st.warning(plain(exc))
        return
    bar.empty()
    if summary.refused:
        st.toast(f"{len(summary.refused)} file(s) could not be read: see the Articles tab", icon="⚠️")
    if summary.orphaned:
        st.toast(f"{summary.orphaned} correction(s) no longer apply: see Corrections in the Events tab", icon="⚠️")



def article_labels(frame: pd.DataFrame, file_column: str = "file") -> dict[str, str]:
    """article_id -> 'Title · date' (core.views.panel.article_labels), for a choice of
    articles (at most MAX_ARTICLE_OPTIONS)."""
    return panel.article_labels(frame.iloc[:MAX_ARTICLE_OPTIONS], "article_id", file_column)



def query_of(filters: Filters) -> Query:
    """The filters as a cache key."""
    return tuple(sorted(filters.to_query().items()))
