"""The Timeline tab: every event on its date with the chosen one's source beside it, or,
past MAX_TIMELINE_MARKERS events, their counts per month and lane."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from core.parse.themes import load_themes
from core.settings import MAX_TIMELINE_MARKERS
from core.store.filters import Filters
from core.views import changes, charts
from core.views.charts import TimelineOptions
from core.views.shown import plain
from ui.briefing_export import briefing_exports
from ui.data import actor_names, cached_articles, cached_changes, cached_counts, cached_known, chosen_snapshot, query_of
from ui.source_panel import article_panel, correction_form, event_card, sources_picker
from ui.style import CHART_CONFIG
from ui.url import url_view


def selected_mention(events: pd.DataFrame) -> str | None:
    """The chosen event: a click on the chart, else the session's choice, else the newest."""
    state = st.session_state.get("timeline") or {}
    try:
        points = state["selection"]["points"]
    except (KeyError, TypeError):
        points = []
    for point in points or []:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(custom, list):
            custom = custom[0] if custom else None
        if custom:
            st.session_state["selected_mention"] = str(custom)
            break
    chosen = st.session_state.setdefault("selected_mention", url_view().event)
    if chosen and (chosen.startswith("article:") or chosen in set(events["mention_id"])):
        return chosen
    dated = events[events["date_start"].notna()]
    if not len(dated):
        return None
    return str(dated.sort_values(["date_end", "date_start"]).iloc[-1]["mention_id"])



def dense_timeline(db: Path, summary: dict[str, Any], filters: Filters, view: TimelineOptions, stamp: float) -> None:
    """Too many events to draw singly: counts per month and lane."""
    counts = cached_counts(str(db), stamp, query_of(filters), view.lanes)
    options = charts.TimelineOptions(lanes=view.lanes)
    fig = charts.density_figure(counts, summary["events"], MAX_TIMELINE_MARKERS, options, actor_names())
    st.plotly_chart(fig, width="stretch", key="density", on_select=zoom_into(filters, view.lanes),
                    selection_mode="points")
    st.info(f"{summary['events']:,} events match. Click a circle to see its year and lane event by event, or "
            f"narrow the filters to {MAX_TIMELINE_MARKERS:,} or fewer to see each event with its source.")


def zoom_into(filters: Filters, lanes: str) -> Callable[[], None]:
    """A click on a circle of the dense timeline: its year and lane become the filters
    (the filter widgets are made again from them)."""
    def callback() -> None:
        try:
            year, lane = st.session_state["density"]["selection"]["points"][0]["customdata"][:2]
        except (KeyError, IndexError, TypeError, ValueError):
            return
        st.session_state["url_filters"] = filters.zoomed(int(year), str(lane), lanes)
        for key in ["years", "actors", *[f"types_{theme.id}" for theme in load_themes().themes]]:
            st.session_state.pop(key, None)

    return callback


def timeline_tab(db: Path, events: pd.DataFrame, filters: Filters, view: TimelineOptions, stamp: float) -> None:
    """The timeline, its briefing exports, and the chosen event's source beside or below it."""
    names = actor_names()
    articles = cached_articles(str(db), stamp)
    shown_articles = articles[articles["file"].isin(set(events["article_file"]))] if len(events) else articles.iloc[:0]
    chosen = selected_mention(events)
    since = chosen_snapshot(db, stamp)
    ringed = changes.new_event_ids(cached_changes(str(db), stamp, since)) if since else frozenset()
    options = replace(view, selected=chosen, ringed=ringed)
    known = cached_known(str(db), stamp)
    fig = charts.legend_on_top(charts.timeline_figure(events, shown_articles, known, options, names))
    with st.container(key="timeline_row"), st.container(key="view_row"):
        chart_column, source_column = st.columns([3, 2], gap="medium")
    with chart_column:
        st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="timeline", width="stretch",
                        config=CHART_CONFIG)
        st.caption("● a day · ▲ a week · ◆ a month · ⬢ a season · ■ a year (bars show the span) · "
                   "▼ an article's publication date. "
                   + (f"Green rings: new since the briefing “{plain(since)}”. " if since else "")
                   + "Red ×: its sources disagree. Click an event to read its source.")
        briefing_exports(db, events, shown_articles, filters, view)
    with source_column, st.container(key="source_panel"):
        if chosen is None:
            st.info("No dated event matches these filters.")
            return
        card_column, text_column = st.columns([2, 3], gap="medium")
        if chosen.startswith("article:"):
            with text_column:
                article_panel(db, chosen.split(":", 1)[1], None, None)
            return
        row = events[events["mention_id"] == chosen].iloc[0]
        with card_column:
            event_card(db, row)
            source = sources_picker(db, row)
            correction_form(db, row)
        with text_column:
            article_panel(db, str(source["article_id"]), int(source["char_start"]), int(source["char_end"]))

