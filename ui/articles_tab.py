"""The Articles tab: every article with its publication date and warnings, the files
refused, and a publication date set by hand."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.ingest import workspace
from core.settings import MAX_ARTICLE_OPTIONS
from core.store import reads
from core.views import shown
from core.views.shown import plain
from ui.data import article_labels, cached_articles


def articles_tab(db: Path, stamp: float) -> None:
    """The articles, the files that could not be read, and setting a publication date."""
    articles = cached_articles(str(db), stamp)
    if len(articles) > MAX_ARTICLE_OPTIONS:
        wanted = st.text_input("Find articles (file or title contains)", key="article_search", max_chars=200)
        articles = shown.find_articles(articles, wanted)
        st.caption(f"{min(len(articles), MAX_ARTICLE_OPTIONS):,} of {len(articles):,} articles shown.")
        articles = articles.iloc[:MAX_ARTICLE_OPTIONS]
    view = articles[["title", "published", "published_basis", "language", "n_events", "warnings", "file"]].copy()
    view["title"] = view["title"].where(view["title"].fillna("").str.strip() != "", "(untitled)")
    view["warnings"] = view["warnings"].apply(lambda w: "; ".join(w) if w is not None else "")
    st.dataframe(view, width="stretch", hide_index=True, column_config={
        "title": st.column_config.TextColumn("Title", width="large"),
        "published": "Published", "published_basis": "Date from", "language": "Language",
        "n_events": "Events", "warnings": "Warnings", "file": st.column_config.TextColumn("File", width="medium")})
    refused = reads.refused_files(db)
    if len(refused):
        st.markdown("**Files that could not be read, and files that are gone**")
        st.dataframe(refused, width="stretch", hide_index=True)
    st.markdown("**Set a publication date** (kept across re-reading; the article's relative dates follow)")
    with st.form("publication"):
        labels = article_labels(articles)
        article_id = st.selectbox("Article", list(labels), format_func=lambda a: labels[a], key="pub_article")
        date = st.text_input("Publication date", placeholder="YYYY-MM-DD", key="pub_date")
        if st.form_submit_button("Save date"):
            try:
                saved = workspace.set_publication_date(db, article_id, date)
                st.success(f"Publication date set to {plain(saved)}")
                st.cache_data.clear()
            except workspace.UploadRefused as exc:
                st.error(plain(exc))

