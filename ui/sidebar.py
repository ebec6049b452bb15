"""The sidebar: the filters and the view (mirrored in the URL), adding articles, and
marking the events as briefed."""
from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from core.ingest import workspace
from core.parse.themes import load_themes
from core.settings import MAX_ARTICLE_OPTIONS
from core.store import reads
from core.store.filters import LANES, PERSON_PREFIX, PRECISIONS, Filters
from core.views import charts, panel
from core.views.charts import TimelineOptions
from core.views.panel import focus_words
from core.views.shown import plain
from ui.data import actor_names
from ui.url import url_filters, url_view


def sidebar_filters(facets: reads.Facets) -> tuple[Filters, TimelineOptions]:
    """The filter widgets, then the view's; returns the filters and the timeline's options."""
    start = url_filters()
    names = actor_names()
    sb = st.sidebar
    sb.header("Filters")
    years: tuple[int, int] | None = None
    if facets.years:
        low, high = facets.years
        default = start.years or (low, high)
        default = (max(low, min(default[0], high)), min(high, max(default[1], low)))
        if low < high:
            first, last = sb.slider("Years", low, high, default, key="years")
            years = (int(first), int(last))
        else:
            sb.caption(f"Years: {low}")
            years = (low, high)
    focus = focus_words(names)
    together = sb.toggle(f"{focus} together", value=start.together, key="together",
                         help=f"Only events in which both {focus} take part")
    choices = actor_choices(facets, names)
    actors = sb.multiselect("Actors and people", options=list(choices),
                            default=[a for a in start.actor_choices if a in choices],
                            format_func=choices.__getitem__, key="actors",
                            help="States, organisations and people; an event matches if it involves any of them")
    sb.caption("Event types by theme (none chosen: all)")
    chosen_types: list[str] = []
    themes = load_themes()
    for theme in themes.themes:  # grouped as the timeline's lanes are
        options = [t for t in charts.TYPE_ORDER if t in theme.types and t in facets.types]
        if not options:
            continue
        picked = sb.pills(theme.name(), options, selection_mode="multi",
                          default=[t for t in start.types if t in options], format_func=str.title,
                          key=f"types_{theme.id}",
                          help="; ".join(f"{t.title()}: {themes.type_label(t)}" for t in options))
        chosen_types += list(picked or [])
    languages = sb.multiselect("Language", options=list(facets.languages),
                               default=[lang for lang in start.languages if lang in facets.languages], key="languages")
    if len(facets.articles) <= MAX_ARTICLE_OPTIONS:
        titles = panel.labels_by_file(facets.article_titles)
        articles = sb.multiselect("Articles", options=list(facets.articles),
                                  default=[a for a in start.articles if a in facets.articles], key="articles",
                                  format_func=lambda file: titles.get(file, file),
                                  help="By title and publication date; the file names are in the Articles tab")
    else:  # too many to list: typed file names
        typed = sb.text_input("Articles (file names, separated by commas)", value=",".join(start.articles),
                              key="articles_typed", max_chars=2000)
        known = set(facets.articles)
        articles = [a.strip() for a in typed.split(",") if a.strip() in known]
    precision = sb.select_slider("Dated at least to the", options=list(PRECISIONS),
                                 value=start.min_precision, key="precision",
                                 help="day: only events dated to the day; year: all dated events")
    search = sb.text_input("Search in sentences", value=start.search, key="search", max_chars=200)
    filters = Filters(
        years=years if years and facets.years and years != tuple(facets.years) else None,
        together=together, types=tuple(chosen_types), languages=tuple(languages),
        articles=tuple(articles), min_precision=precision, search=search,
    ).with_actor_choices(actors)
    return filters, view_options()


def view_options() -> TimelineOptions:
    """The view widgets: lanes, colour, known events."""
    sb = st.sidebar
    start_view = url_view()
    sb.header("View")
    lanes = sb.radio("Lanes", list(LANES), index=LANES.index(start_view.lanes), horizontal=True, key="lanes",
                     format_func=lambda lane: {"theme": "Theme", "type": "Event type", "actor": "Actor"}[lane])
    colour = sb.radio("Colour by", ["quad", "type"], index=0 if start_view.colour == "quad" else 1, horizontal=True,
                      key="colour", format_func=lambda c: "Cooperation or conflict" if c == "quad" else "Event type")
    show_known = sb.toggle("Known events as reference lines", value=start_view.show_known, key="show_known")
    return TimelineOptions(lanes=str(lanes), colour=str(colour), show_known=bool(show_known))


def actor_choices(facets: reads.Facets, names: dict[str, str]) -> dict[str, str]:
    """Every actor choice with its label and count: states and organisations, then people."""
    labels = {code: f"{names.get(code, code)} ({n})" for code, n in facets.actor_counts.items()}
    labels.update({f"{PERSON_PREFIX}{name}": f"{name} ({n})" for name, n in facets.people_counts.items()})
    return labels


def sidebar_add_articles(db: Path) -> None:
    """Upload files or paste text; stored under data/articles/ and read at once."""
    sb = st.sidebar
    sb.header("Add articles")
    uploads = sb.file_uploader("Upload", type=["txt", "md", "html", "htm", "json", "jsonl"],
                               accept_multiple_files=True, key="uploads",
                               help=f"At most {workspace.MAX_UPLOAD_BYTES // 1_000_000} MB per file")
    done: set[str] = st.session_state.setdefault("uploaded", set())
    fresh = [u for u in uploads or [] if u.file_id not in done]
    if fresh:
        saved = []
        for upload in fresh:
            done.add(upload.file_id)
            try:
                saved.append(workspace.save_upload(upload.name, upload.getvalue()))
            except workspace.UploadRefused as exc:
                sb.error(plain(exc))
        if saved:
            ingest_now(db, saved)
    paste_keys = ("paste_text", "paste_title", "paste_date")
    if st.session_state.pop("paste_saved", False):  # emptied only once saved: a failure keeps the text
        for key in paste_keys:
            st.session_state[key] = ""
        sb.success(f"Saved as {plain(st.session_state.pop('paste_file', 'a new article'))} and read")
    with sb.expander("Paste text"), st.form("paste"):
        text = st.text_area("Article text", height=160, key=paste_keys[0])
        title = st.text_input("Title (optional)", key=paste_keys[1])
        date = st.text_input("Publication date (optional)", placeholder="YYYY-MM-DD", key=paste_keys[2])
        if st.form_submit_button("Add"):
            try:
                pasted = workspace.save_pasted(text, title, date)
            except workspace.UploadRefused as exc:
                st.error(plain(exc))
            else:
                ingest_now(db, [pasted])
                st.session_state["paste_saved"], st.session_state["paste_file"] = True, pasted.name
                st.rerun()  # to empty the form: its widgets cannot be changed in this run


def sidebar_briefed(db: Path) -> None:
    """Mark as briefed: a named, dated snapshot of the events, for the Changes tab."""
    sb = st.sidebar
    sb.header("Briefing")
    if "briefed" in st.session_state:
        sb.success(f"Marked as briefed: {plain(st.session_state.pop('briefed'))}")
    with sb.form("briefed_form"):
        name = st.text_input("Name", placeholder=f"Briefing {time.strftime('%Y-%m-%d %H:%M')}", key="briefing_name",
                             max_chars=80)
        if st.form_submit_button("Mark as briefed"):
            name = name.strip() or f"Briefing {time.strftime('%Y-%m-%d %H:%M')}"
            from core.store import Store

            with Store(db) as store:
                count = store.save_snapshot(name)
            st.session_state["briefed"] = f"{name} ({count} events)"
            st.session_state["changes_since_kept"] = name
            st.session_state.pop("changes_since", None)
            st.cache_data.clear()
            st.rerun()


def ingest_now(db: Path, paths: list[Path]) -> None:
    from core.ingest.run import ingest

    with st.spinner("Reading the new articles…"):
        summary = ingest(paths, db)
    for path, reason in summary.refused:
        st.sidebar.error(plain(f"{Path(path).name}: {reason}"))
    if summary.articles:
        st.sidebar.success(f"Added {summary.articles} article(s) with {summary.events} event(s)")
    elif summary.duplicates:
        st.sidebar.info(f"Nothing new: {summary.duplicates} article(s) already in the timeline")
    if summary.orphaned:
        st.sidebar.warning(f"{summary.orphaned} correction(s) no longer apply: see Corrections in the Events tab")
    st.cache_data.clear()

