"""Figures, built by pure functions: DataFrames in, Plotly figures out.

The same type has the same colour everywhere (timeline, relations, tables, exports).
All text from articles is escaped before it goes into a figure: an article is never code.
"""
from __future__ import annotations

import datetime as dt
import html as _html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from core.models import QUAD_AND_SCORE, QUADS, EventType
from core.settings import FOCUS_ACTORS, WEBGL_FROM_MARKERS
from core.themes import load_themes

# Types ordered from cooperation to conflict; shades of one hue per quad class.
TYPE_ORDER = tuple(t.value for t in sorted(EventType, key=lambda t: (QUADS.index(QUAD_AND_SCORE[t][0]), -QUAD_AND_SCORE[t][1])))
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
FONT = dict(family="Inter, 'Helvetica Neue', Arial, sans-serif", size=13, color="#1F2933")
SYMBOL_BY_GRANULARITY = {"day": "circle", "month": "diamond", "year": "square"}
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
    date = esc(str(row.get("date") or "undated"))
    text = row.get("date_text")
    words = str(text).strip() if isinstance(text, str) else ""
    basis = esc(str(row.get("date_basis") or ""))
    if words:
        return f"{esc(words)} → {date} <i>({basis})</i>"
    return f"{date} <i>({basis})</i>"


def hover_texts(frame: pd.DataFrame, actor_names: dict[str, str] | None = None) -> list[str]:
    """The hover labels of many events (itertuples: fast enough for thousands)."""
    columns = ["type", "date", "date_text", "date_basis", "actors", "modality", "n_sources", "sentence", "article_file"]
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
    raw_sources = row.get("n_sources")
    sources = int(raw_sources) if raw_sources is not None and raw_sources == raw_sources else 1
    src = f" · {sources} sources" if sources > 1 else ""
    return (f"<b>{esc(str(row.get('type', '')).title())}</b>{extra}{src}<br>"
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
        labels = [actor_names.get(a, a) for a in order]
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


def timeline_figure(events: pd.DataFrame, articles: pd.DataFrame | None = None,
                    known: pd.DataFrame | None = None, options: TimelineOptions = TimelineOptions(),
                    actor_names: dict[str, str] | None = None) -> go.Figure:
    """The timeline: time on x, lanes by type or actor, precision visible as span.

    A day is a dot; a month or a year is a bar over its span with a marker at its middle;
    articles sit in their own lane at their publication dates; known events linked to
    the events shown are labelled reference lines.
    """
    names = actor_names or {}
    fig = go.Figure()
    dated = events[events["date_start"].notna()].copy() if len(events) else events.copy()
    if len(dated):
        dated["date_start"] = pd.to_datetime(dated["date_start"])
        dated["date_end"] = pd.to_datetime(dated["date_end"])
        dated["mid"] = dated["date_start"] + (dated["date_end"] - dated["date_start"]) / 2
        frame, lanes = _lane_values(dated, options.lanes, names)
    else:
        frame, lanes = dated, []
    lane_labels = (["Articles"] if options.show_articles and articles is not None and len(articles) else []) + lanes
    y_of = {label: len(lane_labels) - 1 - i for i, label in enumerate(lane_labels)}
    if len(frame):
        frame = frame.copy()
        frame["y"] = frame["lane_label"].map(y_of) + _jitter(frame)
        colour_key = "quad" if options.colour == "quad" else "type"
        palette = QUAD_COLOURS if colour_key == "quad" else TYPE_COLOURS
        order = QUADS if colour_key == "quad" else TYPE_ORDER
        colours_present = set(frame[colour_key])
        for group in [g for g in order if g in colours_present]:
            part = frame[frame[colour_key] == group]
            colour = palette[group]
            spans = part[part["granularity"] != "day"]
            if len(spans):
                xs, ys = [], []
                for row in spans.itertuples():
                    xs += [row.date_start, row.date_end + pd.Timedelta(days=1), None]
                    ys += [row.y, row.y, None]
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=6),
                                         opacity=0.35, hoverinfo="skip", showlegend=False,
                                         legendgroup=group, name=group))
            scatter = go.Scattergl if len(frame) >= WEBGL_FROM_MARKERS else go.Scatter
            linked = part["known_event"].notna() if "known_event" in part else pd.Series(False, index=part.index)
            first = True
            # one trace per precision and link: symbol and outline stay single values (fast to build)
            for granularity in ("day", "month", "year"):
                for is_linked in (False, True):
                    piece = part[(part["granularity"] == granularity) & (linked == is_linked)]
                    if not len(piece):
                        continue
                    sizes = (9 + 3 * (piece["n_sources"].fillna(1).clip(upper=6) - 1)).to_numpy() \
                        if "n_sources" in piece else 10
                    fig.add_trace(scatter(
                        x=piece["mid"], y=piece["y"], mode="markers", legendgroup=group, showlegend=first,
                        name=group.title() if colour_key == "type" else group.capitalize(),
                        marker=dict(color=colour, size=sizes, symbol=SYMBOL_BY_GRANULARITY[granularity],
                                    line=dict(color="#1F2933" if is_linked else "white", width=2.5 if is_linked else 1)),
                        customdata=piece["mention_id"].to_numpy(), hovertext=hover_texts(piece, names),
                        hovertemplate="%{hovertext}<extra></extra>",
                    ))
                    first = False
        if options.selected is not None and options.selected in set(frame["mention_id"]):
            chosen = frame[frame["mention_id"] == options.selected].iloc[0]
            fig.add_trace(go.Scatter(x=[chosen["mid"]], y=[chosen["y"]], mode="markers", showlegend=False,
                                     hoverinfo="skip", marker=dict(size=22, color="rgba(0,0,0,0)",
                                                                   line=dict(color="#111", width=2))))
    if len(frame) and "pinned" in frame:
        _add_pins(fig, frame[frame["pinned"].fillna(False).astype(bool)], known)
    if "Articles" in y_of:
        _add_articles(fig, articles, y_of["Articles"])
    if options.show_known and known is not None and len(known) and len(frame):
        _add_known(fig, known, set(frame["known_event"].dropna()))
    _layout(fig, lane_labels, y_of, options, frame)
    return fig


PIN_LABEL_CHARS = 48


def legend_on_top(fig: go.Figure) -> go.Figure:
    """The timeline for the screen: the legend in one row at the top, above the known
    events' labels, with no empty band; lane names get the room they need."""
    height = fig.layout.height or 450
    bottom = 40
    labels = [a for a in fig.layout.annotations if a.yref == "paper" and a.y is not None and a.y >= 1]
    rise = max((float(a.y) - 1 for a in labels), default=0.0)   # known-event labels, in plot heights
    label_px = 18 if labels else 0
    legend_px = 30
    # top = rise * plot + label + legend, with plot = height - top - bottom
    top = int((rise * (height - bottom) + label_px + legend_px) / (1 + rise)) + 4
    plot = height - top - bottom
    fig.update_layout(margin=dict(t=top, b=bottom, l=10, r=20),
                      legend=dict(orientation="h", x=0, xanchor="left", yanchor="bottom",
                                  y=1 + rise + (label_px + 4) / plot, font=dict(size=12)))
    fig.update_yaxes(automargin=True)
    return fig


def pin_label(row: pd.Series, known: pd.DataFrame | None = None) -> str:
    """The label of a pinned event: its known event's name, else type and sentence start."""
    if known is not None and isinstance(row.get("known_event"), str):
        names = dict(zip(known["id"], known["name"]))
        if row["known_event"] in names:
            return str(names[row["known_event"]])
    sentence = " ".join(str(row.get("sentence", "")).split())
    short = sentence if len(sentence) <= PIN_LABEL_CHARS else sentence[: PIN_LABEL_CHARS - 1] + "…"
    return f"{str(row.get('type', '')).title()}: {short}"


def _add_pins(fig: go.Figure, pinned: pd.DataFrame, known: pd.DataFrame | None) -> None:
    seen: set[str] = set()
    for number, (_, row) in enumerate(pinned.drop_duplicates("event_id").iterrows()):
        if row["event_id"] in seen:
            continue
        seen.add(row["event_id"])
        fig.add_annotation(x=row["mid"], y=row["y"], text=esc(pin_label(row, known)), showarrow=True, arrowhead=0,
                           arrowcolor="#52606D", ax=0, ay=-34 - 16 * (number % 2), font=dict(size=12, color="#1F2933"),
                           bgcolor="rgba(255,255,255,0.92)", bordercolor="#9AA5B1", borderpad=3)


def _add_articles(fig: go.Figure, articles: pd.DataFrame, y: int) -> None:
    dated = articles[articles["published_start"].notna()].copy()
    if not len(dated):
        return
    dated["published_start"] = pd.to_datetime(dated["published_start"])
    dated["published_end"] = pd.to_datetime(dated["published_end"])
    dated["mid"] = dated["published_start"] + (dated["published_end"] - dated["published_start"]) / 2
    spans = dated[dated["published_granularity"] != "day"]
    if len(spans):
        xs, ys = [], []
        for row in spans.itertuples():
            xs += [row.published_start, row.published_end + pd.Timedelta(days=1), None]
            ys += [y, y, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=ARTICLE_COLOUR, width=6), opacity=0.3,
                                 hoverinfo="skip", showlegend=False))
    hover = [f"<b>Article</b> · published {esc(str(r.published))} ({esc(str(r.published_basis))})"
             f"<br>{_wrap(r.title)}<br><span style='color:#667'>{esc(str(r.file))}</span>"
             for r in dated.itertuples()]
    fig.add_trace(go.Scatter(x=dated["mid"], y=[y] * len(dated), mode="markers", name="Article",
                             marker=dict(symbol="triangle-down", size=11, color=ARTICLE_COLOUR),
                             customdata=["article:" + str(a) for a in dated["article_id"]],
                             hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))


def _add_known(fig: go.Figure, known: pd.DataFrame, linked: set[str]) -> None:
    shown = known[known["id"].isin(linked)]
    for number, row in enumerate(shown.itertuples()):
        day = pd.Timestamp(str(row.date)[:10] if len(str(row.date)) >= 10 else f"{row.date}-01"[:10])
        count = getattr(row, "mentions", None)
        label = f"{row.name} ({int(count)})" if count and count == count else str(row.name)
        fig.add_vline(x=day, line=dict(color="#9AA5B1", width=1, dash="dot"))
        fig.add_annotation(x=day, y=1.0 + 0.055 * (number % 3), yref="paper", text=esc(label),
                           showarrow=False, xanchor="left", font=dict(size=11, color="#52606D"),
                           bgcolor="rgba(255,255,255,0.85)")


def _layout(fig: go.Figure, lane_labels: list[str], y_of: dict[str, int], options: TimelineOptions,
            frame: pd.DataFrame) -> None:
    n = max(1, len(lane_labels))
    height = options.height or max(380, 150 + 46 * n)
    title = None
    if options.title:
        text = f"<b>{esc(options.title)}</b>"
        if options.subtitle:
            text += f"<br><span style='font-size:13px;color:#52606D'>{esc(options.subtitle)}</span>"
        title = dict(text=text, x=0.01, xanchor="left", y=0.98, yanchor="top")
    fig.update_layout(
        template="plotly_white", paper_bgcolor="white", plot_bgcolor="white", font=FONT, height=height,
        margin=dict(l=120, r=30, t=110 if options.title else 70, b=90 if options.source_line else 60),
        title=title, hovermode="closest", dragmode="zoom", clickmode="event+select",
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, font=dict(size=12)),
        hoverlabel=dict(bgcolor="white", font=dict(size=12, family=FONT["family"]), align="left"),
    )
    fig.update_yaxes(tickvals=[y_of[l] for l in lane_labels], ticktext=lane_labels, range=[-0.7, n - 0.3],
                     showgrid=True, gridcolor="#EEF1F4", zeroline=False, fixedrange=True)
    fig.update_xaxes(showgrid=True, gridcolor="#F3F5F7", type="date", title=None)
    if len(frame):
        first, last = frame["date_start"].min(), frame["date_end"].max()
        pad = max(pd.Timedelta(days=20), (last - first) * 0.04)
        fig.update_xaxes(range=[first - pad, last + pad])
    if options.source_line:
        fig.add_annotation(text=esc(options.source_line), xref="paper", yref="paper", x=0, y=0,
                           yshift=-75, showarrow=False, xanchor="left", font=dict(size=11, color="#7B8794"))
    if not len(frame):
        fig.add_annotation(text="No events match these filters", xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False, font=dict(size=16, color="#7B8794"))


def density_figure(counts: pd.DataFrame, total: int, threshold: int, options: TimelineOptions = TimelineOptions(),
                   actor_names: dict[str, str] | None = None) -> go.Figure:
    """Events per month and lane, for filters that match too many events to draw singly:
    a circle's area is the count, its colour the mean score."""
    names = actor_names or {}
    fig = go.Figure()
    if len(counts):
        frame = counts.copy()
        frame["label"] = frame["lane"].map(lambda l: names.get(l, l)) if options.lanes == "actor" else frame["lane"].str.title()
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
    fig.update_layout(template="plotly_white", font=FONT, height=max(380, 150 + 46 * max(1, len(counts["lane"].unique()) if len(counts) else 1)),
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
    first, last = pd.to_datetime(dated["date_start"]).min(), pd.to_datetime(dated["date_end"]).max()
    return f"{first:%b %Y} – {last:%b %Y}"


def today_label() -> str:
    return dt.date.today().strftime("%d %b %Y")
