"""Figures, built by pure functions: DataFrames in, Plotly figures out.

The same type has the same colour everywhere (timeline, relations, tables, exports).
All text from articles is escaped before it goes into a figure: an article is never code.
"""
from __future__ import annotations

import datetime as dt
import html as _html
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, overload

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.models import QUAD_AND_SCORE, QUADS, EventType, date_shown
from core.parse.headlines import headline_of
from core.parse.themes import load_themes
from core.settings import FOCUS_ACTORS, WEBGL_FROM_MARKERS
from core.views.labels import LINE_HEIGHT, PAD, Box, LabelRequest, PlacedLabel, place_labels, text_width, wrap_to_width
from core.views.sources import count_of, sources_words

# Types ordered from cooperation to conflict; shades of one hue per quad class.
TYPE_ORDER = tuple(t.value for t in sorted(
    EventType, key=lambda t: (QUADS.index(QUAD_AND_SCORE[t][0]), -QUAD_AND_SCORE[t][1])))
QUAD_COLOURS = {
    "verbal cooperation": "#3A9D5D",
    "material cooperation": "#1F6FB2",
    "verbal conflict": "#E08A1E",
    "material conflict": "#C62828",
}
TYPE_COLOURS = {
    "AGREE": "#2E7D4F", "CONCEDE": "#81C784", "SUPPORT": "#4CAF50", "CONSULT": "#A5D6A7",
    "AID": "#0D47A1", "COOPERATE": "#1E88E5", "RETREAT": "#90CAF9",
    "REQUEST": "#FFCA28", "ACCUSE": "#FFA000", "REJECT": "#F57C00", "THREATEN": "#E64A19",
    "PROTEST": "#EF9A9A", "COERCE": "#E53935", "MOBILIZE": "#AD1457", "SANCTION": "#B71C1C", "ASSAULT": "#4A148C",
}
ARTICLE_COLOUR = "#607D8B"
# Arial first: the label layout measures text with its metrics (core.views.labels), which
# Liberation Sans and Helvetica share; a wider font would make labels touch.
FONT = dict(family="Arial, 'Liberation Sans', Helvetica, sans-serif", size=13, color="#1F2933")
SYMBOL_BY_GRANULARITY = {"day": "circle", "week": "triangle-up", "month": "diamond", "season": "hexagon",
                         "year": "square"}
MAX_HOVER_CHARS = 240


def esc(text: object) -> str:
    """Text for a Plotly label: <, > and & escaped (Plotly shows other entities as they are)."""
    return _html.escape(str(text), quote=False)


@dataclass(frozen=True, slots=True)
class TimelineOptions:
    lanes: str = "type"            # "type" | "actor"
    colour: str = "quad"           # "quad" | "type"
    show_articles: bool = True
    show_known: bool = True
    title: str | None = None
    subtitle: str | None = None
    source_line: str | None = None
    selected: str | None = None    # a mention_id to ring
    height: int | None = None
    width: int | None = None       # an export's size in pixels; None: the dashboard's (it stretches)
    labels: bool = True            # the key events' headlines on the chart
    ringed: frozenset[str] = frozenset()  # event_ids new since a briefing: ringed in green


def _wrap(text: str, width: int = 70) -> str:
    """Escaped, shortened, wrapped for a hover label."""
    text = " ".join(str(text).split())
    if len(text) > MAX_HOVER_CHARS:
        text = text[: MAX_HOVER_CHARS - 1] + "…"
    return "<br>".join(esc(line) for line in _lines(text, width))


def _lines(text: str, width: int) -> list[str]:
    """Words filled into lines of at most `width` characters (a longer word has its own);
    what textwrap.wrap does for one-line text, at a fraction of its cost."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def _date_words(row) -> str:
    date = esc(date_shown(row.get("date") or None, row.get("granularity"), row.get("date_start"), row.get("date_end")))
    text = row.get("date_text")
    words = str(text).strip() if isinstance(text, str) else ""
    basis = esc(str(row.get("date_basis") or ""))
    if words:
        return f"{esc(words)} → {date} <i>({basis})</i>"
    return f"{date} <i>({basis})</i>"


def hover_texts(frame: pd.DataFrame, actor_names: dict[str, str] | None = None) -> list[str]:
    """The hover labels of many events (itertuples: fast enough for thousands)."""
    columns = ["headline", "type", "date", "granularity", "date_start", "date_end", "date_text", "date_basis", "actors",
               "modality", "n_sources", "n_independent", "sentence", "article_file"]
    present = frame.reindex(columns=columns)
    values = [present[c].tolist() for c in columns]  # whole columns at once: Arrow lists are slow one by one
    return [hover_text(dict(zip(columns, row)), actor_names) for row in zip(*values)]


def hover_text(row, actor_names: dict[str, str] | None = None) -> str:
    """The hover label of one event: date with its words, type, actors, sentence."""
    names = actor_names or {}
    actors_value = row.get("actors")
    actors = ", ".join(esc(names.get(a, a)) for a in (actors_value if actors_value is not None else []))
    extra = ""
    if row.get("modality") not in (None, "actual") and row.get("modality") == row.get("modality"):
        extra = f" · {esc(str(row['modality']))}"
    src = f" · {esc(sources_words(row.get('n_sources'), row.get('n_independent')))}" \
        if count_of(row.get("n_sources")) > 1 else ""
    title = row.get("headline")
    first = f"<b>{esc(title)}</b><br>" if isinstance(title, str) and title else ""
    return (f"{first}<b>{esc(str(row.get('type', '')).title())}</b>{extra}{src}<br>"
            f"{_date_words(row)}<br>{actors}<br><br>{_wrap(row.get('sentence', ''))}"
            f"<br><span style='color:#667'>{esc(str(row.get('article_file', '')))}</span>")


def _lane_values(events: pd.DataFrame, lanes: str, actor_names: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """One row per event and lane (an event with three actors sits in three actor lanes)."""
    frame = events.copy()
    if lanes == "actor":
        frame["lane"] = frame["actors"].apply(lambda a: list(a) if a is not None and len(a) else ["?"])
        frame = frame.explode("lane")
        counts = frame["lane"].value_counts()
        focus = sorted(FOCUS_ACTORS)
        order = [a for a in focus if a in counts] + [a for a in counts.index if a not in FOCUS_ACTORS]
        order = order[:14]
        frame = frame[frame["lane"].isin(order)]
        labels = [actor_names.get(str(a), str(a)) for a in order]
        frame["lane_label"] = frame["lane"].map(dict(zip(order, labels)))
        return frame, labels
    if lanes == "theme":
        themes = load_themes()
        name_of = {theme.id: theme.name() for theme in themes.themes}
        frame["lane_label"] = frame["type"].map(themes.theme_of).map(name_of)
        return frame, [name_of[t.id] for t in themes.themes if name_of[t.id] in set(frame["lane_label"])]
    types = set(frame["type"])
    present = [t for t in TYPE_ORDER if t in types]
    frame["lane_label"] = frame["type"].str.title()
    return frame, [t.title() for t in present]


def _jitter(frame: pd.DataFrame) -> pd.Series:
    """Spread events that share a lane and a month so that none hides another."""
    key = frame["lane_label"].astype(str) + "|" + frame["mid"].dt.strftime("%Y-%m")
    rank = frame.groupby(key).cumcount()
    size = frame.groupby(key)["mid"].transform("size")
    offset = (rank - (size - 1) / 2) / size.clip(lower=1) * 0.6
    return offset.clip(-0.35, 0.35)


def unit_spans(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last day of each event's labelled unit: a year-precise event spans its
    year, a month-precise one its month, a day its day (the evidence's narrower span
    stays in date_start/date_end). Vectorised: there may be twenty thousand events."""
    start = pd.to_datetime(frame["date_start"])
    end = pd.to_datetime(frame["date_end"])
    label = frame["date"].astype("string") if "date" in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
    granularity = frame["granularity"].astype("string")
    is_year = (granularity == "year") & label.str.fullmatch(r"\d{4}").fillna(False).astype(bool)
    is_month = (granularity == "month") & label.str.fullmatch(r"\d{4}-\d{2}").fillna(False).astype(bool)
    if is_year.any():
        years = pd.to_datetime(label[is_year] + "-01-01")
        start = start.mask(is_year, years)
        end = end.mask(is_year, years + pd.offsets.YearEnd(0))
    if is_month.any():
        months = pd.to_datetime(label[is_month] + "-01")
        start = start.mask(is_month, months)
        end = end.mask(is_month, months + pd.offsets.MonthEnd(0))
    return start, end


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where everything of a timeline goes, in pixels of a figure `width` x `height`."""

    width: int
    height: int
    plot: Box                  # the plot area
    title_top: float
    title_lines: list[str]
    subtitle_top: float
    subtitle_lines: list[str]
    known_strip: Box           # between the titles and the plot: labels of known events
    callout_strip: Box         # under it, on a chart too dense for labels inside: labels of key events
    legend_top: float
    legend_rows: int
    source_top: float
    source_lines: list[str]


TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE, LANE_SIZE, LEGEND_SIZE = 22, 14, 11, 13, 12
EDGE = 18                       # the empty border of an exported figure
KNOWN_ROW = 24                  # one row of labels of known events
TICKS = 30                      # the date ticks under the plot
LEGEND_ROW = 24
DASHBOARD_WIDTH = 540           # the chart column at 1440 px; labels are placed for it, a wider chart only spreads them


def _legend_rows(names: list[str], width: float) -> int:
    """Rows of a horizontal Plotly legend: an item is its symbol (40 px) and its name."""
    rows, used = 1, 0.0
    for name in names:
        item = 46 + text_width(name, LEGEND_SIZE)
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def geometry(options: TimelineOptions, lane_labels: list[str], legend_names: list[str], n_known: int,
             callout_rows: int = 0) -> Geometry:
    """The layout of a timeline: titles, the strip of known events, the plot, the date
    ticks, the legend and the source line stacked from top to bottom, none on another."""
    width = options.width or DASHBOARD_WIDTH
    exported = options.width is not None
    left = max([text_width(label, LANE_SIZE) for label in lane_labels] + [40]) + 16 + (EDGE if exported else 0)
    right = EDGE + 12 if exported else 24
    inner = width - 2 * EDGE
    title_lines = wrap_to_width(options.title, inner, TITLE_SIZE, bold=True) if options.title else []
    subtitle_lines = wrap_to_width(options.subtitle, inner, SUBTITLE_SIZE) if options.subtitle else []
    top: float = EDGE if exported else 8
    title_top = top
    top += len(title_lines) * TITLE_SIZE * LINE_HEIGHT
    subtitle_top = top + (4 if title_lines else 0)
    top = (subtitle_top + len(subtitle_lines) * SUBTITLE_SIZE * LINE_HEIGHT
           + (10 if title_lines or subtitle_lines else 0))
    known_rows = min(3, n_known) if n_known else 0
    known_strip = Box(left, top, width - right, top + known_rows * KNOWN_ROW)
    callout_strip = Box(left, known_strip.y1, width - right, known_strip.y1 + callout_rows * KNOWN_ROW)
    plot_top = callout_strip.y1 + (6 if known_rows or callout_rows else 4)
    legend_rows = _legend_rows(legend_names, width - left - right) if legend_names else 0
    source_lines = wrap_to_width(options.source_line, inner, SOURCE_SIZE) if options.source_line else []
    bottom = TICKS + legend_rows * LEGEND_ROW + len(source_lines) * SOURCE_SIZE * LINE_HEIGHT \
        + (8 if source_lines else 0) + (EDGE if exported else 6)
    n = max(1, len(lane_labels))
    height = options.height or int(max(380, plot_top + bottom + 46 * n))
    plot = Box(left, plot_top, width - right, height - bottom)
    legend_top = plot.y1 + TICKS
    source_top = legend_top + legend_rows * LEGEND_ROW + 8
    return Geometry(width, height, plot, title_top, title_lines, subtitle_top, subtitle_lines, known_strip,
                    callout_strip,
                    legend_top, legend_rows, source_top, source_lines)


class _Axes:
    """Data to pixels and back, for the ranges the figure is given."""

    def __init__(self, plot: Box, x_range: tuple[pd.Timestamp, pd.Timestamp], y_range: tuple[float, float]):
        self.plot, self.x_range, self.y_range = plot, x_range, y_range
        self.x0 = x_range[0].value
        self.span = max(1, x_range[1].value - x_range[0].value)

    def px(self, when: pd.Series | pd.Timestamp) -> np.ndarray:
        """Pixels of a series of times, or of one time (a 0-d array: float() takes it)."""
        values = when.astype("datetime64[ns]").astype("int64").to_numpy() if isinstance(when, pd.Series) else when.value
        return np.asarray(self.plot.x0 + (values - self.x0) / self.span * (self.plot.x1 - self.plot.x0))

    @overload
    def py(self, y: np.ndarray) -> np.ndarray: ...
    @overload
    def py(self, y: float) -> float: ...
    def py(self, y: np.ndarray | float) -> np.ndarray | float:
        low, high = self.y_range
        return self.plot.y0 + (high - np.asarray(y, dtype=float)) / (high - low) * (self.plot.y1 - self.plot.y0)

    def x_of(self, px: float) -> pd.Timestamp:
        return pd.Timestamp(int(self.x0 + (px - self.plot.x0) / (self.plot.x1 - self.plot.x0) * self.span))

    def y_of(self, py: float) -> float:
        low, high = self.y_range
        return high - (py - self.plot.y0) / (self.plot.y1 - self.plot.y0) * (high - low)

    def paper(self, px: float, py: float) -> tuple[float, float]:
        return ((px - self.plot.x0) / (self.plot.x1 - self.plot.x0),
                (self.plot.y1 - py) / (self.plot.y1 - self.plot.y0))


def marker_sizes(frame: pd.DataFrame) -> np.ndarray:
    """A marker grows with its event's independent sources (9 px for one, up to 24 px):
    five reprints of one wire story are one source."""
    column = "n_independent" if "n_independent" in frame else "n_sources"
    if column not in frame:
        return np.full(len(frame), 10.0)
    return (9 + 3 * (frame[column].fillna(1).clip(upper=6) - 1)).to_numpy(dtype=float)


def label_priority(frame: pd.DataFrame) -> pd.DataFrame:
    """The events worth a label, best first: pinned, then milestones (linked to a known
    event), then most sources, then the strongest score; one per event."""
    ranked = frame.assign(
        rank_pinned=frame["pinned"].fillna(False).astype(bool) if "pinned" in frame else False,
        rank_known=frame["known_event"].notna() if "known_event" in frame else False,
        rank_sources=(frame["n_independent"] if "n_independent" in frame else frame["n_sources"]).fillna(1)
        if "n_sources" in frame or "n_independent" in frame else 1,
        rank_strength=frame["score"].abs() if "score" in frame else 0.0,
    ).sort_values(["rank_pinned", "rank_known", "rank_sources", "rank_strength"], ascending=False, kind="stable")
    return ranked.drop_duplicates("event_id" if "event_id" in ranked else "mention_id")


MAX_LABEL_CANDIDATES = 80       # the best events tried for a label (after them hardly any fits)
CROWDED = 1.0                   # markers covering more than the plot's area: no label fits among them


def timeline_figure(events: pd.DataFrame, articles: pd.DataFrame | None = None,
                    known: pd.DataFrame | None = None, options: TimelineOptions = TimelineOptions(),
                    actor_names: dict[str, str] | None = None) -> go.Figure:
    """The timeline: time on x, lanes by type or actor, precision visible as span.

    A day is a dot; a month or a year is a bar over that month or year with a marker at
    its middle; articles sit in their own lane at their publication dates; known events
    linked to the events shown are labelled reference lines; the key events are labelled
    with their headlines where the labels fit (core.views.labels). With `options.width` the
    figure is laid out for an export of that size: title, subtitle, legend and source
    line each in a place of its own.
    """
    names = actor_names or {}
    fig = go.Figure()
    dated = events[events["date_start"].notna()].copy() if len(events) else events.copy()
    if len(dated):
        dated["date_start"], dated["date_end"] = unit_spans(dated)
        dated["mid"] = dated["date_start"] + (dated["date_end"] + pd.Timedelta(days=1) - dated["date_start"]) / 2
        frame, lanes = _lane_values(dated, options.lanes, names)
    else:
        frame, lanes = dated, []
    has_articles = (options.show_articles and articles is not None and len(articles) > 0
                    and bool(articles["published_start"].notna().any()))
    lane_labels = (["Articles"] if has_articles else []) + lanes
    y_of = {label: len(lane_labels) - 1 - i for i, label in enumerate(lane_labels)}
    colour_key = "quad" if options.colour == "quad" else "type"
    palette = QUAD_COLOURS if colour_key == "quad" else TYPE_COLOURS
    order = QUADS if colour_key == "quad" else TYPE_ORDER
    groups = [g for g in order if len(frame) and g in set(frame[colour_key])]
    legend_names = [g.title() if colour_key == "type" else g.capitalize() for g in groups]
    legend_names += (["Article"] if has_articles else []) + (list(PRECISION_LEGEND) if options.width else [])
    shown_known = pd.DataFrame()
    if options.show_known and known is not None and len(known) and len(frame) and "known_event" in frame:
        shown_known = known[known["id"].isin(set(frame["known_event"].dropna()))]
    geo = geometry(options, lane_labels, legend_names, len(shown_known))
    n = max(1, len(lane_labels))
    if len(frame):
        first, last = frame["date_start"].min(), frame["date_end"].max() + pd.Timedelta(days=1)
        if has_articles:
            published = _dated_articles(articles)
            if len(published):
                first = min(first, published["published_start"].min())
                last = max(last, published["published_end"].max() + pd.Timedelta(days=1))
        pad = max(pd.Timedelta(days=20), (last - first) * 0.03)
        x_range = (first - pad, last + pad)
    else:
        x_range = (pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01"))
    axes = _Axes(geo.plot, x_range, (-0.7, n - 0.3))
    if len(frame):
        frame = frame.copy()
        frame["y"] = frame["lane_label"].map(y_of) + _jitter(frame)
        frame["size"] = marker_sizes(frame)
        for group in groups:
            part = frame[frame[colour_key] == group]
            colour = palette[group]
            spans = part[part["granularity"] != "day"]
            if len(spans):
                xs, ys = span_segments(spans["date_start"], spans["date_end"], spans["y"])
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=6),
                                         opacity=0.35, hoverinfo="skip", showlegend=False,
                                         legendgroup=group, name=group))
            scatter = go.Scattergl if len(frame) >= WEBGL_FROM_MARKERS else go.Scatter
            linked = part["known_event"].notna() if "known_event" in part else pd.Series(False, index=part.index)
            first_trace = True
            # one trace per precision and link: symbol and outline stay single values (fast to build)
            # (unlinked first: the legend shows the group's plain marker, not a milestone's ring)
            for is_linked, granularity in [(link, g) for link in (False, True) for g in SYMBOL_BY_GRANULARITY]:
                piece = part[(part["granularity"] == granularity) & (linked == is_linked)]
                if not len(piece):
                    continue
                fig.add_trace(scatter(
                    x=piece["mid"], y=piece["y"], mode="markers", legendgroup=group, showlegend=first_trace,
                    name=group.title() if colour_key == "type" else group.capitalize(),
                    marker=dict(color=colour, size=piece["size"].to_numpy(), symbol=SYMBOL_BY_GRANULARITY[granularity],
                                line=dict(color="#1F2933" if is_linked else "white", width=2.5 if is_linked else 1)),
                    customdata=piece["mention_id"].to_numpy(), hovertext=hover_texts(piece, names),
                    hovertemplate="%{hovertext}<extra></extra>",
                ))
                first_trace = False
        _add_marks(fig, frame, options.ringed)
        if options.selected is not None and options.selected in set(frame["mention_id"]):
            chosen = frame[frame["mention_id"] == options.selected].iloc[0]
            fig.add_trace(go.Scatter(x=[chosen["mid"]], y=[chosen["y"]], mode="markers", showlegend=False,
                                     hoverinfo="skip", marker=dict(size=22, color="rgba(0,0,0,0)",
                                                                   line=dict(color="#111", width=2))))
    if has_articles:
        _add_articles(fig, articles, y_of["Articles"])
    if options.width:
        for name, symbol in PRECISION_LEGEND.items():  # what the shapes mean, in the legend of an export
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                                     marker=dict(symbol=symbol, size=10, color="#7B8794")))
    overlay = _Overlay()
    if len(frame) and options.labels:
        known_ids = set(shown_known["id"]) if len(shown_known) else set()
        article_y = y_of.get("Articles") if has_articles else None
        plot_area = (geo.plot.x1 - geo.plot.x0) * (geo.plot.y1 - geo.plot.y0)
        crowded = float((frame["size"] ** 2).sum()) > CROWDED * plot_area
        inside, callouts = ([], []) if crowded else _place_event_labels(
            frame, articles if has_articles else None, article_y, axes, known_ids, geo)
        if len(inside) < MIN_LABELS_INSIDE and len(callouts) == 0 and len(frame) > len(inside):
            # too dense for labels among the markers: the key events are labelled in a strip
            # above the plot, with leader lines down to their markers
            geo = geometry(options, lane_labels, legend_names, len(shown_known), CALLOUT_ROWS)
            axes = _Axes(geo.plot, x_range, (-0.7, n - 0.3))
            inside, callouts = _place_event_labels(frame, articles if has_articles else None, article_y, axes,
                                                   known_ids, geo, among_markers=False)
        for label in inside + callouts:
            _draw_label(overlay, label, axes, colour="#1F2933",
                        leader_colour="#CBD2D9" if label in callouts else "#9AA5B1")
    if len(shown_known):
        _add_known(overlay, shown_known, axes, geo.known_strip)
    _layout(fig, lane_labels, y_of, options, geo, axes, frame, overlay)
    return fig


NEW_COLOUR = "#2F9E44"       # the ring of an event new since the briefing
DISAGREE_COLOUR = "#C92A2A"  # the mark of an event whose sources disagree


def disputed(frame: pd.DataFrame) -> pd.Series:
    """Whether each row's event has sources that disagree on its date or its actors."""
    flags = pd.Series(False, index=frame.index)
    for column in ("dates_disagree", "actors_disagree"):
        if column in frame:
            flags |= frame[column].fillna(False).astype(bool)
    return flags


def _add_marks(fig: go.Figure, frame: pd.DataFrame, ringed: frozenset[str]) -> None:
    """New events ringed (green), events whose sources disagree marked with a red × above
    the marker; each with a legend entry of its own, one mark per event."""
    events = frame.drop_duplicates("event_id") if "event_id" in frame else frame
    new = events[events["event_id"].isin(ringed)] if ringed and "event_id" in events else events.iloc[:0]
    if len(new):
        fig.add_trace(go.Scatter(x=new["mid"], y=new["y"], mode="markers", name="New since the briefing",
                                 hoverinfo="skip", marker=dict(size=new["size"].to_numpy() + 12, color="rgba(0,0,0,0)",
                                                               line=dict(color=NEW_COLOUR, width=2.5))))
    split = events[disputed(events)]
    if len(split):
        fig.add_trace(go.Scatter(x=split["mid"], y=split["y"] + 0.25, mode="markers", name="Sources disagree",
                                 hoverinfo="skip", marker=dict(symbol="x-thin-open", size=9, color=DISAGREE_COLOUR,
                                                               line=dict(color=DISAGREE_COLOUR, width=2.5))))


PRECISION_LEGEND = {"a day": "circle", "a month (bar: the month)": "diamond", "a year (bar: the year)": "square"}


def _event_boxes(frame: pd.DataFrame, axes: _Axes) -> list[Box]:
    """The pixel boxes of the markers and bars, which labels must leave free."""
    xs = axes.px(frame["mid"])
    ys = axes.py(frame["y"].to_numpy())
    half = frame["size"].to_numpy() / 2 + 1
    boxes = [Box(x - h, y - h, x + h, y + h) for x, y, h in zip(xs, ys, half)]
    spans = frame[frame["granularity"] != "day"]
    if len(spans):
        x0 = axes.px(spans["date_start"])
        x1 = axes.px(spans["date_end"] + pd.Timedelta(days=1))
        y = axes.py(spans["y"].to_numpy())
        boxes += [Box(a, c - 3, b, c + 3) for a, b, c in zip(x0, x1, y)]
    return boxes


MIN_LABELS_INSIDE = 3           # fewer labels fit among the markers: use the callout strip
CALLOUT_ROWS = 2
MAX_CALLOUTS = 8                # their leader lines cross the plot: a few, not a fence


def _place_event_labels(frame: pd.DataFrame, articles: pd.DataFrame | None, article_y: int | None, axes: _Axes,
                        known_shown: set[str], geo: Geometry,
                        among_markers: bool = True) -> tuple[list[PlacedLabel], list[PlacedLabel]]:
    """The key events' headlines where they fit (core.views.labels.place_labels): among the
    markers, and in the callout strip when the geometry has one."""
    ranked = label_priority(frame)
    pinned = ranked["rank_pinned"].to_numpy(dtype=bool)
    # an event of a known milestone drawn as a line is labelled by the line, unless pinned
    keep = pinned | ~ranked["known_event"].isin(known_shown).to_numpy(dtype=bool) if "known_event" in ranked \
        else np.ones(len(ranked), dtype=bool)
    ranked = ranked[keep].head(MAX_LABEL_CANDIDATES)
    xs, ys = axes.px(ranked["mid"]), axes.py(ranked["y"].to_numpy())
    requests = [LabelRequest(str(row.mention_id), _label_text(row._asdict()), float(x), float(y),
                             float(row.size) / 2 + 1, 12.0 if row.rank_pinned else 11.0)
                for row, x, y in zip(ranked.itertuples(), xs, ys)]
    plot_area = (geo.plot.x1 - geo.plot.x0) * (geo.plot.y1 - geo.plot.y0)
    inside: list[PlacedLabel] = []
    if among_markers and float((frame["size"] ** 2).sum()) <= CROWDED * plot_area:
        obstacles = _event_boxes(frame, axes)
        if articles is not None and article_y is not None:
            obstacles += _article_boxes(articles, article_y, axes)
        inside = place_labels(requests, axes.plot, obstacles)
    strip = geo.callout_strip
    if strip.y1 - strip.y0 <= 0:
        return inside, []
    done = {label.key for label in inside}
    wanted = [LabelRequest(r.key, r.text, r.x, strip.y1 + 2, 0.0, r.size) for r in requests if r.key not in done]
    callouts = place_labels(wanted, strip, max_labels=MAX_CALLOUTS)
    by_key = {r.key: r for r in requests}
    # the leader runs on to the marker itself, through the plot
    return inside, [replace(label, anchor=(by_key[label.key].x, by_key[label.key].y - by_key[label.key].radius))
                    for label in callouts]


def _label_text(row: dict) -> str:
    text = row.get("headline")
    if isinstance(text, str) and text.strip():
        return " ".join(text.split())
    return headline_of(row)


class _Overlay:
    """Annotations and shapes collected and given to the figure at once: Plotly's
    add_annotation copies the layout on every call (a hundred labels took a second)."""

    def __init__(self) -> None:
        self.annotations: list[dict] = []
        self.shapes: list[dict] = []

    def add_annotation(self, **spec: object) -> None:
        self.annotations.append(spec)

    def add_shape(self, **spec: object) -> None:
        self.shapes.append(spec)

    def apply(self, fig: go.Figure) -> None:
        fig.update_layout(annotations=self.annotations, shapes=self.shapes)


def _draw_label(fig: _Overlay, label: PlacedLabel, axes: _Axes, colour: str, leader_colour: str = "#9AA5B1") -> None:
    """A placed label as an annotation in paper coordinates (exact, whatever the ranges),
    with a leader line from its marker when it is not beside it."""
    x, y = axes.paper(label.box.x0 + PAD, (label.box.y0 + label.box.y1) / 2)
    fig.add_annotation(text=esc(label.text), x=x, y=y, xref="paper", yref="paper", xanchor="left", yanchor="middle",
                       showarrow=False, font=dict(size=label.size, color=colour), align="left",
                       bgcolor="rgba(255,255,255,0.85)", borderpad=0, name="label")
    if label.leader is not None:
        ax, ay = axes.paper(*label.anchor)
        lx, ly = axes.paper(*label.leader)
        fig.add_shape(type="line", xref="paper", yref="paper", x0=ax, y0=ay, x1=lx, y1=ly,
                      line=dict(color=leader_colour, width=1), layer="below")


def legend_on_top(fig: go.Figure) -> go.Figure:
    """The timeline for the screen: the legend's rows moved from under the date ticks to
    the top, above the strip of known events; the plot keeps its place in the layout
    (the same height, the labels where `geometry` put them)."""
    if fig.layout.showlegend is False:
        return fig
    top, bottom, height = fig.layout.margin.t or 0, fig.layout.margin.b or 0, fig.layout.height or 450
    plot = max(1, height - top - bottom)
    reserved = max(LEGEND_ROW, bottom - TICKS - 6)   # what `geometry` kept for the legend's rows
    top, bottom = top + reserved, max(TICKS, bottom - reserved)
    fig.update_layout(margin=dict(t=top, b=bottom), height=top + plot + bottom,
                      legend=dict(yanchor="top", y=1 + (top - 2) / plot, xref="container", x=0.01))
    # the caption under the chart explains ▼: four colours fit two rows even in an 800 px window
    fig.update_traces(showlegend=False, selector=dict(name="Article"))
    return fig


def pin_label(row: pd.Series, known: pd.DataFrame | None = None) -> str:
    """The label of an event: its headline (the known event's name for a milestone)."""
    return _label_text(dict(row))


def _dated_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles with a publication date, spanning its unit: "2024" is the year 2024 even
    when the evidence narrowed it to a few months (as events: `unit_spans`)."""
    dated = articles[articles["published_start"].notna()].copy()
    units = pd.DataFrame({"date_start": dated["published_start"], "date_end": dated["published_end"],
                          "date": dated["published"], "granularity": dated["published_granularity"]},
                         index=dated.index)
    dated["published_start"], dated["published_end"] = unit_spans(units)
    length = dated["published_end"] + pd.Timedelta(days=1) - dated["published_start"]
    dated["mid"] = dated["published_start"] + length / 2
    return dated


def _article_boxes(articles: pd.DataFrame, y: int, axes: _Axes) -> list[Box]:
    """The pixel boxes of the articles' markers and bars."""
    dated = _dated_articles(articles)
    py = float(axes.py(y))
    spans = dated[dated["published_granularity"] != "day"]
    boxes = [Box(float(axes.px(row.published_start)), py - 3,
                 float(axes.px(row.published_end + pd.Timedelta(days=1))), py + 3) for row in spans.itertuples()]
    return boxes + [Box(x - 7, py - 7, x + 7, py + 7) for x in axes.px(dated["mid"])]


def span_segments(starts: Iterable[Any], ends: Iterable[Any], ys: Iterable[Any]) -> tuple[list[object], list[object]]:
    """One line trace's points for many periods: start to the end of the last day, broken by None."""
    xs: list[object] = []
    out: list[object] = []
    for start, end, y in zip(starts, ends, ys):
        xs += [start, end + pd.Timedelta(days=1), None]
        out += [y, y, None]
    return xs, out


def _add_articles(fig: go.Figure, articles: pd.DataFrame, y: int) -> None:
    """Articles at their publication dates (a bar over an imprecise one)."""
    dated = _dated_articles(articles)
    if not len(dated):
        return
    spans = dated[dated["published_granularity"] != "day"]
    if len(spans):
        xs, ys = span_segments(spans["published_start"], spans["published_end"], [y] * len(spans))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=ARTICLE_COLOUR, width=6), opacity=0.3,
                                 hoverinfo="skip", showlegend=False))
    hover = [f"<b>Article</b> · published {esc(str(r.published))} ({esc(str(r.published_basis))})"
             f"<br>{_wrap(r.title)}<br><span style='color:#667'>{esc(str(r.file))}</span>"
             for r in dated.itertuples()]
    fig.add_trace(go.Scatter(x=dated["mid"], y=[y] * len(dated), mode="markers", name="Article",
                             marker=dict(symbol="triangle-down", size=11, color=ARTICLE_COLOUR),
                             customdata=["article:" + str(a) for a in dated["article_id"]],
                             hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))


def _known_day(date: object) -> pd.Timestamp:
    text = str(date)
    return pd.Timestamp(text[:10] if len(text) >= 10 else f"{text}-01"[:10] if len(text) == 7 else f"{text[:4]}-07-01")


def _add_known(fig: _Overlay, known: pd.DataFrame, axes: _Axes, strip: Box) -> None:
    """Known milestones as dotted lines through the plot, labelled in the strip above it
    where the labels fit (a line whose label does not fit is still drawn)."""
    requests = []
    for row in known.itertuples():
        day = _known_day(row.date)
        if not axes.x_range[0] <= day <= axes.x_range[1]:
            continue
        count = getattr(row, "mentions", None)
        label = f"{row.name} ({int(count)})" if count and count == count else str(row.name)
        fig.add_shape(type="line", xref="x", yref="paper", x0=day, x1=day, y0=0, y1=1,
                      line=dict(color="#9AA5B1", width=1, dash="dot"), layer="below")
        # anchored just under the strip: the first row sits on the line's top, the next ones above
        requests.append(LabelRequest(f"known:{row.id}", label, float(axes.px(day)), strip.y1 + 2, 0.0, 11.0))
    for placed in place_labels(requests, strip):
        _draw_label(fig, placed, axes, colour="#52606D")


def _paper_text(fig: _Overlay, axes: _Axes, text: str, px: float, py: float, size: int, colour: str,
                name: str) -> None:
    """A text block whose top-left corner is at (px, py) in pixels of the figure."""
    x, y = axes.paper(px, py)
    fig.add_annotation(text=text, x=x, y=y, xref="paper", yref="paper", xanchor="left", yanchor="top",
                       showarrow=False, align="left", font=dict(size=size, color=colour), borderpad=0, name=name)


def _layout(fig: go.Figure, lane_labels: list[str], y_of: dict[str, int], options: TimelineOptions,
            geo: Geometry, axes: _Axes, frame: pd.DataFrame, overlay: _Overlay) -> None:
    plot = geo.plot
    fig.update_layout(
        template="plotly_white", paper_bgcolor="white", plot_bgcolor="white", font=FONT, height=geo.height,
        margin=dict(l=plot.x0, r=geo.width - plot.x1, t=plot.y0, b=geo.height - plot.y1, pad=0, autoexpand=False),
        hovermode="closest", dragmode="zoom", clickmode="event+select", showlegend=geo.legend_rows > 0,
        legend=dict(orientation="h", yanchor="top", xanchor="left", x=0, y=axes.paper(0, geo.legend_top)[1],
                    font=dict(size=LEGEND_SIZE), itemclick="toggleothers" if not options.width else False,
                    bgcolor="rgba(0,0,0,0)"),
        hoverlabel=dict(bgcolor="white", font=dict(size=12, family=FONT["family"]), align="left"),
    )
    if options.width:
        fig.update_layout(width=geo.width)
    fig.update_yaxes(tickvals=[y_of[label] for label in lane_labels], ticktext=lane_labels,
                     range=list(axes.y_range), showgrid=True, gridcolor="#EEF1F4", zeroline=False, fixedrange=True,
                     tickfont=dict(size=LANE_SIZE), automargin=False)
    fig.update_xaxes(showgrid=True, gridcolor="#F3F5F7", type="date", title=None, range=list(axes.x_range),
                     automargin=False)
    edge = EDGE if options.width else 8
    if geo.title_lines:
        _paper_text(overlay, axes, "<br>".join(f"<b>{esc(line)}</b>" for line in geo.title_lines), edge, geo.title_top,
                    TITLE_SIZE, "#1F2933", "title")
    if geo.subtitle_lines:
        _paper_text(overlay, axes, "<br>".join(esc(line) for line in geo.subtitle_lines), edge, geo.subtitle_top,
                    SUBTITLE_SIZE, "#52606D", "subtitle")
    if geo.source_lines:
        _paper_text(overlay, axes, "<br>".join(esc(line) for line in geo.source_lines), edge, geo.source_top,
                    SOURCE_SIZE, "#616E7C", "source")
    if not len(frame):
        overlay.add_annotation(text="No events match these filters", xref="paper", yref="paper", x=0.5, y=0.5,
                               showarrow=False, font=dict(size=16, color="#7B8794"))
    overlay.apply(fig)


def density_figure(counts: pd.DataFrame, total: int, threshold: int, options: TimelineOptions = TimelineOptions(),
                   actor_names: dict[str, str] | None = None) -> go.Figure:
    """Events per month and lane, for filters that match too many events to draw singly:
    a circle's area is the count, its colour the mean score."""
    names = actor_names or {}
    fig = go.Figure()
    if len(counts):
        frame = counts.copy()
        frame["label"] = (frame["lane"].map(lambda lane: names.get(lane, lane)) if options.lanes == "actor"
                          else frame["lane"].str.title())
        lanes_present = set(frame["lane"])
        order = ([names.get(a, a) for a in frame.groupby("lane")["n"].sum().sort_values(ascending=False).index]
                 if options.lanes == "actor" else [t.title() for t in TYPE_ORDER if t in lanes_present])
        if options.lanes == "theme":
            themes = load_themes().themes
            frame["label"] = frame["lane"].map({t.id: t.name() for t in themes})
            order = [t.name() for t in themes if t.id in lanes_present]
        y_of = {label: len(order) - 1 - i for i, label in enumerate(order)}
        frame["y"] = frame["label"].map(y_of)
        biggest = max(1, int(frame["n"].max()))
        fig.add_trace(go.Scattergl(
            x=frame["month"] + pd.Timedelta(days=14), y=frame["y"], mode="markers", name="events per month",
            marker=dict(size=6 + 30 * (frame["n"] / biggest) ** 0.5, color=frame["score"], cmin=-10, cmax=10,
                        colorscale=[[0, QUAD_COLOURS["material conflict"]], [0.5, "#E4E7EB"],
                                    [1, QUAD_COLOURS["material cooperation"]]],
                        colorbar=dict(title="mean score", thickness=12, len=0.6), line=dict(width=0)),
            hovertext=[f"<b>{esc(r.label)}</b><br>{r.month:%b %Y}: {int(r.n):,} events<br>mean score {r.score:+.1f}"
                       "<br><i>click: this year and lane in detail</i>" for r in frame.itertuples()],
            customdata=[[int(r.month.year), str(r.lane)] for r in frame.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>"))
        fig.update_yaxes(tickvals=list(y_of.values()), ticktext=list(y_of), range=[-0.7, len(order) - 0.3])
    fig.add_annotation(text=esc(f"{total:,} events match: shown as counts per month. Click a circle, or narrow "
                                f"the filters to {threshold:,} events or fewer, to see each event."),
                       xref="paper", yref="paper", x=0, y=1.06, showarrow=False, xanchor="left",
                       font=dict(size=12, color="#52606D"))
    n_lanes = max(1, len(counts["lane"].unique()) if len(counts) else 1)
    fig.update_layout(template="plotly_white", font=FONT, height=max(380, 150 + 46 * n_lanes),
                      margin=dict(l=120, r=30, t=70, b=50), showlegend=False, hovermode="closest")
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#F3F5F7")
    return fig


# --------------------------------------------------------------------------- relations
PAIR_COLOURS = ("#1F6FB2", "#C62828", "#3A9D5D", "#8E24AA", "#E08A1E", "#00897B")
INDEX_TICKS = {-10: "−10 conflict", -5: "−5", 0: "0", 5: "+5", 10: "+10 cooperation"}


def count_ticks(largest: float, most: int = 5) -> tuple[int, int]:
    """A whole-number tick step (1, 2, 5, 10, 20, 50 …) for counts up to `largest`, at most
    `most` steps, and the axis top (a multiple of the step)."""
    top = max(1, int(-(-float(largest) // 1)))
    step = 1
    while True:
        for factor in (1, 2, 5):
            if top / (step * factor) <= most:
                step *= factor
                return step, step * int(-(-top // step))
        step *= 10


def full_periods(frame: pd.DataFrame, freq: str) -> pd.DatetimeIndex:
    """Every period from the first to the last of a relations frame, empty ones included."""
    if not len(frame):
        return pd.DatetimeIndex([])
    periods = pd.to_datetime(frame["period"])
    start = periods.min().to_period(freq).to_timestamp()
    return pd.period_range(start, periods.max(), freq=freq).to_timestamp()


def pair_names(pair: str, names: dict[str, str]) -> tuple[str, str]:
    first, second = pair.split("–", 1)
    return names.get(first, first), names.get(second, second)


def together_label(pair: str, towards: str, names: dict[str, str]) -> str:
    """ "China and Russia together towards the West, United States" """
    first, second = pair_names(pair, names)
    thirds = [names.get(c, c) for c in str(towards or "").split(",") if c]
    return f"{first} and {second} together towards {', '.join(thirds) if thirds else 'others'}"


def relations_figure(frame: pd.DataFrame, title: str | None = None, freq: str = "Q",
                     actor_names: dict[str, str] | None = None) -> go.Figure:
    """Per pair: the index of the events between the two (a line on the score axis, left),
    their counts (bars on the count axis, right), and the two acting together towards
    third parties (a dashed line). Empty periods are gaps, not joined."""
    names = actor_names or {}
    fig = go.Figure()
    periods = full_periods(frame, freq)
    label = "%{x|%b %Y}" if freq == "M" else "%{x|%Y} Q%{customdata}"
    quarters = [(p.month - 1) // 3 + 1 for p in periods]
    largest = 0.0
    for number, (pair, group) in enumerate(frame.groupby("pair", sort=False)):
        colour = PAIR_COLOURS[number % len(PAIR_COLOURS)]
        first, second = pair_names(pair, names)
        both = f"{first} ↔ {second}"
        series = group.assign(period=pd.to_datetime(group["period"])).set_index("period").reindex(periods)
        counts = series["events"].fillna(0).astype(int)
        largest = max(largest, float(counts.max()) if len(counts) else 0.0)
        index = series["index"].where(counts > 0)
        fig.add_trace(go.Bar(x=periods, y=counts, name=f"{both}: events between them", marker_color=colour,
                             opacity=0.25, yaxis="y2", legendgroup=pair, customdata=quarters,
                             hovertemplate=f"{label}: %{{y}} events between them<extra>{esc(both)}</extra>"))
        fig.add_trace(go.Scatter(x=periods, y=index, name=f"{both}: index", mode="lines+markers", legendgroup=pair,
                                 line=dict(color=colour, width=3), marker=dict(size=8), connectgaps=False,
                                 customdata=quarters,
                                 hovertemplate=f"{label}: index %{{y:+.1f}}<extra>{esc(both)}</extra>"))
        together = series["together_events"].fillna(0).astype(int) if "together_events" in series else None
        if together is not None and together.sum() > 0:
            towards = str(group["together_towards"].iloc[0]) if "together_towards" in group else ""
            name = together_label(pair, towards, names)
            fig.add_trace(go.Scatter(
                x=periods, y=series["together_index"].where(together > 0), name=esc(name), legendgroup=pair,
                mode="lines+markers", connectgaps=False, line=dict(color=colour, width=2, dash="dot"),
                marker=dict(size=7, symbol="diamond-open"), customdata=list(zip(quarters, together.tolist())),
                hovertemplate=(label.replace("customdata", "customdata[0]") + ": index %{y:+.1f} of "
                               "%{customdata[1]} events<extra>" + esc(f"{first} and {second} together") + "</extra>")))
    step, top = count_ticks(largest)
    # bars and points in the middle of their quarter or month, not on its first day
    fig.update_traces(xperiod="M3" if freq == "Q" else "M1", xperiodalignment="middle")
    fig.add_hline(y=0, line=dict(color="#9AA5B1", width=1))
    has_title = bool(title)
    fig.update_layout(
        template="plotly_white", font=FONT, height=460, barmode="group", hovermode="x unified",
        title=dict(text=esc(title), x=0.01, y=0.98, yanchor="top") if has_title else None,
        yaxis=dict(title=None, range=[-10.5, 10.5], zeroline=False, tickvals=list(INDEX_TICKS),
                   ticktext=list(INDEX_TICKS.values())),
        yaxis2=dict(title=None, overlaying="y", side="right", showgrid=False, range=[0, top * 1.05],
                    tick0=0, dtick=step, tickformat="d"),
        xaxis=dict(type="date", showgrid=False),
        legend=dict(orientation="h", yanchor="bottom", y=1.08, x=0, font=dict(size=12)),
        margin=dict(l=110, r=60, t=(120 if has_title else 90), b=40),
    )
    # axis titles written across, above their axes: read the right way round, in any export
    for x, anchor, text in ((0, "right", "Index (mean score)"), (1, "left", "Events")):
        fig.add_annotation(text=text, xref="paper", yref="paper", x=x, y=1.0, xanchor=anchor, yanchor="bottom",
                           showarrow=False, font=dict(size=12, color="#52606D"), name="axis title")
    if not len(frame):
        fig.add_annotation(text="No events of these pairs in the filtered data", xref="paper", yref="paper",
                           x=0.5, y=0.5, showarrow=False, font=dict(size=16, color="#7B8794"))
    return fig


def period_label(period: object, freq: str) -> str:
    """'2021 Q1' or 'Mar 2021'."""
    stamp = pd.Timestamp(period)
    return f"{stamp.year} Q{(stamp.month - 1) // 3 + 1}" if freq == "Q" else f"{stamp:%b %Y}"


def relations_table(frame: pd.DataFrame, freq: str = "Q", actor_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The relations frame for reading: pairs and third parties by name, periods as words."""
    names = actor_names or {}
    table = pd.DataFrame({
        "pair": [" ↔ ".join(pair_names(p, names)) for p in frame["pair"]],
        "period": [period_label(p, freq) for p in frame["period"]],
        "index between them": frame["index"], "events between them": frame["events"],
        "cooperation": frame["cooperation"], "conflict": frame["conflict"],
        "index together": frame["together_index"], "events together": frame["together_events"],
        "together towards": [", ".join(names.get(c, c) for c in str(t or "").split(",") if c)
                             for t in frame["together_towards"]],
    })
    return table


def span_label(events: pd.DataFrame) -> str:
    """'Mar 2021 – Apr 2024' for the headline figures."""
    dated = events[events["date_start"].notna()] if len(events) else events
    if not len(dated):
        return "—"
    first, last = unit_spans(dated)  # as drawn: "2024" from "de afgelopen jaren" is 2024, not 2021
    return f"{first.min():%b %Y} – {last.max():%b %Y}"


def today_label() -> str:
    return dt.date.today().strftime("%d %b %Y")
