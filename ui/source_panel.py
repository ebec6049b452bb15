"""The source panel: the chosen event's card, its sources, the form that corrects it, and
its article with the sentence marked. The HTML comes from core.views.panel."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from core.ingest import curation
from core.models import MODALITIES
from core.store import reads
from core.views import charts, panel
from core.views.shown import plain
from core.views.sources import source_groups, sources_words
from ui.data import actor_names, cached_articles, cached_known, db_stamp


def event_card(db: Path, row: pd.Series) -> None:
    """The chosen event in plain words; its technical fields behind a toggle."""
    known = cached_known(str(db), db_stamp(db))
    known_names = dict(zip(known["id"], known["name"])) if len(known) else {}
    st.markdown(panel.event_card(row.to_dict(), actor_names(), known_names), unsafe_allow_html=True)
    with st.expander("Details"):
        st.markdown(panel.event_details_html(row.to_dict()), unsafe_allow_html=True)


def passing_panel(db: Path, row: pd.Series) -> None:
    """A known event: the sentences that name it only in passing count as its mentions."""
    if not isinstance(row.get("known_event"), str):
        return
    passing = reads.passing_mentions(db, row["known_event"])
    if len(passing):
        with st.expander(f"Also named in passing in {len(passing)} sentence(s)"):
            for item in passing.itertuples():
                st.markdown(panel.passing_html(item.title, item.source, item.published, item.sentence),
                            unsafe_allow_html=True)


def sources_picker(db: Path, row: pd.Series) -> pd.Series:
    """An event reported by several articles: step through its sources."""
    passing_panel(db, row)
    mentions = reads.mentions_of(db, str(row["event_id"]))
    if len(mentions) <= 1:
        return row
    articles = cached_articles(str(db), db_stamp(db)).set_index("article_id")
    titles = panel.source_titles(mentions, articles)
    disagreement = panel.disagreement_html(mentions, titles, actor_names())
    if disagreement:
        st.markdown(disagreement, unsafe_allow_html=True)
    groups = source_groups(mentions)
    st.markdown(f"**{plain(sources_words(len(mentions), len(groups)))} report this event**")
    # copies under their original; radio options are Markdown: a title named "![x](https://…)"
    # would be a live image (panel.source_choices makes them plain)
    labels = panel.source_choices(groups, titles)
    order = list(labels)
    shown = mentions.index[mentions["mention_id"] == row["mention_id"]]
    start = int(shown[0]) if len(shown) else order[0]
    index = st.radio("Source", order, index=order.index(start), format_func=lambda i: labels[i],
                     key=f"source_{row['event_id']}", label_visibility="collapsed")
    chosen = mentions.iloc[index]
    st.markdown(panel.quote_html(chosen["sentence"]), unsafe_allow_html=True)
    return chosen


def correction_form(db: Path, row: pd.Series) -> None:
    """Correct type, date, actors or modality; delete; pin. Stored apart, undoable."""
    names = actor_names()
    corrected = panel.corrected_words(row.get("corrected"))
    title = "Correct this event" + (f" (corrected: {corrected})" if corrected else "")
    with st.expander(title):
        with st.form(f"correct_{row['mention_key']}"):
            types = list(charts.TYPE_ORDER)
            new_type = st.selectbox("Type", types, index=types.index(row["type"]), format_func=str.title)
            new_date = st.text_input("Date (YYYY-MM-DD, YYYY-MM or YYYY)", value=str(row["date"] or ""))
            codes = sorted(set(names) | set(row["actors"]))
            new_actors = st.multiselect("Actors", codes, default=list(row["actors"]),
                                        format_func=lambda a: names.get(a, a))
            sources, targets = panel.actor_codes(row.get("source_actors")), panel.actor_codes(row.get("target_actors"))
            role_codes = sorted(set(codes) | set(sources) | set(targets))
            new_sources = st.multiselect("Who acts (source actors)", role_codes, default=sources,
                                         format_func=lambda a: names.get(a, a),
                                         help="Among the actors; at least one")
            new_targets = st.multiselect("Acted on (target actors)", role_codes, default=targets,
                                         format_func=lambda a: names.get(a, a),
                                         help="Among the actors; none when no one is acted on")
            modalities = list(MODALITIES)
            new_modality = st.selectbox("Modality", modalities, index=modalities.index(row["modality"]))
            new_headline = st.text_input("Headline", value=str(row.get("headline") or ""), max_chars=60)
            if st.form_submit_button("Save corrections"):
                asked = {"type": new_type, "date": new_date, "actors": new_actors, "source_actors": new_sources,
                         "target_actors": new_targets, "modality": new_modality, "headline": new_headline}
                before = {"type": row["type"], "date": row["date"], "actors": list(row["actors"]),
                          "source_actors": sources, "target_actors": targets, "modality": row["modality"],
                          "headline": str(row.get("headline") or "")}
                try:
                    curation.correct_event(db, str(row["mention_key"]),
                                           {f: v for f, v in asked.items() if v != before[f]})
                    st.cache_data.clear()
                    st.rerun()
                except curation.CorrectionRefused as exc:
                    st.error(plain(exc))
        left, right = st.columns(2)
        pinned = bool(row.get("pinned"))
        if left.button("Unpin" if pinned else "Pin as key event", key=f"pin_{row['mention_key']}"):
            curation.correct(db, str(row["mention_key"]), "pinned", not pinned)
            st.cache_data.clear()
            st.rerun()
        if right.button("Delete this event", key=f"delete_{row['mention_key']}"):
            curation.correct(db, str(row["mention_key"]), "deleted", True)
            st.session_state.pop("selected_mention", None)
            st.cache_data.clear()
            st.rerun()


def article_panel(db: Path, article_id: str, start: int | None, end: int | None) -> None:
    """The article: title, outlet and date, then its whole text (plain, never rendered as
    HTML or Markdown) in a scrolling box with the event's sentence marked and in view."""
    article = reads.article(db, article_id)
    if article is None:
        st.info("The article is no longer in the database.")
        return
    st.markdown(panel.article_header_html(article), unsafe_allow_html=True)
    st.markdown(panel.article_text_html(article["text"] or "", start, end), unsafe_allow_html=True)

