"""China–Russia relations timeline: the Streamlit dashboard.

    streamlit run dashboard.py

It only renders: data access, figures and exports live in core/.
"""
from __future__ import annotations

import functools
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from core.ingest import curation, workspace
from core.models import MODALITIES
from core.parse.lexicon import load_actors
from core.settings import FOLDER_CHECK_SECONDS, MAX_ARTICLE_OPTIONS, MAX_TABLE_ROWS, MAX_TIMELINE_MARKERS
from core.store import StoreError, queries
from core.store.filters import LANES, PERSON_PREFIX, PRECISIONS, TABS, Filters, View
from core.store.queries import plain
from core.views import briefing, changes, charts, panel
from core.views.sources import count_of, source_groups, sources_words
from core.views.themes import load_themes

st.set_page_config(page_title="China–Russia timeline", page_icon="🗓️", layout="wide",
                   initial_sidebar_state="expanded")

CSS = """
<style>
 .block-container { padding-top: 1.2rem; padding-left: 2rem; padding-right: 2rem; }
 h1 { font-size: 1.7rem !important; padding: 0 0 0.2rem 0 !important; }
 [data-testid="stMetricValue"] { font-size: 1.5rem; }
 @media (max-width: 1100px) {
   [data-testid="stMetricValue"] { font-size: 1.1rem; }
   [data-testid="stMetricValue"] div { white-space: normal !important; }
   section[data-testid="stSidebar"] { width: 250px !important; min-width: 250px !important; }
 }
 .event-card { border: 1px solid #E4E7EB; border-radius: 8px; padding: 12px 14px; background: #FFFFFF; }
 .event-card .chip { display: inline-block; padding: 2px 8px; border-radius: 10px; color: white; font-size: 12px; }
 .event-card .kind { color: #52606D; font-size: 13px; }
 .event-card .headline { font-weight: 600; font-size: 16px; margin-top: 6px; }
 .event-card blockquote { margin: 10px 0 4px 0; padding-left: 10px; border-left: 3px solid; font-size: 14px; }
 .event-card dt { color: #7B8794; font-size: 12px; margin-top: 6px; }
 .event-card dd { margin: 0; }
 .quiet { color: #7B8794; font-size: 13px; }
 table.details { font-size: 12px; } table.details th { color: #7B8794; font-weight: normal; padding-right: 10px; }
 .article-title { font-weight: 600; font-size: 1.05rem; line-height: 1.35; }
 .article-text { position: relative; max-height: 420px; overflow-y: auto; border-left: 3px solid #E4E7EB;
                 padding: 4px 12px; font-size: 14px; line-height: 1.5; }
 .article-text mark { background: #FFE8A3; padding: 1px 2px; }
 /* The timeline takes the whole width; the source panel sits beside it only where the
    chart keeps at least ~850 px, and below it otherwise (then card and article side by side). */
 .st-key-timeline_row { container-type: inline-size; }
 @container (max-width: 1399px) {
   .st-key-view_row > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"],
   .st-key-view_row > [data-testid="stHorizontalBlock"] { flex-direction: column; flex-wrap: nowrap; }
   .st-key-view_row > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"],
   .st-key-view_row > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
     width: 100% !important; flex: 0 0 auto !important; }
 }
 @container (min-width: 1400px) or (max-width: 759px) {
   .st-key-source_panel > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"],
   .st-key-source_panel > [data-testid="stHorizontalBlock"] { flex-direction: column; flex-wrap: nowrap; }
   .st-key-source_panel > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"],
   .st-key-source_panel > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
     width: 100% !important; flex: 0 0 auto !important; }
 }
</style>
"""

# a short mode bar: it shares the top band with the legend
CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"scale": 2, "filename": "timeline"},
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d"]}

# Our own script (no article text in it): scroll the article panel to its marked
# sentence whenever a new one is shown.
SCROLL_TO_MARK = """<script>
(() => {
  if (window.__timelineMarkScroller) return;
  window.__timelineMarkScroller = true;
  let seen = false;  // the first sentence shown (the newest event) moves nothing but its box
  const scroll = () => {
    for (const box of document.querySelectorAll('.article-text')) {
      const mark = box.querySelector('mark');
      if (!mark || !mark.textContent) continue;
      const key = mark.textContent.slice(0, 80) + '|' + box.textContent.length;
      if (box.dataset.scrolledTo === key) continue;
      const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      box.scrollTop = Math.max(0, top - box.clientHeight / 4);
      box.dataset.scrolledTo = key;
      // the marked sentence out of the window (a panel below the chart): scroll the page
      // until it shows, with the panel's top near the middle when there is room
      const panel = box.closest('.st-key-source_panel');
      const spot = mark.getBoundingClientRect();
      if (seen && panel && (spot.bottom > window.innerHeight || spot.top < 0)) {
        let page = panel.parentElement;  // the page's scrolling element (Streamlit's main section)
        while (page && !(page.scrollHeight > page.clientHeight && /(auto|scroll)/.test(getComputedStyle(page).overflowY)))
          page = page.parentElement;
        page = page || document.scrollingElement;
        const want = Math.max(panel.getBoundingClientRect().top - window.innerHeight * 0.4,
                              spot.bottom - window.innerHeight + 24);
        page.scrollTop += Math.min(want, spot.top - 24);
      }
      seen = true;
    }
  };
  new MutationObserver(scroll).observe(document.body, {childList: true, subtree: true, characterData: true});
  scroll();
})();
</script>"""


# --------------------------------------------------------------------------- data
def db_stamp(db: Path) -> float:
    """Changes whenever the database is written: the key of every cached query."""
    return db.stat().st_mtime if db.exists() else 0.0


@st.cache_data(show_spinner=False, max_entries=64)
def cached_events(db: str, stamp: float, query: tuple[tuple[str, str], ...], limit: int | None = None) -> pd.DataFrame:
    return queries.events(Path(db), Filters.from_query(dict(query)), limit)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_summary(db: str, stamp: float, query: tuple[tuple[str, str], ...]) -> dict:
    return queries.summary(Path(db), Filters.from_query(dict(query)))


@st.cache_data(show_spinner=False, max_entries=32)
def cached_counts(db: str, stamp: float, query: tuple[tuple[str, str], ...], lanes: str) -> pd.DataFrame:
    return queries.monthly_counts(Path(db), Filters.from_query(dict(query)), lanes)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_relations(db: str, stamp: float, query: tuple[tuple[str, str], ...], pairs: tuple[str, ...],
                     freq: str) -> pd.DataFrame:
    return queries.relations(Path(db), Filters.from_query(dict(query)), [tuple(p.split("–")) for p in pairs], freq)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_facets(db: str, stamp: float) -> queries.Facets:
    return queries.facets(Path(db))


@st.cache_data(show_spinner=False, max_entries=8)
def cached_changes(db: str, stamp: float, since: str) -> pd.DataFrame:
    return changes.changes_since(Path(db), since)


@st.cache_data(show_spinner=False, max_entries=4)
def cached_snapshots(db: str, stamp: float) -> pd.DataFrame:
    return queries.snapshots(Path(db))


def chosen_snapshot(db: Path, stamp: float) -> str | None:
    """The briefing the changes are counted from: the one chosen in the Changes tab, else the latest."""
    names = list(cached_snapshots(str(db), stamp)["name"])
    wanted = st.session_state.get("changes_since_kept")  # the Changes tab's choice (its widget is gone elsewhere)
    return wanted if wanted in names else (names[0] if names else None)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_articles(db: str, stamp: float) -> pd.DataFrame:
    """Every article, shared by the sessions and never changed in place (a hundred
    thousand rows: copying them on every run, as cache_data does, takes a second)."""
    return queries.articles(Path(db))


@st.cache_data(show_spinner=False, max_entries=8)
def cached_known(db: str, stamp: float) -> pd.DataFrame:
    return queries.known_events(Path(db))


@st.cache_resource(show_spinner=False)
def actor_names() -> dict[str, str]:
    return dict(load_actors().names)


def ensure_database(db: Path) -> None:
    """Ingest the seeds and data/articles/ first when the database is missing or older.
    The folders are looked at when a session starts and then every FOLDER_CHECK_SECONDS
    (with a hundred thousand files, a look takes a while)."""
    now = time.monotonic()
    if db.exists() and now - st.session_state.get("folders_checked", -FOLDER_CHECK_SECONDS) < FOLDER_CHECK_SECONDS:
        return
    st.session_state["folders_checked"] = now
    paths = workspace.corpus_paths()
    if not workspace.needs_ingest(db, paths):
        return
    bar = st.progress(0.0, text="Reading articles…")

    def progress(done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"Reading articles… {done}/{total}: {plain(Path(path).name)}")

    try:
        summary = workspace.refresh(db, paths, progress)
    except StoreError as exc:  # new files cannot be stored (full, read-only): what is stored can still be read
        bar.empty()
        st.warning(plain(exc))
        return
    bar.empty()
    if summary.refused:
        st.toast(f"{len(summary.refused)} file(s) could not be read: see the Articles tab", icon="⚠️")
    if summary.orphaned:
        st.toast(f"{summary.orphaned} correction(s) no longer apply: see Corrections in the Events tab", icon="⚠️")


# --------------------------------------------------------------------------- sidebar
def url_filters() -> Filters:
    """The filters the URL asked for, read once per session."""
    if "url_filters" not in st.session_state:
        st.session_state["url_filters"] = Filters.from_query({k: st.query_params[k] for k in st.query_params})
    return st.session_state["url_filters"]


def url_view() -> View:
    """The view the URL asked for (lanes, colour, tab, relations), read once per session."""
    if "url_view" not in st.session_state:
        st.session_state["url_view"] = View.from_query({k: st.query_params[k] for k in st.query_params})
    return st.session_state["url_view"]


def sidebar_filters(facets: queries.Facets) -> tuple[Filters, dict[str, object]]:
    """The filter widgets; returns the filters and the view options."""
    start = url_filters()
    start_view = url_view()
    names = actor_names()
    sb = st.sidebar
    sb.header("Filters")
    years = None
    if facets.years:
        low, high = facets.years
        default = start.years or (low, high)
        default = (max(low, min(default[0], high)), min(high, max(default[1], low)))
        if low < high:
            years = sb.slider("Years", low, high, default, key="years")
        else:
            sb.caption(f"Years: {low}")
            years = (low, high)
    together = sb.toggle("China and Russia together", value=start.together, key="together",
                         help="Only events in which both China and Russia take part")
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
                               default=[l for l in start.languages if l in facets.languages], key="languages")
    if len(facets.articles) <= MAX_ARTICLE_OPTIONS:
        articles = sb.multiselect("Articles", options=list(facets.articles),
                                  default=[a for a in start.articles if a in facets.articles], key="articles")
    else:  # too many to list: typed file names
        typed = sb.text_input("Articles (file names, separated by commas)", value=",".join(start.articles),
                              key="articles_typed", max_chars=2000)
        known = set(facets.articles)
        articles = [a.strip() for a in typed.split(",") if a.strip() in known]
    precision = sb.select_slider("Dated at least to the", options=list(PRECISIONS),
                                 value=start.min_precision, key="precision",
                                 help="day: only events dated to the day; year: all dated events")
    search = sb.text_input("Search in sentences", value=start.search, key="search", max_chars=200)
    sb.header("View")
    lanes = sb.radio("Lanes", list(LANES), index=LANES.index(start_view.lanes), horizontal=True, key="lanes",
                     format_func=lambda l: {"theme": "Theme", "type": "Event type", "actor": "Actor"}[l])
    colour = sb.radio("Colour by", ["quad", "type"], index=0 if start_view.colour == "quad" else 1, horizontal=True,
                      key="colour", format_func=lambda c: "Cooperation or conflict" if c == "quad" else "Event type")
    show_known = sb.toggle("Known events as reference lines", value=start_view.show_known, key="show_known")
    filters = Filters(
        years=tuple(years) if years and facets.years and tuple(years) != tuple(facets.years) else None,
        together=together, types=tuple(chosen_types), languages=tuple(languages),
        articles=tuple(articles), min_precision=precision, search=search,
    ).with_actor_choices(actors)
    return filters, {"lanes": lanes, "colour": colour, "show_known": show_known}


def actor_choices(facets: queries.Facets, names: dict[str, str]) -> dict[str, str]:
    """Every actor choice with its label and count: states and organisations, then people."""
    labels = {code: f"{names.get(code, code)} ({n})" for code, n in facets.actor_counts.items()}
    labels.update({f"{PERSON_PREFIX}{name}": f"{name} ({n})" for name, n in facets.people_counts.items()})
    return labels


def sidebar_add_articles(db: Path) -> None:
    """Upload files or paste text; stored under data/articles/ and read at once."""
    sb = st.sidebar
    sb.header("Add articles")
    uploads = sb.file_uploader("Upload", type=[e.lstrip(".") for e in (".txt", ".md", ".html", ".htm", ".json", ".jsonl")],
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
                saved = workspace.save_pasted(text, title, date)
            except workspace.UploadRefused as exc:
                st.error(plain(exc))
            else:
                ingest_now(db, [saved])
                st.session_state["paste_saved"], st.session_state["paste_file"] = True, saved.name
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


# --------------------------------------------------------------------------- main views
def headline(summary: dict, facets: queries.Facets) -> None:
    first, second, third, fourth = st.columns([1, 1, 1.6, 1.2])
    first.metric("Articles", f"{summary['articles']:,} of {facets.n_articles:,}")
    second.metric("Events", f"{summary['events']:,}")
    span = "—" if summary["first"] is None else f"{summary['first']:%b %Y} – {summary['last']:%b %Y}"
    third.metric("Span", span)
    fourth.metric("China and Russia together", f"{summary['together']:,}")


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


def event_card(db: Path, row: pd.Series) -> None:
    """The chosen event in plain words; its technical fields behind a toggle."""
    known = cached_known(str(db), db_stamp(db))
    known_names = dict(zip(known["id"], known["name"])) if len(known) else {}
    colour = charts.TYPE_COLOURS.get(str(row["type"]), "#666")
    n_sources = count_of(row.get("n_sources"))
    n_independent = count_of(row.get("n_independent", n_sources))
    st.markdown(panel.event_card_html(row.to_dict(), actor_names(), known_names, colour, n_sources, n_independent),
                unsafe_allow_html=True)
    with st.expander("Details"):
        st.markdown(panel.event_details_html(row.to_dict()), unsafe_allow_html=True)


def passing_panel(db: Path, row: pd.Series) -> None:
    """A known event: the sentences that name it only in passing count as its mentions."""
    if not isinstance(row.get("known_event"), str):
        return
    passing = queries.passing_mentions(db, row["known_event"])
    if len(passing):
        with st.expander(f"Also named in passing in {len(passing)} sentence(s)"):
            for item in passing.itertuples():
                label = panel.source_label(item.title, item.source, item.published)
                st.markdown(f"<small>{queries.plain(label)}</small><br>“{queries.plain(item.sentence)}”",
                            unsafe_allow_html=True)


def sources_picker(db: Path, row: pd.Series) -> pd.Series:
    """An event reported by several articles: step through its sources."""
    passing_panel(db, row)
    mentions = queries.mentions_of(db, str(row["event_id"]))
    if len(mentions) <= 1:
        return row
    articles = cached_articles(str(db), db_stamp(db)).set_index("article_id")
    titles = [panel.source_label(articles.at[m.article_id, "title"], articles.at[m.article_id, "source"],
                                 m.date, untitled=str(m.article_file))
              if m.article_id in articles.index else f"{m.article_file} · {m.date or 'undated'}"
              for m in mentions.itertuples()]
    disagreement = panel.disagreement_html(mentions, titles, actor_names())
    if disagreement:
        st.markdown(disagreement, unsafe_allow_html=True)
    groups = source_groups(mentions)
    st.markdown(f"**{plain(sources_words(len(mentions), len(groups)))} report this event**")
    # copies under their original; radio options are Markdown: a title named "![x](https://…)"
    # would be a live image
    order = [i for group in groups for i in (group.original, *group.copies)]
    copies = {i for group in groups for i in group.copies}
    labels = {i: ("↳ copy: " if i in copies else "") + plain(titles[i]) for i in order}
    start = int(mentions.index[mentions["mention_id"] == row["mention_id"]][0]) if row["mention_id"] in set(mentions["mention_id"]) else order[0]
    index = st.radio("Source", order, index=order.index(start), format_func=lambda i: labels[i],
                     key=f"source_{row['event_id']}", label_visibility="collapsed")
    chosen = mentions.iloc[index]
    st.markdown(f"<blockquote style='font-size:14px'>“{queries.plain(chosen['sentence'])}”</blockquote>",
                unsafe_allow_html=True)
    return chosen


def correction_form(db: Path, row: pd.Series) -> None:
    """Correct type, date, actors or modality; delete; pin. Stored apart, undoable."""
    names = actor_names()
    corrected = list(row["corrected"]) if row.get("corrected") is not None else []
    title = "Correct this event" + (f" (corrected: {', '.join(corrected)})" if corrected else "")
    with st.expander(title):
        with st.form(f"correct_{row['mention_key']}"):
            types = list(charts.TYPE_ORDER)
            new_type = st.selectbox("Type", types, index=types.index(row["type"]), format_func=str.title)
            new_date = st.text_input("Date (YYYY-MM-DD, YYYY-MM or YYYY)", value=str(row["date"] or ""))
            codes = sorted(set(names) | set(row["actors"]))
            new_actors = st.multiselect("Actors", codes, default=list(row["actors"]),
                                        format_func=lambda a: names.get(a, a))
            modalities = list(MODALITIES)
            new_modality = st.selectbox("Modality", modalities, index=modalities.index(row["modality"]))
            new_headline = st.text_input("Headline", value=str(row.get("headline") or ""), max_chars=60)
            if st.form_submit_button("Save corrections"):
                changes = {"type": new_type, "date": new_date, "actors": new_actors, "modality": new_modality,
                           "headline": new_headline}
                before = {"type": row["type"], "date": row["date"], "actors": list(row["actors"]), "modality": row["modality"],
                          "headline": str(row.get("headline") or "")}
                try:
                    for field, value in changes.items():
                        if value != before[field]:
                            curation.correct(db, str(row["mention_key"]), field, value)
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
    article = queries.article(db, article_id)
    if article is None:
        st.info("The article is no longer in the database.")
        return
    st.markdown(panel.article_header_html(article), unsafe_allow_html=True)
    text = str(article["text"] or "")
    body = queries.highlighted_html(text, start, end) if start is not None else queries.highlighted_html(text, 0, 0)
    st.markdown(f"<div class='article-text'>{body}</div>", unsafe_allow_html=True)


def dense_timeline(db: Path, summary: dict, filters: Filters, view: dict[str, object], stamp: float) -> None:
    """Too many events to draw singly: counts per month and lane."""
    query = tuple(sorted(filters.to_query().items()))
    counts = cached_counts(str(db), stamp, query, str(view["lanes"]))
    options = charts.TimelineOptions(lanes=str(view["lanes"]))
    fig = charts.density_figure(counts, summary["events"], MAX_TIMELINE_MARKERS, options, actor_names())
    st.plotly_chart(fig, width="stretch", key="density", on_select=zoom_into(filters, str(view["lanes"])),
                    selection_mode="points")
    st.info(f"{summary['events']:,} events match. Click a circle to see its year and lane event by event, or "
            f"narrow the filters to {MAX_TIMELINE_MARKERS:,} or fewer to see each event with its source.")


def zoom_into(filters: Filters, lanes: str):  # -> a callback for the dense timeline
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


def timeline_tab(db: Path, events: pd.DataFrame, filters: Filters, view: dict[str, object], stamp: float) -> None:
    names = actor_names()
    articles = cached_articles(str(db), stamp)
    shown_articles = articles[articles["file"].isin(set(events["article_file"]))] if len(events) else articles.iloc[:0]
    chosen = selected_mention(events)
    since = chosen_snapshot(db, stamp)
    ringed = changes.new_event_ids(cached_changes(str(db), stamp, since)) if since else frozenset()
    options = charts.TimelineOptions(lanes=str(view["lanes"]), colour=str(view["colour"]),
                                     show_known=bool(view["show_known"]), selected=chosen, ringed=ringed)
    fig = charts.legend_on_top(charts.timeline_figure(events, shown_articles, cached_known(str(db), stamp), options, names))
    with st.container(key="timeline_row"), st.container(key="view_row"):
        chart_column, source_column = st.columns([3, 2], gap="medium")
    with chart_column:
        st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="timeline", width="stretch",
                        config=CHART_CONFIG)
        st.caption("● a day · ▲ a week · ◆ a month · ⬢ a season · ■ a year (bars show the span) · ▼ an article's publication date. "
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


def briefing_exports(db: Path, events: pd.DataFrame, articles: pd.DataFrame, filters: Filters,
                     view: dict[str, object]) -> None:
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
        lanes, colour, show_known = str(view["lanes"]), str(view["colour"]), bool(view["show_known"])
        point = briefing.point_title(events)
        # empty: the title the events suggest (it follows the filters until the user writes one)
        title = st.text_input("Title", value="", placeholder=point, key="briefing_title", max_chars=140) or point
        text = briefing.briefing_text(events, articles, filters.describe(names), lanes, title)
        # outlets and search words come from articles and users: shown as plain text
        st.markdown(f"<span style='color:#7B8794;font-size:13px'>{queries.plain(text.subtitle)} "
                    f"{queries.plain(text.source_line)}</span>", unsafe_allow_html=True)
        known = cached_known(str(db), db_stamp(db))
        options = charts.TimelineOptions(lanes=lanes, colour=colour, show_known=show_known)
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
        second.download_button("Chronology (DOCX)", functools.partial(chronology.to_docx, chron),
                               file_name="chronology.docx", key="dl_chron_docx", on_click="ignore",
                               mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        third.download_button("Chronology (Markdown)", chronology.to_markdown(chron), file_name="chronology.md",
                              mime="text/markdown", key="dl_chron_md")
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


DEFAULT_PAIRS = (("CHN", "RUS"),)


def relations_tab(db: Path, filters: Filters, facets: queries.Facets, stamp: float) -> None:
    names = actor_names()
    codes = sorted(a for a, n in facets.actor_counts.items() if n > 0)[:60]
    all_pairs = [f"{a}-{b}" for i, a in enumerate(codes) for b in codes[i + 1:]]
    start = url_view()
    # the last choice of this session (the widgets are gone while another tab is open), else the URL's
    wanted, period = st.session_state.get("relations_view", (start.pairs, start.period))
    if wanted is None:
        wanted = tuple(f"{a}-{b}" for a, b in DEFAULT_PAIRS)
    default_pairs = [p for p in wanted if p in all_pairs]
    left, right = st.columns([3, 1])
    pairs = left.multiselect("Actor pairs", all_pairs, default=default_pairs, key="pairs",
                             format_func=lambda p: " ↔ ".join(names.get(x, x) for x in p.split("-")))
    freq = right.radio("Period", ["Q", "M"], index=0 if period == "Q" else 1, horizontal=True, key="freq",
                       format_func=lambda f: "Quarter" if f == "Q" else "Month")
    st.session_state["relations_view"] = (tuple(pairs), str(freq))
    frame = cached_relations(str(db), stamp, tuple(sorted(filters.to_query().items())),
                             tuple(p.replace("-", "–") for p in pairs), freq)
    st.plotly_chart(charts.relations_figure(frame, freq=str(freq), actor_names=names), width="stretch",
                    key="relations")
    st.caption("Index: the mean Goldstein-style score (−10 conflict … +10 cooperation) of the events between the "
               "two: one acts on the other, or the two of them act with no one else named. When both act together "
               "towards others (“China and Russia accuse the West”), that is the dotted line, not conflict between "
               "them. Bars: events between them per period; a gap is a period without any.")
    st.dataframe(charts.relations_table(frame, str(freq), names), width="stretch", hide_index=True)


def article_labels(frame: pd.DataFrame, file_column: str) -> dict[str, str]:
    """article_id -> file name, for a choice of articles (at most MAX_ARTICLE_OPTIONS)."""
    frame = frame.iloc[:MAX_ARTICLE_OPTIONS]
    return dict(zip(frame["article_id"].tolist(), frame[file_column].tolist()))


def curation_section(db: Path, events: pd.DataFrame) -> None:
    """Add an event by hand (to an article of the events shown); the audit of every
    correction, with undo."""
    names = actor_names()
    with st.expander("Add an event by hand"):
        if len(events):
            labels = article_labels(events.drop_duplicates("article_id"), "article_file")
        else:
            labels = article_labels(cached_articles(str(db), db_stamp(db)), "file")
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
            chosen = st.selectbox("Correction to undo", list(active["id"]),
                                  format_func=lambda i: f"#{i}: {active.set_index('id').loc[i, 'field']}", key="undo_id")
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
    sentences = dict(zip(keys["mention_key"], keys["article_file"] + ": " + keys["sentence"].str[:90])) if len(keys) else {}
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
    if total > len(events):
        st.caption(f"The first {len(events):,} of {total:,} events; `python -m core export` writes them all.")
    columns = ["date", "headline", "granularity", "date_text", "date_basis", "type", "actors", "modality", "sentence",
               "article_file", "n_sources", "n_independent", "known_event", "pinned", "corrected", "confidence"]
    st.dataframe(events[columns], width="stretch", hide_index=True,
                 column_config={"sentence": st.column_config.TextColumn(width="large")})
    curation_section(db, events)
    cols = st.columns(3)
    for column, (fmt, mime) in zip(cols, (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                                          ("jsonl", "application/jsonl"))):
        # made when clicked, not on every run (a spreadsheet of thousands of rows takes a while)
        column.download_button(f"Download {fmt.upper()}", functools.partial(briefing.table_bytes, events, fmt),
                               file_name=f"events.{fmt}", mime=mime, key=f"table_{fmt}", on_click="ignore")


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
    st.download_button("Download CSV", changes.csv_bytes(frame), file_name="changes.csv", mime="text/csv",
                       key="changes_csv", on_click="ignore")


def articles_tab(db: Path, stamp: float) -> None:
    articles = cached_articles(str(db), stamp)
    if len(articles) > MAX_ARTICLE_OPTIONS:
        wanted = st.text_input("Find articles (file or title contains)", key="article_search", max_chars=200)
        articles = queries.find_articles(articles, wanted)
        st.caption(f"{min(len(articles), MAX_ARTICLE_OPTIONS):,} of {len(articles):,} articles shown.")
        articles = articles.iloc[:MAX_ARTICLE_OPTIONS]
    view = articles[["file", "title", "published", "published_basis", "language", "n_events", "warnings"]].copy()
    view["warnings"] = view["warnings"].apply(lambda w: "; ".join(w) if w is not None else "")
    st.dataframe(view, width="stretch", hide_index=True)
    refused = queries.refused_files(db)
    if len(refused):
        st.markdown("**Files that could not be read, and files that are gone**")
        st.dataframe(refused, width="stretch", hide_index=True)
    st.markdown("**Set a publication date** (kept across re-reading; the article's relative dates follow)")
    with st.form("publication"):
        labels = article_labels(articles, "file")
        article_id = st.selectbox("Article", list(labels), format_func=lambda a: labels[a], key="pub_article")
        date = st.text_input("Publication date", placeholder="YYYY-MM-DD", key="pub_date")
        if st.form_submit_button("Save date"):
            try:
                saved = workspace.set_publication_date(db, article_id, date)
                st.success(f"Publication date set to {plain(saved)}")
                st.cache_data.clear()
            except workspace.UploadRefused as exc:
                st.error(plain(exc))


def main() -> None:
    """The page; a database that cannot be used is said plainly, with the fix."""
    db = workspace.db_path()
    try:
        page(db)
    except StoreError as exc:  # the store says what failed, damage found while reading included
        st.error(plain(exc))


def page(db: Path) -> None:
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
        st.info("No events found yet. Add articles in the sidebar, or check the Articles tab for files that could not be read.")
        articles_tab(db, stamp)
        return
    filters, view = sidebar_filters(facets)
    sidebar_add_articles(db)
    sidebar_briefed(db)
    query = tuple(sorted(filters.to_query().items()))
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


def write_url(filters: Filters, view: dict[str, object]) -> None:
    """The filters and the view as the URL's query (written only when it changes)."""
    wanted = {**filters.to_query(), **current_view(view).to_query()}
    if wanted != {k: st.query_params[k] for k in st.query_params}:
        st.query_params.from_dict(wanted)


def current_view(view: dict[str, object]) -> View:
    """The view as shown now: the sidebar's options, the open tab, the relations' choices."""
    start = url_view()
    pairs, period = st.session_state.get("relations_view", (start.pairs, start.period))
    if pairs == tuple(f"{a}-{b}" for a, b in DEFAULT_PAIRS):
        pairs = None
    return View(lanes=str(view["lanes"]), colour=str(view["colour"]), show_known=bool(view["show_known"]),
                tab=str(st.session_state.get("view_tab") or start.tab), pairs=pairs, period=str(period),
                event=st.session_state.get("selected_mention"))


# Streamlit runs this file as "__main__"; a worker process that imports it as its parent's
# main module (multiprocessing's spawn) must not draw a page.
if __name__ == "__main__":
    main()
