"""The Relations tab: the cooperation–conflict index between pairs of actors, the focus
actors' pairs (settings.FOCUS_ACTORS) first."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.store import reads
from core.store.filters import Filters
from core.views import charts
from ui.data import actor_names, cached_relations, query_of
from ui.url import DEFAULT_PAIRS, url_view


def relations_tab(db: Path, filters: Filters, facets: reads.Facets, stamp: float) -> None:
    """The cooperation–conflict index of the chosen actor pairs per quarter or month."""
    names = actor_names()
    codes = sorted(a for a, n in facets.actor_counts.items() if n > 0)[:60]
    all_pairs = [f"{a}-{b}" for i, a in enumerate(codes) for b in codes[i + 1:]]
    start = url_view()
    # the last choice of this session (the widgets are gone while another tab is open), else the URL's
    wanted, period = st.session_state.get("relations_view", (start.pairs, start.period))
    if wanted is None:
        wanted = DEFAULT_PAIRS
    default_pairs = [p for p in wanted if p in all_pairs]
    left, right = st.columns([3, 1])
    pairs = left.multiselect("Actor pairs", all_pairs, default=default_pairs, key="pairs",
                             format_func=lambda p: " ↔ ".join(names.get(x, x) for x in p.split("-")))
    freq = right.radio("Period", ["Q", "M"], index=0 if period == "Q" else 1, horizontal=True, key="freq",
                       format_func=lambda f: "Quarter" if f == "Q" else "Month")
    st.session_state["relations_view"] = (tuple(pairs), str(freq))
    frame = cached_relations(str(db), stamp, query_of(filters), tuple(p.replace("-", "–") for p in pairs), freq)
    st.plotly_chart(charts.relations_figure(frame, freq=str(freq), actor_names=names), width="stretch",
                    key="relations")
    st.caption("Index: the mean Goldstein-style score (−10 conflict … +10 cooperation) of the events between the "
               "two: one acts on the other, or the two of them act with no one else named. When both act together "
               "towards others (“China and Russia accuse the West”), that is the dotted line, not conflict between "
               "them. Bars: events between them per period; a gap is a period without any.")
    st.dataframe(charts.relations_table(frame, str(freq), names), width="stretch", hide_index=True)

