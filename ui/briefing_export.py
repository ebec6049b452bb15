"""The Timeline tab's briefing export: an editable title, the HTML briefing, the
chronology, and the timeline as PNG, SVG and PDF in one size."""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import streamlit as st

from core.store.filters import Filters
from core.views import briefing, changes, charts, panel
from core.views.charts import TimelineOptions
from ui.data import actor_names, cached_changes, cached_known, chosen_snapshot, db_stamp


def briefing_exports(db: Path, events: pd.DataFrame, articles: pd.DataFrame, filters: Filters,
                     view: TimelineOptions) -> None:
    """The briefing's title (editable), the images in one size, the HTML briefing and the chronology."""
    from core.views import chronology
    from core.views.briefing_pack import Selection, chronology_of

    names = actor_names()
    # a key and state kept by the server: the expander stays open when its buttons rerun the page,
    # and what it holds is built only while it is open
    export = st.expander("Briefing export", key="briefing_export", on_change="rerun")
    with export:
        if not export.open:
            return
        lanes, colour, show_known = view.lanes, view.colour, view.show_known
        point = briefing.point_title(events)
        # empty: the title the events suggest (it follows the filters until the user writes one)
        title = st.text_input("Title", value="", placeholder=point, key="briefing_title", max_chars=140) or point
        text = briefing.briefing_text(events, articles, filters.describe(names), lanes, title)
        # outlets and search words come from articles and users: shown as plain text
        st.markdown(panel.quiet_html(text.subtitle, text.source_line), unsafe_allow_html=True)
        known = cached_known(str(db), db_stamp(db))
        options = TimelineOptions(lanes=lanes, colour=colour, show_known=show_known)
        page = briefing.html_briefing(charts.timeline_figure(events, articles, known, options, names), events,
                                      text.title, text.subtitle, text.source_line, articles, names)
        chron = chronology_of(Selection(events, articles, known, text))
        since = chosen_snapshot(db, db_stamp(db))
        if since:  # a section of what changed since the briefing, for the events shown
            chron = chronology.with_changes(chron, since, changes.filtered(
                cached_changes(str(db), db_stamp(db), since), set(events["event_id"])))
        first, second, third = st.columns(3)
        first.download_button("HTML briefing (opens offline)", page, file_name="timeline-briefing.html",
                              mime="text/html", key="dl_html")
        for column, doc in zip((second, third), chronology.FORMATS.values()):
            # made when clicked, not on every run (a Word document takes a while)
            column.download_button(f"Chronology ({doc.label})", functools.partial(doc.write, chron),
                                   file_name=doc.file_name("chronology"), mime=doc.mime, key=f"dl_chron_{doc.name}",
                                   on_click="ignore")
        size = st.radio("Image size", list(briefing.EXPORT_SIZES), horizontal=True, key="briefing_size",
                        format_func=lambda s: briefing.EXPORT_SIZE_NAMES[s])
        if st.button("Prepare PNG, SVG and PDF", key="prepare_images"):
            try:
                with st.spinner("Rendering…"):
                    st.session_state["images"] = briefing.export_images(events, articles, known, text, size, lanes,
                                                                        colour, show_known, names)
                    st.session_state["images_size"] = size
            except briefing.BrowserMissing as exc:
                st.warning(str(exc))
        images = st.session_state.get("images") or {}
        made = st.session_state.get("images_size", size)
        columns = st.columns(3)
        for column, fmt in zip(columns, briefing.IMAGE_FORMATS):
            if fmt in images:
                column.download_button(f"{fmt.upper()} ({briefing.EXPORT_SIZE_NAMES[made]})", images[fmt],
                                       file_name=f"timeline-{made}.{fmt}", mime=briefing.IMAGE_FORMATS[fmt],
                                       key=f"dl_{fmt}")

