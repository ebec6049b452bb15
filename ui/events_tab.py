"""The Events tab: the events as a table with their downloads (every registered table
format), adding an event by hand, and the audit of corrections with undo."""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import streamlit as st

from core.ingest import curation
from core.settings import MAX_ARTICLE_OPTIONS
from core.views import briefing, charts
from core.views.export import TABLE_FORMATS
from core.views.shown import plain
from ui.data import actor_names, article_labels, cached_article_titles, cached_articles, db_stamp


def curation_section(db: Path, events: pd.DataFrame) -> None:
    """Add an event by hand (to an article of the events shown); the audit of every
    correction, with undo."""
    names = actor_names()
    with st.expander("Add an event by hand"):
        articles = cached_articles(str(db), db_stamp(db))
        if len(events):  # the articles of the events shown
            articles = articles[articles["article_id"].isin(set(events["article_id"]))]
        labels = article_labels(articles)
        with st.form("add_event", clear_on_submit=True):
            article_id = st.selectbox("Article", list(labels), format_func=lambda a: labels[a])
            sentence = st.text_area("The sentence that reports it (citation)", height=80)
            new_type = st.selectbox("Type", list(charts.TYPE_ORDER), format_func=str.title)
            date = st.text_input("Date (YYYY-MM-DD, YYYY-MM or YYYY)")
            actors = st.multiselect("Actors", sorted(names), format_func=lambda a: names.get(a, a))
            if st.form_submit_button("Add event"):
                try:
                    curation.add_event(db, article_id, sentence, new_type, date, actors)
                    st.cache_data.clear()
                    st.success("Event added")
                except curation.CorrectionRefused as exc:
                    st.error(plain(exc))
    audit = curation.audit(db)
    orphaned = audit[audit["status"] == "orphaned"] if len(audit) else audit
    if len(orphaned):
        st.warning(f"{len(orphaned)} correction(s) no longer apply: their article changed or its file is gone. "
                   "Re-attach or drop them under Corrections.")
    active_count = int((~audit["undone"]).sum()) if len(audit) else 0
    orphan_note = f", {len(orphaned)} no longer apply" if len(orphaned) else ""
    with st.expander(f"Corrections ({active_count} active{orphan_note})", expanded=bool(len(orphaned))):
        if not len(audit):
            st.caption("No corrections yet.")
            return
        view = audit[["id", "created_at", "status", "field", "value", "article", "sentence"]]
        st.dataframe(view, width="stretch", hide_index=True)
        if len(orphaned):
            orphan_actions(db, orphaned, events)
        active = audit[~audit["undone"]]
        if len(active):
            fields = active.set_index("id")["field"]
            chosen = st.selectbox("Correction to undo", list(active["id"]), key="undo_id",
                                  format_func=lambda i: f"#{i}: {fields.loc[i]}")
            if st.button("Undo", key="undo"):
                curation.undo(db, int(chosen))
                st.cache_data.clear()
                st.rerun()


def orphan_actions(db: Path, orphaned: pd.DataFrame, events: pd.DataFrame) -> None:
    """Re-attach an orphaned correction to an event of the table, or drop it."""
    by_id = orphaned.set_index("id")
    chosen = st.selectbox("Correction that no longer applies", list(by_id.index), key="orphan_id",
                          format_func=lambda i: f"#{i}: {by_id.loc[i, 'field']} · {by_id.loc[i, 'sentence'][:80]}")
    keys = events.drop_duplicates("mention_key").iloc[:MAX_ARTICLE_OPTIONS] if len(events) else events
    titles = cached_article_titles(str(db), db_stamp(db))
    sentences = {key: f"{titles.get(article, file)}: {sentence[:90]}" for key, article, file, sentence
                 in zip(keys["mention_key"], keys["article_id"], keys["article_file"], keys["sentence"])} \
        if len(keys) else {}
    left, right = st.columns([3, 1])
    if by_id.loc[chosen, "target"] == "event" and sentences:
        target = left.selectbox("Attach it to", list(sentences), format_func=lambda k: sentences[k], key="orphan_to")
        if left.button("Re-attach", key="orphan_reattach"):
            try:
                curation.reattach(db, int(chosen), str(target))
                st.cache_data.clear()
                st.rerun()
            except curation.CorrectionRefused as exc:
                st.error(plain(exc))
    if right.button("Drop", key="orphan_drop"):
        curation.drop(db, int(chosen))
        st.cache_data.clear()
        st.rerun()


def events_tab(db: Path, events: pd.DataFrame, total: int) -> None:
    """The events as a table, adding and undoing corrections, and the table's downloads."""
    if total > len(events):
        st.caption(f"The first {len(events):,} of {total:,} events; `python -m core export` writes them all.")
    columns = ["date", "headline", "granularity", "date_text", "date_basis", "type", "actors", "modality", "sentence",
               "article", "n_sources", "n_independent", "known_event", "pinned", "corrected", "confidence",
               "article_file"]
    titles = cached_article_titles(str(db), db_stamp(db))
    table = events.assign(article=[titles.get(a, f) for a, f in zip(events["article_id"], events["article_file"])])
    st.dataframe(table[columns], width="stretch", hide_index=True,
                 column_config={"sentence": st.column_config.TextColumn(width="large"),
                                "article": st.column_config.TextColumn("article", width="medium",
                                                                       help="Title and publication date"),
                                "article_file": st.column_config.TextColumn("file", width="small")})
    curation_section(db, events)
    for column, fmt in zip(st.columns(len(TABLE_FORMATS)), TABLE_FORMATS.values()):
        # made when clicked, not on every run (a spreadsheet of thousands of rows takes a while)
        column.download_button(f"Download {fmt.label}", functools.partial(briefing.table_bytes, events, fmt.name),
                               file_name=fmt.file_name("events"), mime=fmt.mime, key=f"table_{fmt.name}",
                               on_click="ignore")

