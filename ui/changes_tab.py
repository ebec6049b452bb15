"""The Changes tab: what changed since a briefing (new, changed, gone, more sources)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from core.views import changes
from core.views.export import TABLE_FORMATS
from ui.data import cached_changes, cached_snapshots, chosen_snapshot


def changes_tab(db: Path, events: pd.DataFrame, stamp: float) -> None:
    """What changed since a briefing: new, changed (old → new), gone (why), more sources."""
    snapshots = cached_snapshots(str(db), stamp)
    if not len(snapshots):
        st.info("No briefing marked yet: use “Mark as briefed” in the sidebar, then come back after new articles.")
        return
    names = list(snapshots["name"])
    since = chosen_snapshot(db, stamp)
    labels = {row.name: f"{row.name} · {row.created_at:%d %b %Y %H:%M} · {row.n_events} events"
              for row in snapshots.itertuples()}
    if st.session_state.get("changes_since") not in names:
        st.session_state["changes_since"] = since
    # a selectbox shows its options as plain text (no Markdown): the names need no escaping
    chosen = st.selectbox("Since the briefing", names, format_func=lambda n: labels[n], key="changes_since")
    st.session_state["changes_since_kept"] = chosen
    frame = changes.filtered(cached_changes(str(db), stamp, chosen), set(events["event_id"]))
    count = changes.counts(frame)
    for column, (label, value) in zip(st.columns(4), (("New events", count.new), ("Changed", count.changed),
                                                       ("Gone", count.gone), ("More sources", count.more_sources))):
        column.metric(label, value)
    if not len(frame):
        st.info("Nothing changed among the events these filters show.")
        return
    st.dataframe(changes.table(frame), width="stretch", hide_index=True, key="changes_table")
    csv = TABLE_FORMATS["csv"]
    st.download_button(f"Download {csv.label}", changes.table_bytes(frame, csv.name),
                       file_name=csv.file_name("changes"), mime=csv.mime, key="changes_csv", on_click="ignore")

