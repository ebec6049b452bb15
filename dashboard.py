"""China–Russia relations timeline: the Streamlit dashboard.

    streamlit run dashboard.py

It only lays out the page: its parts are in ui/ (they only render), and data access,
figures and exports live in core/.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from core.ingest import workspace
from core.settings import MAX_TABLE_ROWS, MAX_TIMELINE_MARKERS
from core.store import StoreError, reads
from core.store.filters import TABS
from core.views.panel import focus_words
from core.views.shown import plain
from ui.articles_tab import articles_tab
from ui.changes_tab import changes_tab
from ui.data import actor_names, cached_events, cached_facets, cached_summary, db_stamp, ensure_database, query_of
from ui.events_tab import events_tab
from ui.relations_tab import relations_tab
from ui.sidebar import sidebar_add_articles, sidebar_briefed, sidebar_filters
from ui.style import CSS, SCROLL_TO_MARK
from ui.timeline_tab import dense_timeline, timeline_tab
from ui.url import url_view, write_url


def headline(summary: dict[str, Any], facets: reads.Facets) -> None:
    """The figures above the tabs."""
    first, second, third, fourth = st.columns([1, 1, 1.6, 1.2])
    first.metric("Articles", f"{summary['articles']:,} of {facets.n_articles:,}")
    second.metric("Events", f"{summary['events']:,}")
    span = "—" if summary["first"] is None else f"{summary['first']:%b %Y} – {summary['last']:%b %Y}"
    third.metric("Span", span)
    fourth.metric(f"{focus_words(actor_names())} together", f"{summary['together']:,}")


def main() -> None:
    """The page; a database that cannot be used is said plainly, with the fix."""
    st.set_page_config(page_title="China–Russia timeline", page_icon="🗓️", layout="wide",
                       initial_sidebar_state="expanded")
    db = workspace.db_path()
    try:
        page(db)
    except StoreError as exc:  # the store says what failed, damage found while reading included
        st.error(plain(exc))


def page(db: Path) -> None:
    """The sidebar, the figures and the open tab."""
    st.markdown(CSS, unsafe_allow_html=True)
    ensure_database(db)
    if not db.exists():
        sidebar_add_articles(db)
        st.info("No articles yet: add some in the sidebar.")
        return
    stamp = db_stamp(db)
    facets = cached_facets(str(db), stamp)
    st.title("China–Russia relations timeline")
    if facets.n_events == 0:
        sidebar_add_articles(db)
        st.info("No events found yet. Add articles in the sidebar, or check the Articles tab for files that could "
                "not be read.")
        articles_tab(db, stamp)
        return
    filters, view = sidebar_filters(facets)
    sidebar_add_articles(db)
    sidebar_briefed(db)
    query = query_of(filters)
    summary = cached_summary(str(db), stamp, query)
    dense = summary["events"] > MAX_TIMELINE_MARKERS

    def events() -> pd.DataFrame:  # asked for by the views that show single events only
        return cached_events(str(db), stamp, query, MAX_TABLE_ROWS if dense else None)

    headline(summary, facets)
    # only the open tab runs: a filter change at a million events redraws one view, not four
    timeline, relations, table, changed, articles = st.tabs(list(TABS), default=url_view().tab, key="view_tab",
                                                            on_change="rerun")
    write_url(filters, view)  # before the views: a shared link is right as soon as the chart is
    if timeline.open:
        with timeline:
            if dense:
                dense_timeline(db, summary, filters, view, stamp)
            else:
                timeline_tab(db, events(), filters, view, stamp)
    if relations.open:
        with relations:
            relations_tab(db, filters, facets, stamp)
    if table.open:
        with table:
            events_tab(db, events(), summary["events"])
    if changed.open:
        with changed:
            changes_tab(db, events(), stamp)
    if articles.open:
        with articles:
            articles_tab(db, stamp)
    write_url(filters, view)  # again: the relations' pairs and period are known now
    st.html(SCROLL_TO_MARK, unsafe_allow_javascript=True)


# Streamlit runs this file as "__main__"; a worker process that imports it as its parent's
# main module (multiprocessing's spawn) must not draw a page.
if __name__ == "__main__":
    main()
