"""The page's state in its URL: the filters and the view it asked for, read once per
session, and written back whenever they change."""
from __future__ import annotations

from itertools import combinations

import streamlit as st

from core.settings import FOCUS_ACTORS
from core.store.filters import Filters, View
from core.views.charts import TimelineOptions

# The relations shown before any choice: each pair of the focus actors ("CHN-RUS").
DEFAULT_PAIRS: tuple[str, ...] = tuple(f"{a}-{b}" for a, b in combinations(sorted(FOCUS_ACTORS), 2))


def url_filters() -> Filters:
    """The filters the URL asked for, read once per session."""
    if "url_filters" not in st.session_state:
        st.session_state["url_filters"] = Filters.from_query({k: st.query_params[k] for k in st.query_params})
    filters: Filters = st.session_state["url_filters"]
    return filters


def url_view() -> View:
    """The view the URL asked for (lanes, colour, tab, relations), read once per session."""
    if "url_view" not in st.session_state:
        st.session_state["url_view"] = View.from_query({k: st.query_params[k] for k in st.query_params})
    view: View = st.session_state["url_view"]
    return view


def write_url(filters: Filters, options: TimelineOptions) -> None:
    """The filters and the view as the URL's query (written only when it changes)."""
    wanted = {**filters.to_query(), **current_view(options).to_query()}
    if wanted != {k: st.query_params[k] for k in st.query_params}:
        st.query_params.from_dict(wanted)


def current_view(options: TimelineOptions) -> View:
    """The view as shown now: the sidebar's options, the open tab, the relations' choices."""
    start = url_view()
    pairs, period = st.session_state.get("relations_view", (start.pairs, start.period))
    if pairs == DEFAULT_PAIRS:
        pairs = None
    return View(lanes=options.lanes, colour=options.colour, show_known=options.show_known,
                tab=str(st.session_state.get("view_tab") or start.tab), pairs=pairs, period=str(period),
                event=st.session_state.get("selected_mention"))
